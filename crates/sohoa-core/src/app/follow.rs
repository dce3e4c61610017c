//! Following the data folder while the window is open: what another laptop (through
//! a sync engine) or the command line writes shows up within a second or two,
//! without reopening the folder.
//!
//! Key methods: [`AppCore::watch_folder`], [`AppCore::follow_folder`].
//!
//! Policy: notifications name the files to look at, and a quiet moment
//! ([`QUIET`]) is waited for so a burst of files (an import on another laptop) is
//! taken in one go; a whole scan every [`WHOLE_SCAN_EVERY`] catches what
//! notifications miss (network drives, lost events). A form being filled in is
//! never overwritten: when its record changed elsewhere and the form has no
//! change yet, it shows the new version; when it has changes, they are kept and
//! merged with the new version on saving ([`crate::workspace::Workspace::save_edit_of`]).

use std::time::{Duration, Instant};

use jiff::Timestamp;

use super::apply::AppCore;
use crate::store::watch::{FolderWatcher, Noticed};

/// How long the folder must be quiet after a notification before it is read.
pub const QUIET: Duration = Duration::from_millis(300);

/// How often the whole folder is looked at, notifications or not.
pub const WHOLE_SCAN_EVERY: Duration = Duration::from_secs(10);

/// The state of following the folder.
pub struct Following {
    /// Whether watching was started (it may have failed: see the log).
    started: bool,
    watcher: Option<FolderWatcher>,
    noticed: Noticed,
    last_notice: Option<Instant>,
    last_whole_scan: Instant,
}

impl Following {
    pub fn new(now: Instant) -> Following {
        Following {
            started: false,
            watcher: None,
            noticed: Noticed::default(),
            last_notice: None,
            last_whole_scan: now,
        }
    }
}

impl Following {
    /// Whether [`AppCore::watch_folder`] was called.
    pub fn started(&self) -> bool {
        self.started
    }

    /// How soon the window should look again: shortly after a notification,
    /// else at the next whole scan.
    pub fn next_look(&self) -> Duration {
        if self.last_notice.is_some() {
            QUIET
        } else {
            WHOLE_SCAN_EVERY
        }
    }
}

impl std::fmt::Debug for Following {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Following")
            .field("watching", &self.watcher.is_some())
            .field("noticed", &self.noticed)
            .finish()
    }
}

/// What the status line says about the last changes received.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Received {
    pub at: Timestamp,
    /// Records changed or added elsewhere.
    pub records: usize,
}

impl AppCore {
    /// Starts watching the data folder; `wake` is called when something changed
    /// (the window asks for a redraw). Without notifications (an error here, e.g.
    /// on a network drive) the periodic whole scan still follows the folder.
    pub fn watch_folder(&mut self, wake: impl Fn() + Send + 'static) {
        self.following.started = true;
        match FolderWatcher::start(self.workspace.folder().root(), wake) {
            Ok(watcher) => self.following.watcher = Some(watcher),
            Err(e) => super::log::error(&format!(
                "cannot watch the data folder ({e}); it is looked at every {} s instead",
                WHOLE_SCAN_EVERY.as_secs()
            )),
        }
    }

    /// Takes in what other programs wrote to the folder, when it is time to look
    /// (see the module's policy); says whether anything changed. Called by the
    /// window before each frame.
    pub fn follow_folder(&mut self, instant: Instant, now: Timestamp) -> bool {
        let following = &mut self.following;
        if let Some(watcher) = &following.watcher {
            let noticed = watcher.take();
            if !noticed.is_empty() {
                following.noticed.extend(noticed);
                following.last_notice = Some(instant);
            }
        }
        let whole = instant.duration_since(following.last_whole_scan) >= WHOLE_SCAN_EVERY;
        let settled = following
            .last_notice
            .is_some_and(|at| instant.duration_since(at) >= QUIET);
        if !whole && !settled {
            return false;
        }
        let noticed = std::mem::take(&mut following.noticed);
        following.last_notice = None;
        let only = (!whole && !noticed.everything).then_some(&noticed.records);
        if only.is_none() {
            following.last_whole_scan = instant;
        }
        let outside = match self.workspace.take_outside_changes(only) {
            Ok(outside) => outside,
            Err(e) => {
                // Tried again at the next look; a busy folder is not worth a message.
                super::log::error(&format!("reading changes made elsewhere: {e}"));
                return false;
            }
        };
        if outside.is_empty() {
            return false;
        }
        for problem in &outside.problems {
            super::log::error(&problem.to_string());
        }
        let open = self.view.profile.as_ref().and_then(|d| d.id);
        if let Some(id) = open
            && (outside.records.contains(&id) || outside.gone.contains(&id))
            && !self.profile_is_dirty()
        {
            self.reload_open_profile(id);
        }
        if !outside.records.is_empty() {
            self.view.received = Some(Received {
                at: now,
                records: outside.records.len(),
            });
        }
        true
    }
}
