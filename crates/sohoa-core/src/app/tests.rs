//! The window's actions applied as plain Rust: each test does what a person
//! does and checks what the view and the data folder then hold.

use std::path::PathBuf;

use jiff::Timestamp;
use ulid::Ulid;

use super::*;
use crate::enterprise::Stage;
use crate::enterprise::{ActivityKind, Enterprise};
use crate::program::dashboard::Dimension;
use crate::questionnaire::Answer;
use crate::store::StoreError;
use crate::text::Lang;
use crate::workspace::{Workspace, WorkspaceError};

fn core() -> (tempfile::TempDir, AppCore, Ulid) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path()).unwrap();
    let mut e = Enterprise::new("Công ty TNHH Thạch dừa Phú Thịnh", Timestamp::UNIX_EPOCH);
    e.tax_code = Some("0100109106".into());
    let id = ws.save(e).unwrap();
    (dir, AppCore::new(ws, Prefs::default()), id)
}

fn now() -> Timestamp {
    Timestamp::now()
}

fn start(core: &mut AppCore, id: Ulid) {
    let _ = core.apply(
        Action::StartAssessment {
            enterprise: id,
            stage: Stage::Baseline,
        },
        now(),
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
    let _ = core.apply(Action::Navigate(Page::Enterprises), now());
    assert_eq!(core.view.page, Page::Enterprises);
    assert!(core.view.list.focus_query);
}

#[test]
fn opening_an_enterprise_fills_the_form_from_the_record() {
    let (_dir, mut core, id) = core();
    let _ = core.apply(Action::OpenEnterprise(id), now());
    assert_eq!(core.view.page, Page::Profile);
    assert_eq!(core.view.profile.as_ref().unwrap().tax_code, "0100109106");
}

#[test]
fn a_new_profile_is_saved_and_a_broken_one_is_refused_with_a_message() {
    let (_dir, mut core, _) = core();
    core.prefs.consultant = "Trần Minh Khoa".into();
    let _ = core.apply(Action::NewEnterprise, now());
    assert_eq!(
        core.view.profile.as_ref().unwrap().consultant,
        "Trần Minh Khoa"
    );
    let draft = core.view.profile.as_mut().unwrap();
    draft.name = "Hợp tác xã Nông sản Ba Tri".into();
    draft.tax_code = "0100109107".into();
    let _ = core.apply(Action::SaveProfile, now());
    assert_eq!(core.workspace.enterprises().len(), 1);
    assert_eq!(
        core.view.messages.last().unwrap().text,
        "Chữ số kiểm tra là 7, đúng ra phải là 6"
    );
    core.view.profile.as_mut().unwrap().tax_code = "1300123452".into();
    let _ = core.apply(Action::SaveProfile, now());
    assert_eq!(core.workspace.enterprises().len(), 2);
    assert!(core.view.profile.as_ref().unwrap().id.is_some());
}

#[test]
fn a_duplicate_tax_code_is_explained_in_vietnamese() {
    let (_dir, mut core, _) = core();
    let _ = core.apply(Action::NewEnterprise, now());
    let draft = core.view.profile.as_mut().unwrap();
    draft.name = "Trùng mã".into();
    draft.tax_code = "0100109106".into();
    let _ = core.apply(Action::SaveProfile, now());
    assert!(
        core.view
            .messages
            .last()
            .unwrap()
            .text
            .contains("đã có: “Công ty TNHH Thạch dừa Phú Thịnh”")
    );
    assert_eq!(core.workspace.enterprises().len(), 1);
}

#[test]
fn archiving_hides_and_restoring_shows_again() {
    let (_dir, mut core, id) = core();
    let _ = core.apply(Action::SetArchived(id, true), now());
    assert!(core.workspace.get(id).unwrap().archived);
    assert_eq!(core.workspace.stats().enterprises, 0);
    let _ = core.apply(Action::SetArchived(id, false), now());
    assert_eq!(core.workspace.stats().enterprises, 1);
}

#[test]
fn an_assessment_is_walked_answered_noted_and_completed() {
    let (_dir, mut core, id) = core();
    start(&mut core, id);
    assert_eq!(core.view.page, Page::Walkthrough);
    assert_eq!(core.view.walk.as_ref().unwrap().position, 0);
    let _ = core.apply(
        Action::Answer {
            question: "customer.website_updates".into(),
            answer: Some(Answer::Choice("weekly".into())),
        },
        now(),
    );
    core.view.walk.as_mut().unwrap().note_text = "Trang web mới làm năm ngoái".into();
    let _ = core.apply(Action::NextQuestion, now());
    assert_eq!(core.view.walk.as_ref().unwrap().position, 1);
    assert_eq!(
        core.current_assessment().unwrap().notes["customer.website_updates"],
        "Trang web mới làm năm ngoái"
    );
    let _ = core.apply(Action::PreviousQuestion, now());
    assert_eq!(
        core.view.walk.as_ref().unwrap().note_text,
        "Trang web mới làm năm ngoái",
        "the note comes back"
    );
    let _ = core.apply(Action::GoToQuestion(10), now());
    assert_eq!(core.view.walk.as_ref().unwrap().position, 10);
    let _ = core.apply(Action::Review, now());
    assert!(core.view.walk.as_ref().unwrap().review);
    let _ = core.apply(Action::CompleteAssessment, now());
    assert_eq!(core.view.page, Page::Results);
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
    let _ = core.apply(
        Action::Answer {
            question: "customer.marketplaces".into(),
            answer: Some(Answer::Choice("no_online".into())),
        },
        now(),
    );
    let _ = core.apply(Action::GoToQuestion(3), now());
    let _ = core.apply(Action::NextQuestion, now());
    // Questions 5 and 6 (online revenue) are hidden: the next one shown is 7.
    assert_eq!(core.view.walk.as_ref().unwrap().position, 6);
}

#[test]
fn a_wrong_answer_is_reported_and_not_saved() {
    let (_dir, mut core, id) = core();
    start(&mut core, id);
    let _ = core.apply(
        Action::Answer {
            question: "customer.digital_marketing_share".into(),
            answer: Some(Answer::Number(140.0)),
        },
        now(),
    );
    assert_eq!(core.view.messages.len(), 1);
    assert!(core.current_assessment().unwrap().answers.is_empty());
}

#[test]
fn a_draft_is_resumed_where_it_stopped_and_can_be_discarded() {
    let (_dir, mut core, id) = core();
    start(&mut core, id);
    let _ = core.apply(
        Action::Answer {
            question: "customer.website_updates".into(),
            answer: Some(Answer::Choice("stale".into())),
        },
        now(),
    );
    let assessment = core.view.walk.as_ref().unwrap().assessment;
    core.view.walk = None;
    let _ = core.apply(
        Action::ResumeAssessment {
            enterprise: id,
            assessment,
        },
        now(),
    );
    assert_eq!(core.view.walk.as_ref().unwrap().position, 1);
    let _ = core.apply(
        Action::DiscardDraft {
            enterprise: id,
            assessment,
        },
        now(),
    );
    assert!(core.workspace.get(id).unwrap().assessments.is_empty());
    assert_eq!(core.view.page, Page::Drafts);
}

#[test]
fn results_are_shown_for_the_chosen_assessment() {
    let (_dir, mut core, id) = core();
    let a = Ulid::from_parts(1, 1);
    let _ = core.apply(
        Action::ShowResults {
            enterprise: id,
            assessment: a,
        },
        now(),
    );
    assert_eq!(core.view.results, Some((id, a)));
    assert_eq!(core.view.page, Page::Results);
}

#[test]
fn an_activity_is_added_edited_and_removed() {
    let (_dir, mut core, id) = core();
    let _ = core.apply(
        Action::EditActivity {
            enterprise: id,
            activity: None,
        },
        now(),
    );
    let draft = core.view.activity.as_mut().unwrap();
    draft.date = "15/03/2025".into();
    draft.kind = ActivityKind::EInvoiceSetup;
    draft.platform = "Hóa đơn điện tử".into();
    let _ = core.apply(Action::SaveActivity, now());
    let activity = core.workspace.get(id).unwrap().activities[0].clone();
    assert_eq!(activity.date, jiff::civil::date(2025, 3, 15));
    let _ = core.apply(
        Action::EditActivity {
            enterprise: id,
            activity: Some(activity.id),
        },
        now(),
    );
    assert_eq!(core.view.activity.as_ref().unwrap().date, "15/03/2025");
    core.view.activity.as_mut().unwrap().date = "31/02/2025".into();
    let _ = core.apply(Action::SaveActivity, now());
    assert!(
        core.view
            .messages
            .last()
            .unwrap()
            .text
            .contains("dd/mm/yyyy")
    );
    let _ = core.apply(
        Action::RemoveActivity {
            enterprise: id,
            activity: activity.id,
        },
        now(),
    );
    assert!(core.workspace.get(id).unwrap().activities.is_empty());
}

#[test]
fn a_dashboard_bar_opens_the_list_filtered_by_it() {
    let (_dir, mut core, _) = core();
    let _ = core.apply(
        Action::FilterList {
            dimension: Dimension::Place,
            key: "ba-tri".into(),
        },
        now(),
    );
    assert_eq!(core.view.page, Page::Enterprises);
    assert_eq!(
        core.view.list.filters,
        vec![(Dimension::Place, "ba-tri".to_owned())]
    );
}

#[test]
fn program_settings_are_edited_and_bad_dates_refused() {
    let (_dir, mut core, _) = core();
    let _ = core.apply(Action::EditProgram, now());
    let draft = core.view.program_draft.as_mut().unwrap();
    assert_eq!(draft.end, "31/12/2025");
    draft.end = "31/12/2026".into();
    draft.target = "1200".into();
    draft.partners = "VNPT\nViettel\nFPT\nMISA".into();
    let _ = core.apply(Action::SaveProgram, now());
    assert_eq!(core.workspace.program.target, 1200);
    assert_eq!(core.workspace.program.end, jiff::civil::date(2026, 12, 31));
    assert_eq!(core.workspace.program.partners.len(), 4);
    let _ = core.apply(Action::EditProgram, now());
    core.view.program_draft.as_mut().unwrap().start = "hôm qua".into();
    let _ = core.apply(Action::SaveProgram, now());
    assert!(
        core.view
            .messages
            .last()
            .unwrap()
            .text
            .contains("dd/mm/yyyy")
    );
}

#[test]
fn preferences_change_without_touching_the_data() {
    let (_dir, mut core, _) = core();
    let generation = core.workspace.generation();
    let _ = core.apply(Action::SetLang(Lang::En), now());
    let _ = core.apply(Action::SetDark(true), now());
    let _ = core.apply(Action::SetScale(5.0), now());
    let _ = core.apply(Action::SetConsultant("  Lê Hoàng Nam ".into()), now());
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
    let _ = core.apply(Action::OpenEnterprise(id), now());
    assert_eq!(core.view.profile.as_ref().unwrap().revenue, "24,1");
    assert!(!core.profile_is_dirty());
    let _ = core.apply(Action::SetLang(Lang::En), now());
    assert!(!core.profile_is_dirty(), "a language switch is not an edit");
    let _ = core.apply(Action::SaveProfile, now());
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
        let _ = core.apply(Action::SetConsultant(typed.clone()), now());
    }
    assert_eq!(core.prefs.consultant, "Lê Văn An ");
    assert_eq!(core.consultant_name(), "Lê Văn An");
    assert_eq!(core.workspace.actor(), "Lê Văn An");
}

#[test]
fn demo_data_is_added_and_the_welcome_closes() {
    let (_dir, mut core, _) = core();
    core.view.welcome_dismissed = false;
    let _ = core.apply(Action::LoadDemo(25), now());
    assert_eq!(core.workspace.enterprises().len(), 26);
    assert!(core.view.welcome_dismissed);
    let _ = core.apply(Action::DismissWelcome, now());
}

#[test]
fn a_dismissed_message_goes_away_and_a_bad_index_is_ignored() {
    let (_dir, mut core, _) = core();
    core.report("một lỗi");
    let _ = core.apply(Action::DismissMessage(5), now());
    assert_eq!(core.view.messages.len(), 1);
    let _ = core.apply(Action::DismissMessage(0), now());
    assert!(core.view.messages.is_empty());
}

#[test]
fn exporting_a_summary_hands_its_report_to_the_shell() {
    let (dir, mut core, id) = core();
    start(&mut core, id);
    let _ = core.apply(Action::CompleteAssessment, now());
    let path = dir.path().join("tom-tat.pdf");
    match core.apply(
        Action::ExportSummary {
            enterprise: id,
            path: path.clone(),
        },
        now(),
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
    match core.apply(
        Action::ExportAllSummaries {
            dir: dir.path().join("pdf"),
        },
        now(),
    ) {
        Some(Effect::WritePdfs(reports)) => assert_eq!(reports.len(), 1),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        core.apply(
            Action::ExportProgramReport {
                path: dir.path().join("ct.pdf")
            },
            now()
        ),
        Some(Effect::WritePdfs(_))
    ));
}

#[test]
fn exporting_without_a_completed_assessment_explains_why() {
    let (dir, mut core, id) = core();
    let effect = core.apply(
        Action::ExportSummary {
            enterprise: id,
            path: dir.path().join("x.pdf"),
        },
        now(),
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
