//! The app without its window, and the one place that applies what the person
//! asked: [`AppCore::apply`] routes each [`Action`] to the handler of its page
//! (`profile`, `walk`, `activity`, `program`, `files`, `list`, `exchange`).
//!
//! Key type: [`AppCore`] (the domain workspace, the view state, the preferences).
//!
//! Policy: `apply` runs once per action at the end of the frame, after every
//! [`Edit`] of that frame (what was typed comes before what it was typed for);
//! handlers change the domain through [`Workspace`], which writes to disk first,
//! then the view. A failure is logged as it is and shown once, in the person's
//! language ([`describe`](AppCore::describe)). No egui here: every action is
//! tested as plain Rust.

use jiff::Timestamp;

use super::action::{Action, Edit, Effect};
use super::state::{Confirm, Message, Page, Prefs, ResultsPage, Section, ViewState};
use crate::text::Lang;
use crate::workspace::{Workspace, WorkspaceError};

/// The app's state without the window: domain data, view state, preferences.
#[derive(Debug)]
pub struct AppCore {
    pub workspace: Workspace,
    pub view: ViewState,
    pub prefs: Prefs,
    /// This installation's keys, to seal bundles and open sealed ones.
    pub keyring: crate::keys::Keyring,
    /// Watching the folder for what other programs write (see [`super::follow`]).
    pub following: super::following::Following,
}

impl AppCore {
    pub fn new(workspace: Workspace, prefs: Prefs) -> AppCore {
        let mut view = ViewState::default();
        if let Some(error) = workspace.parse_cache_error() {
            super::log::error(error);
        }
        if let Some(reason) = workspace.read_only() {
            view.messages.push(Message {
                folder: None,
                error: true,
                text: prefs.lang.pick(
                    format!("Thư mục dữ liệu này chỉ đọc được trên máy này ({reason}): Sohoa hiển thị những gì nó chứa, nhưng không thể thay đổi. Hãy chép thư mục sang nơi có quyền ghi, hoặc xin quyền ghi."),
                    format!("This data folder can only be read on this computer ({reason}): Sohoa shows what it holds but cannot change it. Copy the folder to a place you can write to, or ask for write access."),
                ),
            });
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
        let consultant = crate::text::nfc_line(&prefs.consultant);
        let own_draft = workspace.summaries().iter().any(|s| {
            s.draft
                .as_ref()
                .is_some_and(|draft| draft.assessor == consultant)
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
        let keyring = crate::keys::Keyring::for_this_user(workspace.folder().root());
        let mut core = AppCore {
            workspace,
            view,
            prefs,
            keyring,
            following: super::following::Following::default(),
        };
        if core.view.self_assessment {
            core.start_self_assessment_view();
        }
        core
    }

    pub fn lang(&self) -> Lang {
        self.prefs.lang
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

    /// A message about a file just written, offering to open its folder.
    pub(super) fn info_written(&mut self, text: String, file: &std::path::Path) {
        self.view.messages.push(Message {
            error: false,
            text,
            folder: file.parent().map(std::path::Path::to_path_buf),
        });
    }

    /// Records that data was written at `now` (the status line's "Đã lưu …").
    /// After a change was saved: the status line says so, the welcome gives way
    /// to the dashboard, and the day's first backup is taken as soon as there is
    /// something to lose (a folder made today has none until then).
    pub(super) fn note_saved(&mut self, now: Timestamp) {
        self.view.last_saved = Some(now);
        if !self.workspace.enterprises().is_empty() {
            self.view.welcome_dismissed = true;
        }
        let today = crate::text::local_date(now);
        if self.view.backup_checked != Some(today) {
            self.view.backup_checked = Some(today);
            match self.workspace.daily_backup(now) {
                Ok(Some(_)) => self.view.backups = self.workspace.folder().backups(),
                Ok(None) => {}
                Err(e) => self.report(e),
            }
        }
    }

    /// The consultant's name from Settings, as it is recorded: kept as typed
    /// there (spaces and all), trimmed and composed here.
    pub fn consultant_name(&self) -> String {
        crate::text::nfc_line(&self.prefs.consultant)
    }

    /// The actions of one frame in the order they are applied: the edits first
    /// (what was typed comes before the button it was typed for), then the rest
    /// as they were pushed.
    pub fn in_frame_order(actions: Vec<Action>) -> Vec<Action> {
        let (mut edits, commands): (Vec<Action>, Vec<Action>) = actions
            .into_iter()
            .partition(|a| matches!(a, Action::Edit(_)));
        edits.extend(commands);
        edits
    }

    /// Applies one action. A failure is logged as it is and shown in the
    /// person's language.
    pub fn apply(&mut self, action: Action, now: Timestamp) -> Option<Effect> {
        // Leaving a profile with unsaved changes asks first; the way out waits.
        if action.leaves_the_page() && self.profile_is_dirty() {
            self.view.confirm = Some(Confirm::LeaveProfile(Box::new(action)));
            return None;
        }
        // What is typed changes a form, never a record: no copy to keep for it.
        let open_before = match action {
            Action::Edit(_) => None,
            _ => self.open_profile_record(),
        };
        let routed = self.route(action, now);
        self.rebase_open_profile(open_before);
        if let Some(why) = self.workspace.take_written_here_error() {
            super::log::error(&why);
        }
        match routed {
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

    /// Sends each action to the handler of its page.
    pub(super) fn route(
        &mut self,
        action: Action,
        now: Timestamp,
    ) -> Result<Option<Effect>, WorkspaceError> {
        match action {
            Action::Edit(edit) => self.take_edit(edit),
            Action::Navigate(page) => self.navigate(page),
            Action::FilterList { dimension, key } => self.filter_list(dimension, key),
            Action::ShowResults {
                enterprise,
                assessment,
            } => {
                self.view.page = Page::Results(Box::new(ResultsPage {
                    enterprise,
                    assessment,
                    scored: None,
                }));
            }
            Action::DismissMessage(index) => {
                if index < self.view.messages.len() {
                    self.view.messages.remove(index);
                }
            }

            Action::OpenEnterprise(id) => self.open_enterprise(id)?,
            Action::NewEnterprise => self.new_enterprise(),
            Action::SaveProfile => self.save_profile(now)?,
            Action::SetArchived(id, archived) => {
                self.workspace.set_archived(id, archived, now)?;
                self.note_saved(now);
            }
            Action::LeaveProfile { save } => return self.leave_profile(save, now),
            Action::StayOnProfile => self.close_confirm(|c| matches!(c, Confirm::LeaveProfile(_))),

            Action::StartAssessment { enterprise, stage } => {
                self.start_assessment(enterprise, stage, now)?
            }
            Action::ResumeAssessment {
                enterprise,
                assessment,
            } => self.resume_assessment(enterprise, assessment)?,
            Action::Answer { question, answer } => self.answer(&question, answer, now)?,
            Action::SaveNote => self.save_note(now)?,
            Action::GoToQuestion(position) => self.move_to(Some(position), now),
            Action::NextQuestion => self.next_question(now),
            Action::PreviousQuestion => self.previous_question(now),
            Action::Review => self.move_to(None, now),
            Action::CompleteAssessment => self.complete_assessment(now)?,
            Action::AskDiscardDraft {
                enterprise,
                assessment,
            } => {
                self.view.confirm = Some(Confirm::DiscardDraft {
                    enterprise,
                    assessment,
                })
            }
            Action::KeepDraft => self.close_confirm(|c| matches!(c, Confirm::DiscardDraft { .. })),
            Action::DiscardDraft {
                enterprise,
                assessment,
            } => self.discard_draft(enterprise, assessment, now)?,

            Action::EditActivity {
                enterprise,
                activity,
            } => self.edit_activity(enterprise, activity, now)?,
            Action::SaveActivity => self.save_activity(now)?,
            Action::RemoveActivity {
                enterprise,
                activity,
            } => {
                self.workspace.remove_activity(enterprise, activity, now)?;
                self.note_saved(now);
            }

            Action::EditProgram => self.edit_program(false),
            Action::ContinueProgram => self.edit_program(true),
            Action::CancelProgramEdit => {
                if let Page::Settings(draft) = &mut self.view.page {
                    *draft = None;
                }
            }
            Action::SaveProgram => self.save_program(now)?,
            Action::SetLang(lang) => self.prefs.lang = lang,
            Action::SetDark(dark) => self.prefs.dark = dark,
            Action::SetScale(scale) => self.prefs.scale = scale.clamp(0.75, 2.0),
            Action::SetConsultant(name) => {
                self.prefs.consultant = crate::text::nfc(&name);
                self.workspace.set_actor(&self.prefs.consultant);
            }
            Action::ShowHelp(section) => self.view.help = section,
            Action::StartSetupFrom(preset) => self.start_setup_from(preset),
            Action::SetUpProgram(preset) => self.set_up_program(preset, now)?,
            Action::LoadDemo(count) => return self.load_demo(count, now),
            Action::LeaveDemo => {
                let real = crate::demo::real_folder(self.workspace.folder().root());
                return Ok(Some(Effect::OpenDataFolder(real)));
            }
            Action::DismissWelcome => self.view.welcome_dismissed = true,

            Action::ExportSummary { enterprise, path } => {
                return self.export_summary(enterprise, path, now);
            }
            Action::ExportProgramReport { path } => {
                return Ok(Some(self.export_program_report(path, now)));
            }
            Action::ExportAllSummaries { dir } => {
                return Ok(Some(self.export_all_summaries(dir, now)));
            }
            Action::ExportForm { enterprise, path } => self.export_form(enterprise, &path, now)?,
            Action::ChooseFile { goal, file_name } => self.choose_file(goal, file_name),
            Action::UseFileChoice => return self.use_file_choice(now),
            Action::CancelFileChoice => self.view.file_choice = None,
            Action::ShowFolder(folder) => self.show_folder(&folder),

            Action::Exchange(action) => return self.apply_exchange(action, now),
            Action::Keys(action) => self.apply_keys(action, now)?,
        }
        Ok(None)
    }

    /// Takes in what was typed or picked, unless its form has closed or moved on.
    fn take_edit(&mut self, edit: Edit) {
        let view = &mut self.view;
        match edit {
            Edit::Profile(draft) => {
                if let Some(current) = view.profile_mut()
                    && current.id == draft.id
                {
                    *current = *draft;
                }
            }
            Edit::Activity(draft) => {
                if let Some(Some(current)) = view.activity_mut()
                    && (current.enterprise, current.id) == (draft.enterprise, draft.id)
                {
                    *current = *draft;
                }
            }
            Edit::Program(draft) => {
                if let Some(current) = view.program_draft_mut()
                    && current.new_period == draft.new_period
                {
                    *current = *draft;
                }
            }
            Edit::Setup(draft) => {
                if view.setup.is_some() {
                    view.setup = Some(*draft);
                }
            }
            Edit::Walk(walk) => {
                if let Some(current) = view.walk_mut()
                    && current.is_at_the_same_place_as(&walk)
                {
                    *current = *walk;
                }
            }
            Edit::FileChoice(choice) => {
                if let Some(current) = &mut view.file_choice
                    && current.goal == choice.goal
                {
                    *current = *choice;
                }
            }
            Edit::Scale(scale) => view.scale_draft = scale,
            Edit::Keys(form) => view.keys_form = form,
            Edit::List(edit) => view.list.take_edit(edit),
        }
    }

    fn navigate(&mut self, section: Section) {
        if section == Section::Enterprises {
            self.view.list.focus_query = true;
        }
        self.view.page = Page::of(section);
    }

    /// Takes the question asked, if it is the one `which` names (another stays).
    pub(super) fn take_confirm(&mut self, which: impl Fn(&Confirm) -> bool) -> Option<Confirm> {
        if self.view.confirm.as_ref().is_some_and(which) {
            self.view.confirm.take()
        } else {
            None
        }
    }

    /// Closes the question asked, if it is the one `which` names.
    pub(super) fn close_confirm(&mut self, which: impl Fn(&Confirm) -> bool) {
        let _closed = self.take_confirm(which);
    }

    fn filter_list(&mut self, dimension: crate::program::dashboard::Dimension, key: String) {
        self.view.list.filters = vec![(dimension, key)];
        self.view.list.query.clear();
        self.view.list.scroll_to_top = true;
        self.view.page = Page::Enterprises;
    }

    /// Demo enterprises in a folder of their own: this one when it is a demo
    /// folder, else the demo folder beside it, made, set up and filled the
    /// first time and then opened in the window.
    fn load_demo(
        &mut self,
        count: usize,
        now: Timestamp,
    ) -> Result<Option<Effect>, WorkspaceError> {
        if !self.workspace.program.demo {
            let folder = crate::demo::demo_folder(self.workspace.folder().root());
            let mut demo = Workspace::open(&folder)?;
            fill_demo_folder(&mut demo, count)?;
            return Ok(Some(Effect::OpenDataFolder(folder)));
        }
        let held = self.workspace.enterprises().len();
        if held > 0 {
            return Err(WorkspaceError::DemoIntoRealFolder(held));
        }
        let program = &self.workspace.program;
        let q = self
            .workspace
            .questionnaires
            .latest(&program.default_questionnaire)
            .cloned()
            .ok_or_else(|| WorkspaceError::UnknownQuestionnaire {
                id: program.default_questionnaire.clone(),
                version: "(latest)".into(),
            })?;
        let taken = self
            .workspace
            .enterprises()
            .iter()
            .filter_map(|e| e.tax_code.clone())
            .collect();
        let demo = crate::demo::generate(program, &q, count, 2021, &taken);
        self.workspace.add_many(demo)?;
        self.view.welcome_dismissed = true;
        self.note_saved(now);
        Ok(None)
    }
}

/// Sets up a demo folder's program (if it has none) and adds `count` demo
/// enterprises (if it has none).
pub fn fill_demo_folder(demo: &mut Workspace, count: usize) -> Result<(), WorkspaceError> {
    if !demo.is_set_up() {
        let program = crate::demo::demo_program()
            .map_err(|e| WorkspaceError::InvalidSettings(e.to_string()))?;
        demo.set_up_program(program)?;
    }
    if !demo.enterprises().is_empty() {
        return Ok(());
    }
    let q = demo
        .questionnaires
        .latest(&demo.program.default_questionnaire)
        .cloned()
        .ok_or_else(|| WorkspaceError::UnknownQuestionnaire {
            id: demo.program.default_questionnaire.clone(),
            version: "(latest)".into(),
        })?;
    let generated = crate::demo::generate(&demo.program, &q, count, 2021, &Default::default());
    demo.add_many(generated)?;
    Ok(())
}
