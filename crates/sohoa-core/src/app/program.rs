//! The settings page's program form ([`ProgramDraft`], in [`super::drafts`]):
//! opened on the settings as they are, saved, or continued into a new period.
//!
//! Policy: dates are typed `dd/mm/yyyy`, counts the way people type them; the
//! first field that does not read is shown and nothing is written. Another
//! program may have changed the settings meanwhile: then nothing is saved and
//! the page shows the settings as they now are.

use jiff::Timestamp;

use super::apply::AppCore;
use super::drafts::ProgramDraft;
use super::state::Page;
use crate::program::periods::NewPeriod;
use crate::workspace::WorkspaceError;

impl AppCore {
    /// Opens the program form: the settings as they are, or a new period to name.
    pub(super) fn edit_program(&mut self, new_period: bool) {
        let draft = ProgramDraft::from_settings(&self.workspace.program, new_period);
        self.view.page = Page::Settings(Some(Box::new(draft)));
    }

    pub(super) fn save_program(&mut self, now: Timestamp) -> Result<(), WorkspaceError> {
        let Some(draft) = self.view.program_draft().cloned() else {
            return Ok(());
        };
        let settings =
            match draft.to_settings(&self.workspace.program, &self.workspace.questionnaires) {
                Ok(settings) => settings,
                Err(problem) => {
                    let text = problem.get(self.lang()).to_owned();
                    self.report(text);
                    return Ok(());
                }
            };
        let saved = if draft.new_period {
            let next = NewPeriod {
                name: settings.name.clone(),
                start: settings.start,
                end: settings.end,
                target: settings.target,
            };
            let today = crate::text::local_date(now);
            self.workspace.continue_program(next, settings, today)
        } else {
            self.workspace.update_program(settings)
        };
        match saved {
            Ok(()) => {
                self.view.page = Page::Settings(None);
                self.view.dashboard = None;
                self.note_saved(now);
                let text = self
                    .lang()
                    .pick("Đã lưu cài đặt chương trình", "Program settings saved");
                self.info(text.to_owned());
                Ok(())
            }
            Err(e) => {
                if matches!(e, WorkspaceError::SettingsChanged) {
                    // Show the settings as the other program left them.
                    self.view.page = Page::Settings(None);
                    self.view.dashboard = None;
                }
                Err(e)
            }
        }
    }
}
