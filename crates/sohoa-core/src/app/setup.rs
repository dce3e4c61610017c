//! The first launch on a new data folder: the form that sets up the program
//! (what a program office knows, or a preset), and applying it.
//!
//! Key types: [`SetupDraft`] (what is typed, as typed, in [`super::drafts`]);
//! handled by [`AppCore::set_up_program`].
//!
//! Policy: the form is open while the folder has no program; nothing is saved
//! until the person asks, and a folder set up meanwhile by another program (a
//! colleague's laptop through a sync engine) is not overwritten. The person's
//! name typed here becomes the name in history and on this computer's key card.

use jiff::Timestamp;

use super::AppCore;
use super::drafts::SetupDraft;
use crate::explain::Explain;
use crate::program::setup::{Preset, ProgramSetup};
use crate::workspace::WorkspaceError;

impl AppCore {
    /// The form, opened on a folder that has no program yet.
    pub(super) fn open_setup_if_needed(&mut self) {
        if self.workspace.is_set_up() || self.view.self_assessment {
            self.view.setup = None;
        } else if self.view.setup.is_none() {
            let year = crate::text::local_date(self.view.now).year();
            let blank = ProgramSetup::blank(year);
            self.view.setup = Some(SetupDraft::from_setup(&blank, &self.prefs.consultant));
        }
    }

    /// Fills the form from a preset (the person's name stays).
    pub(super) fn start_setup_from(&mut self, preset: Preset) {
        let person = self
            .view
            .setup
            .as_ref()
            .map_or_else(|| self.prefs.consultant.clone(), |d| d.person.clone());
        self.view.setup = Some(SetupDraft::from_setup(
            &ProgramSetup::from_preset(preset),
            &person,
        ));
    }

    /// Sets up the program from the form (or, for the Bến Tre preset, as it
    /// was), and takes the person's name.
    pub(super) fn set_up_program(
        &mut self,
        preset: Option<Preset>,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        let Some(draft) = self.view.setup.clone() else {
            return Ok(());
        };
        let lang = self.lang();
        let built = match preset {
            Some(Preset::BenTre2021) => Preset::BenTre2021.settings(0).map_err(|e| e.explain(lang)),
            _ => draft
                .to_setup()
                .map_err(|problem| problem.get(lang).to_owned())
                .and_then(|setup| setup.build().map_err(|e| e.explain(lang))),
        };
        let settings = match built {
            Ok(settings) => settings,
            Err(problem) => {
                self.report(problem);
                return Ok(());
            }
        };
        self.workspace.set_up_program(settings)?;
        let person = crate::text::nfc_line(&draft.person);
        if !person.is_empty() {
            self.prefs.consultant = person;
            self.workspace.set_actor(&self.prefs.consultant);
        }
        self.view.setup = None;
        self.view.dashboard = None;
        self.note_saved(now);
        let name = self.workspace.program.name.get(self.lang()).to_owned();
        let text = self.lang().pick(
            format!("Đã thiết lập chương trình “{name}”"),
            format!("Program “{name}” set up"),
        );
        self.info(text);
        Ok(())
    }
}
