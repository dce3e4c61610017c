use super::*;
use crate::questionnaire::score;

fn forms() -> Questionnaire {
    Questionnaire::from_ron_str(
        include_str!("../../../../../tests/fixtures/forms.ron"),
        "forms.ron",
    )
    .unwrap()
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn problems(source: &str) -> Vec<(String, AnswerProblem)> {
    parse_answer_file(&forms(), source, "a.json")
        .unwrap_err()
        .into_iter()
        .map(|e| (e.question, e.problem))
        .collect()
}

#[test]
fn a_ratio_answer_may_be_two_figures_one_figure_or_a_share() {
    let q = forms();
    let answers = parse_answer_file(
        &q,
        r#"{"figure.total_staff": 40, "people.email": {"part": 10},
            "people.meetings": {"part": 30, "whole": 120}}"#,
        "a.json",
    )
    .unwrap();
    // 10 of 40 staff = 25% → 2; 30 of 120 meetings = 25% → 2.
    assert_eq!(score(&q, &answers).total, 4);
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
fn figures_are_read_with_the_digits_written() {
    let q = forms();
    let answers = parse_answer_file(
        &q,
        r#"{"people.meetings": {"part": 24691.3578, "whole": 24691.3578}}"#,
        "a.json",
    )
    .unwrap();
    assert_eq!(
        answers.get("people.meetings"),
        Some(&Answer::Ratio(RatioFigures::new(
            d("24691.3578"),
            Some(d("24691.3578"))
        )))
    );
    assert_eq!(score(&q, &answers).total, 5);
    // Seventeen digits are more than a figure holds: refused, not rounded.
    assert_eq!(
        problems(r#"{"people.meetings": {"part": 0.10000000000000001, "whole": 1}}"#),
        [(
            "people.meetings".to_owned(),
            AnswerProblem::Figure(crate::decimal::DecimalError::TooManyDigits(
                "0.10000000000000001".into()
            ))
        )]
    );
}

#[test]
fn a_part_equal_to_its_shared_total_scores_five() {
    let q = forms();
    let answers = parse_answer_file(
        &q,
        r#"{"figure.total_staff": 40, "people.email": {"part": 40}}"#,
        "a.json",
    )
    .unwrap();
    assert_eq!(score(&q, &answers).total, 5);
}

#[test]
fn a_part_above_its_shared_total_is_refused_with_the_criterion() {
    assert_eq!(
        problems(r#"{"figure.total_staff": 5, "people.email": {"part": 7}}"#),
        [(
            "people.email".to_owned(),
            AnswerProblem::PartAboveTotal {
                part: d("7"),
                total: d("5"),
                shared: Some("figure.total_staff".into())
            }
        )]
    );
    assert_eq!(
        problems(r#"{"figure.total_staff": 0, "people.email": {"part": 3}}"#).len(),
        1
    );
}

#[test]
fn every_wrong_form_is_named_with_its_question_and_all_are_listed() {
    let found = problems(
        r#"{"people.website": null, "figure.total_staff": true,
            "people.email": {"share": "20"}, "people.meetings": {"share": 20, "extra": 1}}"#,
    );
    let questions: Vec<&str> = found.iter().map(|(q, _)| q.as_str()).collect();
    assert_eq!(
        questions,
        [
            "figure.total_staff",
            "people.email",
            "people.meetings",
            "people.website"
        ]
    );
    assert!(matches!(
        found[0].1,
        AnswerProblem::WrongForm {
            expected: Expected::Number,
            given: Given::TrueOrFalse
        }
    ));
    assert!(matches!(
        found[1].1,
        AnswerProblem::WrongForm {
            expected: Expected::Number,
            given: Given::Text
        }
    ));
    assert_eq!(
        found[2].1,
        AnswerProblem::RatioForm {
            key: Some("extra".into())
        }
    );
    assert!(matches!(
        found[3].1,
        AnswerProblem::WrongForm {
            given: Given::Null,
            ..
        }
    ));
}

#[test]
fn a_question_given_twice_is_refused() {
    assert_eq!(
        problems(r#"{"people.meetings": 20, "people.meetings": 90}"#),
        [("people.meetings".to_owned(), AnswerProblem::GivenTwice)]
    );
}

#[test]
fn a_list_of_numbers_is_not_a_ratio() {
    let found = problems(r#"{"people.meetings": [3, 5]}"#);
    assert!(matches!(
        found[0].1,
        AnswerProblem::WrongForm {
            expected: Expected::Ratio,
            given: Given::ListOfNumbers
        }
    ));
}

#[test]
fn counts_with_decimals_are_refused() {
    assert_eq!(
        problems(r#"{"figure.total_staff": 2.5}"#),
        [(
            "figure.total_staff".to_owned(),
            AnswerProblem::NotWhole { value: d("2.5") }
        )]
    );
}

#[test]
fn two_figures_for_a_shared_total_answer_it_once_and_never_differ() {
    let q = forms();
    // The total given with the criterion answers the shared figure.
    let answers = parse_answer_file(
        &q,
        r#"{"people.email": {"part": 3, "whole": 20}}"#,
        "a.json",
    )
    .unwrap();
    assert_eq!(
        answers.get("figure.total_staff"),
        Some(&Answer::Number(d("20")))
    );
    assert_eq!(
        answers.get("people.email"),
        Some(&Answer::Ratio(RatioFigures::new(d("3"), None)))
    );
    // The same total twice is one total.
    assert!(
        parse_answer_file(
            &q,
            r#"{"figure.total_staff": 20, "people.email": {"part": 3, "whole": 20}}"#,
            "a.json",
        )
        .is_ok()
    );
    // Two different staff totals in one assessment are refused.
    assert_eq!(
        problems(r#"{"figure.total_staff": 10, "people.email": {"part": 3, "whole": 20}}"#),
        [(
            "people.email".to_owned(),
            AnswerProblem::TotalDiffers {
                shared: "figure.total_staff".into(),
                given: d("20"),
                answered: d("10")
            }
        )]
    );
}

#[test]
fn a_figure_beyond_what_a_figure_holds_says_so() {
    assert_eq!(
        problems(r#"{"people.meetings": {"part": 1e39, "whole": 1e39}}"#),
        [(
            "people.meetings".to_owned(),
            AnswerProblem::Figure(crate::decimal::DecimalError::TooLarge("1e39".into()))
        )]
    );
}

#[test]
fn a_broken_file_names_line_and_column() {
    let errors =
        parse_answer_file(&forms(), "{\"people.meetings\": 20,\n oops}", "a.json").unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].question, "a.json");
    assert!(
        errors[0].problem.to_string().contains("line 2, column 2"),
        "{}",
        errors[0].problem
    );
}

#[test]
fn a_ratio_answer_in_ron_is_read_too() {
    let q = forms();
    let answers = parse_answer_file(
        &q,
        r#"{"figure.total_staff": 10, "people.email": {"part": 9}, "people.meetings": "na"}"#,
        "a.ron",
    );
    // "na" is refused here (the question has no "not applicable"), with the rest read.
    let errors = answers.unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].problem, AnswerProblem::NotApplicableNotAllowed);
    let answers = parse_answer_file(
        &q,
        r#"{"figure.total_staff": 10, "people.email": {"part": 9}}"#,
        "a.ron",
    )
    .unwrap();
    // 9 of 10 = 90% → 5.
    assert_eq!(score(&q, &answers).total, 5);
}
