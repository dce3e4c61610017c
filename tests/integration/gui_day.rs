//! A consultant's day in the window, for what a new user stumbled on: saving files
//! with no system dialog, discarding a draft, unsaved profile edits, names with
//! spaces, the walkthrough owning the keyboard, the enterprise list's clicks.

use std::time::Duration;

use eframe::egui;
use egui_kittest::kittest::Queryable;
use sohoa::app::Action;
use sohoa::app::state::FileGoal;
use sohoa::workspace::Workspace;

use crate::gui::{app_on, harness, workspace};

/// A folder with `count` demo enterprises; returns one with a completed assessment.
fn demo_folder(dir: &std::path::Path, count: usize) -> ulid::Ulid {
    let mut ws = Workspace::open(dir).unwrap();
    let q = ws.program_questionnaire().unwrap().clone();
    let demo = sohoa::demo::generate(&ws.program, &q, count, 7, &Default::default());
    ws.add_many(demo).unwrap();
    ws.enterprises()
        .iter()
        .find(|e| e.latest_completed().is_some())
        .unwrap()
        .id
}

#[test]
fn a_pdf_is_saved_through_the_window_s_own_form_and_the_message_offers_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let id = demo_folder(dir.path(), 5);
    let mut h = harness(app_on(dir.path()));
    h.run();
    let assessment = workspace(&h)
        .get(id)
        .unwrap()
        .latest_completed()
        .unwrap()
        .id;
    let _ = h.state_mut().core_mut().unwrap().apply(
        Action::ShowResults {
            enterprise: id,
            assessment,
        },
        jiff::Timestamp::now(),
    );
    h.run();
    h.get_by_label("Xuất PDF…").click();
    h.run();
    // The form opens with a file name made of the tax code, the name and the day.
    let choice = h.state().core().unwrap().view.file_choice.clone().unwrap();
    assert_eq!(choice.goal, FileGoal::EnterprisePdf(id));
    let tax_code = workspace(&h).get(id).unwrap().tax_code.clone().unwrap();
    assert!(
        choice.path.contains(&tax_code) && choice.path.ends_with(".pdf"),
        "{}",
        choice.path
    );
    assert!(h.query_by_label("Lưu vào:").is_some());

    // A folder that does not exist is named, and nothing is written.
    let missing = out.path().join("khong-co").join("a.pdf");
    h.state_mut()
        .core_mut()
        .unwrap()
        .view
        .file_choice
        .as_mut()
        .unwrap()
        .path = missing.display().to_string();
    h.get_by_label("Lưu").click();
    h.run();
    assert!(h.query_by_label_contains("không có").is_some());

    let target = out.path().join("tom-tat.pdf");
    h.state_mut()
        .core_mut()
        .unwrap()
        .view
        .file_choice
        .as_mut()
        .unwrap()
        .path = target.display().to_string();
    h.get_by_label("Lưu").click();
    for _ in 0..300 {
        h.run();
        if target.exists() && h.state().core().unwrap().view.job.is_none() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run();
    assert!(target.exists(), "the PDF is written");
    assert!(
        h.state().core().unwrap().view.file_choice.is_none(),
        "the form closes"
    );
    let message = &h.state().core().unwrap().view.messages[0];
    assert!(message.text.contains("tom-tat.pdf"), "{}", message.text);
    assert_eq!(message.folder.as_deref(), Some(out.path()));
    assert!(h.query_by_label("Mở thư mục").is_some());
    assert_eq!(
        h.state().core().unwrap().prefs.last_folder.as_deref(),
        Some(out.path()),
        "the next file is offered in the same folder"
    );
}

#[test]
fn an_existing_file_is_replaced_only_after_a_second_press() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    demo_folder(dir.path(), 3);
    let target = out.path().join("bao-cao.pdf");
    std::fs::write(&target, "cũ").unwrap();
    let mut h = harness(app_on(dir.path()));
    h.run();
    let _ = h.state_mut().core_mut().unwrap().apply(
        Action::ChooseFile {
            goal: FileGoal::ProgramReport,
            file_name: "x.pdf".into(),
        },
        jiff::Timestamp::now(),
    );
    h.run();
    h.state_mut()
        .core_mut()
        .unwrap()
        .view
        .file_choice
        .as_mut()
        .unwrap()
        .path = target.display().to_string();
    h.get_by_label("Lưu").click();
    h.run();
    assert!(h.query_by_label_contains("Tệp này đã có").is_some());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "cũ");
    h.get_by_label("Lưu").click();
    for _ in 0..300 {
        h.run();
        if std::fs::read(&target).unwrap().starts_with(b"%PDF") {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(std::fs::read(&target).unwrap().starts_with(b"%PDF"));
}

#[test]
fn bundles_to_import_are_typed_one_per_line_and_a_missing_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    demo_folder(dir.path(), 2);
    let mut h = harness(app_on(dir.path()));
    h.run();
    h.get_by_label("Doanh nghiệp").click();
    h.run();
    h.get_by_label("Nhập gói dữ liệu…").click();
    h.run();
    assert!(
        h.query_by_label("Đường dẫn tệp .sohoa (mỗi dòng một tệp):")
            .is_some()
    );
    h.state_mut()
        .core_mut()
        .unwrap()
        .view
        .file_choice
        .as_mut()
        .unwrap()
        .path = "/khong/co/goi.sohoa".into();
    h.get_by_label("Mở").click();
    h.run();
    assert!(
        h.query_by_label_contains("Không thấy /khong/co/goi.sohoa")
            .is_some()
    );
    h.get_by_label("Hủy").click();
    h.run();
    assert!(h.state().core().unwrap().view.file_choice.is_none());
}

#[test]
fn discarding_a_draft_asks_first_and_says_what_would_be_lost() {
    let dir = tempfile::tempdir().unwrap();
    let id = crate::gui::add(dir.path(), "Cơ sở Bánh tráng Mỹ Lồng", None);
    let mut h = harness(app_on(dir.path()));
    h.run();
    let _ = h.state_mut().core_mut().unwrap().apply(
        Action::StartAssessment {
            enterprise: id,
            stage: sohoa::enterprise::Stage::Baseline,
        },
        jiff::Timestamp::now(),
    );
    h.run();
    for _ in 0..2 {
        h.key_press(egui::Key::Num2);
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
    }
    h.get_by_label_contains("Đánh giá dở").click();
    h.run();
    h.get_by_label("Bỏ bản nháp…").click();
    h.run();
    assert!(
        h.query_by_label_contains("2 câu đã trả lời và 0 ghi chú sẽ mất")
            .is_some()
    );
    h.get_by_label("Giữ lại bản nháp").click();
    h.run();
    let draft = |h: &egui_kittest::Harness<'_, sohoa::app::SohoaApp>| {
        workspace(h)
            .get(id)
            .unwrap()
            .assessments
            .iter()
            .any(|a| !a.is_completed())
    };
    assert!(draft(&h), "kept");
    h.get_by_label("Bỏ bản nháp…").click();
    h.run();
    h.get_by_label("Bỏ bản nháp này").click();
    h.run();
    assert!(!draft(&h), "discarded after the second, informed yes");
}

#[test]
fn the_consultant_name_is_typed_with_its_spaces_in_settings() {
    let dir = tempfile::tempdir().unwrap();
    crate::gui::add(dir.path(), "Cơ sở Kẹo dừa Thanh Long", None);
    let mut h = harness(app_on(dir.path()));
    h.run();
    h.get_by_label("Cài đặt").click();
    h.run();
    h.get_by_label("Tên tư vấn viên (ghi vào đánh giá)").focus();
    h.get_by_label("Tên tư vấn viên (ghi vào đánh giá)")
        .type_text("Le Van A");
    h.run();
    assert_eq!(h.state().core().unwrap().prefs.consultant, "Le Van A");
    assert_eq!(h.state().core().unwrap().workspace.actor(), "Le Van A");
}

/// A harness on a folder with one enterprise, its walkthrough open on question 1.
fn walking(
    dir: &std::path::Path,
) -> (
    egui_kittest::Harness<'static, sohoa::app::SohoaApp>,
    ulid::Ulid,
) {
    let id = crate::gui::add(dir, "Cơ sở Chiếu cói Định Thủy", None);
    let mut h = harness(app_on(dir));
    h.run();
    let _ = h.state_mut().core_mut().unwrap().apply(
        Action::StartAssessment {
            enterprise: id,
            stage: sohoa::enterprise::Stage::Baseline,
        },
        jiff::Timestamp::now(),
    );
    h.run();
    (h, id)
}

fn position(h: &egui_kittest::Harness<'_, sohoa::app::SohoaApp>) -> usize {
    h.state()
        .core()
        .unwrap()
        .view
        .walk
        .as_ref()
        .unwrap()
        .position
}

#[test]
fn tab_and_enter_in_the_walkthrough_go_on_and_never_press_the_language_button() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = walking(dir.path());
    for _ in 0..3 {
        h.key_press(egui::Key::Tab);
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
    }
    let core = h.state().core().unwrap();
    assert_eq!(core.prefs.lang, sohoa::text::Lang::Vi, "still Vietnamese");
    assert_eq!(core.view.page, sohoa::app::Page::Walkthrough);
    assert!(position(&h) >= 2, "moved on, at {}", position(&h));
}

#[test]
fn after_clicking_the_language_button_twice_the_digits_still_answer() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, id) = walking(dir.path());
    h.get_by_label("English").click();
    h.run();
    h.get_by_label("Tiếng Việt").click();
    h.run();
    h.key_press(egui::Key::Num3);
    h.run();
    let answers = &workspace(&h).get(id).unwrap().assessments[0].answers;
    assert_eq!(
        answers.get("customer.website_updates"),
        Some(&sohoa::questionnaire::Answer::Choice("quarterly".into()))
    );
}

#[test]
fn n_on_a_question_without_not_applicable_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, id) = walking(dir.path());
    h.key_press(egui::Key::N);
    h.run();
    assert!(
        h.query_by_label_contains("không có lựa chọn “không áp dụng”")
            .is_some()
    );
    assert!(
        workspace(&h).get(id).unwrap().assessments[0]
            .answers
            .is_empty()
    );
    h.key_press(egui::Key::Num1);
    h.run();
    assert!(
        h.query_by_label_contains("không có lựa chọn “không áp dụng”")
            .is_none()
    );
}

#[test]
fn one_click_selects_a_row_so_enter_opens_it_and_a_double_click_opens_it_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let first = crate::gui::add(dir.path(), "An Khang Thủy sản", None);
    let second = crate::gui::add(dir.path(), "Bảo Ngọc Cơ khí", None);
    // Frames 50 ms apart, so that two clicks can fall within a double-click.
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .with_step_dt(0.05)
        .build_ui_state(
            |ui, app: &mut sohoa::app::SohoaApp| app.show(ui),
            app_on(dir.path()),
        );
    h.run();
    h.get_by_label("Doanh nghiệp").click();
    h.run();
    h.get_by_label("Bảo Ngọc Cơ khí").click();
    h.run();
    assert_eq!(h.state().core().unwrap().view.list.selected, Some(second));
    h.key_press(egui::Key::Enter);
    h.run();
    let core = h.state().core().unwrap();
    assert_eq!(core.view.page, sohoa::app::Page::Profile);
    assert_eq!(
        core.view.profile.as_ref().unwrap().id,
        Some(second),
        "the row clicked, not the first"
    );

    h.get_by_label("Doanh nghiệp").click();
    h.run();
    h.get_by_label("An Khang Thủy sản").click();
    h.step();
    h.get_by_label("An Khang Thủy sản").click();
    h.run();
    let core = h.state().core().unwrap();
    assert_eq!(core.view.page, sohoa::app::Page::Profile);
    assert_eq!(core.view.profile.as_ref().unwrap().id, Some(first));
}

#[test]
fn leaving_a_profile_with_unsaved_changes_asks_and_can_save_them() {
    let dir = tempfile::tempdir().unwrap();
    let id = crate::gui::add(dir.path(), "Cơ sở Kẹo dừa Bến Tre", None);
    let mut h = harness(app_on(dir.path()));
    h.run();
    let _ = h
        .state_mut()
        .core_mut()
        .unwrap()
        .apply(Action::OpenEnterprise(id), jiff::Timestamp::now());
    h.run();
    h.get_by_label("Điện thoại").focus();
    h.get_by_label("Điện thoại").type_text("0913123456");
    h.run();
    h.get_by_label("Tổng quan").click();
    h.run();
    assert!(h.query_by_label_contains("có thay đổi chưa lưu").is_some());
    assert_eq!(
        h.state().core().unwrap().view.page,
        sohoa::app::Page::Profile,
        "not gone yet"
    );
    h.get_by_label("Lưu rồi đi tiếp").click();
    h.run();
    assert_eq!(
        h.state().core().unwrap().view.page,
        sohoa::app::Page::Dashboard
    );
    assert_eq!(workspace(&h).get(id).unwrap().contact.phone, "0913123456");
}

#[test]
fn a_half_filled_new_enterprise_is_dropped_only_when_the_person_says_so() {
    let dir = tempfile::tempdir().unwrap();
    crate::gui::add(dir.path(), "Cơ sở có sẵn", None);
    let mut h = harness(app_on(dir.path()));
    h.run();
    h.get_by_label("+ Thêm doanh nghiệp").click();
    h.run();
    h.get_by_label("Tên doanh nghiệp *").focus();
    h.get_by_label("Tên doanh nghiệp *")
        .type_text("HTX Dừa sáp Cầu Kè");
    h.run();
    h.get_by_label("Doanh nghiệp").click();
    h.run();
    h.get_by_label("Ở lại").click();
    h.run();
    let core = h.state().core().unwrap();
    assert_eq!(core.view.page, sohoa::app::Page::Profile);
    assert_eq!(
        core.view.profile.as_ref().unwrap().name,
        "HTX Dừa sáp Cầu Kè",
        "kept as typed"
    );
    h.get_by_label("Doanh nghiệp").click();
    h.run();
    h.get_by_label("Bỏ thay đổi").click();
    h.run();
    assert_eq!(
        h.state().core().unwrap().view.page,
        sohoa::app::Page::Enterprises
    );
    assert_eq!(workspace(&h).enterprises().len(), 1);
}

#[test]
fn the_list_is_walked_with_the_arrow_keys_and_enter_opens_the_row_reached() {
    let dir = tempfile::tempdir().unwrap();
    crate::gui::add(dir.path(), "An Khang Thủy sản", None);
    let second = crate::gui::add(dir.path(), "Bảo Ngọc Cơ khí", None);
    crate::gui::add(dir.path(), "Cửu Long Logistics", None);
    let mut h = harness(app_on(dir.path()));
    h.run();
    h.get_by_label("Doanh nghiệp").click();
    h.run();
    for key in [
        egui::Key::ArrowDown,
        egui::Key::ArrowDown,
        egui::Key::ArrowDown,
        egui::Key::ArrowUp,
    ] {
        h.key_press(key);
        h.run();
    }
    assert_eq!(h.state().core().unwrap().view.list.selected, Some(second));
    h.key_press(egui::Key::Enter);
    h.run();
    let core = h.state().core().unwrap();
    assert_eq!(core.view.profile.as_ref().unwrap().id, Some(second));
}

#[test]
fn a_profile_under_a_split_former_district_names_the_new_units_once() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let mut ws = Workspace::open(dir.path()).unwrap();
        let mut e =
            sohoa::enterprise::Enterprise::new("Cơ sở Bánh phồng Ba Tri", jiff::Timestamp::now());
        e.admin_unit = Some("ba-tri".into());
        e.address = "Huyện Ba Tri".into();
        ws.save(e).unwrap()
    };
    let mut h = harness(app_on(dir.path()));
    h.run();
    let _ = h
        .state_mut()
        .core_mut()
        .unwrap()
        .apply(Action::OpenEnterprise(id), jiff::Timestamp::now());
    h.run();
    let hints = h
        .query_all_by_label_contains("Huyện Ba Tri không còn; đã nhập vào một trong")
        .count();
    assert_eq!(hints, 1);
    assert!(h.query_by_label_contains("Xã Tân Thủy").is_some());
}
