//! Answers: what a person gave for each question, and whether it fits.
//!
//! Key types: [`Answer`] and [`RatioFigures`]; functions [`check_answers`] (a
//! whole set, as a file or a bundle brings it) and [`check_change`] (one answer
//! given in a set, as the walkthrough gives it). [`Answers`] (question id →
//! answer) is in [`super::answer_map`], answer files in [`super::answer_file`],
//! the problems in [`super::answer_problem`].
//!
//! Policy: an answer is checked against its question before it is stored or
//! scored; a wrong answer is refused with the question and what is wrong, never
//! scored silently. Figures are exact decimals ([`Decimal`]): a ratio step holds
//! when `part × 100 > step × total` in integer arithmetic. A ratio's part may
//! never exceed its total, whether the total is given with it or is a shared
//! figure answered elsewhere in the same assessment; a figure that counts people
//! or things takes whole numbers only.
//!
//! ```
//! use sohoa_core::questionnaire::{Answer, Questionnaire};
//! let q = Questionnaire::from_ron_str(include_str!("../../../../tests/fixtures/mini.ron"), "mini.ron").unwrap();
//! let question = q.question("plan.staff_trained").unwrap();
//! assert_eq!(Answer::Number("3".parse().unwrap()).points(question), Ok(2));
//! ```

use serde::{Deserialize, Serialize};

use super::answer_map::SharedId;
use super::answer_problem::{AnswerError, AnswerProblem, Expected, Given};
use super::{Answers, GATE_NO, Question, QuestionKind, Questionnaire, RatioStep, Whole};
use crate::decimal::Decimal;

/// One answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// The id of the picked option (single choice, or `yes`/`no`).
    Choice(SharedId),
    /// The ids of the ticked items (multiple choice).
    Choices(Box<Vec<SharedId>>),
    /// A figure or a percentage, exactly as given.
    Number(Decimal),
    /// Free text (boxed, like the list above, to keep every answer 16 bytes).
    Text(Box<String>),
    /// "Not applicable", where the question allows it.
    NotApplicable,
    /// The two figures of a ratio criterion.
    Ratio(RatioFigures),
}

/// A ratio answered as figures: a part out of a whole; the whole is left out when
/// the criterion's denominator is a shared figure answered elsewhere. Both are
/// exact decimals, 16 bytes together, so an answer stays 16 bytes. Written to
/// files as `(part: 30.0, whole: Some(120.0))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatioFigures {
    pub part: Decimal,
    #[serde(default)]
    pub whole: Option<Decimal>,
}

impl RatioFigures {
    /// `part` out of `whole` (none: the criterion's shared total).
    pub fn new(part: Decimal, whole: Option<Decimal>) -> RatioFigures {
        RatioFigures { part, whole }
    }
}

impl Answer {
    /// Points this answer earns on `question` alone. A ratio whose total is a
    /// shared figure needs [`Answer::points_with`].
    pub fn points(&self, question: &Question) -> Result<u32, AnswerProblem> {
        self.points_with(question, None)
    }

    /// Whether this answer fits `question` on its own: as [`Answer::points`],
    /// except that a ratio's part may wait for its shared total (compare it
    /// with [`check_change`] or [`check_answers`]).
    pub fn check(&self, question: &Question) -> Result<(), AnswerProblem> {
        let placeholder = match (&question.kind, self) {
            (
                QuestionKind::Ratio {
                    whole: Whole::Figure(_),
                    ..
                },
                Answer::Ratio(RatioFigures { part, whole: None }),
            ) => Some(*part),
            _ => None,
        };
        self.points_with(question, placeholder).map(|_| ())
    }

    /// Points this answer earns on `question`, where `shared_total` is the answer
    /// to the figure the question's denominator refers to (if any).
    pub fn points_with(
        &self,
        question: &Question,
        shared_total: Option<Decimal>,
    ) -> Result<u32, AnswerProblem> {
        let max = question.max_points;
        let whole_only = question.kind.takes_whole_numbers();
        let figure = |value: Decimal| -> Result<Decimal, AnswerProblem> {
            if value.is_negative() {
                Err(AnswerProblem::Negative { value })
            } else if whole_only && !value.is_integer() {
                Err(AnswerProblem::NotWhole { value })
            } else {
                Ok(value)
            }
        };
        match (&question.kind, self) {
            (_, Answer::NotApplicable) if question.not_applicable => Ok(0),
            (_, Answer::NotApplicable) => Err(AnswerProblem::NotApplicableNotAllowed),
            (_, Answer::Choice(id)) if question.gate.is_some() && &**id == GATE_NO => Ok(0),
            (QuestionKind::SingleChoice { options }, Answer::Choice(id)) => options
                .iter()
                .find(|o| *o.id == **id)
                .map(|o| o.points)
                .ok_or_else(|| unknown_option(id, question)),
            (QuestionKind::YesNo { yes, no }, Answer::Choice(id)) => match &**id {
                "yes" => Ok(*yes),
                "no" => Ok(*no),
                _ => Err(unknown_option(id, question)),
            },
            (QuestionKind::MultipleChoice { options }, Answer::Choices(ids)) => {
                let mut total: u32 = 0;
                for (i, id) in ids.iter().enumerate() {
                    if ids[..i].contains(id) {
                        return Err(AnswerProblem::TickedTwice {
                            option: id.to_string(),
                        });
                    }
                    let option = options
                        .iter()
                        .find(|o| *o.id == **id)
                        .ok_or_else(|| unknown_option(id, question))?;
                    total = total.saturating_add(option.points);
                }
                Ok(total.min(max))
            }
            (
                QuestionKind::Number {
                    min,
                    max: upper,
                    bands,
                    ..
                },
                Answer::Number(value),
            ) => {
                let value = *value;
                if let Some(min) = *min
                    && value < min
                {
                    return Err(AnswerProblem::BelowMinimum { value, min });
                }
                if let Some(max) = *upper
                    && value > max
                {
                    return Err(AnswerProblem::AboveMaximum { value, max });
                }
                if whole_only && !value.is_integer() {
                    return Err(AnswerProblem::NotWhole { value });
                }
                band_points(bands, value)
            }
            (QuestionKind::Percent { bands }, Answer::Number(value)) => {
                band_points(bands, percentage(*value)?)
            }
            (QuestionKind::FreeText, Answer::Text(_)) => Ok(0),
            (QuestionKind::Figure { .. }, Answer::Number(value)) => figure(*value).map(|_| 0),
            (QuestionKind::Ratio { steps, .. }, Answer::Number(share)) => {
                Ok(ratio_points(steps, percentage(*share)?, Decimal::HUNDRED))
            }
            (QuestionKind::Ratio { whole, steps, .. }, Answer::Ratio(figures)) => {
                let part = figure(figures.part)?;
                let (total, shared) = match (figures.whole, whole) {
                    (Some(_), Whole::Figure(shared)) => {
                        return Err(AnswerProblem::TotalIsShared {
                            shared: shared.clone(),
                        });
                    }
                    (Some(total), Whole::Asked(_)) => (figure(total)?, None),
                    (None, Whole::Figure(shared)) => (
                        shared_total.ok_or_else(|| AnswerProblem::TotalNotAnswered {
                            shared: shared.clone(),
                        })?,
                        Some(shared),
                    ),
                    (None, Whole::Asked(_)) => return Err(AnswerProblem::BothFiguresNeeded),
                };
                if part > total {
                    return Err(AnswerProblem::PartAboveTotal {
                        part,
                        total,
                        shared: shared.cloned(),
                    });
                }
                Ok(ratio_points(steps, part, total))
            }
            (kind, answer) => Err(AnswerProblem::WrongForm {
                expected: expected_by(kind, question),
                given: answer.form(),
            }),
        }
    }

    /// The form of this answer, for a message saying it does not fit.
    fn form(&self) -> Given {
        match self {
            Answer::Choice(_) => Given::Text,
            Answer::Choices(_) => Given::List,
            Answer::Number(_) => Given::Number,
            Answer::Text(_) => Given::Text,
            Answer::NotApplicable => Given::Text,
            Answer::Ratio(_) => Given::Figures,
        }
    }

    /// Whether this answer picks `option` (for skip logic).
    pub fn picks(&self, option: &str) -> bool {
        match self {
            Answer::Choice(id) => &**id == option,
            Answer::Choices(ids) => ids.iter().any(|id| &**id == option),
            _ => false,
        }
    }
}

/// What a question of this kind takes, for a message about a wrong form.
pub(super) fn expected_by(kind: &QuestionKind, question: &Question) -> Expected {
    let ids = || {
        question
            .option_points()
            .into_iter()
            .map(|(id, _)| id.to_owned())
            .collect()
    };
    match kind {
        QuestionKind::SingleChoice { .. } | QuestionKind::YesNo { .. } => {
            Expected::OneOption(ids())
        }
        QuestionKind::MultipleChoice { .. } => Expected::Options(ids()),
        QuestionKind::Number { .. }
        | QuestionKind::Percent { .. }
        | QuestionKind::Figure { .. } => Expected::Number,
        QuestionKind::FreeText => Expected::Text,
        QuestionKind::Ratio { .. } => Expected::Ratio,
    }
}

/// A share or percentage, 0 to 100.
fn percentage(value: Decimal) -> Result<Decimal, AnswerProblem> {
    if value.is_negative() || value > Decimal::HUNDRED {
        Err(AnswerProblem::NotAPercentage { value })
    } else {
        Ok(value)
    }
}

/// Points for `part` out of `total` by the steps: the highest step whose share is
/// strictly exceeded, compared exactly as `part × 100 > above × total`, so 1 of
/// 5 is exactly 20 % and stays below a step "above 20 %". A total of 0 scores 0.
pub fn ratio_points(steps: &[RatioStep], part: Decimal, total: Decimal) -> u32 {
    if total.is_zero() || total.is_negative() {
        return 0;
    }
    steps
        .iter()
        .filter(|step| part.share_is_above(total, step.above))
        .map(|step| step.points)
        .max()
        .unwrap_or(0)
}

fn unknown_option(id: &str, question: &Question) -> AnswerProblem {
    AnswerProblem::UnknownOption {
        option: id.to_owned(),
        known: question
            .option_points()
            .into_iter()
            .map(|(id, _)| id.to_owned())
            .collect(),
    }
}

fn band_points(bands: &[super::PointBand], value: Decimal) -> Result<u32, AnswerProblem> {
    bands
        .iter()
        .find(|b| b.contains(value))
        .map(|b| b.points)
        .ok_or(AnswerProblem::NoBand { value })
}

/// The shared figure a ratio question divides by, if its total is one.
pub fn shared_figure(question: &Question) -> Option<&str> {
    match &question.kind {
        QuestionKind::Ratio {
            whole: Whole::Figure(figure),
            ..
        } => Some(figure),
        _ => None,
    }
}

/// The answer to the shared figure `figure` in `answers`, when it is a figure
/// that fits its question (a wrong one is reported on its own question).
pub fn shared_total_in(q: &Questionnaire, answers: &Answers, figure: &str) -> Option<Decimal> {
    match (answers.get(figure), q.question(figure)) {
        (Some(answer @ Answer::Number(total)), Some(question))
            if answer.check(question).is_ok() =>
        {
            Some(*total)
        }
        _ => None,
    }
}

/// A ratio's part checked against the total answered for its shared figure.
fn part_within_shared_total(
    q: &Questionnaire,
    question: &Question,
    answer: &Answer,
    answers: &Answers,
) -> Result<(), AnswerProblem> {
    let (Some(figure), Answer::Ratio(RatioFigures { part, whole: None })) =
        (shared_figure(question), answer)
    else {
        return Ok(());
    };
    part_within(*part, shared_total_in(q, answers, figure), figure)
}

/// A part against the total answered for its shared `figure` (none answered yet:
/// nothing to compare).
fn part_within(part: Decimal, total: Option<Decimal>, figure: &str) -> Result<(), AnswerProblem> {
    match total {
        Some(total) if part > total => Err(AnswerProblem::PartAboveTotal {
            part,
            total,
            shared: Some(figure.to_owned()),
        }),
        _ => Ok(()),
    }
}

/// Every problem of a set of answers, in question-id order: answers to no
/// question, answers that do not fit their question, and parts larger than the
/// shared total answered with them.
pub fn check_answers(q: &Questionnaire, answers: &Answers) -> Vec<AnswerError> {
    let mut errors = Vec::new();
    // Each shared total is looked up once, not once per criterion that divides by
    // it: this runs for every assessment when a folder opens.
    let mut totals: Vec<(&str, Option<Decimal>)> = Vec::new();
    for (id, answer) in answers {
        let Some(question) = q.question(id) else {
            errors.push(AnswerError {
                question: id.to_owned(),
                problem: AnswerProblem::NoSuchQuestion {
                    questionnaire: format!("{} {}", q.id, q.version),
                },
            });
            continue;
        };
        let fits = answer.check(question).and_then(|()| {
            let (Some(figure), Answer::Ratio(RatioFigures { part, whole: None })) =
                (shared_figure(question), answer)
            else {
                return Ok(());
            };
            let total = match totals.iter().find(|(f, _)| *f == figure) {
                Some((_, total)) => *total,
                None => {
                    let total = shared_total_in(q, answers, figure);
                    totals.push((figure, total));
                    total
                }
            };
            part_within(*part, total, figure)
        });
        if let Err(problem) = fits {
            errors.push(AnswerError {
                question: id.to_owned(),
                problem,
            });
        }
    }
    errors
}

/// Whether `answer` may be given to `question_id` in `answers`: it fits the
/// question, a ratio's part is within the shared total already answered, and a
/// shared total is not below a part already given for a criterion that uses it.
pub fn check_change(
    q: &Questionnaire,
    answers: &Answers,
    question_id: &str,
    answer: &Answer,
) -> Result<(), AnswerProblem> {
    let question = q
        .question(question_id)
        .ok_or_else(|| AnswerProblem::NoSuchQuestion {
            questionnaire: format!("{} {}", q.id, q.version),
        })?;
    answer.check(question)?;
    part_within_shared_total(q, question, answer, answers)?;
    let Answer::Number(total) = answer else {
        return Ok(());
    };
    if !matches!(question.kind, QuestionKind::Figure { .. }) {
        return Ok(());
    }
    for (_, criterion) in q.questions() {
        if shared_figure(criterion) != Some(question_id) {
            continue;
        }
        if let Some(Answer::Ratio(RatioFigures { part, whole: None })) = answers.get(&criterion.id)
            && part > total
        {
            return Err(AnswerProblem::TotalBelowPart {
                criterion: criterion
                    .number
                    .clone()
                    .unwrap_or_else(|| criterion.id.clone()),
                part: *part,
                total: *total,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
