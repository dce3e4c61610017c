//! Where a self-assessment that comes back goes, decided by the program from
//! what it holds, not by the file.
//!
//! Key methods: [`Workspace::place_self_assessment`] (before the plan) and
//! [`take_resent_answers`] (after the merge).
//!
//! Policy: a blank form can be filled in for one enterprise and then, in the same
//! browser, for another; a file can be edited by hand. So the ids a file carries
//! are taken only when they agree with the folder: the record of that id must
//! have the file's tax code (or, with no tax code on either, an agreeing name);
//! otherwise the file is a record of its own, matched by tax code like any other.
//! An assessment id the folder already holds for something else gets a new id.
//! The stage is the program's: the baseline (T0) when the enterprise has no
//! completed assessment here, else the follow-up after the last one; an
//! assessment already held keeps its stage. A corrected file of the same
//! assessment, completed later, replaces the answers held: the program holds what
//! the owner last saw and sent.

use std::collections::HashMap;

use ulid::Ulid;

use super::Workspace;
use super::duplicates::names_agree;
use crate::enterprise::{Assessment, Enterprise, Mode, Stage};

impl Workspace {
    /// `incoming` (a checked self-assessment's one record) with the ids and
    /// stages the program gives it (see the module policy).
    pub(super) fn place_self_assessment(&self, incoming: &Enterprise) -> Enterprise {
        let mut placed = incoming.clone();
        let agrees = |local: &Enterprise| match (&local.tax_code, &incoming.tax_code) {
            (Some(here), Some(there)) => here == there,
            (None, None) => names_agree(&local.name, &incoming.name),
            _ => false,
        };
        let by_id = self.find(&incoming.id.to_string());
        let target = match by_id {
            Some(local) if agrees(local) => Some(local),
            Some(_) => {
                // Another enterprise's record: this file is a record of its own.
                placed.id = fresh_id();
                None
            }
            None => None,
        }
        .or_else(|| {
            let code = incoming.tax_code.as_deref()?;
            self.tax_code_owner(code, None)
                .filter(|local| names_agree(&local.name, &incoming.name))
        });

        // Assessment ids held here by anything but this enterprise's own
        // self-assessments.
        let held: HashMap<Ulid, (Ulid, Mode)> = self
            .enterprises
            .iter()
            .flat_map(|e| e.assessments.iter().map(move |a| (a.id, (e.id, a.mode))))
            .collect();
        let target_id = target.map(|t| t.id);
        for a in &mut placed.assessments {
            match held.get(&a.id) {
                Some((owner, Mode::SelfAssessment)) if Some(*owner) == target_id => {}
                Some(_) => a.id = fresh_id(),
                None => {}
            }
        }
        let held_here: &[Assessment] = target.map_or(&[], |t| &t.assessments);
        let mut next = next_stage(held_here);
        for a in &mut placed.assessments {
            match held_here.iter().find(|h| h.id == a.id) {
                Some(same) => a.stage = same.stage,
                None => {
                    a.stage = next;
                    next = following(next);
                }
            }
        }
        placed
    }
}

/// A new id, as records and assessments get theirs.
fn fresh_id() -> Ulid {
    let now = jiff::Timestamp::now().as_millisecond().max(0) as u64;
    Ulid::from_parts(now, fastrand::u128(..))
}

/// The stage of the next assessment of an enterprise holding `assessments`.
fn next_stage(assessments: &[Assessment]) -> Stage {
    assessments
        .iter()
        .filter(|a| a.is_completed())
        .map(|a| a.stage)
        .max()
        .map_or(Stage::Baseline, following)
}

fn following(stage: Stage) -> Stage {
    match stage {
        Stage::Baseline => Stage::FollowUp(1),
        Stage::FollowUp(n) => Stage::FollowUp(n.saturating_add(1)),
    }
}

/// After `incoming` (a placed self-assessment) was merged into `result`: each of
/// its completed assessments that `result` holds as an earlier completion of
/// the same self-assessment replaces it. Returns how many did.
pub(super) fn take_resent_answers(result: &mut Enterprise, incoming: &Enterprise) -> usize {
    let mut replaced = 0;
    for sent in &incoming.assessments {
        let Some(held) = result.assessments.iter_mut().find(|h| h.id == sent.id) else {
            continue;
        };
        let later = match (held.completed, sent.completed) {
            (Some(before), Some(now)) => now > before,
            _ => false,
        };
        if held.mode == Mode::SelfAssessment && later && held.answers != sent.answers {
            let stage = held.stage;
            *held = sent.clone();
            held.stage = stage;
            replaced += 1;
        }
    }
    replaced
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::Registry;

    fn completed(stage: Stage) -> Assessment {
        let registry = Registry::builtin().unwrap();
        let q = registry.latest("dbi-2021-sme").unwrap();
        let mut a = Assessment::new(
            q,
            stage,
            Mode::ConsultantLed,
            "Lan",
            jiff::Timestamp::UNIX_EPOCH,
        );
        a.completed = Some(jiff::Timestamp::UNIX_EPOCH);
        a
    }

    #[test]
    fn the_next_stage_follows_the_last_completed_assessment() {
        assert_eq!(next_stage(&[]), Stage::Baseline);
        assert_eq!(
            next_stage(&[completed(Stage::Baseline)]),
            Stage::FollowUp(1)
        );
        let mut draft = completed(Stage::FollowUp(4));
        draft.completed = None;
        assert_eq!(
            next_stage(&[
                completed(Stage::Baseline),
                completed(Stage::FollowUp(1)),
                draft
            ]),
            Stage::FollowUp(2)
        );
    }
}
