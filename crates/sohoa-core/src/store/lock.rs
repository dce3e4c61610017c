//! One writer at a time in a data folder.
//!
//! Key types: [`FolderLock`] (the lock, held while the value lives) and
//! [`LockError`]; methods [`DataFolder::lock`] and [`DataFolder::try_lock`].
//!
//! Every Sohoa process on this machine takes the folder's lock before it reads a
//! record in order to change it, and holds it until the new version is renamed
//! into place: a read–merge–write is one step for every other Sohoa, so an edit
//! that reported success is never overwritten by a writer that read before it.
//! Methods of [`DataFolder`] that change files ask for a `&FolderLock` as proof.
//! Taking the lock also finishes any multi-step operation (an import, a restore)
//! that a crash cut short (see [`super::journal`]).
//!
//! Policy: the lock is the operating system's advisory lock on
//! `<folder>/.sohoa-lock` (`flock` on Unix, `LockFileEx` on Windows, through
//! `std::fs::File::lock`), an empty file that is never written. A lock file
//! deleted or replaced between opening and locking is not trusted. On Unix the
//! data folder itself is locked too, so a lock file deleted while held (by hand,
//! by a cleaning tool) does not let a second Sohoa in; on Windows the file is
//! opened without delete sharing, so it cannot be deleted while held. The system drops
//! it when the process ends, however it ends, so a crash never leaves a folder
//! locked. It orders Sohoa processes, not other programs: a sync engine replaces
//! files by renaming them, and a replaced record is merged, not overwritten.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let folder = sohoa_core::store::DataFolder::open(dir.path()).unwrap();
//! let lock = folder.lock(std::time::Duration::from_secs(1)).unwrap();
//! assert!(folder.try_lock().unwrap().is_none(), "held until dropped");
//! drop(lock);
//! assert!(folder.try_lock().unwrap().is_some());
//! ```

use std::fs::{File, TryLockError};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::DataFolder;

/// The lock file, in the data folder's root.
pub const LOCK_FILE: &str = ".sohoa-lock";

/// How long a wait for the lock goes unmentioned.
pub const QUIET_WAIT: Duration = Duration::from_secs(1);

/// Told once, after [`QUIET_WAIT`], when taking a folder's lock has to wait for
/// another Sohoa: the shell says so to the person (see [`on_wait`]).
type WaitNotice = Box<dyn Fn(&Path, Duration) + Send + Sync>;

static WAIT_NOTICE: std::sync::OnceLock<WaitNotice> = std::sync::OnceLock::new();

/// Sets what to do when a lock has been waited for [`QUIET_WAIT`]: called with
/// the folder and how long the wait may last. A shell sets it once (the command
/// line prints a line); later calls are ignored.
pub fn on_wait(notice: impl Fn(&Path, Duration) + Send + Sync + 'static) {
    let _ = WAIT_NOTICE.set(Box::new(notice));
}

/// The data folder's write lock; released when dropped. On a folder this
/// computer cannot write (a read-only disk or share), a stand-in that lets the
/// folder be read and refuses every write ([`FolderLock::check_writable`]).
#[derive(Debug)]
pub struct FolderLock {
    root: PathBuf,
    /// Holding the open file holds the lock; `None` for a read-only folder.
    _file: Option<File>,
    /// Why this folder cannot be written here, when it cannot.
    read_only: Option<String>,
    /// On Unix, the data folder itself, locked too: a folder holding records
    /// cannot be deleted, so a lock file deleted while held still leaves the
    /// next Sohoa waiting here.
    _folder: Option<File>,
    /// What taking the lock finished or undid (an interrupted import or
    /// restore), for the caller to report.
    pub recovered: Vec<super::LoadProblem>,
}

impl FolderLock {
    /// The data folder this lock is for.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether the folder can only be read here.
    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    /// Why the folder can only be read here, when it can only be read.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Refuses a write to a folder that can only be read here, saying why.
    pub fn check_writable(&self) -> Result<(), LockError> {
        match &self.read_only {
            None => Ok(()),
            Some(reason) => Err(LockError::ReadOnly {
                root: self.root.clone(),
                reason: reason.clone(),
            }),
        }
    }
}

/// Why the lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another Sohoa held the folder for longer than we were prepared to wait.
    #[error("another Sohoa program is writing to {} and did not finish within {} s", root.display(), waited.as_secs())]
    Busy { root: PathBuf, waited: Duration },
    /// The folder cannot be written here (a read-only disk or share, no write
    /// permission): it can be read, not changed.
    #[error("the data folder {} is read-only here ({reason}): Sohoa can show and export what it holds but cannot change it; copy the folder to a place you can write to, or ask for write access", root.display())]
    ReadOnly { root: PathBuf, reason: String },
    /// The lock file could not be opened or locked.
    #[error("cannot lock the data folder {}: {source}", root.display())]
    Io {
        root: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl DataFolder {
    fn lock_file(&self) -> Result<File, LockError> {
        let path = self.root().join(LOCK_FILE);
        let mut options = File::options();
        options.read(true).write(true).create(true).truncate(false);
        // Without FILE_SHARE_DELETE: the lock file cannot be deleted while a
        // Sohoa holds it open, so nobody can take a second lock on a new one.
        #[cfg(windows)]
        std::os::windows::fs::OpenOptionsExt::share_mode(&mut options, 0x1 | 0x2);
        options.open(&path).map_err(|source| match source.kind() {
            ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied
                if !self.root().join(LOCK_FILE).is_dir() =>
            {
                LockError::ReadOnly {
                    root: self.root().to_owned(),
                    reason: source.to_string(),
                }
            }
            _ => LockError::Io {
                root: self.root().to_owned(),
                source,
            },
        })
    }

    /// The stand-in lock of a folder that can only be read here (see
    /// [`LockError::ReadOnly`]): nothing is locked and nothing interrupted is
    /// finished (that would write); the shells say why, from
    /// [`FolderLock::read_only_reason`].
    pub(super) fn reading_only(&self, reason: String) -> FolderLock {
        FolderLock {
            root: self.root().to_owned(),
            _file: None,
            _folder: None,
            recovered: Vec::new(),
            read_only: Some(reason),
        }
    }

    /// Takes the folder's write lock, waiting up to `wait` for another Sohoa to
    /// release it; then finishes whatever a crash left half done.
    pub fn lock(&self, wait: Duration) -> Result<FolderLock, LockError> {
        let mut file = self.lock_file()?;
        let started = Instant::now();
        loop {
            match self.wait_to_lock(&file, started, wait) {
                Ok(()) if self.is_the_lock_file(&file) => break,
                // The file was deleted or replaced between opening and locking:
                // a lock on it orders nobody. Lock the one now at the path.
                Ok(()) => file = self.lock_file()?,
                Err(TryLockError::WouldBlock) => return Err(self.busy(wait)),
                Err(TryLockError::Error(source)) if source.kind() == ErrorKind::Unsupported => {
                    return Ok(self.unlockable(file));
                }
                Err(TryLockError::Error(source)) => {
                    return Err(LockError::Io {
                        root: self.root().to_owned(),
                        source,
                    });
                }
            }
        }
        let folder = self.lock_the_folder(started, wait)?;
        Ok(self.locked(file, folder))
    }

    /// Locks `file`, trying again until `wait` has passed since `started`
    /// (`WouldBlock` then); says once, after [`QUIET_WAIT`], that it waits.
    fn wait_to_lock(
        &self,
        file: &File,
        started: Instant,
        wait: Duration,
    ) -> Result<(), TryLockError> {
        let mut pause = Duration::from_millis(1);
        let mut told = false;
        loop {
            match file.try_lock() {
                Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                    if !told && started.elapsed() >= QUIET_WAIT {
                        told = true;
                        if let Some(notice) = WAIT_NOTICE.get() {
                            notice(self.root(), wait);
                        }
                    }
                    std::thread::sleep(pause.min(wait.saturating_sub(started.elapsed())));
                    pause = (pause * 2).min(Duration::from_millis(25));
                }
                other => return other,
            }
        }
    }

    fn busy(&self, waited: Duration) -> LockError {
        LockError::Busy {
            root: self.root().to_owned(),
            waited,
        }
    }

    /// On Unix, locks the data folder itself, waiting as [`DataFolder::lock`]
    /// does; `None` where folders cannot be locked (Windows, some network file
    /// systems), where the lock file alone orders Sohoa programs.
    fn lock_the_folder(&self, started: Instant, wait: Duration) -> Result<Option<File>, LockError> {
        if !cfg!(unix) {
            return Ok(None);
        }
        let Ok(folder) = File::open(self.root()) else {
            return Ok(None);
        };
        match self.wait_to_lock(&folder, started, wait) {
            Ok(()) => Ok(Some(folder)),
            Err(TryLockError::WouldBlock) => Err(self.busy(wait)),
            Err(TryLockError::Error(_)) => Ok(None),
        }
    }

    /// Takes the folder's write lock if nobody holds it; `None` when another
    /// Sohoa (or another thread of this one) does.
    pub fn try_lock(&self) -> Result<Option<FolderLock>, LockError> {
        let file = self.lock_file()?;
        match file.try_lock() {
            Ok(()) if self.is_the_lock_file(&file) => {
                match self.lock_the_folder(Instant::now(), Duration::ZERO) {
                    Ok(folder) => Ok(Some(self.locked(file, folder))),
                    Err(LockError::Busy { .. }) => Ok(None),
                    Err(e) => Err(e),
                }
            }
            Ok(()) => Ok(None),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(source)) if source.kind() == ErrorKind::Unsupported => {
                Ok(Some(self.unlockable(file)))
            }
            Err(TryLockError::Error(source)) => Err(LockError::Io {
                root: self.root().to_owned(),
                source,
            }),
        }
    }

    /// Whether `file` is still the lock file at the folder's path (a lock file
    /// deleted or replaced after it was opened orders nobody). Unix compares the
    /// device and inode; on Windows the file is opened without delete sharing,
    /// so it cannot be deleted while open.
    fn is_the_lock_file(&self, file: &File) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let path = self.root().join(LOCK_FILE);
            match (file.metadata(), std::fs::metadata(path)) {
                (Ok(ours), Ok(there)) => ours.dev() == there.dev() && ours.ino() == there.ino(),
                _ => false,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = file;
            true
        }
    }

    /// On a file system that has no locks (some network and FUSE mounts) Sohoa
    /// still works, as it did before it took locks: writes are merged by the
    /// version check alone. Said once per process.
    fn unlockable(&self, file: File) -> FolderLock {
        static SAID: AtomicBool = AtomicBool::new(false);
        let mut lock = self.locked(file, None);
        if !SAID.swap(true, Ordering::Relaxed) {
            lock.recovered.push(super::LoadProblem {
                file: self.root().join(LOCK_FILE),
                reason: "this folder's file system does not support file locks: two Sohoa programs writing to it at the same moment may make conflicts to review".into(),
                action: super::ProblemAction::LeftInPlace,
            });
        }
        lock
    }

    fn locked(&self, file: File, folder: Option<File>) -> FolderLock {
        FolderLock {
            root: self.root().to_owned(),
            _file: Some(file),
            _folder: folder,
            recovered: self.recover(),
            read_only: None,
        }
    }

    /// Checks that `lock` is this folder's: a defect if not, so debug builds stop.
    pub(super) fn check_held(&self, lock: &FolderLock) {
        debug_assert!(
            lock.root == self.root(),
            "a lock of {} used for {}",
            lock.root.display(),
            self.root().display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_and_then_reports_the_folder_busy() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DataFolder::open(dir.path()).unwrap();
        let _held = folder.lock(Duration::ZERO).unwrap();
        let started = Instant::now();
        let err = folder.lock(Duration::from_millis(120)).unwrap_err();
        assert!(started.elapsed() >= Duration::from_millis(120));
        assert!(matches!(err, LockError::Busy { .. }), "{err}");
        assert!(err.to_string().contains("another Sohoa"), "{err}");
    }

    #[test]
    fn the_lock_is_released_when_dropped_even_by_another_thread() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DataFolder::open(dir.path()).unwrap();
        let held = folder.lock(Duration::ZERO).unwrap();
        let waiter = {
            let folder = folder.clone();
            std::thread::spawn(move || folder.lock(Duration::from_secs(10)).map(|_| ()))
        };
        std::thread::sleep(Duration::from_millis(50));
        drop(held);
        waiter.join().unwrap().unwrap();
    }
}
