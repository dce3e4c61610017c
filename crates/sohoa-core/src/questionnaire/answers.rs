//! Answers: what a person picked for each question, and answer files.
//!
//! Key types: [`Answer`], [`AnswerError`]; [`Answers`] (question id → answer)
//! is in [`super::answer_map`].
//!
//! Policy: an answer is checked against its question before it is stored or
//! scored; a wrong answer is reported with the question id, never scored silently.
//! Answer files are JSON or RON objects mapping question id → option id, list of
//! option ids, number, free text or `"na"` (see the README).
//!
//! ```
//! use sohoa_core::questionnaire::{Questionnaire, answers::parse_answer_file};
//! let q = Questionnaire::from_ron_str(include_str!("../../../../tests/fixtures/mini.ron"), "mini.ron").unwrap();
//! let answers = parse_answer_file(&q, r#"{"web.has_site": "yes", "plan.staff_trained": 3}"#, "a.json").unwrap();
//! assert_eq!(answers.len(), 2);
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::answer_map::{SharedId, shared_id};
use super::{
    Answers, GATE_NO, NOT_APPLICABLE, Question, QuestionKind, Questionnaire, RatioStep, Whole,
};
use crate::text::nfc;

/// One answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// The id of the picked option (single choice, or `yes`/`no`).
    Choice(SharedId),
    /// The ids of the ticked items (multiple choice).
    Choices(Box<Vec<SharedId>>),
    /// A figure or a percentage.
    Number(f64),
    /// Free text (boxed, like the list above, to keep every answer 16 bytes).
    Text(Box<String>),
    /// "Not applicable", where the question allows it.
    NotApplicable,
    /// The two figures of a ratio criterion.
    Ratio(RatioFigures),
}

/// A ratio answered as figures: a part out of a whole; the whole is left out when
/// the criterion's denominator is a shared figure answered elsewhere.
///
/// Held as two `f32` so that an answer stays 16 bytes with no allocation (a
/// national folder holds tens of millions of answers): the figures people type
/// (counts, millions of dong) keep their seven significant digits, and
/// [`RatioFigures::part_as_typed`] gives them back as typed. Written to files as
/// `(part: 30.0, whole: Some(120.0))`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(from = "RatioFile", into = "RatioFile")]
pub struct RatioFigures {
    part: f32,
    /// NaN when the whole is a shared figure.
    whole: f32,
}

impl PartialEq for RatioFigures {
    /// Equal figures, and a shared whole equals a shared whole (NaN marks it, and
    /// NaN is equal to nothing by itself: records would never compare equal).
    fn eq(&self, other: &RatioFigures) -> bool {
        let same = |a: f32, b: f32| a == b || (a.is_nan() && b.is_nan());
        same(self.part, other.part) && same(self.whole, other.whole)
    }
}

/// [`RatioFigures`] as written in files.
#[derive(Serialize, Deserialize)]
struct RatioFile {
    part: f64,
    #[serde(default)]
    whole: Option<f64>,
}

impl From<RatioFile> for RatioFigures {
    fn from(file: RatioFile) -> RatioFigures {
        RatioFigures::new(file.part, file.whole)
    }
}

impl From<RatioFigures> for RatioFile {
    fn from(figures: RatioFigures) -> RatioFile {
        RatioFile {
            part: figures.part_as_typed(),
            whole: figures.whole_as_typed(),
        }
    }
}

impl RatioFigures {
    /// `part` out of `whole` (none: the criterion's shared total). A figure too
    /// large for the store becomes infinite and is then refused as not finite.
    pub fn new(part: f64, whole: Option<f64>) -> RatioFigures {
        RatioFigures {
            part: part as f32,
            whole: whole.map_or(
                f32::NAN,
                |w| {
                    if w.is_nan() { f32::INFINITY } else { w as f32 }
                },
            ),
        }
    }

    /// The part, for arithmetic.
    pub fn part(&self) -> f64 {
        f64::from(self.part)
    }

    /// The whole given with the answer, for arithmetic (none: the shared total).
    pub fn whole(&self) -> Option<f64> {
        (!self.whole.is_nan()).then(|| f64::from(self.whole))
    }

    /// The part as it was typed (`0.1`, not `0.10000000149`).
    pub fn part_as_typed(&self) -> f64 {
        as_typed(self.part)
    }

    /// The whole as it was typed.
    pub fn whole_as_typed(&self) -> Option<f64> {
        (!self.whole.is_nan()).then(|| as_typed(self.whole))
    }
}

/// The shortest decimal that reads back as `x`, as an `f64`.
fn as_typed(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

/// An answer that does not fit its question, or a question that does not exist.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{question}: {message}")]
pub struct AnswerError {
    pub question: String,
    pub message: String,
}

impl Answer {
    /// Points this answer earns on `question` alone, or why it does not fit. A
    /// ratio whose total is a shared figure needs [`Answer::points_with`].
    pub fn points(&self, question: &Question) -> Result<u32, String> {
        self.points_with(question, None)
    }

    /// Whether this answer can be stored for `question`: as [`Answer::points`],
    /// except that a ratio may wait for its shared total.
    pub fn check(&self, question: &Question) -> Result<(), String> {
        let placeholder = match (&question.kind, self) {
            (
                QuestionKind::Ratio {
                    whole: Whole::Figure(_),
                    ..
                },
                Answer::Ratio(figures),
            ) if figures.whole().is_none() => {
                // Any total at least the part shows whether the part itself fits.
                Some(figures.part().max(1.0))
            }
            _ => None,
        };
        self.points_with(question, placeholder).map(|_| ())
    }

    /// Points this answer earns on `question`, where `shared_total` is the answer
    /// to the figure the question's denominator refers to (if any).
    pub fn points_with(
        &self,
        question: &Question,
        shared_total: Option<f64>,
    ) -> Result<u32, String> {
        let max = question.max_points;
        match (&question.kind, self) {
            (_, Answer::NotApplicable) if question.not_applicable => Ok(0),
            (_, Answer::NotApplicable) => Err("\"not applicable\" is not allowed here".into()),
            (_, Answer::Choice(id)) if question.gate.is_some() && &**id == GATE_NO => Ok(0),
            (QuestionKind::SingleChoice { options }, Answer::Choice(id)) => options
                .iter()
                .find(|o| *o.id == **id)
                .map(|o| o.points)
                .ok_or_else(|| unknown_option(id, question)),
            (QuestionKind::YesNo { yes, no }, Answer::Choice(id)) => match &**id {
                "yes" => Ok(*yes),
                "no" => Ok(*no),
                _ => Err(format!("`{id}` is not an answer; use `yes` or `no`")),
            },
            (QuestionKind::MultipleChoice { options }, Answer::Choices(ids)) => {
                let mut total: u32 = 0;
                for (i, id) in ids.iter().enumerate() {
                    if ids[..i].contains(id) {
                        return Err(format!("`{id}` is ticked twice"));
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
                if !value.is_finite() {
                    return Err("the number is not finite".into());
                }
                if min.is_some_and(|lo| *value < lo) || upper.is_some_and(|hi| *value > hi) {
                    return Err(format!(
                        "{value} is outside the allowed range {}–{}",
                        min.map_or("".into(), |v| v.to_string()),
                        upper.map_or("".into(), |v| v.to_string())
                    ));
                }
                band_points(bands, *value)
            }
            (QuestionKind::Percent { bands }, Answer::Number(value)) => {
                if !(0.0..=100.0).contains(value) {
                    return Err(format!("{value} is not a percentage from 0 to 100"));
                }
                band_points(bands, *value)
            }
            (QuestionKind::FreeText, Answer::Text(_)) => Ok(0),
            (QuestionKind::Figure { .. }, Answer::Number(value)) => {
                if !value.is_finite() || *value < 0.0 {
                    return Err(format!("{value} is not a figure (0 or more)"));
                }
                Ok(0)
            }
            (QuestionKind::Ratio { steps, .. }, Answer::Number(share)) => {
                if !(0.0..=100.0).contains(share) {
                    return Err(format!("{share} is not a share from 0 to 100"));
                }
                Ok(ratio_points(steps, *share, 100.0))
            }
            (QuestionKind::Ratio { whole, steps, .. }, Answer::Ratio(figures)) => {
                let part = figures.part();
                let total = match (figures.whole(), whole) {
                    (Some(total), _) => total,
                    (None, Whole::Figure(figure)) => shared_total.ok_or_else(|| {
                        format!("the total it is a share of (`{figure}`) is not answered")
                    })?,
                    (None, Whole::Asked(_)) => {
                        return Err("both figures are needed: the part and the total".into());
                    }
                };
                if !part.is_finite() || !total.is_finite() || part < 0.0 || total < 0.0 {
                    return Err(format!("{part} of {total}: figures must be 0 or more"));
                }
                if part > total {
                    return Err(format!(
                        "the part ({part}) is larger than the total ({total})"
                    ));
                }
                Ok(ratio_points(steps, part, total))
            }
            (kind, answer) => Err(format!(
                "a {} question cannot take {}",
                kind.name().replace('_', " "),
                answer.describe()
            )),
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Answer::Choice(_) => "a single option",
            Answer::Choices(_) => "a list of options",
            Answer::Number(_) => "a number",
            Answer::Text(_) => "free text",
            Answer::NotApplicable => "\"not applicable\"",
            Answer::Ratio(_) => "two figures",
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

/// Points for `part` out of `total` by the steps: the highest step whose share is
/// exceeded. Compared as `part × 100 > above × total`, with a margin of one part in
/// a million for the figures' rounding, so 1 of 5 (or 0.2 of 1) is exactly 20% and
/// no rounding moves a share across a step. A total of 0 scores 0.
pub fn ratio_points(steps: &[RatioStep], part: f64, total: f64) -> u32 {
    if total <= 0.0 {
        return 0;
    }
    steps
        .iter()
        .filter(|step| part * 100.0 > step.above * total * (1.0 + 1e-6))
        .map(|step| step.points)
        .max()
        .unwrap_or(0)
}

fn unknown_option(id: &str, question: &Question) -> String {
    let known: Vec<&str> = question
        .option_points()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    format!("`{id}` is not an option (options: {})", known.join(", "))
}

fn band_points(bands: &[super::PointBand], value: f64) -> Result<u32, String> {
    bands
        .iter()
        .find(|b| b.contains(value))
        .map(|b| b.points)
        .ok_or_else(|| format!("{value} falls in no scoring band"))
}

/// An answer as written in a file, before its question says what it means.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawAnswer {
    Number(f64),
    Text(String),
    List(Vec<String>),
    Ratio(RawRatio),
}

/// `{"part": 30, "whole": 120}`, `{"part": 30}` (the total is a shared figure)
/// or `{"share": 25}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRatio {
    #[serde(default)]
    part: Option<f64>,
    #[serde(default)]
    whole: Option<f64>,
    #[serde(default)]
    share: Option<f64>,
}

/// Reads an answer file (JSON, or RON for `.ron` files) and checks every answer
/// against `questionnaire`. All problems are returned together.
pub fn parse_answer_file(
    questionnaire: &Questionnaire,
    source: &str,
    origin: impl AsRef<Path>,
) -> Result<Answers, Vec<AnswerError>> {
    let origin = origin.as_ref();
    let is_ron = origin
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
    let file_error = |message: String| {
        vec![AnswerError {
            question: origin.display().to_string(),
            message,
        }]
    };
    let raw: BTreeMap<String, RawAnswer> = if is_ron {
        crate::ron_options().from_str(source).map_err(|e| {
            file_error(format!(
                "line {}, column {}: {}",
                e.span.start.line, e.span.start.col, e.code
            ))
        })?
    } else {
        serde_json::from_str(source)
            .map_err(|e| file_error(format!("line {}, column {}: {e}", e.line(), e.column())))?
    };
    let mut answers = Answers::new();
    let mut errors = Vec::new();
    for (question_id, raw) in raw {
        let question_id = nfc(&question_id);
        let Some(question) = questionnaire.question(&question_id) else {
            errors.push(AnswerError {
                message: format!("no such question in {}", questionnaire.id),
                question: question_id,
            });
            continue;
        };
        match interpret(question, raw).and_then(|answer| answer.check(question).map(|()| answer)) {
            Ok(answer) => {
                answers.insert(&question_id, answer);
            }
            Err(message) => errors.push(AnswerError {
                question: question_id,
                message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

fn interpret(question: &Question, raw: RawAnswer) -> Result<Answer, String> {
    Ok(match raw {
        RawAnswer::Text(text)
            if text == NOT_APPLICABLE && !matches!(question.kind, QuestionKind::FreeText) =>
        {
            Answer::NotApplicable
        }
        RawAnswer::Text(text) => match question.kind {
            QuestionKind::FreeText => Answer::Text(Box::new(nfc(&text))),
            QuestionKind::MultipleChoice { .. } => {
                Answer::Choices(Box::new(vec![shared_id(&text)]))
            }
            _ => Answer::Choice(shared_id(&text)),
        },
        RawAnswer::List(ids) => {
            Answer::Choices(Box::new(ids.iter().map(|id| shared_id(id)).collect()))
        }
        RawAnswer::Number(value) => Answer::Number(value),
        RawAnswer::Ratio(RawRatio {
            share: Some(share),
            part: None,
            whole: None,
        }) => Answer::Number(share),
        RawAnswer::Ratio(RawRatio {
            part: Some(part),
            whole,
            share: None,
        }) => Answer::Ratio(RatioFigures::new(part, whole)),
        RawAnswer::Ratio(_) => {
            return Err(
                "write a ratio as {\"part\": …, \"whole\": …}, {\"part\": …} or {\"share\": …}, not a mix"
                    .to_owned(),
            );
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::score;

    fn forms() -> Questionnaire {
        Questionnaire::from_ron_str(
            include_str!("../../../../tests/fixtures/forms.ron"),
            "forms.ron",
        )
        .unwrap()
    }

    fn steps() -> Vec<RatioStep> {
        [0.0, 20.0, 40.0, 60.0, 80.0]
            .iter()
            .zip(1..)
            .map(|(above, points)| RatioStep {
                above: *above,
                points,
            })
            .collect()
    }

    #[test]
    fn a_share_exactly_on_a_step_stays_below_it() {
        // 1 of 5 is exactly 20%: "above 20%" does not hold, so 1 point, not 2.
        assert_eq!(ratio_points(&steps(), 1.0, 5.0), 1);
        assert_eq!(ratio_points(&steps(), 3.0, 5.0), 3);
        assert_eq!(ratio_points(&steps(), 41.0, 100.0), 3);
        assert_eq!(ratio_points(&steps(), 81.0, 100.0), 5);
        // Decimals that are not exact in binary stay on the step too.
        let fifth = RatioFigures::new(0.2, Some(1.0));
        assert_eq!(
            ratio_points(&steps(), fifth.part(), fifth.whole().unwrap()),
            1
        );
        assert_eq!(ratio_points(&steps(), 0.2000003, 1.0), 2);
    }

    #[test]
    fn figures_come_back_as_they_were_typed_and_fit_in_sixteen_bytes() {
        let figures = RatioFigures::new(1234.7, Some(0.1));
        assert_eq!(figures.part_as_typed(), 1234.7);
        assert_eq!(figures.whole_as_typed(), Some(0.1));
        assert_eq!(RatioFigures::new(3.0, None).whole(), None);
        // A shared whole equals a shared whole, so a record equals its own copy.
        assert_eq!(RatioFigures::new(3.0, None), RatioFigures::new(3.0, None));
        assert_ne!(
            RatioFigures::new(3.0, None),
            RatioFigures::new(3.0, Some(9.0))
        );
        assert_eq!(std::mem::size_of::<Answer>(), 16);
        let text = ron::to_string(&Answer::Ratio(figures)).unwrap();
        assert_eq!(text, "Ratio((part:1234.7,whole:Some(0.1)))");
        let back: Answer = ron::from_str(&text).unwrap();
        assert_eq!(back, Answer::Ratio(figures));
        assert!(RatioFigures::new(1e40, Some(1e41)).part().is_infinite());
    }

    #[test]
    fn nothing_out_of_something_and_anything_out_of_nothing_score_zero() {
        assert_eq!(ratio_points(&steps(), 0.0, 120.0), 0);
        assert_eq!(ratio_points(&steps(), 0.0, 0.0), 0);
        assert_eq!(ratio_points(&steps(), 1.0, 1000.0), 1);
    }

    #[test]
    fn the_gate_no_scores_zero_and_the_levels_score_in_order() {
        let q = forms();
        let question = q.question("people.website").unwrap();
        assert_eq!(Answer::Choice("no".into()).points(question), Ok(0));
        assert_eq!(Answer::Choice("stale".into()).points(question), Ok(1));
        assert_eq!(Answer::Choice("weekly".into()).points(question), Ok(5));
        let options: Vec<&str> = question.option_points().iter().map(|(id, _)| *id).collect();
        assert_eq!(
            options,
            ["no", "stale", "half_year", "quarterly", "monthly", "weekly"]
        );
    }

    #[test]
    fn a_ratio_file_answer_may_be_two_figures_one_figure_or_a_share() {
        let q = forms();
        let answers = parse_answer_file(
            &q,
            r#"{"figure.total_staff": 40, "people.email": {"part": 10},
                "people.meetings": {"part": 30, "whole": 120}}"#,
            "a.json",
        )
        .unwrap();
        let report = score(&q, &answers);
        // 10 of 40 staff = 25% → 2; 30 of 120 meetings = 25% → 2.
        assert_eq!(report.total, 4);
        let shares = parse_answer_file(
            &q,
            r#"{"people.email": {"share": 50}, "people.meetings": 81}"#,
            "b.json",
        )
        .unwrap();
        // 50% → 3 and 81% → 5, with no figure needed.
        assert_eq!(score(&q, &shares).total, 8);
    }

    #[test]
    fn a_ratio_whose_shared_total_is_missing_is_reported_not_scored() {
        let q = forms();
        let answers = parse_answer_file(&q, r#"{"people.email": {"part": 10}}"#, "a.json").unwrap();
        let report = score(&q, &answers);
        assert_eq!(report.total, 0);
        assert_eq!(report.invalid.len(), 1);
        assert!(
            report.invalid[0].reason.contains("figure.total_staff"),
            "{:?}",
            report.invalid
        );
        assert!(report.unanswered.contains(&"figure.total_staff".to_owned()));
    }

    #[test]
    fn a_part_larger_than_its_total_or_a_mixed_ratio_is_refused_with_the_question() {
        let q = forms();
        let errors = parse_answer_file(
            &q,
            r#"{"people.meetings": {"part": 130, "whole": 120}, "people.email": {"part": 3, "share": 10}}"#,
            "a.json",
        )
        .unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].question, "people.email");
        assert!(errors[0].message.contains("not a mix"));
        assert_eq!(errors[1].question, "people.meetings");
        assert!(errors[1].message.contains("larger than the total"));
    }

    #[test]
    fn an_own_total_ratio_needs_both_figures() {
        let q = forms();
        let errors =
            parse_answer_file(&q, r#"{"people.meetings": {"part": 3}}"#, "a.json").unwrap_err();
        assert!(errors[0].message.contains("both figures"), "{errors:?}");
    }

    #[test]
    fn a_ratio_answer_in_ron_is_read_too() {
        let q = forms();
        let answers = parse_answer_file(
            &q,
            r#"{"figure.total_staff": 10, "people.email": {"part": 9}}"#,
            "a.ron",
        )
        .unwrap();
        // 9 of 10 = 90% → 5.
        assert_eq!(score(&q, &answers).total, 5);
    }
}
