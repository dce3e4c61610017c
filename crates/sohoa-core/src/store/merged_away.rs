//! Records merged away that came back, folded into the record that stayed, on
//! disk: at every opening of the folder and whenever the open app takes in what
//! a sync engine brought (see [`crate::enterprise::merged_away`] for the rule).
//!
//! Key method: [`DataFolder::fold_merged_away`]; result [`FoldedAway`].
//!
//! Policy: each record that stays is saved with everything folded into it and
//! the files of the records folded away are removed, as one change ([`journal`]).
//! If that change cannot be made, nothing is removed and the problem is reported;
//! the next opening tries again.
//!
//! [`journal`]: super::journal

use std::collections::{BTreeMap, HashSet};

use ulid::Ulid;

use super::{DataFolder, FolderLock, LoadProblem, Loaded, ProblemAction};
use crate::enterprise::Enterprise;
use crate::enterprise::merged_away::{fold_into, merged_away};

/// What folding changed: the records that stayed, as now saved, and the ids
/// whose files were removed.
#[derive(Debug, Default)]
pub(crate) struct FoldedAway {
    pub kept: Vec<Enterprise>,
    pub removed: Vec<Ulid>,
    pub problems: Vec<LoadProblem>,
}

impl DataFolder {
    /// [`DataFolder::fold_merged_away`] over every record just loaded.
    pub(crate) fn fold_loaded_merged_away(&self, lock: &FolderLock, loaded: &mut Loaded) {
        if lock.is_read_only() {
            return;
        }
        let folded = {
            let records: Vec<&Enterprise> = loaded.enterprises.iter().collect();
            self.fold_merged_away(lock, &records)
        };
        if folded.removed.is_empty() {
            loaded.problems.extend(folded.problems);
            return;
        }
        let removed: HashSet<Ulid> = folded.removed.iter().copied().collect();
        loaded.enterprises.retain(|e| !removed.contains(&e.id));
        for id in &removed {
            loaded.stamps.remove(id);
        }
        for kept in folded.kept {
            loaded.changed_in_memory.insert(kept.id);
            if let Some(stamp) = self.enterprise_stamp(kept.id) {
                loaded.stamps.insert(kept.id, stamp);
            }
            if let Some(slot) = loaded.enterprises.iter_mut().find(|e| e.id == kept.id) {
                *slot = kept;
            }
        }
        loaded.problems.extend(folded.problems);
    }

    /// Folds every record of `records` that another record names as merged away
    /// into that record, saving the one and removing the other.
    pub(crate) fn fold_merged_away(
        &self,
        lock: &FolderLock,
        records: &[&Enterprise],
    ) -> FoldedAway {
        let mut done = FoldedAway::default();
        let mut by_holder: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (holder, away) in merged_away(records) {
            by_holder.entry(holder).or_default().push(away);
        }
        for (holder, aways) in by_holder {
            let before = records[holder];
            let kept = aways.iter().fold(before.clone(), |kept, away| {
                fold_into(&kept, records[*away])
            });
            let removed: Vec<Ulid> = aways.iter().map(|away| records[*away].id).collect();
            let save: Vec<&Enterprise> = if kept == *before { vec![] } else { vec![&kept] };
            let target = self.enterprise_path(kept.id);
            match self.replace_enterprises(lock, &save, &removed) {
                Ok(()) => {
                    for away in &aways {
                        let record = records[*away];
                        let brought = fold_into(before, record) != *before;
                        done.problems.push(LoadProblem {
                            file: self.enterprise_path(record.id),
                            reason: if brought {
                                "this enterprise had been merged into another, and was edited on a computer that did not know yet: those edits were merged into the record that stayed".into()
                            } else {
                                "this enterprise had been merged into another; its file came back unchanged and was removed".into()
                            },
                            action: ProblemAction::MergedInto(target.clone()),
                        });
                    }
                    done.removed.extend(removed);
                    done.kept.push(kept);
                }
                Err(e) => done.problems.push(LoadProblem {
                    file: target,
                    reason: format!(
                        "records merged into this one came back but could not be folded into it: {e}"
                    ),
                    action: ProblemAction::LeftInPlace,
                }),
            }
        }
        done
    }
}
