//! The frame's refresh step: before anything is drawn, the caches the screens
//! read are brought up to date with the data, the filters and the time, so
//! drawing only reads.
//!
//! Key method: [`AppCore::refresh`], called by the window once per frame (and by
//! tests before they look at a screen's state).
//!
//! Policy: each cache is keyed by the data generation (and its inputs) and is
//! recomputed only when they change; what only one page shows is refreshed
//! while that page is shown.

use jiff::Timestamp;

use super::apply::AppCore;
use super::state::Page;
use crate::workspace::live::LiveDashboard;

impl AppCore {
    /// Brings every cache a screen reads up to date; `now` is the frame's time,
    /// the one the screens show and date things with.
    pub fn refresh(&mut self, now: Timestamp) {
        self.view.now = now;
        self.open_setup_if_needed();
        // A record whose file went or was damaged after the folder opened is
        // said once, when something first needed it.
        for (id, why) in self.workspace.enterprises().take_unreadable() {
            self.report(format!(
                "Không đọc được hồ sơ {id} / Record {id} could not be read: {why}"
            ));
        }
        let ws = &self.workspace;
        let generation = ws.generation();
        // Counted once per change, not every frame: 100,000 records are a long walk.
        if self.view.conflicted.is_none_or(|(g, _)| g != generation) {
            let count = ws.summaries().iter().filter(|s| s.conflicts > 0).count();
            self.view.conflicted = Some((generation, count));
            let demo = ws.summaries().iter().filter(|s| s.demo).count();
            self.view.demo_records = Some((generation, demo));
        }
        match &mut self.view.page {
            Page::Dashboard if self.view.welcome_dismissed => {
                let today = self.today();
                match &mut self.view.dashboard {
                    Some(live) => live.update(&self.workspace, today),
                    None => self.view.dashboard = Some(LiveDashboard::new(&self.workspace, today)),
                }
            }
            Page::Enterprises => self.view.list.refresh(&self.workspace),
            Page::Results(page) => {
                let stale = page.scored.as_ref().is_none_or(|(g, _)| *g != generation);
                if stale {
                    // Scored once per change; a missing questionnaire is said by the screen.
                    page.scored = self
                        .workspace
                        .results(page.enterprise, page.assessment)
                        .ok()
                        .map(|r| (generation, r));
                }
            }
            Page::Review => {
                let stale = self
                    .view
                    .duplicates
                    .as_ref()
                    .is_none_or(|(g, _)| *g != generation);
                if stale {
                    self.view.duplicates = Some((generation, self.workspace.duplicates()));
                }
            }
            _ => {}
        }
    }

    /// The frame's day, where the person is.
    pub fn today(&self) -> jiff::civil::Date {
        crate::text::local_date(self.view.now)
    }
}
