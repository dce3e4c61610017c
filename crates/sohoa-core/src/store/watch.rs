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
//! data. A second watcher polls the folder every [`POLL_EVERY`] on its own
//! thread, for what notifications miss (network drives, lost events), so the
//! window never walks 100,000 files itself. Hidden files (temporary files, the
//! lock, a sync engine's partial downloads) are not reported.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use ulid::Ulid;

use super::{ENTERPRISES, record_id};

/// How often the polling watcher looks at every file of the folder.
pub const POLL_EVERY: Duration = Duration::from_secs(10);

/// What the notifications since the last look point at.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Noticed {
    /// Record files (`<id>.ron`) written or removed.
    pub records: BTreeSet<Ulid>,
    /// Other files of the records folder (a sync engine's conflict copies).
    pub copies: BTreeSet<PathBuf>,
    /// Something in the folder's root (the program settings).
    pub settings: bool,
    /// Notifications were lost: only a whole scan can tell what changed.
    pub lost: bool,
}

impl Noticed {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.copies.is_empty() && !self.settings && !self.lost
    }

    /// Adds what `other` points at.
    pub fn extend(&mut self, other: Noticed) {
        self.records.extend(other.records);
        self.copies.extend(other.copies);
        self.settings |= other.settings;
        self.lost |= other.lost;
    }

    fn of_paths(paths: &[PathBuf]) -> Noticed {
        let mut noticed = Noticed::default();
        for path in paths {
            let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
                continue;
            };
            if name.starts_with('.') || !name.to_ascii_lowercase().ends_with(".ron") {
                continue;
            }
            let in_records = path
                .parent()
                .and_then(Path::file_name)
                .is_some_and(|folder| folder == ENTERPRISES);
            match record_id(path) {
                Some(id) if in_records => {
                    noticed.records.insert(id);
                }
                _ if in_records => {
                    noticed.copies.insert(path.clone());
                }
                _ => noticed.settings = true,
            }
        }
        noticed
    }
}

/// Notifications about one data folder, gathered until taken.
pub struct FolderWatcher {
    /// Why the system gives no notifications for this folder, if it does not
    /// (the folder is then only polled).
    pub without_notifications: Option<String>,
    /// The system's notifications, when it gives them for this folder.
    _native: Option<notify::RecommendedWatcher>,
    /// The poller, once made: its first look stats every file of the folder
    /// (half a second at 100,000 records), so beside the system's
    /// notifications it is made on a thread of its own, not the window's.
    _polling: Arc<std::sync::Mutex<Option<notify::PollWatcher>>>,
    noticed: Receiver<Noticed>,
}

/// What each watcher does with an event: says which files it names, and wakes
/// the window.
fn handler(
    send: Sender<Noticed>,
    wake: Arc<dyn Fn() + Send + Sync>,
) -> impl Fn(notify::Result<notify::Event>) + Send + 'static {
    move |event| {
        let noticed = match event {
            Ok(event) => Noticed::of_paths(&event.paths),
            // Lost or unreadable notifications: look at everything.
            Err(_) => Noticed {
                lost: true,
                ..Noticed::default()
            },
        };
        if !noticed.is_empty() && send.send(noticed).is_ok() {
            wake();
        }
    }
}

/// Watches the records folder and the root with `watcher`.
fn watch_folder(watcher: &mut dyn Watcher, root: &Path) -> notify::Result<()> {
    watcher.watch(&root.join(ENTERPRISES), RecursiveMode::NonRecursive)?;
    watcher.watch(root, RecursiveMode::NonRecursive)
}

/// How long after the system's notifications the poller starts, when they
/// work: its first look `stat`s every record file (half a second of a core at
/// 100,000), which would otherwise compete with the window's first page.
const POLLER_AFTER_NOTIFICATIONS: Duration = Duration::from_secs(2);

impl FolderWatcher {
    /// Starts watching the folder at `root` (its records and its settings), with
    /// the system's notifications and by polling every `poll_every`; `wake` is
    /// called after each notification (to redraw a window). Fails only when
    /// neither way works.
    pub fn start(
        root: &Path,
        poll_every: Duration,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Result<FolderWatcher, notify::Error> {
        let (send, noticed) = channel();
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(wake);
        let native = notify::recommended_watcher(handler(send.clone(), Arc::clone(&wake)))
            .and_then(|mut w| watch_folder(&mut w, root).map(|()| w));
        let config = notify::Config::default().with_poll_interval(poll_every);
        let make_poller = move |root: &Path| {
            notify::PollWatcher::new(handler(send, wake), config)
                .and_then(|mut w| watch_folder(&mut w, root).map(|()| w))
        };
        let polling = Arc::new(std::sync::Mutex::new(None));
        match native {
            // Notifications come meanwhile: the poller, for what they miss
            // (some network drives), can start a little later.
            Ok(native) => {
                let slot = Arc::clone(&polling);
                let root = root.to_owned();
                std::thread::spawn(move || {
                    std::thread::sleep(POLLER_AFTER_NOTIFICATIONS);
                    if let (Ok(poller), Ok(mut slot)) = (make_poller(&root), slot.lock()) {
                        *slot = Some(poller);
                    }
                });
                Ok(FolderWatcher {
                    without_notifications: None,
                    _native: Some(native),
                    _polling: polling,
                    noticed,
                })
            }
            // Polling is all there is: it must be watching when this returns.
            Err(e) => {
                let Ok(poller) = make_poller(root) else {
                    return Err(e);
                };
                if let Ok(mut slot) = polling.lock() {
                    *slot = Some(poller);
                }
                Ok(FolderWatcher {
                    without_notifications: Some(e.to_string()),
                    _native: None,
                    _polling: polling,
                    noticed,
                })
            }
        }
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
        assert!(noticed.copies.is_empty() && !noticed.settings && !noticed.lost);
        let copy = root
            .join("enterprises")
            .join(format!("{id}.sync-conflict-20261130-101010-ABCDEFG.ron"));
        assert_eq!(
            Noticed::of_paths(std::slice::from_ref(&copy)).copies,
            BTreeSet::from([copy])
        );
        assert!(Noticed::of_paths(&[root.join("program.ron")]).settings);
    }

    /// Waits up to 10 s for `watcher` to name `id`.
    fn noticed_within_ten_seconds(watcher: &FolderWatcher, id: Ulid) -> Noticed {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let mut noticed = Noticed::default();
        while !noticed.records.contains(&id) && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            noticed.extend(watcher.take());
        }
        noticed
    }

    #[test]
    fn a_file_written_by_another_program_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(ENTERPRISES)).unwrap();
        // Polling far apart: what is noticed here came from the system.
        let watcher = FolderWatcher::start(dir.path(), Duration::from_secs(3600), || {}).unwrap();
        let id = Ulid::from_parts(7, 7);
        std::fs::write(dir.path().join(ENTERPRISES).join(format!("{id}.ron")), "x").unwrap();
        let noticed = noticed_within_ten_seconds(&watcher, id);
        assert!(noticed.records.contains(&id), "{noticed:?}");
    }

    #[test]
    fn polling_alone_notices_a_file_written_by_another_program() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(ENTERPRISES)).unwrap();
        let (send, noticed) = channel();
        let mut polling = notify::PollWatcher::new(
            move |event: notify::Result<notify::Event>| {
                if let Ok(event) = event {
                    let _ = send.send(Noticed::of_paths(&event.paths));
                }
            },
            notify::Config::default().with_poll_interval(Duration::from_millis(100)),
        )
        .unwrap();
        polling
            .watch(&dir.path().join(ENTERPRISES), RecursiveMode::NonRecursive)
            .unwrap();
        let watcher = FolderWatcher {
            without_notifications: Some("left out by the test".into()),
            _native: None,
            _polling: Arc::new(std::sync::Mutex::new(Some(polling))),
            noticed,
        };
        std::thread::sleep(Duration::from_millis(300));
        let id = Ulid::from_parts(8, 8);
        std::fs::write(dir.path().join(ENTERPRISES).join(format!("{id}.ron")), "x").unwrap();
        let noticed = noticed_within_ten_seconds(&watcher, id);
        assert!(noticed.records.contains(&id), "{noticed:?}");
    }
}
