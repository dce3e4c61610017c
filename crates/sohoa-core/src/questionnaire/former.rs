//! Scoring as Sohoa did before figures were exact, kept to find the stored
//! assessments whose result the exact rules change.
//!
//! Key function: [`score_formerly`].
//!
//! Policy: only ratio criteria and counts scored differently before. A ratio's
//! figures were held as 32-bit floats (a shared total as a 64-bit one) and a step
//! held when `part × 100 > step × total × (1 + 10⁻⁶)`; a total given with a
//! criterion whose total is shared replaced the shared one; a part above its
//! total, after that rounding, scored 0; counts took decimals. Everything else
//! scores as [`super::score`] scores it. Used by reports of what changed, never
//! to score anything shown as a result. Pure.
//!
//! ```
//! use sohoa_core::questionnaire::{Answer, Answers, RatioFigures, Registry, former::score_formerly, score};
//! let registry = Registry::builtin().unwrap();
//! let q = registry.get("dbi-2021-sme", "2.0.0").unwrap();
//! let d = |s: &str| s.parse().unwrap();
//! let answers = Answers::from([
//!     ("figure.revenue_last_year", Answer::Number(d("382.92"))),
//!     ("data.data_revenue", Answer::Ratio(RatioFigures::new(d("382.92"), None))),
//! ]);
//! assert_eq!(score(q, &answers).total, 5);
//! assert_eq!(score_formerly(q, &answers).total, 0);
//! ```

use super::scoring::{ScoreReport, score_with_shared_answer};
use super::{Answer, Answers, Question, QuestionKind, Questionnaire, RatioStep, Whole};

/// `answers` scored by the rules in force before figures were exact.
pub fn score_formerly(q: &Questionnaire, answers: &Answers) -> ScoreReport {
    score_with_shared_answer(q, answers, &|answer, question, shared| {
        former_points(answer, question, shared)
    })
}

fn former_points(
    answer: &Answer,
    question: &Question,
    shared: Option<&Answer>,
) -> Result<u32, String> {
    match (&question.kind, answer) {
        (_, Answer::NotApplicable) => answer.points(question).map_err(|p| p.to_string()),
        (QuestionKind::Ratio { steps, .. }, Answer::Number(share)) => {
            let share = share.to_f64();
            if !(0.0..=100.0).contains(&share) {
                return Err(format!("{share} is not a share from 0 to 100"));
            }
            Ok(former_ratio_points(steps, share, 100.0))
        }
        (QuestionKind::Ratio { whole, steps, .. }, Answer::Ratio(figures)) => {
            let part = f64::from(figures.part.to_f64() as f32);
            let total = match (figures.whole, whole) {
                (Some(total), _) => f64::from(total.to_f64() as f32),
                (None, Whole::Figure(figure)) => match shared {
                    Some(Answer::Number(total)) => total.to_f64(),
                    _ => return Err(format!("the total `{figure}` is not answered")),
                },
                (None, Whole::Asked(_)) => return Err("both figures are needed".into()),
            };
            if part < 0.0 || total < 0.0 {
                return Err("figures must be 0 or more".into());
            }
            if part > total {
                return Err(format!(
                    "the part ({part}) is larger than the total ({total})"
                ));
            }
            Ok(former_ratio_points(steps, part, total))
        }
        // Counts took decimals: score the number as if the question allowed them.
        (QuestionKind::Number { .. } | QuestionKind::Figure { .. }, Answer::Number(_))
            if question.kind.takes_whole_numbers() =>
        {
            let mut lenient = question.clone();
            match &mut lenient.kind {
                QuestionKind::Number { whole_numbers, .. }
                | QuestionKind::Figure { whole_numbers, .. } => *whole_numbers = false,
                _ => {}
            }
            answer.points(&lenient).map_err(|p| p.to_string())
        }
        _ => {
            let shared_total = match shared {
                Some(Answer::Number(total)) => Some(*total),
                _ => None,
            };
            answer
                .points_with(question, shared_total)
                .map_err(|p| p.to_string())
        }
    }
}

/// The former step test, with its margin of one part in a million.
fn former_ratio_points(steps: &[RatioStep], part: f64, total: f64) -> u32 {
    if total <= 0.0 {
        return 0;
    }
    steps
        .iter()
        .filter(|step| part * 100.0 > step.above.to_f64() * total * (1.0 + 1e-6))
        .map(|step| step.points)
        .max()
        .unwrap_or(0)
}

/// One criterion that scores differently under the exact rules.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ChangedCriterion {
    pub question: String,
    /// The annex number, when the criterion has one.
    pub number: Option<String>,
    /// Points before, or why the answer did not fit then.
    pub formerly: Result<u32, String>,
    /// Points now, or why the answer does not fit now.
    pub now: Result<u32, super::AnswerProblem>,
}

/// The answered criteria of `answers` that score differently now than before
/// figures were exact, in questionnaire order.
pub fn changed_criteria(q: &Questionnaire, answers: &Answers) -> Vec<ChangedCriterion> {
    q.questions()
        .filter_map(|(_, question)| {
            let answer = answers.get(&question.id)?;
            let shared = super::answers::shared_figure(question).and_then(|f| answers.get(f));
            let shared_total = shared_figure_total(q, question, answers);
            let formerly = former_points(answer, question, shared);
            let now = answer.points_with(question, shared_total);
            let same = match (&formerly, &now) {
                (Ok(a), Ok(b)) => a == b,
                (Err(_), Err(_)) => true,
                _ => false,
            };
            (!same).then(|| ChangedCriterion {
                question: question.id.clone(),
                number: question.number.clone(),
                formerly,
                now,
            })
        })
        .collect()
}

/// The shared total a ratio divides by, as the exact scoring reads it.
fn shared_figure_total(
    q: &Questionnaire,
    question: &Question,
    answers: &Answers,
) -> Option<crate::decimal::Decimal> {
    super::answers::shared_total_in(q, answers, super::answers::shared_figure(question)?)
}
