//! What happened to an enterprise record: who changed what, and when.
//!
//! Key types: [`Change`], [`ChangeKind`], [`FieldConflict`]; function
//! [`record_changes`], which compares a record before and after an edit.
//!
//! Policy: the history is append-only and travels with the record, so a bundle
//! or a synced copy carries it too. It doubles as the memory the merge needs: a
//! field value that appears as the *old* value of a change is one this side has
//! moved away from, so a copy that still has it is simply behind, not in conflict.
//! Single answers are not logged (an assessment is logged when it starts, is
//! completed or discarded); profile fields, activities, merges and conflict
//! resolutions are. No I/O here.

use std::collections::BTreeSet;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use ulid::Ulid;

use super::Enterprise;
use super::field::ProfileField;

/// The merge source of a change this computer saved, brought back into a record
/// after a sync engine wrote over it (the store's copies of what was written
/// here bring it back; said in both languages below).
pub const WRITTEN_OVER: &str = "a change saved on this computer that the sync engine wrote over";

/// One entry in an enterprise's history.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub at: Timestamp,
    /// The person who made it (the consultant's name), empty when unknown.
    #[serde(default)]
    pub by: String,
    pub what: ChangeKind,
}

/// What a [`Change`] did.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ChangeKind {
    /// The record was created.
    Created,
    /// A profile field changed (values are canonical RON, see [`ProfileField::get`]).
    Field {
        field: String,
        old: String,
        new: String,
    },
    AssessmentStarted(Ulid),
    AssessmentCompleted(Ulid),
    DraftDiscarded(Ulid),
    ActivityAdded(Ulid),
    ActivityChanged(Ulid),
    ActivityRemoved(Ulid),
    /// Data from elsewhere was merged in: a bundle (its sender and machine), a
    /// sync engine's conflict copy, or a duplicate record.
    Merged {
        source: String,
    },
    /// The contacts' personal data was erased on request (Law 91/2025/QH15): the
    /// fields' values up to this moment are gone from the record and its history,
    /// and a merge with an older copy does not bring them back.
    Erased {
        fields: Vec<String>,
    },
    /// A person chose one value of a field in conflict; the others were set aside.
    Resolved {
        field: String,
        chosen: String,
        discarded: Vec<String>,
    },
}

/// A profile field that two copies changed differently: the value in the record
/// is the newer one; the others are kept here until a person chooses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldConflict {
    pub field: String,
    /// The values not shown, canonical RON, sorted.
    pub others: Vec<String>,
}

impl Enterprise {
    /// The values of `field` this record has moved away from: old values of its
    /// changes, values discarded when a conflict was resolved, and the initial value.
    pub fn superseded_values(&self, field: ProfileField) -> BTreeSet<String> {
        let key = field.key();
        let mut values = BTreeSet::from([field.initial()]);
        for change in &self.history {
            match &change.what {
                ChangeKind::Field { field, old, .. } if field == key => {
                    values.insert(old.clone());
                }
                ChangeKind::Resolved {
                    field, discarded, ..
                } if field == key => values.extend(discarded.iter().cloned()),
                _ => {}
            }
        }
        values
    }

    /// The last change that gave `field` the value `value`, if one is recorded.
    pub fn setting_change(&self, field: ProfileField, value: &str) -> Option<&Change> {
        self.history
            .iter()
            .rev()
            .find(|change| change.sets(field, value))
    }

    /// When `field` last took `value` here (or when the record was created), and by whom.
    pub fn value_set(&self, field: ProfileField, value: &str) -> (Timestamp, &str) {
        self.setting_change(field, value)
            .map_or((self.created, ""), |change| (change.at, change.by.as_str()))
    }

    /// The conflict on `field`, if any.
    pub fn conflict(&self, field: ProfileField) -> Option<&FieldConflict> {
        self.conflicts.iter().find(|c| c.field == field.key())
    }

    /// Settles the conflict on `field` with `chosen` (the shown value or one of the
    /// others), recording the decision; the other values are set aside for good.
    pub fn resolve(
        &mut self,
        field: ProfileField,
        chosen: &str,
        by: &str,
        at: Timestamp,
    ) -> Result<(), String> {
        let Some(index) = self.conflicts.iter().position(|c| c.field == field.key()) else {
            return Err(format!("{} has no conflict", field.key()));
        };
        let mut candidates: BTreeSet<String> =
            self.conflicts[index].others.iter().cloned().collect();
        candidates.insert(field.get(self));
        if !candidates.remove(chosen) {
            return Err(format!("{chosen} is not one of the values in conflict"));
        }
        field.set(self, chosen)?;
        self.conflicts.remove(index);
        self.history.push(Change {
            at,
            by: by.to_owned(),
            what: ChangeKind::Resolved {
                field: field.key().to_owned(),
                chosen: chosen.to_owned(),
                discarded: candidates.into_iter().collect(),
            },
        });
        self.modified = self.modified.max(at);
        Ok(())
    }

    /// Ids removed on purpose (discarded drafts and removed activities): a merge
    /// does not bring them back.
    pub fn removed_ids(&self) -> BTreeSet<Ulid> {
        self.history
            .iter()
            .filter_map(|change| match change.what {
                ChangeKind::DraftDiscarded(id) | ChangeKind::ActivityRemoved(id) => Some(id),
                _ => None,
            })
            .collect()
    }
}

impl Enterprise {
    /// Drops the removals (a discarded draft, a removed activity) of ids that this
    /// record's own history never shows it had: a copy from elsewhere cannot
    /// remove what its sender never saw. Returns the ids whose removal was dropped.
    pub fn drop_unseen_removals(&mut self) -> Vec<Ulid> {
        let seen: BTreeSet<Ulid> = self
            .history
            .iter()
            .filter_map(|change| match change.what {
                ChangeKind::AssessmentStarted(id)
                | ChangeKind::AssessmentCompleted(id)
                | ChangeKind::ActivityAdded(id)
                | ChangeKind::ActivityChanged(id) => Some(id),
                _ => None,
            })
            .chain(self.assessments.iter().map(|a| a.id))
            .chain(self.activities.iter().map(|a| a.id))
            .collect();
        let mut dropped = Vec::new();
        self.history.retain(|change| match change.what {
            ChangeKind::DraftDiscarded(id) | ChangeKind::ActivityRemoved(id)
                if !seen.contains(&id) =>
            {
                dropped.push(id);
                false
            }
            _ => true,
        });
        dropped
    }
}

/// The history entries that describe how `before` became `after` (`None` for a new record).
pub fn record_changes(
    before: Option<&Enterprise>,
    after: &Enterprise,
    by: &str,
    at: Timestamp,
) -> Vec<Change> {
    let change = |what| Change {
        at,
        by: by.to_owned(),
        what,
    };
    let Some(before) = before else {
        return vec![change(ChangeKind::Created)];
    };
    let mut changes = Vec::new();
    for field in ProfileField::ALL {
        let (old, new) = (field.get(before), field.get(after));
        if old != new {
            changes.push(change(ChangeKind::Field {
                field: field.key().to_owned(),
                old,
                new,
            }));
        }
    }
    for assessment in &after.assessments {
        match before.assessments.iter().find(|a| a.id == assessment.id) {
            None => changes.push(change(ChangeKind::AssessmentStarted(assessment.id))),
            Some(old) if !old.is_completed() && assessment.is_completed() => {
                changes.push(change(ChangeKind::AssessmentCompleted(assessment.id)));
            }
            Some(_) => {}
        }
    }
    for old in &before.assessments {
        if !after.assessments.iter().any(|a| a.id == old.id) {
            changes.push(change(ChangeKind::DraftDiscarded(old.id)));
        }
    }
    for activity in &after.activities {
        match before.activities.iter().find(|a| a.id == activity.id) {
            None => changes.push(change(ChangeKind::ActivityAdded(activity.id))),
            Some(old) if !old.same_content(activity) => {
                changes.push(change(ChangeKind::ActivityChanged(activity.id)));
            }
            Some(_) => {}
        }
    }
    for old in &before.activities {
        if !after.activities.iter().any(|a| a.id == old.id) {
            changes.push(change(ChangeKind::ActivityRemoved(old.id)));
        }
    }
    changes
}

impl Change {
    /// Whether this change gave `field` the value `value` (an edit or a resolution).
    pub fn sets(&self, field: ProfileField, value: &str) -> bool {
        let key = field.key();
        match &self.what {
            ChangeKind::Field { field, new, .. } => field == key && new == value,
            ChangeKind::Resolved { field, chosen, .. } => field == key && chosen == value,
            _ => false,
        }
    }

    /// Whether this change gave `field` a value (an edit or a resolution).
    pub fn sets_field(&self, field: ProfileField) -> bool {
        let key = field.key();
        match &self.what {
            ChangeKind::Field { field, .. } | ChangeKind::Resolved { field, .. } => field == key,
            _ => false,
        }
    }

    /// Whether this change moved `field` away from `value` (edited over it, or set it
    /// aside when a conflict was resolved).
    pub fn replaces(&self, field: ProfileField, value: &str) -> bool {
        let key = field.key();
        match &self.what {
            ChangeKind::Field { field, old, .. } => field == key && old == value,
            ChangeKind::Resolved {
                field, discarded, ..
            } => field == key && discarded.iter().any(|d| d == value),
            _ => false,
        }
    }

    /// One line for a person: `Điện thoại: 0275 111 → 0275 222`.
    pub fn describe(&self, lang: crate::text::Lang) -> String {
        let field_name = |key: &str| {
            ProfileField::from_key(key)
                .map_or_else(|| key.to_owned(), |f| f.label().get(lang).to_owned())
        };
        let value = |key: &str, v: &str| {
            ProfileField::from_key(key).map_or_else(|| v.to_owned(), |f| f.display(v, lang))
        };
        let short = |id: &Ulid| id.to_string()[20..].to_owned();
        match &self.what {
            ChangeKind::Created => lang.pick("Tạo hồ sơ", "Record created").to_owned(),
            ChangeKind::Field { field, old, new } => format!(
                "{}: {} → {}",
                field_name(field),
                value(field, old),
                value(field, new)
            ),
            ChangeKind::AssessmentStarted(id) => format!(
                "{} …{}",
                lang.pick("Bắt đầu đánh giá", "Assessment started")
                    .to_owned(),
                short(id)
            ),
            ChangeKind::AssessmentCompleted(id) => format!(
                "{} …{}",
                lang.pick("Hoàn thành đánh giá", "Assessment completed")
                    .to_owned(),
                short(id)
            ),
            ChangeKind::DraftDiscarded(id) => format!(
                "{} …{}",
                lang.pick("Bỏ bản nháp đánh giá", "Draft assessment discarded")
                    .to_owned(),
                short(id)
            ),
            ChangeKind::ActivityAdded(id) => format!(
                "{} …{}",
                lang.pick("Thêm hoạt động hỗ trợ", "Support activity added")
                    .to_owned(),
                short(id)
            ),
            ChangeKind::ActivityChanged(id) => format!(
                "{} …{}",
                lang.pick("Sửa hoạt động hỗ trợ", "Support activity changed")
                    .to_owned(),
                short(id)
            ),
            ChangeKind::ActivityRemoved(id) => format!(
                "{} …{}",
                lang.pick("Xóa hoạt động hỗ trợ", "Support activity removed")
                    .to_owned(),
                short(id)
            ),
            ChangeKind::Merged { source } => {
                format!(
                    "{} {}",
                    lang.pick("Hợp nhất dữ liệu từ", "Merged from").to_owned(),
                    merge_source_words(source, lang)
                )
            }
            ChangeKind::Erased { fields } => format!(
                "{}: {}",
                lang.pick(
                    "Xóa dữ liệu cá nhân theo yêu cầu",
                    "Personal data erased on request"
                ),
                fields
                    .iter()
                    .map(|f| field_name(f))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ChangeKind::Resolved {
                field,
                chosen,
                discarded,
            } => format!(
                "{} {}: {} ({} {})",
                lang.pick("Giải quyết xung đột", "Conflict resolved")
                    .to_owned(),
                field_name(field),
                value(field, chosen),
                lang.pick("bỏ", "set aside").to_owned(),
                discarded
                    .iter()
                    .map(|v| value(field, v))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// The words for where a merge came from: the sources Sohoa writes itself are
/// recorded in English and said in the language shown; a name (a bundle's
/// sender, a record) is said as it is.
fn merge_source_words(source: &str, lang: crate::text::Lang) -> String {
    const OWN: [(&str, &str); 4] = [
        (
            "changes received while the form was open",
            "các thay đổi nhận được trong lúc biểu mẫu đang mở",
        ),
        (
            "another Sohoa writing to the same folder",
            "một Sohoa khác đang ghi vào cùng thư mục",
        ),
        (
            "another program writing to the same folder during an import",
            "một chương trình khác ghi vào cùng thư mục trong lúc nhập",
        ),
        (
            WRITTEN_OVER,
            "một thay đổi đã lưu trên máy này mà phần mềm đồng bộ ghi đè",
        ),
    ];
    if let Some((_, vi)) = OWN.iter().find(|(en, _)| *en == source) {
        return lang.pick(*vi, source).to_owned();
    }
    match source.strip_prefix("sync copy ") {
        Some(name) => format!("{} {name}", lang.pick("bản sao đồng bộ", "sync copy")),
        None => source.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(seconds).unwrap()
    }

    #[test]
    fn an_edit_records_each_changed_field_with_old_and_new_values() {
        let before = Enterprise::new("HTX Bưởi", at(0));
        let mut after = before.clone();
        after.contact.phone = "0275 3822 123".into();
        after.size.staff = Some(12);
        let changes = record_changes(Some(&before), &after, "Lan", at(60));
        assert_eq!(changes.len(), 2);
        assert_eq!(
            changes[0].what,
            ChangeKind::Field {
                field: "staff".into(),
                old: "None".into(),
                new: "Some(12)".into()
            }
        );
        assert_eq!(
            changes[1].describe(crate::text::Lang::Vi),
            "Điện thoại: — → 0275 3822 123"
        );
        assert_eq!(changes[1].by, "Lan");
    }

    #[test]
    fn an_old_value_is_remembered_as_superseded() {
        let mut e = Enterprise::new("HTX Bưởi", at(0));
        let before = e.clone();
        e.contact.phone = "111".into();
        let changes = record_changes(Some(&before), &e, "", at(5));
        e.history.extend(changes);
        let superseded = e.superseded_values(ProfileField::Phone);
        assert!(superseded.contains("\"\""));
        assert!(!superseded.contains("\"111\""));
        assert_eq!(e.value_set(ProfileField::Phone, "\"111\"").0, at(5));
        assert_eq!(e.value_set(ProfileField::Name, "\"HTX Bưởi\"").0, at(0));
    }
}
