//! One enterprise entered twice under different ids: finding such pairs and
//! merging them into one record.
//!
//! Key types: [`DuplicatePair`], [`DuplicateReason`].
//!
//! Policy: pairs are only offered; a person decides. Two records with different
//! valid tax codes are different legal entities and are never offered, whatever
//! their names. Merging follows [`crate::enterprise::merge`] and keeps the older id.

use std::collections::HashMap;

use jiff::Timestamp;
use ulid::Ulid;

use super::{EnterpriseSummary, Workspace, WorkspaceError};
use crate::enterprise::merge::merge;
pub use crate::enterprise::names::names_agree;
use crate::enterprise::{Change, ChangeKind};

/// Why two records look like one enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DuplicateReason {
    SameTaxCode,
    SameNameAndPlace,
}

/// Two records that are probably the same enterprise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicatePair {
    pub first: Ulid,
    pub second: Ulid,
    pub reason: DuplicateReason,
}

impl Workspace {
    /// Pairs of records that look like the same enterprise, by tax code first, then
    /// by normalised name and place.
    pub fn duplicates(&self) -> Vec<DuplicatePair> {
        let mut pairs = Vec::new();
        let mut by_tax: HashMap<&str, Vec<&EnterpriseSummary>> = HashMap::new();
        let mut by_name: HashMap<&str, Vec<&EnterpriseSummary>> = HashMap::new();
        for s in &self.summaries {
            if let Some(code) = &s.tax_code {
                by_tax.entry(code).or_default().push(s);
            }
            if let Some(key) = &s.name_and_place {
                by_name.entry(key).or_default().push(s);
            }
        }
        let mut push = |group: &[&EnterpriseSummary], reason| {
            for (i, a) in group.iter().enumerate() {
                for b in &group[i + 1..] {
                    let distinct_codes =
                        matches!((&a.tax_code, &b.tax_code), (Some(x), Some(y)) if x != y);
                    let (first, second) = (a.id.min(b.id), a.id.max(b.id));
                    if !distinct_codes
                        && !pairs
                            .iter()
                            .any(|p: &DuplicatePair| (p.first, p.second) == (first, second))
                    {
                        pairs.push(DuplicatePair {
                            first,
                            second,
                            reason,
                        });
                    }
                }
            }
        };
        for group in by_tax.values().filter(|g| g.len() > 1) {
            push(group, DuplicateReason::SameTaxCode);
        }
        for group in by_name.values().filter(|g| g.len() > 1) {
            push(group, DuplicateReason::SameNameAndPlace);
        }
        pairs.sort_by_key(|p| (p.reason, p.first, p.second));
        pairs
    }

    /// Merges two records of one enterprise into one (the older id stays); fields
    /// that differ become conflicts for a person to settle. Returns the kept id.
    pub fn merge_records(
        &mut self,
        a: Ulid,
        b: Ulid,
        now: Timestamp,
    ) -> Result<Ulid, WorkspaceError> {
        if a == b {
            return Ok(a);
        }
        for id in [a, b] {
            if self.get(id).is_none() {
                return Err(WorkspaceError::NotFound(id.to_string()));
            }
        }
        let merged = self.with_lock(|ws, lock| {
            // Each record as it is now: a sync engine may have brought an edit of
            // either since it was read, and the file of one of them goes.
            let [first, second] = [a, b].map(|id| ws.newest_version(id));
            let (Some(first), Some(second)) = (first, second) else {
                return Err(WorkspaceError::NotFound(format!("{a} / {b}")));
            };
            let note = Change {
                at: now,
                by: ws.actor.clone(),
                what: ChangeKind::Merged {
                    source: format!("{} ({})", second.name, second.id),
                },
            };
            let mut merged = merge(&first, &second, Some(note)).enterprise;
            merged.modified = now;
            // The record whose file goes stays recoverable from this backup.
            ws.folder.backup(lock, "merge", ws.program.backups, now)?;
            let removed: Vec<Ulid> = [a, b].into_iter().filter(|id| *id != merged.id).collect();
            ws.folder.replace_enterprises(lock, &[&merged], &removed)?;
            Ok(merged)
        })?;
        let removed: Vec<Ulid> = [a, b].into_iter().filter(|id| *id != merged.id).collect();
        let id = merged.id;
        self.replace_in_memory(vec![merged], &removed);
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enterprise::Enterprise;
    use crate::enterprise::names::name_key;

    #[test]
    fn abbreviations_case_and_accents_do_not_hide_a_duplicate_name() {
        assert_eq!(
            name_key("Cty TNHH Dừa Xanh"),
            name_key("CÔNG TY trách nhiệm hữu hạn dừa xanh.")
        );
        assert_ne!(name_key("HTX Bưởi"), name_key("HTX Bưởi Da Xanh"));
    }

    #[test]
    fn names_agree_when_one_holds_the_other_and_not_when_nothing_is_shared() {
        assert!(names_agree("Công ty TNHH Dừa Xanh", "Dừa Xanh Bến Tre"));
        assert!(names_agree("Cty CP Thủy sản Bình Đại", "Thuỷ Sản Bình Đại"));
        assert!(names_agree(
            "HTX Bưởi da xanh Mỏ Cày",
            "Hợp tác xã Bưởi Da Xanh"
        ));
        assert!(!names_agree("Bưởi da xanh", "Kế toán Mỹ Hạnh"));
        assert!(!names_agree(
            "Công ty TNHH In ấn Sao Mai",
            "Công ty TNHH Dừa Xanh"
        ));
        assert!(
            names_agree("Công ty TNHH", "Kế toán Mỹ Hạnh"),
            "nothing to compare"
        );
    }

    #[test]
    fn records_with_the_same_name_and_place_are_offered_and_merged_into_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        let t = Timestamp::from_second(1_700_000_000).unwrap();
        let mut a = Enterprise::new("Cty TNHH Dừa Xanh", t);
        a.admin_unit = Some("chau-thanh".into());
        a.contact.phone = "0275 111".into();
        let mut b = Enterprise::new("Công ty TNHH Dừa Xanh", t);
        b.admin_unit = Some("chau-thanh".into());
        b.tax_code = Some("1300123452".into());
        let mut c = Enterprise::new("Công ty TNHH Dừa Xanh", t);
        c.admin_unit = Some("chau-thanh".into());
        c.tax_code = Some("0100109106".into());
        let (ida, idb) = (ws.save(a).unwrap(), ws.save(b).unwrap());
        ws.save(c).unwrap();
        let pairs = ws.duplicates();
        // b and c have different tax codes: two legal entities.
        assert_eq!(pairs.len(), 2, "{pairs:?}");
        assert!(
            pairs
                .iter()
                .all(|p| p.reason == DuplicateReason::SameNameAndPlace)
        );
        let kept = ws.merge_records(ida, idb, t).unwrap();
        assert_eq!(kept, ida.min(idb));
        assert_eq!(ws.enterprises().len(), 2);
        let merged = ws.get(kept).unwrap();
        assert_eq!(merged.tax_code.as_deref(), Some("1300123452"));
        assert_eq!(merged.contact.phone, "0275 111");
        assert_eq!(merged.conflicts.len(), 1, "the two names differ");
        // The merge is on disk: the other file is gone.
        let reopened = Workspace::open(dir.path()).unwrap();
        assert_eq!(reopened.enterprises().len(), 2);
        assert!(reopened.get(ida.max(idb)).is_none());
        // The id that went finds the record it went into.
        assert_eq!(
            reopened.find(&ida.max(idb).to_string()).map(|e| e.id),
            Some(kept)
        );
    }
}
