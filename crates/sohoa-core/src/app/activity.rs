//! Support activities on the profile page: the form as typed
//! ([`ActivityDraft`]), filled from a record or for a new one, and saved.
//!
//! Policy: the date is typed `dd/mm/yyyy` and read day first; a date that does
//! not read is shown and nothing is written.

use jiff::Timestamp;
use ulid::Ulid;

use super::apply::AppCore;
use crate::enterprise::{ActivityKind, Enterprise, SupportActivity};
use crate::text::{Text, format_date, local_date, parse_date};
use crate::workspace::WorkspaceError;

/// A support activity being added or edited.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityDraft {
    pub enterprise: Ulid,
    pub id: Option<Ulid>,
    pub date: String,
    pub kind: ActivityKind,
    pub partner: Option<String>,
    pub platform: String,
    pub note: String,
}

impl ActivityDraft {
    /// The form for a recorded activity.
    pub fn from_activity(enterprise: Ulid, a: &SupportActivity) -> ActivityDraft {
        ActivityDraft {
            enterprise,
            id: Some(a.id),
            date: format_date(a.date),
            kind: a.kind,
            partner: a.partner.clone(),
            platform: a.platform.clone().unwrap_or_default(),
            note: a.note.clone(),
        }
    }

    /// The form for a new activity: a training today, with the enterprise's partner.
    pub fn new_for(e: &Enterprise, now: Timestamp) -> ActivityDraft {
        ActivityDraft {
            enterprise: e.id,
            id: None,
            date: format_date(local_date(now)),
            kind: ActivityKind::Training,
            partner: e.partner.clone(),
            platform: String::new(),
            note: String::new(),
        }
    }

    /// The activity this form describes, or why it cannot be saved.
    pub fn to_activity(&self, now: Timestamp) -> Result<SupportActivity, Text> {
        let date = parse_date(&self.date).ok_or_else(|| {
            Text::new(
                "Ngày phải viết dạng dd/mm/yyyy, ví dụ 15/03/2025",
                "Write the date as dd/mm/yyyy, e.g. 15/03/2025",
            )
        })?;
        Ok(SupportActivity {
            id: self.id.unwrap_or_else(|| {
                Ulid::from_parts(now.as_millisecond().max(0) as u64, fastrand::u128(..))
            }),
            date,
            kind: self.kind,
            partner: self.partner.clone(),
            platform: Some(self.platform.clone()),
            note: self.note.clone(),
            modified: Some(now),
        })
    }
}

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
        self.view.activity = Some(match existing {
            Some(a) => ActivityDraft::from_activity(enterprise, a),
            None => ActivityDraft::new_for(e, now),
        });
        Ok(())
    }

    pub(super) fn save_activity(&mut self, now: Timestamp) -> Result<(), WorkspaceError> {
        let Some(draft) = self.view.activity.clone() else {
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
        self.view.activity = None;
        self.note_saved(now);
        Ok(())
    }
}
