//! Completed assessments whose result changed when figures became exact.
//!
//! Key type: [`ScoreChange`]; function [`Workspace::score_changes`].
//!
//! Policy: results are always computed from the stored answers, so a completed
//! assessment scored again under the exact rules may show other points than it
//! did when it was completed (a part equal to its total now scores the top step,
//! a share a hair above a step reaches it, a count with decimals no longer fits).
//! Nothing is changed: this lists each such assessment with both results and
//! the criteria behind the difference, for program staff to review. Read only.

use jiff::Timestamp;
use serde::Serialize;
use ulid::Ulid;

use super::Workspace;
use crate::enterprise::Stage;
use crate::questionnaire::former::{ChangedCriterion, changed_criteria, score_formerly};
use crate::questionnaire::score;

/// One completed assessment that scores differently now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreChange {
    pub enterprise: Ulid,
    pub name: String,
    pub assessment: Ulid,
    pub stage: Stage,
    pub completed: Timestamp,
    pub questionnaire: String,
    pub version: String,
    /// (total, overall level) when the assessment was completed.
    pub formerly: (u32, u8),
    /// (total, overall level) under the exact rules.
    pub now: (u32, u8),
    pub criteria: Vec<ChangedCriterion>,
}

impl Workspace {
    /// Completed assessments whose total or level differs under the exact rules
    /// from what the earlier rules gave, in the order of the enterprise list.
    pub fn score_changes(&self) -> Vec<ScoreChange> {
        let mut changes = Vec::new();
        for e in self.enterprises() {
            for a in e.assessments.iter().filter(|a| a.is_completed()) {
                let (Some(completed), Ok(q)) = (a.completed, self.questionnaire_for(a)) else {
                    continue;
                };
                let before = score_formerly(q, &a.answers);
                let after = score(q, &a.answers);
                if (before.total, before.level) == (after.total, after.level) {
                    continue;
                }
                changes.push(ScoreChange {
                    enterprise: e.id,
                    name: e.name.clone(),
                    assessment: a.id,
                    stage: a.stage,
                    completed,
                    questionnaire: q.id.clone(),
                    version: q.version.clone(),
                    formerly: (before.total, before.level),
                    now: (after.total, after.level),
                    criteria: changed_criteria(q, &a.answers),
                });
            }
        }
        changes
    }
}
