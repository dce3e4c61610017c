//! What following the data folder keeps between frames ([`Following`]: the
//! watcher and what it noticed) and what the status line says of the last
//! changes received ([`Received`]); the following itself is in `follow`.
//!
//! Policy: plain state, no I/O of its own; a leaf of the app, so the view
//! state and the app's core can hold it without depending on its handlers.

use std::time::{Duration, Instant};

use jiff::Timestamp;

use crate::store::watch::{FolderWatcher, Noticed};

/// How long the folder must be quiet after a notification before it is read.
pub const QUIET: Duration = Duration::from_millis(300);

/// The state of following the folder.
#[derive(Default)]
pub struct Following {
    /// Whether watching was started (it may have failed: see the log).
    pub(super) started: bool,
    pub(super) watcher: Option<FolderWatcher>,
    pub(super) noticed: Noticed,
    pub(super) last_notice: Option<Instant>,
}

impl Following {
    /// Whether `AppCore::watch_folder` was called.
    pub fn started(&self) -> bool {
        self.started
    }

    /// When the window should look again without being woken: shortly after a
    /// notification, so the quiet moment is noticed.
    pub fn next_look(&self) -> Option<Duration> {
        self.last_notice.map(|_| QUIET)
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
