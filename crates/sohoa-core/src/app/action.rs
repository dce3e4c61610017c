//! Everything a person can do in the window, as data, and the one place that
//! applies it.
//!
//! Key types: [`Action`], [`AppCore`]; method [`AppCore::apply`].
//!
//! Policy: UI code only reads state and pushes actions; `apply` runs once per
//! action at the end of the frame, changes the domain through [`Workspace`]
//! (which writes to disk first) and updates the view. It needs no egui context,
//! so every action is tested as plain Rust. Errors are shown once in the window
//! (in the user's language where the library gives one) and written to the log.

use std::path::PathBuf;

use jiff::Timestamp;
use ulid::Ulid;

use super::state::{
    ActivityDraft, Message, Page, Prefs, ProfileDraft, ProgramDraft, ViewState, WalkState,
};
use crate::enterprise::field::ProfileField;
use crate::enterprise::{Mode, Stage, SupportActivity};
use crate::program::dashboard::Dimension;
use crate::questionnaire::{Answer, Questionnaire};
use crate::store::StoreError;
use crate::text::Lang;
use crate::workspace::{Workspace, WorkspaceError};

/// The user's Documents folder, else the home folder, else the working folder:
/// where a file goes the first time one is saved.
pub fn default_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|dirs| {
            dirs.document_dir()
                .map(std::path::Path::to_path_buf)
                .or_else(|| Some(dirs.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Bundles, conflicts, duplicates, self-assessment.
#[derive(Debug, Clone, PartialEq)]
pub enum ExchangeAction {
    /// Read and plan these bundles, and show what importing them would do.
    PreviewImport(Vec<PathBuf>),
    /// Import the bundles of the preview.
    ConfirmImport,
    CancelImport,
    /// Write a bundle of these enterprises.
    ExportBundle {
        path: PathBuf,
        ids: Vec<Ulid>,
    },
    /// Keep `value` (canonical RON) for a field in conflict.
    ResolveConflict {
        enterprise: Ulid,
        field: ProfileField,
        value: String,
    },
    /// Merge two records of one enterprise.
    MergeDuplicates {
        first: Ulid,
        second: Ulid,
    },
    /// Write this folder's self-assessment as one file for the program.
    SendSelfAssessment {
        path: PathBuf,
    },
    /// Switch to the self-assessment folder.
    EnterSelfAssessment,
    /// Back to the program's data folder.
    LeaveSelfAssessment,
    /// Take a backup of the data folder now.
    BackupNow,
    /// Ask to put the folder back as it was in a backup (a second click confirms).
    AskRestore(String),
    /// Restore the backup asked for, then reopen the folder.
    ConfirmRestore,
}

/// One thing the user asked for.
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Navigate(Page),
    /// Show the profile of an enterprise.
    OpenEnterprise(Ulid),
    /// Start an empty profile form.
    NewEnterprise,
    /// Save the profile form (adds or updates).
    SaveProfile,
    SetArchived(Ulid, bool),
    /// Start (or resume the draft of) an assessment.
    StartAssessment {
        enterprise: Ulid,
        stage: Stage,
    },
    ResumeAssessment {
        enterprise: Ulid,
        assessment: Ulid,
    },
    /// Answer (or clear) a question of the assessment being walked through.
    Answer {
        question: String,
        answer: Option<Answer>,
    },
    /// Save the note typed for the current question.
    SaveNote,
    GoToQuestion(usize),
    NextQuestion,
    PreviousQuestion,
    Review,
    CompleteAssessment,
    /// Ask before discarding a draft (what would be lost is shown).
    AskDiscardDraft {
        enterprise: Ulid,
        assessment: Ulid,
    },
    /// Put the question away: the draft stays.
    KeepDraft,
    DiscardDraft {
        enterprise: Ulid,
        assessment: Ulid,
    },
    ShowResults {
        enterprise: Ulid,
        assessment: Ulid,
    },
    /// Start the activity form for an enterprise (a new one, or an existing one to edit).
    EditActivity {
        enterprise: Ulid,
        activity: Option<Ulid>,
    },
    SaveActivity,
    RemoveActivity {
        enterprise: Ulid,
        activity: Ulid,
    },
    /// Show the list filtered by one bar of the dashboard.
    FilterList {
        dimension: Dimension,
        key: String,
    },
    EditProgram,
    /// Opens the program settings to continue the program into a new period.
    ContinueProgram,
    SaveProgram,
    SetLang(Lang),
    SetDark(bool),
    SetScale(f32),
    SetConsultant(String),
    /// Add demo enterprises (first run).
    LoadDemo(usize),
    DismissWelcome,
    DismissMessage(usize),
    /// Write the PDF summary of an enterprise's latest assessment to a file.
    ExportSummary {
        enterprise: Ulid,
        path: PathBuf,
    },
    /// Write the program report to a file.
    ExportProgramReport {
        path: PathBuf,
    },
    /// Write the summary of every assessed enterprise into a folder.
    ExportAllSummaries {
        dir: PathBuf,
    },
    /// Bundles, conflicts, duplicates, self-assessment.
    Exchange(ExchangeAction),
    /// Open the form that chooses a path for `goal`, with `file_name` (may be
    /// empty) in the last folder used or the Documents folder.
    ChooseFile {
        goal: super::state::FileGoal,
        file_name: String,
    },
    /// Show a folder in the system's file manager.
    OpenFolder(PathBuf),
    /// Answer the question asked when leaving a profile with unsaved changes:
    /// save them (and go on if they could be saved), or drop them, then go on.
    LeaveProfile {
        save: bool,
    },
    /// Stay on the profile with its changes.
    StayOnProfile,
}

impl Action {
    /// Whether it takes the person to another page or another record (so that
    /// unsaved changes of a form would be left behind).
    pub fn leaves_the_page(&self) -> bool {
        matches!(
            self,
            Action::Navigate(_)
                | Action::OpenEnterprise(_)
                | Action::NewEnterprise
                | Action::StartAssessment { .. }
                | Action::ResumeAssessment { .. }
                | Action::ShowResults { .. }
                | Action::FilterList { .. }
        )
    }

    /// Whether applying it may write to the data folder (and so needs its lock).
    /// Moving around, opening forms and choosing files never does.
    pub fn writes(&self) -> bool {
        use ExchangeAction as X;
        match self {
            Action::SaveProfile
            | Action::SetArchived(..)
            | Action::StartAssessment { .. }
            | Action::Answer { .. }
            | Action::SaveNote
            | Action::CompleteAssessment
            | Action::DiscardDraft { .. }
            | Action::SaveActivity
            | Action::RemoveActivity { .. }
            | Action::SaveProgram
            | Action::LeaveProfile { save: true }
            | Action::LoadDemo(_) => true,
            Action::Exchange(x) => matches!(
                x,
                X::ConfirmImport
                    | X::ResolveConflict { .. }
                    | X::MergeDuplicates { .. }
                    | X::BackupNow
                    | X::ConfirmRestore
            ),
            _ => false,
        }
    }
}

/// What `apply` asks the shell to do that needs the window or a thread.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    OpenFolder(PathBuf),
    /// Lay out, draw and write these reports off the UI thread.
    WritePdfs(Vec<(PathBuf, crate::report::model::Report)>),
}

/// The app's state without the window: domain data, view state, preferences.
#[derive(Debug)]
pub struct AppCore {
    pub workspace: Workspace,
    pub view: ViewState,
    pub prefs: Prefs,
}

/// Picks the text in the current language.
pub fn tr(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

impl AppCore {
    pub fn new(workspace: Workspace, prefs: Prefs) -> AppCore {
        let mut view = ViewState::default();
        if let Some(error) = workspace.parse_cache_error() {
            super::log::error(error);
        }
        for problem in workspace.problems() {
            view.messages.push(Message {
                folder: None,
                error: true,
                text: problem.to_string(),
            });
        }
        // A consultant who left an assessment unfinished is offered it first; program staff
        // opening a folder full of other people's drafts land on the dashboard.
        let own_draft = workspace.enterprises().iter().any(|e| {
            e.assessments.iter().any(|a| {
                !a.is_completed() && a.assessor == crate::text::nfc_line(&prefs.consultant)
            })
        });
        view.page = if own_draft {
            Page::Drafts
        } else {
            Page::Dashboard
        };
        view.welcome_dismissed = !workspace.enterprises().is_empty();
        view.self_assessment = workspace.folder().is_self_assessment();
        view.backups = workspace.folder().backups();
        let mut workspace = workspace;
        workspace.set_actor(&prefs.consultant);
        let mut core = AppCore {
            workspace,
            view,
            prefs,
        };
        if core.view.self_assessment {
            core.start_self_assessment_view();
        }
        core
    }

    pub(super) fn lang(&self) -> Lang {
        self.prefs.lang
    }

    /// The questionnaire of the assessment being walked through.
    pub fn walk_questionnaire(&self) -> Option<&Questionnaire> {
        let walk = self.view.walk.as_ref()?;
        let e = self.workspace.get(walk.enterprise)?;
        let a = e.assessments.iter().find(|a| a.id == walk.assessment)?;
        self.workspace
            .questionnaires
            .get(&a.questionnaire, &a.questionnaire_version)
            .map(|q| &**q)
    }

    /// Shows an error once in the window and writes it to the log.
    pub fn report(&mut self, error: impl std::fmt::Display) {
        let text = error.to_string();
        super::log::error(&text);
        self.view.messages.push(Message {
            error: true,
            text,
            folder: None,
        });
    }

    pub(super) fn info(&mut self, text: String) {
        self.view.messages.push(Message {
            error: false,
            text,
            folder: None,
        });
    }

    /// Records that data was written at `now` (the status line's "Đã lưu …").
    pub(super) fn note_saved(&mut self, now: Timestamp) {
        self.view.last_saved = Some(now);
    }

    /// Whether the profile form holds changes not yet saved.
    pub fn profile_is_dirty(&self) -> bool {
        let Some(draft) = &self.view.profile else {
            return false;
        };
        let saved = match draft.id.and_then(|id| self.workspace.get(id)) {
            // As shown in either language: switching language is not an edit.
            Some(e) => {
                let [vi, en] =
                    [Lang::Vi, Lang::En].map(|lang| ProfileDraft::from_enterprise(e, lang));
                return *draft != vi && *draft != en;
            }
            None => ProfileDraft {
                consultant: self.consultant_name(),
                ..ProfileDraft::default()
            },
        };
        *draft != saved
    }

    /// The consultant's name from Settings, as it is recorded: kept as typed
    /// there (spaces and all), trimmed and composed here.
    pub fn consultant_name(&self) -> String {
        crate::text::nfc_line(&self.prefs.consultant)
    }

    /// A message about a file just written, offering to open its folder.
    pub(super) fn info_written(&mut self, text: String, file: &std::path::Path) {
        self.view.messages.push(Message {
            error: false,
            text,
            folder: file.parent().map(std::path::Path::to_path_buf),
        });
    }

    /// Applies one action. A failure is logged as it is and shown in the
    /// person's language.
    pub fn apply(&mut self, action: Action, now: Timestamp) -> Option<Effect> {
        // Leaving a profile with unsaved changes asks first; the way out waits.
        if action.leaves_the_page() && self.view.page == Page::Profile && self.profile_is_dirty() {
            self.view.leave_asked = Some(Box::new(action));
            return None;
        }
        match self.try_apply(action, now) {
            Ok(effect) => effect,
            Err(e) => {
                super::log::error(&e.to_string());
                let text = self.describe(&e);
                self.view.messages.push(Message {
                    error: true,
                    text,
                    folder: None,
                });
                None
            }
        }
    }

    /// An error in the user's language, with what to do about it.
    fn describe(&self, e: &WorkspaceError) -> String {
        let vi = self.lang() == Lang::Vi;
        match e {
            WorkspaceError::DuplicateTaxCode { tax_code, name, .. } if vi => {
                format!("Mã số thuế {tax_code} đã có: “{name}”. Mở hồ sơ đó thay vì tạo mới.")
            }
            WorkspaceError::DuplicateTaxCode { tax_code, name, .. } => {
                format!(
                    "Tax code {tax_code} already belongs to “{name}”. Open that profile instead of adding a new one."
                )
            }
            WorkspaceError::Store(StoreError::Write { path, source }) => {
                let reason = crate::text::io_reason(source, self.lang());
                if vi {
                    format!(
                        "Không lưu được {}: {reason}. Dữ liệu cũ vẫn còn nguyên. Hãy giải phóng ổ đĩa hoặc kiểm tra quyền ghi thư mục dữ liệu rồi thử lại.",
                        path.display()
                    )
                } else {
                    format!(
                        "Could not save {}: {reason}. The previous data is intact. Free some disk space or check the data folder's permissions, then try again.",
                        path.display()
                    )
                }
            }
            WorkspaceError::Store(StoreError::Lock(crate::store::LockError::Busy { .. })) if vi => {
                "Một chương trình Sohoa khác đang ghi vào thư mục dữ liệu quá lâu; chưa lưu được. Hãy thử lại sau ít phút.".into()
            }
            WorkspaceError::Store(store) if vi => format!(
                "Không lưu được, dữ liệu cũ vẫn còn nguyên: {store}. Hãy kiểm tra ổ đĩa hoặc quyền ghi thư mục dữ liệu rồi thử lại."
            ),
            WorkspaceError::Store(store) => format!(
                "Could not save; the previous data is intact: {store}. Check the disk or the data folder's permissions and try again."
            ),
            WorkspaceError::Backup(crate::store::BackupError::Io { path, source, .. }) => {
                let reason = crate::text::io_reason(source, self.lang());
                if vi {
                    format!(
                        "Không sao lưu được ({}: {reason}). Thư mục dữ liệu không bị thay đổi.",
                        path.display()
                    )
                } else {
                    format!(
                        "The backup could not be made ({}: {reason}). The data folder was not changed.",
                        path.display()
                    )
                }
            }
            WorkspaceError::SettingsChanged if vi => {
                "Cài đặt chương trình vừa được một chương trình khác thay đổi nên chưa lưu gì. Trang này đang hiện cài đặt mới nhất: hãy sửa lại rồi lưu.".into()
            }
            WorkspaceError::Unreadable { id, .. } if vi => format!(
                "Không đọc được tệp của doanh nghiệp {id} (tệp vẫn còn trong thư mục dữ liệu). Hãy sửa hoặc gỡ tệp đó trước."
            ),
            WorkspaceError::Frozen if vi => {
                "Đánh giá này đã hoàn thành nên không sửa được nữa. Hãy tạo một đánh giá lại."
                    .into()
            }
            other => other.to_string(),
        }
    }

    pub(super) fn try_apply(
        &mut self,
        action: Action,
        now: Timestamp,
    ) -> Result<Option<Effect>, WorkspaceError> {
        let lang = self.lang();
        match action {
            Action::Navigate(page) => {
                if page == Page::Enterprises {
                    self.view.list.focus_query = true;
                }
                self.view.page = page;
            }
            Action::OpenEnterprise(id) => {
                let e = self
                    .workspace
                    .get(id)
                    .ok_or_else(|| WorkspaceError::NotFound(id.to_string()))?;
                self.view.profile = Some(ProfileDraft::from_enterprise(e, self.lang()));
                self.view.list.selected = Some(id);
                self.view.activity = None;
                self.view.page = Page::Profile;
            }
            Action::NewEnterprise => {
                self.view.profile = Some(ProfileDraft {
                    consultant: self.consultant_name(),
                    ..ProfileDraft::default()
                });
                self.view.activity = None;
                self.view.page = Page::Profile;
            }
            Action::SaveProfile => {
                let Some(draft) = self.view.profile.clone() else {
                    return Ok(None);
                };
                if let Some(problem) = draft.problems().into_iter().next() {
                    self.report(if lang == Lang::Vi {
                        problem.vi
                    } else {
                        problem.en
                    });
                    return Ok(None);
                }
                let base = draft.id.and_then(|id| self.workspace.get(id));
                let enterprise = draft.to_enterprise(base, now);
                let id = self.workspace.save(enterprise)?;
                self.note_saved(now);
                if let Some(e) = self.workspace.get(id) {
                    self.view.profile = Some(ProfileDraft::from_enterprise(e, self.lang()));
                }
                self.view.list.selected = Some(id);
            }
            Action::SetArchived(id, archived) => {
                self.workspace.set_archived(id, archived, now)?;
                self.note_saved(now);
            }
            Action::StartAssessment { enterprise, stage } => {
                let questionnaire = self.workspace.program.default_questionnaire.clone();
                let (mode, assessor) = if self.view.self_assessment {
                    let person = self
                        .workspace
                        .get(enterprise)
                        .map(|e| e.contact.person.clone())
                        .unwrap_or_default();
                    (Mode::SelfAssessment, person)
                } else {
                    (Mode::ConsultantLed, self.consultant_name())
                };
                let assessment = self.workspace.start_assessment(
                    enterprise,
                    stage,
                    mode,
                    &assessor,
                    &questionnaire,
                    now,
                )?;
                self.note_saved(now);
                return self.try_apply(
                    Action::ResumeAssessment {
                        enterprise,
                        assessment,
                    },
                    now,
                );
            }
            Action::ResumeAssessment {
                enterprise,
                assessment,
            } => {
                let e = self
                    .workspace
                    .get(enterprise)
                    .ok_or_else(|| WorkspaceError::NotFound(enterprise.to_string()))?;
                let a = e
                    .assessments
                    .iter()
                    .find(|a| a.id == assessment)
                    .ok_or(WorkspaceError::NoSuchAssessment(assessment))?;
                let q = self.workspace.questionnaire_for(a)?;
                // Resume at the first unanswered question the person can see.
                let report = crate::questionnaire::score(q, &a.answers);
                let position = report.unanswered.first().and_then(|id| q.position(id));
                let mut walk = WalkState {
                    enterprise,
                    assessment,
                    position: position.unwrap_or(0),
                    review: position.is_none() && !a.answers.is_empty(),
                    number_text: String::new(),
                    whole_text: String::new(),
                    share_mode: false,
                    note_text: String::new(),
                    number_focus_for: None,
                    hint: None,
                };
                load_question_buffers(&mut walk, q, a);
                self.view.walk = Some(walk);
                self.view.page = Page::Walkthrough;
            }
            Action::Answer { question, answer } => {
                let Some(walk) = self.view.walk.clone() else {
                    return Ok(None);
                };
                self.workspace.set_answer(
                    walk.enterprise,
                    walk.assessment,
                    &question,
                    answer,
                    now,
                )?;
                self.note_saved(now);
            }
            Action::SaveNote => {
                let Some(walk) = self.view.walk.clone() else {
                    return Ok(None);
                };
                let Some(q) = self.walk_questionnaire() else {
                    return Ok(None);
                };
                let Some(question) = q.question_by_position(walk.position) else {
                    return Ok(None);
                };
                let id = question.id.clone();
                let stored = self
                    .current_assessment()
                    .and_then(|a| a.notes.get(&id).cloned())
                    .unwrap_or_default();
                if stored != walk.note_text {
                    self.workspace.set_note(
                        walk.enterprise,
                        walk.assessment,
                        &id,
                        &walk.note_text,
                        now,
                    )?;
                    self.note_saved(now);
                }
            }
            Action::GoToQuestion(position) => self.move_to(Some(position), now),
            Action::NextQuestion => {
                let next = self
                    .visible_positions()
                    .into_iter()
                    .find(|p| Some(*p) > self.view.walk.as_ref().map(|w| w.position));
                if self.view.walk.as_ref().is_some_and(|w| w.review) {
                    return Ok(None);
                }
                match next {
                    Some(p) => self.move_to(Some(p), now),
                    None => self.move_to(None, now),
                }
            }
            Action::PreviousQuestion => {
                let Some(walk) = &self.view.walk else {
                    return Ok(None);
                };
                let current = if walk.review {
                    usize::MAX
                } else {
                    walk.position
                };
                let previous = self
                    .visible_positions()
                    .into_iter()
                    .rev()
                    .find(|p| *p < current);
                if let Some(p) = previous {
                    self.move_to(Some(p), now);
                }
            }
            Action::Review => self.move_to(None, now),
            Action::CompleteAssessment => {
                let Some(walk) = self.view.walk.clone() else {
                    return Ok(None);
                };
                self.workspace
                    .complete_assessment(walk.enterprise, walk.assessment, now)?;
                self.note_saved(now);
                self.view.walk = None;
                self.view.results = Some((walk.enterprise, walk.assessment));
                self.view.page = Page::Results;
            }
            Action::DiscardDraft {
                enterprise,
                assessment,
            } => {
                self.view.discard_asked = None;
                self.workspace.discard_draft(enterprise, assessment, now)?;
                if self
                    .view
                    .walk
                    .as_ref()
                    .is_some_and(|w| w.assessment == assessment)
                {
                    self.view.walk = None;
                    self.view.page = Page::Drafts;
                }
                self.note_saved(now);
            }
            Action::ShowResults {
                enterprise,
                assessment,
            } => {
                self.view.results = Some((enterprise, assessment));
                self.view.page = Page::Results;
            }
            Action::EditActivity {
                enterprise,
                activity,
            } => {
                let e = self
                    .workspace
                    .get(enterprise)
                    .ok_or_else(|| WorkspaceError::NotFound(enterprise.to_string()))?;
                let existing = activity.and_then(|id| e.activities.iter().find(|a| a.id == id));
                self.view.activity = Some(match existing {
                    Some(a) => ActivityDraft {
                        enterprise,
                        id: Some(a.id),
                        date: crate::text::format_date(a.date),
                        kind: a.kind,
                        partner: a.partner.clone(),
                        platform: a.platform.clone().unwrap_or_default(),
                        note: a.note.clone(),
                    },
                    None => ActivityDraft {
                        enterprise,
                        id: None,
                        date: crate::text::format_date(crate::text::local_date(now)),
                        kind: crate::enterprise::ActivityKind::Training,
                        partner: e.partner.clone(),
                        platform: String::new(),
                        note: String::new(),
                    },
                });
            }
            Action::SaveActivity => {
                let Some(draft) = self.view.activity.clone() else {
                    return Ok(None);
                };
                let Some(date) = parse_vn_date(&draft.date) else {
                    self.report(tr(
                        lang,
                        "Ngày phải viết dạng dd/mm/yyyy, ví dụ 15/03/2025",
                        "Write the date as dd/mm/yyyy, e.g. 15/03/2025",
                    ));
                    return Ok(None);
                };
                let activity = SupportActivity {
                    id: draft.id.unwrap_or_else(|| {
                        Ulid::from_parts(now.as_millisecond().max(0) as u64, fastrand::u128(..))
                    }),
                    date,
                    kind: draft.kind,
                    partner: draft.partner.clone(),
                    platform: Some(draft.platform.clone()),
                    note: draft.note.clone(),
                    modified: Some(now),
                };
                self.workspace
                    .save_activity(draft.enterprise, activity, now)?;
                self.view.activity = None;
                self.note_saved(now);
            }
            Action::RemoveActivity {
                enterprise,
                activity,
            } => {
                self.workspace.remove_activity(enterprise, activity, now)?;
                self.note_saved(now);
            }
            Action::FilterList { dimension, key } => {
                self.view.list.filters = vec![(dimension, key)];
                self.view.list.query.clear();
                self.view.page = Page::Enterprises;
            }
            Action::EditProgram => {
                let p = &self.workspace.program;
                self.view.program_draft = Some(ProgramDraft {
                    name_vi: p.name.vi.clone(),
                    name_en: p.name.en.clone(),
                    region_vi: p.region.vi.clone(),
                    region_en: p.region.en.clone(),
                    target: p.target.to_string(),
                    start: crate::text::format_date(p.start),
                    end: crate::text::format_date(p.end),
                    partners: p.partners.join("\n"),
                    follow_up_months: p.follow_up_after_months.to_string(),
                    questionnaire: p.default_questionnaire.clone(),
                    places_as_of: p
                        .places_as_of
                        .map(crate::text::format_date)
                        .unwrap_or_default(),
                    new_period: false,
                });
            }
            Action::ContinueProgram => {
                let p = &self.workspace.program;
                let start = p.end.tomorrow().unwrap_or(p.end);
                let end = start
                    .saturating_add(jiff::Span::new().years(5))
                    .yesterday()
                    .unwrap_or(start);
                self.view.program_draft = Some(ProgramDraft {
                    name_vi: String::new(),
                    name_en: String::new(),
                    region_vi: p.region.vi.clone(),
                    region_en: p.region.en.clone(),
                    target: p.target.to_string(),
                    start: crate::text::format_date(start),
                    end: crate::text::format_date(end),
                    partners: p.partners.join("\n"),
                    follow_up_months: p.follow_up_after_months.to_string(),
                    questionnaire: p.default_questionnaire.clone(),
                    places_as_of: p
                        .places_as_of
                        .map(crate::text::format_date)
                        .unwrap_or_default(),
                    new_period: true,
                });
            }
            Action::SaveProgram => {
                let Some(draft) = self.view.program_draft.clone() else {
                    return Ok(None);
                };
                let mut settings = self.workspace.program.clone();
                let (Some(start), Some(end)) =
                    (parse_vn_date(&draft.start), parse_vn_date(&draft.end))
                else {
                    self.report(tr(
                        lang,
                        "Ngày phải viết dạng dd/mm/yyyy",
                        "Write dates as dd/mm/yyyy",
                    ));
                    return Ok(None);
                };
                let (Some(target), Some(months)) = (
                    crate::text::parse_count(&draft.target),
                    crate::text::parse_count(&draft.follow_up_months),
                ) else {
                    self.report(tr(
                        lang,
                        "Mục tiêu và số tháng phải là số nguyên",
                        "The target and the months must be whole numbers",
                    ));
                    return Ok(None);
                };
                if self
                    .workspace
                    .questionnaires
                    .latest(&draft.questionnaire)
                    .is_none()
                {
                    self.report(tr(
                        lang,
                        "Bộ câu hỏi này chưa được cài",
                        "That questionnaire is not installed",
                    ));
                    return Ok(None);
                }
                settings.name = crate::text::Text::new(draft.name_vi.trim(), draft.name_en.trim());
                settings.region =
                    crate::text::Text::new(draft.region_vi.trim(), draft.region_en.trim());
                settings.target = target;
                settings.start = start;
                settings.end = end;
                settings.partners = draft
                    .partners
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(String::from)
                    .collect();
                settings.follow_up_after_months = months;
                settings.default_questionnaire = draft.questionnaire.trim().to_owned();
                settings.places_as_of = if draft.places_as_of.trim().is_empty() {
                    None
                } else if let Some(day) = parse_vn_date(&draft.places_as_of) {
                    Some(day)
                } else {
                    self.report(tr(
                        lang,
                        "Ngày phải viết dạng dd/mm/yyyy",
                        "Write dates as dd/mm/yyyy",
                    ));
                    return Ok(None);
                };
                if draft.new_period
                    && (draft.name_vi.trim().is_empty() || draft.name_en.trim().is_empty())
                {
                    self.report(tr(
                        lang,
                        "Hãy đặt tên cho giai đoạn mới (tiếng Việt và tiếng Anh)",
                        "Name the new period (in Vietnamese and English)",
                    ));
                    return Ok(None);
                }
                let saved = if draft.new_period {
                    let next = crate::program::periods::NewPeriod {
                        name: settings.name.clone(),
                        start,
                        end,
                        target,
                    };
                    let today = crate::text::local_date(now);
                    self.workspace.continue_program(next, settings, today)
                } else {
                    self.workspace.update_program(settings)
                };
                if let Err(e) = saved {
                    if matches!(e, WorkspaceError::SettingsChanged) {
                        // Show the settings as the other program left them.
                        self.view.program_draft = None;
                        self.view.dashboard = None;
                    }
                    return Err(e);
                }
                self.view.program_draft = None;
                self.view.dashboard = None;
                self.note_saved(now);
                self.info(
                    tr(
                        lang,
                        "Đã lưu cài đặt chương trình",
                        "Program settings saved",
                    )
                    .to_owned(),
                );
            }
            Action::SetLang(lang) => self.prefs.lang = lang,
            Action::SetDark(dark) => self.prefs.dark = dark,
            Action::SetScale(scale) => self.prefs.scale = scale.clamp(0.75, 2.0),
            Action::SetConsultant(name) => {
                self.prefs.consultant = crate::text::nfc(&name);
                self.workspace.set_actor(&self.prefs.consultant);
            }
            Action::Exchange(action) => return self.apply_exchange(action, now),
            Action::LoadDemo(count) => {
                let q = self
                    .workspace
                    .questionnaires
                    .latest(&self.workspace.program.default_questionnaire)
                    .cloned()
                    .ok_or_else(|| WorkspaceError::UnknownQuestionnaire {
                        id: self.workspace.program.default_questionnaire.clone(),
                        version: "(latest)".into(),
                    })?;
                let taken = self
                    .workspace
                    .enterprises()
                    .iter()
                    .filter_map(|e| e.tax_code.clone())
                    .collect();
                let demo = crate::demo::generate(&self.workspace.program, &q, count, 2021, &taken);
                self.workspace.add_many(demo)?;
                self.view.welcome_dismissed = true;
                self.note_saved(now);
            }
            Action::DismissWelcome => self.view.welcome_dismissed = true,
            Action::ExportSummary { enterprise, path } => {
                let e = self
                    .workspace
                    .get(enterprise)
                    .ok_or_else(|| WorkspaceError::NotFound(enterprise.to_string()))?;
                let today = crate::text::local_date(now);
                match crate::report::summary::enterprise_summary(&self.workspace, e, lang, today) {
                    Ok(report) => return Ok(Some(Effect::WritePdfs(vec![(path, report)]))),
                    Err(err) => self.report(err),
                }
            }
            Action::AskDiscardDraft {
                enterprise,
                assessment,
            } => self.view.discard_asked = Some((enterprise, assessment)),
            Action::KeepDraft => self.view.discard_asked = None,
            Action::StayOnProfile => self.view.leave_asked = None,
            Action::LeaveProfile { save } => {
                let Some(pending) = self.view.leave_asked.take() else {
                    return Ok(None);
                };
                if save {
                    self.try_apply(Action::SaveProfile, now)?;
                    if self.profile_is_dirty() {
                        // Not saved (a field to fix, shown above): stay.
                        return Ok(None);
                    }
                } else {
                    self.view.profile = None;
                }
                return self.try_apply(*pending, now);
            }
            Action::ChooseFile { goal, file_name } => {
                let folder = self
                    .prefs
                    .last_folder
                    .clone()
                    .filter(|f| f.is_dir())
                    .unwrap_or_else(default_folder);
                let path = if file_name.is_empty() {
                    folder
                } else {
                    folder.join(file_name)
                };
                self.view.file_choice = Some(super::state::FileChoice {
                    goal,
                    path: path.display().to_string(),
                    problem: None,
                });
            }
            Action::OpenFolder(folder) => {
                // The one call that differs per system.
                let program = if cfg!(target_os = "windows") {
                    "explorer"
                } else if cfg!(target_os = "macos") {
                    "open"
                } else {
                    "xdg-open"
                };
                if let Err(e) = std::process::Command::new(program).arg(&folder).spawn() {
                    self.report(match lang {
                        Lang::Vi => format!("Không mở được thư mục {}: {e}", folder.display()),
                        Lang::En => format!("Could not open the folder {}: {e}", folder.display()),
                    });
                }
            }
            Action::ExportProgramReport { path } => {
                let today = crate::text::local_date(now);
                let report = crate::report::program::program_report(&self.workspace, lang, today);
                return Ok(Some(Effect::WritePdfs(vec![(path, report)])));
            }
            Action::ExportAllSummaries { dir } => {
                let today = crate::text::local_date(now);
                let ws = &self.workspace;
                let reports: Vec<(PathBuf, crate::report::model::Report)> = ws
                    .enterprises()
                    .iter()
                    .filter(|e| !e.archived && e.latest_completed().is_some())
                    .filter_map(|e| {
                        let report =
                            crate::report::summary::enterprise_summary(ws, e, lang, today).ok()?;
                        Some((dir.join(crate::report::file_name(e)), report))
                    })
                    .collect();
                return Ok(Some(Effect::WritePdfs(reports)));
            }
            Action::DismissMessage(index) => {
                if index < self.view.messages.len() {
                    self.view.messages.remove(index);
                }
            }
        }
        Ok(None)
    }

    /// The assessment being walked through.
    pub fn current_assessment(&self) -> Option<&crate::enterprise::Assessment> {
        let walk = self.view.walk.as_ref()?;
        self.workspace
            .get(walk.enterprise)?
            .assessments
            .iter()
            .find(|a| a.id == walk.assessment)
    }

    /// Positions of the questions shown with the current answers (skip logic applied).
    pub fn visible_positions(&self) -> Vec<usize> {
        match (self.walk_questionnaire(), self.current_assessment()) {
            (Some(q), Some(a)) => crate::questionnaire::scoring::visibility(q, &a.answers)
                .into_iter()
                .enumerate()
                .filter_map(|(i, shown)| shown.then_some(i))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Moves the walkthrough to a question (`None`: the review page), keeping the note typed.
    fn move_to(&mut self, position: Option<usize>, now: Timestamp) {
        let pending_note = self.view.walk.as_ref().is_some_and(|w| !w.review);
        if pending_note && let Err(e) = self.try_apply(Action::SaveNote, now) {
            self.report(e);
        }
        let (Some(q), Some(a)) = (
            self.walk_questionnaire().cloned(),
            self.current_assessment().cloned(),
        ) else {
            return;
        };
        let Some(walk) = self.view.walk.as_mut() else {
            return;
        };
        match position {
            Some(p) if p < q.question_count() => {
                walk.position = p;
                walk.review = false;
            }
            _ => walk.review = true,
        }
        load_question_buffers(walk, &q, &a);
    }
}

/// Fills the typing buffers of the current question from what is stored.
fn load_question_buffers(
    walk: &mut WalkState,
    q: &Questionnaire,
    a: &crate::enterprise::Assessment,
) {
    let Some(question) = q.question_by_position(walk.position) else {
        return;
    };
    walk.hint = None;
    let answer = a.answers.get(&question.id);
    walk.number_text = match answer {
        Some(Answer::Number(v)) => crate::text::format_number(*v),
        Some(Answer::Ratio(figures)) => crate::text::format_number(figures.part_as_typed()),
        _ => String::new(),
    };
    walk.whole_text = match answer {
        Some(Answer::Ratio(figures)) => figures
            .whole_as_typed()
            .map(crate::text::format_number)
            .unwrap_or_default(),
        _ => String::new(),
    };
    // A ratio answered with a share stays in share mode when the person comes back.
    walk.share_mode = matches!(
        (&question.kind, answer),
        (
            crate::questionnaire::QuestionKind::Ratio { .. },
            Some(Answer::Number(_))
        )
    );
    walk.note_text = a.notes.get(&question.id).cloned().unwrap_or_default();
}

pub use crate::text::parse_date as parse_vn_date;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enterprise::{ActivityKind, Enterprise};

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
            parse_vn_date("01/07/2025"),
            Some(jiff::civil::date(2025, 7, 1))
        );
        assert_eq!(
            parse_vn_date("1-7-2025"),
            Some(jiff::civil::date(2025, 7, 1))
        );
        assert_eq!(parse_vn_date("2025/07/01"), None);
        assert_eq!(crate::text::format_number(12.0), "12");
        assert_eq!(crate::text::format_number(12.5), "12.5");
    }
}
