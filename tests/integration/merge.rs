//! Properties of merging copies of one enterprise: the order of imports does not
//! matter, importing twice is importing once, and nothing recorded anywhere is lost.

use std::collections::BTreeSet;

use jiff::Timestamp;
use proptest::prelude::*;
use sohoa::enterprise::history::record_changes;
use sohoa::enterprise::merge::merge;
use sohoa::enterprise::{ActivityKind, Assessment, Enterprise, Stage, SupportActivity};
use sohoa::questionnaire::Answer;
use ulid::Ulid;

fn at(minute: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + minute * 60).unwrap()
}

/// One thing a consultant may do to a copy of the record.
#[derive(Debug, Clone)]
enum Edit {
    Phone(u8),
    Name(u8),
    Staff(u8),
    StartAssessment(u8),
    Answer(u8, u8),
    Complete,
    DiscardDraft,
    AddActivity(u8),
    ChangeActivity(u8),
    RemoveActivity,
    /// The contacts' personal data erased on request.
    Forget,
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0u8..4).prop_map(Edit::Phone),
        (0u8..3).prop_map(Edit::Name),
        (0u8..3).prop_map(Edit::Staff),
        (0u8..3).prop_map(Edit::StartAssessment),
        (0u8..4, 0u8..3).prop_map(|(q, a)| Edit::Answer(q, a)),
        Just(Edit::Complete),
        Just(Edit::DiscardDraft),
        (0u8..3).prop_map(Edit::AddActivity),
        (0u8..3).prop_map(Edit::ChangeActivity),
        Just(Edit::RemoveActivity),
        Just(Edit::Forget),
    ]
}

/// Applies edits to a copy of `base` as the app would, recording history; `side`
/// keeps the ids and times of different copies apart.
fn apply(base: &Enterprise, edits: &[Edit], side: u8, by: &str) -> Enterprise {
    let mut e = base.clone();
    for (step, edit) in edits.iter().enumerate() {
        let minute = 10 + step as i64 * 3 + side as i64;
        let now = at(minute);
        let before = e.clone();
        let id = |n: u8| Ulid::from_parts(1_000 + side as u64 * 100 + n as u64, 7);
        match edit {
            Edit::Phone(n) => e.contact.phone = format!("0275 38{n}"),
            Edit::Name(n) => e.name = format!("Công ty Dừa Xanh {n}"),
            Edit::Staff(n) => e.size.staff = Some(*n as u32 * 10),
            Edit::StartAssessment(n) => {
                if !e.assessments.iter().any(|a| !a.is_completed()) {
                    e.assessments.push(Assessment {
                        id: id(*n),
                        questionnaire: "mini".into(),
                        questionnaire_version: "1.0.0".into(),
                        stage: Stage::Baseline,
                        mode: Default::default(),
                        assessor: by.into(),
                        started: now,
                        completed: None,
                        answers: Default::default(),
                        notes: Default::default(),
                        modified: Some(now),
                    });
                }
            }
            Edit::Answer(q, a) => {
                if let Some(draft) = e.assessments.iter_mut().find(|a| !a.is_completed()) {
                    draft.answers.insert(
                        &format!("q{q}"),
                        Answer::Choice(format!("option-{a}").into()),
                    );
                    draft.modified = Some(now);
                }
            }
            Edit::Complete => {
                if let Some(draft) = e.assessments.iter_mut().find(|a| !a.is_completed()) {
                    draft.completed = Some(now);
                }
            }
            Edit::DiscardDraft => e.assessments.retain(|a| a.is_completed()),
            Edit::AddActivity(n) => e.activities.push(SupportActivity {
                id: id(10 + n),
                date: jiff::civil::date(2025, 3, 1 + *n as i8),
                kind: ActivityKind::Training,
                partner: None,
                platform: None,
                note: String::new(),
                modified: Some(now),
            }),
            Edit::ChangeActivity(n) => {
                if let Some(activity) = e.activities.first_mut() {
                    activity.note = format!("ghi chú {n}");
                    activity.modified = Some(now);
                }
            }
            Edit::RemoveActivity => {
                e.activities.pop();
            }
            Edit::Forget => {
                // Records its own history (recording field changes would keep the old values).
                e.forget_personal_data(now, by);
                continue;
            }
        }
        e.activities.dedup_by_key(|a| a.id);
        e.modified = now;
        let changes = record_changes(Some(&before), &e, by, now);
        e.history.extend(changes);
    }
    e
}

/// The record every copy starts from.
fn base() -> Enterprise {
    let mut e = Enterprise::new("Công ty TNHH Dừa Xanh", at(0));
    e.id = Ulid::from_parts(1, 1);
    e.tax_code = Some("1300123452".into());
    e.history = record_changes(None, &e, "Lan", at(0));
    e
}

/// Fewer than `max` edits, to make to one copy.
fn edits(max: usize) -> impl Strategy<Value = Vec<Edit>> {
    proptest::collection::vec(edit_strategy(), 0..max)
}

/// The folder's copy of the base record after `ours`, and a bundle's after `theirs`.
fn two_copies(ours: &[Edit], theirs: &[Edit]) -> (Enterprise, Enterprise) {
    let origin = base();
    (
        apply(&origin, ours, 0, "Lan"),
        apply(&origin, theirs, 1, "Minh"),
    )
}

/// Completed assessments anywhere, and drafts nobody discarded.
fn must_survive(copies: &[&Enterprise]) -> BTreeSet<Ulid> {
    let removed: BTreeSet<Ulid> = copies.iter().flat_map(|e| e.removed_ids()).collect();
    copies
        .iter()
        .flat_map(|e| &e.assessments)
        .filter(|a| a.is_completed() || !removed.contains(&a.id))
        .map(|a| a.id)
        .collect()
}

/// Whether one phone number was typed both before the last erasure (in one copy)
/// and after it (in any copy). Merging is then order-independent except in one
/// corner, a known limit (README, "Personal data"): when a copy that had not heard
/// of the erasure replaced its own erased number, and another person later typed
/// that same number again, whether the replacement counts against the new entry
/// depends on which copy arrived first (an erased value cannot be remembered to
/// tell them apart). Both outcomes keep every value typed after the erasure, shown,
/// in conflict or in the history.
fn same_number_before_and_after_an_erasure(copies: &[&Enterprise]) -> bool {
    let Some(erased) = copies.iter().filter_map(|e| e.erased_at()).max() else {
        return false;
    };
    let typed = |before: bool| -> BTreeSet<String> {
        copies
            .iter()
            .flat_map(|e| &e.history)
            .filter(|c| (c.at <= erased) == before)
            .filter_map(|c| match &c.what {
                sohoa::enterprise::ChangeKind::Field { field, new, .. } if field == "phone" => {
                    Some(new.clone())
                }
                _ => None,
            })
            .collect()
    };
    typed(true).intersection(&typed(false)).next().is_some()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn importing_a_then_b_equals_importing_b_then_a(ours in edits(8), a in edits(8), b in edits(8)) {
        let (folder, bundle_a) = two_copies(&ours, &a);
        let bundle_b = apply(&base(), &b, 2, "Hoa");
        prop_assume!(!same_number_before_and_after_an_erasure(&[&folder, &bundle_a, &bundle_b]));
        let a_then_b = merge(&merge(&folder, &bundle_a, None).enterprise, &bundle_b, None).enterprise;
        let b_then_a = merge(&merge(&folder, &bundle_b, None).enterprise, &bundle_a, None).enterprise;
        prop_assert_eq!(a_then_b, b_then_a);
    }

    #[test]
    fn importing_twice_equals_importing_once(ours in edits(8), theirs in edits(8)) {
        let (folder, bundle) = two_copies(&ours, &theirs);
        let once = merge(&folder, &bundle, None).enterprise;
        let twice = merge(&once, &bundle, None).enterprise;
        prop_assert_eq!(&twice, &once);
        // The copy that was sent, merged back with the result, agrees too.
        prop_assert_eq!(merge(&bundle, &once, None).enterprise, once);
    }

    #[test]
    fn no_assessment_in_any_input_is_missing_from_the_result(ours in edits(10), theirs in edits(10)) {
        let (folder, bundle) = two_copies(&ours, &theirs);
        let merged = merge(&folder, &bundle, None).enterprise;
        let present: BTreeSet<Ulid> = merged.assessments.iter().map(|a| a.id).collect();
        for id in must_survive(&[&folder, &bundle]) {
            prop_assert!(present.contains(&id), "assessment {} lost", id);
        }
        // Every answer given in either copy of a surviving draft is still there.
        for copy in [&folder, &bundle] {
            for assessment in &copy.assessments {
                if let Some(kept) = merged.assessments.iter().find(|m| m.id == assessment.id)
                    && !kept.is_completed() {
                    for question in assessment.answers.keys() {
                        prop_assert!(kept.answers.contains_key(question));
                    }
                }
            }
        }
        // Each phone number typed on either side is either shown or kept in conflict,
        // unless that side's own history shows it was replaced.
        let shown = merged.contact.phone.clone();
        let kept: Vec<String> = merged
            .conflicts
            .iter()
            .flat_map(|c| c.others.clone())
            .collect();
        for copy in [&folder, &bundle] {
            let value = format!("{:?}", copy.contact.phone);
            let ron_value = ron::to_string(&copy.contact.phone).unwrap();
            let replaced = merged.superseded_values(sohoa::enterprise::field::ProfileField::Phone).contains(&ron_value);
            // Erased on request (on either side) after it was typed.
            let erased = merged.erased_at().is_some_and(|t| {
                copy.value_set(sohoa::enterprise::field::ProfileField::Phone, &ron_value).0 <= t
            });
            prop_assert!(
                copy.contact.phone == shown || kept.contains(&ron_value) || replaced || erased,
                "phone {} vanished", value
            );
        }
    }

    #[test]
    fn a_phone_typed_before_an_erasure_on_either_side_is_nowhere_in_the_result(
        ours in edits(10),
        theirs in edits(10),
    ) {
        let (folder, bundle) = two_copies(&ours, &theirs);
        let merged = merge(&folder, &bundle, None).enterprise;
        let Some(erased) = merged.erased_at() else {
            return Ok(());
        };
        let text = ron::to_string(&merged).unwrap();
        for copy in [&folder, &bundle] {
            for change in &copy.history {
                if let sohoa::enterprise::ChangeKind::Field { field, new, .. } = &change.what
                    && field == "phone"
                    && change.at <= erased
                    && new != "\"\""
                    && !copy.history.iter().chain(&merged.history).any(|c| {
                        c.at > erased && c.sets(sohoa::enterprise::field::ProfileField::Phone, new)
                    })
                {
                    prop_assert!(!text.contains(new.trim_matches('"')), "{} survived the erasure", new);
                }
            }
        }
    }
}
