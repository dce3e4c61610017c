//! What this computer last wrote to each record, kept on this computer until a
//! later opening has seen it in the folder.
//!
//! Key type: [`WrittenHere`] (the copies of one data folder).
//!
//! Why: a sync engine checks that a record's file is the version it knows, then
//! renames the version another computer sent over it. A record this computer
//! writes between the check and the rename is replaced without a conflict copy,
//! after the command that wrote it has said it was saved (Syncthing's own code
//! calls this window out). Sohoa cannot close the engine's window; instead each
//! write leaves a copy here, and the next opening of the folder on this computer
//! compares each copy with the record in the folder
//! ([`crate::enterprise::holds::holds`]) and merges back what is missing.
//!
//! Policy: one copy per record, the newest write. The write that replaces a copy
//! holds what it kept: the opening that checks the older copy runs before the
//! next write of the record by another process; and a write built on a reading
//! older than the file (another process of this computer saved in between, and
//! the engine may have renamed its version over that save) merges the copy in
//! first ([`WrittenHere::copy_of`]). Copies
//! live beside the backups, under `.written-here/`, never in the data folder.
//! A copy is kept until an opening at least [`SETTLE`] after the write finds it
//! held or its record gone, or until it is merged back; a record missing at an
//! opening sooner may only be in the middle of a sync engine's replacement
//! (versioning moves the old file aside first). A restore drops them all, since it undoes
//! those writes on purpose. Failing to keep a copy never fails a save:
//! the copy is a net beneath the engine's race, and the reason goes to the log.
//! An erasure removes the record's copy, since it holds the personal data.
//!
//! ```
//! use sohoa_core::store::written::WrittenHere;
//! let dir = tempfile::tempdir().unwrap();
//! let here = WrittenHere::at(dir.path().join(".written-here"));
//! assert!(here.copies().is_empty());
//! ```

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use ulid::Ulid;

use super::atomic::Durability;
use super::lock::FolderLock;
use super::{DataFolder, LoadProblem, ProblemAction};
use crate::enterprise::holds::holds;
use crate::enterprise::{Change, ChangeKind, Enterprise};

/// How long after a write its copy is kept even when the folder holds it. The
/// engine's own race is lost within moments of the write; but another computer
/// can write over this one's change the same way (a save or an import there
/// while this change arrives), and that version comes back here within seconds
/// to minutes on a connected team. Ten minutes covers that; a laptop that was
/// offline for longer relies on that computer checking before it replaces.
pub const SETTLE: Duration = Duration::from_secs(600);

/// The merge source of a change this computer saved, brought back into a record
/// after a sync engine wrote over it (defined with the history, which says it
/// in both languages).
pub use crate::enterprise::history::WRITTEN_OVER;

/// The copies of what this computer wrote to one data folder's records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenHere {
    dir: PathBuf,
}

/// One copy: the record as written, and when.
#[derive(Debug)]
pub struct WrittenCopy {
    pub id: Ulid,
    pub written: SystemTime,
    /// The record, or why its copy could not be read (it is then dropped).
    pub record: Result<Enterprise, String>,
}

impl WrittenHere {
    pub fn at(dir: PathBuf) -> WrittenHere {
        WrittenHere { dir }
    }

    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    fn path(&self, id: Ulid) -> PathBuf {
        self.dir.join(format!("{id}.ron"))
    }

    /// Keeps `enterprise` as this computer's newest write of it.
    pub fn keep(&self, enterprise: &Enterprise) -> Result<(), String> {
        let text = super::encode_enterprise(enterprise).map_err(|e| e.to_string())?;
        self.keep_text(enterprise.id, &text)
    }

    /// Keeps `text`, the file just saved for record `id`. Written in place, not
    /// renamed into place: a copy cut short by a crash fails to parse and is
    /// dropped, which only takes the net away from that one save; this runs on
    /// every save, so it stays as cheap as one small write.
    pub fn keep_text(&self, id: Ulid, text: &str) -> Result<(), String> {
        let path = self.path(id);
        let written = match std::fs::write(&path, text) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(&self.dir).and_then(|()| std::fs::write(&path, text))
            }
            other => other,
        };
        written.map_err(|e| format!("cannot keep a copy in {}: {e}", self.dir.display()))
    }

    /// The copy of this computer's newest write of record `id`, if one is kept
    /// and reads as that record.
    pub fn copy_of(&self, id: Ulid) -> Option<Enterprise> {
        let text = std::fs::read_to_string(self.path(id)).ok()?;
        super::parse_enterprise_file(&text)
            .ok()
            .filter(|e| e.id == id)
    }

    /// The ids of the records with a copy kept (their names only, no copy read).
    pub fn copy_ids(&self) -> std::collections::HashSet<Ulid> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Default::default();
        };
        entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                entry
                    .file_name()
                    .to_str()?
                    .strip_suffix(".ron")?
                    .parse()
                    .ok()
            })
            .collect()
    }

    /// Every copy kept, in record-id order.
    pub fn copies(&self) -> Vec<WrittenCopy> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut copies: Vec<WrittenCopy> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let name = entry.file_name();
                let id: Ulid = name.to_str()?.strip_suffix(".ron")?.parse().ok()?;
                let path = entry.path();
                let written = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .unwrap_or(SystemTime::UNIX_EPOCH);
                let record = std::fs::read_to_string(&path)
                    .map_err(|e| e.to_string())
                    .and_then(|text| super::parse_enterprise_file(&text))
                    .and_then(|e| {
                        if e.id == id {
                            Ok(e)
                        } else {
                            Err(format!("holds record {} under the name of {id}", e.id))
                        }
                    });
                Some(WrittenCopy {
                    id,
                    written,
                    record,
                })
            })
            .collect();
        copies.sort_by_key(|c| c.id);
        copies
    }

    /// Drops every copy (a restore puts back records older than them on purpose).
    pub fn clear(&self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    /// Drops the copy of record `id` (checked, or erased).
    pub fn drop_copy(&self, id: Ulid) {
        let _ = std::fs::remove_file(self.path(id));
    }
}

impl DataFolder {
    /// The copies of what this computer wrote to this folder's records.
    pub fn written_here(&self) -> WrittenHere {
        WrittenHere::at(self.backups_dir().join(".written-here"))
    }

    /// Compares each copy of what this computer wrote with the record loaded
    /// from the folder: a record that does not hold it gets it merged back and
    /// saved (reported, naming the file); a copy held, or whose record is gone,
    /// for [`SETTLE`] is dropped. Returns the ids of the records saved.
    pub(crate) fn merge_back_written(
        &self,
        lock: &FolderLock,
        enterprises: &mut [Enterprise],
        problems: &mut Vec<LoadProblem>,
    ) -> Vec<Ulid> {
        if lock.is_read_only() {
            // Kept for an opening that can write.
            return Vec::new();
        }
        let here = self.written_here();
        let copies = here.copies();
        if copies.is_empty() {
            return Vec::new();
        }
        let position: std::collections::HashMap<Ulid, usize> = enterprises
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                std::iter::once((e.id, i)).chain(e.aliases.iter().map(move |a| (*a, i)))
            })
            .collect();
        let now = SystemTime::now();
        let mut saved = Vec::new();
        for copy in copies {
            let age = now.duration_since(copy.written).unwrap_or_default();
            let Ok(ours) = &copy.record else {
                here.drop_copy(copy.id);
                continue;
            };
            // A record missing from the folder may only be between a sync
            // engine's two renames (with file versioning, the old file is moved
            // aside before the new one comes in): its copy waits out SETTLE.
            let Some(&i) = position.get(&copy.id) else {
                if age >= SETTLE {
                    here.drop_copy(copy.id);
                }
                continue;
            };
            let live = &enterprises[i];
            if holds(live, ours) {
                if age >= SETTLE || live.id != copy.id {
                    here.drop_copy(copy.id);
                }
                continue;
            }
            let mut merged = crate::enterprise::merge::merge(live, ours, None).enterprise;
            merged.canonical_order();
            if merged == *live {
                // Nothing to bring back: what differs was taken away on purpose
                // (an erasure applies to both). The copy goes with its data.
                here.drop_copy(copy.id);
                continue;
            }
            merged.history.push(Change {
                at: jiff::Timestamp::now(),
                by: String::new(),
                what: ChangeKind::Merged {
                    source: WRITTEN_OVER.into(),
                },
            });
            merged.canonical_order();
            let file = self.enterprise_path(merged.id);
            match self.save_enterprise(lock, &merged, Durability::Durable) {
                Ok(()) => {
                    problems.push(LoadProblem {
                        file: file.clone(),
                        reason: "a change saved on this computer had been written over by the sync engine; it is merged back".into(),
                        action: ProblemAction::MergedInto(file),
                    });
                    // The merged record is this computer's newest write of it.
                    if here.keep(&merged).is_err() || merged.id != copy.id {
                        here.drop_copy(copy.id);
                    }
                    saved.push(merged.id);
                    enterprises[i] = merged;
                }
                Err(e) => problems.push(LoadProblem {
                    file,
                    reason: format!(
                        "a change saved on this computer was written over by the sync engine, and merging it back failed: {e}"
                    ),
                    action: ProblemAction::LeftInPlace,
                }),
            }
        }
        saved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_copy_reads_back_as_the_record_written() {
        let dir = tempfile::tempdir().unwrap();
        let here = WrittenHere::at(dir.path().join(".written-here"));
        let mut e = Enterprise::new("HTX Dừa sáp Cầu Kè", jiff::Timestamp::now());
        e.contact.phone = "0911 0045".into();
        here.keep(&e).unwrap();
        let copies = here.copies();
        assert_eq!(copies.len(), 1);
        assert_eq!(copies[0].id, e.id);
        assert_eq!(copies[0].record.as_ref().unwrap(), &e);
        here.drop_copy(e.id);
        assert!(here.copies().is_empty());
    }

    #[test]
    fn a_young_copy_outlives_an_opening_that_finds_its_record_missing() {
        // Syncthing with file versioning moves the old file into .stversions,
        // then renames the new one in: an opening in between finds no file.
        let dir = tempfile::tempdir().unwrap();
        let folder = DataFolder::open(dir.path()).unwrap();
        let mut e = Enterprise::new("HTX Giữa Hai Lần Đổi Tên", jiff::Timestamp::now());
        e.notes = "Ghi chú của Lan 0036".into();
        folder.written_here().keep(&e).unwrap();
        let lock = folder.lock(Duration::ZERO).unwrap();
        let mut problems = Vec::new();
        assert_eq!(
            folder.merge_back_written(&lock, &mut [], &mut problems),
            Vec::<Ulid>::new()
        );
        let copies = folder.written_here().copies();
        assert_eq!(copies.len(), 1, "the copy is kept");
        assert_eq!(copies[0].record.as_ref().unwrap(), &e);
    }
}
