//! The profile page: the enterprise form as typed ([`ProfileDraft`]), its checks,
//! and what opening, saving and leaving a profile do.
//!
//! Policy: the draft holds plain strings, one per field of
//! [`ProfileField::ALL`], so a half-typed figure is never lost and a new field
//! needs nothing here; they are read by the fields' own rules
//! ([`ProfileField::read`]), the same the command line and the table import use.
//! Nothing is saved while one fails.

use std::ops::{Index, IndexMut};

use jiff::Timestamp;
use ulid::Ulid;

use super::action::Effect;
use super::apply::AppCore;
use super::state::Page;
use crate::enterprise::Enterprise;
use crate::enterprise::field::{AsWritten, FieldLists, FieldProblem, ProfileField};
use crate::program::lists::ProgramLists;
use crate::text::{Lang, Text};
use crate::workspace::WorkspaceError;

/// The enterprise form, as typed: one text for each field a person types
/// ([`ProfileField::spec`]), read by the field's own rule when it is saved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileDraft {
    /// The enterprise being edited; `None` for a new one.
    pub id: Option<Ulid>,
    /// What is typed, by field (in [`ProfileField::ALL`]'s order).
    typed: [String; ProfileField::ALL.len()],
    /// The saved version the form was filled from: what the person's changes are
    /// measured against when it is saved, however the record changed meanwhile.
    pub base: Option<std::sync::Arc<Enterprise>>,
}

impl Index<ProfileField> for ProfileDraft {
    type Output = String;

    fn index(&self, field: ProfileField) -> &String {
        &self.typed[field as usize]
    }
}

impl IndexMut<ProfileField> for ProfileDraft {
    fn index_mut(&mut self, field: ProfileField) -> &mut String {
        &mut self.typed[field as usize]
    }
}

/// The fields of the form.
fn form_fields() -> impl Iterator<Item = ProfileField> {
    ProfileField::ALL.into_iter().filter(|f| f.spec().typed)
}

impl ProfileDraft {
    /// The form filled from a record, as `lang` writes it (`24,1` in Vietnamese,
    /// `24.1` in English; both are read back).
    pub fn from_enterprise(e: &Enterprise, lang: Lang) -> ProfileDraft {
        let mut draft = ProfileDraft {
            id: Some(e.id),
            base: Some(std::sync::Arc::new(e.clone())),
            ..ProfileDraft::default()
        };
        for field in form_fields() {
            draft[field] = field.typed(e, lang);
        }
        draft
    }

    /// Every field that fails its rule, as the person types; places and
    /// partners are read against `lists`.
    pub fn problems(&self, lists: &mut dyn FieldLists) -> Vec<FieldProblem> {
        form_fields()
            .filter_map(|field| field.read(&self[field], lists).err())
            .collect()
    }

    /// The size class the typed sector and figures give (Decree 80/2021).
    pub fn size_class(&self) -> Option<crate::enterprise::SizeClass> {
        let mut probe = Enterprise::new("", Timestamp::UNIX_EPOCH);
        for field in [
            ProfileField::Sector,
            ProfileField::Staff,
            ProfileField::Revenue,
            ProfileField::Capital,
            ProfileField::SizeYear,
        ] {
            // A figure that does not read yet is left out.
            if let Ok(value) = field.read(&self[field], &mut AsWritten) {
                let _ = field.set(&mut probe, &value);
            }
        }
        probe.size_class()
    }

    /// The enterprise this form describes, on top of `base` (the stored record,
    /// if any), or the first field that fails its rule.
    pub fn to_enterprise(
        &self,
        base: Option<&Enterprise>,
        now: Timestamp,
        lists: &mut dyn FieldLists,
    ) -> Result<Enterprise, FieldProblem> {
        let mut e = base.cloned().unwrap_or_else(|| Enterprise::new("", now));
        for field in form_fields() {
            let value = field.read(&self[field], lists)?;
            field.set(&mut e, &value).map_err(|reason| FieldProblem {
                field,
                text: Text::new(reason.clone(), reason),
            })?;
        }
        e.modified = now;
        Ok(e)
    }
}

impl AppCore {
    pub(super) fn open_enterprise(&mut self, id: Ulid) -> Result<(), WorkspaceError> {
        let e = self
            .workspace
            .get(id)
            .ok_or_else(|| WorkspaceError::NotFound(id.to_string()))?;
        self.view.profile = Some(ProfileDraft::from_enterprise(e, self.lang()));
        self.view.list.selected = Some(id);
        self.view.activity = None;
        self.view.page = Page::Profile;
        Ok(())
    }

    /// Shows `id` as it is now saved, when the profile form is open on it (after a
    /// change made elsewhere than the form: a conflict settled, data erased).
    /// The stored record of the profile form that is open, if any.
    pub(super) fn open_profile_record(&self) -> Option<Enterprise> {
        let id = self.view.profile.as_ref()?.id?;
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
        if let Some(draft) = self.view.profile.as_mut()
            && draft.id == Some(before.id)
            && draft.base.as_deref() == Some(&before)
        {
            draft.base = Some(after);
        }
    }

    pub(super) fn reload_open_profile(&mut self, id: Ulid) {
        if self.view.profile.as_ref().is_some_and(|d| d.id == Some(id))
            && let Some(e) = self.workspace.get(id)
        {
            self.view.profile = Some(ProfileDraft::from_enterprise(e, self.lang()));
        }
    }

    pub(super) fn new_enterprise(&mut self) {
        self.view.profile = Some(self.blank_profile());
        self.view.activity = None;
        self.view.page = Page::Profile;
    }

    /// A new enterprise's form: empty, with the consultant from Settings.
    fn blank_profile(&self) -> ProfileDraft {
        let mut draft = ProfileDraft::default();
        draft[ProfileField::Consultant] = self.consultant_name();
        draft
    }

    /// Saves the form; a field that fails its rule is shown and nothing is written.
    pub(super) fn save_profile(&mut self, now: Timestamp) -> Result<(), WorkspaceError> {
        let Some(draft) = self.view.profile.clone() else {
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
        if let Some(e) = self.workspace.get(id) {
            self.view.profile = Some(ProfileDraft::from_enterprise(e, self.lang()));
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
        let Some(pending) = self.view.leave_asked.take() else {
            return Ok(None);
        };
        if save {
            self.save_profile(now)?;
            if self.profile_is_dirty() {
                // Not saved (a field to fix, shown above): stay.
                return Ok(None);
            }
        } else {
            self.view.profile = None;
        }
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
        let Some(draft) = &self.view.profile else {
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
