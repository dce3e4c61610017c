//! The offline form's file around the edges, in a real browser: one blank form
//! filled in for two enterprises one after the other, a corrected result sent
//! again, and a form made for an enterprise whose name holds `<!--`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::form::{
    Setup, answer_visible_questions, blank_form, click, file_url, fill_profile, type_into,
    with_browser,
};
use crate::{add_enterprise, sohoa_ok};

const TAX_A: &str = "0100109106";
const TAX_B: &str = "1300123452";

/// The `.sohoa` files saved into `dir` so far, oldest first.
fn saved_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sohoa"))
        .map(|p| (std::fs::metadata(&p).unwrap().modified().unwrap(), p))
        .collect();
    files.sort();
    files.into_iter().map(|(_, p)| p).collect()
}

/// Clicks "save the result" and waits for the new file.
async fn save_result(client: &Client, downloads: &Path) -> PathBuf {
    let before = saved_files(downloads).len();
    click(client, "#save-result").await;
    let started = Instant::now();
    while saved_files(downloads).len() == before && started.elapsed() < Duration::from_secs(15) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    saved_files(downloads)
        .pop()
        .expect("the page saved a .sohoa file")
}

/// Answers every pillar from the first, ending on the result page.
async fn answer_every_pillar(client: &Client) {
    for _pillar in 0..6 {
        answer_visible_questions(client).await;
        click(client, ".nav button.primary").await;
    }
}

/// The first button of the page's navigation row ("← Sửa câu trả lời" on the
/// result page, "← Trước" on a pillar page).
async fn go_back(client: &Client) {
    click(client, ".nav button:first-child").await;
}

async fn replace_text(client: &Client, css: &str, text: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();
    type_into(client, css, text).await;
}

fn record(data: &Path, tax_code: &str) -> sohoa::enterprise::Enterprise {
    let ws = sohoa::workspace::Workspace::open(data).unwrap();
    ws.find(tax_code)
        .unwrap_or_else(|| panic!("no enterprise with tax code {tax_code}"))
        .clone()
}

#[test]
fn one_blank_form_filled_for_two_enterprises_and_sent_again_keeps_each_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let form = blank_form(dir.path());
    let downloads = dir.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let mut files = Vec::new();
    let mut fresh_progress = String::new();
    let ran = with_browser(
        Setup {
            phone: false,
            downloads: Some(&downloads),
            network_log: false,
        },
        async |client| {
            client.goto(&file_url(&form)).await.unwrap();
            fill_profile(client, "Công ty TNHH Dừa Xanh", TAX_A).await;
            click(client, "button.primary").await;
            answer_every_pillar(client).await;
            files.push(save_result(client, &downloads).await);

            // The next owner, at the same computer: back to the first page,
            // another name and tax code.
            go_back(client).await;
            for _pillar in 0..6 {
                go_back(client).await;
            }
            replace_text(client, "#name", "HTX Bưởi Da Xanh Mỏ Cày").await;
            replace_text(client, "#tax_code", TAX_B).await;
            click(client, "button.primary").await;
            fresh_progress = client
                .find(Locator::Css(".progress .count"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            answer_every_pillar(client).await;
            files.push(save_result(client, &downloads).await);

            // The second owner corrects one answer of the last pillar and sends
            // the result again.
            go_back(client).await;
            let radios = client
                .find_all(Locator::Css(
                    ".card.question:not(.skipped) .choices input[type=radio]",
                ))
                .await
                .unwrap();
            // Under the page's sticky header until scrolled to the middle.
            client
                .execute(
                    "arguments[0].scrollIntoView({block: 'center'});",
                    vec![serde_json::to_value(&radios[0]).unwrap()],
                )
                .await
                .unwrap();
            radios[0].click().await.unwrap();
            click(client, ".nav button.primary").await;
            files.push(save_result(client, &downloads).await);
        },
    );
    if !ran {
        return;
    }
    assert!(fresh_progress.starts_with("0/"), "{fresh_progress}");
    let [a, b, b_again] = files.as_slice() else {
        panic!("{files:?}");
    };
    let program = dir.path().join("program");
    for file in [a, b, b_again] {
        sohoa_ok(&program, &["import", file.to_str().unwrap()]);
    }
    let (first, second) = (record(&program, TAX_A), record(&program, TAX_B));
    assert_eq!(first.name, "Công ty TNHH Dừa Xanh");
    assert_eq!(second.name, "HTX Bưởi Da Xanh Mỏ Cày");
    assert_ne!(first.id, second.id);
    assert_eq!(first.assessments.len(), 1);
    assert_eq!(
        second.assessments.len(),
        1,
        "a resend is not another assessment"
    );
    assert_ne!(first.assessments[0].id, second.assessments[0].id);
    assert_eq!(
        second.assessments[0].stage,
        sohoa::enterprise::Stage::Baseline
    );
    let sent_last = sohoa::exchange::bundle::read_bundle(b_again).unwrap();
    assert_ne!(
        sent_last.bundle.enterprises[0].assessments[0].answers,
        sohoa::exchange::bundle::read_bundle(b)
            .unwrap()
            .bundle
            .enterprises[0]
            .assessments[0]
            .answers,
        "the correction changed an answer"
    );
    assert_eq!(
        second.assessments[0].answers, sent_last.bundle.enterprises[0].assessments[0].answers,
        "the program holds what the owner sent last"
    );
}

#[test]
fn a_form_for_an_enterprise_whose_name_holds_a_comment_opener_opens_with_that_name() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let name = "Công ty <!-- Thử --> A&B </script> “Dừa”";
    add_enterprise(&data, name, &["--tax-code", TAX_B]);
    let form = dir.path().join("phieu.html");
    sohoa_ok(
        &data,
        &["self-assess", "--form", TAX_B, "-o", form.to_str().unwrap()],
    );
    let mut shown = json!(null);
    let ran = with_browser(
        Setup {
            phone: true,
            downloads: None,
            network_log: false,
        },
        async |client| {
            client.goto(&file_url(&form)).await.unwrap();
            shown = client
                .execute(
                    "var n = document.getElementById('name'); return n ? n.value : null;",
                    vec![],
                )
                .await
                .unwrap();
        },
    );
    if ran {
        assert_eq!(shown, json!(name));
    }
}

#[test]
fn a_choice_keeps_the_keyboard_focus_where_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let form = blank_form(dir.path());
    let mut after = json!(null);
    let ran = with_browser(
        Setup {
            phone: false,
            downloads: None,
            network_log: false,
        },
        async |client| {
            client.goto(&file_url(&form)).await.unwrap();
            fill_profile(client, "HTX Dừa Xiêm", TAX_A).await;
            click(client, "button.primary").await;
            let radios = client
                .find_all(Locator::Css(
                    ".card.question:not(.skipped) .choices input[type=radio]",
                ))
                .await
                .unwrap();
            let second = &radios[1];
            client
                .execute(
                    "arguments[0].scrollIntoView({block: 'center'});",
                    vec![serde_json::to_value(second).unwrap()],
                )
                .await
                .unwrap();
            // Read before the click: the choice redraws the page.
            let wanted = json!([
                second.attr("name").await.unwrap(),
                second.attr("value").await.unwrap(),
                true
            ]);
            second.click().await.unwrap();
            after = client
                .execute(
                    "var a = document.activeElement; return [a.name, a.value, a.closest('[role=radiogroup]').getAttribute('aria-label') !== null];",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(after, wanted);
        },
    );
    if ran {
        assert_ne!(after, json!(null));
    }
}
