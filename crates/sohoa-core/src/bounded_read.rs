//! Reading a file that someone else may have made: only a plain file, and never
//! more than a limit.
//!
//! Key function: [`read_regular_file`]; error [`BoundedReadError`].
//!
//! Policy: a device (`/dev/zero`), a pipe (a FIFO waits forever for a writer), a
//! folder or a socket is refused before it is opened for reading; the size is
//! checked before reading and again while reading, so a file that grows (or a
//! special file that reports size 0) never costs more memory than the limit. A
//! symbolic link is followed only when asked to read that path directly: the
//! data folder's listing reports links rather than reading them.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("a.ron");
//! std::fs::write(&path, "(schema: 1)").unwrap();
//! assert_eq!(sohoa_core::bounded_read::read_regular_file(&path, 100).unwrap(), b"(schema: 1)");
//! assert!(sohoa_core::bounded_read::read_regular_file(&path, 5).is_err());
//! assert!(sohoa_core::bounded_read::read_regular_file(dir.path(), 100).is_err());
//! ```

use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum BoundedReadError {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// Not a plain file: a folder, a device, a pipe or a socket.
    #[error("not a plain file (it is {0}); only files are read")]
    NotAFile(NotAFile),
    /// Larger than the limit.
    #[error("the file is {size} bytes, more than the {limit}-byte limit")]
    TooLarge { size: u64, limit: u64 },
}

/// What was found where a plain file was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAFile {
    Folder,
    Pipe,
    Device,
    Socket,
    /// Anything else the system reports that is not a regular file.
    Other,
}

impl std::fmt::Display for NotAFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotAFile::Folder => "a folder",
            NotAFile::Pipe => "a pipe",
            NotAFile::Device => "a device",
            NotAFile::Socket => "a socket",
            NotAFile::Other => "not a regular file",
        })
    }
}

fn kind_of(file_type: std::fs::FileType) -> NotAFile {
    if file_type.is_dir() {
        return NotAFile::Folder;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return NotAFile::Pipe;
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return NotAFile::Device;
        }
        if file_type.is_socket() {
            return NotAFile::Socket;
        }
    }
    NotAFile::Other
}

/// Reads the plain file at `path`, refusing anything else and anything over
/// `limit` bytes.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, BoundedReadError> {
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(BoundedReadError::NotAFile(kind_of(metadata.file_type())));
    }
    if metadata.len() > limit {
        return Err(BoundedReadError::TooLarge {
            size: metadata.len(),
            limit,
        });
    }
    let file = std::fs::File::open(path)?;
    // Checked again on the open file: the path may have been replaced meanwhile.
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(BoundedReadError::NotAFile(kind_of(opened.file_type())));
    }
    let mut bytes = Vec::with_capacity(opened.len().min(limit) as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(BoundedReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_without_reading_it() {
        let err = read_regular_file(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert_eq!(
            err.to_string(),
            "not a plain file (it is a device); only files are read"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_is_refused_instead_of_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.sohoa");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo is not available; skipped");
            return;
        }
        let err = read_regular_file(&fifo, 1 << 20).unwrap_err();
        assert!(err.to_string().contains("a pipe"), "{err}");
    }

    #[test]
    fn a_file_at_the_limit_is_read_and_one_byte_more_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, [b'x'; 10]).unwrap();
        assert_eq!(read_regular_file(&path, 10).unwrap().len(), 10);
        let err = read_regular_file(&path, 9).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the file is 10 bytes, more than the 9-byte limit"
        );
    }
}
