//! Atomic, durable file replacement.
//!
//! Policy: write to a temporary file in the same folder, flush it to disk, rename
//! it over the target, then flush the folder entry. A crash at any moment leaves
//! the old file or the new one, never a torn mix. The platform differences are
//! here and only here: renaming over an existing file replaces it on every
//! platform (tempfile uses `MoveFileExW` with replace on Windows), but on
//! Windows not while another program has the file open, so the rename is tried
//! again for a moment there; syncing a folder is possible on Unix only, while
//! NTFS journals the rename itself.

use std::io::{self, Write};
use std::path::Path;

/// Prefix of temporary files; loaders skip names that start with it.
pub const TEMP_PREFIX: &str = ".sohoa-tmp-";

/// How hard to push the bytes to disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// fsync the file and the folder: the write survives a power cut once this returns.
    Durable,
    /// Rename atomically but leave flushing to the OS (bulk writes of regenerable data).
    Relaxed,
}

/// Replaces `path` with `bytes` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8], durability: Durability) -> io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(".part")
        .tempfile_in(folder)?;
    temp.write_all(bytes)?;
    if durability == Durability::Durable {
        temp.as_file().sync_all()?;
    }
    persist_retrying(temp, path)?;
    if durability == Durability::Durable {
        sync_folder(folder)?;
    }
    Ok(())
}

/// Writes the file `path` whole through `write` into a temporary file beside
/// it (buffered, not flushed to disk), renamed into place when `write`
/// succeeds; its folder is made if need be. For regenerable files on this
/// machine (caches, indexes), where a crash may lose the new file but never
/// leaves a torn one.
pub fn write_through_temporary(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let temp = tempfile::Builder::new()
        .prefix(".partial-")
        .tempfile_in(dir)?;
    let mut out = io::BufWriter::with_capacity(1 << 20, temp.as_file());
    write(&mut out)?;
    out.flush()?;
    drop(out);
    persist_retrying(temp, path)
}

/// How long a rename waits, all tries together, for a reader to close the file
/// it replaces (Windows).
const RENAME_PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);

/// Renames `temp` over `path`. On Windows a file another program has open for
/// a moment (another Sohoa reading the record, an antivirus, a sync engine)
/// cannot be replaced ("access denied"): the rename is tried again until it
/// is closed, for up to [`RENAME_PATIENCE`]. Elsewhere a rename replaces an
/// open file, so the first answer is the answer.
pub fn persist_retrying(mut temp: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    let started = std::time::Instant::now();
    loop {
        match temp.persist(path) {
            Ok(_) => return Ok(()),
            Err(e)
                if cfg!(windows)
                    && e.error.kind() == io::ErrorKind::PermissionDenied
                    && started.elapsed() < RENAME_PATIENCE =>
            {
                temp = e.file;
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(e) => return Err(e.error),
        }
    }
}

/// Flushes a folder's entries (new names, renames) to disk.
#[cfg(unix)]
pub fn sync_folder(folder: &Path) -> io::Result<()> {
    std::fs::File::open(folder)?.sync_all()
}

/// Flushes a folder's entries to disk: Windows has no folder fsync through std and
/// NTFS journals renames, so there is nothing to do.
#[cfg(not(unix))]
pub fn sync_folder(_folder: &Path) -> io::Result<()> {
    Ok(())
}

/// Rewrites the file `path` (a staged file nobody reads yet) with `bytes`, flushed.
pub fn overwrite_in_place(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_replaces_the_whole_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_atomic(&path, b"first version, rather long", Durability::Durable).unwrap();
        write_atomic(&path, b"second", Durability::Durable).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.ron"]);
    }

    #[test]
    fn a_failed_write_leaves_the_previous_version_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_atomic(&path, b"kept", Durability::Durable).unwrap();
        // Renaming a file over a non-empty folder fails on every platform.
        let blocked = dir.path().join("blocked");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("x"), b"x").unwrap();
        assert!(write_atomic(&blocked, b"new", Durability::Durable).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"kept");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
