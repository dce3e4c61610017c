//! Answer files: a JSON object (or RON map, for `.ron` files) of question id →
//! answer, read with every figure exactly as written.
//!
//! Key function: [`parse_answer_file`].
//!
//! Policy: each value is taken as the text the file holds, so `382.92` is the
//! decimal 382.92, never the binary float nearest it. An answer is an option id
//! (`"yes"`), a list of option ids, a number (a figure, a percentage, or a
//! ratio's share in %), free text, `"na"`, or a ratio written `{"part": …,
//! "whole": …}`, `{"part": …}` (the total is a shared figure answered in the same
//! file) or `{"share": …}`. Two figures given for a criterion whose total is a
//! shared figure answer that figure (or must equal its answer): an assessment
//! holds one staff total, one revenue. A list of numbers is not a ratio, a
//! question given twice is refused, and every problem of a file is listed at
//! once, each with its question. Pure: the caller reads the file.
//!
//! ```
//! use sohoa_core::questionnaire::{Questionnaire, answer_file::parse_answer_file};
//! let q = Questionnaire::from_ron_str(include_str!("../../../../tests/fixtures/mini.ron"), "mini.ron").unwrap();
//! let answers = parse_answer_file(&q, r#"{"web.has_site": "yes", "plan.staff_trained": 3}"#, "a.json").unwrap();
//! assert_eq!(answers.len(), 2);
//! ```

use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};

use super::answer_map::shared_id;
use super::answer_problem::{AnswerError, AnswerProblem, Expected, Given};
use super::answers::{RatioFigures, check_answers, expected_by, shared_figure};
use super::{Answer, Answers, NOT_APPLICABLE, Question, QuestionKind, Questionnaire};
use crate::decimal::Decimal;
use crate::text::nfc;

/// Reads an answer file (JSON, or RON for `.ron` files) and checks every answer
/// against `questionnaire`. All problems are returned together, in question-id
/// order; a problem with the file as a whole is named by `origin`.
pub fn parse_answer_file(
    questionnaire: &Questionnaire,
    source: &str,
    origin: impl AsRef<Path>,
) -> Result<Answers, Vec<AnswerError>> {
    let origin = origin.as_ref();
    let format = if origin
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        Format::Ron
    } else {
        Format::Json
    };
    let entries = format.entries(source).map_err(|message| {
        vec![AnswerError {
            question: origin.display().to_string(),
            problem: AnswerProblem::FileSyntax(message),
        }]
    })?;
    let mut answers = Answers::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut reported_twice = HashSet::new();
    for (question_id, raw) in entries {
        let question_id = nfc(&question_id);
        if !seen.insert(question_id.clone()) {
            if reported_twice.insert(question_id.clone()) {
                errors.push(AnswerError {
                    question: question_id,
                    problem: AnswerProblem::GivenTwice,
                });
            }
            continue;
        }
        let Some(question) = questionnaire.question(&question_id) else {
            errors.push(AnswerError {
                problem: AnswerProblem::NoSuchQuestion {
                    questionnaire: format!("{} {}", questionnaire.id, questionnaire.version),
                },
                question: question_id,
            });
            continue;
        };
        match interpret(format, question, &raw) {
            Ok(answer) => {
                answers.insert(&question_id, answer);
            }
            Err(problem) => errors.push(AnswerError {
                question: question_id,
                problem,
            }),
        }
    }
    lift_shared_totals(questionnaire, &mut answers, &mut errors);
    for error in check_answers(questionnaire, &answers) {
        if !reported_twice.contains(&error.question) {
            errors.push(error);
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        errors.sort_by(|a, b| a.question.cmp(&b.question));
        Err(errors)
    }
}

/// A total written with a criterion whose total is a shared figure (as tools
/// that export every ratio as two figures write it) is taken as that shared
/// figure: it answers the figure when the file does not, and must equal it when
/// the file does. An assessment holds one total of each kind, never two.
fn lift_shared_totals(q: &Questionnaire, answers: &mut Answers, errors: &mut Vec<AnswerError>) {
    for (_, question) in q.questions() {
        let Some(shared) = shared_figure(question) else {
            continue;
        };
        let Some(&Answer::Ratio(RatioFigures {
            part,
            whole: Some(given),
        })) = answers.get(&question.id)
        else {
            continue;
        };
        match answers.get(shared) {
            Some(Answer::Number(answered)) if *answered != given => {
                errors.push(AnswerError {
                    question: question.id.clone(),
                    problem: AnswerProblem::TotalDiffers {
                        shared: shared.to_owned(),
                        given,
                        answered: *answered,
                    },
                });
                answers.remove(&question.id);
                continue;
            }
            Some(Answer::Number(_)) => {}
            Some(_) => continue,
            None => {
                answers.insert(shared, Answer::Number(given));
            }
        }
        answers.insert(&question.id, Answer::Ratio(RatioFigures::new(part, None)));
    }
}

/// The two notations an answer file may be written in.
#[derive(Debug, Clone, Copy)]
enum Format {
    Json,
    Ron,
}

impl Format {
    /// The object's keys in file order, each with the text of its value; or
    /// where and why the text is not such an object.
    fn entries(self, text: &str) -> Result<Vec<(String, String)>, String> {
        match self {
            Format::Json => serde_json::from_str::<Entries<Box<serde_json::value::RawValue>>>(text)
                .map(|e| {
                    e.0.into_iter()
                        .map(|(k, v)| (k, v.get().to_owned()))
                        .collect()
                })
                .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column())),
            Format::Ron => crate::ron_options()
                .from_str::<Entries<Box<ron::value::RawValue>>>(text)
                .map(|e| {
                    e.0.into_iter()
                        .map(|(k, v)| (k, v.get_ron().trim().to_owned()))
                        .collect()
                })
                .map_err(|e| {
                    format!(
                        "line {}, column {}: {}",
                        e.span.start.line, e.span.start.col, e.code
                    )
                }),
        }
    }

    /// The value's text as a string, if it is one.
    fn string(self, raw: &str) -> Option<String> {
        match self {
            Format::Json => serde_json::from_str(raw).ok(),
            Format::Ron => crate::ron_options().from_str(raw).ok(),
        }
    }

    /// The texts of a list's items, if the value is a list.
    fn list(self, raw: &str) -> Option<Vec<String>> {
        match self {
            Format::Json => serde_json::from_str::<Vec<Box<serde_json::value::RawValue>>>(raw)
                .ok()
                .map(|items| items.iter().map(|v| v.get().to_owned()).collect()),
            Format::Ron => crate::ron_options()
                .from_str::<Vec<Box<ron::value::RawValue>>>(raw)
                .ok()
                .map(|items| {
                    items
                        .iter()
                        .map(|v| v.get_ron().trim().to_owned())
                        .collect()
                }),
        }
    }

    /// What a value's text is, by its first character and a parse.
    fn classify(self, raw: &str) -> Raw {
        let raw = raw.trim();
        match raw.as_bytes().first() {
            Some(b'"') => self.string(raw).map_or(Raw::Other, Raw::Text),
            Some(b'[') => self.list(raw).map_or(Raw::Other, Raw::List),
            Some(b'{' | b'(') => self.entries(raw).map_or(Raw::Other, Raw::Object),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.') => Raw::Number(raw.to_owned()),
            _ => match raw {
                "null" | "None" | "()" => Raw::Null,
                "true" | "false" => Raw::TrueOrFalse,
                _ => Raw::Other,
            },
        }
    }
}

/// A value of an answer file, by form.
enum Raw {
    Null,
    TrueOrFalse,
    Number(String),
    Text(String),
    List(Vec<String>),
    Object(Vec<(String, String)>),
    Other,
}

fn interpret(format: Format, question: &Question, raw: &str) -> Result<Answer, AnswerProblem> {
    let wrong = |given| AnswerProblem::WrongForm {
        expected: expected_by(&question.kind, question),
        given,
    };
    Ok(match format.classify(raw) {
        Raw::Text(text)
            if text == NOT_APPLICABLE && !matches!(question.kind, QuestionKind::FreeText) =>
        {
            Answer::NotApplicable
        }
        Raw::Text(text) => match question.kind {
            QuestionKind::FreeText => Answer::Text(Box::new(nfc(&text))),
            QuestionKind::MultipleChoice { .. } => {
                Answer::Choices(Box::new(vec![shared_id(&text)]))
            }
            _ => Answer::Choice(shared_id(&text)),
        },
        Raw::List(items) => {
            let mut ids = Vec::with_capacity(items.len());
            for item in &items {
                match format.classify(item) {
                    Raw::Text(id) => ids.push(shared_id(&id)),
                    Raw::Number(_) => return Err(wrong(Given::ListOfNumbers)),
                    _ => return Err(wrong(Given::List)),
                }
            }
            Answer::Choices(Box::new(ids))
        }
        Raw::Number(text) => Answer::Number(text.parse::<Decimal>()?),
        Raw::Object(entries) => ratio(format, entries)?,
        Raw::Null => return Err(wrong(Given::Null)),
        Raw::TrueOrFalse => return Err(wrong(Given::TrueOrFalse)),
        Raw::Other => return Err(wrong(Given::Other)),
    })
}

/// `{"part": …, "whole": …}`, `{"part": …}` or `{"share": …}`.
fn ratio(format: Format, entries: Vec<(String, String)>) -> Result<Answer, AnswerProblem> {
    let (mut part, mut whole, mut share) = (None, None, None);
    for (key, raw) in entries {
        let slot = match key.as_str() {
            "part" => &mut part,
            "whole" => &mut whole,
            "share" => &mut share,
            _ => return Err(AnswerProblem::RatioForm { key: Some(key) }),
        };
        if slot.is_some() {
            return Err(AnswerProblem::RatioForm { key: None });
        }
        let figure = match format.classify(&raw) {
            Raw::Number(text) => text.parse::<Decimal>()?,
            other => {
                return Err(AnswerProblem::WrongForm {
                    expected: Expected::Number,
                    given: other.given(),
                });
            }
        };
        *slot = Some(figure);
    }
    match (part, whole, share) {
        (None, None, Some(share)) => Ok(Answer::Number(share)),
        (Some(part), whole, None) => Ok(Answer::Ratio(RatioFigures::new(part, whole))),
        _ => Err(AnswerProblem::RatioForm { key: None }),
    }
}

impl Raw {
    fn given(&self) -> Given {
        match self {
            Raw::Null => Given::Null,
            Raw::TrueOrFalse => Given::TrueOrFalse,
            Raw::Number(_) => Given::Number,
            Raw::Text(_) => Given::Text,
            Raw::List(_) => Given::List,
            Raw::Object(_) => Given::Figures,
            Raw::Other => Given::Other,
        }
    }
}

/// A map's entries in file order, duplicates kept (a `BTreeMap` would keep the
/// last silently).
struct Entries<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Entries<V>, D::Error> {
        struct EntriesVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of question id → answer")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Entries<V>, M::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, V>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(EntriesVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests;
