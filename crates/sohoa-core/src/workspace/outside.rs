//! Changes other programs make to the folder while it is open (another laptop's
//! edits brought by a sync engine, the command line, a second window), taken
//! into the open workspace without reopening it.
//!
//! Key type: [`OutsideChanges`]; method [`Workspace::take_outside_changes`].
//!
//! Policy: under the folder's lock, only files whose stamp differs from the
//! version this workspace read are read again ([`crate::store::rescan`]);
//! conflict copies are merged and deleted as when the folder opens; the records
//! in memory are replaced by what the disk holds, never the other way round. A
//! change this workspace is in the middle of (a form being filled in) is not
//! touched here: saving it later merges with what is on disk then.

use std::collections::BTreeSet;

use ulid::Ulid;

use super::{Workspace, WorkspaceError};
use crate::enterprise::Enterprise;
use crate::store::rescan::Scope;
use crate::store::watch::Noticed;
use crate::store::{FileStamp, LoadProblem};

/// What another program changed since this workspace last looked.
#[derive(Debug, Default)]
pub struct OutsideChanges {
    /// Records written elsewhere (new or changed), now in memory as on disk.
    pub records: Vec<Ulid>,
    /// How many of them this workspace did not have.
    pub added: usize,
    /// Records whose file went away, now gone from memory.
    pub gone: Vec<Ulid>,
    /// Whether the program settings were changed.
    pub program: bool,
    /// Conflict copies merged (and deleted), and files that could not be used.
    pub problems: Vec<LoadProblem>,
}

impl OutsideChanges {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.gone.is_empty() && !self.program && self.problems.is_empty()
    }
}

impl Workspace {
    /// Takes in what other programs wrote to the files a watcher `noticed` (every
    /// file when notifications were lost), and to the program settings.
    pub fn take_outside_changes(
        &mut self,
        noticed: &Noticed,
    ) -> Result<OutsideChanges, WorkspaceError> {
        let scope = match noticed.lost {
            true => Scope::Whole,
            false => Scope::Named {
                records: &noticed.records,
                copies: &noticed.copies,
            },
        };
        let (changed, gone, problems) = self.with_lock(|ws, lock| {
            let mut scan = ws.folder.scan_records(lock, &ws.stamps, scope);
            let mut problems = Vec::new();
            if !scan.copies.is_empty() {
                let copies = std::mem::take(&mut scan.copies);
                let ids: BTreeSet<Ulid> = copies.iter().map(|(_, e)| e.id).collect();
                // Each copy is merged into the newest version known: just read, or in memory.
                let mut bases: Vec<Enterprise> = ids
                    .iter()
                    .filter_map(|id| {
                        scan.changed
                            .iter()
                            .find(|(e, _)| e.id == *id)
                            .map(|(e, _)| e.clone())
                            .or_else(|| ws.get(*id).cloned())
                    })
                    .collect();
                problems = ws.folder.merge_copies(lock, &mut bases, copies);
                scan.changed.retain(|(e, _)| !ids.contains(&e.id));
                for merged in bases {
                    if let Some(stamp) = ws.folder.enterprise_stamp(merged.id) {
                        scan.changed.push((merged, stamp));
                    }
                }
            }
            // A record merged away here that another laptop edited comes back:
            // fold it into the record that stayed, as an opening would.
            let folded = {
                let read: BTreeSet<Ulid> = scan
                    .changed
                    .iter()
                    .map(|(e, _)| e.id)
                    .chain(scan.gone.iter().copied())
                    .collect();
                // Only records that hold others or are held by one can fold:
                // found by the summaries, read whole only then.
                let held: BTreeSet<Ulid> = ws
                    .summaries
                    .iter()
                    .flat_map(|s| s.aliases.iter().copied())
                    .chain(
                        scan.changed
                            .iter()
                            .flat_map(|(e, _)| e.aliases.iter().copied()),
                    )
                    .collect();
                let records: Vec<&Enterprise> = ws
                    .summaries
                    .iter()
                    .filter(|s| !read.contains(&s.id))
                    .filter(|s| !s.aliases.is_empty() || held.contains(&s.id))
                    .filter_map(|s| ws.get(s.id))
                    .chain(scan.changed.iter().map(|(e, _)| e))
                    .collect();
                ws.folder.fold_merged_away(lock, &records)
            };
            problems.extend(folded.problems);
            if !folded.removed.is_empty() {
                let removed: BTreeSet<Ulid> = folded.removed.iter().copied().collect();
                let kept: BTreeSet<Ulid> = folded.kept.iter().map(|e| e.id).collect();
                scan.changed
                    .retain(|(e, _)| !removed.contains(&e.id) && !kept.contains(&e.id));
                for record in folded.kept {
                    if let Some(stamp) = ws.folder.enterprise_stamp(record.id) {
                        scan.changed.push((record, stamp));
                    }
                }
                let newly_gone: Vec<Ulid> = removed
                    .iter()
                    .filter(|id| ws.get(**id).is_some() && !scan.gone.contains(id))
                    .copied()
                    .collect();
                scan.gone.extend(newly_gone);
            }
            if noticed.settings || noticed.lost {
                problems.extend(ws.folder.settle_program_copies(lock));
            }
            Ok((scan.changed, scan.gone, problems))
        })?;
        let mut outside = OutsideChanges {
            problems,
            ..OutsideChanges::default()
        };
        if self.folder.program_stamp() != self.program_stamp
            && let Ok(Some(program)) = self.folder.load_program()
        {
            self.program = program;
            self.program_stamp = self.folder.program_stamp();
            outside.program = true;
        }
        if changed.is_empty() && gone.is_empty() {
            if outside.program {
                self.summarize_all();
                self.changed_many();
            }
            return Ok(outside);
        }
        outside.added = changed
            .iter()
            .filter(|(e, _)| self.get(e.id).is_none())
            .count();
        outside.records = changed.iter().map(|(e, _)| e.id).collect();
        outside.gone = gone.clone();
        let stamps: Vec<(Ulid, FileStamp)> = changed.iter().map(|(e, s)| (e.id, *s)).collect();
        let records = changed.into_iter().map(|(e, _)| e).collect();
        self.replace_in_memory(records, &gone);
        // The versions read, not the files' stamps now: a file replaced again
        // meanwhile is read at the next look instead of being taken as known.
        self.stamps.extend(stamps);
        if outside.program {
            self.summarize_all();
        }
        Ok(outside)
    }
}
