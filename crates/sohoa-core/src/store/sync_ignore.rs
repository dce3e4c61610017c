//! What a sync engine must not carry between computers: the files of a data folder
//! that belong to this computer alone.
//!
//! Key function: [`DataFolder::keep_local_files_local`]; the lines are
//! [`SYNCTHING_IGNORE_LINES`].
//!
//! A data folder shared through Syncthing holds, besides the records, files that
//! only make sense on the computer that wrote them: Sohoa's temporary files (a
//! record being written, an import being staged), the lock that orders Sohoa
//! programs on this computer, the journal of an import in progress, and a
//! restore in progress (its journal and staging folders).
//! Carried to another laptop they do harm: Syncthing races to copy a temporary
//! file that is renamed a moment later (and keeps a partial download of it), a
//! replaced lock file no longer orders the programs that had opened the old one,
//! and another computer would replay a journal meant for this one.
//!
//! Policy: Syncthing reads its ignore patterns from `.stignore` at the folder's
//! root, and never syncs that file itself. When the folder is opened, Sohoa
//! writes one if there is none, or adds each of its blocks that is missing to the
//! one the user has (their lines are kept, nothing is removed; a line removed from
//! a block stays removed). A folder that is not synced is unaffected
//! by the file. Failing to write it is reported, never fatal.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! sohoa_core::store::DataFolder::open(dir.path()).unwrap();
//! let ignore = std::fs::read_to_string(dir.path().join(".stignore")).unwrap();
//! assert!(ignore.lines().any(|l| l == "/.sohoa-lock"));
//! ```

use std::path::Path;

use super::{DataFolder, Durability, StoreError, atomic};

/// Syncthing's ignore file at the root of a shared folder.
pub const SYNCTHING_IGNORE_FILE: &str = ".stignore";

/// The first line of Sohoa's first block, by which it is found again.
const BLOCK_MARK: &str = "// Sohoa: files that belong to this computer only";

/// The first line of the block a later Sohoa added, by which it is found again.
const RESTORE_MARK: &str = "// Sohoa: a restore in progress on this computer";

/// Sohoa's patterns, in Syncthing's ignore syntax. `(?d)` lets Syncthing delete
/// such a file when it has to remove the folder holding it.
pub const SYNCTHING_IGNORE_LINES: &[&str] = &[
    // A record or a staged import being written (any folder).
    "(?d).sohoa-tmp-*",
    // The lock that orders Sohoa programs on this computer.
    "/.sohoa-lock",
    // An import or restore in progress on this computer.
    "/.sohoa-journal.ron",
];

/// A restore's journal and its staging folders (`.sohoa-restore-<time>/` and the
/// `-old-` folders moved aside): another computer that received them would
/// finish a restore it never started, deleting its own records.
pub const RESTORE_IGNORE_LINES: &[&str] = &["/.sohoa-restore.ron", "(?d)/.sohoa-restore-*"];

/// Each block Sohoa writes: its first line, and its patterns. A block is added
/// once, when its first line is missing; a line a person removed from a block
/// stays removed.
const BLOCKS: &[(&str, &[&str])] = &[
    (BLOCK_MARK, SYNCTHING_IGNORE_LINES),
    (RESTORE_MARK, RESTORE_IGNORE_LINES),
];

/// One block's text.
fn block_text(mark: &str, lines: &[&str]) -> String {
    let mut text =
        format!("{mark} (written by Sohoa;\n// lines added above or below this block are kept).\n");
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// Every block, as a folder without an ignore file gets them.
#[cfg(test)]
fn block() -> String {
    BLOCKS
        .iter()
        .map(|(mark, lines)| block_text(mark, lines))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The ignore file's text with each of Sohoa's blocks in it, or `None` when it
/// has them all.
fn with_block(existing: Option<&str>) -> Option<String> {
    let mut text = existing.unwrap_or_default().to_owned();
    let mut added = false;
    for (mark, lines) in BLOCKS {
        if text.lines().any(|l| l.trim_start().starts_with(mark)) {
            continue;
        }
        if !text.is_empty() {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push('\n');
        }
        text.push_str(&block_text(mark, lines));
        added = true;
    }
    added.then_some(text)
}

impl DataFolder {
    /// Makes sure Syncthing leaves this computer's own files alone (see the module
    /// documentation); called when the folder is opened, before its lock file is
    /// made. Programs opening the folder together write the same text.
    pub(super) fn keep_local_files_local(&self) -> Result<(), StoreError> {
        let path = self.root().join(SYNCTHING_IGNORE_FILE);
        let existing = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            // Not text Sohoa can add to: the user's file is left alone, and
            // the opening says that it has none of Sohoa's patterns.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                return Err(StoreError::Write {
                    path,
                    source: std::io::Error::other(
                        "it is not UTF-8 text, so Sohoa's patterns could not be added; save it as UTF-8",
                    ),
                });
            }
            Err(source) => return Err(StoreError::Write { path, source }),
        };
        let Some(text) = with_block(existing.as_deref()) else {
            return Ok(());
        };
        write(&path, &text)
    }
}

fn write(path: &Path, text: &str) -> Result<(), StoreError> {
    atomic::write_atomic(path, text.as_bytes(), Durability::Relaxed).map_err(|source| {
        StoreError::Write {
            path: path.to_owned(),
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_an_ignore_file_gets_sohoa_s_block() {
        let text = with_block(None).unwrap();
        assert!(text.starts_with(BLOCK_MARK));
        assert_eq!(text, block());
        for line in SYNCTHING_IGNORE_LINES.iter().chain(RESTORE_IGNORE_LINES) {
            assert!(text.lines().any(|l| l == *line), "{line}");
        }
    }

    #[test]
    fn an_ignore_file_written_by_an_earlier_sohoa_gets_the_restore_block_once() {
        let earlier = format!(
            "*.bak\n\n{}",
            block_text(BLOCK_MARK, SYNCTHING_IGNORE_LINES)
        );
        let text = with_block(Some(&earlier)).unwrap();
        assert!(text.starts_with(&earlier));
        assert!(text.ends_with("/.sohoa-restore.ron\n(?d)/.sohoa-restore-*\n"));
        assert_eq!(with_block(Some(&text)), None);
    }

    #[test]
    fn the_user_s_own_patterns_are_kept_and_the_block_is_added_once() {
        let mine = "// my notes\n*.bak\n/Ảnh chụp";
        let text = with_block(Some(mine)).unwrap();
        assert!(text.starts_with("// my notes\n*.bak\n/Ảnh chụp\n\n// Sohoa"));
        assert_eq!(with_block(Some(&text)), None, "already there");
    }

    #[test]
    fn an_ignore_file_that_is_not_utf8_is_left_alone_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SYNCTHING_IGNORE_FILE);
        let latin1 = b"// \xe9t\xe9\n*.bak\n".to_vec();
        std::fs::write(&path, &latin1).unwrap();
        let (_, lock) = DataFolder::open_locked(dir.path()).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), latin1);
        assert!(
            lock.recovered.iter().any(|p| p.file == path
                && p.reason
                    .contains("not UTF-8 text, so Sohoa's patterns could not be added")),
            "{:?}",
            lock.recovered
        );
    }

    #[test]
    fn opening_a_folder_writes_the_ignore_file_and_keeps_a_user_s_edit_of_it() {
        let dir = tempfile::tempdir().unwrap();
        DataFolder::open(dir.path()).unwrap();
        let path = dir.path().join(SYNCTHING_IGNORE_FILE);
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(written.lines().any(|l| l == "(?d).sohoa-tmp-*"));
        // A person removes one line on purpose: Sohoa does not put it back.
        let edited = written.replace("/.sohoa-journal.ron\n", "");
        std::fs::write(&path, &edited).unwrap();
        DataFolder::open(dir.path()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    }

    #[test]
    fn the_patterns_name_the_files_the_store_keeps_to_itself() {
        assert!(SYNCTHING_IGNORE_LINES.contains(&format!("(?d){}*", atomic::TEMP_PREFIX).as_str()));
        assert!(
            SYNCTHING_IGNORE_LINES
                .contains(&format!("/{}", super::super::lock::LOCK_FILE).as_str())
        );
        assert!(
            SYNCTHING_IGNORE_LINES
                .contains(&format!("/{}", super::super::journal::JOURNAL_FILE).as_str())
        );
    }
}
