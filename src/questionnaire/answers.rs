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
//! use sohoa::questionnaire::{Questionnaire, answers::parse_answer_file};
//! let q = Questionnaire::from_ron_str(include_str!("../../tests/fixtures/mini.ron"), "mini.ron").unwrap();
//! let answers = parse_answer_file(&q, r#"{"web.has_site": "yes", "plan.staff_trained": 3}"#, "a.json").unwrap();
//! assert_eq!(answers.len(), 2);
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::answer_map::{SharedId, shared_id};
use super::{Answers, NOT_APPLICABLE, Question, QuestionKind, Questionnaire};
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
}

/// An answer that does not fit its question, or a question that does not exist.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{question}: {message}")]
pub struct AnswerError {
    pub question: String,
    pub message: String,
}

impl Answer {
    /// Points this answer earns on `question`, or why it does not fit.
    pub fn points(&self, question: &Question) -> Result<u32, String> {
        let max = question.max_points;
        match (&question.kind, self) {
            (_, Answer::NotApplicable) if question.not_applicable => Ok(0),
            (_, Answer::NotApplicable) => Err("\"not applicable\" is not allowed here".into()),
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

fn unknown_option(id: &str, question: &Question) -> String {
    let known: Vec<&str> = question
        .kind
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
        let answer = interpret(question, raw);
        match answer.points(question) {
            Ok(_) => {
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

fn interpret(question: &Question, raw: RawAnswer) -> Answer {
    match raw {
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
    }
}
