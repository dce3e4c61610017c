//! The desktop app driven as a person drives it: clicking labels, typing, pressing
//! keys, with egui_kittest (no window, no GPU). A glyph missing from the embedded
//! font would panic here, so these tests also prove the font covers every string shown.

use std::path::Path;

use eframe::egui;
use egui_kittest::kittest::Queryable;
use sohoa::app::{Action, ExchangeAction, PageKind, Section};
use sohoa::enterprise::field::ProfileField;
use sohoa::enterprise::{Mode, Stage};
use sohoa::exchange::bundle::{BundleKind, read_bundle, write_bundle};
use sohoa::questionnaire::QuestionKind;
use sohoa::text::Lang;
use sohoa::workspace::Workspace;

use crate::support::{
    app_on, apply, click, complete_dbi_assessment, core, core_mut, digit_key, harness, open_window,
    press, press_then_enter, run_until, save_new_enterprise, shows_text, start_baseline, type_into,
    window_on_one_enterprise, workspace,
};

#[test]
fn an_enterprise_is_created_from_the_form_and_a_duplicate_tax_code_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    save_new_enterprise(
        dir.path(),
        "Công ty TNHH Kẹo dừa Thanh Long",
        Some("0100109106"),
    );
    let mut h = open_window(dir.path());
    click(&mut h, "+ Thêm doanh nghiệp");
    type_into(
        &mut h,
        "Tên doanh nghiệp *",
        "Hợp tác xã Bưởi da xanh Chợ Lách",
    );
    type_into(&mut h, "Mã số thuế", "1300123452");
    h.run();
    click(&mut h, "Lưu hồ sơ");
    assert_eq!(workspace(&h).enterprises().len(), 2);
    let saved = workspace(&h)
        .find("1300123452")
        .expect("saved with its tax code");
    assert_eq!(saved.name, "Hợp tác xã Bưởi da xanh Chợ Lách");

    click(&mut h, "+ Thêm doanh nghiệp");
    type_into(&mut h, "Tên doanh nghiệp *", "Kẹo dừa (nhập lại)");
    type_into(&mut h, "Mã số thuế", "0100109106");
    h.run();
    assert!(shows_text(
        &h,
        "Mã số thuế này đã thuộc về “Công ty TNHH Kẹo dừa Thanh Long”"
    ));
    click(&mut h, "Lưu hồ sơ");
    assert_eq!(
        workspace(&h).enterprises().len(),
        2,
        "the duplicate was not saved"
    );
    click(&mut h, "Mở hồ sơ đó");
    // The refused form is still unsaved: leaving it asks first.
    click(&mut h, "Bỏ thay đổi");
    assert_eq!(
        core(&h).view.profile().unwrap()[ProfileField::Name],
        "Công ty TNHH Kẹo dừa Thanh Long"
    );
}

#[test]
fn a_whole_dbi_assessment_is_walked_with_the_keyboard_and_scores_level_five() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, id) = window_on_one_enterprise(dir.path(), "Công ty Cổ phần Thủy sản Bình Đại");
    core_mut(&mut h).view.list.selected = Some(id);
    click(&mut h, "Doanh nghiệp");
    click(&mut h, "Công ty Cổ phần Thủy sản Bình Đại");
    press(&mut h, egui::Key::Enter);
    click(&mut h, "Bắt đầu đánh giá đầu kỳ (T0)");
    let q = workspace(&h)
        .questionnaires
        .latest("dbi-2021-sme")
        .unwrap()
        .clone();
    for (_, question) in q.questions() {
        let walk = core(&h).view.walk().unwrap();
        assert_eq!(
            q.question_by_position(walk.position).unwrap().id,
            question.id,
            "walked in order"
        );
        match &question.kind {
            QuestionKind::Number { .. }
            | QuestionKind::Percent { .. }
            | QuestionKind::Figure { .. } => {
                // The figure box has the keyboard: type the best figure, then Enter.
                let best = if matches!(question.kind, QuestionKind::Percent { .. }) {
                    "100"
                } else {
                    "200"
                };
                h.event(egui::Event::Text(best.into()));
                h.run();
                h.key_press(egui::Key::Enter);
            }
            QuestionKind::Ratio { whole, .. } => {
                // The part box has the keyboard; Enter goes on to the total when the
                // criterion asks its own, and then to the next question.
                h.event(egui::Event::Text("200".into()));
                h.run();
                if matches!(whole, sohoa::questionnaire::Whole::Asked(_)) {
                    press(&mut h, egui::Key::Enter);
                    h.event(egui::Event::Text("200".into()));
                    h.run();
                }
                h.key_press(egui::Key::Enter);
            }
            _ => {
                // The gate's "Không" is key 0; the levels follow.
                let options = question.option_points();
                let best = options
                    .iter()
                    .enumerate()
                    .max_by_key(|(_, (_, p))| *p)
                    .unwrap()
                    .0;
                press(&mut h, digit_key(best));
                h.key_press(egui::Key::Enter);
            }
        }
        h.run();
    }
    assert!(
        core(&h).view.walk().unwrap().review,
        "after the last question comes the review"
    );
    click(&mut h, "Hoàn thành đánh giá");
    let state = core(&h);
    assert_eq!(state.view.page.kind(), PageKind::Results);
    let latest = state.workspace.summary(id).unwrap().latest.clone().unwrap();
    assert_eq!((latest.total, latest.level), (320, 5));
    assert!(h.query_by_label("Mức 5 – Dẫn dắt").is_some());
}

#[test]
fn a_draft_is_resumed_after_the_app_is_dropped_and_opened_again() {
    let dir = tempfile::tempdir().unwrap();
    let id = save_new_enterprise(dir.path(), "Doanh nghiệp tư nhân Cơ khí Hưng Phát", None);
    {
        let mut h = open_window(dir.path());
        start_baseline(&mut h, id);
        // Two graded answers by key, then the two figures of a ratio typed into
        // their boxes (Enter goes from the first box to the second).
        press_then_enter(&mut h, egui::Key::Num3, 2);
        h.event(egui::Event::Text("15".into()));
        h.run();
        press(&mut h, egui::Key::Enter);
        h.event(egui::Event::Text("60".into()));
        h.run();
    }
    let mut h = open_window(dir.path());
    assert_eq!(
        core(&h).view.page.kind(),
        PageKind::Drafts,
        "drafts are offered first"
    );
    click(&mut h, "Tiếp tục");
    let state = core(&h);
    let walk = state.view.walk().unwrap();
    assert_eq!(walk.position, 3, "resumes at the first unanswered question");
    assert_eq!(state.current_assessment().unwrap().answers.len(), 3);
    assert_eq!(
        state.current_assessment().unwrap().mode,
        Mode::ConsultantLed
    );
}

#[test]
fn typing_ben_tre_finds_bến_tre_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    save_new_enterprise(dir.path(), "Công ty TNHH Dừa Bến Tre", None);
    save_new_enterprise(dir.path(), "Hợp tác xã Bưởi Chợ Lách", None);
    let mut h = open_window(dir.path());
    click(&mut h, "Doanh nghiệp");
    type_into(&mut h, "Tìm:", "ben tre");
    h.run();
    assert_eq!(core(&h).view.list.rows.len(), 1);
    assert!(h.query_by_label("Công ty TNHH Dừa Bến Tre").is_some());
    assert!(h.query_by_label("Hợp tác xã Bưởi Chợ Lách").is_none());
}

#[test]
fn the_dashboard_count_rises_by_one_when_an_enterprise_becomes_supported() {
    let dir = tempfile::tempdir().unwrap();
    let id = save_new_enterprise(dir.path(), "Công ty TNHH Du lịch sinh thái Cồn Phụng", None);
    {
        let mut ws = Workspace::open(dir.path()).unwrap();
        complete_dbi_assessment(&mut ws, id, Stage::Baseline, "", &[]);
        // The 2021–2025 preset has ended: support given today counts in a new period.
        let today = sohoa::text::local_date(jiff::Timestamp::now());
        let next = sohoa::program::periods::NewPeriod {
            name: sohoa::text::Text::new("Giai đoạn tiếp theo", "Next period"),
            start: today.saturating_sub(jiff::Span::new().days(30)),
            end: today.saturating_add(jiff::Span::new().years(4)),
            target: 1000,
        };
        let settings = ws.program.clone();
        ws.continue_program(next, settings, today).unwrap();
    }
    let mut h = open_window(dir.path());
    assert!(shows_text(&h, "0 / 1.000 doanh nghiệp đã được hỗ trợ"));
    core_mut(&mut h).view.list.selected = Some(id);
    apply(&mut h, Action::OpenEnterprise(id));
    click(&mut h, "+ Thêm hoạt động hỗ trợ");
    click(&mut h, "Lưu hoạt động");
    click(&mut h, "Tổng quan");
    assert!(shows_text(&h, "1 / 1.000 doanh nghiệp đã được hỗ trợ"));
}

#[test]
fn switching_to_english_translates_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = window_on_one_enterprise(dir.path(), "Công ty TNHH In ấn Sao Mai");
    assert!(h.query_by_label("Tổng quan").is_some());
    click(&mut h, "English");
    assert_eq!(core(&h).prefs.lang, Lang::En);
    for label in ["Dashboard", "Enterprises", "Settings", "Tiếng Việt"] {
        assert!(h.query_by_label(label).is_some(), "{label}");
    }
    assert!(h.query_by_label("Tổng quan").is_none());
}

#[test]
fn every_screen_draws_with_demo_data_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::demo_folder(dir.path(), 300);
    let mut h = harness(app_on(dir.path()));
    for lang in [Lang::Vi, Lang::En] {
        core_mut(&mut h).prefs.lang = lang;
        let (e, a) = {
            let ws = workspace(&h);
            let e = ws
                .enterprises()
                .iter()
                .find(|e| e.assessments.len() > 1)
                .unwrap();
            (e.id, e.assessments[1].id)
        };
        let pages = [
            Action::Navigate(Section::Dashboard),
            Action::Navigate(Section::Enterprises),
            Action::OpenEnterprise(e),
            Action::ShowResults {
                enterprise: e,
                assessment: a,
            },
            Action::Navigate(Section::Drafts),
            Action::Navigate(Section::Settings),
            Action::EditProgram,
        ];
        for action in pages {
            apply(&mut h, action);
        }
        assert!(
            core(&h).view.messages.is_empty(),
            "{:?}",
            core(&h).view.messages
        );
    }
}

#[test]
fn the_list_narrows_as_letters_are_typed_and_widens_when_they_are_deleted() {
    let dir = tempfile::tempdir().unwrap();
    save_new_enterprise(dir.path(), "Công ty TNHH Dừa Bến Tre", None);
    save_new_enterprise(dir.path(), "Công ty TNHH Bến Lức", None);
    save_new_enterprise(dir.path(), "Hợp tác xã Bưởi Chợ Lách", None);
    let mut app = app_on(dir.path());
    let core = app.core_mut().unwrap();
    let mut rows = |query: &str| {
        core.view.list.query = query.to_owned();
        core.view.list.refresh(&core.workspace);
        core.view.list.rows.len()
    };
    assert_eq!(rows("ben"), 2);
    assert_eq!(rows("ben t"), 1, "narrowed from the two shown");
    assert_eq!(rows("ben tre"), 1);
    assert_eq!(rows("ben"), 2, "deleting letters looks at everything again");
    assert_eq!(rows(""), 3);
    assert_eq!(rows("CHỢ LÁCH"), 1);
}

#[test]
fn an_enterprise_assesses_itself_and_saves_one_file_without_seeing_anyone_else() {
    let dir = tempfile::tempdir().unwrap();
    let folder = sohoa::store::DataFolder::open(dir.path()).unwrap();
    folder.mark_self_assessment().unwrap();
    let mut h = open_window(dir.path());
    assert!(h.query_by_label("1. Thông tin doanh nghiệp").is_some());
    assert!(h.query_by_label("Tổng quan").is_none(), "no dashboard");
    assert!(
        h.query_by_label("Doanh nghiệp").is_none(),
        "no list of enterprises"
    );
    type_into(
        &mut h,
        "Tên doanh nghiệp *",
        "Công ty TNHH Thạch dừa Cồn Phụng",
    );
    h.run();
    click(&mut h, "Lưu hồ sơ");
    click(&mut h, "Bắt đầu đánh giá đầu kỳ (T0)");
    assert_eq!(core(&h).view.page.kind(), PageKind::Walkthrough);
    // The first two questions are graded choices (the third asks for a percentage).
    press_then_enter(&mut h, egui::Key::Num2, 2);
    apply(&mut h, Action::CompleteAssessment);
    assert_eq!(core(&h).view.page.kind(), PageKind::Results);
    let file = dir.path().join("gui-tu-danh-gia.sohoa");
    apply(
        &mut h,
        Action::Exchange(ExchangeAction::SendSelfAssessment { path: file.clone() }),
    );
    let sent = read_bundle(&file).unwrap().bundle;
    assert_eq!(sent.kind, BundleKind::SelfAssessment);
    assert_eq!(sent.enterprises.len(), 1);
    let assessment = &sent.enterprises[0].assessments[0];
    assert_eq!(assessment.mode, Mode::SelfAssessment);
    assert!(assessment.is_completed());
    assert_eq!(assessment.answers.len(), 2);
}

/// Writes a transfer bundle of enterprise `id` in `dir` to `path`, sent by `by` from `machine`.
fn write_transfer_bundle(dir: &Path, id: ulid::Ulid, by: &str, machine: &str, path: &Path) {
    let ws = Workspace::open(dir).unwrap();
    let now = jiff::Timestamp::now();
    let bundle = ws
        .export_bundle(&[id], BundleKind::Transfer, by, machine, now)
        .map(|(bundle, _)| bundle)
        .unwrap();
    write_bundle(path, &bundle).unwrap();
}

#[test]
fn an_import_is_previewed_then_confirmed_and_a_conflict_is_resolved_by_clicking_a_value() {
    let (office_parent, laptop) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // Nested, so the backup taken before the import lands inside the temporary folder.
    let office = tempfile::tempdir_in(office_parent.path()).unwrap();
    let id = save_new_enterprise(office.path(), "Công ty TNHH Dừa Xanh", Some("1300123452"));
    // Contacts travel in bundles only with consent.
    let now = jiff::Timestamp::now();
    Workspace::open(office.path())
        .unwrap()
        .record_consent(id, true, sohoa::text::local_date(now), now)
        .unwrap();
    let start = office.path().join("start.sohoa");
    write_transfer_bundle(office.path(), id, "Hoa", "PC", &start);
    Workspace::open(laptop.path())
        .unwrap()
        .import(&read_bundle(&start).unwrap())
        .unwrap();
    for (dir, phone) in [(office.path(), "0275 333"), (laptop.path(), "0275 222")] {
        let mut ws = Workspace::open(dir).unwrap();
        let mut e = ws.get(id).unwrap().clone();
        e.contact.phone = phone.into();
        e.modified = jiff::Timestamp::now();
        ws.save(e).unwrap();
    }
    let back = laptop.path().join("back.sohoa");
    write_transfer_bundle(laptop.path(), id, "Minh", "LAPTOP", &back);

    let mut h = open_window(office.path());
    apply(
        &mut h,
        Action::Exchange(ExchangeAction::PreviewImport(vec![back])),
    );
    let backups_before = sohoa::store::DataFolder::open(office.path())
        .unwrap()
        .backups()
        .len();
    assert!(h.query_by_label("Xem trước khi nhập").is_some());
    assert!(shows_text(
        &h,
        "0 mới, 1 cập nhật, 0 không đổi, 1 xung đột cần xem"
    ));
    assert_eq!(
        workspace(&h).get(id).unwrap().contact.phone,
        "0275 333",
        "nothing written yet"
    );
    click(&mut h, "Nhập");
    assert!(h.query_by_label("Xem trước khi nhập").is_none());
    assert_eq!(workspace(&h).get(id).unwrap().conflicts.len(), 1);
    let backups = workspace(&h).folder().backups();
    assert_eq!(
        backups.len(),
        backups_before + 1,
        "a backup is taken before the import"
    );
    assert_eq!(backups.last().unwrap().reason, "import");
    assert!(h.query_by_label("Cần xem lại (1)").is_some());

    click(&mut h, "Cần xem lại (1)");
    click(&mut h, "Công ty TNHH Dừa Xanh");
    assert!(
        h.query_by_label("Hai bản khác nhau — chọn giá trị đúng")
            .is_some()
    );
    h.get_by_label_contains("0275 333 (").click();
    h.run();
    let e = workspace(&h).get(id).unwrap();
    assert_eq!(e.contact.phone, "0275 333");
    assert!(e.conflicts.is_empty());
    assert!(
        h.query_by_label("Hai bản khác nhau — chọn giá trị đúng")
            .is_none()
    );
    assert!(h.query_by_label("Cần xem lại").is_some());
}

#[test]
fn a_save_made_while_another_sohoa_writes_waits_without_freezing_the_window_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = window_on_one_enterprise(dir.path(), "Công ty TNHH Kẹo dừa Thanh Long");
    // Another program (the command line importing, say) holds the folder.
    let other = sohoa::store::DataFolder::open(dir.path()).unwrap();
    let held = other.lock(std::time::Duration::ZERO).unwrap();
    click(&mut h, "+ Thêm doanh nghiệp");
    type_into(&mut h, "Tên doanh nghiệp *", "HTX Chờ Ghi");
    h.run();
    h.get_by_label("Lưu hồ sơ").click();
    let started = std::time::Instant::now();
    h.run();
    assert!(
        // It never waits for the lock (held for as long as the test likes); the
        // bound only leaves room for a slow machine drawing a few frames.
        started.elapsed() < std::time::Duration::from_secs(3),
        "the window waited {:?}",
        started.elapsed()
    );
    assert_eq!(workspace(&h).enterprises().len(), 1, "not written yet");
    assert!(shows_text(&h, "Đang chờ ghi"));
    drop(held);
    h.step();
    h.run();
    assert_eq!(workspace(&h).enterprises().len(), 2);
    assert!(
        workspace(&h).find("HTX Chờ Ghi").is_none(),
        "found by id or tax code only"
    );
    assert!(
        workspace(&h)
            .enterprises()
            .iter()
            .any(|e| e.name == "HTX Chờ Ghi")
    );
    assert!(!shows_text(&h, "Đang chờ ghi"));
    assert_eq!(Workspace::open(dir.path()).unwrap().enterprises().len(), 2);
}

#[test]
fn a_record_changed_by_another_program_shows_in_the_open_window_with_a_note_in_the_status_line() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, id) = window_on_one_enterprise(dir.path(), "HTX Bưởi da xanh Chợ Lách");
    // Another program (the command line here; another laptop's edit through a sync
    // engine is the same to the window) changes the record.
    let mut other = Workspace::open(dir.path()).unwrap();
    let mut e = other.get(id).unwrap().clone();
    e.address = "Ấp Hòa Khánh, xã Phú Phụng".into();
    e.modified = jiff::Timestamp::now();
    other.save(e).unwrap();
    // Taken in when its summary (what the list shows and searches) has it: a
    // record the window had not read yet would read as new at once.
    run_until(&mut h, |h| {
        workspace(h)
            .summary(id)
            .is_some_and(|s| s.search_key.contains("hoa khanh"))
    });
    assert_eq!(
        workspace(&h).get(id).unwrap().address,
        "Ấp Hòa Khánh, xã Phú Phụng",
        "the window took the change in without being reopened"
    );
    h.run();
    assert!(shows_text(&h, "Nhận từ nơi khác: 1 hồ sơ"));
}
