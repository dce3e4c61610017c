//! Changes to many files that happen whole or not at all, even when the process
//! is killed halfway: an import's records and questionnaires, a merge of two
//! records.
//!
//! Key types: [`Batch`] (what to write and delete); methods
//! [`DataFolder::apply_batch`] and (on taking the lock) the recovery of a batch
//! that a crash cut short.
//!
//! Steps of [`DataFolder::apply_batch`]:
//! 1. every new file is written beside its target under a temporary name
//!    (`.sohoa-tmp-…`) and flushed to disk;
//! 2. the journal `.sohoa-journal.ron`, naming each temporary file, its target and
//!    the files to delete, is written and flushed;
//! 3. each temporary file is renamed over its target, the deleted files go;
//! 4. the journal is deleted.
//!
//! A crash before step 2 leaves the folder as it was (the temporary files are
//! nobody's and are cleared later). From step 2 on, the batch is decided: the next
//! Sohoa to lock the folder reads the journal and finishes steps 3 and 4. A
//! rename that *fails* (a file held open on Windows, a disk error) puts back what
//! was already replaced, and the batch is refused as a whole.
//!
//! Policy: the journal is data read from disk, so every path in it is checked
//! against the layout (`enterprises/<id>.ron`, `questionnaires/<name>.ron`,
//! temporary names beside them) before anything is renamed; a journal that breaks
//! the rule, or that another computer wrote (a sync engine carried it), is set
//! aside in quarantine, never followed. A staged file is renamed only if it is a
//! plain file holding the record its target names. A sync engine writes without
//! Sohoa's lock, so a file to delete is deleted only while it is still the version
//! hashed in the journal: a record edited elsewhere in the meantime is kept.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{
    DataFolder, Durability, ENTERPRISES, LoadProblem, ProblemAction, QUESTIONNAIRES, StoreError,
    atomic, fault,
};
use crate::enterprise::Enterprise;
use crate::questionnaire::Questionnaire;

/// The journal of a batch being applied, in the data folder's root.
pub const JOURNAL_FILE: &str = ".sohoa-journal.ron";

/// Largest journal read: a line per file, so room for far more than a national folder.
const MAX_JOURNAL_BYTES: u64 = 256 * 1024 * 1024;

/// How many times a record replaced while it is merged is merged again before
/// the batch renames its version in.
const REMERGE_ROUNDS: usize = 8;

/// How many files are flushed to disk at once while a batch is staged.
const FLUSHES_IN_FLIGHT: usize = 16;

/// Files to write and delete together, as paths relative to the data folder.
#[derive(Debug, Default)]
pub struct Batch {
    writes: Vec<(PathBuf, Vec<u8>)>,
    removes: Vec<PathBuf>,
    /// For records written over a version read earlier: that version (`None`:
    /// the file did not exist). Checked just before each rename.
    read_versions: std::collections::HashMap<PathBuf, Option<super::FileStamp>>,
}

/// Merges the bytes a batch was about to write with the bytes now on disk, when
/// another program (a sync engine) replaced the file after it was read; `None`
/// when they cannot be merged (the batch's bytes are written then).
pub type Remerge<'a> = &'a (dyn Fn(&[u8], &[u8]) -> Option<Vec<u8>> + Sync);

impl Batch {
    /// Saves these enterprises (encoded in parallel).
    pub fn save_enterprises(&mut self, save: &[&Enterprise]) -> Result<(), StoreError> {
        let encoded = save
            .par_iter()
            .map(|e| {
                Ok((
                    enterprise_file(e.id),
                    super::encode_enterprise(e)?.into_bytes(),
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        self.writes.extend(encoded);
        Ok(())
    }

    /// Says which version of enterprise `id`'s file the record saved for it was
    /// built on, so that a file replaced since is merged instead of overwritten.
    pub fn built_on(&mut self, id: ulid::Ulid, version: Option<super::FileStamp>) {
        self.read_versions.insert(enterprise_file(id), version);
    }

    /// Deletes the file of enterprise `id`.
    pub fn remove_enterprise(&mut self, id: ulid::Ulid) {
        self.removes.push(enterprise_file(id));
    }

    /// Installs a questionnaire version (see [`DataFolder::install_questionnaire`]).
    pub fn install_questionnaire(
        &mut self,
        questionnaire: &Questionnaire,
        source: &str,
    ) -> Result<(), StoreError> {
        let name = super::questionnaire_file_name(&questionnaire.id, &questionnaire.version)?;
        self.writes.push((
            Path::new(QUESTIONNAIRES).join(name),
            source.as_bytes().to_vec(),
        ));
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.writes.is_empty() && self.removes.is_empty()
    }
}

fn enterprise_file(id: ulid::Ulid) -> PathBuf {
    Path::new(ENTERPRISES).join(format!("{id}.ron"))
}

/// What is written in the journal.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal {
    schema: u32,
    /// The computer that wrote it: only that computer finishes the batch.
    computer: String,
    /// (temporary file, target), relative to the data folder.
    writes: Vec<(String, String)>,
    /// Files to delete, relative to the data folder, each with the hash of the
    /// version the batch meant to delete (`None`: already absent). A file that
    /// changed since (a sync engine brought another computer's edit) is kept.
    removes: Vec<(String, Option<u64>)>,
}

const JOURNAL_SCHEMA: u32 = 2;

/// A 64-bit hash of a file's bytes, to tell the version a batch read from any other.
fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x4a4f_5552).hash_one(bytes)
}

/// The hash of the file at `path` as it is now; `None` when it is absent or
/// not a plain file.
fn file_hash(path: &Path) -> Option<u64> {
    crate::bounded_read::read_regular_file(path, super::MAX_ENTERPRISE_FILE_BYTES)
        .ok()
        .map(|bytes| content_hash(&bytes))
}

/// Deletes `path` if it is still the version hashed `expected`; says whether
/// it is gone. A file changed since is kept.
fn remove_if_unchanged(path: &Path, expected: Option<u64>) -> std::io::Result<bool> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(e),
        Ok(_) => {}
    }
    if expected.is_none() || file_hash(path) != expected {
        return Ok(false);
    }
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(e),
    }
}

/// Whether the staged file `temp` can be renamed over `target`: a plain file
/// (not a link), and for a record, a record of the id its target names.
fn is_staged_version_of(temp: &Path, target: &str) -> bool {
    let plain = std::fs::symlink_metadata(temp).is_ok_and(|m| m.file_type().is_file());
    if !plain {
        return false;
    }
    let Some(stem) = target
        .strip_prefix(ENTERPRISES)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|file| file.strip_suffix(".ron"))
    else {
        return true;
    };
    crate::bounded_read::read_regular_file(temp, super::MAX_ENTERPRISE_FILE_BYTES)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| super::parse_enterprise_file(&text).ok())
        .is_some_and(|record| record.id.to_string() == stem)
}

/// Whether `relative` is a data file of the layout: `enterprises/<ULID>.ron` or
/// `questionnaires/<safe name>.ron`.
fn is_layout_file(relative: &str) -> bool {
    let Some((folder, file)) = relative.split_once('/') else {
        return false;
    };
    let Some(stem) = file.strip_suffix(".ron") else {
        return false;
    };
    match folder {
        ENTERPRISES => ulid::Ulid::from_string(stem).is_ok_and(|id| id.to_string() == stem),
        QUESTIONNAIRES => crate::safe_name::is_joined_name(stem),
        _ => false,
    }
}

/// Whether `temp` is a temporary file beside `target`.
fn is_temporary_beside(temp: &str, target: &str) -> bool {
    let (Some((temp_folder, temp_name)), Some((folder, _))) =
        (temp.split_once('/'), target.split_once('/'))
    else {
        return false;
    };
    temp_folder == folder
        && temp_name.starts_with(atomic::TEMP_PREFIX)
        && temp_name.ends_with(".part")
        && temp_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// A relative path with `/` separators, as written in the journal.
fn portable(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

impl DataFolder {
    /// Writes and deletes the files of `batch` as one change that survives a crash
    /// at any point whole or not at all (see the module steps).
    pub fn apply_batch(&self, lock: &super::FolderLock, batch: Batch) -> Result<(), StoreError> {
        self.apply_batch_merging(lock, batch, None)
    }

    /// [`DataFolder::apply_batch`]; just before each record is renamed into
    /// place, a file replaced since the version it was built on
    /// ([`Batch::built_on`]) is merged with `remerge` into the staged file, so a
    /// change that arrived while the batch ran is kept, not overwritten.
    pub fn apply_batch_merging(
        &self,
        lock: &super::FolderLock,
        batch: Batch,
        remerge: Option<Remerge<'_>>,
    ) -> Result<(), StoreError> {
        use std::io::Write;
        self.check_held(lock);
        lock.check_writable()?;
        if batch.is_empty() {
            return Ok(());
        }
        let stage = || {
            batch
                .writes
                .par_iter()
                .map(|(relative, bytes)| {
                    let target = self.root().join(relative);
                    let write_error = |source| StoreError::Write {
                        path: target.clone(),
                        source,
                    };
                    let folder = target.parent().unwrap_or(self.root());
                    let mut temp = tempfile::Builder::new()
                        .prefix(atomic::TEMP_PREFIX)
                        .suffix(".part")
                        .tempfile_in(folder)
                        .map_err(write_error)?;
                    temp.write_all(bytes).map_err(write_error)?;
                    temp.as_file().sync_all().map_err(write_error)?;
                    // From here the file is named in the journal, not owned by this value.
                    let (_, temp_path) = temp.keep().map_err(|e| write_error(e.error))?;
                    Ok((temp_path, target))
                })
                .collect::<Vec<Result<(PathBuf, PathBuf), StoreError>>>()
        };
        // Flushing a file mostly waits for the disk: with many flushes in flight
        // the file system commits them together.
        let outcomes = match rayon::ThreadPoolBuilder::new()
            .num_threads(FLUSHES_IN_FLIGHT)
            .build()
        {
            Ok(pool) => pool.install(stage),
            Err(_) => stage(),
        };
        let (staged, failed): (Vec<_>, Vec<_>) = outcomes.into_iter().partition(Result::is_ok);
        let staged: Vec<(PathBuf, PathBuf)> = staged.into_iter().flatten().collect();
        if let Some(Err(e)) = failed.into_iter().next() {
            for (temp, _) in &staged {
                let _ = std::fs::remove_file(temp);
            }
            return Err(e);
        }
        for folder in [ENTERPRISES, QUESTIONNAIRES] {
            let path = self.root().join(folder);
            atomic::sync_folder(&path).map_err(|source| StoreError::Write { path, source })?;
        }
        fault::step("import");
        let relative = |path: &Path| {
            path.strip_prefix(self.root())
                .map(portable)
                .unwrap_or_default()
        };
        let journal = Journal {
            schema: JOURNAL_SCHEMA,
            computer: super::machine_name(),
            writes: staged
                .iter()
                .map(|(temp, target)| (relative(temp), relative(target)))
                .collect(),
            removes: batch
                .removes
                .iter()
                .map(|p| (portable(p), file_hash(&self.root().join(p))))
                .collect(),
        };
        let journal_path = self.root().join(JOURNAL_FILE);
        let text = ron::to_string(&journal).map_err(|source| StoreError::Encode {
            what: "the journal".into(),
            source,
        })?;
        if let Err(source) =
            atomic::write_atomic(&journal_path, text.as_bytes(), Durability::Durable)
        {
            for (temp, _) in &staged {
                let _ = std::fs::remove_file(temp);
            }
            return Err(StoreError::Write {
                path: journal_path,
                source,
            });
        }
        fault::step("import");
        // Decided: from here a crash is finished by the next lock.
        let previous: Vec<Option<Vec<u8>>> = staged
            .par_iter()
            .map(|(_, target)| {
                crate::bounded_read::read_regular_file(target, super::MAX_ENTERPRISE_FILE_BYTES)
                    .ok()
            })
            .collect();
        for (done, (temp, target)) in staged.iter().enumerate() {
            if let (Some(remerge), Some(read)) = (
                remerge,
                batch.read_versions.get(Path::new(&relative(target))),
            ) {
                self.remerge_staged(temp, target, *read, &batch.writes[done].1, remerge);
            }
            if let Err(source) = std::fs::rename(temp, target) {
                self.put_back(&staged[..done], &previous[..done]);
                for (temp, _) in &staged[done..] {
                    let _ = std::fs::remove_file(temp);
                }
                let _ = std::fs::remove_file(&journal_path);
                return Err(StoreError::Write {
                    path: target.clone(),
                    source,
                });
            }
            fault::step("import");
        }
        // A file replaced since the journal was written (another computer's
        // edit of a record merged away) stays: the next opening folds it into
        // the record that names it.
        for (relative, expected) in &journal.removes {
            let path = self.root().join(relative);
            if let Err(source) = remove_if_unchanged(&path, *expected) {
                return Err(StoreError::Write { path, source });
            }
            fault::step("import");
        }
        self.sync_enterprises()?;
        let path = self.root().join(QUESTIONNAIRES);
        atomic::sync_folder(&path).map_err(|source| StoreError::Write { path, source })?;
        std::fs::remove_file(&journal_path).map_err(|source| StoreError::Write {
            path: journal_path.clone(),
            source,
        })?;
        let _ = atomic::sync_folder(self.root());
        Ok(())
    }

    /// When `target` is no longer the version `read` the staged bytes were built
    /// on, rewrites the staged file `temp` with those bytes merged with the file
    /// now there, and again if it changed once more while merging, so that the
    /// rename follows a check of the very version merged. A file that cannot be
    /// read or merged leaves the staged bytes.
    fn remerge_staged(
        &self,
        temp: &Path,
        target: &Path,
        read: Option<super::FileStamp>,
        staged: &[u8],
        remerge: Remerge<'_>,
    ) {
        let stamp = || {
            std::fs::metadata(target)
                .ok()
                .map(|m| super::FileStamp::of(&m))
        };
        let mut merged_with = read;
        let mut ours = staged.to_vec();
        // A file rewritten faster than it can be merged is left after a few
        // rounds; each round keeps what the last one merged.
        for _ in 0..REMERGE_ROUNDS {
            let now = stamp();
            if now == merged_with || now.is_none() {
                return;
            }
            let Ok(theirs) =
                crate::bounded_read::read_regular_file(target, super::MAX_ENTERPRISE_FILE_BYTES)
            else {
                return;
            };
            let Some(merged) = remerge(&ours, &theirs) else {
                return;
            };
            // The journal names `temp`: a crash from here still renames it in,
            // merged or not yet.
            if atomic::overwrite_in_place(temp, &merged).is_err() {
                return;
            }
            ours = merged;
            merged_with = now;
        }
    }

    /// Gives the files of a failed batch that were already replaced their previous
    /// contents back (or removes them if they are new).
    fn put_back(&self, replaced: &[(PathBuf, PathBuf)], previous: &[Option<Vec<u8>>]) {
        for ((_, target), before) in replaced.iter().zip(previous) {
            let _ = match before {
                Some(bytes) => atomic::write_atomic(target, bytes, Durability::Durable),
                None => std::fs::remove_file(target),
            };
        }
    }

    /// Finishes a batch that a crash interrupted after its journal was written.
    /// Called with the folder locked; says what was done.
    pub(super) fn finish_batch(&self) -> Option<LoadProblem> {
        let path = self.root().join(JOURNAL_FILE);
        if std::fs::symlink_metadata(&path).is_err() {
            return None;
        }
        let read = crate::bounded_read::read_regular_file(&path, MAX_JOURNAL_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|bytes| String::from_utf8(bytes).map_err(|e| e.to_string()));
        let text = match read {
            Ok(text) => text,
            Err(e) => {
                return Some(LoadProblem {
                    file: path,
                    reason: format!("an unfinished import could not be read: {e}"),
                    action: ProblemAction::LeftInPlace,
                });
            }
        };
        let journal: Journal = match crate::ron_options().from_str(&text) {
            Ok(journal) => journal,
            Err(e) => return Some(self.quarantine(&path, &format!("an unreadable journal: {e}"))),
        };
        let well_formed = journal.schema == JOURNAL_SCHEMA
            && journal
                .writes
                .iter()
                .all(|(temp, target)| is_layout_file(target) && is_temporary_beside(temp, target))
            && journal.removes.iter().all(|(r, _)| is_layout_file(r));
        if !well_formed {
            return Some(self.quarantine(
                &path,
                "a journal naming files outside the data folder's layout was not followed",
            ));
        }
        if journal.computer != super::machine_name() {
            return Some(self.quarantine(
                &path,
                &format!(
                    "a journal written on another computer ({}) was not followed: only the computer that began a change finishes it",
                    journal.computer
                ),
            ));
        }
        let mut finished = 0;
        let mut refused = 0;
        for (temp, target) in &journal.writes {
            let temp = self.root().join(temp);
            // A temporary file no longer there was renamed before the crash.
            if std::fs::symlink_metadata(&temp).is_err() {
                continue;
            }
            if !is_staged_version_of(&temp, target) {
                refused += 1;
                continue;
            }
            if std::fs::rename(&temp, self.root().join(target)).is_ok() {
                finished += 1;
            }
        }
        let mut kept = 0;
        for (remove, expected) in &journal.removes {
            if !remove_if_unchanged(&self.root().join(remove), *expected).unwrap_or(false) {
                kept += 1;
            }
        }
        let _ = self.sync_enterprises();
        let _ = atomic::sync_folder(&self.root().join(QUESTIONNAIRES));
        let _ = std::fs::remove_file(&path);
        let _ = atomic::sync_folder(self.root());
        Some(LoadProblem {
            file: path,
            reason: format!(
                "an import or merge was interrupted; it has been finished ({} of {} files written now){}{}",
                finished,
                journal.writes.len(),
                match refused {
                    0 => String::new(),
                    n => format!(
                        "; {n} staged file(s) were not what the change had written (a link, or another record) and were left out"
                    ),
                },
                match kept {
                    0 => String::new(),
                    n => format!("; {n} file(s) to delete had changed since, and were kept"),
                },
            ),
            action: ProblemAction::Repaired,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_of_the_layout_may_be_named_in_a_journal() {
        assert!(is_layout_file("enterprises/01JDQ8ZJ5Q2V7K7ZC3M1Y8W6XH.ron"));
        assert!(is_layout_file("questionnaires/dbi-2021-sme-1.0.0.ron"));
        for bad in [
            "enterprises/../program.ron",
            "enterprises/x.ron",
            "questionnaires/../../x.ron",
            "questionnaires/A.ron",
            "program.ron",
            "/etc/passwd",
            "enterprises/01JDQ8ZJ5Q2V7K7ZC3M1Y8W6XH.ron/x",
        ] {
            assert!(!is_layout_file(bad), "{bad}");
        }
        assert!(is_temporary_beside(
            "enterprises/.sohoa-tmp-Ab12.part",
            "enterprises/01JDQ8ZJ5Q2V7K7ZC3M1Y8W6XH.ron"
        ));
        assert!(!is_temporary_beside(
            "questionnaires/.sohoa-tmp-Ab12.part",
            "enterprises/01JDQ8ZJ5Q2V7K7ZC3M1Y8W6XH.ron"
        ));
        assert!(!is_temporary_beside(
            "enterprises/.sohoa-tmp-../../x.part",
            "enterprises/01JDQ8ZJ5Q2V7K7ZC3M1Y8W6XH.ron"
        ));
    }

    #[test]
    fn a_batch_cut_after_its_journal_is_finished_by_the_next_lock() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DataFolder::open(dir.path()).unwrap();
        let e = Enterprise::new("HTX Nửa Chừng", jiff::Timestamp::UNIX_EPOCH);
        // What a killed apply_batch leaves after step 2: a staged file and its journal.
        let staged = dir.path().join("enterprises").join(".sohoa-tmp-cut.part");
        std::fs::write(&staged, super::super::encode_enterprise(&e).unwrap()).unwrap();
        let journal = Journal {
            schema: JOURNAL_SCHEMA,
            computer: super::super::machine_name(),
            writes: vec![(
                "enterprises/.sohoa-tmp-cut.part".into(),
                format!("enterprises/{}.ron", e.id),
            )],
            removes: vec![],
        };
        std::fs::write(
            dir.path().join(JOURNAL_FILE),
            ron::to_string(&journal).unwrap(),
        )
        .unwrap();
        let lock = folder.lock(std::time::Duration::ZERO).unwrap();
        assert_eq!(lock.recovered.len(), 1);
        assert!(
            lock.recovered[0].reason.contains("1 of 1"),
            "{}",
            lock.recovered[0]
        );
        assert!(!dir.path().join(JOURNAL_FILE).exists());
        assert!(!staged.exists());
        drop(lock);
        assert_eq!(folder.load_enterprises().enterprises, vec![e]);
    }

    #[test]
    fn a_journal_that_points_outside_the_layout_is_set_aside_not_followed() {
        let parent = tempfile::tempdir().unwrap();
        let root = parent.path().join("data");
        let folder = DataFolder::open(&root).unwrap();
        std::fs::write(root.join("enterprises").join(".sohoa-tmp-x.part"), "owned").unwrap();
        std::fs::write(root.join("program.ron"), "kept").unwrap();
        let journal = Journal {
            schema: JOURNAL_SCHEMA,
            computer: super::super::machine_name(),
            writes: vec![(
                "enterprises/.sohoa-tmp-x.part".into(),
                "enterprises/../../outside.ron".into(),
            )],
            removes: vec![("program.ron".into(), Some(content_hash(b"kept")))],
        };
        std::fs::write(root.join(JOURNAL_FILE), ron::to_string(&journal).unwrap()).unwrap();
        let lock = folder.lock(std::time::Duration::ZERO).unwrap();
        assert!(matches!(
            lock.recovered[0].action,
            ProblemAction::Quarantined(_)
        ));
        assert!(!parent.path().join("outside.ron").exists());
        assert_eq!(
            std::fs::read_to_string(root.join("program.ron")).unwrap(),
            "kept"
        );
        assert!(!root.join(JOURNAL_FILE).exists());
    }

    /// Writes a journal by hand, as a crash (or a crafted file) would leave it.
    fn leave_journal(root: &Path, journal: &Journal) {
        std::fs::write(root.join(JOURNAL_FILE), ron::to_string(journal).unwrap()).unwrap();
    }

    /// Puts a record's file in place the way a sync engine does: without Sohoa.
    fn write_as_sync_engine(root: &Path, e: &Enterprise) {
        std::fs::write(
            root.join(enterprise_file(e.id)),
            super::super::encode_enterprise(e).unwrap(),
        )
        .unwrap();
    }

    /// A folder with one record `e` and, as a crash on `computer` leaves it, a
    /// journal that deletes the record's file as it is now; the file's path
    /// relative to the folder.
    fn a_journal_deleting_one_record(
        name: &str,
        computer: &str,
    ) -> (tempfile::TempDir, DataFolder, Enterprise, String) {
        let dir = tempfile::tempdir().unwrap();
        let folder = DataFolder::open(dir.path()).unwrap();
        let e = Enterprise::new(name, jiff::Timestamp::UNIX_EPOCH);
        write_as_sync_engine(dir.path(), &e);
        let file = format!("enterprises/{}.ron", e.id);
        let planned = std::fs::read(dir.path().join(&file)).unwrap();
        leave_journal(
            dir.path(),
            &Journal {
                schema: JOURNAL_SCHEMA,
                computer: computer.into(),
                writes: vec![],
                removes: vec![(file.clone(), Some(content_hash(&planned)))],
            },
        );
        (dir, folder, e, file)
    }

    #[test]
    fn a_journal_written_on_another_computer_is_set_aside_and_deletes_nothing() {
        let (dir, folder, _, file) = a_journal_deleting_one_record("HTX Bên Kia", "may-khac-o-xa");
        let lock = folder.lock(std::time::Duration::ZERO).unwrap();
        assert!(matches!(
            lock.recovered[0].action,
            ProblemAction::Quarantined(_)
        ));
        assert!(lock.recovered[0].reason.contains("may-khac-o-xa"));
        assert!(dir.path().join(&file).exists());
    }

    #[test]
    fn recovery_keeps_a_file_to_delete_that_changed_after_the_journal() {
        let (dir, folder, mut e, _) =
            a_journal_deleting_one_record("HTX Sửa Sau", &super::super::machine_name());
        // Another computer's edit arrives before the next lock.
        e.notes = "sửa trên máy kia".into();
        write_as_sync_engine(dir.path(), &e);
        let lock = folder.lock(std::time::Duration::ZERO).unwrap();
        assert!(
            lock.recovered[0]
                .reason
                .contains("1 file(s) to delete had changed since"),
            "{}",
            lock.recovered[0]
        );
        drop(lock);
        assert_eq!(folder.load_enterprises().enterprises, vec![e]);
    }

    #[test]
    fn recovery_deletes_a_file_still_as_the_journal_saw_it() {
        let (dir, folder, _, file) =
            a_journal_deleting_one_record("HTX Gộp Đi", &super::super::machine_name());
        drop(folder.lock(std::time::Duration::ZERO).unwrap());
        assert!(!dir.path().join(&file).exists());
    }

    #[cfg(unix)]
    #[test]
    fn recovery_does_not_rename_a_staged_link_or_another_records_file() {
        let parent = tempfile::tempdir().unwrap();
        let root = parent.path().join("data");
        let folder = DataFolder::open(&root).unwrap();
        let target = Enterprise::new("HTX Đích", jiff::Timestamp::UNIX_EPOCH);
        let other = Enterprise::new("HTX Khác", jiff::Timestamp::UNIX_EPOCH);
        write_as_sync_engine(&root, &target);
        std::fs::write(parent.path().join("secret.txt"), "ngoài thư mục").unwrap();
        let link = root.join("enterprises").join(".sohoa-tmp-link.part");
        std::os::unix::fs::symlink(parent.path().join("secret.txt"), &link).unwrap();
        let foreign = root.join("enterprises").join(".sohoa-tmp-other.part");
        std::fs::write(&foreign, super::super::encode_enterprise(&other).unwrap()).unwrap();
        let target_file = format!("enterprises/{}.ron", target.id);
        leave_journal(
            &root,
            &Journal {
                schema: JOURNAL_SCHEMA,
                computer: super::super::machine_name(),
                writes: vec![
                    (
                        "enterprises/.sohoa-tmp-link.part".into(),
                        target_file.clone(),
                    ),
                    (
                        "enterprises/.sohoa-tmp-other.part".into(),
                        target_file.clone(),
                    ),
                ],
                removes: vec![],
            },
        );
        let lock = folder.lock(std::time::Duration::ZERO).unwrap();
        assert!(
            lock.recovered[0]
                .reason
                .contains("2 staged file(s) were not what"),
            "{}",
            lock.recovered[0]
        );
        drop(lock);
        assert!(
            !std::fs::symlink_metadata(root.join(&target_file))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(folder.load_enterprises().enterprises, vec![target]);
    }

    #[test]
    fn a_removal_keeps_a_file_replaced_after_its_hash_was_taken() {
        let dir = tempfile::tempdir().unwrap();
        let mut away = Enterprise::new("HTX Bị Gộp", jiff::Timestamp::UNIX_EPOCH);
        std::fs::create_dir_all(dir.path().join(ENTERPRISES)).unwrap();
        write_as_sync_engine(dir.path(), &away);
        let file = dir.path().join(enterprise_file(away.id));
        let planned = file_hash(&file);
        away.notes = "đến giữa chừng".into();
        write_as_sync_engine(dir.path(), &away);
        assert!(!remove_if_unchanged(&file, planned).unwrap());
        assert!(file.exists());
        assert!(remove_if_unchanged(&file, file_hash(&file)).unwrap());
        assert!(!file.exists());
    }
}
