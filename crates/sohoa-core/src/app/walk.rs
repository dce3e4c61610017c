//! The walkthrough: opening an assessment on its page (which carries the
//! [`WalkState`], in [`super::drafts`]), answering, and moving between questions.
//!
//! Policy: every answer is written the moment it is given (the workspace saves
//! it before the next key is read), a note when the question is left; moves go
//! through the questions the skip logic shows. Times come from the caller.

use jiff::Timestamp;
use ulid::Ulid;

use super::apply::AppCore;
use super::drafts::WalkState;
use super::state::{Confirm, Page, ResultsPage};
use crate::enterprise::{Assessment, Mode, Stage};
use crate::questionnaire::{Answer, Questionnaire};
use crate::text::{Lang, figure_for_typing};
use crate::workspace::WorkspaceError;

impl AppCore {
    /// The questionnaire of the assessment being walked through.
    pub fn walk_questionnaire(&self) -> Option<&Questionnaire> {
        let walk = self.view.walk()?;
        let e = self.workspace.get(walk.enterprise)?;
        let a = e.assessments.iter().find(|a| a.id == walk.assessment)?;
        self.workspace
            .questionnaires
            .get(&a.questionnaire, &a.questionnaire_version)
            .map(|q| &**q)
    }

    /// The assessment being walked through.
    pub fn current_assessment(&self) -> Option<&Assessment> {
        let walk = self.view.walk()?;
        self.workspace
            .get(walk.enterprise)?
            .assessments
            .iter()
            .find(|a| a.id == walk.assessment)
    }

    /// Positions of the questions shown with the current answers (skip logic applied).
    pub fn visible_positions(&self) -> Vec<usize> {
        match (self.walk_questionnaire(), self.current_assessment()) {
            (Some(q), Some(a)) => crate::questionnaire::scoring::visibility(q, &a.answers)
                .into_iter()
                .enumerate()
                .filter_map(|(i, shown)| shown.then_some(i))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Starts an assessment with the program's questionnaire, by the consultant
    /// (or, in a self-assessment folder, by the enterprise's contact), and opens it.
    pub(super) fn start_assessment(
        &mut self,
        enterprise: Ulid,
        stage: Stage,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        let questionnaire = self.workspace.program.default_questionnaire.clone();
        let (mode, assessor) = if self.view.self_assessment {
            let person = self
                .workspace
                .get(enterprise)
                .map(|e| e.contact.person.clone())
                .unwrap_or_default();
            (Mode::SelfAssessment, person)
        } else {
            (Mode::ConsultantLed, self.consultant_name())
        };
        let assessment = self.workspace.start_assessment(
            enterprise,
            stage,
            mode,
            &assessor,
            &questionnaire,
            now,
        )?;
        self.note_saved(now);
        self.resume_assessment(enterprise, assessment)
    }

    /// Opens an assessment at the first unanswered question the person can see
    /// (the review page when every shown question has its answer).
    pub(super) fn resume_assessment(
        &mut self,
        enterprise: Ulid,
        assessment: Ulid,
    ) -> Result<(), WorkspaceError> {
        let e = self
            .workspace
            .get(enterprise)
            .ok_or_else(|| WorkspaceError::NotFound(enterprise.to_string()))?;
        let a = e
            .assessments
            .iter()
            .find(|a| a.id == assessment)
            .ok_or(WorkspaceError::NoSuchAssessment(assessment))?;
        let q = self.workspace.questionnaire_for(a)?;
        let report = crate::questionnaire::score(q, &a.answers);
        let position = report.unanswered.first().and_then(|id| q.position(id));
        let mut walk = WalkState {
            enterprise,
            assessment,
            position: position.unwrap_or(0),
            review: position.is_none() && !a.answers.is_empty(),
            number_text: String::new(),
            whole_text: String::new(),
            share_mode: false,
            note_text: String::new(),
            number_focus_for: None,
            hint: None,
        };
        load_question_buffers(&mut walk, q, a, self.prefs.lang);
        self.view.page = Page::Walkthrough(Box::new(walk));
        Ok(())
    }

    pub(super) fn answer(
        &mut self,
        question: &str,
        answer: Option<Answer>,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        let Some(walk) = self.view.walk() else {
            return Ok(());
        };
        let (enterprise, assessment) = (walk.enterprise, walk.assessment);
        self.workspace
            .set_answer(enterprise, assessment, question, answer, now)?;
        self.note_saved(now);
        Ok(())
    }

    /// Writes the note typed for the question shown, when it differs from the stored one.
    pub(super) fn save_note(&mut self, now: Timestamp) -> Result<(), WorkspaceError> {
        let Some(walk) = self.view.walk().cloned() else {
            return Ok(());
        };
        let Some(question) = self
            .walk_questionnaire()
            .and_then(|q| q.question_by_position(walk.position))
        else {
            return Ok(());
        };
        let id = question.id.clone();
        let stored = self
            .current_assessment()
            .and_then(|a| a.notes.get(&id).cloned())
            .unwrap_or_default();
        if stored != walk.note_text {
            self.workspace
                .set_note(walk.enterprise, walk.assessment, &id, &walk.note_text, now)?;
            self.note_saved(now);
        }
        Ok(())
    }

    pub(super) fn next_question(&mut self, now: Timestamp) {
        let Some(walk) = self.view.walk() else { return };
        if walk.review {
            return;
        }
        let current = walk.position;
        let next = self.visible_positions().into_iter().find(|p| *p > current);
        // After the last question shown: the review page.
        self.move_to(next, now);
    }

    pub(super) fn previous_question(&mut self, now: Timestamp) {
        let Some(walk) = self.view.walk() else { return };
        let current = if walk.review {
            usize::MAX
        } else {
            walk.position
        };
        let previous = self
            .visible_positions()
            .into_iter()
            .rev()
            .find(|p| *p < current);
        if let Some(p) = previous {
            self.move_to(Some(p), now);
        }
    }

    pub(super) fn complete_assessment(&mut self, now: Timestamp) -> Result<(), WorkspaceError> {
        let Some(walk) = self.view.walk().cloned() else {
            return Ok(());
        };
        self.workspace
            .complete_assessment(walk.enterprise, walk.assessment, now)?;
        self.note_saved(now);
        self.view.page = Page::Results(Box::new(ResultsPage {
            enterprise: walk.enterprise,
            assessment: walk.assessment,
            scored: None,
        }));
        Ok(())
    }

    pub(super) fn discard_draft(
        &mut self,
        enterprise: Ulid,
        assessment: Ulid,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        self.close_confirm(|c| matches!(c, Confirm::DiscardDraft { .. }));
        self.workspace.discard_draft(enterprise, assessment, now)?;
        if self.view.walk().is_some_and(|w| w.assessment == assessment) {
            self.view.page = Page::Drafts;
        }
        self.note_saved(now);
        Ok(())
    }

    /// Moves the walkthrough to a question (`None`: the review page), keeping the note typed.
    pub(super) fn move_to(&mut self, position: Option<usize>, now: Timestamp) {
        let pending_note = self.view.walk().is_some_and(|w| !w.review);
        if pending_note && let Err(e) = self.save_note(now) {
            self.report(e);
        }
        let (Some(q), Some(a)) = (
            self.walk_questionnaire().cloned(),
            self.current_assessment().cloned(),
        ) else {
            return;
        };
        let lang = self.prefs.lang;
        let Some(walk) = self.view.walk_mut() else {
            return;
        };
        match position {
            Some(p) if p < q.question_count() => {
                walk.position = p;
                walk.review = false;
            }
            _ => walk.review = true,
        }
        load_question_buffers(walk, &q, &a, lang);
    }
}

/// Fills the typing buffers of the current question from what is stored, each
/// figure with every digit it holds, in the notation `lang` types.
fn load_question_buffers(walk: &mut WalkState, q: &Questionnaire, a: &Assessment, lang: Lang) {
    let Some(question) = q.question_by_position(walk.position) else {
        return;
    };
    walk.hint = None;
    let answer = a.answers.get(&question.id);
    walk.number_text = match answer {
        Some(Answer::Number(v)) => figure_for_typing(*v, lang),
        Some(Answer::Ratio(figures)) => figure_for_typing(figures.part, lang),
        _ => String::new(),
    };
    walk.whole_text = match answer {
        Some(Answer::Ratio(figures)) => figures
            .whole
            .map(|whole| figure_for_typing(whole, lang))
            .unwrap_or_default(),
        _ => String::new(),
    };
    // A ratio answered with a share stays in share mode when the person comes back.
    walk.share_mode = matches!(
        (&question.kind, answer),
        (
            crate::questionnaire::QuestionKind::Ratio { .. },
            Some(Answer::Number(_))
        )
    );
    walk.note_text = a.notes.get(&question.id).cloned().unwrap_or_default();
}
