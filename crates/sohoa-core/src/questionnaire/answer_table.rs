//! Answers from a table: one row per assessment, one column per question (by
//! its id, its annex number such as `1.1.3`, or the name Sohoa's XLSForm gives
//! it), read into an answer file and checked exactly as `sohoa assess` checks
//! one ([`super::answer_file::parse_answer_file`]).
//!
//! Key functions: [`answer_columns`], [`row_answers`]; type [`AnswerColumn`].
//!
//! Policy: a column's header is taken after its last `/` (a form tool's group
//! path). A ratio is two columns, `<question>__part` and `<question>__whole`
//! (or `… (part)`, `… (whole)`), or its share in percent in the question's own
//! column or `<question>__share`; a gated criterion's "Có/Không" is
//! `<question>__gate`, and a "Không" there answers the criterion. A choice is
//! its option's id or its label in either language; "na" or "Không áp dụng"
//! is not applicable where the question allows it; a figure is written the
//! Vietnamese way or as a form tool writes it (`1.200` and `1200.5`). An empty
//! cell is no answer. Pure; never panics.
//!
//! ```
//! use sohoa_core::questionnaire::Questionnaire;
//! use sohoa_core::questionnaire::answer_table::{answer_columns, row_answers};
//! let q = Questionnaire::from_ron_str(include_str!("../../../../tests/fixtures/mini.ron"), "mini.ron").unwrap();
//! let headers = vec!["web.has_site".to_owned(), "plan.staff_trained".to_owned()];
//! let columns = answer_columns(&q, &headers);
//! let answers = row_answers(&q, &columns, &["có".into(), "3".into()], "dòng 2").unwrap();
//! assert_eq!(answers.len(), 2);
//! ```

use std::collections::BTreeMap;

use super::answer_problem::AnswerError;
use super::{Answers, GATE_NO, NOT_APPLICABLE, Question, QuestionKind, Questionnaire};
use crate::text::{Lang, fold};

/// What a column of an answer table holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerColumn {
    /// The answer to the question with this id (a ratio's share, for a ratio).
    Answer(String),
    /// A ratio's counted figure.
    Part(String),
    /// A ratio's total.
    Whole(String),
    /// A ratio's share in percent.
    Share(String),
    /// The "Có/Không" that opens a gated criterion.
    Gate(String),
}

impl AnswerColumn {
    /// The id of the question the column answers.
    pub fn question(&self) -> &str {
        match self {
            AnswerColumn::Answer(id)
            | AnswerColumn::Part(id)
            | AnswerColumn::Whole(id)
            | AnswerColumn::Share(id)
            | AnswerColumn::Gate(id) => id,
        }
    }
}

/// The name a question goes by in a form tool (XLSForm names are XML names:
/// letters, digits, `_`, `-` and `.`, not starting with a digit).
pub fn form_name(question_id: &str) -> String {
    let name: String = question_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => name,
        _ => format!("q_{name}"),
    }
}

/// The part of a column's name that says which figure of a criterion it holds.
fn split_suffix(header: &str) -> (&str, Option<&'static str>) {
    const SUFFIXES: [(&str, &str); 12] = [
        ("__part", "part"),
        ("__whole", "whole"),
        ("__share", "share"),
        ("__gate", "gate"),
        (" (part)", "part"),
        (" (whole)", "whole"),
        (" (share)", "share"),
        (" (gate)", "gate"),
        (" (tử số)", "part"),
        (" (tổng)", "whole"),
        (" (tỷ lệ)", "share"),
        (" (có/không)", "gate"),
    ];
    let lower = header.to_lowercase();
    for (suffix, role) in SUFFIXES {
        if lower.ends_with(suffix) && header.is_char_boundary(header.len() - suffix.len()) {
            return (header[..header.len() - suffix.len()].trim(), Some(role));
        }
    }
    (header, None)
}

/// What each column of `headers` answers in `q`; `None` for a column that is
/// none of its questions (the enterprise's tax code, a date, a form tool's own
/// columns).
pub fn answer_columns(q: &Questionnaire, headers: &[String]) -> Vec<Option<AnswerColumn>> {
    let mut by_name: BTreeMap<String, &Question> = BTreeMap::new();
    for (_, question) in q.questions() {
        by_name.insert(question.id.clone(), question);
        by_name.insert(form_name(&question.id), question);
        if let Some(number) = &question.number {
            by_name.insert(number.clone(), question);
        }
    }
    headers
        .iter()
        .map(|header| {
            let name = header.rsplit('/').next().unwrap_or(header).trim();
            let (base, role) = split_suffix(name);
            let question = by_name.get(base)?;
            let id = question.id.clone();
            let ratio = matches!(question.kind, QuestionKind::Ratio { .. });
            Some(match role {
                None => AnswerColumn::Answer(id),
                Some("part") if ratio => AnswerColumn::Part(id),
                Some("whole") if ratio => AnswerColumn::Whole(id),
                Some("share") if ratio => AnswerColumn::Share(id),
                Some("gate") if question.gate.is_some() => AnswerColumn::Gate(id),
                Some(_) => return None,
            })
        })
        .collect()
}

/// The cells of one question in a row.
#[derive(Default)]
struct Given<'a> {
    answer: Option<&'a str>,
    part: Option<&'a str>,
    whole: Option<&'a str>,
    share: Option<&'a str>,
    gate: Option<&'a str>,
}

/// Whether `cell` says "no" / "yes" (in either language, as a form tool or a
/// person writes it).
fn yes_or_no(cell: &str) -> Option<bool> {
    match fold(cell).as_str() {
        "no" | "khong" | "0" | "false" | "n" | "k" => Some(false),
        "yes" | "co" | "1" | "true" | "y" | "c" => Some(true),
        _ => None,
    }
}

fn is_not_applicable(cell: &str) -> bool {
    matches!(
        fold(cell).as_str(),
        "na" | "n/a" | "khong ap dung" | "not applicable" | "kad"
    )
}

/// A choice cell as the option id it names (by id or by label), else as written.
fn option_id(question: &Question, cell: &str) -> String {
    let options = match &question.kind {
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
            options.as_slice()
        }
        QuestionKind::YesNo { .. } => {
            return match yes_or_no(cell) {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => cell.to_owned(),
            };
        }
        _ => &[],
    };
    let wanted = fold(cell);
    options
        .iter()
        .find(|o| {
            o.id.as_str() == cell || fold(&o.label.vi) == wanted || fold(&o.label.en) == wanted
        })
        .map_or_else(
            || {
                if question.gate.is_some() && yes_or_no(cell) == Some(false) {
                    GATE_NO.to_owned()
                } else {
                    cell.to_owned()
                }
            },
            |o| o.id.as_str().to_owned(),
        )
}

/// Whether `id` is one of the question's options.
fn is_option(question: &Question, id: &str) -> bool {
    question.kind.option_points().iter().any(|(o, _)| *o == id)
}

/// A figure cell as JSON number text (exact), or as a JSON string the answer
/// file reader refuses with the reason.
fn figure(cell: &str) -> String {
    let cell = cell.trim().trim_end_matches('%');
    match crate::text::parse_figure(cell, Lang::Vi) {
        Ok(number) => number.to_string(),
        Err(_) => json_string(cell),
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// The JSON answer of one question from its cells, or `None` when it has none.
fn answer_json(question: &Question, given: &Given) -> Option<String> {
    if let Some(gate) = given.gate
        && yes_or_no(gate) == Some(false)
    {
        return Some(json_string(GATE_NO));
    }
    if let Some(cell) = given.answer
        && is_not_applicable(cell)
    {
        return Some(json_string(NOT_APPLICABLE));
    }
    match &question.kind {
        QuestionKind::Ratio { .. } => {
            let share = given.share.or(given.answer);
            match (given.part, given.whole, share) {
                (None, None, None) => None,
                (None, None, Some(share)) => Some(format!("{{\"share\": {}}}", figure(share))),
                (Some(part), whole, _) => Some(match whole {
                    Some(whole) => {
                        format!(
                            "{{\"part\": {}, \"whole\": {}}}",
                            figure(part),
                            figure(whole)
                        )
                    }
                    None => format!("{{\"part\": {}}}", figure(part)),
                }),
                // A total without its part: the reader names what is missing.
                (None, Some(whole), _) => Some(format!("{{\"whole\": {}}}", figure(whole))),
            }
        }
        QuestionKind::Number { .. }
        | QuestionKind::Percent { .. }
        | QuestionKind::Figure { .. } => given.answer.map(figure),
        QuestionKind::MultipleChoice { .. } => given.answer.map(|cell| {
            // Items by label are separated by commas, semicolons or lines; a
            // form tool separates option names by spaces.
            let mut items: Vec<&str> = cell
                .split([',', ';', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            let known = |item: &str| option_id(question, item) != item || is_option(question, item);
            if let [only] = items[..]
                && !known(only)
            {
                items = only.split_whitespace().collect();
            }
            let ids: Vec<String> = items
                .iter()
                .map(|item| json_string(&option_id(question, item)))
                .collect();
            format!("[{}]", ids.join(", "))
        }),
        QuestionKind::FreeText => given.answer.map(json_string),
        QuestionKind::SingleChoice { .. } | QuestionKind::YesNo { .. } => given
            .answer
            .map(|cell| json_string(&option_id(question, cell))),
    }
}

/// The answers of one row, checked as an answer file named `origin` is; every
/// problem of the row at once.
pub fn row_answers(
    q: &Questionnaire,
    columns: &[Option<AnswerColumn>],
    cells: &[String],
    origin: &str,
) -> Result<Answers, Vec<AnswerError>> {
    let mut given: BTreeMap<&str, Given> = BTreeMap::new();
    for (column, cell) in columns.iter().zip(cells) {
        let (Some(column), cell) = (column, cell.trim()) else {
            continue;
        };
        if cell.is_empty() {
            continue;
        }
        let slot = given.entry(column.question()).or_default();
        match column {
            AnswerColumn::Answer(_) => slot.answer = Some(cell),
            AnswerColumn::Part(_) => slot.part = Some(cell),
            AnswerColumn::Whole(_) => slot.whole = Some(cell),
            AnswerColumn::Share(_) => slot.share = Some(cell),
            AnswerColumn::Gate(_) => slot.gate = Some(cell),
        }
    }
    let entries: Vec<String> = given
        .iter()
        .filter_map(|(id, given)| {
            let question = q.question(id)?;
            let answer = answer_json(question, given)?;
            Some(format!("{}: {answer}", json_string(id)))
        })
        .collect();
    let file = format!("{{{}}}", entries.join(", "));
    super::answer_file::parse_answer_file(q, &file, format!("{origin}.json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::{Answer, RatioFigures};

    fn dbi() -> Questionnaire {
        crate::questionnaire::dbi_2_0_0()
    }

    fn cells(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn columns_are_found_by_id_by_annex_number_and_by_a_form_tools_group_path() {
        let q = dbi();
        let headers = cells(&[
            "Mã số thuế",
            "1.1.1",
            "customer/customer.presence/customer.marketplaces__part",
            "1.1.4 (tổng)",
            "customer.website_updates__gate",
            "_submission_time",
        ]);
        let columns = answer_columns(&q, &headers);
        assert_eq!(
            columns,
            [
                None,
                Some(AnswerColumn::Answer("customer.website_updates".into())),
                Some(AnswerColumn::Part("customer.marketplaces".into())),
                Some(AnswerColumn::Whole("customer.marketplaces".into())),
                Some(AnswerColumn::Gate("customer.website_updates".into())),
                None,
            ]
        );
    }

    #[test]
    fn a_row_reads_labels_figures_the_vietnamese_way_gates_and_shares() {
        let q = dbi();
        let headers = cells(&[
            "1.1.1",
            "1.1.3 (part)",
            "1.1.3 (whole)",
            "1.1.4",
            "1.1.2__gate",
        ]);
        let columns = answer_columns(&q, &headers);
        let row = cells(&[
            "Cập nhật ít nhất mỗi tháng",
            "1.200",
            "4.800,5",
            "35%",
            "Không",
        ]);
        let answers = match row_answers(&q, &columns, &row, "dòng 2") {
            Ok(answers) => answers,
            Err(errors) => panic!("{errors:?}"),
        };
        assert_eq!(
            answers.get("customer.website_updates"),
            Some(&Answer::Choice("monthly".into()))
        );
        assert_eq!(
            answers.get("customer.digital_marketing_share"),
            Some(&Answer::Ratio(RatioFigures::new(
                "1200".parse().unwrap(),
                Some("4800.5".parse().unwrap())
            )))
        );
        assert_eq!(
            answers.get("customer.marketplaces"),
            Some(&Answer::Number("35".parse().unwrap()))
        );
        assert_eq!(
            answers.get("customer.social_media"),
            Some(&Answer::Choice(GATE_NO.into()))
        );
    }

    #[test]
    fn a_row_with_a_wrong_answer_names_every_problem_by_question() {
        let q = dbi();
        let headers = cells(&["1.1.1", "1.1.3 (part)", "1.1.3 (whole)"]);
        let columns = answer_columns(&q, &headers);
        let errors =
            row_answers(&q, &columns, &cells(&["hàng năm", "900", "300"]), "dòng 7").unwrap_err();
        let questions: Vec<&str> = errors.iter().map(|e| e.question.as_str()).collect();
        assert_eq!(
            questions,
            [
                "customer.digital_marketing_share",
                "customer.website_updates"
            ]
        );
    }

    #[test]
    fn form_names_are_xml_names() {
        assert_eq!(
            form_name("customer.website_updates"),
            "customer.website_updates"
        );
        assert_eq!(form_name("1.1.1"), "q_1.1.1");
        assert_eq!(form_name("câu hỏi"), "c_u_h_i");
    }
}
