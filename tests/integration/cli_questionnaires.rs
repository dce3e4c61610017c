//! `questionnaire check|show` and `score` on the fixtures.

use serde_json::json;

use crate::{
    assert_refused, json, refusal, sohoa, sohoa_on_new_folder, stderr, stdout, total_and_level,
};

const MINI: &str = "tests/fixtures/mini.ron";

#[test]
fn the_fixture_questionnaires_pass_the_check() {
    let out = sohoa_on_new_folder(&[
        "questionnaire",
        "check",
        MINI,
        "tests/fixtures/dbi-rules.ron",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "mini 1.0.0 · 2 trụ cột, 2 chỉ số thành phần, 6 tiêu chí, 7 câu hỏi, 30 điểm"
        )
    );
}

#[test]
fn a_broken_questionnaire_lists_every_problem_with_line_and_column() {
    let err = refusal(&sohoa_on_new_folder(&[
        "questionnaire",
        "check",
        "tests/fixtures/broken.ron",
    ]));
    let expected = [
        "broken.ron:15:5: max_points is 30 but the pillar maxima add up to 32",
        "broken.ron:27:9: gap between the bands of level 1 and level 2 at 20 %",
        "broken.ron:29:9: the bands of level 3 and level 4 overlap at 60 %",
        "broken.ron:64:107: option `monthly` gives 7 points, more than the question maximum 5",
        "broken.ron:66:39: skip logic points forward: `plan.stage` comes after `web.updates`",
        "broken.ron:69:29: duplicate question id `web.has_site`",
        "broken.ron:109:13: pillar `plan` has max_points 12 but its questions add up to 10",
        "broken.ron:113:83: missing translation: `en` is empty",
        "broken.ron:126:31: skip logic points to unknown question `plan.budget`",
    ];
    for line in expected {
        assert!(err.contains(line), "missing `{line}` in:\n{err}");
    }
    assert!(err.contains("có 9 lỗi"), "{err}");
}

#[test]
fn a_syntax_error_is_reported_with_its_position() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("typo.ron");
    std::fs::write(
        &file,
        "(\n    schema: 1,\n    id: \"x\"\n    version: \"1\",\n)",
    )
    .unwrap();
    let out = sohoa(
        data.path(),
        &["questionnaire", "check", file.to_str().unwrap()],
    );
    assert_refused(&out, "typo.ron:4:5");
}

#[test]
fn show_json_follows_the_documented_shape() {
    let value = json(&sohoa_on_new_folder(&[
        "questionnaire",
        "show",
        MINI,
        "--json",
    ]));
    assert_eq!(value["id"], "mini");
    assert_eq!(value["max_points"], 30);
    let web = &value["pillars"][0];
    assert_eq!(web["name_vi"], "Trải nghiệm số cho khách hàng");
    assert_eq!(web["max_points"], 20);
    let updates = &web["questions"][1];
    assert_eq!(updates["kind"], "single_choice");
    assert_eq!(updates["options"][3], json!({"id": "monthly", "points": 5}));
    assert_eq!(
        updates["show_if"],
        json!({"question": "web.has_site", "any_of": ["yes"]})
    );
    assert_eq!(
        web["questions"][3]["bands"][3],
        json!({"min": 30.0, "max": null, "points": 8})
    );
}

#[test]
fn show_prints_the_questionnaire_readably_in_vietnamese() {
    let text = stdout(&sohoa_on_new_folder(&["questionnaire", "show", MINI]));
    assert!(
        text.contains("TRỤ CỘT 1. TRẢI NGHIỆM SỐ CHO KHÁCH HÀNG (20 điểm)"),
        "{text}"
    );
    assert!(text.contains(
        "2. Trang web được cập nhật thường xuyên đến đâu? [web.updates · tối đa 5 điểm]"
    ));
    assert!(
        text.contains("↳ chỉ hỏi khi câu 1 được trả lời: “Có”"),
        "{text}"
    );
    assert!(text.contains("[na] Không áp dụng (0 điểm)"));
}

/// Runs `sohoa score` of the answer file `answers` on the mini questionnaire.
fn run_score(answers: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["score", "--questionnaire", MINI, "--answers", answers];
    args.extend_from_slice(extra);
    sohoa_on_new_folder(&args)
}

/// The JSON report `sohoa score` gives of the answer file `answers`.
fn score(answers: &str) -> serde_json::Value {
    json(&run_score(answers, &["--json"]))
}

#[test]
fn the_typical_answer_file_scores_as_worked_out_by_hand() {
    let report = score("tests/fixtures/answers/mini-typical.ron");
    assert_eq!(report["pillars"][0]["points"], 14);
    assert_eq!(report["pillars"][0]["level"], 4);
    assert_eq!(report["pillars"][1]["points"], 6);
    assert_eq!(report["pillars"][1]["level"], 3);
    assert_eq!(report["total"], 20);
    assert_eq!(report["level"], 3);
    assert_eq!(report["unanswered"], json!([]));
}

#[test]
fn skipped_and_not_applicable_answers_score_zero_and_are_listed() {
    let report = score("tests/fixtures/answers/mini-skip-and-na.json");
    assert_eq!(report["pillars"][0]["points"], 13);
    assert_eq!(report["pillars"][1]["points"], 6);
    assert_eq!(report["total"], 19);
    assert_eq!(report["level"], 3);
    assert_eq!(report["skipped"], json!(["web.updates"]));
    assert_eq!(report["not_applicable"], json!(["plan.staff_trained"]));
}

#[test]
fn all_best_answers_reach_the_maximum_and_level_five() {
    let report = score("tests/fixtures/answers/mini-all-max.ron");
    assert_eq!(total_and_level(&report), (Some(30), Some(5)));
}

#[test]
fn all_worst_answers_are_level_zero() {
    let report = score("tests/fixtures/answers/mini-all-zero.json");
    assert_eq!(total_and_level(&report), (Some(0), Some(0)));
    assert_eq!(report["skipped"], json!(["web.updates"]));
}

#[test]
fn wrong_answers_are_all_reported_and_nothing_is_scored() {
    let out = run_score("tests/fixtures/answers/mini-bad.json", &[]);
    assert_refused(&out, "có 4 lỗi");
    let err = stderr(&out);
    assert!(err.contains("web.has_site: “maybe” không phải là phương án (các phương án: yes, no)"));
    assert!(err.contains("web.fax: không phải câu hỏi của mini 1.0.0"));
    assert!(err.contains("web.online_sales: 140 không phải tỷ lệ phần trăm từ 0 đến 100"));
    assert!(err.contains("plan.stage: câu hỏi này không có lựa chọn “không áp dụng”"));
    assert!(stdout(&out).is_empty());
}

#[test]
fn an_unknown_questionnaire_id_says_which_ones_exist() {
    assert_refused(
        &sohoa_on_new_folder(&["questionnaire", "show", "no-such-thing"]),
        "không phải là tệp, cũng không phải bộ câu hỏi đã cài đặt",
    );
}
