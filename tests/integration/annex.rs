//! Edition 2.0.0 of the DBI-2021 SME questionnaire against the official annex:
//! every criterion's number, form and levels checked against the reference table
//! (`tests/fixtures/dbi-annex-criteria.csv`), answer files worked out by hand, and
//! both editions scoring side by side.

use std::path::Path;

use sohoa::questionnaire::answer_file::parse_answer_file;
use sohoa::questionnaire::{Question, QuestionKind, Questionnaire, Registry, score};

use crate::{
    add_enterprise, assert_refused, assert_untouched, json, sohoa, sohoa_ok, stderr, stdout,
    total_and_level,
};

fn edition(version: &str) -> Questionnaire {
    Questionnaire::load_file(Path::new(&format!(
        "questionnaires/dbi-2021-sme-{version}.ron"
    )))
    .expect("the questionnaire file loads")
}

/// One row of the reference table.
struct AnnexCriterion {
    number: String,
    form: String,
    levels: Option<usize>,
    provisional: bool,
}

fn annex() -> Vec<AnnexCriterion> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path("tests/fixtures/dbi-annex-criteria.csv")
        .expect("the reference table opens");
    reader
        .records()
        .map(|row| {
            let row = row.expect("a well-formed row");
            AnnexCriterion {
                number: row[0].to_owned(),
                form: row[1].to_owned(),
                levels: row[2].parse().ok(),
                provisional: &row[3] == "yes",
            }
        })
        .collect()
}

/// The form of a question in the reference table's words, and its number of levels.
fn form_of(question: &Question) -> (&'static str, Option<usize>) {
    match (&question.kind, &question.gate) {
        (QuestionKind::SingleChoice { options }, Some(_)) => ("gate", Some(options.len())),
        (QuestionKind::SingleChoice { options }, None) => ("rating", Some(options.len())),
        (QuestionKind::Ratio { .. }, None) => ("ratio", None),
        (QuestionKind::Number { .. }, None) => ("count", None),
        _ => ("other", None),
    }
}

#[test]
fn every_criterion_of_the_annex_is_asked_in_its_form_in_annex_order() {
    let q = edition("2.0.0");
    let criteria: Vec<&Question> = q
        .questions()
        .map(|(_, question)| question)
        .filter(|question| question.is_scored())
        .collect();
    let annex = annex();
    assert_eq!(annex.len(), 60);
    assert_eq!(criteria.len(), 60);
    for (official, question) in annex.iter().zip(&criteria) {
        assert_eq!(
            question.number.as_deref(),
            Some(official.number.as_str()),
            "{} is out of order",
            question.id
        );
        let (form, levels) = form_of(question);
        assert_eq!(form, official.form, "{} ({})", official.number, question.id);
        assert_eq!(levels, official.levels, "levels of {}", official.number);
        assert_eq!(
            question.provisional.is_some(),
            official.provisional,
            "provisional mark of {}",
            official.number
        );
    }
}

#[test]
fn gated_levels_score_in_annex_order_from_one_and_strategy_in_steps_of_five() {
    let q = edition("2.0.0");
    for (_, question) in q.questions().filter(|(_, x)| x.gate.is_some()) {
        let points: Vec<u32> = question.option_points().iter().map(|(_, p)| *p).collect();
        let expected: Vec<u32> = match (question.id.as_str(), points.len()) {
            ("strategy.dx_plan", _) => vec![0, 5, 10, 15, 20, 25],
            // The three frequencies (provisional): less than monthly, monthly, weekly.
            (_, 4) => vec![0, 1, 3, 5],
            _ => vec![0, 1, 2, 3, 4, 5],
        };
        assert_eq!(points, expected, "{}", question.id);
        assert_eq!(
            question.option_points()[0].0,
            "no",
            "the gate's Không comes first"
        );
    }
}

#[test]
fn shared_totals_are_asked_once_before_the_criteria_that_divide_by_them() {
    let q = edition("2.0.0");
    let figures: Vec<&str> = q
        .questions()
        .filter(|(_, x)| matches!(x.kind, QuestionKind::Figure { .. }))
        .map(|(_, x)| x.id.as_str())
        .collect();
    assert_eq!(
        figures,
        [
            "figure.revenue_3_months",
            "figure.investment_last_year",
            "figure.total_staff",
            "figure.revenue_last_year"
        ]
    );
    let dividing_by_staff = q
        .questions()
        .filter(|(_, x)| {
            matches!(&x.kind, QuestionKind::Ratio { whole: sohoa::questionnaire::Whole::Figure(f), .. } if f == "figure.total_staff")
        })
        .count();
    assert_eq!(dividing_by_staff, 11);
}

/// Scores a fixture of edition 2.0.0: (pillar points, pillar levels, total, level).
fn worked(file: &str) -> (Vec<u32>, Vec<u8>, u32, u8, Vec<String>) {
    let q = edition("2.0.0");
    let path = format!("tests/fixtures/answers/dbi-2.0.0/{file}.ron");
    let source = std::fs::read_to_string(&path).unwrap();
    let answers = parse_answer_file(&q, &source, &path).unwrap_or_else(|e| panic!("{path}: {e:?}"));
    let report = score(&q, &answers);
    assert!(report.invalid.is_empty(), "{path}: {:?}", report.invalid);
    (
        report.pillars.iter().map(|p| p.points).collect(),
        report.pillars.iter().map(|p| p.level).collect(),
        report.total,
        report.level,
        report.unanswered,
    )
}

#[test]
fn the_annex_example_of_thirty_nine_points_on_pillar_one_is_level_three() {
    let (points, levels, total, level, _) = worked("annex-example");
    assert_eq!(points, [39, 0, 0, 0, 0, 0]);
    assert_eq!(levels, [3, 0, 0, 0, 0, 0]);
    assert_eq!((total, level), (39, 0));
}

#[test]
fn a_firm_answering_khong_everywhere_is_level_zero_with_nothing_left_unanswered() {
    let (points, levels, total, level, unanswered) = worked("all-khong");
    assert_eq!(points, [0; 6]);
    assert_eq!(levels, [0; 6]);
    assert_eq!((total, level), (0, 0));
    assert_eq!(unanswered, Vec::<String>::new());
}

#[test]
fn a_paper_only_firm_is_level_zero() {
    let (points, _, total, level, unanswered) = worked("paper-only");
    assert_eq!(points, [0, 0, 0, 0, 4, 0]);
    assert_eq!((total, level), (4, 0));
    assert!(unanswered.is_empty(), "{unanswered:?}");
}

#[test]
fn ratios_given_as_figures_and_as_shares_score_the_same() {
    let (figures, figure_levels, ..) = worked("figures");
    let (shares, share_levels, ..) = worked("shares");
    assert_eq!(figures, [0, 0, 0, 11, 0, 0]);
    assert_eq!(shares, figures);
    assert_eq!(share_levels, figure_levels);
    assert_eq!(figure_levels[3], 1);
}

#[test]
fn a_zero_total_scores_zero_and_a_part_above_its_total_is_refused() {
    let q = edition("2.0.0");
    let answers = parse_answer_file(
        &q,
        r#"{"customer.online_purchasing": {"part": 0, "whole": 0}}"#,
        "a.json",
    )
    .unwrap();
    assert_eq!(score(&q, &answers).total, 0);
    let errors = parse_answer_file(
        &q,
        r#"{"customer.online_purchasing": {"part": 5, "whole": 0}}"#,
        "b.json",
    )
    .unwrap_err();
    assert_eq!(errors[0].question, "customer.online_purchasing");
    assert!(
        errors[0]
            .problem
            .to_string()
            .contains("larger than the total"),
        "{errors:?}"
    );
}

#[test]
fn both_editions_are_built_in_and_new_assessments_use_the_newest() {
    let registry = Registry::builtin().unwrap();
    assert!(registry.get("dbi-2021-sme", "1.0.0").is_some());
    assert_eq!(registry.latest("dbi-2021-sme").unwrap().version, "2.0.0");
}

#[test]
fn questionnaire_show_gives_edition_two_with_annex_numbers_and_provisional_marks() {
    let data = tempfile::tempdir().unwrap();
    let out = sohoa_ok(data.path(), &["questionnaire", "show", "dbi-2021-sme"]);
    let text = stdout(&out);
    assert!(
        text.contains("(dbi-2021-sme 2.0.0)"),
        "{}",
        &text[..200.min(text.len())]
    );
    assert!(text.contains("    1.1.1 "));
    assert!(text.contains("    6.1.7 ◇ "));
    assert!(text.contains("◇ Điểm tạm tính"));
    let marked = text
        .lines()
        .filter(|line| line.trim_start().starts_with(char::is_numeric) && line.contains(" ◇ "))
        .count();
    assert_eq!(marked, 29, "29 provisional criteria are marked");
    let old = sohoa_ok(
        data.path(),
        &["questionnaire", "show", "dbi-2021-sme@1.0.0"],
    );
    assert!(stdout(&old).contains("(dbi-2021-sme 1.0.0)"));
    let missing = sohoa(
        data.path(),
        &["questionnaire", "show", "dbi-2021-sme@9.9.9"],
    );
    assert_refused(&missing, "dbi-2021-sme@1.0.0, dbi-2021-sme@2.0.0");
}

#[test]
fn one_enterprise_assessed_with_each_edition_scores_each_with_its_own() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    add_enterprise(dir, "Cơ sở Kẹo dừa Tư Hiền", &["--tax-code", "0100109106"]);
    // A 1.0.0 baseline from a paper form typed in later, then a 2.0.0 follow-up.
    let old = sohoa_ok(
        dir,
        &[
            "assess",
            "0100109106",
            "--answers",
            "tests/fixtures/answers/dbi/annex-example.ron",
            "--questionnaire",
            "dbi-2021-sme@1.0.0",
            "--stage",
            "baseline",
            "--complete",
            "--by",
            "Nguyễn Thị Lan",
            "--json",
        ],
    );
    let old = json(&old);
    assert_eq!(old["version"], "1.0.0");
    assert_eq!(old["stage"], "T0");
    assert_eq!(total_and_level(&old), (Some(39), Some(0)));
    let new = json(&sohoa_ok(
        dir,
        &[
            "assess",
            "0100109106",
            "--answers",
            "tests/fixtures/answers/dbi-2.0.0/paper-only.ron",
            "--complete",
            "--json",
        ],
    ));
    assert_eq!(new["version"], "2.0.0");
    assert_eq!(
        new["stage"], "T1",
        "the next follow-up after a completed baseline"
    );
    assert_eq!(total_and_level(&new), (Some(4), Some(0)));
    // Each assessment keeps the edition it was made with.
    let shown = json(&sohoa_ok(
        dir,
        &["enterprise", "show", "0100109106", "--json"],
    ));
    let editions: Vec<(&str, &str)> = shown["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["questionnaire_version"].as_str().unwrap(),
                a["assessor"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(editions.len(), 2);
    assert_eq!(editions[0], ("1.0.0", "Nguyễn Thị Lan"));
    assert_eq!(editions[1].0, "2.0.0");
}

#[test]
fn assess_refuses_a_wrong_answer_file_and_writes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    add_enterprise(dir, "HTX Bưởi da xanh", &["--tax-code", "0100109106"]);
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"customer.website_updates": "daily", "culture.domain_email": {"part": 9, "whole": 3}}"#,
    )
    .unwrap();
    let out = assert_untouched(&dir.join("enterprises"), "a refused assess", || {
        sohoa(
            dir,
            &["assess", "0100109106", "--answers", bad.to_str().unwrap()],
        )
    });
    assert_refused(&out, "có 2 lỗi");
    let message = stderr(&out);
    assert!(message.contains("customer.website_updates: “daily” không phải là phương án"));
    assert!(message.contains(
        "culture.domain_email: phần (9) lớn hơn tổng của nó, 3, là câu trả lời của figure.total_staff"
    ));
    let unknown = sohoa(
        dir,
        &["assess", "9999999999", "--answers", bad.to_str().unwrap()],
    );
    assert_eq!(unknown.status.code(), Some(1));
}
