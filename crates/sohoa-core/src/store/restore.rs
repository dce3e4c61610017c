//! Putting a data folder back as it was in a backup, in steps that a crash can
//! interrupt anywhere without the records disappearing.
//!
//! Key methods: [`DataFolder::restore`] and, on taking the lock, the completion of
//! a restore that a crash cut short.
//!
//! Steps:
//! 1. the present state is backed up (`before-restore`);
//! 2. the backup's folders and files are copied into `.sohoa-restore-<time>/` in
//!    the data folder and flushed to disk;
//! 3. the journal `.sohoa-restore.ron` is written: from here the restore is decided;
//! 4. for each folder, the live one is moved aside and the copy moved in; then
//!    each file is moved in;
//! 5. what was moved aside (kept in the `before-restore` backup) is deleted, then
//!    the journal.
//!
//! A crash before step 3 leaves the live folder untouched; the half-made copy is
//! removed by the next Sohoa to lock the folder. A crash after it is finished by
//! that next Sohoa, from the journal, with a message: a data folder is never seen
//! with its records folder missing. Folders left by an interrupted restore of an
//! earlier Sohoa (`.restore-<time>-old-enterprises` beside a missing
//! `enterprises/`) are moved back.
//!
//! Policy: every step is a rename inside the data folder, so it is atomic; the
//! journal is checked before it is followed.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::backup::{BackupError, BackupInfo, BackupPolicy, FILES, FOLDERS, copy_with_time, io};
use super::{DataFolder, Durability, FolderLock, LoadProblem, ProblemAction, atomic, fault};

/// The journal of a restore in progress, in the data folder's root.
pub const RESTORE_JOURNAL: &str = ".sohoa-restore.ron";
/// Prefix of the folder a restore is copied into.
const STAGING_PREFIX: &str = ".sohoa-restore-";
/// Inside the staging folder, the single files of the backup.
const STAGED_FILES: &str = "files";
/// Prefix of the folders an earlier Sohoa used for the same purpose.
const LEGACY_PREFIX: &str = ".restore-";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RestoreJournal {
    /// The backup being restored (for the message).
    backup: String,
    /// The staging folder's name, in the data folder.
    staging: String,
    /// The single files (of [`FILES`]) the backup has; the others are removed.
    files: Vec<String>,
    /// The computer that started the restore: only it finishes it (a journal
    /// carried to another computer by a sync engine is left alone there).
    #[serde(default)]
    computer: Option<String>,
    /// How many files were staged and a hash of their names and bytes: a journal
    /// is followed only when what it would move in is all there, unchanged.
    #[serde(default)]
    staged: Option<StagedDigest>,
}

/// The files a restore moves in, counted and hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StagedDigest {
    files: usize,
    hash: u64,
}

impl DataFolder {
    /// Puts the folder back as it was in backup `name`, after backing up the
    /// present state (reason `before-restore`); see the module for the steps.
    pub fn restore(
        &self,
        lock: &FolderLock,
        name: &str,
        policy: BackupPolicy,
        now: Timestamp,
    ) -> Result<BackupInfo, BackupError> {
        let not_found = || BackupError::NotFound(name.to_owned());
        crate::safe_name::check(name).map_err(|_| not_found())?;
        let backup = self
            .backups()
            .into_iter()
            .find(|b| b.name == name)
            .ok_or_else(not_found)?;
        self.check_held(lock);
        lock.check_writable()?;
        self.backup(lock, "before-restore", policy, now)?;
        let staging_name = format!("{STAGING_PREFIX}{}", now.strftime("%Y%m%d-%H%M%S"));
        let staging = self.root().join(&staging_name);
        let _ = std::fs::remove_dir_all(&staging);
        let copied = self.copy_for_restore(&backup, &staging);
        let files = match copied {
            Ok(files) => files,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(e);
            }
        };
        let staged = match self.staged_digest(&staging_name, &files) {
            Ok(digest) => digest,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(io("cannot read back", &staging)(e));
            }
        };
        let journal = RestoreJournal {
            backup: backup.name.clone(),
            staging: staging_name,
            files,
            computer: Some(super::machine_name()),
            staged: Some(staged),
        };
        let path = self.root().join(RESTORE_JOURNAL);
        let text = ron::to_string(&journal).unwrap_or_default();
        if let Err(e) = atomic::write_atomic(&path, text.as_bytes(), Durability::Durable) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(io("cannot write", &path)(e));
        }
        fault::step("restore");
        self.roll_restore_forward(&journal)?;
        Ok(backup)
    }

    /// Copies the backup's folders and files into `staging`, flushed to disk;
    /// returns the single files the backup has.
    fn copy_for_restore(
        &self,
        backup: &BackupInfo,
        staging: &Path,
    ) -> Result<Vec<String>, BackupError> {
        for folder in FOLDERS {
            let target = staging.join(folder);
            std::fs::create_dir_all(&target).map_err(io("cannot create", &target))?;
            let source_dir = backup.path.join(folder);
            let sources: Vec<PathBuf> = std::fs::read_dir(&source_dir)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                        .filter(|e| super::is_data_file_name(&e.file_name().to_string_lossy()))
                        .map(|e| e.path())
                        .collect()
                })
                .unwrap_or_default();
            sources.par_iter().try_for_each(|source| {
                let Some(file_name) = source.file_name() else {
                    return Ok(());
                };
                let copy = target.join(file_name);
                copy_with_time(source, &copy)?;
                flush(&copy)
            })?;
            atomic::sync_folder(&target).map_err(io("cannot flush", &target))?;
        }
        let target = staging.join(STAGED_FILES);
        std::fs::create_dir_all(&target).map_err(io("cannot create", &target))?;
        let mut present = Vec::new();
        for file in FILES {
            let source = backup.path.join(file);
            if source.is_file() {
                copy_with_time(&source, &target.join(file))?;
                flush(&target.join(file))?;
                present.push(file.to_owned());
            }
        }
        atomic::sync_folder(&target).map_err(io("cannot flush", &target))?;
        atomic::sync_folder(staging).map_err(io("cannot flush", staging))?;
        Ok(present)
    }

    /// Steps 4 and 5 of a restore whose journal is written. Each step checks
    /// what is already done, so running it again after a crash finishes the job.
    fn roll_restore_forward(&self, journal: &RestoreJournal) -> Result<(), BackupError> {
        // What this computer wrote before is undone on purpose: its copies must
        // not be merged back into the restored records.
        self.written_here().clear();
        let staging = self.root().join(&journal.staging);
        let aside = |folder: &str| {
            self.root()
                .join(format!("{}-old-{folder}", journal.staging))
        };
        for folder in FOLDERS {
            let live = self.root().join(folder);
            let incoming = staging.join(folder);
            if !incoming.exists() {
                continue; // Moved in before the crash.
            }
            if live.exists() {
                let old = aside(folder);
                if old.exists() {
                    // The live folder was moved aside already and something made a
                    // new one since: keep it too, under another name.
                    let extra = self.root().join(format!(
                        "{}-old-{folder}-{}",
                        journal.staging,
                        ulid::Ulid::generate()
                    ));
                    std::fs::rename(&live, &extra).map_err(io("cannot move aside", &live))?;
                } else {
                    std::fs::rename(&live, &old).map_err(io("cannot move aside", &live))?;
                }
                fault::step("restore");
            }
            std::fs::rename(&incoming, &live).map_err(io("cannot restore", &live))?;
            fault::step("restore");
        }
        let _ = atomic::sync_folder(self.root());
        for file in FILES {
            let live = self.root().join(file);
            let staged = staging.join(STAGED_FILES).join(file);
            if journal.files.iter().any(|f| f == file) {
                if staged.exists() {
                    std::fs::rename(&staged, &live).map_err(io("cannot restore", &live))?;
                    fault::step("restore");
                }
            } else if live.exists() {
                std::fs::remove_file(&live).map_err(io("cannot remove", &live))?;
                fault::step("restore");
            }
        }
        let _ = atomic::sync_folder(self.root());
        // The state moved aside is in the before-restore backup.
        self.remove_restore_leftovers(&journal.staging);
        fault::step("restore");
        let journal_path = self.root().join(RESTORE_JOURNAL);
        std::fs::remove_file(&journal_path).map_err(io("cannot remove", &journal_path))?;
        let _ = atomic::sync_folder(self.root());
        Ok(())
    }

    /// Counts and hashes what a restore moves in: each folder from the staging
    /// folder, or from the live folder once moved in; each staged file likewise.
    /// A link anywhere (the staging folder, a folder in it, a file) is an error.
    fn staged_digest(&self, staging: &str, files: &[String]) -> std::io::Result<StagedDigest> {
        use std::hash::{BuildHasher, Hasher};
        let staging = self.root().join(staging);
        if std::fs::symlink_metadata(&staging)?
            .file_type()
            .is_symlink()
        {
            return Err(std::io::Error::other("the staging folder is a link"));
        }
        let mut hasher = foldhash::fast::FixedState::with_seed(0x5245_5354).build_hasher();
        let mut count = 0;
        let mut take = |label: &str, path: &Path| -> std::io::Result<()> {
            let meta = std::fs::symlink_metadata(path)?;
            if !meta.file_type().is_file() {
                return Err(std::io::Error::other(format!(
                    "{} is not a plain file",
                    path.display()
                )));
            }
            hasher.write(label.as_bytes());
            hasher.write(&std::fs::read(path)?);
            count += 1;
            Ok(())
        };
        for folder in FOLDERS {
            let staged = staging.join(folder);
            let dir = if staged.exists() {
                staged
            } else {
                self.root().join(folder)
            };
            if !std::fs::symlink_metadata(&dir)?.file_type().is_dir() {
                return Err(std::io::Error::other(format!(
                    "{} is not a folder",
                    dir.display()
                )));
            }
            let mut names: Vec<String> = std::fs::read_dir(&dir)?
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| super::is_data_file_name(name))
                .collect();
            names.sort();
            for name in names {
                take(&format!("{folder}/{name}"), &dir.join(&name))?;
            }
        }
        for file in files {
            let staged = staging.join(STAGED_FILES).join(file);
            let path = if staged.exists() {
                staged
            } else {
                self.root().join(file)
            };
            take(file, &path)?;
        }
        Ok(StagedDigest {
            files: count,
            hash: hasher.finish(),
        })
    }

    /// Whether everything `journal` would move in is there as it was staged.
    fn staging_is_complete(&self, journal: &RestoreJournal) -> bool {
        journal.staged.is_some_and(|expected| {
            self.staged_digest(&journal.staging, &journal.files)
                .is_ok_and(|found| found == expected)
        })
    }

    /// Deletes what a finished restore left: its staging folder and the folders
    /// moved aside.
    fn remove_restore_leftovers(&self, staging: &str) {
        let Ok(entries) = std::fs::read_dir(self.root()) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            if entry.file_name().to_string_lossy().starts_with(staging) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }

    /// Finishes or undoes what an interrupted restore left. Called with the folder
    /// locked, before anything else reads it; says what was done.
    pub(super) fn finish_restore(&self) -> Vec<LoadProblem> {
        let mut notes = Vec::new();
        let path = self.root().join(RESTORE_JOURNAL);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            notes.push(self.quarantine(&path, "a restore journal that is a link was not followed"));
            notes.extend(self.clear_undecided_restores());
            return notes;
        }
        let read = crate::bounded_read::read_regular_file(&path, 1 << 20)
            .map_err(|e| match e {
                crate::bounded_read::BoundedReadError::Io(io) => io,
                other => std::io::Error::other(other.to_string()),
            })
            .and_then(|bytes| String::from_utf8(bytes).map_err(std::io::Error::other));
        match read {
            Ok(text) => match crate::ron_options().from_str::<RestoreJournal>(&text) {
                Ok(RestoreJournal {
                    computer: Some(computer),
                    backup,
                    ..
                }) if computer != super::machine_name() => {
                    // Started elsewhere: finishing it here would replace this
                    // computer's records with what a sync engine carried of the
                    // other one's staging folder. Nothing is touched, staging
                    // folders included.
                    notes.push(LoadProblem {
                        file: path.clone(),
                        reason: format!(
                            "a restore of backup {backup} started on the computer “{computer}” is not finished; it is left for that computer (nothing was changed here)"
                        ),
                        action: ProblemAction::LeftInPlace,
                    });
                    return notes;
                }
                Ok(journal)
                    if journal.staging.starts_with(STAGING_PREFIX)
                        && crate::safe_name::check(&journal.staging[STAGING_PREFIX.len()..])
                            .is_ok()
                        && journal.files.iter().all(|f| FILES.contains(&f.as_str()))
                        && !self.staging_is_complete(&journal) =>
                {
                    notes.push(self.quarantine(
                        &path,
                        "a restore journal whose staged files are missing, changed, or links (or that does not say what it staged) was not followed; the folder was left as it is",
                    ));
                }
                Ok(journal)
                    if journal.staging.starts_with(STAGING_PREFIX)
                        && crate::safe_name::check(&journal.staging[STAGING_PREFIX.len()..])
                            .is_ok()
                        && journal.files.iter().all(|f| FILES.contains(&f.as_str())) =>
                {
                    notes.push(match self.roll_restore_forward(&journal) {
                        Ok(()) => LoadProblem {
                            file: path.clone(),
                            reason: format!(
                                "a restore of backup {} was interrupted; it has been completed",
                                journal.backup
                            ),
                            action: ProblemAction::Repaired,
                        },
                        Err(e) => LoadProblem {
                            file: path.clone(),
                            reason: format!(
                                "a restore of backup {} was interrupted and could not be completed: {e}",
                                journal.backup
                            ),
                            action: ProblemAction::LeftInPlace,
                        },
                    });
                }
                Ok(_) => notes.push(self.quarantine(
                    &path,
                    "a restore journal naming folders outside the data folder's layout was not followed",
                )),
                Err(e) => notes.push(self.quarantine(&path, &format!("an unreadable restore journal: {e}"))),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => notes.push(LoadProblem {
                file: path.clone(),
                reason: format!("an interrupted restore could not be read: {e}"),
                action: ProblemAction::LeftInPlace,
            }),
        }
        notes.extend(self.clear_undecided_restores());
        notes
    }

    /// A staging folder with no journal is a copy that never finished: the live
    /// folder was not touched. Folders of an earlier Sohoa's restore are moved
    /// back where the live one is missing.
    fn clear_undecided_restores(&self) -> Vec<LoadProblem> {
        let mut notes = Vec::new();
        let Ok(entries) = std::fs::read_dir(self.root()) else {
            return notes;
        };
        let names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        for name in &names {
            if name.starts_with(STAGING_PREFIX) {
                let _ = std::fs::remove_dir_all(self.root().join(name));
                continue;
            }
            if !name.starts_with(LEGACY_PREFIX) {
                continue;
            }
            let moved_back = FOLDERS.iter().find_map(|folder| {
                let live = self.root().join(folder);
                (name.ends_with(&format!("-old-{folder}")) && !live.exists())
                    .then(|| std::fs::rename(self.root().join(name), &live).map(|()| live))
            });
            notes.push(match moved_back {
                Some(Ok(live)) => LoadProblem {
                    file: self.root().join(name),
                    reason: format!(
                        "an interrupted restore had left {} missing; it was moved back from this folder",
                        live.display()
                    ),
                    action: ProblemAction::Repaired,
                },
                Some(Err(e)) => LoadProblem {
                    file: self.root().join(name),
                    reason: format!("an interrupted restore left this folder and it could not be moved back: {e}"),
                    action: ProblemAction::LeftInPlace,
                },
                None => LoadProblem {
                    file: self.root().join(name),
                    reason: "left by an interrupted restore; the data folder is whole and this folder can be deleted".into(),
                    action: ProblemAction::LeftInPlace,
                },
            });
        }
        notes
    }
}

/// Flushes a copied file to disk. The file is opened for writing (nothing is
/// written): Windows flushes only through a handle that may write, and refuses a
/// read-only one with "Access denied", which made every restore fail there.
fn flush(path: &Path) -> Result<(), BackupError> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.sync_all())
        .map_err(io("cannot flush", path))
}
