//! Personal data in an enterprise record: the consent to hold it, copies
//! without it, and erasing it on request (Law 91/2025/QH15 and Decree
//! 356/2025/NĐ-CP).
//!
//! Key type: [`Consent`]; methods [`Enterprise::may_share_contacts`],
//! [`Enterprise::without_contacts`], [`Enterprise::forget_personal_data`],
//! [`Enterprise::apply_erasure`].
//!
//! Personal data here means the contact fields ([`ProfileField::PERSONAL`]:
//! the contact person, phone and e-mail), their values in the history and in
//! conflicts. The enterprise's own figures (name, tax code, size, answers) are
//! about the business, not a person, and stay.
//!
//! Erasure is recorded in the history ([`ChangeKind::Erased`]) so that it
//! travels with the record: every merge applies it again, so an older copy (a
//! bundle, a sync engine's conflict copy) cannot bring the erased values back.
//! Values entered after the erasure (with new consent) are kept.
//!
//! Policy: pure, no I/O, never fails.

use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Enterprise;
use super::field::ProfileField;
use super::history::{Change, ChangeKind};
use crate::text::Text;

/// Whether the contacts agreed to their personal data being held, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// Given (true), or refused or withdrawn (false).
    pub given: bool,
    /// The day it was given, refused or withdrawn.
    pub date: Date,
    /// Who recorded it (the consultant).
    #[serde(default)]
    pub recorded_by: String,
    /// What the data is held for, as told to the person.
    #[serde(default)]
    pub purpose: String,
}

impl Consent {
    /// `Đồng ý ngày 30/11/2026 (Lan)`.
    pub fn describe(&self) -> Text {
        let date = crate::text::format_date(self.date);
        let by = if self.recorded_by.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.recorded_by)
        };
        if self.given {
            Text::new(
                format!("Đồng ý ngày {date}{by}"),
                format!("Given on {date}{by}"),
            )
        } else {
            Text::new(
                format!("Không đồng ý / đã rút lại ngày {date}{by}"),
                format!("Refused or withdrawn on {date}{by}"),
            )
        }
    }
}

impl Enterprise {
    /// Whether consent to hold the contacts' data is recorded as given.
    pub fn may_share_contacts(&self) -> bool {
        self.consent.as_ref().is_some_and(|c| c.given)
    }

    /// Whether the record holds any contact data.
    pub fn has_contacts(&self) -> bool {
        ProfileField::PERSONAL
            .iter()
            .any(|f| f.get(self) != f.initial())
            || self
                .conflicts
                .iter()
                .any(|c| ProfileField::from_key(&c.field).is_some_and(ProfileField::is_personal))
    }

    /// A copy without the contacts' personal data: the contact fields empty, and
    /// no trace of their values in the history or in conflicts. For exports of
    /// records without recorded consent.
    pub fn without_contacts(&self) -> Enterprise {
        let mut copy = self.clone();
        for field in ProfileField::PERSONAL {
            // The initial value always sets back.
            let _ = field.set(&mut copy, &field.initial());
        }
        copy.history.retain(|change| !touches_personal(change));
        copy.conflicts
            .retain(|c| !ProfileField::from_key(&c.field).is_some_and(ProfileField::is_personal));
        copy
    }

    /// Erases the contacts' personal data on request, at `at` by `by`: the values,
    /// their history and conflicts go, the consent is recorded as withdrawn, and
    /// the erasure is recorded so that no merge brings the values back.
    pub fn forget_personal_data(&mut self, at: Timestamp, by: &str) {
        let day = crate::text::local_date(at);
        let purpose = self
            .consent
            .as_ref()
            .map(|c| c.purpose.clone())
            .unwrap_or_default();
        let previous_consent = ProfileField::Consent.get(self);
        self.consent = Some(Consent {
            given: false,
            date: day,
            recorded_by: by.to_owned(),
            purpose,
        });
        self.history.push(Change {
            at,
            by: by.to_owned(),
            what: ChangeKind::Field {
                field: ProfileField::Consent.key().to_owned(),
                old: previous_consent,
                new: ProfileField::Consent.get(self),
            },
        });
        self.history.push(Change {
            at,
            by: by.to_owned(),
            what: ChangeKind::Erased {
                fields: ProfileField::PERSONAL
                    .iter()
                    .map(|f| f.key().to_owned())
                    .collect(),
            },
        });
        self.modified = self.modified.max(at);
        self.apply_erasure();
    }

    /// The last erasure recorded in the history, if any.
    pub fn erased_at(&self) -> Option<Timestamp> {
        self.history
            .iter()
            .filter(|c| matches!(c.what, ChangeKind::Erased { .. }))
            .map(|c| c.at)
            .max()
    }

    /// Applies the last recorded erasure again: personal values set up to then
    /// (and their history and conflicts) are removed; values set afterwards stay.
    /// Run after every merge. Does nothing to a record never erased.
    pub fn apply_erasure(&mut self) {
        let Some(erased) = self.erased_at() else {
            return;
        };
        // The personal values someone set after the erasure: the only ones that stay.
        let kept: BTreeSet<(String, String)> = self
            .history
            .iter()
            .filter(|change| change.at > erased)
            .filter_map(|change| match &change.what {
                ChangeKind::Field { field, new, .. } => Some((field.clone(), new.clone())),
                ChangeKind::Resolved { field, chosen, .. } => Some((field.clone(), chosen.clone())),
                _ => None,
            })
            .collect();
        let set_after = |field: ProfileField, value: &str| {
            kept.contains(&(field.key().to_owned(), value.to_owned()))
        };
        for field in ProfileField::PERSONAL {
            let value = field.get(self);
            if value != field.initial() && !set_after(field, &value) {
                let _ = field.set(self, &field.initial());
            }
        }
        for conflict in &mut self.conflicts {
            if let Some(field) = ProfileField::from_key(&conflict.field)
                && field.is_personal()
            {
                conflict.others.retain(|value| set_after(field, value));
            }
        }
        self.conflicts.retain(|c| !c.others.is_empty());
        self.history
            .retain(|change| change.at > erased || !touches_personal(change));
        // A change made after the erasure on a copy that had not heard of it still
        // names an erased value as the one it replaced, or set aside.
        for change in &mut self.history {
            match &mut change.what {
                ChangeKind::Field { field, old, .. } => {
                    if let Some(field) = ProfileField::from_key(field)
                        && field.is_personal()
                        && !set_after(field, old)
                    {
                        *old = field.initial();
                    }
                }
                ChangeKind::Resolved {
                    field, discarded, ..
                } => {
                    if let Some(field) = ProfileField::from_key(field)
                        && field.is_personal()
                    {
                        discarded.retain(|value| set_after(field, value));
                    }
                }
                _ => {}
            }
        }
        // Two copies of one change may now read the same.
        self.history.sort();
        self.history.dedup();
    }
}

/// Whether a history entry holds a value of a personal field.
fn touches_personal(change: &Change) -> bool {
    match &change.what {
        ChangeKind::Field { field, .. } | ChangeKind::Resolved { field, .. } => {
            ProfileField::from_key(field).is_some_and(ProfileField::is_personal)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enterprise::history::record_changes;
    use crate::enterprise::merge::merge;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(seconds).unwrap()
    }

    /// A record whose phone was typed, then corrected.
    fn with_phone() -> Enterprise {
        let mut e = Enterprise::new("HTX Bưởi", at(0));
        for (phone, when) in [("0275 111", 10), ("0275 222", 20)] {
            let before = e.clone();
            e.contact.phone = phone.into();
            e.contact.person = "Chị Tư".into();
            let changes = record_changes(Some(&before), &e, "Lan", at(when));
            e.history.extend(changes);
        }
        e
    }

    fn anywhere(e: &Enterprise, text: &str) -> bool {
        ron::to_string(e).unwrap().contains(text)
    }

    #[test]
    fn forgetting_leaves_no_trace_of_the_contacts_in_the_record_or_its_history() {
        let mut e = with_phone();
        e.forget_personal_data(at(100), "Hùng");
        assert_eq!(e.contact.phone, "");
        assert_eq!(e.contact.person, "");
        for secret in ["0275 111", "0275 222", "Chị Tư"] {
            assert!(!anywhere(&e, secret), "{secret} is still in the record");
        }
        assert_eq!(e.name, "HTX Bưởi");
        assert!(!e.may_share_contacts());
        assert_eq!(e.erased_at(), Some(at(100)));
    }

    #[test]
    fn an_older_copy_merged_in_does_not_bring_erased_contacts_back() {
        let old_copy = with_phone();
        let mut erased = old_copy.clone();
        erased.forget_personal_data(at(100), "Hùng");
        for merged in [
            merge(&erased, &old_copy, None).enterprise,
            merge(&old_copy, &erased, None).enterprise,
        ] {
            assert!(!anywhere(&merged, "0275 222"));
            assert!(!anywhere(&merged, "0275 111"));
            assert!(merged.conflicts.is_empty());
            assert_eq!(merged.contact.phone, "");
        }
    }

    #[test]
    fn a_contact_entered_after_the_erasure_with_new_consent_is_kept_through_merges() {
        let old_copy = with_phone();
        let mut e = old_copy.clone();
        e.forget_personal_data(at(100), "Hùng");
        let before = e.clone();
        e.contact.phone = "0909 333".into();
        let changes = record_changes(Some(&before), &e, "Hùng", at(200));
        e.history.extend(changes);
        let merged = merge(&e, &old_copy, None).enterprise;
        assert_eq!(merged.contact.phone, "0909 333");
        assert!(!anywhere(&merged, "0275 222"));
    }

    #[test]
    fn an_edit_made_after_the_erasure_on_a_stale_copy_does_not_keep_the_erased_value_as_old() {
        let stale = with_phone();
        let mut erased = stale.clone();
        erased.forget_personal_data(at(100), "Hùng");
        // Later, on the copy that never heard of the erasure, the phone is changed.
        let mut edited = stale.clone();
        let before = edited.clone();
        edited.contact.phone = "0909 777".into();
        let changes = record_changes(Some(&before), &edited, "Lan", at(150));
        edited.history.extend(changes);
        let merged = merge(&erased, &edited, None).enterprise;
        assert_eq!(merged.contact.phone, "0909 777");
        assert!(!anywhere(&merged, "0275 222"), "{:?}", merged.history);
        assert!(!anywhere(&merged, "Chị Tư"));
    }

    #[test]
    fn a_copy_without_contacts_keeps_everything_else() {
        let e = with_phone();
        let copy = e.without_contacts();
        assert!(!anywhere(&copy, "0275"));
        assert!(!anywhere(&copy, "Chị Tư"));
        assert_eq!(copy.name, e.name);
        assert_eq!(e.history.len(), 3);
        assert!(copy.history.is_empty());
    }
}
