//! Whether a record already holds what an earlier write of it put there: the
//! test that tells a version built on that write from one that replaced it.
//!
//! Key function: [`holds`].
//!
//! A sync engine replaces a file with the version another computer sent. That
//! version normally descends from what this computer wrote (it was merged or
//! edited after arriving there), so it holds every change of the write. In a
//! race (the engine checks the file, this computer writes, the engine renames
//! its download over it) the version that lands was made without the write, and
//! the write's changes are missing. What a write changed shows in three places:
//! the history (profile fields, merges, erasures, assessments started or
//! completed, activities added or removed), the edit time of each assessment
//! (answers) and the edit time of each activity.
//!
//! Policy: pure, never fails, never panics.
//!
//! ```
//! use sohoa_core::enterprise::holds::holds;
//! use sohoa_core::enterprise::Enterprise;
//! let written = Enterprise::new("HTX Dừa Thạnh Phú", jiff::Timestamp::now());
//! let mut later = written.clone();
//! later.notes = "Gặp chủ nhiệm ngày 05/12".into();
//! assert!(holds(&later, &written));
//! ```

use std::collections::BTreeSet;

use super::Enterprise;
use super::history::ChangeKind;

/// Whether `live` holds every change `written` carries: each history entry,
/// each assessment (no older than written, or completed, or discarded since),
/// each activity (no older than written, or removed since) and each alias.
pub fn holds(live: &Enterprise, written: &Enterprise) -> bool {
    let history: BTreeSet<_> = live.history.iter().collect();
    if !written
        .history
        .iter()
        .all(|change| history.contains(change))
    {
        return false;
    }
    let discarded = |id| {
        live.history.iter().any(|c| {
            matches!(c.what, ChangeKind::DraftDiscarded(d) | ChangeKind::ActivityRemoved(d) if d == id)
        })
    };
    let assessments_held = written.assessments.iter().all(|ours| {
        match live.assessments.iter().find(|a| a.id == ours.id) {
            Some(theirs) => theirs.completed.is_some() || theirs.modified >= ours.modified,
            None => discarded(ours.id),
        }
    });
    let activities_held = written.activities.iter().all(|ours| {
        match live.activities.iter().find(|a| a.id == ours.id) {
            Some(theirs) => theirs.modified >= ours.modified,
            None => discarded(ours.id),
        }
    });
    assessments_held && activities_held && written.aliases.iter().all(|a| live.aliases.contains(a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enterprise::field::ProfileField;
    use crate::enterprise::history::Change;
    use jiff::Timestamp;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_764_900_000 + seconds).unwrap()
    }

    fn phone_change(e: &mut Enterprise, by: &str, phone: &str, seconds: i64) {
        let old = ProfileField::Phone.get(e);
        e.contact.phone = phone.into();
        e.history.push(Change {
            at: at(seconds),
            by: by.into(),
            what: ChangeKind::Field {
                field: ProfileField::Phone.key().into(),
                old,
                new: ProfileField::Phone.get(e),
            },
        });
    }

    #[test]
    fn a_version_edited_after_the_write_holds_it() {
        let mut written = Enterprise::new("HTX Dừa sáp Cầu Kè", at(0));
        phone_change(&mut written, "Lan", "0911 0045", 1);
        let mut later = written.clone();
        phone_change(&mut later, "Minh", "0922 0046", 2);
        assert!(holds(&later, &written));
    }

    #[test]
    fn a_version_made_without_the_write_does_not_hold_it() {
        let base = Enterprise::new("HTX Dừa sáp Cầu Kè", at(0));
        let mut written = base.clone();
        phone_change(&mut written, "Lan", "0911 0045", 1);
        let mut other = base;
        phone_change(&mut other, "Minh", "0922 0044", 1);
        assert!(!holds(&other, &written));
    }

    #[test]
    fn answers_given_after_the_version_was_made_are_missing_from_it() {
        let mut base = Enterprise::new("HTX Dừa sáp Cầu Kè", at(0));
        let registry = crate::questionnaire::Registry::builtin().unwrap();
        let questionnaire = registry.all().into_iter().next().unwrap().clone();
        let mut draft = crate::enterprise::Assessment::new(
            &questionnaire,
            crate::enterprise::Stage::Baseline,
            crate::enterprise::Mode::ConsultantLed,
            "Lan",
            at(0),
        );
        draft.modified = Some(at(0));
        base.assessments.push(draft);
        let mut written = base.clone();
        written.assessments[0].modified = Some(at(5));
        assert!(!holds(&base, &written));
        assert!(holds(&written, &base));
    }
}
