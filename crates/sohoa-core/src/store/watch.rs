//! Watching the data folder for files other programs write (a sync engine
//! bringing another laptop's edits, the command line), so an open window shows
//! them without being reopened.
//!
//! Key types: [`FolderWatcher`], [`Noticed`].
//!
//! Policy: the operating system's notifications (inotify, FSEvents,
//! ReadDirectoryChangesW, through the `notify` crate) only say *which* files to
//! look at; what changed is always read from the files themselves
//! ([`super::rescan`]), so a missed or doubled notification costs a look, never
//! data. Where notifications are not available (some network drives) the caller
//! falls back on a periodic whole scan. Hidden files (temporary files, the lock,
//! a sync engine's partial downloads) are not reported.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};

use notify::{RecursiveMode, Watcher};
use ulid::Ulid;

use super::{ENTERPRISES, record_id};

/// What the notifications since the last look point at.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Noticed {
    /// Record files (`<id>.ron`) written or removed.
    pub records: BTreeSet<Ulid>,
    /// Something only a whole scan can tell: a file under another name (a
    /// conflict copy), the program settings, or notifications lost.
    pub everything: bool,
}

impl Noticed {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && !self.everything
    }

    /// Adds what `other` points at.
    pub fn extend(&mut self, other: Noticed) {
        self.records.extend(other.records);
        self.everything |= other.everything;
    }

    fn of_paths(paths: &[std::path::PathBuf]) -> Noticed {
        let mut noticed = Noticed::default();
        for path in paths {
            let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
                continue;
            };
            if name.starts_with('.') || !name.to_ascii_lowercase().ends_with(".ron") {
                continue;
            }
            match record_id(path) {
                Some(id) => {
                    noticed.records.insert(id);
                }
                None => noticed.everything = true,
            }
        }
        noticed
    }
}

/// Notifications about one data folder, gathered until taken.
pub struct FolderWatcher {
    _watcher: notify::RecommendedWatcher,
    noticed: Receiver<Noticed>,
}

impl FolderWatcher {
    /// Starts watching the folder at `root` (its records and its settings);
    /// `wake` is called after each notification (to redraw a window).
    pub fn start(
        root: &Path,
        wake: impl Fn() + Send + 'static,
    ) -> Result<FolderWatcher, notify::Error> {
        let (send, noticed) = channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let noticed = match event {
                    Ok(event) => Noticed::of_paths(&event.paths),
                    // Lost or unreadable notifications: look at everything.
                    Err(_) => Noticed {
                        everything: true,
                        ..Noticed::default()
                    },
                };
                if !noticed.is_empty() && send.send(noticed).is_ok() {
                    wake();
                }
            })?;
        watcher.watch(&root.join(ENTERPRISES), RecursiveMode::NonRecursive)?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        Ok(FolderWatcher {
            _watcher: watcher,
            noticed,
        })
    }

    /// Everything noticed since the last call.
    pub fn take(&self) -> Noticed {
        let mut all = Noticed::default();
        while let Ok(noticed) = self.noticed.try_recv() {
            all.extend(noticed);
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_files_are_named_and_other_names_ask_for_a_whole_scan() {
        let id = Ulid::from_parts(1, 2);
        let root = Path::new("data");
        let noticed = Noticed::of_paths(&[
            root.join("enterprises").join(format!("{id}.ron")),
            root.join("enterprises")
                .join(format!(".syncthing.{id}.ron.tmp")),
            root.join("enterprises").join(".sohoa-tmp-x.part"),
            root.join(".sohoa-lock"),
        ]);
        assert_eq!(noticed.records, BTreeSet::from([id]));
        assert!(!noticed.everything);
        let copy = root
            .join("enterprises")
            .join(format!("{id}.sync-conflict-20261130-101010-ABCDEFG.ron"));
        assert!(Noticed::of_paths(&[copy]).everything);
        assert!(Noticed::of_paths(&[root.join("program.ron")]).everything);
    }

    #[test]
    fn a_file_written_by_another_program_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(ENTERPRISES)).unwrap();
        let watcher = FolderWatcher::start(dir.path(), || {}).unwrap();
        let id = Ulid::from_parts(7, 7);
        std::fs::write(dir.path().join(ENTERPRISES).join(format!("{id}.ron")), "x").unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut noticed = Noticed::default();
        while !noticed.records.contains(&id) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
            noticed.extend(watcher.take());
        }
        assert!(noticed.records.contains(&id), "{noticed:?}");
    }
}
