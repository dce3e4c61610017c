//! A support activity as typed on the profile page ([`ActivityDraft`]): filled
//! from a record or for a new one, and read back into one.
//!
//! Policy: the date is typed `dd/mm/yyyy` and read day first; a date that does
//! not read is said, in both languages.

use jiff::Timestamp;
use ulid::Ulid;

use crate::enterprise::{ActivityKind, Enterprise, SupportActivity};
use crate::text::{Text, format_date, local_date, parse_date};

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
