//! An erasure of personal data that a crash cannot leave half done.
//!
//! Key methods: [`DataFolder::begin_erasure`], [`DataFolder::end_erasure`] and,
//! when the lock is taken, the completion of an erasure cut short.
//!
//! An erasure rewrites the live record, then each backup's copy of it, then drops
//! the parse cache and the copy of the last save kept on this computer
//! ([`super::written`]): many files, one after the other. Before the first, the
//! erasure (the records' ids and the `Erased` change of their history) is
//! written down on this computer, beside the backups (`.erasures-pending.ron`,
//! never in the data folder, since it is this computer's work). It is deleted
//! when every copy is done. A process killed in between leaves the note: the next
//! Sohoa to lock the folder applies the erasure again to the live records and to
//! every backup (applying it twice changes nothing), drops the cache, and says so.
//!
//! Policy: a note that cannot be read is set aside beside the backups with the
//! reason and reported; it is never half followed.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{DataFolder, Durability, FolderLock, LoadProblem, ProblemAction, StoreError, atomic};
use crate::enterprise::{Change, Enterprise};

/// The note of erasures under way, in the backups folder.
pub const PENDING_ERASURES: &str = ".erasures-pending.ron";

/// The erasures already carried out on this computer (its backups, the copies it
/// keeps, Syncthing's versions), in the backups folder.
pub const DONE_ERASURES: &str = ".erasures-done.ron";

/// Syncthing's folder of earlier versions, inside a shared folder.
pub const SYNC_VERSIONS: &str = ".stversions";

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pending {
    erasures: Vec<PendingErasure>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PendingErasure {
    /// The record and the ids merged into it.
    ids: Vec<ulid::Ulid>,
    /// The `Erased` change the erasure adds to the history.
    erasure: Change,
}

/// Writes `record` over the copy of it at `path` (a backup's, one set aside
/// in quarantine), atomically; why not, in words.
pub(super) fn rewrite_copy(path: &std::path::Path, record: &Enterprise) -> Result<(), String> {
    let text = super::encode_enterprise(record).map_err(|e| e.to_string())?;
    atomic::write_atomic(path, text.as_bytes(), Durability::Durable).map_err(|e| e.to_string())
}

/// Adds `erasure` to `record`'s history if it is not there, and applies every
/// erasure of its history; whether the record changed.
pub fn apply_erasure_to(record: &mut Enterprise, erasure: &Change) -> bool {
    let before = record.clone();
    if !record.history.contains(erasure) {
        record.history.push(erasure.clone());
    }
    record.apply_erasure();
    *record != before
}

impl DataFolder {
    fn pending_erasures_path(&self) -> PathBuf {
        self.backups_dir().join(PENDING_ERASURES)
    }

    /// Writes down that the personal data of records `ids` is being erased with
    /// `erasure`, before any file is changed.
    pub fn begin_erasure(
        &self,
        lock: &FolderLock,
        ids: &[ulid::Ulid],
        erasure: &Change,
    ) -> Result<(), StoreError> {
        self.check_held(lock);
        lock.check_writable()?;
        let path = self.pending_erasures_path();
        let mut pending = self.read_pending().unwrap_or_default();
        pending.erasures.push(PendingErasure {
            ids: ids.to_vec(),
            erasure: erasure.clone(),
        });
        let text = ron::to_string(&pending).map_err(|source| StoreError::Encode {
            what: "the note of an erasure".into(),
            source,
        })?;
        let write = |path: &PathBuf| {
            std::fs::create_dir_all(self.backups_dir())?;
            atomic::write_atomic(path, text.as_bytes(), Durability::Durable)
        };
        write(&path).map_err(|source| StoreError::Write { path, source })?;
        super::fault::step("forget");
        Ok(())
    }

    /// Every copy has been erased: the note goes.
    pub fn end_erasure(&self, lock: &FolderLock) {
        self.check_held(lock);
        let _ = std::fs::remove_file(self.pending_erasures_path());
    }

    fn read_pending(&self) -> Option<Pending> {
        let text = std::fs::read_to_string(self.pending_erasures_path()).ok()?;
        crate::ron_options().from_str(&text).ok()
    }

    /// Finishes the erasures a crash cut short (called while the lock is taken):
    /// the live records and every backup, then the parse cache.
    pub(super) fn finish_erasures(&self) -> Vec<LoadProblem> {
        let path = self.pending_erasures_path();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
            Err(e) => {
                return vec![LoadProblem {
                    file: path,
                    reason: format!("an erasure cut short could not be read: {e}"),
                    action: ProblemAction::LeftInPlace,
                }];
            }
        };
        let pending: Pending = match crate::ron_options().from_str(&text) {
            Ok(pending) => pending,
            Err(e) => {
                let aside = path.with_extension("ron.unreadable");
                let _ = std::fs::rename(&path, &aside);
                return vec![LoadProblem {
                    file: path,
                    reason: format!(
                        "the note of an erasure cut short is unreadable ({e}); it was set aside: erase the enterprise again to be sure"
                    ),
                    action: ProblemAction::Quarantined(aside),
                }];
            }
        };
        let mut notes = Vec::new();
        for PendingErasure { ids, erasure } in &pending.erasures {
            let mut failed = Vec::new();
            for id in ids {
                let Some((mut record, _)) = self.read_enterprise(*id) else {
                    continue;
                };
                if apply_erasure_to(&mut record, erasure)
                    && let Err(e) = super::encode_enterprise(&record).and_then(|text| {
                        let path = self.enterprise_path(*id);
                        atomic::write_atomic(&path, text.as_bytes(), Durability::Durable)
                            .map_err(|source| StoreError::Write { path, source })
                    })
                {
                    failed.push(e.to_string());
                }
            }
            // The copies of this computer's saves hold the data too.
            for id in ids {
                self.written_here().drop_copy(*id);
            }
            let (copies, backup_failures) =
                self.erase_in_backups_unchecked(ids, |copy| apply_erasure_to(copy, erasure));
            failed.extend(
                backup_failures
                    .iter()
                    .map(|(p, why)| format!("{}: {why}", p.display())),
            );
            let quarantine =
                self.erase_in_quarantine_unchecked(ids, |copy| apply_erasure_to(copy, erasure));
            failed.extend(
                quarantine
                    .failed
                    .iter()
                    .map(|(p, why)| format!("{}: {why}", p.display())),
            );
            notes.push(LoadProblem {
                file: self.enterprise_path(ids[0]),
                reason: if failed.is_empty() {
                    format!(
                        "an erasure of personal data was cut short; it has been finished ({copies} backup copies erased now{})",
                        quarantine.describe().map(|d| format!("; {d}")).unwrap_or_default()
                    )
                } else {
                    format!(
                        "an erasure of personal data was cut short and could not be finished everywhere: {}",
                        failed.join("; ")
                    )
                },
                action: ProblemAction::Repaired,
            });
            if !failed.is_empty() {
                // The note stays, for the next opening to try again.
                return notes;
            }
        }
        if let Some(cache) = self.parse_cache() {
            let _ = std::fs::remove_file(cache.path());
        }
        let _ = std::fs::remove_file(&path);
        notes
    }
}

impl DataFolder {
    fn done_erasures_path(&self) -> PathBuf {
        self.backups_dir().join(DONE_ERASURES)
    }

    fn done_erasures(&self) -> std::collections::BTreeSet<(ulid::Ulid, Change)> {
        std::fs::read_to_string(self.done_erasures_path())
            .ok()
            .and_then(|text| crate::ron_options().from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Remembers that `erasure` of record `id` was carried out on this computer.
    pub fn note_erasure_done(&self, lock: &FolderLock, id: ulid::Ulid, erasure: &Change) {
        self.check_held(lock);
        let mut done = self.done_erasures();
        if done.insert((id, erasure.clone())) {
            self.write_done_erasures(&done);
        }
    }

    fn write_done_erasures(&self, done: &std::collections::BTreeSet<(ulid::Ulid, Change)>) {
        if let Ok(text) = ron::to_string(done) {
            let _ = std::fs::create_dir_all(self.backups_dir());
            let _ = atomic::write_atomic(
                &self.done_erasures_path(),
                text.as_bytes(),
                Durability::Durable,
            );
        }
    }

    /// Deletes Syncthing's earlier versions of records `ids`
    /// (`.stversions/enterprises/<id>~<time>.ron`): they hold what an erasure
    /// removed. Returns how many went.
    pub fn remove_sync_versions(&self, ids: &[ulid::Ulid]) -> usize {
        let dir = self.root().join(SYNC_VERSIONS).join(super::ENTERPRISES);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return 0;
        };
        let prefixes: Vec<String> = ids.iter().map(|id| format!("{id}~")).collect();
        let mut removed = 0;
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_a_version = prefixes.iter().any(|p| name.starts_with(p))
                || ids.iter().any(|id| name == format!("{id}.ron"));
            if is_a_version
                && entry.file_type().is_ok_and(|t| t.is_file())
                && std::fs::remove_file(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
        removed
    }

    /// Carries out on this computer the erasures that arrived in records from
    /// another computer (a synced file, a bundle): the backups' copies, the copy
    /// of the last save kept here, Syncthing's earlier versions and the parse
    /// cache, as if the erasure had been typed here. Each is done once; what was
    /// cleaned is reported.
    pub(super) fn carry_out_arrived_erasures(
        &self,
        lock: &FolderLock,
        enterprises: &[Enterprise],
    ) -> Vec<LoadProblem> {
        self.check_held(lock);
        if lock.is_read_only() {
            return Vec::new();
        }
        let arrived: Vec<(&Enterprise, &Change)> = enterprises
            .iter()
            .flat_map(|e| {
                e.history
                    .iter()
                    .filter(|c| matches!(c.what, crate::enterprise::ChangeKind::Erased { .. }))
                    .map(move |c| (e, c))
            })
            .collect();
        if arrived.is_empty() {
            return Vec::new();
        }
        let mut done = self.done_erasures();
        let mut notes = Vec::new();
        let mut changed_any = false;
        for (record, erasure) in arrived {
            if done.contains(&(record.id, erasure.clone())) {
                continue;
            }
            let ids: Vec<ulid::Ulid> = std::iter::once(record.id)
                .chain(record.aliases.iter().copied())
                .collect();
            for id in &ids {
                self.written_here().drop_copy(*id);
            }
            let (copies, failed) =
                self.erase_in_backups_unchecked(&ids, |copy| apply_erasure_to(copy, erasure));
            let versions = self.remove_sync_versions(&ids);
            let quarantine =
                self.erase_in_quarantine_unchecked(&ids, |copy| apply_erasure_to(copy, erasure));
            let mut failed = failed;
            failed.extend(quarantine.failed.iter().cloned());
            if !failed.is_empty() {
                notes.push(LoadProblem {
                    file: self.enterprise_path(record.id),
                    reason: format!(
                        "an erasure of personal data made elsewhere could not be applied to every backup here: {}",
                        failed
                            .iter()
                            .map(|(p, why)| format!("{}: {why}", p.display()))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    action: ProblemAction::LeftInPlace,
                });
                continue;
            }
            let in_quarantine = quarantine.cleaned + quarantine.deleted.len();
            if copies + versions + in_quarantine > 0 {
                changed_any = true;
                notes.push(LoadProblem {
                    file: self.enterprise_path(record.id),
                    reason: format!(
                        "an erasure of personal data (by {} on {}) was applied here too: {copies} backup copies and {versions} earlier versions kept by Syncthing{}",
                        if erasure.by.is_empty() { "another computer" } else { &erasure.by },
                        crate::text::format_date(crate::text::local_date(erasure.at)),
                        quarantine.describe().map(|d| format!("; {d}")).unwrap_or_default()
                    ),
                    action: ProblemAction::Repaired,
                });
            }
            done.insert((record.id, erasure.clone()));
        }
        if changed_any && let Some(cache) = self.parse_cache() {
            let _ = std::fs::remove_file(cache.path());
        }
        self.write_done_erasures(&done);
        notes
    }
}
