//! Changes to assessments, activities and settings: each checked, written to disk
//! at once, and only then applied in memory.

use jiff::Timestamp;
use ulid::Ulid;

use super::{Workspace, WorkspaceError};
use crate::enterprise::{Assessment, Enterprise, Mode, Stage, SupportActivity};
use crate::program::ProgramSettings;
use crate::questionnaire::{Answer, AnswerProblem, check_answers, check_change};
use crate::text::nfc;

/// A whole assessment to record with [`Workspace::record_assessment`].
#[derive(Debug, Clone)]
pub struct RecordedAssessment {
    pub questionnaire: std::sync::Arc<crate::questionnaire::Questionnaire>,
    pub stage: Stage,
    pub mode: Mode,
    pub assessor: String,
    pub answers: crate::questionnaire::Answers,
    /// Completed (frozen) at once, rather than left as a draft to go on with.
    pub complete: bool,
}

impl Workspace {
    pub(super) fn enterprise_copy(&self, id: Ulid) -> Result<Enterprise, WorkspaceError> {
        self.get(id)
            .cloned()
            .ok_or_else(|| WorkspaceError::NotFound(id.to_string()))
    }

    /// Changes one enterprise: `change` works on a copy (with the workspace to
    /// read), which is then stamped `now` and committed; nothing changes when
    /// `change` fails or the write does.
    pub(super) fn edit_enterprise<T>(
        &mut self,
        enterprise: Ulid,
        now: Timestamp,
        change: impl FnOnce(&Workspace, &mut Enterprise) -> Result<T, WorkspaceError>,
    ) -> Result<T, WorkspaceError> {
        let mut e = self.enterprise_copy(enterprise)?;
        let out = change(self, &mut e)?;
        e.modified = now;
        self.commit(e)?;
        Ok(out)
    }

    fn open_assessment(
        enterprise: &mut Enterprise,
        assessment: Ulid,
    ) -> Result<&mut Assessment, WorkspaceError> {
        let found = enterprise
            .assessments
            .iter_mut()
            .find(|a| a.id == assessment)
            .ok_or(WorkspaceError::NoSuchAssessment(assessment))?;
        if found.is_completed() {
            Err(WorkspaceError::Frozen)
        } else {
            Ok(found)
        }
    }

    /// Starts an assessment with the latest version of `questionnaire`, or returns the
    /// draft the enterprise already has (one draft at a time).
    pub fn start_assessment(
        &mut self,
        enterprise: Ulid,
        stage: Stage,
        mode: Mode,
        assessor: &str,
        questionnaire: &str,
        now: Timestamp,
    ) -> Result<Ulid, WorkspaceError> {
        let e = self.enterprise_copy(enterprise)?;
        if let Some(draft) = e.assessments.iter().find(|a| !a.is_completed()) {
            return Ok(draft.id);
        }
        self.edit_enterprise(enterprise, now, |ws, e| {
            let q = ws.questionnaires.latest(questionnaire).ok_or_else(|| {
                WorkspaceError::UnknownQuestionnaire {
                    id: questionnaire.to_owned(),
                    version: "(latest)".into(),
                }
            })?;
            let assessment = Assessment::new(q, stage, mode, assessor, now);
            let id = assessment.id;
            e.assessments.push(assessment);
            Ok(id)
        })
    }

    /// Records a whole assessment at once (answers typed in from a paper form, or
    /// made by another tool), with one write. `answers` must already have been
    /// checked against `questionnaire`. A draft is refused when the enterprise
    /// already has one: it may be a walkthrough in progress.
    pub fn record_assessment(
        &mut self,
        enterprise: Ulid,
        recorded: RecordedAssessment,
        now: Timestamp,
    ) -> Result<Ulid, WorkspaceError> {
        self.edit_enterprise(enterprise, now, |ws, e| {
            if !recorded.complete
                && let Some(draft) = e.assessments.iter().find(|a| !a.is_completed())
            {
                return Err(WorkspaceError::DraftExists(draft.id));
            }
            let q = recorded.questionnaire;
            if ws.questionnaires.get(&q.id, &q.version).is_none() {
                return Err(WorkspaceError::UnknownQuestionnaire {
                    id: q.id.clone(),
                    version: q.version.clone(),
                });
            }
            // The library refuses what the answer file reader refuses, whoever calls it.
            if let Some(error) = check_answers(&q, &recorded.answers).into_iter().next() {
                return Err(WorkspaceError::InvalidAnswer {
                    question: error.question,
                    problem: error.problem,
                });
            }
            let mut assessment =
                Assessment::new(&q, recorded.stage, recorded.mode, &recorded.assessor, now);
            assessment.answers = recorded.answers;
            assessment.modified = Some(now);
            if recorded.complete {
                assessment.completed = Some(now);
            }
            let id = assessment.id;
            e.assessments.push(assessment);
            Ok(id)
        })
    }

    /// Records (or, with `None`, clears) one answer of a draft assessment.
    pub fn set_answer(
        &mut self,
        enterprise: Ulid,
        assessment: Ulid,
        question: &str,
        answer: Option<Answer>,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        self.edit_enterprise(enterprise, now, |ws, e| {
            let a = Self::open_assessment(e, assessment)?;
            let q = ws.questionnaire_for(a)?;
            let invalid = |problem: AnswerProblem| WorkspaceError::InvalidAnswer {
                question: question.to_owned(),
                problem,
            };
            match answer {
                Some(answer) => {
                    let answer = match answer {
                        Answer::Text(text) => Answer::Text(nfc(&text).into()),
                        other => other,
                    };
                    check_change(q, &a.answers, question, &answer).map_err(invalid)?;
                    a.answers.insert(question, answer);
                }
                None => {
                    a.answers.remove(question);
                }
            }
            Ok(())
        })
    }

    /// Records the consultant's note on one question (an empty note removes it).
    pub fn set_note(
        &mut self,
        enterprise: Ulid,
        assessment: Ulid,
        question: &str,
        note: &str,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        self.edit_enterprise(enterprise, now, |_, e| {
            let a = Self::open_assessment(e, assessment)?;
            let note = nfc(note);
            if note.trim().is_empty() {
                a.notes.remove(question);
            } else {
                a.notes.insert(question.to_owned(), note);
            }
            Ok(())
        })
    }

    /// Completes (freezes) a draft assessment.
    pub fn complete_assessment(
        &mut self,
        enterprise: Ulid,
        assessment: Ulid,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        self.edit_enterprise(enterprise, now, |_, e| {
            Self::open_assessment(e, assessment)?.completed = Some(now);
            Ok(())
        })
    }

    /// Settles the conflict on `field` of an enterprise with `chosen` (canonical RON of
    /// the value, as in the conflict record).
    pub fn resolve_conflict(
        &mut self,
        enterprise: Ulid,
        field: crate::enterprise::field::ProfileField,
        chosen: &str,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        let mut e = self.enterprise_copy(enterprise)?;
        e.resolve(field, chosen, &self.actor, now)
            .map_err(WorkspaceError::Conflict)?;
        e.normalize();
        self.check(&e)?;
        self.write_through(e)?;
        Ok(())
    }

    /// Deletes a draft assessment (a completed one cannot be deleted).
    pub fn discard_draft(
        &mut self,
        enterprise: Ulid,
        assessment: Ulid,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        self.edit_enterprise(enterprise, now, |_, e| {
            Self::open_assessment(e, assessment)?;
            e.assessments.retain(|a| a.id != assessment);
            Ok(())
        })
    }

    /// Adds a support activity, or replaces the one with the same id.
    pub fn save_activity(
        &mut self,
        enterprise: Ulid,
        mut activity: SupportActivity,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        activity.note = nfc(&activity.note);
        activity.platform = activity
            .platform
            .map(|p| nfc(p.trim()))
            .filter(|p| !p.is_empty());
        self.edit_enterprise(enterprise, now, |_, e| {
            match e.activities.iter_mut().find(|a| a.id == activity.id) {
                Some(existing) => *existing = activity,
                None => e.activities.push(activity),
            }
            e.canonical_order();
            Ok(())
        })
    }

    /// Removes a support activity.
    pub fn remove_activity(
        &mut self,
        enterprise: Ulid,
        activity: Ulid,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        self.edit_enterprise(enterprise, now, |_, e| {
            e.activities.retain(|a| a.id != activity);
            Ok(())
        })
    }

    /// Archives (hides from lists and counts) or restores an enterprise.
    pub fn set_archived(
        &mut self,
        enterprise: Ulid,
        archived: bool,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        self.edit_enterprise(enterprise, now, |_, e| {
            e.archived = archived;
            Ok(())
        })
    }

    /// The running period's result as it stands on `today`: enterprises (not
    /// archived) that became supported from its start to its end.
    pub fn period_result(&self, today: jiff::civil::Date) -> crate::program::periods::PeriodResult {
        let program = &self.program;
        let days = self
            .enterprises()
            .iter()
            .zip(self.summaries())
            .filter(|(e, _)| !e.archived)
            .filter_map(|(_, s)| s.supported_since);
        crate::program::periods::period_result(
            program.start,
            program.end.min(today),
            program.target,
            days,
        )
    }

    /// Continues the program into `next`, keeping every enterprise and its
    /// history; the running period is kept with its result as of `today`.
    /// `settings` gives the rest the new period runs with (partners, places…);
    /// its name, dates and target are replaced by `next`'s.
    pub fn continue_program(
        &mut self,
        next: crate::program::periods::NewPeriod,
        settings: ProgramSettings,
        today: jiff::civil::Date,
    ) -> Result<(), WorkspaceError> {
        let result = self.period_result(today);
        let continued = ProgramSettings {
            // The closing period is recorded under the name and dates it ran with.
            name: self.program.name.clone(),
            start: self.program.start,
            end: self.program.end,
            target: self.program.target,
            ..settings
        }
        .continue_into(next, result)
        .map_err(|e| WorkspaceError::InvalidSettings(e.to_string()))?;
        self.update_program(continued)
    }

    /// Replaces the program settings after checking them; summaries are rebuilt
    /// because "supported" and place names depend on them.
    /// Whether the folder's program has been set up (its settings file exists).
    pub fn is_set_up(&self) -> bool {
        self.program_stamp.is_some()
    }

    /// Sets up the program of a folder that has none yet; refused when it has
    /// one (here or set up meanwhile by another program).
    pub fn set_up_program(&mut self, settings: ProgramSettings) -> Result<(), WorkspaceError> {
        if self.is_set_up() || self.folder.program_stamp().is_some() {
            return Err(WorkspaceError::ProgramAlreadySetUp);
        }
        self.update_program(settings).map_err(|e| match e {
            WorkspaceError::SettingsChanged => WorkspaceError::ProgramAlreadySetUp,
            other => other,
        })
    }

    pub fn update_program(&mut self, mut settings: ProgramSettings) -> Result<(), WorkspaceError> {
        settings.normalize();
        if let Some(error) = settings.validate().into_iter().next() {
            return Err(WorkspaceError::InvalidSettings(error.to_string()));
        }
        let saved = self.with_lock(|ws, lock| {
            // Another program changed the settings since they were read: saving
            // these would undo that change without anyone seeing it.
            if ws.folder.program_stamp() != ws.program_stamp {
                if let Ok(Some(theirs)) = ws.folder.load_program() {
                    ws.program = theirs;
                    ws.program_stamp = ws.folder.program_stamp();
                    ws.summarize_all();
                }
                return Ok(false);
            }
            ws.folder.save_program(lock, &settings)?;
            ws.program_stamp = ws.folder.program_stamp();
            Ok(true)
        })?;
        if !saved {
            return Err(WorkspaceError::SettingsChanged);
        }
        self.program = settings;
        self.summarize_all();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enterprise::ActivityKind;

    fn workspace_with_one() -> (tempfile::TempDir, Workspace, Ulid) {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        let id = ws
            .save(Enterprise::new("HTX Dừa Thạnh Phú", Timestamp::UNIX_EPOCH))
            .unwrap();
        (dir, ws, id)
    }

    /// Starts a consultant-led assessment of `id` with the built-in questionnaire.
    fn start(ws: &mut Workspace, id: Ulid, stage: Stage, assessor: &str) -> Ulid {
        ws.start_assessment(
            id,
            stage,
            Mode::ConsultantLed,
            assessor,
            "dbi-2021-sme",
            Timestamp::now(),
        )
        .unwrap()
    }

    #[test]
    fn an_answered_and_completed_assessment_is_frozen_and_scored() {
        let (dir, mut ws, id) = workspace_with_one();
        let now = Timestamp::now();
        let a = start(&mut ws, id, Stage::Baseline, "Lê Nam");
        assert_eq!(
            ws.summary(id).unwrap().draft.as_ref().map(|d| d.id),
            Some(a)
        );
        ws.set_answer(
            id,
            a,
            "strategy.dx_plan",
            Some(Answer::Choice("running".into())),
            now,
        )
        .unwrap();
        ws.set_answer(
            id,
            a,
            "customer.website_updates",
            Some(Answer::Choice("weekly".into())),
            now,
        )
        .unwrap();
        ws.complete_assessment(id, a, now).unwrap();
        let latest = ws.summary(id).unwrap().latest.clone().unwrap();
        assert_eq!(latest.total, 30);
        assert_eq!(latest.pillar_points[..2], [5, 25]);
        assert!(matches!(
            ws.set_answer(id, a, "strategy.dx_plan", None, now),
            Err(WorkspaceError::Frozen)
        ));
        let reopened = Workspace::open(dir.path()).unwrap();
        assert_eq!(
            reopened.summary(id).unwrap().latest.as_ref().unwrap().total,
            30
        );
    }

    #[test]
    fn a_wrong_answer_is_refused_and_nothing_changes() {
        let (_dir, mut ws, id) = workspace_with_one();
        let now = Timestamp::now();
        let a = start(&mut ws, id, Stage::Baseline, "");
        let err = ws
            .set_answer(
                id,
                a,
                "strategy.dx_plan",
                Some(Answer::Choice("maybe".into())),
                now,
            )
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("strategy.dx_plan: `maybe` is not an option"),
            "{err}"
        );
        assert!(ws.get(id).unwrap().assessments[0].answers.is_empty());
    }

    #[test]
    fn starting_twice_resumes_the_same_draft() {
        let (_dir, mut ws, id) = workspace_with_one();
        let now = Timestamp::now();
        let a = start(&mut ws, id, Stage::Baseline, "");
        let b = start(&mut ws, id, Stage::FollowUp(1), "");
        assert_eq!(a, b);
        ws.discard_draft(id, a, now).unwrap();
        assert!(ws.get(id).unwrap().assessments.is_empty());
    }

    #[test]
    fn a_completed_baseline_and_an_activity_make_an_enterprise_supported() {
        let (_dir, mut ws, id) = workspace_with_one();
        let now = Timestamp::now();
        let a = start(&mut ws, id, Stage::Baseline, "");
        ws.complete_assessment(id, a, now).unwrap();
        assert_eq!(ws.stats().supported, 0);
        let activity = SupportActivity {
            id: Ulid::from_parts(7, 7),
            date: jiff::civil::date(2025, 3, 1),
            kind: ActivityKind::EInvoiceSetup,
            partner: Some("VNPT".into()),
            platform: Some("  Hóa đơn điện tử ".into()),
            note: String::new(),
            modified: None,
        };
        ws.save_activity(id, activity, now).unwrap();
        assert_eq!(ws.stats().supported, 1);
        assert!(ws.summary(id).unwrap().supported_since.is_some());
        assert_eq!(
            ws.get(id).unwrap().activities[0].platform.as_deref(),
            Some("Hóa đơn điện tử")
        );
    }

    #[test]
    fn program_settings_that_break_a_rule_are_refused() {
        let (_dir, mut ws, _) = workspace_with_one();
        let mut settings = ws.program.clone();
        settings.target = 0;
        assert!(matches!(
            ws.update_program(settings),
            Err(WorkspaceError::InvalidSettings(_))
        ));
        let mut settings = ws.program.clone();
        settings.target = 1200;
        ws.update_program(settings).unwrap();
        assert_eq!(ws.stats().target, 1200);
    }

    #[test]
    fn settings_changed_by_another_program_meanwhile_are_not_overwritten() {
        let (dir, mut ws, _) = workspace_with_one();
        let mut other = Workspace::open(dir.path()).unwrap();
        let mut theirs = other.program.clone();
        theirs.target = 1500;
        other.update_program(theirs).unwrap();
        let mut ours = ws.program.clone();
        ours.follow_up_after_months = 3;
        assert!(matches!(
            ws.update_program(ours.clone()),
            Err(WorkspaceError::SettingsChanged)
        ));
        assert_eq!(
            ws.program.target, 1500,
            "the other program's settings are shown"
        );
        assert_eq!(Workspace::open(dir.path()).unwrap().program.target, 1500);
        // Made again on what is shown, the change goes through.
        let mut again = ws.program.clone();
        again.follow_up_after_months = ours.follow_up_after_months;
        ws.update_program(again).unwrap();
        let reopened = Workspace::open(dir.path()).unwrap();
        assert_eq!(
            (
                reopened.program.target,
                reopened.program.follow_up_after_months
            ),
            (1500, 3)
        );
    }
}
