//! The profile page: the enterprise form as typed ([`ProfileDraft`]), its checks,
//! and what opening, saving and leaving a profile do.
//!
//! Policy: the draft holds plain strings, so a half-typed figure is never lost;
//! its checks are the fields' own rules ([`ProfileField::check_typed`]), the same
//! the command line and validation use. Nothing is saved while one fails.

use jiff::Timestamp;
use ulid::Ulid;

use super::action::Effect;
use super::apply::AppCore;
use super::state::Page;
use crate::enterprise::field::{FieldProblem, ProfileField, decimal};
use crate::enterprise::{Contact, Enterprise, LegalForm, Sector, SizeFigures, tax_code};
use crate::text::{Lang, nfc};
use crate::workspace::WorkspaceError;

/// The enterprise form, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileDraft {
    /// The enterprise being edited; `None` for a new one.
    pub id: Option<Ulid>,
    pub name: String,
    pub tax_code: String,
    pub legal_form: Option<LegalForm>,
    pub sector: String,
    pub staff: String,
    pub revenue: String,
    pub capital: String,
    pub year: String,
    pub address: String,
    pub admin_unit: Option<String>,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub partner: Option<String>,
    pub consultant: String,
    pub notes: String,
    /// The saved version the form was filled from: what the person's changes are
    /// measured against when it is saved, however the record changed meanwhile.
    pub base: Option<std::sync::Arc<Enterprise>>,
}

impl ProfileDraft {
    /// The form filled from a record, figures written as `lang` writes them
    /// (`24,1` in Vietnamese, `24.1` in English; both are read back).
    pub fn from_enterprise(e: &Enterprise, lang: Lang) -> ProfileDraft {
        let figure = |v: Option<f64>| v.map(|v| decimal(v, lang)).unwrap_or_default();
        ProfileDraft {
            id: Some(e.id),
            name: e.name.clone(),
            tax_code: e.tax_code.clone().unwrap_or_default(),
            legal_form: e.legal_form,
            sector: e
                .sector
                .as_ref()
                .map(|s| s.section.clone())
                .unwrap_or_default(),
            staff: e.size.staff.map(|s| s.to_string()).unwrap_or_default(),
            revenue: figure(e.size.revenue_billion),
            capital: figure(e.size.capital_billion),
            year: e.size.year.map(|y| y.to_string()).unwrap_or_default(),
            address: e.address.clone(),
            admin_unit: e.admin_unit.clone(),
            contact_person: e.contact.person.clone(),
            phone: e.contact.phone.clone(),
            email: e.contact.email.clone(),
            partner: e.partner.clone(),
            consultant: e.consultant.clone().unwrap_or_default(),
            notes: e.notes.clone(),
            base: Some(std::sync::Arc::new(e.clone())),
        }
    }

    /// Every field that fails its rule, as the person types.
    pub fn problems(&self) -> Vec<FieldProblem> {
        [
            (ProfileField::Name, &self.name),
            (ProfileField::TaxCode, &self.tax_code),
            (ProfileField::Staff, &self.staff),
            (ProfileField::Revenue, &self.revenue),
            (ProfileField::Capital, &self.capital),
            (ProfileField::SizeYear, &self.year),
            (ProfileField::Email, &self.email),
        ]
        .into_iter()
        .filter_map(|(field, typed)| field.check_typed(typed).err())
        .collect()
    }

    /// The size figures as typed (those that do not read are left out).
    fn size_figures(&self) -> SizeFigures {
        SizeFigures {
            staff: self.staff.trim().parse().ok(),
            revenue_billion: parse_amount(&self.revenue),
            capital_billion: parse_amount(&self.capital),
            year: self.year.trim().parse().ok(),
        }
    }

    /// The size class the typed sector and figures give (Decree 80/2021).
    pub fn size_class(&self) -> Option<crate::enterprise::SizeClass> {
        let reference = crate::enterprise::reference::Reference::get();
        let section = reference.section(&self.sector).map(|s| s.code.as_str());
        crate::enterprise::size::derive_size_class(section, &self.size_figures())
    }

    /// The enterprise this form describes, on top of `base` (the stored record, if any).
    /// Call only when [`ProfileDraft::problems`] is empty.
    pub fn to_enterprise(&self, base: Option<&Enterprise>, now: Timestamp) -> Enterprise {
        let mut e = base
            .cloned()
            .unwrap_or_else(|| Enterprise::new(&self.name, now));
        let text = |s: &str| nfc(s.trim());
        let optional = |s: &str| Some(text(s)).filter(|s| !s.is_empty());
        e.name = text(&self.name);
        e.tax_code = tax_code::parse(&self.tax_code)
            .ok()
            .map(|c| c.as_str().to_owned());
        e.legal_form = self.legal_form;
        let reference = crate::enterprise::reference::Reference::get();
        e.sector = reference.section(&self.sector).map(|s| Sector {
            section: s.code.clone(),
            vsic_version: reference.vsic.version.clone(),
        });
        e.size = self.size_figures();
        e.address = text(&self.address);
        e.admin_unit = self.admin_unit.clone();
        e.contact = Contact {
            person: text(&self.contact_person),
            phone: text(&self.phone),
            email: text(&self.email),
        };
        e.partner = self.partner.clone();
        e.consultant = optional(&self.consultant);
        e.notes = nfc(self.notes.trim_end());
        e.modified = now;
        e
    }
}

/// An amount as typed in a Vietnamese form: `2,5` and `2.5` are both two and a
/// half, `1.200` is one thousand two hundred (see [`crate::text::parse_decimal`]).
pub fn parse_amount(text: &str) -> Option<f64> {
    crate::text::parse_decimal(text, Lang::Vi)
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
        ProfileDraft {
            consultant: self.consultant_name(),
            ..ProfileDraft::default()
        }
    }

    /// Saves the form; a field that fails its rule is shown and nothing is written.
    pub(super) fn save_profile(&mut self, now: Timestamp) -> Result<(), WorkspaceError> {
        let Some(draft) = self.view.profile.clone() else {
            return Ok(());
        };
        if let Some(problem) = draft.problems().into_iter().next() {
            let text = problem.text.get(self.lang()).to_owned();
            self.report(text);
            return Ok(());
        }
        let current = draft.id.and_then(|id| self.workspace.get(id));
        let id = match (draft.base.as_deref(), current) {
            // Changed elsewhere since the form was filled (another laptop, through
            // the sync engine): the person's changes are merged with that version.
            (Some(base), Some(current)) if base != current => {
                let enterprise = draft.to_enterprise(Some(base), now);
                let base = base.clone();
                self.workspace.save_edit_of(&base, enterprise)?
            }
            _ => {
                let enterprise = draft.to_enterprise(current, now);
                self.workspace.save(enterprise)?
            }
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
