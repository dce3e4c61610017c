//! Records merged into another that come back: a merge keeps the larger id as an
//! alias of the record that stays, and that alias is the redirect. When a file
//! of a merged-away id turns up again (another laptop edited it while offline,
//! and the sync engine undid the deletion to keep that edit), it is folded into
//! the record that names it, with the usual merge rules.
//!
//! Key functions: [`merged_away`] finds the records to fold and where;
//! [`fold_into`] folds one.
//!
//! Policy: pure, never fails, never panics. A chain (X3 merged into X2 on one
//! laptop, X2 into X1 on another) ends in the record no one names; records that
//! name each other (only a hand-made file does that) are left alone.
//!
//! ```
//! use jiff::Timestamp;
//! use sohoa_core::enterprise::Enterprise;
//! use sohoa_core::enterprise::merged_away::{fold_into, merged_away};
//!
//! let mut kept = Enterprise::new("Công ty TNHH Dừa Xanh", Timestamp::UNIX_EPOCH);
//! let mut back = Enterprise::new("Cty Dừa Xanh", Timestamp::UNIX_EPOCH);
//! kept.aliases.push(back.id);
//! back.notes = "Đã gọi lại".into();
//! let records = [&kept, &back];
//! assert_eq!(merged_away(&records), vec![(0, 1)]);
//! let folded = fold_into(&kept, &back);
//! assert_eq!(folded.id, kept.id);
//! assert_eq!(folded.notes, "Đã gọi lại");
//! ```

use std::collections::{BTreeSet, HashMap};

use ulid::Ulid;

use super::Enterprise;
use super::history::{Change, ChangeKind};
use super::merge::merge;

/// Pairs `(holder, away)` of indexes into `records`: `records[away]` was merged
/// into `records[holder]` (directly or along a chain), yet its file is there.
/// Sorted by `away`.
pub fn merged_away(records: &[&Enterprise]) -> Vec<(usize, usize)> {
    // Which record names each id as an alias; the smaller id when two do.
    let mut holder_of: HashMap<Ulid, usize> = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        for alias in &record.aliases {
            let holder = holder_of.entry(*alias).or_insert(i);
            if records[i].id < records[*holder].id {
                *holder = i;
            }
        }
    }
    if holder_of.is_empty() {
        return Vec::new();
    }
    let mut pairs = Vec::new();
    for (away, record) in records.iter().enumerate() {
        let Some(&first) = holder_of.get(&record.id) else {
            continue;
        };
        let mut seen = BTreeSet::from([away]);
        let mut holder = first;
        let mut circular = false;
        while let Some(&next) = holder_of.get(&records[holder].id) {
            if !seen.insert(holder) {
                circular = true;
                break;
            }
            holder = next;
        }
        if !circular && holder != away && records[holder].id != record.id {
            pairs.push((holder, away));
        }
    }
    pairs
}

/// `holder` with everything `away` holds merged in, under `holder`'s id, `away`'s
/// id among its aliases. Equal to `holder` when `away` brings nothing new;
/// otherwise its history says what was merged. The result depends only on the
/// two records, so two laptops folding the same pair write the same record.
pub fn fold_into(holder: &Enterprise, away: &Enterprise) -> Enterprise {
    let mut folded = merge(holder, away, None).enterprise;
    if folded.id != holder.id {
        // A hand-made or imported alias smaller than its holder: the holder's id stays.
        let mut aliases: BTreeSet<Ulid> = folded.aliases.iter().copied().collect();
        aliases.insert(folded.id);
        aliases.remove(&holder.id);
        folded.id = holder.id;
        folded.aliases = aliases.into_iter().collect();
    }
    if folded == *holder {
        return folded;
    }
    folded.history.push(Change {
        at: holder.modified.max(away.modified),
        by: String::new(),
        what: ChangeKind::Merged {
            source: format!("{} ({})", away.name, away.id),
        },
    });
    folded.canonical_order();
    folded
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;
    use crate::enterprise::field::ProfileField;
    use crate::enterprise::history::record_changes;

    fn at(minute: i64) -> Timestamp {
        Timestamp::from_second(1_767_225_600 + minute * 60).expect("a time in range")
    }

    /// X1 and X2, one enterprise entered twice, merged on laptop A.
    fn merged_pair() -> (Enterprise, Enterprise) {
        let mut x1 = Enterprise::new("Công ty TNHH Dừa Xanh", at(0));
        x1.contact.phone = "0275 111".into();
        let mut x2 = Enterprise::new("Cty TNHH Dừa Xanh", at(5));
        x2.address = "Số 69, Hùng Vương".into();
        let merged = merge(&x1, &x2, None).enterprise;
        (merged, x2)
    }

    fn edited(e: &Enterprise, minute: i64, edit: impl FnOnce(&mut Enterprise)) -> Enterprise {
        let mut after = e.clone();
        edit(&mut after);
        after.modified = at(minute);
        let changes = record_changes(Some(e), &after, "Lan", at(minute));
        after.history.extend(changes);
        after
    }

    #[test]
    fn an_offline_edit_of_the_merged_away_record_lands_in_the_record_that_stayed() {
        let (x1, x2) = merged_pair();
        let x2_edited = edited(&x2, 60, |e| {
            e.notes = "Hẹn khảo sát lần hai".into();
            e.contact.phone = "0911 222 333".into();
        });
        assert_eq!(merged_away(&[&x1, &x2_edited]), vec![(0, 1)]);
        let folded = fold_into(&x1, &x2_edited);
        assert_eq!(folded.id, x1.id);
        assert_eq!(folded.aliases, vec![x2.id]);
        assert_eq!(folded.notes, "Hẹn khảo sát lần hai");
        assert_eq!(folded.address, "Số 69, Hùng Vương");
        // The phone Lan typed reaches the record, as its value or beside it.
        let phones: Vec<String> = std::iter::once(ProfileField::Phone.get(&folded))
            .chain(
                folded
                    .conflict(ProfileField::Phone)
                    .map(|c| c.others.clone())
                    .unwrap_or_default(),
            )
            .collect();
        assert!(
            phones.contains(&"\"0911 222 333\"".to_owned()),
            "{phones:?}"
        );
        assert!(folded.history.iter().any(|c| matches!(
            &c.what,
            ChangeKind::Merged { source } if source.contains(&x2.id.to_string())
        )));
    }

    #[test]
    fn an_unchanged_copy_of_the_merged_away_record_changes_nothing_and_folding_twice_is_folding_once()
     {
        let (x1, x2) = merged_pair();
        assert_eq!(fold_into(&x1, &x2), x1);
        let x2_edited = edited(&x2, 60, |e| e.notes = "Gọi lại thứ Hai".into());
        let once = fold_into(&x1, &x2_edited);
        assert_eq!(fold_into(&once, &x2_edited), once);
    }

    #[test]
    fn a_chain_of_merges_on_two_laptops_ends_in_the_record_no_one_names() {
        let x1 = Enterprise::new("Một", at(0));
        let mut x2 = Enterprise::new("Hai", at(1));
        let x3 = Enterprise::new("Ba", at(2));
        let mut x1 = x1;
        x1.aliases.push(x2.id);
        x2.aliases.push(x3.id);
        assert_eq!(merged_away(&[&x1, &x2, &x3]), vec![(0, 1), (0, 2)]);
    }

    #[test]
    fn records_that_name_each_other_are_left_alone_and_a_record_naming_itself_is_no_pair() {
        let mut a = Enterprise::new("Một", at(0));
        let mut b = Enterprise::new("Hai", at(1));
        a.aliases.push(b.id);
        b.aliases.push(a.id);
        assert_eq!(merged_away(&[&a, &b]), vec![]);
        let mut c = Enterprise::new("Ba", at(2));
        c.aliases.push(c.id);
        assert_eq!(merged_away(&[&c]), vec![]);
    }

    #[test]
    fn an_alias_smaller_than_its_holder_keeps_the_holder_s_id() {
        let small = Enterprise::new("Nhỏ", at(0));
        let mut holder = Enterprise::new("Lớn", at(1));
        assert!(small.id < holder.id);
        holder.aliases.push(small.id);
        let folded = fold_into(&holder, &small);
        assert_eq!(folded.id, holder.id);
        assert_eq!(folded.aliases, vec![small.id]);
    }
}
