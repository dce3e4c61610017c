//! The data folder: one RON file per enterprise, the program settings and the
//! installed questionnaires, in a folder the user owns.
//!
//! Key types: [`DataFolder`], [`Loaded`], [`LoadProblem`], [`StoreError`].
//!
//! Layout: `enterprises/<id>.ron`, `program.ron`, `questionnaires/<id>-<version>.ron`,
//! `quarantine/` (files that could not be read, each with a `.reason.txt`),
//! `.stignore` (what Syncthing must leave on this computer, see [`sync_ignore`]).
//! One file per enterprise and no shared index, so a folder synced by Syncthing
//! or OneDrive merges record by record.
//!
//! Policy: every write is atomic ([`atomic`]). Loading never stops at a bad file:
//! an unreadable or invalid file is moved to `quarantine/` with its reason and
//! reported, and the rest loads. A file written by a newer Sohoa is reported and
//! left where it is, untouched.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let folder = sohoa_core::store::DataFolder::open(dir.path()).unwrap();
//! let loaded = folder.load_enterprises();
//! assert!(loaded.enterprises.is_empty() && loaded.problems.is_empty());
//! ```

pub mod atomic;
pub mod backup;
pub mod cache;
pub mod erasure;
pub mod fault;
pub mod journal;
pub mod lock;
mod merged_away;
pub mod program_copies;
pub mod quarantine_erasure;
pub mod records;
pub mod rescan;
mod restore;
pub mod sync_ignore;
pub mod watch;
pub mod written;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use cache::ParseCache;
use serde::Deserialize;

use crate::enterprise::{ENTERPRISE_SCHEMA, Enterprise, EnterpriseFile};
use crate::program::{PROGRAM_SCHEMA, ProgramSettings};
use crate::questionnaire::{Questionnaire, Registry};
pub use atomic::Durability;
pub use backup::{BackupError, BackupInfo, BackupPolicy};
pub use journal::Batch;
pub use lock::{FolderLock, LockError};

/// Largest enterprise file read; a bigger one is quarantined unread.
pub const MAX_ENTERPRISE_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Largest program-settings file read.
pub const MAX_PROGRAM_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// How long opening a folder waits for another Sohoa to finish writing to it.
pub const OPEN_WAIT: std::time::Duration = std::time::Duration::from_secs(600);

const ENTERPRISES: &str = "enterprises";
const QUESTIONNAIRES: &str = "questionnaires";
const QUARANTINE: &str = "quarantine";
const PROGRAM_FILE: &str = "program.ron";
const SELF_ASSESSMENT_MARK: &str = "self-assessment.txt";

/// A data folder on disk.
#[derive(Debug, Clone)]
pub struct DataFolder {
    root: PathBuf,
    /// Where parsed records are cached on this machine (see [`cache`]).
    parse_cache: Option<ParseCache>,
}

/// A failure to write or prepare the data folder.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A folder could not be created.
    #[error("cannot create the folder {}: {source}", path.display())]
    CreateFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file could not be written; the previous version, if any, is intact.
    #[error("cannot save {} (the previous version is kept): {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A value could not be turned into RON.
    #[error("cannot encode {what} as RON: {source}")]
    Encode {
        what: String,
        #[source]
        source: ron::Error,
    },
    /// A record would make a file larger than loading accepts; nothing was written.
    #[error(
        "{what} would take {size} bytes, more than the {limit}-byte limit of a record file; nothing was saved"
    )]
    TooLarge { what: String, size: u64, limit: u64 },
    /// The folder's lock could not be taken (another Sohoa is writing).
    #[error(transparent)]
    Lock(#[from] LockError),
    /// A name that would become part of a path breaks the naming rule.
    #[error("{what}: {source}")]
    UnsafeName {
        what: String,
        #[source]
        source: crate::safe_name::UnsafeName,
    },
}

/// How far loading has got, readable from another thread.
#[derive(Debug, Default)]
pub struct LoadProgress {
    pub total: AtomicUsize,
    pub done: AtomicUsize,
}

/// What was read from the enterprises folder.
#[derive(Debug, Default)]
pub struct Loaded {
    pub enterprises: Vec<Enterprise>,
    pub problems: Vec<LoadProblem>,
    /// The version of each enterprise's file that was read.
    pub stamps: std::collections::HashMap<ulid::Ulid, FileStamp>,
    /// How many records came from the parse cache rather than their text.
    pub from_cache: usize,
    /// How many enterprise files were opened and read (those whose stamp the
    /// parse cache did not vouch for).
    pub opened: usize,
    /// Why the parse cache could not be written, for the log.
    pub cache_error: Option<String>,
    /// Records whose file is there but could not be read (permissions, a disk
    /// error), with the reason: present, not absent.
    pub unreadable: std::collections::HashMap<ulid::Ulid, String>,
    /// Records changed in memory while loading (conflict copies, records folded
    /// together, this computer's last writes merged back): what is in memory
    /// may not be what their file held when it was stamped.
    pub changed_in_memory: std::collections::HashSet<ulid::Ulid>,
    /// Records not read because the caller knows their file in this very
    /// version ([`KnownRecords`]), in id order; their stamps are in `stamps`.
    pub unread: Vec<ulid::Ulid>,
}

/// What a caller already knows of the records of a folder (from an index of
/// them it keeps), so that loading need not read those whose file is unchanged.
pub trait KnownRecords: Sync {
    /// Whether the record `id` is known as its file with `stamp` holds it.
    fn knows(&self, id: ulid::Ulid, stamp: &FileStamp) -> bool;
    /// The ids the known record `id` holds as merged into it.
    fn aliases(&self, id: ulid::Ulid) -> &[ulid::Ulid];
    /// Whether the known record `id` records an erasure of personal data.
    fn holds_erasure(&self, id: ulid::Ulid) -> bool;
}

/// One version of a file on disk. Every write replaces the whole file (a new file
/// renamed over the old), so a write by anyone changes the stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    /// The inode on Unix, where a rename always brings a new one; 0 elsewhere
    /// (NTFS times have 100 ns resolution, enough to tell writes apart).
    inode: u64,
    /// On Unix, when the file's inode last changed (seconds, nanoseconds): set
    /// by the system on every write and rename, and no program can set it back,
    /// so a file put back with its old modification time (as sync engines do)
    /// still has a new stamp. 0 elsewhere.
    changed: (i64, i64),
}

/// The metadata of a file found by listing its folder, as `std::fs::metadata`
/// of its path gives it. On Unix it is asked of the file by its name within the
/// listed folder (`statx` relative to the folder's handle: the folder's path is
/// not walked again for each of 100,000 files). On Windows it is asked of the
/// file by its path too: the listing's own copy (free) can lag behind a file
/// another program still has open, and a stamp must never be older than the file.
fn listed_file_metadata(file: &std::fs::DirEntry) -> Option<std::fs::Metadata> {
    #[cfg(unix)]
    let metadata = file.metadata();
    #[cfg(not(unix))]
    let metadata = std::fs::metadata(file.path());
    metadata.ok()
}

impl FileStamp {
    fn of(metadata: &std::fs::Metadata) -> FileStamp {
        #[cfg(unix)]
        let (inode, changed) = {
            use std::os::unix::fs::MetadataExt;
            (metadata.ino(), (metadata.ctime(), metadata.ctime_nsec()))
        };
        #[cfg(not(unix))]
        let (inode, changed) = (0, (0, 0));
        FileStamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            inode,
            changed,
        }
    }

    /// The stamp as five numbers, as the parse cache keeps it.
    pub(crate) fn as_numbers(&self) -> [u64; 5] {
        let (seconds, nanos) = self
            .modified
            .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or((u64::MAX, 0), |d| {
                (d.as_secs(), u64::from(d.subsec_nanos()))
            });
        [
            self.len,
            seconds.wrapping_mul(1_000_000_000).wrapping_add(nanos),
            self.inode,
            self.changed.0 as u64,
            self.changed.1 as u64,
        ]
    }
}

/// A file that could not be used, and what was done with it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadProblem {
    pub file: PathBuf,
    pub reason: String,
    pub action: ProblemAction,
}

/// What happened to a problem file.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemAction {
    /// Moved to the quarantine folder, at this path.
    Quarantined(PathBuf),
    /// A sync engine's conflict copy, merged into this file and then deleted.
    MergedInto(PathBuf),
    /// Left where it is (a newer format, a duplicate, or it could not be moved).
    LeftInPlace,
    /// An operation a crash had cut short was finished or undone.
    Repaired,
}

impl fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.reason)?;
        match &self.action {
            ProblemAction::Quarantined(to) => write!(f, " — moved to {}", to.display()),
            ProblemAction::MergedInto(to) => write!(f, " — merged into {}", to.display()),
            ProblemAction::LeftInPlace => write!(f, " — left in place"),
            ProblemAction::Repaired => Ok(()),
        }
    }
}

/// Why one file could not be read.
enum FileFault {
    /// Damaged or not in the format: set it aside.
    Corrupt(String),
    /// Written by a newer version: leave it for that version.
    Newer(u32),
    /// Could not even be read (permissions, I/O): leave it.
    Unreadable(String),
}

#[derive(Deserialize)]
struct SchemaProbe {
    schema: u32,
}

impl DataFolder {
    /// Opens (and creates, if needed) the data folder at `root`. Under the
    /// folder's lock, an import or restore that a crash interrupted is finished
    /// first, so the records folder is never seen missing or half replaced.
    pub fn open(root: impl Into<PathBuf>) -> Result<DataFolder, StoreError> {
        DataFolder::open_locked(root).map(|(folder, _)| folder)
    }

    /// [`DataFolder::open`], keeping the lock for what the caller reads or writes
    /// next; what opening found and repaired is in the lock's `recovered`.
    pub fn open_locked(root: impl Into<PathBuf>) -> Result<(DataFolder, FolderLock), StoreError> {
        let root = root.into();
        std::fs::create_dir_all(&root).map_err(|source| StoreError::CreateFolder {
            path: root.clone(),
            source,
        })?;
        let parse_cache = ParseCache::for_folder(&root);
        let folder = DataFolder { root, parse_cache };
        // Before the lock file is first made, so a sync engine never sees it
        // without the patterns that keep it on this computer.
        let ignore = folder.keep_local_files_local();
        let mut lock = match folder.lock(OPEN_WAIT) {
            Ok(lock) => lock,
            // Shown as it is; every write is refused with the reason.
            Err(LockError::ReadOnly { reason, .. }) => {
                let lock = folder.reading_only(reason);
                return Ok((folder, lock));
            }
            Err(e) => return Err(e.into()),
        };
        let records = folder.root.join(ENTERPRISES);
        if !records.exists() && folder.root.join(PROGRAM_FILE).exists() {
            lock.recovered.push(LoadProblem {
                file: records.clone(),
                reason: "the enterprises folder was missing from a data folder that has program settings; an empty one was made (see Backups to bring records back)".into(),
                action: ProblemAction::LeftInPlace,
            });
        }
        for path in [records, folder.root.join(QUESTIONNAIRES)] {
            std::fs::create_dir_all(&path)
                .map_err(|source| StoreError::CreateFolder { path, source })?;
        }
        if let Err(e) = ignore {
            lock.recovered.push(LoadProblem {
                file: folder.root.join(sync_ignore::SYNCTHING_IGNORE_FILE),
                reason: format!(
                    "{e}: a sync engine sharing this folder may carry this computer's temporary files"
                ),
                action: ProblemAction::LeftInPlace,
            });
        }
        Ok((folder, lock))
    }

    /// Finishes what a crash interrupted (a restore, then an import); called when
    /// the lock is taken.
    fn recover(&self) -> Vec<LoadProblem> {
        let mut notes = self.finish_restore();
        notes.extend(self.finish_batch());
        notes.extend(self.finish_erasures());
        notes
    }

    /// Uses `cache` for parsed records instead of the default, or none.
    pub fn set_parse_cache(&mut self, cache: Option<ParseCache>) {
        self.parse_cache = cache;
    }

    pub fn parse_cache(&self) -> Option<&ParseCache> {
        self.parse_cache.as_ref()
    }

    /// The platform's per-user data folder for Sohoa (e.g. `~/.local/share/sohoa`,
    /// `%APPDATA%\Sohoa\data`, `~/Library/Application Support/vn.Sohoa.Sohoa`).
    pub fn default_root() -> Option<PathBuf> {
        directories::ProjectDirs::from("vn", "Sohoa", "Sohoa")
            .map(|dirs| dirs.data_dir().to_path_buf())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether this folder holds one enterprise's own self-assessment (the app then
    /// shows that enterprise and the questionnaire only).
    pub fn is_self_assessment(&self) -> bool {
        self.root.join(SELF_ASSESSMENT_MARK).is_file()
    }

    /// Marks the folder as a self-assessment folder.
    pub fn mark_self_assessment(&self) -> Result<(), StoreError> {
        let path = self.root.join(SELF_ASSESSMENT_MARK);
        if path.is_file() {
            return Ok(());
        }
        let text = "Thư mục tự đánh giá của một doanh nghiệp (Sohoa). / One enterprise's self-assessment folder (Sohoa).\n";
        atomic::write_atomic(&path, text.as_bytes(), Durability::Durable)
            .map_err(|source| StoreError::Write { path, source })
    }

    pub fn enterprise_path(&self, id: ulid::Ulid) -> PathBuf {
        self.root.join(ENTERPRISES).join(format!("{id}.ron"))
    }

    /// The version of an enterprise's file now on disk, if there is one.
    pub fn enterprise_stamp(&self, id: ulid::Ulid) -> Option<FileStamp> {
        std::fs::metadata(self.enterprise_path(id))
            .ok()
            .map(|m| FileStamp::of(&m))
    }

    /// The ids of the record files now in the folder (a listing of names, no file
    /// read), with the lock held so no write is half done.
    pub fn enterprise_ids(&self, lock: &FolderLock) -> Vec<ulid::Ulid> {
        self.check_held(lock);
        let Ok(entries) = std::fs::read_dir(self.root.join(ENTERPRISES)) else {
            return Vec::new();
        };
        entries
            .filter_map(Result::ok)
            .filter_map(|entry| record_id(&entry.path()))
            .collect()
    }

    /// Reads one enterprise file as it is now on disk.
    pub fn read_enterprise(&self, id: ulid::Ulid) -> Option<(Enterprise, FileStamp)> {
        read_enterprise(&self.enterprise_path(id)).ok()
    }

    /// Reads the record `id` from its file as it is now, or says why it cannot.
    pub fn read_enterprise_checked(&self, id: ulid::Ulid) -> Result<Enterprise, String> {
        let path = self.enterprise_path(id);
        match read_enterprise(&path) {
            Ok((record, _)) if record.id == id => Ok(record),
            Ok((record, _)) => Err(format!(
                "{} holds record {} instead",
                path.display(),
                record.id
            )),
            Err(FileFault::Corrupt(why) | FileFault::Unreadable(why)) => {
                Err(format!("{}: {why}", path.display()))
            }
            Err(FileFault::Newer(schema)) => Err(format!(
                "{}: written by a newer Sohoa (schema {schema})",
                path.display()
            )),
        }
    }

    pub fn quarantine_dir(&self) -> PathBuf {
        self.root.join(QUARANTINE)
    }

    /// Reads every enterprise file, in parallel, under the folder's lock; bad
    /// files are quarantined and reported.
    pub fn load_enterprises(&self) -> Loaded {
        let lock = match self.lock(OPEN_WAIT) {
            Err(LockError::ReadOnly { reason, .. }) => Ok(self.reading_only(reason)),
            other => other,
        };
        match lock {
            Ok(mut lock) => {
                let mut loaded =
                    self.load_enterprises_with_progress(&lock, &LoadProgress::default());
                loaded
                    .problems
                    .splice(0..0, std::mem::take(&mut lock.recovered));
                loaded
            }
            Err(e) => Loaded {
                problems: vec![LoadProblem {
                    file: self.root.clone(),
                    reason: e.to_string(),
                    action: ProblemAction::LeftInPlace,
                }],
                ..Loaded::default()
            },
        }
    }

    /// [`DataFolder::load_enterprises`] with the lock held by the caller, counting
    /// files in `progress` as they are read.
    pub fn load_enterprises_with_progress(
        &self,
        lock: &FolderLock,
        progress: &LoadProgress,
    ) -> Loaded {
        self.load_enterprises_knowing(lock, progress, None)
    }

    /// [`DataFolder::load_enterprises_with_progress`], leaving unread the
    /// records `known` knows in their present version, unless loading has to
    /// change or look at them (a conflict copy of one, a record merged away
    /// that came back, an erasure to carry out, this computer's last write of
    /// one to merge back).
    pub fn load_enterprises_knowing(
        &self,
        lock: &FolderLock,
        progress: &LoadProgress,
        known: Option<&dyn KnownRecords>,
    ) -> Loaded {
        let dir = self.root.join(ENTERPRISES);
        let mut loaded = Loaded::default();
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                loaded.problems.push(LoadProblem {
                    file: dir,
                    reason: format!("cannot list the folder: {e}"),
                    action: ProblemAction::LeftInPlace,
                });
                return loaded;
            }
        };
        // The kind of each entry comes with the listing: no extra call per file.
        let mut files = Vec::new();
        let mut temporary = Vec::new();
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            match entry.file_type() {
                Ok(kind) if kind.is_file() => {}
                Ok(kind) if is_data_file_name(&name) => {
                    // Present but not read: reported, and never taken for absent.
                    let reason = if kind.is_symlink() {
                        "a symbolic link, not a file: Sohoa reads only plain files in its folder, so it was not read"
                    } else {
                        "not a plain file (a folder, a pipe or a device), so it was not read"
                    };
                    if let Some(id) = record_id(&entry.path()) {
                        loaded.unreadable.insert(id, reason.into());
                    }
                    loaded.problems.push(LoadProblem {
                        file: entry.path(),
                        reason: reason.into(),
                        action: ProblemAction::LeftInPlace,
                    });
                    continue;
                }
                _ => continue,
            }
            if name.starts_with(atomic::TEMP_PREFIX) {
                temporary.push(entry.path());
            } else if is_data_file_name(&name) {
                files.push(entry);
            }
        }
        temporary.retain(|path| is_stale_temporary(path));
        // Left by a write that was cut off (a crash, a power cut): never data.
        for path in temporary {
            let _ = std::fs::remove_file(path);
        }
        // All in one folder: by name, which is quicker than by path.
        files.sort_unstable_by_key(std::fs::DirEntry::file_name);
        progress.total.store(files.len(), Ordering::Relaxed);
        // One `stat` a known record, its file not opened.
        let mut unread: Vec<(ulid::Ulid, FileStamp)> = Vec::new();
        if let Some(known) = known {
            let checked: Vec<Option<(ulid::Ulid, FileStamp)>> = files
                .par_iter()
                .map(|file| {
                    let id = record_id(&file.path())?;
                    let metadata = listed_file_metadata(file).filter(|m| m.is_file())?;
                    let stamp = FileStamp::of(&metadata);
                    known.knows(id, &stamp).then_some((id, stamp))
                })
                .collect();
            let mut to_read = Vec::with_capacity(files.len());
            for (file, checked) in files.into_iter().zip(checked) {
                match checked {
                    Some(found) => unread.push(found),
                    None => to_read.push(file),
                }
            }
            progress.done.fetch_add(unread.len(), Ordering::Relaxed);
            files = to_read;
        }
        let paths: Vec<PathBuf> = files.iter().map(std::fs::DirEntry::path).collect();
        drop(files);
        let (results, had_cache) = self.read_enterprise_files(&paths, progress);
        loaded.from_cache = results
            .iter()
            .filter(|(_, r)| r.as_ref().is_ok_and(|r| r.from_cache))
            .count();
        loaded.opened = results
            .iter()
            .filter(|(_, r)| r.as_ref().is_err() || r.as_ref().is_ok_and(|r| r.opened))
            .count();
        // The cache is written from the records read; with records left unread
        // it would lose theirs.
        if unread.is_empty() {
            loaded.cache_error = self.refresh_parse_cache(&results, had_cache);
        }
        let mut copies: Vec<(PathBuf, Enterprise)> = Vec::new();
        loaded.enterprises.reserve_exact(results.len());
        for (path, result) in results {
            match result.map(|r| (r.enterprise, r.stamp)) {
                Ok((enterprise, stamp)) if path == self.enterprise_path(enterprise.id) => {
                    loaded.stamps.insert(enterprise.id, stamp);
                    loaded.enterprises.push(enterprise);
                }
                Ok((enterprise, _)) => copies.push((path, enterprise)),
                Err(FileFault::Unreadable(reason)) => {
                    if let Some(id) = record_id(&path) {
                        loaded.unreadable.insert(id, reason.clone());
                    }
                    loaded
                        .problems
                        .push(self.handle_fault(path, FileFault::Unreadable(reason)));
                }
                Err(FileFault::Newer(schema)) => {
                    // Left for the newer Sohoa: never written over by this one
                    // (an import or a merge naming the record is refused).
                    if let Some(id) = record_id(&path) {
                        loaded
                            .unreadable
                            .insert(id, format!("written by a newer Sohoa (schema {schema})"));
                    }
                    loaded
                        .problems
                        .push(self.handle_fault(path, FileFault::Newer(schema)));
                }
                Err(fault) => loaded.problems.push(self.handle_fault(path, fault)),
            }
        }
        if let Some(known) = known {
            let needed = self.needed_at_load(lock, known, &unread, &loaded.enterprises, &copies);
            for (id, stamp) in unread {
                if !needed.contains(&id) {
                    loaded.stamps.insert(id, stamp);
                    loaded.unread.push(id);
                    continue;
                }
                let path = self.enterprise_path(id);
                loaded.opened += 1;
                match read_enterprise(&path) {
                    Ok((record, stamp)) if record.id == id => {
                        loaded.stamps.insert(id, stamp);
                        loaded.enterprises.push(record);
                    }
                    Ok((record, _)) => copies.push((path, record)),
                    Err(FileFault::Unreadable(reason)) => {
                        loaded.unreadable.insert(id, reason.clone());
                        loaded
                            .problems
                            .push(self.handle_fault(path, FileFault::Unreadable(reason)));
                    }
                    Err(fault) => loaded.problems.push(self.handle_fault(path, fault)),
                }
            }
        }
        if !copies.is_empty() {
            let ids: Vec<ulid::Ulid> = copies.iter().map(|(_, e)| e.id).collect();
            loaded.changed_in_memory.extend(ids.iter().copied());
            loaded
                .problems
                .extend(self.merge_copies(lock, &mut loaded.enterprises, copies));
            for id in ids {
                match self.enterprise_stamp(id) {
                    Some(stamp) => loaded.stamps.insert(id, stamp),
                    None => loaded.stamps.remove(&id),
                };
            }
        }
        self.fold_loaded_merged_away(lock, &mut loaded);
        let arrived = self.carry_out_arrived_erasures(lock, &loaded.enterprises);
        loaded.problems.extend(arrived);
        let merged_back =
            self.merge_back_written(lock, &mut loaded.enterprises, &mut loaded.problems);
        loaded.changed_in_memory.extend(merged_back.iter().copied());
        for id in merged_back {
            if let Some(stamp) = self.enterprise_stamp(id) {
                loaded.stamps.insert(id, stamp);
            }
        }
        loaded
    }

    /// The records left unread that loading must have in memory: those with a
    /// conflict copy, those merged away that came back and the records that
    /// hold them, those recording an erasure, and those this computer last
    /// wrote (or that hold such a record as merged into them).
    fn needed_at_load(
        &self,
        lock: &FolderLock,
        known: &dyn KnownRecords,
        unread: &[(ulid::Ulid, FileStamp)],
        read: &[Enterprise],
        copies: &[(PathBuf, Enterprise)],
    ) -> std::collections::HashSet<ulid::Ulid> {
        let mut needed: std::collections::HashSet<ulid::Ulid> =
            copies.iter().map(|(_, copy)| copy.id).collect();
        needed.extend(
            unread
                .iter()
                .map(|(id, _)| *id)
                .filter(|id| known.holds_erasure(*id)),
        );
        let present: std::collections::HashSet<ulid::Ulid> = unread
            .iter()
            .map(|(id, _)| *id)
            .chain(read.iter().map(|e| e.id))
            .chain(copies.iter().map(|(_, copy)| copy.id))
            .collect();
        let holders = unread
            .iter()
            .map(|(id, _)| (*id, known.aliases(*id)))
            .chain(read.iter().map(|e| (e.id, e.aliases.as_slice())));
        let written_here = if lock.is_read_only() {
            std::collections::HashSet::new()
        } else {
            self.written_here().copy_ids()
        };
        needed.extend(written_here.iter().copied());
        for (holder, aliases) in holders {
            for alias in aliases {
                if present.contains(alias) {
                    needed.extend([holder, *alias]);
                }
                if written_here.contains(alias) {
                    needed.insert(holder);
                }
            }
        }
        needed
    }

    /// Reads every enterprise file of `paths` (sorted), taking unchanged records
    /// from the parse cache when the folder has one; says whether it had one.
    fn read_enterprise_files(
        &self,
        paths: &[PathBuf],
        progress: &LoadProgress,
    ) -> (Vec<FileResult>, bool) {
        let reader = self
            .parse_cache
            .as_ref()
            .filter(|cache| cache.applies_to(paths.len()))
            .and_then(ParseCache::reader);
        let had_cache = reader.is_some();
        let mut results = Vec::with_capacity(paths.len());
        // In batches, so that only a few batches of cached records are in memory
        // at once; the next batch is read from the cache while this one is parsed.
        std::thread::scope(|scope| {
            let (send, batches) = std::sync::mpsc::sync_channel(1);
            scope.spawn(move || {
                let Some(mut reader) = reader else {
                    return;
                };
                for batch in paths.chunks(cache::BATCH) {
                    let last = batch.last().map(|p| file_name(p)).unwrap_or_default();
                    if send.send(reader.entries_up_to(&last)).is_err() {
                        return;
                    }
                }
            });
            for batch in paths.chunks(cache::BATCH) {
                let cached = if had_cache {
                    batches.recv().unwrap_or_default()
                } else {
                    Default::default()
                };
                results.par_extend(batch.par_iter().map(|path| {
                    let result = read_enterprise_cached(path, &cached);
                    progress.done.fetch_add(1, Ordering::Relaxed);
                    (path.clone(), result)
                }));
            }
        });
        (results, had_cache)
    }

    /// Writes the parse cache anew when there was none or many records missed it;
    /// says why it could not be written, if it could not.
    fn refresh_parse_cache(&self, results: &[FileResult], had_cache: bool) -> Option<String> {
        let cache = self
            .parse_cache
            .as_ref()
            .filter(|cache| cache.applies_to(results.len()))?;
        let parsed = results
            .iter()
            .filter(|(_, r)| r.as_ref().is_ok_and(|r| !r.from_cache))
            .count();
        // A few changed files are parsed again at each opening; many are cached anew.
        if parsed == 0 || (had_cache && parsed <= (results.len() / 100).max(200)) {
            return None;
        }
        let records: Vec<cache::ToCache> = results
            .iter()
            .filter_map(|(path, r)| {
                let r = r.as_ref().ok()?;
                (*path == self.enterprise_path(r.enterprise.id)).then(|| cache::ToCache {
                    name: file_name(path),
                    key: r.key,
                    stamp: r.stamp.as_numbers(),
                    record: &r.enterprise,
                })
            })
            .collect();
        cache.write(&records).err()
    }

    /// Merges files that hold an enterprise under another name than `<id>.ron` (the
    /// conflict copies Syncthing, OneDrive, Dropbox or Nextcloud leave beside a file
    /// changed on two machines) into the record, saves it, and deletes the copies.
    /// A lone file under another name is loaded as it is.
    pub(crate) fn merge_copies(
        &self,
        lock: &FolderLock,
        enterprises: &mut Vec<Enterprise>,
        copies: Vec<(PathBuf, Enterprise)>,
    ) -> Vec<LoadProblem> {
        let mut problems = Vec::new();
        let mut position: std::collections::HashMap<ulid::Ulid, usize> = enterprises
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id, i))
            .collect();
        let mut groups: std::collections::BTreeMap<ulid::Ulid, Vec<(PathBuf, Enterprise)>> =
            Default::default();
        for (path, copy) in copies {
            groups.entry(copy.id).or_default().push((path, copy));
        }
        for (id, group) in groups {
            let existing = position.get(&id).copied();
            let mut merged = match (existing, group.as_slice()) {
                (Some(i), _) => enterprises[i].clone(),
                (None, [(_, lone)]) => {
                    // The only copy, under another name: use it as it is.
                    position.insert(id, enterprises.len());
                    enterprises.push(lone.clone());
                    continue;
                }
                (None, [(_, first), ..]) => first.clone(),
                (None, []) => continue,
            };
            for (path, copy) in &group {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let note = crate::enterprise::Change {
                    at: copy.modified,
                    by: String::new(),
                    what: crate::enterprise::ChangeKind::Merged {
                        source: format!("sync copy {name}"),
                    },
                };
                merged = crate::enterprise::merge::merge(&merged, copy, Some(note)).enterprise;
            }
            let target = self.enterprise_path(id);
            match self.save_enterprise(lock, &merged, Durability::Durable) {
                Ok(()) => {
                    for (path, _) in &group {
                        let removed = std::fs::remove_file(path);
                        problems.push(LoadProblem {
                            file: path.clone(),
                            reason: match removed {
                                Ok(()) => "another copy of this enterprise (a sync engine's conflict copy)".into(),
                                Err(e) => format!(
                                    "another copy of this enterprise (a sync engine's conflict copy), merged, but it could not be deleted: {e}"
                                ),
                            },
                            action: ProblemAction::MergedInto(target.clone()),
                        });
                    }
                }
                Err(e) => problems.push(LoadProblem {
                    file: target.clone(),
                    reason: format!("conflict copies were merged in memory but not saved: {e}"),
                    action: ProblemAction::LeftInPlace,
                }),
            }
            match existing {
                Some(i) => enterprises[i] = merged,
                None => {
                    position.insert(id, enterprises.len());
                    enterprises.push(merged);
                }
            }
        }
        problems
    }

    /// Saves several enterprises and removes others as one change, whole or not
    /// at all even across a crash (see [`journal`]).
    pub fn replace_enterprises(
        &self,
        lock: &FolderLock,
        save: &[&Enterprise],
        remove: &[ulid::Ulid],
    ) -> Result<(), StoreError> {
        let mut batch = Batch::default();
        batch.save_enterprises(save)?;
        for id in remove {
            batch.remove_enterprise(*id);
        }
        self.apply_batch(lock, batch)
    }

    /// The source text of an installed questionnaire version.
    pub fn questionnaire_source(&self, id: &str, version: &str) -> Option<String> {
        let name = questionnaire_file_name(id, version).ok()?;
        let path = self.root.join(QUESTIONNAIRES).join(name);
        let bytes = crate::bounded_read::read_regular_file(
            &path,
            crate::questionnaire::MAX_QUESTIONNAIRE_BYTES,
        )
        .ok()?;
        String::from_utf8(bytes).ok()
    }

    fn handle_fault(&self, path: PathBuf, fault: FileFault) -> LoadProblem {
        match fault {
            FileFault::Corrupt(reason) => self.quarantine(&path, &reason),
            FileFault::Newer(schema) => LoadProblem {
                file: path,
                reason: format!(
                    "written by a newer Sohoa (schema {schema}, this version reads {ENTERPRISE_SCHEMA}); update Sohoa to open it"
                ),
                action: ProblemAction::LeftInPlace,
            },
            FileFault::Unreadable(reason) => LoadProblem {
                file: path,
                reason,
                action: ProblemAction::LeftInPlace,
            },
        }
    }

    /// Moves a bad file into `quarantine/` beside a text file giving the reason.
    pub fn quarantine(&self, path: &Path, reason: &str) -> LoadProblem {
        let moved = (|| -> std::io::Result<PathBuf> {
            let dir = self.quarantine_dir();
            // A `quarantine` that is a link (or a file) would carry the file out
            // of the data folder: only a real folder inside it is used.
            match std::fs::symlink_metadata(&dir) {
                Ok(m) if !m.is_dir() => {
                    return Err(std::io::Error::other(
                        "quarantine/ in the data folder is not a folder (a link or a file); move it away",
                    ));
                }
                _ => std::fs::create_dir_all(&dir)?,
            }
            let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
            let name = path
                .file_name()
                .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
            let mut target = dir.join(format!("{name}.{stamp}"));
            let mut n = 1;
            while target.exists() {
                target = dir.join(format!("{name}.{stamp}-{n}"));
                n += 1;
            }
            std::fs::rename(path, &target)?;
            let note = format!(
                "{}\nfrom: {}\nreason: {reason}\n",
                target.display(),
                path.display()
            );
            let mut reason_file = target.clone().into_os_string();
            reason_file.push(".reason.txt");
            atomic::write_atomic(
                Path::new(&reason_file),
                note.as_bytes(),
                Durability::Durable,
            )?;
            Ok(target)
        })();
        match moved {
            Ok(target) => LoadProblem {
                file: path.to_owned(),
                reason: reason.to_owned(),
                action: ProblemAction::Quarantined(target),
            },
            Err(e) => LoadProblem {
                file: path.to_owned(),
                reason: format!("{reason} (could not move it to quarantine: {e})"),
                action: ProblemAction::LeftInPlace,
            },
        }
    }

    /// Saves one enterprise atomically to its own file.
    pub fn save_enterprise(
        &self,
        lock: &FolderLock,
        enterprise: &Enterprise,
        durability: Durability,
    ) -> Result<(), StoreError> {
        self.save_enterprise_text(lock, enterprise, durability)
            .map(drop)
    }

    /// [`DataFolder::save_enterprise`], returning the text written.
    pub fn save_enterprise_text(
        &self,
        lock: &FolderLock,
        enterprise: &Enterprise,
        durability: Durability,
    ) -> Result<String, StoreError> {
        self.check_held(lock);
        lock.check_writable()?;
        let text = encode_enterprise(enterprise)?;
        let path = self.enterprise_path(enterprise.id);
        atomic::write_atomic(&path, text.as_bytes(), durability)
            .map_err(|source| StoreError::Write { path, source })?;
        Ok(text)
    }

    /// Flushes the enterprises folder after a batch of relaxed writes.
    pub fn sync_enterprises(&self) -> Result<(), StoreError> {
        let path = self.root.join(ENTERPRISES);
        atomic::sync_folder(&path).map_err(|source| StoreError::Write { path, source })
    }

    /// The program settings, or `None` when the folder has none yet. A damaged
    /// settings file is quarantined and reported as the error.
    pub fn load_program(&self) -> Result<Option<ProgramSettings>, LoadProblem> {
        let path = self.root.join(PROGRAM_FILE);
        if !path.exists() {
            return Ok(None);
        }
        self.read_program_file(path).map(Some)
    }

    /// Program settings read from `path` and checked; a damaged file is
    /// quarantined, one from a newer Sohoa or breaking a rule is left in place,
    /// and either is the error.
    fn read_program_file(&self, path: PathBuf) -> Result<ProgramSettings, LoadProblem> {
        let text = match read_limited(&path, MAX_PROGRAM_FILE_BYTES) {
            Ok((text, _)) => text,
            Err(fault) => return Err(self.handle_fault(path, fault)),
        };
        match crate::ron_options().from_str::<ProgramSettings>(&text) {
            Ok(mut settings) => {
                settings.normalize();
                let errors = settings.validate();
                if errors.is_empty() {
                    Ok(settings)
                } else {
                    let reason = errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ");
                    Err(LoadProblem {
                        file: path,
                        reason,
                        action: ProblemAction::LeftInPlace,
                    })
                }
            }
            Err(e) => match crate::ron_options().from_str::<SchemaProbe>(&text) {
                Ok(probe) if probe.schema > PROGRAM_SCHEMA => Err(LoadProblem {
                    file: path,
                    reason: format!("written by a newer Sohoa (schema {})", probe.schema),
                    action: ProblemAction::LeftInPlace,
                }),
                _ => Err(self.quarantine(
                    &path,
                    &format!(
                        "line {}, column {}: {}",
                        e.span.start.line, e.span.start.col, e.code
                    ),
                )),
            },
        }
    }

    /// The version of the program settings file now on disk, if there is one.
    pub fn program_stamp(&self) -> Option<FileStamp> {
        std::fs::metadata(self.root.join(PROGRAM_FILE))
            .ok()
            .map(|m| FileStamp::of(&m))
    }

    /// Saves the program settings atomically.
    pub fn save_program(
        &self,
        lock: &FolderLock,
        settings: &ProgramSettings,
    ) -> Result<(), StoreError> {
        self.check_held(lock);
        lock.check_writable()?;
        let text = ron::ser::to_string_pretty(settings, crate::pretty_ron()).map_err(|source| {
            StoreError::Encode {
                what: "the program settings".into(),
                source,
            }
        })?;
        let path = self.root.join(PROGRAM_FILE);
        atomic::write_atomic(&path, text.as_bytes(), Durability::Durable)
            .map_err(|source| StoreError::Write { path, source })
    }

    /// Adds the questionnaires installed in the data folder to `registry`;
    /// files that fail to load are reported and skipped.
    pub fn load_questionnaires(&self, registry: &mut Registry) -> Vec<LoadProblem> {
        DataFolder::load_questionnaires_in(&self.root, registry)
    }

    /// [`DataFolder::load_questionnaires`] of the data folder at `root`, read
    /// only: nothing is made, locked or written, and a missing folder has none.
    pub fn load_questionnaires_in(root: &Path, registry: &mut Registry) -> Vec<LoadProblem> {
        let dir = root.join(QUESTIONNAIRES);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| is_data_file(p))
            .collect();
        paths.sort();
        let mut problems = Vec::new();
        for path in paths {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let known = registry
                .all()
                .iter()
                .any(|q| format!("{}-{}", q.id, q.version) == stem);
            if known {
                // A copy of a version already loaded (a built-in one): no need to parse it again.
                continue;
            }
            match Questionnaire::load_file(&path) {
                Ok(q) => {
                    registry.insert(q);
                }
                Err(e) => problems.push(LoadProblem {
                    file: path,
                    reason: e.to_string(),
                    action: ProblemAction::LeftInPlace,
                }),
            }
        }
        problems
    }

    /// Whether the folder holds some version of questionnaire `id` other than `version`.
    pub fn has_other_questionnaire_version(&self, id: &str, version: &str) -> bool {
        let Ok(entries) = std::fs::read_dir(self.root.join(QUESTIONNAIRES)) else {
            return false;
        };
        let this = format!("{id}-{version}.ron");
        entries.filter_map(Result::ok).any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name != this && name.starts_with(&format!("{id}-")) && name.ends_with(".ron")
        })
    }

    /// Whether this exact questionnaire version is installed in the folder.
    pub fn has_questionnaire(&self, id: &str, version: &str) -> bool {
        questionnaire_file_name(id, version)
            .is_ok_and(|name| self.root.join(QUESTIONNAIRES).join(name).is_file())
    }

    /// Keeps a copy of a questionnaire in the data folder, so assessments made with
    /// it keep scoring the same after the program ships a newer version.
    pub fn install_questionnaire(
        &self,
        lock: &FolderLock,
        questionnaire: &Questionnaire,
        source: &str,
    ) -> Result<PathBuf, StoreError> {
        self.check_held(lock);
        lock.check_writable()?;
        let name = questionnaire_file_name(&questionnaire.id, &questionnaire.version)?;
        let path = self.root.join(QUESTIONNAIRES).join(name);
        if !path.exists() {
            atomic::write_atomic(&path, source.as_bytes(), Durability::Durable).map_err(
                |source| StoreError::Write {
                    path: path.clone(),
                    source,
                },
            )?;
        }
        Ok(path)
    }
}

/// The file name of questionnaire `id` version `version`; both must follow the
/// naming rule ([`crate::safe_name::check`]).
pub fn questionnaire_file_name(id: &str, version: &str) -> Result<String, StoreError> {
    let unsafe_name = |what: &'static str| {
        move |source| StoreError::UnsafeName {
            what: what.to_owned(),
            source,
        }
    };
    crate::safe_name::check(id).map_err(unsafe_name("questionnaire id"))?;
    crate::safe_name::check(version).map_err(unsafe_name("questionnaire version"))?;
    Ok(format!("{id}-{version}.ron"))
}

/// How old a temporary file must be before loading removes it; a younger one may
/// belong to another program writing to the folder right now.
const STALE_TEMPORARY: std::time::Duration = std::time::Duration::from_secs(600);

/// A temporary file from a write that never finished, old enough to be nobody's.
fn is_stale_temporary(path: &Path) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE_TEMPORARY)
}

/// `*.ron` files that are not temporary or hidden.
fn is_data_file(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| is_data_file_name(&name.to_string_lossy()))
        && path.is_file()
}

/// Whether a file of this name holds data: `*.ron`, and not hidden (temporary
/// files are hidden).
fn is_data_file_name(name: &str) -> bool {
    !name.starts_with('.')
        && Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
}

fn read_limited(path: &Path, limit: u64) -> Result<(String, FileStamp), FileFault> {
    use crate::bounded_read::{BoundedReadError, read_regular_file};
    let metadata =
        std::fs::metadata(path).map_err(|e| FileFault::Unreadable(format!("cannot read: {e}")))?;
    let stamp = FileStamp::of(&metadata);
    let bytes = read_regular_file(path, limit).map_err(|e| match e {
        BoundedReadError::TooLarge { .. } => FileFault::Corrupt(e.to_string()),
        BoundedReadError::Io(_) | BoundedReadError::NotAFile(_) => {
            FileFault::Unreadable(e.to_string())
        }
    })?;
    if bytes.is_empty() {
        return Err(FileFault::Corrupt("the file is empty".into()));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        FileFault::Corrupt(format!(
            "not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok((text, stamp))
}

/// Parses the text of an enterprise file as loading does (schema checked, text
/// normalised); the error says why the file would be set aside.
pub fn parse_enterprise_file(text: &str) -> Result<Enterprise, String> {
    parse_enterprise_text(text).map_err(|fault| match fault {
        FileFault::Corrupt(reason) | FileFault::Unreadable(reason) => reason,
        FileFault::Newer(schema) => format!("written by a newer Sohoa (schema {schema})"),
    })
}

/// One enterprise file read: the record and the version of the file, or why not.
type FileRead = Result<(Enterprise, FileStamp), FileFault>;

/// Each enterprise file read while loading, with what came of it.
type FileResult = (PathBuf, Result<CachedRead, FileFault>);

/// An enterprise file read while loading.
struct CachedRead {
    enterprise: Enterprise,
    stamp: FileStamp,
    /// The key of the file's bytes, for the parse cache.
    key: cache::ContentKey,
    from_cache: bool,
    /// The file was opened and read (its stamp was not the cached one).
    opened: bool,
}

/// Reads an enterprise file, taking the record from `cached` when the file has
/// the stamp it had when it was cached (one `stat`, the file is not opened), or
/// when its bytes are exactly those it was made from, else parsing them.
fn read_enterprise_cached(
    path: &Path,
    cached: &std::collections::HashMap<String, cache::CachedRecord>,
) -> Result<CachedRead, FileFault> {
    if let Some(entry) = cached.get(&file_name(path))
        && let Ok(metadata) = std::fs::metadata(path)
        && metadata.is_file()
        && let stamp = FileStamp::of(&metadata)
        && entry.stamp == stamp.as_numbers()
        && let Some(enterprise) = cache::decode(entry)
    {
        return Ok(CachedRead {
            enterprise,
            stamp,
            key: entry.key,
            from_cache: true,
            opened: false,
        });
    }
    let (text, stamp) = read_limited(path, MAX_ENTERPRISE_FILE_BYTES)?;
    let key = cache::ContentKey::of(text.as_bytes());
    let (enterprise, from_cache) = match cache::cached_record(cached, &file_name(path), key) {
        Some(enterprise) => (enterprise, true),
        None => (parse_enterprise_text(&text)?, false),
    };
    Ok(CachedRead {
        enterprise,
        stamp,
        key,
        from_cache,
        opened: true,
    })
}

/// The enterprise id a record file is named after (`<id>.ron`), if it is.
fn record_id(path: &Path) -> Option<ulid::Ulid> {
    let stem = path.file_name()?.to_str()?.strip_suffix(".ron")?;
    ulid::Ulid::from_string(stem).ok()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read_enterprise(path: &Path) -> FileRead {
    let (text, stamp) = read_limited(path, MAX_ENTERPRISE_FILE_BYTES)?;
    parse_enterprise_text(&text).map(|e| (e, stamp))
}

fn parse_enterprise_text(text: &str) -> Result<Enterprise, FileFault> {
    match crate::ron_options().from_str::<EnterpriseFile>(text) {
        Ok(file) if file.schema > ENTERPRISE_SCHEMA => Err(FileFault::Newer(file.schema)),
        Ok(file) if file.schema < 1 => Err(FileFault::Corrupt(format!(
            "unknown schema {}",
            file.schema
        ))),
        Ok(file) => {
            let mut enterprise = file.enterprise;
            enterprise.normalize();
            enterprise.shrink_to_fit();
            Ok(enterprise)
        }
        Err(e) => match crate::ron_options().from_str::<SchemaProbe>(text) {
            Ok(probe) if probe.schema > ENTERPRISE_SCHEMA => Err(FileFault::Newer(probe.schema)),
            _ => Err(FileFault::Corrupt(format!(
                "line {}, column {}: {}",
                e.span.start.line, e.span.start.col, e.code
            ))),
        },
    }
}

/// The name of this computer (for a bundle's header, and to tell which computer
/// started a restore).
pub fn machine_name() -> String {
    ["COMPUTERNAME", "HOSTNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        })
        .unwrap_or_default()
}

/// The text of an enterprise file.
pub fn encode_enterprise(enterprise: &Enterprise) -> Result<String, StoreError> {
    #[derive(serde::Serialize)]
    struct FileRef<'a> {
        schema: u32,
        enterprise: &'a Enterprise,
    }
    let file = FileRef {
        schema: ENTERPRISE_SCHEMA,
        enterprise,
    };
    let text = ron::ser::to_string_pretty(&file, crate::pretty_ron()).map_err(|source| {
        StoreError::Encode {
            what: format!("enterprise {}", enterprise.id),
            source,
        }
    })?;
    // A file over the limit would be set aside unread at the next opening.
    let size = text.len() as u64;
    if size > MAX_ENTERPRISE_FILE_BYTES {
        return Err(StoreError::TooLarge {
            what: format!("“{}” ({})", enterprise.name, enterprise.id),
            size,
            limit: MAX_ENTERPRISE_FILE_BYTES,
        });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> (tempfile::TempDir, DataFolder) {
        let dir = tempfile::tempdir().unwrap();
        let folder = DataFolder::open(dir.path()).unwrap();
        (dir, folder)
    }

    #[test]
    fn a_saved_enterprise_loads_back_equal() {
        let (_dir, folder) = folder();
        let mut e = Enterprise::new(
            "Công ty Cổ phần Thủy sản Bình Đại",
            jiff::Timestamp::UNIX_EPOCH,
        );
        e.tax_code = Some("0100109106".into());
        folder
            .save_enterprise(&folder.lock(OPEN_WAIT).unwrap(), &e, Durability::Durable)
            .unwrap();
        let loaded = folder.load_enterprises();
        assert_eq!(loaded.problems, vec![]);
        assert_eq!(loaded.enterprises, vec![e]);
    }

    #[test]
    fn a_corrupt_file_is_quarantined_with_its_reason_and_the_rest_loads() {
        let (_dir, folder) = folder();
        let good = Enterprise::new("HTX Bưởi da xanh", jiff::Timestamp::UNIX_EPOCH);
        folder
            .save_enterprise(&folder.lock(OPEN_WAIT).unwrap(), &good, Durability::Durable)
            .unwrap();
        let bad = folder.root().join("enterprises").join("broken.ron");
        std::fs::write(&bad, "(schema: 1, enterprise: (id: ").unwrap();
        let loaded = folder.load_enterprises();
        assert_eq!(loaded.enterprises.len(), 1);
        assert_eq!(loaded.problems.len(), 1);
        let ProblemAction::Quarantined(moved) = &loaded.problems[0].action else {
            panic!("not quarantined: {}", loaded.problems[0]);
        };
        assert!(moved.starts_with(folder.quarantine_dir()));
        assert!(!bad.exists());
        let mut reason = moved.clone().into_os_string();
        reason.push(".reason.txt");
        assert!(std::fs::read_to_string(reason).unwrap().contains("line 1"));
        // The next load is clean.
        assert!(folder.load_enterprises().problems.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_quarantine_that_is_a_link_out_of_the_folder_is_not_followed() {
        let (_dir, folder) = folder();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), folder.quarantine_dir()).unwrap();
        let bad = folder.root().join("enterprises").join("broken.ron");
        std::fs::write(&bad, "(schema: 1, enterprise: (id: ").unwrap();
        let loaded = folder.load_enterprises();
        assert_eq!(loaded.problems[0].action, ProblemAction::LeftInPlace);
        assert!(
            loaded.problems[0]
                .reason
                .contains("not a folder (a link or a file)"),
            "{}",
            loaded.problems[0]
        );
        assert!(bad.exists());
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_file_from_a_newer_version_is_left_alone() {
        let (_dir, folder) = folder();
        let path = folder.root().join("enterprises").join("future.ron");
        std::fs::write(&path, "(schema: 9, enterprise: (new_field: 1))").unwrap();
        let loaded = folder.load_enterprises();
        assert_eq!(loaded.problems[0].action, ProblemAction::LeftInPlace);
        assert!(loaded.problems[0].reason.contains("newer"));
        assert!(path.exists());
    }

    #[test]
    fn empty_and_non_utf8_files_are_quarantined() {
        let (_dir, folder) = folder();
        let dir = folder.root().join("enterprises");
        std::fs::write(dir.join("empty.ron"), "").unwrap();
        std::fs::write(dir.join("latin1.ron"), b"(schema: 1, \xe9)").unwrap();
        let loaded = folder.load_enterprises();
        let reasons: Vec<&str> = loaded.problems.iter().map(|p| p.reason.as_str()).collect();
        assert_eq!(reasons, ["the file is empty", "not UTF-8 text (byte 12)"]);
        assert!(
            loaded
                .problems
                .iter()
                .all(|p| matches!(p.action, ProblemAction::Quarantined(_)))
        );
    }

    #[test]
    fn temporary_files_left_by_a_crash_are_ignored() {
        let (_dir, folder) = folder();
        let dir = folder.root().join("enterprises");
        std::fs::write(dir.join(".sohoa-tmp-abc.part"), "(half").unwrap();
        std::fs::write(dir.join(".sohoa-tmp-old.part"), "(half").unwrap();
        let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(dir.join(".sohoa-tmp-old.part"))
            .unwrap()
            .set_modified(an_hour_ago)
            .unwrap();
        let loaded = folder.load_enterprises();
        assert!(loaded.problems.is_empty() && loaded.enterprises.is_empty());
        assert!(
            !dir.join(".sohoa-tmp-old.part").exists(),
            "an hour-old one is removed"
        );
        assert!(
            dir.join(".sohoa-tmp-abc.part").exists(),
            "a fresh one may be another writer's"
        );
    }

    #[test]
    fn a_missing_program_file_is_none_and_a_saved_one_loads_back() {
        let (_dir, folder) = folder();
        assert_eq!(folder.load_program(), Ok(None));
        let preset = ProgramSettings::preset().unwrap();
        folder
            .save_program(&folder.lock(OPEN_WAIT).unwrap(), &preset)
            .unwrap();
        assert_eq!(folder.load_program(), Ok(Some(preset)));
    }
}
