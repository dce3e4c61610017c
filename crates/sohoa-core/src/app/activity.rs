//! Support activities on the profile page: opening the form
//! ([`ActivityDraft`], in [`super::drafts`]) for a record or a new one, and
//! saving it.
//!
//! Policy: the form belongs to the profile page and opens only there; a date
//! that does not read is shown and nothing is written.

use jiff::Timestamp;
use ulid::Ulid;

use super::apply::AppCore;
use super::drafts::ActivityDraft;
use crate::workspace::WorkspaceError;

impl AppCore {
    /// Opens the activity form for an enterprise: `activity` to edit, or a new one.
    pub(super) fn edit_activity(
        &mut self,
        enterprise: Ulid,
        activity: Option<Ulid>,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        let e = self
            .workspace
            .get(enterprise)
            .ok_or_else(|| WorkspaceError::NotFound(enterprise.to_string()))?;
        let existing = activity.and_then(|id| e.activities.iter().find(|a| a.id == id));
        let draft = match existing {
            Some(a) => ActivityDraft::from_activity(enterprise, a),
            None => ActivityDraft::new_for(e, now),
        };
        // The form opens on the profile page, the page it belongs to.
        if let Some(slot) = self.view.activity_mut() {
            *slot = Some(draft);
        }
        Ok(())
    }

    pub(super) fn save_activity(&mut self, now: Timestamp) -> Result<(), WorkspaceError> {
        let Some(draft) = self.view.activity().cloned() else {
            return Ok(());
        };
        let activity = match draft.to_activity(now) {
            Ok(activity) => activity,
            Err(problem) => {
                let text = problem.get(self.lang()).to_owned();
                self.report(text);
                return Ok(());
            }
        };
        self.workspace
            .save_activity(draft.enterprise, activity, now)?;
        if let Some(slot) = self.view.activity_mut() {
            *slot = None;
        }
        self.note_saved(now);
        Ok(())
    }
}
