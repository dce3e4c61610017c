//! Following the data folder while the window is open: what another laptop (through
//! a sync engine) or the command line writes shows up within a second or two,
//! without reopening the folder.
//!
//! Key methods: [`AppCore::watch_folder`], [`AppCore::follow_folder`].
//!
//! Policy: notifications (the system's, and a poll of the folder every
//! [`POLL_EVERY`] on another thread for what they miss) name the files to look
//! at, and a quiet moment ([`QUIET`]) is waited for so a burst of files (an
//! import on another laptop) is taken in one go; only those files are read. A form being filled in is
//! never overwritten: when its record changed elsewhere and the form has no
//! change yet, it shows the new version; when it has changes, they are kept and
//! merged with the new version on saving ([`crate::workspace::Workspace::save_edit_of`]).

use std::time::Instant;

use jiff::Timestamp;

use super::apply::AppCore;
pub use super::following::{Following, QUIET, Received};
use crate::store::watch::FolderWatcher;
pub use crate::store::watch::POLL_EVERY;

impl AppCore {
    /// Starts watching the data folder; `wake` is called when something changed
    /// (the window asks for a redraw). Where the system gives no notifications
    /// (some network drives) the folder is polled; the log says so.
    pub fn watch_folder(&mut self, wake: impl Fn() + Send + Sync + 'static) {
        self.following.started = true;
        let root = self.workspace.folder().root().to_owned();
        match FolderWatcher::start(&root, POLL_EVERY, wake) {
            Ok(watcher) => {
                if let Some(why) = &watcher.without_notifications {
                    super::log::error(&format!(
                        "no file notifications for {} ({why}): it is polled every {} s",
                        root.display(),
                        POLL_EVERY.as_secs()
                    ));
                }
                self.following.watcher = Some(watcher);
            }
            Err(e) => super::log::error(&format!(
                "cannot follow the data folder {} ({e}): changes made elsewhere show after reopening it",
                root.display()
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
        let settled = following
            .last_notice
            .is_some_and(|at| instant.duration_since(at) >= QUIET);
        if !settled {
            return false;
        }
        let noticed = std::mem::take(&mut following.noticed);
        following.last_notice = None;
        let outside = match self.workspace.take_outside_changes(&noticed) {
            Ok(outside) => outside,
            Err(e) => {
                // Looked at again after the next quiet moment (a folder busy with
                // another Sohoa's import is not worth a message).
                super::log::error(&format!("reading changes made elsewhere: {e}"));
                let following = &mut self.following;
                following.noticed.extend(noticed);
                following.last_notice = Some(instant);
                return false;
            }
        };
        if outside.is_empty() {
            return false;
        }
        for problem in &outside.problems {
            super::log::error(&problem.to_string());
        }
        let open = self.view.profile().and_then(|d| d.id);
        if let Some(id) = open {
            if outside.gone.contains(&id) {
                self.open_record_gone(id);
            } else if outside.records.contains(&id) && !self.profile_is_dirty() {
                self.reload_open_profile(id);
            }
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

impl AppCore {
    /// The record open in the profile was removed elsewhere (merged into another
    /// as a duplicate, or a backup restored there): the record it went into is
    /// shown instead, or the list; a form with changes stays open, saying so.
    fn open_record_gone(&mut self, id: ulid::Ulid) {
        let lang = self.lang();
        if self.profile_is_dirty() {
            self.info(
                lang.pick(
                    "Hồ sơ đang sửa vừa bị gộp hoặc xóa trên máy khác. Hãy chép lại những gì bạn vừa nhập trước khi rời trang.",
                    "The record being edited was just merged or removed on another computer. Copy what you typed before leaving the page.",
                )
                .to_owned(),
            );
            return;
        }
        let merged_into = self
            .workspace
            .summaries()
            .iter()
            .find(|s| s.aliases.contains(&id))
            .map(|s| s.id);
        match merged_into.map(|into| self.open_enterprise(into)) {
            Some(Ok(())) => {}
            _ => self.view.page = super::state::Page::Enterprises,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enterprise::Enterprise;
    use crate::workspace::Workspace;
    use std::time::Duration;

    /// Calls `follow_folder` until it takes something in, or 3 s have passed
    /// (well before the polling watcher's next look, 10 s after it started).
    fn follow_until_taken(core: &mut AppCore) -> bool {
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if core.follow_folder(Instant::now(), Timestamp::now()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn a_look_refused_by_a_busy_folder_is_made_again_as_soon_as_the_folder_is_free() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        ws.set_lock_wait(Duration::from_millis(10));
        let mut core = AppCore::new(ws, crate::app::Prefs::default());
        core.watch_folder(|| {});
        // Another program adds a record, then keeps the folder's lock a while.
        let mut other = Workspace::open(dir.path()).unwrap();
        let id = other
            .save(Enterprise::new("HTX Sầu riêng Cái Mơn", Timestamp::now()))
            .unwrap();
        let busy = other.folder().lock(Duration::from_secs(5)).unwrap();
        std::thread::sleep(QUIET + Duration::from_millis(200));
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(1) {
            assert!(!core.follow_folder(Instant::now(), Timestamp::now()));
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(
            core.workspace.get(id).is_none(),
            "not read while the folder is busy"
        );
        drop(busy);
        assert!(
            follow_until_taken(&mut core),
            "the look was never made again"
        );
        assert!(core.workspace.get(id).is_some());
        assert_eq!(core.view.received.map(|r| r.records), Some(1));
    }

    #[test]
    fn a_record_merged_away_elsewhere_while_open_shows_the_record_it_went_into() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        let now = Timestamp::now();
        let a = ws.save(Enterprise::new("HTX Bưởi da xanh", now)).unwrap();
        let b = ws
            .save(Enterprise::new("HTX Bưởi da xanh (bản 2)", now))
            .unwrap();
        let (kept, merged_away) = (a.min(b), a.max(b));
        let mut core = AppCore::new(ws, crate::app::Prefs::default());
        core.watch_folder(|| {});
        core.open_enterprise(merged_away).unwrap();
        // Another program merges the two (as the Review page does elsewhere).
        let mut other = Workspace::open(dir.path()).unwrap();
        assert_eq!(other.merge_records(a, b, Timestamp::now()).unwrap(), kept);
        assert!(follow_until_taken(&mut core));
        assert!(core.workspace.get(merged_away).is_none());
        assert_eq!(core.view.profile().and_then(|d| d.id), Some(kept));
    }
}
