//! The window's actions applied as plain Rust: each test does what a person
//! does and checks what the view and the data folder then hold.

use std::path::PathBuf;

use jiff::Timestamp;
use ulid::Ulid;

use super::*;
use crate::app::drafts::ProfileDraft;
use crate::enterprise::Stage;
use crate::enterprise::field::ProfileField;
use crate::enterprise::{ActivityKind, Enterprise};
use crate::program::dashboard::Dimension;
use crate::questionnaire::Answer;
use crate::store::StoreError;
use crate::text::Lang;
use crate::workspace::{Workspace, WorkspaceError};

/// A folder with one enterprise (tax code 0100109106) and the app on it.
fn core() -> (tempfile::TempDir, AppCore, Ulid) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = crate::workspace::open_ben_tre(dir.path());
    let mut e = Enterprise::new("Công ty TNHH Thạch dừa Phú Thịnh", Timestamp::UNIX_EPOCH);
    e.tax_code = Some("0100109106".into());
    let id = ws.save(e).unwrap();
    (dir, AppCore::new(ws, Prefs::default()), id)
}

fn now() -> Timestamp {
    Timestamp::now()
}

/// Applies `action` now, as the window would, and hands back its effect.
fn act(core: &mut AppCore, action: Action) -> Option<Effect> {
    core.apply(action, now())
}

/// The text of the latest message shown.
fn last_message(core: &AppCore) -> &str {
    &core.view.messages.last().unwrap().text
}

/// The position of the question the walkthrough shows.
fn position(core: &AppCore) -> usize {
    core.view.walk().unwrap().position
}

/// Answers `question` with its option `option` in the walkthrough.
fn choose(core: &mut AppCore, question: &str, option: &str) {
    act(
        core,
        Action::Answer {
            question: question.into(),
            answer: Some(Answer::Choice(option.into())),
        },
    );
}

/// Starts the baseline assessment of `id` in the walkthrough.
fn start(core: &mut AppCore, id: Ulid) {
    act(
        core,
        Action::StartAssessment {
            enterprise: id,
            stage: Stage::Baseline,
        },
    );
}

#[test]
fn a_full_disk_is_told_in_vietnamese_in_the_vietnamese_interface() {
    let (_dir, core, _) = core();
    let full = WorkspaceError::Store(StoreError::Write {
        path: PathBuf::from("enterprises/x.ron"),
        source: std::io::Error::from(std::io::ErrorKind::StorageFull),
    });
    let said = core.describe(&full);
    assert!(said.contains("ổ đĩa đã đầy"), "{said}");
    assert!(said.contains("Dữ liệu cũ vẫn còn nguyên"), "{said}");
    assert!(
        !said.contains("storage full") && !said.contains("space"),
        "{said}"
    );
    let backup = WorkspaceError::Backup(crate::store::BackupError::Io {
        what: "cannot copy",
        path: PathBuf::from("b"),
        source: std::io::Error::from(std::io::ErrorKind::StorageFull),
    });
    assert!(
        core.describe(&backup)
            .starts_with("Không sao lưu được (b: ổ đĩa đã đầy)")
    );
}

#[test]
fn navigating_to_the_list_puts_the_cursor_in_the_filter_box() {
    let (_dir, mut core, _) = core();
    act(&mut core, Action::Navigate(Section::Enterprises));
    assert_eq!(core.view.page.kind(), PageKind::Enterprises);
    assert!(core.view.list.focus_query);
}

#[test]
fn opening_an_enterprise_fills_the_form_from_the_record() {
    let (_dir, mut core, id) = core();
    act(&mut core, Action::OpenEnterprise(id));
    assert_eq!(core.view.page.kind(), PageKind::Profile);
    assert_eq!(
        core.view.profile().unwrap()[ProfileField::TaxCode],
        "0100109106"
    );
}

#[test]
fn a_new_profile_is_saved_and_a_broken_one_is_refused_with_a_message() {
    let (_dir, mut core, _) = core();
    core.prefs.consultant = "Trần Minh Khoa".into();
    act(&mut core, Action::NewEnterprise);
    assert_eq!(
        core.view.profile().unwrap()[ProfileField::Consultant],
        "Trần Minh Khoa"
    );
    let draft = core.view.profile_mut().unwrap();
    draft[ProfileField::Name] = "Hợp tác xã Nông sản Ba Tri".into();
    draft[ProfileField::TaxCode] = "0100109107".into();
    act(&mut core, Action::SaveProfile);
    assert_eq!(core.workspace.enterprises().len(), 1);
    assert_eq!(
        last_message(&core),
        "Chữ số kiểm tra là 7, đúng ra phải là 6"
    );
    core.view.profile_mut().unwrap()[ProfileField::TaxCode] = "1300123452".into();
    act(&mut core, Action::SaveProfile);
    assert_eq!(core.workspace.enterprises().len(), 2);
    assert!(core.view.profile().unwrap().id.is_some());
}

#[test]
fn a_duplicate_tax_code_is_explained_in_vietnamese() {
    let (_dir, mut core, _) = core();
    act(&mut core, Action::NewEnterprise);
    let draft = core.view.profile_mut().unwrap();
    draft[ProfileField::Name] = "Trùng mã".into();
    draft[ProfileField::TaxCode] = "0100109106".into();
    act(&mut core, Action::SaveProfile);
    assert!(last_message(&core).contains("đã có: “Công ty TNHH Thạch dừa Phú Thịnh”"));
    assert_eq!(core.workspace.enterprises().len(), 1);
}

#[test]
fn archiving_hides_and_restoring_shows_again() {
    let (_dir, mut core, id) = core();
    act(&mut core, Action::SetArchived(id, true));
    assert!(core.workspace.get(id).unwrap().archived);
    assert_eq!(core.workspace.stats().enterprises, 0);
    act(&mut core, Action::SetArchived(id, false));
    assert_eq!(core.workspace.stats().enterprises, 1);
}

#[test]
fn an_assessment_is_walked_answered_noted_and_completed() {
    let (_dir, mut core, id) = core();
    start(&mut core, id);
    assert_eq!(core.view.page.kind(), PageKind::Walkthrough);
    assert_eq!(position(&core), 0);
    choose(&mut core, "customer.website_updates", "weekly");
    core.view.walk_mut().unwrap().note_text = "Trang web mới làm năm ngoái".into();
    act(&mut core, Action::NextQuestion);
    assert_eq!(position(&core), 1);
    assert_eq!(
        core.current_assessment().unwrap().notes["customer.website_updates"],
        "Trang web mới làm năm ngoái"
    );
    act(&mut core, Action::PreviousQuestion);
    assert_eq!(
        core.view.walk().unwrap().note_text,
        "Trang web mới làm năm ngoái",
        "the note comes back"
    );
    act(&mut core, Action::GoToQuestion(10));
    assert_eq!(position(&core), 10);
    act(&mut core, Action::Review);
    assert!(core.view.walk().unwrap().review);
    act(&mut core, Action::CompleteAssessment);
    assert_eq!(core.view.page.kind(), PageKind::Results);
    assert_eq!(
        core.workspace
            .summary(id)
            .unwrap()
            .latest
            .as_ref()
            .unwrap()
            .total,
        5
    );
    assert!(core.view.messages.is_empty(), "{:?}", core.view.messages);
}

#[test]
fn moving_on_skips_questions_hidden_by_skip_logic() {
    let (_dir, mut core, id) = core();
    // Edition 1.0.0 has skip logic (2.0.0 asks every criterion): its draft is
    // the one the walkthrough resumes.
    let old = core
        .workspace
        .questionnaires
        .get("dbi-2021-sme", "1.0.0")
        .cloned()
        .unwrap();
    let draft = crate::workspace::RecordedAssessment {
        questionnaire: old,
        stage: Stage::Baseline,
        mode: Default::default(),
        assessor: String::new(),
        answers: Default::default(),
        complete: false,
    };
    core.workspace.record_assessment(id, draft, now()).unwrap();
    start(&mut core, id);
    choose(&mut core, "customer.marketplaces", "no_online");
    act(&mut core, Action::GoToQuestion(3));
    act(&mut core, Action::NextQuestion);
    // Questions 5 and 6 (online revenue) are hidden: the next one shown is 7.
    assert_eq!(position(&core), 6);
}

#[test]
fn a_wrong_answer_is_reported_and_not_saved() {
    let (_dir, mut core, id) = core();
    start(&mut core, id);
    act(
        &mut core,
        Action::Answer {
            question: "customer.digital_marketing_share".into(),
            answer: Some(Answer::Number(140.into())),
        },
    );
    assert_eq!(core.view.messages.len(), 1);
    assert!(core.current_assessment().unwrap().answers.is_empty());
}

#[test]
fn a_draft_is_resumed_where_it_stopped_and_can_be_discarded() {
    let (_dir, mut core, id) = core();
    start(&mut core, id);
    choose(&mut core, "customer.website_updates", "stale");
    let assessment = core.view.walk().unwrap().assessment;
    act(&mut core, Action::Navigate(Section::Drafts));
    assert!(
        core.view.walk().is_none(),
        "the walkthrough's state left with its page"
    );
    act(
        &mut core,
        Action::ResumeAssessment {
            enterprise: id,
            assessment,
        },
    );
    assert_eq!(position(&core), 1);
    act(
        &mut core,
        Action::DiscardDraft {
            enterprise: id,
            assessment,
        },
    );
    assert!(core.workspace.get(id).unwrap().assessments.is_empty());
    assert_eq!(core.view.page.kind(), PageKind::Drafts);
}

#[test]
fn results_are_shown_for_the_chosen_assessment() {
    let (_dir, mut core, id) = core();
    let a = Ulid::from_parts(1, 1);
    act(
        &mut core,
        Action::ShowResults {
            enterprise: id,
            assessment: a,
        },
    );
    assert_eq!(core.view.results(), Some((id, a)));
    assert_eq!(core.view.page.kind(), PageKind::Results);
}

#[test]
fn an_activity_is_added_edited_and_removed() {
    let (_dir, mut core, id) = core();
    // The activity form belongs to the enterprise's profile page.
    act(&mut core, Action::OpenEnterprise(id));
    act(
        &mut core,
        Action::EditActivity {
            enterprise: id,
            activity: None,
        },
    );
    let draft = core.view.activity_mut().unwrap().as_mut().unwrap();
    draft.date = "15/03/2025".into();
    draft.kind = ActivityKind::EInvoiceSetup;
    draft.platform = "Hóa đơn điện tử".into();
    act(&mut core, Action::SaveActivity);
    let activity = core.workspace.get(id).unwrap().activities[0].clone();
    assert_eq!(activity.date, jiff::civil::date(2025, 3, 15));
    act(
        &mut core,
        Action::EditActivity {
            enterprise: id,
            activity: Some(activity.id),
        },
    );
    assert_eq!(core.view.activity().unwrap().date, "15/03/2025");
    core.view.activity_mut().unwrap().as_mut().unwrap().date = "31/02/2025".into();
    act(&mut core, Action::SaveActivity);
    assert!(last_message(&core).contains("dd/mm/yyyy"));
    act(
        &mut core,
        Action::RemoveActivity {
            enterprise: id,
            activity: activity.id,
        },
    );
    assert!(core.workspace.get(id).unwrap().activities.is_empty());
}

#[test]
fn a_dashboard_bar_opens_the_list_filtered_by_it() {
    let (_dir, mut core, _) = core();
    act(
        &mut core,
        Action::FilterList {
            dimension: Dimension::Place,
            key: "ba-tri".into(),
        },
    );
    assert_eq!(core.view.page.kind(), PageKind::Enterprises);
    assert_eq!(
        core.view.list.filters,
        vec![(Dimension::Place, "ba-tri".to_owned())]
    );
}

#[test]
fn program_settings_are_edited_and_bad_dates_refused() {
    let (_dir, mut core, _) = core();
    act(&mut core, Action::EditProgram);
    let draft = core.view.program_draft_mut().unwrap();
    assert_eq!(draft.end, "31/12/2025");
    draft.end = "31/12/2026".into();
    draft.target = "1200".into();
    draft.partners = "VNPT\nViettel\nFPT\nMISA".into();
    act(&mut core, Action::SaveProgram);
    assert_eq!(core.workspace.program.target, 1200);
    assert_eq!(core.workspace.program.end, jiff::civil::date(2026, 12, 31));
    assert_eq!(core.workspace.program.partners.len(), 4);
    act(&mut core, Action::EditProgram);
    core.view.program_draft_mut().unwrap().start = "hôm qua".into();
    act(&mut core, Action::SaveProgram);
    assert!(last_message(&core).contains("dd/mm/yyyy"));
}

#[test]
fn preferences_change_without_touching_the_data() {
    let (_dir, mut core, _) = core();
    let generation = core.workspace.generation();
    act(&mut core, Action::SetLang(Lang::En));
    act(&mut core, Action::SetDark(true));
    act(&mut core, Action::SetScale(5.0));
    act(&mut core, Action::SetConsultant("  Lê Hoàng Nam ".into()));
    assert_eq!(core.prefs.lang, Lang::En);
    assert!(core.prefs.dark);
    assert_eq!(core.prefs.scale, 2.0, "clamped");
    assert_eq!(core.consultant_name(), "Lê Hoàng Nam");
    assert_eq!(core.workspace.generation(), generation);
}

#[test]
fn a_revenue_is_shown_with_a_decimal_comma_in_vietnamese_and_saved_back_unchanged() {
    let (_dir, mut core, id) = core();
    let mut e = core.workspace.get(id).unwrap().clone();
    e.size.revenue_billion = Some(24.1);
    core.workspace.save(e).unwrap();
    act(&mut core, Action::OpenEnterprise(id));
    assert_eq!(core.view.profile().unwrap()[ProfileField::Revenue], "24,1");
    assert!(!core.profile_is_dirty());
    act(&mut core, Action::SetLang(Lang::En));
    assert!(!core.profile_is_dirty(), "a language switch is not an edit");
    act(&mut core, Action::SaveProfile);
    assert_eq!(
        core.workspace.get(id).unwrap().size.revenue_billion,
        Some(24.1)
    );
}

#[test]
fn a_consultant_name_typed_letter_by_letter_keeps_its_spaces() {
    let (_dir, mut core, _) = core();
    let mut typed = String::new();
    for c in "Lê Văn An ".chars() {
        typed.push(c);
        act(&mut core, Action::SetConsultant(typed.clone()));
    }
    assert_eq!(core.prefs.consultant, "Lê Văn An ");
    assert_eq!(core.consultant_name(), "Lê Văn An");
    assert_eq!(core.workspace.actor(), "Lê Văn An");
}

#[test]
fn demo_data_goes_into_a_demo_folder_beside_the_data_folder_which_stays_as_it_was() {
    let place = tempfile::tempdir().unwrap();
    let data = place.path().join("Sohoa");
    let mut ws = crate::workspace::open_ben_tre(&data);
    ws.save(Enterprise::new("HTX Thật", Timestamp::UNIX_EPOCH))
        .unwrap();
    let mut core = AppCore::new(ws, Prefs::default());
    let before = core.workspace.enterprises().len();
    let effect = core.apply(Action::LoadDemo(25), jiff::Timestamp::now());
    let demo = crate::demo::demo_folder(&data);
    assert_eq!(demo, place.path().join("Sohoa-du-lieu-mau"));
    assert_eq!(effect, Some(Effect::OpenDataFolder(demo.clone())));
    assert_eq!(core.workspace.enterprises().len(), before);
    let opened = Workspace::open(&demo).unwrap();
    assert!(opened.program.demo);
    assert_eq!(opened.enterprises().len(), 25);
    assert!(opened.enterprises().iter().all(crate::demo::is_demo));
    // Asked again: the same folder, not filled twice.
    let again = core.apply(Action::LoadDemo(25), jiff::Timestamp::now());
    assert_eq!(again, Some(Effect::OpenDataFolder(demo.clone())));
    assert_eq!(Workspace::open(&demo).unwrap().enterprises().len(), 25);
    // From the demo folder, the way back.
    let mut in_demo = AppCore::new(Workspace::open(&demo).unwrap(), Prefs::default());
    let back = in_demo.apply(Action::LeaveDemo, jiff::Timestamp::now());
    assert_eq!(back, Some(Effect::OpenDataFolder(data)));
}

#[test]
fn a_dismissed_message_goes_away_and_a_bad_index_is_ignored() {
    let (_dir, mut core, _) = core();
    core.report("một lỗi");
    act(&mut core, Action::DismissMessage(5));
    assert_eq!(core.view.messages.len(), 1);
    act(&mut core, Action::DismissMessage(0));
    assert!(core.view.messages.is_empty());
}

#[test]
fn exporting_a_summary_hands_its_report_to_the_shell() {
    let (dir, mut core, id) = core();
    start(&mut core, id);
    act(&mut core, Action::CompleteAssessment);
    let path = dir.path().join("tom-tat.pdf");
    match act(
        &mut core,
        Action::ExportSummary {
            enterprise: id,
            path: path.clone(),
        },
    ) {
        Some(Effect::WritePdfs(reports)) => {
            assert_eq!(reports.len(), 1);
            assert_eq!(reports[0].0, path);
            assert!(
                reports[0]
                    .1
                    .texts()
                    .contains(&"Công ty TNHH Thạch dừa Phú Thịnh")
            );
        }
        other => panic!("expected PDFs to write, got {other:?}"),
    }
    match act(
        &mut core,
        Action::ExportAllSummaries {
            dir: dir.path().join("pdf"),
        },
    ) {
        Some(Effect::WritePdfs(reports)) => assert_eq!(reports.len(), 1),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        act(
            &mut core,
            Action::ExportProgramReport {
                path: dir.path().join("ct.pdf")
            }
        ),
        Some(Effect::WritePdfs(_))
    ));
}

#[test]
fn exporting_without_a_completed_assessment_explains_why() {
    let (dir, mut core, id) = core();
    let effect = act(
        &mut core,
        Action::ExportSummary {
            enterprise: id,
            path: dir.path().join("x.pdf"),
        },
    );
    assert_eq!(effect, None);
    assert!(
        core.view.messages[0]
            .text
            .contains("has no completed assessment")
    );
}

#[test]
fn dates_are_read_day_first() {
    assert_eq!(
        crate::text::parse_date("01/07/2025"),
        Some(jiff::civil::date(2025, 7, 1))
    );
    assert_eq!(
        crate::text::parse_date("1-7-2025"),
        Some(jiff::civil::date(2025, 7, 1))
    );
    assert_eq!(crate::text::parse_date("2025/07/01"), None);
    assert_eq!(crate::text::format_number(12.0), "12");
    assert_eq!(crate::text::format_number(12.5), "12.5");
}

#[test]
fn every_page_and_the_setup_have_their_section_of_the_guide_in_both_languages() {
    for lang in [Lang::Vi, Lang::En] {
        let guide = crate::guide::Guide::get(lang);
        for page in PageKind::ALL {
            assert!(guide.section(page.help_section()).is_some(), "{page:?}");
        }
        assert!(guide.section(super::state::SETUP_HELP_SECTION).is_some());
    }
    let (_dir, mut core, _) = core();
    act(&mut core, Action::ShowHelp(Some("backups".into())));
    assert_eq!(core.view.help.as_deref(), Some("backups"));
    act(&mut core, Action::ShowHelp(None));
    assert_eq!(core.view.help, None);
}

#[test]
fn the_results_shown_are_scored_in_the_refresh_step_once_per_change_of_the_data() {
    let (_dir, mut core, id) = core();
    start(&mut core, id);
    choose(&mut core, "customer.website_updates", "weekly");
    act(&mut core, Action::CompleteAssessment);
    let assessment = core.workspace.get(id).unwrap().assessments[0].id;
    act(
        &mut core,
        Action::ShowResults {
            enterprise: id,
            assessment,
        },
    );
    core.refresh(now());
    let scored = |core: &AppCore| match &core.view.page {
        Page::Results(page) => page.scored.clone(),
        _ => None,
    };
    let (scored_at, results) = scored(&core).unwrap();
    assert_eq!(scored_at, core.workspace.generation());
    assert_eq!(results.report.total, 5, "a weekly update of the website");
    assert!(
        results.baseline.is_none(),
        "a baseline is compared with nothing"
    );

    // Frames without a change read the same results; a change scores again.
    core.refresh(now());
    assert_eq!(scored(&core).unwrap().0, scored_at);
    core.workspace
        .save(Enterprise::new("HTX Bưởi Năm Roi", now()))
        .unwrap();
    core.refresh(now());
    let (again, _) = scored(&core).unwrap();
    assert_eq!(again, core.workspace.generation());
    assert_ne!(again, scored_at);
}

#[test]
fn a_page_carries_its_state_and_leaving_it_drops_the_state() {
    let (_dir, mut core, id) = core();
    act(&mut core, Action::OpenEnterprise(id));
    assert_eq!(core.view.page.kind(), PageKind::Profile);
    assert_eq!(core.view.profile().and_then(|d| d.id), Some(id));
    act(&mut core, Action::Navigate(Section::Dashboard));
    assert!(core.view.profile().is_none());
    start(&mut core, id);
    assert_eq!(core.view.walk().map(|w| w.enterprise), Some(id));
    act(&mut core, Action::Navigate(Section::Enterprises));
    assert!(core.view.walk().is_none());
    // An edit made for a page since left changes nothing.
    let draft = ProfileDraft::default();
    act(&mut core, Action::Edit(Edit::Profile(Box::new(draft))));
    assert_eq!(core.view.page.kind(), PageKind::Enterprises);
}

#[test]
fn the_window_asks_one_question_at_a_time_and_an_answer_closes_only_its_own() {
    let (_dir, mut core, id) = core();
    act(&mut core, Action::OpenEnterprise(id));
    act(&mut core, Action::Keys(KeyAction::AskForget(id)));
    act(
        &mut core,
        Action::Exchange(ExchangeAction::AskRestore("b1".into())),
    );
    assert!(matches!(&core.view.confirm, Some(Confirm::RestoreBackup(name)) if name == "b1"));
    // Cancelling the erasure no longer asked leaves the restore question open.
    act(&mut core, Action::Keys(KeyAction::CancelForget));
    assert!(matches!(core.view.confirm, Some(Confirm::RestoreBackup(_))));
    let before = core.workspace.get(id).unwrap().clone();
    act(&mut core, Action::Keys(KeyAction::ConfirmForget));
    assert!(
        core.view.confirm.is_some(),
        "the restore question is still open"
    );
    assert_eq!(
        core.workspace.get(id).unwrap(),
        &before,
        "nothing was erased"
    );
}

#[test]
fn each_section_opens_the_page_it_names() {
    for section in Section::ALL {
        assert_eq!(Page::of(section).kind(), section.kind(), "{section:?}");
    }
}

#[test]
fn a_record_whose_file_went_after_opening_is_said_once_when_the_window_needs_it() {
    let data = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let index = || {
        Some(crate::store::cache::ParseCache::at(
            cache.path().to_path_buf(),
            data.path(),
            0,
        ))
    };
    let mut ws = crate::workspace::open_ben_tre(data.path());
    let q = ws.questionnaires.latest("dbi-2021-sme").unwrap().clone();
    ws.add_many(crate::demo::generate(
        &ws.program,
        &q,
        12,
        2021,
        &Default::default(),
    ))
    .unwrap();
    drop(ws);
    drop(crate::workspace::Workspace::open_with_cache(data.path(), index()).unwrap());
    let ws = crate::workspace::Workspace::open_with_cache(data.path(), index()).unwrap();
    let gone = ws.summaries()[4].id;
    let mut core = AppCore::new(ws, Prefs::default());
    std::fs::remove_file(core.workspace.folder().enterprise_path(gone)).unwrap();
    assert!(core.workspace.get(gone).is_none());
    let now = Timestamp::now();
    core.refresh(now);
    core.refresh(now);
    let said: Vec<&str> = core
        .view
        .messages
        .iter()
        .map(|m| m.text.as_str())
        .filter(|t| t.contains(&format!("Record {gone} could not be read")))
        .collect();
    assert_eq!(said.len(), 1, "{:?}", core.view.messages);
}
