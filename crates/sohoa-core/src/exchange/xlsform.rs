//! A questionnaire as an XLSForm, the spreadsheet KoboToolbox and ODK build
//! their phone forms from: the same questions, skip logic, gates, ratios and
//! shared totals, in Vietnamese and English.
//!
//! Key function: [`xlsform_tables`] (the `survey`, `choices` and `settings`
//! sheets; [`super::write_xlsx`] writes them).
//!
//! Policy: a question is named as [`form_name`] names it, so a form tool's
//! export of the submissions reads back through the table import
//! ([`crate::questionnaire::answer_table`]): a gated criterion asks its
//! "Có/Không" as `<name>__gate` first and the levels only after "Có"; a ratio
//! asks `<name>__part` and, when its total is its own, `<name>__whole`, each
//! figure no larger than its total (a shared total is its figure question,
//! asked once); "not applicable" is a choice `na` where the question allows
//! it. The enterprise is named by its tax code (checked to ten digits, or ten
//! and a branch suffix), with the day, the stage and the assessor. Pure.
//!
//! ```
//! use sohoa_core::questionnaire::Questionnaire;
//! use sohoa_core::exchange::xlsform::xlsform_tables;
//! let q = Questionnaire::from_ron_str(include_str!("../../../../tests/fixtures/mini.ron"), "mini.ron").unwrap();
//! let [survey, choices, settings] = xlsform_tables(&q);
//! assert_eq!(survey.sheet_name, "survey");
//! assert!(survey.rows.len() > q.question_count());
//! assert_eq!((choices.sheet_name.as_str(), settings.sheet_name.as_str()), ("choices", "settings"));
//! ```

use super::{Cell, Table};
use crate::questionnaire::answer_table::form_name;
use crate::questionnaire::{NOT_APPLICABLE, Question, QuestionKind, Questionnaire, Whole};
use crate::text::Text;

const VI: &str = "Tiếng Việt (vi)";

const SURVEY_COLUMNS: [&str; 10] = [
    "type",
    "name",
    "label::Tiếng Việt (vi)",
    "label::English (en)",
    "hint::Tiếng Việt (vi)",
    "hint::English (en)",
    "relevant",
    "constraint",
    "constraint_message::Tiếng Việt (vi)",
    "constraint_message::English (en)",
];

/// One row of the survey sheet.
#[derive(Default)]
struct Row {
    kind: String,
    name: String,
    label: Option<Text>,
    hint: Option<Text>,
    relevant: String,
    constraint: String,
    constraint_message: Option<Text>,
}

impl Row {
    fn new(kind: impl Into<String>, name: impl Into<String>, label: Text) -> Row {
        Row {
            kind: kind.into(),
            name: name.into(),
            label: Some(label),
            ..Row::default()
        }
    }

    fn cells(self) -> Vec<Cell> {
        let text = |s: String| Cell::from(Some(s));
        let pair = |t: Option<Text>| match t {
            Some(t) => [text(t.vi), text(t.en)],
            None => [Cell::Empty, Cell::Empty],
        };
        let [label_vi, label_en] = pair(self.label);
        let [hint_vi, hint_en] = pair(self.hint);
        let [message_vi, message_en] = pair(self.constraint_message);
        vec![
            text(self.kind),
            text(self.name),
            label_vi,
            label_en,
            hint_vi,
            hint_en,
            text(self.relevant),
            text(self.constraint),
            message_vi,
            message_en,
        ]
    }
}

/// The survey, choices and settings sheets of `q` as an XLSForm.
pub fn xlsform_tables(q: &Questionnaire) -> [Table; 3] {
    let mut survey: Vec<Row> = Vec::new();
    let mut choices: Vec<[Cell; 4]> = Vec::new();
    let mut choice = |list: &str, name: &str, label: &Text| {
        choices.push([
            Cell::Text(list.to_owned()),
            Cell::Text(name.to_owned()),
            Cell::Text(label.vi.clone()),
            Cell::Text(label.en.clone()),
        ]);
    };
    enterprise_rows(&mut survey, &mut choice);
    for pillar in &q.pillars {
        let pillar_name = format!("p_{}", form_name(&pillar.id));
        survey.push(Row::new("begin_group", &pillar_name, pillar.name.clone()));
        for question in &pillar.questions {
            question_rows(q, question, &mut survey, &mut choice);
        }
        for group in &pillar.groups {
            let group_name = format!("g_{}", form_name(&group.id));
            survey.push(Row::new("begin_group", &group_name, group.name.clone()));
            for question in &group.questions {
                question_rows(q, question, &mut survey, &mut choice);
            }
            survey.push(Row {
                kind: "end_group".into(),
                name: group_name,
                ..Row::default()
            });
        }
        survey.push(Row {
            kind: "end_group".into(),
            name: pillar_name,
            ..Row::default()
        });
    }
    let survey = Table {
        sheet_name: "survey".into(),
        file_suffix: "survey".into(),
        headers: SURVEY_COLUMNS.iter().map(|h| (*h).to_owned()).collect(),
        rows: survey.into_iter().map(Row::cells).collect(),
    };
    let choices = Table {
        sheet_name: "choices".into(),
        file_suffix: "choices".into(),
        headers: [
            "list_name",
            "name",
            "label::Tiếng Việt (vi)",
            "label::English (en)",
        ]
        .iter()
        .map(|h| (*h).to_owned())
        .collect(),
        rows: choices.into_iter().map(Vec::from).collect(),
    };
    let settings = Table {
        sheet_name: "settings".into(),
        file_suffix: "settings".into(),
        headers: ["form_title", "form_id", "version", "default_language"]
            .iter()
            .map(|h| (*h).to_owned())
            .collect(),
        rows: vec![vec![
            Cell::Text(q.title.vi.clone()),
            Cell::Text(form_name(&format!("{}_{}", q.id, q.version))),
            Cell::Text(q.version.clone()),
            Cell::Text(VI.into()),
        ]],
    };
    [survey, choices, settings]
}

/// Who is assessed, when, at which stage and by whom.
fn enterprise_rows(survey: &mut Vec<Row>, choice: &mut impl FnMut(&str, &str, &Text)) {
    survey.push(Row {
        kind: "today".into(),
        name: "today".into(),
        ..Row::default()
    });
    survey.push(Row {
        hint: Some(Text::new(
            "10 chữ số, hoặc 10 chữ số, gạch nối và 3 chữ số của chi nhánh",
            "10 digits, or 10 digits, a hyphen and a branch's 3 digits",
        )),
        constraint: "regex(., '^[0-9]{10}(-[0-9]{3})?$')".into(),
        constraint_message: Some(Text::new(
            "Mã số thuế gồm 10 chữ số (chi nhánh: thêm -XXX)",
            "A tax code has 10 digits (a branch: add -XXX)",
        )),
        ..Row::new("text", "tax_code", Text::new("Mã số thuế", "Tax code"))
    });
    survey.push(Row::new(
        "text",
        "enterprise_name",
        Text::new("Tên doanh nghiệp", "Enterprise name"),
    ));
    survey.push(Row::new(
        "select_one stage",
        "stage",
        Text::new("Giai đoạn đánh giá", "Assessment stage"),
    ));
    choice(
        "stage",
        "T0",
        &Text::new("Đánh giá đầu kỳ (T0)", "Baseline (T0)"),
    );
    for n in 1..=4 {
        choice(
            "stage",
            &format!("T{n}"),
            &Text::new(
                format!("Tái đánh giá lần {n} (T{n})"),
                format!("Follow-up {n} (T{n})"),
            ),
        );
    }
    survey.push(Row::new(
        "text",
        "assessor",
        Text::new("Người đánh giá", "Assessor"),
    ));
}

fn not_applicable_label() -> Text {
    Text::new("Không áp dụng", "Not applicable")
}

/// When the question is asked: after the earlier answer it depends on, and
/// after "Có" at its gate.
fn relevance(question: &Question, name: &str) -> String {
    let mut parts = Vec::new();
    if let Some(show_if) = &question.show_if {
        let earlier = form_name(&show_if.question);
        let any: Vec<String> = show_if
            .any_of
            .iter()
            .map(|v| format!("selected(${{{earlier}}}, '{v}')"))
            .collect();
        parts.push(format!("({})", any.join(" or ")));
    }
    if question.gate.is_some() {
        parts.push(format!("${{{name}__gate}} = 'yes'"));
    }
    parts.join(" and ")
}

/// The rows of one question, with its choices.
fn question_rows(
    q: &Questionnaire,
    question: &Question,
    survey: &mut Vec<Row>,
    choice: &mut impl FnMut(&str, &str, &Text),
) {
    let name = form_name(&question.id);
    let label = match &question.number {
        Some(number) => Text::new(
            format!("{number}. {}", question.text.vi),
            format!("{number}. {}", question.text.en),
        ),
        None => question.text.clone(),
    };
    let before_gate = question.show_if.as_ref().map(|_| {
        let mut q = question.clone();
        q.gate = None;
        relevance(&q, &name)
    });
    if let Some(gate) = &question.gate {
        let list = format!("{name}__gate");
        survey.push(Row {
            relevant: before_gate.clone().unwrap_or_default(),
            hint: Some(Text::new(
                format!("Tiêu chí: {}", label.vi),
                format!("Criterion: {}", label.en),
            )),
            ..Row::new(format!("select_one {list}"), &list, gate.question.clone())
        });
        choice(&list, "yes", &Text::new("Có", "Yes"));
        choice(&list, "no", &gate.no);
    }
    let relevant = relevance(question, &name);
    let list = format!("{name}__options");
    let mut with_options = |kind: &str, options: &[(String, Text)]| {
        for (id, text) in options {
            choice(&list, id, text);
        }
        if question.not_applicable {
            choice(&list, NOT_APPLICABLE, &not_applicable_label());
        }
        survey.push(Row {
            hint: question.help.clone(),
            relevant: relevant.clone(),
            ..Row::new(format!("{kind} {list}"), &name, label.clone())
        });
    };
    match &question.kind {
        QuestionKind::SingleChoice { options } => with_options(
            "select_one",
            &options
                .iter()
                .map(|o| (o.id.clone(), o.label.clone()))
                .collect::<Vec<_>>(),
        ),
        QuestionKind::MultipleChoice { options } => with_options(
            "select_multiple",
            &options
                .iter()
                .map(|o| (o.id.clone(), o.label.clone()))
                .collect::<Vec<_>>(),
        ),
        QuestionKind::YesNo { .. } => with_options(
            "select_one",
            &[
                ("yes".into(), Text::new("Có", "Yes")),
                ("no".into(), Text::new("Không", "No")),
            ],
        ),
        QuestionKind::FreeText => survey.push(Row {
            hint: question.help.clone(),
            relevant,
            ..Row::new("text", &name, label)
        }),
        QuestionKind::Number {
            min,
            max,
            whole_numbers,
            ..
        } => {
            let mut bounds = Vec::new();
            if let Some(min) = min {
                bounds.push(format!(". >= {min}"));
            }
            if let Some(max) = max {
                bounds.push(format!(". <= {max}"));
            }
            survey.push(Row {
                hint: question.help.clone(),
                relevant,
                constraint: bounds.join(" and "),
                ..Row::new(figure_type(*whole_numbers), &name, label)
            });
        }
        QuestionKind::Percent { .. } => survey.push(Row {
            hint: question.help.clone(),
            relevant,
            constraint: ". >= 0 and . <= 100".into(),
            constraint_message: Some(Text::new("Từ 0 đến 100", "From 0 to 100")),
            ..Row::new("decimal", &name, label)
        }),
        QuestionKind::Figure { whole_numbers, .. } => survey.push(Row {
            hint: question.help.clone(),
            relevant,
            constraint: ". >= 0".into(),
            ..Row::new(figure_type(*whole_numbers), &name, label)
        }),
        QuestionKind::Ratio {
            part,
            whole,
            whole_numbers,
            ..
        } => {
            survey.push(Row {
                hint: question.help.clone(),
                relevant: relevant.clone(),
                ..Row::new("note", format!("{name}__note"), label.clone())
            });
            let total = match whole {
                Whole::Asked(text) => {
                    survey.push(Row {
                        relevant: relevant.clone(),
                        constraint: ". >= 0".into(),
                        ..Row::new(
                            figure_type(*whole_numbers),
                            format!("{name}__whole"),
                            text.clone(),
                        )
                    });
                    format!("${{{name}__whole}}")
                }
                Whole::Figure(figure) => {
                    let shared = q
                        .question(figure)
                        .map_or_else(|| form_name(figure), |f| form_name(&f.id));
                    format!("${{{shared}}}")
                }
            };
            survey.push(Row {
                relevant,
                constraint: format!(". >= 0 and . <= {total}"),
                constraint_message: Some(Text::new(
                    "Không lớn hơn tổng",
                    "No larger than the total",
                )),
                ..Row::new(
                    figure_type(*whole_numbers),
                    format!("{name}__part"),
                    part.clone(),
                )
            });
        }
    }
}

fn figure_type(whole_numbers: bool) -> &'static str {
    if whole_numbers { "integer" } else { "decimal" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dbi() -> Questionnaire {
        crate::questionnaire::dbi_2_0_0()
    }

    fn row<'a>(t: &'a Table, name: &str) -> &'a [Cell] {
        t.rows
            .iter()
            .find(|r| r[1] == Cell::Text(name.into()))
            .unwrap_or_else(|| panic!("no row {name}"))
    }

    #[test]
    fn a_gated_criterion_asks_its_yes_or_no_first_and_its_levels_only_after_yes() {
        let [survey, choices, _] = xlsform_tables(&dbi());
        let gate = row(&survey, "customer.website_updates__gate");
        assert_eq!(
            gate[0],
            Cell::Text("select_one customer.website_updates__gate".into())
        );
        let levels = row(&survey, "customer.website_updates");
        assert_eq!(
            levels[6],
            Cell::Text("${customer.website_updates__gate} = 'yes'".into())
        );
        let no = choices
            .rows
            .iter()
            .find(|r| {
                r[0] == Cell::Text("customer.website_updates__gate".into())
                    && r[1] == Cell::Text("no".into())
            })
            .unwrap();
        assert_eq!(no[2], Cell::Text("Không, chưa có trang web riêng".into()));
    }

    #[test]
    fn a_ratio_asks_two_figures_and_a_shared_total_is_its_own_question() {
        let [survey, _, _] = xlsform_tables(&dbi());
        let part = row(&survey, "customer.ecommerce_revenue_share__part");
        assert_eq!(
            part[7],
            Cell::Text(". >= 0 and . <= ${figure.revenue_3_months}".into())
        );
        assert!(
            survey
                .rows
                .iter()
                .all(|r| r[1] != Cell::Text("customer.ecommerce_revenue_share__whole".into()))
        );
        let own = row(&survey, "customer.marketplaces__part");
        assert_eq!(own[0], Cell::Text("integer".into()));
        assert_eq!(
            own[7],
            Cell::Text(". >= 0 and . <= ${customer.marketplaces__whole}".into())
        );
    }
}
