//! The enterprise form as typed ([`ProfileDraft`]): one text for each field of
//! the profile's table, read by the field's own rule when it is saved.
//!
//! Policy: the draft holds plain strings, one per field of
//! [`ProfileField::ALL`], so a half-typed figure is never lost and a new field
//! needs nothing here; they are read by the fields' own rules
//! ([`ProfileField::read`]), the same the command line and the table import use.
//!
//! ```
//! use sohoa_core::app::drafts::ProfileDraft;
//! use sohoa_core::enterprise::Enterprise;
//! use sohoa_core::enterprise::field::{AsWritten, ProfileField};
//! use sohoa_core::text::Lang;
//! let mut e = Enterprise::new("HTX Bưởi", jiff::Timestamp::UNIX_EPOCH);
//! e.size.revenue_billion = Some(12.5);
//! let mut draft = ProfileDraft::from_enterprise(&e, Lang::Vi);
//! assert_eq!(draft[ProfileField::Revenue], "12,5");
//! draft[ProfileField::Staff] = "12,5".into();
//! assert_eq!(draft.problems(&mut AsWritten)[0].field, ProfileField::Staff);
//! ```

use std::ops::{Index, IndexMut};

use jiff::Timestamp;
use ulid::Ulid;

use crate::enterprise::Enterprise;
use crate::enterprise::field::{AsWritten, FieldLists, FieldProblem, ProfileField};
use crate::text::{Lang, Text};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_has_its_own_text_in_the_draft() {
        for (position, field) in ProfileField::ALL.into_iter().enumerate() {
            assert_eq!(field as usize, position, "{}", field.key());
        }
        let mut draft = ProfileDraft::default();
        draft[ProfileField::Phone] = "0909".into();
        let filled: Vec<ProfileField> = ProfileField::ALL
            .into_iter()
            .filter(|f| !draft[*f].is_empty())
            .collect();
        assert_eq!(filled, [ProfileField::Phone]);
    }
}
