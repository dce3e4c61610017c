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

fn steps() -> Vec<RatioStep> {
    ["0", "20", "40", "60", "80"]
        .iter()
        .zip(1..)
        .map(|(above, points)| RatioStep {
            above: d(above),
            points,
        })
        .collect()
}

fn ratio(part: &str, whole: Option<&str>) -> Answer {
    Answer::Ratio(RatioFigures::new(d(part), whole.map(d)))
}

#[test]
fn a_share_exactly_on_a_step_stays_below_it() {
    // 1 of 5 is exactly 20%: "above 20%" does not hold, so 1 point, not 2.
    assert_eq!(ratio_points(&steps(), d("1"), d("5")), 1);
    assert_eq!(ratio_points(&steps(), d("3"), d("5")), 3);
    assert_eq!(ratio_points(&steps(), d("41"), d("100")), 3);
    assert_eq!(ratio_points(&steps(), d("81"), d("100")), 5);
    assert_eq!(ratio_points(&steps(), d("0.2"), d("1")), 1);
}

#[test]
fn a_share_a_hair_above_a_step_reaches_it() {
    assert_eq!(ratio_points(&steps(), d("20.00001"), d("100")), 2);
    assert_eq!(ratio_points(&steps(), d("2000001"), d("10000000")), 2);
    assert_eq!(ratio_points(&steps(), d("0.2000003"), d("1")), 2);
}

#[test]
fn a_part_equal_to_its_total_scores_the_top_step() {
    for figure in ["382.92", "0.1", "2.2", "159.94", "24691.3578"] {
        assert_eq!(ratio_points(&steps(), d(figure), d(figure)), 5, "{figure}");
    }
}

#[test]
fn an_answer_holding_two_figures_is_sixteen_bytes() {
    assert_eq!(std::mem::size_of::<Answer>(), 16);
    let text = ron::to_string(&ratio("1234.7", Some("0.1"))).unwrap();
    assert_eq!(text, "Ratio((part:1234.7,whole:Some(0.1)))");
    let back: Answer = ron::from_str(&text).unwrap();
    assert_eq!(back, ratio("1234.7", Some("0.1")));
    // Files written when figures were 32-bit floats read back as written.
    let stored: Answer = ron::from_str("Ratio((part:24691.357,whole:None))").unwrap();
    assert_eq!(stored, ratio("24691.357", None));
}

#[test]
fn nothing_out_of_something_and_nothing_out_of_nothing_score_zero() {
    assert_eq!(ratio_points(&steps(), d("0"), d("120")), 0);
    assert_eq!(ratio_points(&steps(), d("0"), d("0")), 0);
    assert_eq!(ratio_points(&steps(), d("1"), d("1000")), 1);
}

#[test]
fn the_gate_no_scores_zero_and_the_levels_score_in_order() {
    let q = forms();
    let question = q.question("people.website").unwrap();
    assert_eq!(Answer::Choice("no".into()).points(question), Ok(0));
    assert_eq!(Answer::Choice("stale".into()).points(question), Ok(1));
    assert_eq!(Answer::Choice("weekly".into()).points(question), Ok(5));
}

#[test]
fn a_part_above_its_shared_total_is_refused_naming_the_total() {
    let q = forms();
    let question = q.question("people.email").unwrap();
    assert_eq!(
        ratio("7", None).points_with(question, Some(d("5"))),
        Err(AnswerProblem::PartAboveTotal {
            part: d("7"),
            total: d("5"),
            shared: Some("figure.total_staff".into())
        })
    );
    // A total of 0 takes no part above 0.
    assert!(
        ratio("3", None)
            .points_with(question, Some(d("0")))
            .is_err()
    );
    assert_eq!(ratio("0", None).points_with(question, Some(d("0"))), Ok(0));
}

#[test]
fn a_total_given_where_the_total_is_shared_is_refused() {
    let q = forms();
    let question = q.question("people.email").unwrap();
    assert_eq!(
        ratio("3", Some("20")).check(question),
        Err(AnswerProblem::TotalIsShared {
            shared: "figure.total_staff".into()
        })
    );
}

#[test]
fn counts_of_people_are_whole_numbers() {
    let q = forms();
    let staff = q.question("figure.total_staff").unwrap();
    assert_eq!(
        Answer::Number(d("2.5")).check(staff),
        Err(AnswerProblem::NotWhole { value: d("2.5") })
    );
    assert_eq!(Answer::Number(d("25")).check(staff), Ok(()));
    let email = q.question("people.email").unwrap();
    assert_eq!(
        ratio("3.2", None).check(email),
        Err(AnswerProblem::NotWhole { value: d("3.2") })
    );
    // A share is not a count: decimals are fine there.
    assert_eq!(Answer::Number(d("12.5")).check(email), Ok(()));
    // Meetings in this fixture are not marked as counted.
    let meetings = q.question("people.meetings").unwrap();
    assert_eq!(ratio("2.5", Some("10")).points(meetings), Ok(2));
}

#[test]
fn a_set_of_answers_is_checked_across_questions() {
    let q = forms();
    let answers = Answers::from([
        ("figure.total_staff", Answer::Number(d("5"))),
        ("people.email", ratio("7", None)),
        ("people.meetings", ratio("3", Some("2"))),
        ("nobody.asked", Answer::Number(d("1"))),
    ]);
    let errors = check_answers(&q, &answers);
    let named: Vec<&str> = errors.iter().map(|e| e.question.as_str()).collect();
    assert_eq!(named, ["nobody.asked", "people.email", "people.meetings"]);
}

#[test]
fn a_shared_total_cannot_drop_below_a_part_already_given() {
    let q = forms();
    let answers = Answers::from([
        ("figure.total_staff", Answer::Number(d("10"))),
        ("people.email", ratio("7", None)),
    ]);
    assert_eq!(
        check_change(&q, &answers, "figure.total_staff", &Answer::Number(d("5"))),
        Err(AnswerProblem::TotalBelowPart {
            criterion: "5.1.3".into(),
            part: d("7"),
            total: d("5")
        })
    );
    assert_eq!(
        check_change(&q, &answers, "figure.total_staff", &Answer::Number(d("7"))),
        Ok(())
    );
    assert!(check_change(&q, &answers, "people.email", &ratio("11", None)).is_err());
    assert_eq!(
        check_change(&q, &answers, "people.email", &ratio("10", None)),
        Ok(())
    );
}

#[test]
fn a_ratio_whose_shared_total_is_missing_is_reported_not_scored() {
    let q = forms();
    let answers = Answers::from([("people.email", ratio("10", None))]);
    let report = score(&q, &answers);
    assert_eq!(report.total, 0);
    assert_eq!(report.invalid.len(), 1);
    assert!(report.invalid[0].reason.contains("figure.total_staff"));
    assert!(report.unanswered.contains(&"figure.total_staff".to_owned()));
}

#[test]
fn a_wrong_form_says_what_the_question_takes() {
    let q = forms();
    let website = q.question("people.website").unwrap();
    let problem = Answer::Number(d("3")).points(website).unwrap_err();
    assert_eq!(
        problem.to_string(),
        "the question takes one option id (no, stale, half_year, quarterly, monthly, weekly), not a number"
    );
}
