//! A consultant's day in the window, for what a new user stumbled on: saving files
//! with no system dialog, discarding a draft, unsaved profile edits, names with
//! spaces, the walkthrough owning the keyboard, the enterprise list's clicks.

use eframe::egui;
use egui_kittest::kittest::Queryable;
use sohoa::app::state::FileGoal;
use sohoa::app::{Action, PageKind, Section};
use sohoa::enterprise::field::ProfileField;
use sohoa::workspace::Workspace;

use crate::support::{
    Window, app_on, apply, click, core, harness_stepping, open_window, press, press_then_enter,
    run_until, save_new_enterprise, set_file_path, shows_text, start_baseline, type_into,
    window_on_one_enterprise, workspace,
};

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
    let mut h = open_window(dir.path());
    let assessment = workspace(&h)
        .get(id)
        .unwrap()
        .latest_completed()
        .unwrap()
        .id;
    apply(
        &mut h,
        Action::ShowResults {
            enterprise: id,
            assessment,
        },
    );
    click(&mut h, "Xuất PDF…");
    // The form opens with a file name made of the tax code, the name and the day.
    let choice = core(&h).view.file_choice.clone().unwrap();
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
    set_file_path(&mut h, &missing.display().to_string());
    click(&mut h, "Lưu");
    assert!(shows_text(&h, "không có"));

    let target = out.path().join("tom-tat.pdf");
    set_file_path(&mut h, &target.display().to_string());
    h.get_by_label("Lưu").click();
    run_until(&mut h, |h| target.exists() && core(h).view.job.is_none());
    h.run();
    assert!(target.exists(), "the PDF is written");
    assert!(core(&h).view.file_choice.is_none(), "the form closes");
    let message = &core(&h).view.messages[0];
    assert!(message.text.contains("tom-tat.pdf"), "{}", message.text);
    assert_eq!(message.folder.as_deref(), Some(out.path()));
    assert!(h.query_by_label("Mở thư mục").is_some());
    assert_eq!(
        core(&h).prefs.last_folder.as_deref(),
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
    let mut h = open_window(dir.path());
    apply(
        &mut h,
        Action::ChooseFile {
            goal: FileGoal::ProgramReport,
            file_name: "x.pdf".into(),
        },
    );
    set_file_path(&mut h, &target.display().to_string());
    click(&mut h, "Lưu");
    assert!(shows_text(&h, "Tệp này đã có"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "cũ");
    h.get_by_label("Lưu").click();
    let is_pdf = || std::fs::read(&target).unwrap().starts_with(b"%PDF");
    run_until(&mut h, |_| is_pdf());
    assert!(is_pdf());
}

#[test]
fn bundles_to_import_are_typed_one_per_line_and_a_missing_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    demo_folder(dir.path(), 2);
    let mut h = open_window(dir.path());
    click(&mut h, "Doanh nghiệp");
    click(&mut h, "Nhập gói dữ liệu…");
    assert!(
        h.query_by_label("Đường dẫn tệp .sohoa (mỗi dòng một tệp):")
            .is_some()
    );
    set_file_path(&mut h, "/khong/co/goi.sohoa");
    click(&mut h, "Mở");
    assert!(shows_text(&h, "Không thấy /khong/co/goi.sohoa"));
    click(&mut h, "Hủy");
    assert!(core(&h).view.file_choice.is_none());
}

#[test]
fn discarding_a_draft_asks_first_and_says_what_would_be_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, id) = window_on_one_enterprise(dir.path(), "Cơ sở Bánh tráng Mỹ Lồng");
    start_baseline(&mut h, id);
    press_then_enter(&mut h, egui::Key::Num2, 2);
    h.get_by_label_contains("Đánh giá dở").click();
    h.run();
    click(&mut h, "Bỏ bản nháp…");
    assert!(shows_text(&h, "2 câu đã trả lời và 0 ghi chú sẽ mất"));
    click(&mut h, "Giữ lại bản nháp");
    let draft = |h: &Window| {
        workspace(h)
            .get(id)
            .unwrap()
            .assessments
            .iter()
            .any(|a| !a.is_completed())
    };
    assert!(draft(&h), "kept");
    click(&mut h, "Bỏ bản nháp…");
    click(&mut h, "Bỏ bản nháp này");
    assert!(!draft(&h), "discarded after the second, informed yes");
}

#[test]
fn the_consultant_name_is_typed_with_its_spaces_in_settings() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = window_on_one_enterprise(dir.path(), "Cơ sở Kẹo dừa Thanh Long");
    click(&mut h, "Cài đặt");
    type_into(&mut h, "Tên tư vấn viên (ghi vào đánh giá)", "Le Van A");
    h.run();
    assert_eq!(core(&h).prefs.consultant, "Le Van A");
    assert_eq!(core(&h).workspace.actor(), "Le Van A");
}

/// A window on a folder with one enterprise, its walkthrough open on question 1.
fn walking(dir: &std::path::Path) -> (Window, ulid::Ulid) {
    let (mut h, id) = window_on_one_enterprise(dir, "Cơ sở Chiếu cói Định Thủy");
    start_baseline(&mut h, id);
    (h, id)
}

/// Where the walkthrough stands: the position of the question shown.
fn position(h: &Window) -> usize {
    core(h).view.walk().unwrap().position
}

#[test]
fn tab_and_enter_in_the_walkthrough_go_on_and_never_press_the_language_button() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = walking(dir.path());
    press_then_enter(&mut h, egui::Key::Tab, 3);
    let state = core(&h);
    assert_eq!(state.prefs.lang, sohoa::text::Lang::Vi, "still Vietnamese");
    assert_eq!(state.view.page.kind(), PageKind::Walkthrough);
    assert!(position(&h) >= 2, "moved on, at {}", position(&h));
}

#[test]
fn after_clicking_the_language_button_twice_the_digits_still_answer() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, id) = walking(dir.path());
    click(&mut h, "English");
    click(&mut h, "Tiếng Việt");
    press(&mut h, egui::Key::Num3);
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
    press(&mut h, egui::Key::N);
    assert!(shows_text(&h, "không có lựa chọn “không áp dụng”"));
    assert!(
        workspace(&h).get(id).unwrap().assessments[0]
            .answers
            .is_empty()
    );
    press(&mut h, egui::Key::Num1);
    assert!(!shows_text(&h, "không có lựa chọn “không áp dụng”"));
}

#[test]
fn one_click_selects_a_row_so_enter_opens_it_and_a_double_click_opens_it_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let first = save_new_enterprise(dir.path(), "An Khang Thủy sản", None);
    let second = save_new_enterprise(dir.path(), "Bảo Ngọc Cơ khí", None);
    // Frames 50 ms apart, so that two clicks can fall within a double-click.
    let mut h = harness_stepping(app_on(dir.path()), 0.05);
    h.run();
    click(&mut h, "Doanh nghiệp");
    click(&mut h, "Bảo Ngọc Cơ khí");
    assert_eq!(core(&h).view.list.selected, Some(second));
    press(&mut h, egui::Key::Enter);
    let state = core(&h);
    assert_eq!(state.view.page.kind(), PageKind::Profile);
    assert_eq!(
        state.view.profile().unwrap().id,
        Some(second),
        "the row clicked, not the first"
    );

    click(&mut h, "Doanh nghiệp");
    h.get_by_label("An Khang Thủy sản").click();
    h.step();
    click(&mut h, "An Khang Thủy sản");
    let state = core(&h);
    assert_eq!(state.view.page.kind(), PageKind::Profile);
    assert_eq!(state.view.profile().unwrap().id, Some(first));
}

#[test]
fn leaving_a_profile_with_unsaved_changes_asks_and_can_save_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, id) = window_on_one_enterprise(dir.path(), "Cơ sở Kẹo dừa Bến Tre");
    apply(&mut h, Action::OpenEnterprise(id));
    type_into(&mut h, "Điện thoại", "0913123456");
    h.run();
    click(&mut h, "Tổng quan");
    assert!(shows_text(&h, "có thay đổi chưa lưu"));
    assert_eq!(core(&h).view.page.kind(), PageKind::Profile, "not gone yet");
    click(&mut h, "Lưu rồi đi tiếp");
    assert_eq!(core(&h).view.page.kind(), PageKind::Dashboard);
    assert_eq!(workspace(&h).get(id).unwrap().contact.phone, "0913123456");
}

#[test]
fn a_half_filled_new_enterprise_is_dropped_only_when_the_person_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = window_on_one_enterprise(dir.path(), "Cơ sở có sẵn");
    click(&mut h, "+ Thêm doanh nghiệp");
    type_into(&mut h, "Tên doanh nghiệp *", "HTX Dừa sáp Cầu Kè");
    h.run();
    click(&mut h, "Doanh nghiệp");
    click(&mut h, "Ở lại");
    let state = core(&h);
    assert_eq!(state.view.page.kind(), PageKind::Profile);
    assert_eq!(
        state.view.profile().unwrap()[ProfileField::Name],
        "HTX Dừa sáp Cầu Kè",
        "kept as typed"
    );
    click(&mut h, "Doanh nghiệp");
    click(&mut h, "Bỏ thay đổi");
    assert_eq!(core(&h).view.page.kind(), PageKind::Enterprises);
    assert_eq!(workspace(&h).enterprises().len(), 1);
}

#[test]
fn the_list_is_walked_with_the_arrow_keys_and_enter_opens_the_row_reached() {
    let dir = tempfile::tempdir().unwrap();
    save_new_enterprise(dir.path(), "An Khang Thủy sản", None);
    let second = save_new_enterprise(dir.path(), "Bảo Ngọc Cơ khí", None);
    save_new_enterprise(dir.path(), "Cửu Long Logistics", None);
    let mut h = open_window(dir.path());
    click(&mut h, "Doanh nghiệp");
    for key in [
        egui::Key::ArrowDown,
        egui::Key::ArrowDown,
        egui::Key::ArrowDown,
        egui::Key::ArrowUp,
    ] {
        press(&mut h, key);
    }
    assert_eq!(core(&h).view.list.selected, Some(second));
    press(&mut h, egui::Key::Enter);
    assert_eq!(core(&h).view.profile().unwrap().id, Some(second));
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
    let mut h = open_window(dir.path());
    apply(&mut h, Action::OpenEnterprise(id));
    let hints = h
        .query_all_by_label_contains("Huyện Ba Tri không còn; địa bàn cũ nay thuộc các đơn vị")
        .count();
    assert_eq!(hints, 1);
    assert!(shows_text(&h, "Xã Tân Thủy"));
}

#[test]
fn the_self_assessment_form_is_saved_from_a_profile_filled_in_and_from_the_dashboard_blank() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let id = save_new_enterprise(dir.path(), "Cơ sở Kẹo dừa Thanh Long", Some("0100109106"));
    let mut h = open_window(dir.path());
    apply(&mut h, Action::OpenEnterprise(id));
    click(&mut h, "Phiếu tự đánh giá…");
    let for_one = out.path().join("phieu-thanh-long.html");
    set_file_path(&mut h, &for_one.display().to_string());
    click(&mut h, "Lưu");
    let page = std::fs::read_to_string(&for_one).unwrap();
    assert!(page.contains(r#""name":"Cơ sở Kẹo dừa Thanh Long","tax_code":"0100109106""#));
    assert!(shows_text(&h, "Đã lưu phiếu tự đánh giá"));
    apply(&mut h, Action::Navigate(Section::Dashboard));
    click(&mut h, "Phiếu tự đánh giá…");
    let blank = out.path().join("phieu-trang.html");
    set_file_path(&mut h, &blank.display().to_string());
    click(&mut h, "Lưu");
    let page = std::fs::read_to_string(&blank).unwrap();
    assert!(page.contains(r#""enterprise":null"#));
    assert!(page.contains("Content-Security-Policy"));
}
