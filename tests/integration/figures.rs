//! Figures scored to the letter: random decimal answers to every ratio
//! criterion of the built-in questionnaire, read from an answer file's text and
//! scored by the library, against integer arithmetic written here from the rule
//! (`part × 100 > step × total`, a part never above its total, counts whole).
//!
//! The answer sets lean on the places where rounding used to bite: parts equal
//! to their totals, parts a unit either side of a step, shares within 10⁻⁵ of
//! each cut-off, totals of 0, figures with up to three decimals. The browser
//! test of the offline form scores the same kind of sets (see `form.rs`).

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use sohoa::decimal::Decimal;
use sohoa::questionnaire::answer_file::parse_answer_file;
use sohoa::questionnaire::{
    Answer, Answers, Question, QuestionKind, Questionnaire, RatioFigures, Whole, score,
};

/// Figures are written with up to five decimals; the oracle counts in 10⁻⁵.
const SCALE: u128 = 100_000;

/// A decimal text from a count of 10^-places: `decimal_text(38292, 2)` = "382.92".
fn decimal_text(units: u64, places: u32) -> String {
    if places == 0 {
        return units.to_string();
    }
    let digits = format!("{units:0>width$}", width = places as usize + 1);
    let (whole, fraction) = digits.split_at(digits.len() - places as usize);
    format!("{whole}.{fraction}")
}

/// A decimal text in units of 10⁻⁵, for the oracle.
fn scaled(text: &str) -> u128 {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    assert!(fraction.len() <= 5, "{text}");
    let fraction = format!("{fraction:0<5}");
    whole.parse::<u128>().unwrap() * SCALE + fraction.parse::<u128>().unwrap()
}

/// How one ratio criterion is answered.
#[derive(Debug, Clone)]
pub enum RatioAnswer {
    Share(String),
    Figures { part: String, whole: Option<String> },
}

/// One random answer set: the shared figures and an answer to every ratio criterion.
#[derive(Debug, Clone)]
pub struct FigureSet {
    pub shared: Vec<(String, String)>,
    pub ratios: Vec<(String, RatioAnswer)>,
}

fn takes_whole_numbers(question: &Question) -> bool {
    question.kind.takes_whole_numbers()
}

/// A total: 0 now and then, else up to 10⁷ with as many decimals as allowed.
fn random_total(rng: &mut fastrand::Rng, whole_only: bool) -> (u64, u32) {
    let places = if whole_only { 0 } else { rng.u32(0..=3) };
    let units = match rng.u8(..10) {
        0 => 0,
        1 => rng.u64(1..10),
        _ => rng.u64(1..10_000_000),
    };
    (units, places)
}

/// A part for `total`: equal to it, a unit either side of a step's edge, anything
/// up to it; in a set with wrong answers, now and then one unit above it, or
/// (for counts) with a decimal.
fn random_part(
    rng: &mut fastrand::Rng,
    (total, places): (u64, u32),
    steps: &[u64],
    whole_only: bool,
    wrong_answers: bool,
) -> String {
    let pick = if wrong_answers {
        rng.u8(..12)
    } else {
        rng.u8(..10)
    };
    let units = match pick {
        0..=2 => total,
        3..=7 => {
            let cut = steps[rng.usize(..steps.len())];
            let edge = u128::from(total) * u128::from(cut) / 100;
            let edge = u64::try_from(edge).unwrap();
            match rng.u8(..3) {
                0 => edge.saturating_sub(1),
                1 => edge,
                _ => (edge + 1).min(total),
            }
        }
        8..=9 => rng.u64(0..=total),
        10 => total + 1,
        _ if whole_only => return format!("{}.5", rng.u64(0..=total)),
        _ => rng.u64(0..=total),
    };
    decimal_text(units, places)
}

/// A share within 10⁻⁵ of a cut-off (or of 0 or 100), or any share with three decimals.
fn random_share(rng: &mut fastrand::Rng, steps: &[u64]) -> String {
    if rng.u8(..4) == 0 {
        return decimal_text(rng.u64(0..=100_000), 3);
    }
    let mut cuts = steps.to_vec();
    cuts.extend([0, 100]);
    let cut = i64::try_from(cuts[rng.usize(..cuts.len())]).unwrap() * 100_000;
    let units = (cut + rng.i64(-2..=2)).clamp(0, 100 * 100_000);
    decimal_text(u64::try_from(units).unwrap(), 5)
}

/// Each step's `above`, in whole percent (every built-in step is whole).
fn steps_of(question: &Question) -> Vec<u64> {
    let QuestionKind::Ratio { steps, .. } = &question.kind else {
        return Vec::new();
    };
    steps
        .iter()
        .map(|s| {
            let text = s.above.to_string();
            text.parse()
                .unwrap_or_else(|_| panic!("a whole step: {text}"))
        })
        .collect()
}

/// A random answer set for every ratio criterion of `q`.
pub fn random_figure_set(rng: &mut fastrand::Rng, q: &Questionnaire) -> FigureSet {
    let mut shared: Vec<(String, String)> = Vec::new();
    let mut totals: Vec<(String, (u64, u32))> = Vec::new();
    let mut ratios = Vec::new();
    // One set in four has wrong answers in it, which must be refused.
    let wrong_answers = rng.u8(..4) == 0;
    for (_, question) in q.questions() {
        let QuestionKind::Ratio { whole, .. } = &question.kind else {
            continue;
        };
        let whole_only = takes_whole_numbers(question);
        let steps = steps_of(question);
        if rng.u8(..4) == 0 {
            ratios.push((
                question.id.clone(),
                RatioAnswer::Share(random_share(rng, &steps)),
            ));
            continue;
        }
        let answer = match whole {
            Whole::Asked(_) => {
                let total = random_total(rng, whole_only);
                RatioAnswer::Figures {
                    part: random_part(rng, total, &steps, whole_only, wrong_answers),
                    whole: Some(decimal_text(total.0, total.1)),
                }
            }
            Whole::Figure(figure) => {
                let total = match totals.iter().find(|(f, _)| f == figure) {
                    Some((_, total)) => *total,
                    None => {
                        let total = random_total(rng, whole_only);
                        totals.push((figure.clone(), total));
                        shared.push((figure.clone(), decimal_text(total.0, total.1)));
                        total
                    }
                };
                RatioAnswer::Figures {
                    part: random_part(rng, total, &steps, whole_only, wrong_answers),
                    whole: None,
                }
            }
        };
        ratios.push((question.id.clone(), answer));
    }
    FigureSet { shared, ratios }
}

impl FigureSet {
    /// The set as an answer file (JSON), every figure written as its text.
    pub fn answer_file(&self) -> String {
        let mut fields = Vec::new();
        for (figure, total) in &self.shared {
            fields.push(format!("{figure:?}: {total}"));
        }
        for (id, answer) in &self.ratios {
            let value = match answer {
                RatioAnswer::Share(share) => format!("{{\"share\": {share}}}"),
                RatioAnswer::Figures { part, whole: None } => format!("{{\"part\": {part}}}"),
                RatioAnswer::Figures {
                    part,
                    whole: Some(whole),
                } => format!("{{\"part\": {part}, \"whole\": {whole}}}"),
            };
            fields.push(format!("{id:?}: {value}"));
        }
        format!("{{{}}}", fields.join(", "))
    }

    /// The set as the library holds it, refused answers included (they score 0).
    pub fn answers(&self) -> Answers {
        let d = |text: &str| text.parse::<Decimal>().unwrap();
        let mut answers = Answers::new();
        for (figure, total) in &self.shared {
            answers.insert(figure, Answer::Number(d(total)));
        }
        for (id, answer) in &self.ratios {
            let answer = match answer {
                RatioAnswer::Share(share) => Answer::Number(d(share)),
                RatioAnswer::Figures { part, whole } => {
                    Answer::Ratio(RatioFigures::new(d(part), whole.as_deref().map(d)))
                }
            };
            answers.insert(id, answer);
        }
        answers
    }

    /// The set as the offline form's page holds it: figures as decimal texts.
    pub fn page_answers(&self) -> Map<String, Value> {
        let mut page = Map::new();
        for (figure, total) in &self.shared {
            page.insert(figure.clone(), json!({ "number": total }));
        }
        for (id, answer) in &self.ratios {
            let value = match answer {
                RatioAnswer::Share(share) => json!({ "number": share }),
                RatioAnswer::Figures { part, whole } => {
                    json!({ "ratio": { "part": part, "whole": whole } })
                }
            };
            page.insert(id.clone(), value);
        }
        page
    }

    /// What exact arithmetic says: each pillar's points, or the criteria that
    /// must be refused (a part above its total, a count with a decimal).
    pub fn oracle(&self, q: &Questionnaire) -> Result<Vec<u32>, Vec<String>> {
        let mut points = vec![0u32; q.pillars.len()];
        let mut refused = Vec::new();
        for (pillar, question) in q.questions() {
            let Some((_, answer)) = self.ratios.iter().find(|(id, _)| *id == question.id) else {
                continue;
            };
            let QuestionKind::Ratio { whole, steps, .. } = &question.kind else {
                continue;
            };
            let (part, total) = match answer {
                RatioAnswer::Share(share) => (scaled(share), 100 * SCALE),
                RatioAnswer::Figures { part, whole: given } => {
                    let total = match (given, whole) {
                        (Some(total), _) => total.clone(),
                        (None, Whole::Figure(figure)) => self
                            .shared
                            .iter()
                            .find(|(f, _)| f == figure)
                            .map(|(_, t)| t.clone())
                            .unwrap(),
                        (None, Whole::Asked(_)) => unreachable!(),
                    };
                    if takes_whole_numbers(question) && part.contains('.') {
                        refused.push(question.id.clone());
                        continue;
                    }
                    (scaled(part), scaled(&total))
                }
            };
            if part > total {
                refused.push(question.id.clone());
                continue;
            }
            let earned = if total == 0 {
                0
            } else {
                steps
                    .iter()
                    .filter(|step| {
                        let above = scaled(&step.above.to_string());
                        part * 100 * SCALE > above * total
                    })
                    .map(|step| step.points)
                    .max()
                    .unwrap_or(0)
            };
            points[pillar] += earned;
        }
        if refused.is_empty() {
            Ok(points)
        } else {
            refused.sort();
            Err(refused)
        }
    }
}

use crate::form::dbi;

/// Parses the set's answer file and checks the library against the oracle.
fn check_against_exact_arithmetic(q: &Questionnaire, set: &FigureSet) -> Result<(), String> {
    let file = set.answer_file();
    match (parse_answer_file(q, &file, "set.json"), set.oracle(q)) {
        (Ok(answers), Ok(points)) => {
            let report = score(q, &answers);
            let library: Vec<u32> = report.pillars.iter().map(|p| p.points).collect();
            if library != points || !report.invalid.is_empty() {
                return Err(format!(
                    "library {library:?} (invalid {:?}), exact {points:?}: {file}",
                    report.invalid
                ));
            }
        }
        (Err(errors), Err(refused)) => {
            let mut named: Vec<String> = errors.iter().map(|e| e.question.clone()).collect();
            named.sort();
            named.dedup();
            if named != refused {
                return Err(format!("refused {named:?}, expected {refused:?}: {file}"));
            }
        }
        (Ok(_), Err(refused)) => {
            return Err(format!("accepted, expected {refused:?} refused: {file}"));
        }
        (Err(errors), Ok(_)) => {
            return Err(format!("refused {errors:?}, expected accepted: {file}"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_ratio_criterion_scores_as_exact_arithmetic_says(seed in any::<u64>()) {
        let q = dbi();
        let set = random_figure_set(&mut fastrand::Rng::with_seed(seed), &q);
        if let Err(why) = check_against_exact_arithmetic(&q, &set) {
            prop_assert!(false, "{}", why);
        }
    }
}

#[test]
fn the_random_sets_reach_every_case_they_are_meant_to() {
    let q = dbi();
    let mut rng = fastrand::Rng::with_seed(26);
    let (mut equal, mut refused, mut accepted, mut near_cut) = (0, 0, 0, 0);
    for _ in 0..500 {
        let set = random_figure_set(&mut rng, &q);
        match set.oracle(&q) {
            Ok(_) => accepted += 1,
            Err(_) => refused += 1,
        }
        for (_, answer) in &set.ratios {
            match answer {
                RatioAnswer::Figures {
                    part,
                    whole: Some(whole),
                } if part == whole => equal += 1,
                RatioAnswer::Share(share)
                    if share.ends_with("00001") || share.ends_with("99999") =>
                {
                    near_cut += 1
                }
                _ => {}
            }
        }
    }
    assert!(equal > 100, "{equal}");
    assert!(near_cut > 50, "{near_cut}");
    assert!(refused > 50 && accepted > 250, "{refused} / {accepted}");
}

#[test]
fn the_examples_of_the_exact_figures_report_score_as_written() {
    let q = dbi();
    let total = |file: &str| score(&q, &parse_answer_file(&q, file, "a.json").unwrap()).total;
    // A part equal to its shared total: 100 %, the top step (was 0).
    for figure in ["382.92", "0.1", "2.2", "159.94"] {
        assert_eq!(
            total(&format!(
                r#"{{"figure.revenue_last_year": {figure}, "data.data_revenue": {{"part": {figure}}}}}"#
            )),
            5,
            "{figure}"
        );
    }
    // Just above a cut-off is above it (was one step low).
    assert_eq!(total(r#"{"data.data_revenue": {"share": 20.00001}}"#), 2);
    assert_eq!(
        total(r#"{"customer.online_purchasing": {"part": 2000001, "whole": 10000000}}"#),
        2
    );
    // A part above its total by less than a 32-bit float can tell is refused.
    let refused = parse_answer_file(
        &q,
        r#"{"customer.online_purchasing": {"part": 16777217, "whole": 16777216}}"#,
        "a.json",
    )
    .unwrap_err();
    assert_eq!(refused[0].question, "customer.online_purchasing");
    // A part above its shared total, or above a total of 0, is refused and named.
    for file in [
        r#"{"figure.total_staff": 5, "operations.ict_training": {"part": 7}}"#,
        r#"{"figure.total_staff": 0, "operations.ict_training": {"part": 3}}"#,
    ] {
        let errors = parse_answer_file(&q, file, "a.json").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].question, "operations.ict_training");
    }
    // Figures come back with every digit.
    let answers = parse_answer_file(
        &q,
        r#"{"figure.revenue_last_year": 30000, "data.data_revenue": {"part": 24691.3578}}"#,
        "a.json",
    )
    .unwrap();
    assert_eq!(
        ron::to_string(&answers.get("data.data_revenue").unwrap()).unwrap(),
        "Ratio((part:24691.3578,whole:None))"
    );
}

#[test]
fn score_reads_a_data_folder_but_never_makes_or_writes_one() {
    let place = tempfile::tempdir().unwrap();
    let answers = place.path().join("answers.json");
    std::fs::write(&answers, r#"{"figure.total_staff": 10}"#).unwrap();
    let empty = place.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let missing = place.path().join("missing");
    for folder in [&empty, &missing] {
        crate::sohoa_ok(
            folder,
            &[
                "score",
                "--questionnaire",
                "dbi-2021-sme",
                "--answers",
                answers.to_str().unwrap(),
            ],
        );
    }
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0);
    assert!(!missing.exists());
}

#[test]
fn a_completed_assessment_stored_before_figures_were_exact_is_listed_with_both_results() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let id = crate::add_enterprise(data, "Công ty TNHH Dữ liệu Chợ Lách", &[]);
    let answers = data.join("answers.json");
    std::fs::write(
        &answers,
        r#"{"figure.revenue_last_year": 382.92, "data.data_revenue": {"part": 300},
            "operations.it_unit": 2}"#,
    )
    .unwrap();
    crate::sohoa_ok(
        data,
        &[
            "assess",
            &id,
            "--answers",
            answers.to_str().unwrap(),
            "--complete",
        ],
    );
    let nothing = crate::json(&crate::sohoa_ok(data, &["score-changes", "--json"]));
    assert_eq!(nothing, json!([]));
    // What an earlier version stored: the part as its 32-bit float wrote it back
    // (382.92, which it then scored as above its total), and a count with a decimal.
    let record = data.join("enterprises").join(format!("{id}.ron"));
    let text = std::fs::read_to_string(&record).unwrap();
    assert!(
        text.contains("300.0") && text.contains("Number(2.0)"),
        "{text}"
    );
    let legacy = text
        .replace("300.0", "382.92")
        .replace("Number(2.0)", "Number(2.5)");
    std::fs::write(&record, legacy).unwrap();
    let before = std::fs::read(&record).unwrap();

    let out = crate::sohoa_ok(data, &["score-changes", "--json"]);
    let changes = crate::json(&out);
    assert_eq!(changes.as_array().unwrap().len(), 1);
    let change = &changes[0];
    assert_eq!(change["enterprise"], json!(id));
    assert_eq!(change["formerly"], json!([2, 0]));
    assert_eq!(change["now"], json!([5, 0]));
    let criteria: Vec<(&str, &Value, &Value)> = change["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["question"].as_str().unwrap(), &c["formerly"], &c["now"]))
        .collect();
    assert_eq!(criteria.len(), 2);
    assert_eq!(criteria[0].0, "operations.it_unit");
    assert_eq!(criteria[0].1, &json!({"Ok": 2}));
    assert_eq!(
        criteria[0].2,
        &json!({"Err": "2.5 is not a whole number: this counts people or things"})
    );
    assert_eq!(criteria[1].0, "data.data_revenue");
    assert_eq!(criteria[1].2, &json!({"Ok": 5}));
    // Opening the folder says which answer no longer fits; nothing was rewritten.
    assert!(crate::stderr(&out).contains("operations.it_unit (2.5 is not a whole number"));
    assert_eq!(std::fs::read(&record).unwrap(), before);
    // Read as a person reads it.
    let words = crate::stdout(&crate::sohoa_ok(data, &["score-changes"]));
    assert!(
        words.contains("trước: 2 điểm, mức 0 → nay: 5 điểm, mức 0"),
        "{words}"
    );
    assert!(
        words.contains("6.1.5 data.data_revenue: không hợp lệ → 5"),
        "{words}"
    );
}
