//! One assessment's results, as the results screen and the PDF summary show
//! them: its score, and the baseline's score it is compared with.
//!
//! Key type: [`AssessmentResults`]; method [`Workspace::results`].
//!
//! Policy: the rule for which baseline a follow-up is compared with is
//! [`Enterprise::baseline_for`](crate::enterprise::Enterprise::baseline_for);
//! each assessment is scored with its own edition. The window computes this
//! once per data change in its refresh step, never while drawing.

use ulid::Ulid;

use super::{Workspace, WorkspaceError};
use crate::questionnaire::score;
use crate::questionnaire::scoring::ScoreReport;

/// An assessment scored, with the baseline it is compared with, scored.
#[derive(Debug, Clone)]
pub struct AssessmentResults {
    pub enterprise: Ulid,
    pub assessment: Ulid,
    pub report: ScoreReport,
    /// The baseline's id and score, for a follow-up that has one.
    pub baseline: Option<(Ulid, ScoreReport)>,
}

impl Workspace {
    /// The results of `assessment` of `enterprise`; fails when either is not
    /// here or its questionnaire is not installed.
    pub fn results(
        &self,
        enterprise: Ulid,
        assessment: Ulid,
    ) -> Result<AssessmentResults, WorkspaceError> {
        let e = self
            .get(enterprise)
            .ok_or_else(|| self.missing(&enterprise.to_string()))?;
        let a = e
            .assessments
            .iter()
            .find(|a| a.id == assessment)
            .ok_or(WorkspaceError::NoSuchAssessment(assessment))?;
        let q = self.questionnaire_for(a)?;
        let baseline = e.baseline_for(a).and_then(|b| {
            self.questionnaire_for(b)
                .ok()
                .map(|bq| (b.id, score(bq, &b.answers)))
        });
        Ok(AssessmentResults {
            enterprise,
            assessment,
            report: score(q, &a.answers),
            baseline,
        })
    }
}
