//! The profile page: opening it on a record or a new form ([`ProfileDraft`], in
//! [`super::drafts`]), its checks against the program's lists, and what saving
//! and leaving a profile do.
//!
//! Policy: the fields are read by their own rules ([`ProfileField::read`]), the
//! same the command line and the table import use; nothing is saved while one
//! fails. Leaving with unsaved changes asks first ([`Confirm::LeaveProfile`]).

use jiff::Timestamp;
use ulid::Ulid;

use super::action::Effect;
use super::apply::AppCore;
use super::drafts::ProfileDraft;
use super::state::{Confirm, Page, ProfilePage};
use crate::enterprise::Enterprise;
use crate::enterprise::field::{FieldProblem, ProfileField};
use crate::program::lists::ProgramLists;
use crate::text::Lang;
use crate::workspace::WorkspaceError;

impl AppCore {
    pub(super) fn open_enterprise(&mut self, id: Ulid) -> Result<(), WorkspaceError> {
        let e = self
            .workspace
            .get(id)
            .ok_or_else(|| WorkspaceError::NotFound(id.to_string()))?;
        let draft = ProfileDraft::from_enterprise(e, self.lang());
        self.view.list.selected = Some(id);
        self.view.page = Page::Profile(Box::new(ProfilePage {
            draft,
            activity: None,
        }));
        Ok(())
    }

    /// Shows `id` as it is now saved, when the profile form is open on it (after a
    /// change made elsewhere than the form: a conflict settled, data erased).
    /// The stored record of the profile form that is open, if any.
    pub(super) fn open_profile_record(&self) -> Option<Enterprise> {
        let id = self.view.profile()?.id?;
        self.workspace.get(id).cloned()
    }

    /// After an action of this window changed the record whose form is open (a
    /// consent recorded, an activity saved), the form is measured against the new
    /// version: the window's own writes are not another computer's. A form that
    /// was already behind (a change had arrived from elsewhere) stays behind.
    pub(super) fn rebase_open_profile(&mut self, before: Option<Enterprise>) {
        let Some(before) = before else {
            return;
        };
        let Some(after) = self.workspace.get(before.id) else {
            return;
        };
        if *after == before {
            return;
        }
        let after = std::sync::Arc::new(after.clone());
        if let Some(draft) = self.view.profile_mut()
            && draft.id == Some(before.id)
            && draft.base.as_deref() == Some(&before)
        {
            draft.base = Some(after);
        }
    }

    pub(super) fn reload_open_profile(&mut self, id: Ulid) {
        let lang = self.lang();
        if let Some(e) = self.workspace.get(id)
            && let Some(draft) = self.view.profile_mut()
            && draft.id == Some(id)
        {
            *draft = ProfileDraft::from_enterprise(e, lang);
        }
    }

    pub(super) fn new_enterprise(&mut self) {
        self.view.page = Page::Profile(Box::new(ProfilePage {
            draft: self.blank_profile(),
            activity: None,
        }));
    }

    /// A new enterprise's form: empty, with the consultant from Settings.
    fn blank_profile(&self) -> ProfileDraft {
        let mut draft = ProfileDraft::default();
        draft[ProfileField::Consultant] = self.consultant_name();
        draft
    }

    /// Saves the form; a field that fails its rule is shown and nothing is written.
    pub(super) fn save_profile(&mut self, now: Timestamp) -> Result<(), WorkspaceError> {
        let Some(draft) = self.view.profile().cloned() else {
            return Ok(());
        };
        let current = draft.id.and_then(|id| self.workspace.get(id));
        // Changed elsewhere since the form was filled (another laptop, through
        // the sync engine): the person's changes are merged with that version.
        let changed_elsewhere = match (draft.base.as_deref(), current) {
            (Some(base), Some(current)) if base != current => Some(base.clone()),
            _ => None,
        };
        let on_top_of = changed_elsewhere.as_ref().or(current);
        let mut lists =
            ProgramLists::new(&self.workspace.program, self.today()).holding(draft.base.as_deref());
        let enterprise = match draft.to_enterprise(on_top_of, now, &mut lists) {
            Ok(enterprise) => enterprise,
            Err(problem) => {
                let text = problem.text.get(self.lang()).to_owned();
                self.report(text);
                return Ok(());
            }
        };
        let id = match changed_elsewhere {
            Some(base) => self.workspace.save_edit_of(&base, enterprise)?,
            None => self.workspace.save(enterprise)?,
        };
        self.note_saved(now);
        let lang = self.lang();
        if let Some(e) = self.workspace.get(id)
            && let Some(draft) = self.view.profile_mut()
        {
            *draft = ProfileDraft::from_enterprise(e, lang);
        }
        self.view.list.selected = Some(id);
        Ok(())
    }

    /// Answers the question asked when leaving a profile with unsaved changes.
    pub(super) fn leave_profile(
        &mut self,
        save: bool,
        now: Timestamp,
    ) -> Result<Option<Effect>, WorkspaceError> {
        let pending = match self.view.confirm.take() {
            Some(Confirm::LeaveProfile(pending)) => pending,
            other => {
                self.view.confirm = other;
                return Ok(None);
            }
        };
        if save {
            self.save_profile(now)?;
            if self.profile_is_dirty() {
                // Not saved (a field to fix, shown above): stay.
                return Ok(None);
            }
        }
        // The way out replaces the page, and the form with it.
        self.route(*pending, now)
    }

    /// What the fields of `draft` fail, places and partners read against the
    /// program's lists (the values its record holds pass).
    pub fn profile_problems(&self, draft: &ProfileDraft) -> Vec<FieldProblem> {
        let mut lists =
            ProgramLists::new(&self.workspace.program, self.today()).holding(draft.base.as_deref());
        draft.problems(&mut lists)
    }

    /// Whether the profile form holds changes not yet saved.
    pub fn profile_is_dirty(&self) -> bool {
        let Some(draft) = self.view.profile() else {
            return false;
        };
        match draft.base.as_deref() {
            // As shown in either language: switching language is not an edit.
            Some(e) => [Lang::Vi, Lang::En]
                .into_iter()
                .all(|lang| *draft != ProfileDraft::from_enterprise(e, lang)),
            None => *draft != self.blank_profile(),
        }
    }
}
