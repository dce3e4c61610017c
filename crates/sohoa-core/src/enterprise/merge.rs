//! Merging two copies of one enterprise record: a bundle into the folder, a sync
//! engine's conflict copy into the file it shadows, or two duplicate records.
//!
//! Key function: [`merge`]; result [`Merged`].
//!
//! Rules, chosen so that merging is order-independent and idempotent:
//! - assessments and activities are a union by id; an id that either side removed
//!   on purpose (a discarded draft, a removed activity) stays removed, except that a
//!   completed assessment is never dropped. For one id on both sides, a completed
//!   assessment wins over a draft; two drafts keep every answer (the more recently
//!   edited draft wins a question both answered); two versions of an activity keep
//!   the more recently edited one;
//! - a profile field takes the other side's value when this side's history shows
//!   it had that value and moved on, or when the other side's history shows it
//!   replaced this value; when neither knows the other's value, both changed it:
//!   the newer value is shown and the other is kept in [`Enterprise::conflicts`]
//!   for a person to choose. Nothing is overwritten silently; but one person's
//!   successive values never conflict with each other (the later stands);
//! - histories are a union; the smaller id is kept and the other becomes an alias;
//! - an erasure of personal data recorded on either side is applied to the result
//!   ([`Enterprise::apply_erasure`]).
//!
//! Policy: pure, never fails, never panics.

use std::collections::{BTreeMap, BTreeSet};

use ulid::Ulid;

use super::field::ProfileField;
use super::history::{Change, FieldConflict};
use super::{Assessment, Enterprise, SupportActivity};

/// The result of merging `incoming` into `local`, and what changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub enterprise: Enterprise,
    pub changes: MergeChanges,
}

/// What a merge (or an import) changes in the local record, in the terms a
/// person checks before importing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeChanges {
    /// Assessments the local copy did not have.
    pub added_assessments: usize,
    /// Assessments the local copy had in another state (a draft now completed, more answers).
    pub updated_assessments: usize,
    /// Activities added or changed.
    pub added_activities: usize,
    /// Local activities the result no longer has (removed on the other side).
    pub removed_activities: usize,
    /// Local drafts the result no longer has (discarded on the other side).
    pub discarded_drafts: usize,
    /// Fields that took the incoming value.
    pub fields_taken: Vec<ProfileField>,
    /// Fields in conflict that were not before.
    pub new_conflicts: Vec<ProfileField>,
}

/// Merges two copies of one enterprise; `note` (e.g. "bundle from Lan on LAPTOP-3")
/// is recorded in the history when given.
pub fn merge(local: &Enterprise, incoming: &Enterprise, note: Option<Change>) -> Merged {
    let mut history: BTreeSet<Change> = local
        .history
        .iter()
        .chain(&incoming.history)
        .cloned()
        .collect();
    history.extend(note);
    let history: Vec<Change> = history.into_iter().collect();

    let (first, second) = if local.id <= incoming.id {
        (local, incoming)
    } else {
        (incoming, local)
    };
    let mut result = first.clone();
    result.history = history;
    result.created = local.created.min(incoming.created);
    result.modified = local.modified.max(incoming.modified);
    let mut aliases: BTreeSet<Ulid> = local
        .aliases
        .iter()
        .chain(&incoming.aliases)
        .copied()
        .collect();
    if second.id != first.id {
        aliases.insert(second.id);
    }
    aliases.remove(&result.id);
    result.aliases = aliases.into_iter().collect();

    let mut conflicts = Vec::new();
    for field in ProfileField::ALL {
        let (value, others) = merge_field(field, local, incoming, &result.history);
        // Every value was produced by `get`, so it always sets back.
        let _ = field.set(&mut result, &value);
        if !others.is_empty() {
            conflicts.push(FieldConflict {
                field: field.key().to_owned(),
                others,
            });
        }
    }
    result.conflicts = conflicts;

    let removed: BTreeSet<Ulid> = result.removed_ids();
    result.assessments = merge_assessments(&local.assessments, &incoming.assessments, &removed);
    result.activities = merge_activities(&local.activities, &incoming.activities, &removed);
    // Personal data erased on either side stays erased (see `personal`).
    result.apply_erasure();
    result.canonical_order();

    compare(local, result)
}

/// How `result` differs from `local`, in the terms a person checks before importing.
pub fn compare(local: &Enterprise, result: Enterprise) -> Merged {
    let added_assessments = result
        .assessments
        .iter()
        .filter(|a| !local.assessments.iter().any(|l| l.id == a.id))
        .count();
    let updated_assessments = result
        .assessments
        .iter()
        .filter(|a| local.assessments.iter().any(|l| l.id == a.id && l != *a))
        .count();
    let added_activities = result
        .activities
        .iter()
        .filter(|a| !local.activities.iter().any(|l| l == *a))
        .count();
    let removed_activities = local
        .activities
        .iter()
        .filter(|l| !result.activities.iter().any(|a| a.id == l.id))
        .count();
    let discarded_drafts = local
        .assessments
        .iter()
        .filter(|l| !result.assessments.iter().any(|a| a.id == l.id))
        .count();
    let mut fields_taken = Vec::new();
    let mut new_conflicts = Vec::new();
    for field in ProfileField::ALL {
        let others = result
            .conflict(field)
            .map(|c| c.others.as_slice())
            .unwrap_or_default();
        let local_others = local
            .conflict(field)
            .map(|c| c.others.as_slice())
            .unwrap_or_default();
        if others.iter().any(|v| !local_others.contains(v)) {
            new_conflicts.push(field);
        } else if field.get(&result) != field.get(local) {
            fields_taken.push(field);
        }
    }
    Merged {
        enterprise: result,
        changes: MergeChanges {
            added_assessments,
            updated_assessments,
            added_activities,
            removed_activities,
            discarded_drafts,
            fields_taken,
            new_conflicts,
        },
    }
}

/// Whether `other`'s history shows it has seen `e`'s value of `field` (and so, holding a
/// different value now, replaced it).
fn knows(other: &Enterprise, e: &Enterprise, field: ProfileField, value: &str) -> bool {
    match e.setting_change(field, value) {
        Some(change) => other.history.contains(change),
        // Never filled in: every record starts there.
        None if value == field.initial() => true,
        // The value dates from the record's creation: the same record has seen it,
        // a record entered separately has not.
        None => other.id == e.id || other.aliases.contains(&e.id) || e.aliases.contains(&other.id),
    }
}

/// The merged value of one field and the values left in conflict beside it.
fn merge_field(
    field: ProfileField,
    local: &Enterprise,
    incoming: &Enterprise,
    history: &[Change],
) -> (String, Vec<String>) {
    let (a, b) = (field.get(local), field.get(incoming));
    let mut others: BTreeSet<String> = [local, incoming]
        .iter()
        .filter_map(|e| e.conflict(field))
        .flat_map(|c| c.others.iter().cloned())
        .collect();
    let newer = || {
        let key_a = (local.value_set(field, &a).0, &a);
        let key_b = (incoming.value_set(field, &b).0, &b);
        if key_a >= key_b {
            (a.clone(), b.clone())
        } else {
            (b.clone(), a.clone())
        }
    };
    // A field nobody ever filled in (its starting value, and no change in the
    // history setting it so) is no value to weigh against one that was filled in:
    // a copy made later, with that field left empty, must not empty it here.
    let never_filled = |e: &Enterprise, value: &str| {
        value == field.initial() && e.setting_change(field, value).is_none()
    };
    let keeps_local = a == b || (never_filled(incoming, &b) && !never_filled(local, &a));
    let shown = if keeps_local {
        a.clone()
    } else if never_filled(local, &a) && !never_filled(incoming, &b) {
        b.clone()
    } else {
        let local_knows_incoming = knows(local, incoming, field, &b);
        let incoming_knows_local = knows(incoming, local, field, &a);
        match (local_knows_incoming, incoming_knows_local) {
            (true, false) => a.clone(),
            (false, true) => b.clone(),
            (true, true) => newer().0,
            (false, false) => {
                let (shown, other) = newer();
                if !superseded_by_its_author(field, &other, history) {
                    others.insert(other);
                }
                shown
            }
        }
    };
    others.remove(&shown);
    // A value someone has since moved away from (edited over, or set aside when a
    // conflict was resolved) no longer needs a decision.
    let set_at = |value: &str| {
        history
            .iter()
            .filter(|c| c.sets(field, value))
            .map(|c| c.at)
            .max()
    };
    others.retain(|value| {
        let since = set_at(value);
        !history
            .iter()
            .any(|c| c.replaces(field, value) && since.is_none_or(|t| c.at >= t))
            && !superseded_by_its_author(field, value, history)
    });
    (shown, others.into_iter().collect())
}

/// Whether the person who gave `field` the value `value` set the field again
/// afterwards. One person's successive values never wait for a decision: the later
/// one stands, even when the copy it was typed on had not yet received the earlier
/// one (a sync engine can hand a program a copy a few writes old), so its change
/// does not name the earlier value as replaced.
fn superseded_by_its_author(field: ProfileField, value: &str, history: &[Change]) -> bool {
    let Some(set) = history
        .iter()
        .filter(|c| c.sets(field, value) && !c.by.is_empty())
        .max()
    else {
        return false;
    };
    history
        .iter()
        .any(|c| c.by == set.by && c.at > set.at && c.sets_field(field))
}

fn merge_assessments(
    local: &[Assessment],
    incoming: &[Assessment],
    removed: &BTreeSet<Ulid>,
) -> Vec<Assessment> {
    let mut by_id: BTreeMap<Ulid, Assessment> = BTreeMap::new();
    for assessment in local.iter().chain(incoming) {
        let merged = match by_id.remove(&assessment.id) {
            None => assessment.clone(),
            Some(existing) => merge_assessment(existing, assessment),
        };
        by_id.insert(assessment.id, merged);
    }
    by_id
        .into_values()
        .filter(|a| a.is_completed() || !removed.contains(&a.id))
        .collect()
}

/// Two versions of one assessment.
fn merge_assessment(a: Assessment, b: &Assessment) -> Assessment {
    match (a.completed, b.completed) {
        (Some(_), None) => a,
        (None, Some(_)) => b.clone(),
        (Some(ta), Some(tb)) => {
            // Frozen on both sides: the first completion stands (the same, normally).
            if (ta, ron_text(&a)) <= (tb, ron_text(b)) {
                a
            } else {
                b.clone()
            }
        }
        (None, None) => {
            let a_first = (a.modified, ron_text(&a)) >= (b.modified, ron_text(b));
            let (mut newer, older) = if a_first {
                (a.clone(), b)
            } else {
                (b.clone(), &a)
            };
            for (question, answer) in &older.answers {
                newer.answers.insert_if_missing(question, || answer.clone());
            }
            for (question, note) in &older.notes {
                newer
                    .notes
                    .entry(question.clone())
                    .or_insert_with(|| note.clone());
            }
            newer
        }
    }
}

fn merge_activities(
    local: &[SupportActivity],
    incoming: &[SupportActivity],
    removed: &BTreeSet<Ulid>,
) -> Vec<SupportActivity> {
    let mut by_id: BTreeMap<Ulid, SupportActivity> = BTreeMap::new();
    for activity in local.iter().chain(incoming) {
        let keep = match by_id.remove(&activity.id) {
            None => activity.clone(),
            Some(existing) => {
                if (existing.modified, ron_text(&existing))
                    >= (activity.modified, ron_text(activity))
                {
                    existing
                } else {
                    activity.clone()
                }
            }
        };
        by_id.insert(activity.id, keep);
    }
    let mut result: Vec<SupportActivity> = by_id
        .into_values()
        .filter(|a| !removed.contains(&a.id))
        .collect();
    result.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    result
}

/// A total order among versions that tie on time, so either merge order picks the same.
fn ron_text<T: serde::Serialize>(value: &T) -> String {
    ron::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enterprise::history::record_changes;
    use jiff::Timestamp;

    fn at(minutes: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + minutes * 60).unwrap()
    }

    fn base() -> Enterprise {
        let mut e = Enterprise::new("Công ty TNHH Dừa Xanh", at(0));
        e.tax_code = Some("1300123452".into());
        e.contact.phone = "0275 111".into();
        e.history = record_changes(None, &e, "Lan", at(0));
        e
    }

    /// Applies `edit` to a copy of `e` as a person would, with its history.
    fn edited(
        e: &Enterprise,
        by: &str,
        minute: i64,
        edit: impl FnOnce(&mut Enterprise),
    ) -> Enterprise {
        let mut after = e.clone();
        edit(&mut after);
        after.modified = at(minute);
        let changes = record_changes(Some(e), &after, by, at(minute));
        after.history.extend(changes);
        after
    }

    #[test]
    fn a_field_never_filled_in_on_a_newer_copy_does_not_empty_it_here() {
        // The program's record, entered long ago with no history (demo data,
        // an older version), has absorbed a self-assessment form's record.
        let mut local = Enterprise::new("Công ty TNHH Dừa Xanh", at(0));
        local.address = "Số 69, Hùng Vương".into();
        local.contact.phone = "0275 111".into();
        let mut form = Enterprise::new("Công ty TNHH Dừa Xanh", at(500));
        form.contact.person = "Nguyễn Thị Mai".into();
        local.aliases.push(form.id);
        // The same form's file comes in again: what it never filled in stays.
        let merged = merge(&local, &form, None);
        assert_eq!(merged.enterprise.address, "Số 69, Hùng Vương");
        assert_eq!(merged.enterprise.contact.phone, "0275 111");
        assert_eq!(merged.enterprise.contact.person, "Nguyễn Thị Mai");
        assert_eq!(
            merged.changes.fields_taken,
            vec![ProfileField::ContactPerson]
        );
        // And the other way round: a record that absorbed an older one.
        let merged = merge(&form, &local, None);
        assert_eq!(merged.enterprise.address, "Số 69, Hùng Vương");
    }

    #[test]
    fn an_edit_made_on_a_copy_a_few_writes_old_is_no_conflict_with_the_same_person_s_earlier_values()
     {
        // Lan types four phone numbers one after the other; Minh edits the notes.
        let original = base();
        let mut lan = original.clone();
        for (minute, phone) in [(1, "0911 1"), (2, "0911 2"), (3, "0911 3"), (4, "0911 4")] {
            lan = edited(&lan, "Lan", minute, |e| e.contact.phone = phone.into());
        }
        let minh = edited(&original, "Minh", 3, |e| {
            e.notes = "Ghi chú của Minh".into()
        });
        // Syncthing sets Lan's file aside as a conflict copy and puts Minh's in its
        // place; Lan's next command reads Minh's copy, four writes old, and types
        // a fifth number over the value it shows.
        let stale_edit = edited(&minh, "Lan", 5, |e| e.contact.phone = "0911 5".into());
        for merged in [
            merge(&stale_edit, &lan, None),
            merge(&lan, &stale_edit, None),
        ] {
            let e = merged.enterprise;
            assert_eq!(e.contact.phone, "0911 5", "Lan's latest number stands");
            assert_eq!(e.notes, "Ghi chú của Minh");
            assert_eq!(e.conflicts, vec![], "no conflict between Lan and Lan");
        }
    }

    #[test]
    fn values_kept_in_conflict_do_not_pile_up_when_each_side_edits_from_stale_copies() {
        // Two people keep editing the phone, each often from a copy that has not
        // yet received their own previous value: only the other one's latest
        // value may wait for a decision, never a growing list.
        let original = base();
        let mut lan = original.clone();
        let mut minh = original.clone();
        let mut lan_stale = original.clone();
        let mut minh_stale = original.clone();
        for round in 0..12i64 {
            let lan_next = edited(&lan_stale, "Lan", 10 * round + 1, |e| {
                e.contact.phone = format!("0911 {round}")
            });
            let minh_next = edited(&minh_stale, "Minh", 10 * round + 2, |e| {
                e.contact.phone = format!("0922 {round}")
            });
            // Each side's file now holds its latest edit merged with what it had.
            lan = merge(&lan, &lan_next, None).enterprise;
            minh = merge(&minh, &minh_next, None).enterprise;
            // Every third round the two copies meet; the others, each side's next
            // edit starts from a copy one write behind.
            if round % 3 == 2 {
                let met = merge(&lan, &minh, None).enterprise;
                lan = met.clone();
                minh = met;
            }
            lan_stale = lan.clone();
            minh_stale = minh.clone();
            if round % 2 == 1 {
                lan_stale = lan_next;
                minh_stale = minh_next;
            }
        }
        let met = merge(&lan, &minh, None).enterprise;
        let kept = met
            .conflict(ProfileField::Phone)
            .map_or(0, |c| c.others.len());
        assert!(kept <= 1, "{:?}", met.conflicts);
        assert_eq!(
            met.contact.phone, "0922 11",
            "the last number typed is shown"
        );
    }

    #[test]
    fn a_change_on_one_side_is_taken_without_conflict() {
        let original = base();
        let theirs = edited(&original, "Minh", 5, |e| {
            e.contact.phone = "0275 222".into()
        });
        let merged = merge(&original, &theirs, None);
        assert_eq!(merged.enterprise.contact.phone, "0275 222");
        assert!(merged.enterprise.conflicts.is_empty());
        assert_eq!(merged.changes.fields_taken, vec![ProfileField::Phone]);
        // And the other way round: the local copy is ahead, nothing to take.
        let merged = merge(&theirs, &original, None);
        assert_eq!(merged.enterprise, theirs);
    }

    #[test]
    fn a_field_changed_on_both_sides_shows_the_newer_value_and_keeps_the_other() {
        let original = base();
        let ours = edited(&original, "Lan", 5, |e| e.contact.phone = "0275 333".into());
        let theirs = edited(&original, "Minh", 9, |e| {
            e.contact.phone = "0275 222".into()
        });
        let merged = merge(&ours, &theirs, None);
        assert_eq!(merged.enterprise.contact.phone, "0275 222");
        assert_eq!(
            merged.enterprise.conflicts,
            vec![FieldConflict {
                field: "phone".into(),
                others: vec!["\"0275 333\"".into()]
            }]
        );
        assert_eq!(merged.changes.new_conflicts, vec![ProfileField::Phone]);
        assert_eq!(merge(&theirs, &ours, None).enterprise, merged.enterprise);
        // Merging the same copy again changes nothing.
        assert_eq!(
            merge(&merged.enterprise, &theirs, None).enterprise,
            merged.enterprise
        );
        assert_eq!(
            merge(&merged.enterprise, &ours, None).enterprise,
            merged.enterprise
        );
    }

    #[test]
    fn clearing_a_field_on_one_side_and_editing_it_on_the_other_is_a_conflict() {
        let original = base();
        let cleared = edited(&original, "Lan", 5, |e| e.contact.phone.clear());
        let changed = edited(&original, "Minh", 3, |e| {
            e.contact.phone = "0275 222".into()
        });
        let merged = merge(&cleared, &changed, None).enterprise;
        assert_eq!(merged.contact.phone, "");
        assert_eq!(merged.conflicts[0].others, vec!["\"0275 222\"".to_owned()]);
    }

    #[test]
    fn a_resolved_conflict_stays_resolved_when_an_old_copy_arrives_again() {
        let original = base();
        let ours = edited(&original, "Lan", 5, |e| e.contact.phone = "0275 333".into());
        let theirs = edited(&original, "Minh", 9, |e| {
            e.contact.phone = "0275 222".into()
        });
        let mut merged = merge(&ours, &theirs, None).enterprise;
        merged
            .resolve(ProfileField::Phone, "\"0275 333\"", "Hoa", at(20))
            .unwrap();
        assert!(merged.conflicts.is_empty());
        assert_eq!(merged.contact.phone, "0275 333");
        let again = merge(&merged, &theirs, None).enterprise;
        assert_eq!(again, merged);
        let from_their_side = merge(&theirs, &merged, None).enterprise;
        assert_eq!(from_their_side.contact.phone, "0275 333");
        assert!(from_their_side.conflicts.is_empty());
    }

    #[test]
    fn the_same_enterprise_entered_twice_keeps_the_first_id_and_lists_the_other() {
        let first = base();
        let mut second = Enterprise::new("Cty Dừa Xanh", at(30));
        second.tax_code = first.tax_code.clone();
        second.history = record_changes(None, &second, "Minh", at(30));
        let merged = merge(&second, &first, None).enterprise;
        assert_eq!(merged.id, first.id.min(second.id));
        assert_eq!(merged.aliases, vec![first.id.max(second.id)]);
        assert_eq!(merged.name, "Cty Dừa Xanh", "the newer name is shown");
        assert_eq!(
            merged.conflict(ProfileField::Name).unwrap().others,
            vec!["\"Công ty TNHH Dừa Xanh\"".to_owned()]
        );
        assert_eq!(
            merged.contact.phone, "0275 111",
            "an empty field takes the other's value"
        );
        assert_eq!(merged.created, at(0));
    }

    #[test]
    fn two_drafts_of_one_assessment_keep_every_answer() {
        let q = crate::questionnaire::Questionnaire::from_ron_str(
            include_str!("../../../../tests/fixtures/mini.ron"),
            "mini.ron",
        )
        .unwrap();
        let mut a = Assessment::new(
            &q,
            super::super::Stage::Baseline,
            Default::default(),
            "Lan",
            at(1),
        );
        let mut b = a.clone();
        a.answers.insert(
            "web.has_site",
            crate::questionnaire::Answer::Choice("yes".into()),
        );
        a.modified = Some(at(2));
        b.answers.insert(
            "web.updates",
            crate::questionnaire::Answer::Choice("monthly".into()),
        );
        b.answers.insert(
            "web.has_site",
            crate::questionnaire::Answer::Choice("no".into()),
        );
        b.modified = Some(at(3));
        let merged = merge_assessment(a.clone(), &b);
        assert_eq!(merged.answers.len(), 2);
        assert_eq!(
            merged.answers["web.has_site"],
            crate::questionnaire::Answer::Choice("no".into())
        );
        assert_eq!(merge_assessment(b, &a), merged);
    }

    #[test]
    fn a_discarded_draft_does_not_come_back_but_a_completed_assessment_always_stays() {
        let q = crate::questionnaire::Questionnaire::from_ron_str(
            include_str!("../../../../tests/fixtures/mini.ron"),
            "mini.ron",
        )
        .unwrap();
        let mut original = base();
        original.assessments.push(Assessment::new(
            &q,
            super::super::Stage::Baseline,
            Default::default(),
            "Lan",
            at(1),
        ));
        let discarded = edited(&original, "Lan", 4, |e| e.assessments.clear());
        assert!(
            merge(&discarded, &original, None)
                .enterprise
                .assessments
                .is_empty()
        );
        let completed = edited(&original, "Minh", 6, |e| {
            e.assessments[0].completed = Some(at(6))
        });
        assert_eq!(
            merge(&discarded, &completed, None)
                .enterprise
                .assessments
                .len(),
            1
        );
    }
}
