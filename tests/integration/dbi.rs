//! The official DBI-2021 SME questionnaire: its shape pinned, and answer files
//! whose results were worked out by hand (see the comment at the top of each).

use sohoa::questionnaire::answer_file::parse_answer_file;
use sohoa::questionnaire::{QuestionKind, Questionnaire, score};

use crate::{sohoa_on_new_folder, stderr, stdout};

fn dbi() -> Questionnaire {
    Questionnaire::load_file(std::path::Path::new(
        "questionnaires/dbi-2021-sme-1.0.0.ron",
    ))
    .expect("the DBI file loads")
}

#[test]
fn the_dbi_questionnaire_has_six_pillars_ten_groups_sixty_criteria_and_320_points() {
    let q = dbi();
    assert_eq!(q.id, "dbi-2021-sme");
    assert_eq!(q.pillars.len(), 6);
    assert_eq!(q.group_count(), 10);
    assert_eq!(q.question_count(), 60);
    assert_eq!(q.max_points, 320);
    let maxima: Vec<u32> = q.pillars.iter().map(|p| p.max_points).collect();
    assert_eq!(maxima, [65, 25, 80, 65, 50, 35]);
    let group_sizes: Vec<usize> = q
        .pillars
        .iter()
        .flat_map(|p| p.groups.iter().map(|g| g.questions.len()))
        .collect();
    assert_eq!(group_sizes, [9, 4, 1, 2, 14, 6, 7, 5, 5, 7]);
    assert_eq!(q.recommendations.len(), 36);
}

#[test]
fn every_criterion_scores_up_to_five_except_strategy_in_steps_of_five_to_twenty_five() {
    let q = dbi();
    for (_, question) in q.questions() {
        if question.id == "strategy.dx_plan" {
            assert_eq!(question.max_points, 25);
            let points: Vec<u32> = question
                .kind
                .option_points()
                .iter()
                .map(|(_, p)| *p)
                .collect();
            assert_eq!(points, [0, 5, 10, 15, 20, 25]);
        } else {
            assert_eq!(question.max_points, 5, "{}", question.id);
        }
        assert!(
            !matches!(question.kind, QuestionKind::FreeText),
            "{} is scored",
            question.id
        );
    }
}

#[test]
fn the_level_names_are_the_official_ones_in_both_languages() {
    let q = dbi();
    let names: Vec<(&str, &str)> = q
        .levels
        .iter()
        .map(|l| (l.name.vi.as_str(), l.name.en.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Chưa khởi động", "Not started"),
            ("Khởi động", "Initiating"),
            ("Bắt đầu", "Beginning"),
            ("Hình thành", "Formed"),
            ("Nâng cao", "Advanced"),
            ("Dẫn dắt", "Leading"),
        ]
    );
}

#[test]
fn every_text_differs_between_the_two_languages() {
    // A Vietnamese text copied into the English slot (or back) is a missing translation.
    let q = dbi();
    for (_, question) in q.questions() {
        assert_ne!(question.text.vi, question.text.en, "{}", question.id);
        for option in match &question.kind {
            QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
                options.as_slice()
            }
            _ => &[],
        } {
            assert_ne!(
                option.label.vi, option.label.en,
                "{} / {}",
                question.id, option.id
            );
        }
    }
    for rec in &q.recommendations {
        assert_ne!(rec.text.vi, rec.text.en);
    }
}

#[test]
fn the_file_states_its_source_and_the_ten_percent_rule() {
    let q = dbi();
    assert!(q.source.vi.contains("1970/QĐ-BTTTT"));
    assert!(
        q.notes
            .iter()
            .any(|n| n.vi.contains("10 %") && n.vi.contains("mức 0"))
    );
}

/// An answer file's result: (file, points and level of each pillar, total, level).
type Worked = (&'static str, [u32; 6], [u8; 6], u32, u8);

/// Each answer file's result, as worked out in the file's comment.
#[rustfmt::skip]
const WORKED: &[Worked] = &[
    ("annex-example", [39,  0,  0,  0,  0,  0], [3, 0, 0, 0, 0, 0],  39, 0),
    ("all-zero",      [ 0,  0,  0,  0,  0,  0], [0, 0, 0, 0, 0, 0],   0, 0),
    ("all-max",       [65, 25, 80, 65, 50, 35], [5, 5, 5, 5, 5, 5], 320, 5),
    ("level-1",       [ 7,  5,  0,  0,  6,  4], [1, 1, 0, 0, 1, 1],  22, 1),
    ("level-1-below", [ 6,  5,  0,  0,  6,  4], [0, 1, 0, 0, 1, 1],  21, 0),
    ("level-2",       [14, 10, 16,  6, 11,  8], [2, 2, 1, 0, 2, 2],  65, 2),
    ("level-2-below", [14, 10, 16,  5, 11,  8], [2, 2, 1, 0, 2, 2],  64, 1),
    ("level-3",       [27, 15, 32, 19, 21, 15], [3, 3, 2, 2, 3, 3], 129, 3),
    ("level-3-below", [27, 15, 32, 18, 21, 15], [3, 3, 2, 2, 3, 3], 128, 2),
    ("level-4",       [40, 20, 40, 40, 31, 22], [4, 4, 3, 4, 4, 4], 193, 4),
    ("level-4-below", [40, 20, 39, 40, 31, 22], [4, 4, 3, 4, 4, 4], 192, 3),
    ("level-5",       [53, 25, 65, 53, 41, 29], [5, 5, 5, 5, 5, 5], 266, 5),
    ("level-5-below", [53, 25, 64, 53, 41, 29], [5, 5, 4, 5, 5, 5], 265, 4),
];

#[test]
fn every_hand_worked_answer_file_scores_as_its_comment_says() {
    let q = dbi();
    for (name, points, levels, total, level) in WORKED {
        let path = format!("tests/fixtures/answers/dbi/{name}.ron");
        let text = std::fs::read_to_string(&path).unwrap();
        let answers =
            parse_answer_file(&q, &text, &path).unwrap_or_else(|e| panic!("{path}: {e:?}"));
        let report = score(&q, &answers);
        let got_points: Vec<u32> = report.pillars.iter().map(|p| p.points).collect();
        let got_levels: Vec<u8> = report.pillars.iter().map(|p| p.level).collect();
        assert_eq!(got_points, points, "{name}");
        assert_eq!(got_levels, levels, "{name}");
        assert_eq!((report.total, report.level), (*total, *level), "{name}");
        assert!(
            report.invalid.is_empty() && report.unknown.is_empty(),
            "{name}"
        );
        if *name == "all-zero" {
            assert_eq!(
                report.skipped,
                [
                    "customer.ecommerce_revenue_share",
                    "customer.cross_border_share"
                ]
            );
        } else {
            assert!(
                report.unanswered.is_empty(),
                "{name}: {:?}",
                report.unanswered
            );
        }
    }
}

#[test]
fn every_shipped_questionnaire_passes_the_check() {
    let files: Vec<String> = std::fs::read_dir("questionnaires")
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".ron"))
        .collect();
    assert!(!files.is_empty());
    let mut args = vec!["questionnaire", "check"];
    args.extend(files.iter().map(String::as_str));
    let out = sohoa_on_new_folder(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(
        "dbi-2021-sme 1.0.0 · 6 trụ cột, 10 chỉ số thành phần, 60 tiêu chí, 60 câu hỏi, 320 điểm"
    ));
    // Edition 2.0.0 asks four shared totals besides its 60 criteria.
    assert!(stdout(&out).contains(
        "dbi-2021-sme 2.0.0 · 6 trụ cột, 10 chỉ số thành phần, 60 tiêu chí, 64 câu hỏi, 320 điểm"
    ));
}
