//! The desktop app driven as a person drives it: clicking labels, typing, pressing
//! keys, with egui_kittest (no window, no GPU). A glyph missing from the embedded
//! font would panic here, so these tests also prove the font covers every string shown.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sohoa::app::{Page, Prefs, SohoaApp};
use sohoa::enterprise::{Enterprise, Mode, Stage};
use sohoa::questionnaire::QuestionKind;
use sohoa::text::Lang;
use sohoa::workspace::Workspace;

pub(crate) fn harness(app: SohoaApp) -> Harness<'static, SohoaApp> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut SohoaApp| app.show(ui), app)
}

pub(crate) fn app_on(dir: &std::path::Path) -> SohoaApp {
    let ws = Workspace::open(dir).unwrap();
    SohoaApp::with_workspace(ws, Prefs::default())
}

pub(crate) fn add(dir: &std::path::Path, name: &str, tax_code: Option<&str>) -> ulid::Ulid {
    let mut ws = Workspace::open(dir).unwrap();
    let mut e = Enterprise::new(name, jiff::Timestamp::now());
    e.tax_code = tax_code.map(String::from);
    ws.save(e).unwrap()
}

pub(crate) fn workspace<'a>(h: &'a Harness<'_, SohoaApp>) -> &'a Workspace {
    &h.state().core().unwrap().workspace
}

#[test]
fn an_enterprise_is_created_from_the_form_and_a_duplicate_tax_code_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    add(
        dir.path(),
        "Công ty TNHH Kẹo dừa Thanh Long",
        Some("0100109106"),
    );
    let mut h = harness(app_on(dir.path()));
    h.run();
    h.get_by_label("+ Thêm doanh nghiệp").click();
    h.run();
    h.get_by_label("Tên doanh nghiệp *").focus();
    h.get_by_label("Tên doanh nghiệp *")
        .type_text("Hợp tác xã Bưởi da xanh Chợ Lách");
    h.get_by_label("Mã số thuế").focus();
    h.get_by_label("Mã số thuế").type_text("1300123452");
    h.run();
    h.get_by_label("Lưu hồ sơ").click();
    h.run();
    assert_eq!(workspace(&h).enterprises().len(), 2);
    let saved = workspace(&h)
        .find("1300123452")
        .expect("saved with its tax code");
    assert_eq!(saved.name, "Hợp tác xã Bưởi da xanh Chợ Lách");

    h.get_by_label("+ Thêm doanh nghiệp").click();
    h.run();
    h.get_by_label("Tên doanh nghiệp *").focus();
    h.get_by_label("Tên doanh nghiệp *")
        .type_text("Kẹo dừa (nhập lại)");
    h.get_by_label("Mã số thuế").focus();
    h.get_by_label("Mã số thuế").type_text("0100109106");
    h.run();
    assert!(
        h.query_by_label_contains("Mã số thuế này đã thuộc về “Công ty TNHH Kẹo dừa Thanh Long”")
            .is_some()
    );
    h.get_by_label("Lưu hồ sơ").click();
    h.run();
    assert_eq!(
        workspace(&h).enterprises().len(),
        2,
        "the duplicate was not saved"
    );
    h.get_by_label("Mở hồ sơ đó").click();
    h.run();
    // The refused form is still unsaved: leaving it asks first.
    h.get_by_label("Bỏ thay đổi").click();
    h.run();
    let core = h.state().core().unwrap();
    assert_eq!(
        core.view.profile.as_ref().unwrap().name,
        "Công ty TNHH Kẹo dừa Thanh Long"
    );
}

#[test]
fn a_whole_dbi_assessment_is_walked_with_the_keyboard_and_scores_level_five() {
    let dir = tempfile::tempdir().unwrap();
    let id = add(dir.path(), "Công ty Cổ phần Thủy sản Bình Đại", None);
    let mut h = harness(app_on(dir.path()));
    h.run();
    h.state_mut().core_mut().unwrap().view.list.selected = Some(id);
    h.get_by_label("Doanh nghiệp").click();
    h.run();
    h.get_by_label("Công ty Cổ phần Thủy sản Bình Đại").click();
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("Bắt đầu đánh giá đầu kỳ (T0)").click();
    h.run();
    let q = workspace(&h)
        .questionnaires
        .latest("dbi-2021-sme")
        .unwrap()
        .clone();
    for (_, question) in q.questions() {
        let core = h.state().core().unwrap();
        let walk = core.view.walk.as_ref().unwrap();
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
                    h.key_press(egui::Key::Enter);
                    h.run();
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
                h.key_press(DIGIT_KEYS[best]);
                h.run();
                h.key_press(egui::Key::Enter);
            }
        }
        h.run();
    }
    assert!(
        h.state().core().unwrap().view.walk.as_ref().unwrap().review,
        "after the last question comes the review"
    );
    h.get_by_label("Hoàn thành đánh giá").click();
    h.run();
    let core = h.state().core().unwrap();
    assert_eq!(core.view.page, Page::Results);
    let latest = core.workspace.summary(id).unwrap().latest.clone().unwrap();
    assert_eq!((latest.total, latest.level), (320, 5));
    assert!(h.query_by_label("Mức 5 – Dẫn dắt").is_some());
}

const DIGIT_KEYS: [egui::Key; 10] = [
    egui::Key::Num0,
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];

#[test]
fn a_draft_is_resumed_after_the_app_is_dropped_and_opened_again() {
    let dir = tempfile::tempdir().unwrap();
    let id = add(dir.path(), "Doanh nghiệp tư nhân Cơ khí Hưng Phát", None);
    {
        let mut h = harness(app_on(dir.path()));
        h.run();
        let core = h.state_mut().core_mut().unwrap();
        let _ = core.apply(
            sohoa::app::Action::StartAssessment {
                enterprise: id,
                stage: Stage::Baseline,
            },
            jiff::Timestamp::now(),
        );
        h.run();
        // Two graded answers by key, then the two figures of a ratio typed into
        // their boxes (Enter goes from the first box to the second).
        for _ in 0..2 {
            h.key_press(egui::Key::Num3);
            h.run();
            h.key_press(egui::Key::Enter);
            h.run();
        }
        h.event(egui::Event::Text("15".into()));
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
        h.event(egui::Event::Text("60".into()));
        h.run();
    }
    let mut h = harness(app_on(dir.path()));
    h.run();
    assert_eq!(
        h.state().core().unwrap().view.page,
        Page::Drafts,
        "drafts are offered first"
    );
    h.get_by_label("Tiếp tục").click();
    h.run();
    let core = h.state().core().unwrap();
    let walk = core.view.walk.as_ref().unwrap();
    assert_eq!(walk.position, 3, "resumes at the first unanswered question");
    assert_eq!(core.current_assessment().unwrap().answers.len(), 3);
    assert_eq!(core.current_assessment().unwrap().mode, Mode::ConsultantLed);
}

#[test]
fn typing_ben_tre_finds_bến_tre_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    add(dir.path(), "Công ty TNHH Dừa Bến Tre", None);
    add(dir.path(), "Hợp tác xã Bưởi Chợ Lách", None);
    let mut h = harness(app_on(dir.path()));
    h.run();
    h.get_by_label("Doanh nghiệp").click();
    h.run();
    h.get_by_label("Tìm:").focus();
    h.get_by_label("Tìm:").type_text("ben tre");
    h.run();
    assert_eq!(h.state().core().unwrap().view.list.rows.len(), 1);
    assert!(h.query_by_label("Công ty TNHH Dừa Bến Tre").is_some());
    assert!(h.query_by_label("Hợp tác xã Bưởi Chợ Lách").is_none());
}

#[test]
fn the_dashboard_count_rises_by_one_when_an_enterprise_becomes_supported() {
    let dir = tempfile::tempdir().unwrap();
    let id = add(dir.path(), "Công ty TNHH Du lịch sinh thái Cồn Phụng", None);
    {
        let mut ws = Workspace::open(dir.path()).unwrap();
        let now = jiff::Timestamp::now();
        let a = ws
            .start_assessment(
                id,
                Stage::Baseline,
                Mode::ConsultantLed,
                "",
                "dbi-2021-sme",
                now,
            )
            .unwrap();
        ws.complete_assessment(id, a, now).unwrap();
        // The 2021–2025 preset has ended: support given today counts in a new period.
        let today = sohoa::text::local_date(now);
        let next = sohoa::program::periods::NewPeriod {
            name: sohoa::text::Text::new("Giai đoạn tiếp theo", "Next period"),
            start: today.saturating_sub(jiff::Span::new().days(30)),
            end: today.saturating_add(jiff::Span::new().years(4)),
            target: 1000,
        };
        let settings = ws.program.clone();
        ws.continue_program(next, settings, today).unwrap();
    }
    let mut h = harness(app_on(dir.path()));
    h.run();
    assert!(
        h.query_by_label_contains("0 / 1.000 doanh nghiệp đã được hỗ trợ")
            .is_some()
    );
    h.state_mut().core_mut().unwrap().view.list.selected = Some(id);
    let _ = h.state_mut().core_mut().unwrap().apply(
        sohoa::app::Action::OpenEnterprise(id),
        jiff::Timestamp::now(),
    );
    h.run();
    h.get_by_label("+ Thêm hoạt động hỗ trợ").click();
    h.run();
    h.get_by_label("Lưu hoạt động").click();
    h.run();
    h.get_by_label("Tổng quan").click();
    h.run();
    assert!(
        h.query_by_label_contains("1 / 1.000 doanh nghiệp đã được hỗ trợ")
            .is_some()
    );
}

#[test]
fn switching_to_english_translates_the_window() {
    let dir = tempfile::tempdir().unwrap();
    add(dir.path(), "Công ty TNHH In ấn Sao Mai", None);
    let mut h = harness(app_on(dir.path()));
    h.run();
    assert!(h.query_by_label("Tổng quan").is_some());
    h.get_by_label("English").click();
    h.run();
    assert_eq!(h.state().core().unwrap().prefs.lang, Lang::En);
    for label in ["Dashboard", "Enterprises", "Settings", "Tiếng Việt"] {
        assert!(h.query_by_label(label).is_some(), "{label}");
    }
    assert!(h.query_by_label("Tổng quan").is_none());
}

#[test]
fn every_screen_draws_with_demo_data_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(dir.path());
    let _ = app
        .core_mut()
        .unwrap()
        .apply(sohoa::app::Action::LoadDemo(300), jiff::Timestamp::now());
    let mut h = harness(app);
    for lang in [Lang::Vi, Lang::En] {
        h.state_mut().core_mut().unwrap().prefs.lang = lang;
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
            sohoa::app::Action::Navigate(Page::Dashboard),
            sohoa::app::Action::Navigate(Page::Enterprises),
            sohoa::app::Action::OpenEnterprise(e),
            sohoa::app::Action::ShowResults {
                enterprise: e,
                assessment: a,
            },
            sohoa::app::Action::Navigate(Page::Drafts),
            sohoa::app::Action::Navigate(Page::Settings),
            sohoa::app::Action::EditProgram,
        ];
        for action in pages {
            let _ = h
                .state_mut()
                .core_mut()
                .unwrap()
                .apply(action, jiff::Timestamp::now());
            h.run();
        }
        assert!(
            h.state().core().unwrap().view.messages.is_empty(),
            "{:?}",
            h.state().core().unwrap().view.messages
        );
    }
}

#[test]
fn the_list_narrows_as_letters_are_typed_and_widens_when_they_are_deleted() {
    let dir = tempfile::tempdir().unwrap();
    add(dir.path(), "Công ty TNHH Dừa Bến Tre", None);
    add(dir.path(), "Công ty TNHH Bến Lức", None);
    add(dir.path(), "Hợp tác xã Bưởi Chợ Lách", None);
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

fn apply(h: &mut Harness<'_, SohoaApp>, action: sohoa::app::Action) {
    let core = h.state_mut().core_mut().unwrap();
    let _ = core.apply(action, jiff::Timestamp::now());
    h.run();
}

#[test]
fn an_enterprise_assesses_itself_and_saves_one_file_without_seeing_anyone_else() {
    let dir = tempfile::tempdir().unwrap();
    let folder = sohoa::store::DataFolder::open(dir.path()).unwrap();
    folder.mark_self_assessment().unwrap();
    let mut h = harness(app_on(dir.path()));
    h.run();
    assert!(h.query_by_label("1. Thông tin doanh nghiệp").is_some());
    assert!(h.query_by_label("Tổng quan").is_none(), "no dashboard");
    assert!(
        h.query_by_label("Doanh nghiệp").is_none(),
        "no list of enterprises"
    );
    h.get_by_label("Tên doanh nghiệp *").focus();
    h.get_by_label("Tên doanh nghiệp *")
        .type_text("Công ty TNHH Thạch dừa Cồn Phụng");
    h.run();
    h.get_by_label("Lưu hồ sơ").click();
    h.run();
    h.get_by_label("Bắt đầu đánh giá đầu kỳ (T0)").click();
    h.run();
    assert_eq!(h.state().core().unwrap().view.page, Page::Walkthrough);
    // The first two questions are graded choices (the third asks for a percentage).
    for _ in 0..2 {
        h.key_press(egui::Key::Num2);
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
    }
    apply(&mut h, sohoa::app::Action::CompleteAssessment);
    assert_eq!(h.state().core().unwrap().view.page, Page::Results);
    let file = dir.path().join("gui-tu-danh-gia.sohoa");
    apply(
        &mut h,
        sohoa::app::Action::Exchange(sohoa::app::ExchangeAction::SendSelfAssessment {
            path: file.clone(),
        }),
    );
    let sent = sohoa::exchange::bundle::read_bundle(&file).unwrap().bundle;
    assert_eq!(
        sent.kind,
        sohoa::exchange::bundle::BundleKind::SelfAssessment
    );
    assert_eq!(sent.enterprises.len(), 1);
    let assessment = &sent.enterprises[0].assessments[0];
    assert_eq!(assessment.mode, Mode::SelfAssessment);
    assert!(assessment.is_completed());
    assert_eq!(assessment.answers.len(), 2);
}

#[test]
fn an_import_is_previewed_then_confirmed_and_a_conflict_is_resolved_by_clicking_a_value() {
    let (office_parent, laptop) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // Nested, so the backup taken before the import lands inside the temporary folder.
    let office = tempfile::tempdir_in(office_parent.path()).unwrap();
    let id = add(office.path(), "Công ty TNHH Dừa Xanh", Some("1300123452"));
    let start = office.path().join("start.sohoa");
    {
        let ws = Workspace::open(office.path()).unwrap();
        let bundle = ws
            .export_bundle(
                &[id],
                sohoa::exchange::bundle::BundleKind::Transfer,
                "Hoa",
                "PC",
                jiff::Timestamp::now(),
            )
            .unwrap();
        sohoa::exchange::bundle::write_bundle(&start, &bundle).unwrap();
        let mut copy = Workspace::open(laptop.path()).unwrap();
        copy.import(&sohoa::exchange::bundle::read_bundle(&start).unwrap())
            .unwrap();
    }
    for (dir, phone) in [(office.path(), "0275 333"), (laptop.path(), "0275 222")] {
        let mut ws = Workspace::open(dir).unwrap();
        let mut e = ws.get(id).unwrap().clone();
        e.contact.phone = phone.into();
        e.modified = jiff::Timestamp::now();
        ws.save(e).unwrap();
    }
    let back = laptop.path().join("back.sohoa");
    {
        let ws = Workspace::open(laptop.path()).unwrap();
        let bundle = ws
            .export_bundle(
                &[id],
                sohoa::exchange::bundle::BundleKind::Transfer,
                "Minh",
                "LAPTOP",
                jiff::Timestamp::now(),
            )
            .unwrap();
        sohoa::exchange::bundle::write_bundle(&back, &bundle).unwrap();
    }

    let mut h = harness(app_on(office.path()));
    h.run();
    apply(
        &mut h,
        sohoa::app::Action::Exchange(sohoa::app::ExchangeAction::PreviewImport(vec![back])),
    );
    let backups_before = sohoa::store::DataFolder::open(office.path())
        .unwrap()
        .backups()
        .len();
    assert!(h.query_by_label("Xem trước khi nhập").is_some());
    assert!(
        h.query_by_label_contains("0 mới, 1 cập nhật, 0 không đổi, 1 xung đột cần xem")
            .is_some()
    );
    assert_eq!(
        workspace(&h).get(id).unwrap().contact.phone,
        "0275 333",
        "nothing written yet"
    );
    h.get_by_label("Nhập").click();
    h.run();
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

    h.get_by_label("Cần xem lại (1)").click();
    h.run();
    h.get_by_label("Công ty TNHH Dừa Xanh").click();
    h.run();
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
    add(dir.path(), "Công ty TNHH Kẹo dừa Thanh Long", None);
    let mut h = harness(app_on(dir.path()));
    h.run();
    // Another program (the command line importing, say) holds the folder.
    let other = sohoa::store::DataFolder::open(dir.path()).unwrap();
    let held = other.lock(std::time::Duration::ZERO).unwrap();
    h.get_by_label("+ Thêm doanh nghiệp").click();
    h.run();
    h.get_by_label("Tên doanh nghiệp *").focus();
    h.get_by_label("Tên doanh nghiệp *")
        .type_text("HTX Chờ Ghi");
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
    assert!(h.query_by_label_contains("Đang chờ ghi").is_some());
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
    assert!(h.query_by_label_contains("Đang chờ ghi").is_none());
    assert_eq!(Workspace::open(dir.path()).unwrap().enterprises().len(), 2);
}
