//! The offline self-assessment form in a real browser: headless Chromium driven
//! through chromedriver (Debian's `chromium` and `chromium-driver`).
//!
//! When either is missing the tests say so and pass, except with
//! `SOHOA_REQUIRE_BROWSER=1` (set by `.ci/run`), where they fail.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use sohoa::decimal::Decimal;
use sohoa::questionnaire::{Answer, Answers, Question, QuestionKind, Questionnaire, score};

use crate::figures::random_figure_set;
use crate::{on_path, skip_unless_required, sohoa_ok, stdout};

/// Chromium and chromedriver, or `None` (the test is skipped) when either is missing.
fn browser_programs() -> Option<(PathBuf, PathBuf)> {
    let chromium = on_path("chromium").or_else(|| on_path("chromium-browser"));
    let driver = on_path("chromedriver");
    match (chromium, driver) {
        (Some(chromium), Some(driver)) => Some((chromium, driver)),
        _ => {
            skip_unless_required(
                "SOHOA_REQUIRE_BROWSER",
                "chromium or chromedriver is not on PATH (Debian: chromium chromium-driver)",
            );
            None
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _stopped = self.child.kill();
        let _reaped = self.child.wait();
    }
}

fn start_driver(driver: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not listen"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver { child, port }
}

/// How the browser is set up for one test.
pub(crate) struct Setup<'a> {
    /// A phone's screen (360 × 740), else a PC's window.
    pub phone: bool,
    pub downloads: Option<&'a Path>,
    /// Keep the browser's network log (every request a page makes).
    pub network_log: bool,
}

async fn open_browser(chromium: &Path, driver: &Driver, setup: &Setup<'_>) -> Client {
    let args = vec![
        "--headless=new".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--disable-default-apps".to_owned(),
        "--no-first-run".to_owned(),
        "--window-size=1280,900".to_owned(),
    ];
    let mut options = json!({ "binary": chromium, "args": args });
    if setup.phone {
        options["mobileEmulation"] = json!({
            "deviceMetrics": { "width": 360, "height": 740, "pixelRatio": 2.0, "touch": true }
        });
    }
    if setup.network_log {
        options["perfLoggingPrefs"] = json!({ "enableNetwork": true, "enablePage": false });
    }
    if let Some(dir) = setup.downloads {
        options["prefs"] = json!({
            "download.default_directory": dir,
            "download.prompt_for_download": false,
        });
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert("goog:chromeOptions".into(), options);
    if setup.network_log {
        capabilities.insert("goog:loggingPrefs".into(), json!({ "performance": "ALL" }));
    }
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a browser session")
}

/// Runs `test` with a browser and says so, or does nothing when there is none.
pub(crate) fn with_browser<F>(setup: Setup<'_>, test: F) -> bool
where
    F: AsyncFnOnce(&Client),
{
    let Some((chromium, driver)) = browser_programs() else {
        return false;
    };
    let driver = start_driver(&driver);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = open_browser(&chromium, &driver, &setup).await;
        test(&client).await;
        let _closed = client.close().await;
    });
    true
}

/// Writes a blank form with the built-in questionnaire, through the command line.
pub(crate) fn blank_form(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    let form = dir.join("phieu.html");
    let out = sohoa_ok(
        &data,
        &["self-assess", "--form", "-o", form.to_str().unwrap()],
    );
    assert!(stdout(&out).contains("KB"), "{}", stdout(&out));
    form
}

pub(crate) fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

pub fn dbi() -> std::sync::Arc<Questionnaire> {
    sohoa::questionnaire::Registry::builtin()
        .unwrap()
        .latest("dbi-2021-sme")
        .unwrap()
        .clone()
}

fn questions(q: &Questionnaire) -> Vec<&Question> {
    q.questions().map(|(_, question)| question).collect()
}

/// A figure near the places where scoring changes: a band edge, just under or
/// over it, zero, or anything (with up to three decimals), as its text.
fn figure_near(rng: &mut fastrand::Rng, edges: &[Decimal]) -> String {
    let edge = edges
        .get(rng.usize(..edges.len().max(1)))
        .copied()
        .unwrap_or(Decimal::ZERO)
        .to_f64();
    let value = match rng.u8(..7) {
        0 => edge,
        1 => (edge - 0.5).max(0.0),
        2 => edge + 0.5,
        3 => (edge - 0.001).max(0.0),
        4 => 0.0,
        _ => f64::from(rng.u32(..2000)) / 4.0,
    };
    // Three decimals at most: the text of the rounded float is exact.
    Decimal::from_f64((value * 1000.0).round() / 1000.0)
        .unwrap()
        .to_string()
}

/// One random answer to a question that is neither a ratio nor a shared figure
/// (those come from [`random_figure_set`]), as the library holds it and as the
/// page does; `None`: left unanswered. Some answers do not fit (an unknown
/// option, a count with a decimal): both must refuse them alike.
fn random_answer(rng: &mut fastrand::Rng, question: &Question) -> Option<(Answer, Value)> {
    if rng.u8(..10) == 0 {
        return None;
    }
    if question.not_applicable && rng.u8(..8) == 0 {
        return Some((Answer::NotApplicable, json!("na")));
    }
    if question.gate.is_some() && rng.u8(..5) == 0 {
        return Some((Answer::Choice("no".into()), json!({ "choice": "no" })));
    }
    let choice = |id: &str| Some((Answer::Choice(id.into()), json!({ "choice": id })));
    match &question.kind {
        QuestionKind::SingleChoice { options } => {
            if rng.u8(..40) == 0 {
                return choice("bogus");
            }
            choice(&options[rng.usize(..options.len())].id)
        }
        QuestionKind::YesNo { .. } => choice(if rng.bool() { "yes" } else { "no" }),
        QuestionKind::MultipleChoice { options } => {
            let ids: Vec<String> = options
                .iter()
                .filter(|_| rng.bool())
                .map(|o| o.id.clone())
                .collect();
            let shared = ids.iter().map(|id| id.as_str().into()).collect();
            Some((Answer::Choices(Box::new(shared)), json!({ "choices": ids })))
        }
        QuestionKind::Number { bands, .. } | QuestionKind::Percent { bands } => {
            let edges: Vec<Decimal> = bands.iter().map(|b| b.min).collect();
            let value = figure_near(rng, &edges);
            Some((
                Answer::Number(value.parse().unwrap()),
                json!({ "number": value }),
            ))
        }
        QuestionKind::FreeText => Some((
            Answer::Text(Box::new("ghi chú".into())),
            json!({ "text": "ghi chú" }),
        )),
        QuestionKind::Ratio { .. } | QuestionKind::Figure { .. } => None,
    }
}

/// What both sides are compared on: total, overall level, and each pillar's
/// points and level.
fn outcome_of_library(q: &Questionnaire, answers: &Answers) -> Value {
    let report = score(q, answers);
    json!([
        report.total,
        report.level,
        report
            .pillars
            .iter()
            .map(|p| json!([p.points, p.level]))
            .collect::<Vec<_>>()
    ])
}

#[test]
fn the_page_and_the_library_score_a_thousand_random_answer_sets_alike() {
    let dir = tempfile::tempdir().unwrap();
    let form = blank_form(dir.path());
    let q = dbi();
    let all = questions(&q);
    let mut rng = fastrand::Rng::with_seed(20261130);
    let mut sets = Vec::new();
    let mut expected = Vec::new();
    for _ in 0..1000 {
        let mut answers = Answers::new();
        let mut page = serde_json::Map::new();
        for question in &all {
            if let Some((answer, shown)) = random_answer(&mut rng, question) {
                answers.insert(&question.id, answer);
                page.insert(question.id.clone(), shown);
            }
        }
        // Every ratio and shared figure, with decimal figures at the edges.
        let figures = random_figure_set(&mut rng, &q);
        for (id, answer) in &figures.answers() {
            answers.insert(id, answer.clone());
        }
        page.extend(figures.page_answers());
        expected.push(outcome_of_library(&q, &answers));
        sets.push(Value::Object(page));
    }
    with_browser(
        Setup {
            phone: false,
            downloads: None,
            network_log: false,
        },
        async |client| {
            client.goto(&file_url(&form)).await.unwrap();
            let scored = client
                .execute(
                    "return arguments[0].map(function (answers) {
                        var r = window.sohoaScore(answers);
                        return [r.total, r.level, r.pillars.map(function (p) { return [p.points, p.level]; })];
                    });",
                    vec![Value::Array(sets.clone())],
                )
                .await
                .unwrap();
            let scored = scored.as_array().unwrap();
            assert_eq!(scored.len(), 1000);
            for (i, (page, library)) in scored.iter().zip(&expected).enumerate() {
                assert_eq!(page, library, "answer set {i}: {}", sets[i]);
            }
            // Not every set was trivial: levels from 0 upwards were reached.
            let levels: std::collections::BTreeSet<u64> =
                expected.iter().map(|e| e[1].as_u64().unwrap()).collect();
            assert!(levels.len() >= 2, "levels reached: {levels:?}");
        },
    );
}

/// chromedriver's `se/log` command: the entries of a log since it was last read.
#[derive(Debug)]
struct ReadLog(&'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for ReadLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": self.0 }).to_string()),
        )
    }
}

/// The requests pages sent since the log was last read: their addresses, less
/// those the page's security policy stopped before they left.
async fn requests_sent(client: &Client) -> Vec<String> {
    let entries = client.issue_cmd(ReadLog("performance")).await.unwrap();
    let mut sent = Vec::new();
    let mut stopped = std::collections::HashSet::new();
    for entry in entries.as_array().into_iter().flatten() {
        let Some(message) = entry["message"].as_str() else {
            continue;
        };
        let message: Value = serde_json::from_str(message).unwrap_or_default();
        let (method, params) = (&message["message"]["method"], &message["message"]["params"]);
        match method.as_str() {
            Some("Network.requestWillBeSent") => sent.push((
                params["requestId"].as_str().unwrap_or_default().to_owned(),
                params["request"]["url"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )),
            Some("Network.loadingFailed") if params["blockedReason"] == "csp" => {
                stopped.insert(params["requestId"].as_str().unwrap_or_default().to_owned());
            }
            _ => {}
        }
    }
    sent.into_iter()
        .filter(|(id, _)| !stopped.contains(id))
        .map(|(_, url)| url)
        .collect()
}

#[test]
fn the_form_makes_no_network_request_while_it_is_filled_in() {
    let dir = tempfile::tempdir().unwrap();
    let form = blank_form(dir.path());
    with_browser(
        Setup {
            phone: true,
            downloads: None,
            network_log: true,
        },
        async |client| {
            // The log sees a page that does make a request.
            client
                .goto("data:text/html,<img src='http://example.invalid/probe.png'>")
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(500)).await;
            let probe = requests_sent(client).await;
            assert!(
                probe.iter().any(|url| url.contains("example.invalid")),
                "the log saw nothing of a page that makes a request: {probe:?}"
            );
            // The form, opened, started and answered: it loads itself and nothing else.
            client.goto(&file_url(&form)).await.unwrap();
            fill_profile(client, "Cơ sở Thử mạng", "0100109106").await;
            click(client, "button.primary").await;
            answer_visible_questions(client).await;
            click(client, ".nav button.primary").await;
            let sent = requests_sent(client).await;
            assert!(
                sent.iter().all(|url| url.starts_with("file://")),
                "requests: {sent:?}"
            );
            let loaded = client
                .execute(
                    "return performance.getEntriesByType('resource').map(function (e) { return e.name; });",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(loaded, json!([]));
            // Asked outright, it cannot: the page's policy stops the request.
            let tried = client
                .execute(
                    "return fetch('http://example.invalid/x').then(
                        function () { return 'fetched'; },
                        function () { return 'blocked'; });",
                    vec![],
                )
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(500)).await;
            assert_eq!(tried, json!("blocked"));
            let sent = requests_sent(client).await;
            assert!(
                sent.iter().all(|url| url.starts_with("file://")),
                "requests: {sent:?}"
            );
        },
    );
}

pub(crate) async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

pub(crate) async fn type_into(client: &Client, css: &str, text: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .send_keys(text)
        .await
        .unwrap();
}

pub(crate) async fn fill_profile(client: &Client, name: &str, tax_code: &str) {
    type_into(client, "#name", name).await;
    type_into(client, "#tax_code", tax_code).await;
    type_into(client, "#person", "Lê Thị Hoa").await;
    type_into(client, "#phone", "0909 123 456").await;
}

/// The file the page would save now, as `window.sohoaBundleText` gives it.
async fn bundle_text(client: &Client) -> String {
    client
        .execute("return window.sohoaBundleText();", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

/// Answers every question of the page shown, as a person would with a finger:
/// the second option of a choice, "Có" then figures for a gated figure, figures
/// typed with a decimal comma.
pub(crate) async fn answer_visible_questions(client: &Client) {
    let count = client
        .find_all(Locator::Css(".card.question"))
        .await
        .unwrap()
        .len();
    for i in 0..count {
        let cards = client
            .find_all(Locator::Css(".card.question"))
            .await
            .unwrap();
        let Some(card_element) = cards.get(i) else {
            break;
        };
        let class = card_element
            .attr("class")
            .await
            .unwrap()
            .unwrap_or_default();
        if class.contains("skipped") {
            continue;
        }
        let radios = card_element
            .find_all(Locator::Css(".choices input[type=radio]"))
            .await
            .unwrap();
        let boxes = card_element
            .find_all(Locator::Css("input[inputmode=decimal]"))
            .await
            .unwrap();
        if boxes.is_empty()
            && radios.len() == 2
            && card_element.find(Locator::Css(".gate")).await.is_ok()
        {
            // A gate before figures: say yes, then the figures appear.
            radios[1].click().await.unwrap();
        } else if let Some(radio) = radios.get(2).or(radios.last()) {
            radio.click().await.unwrap();
            continue;
        }
        let cards = client
            .find_all(Locator::Css(".card.question"))
            .await
            .unwrap();
        let boxes = cards[i]
            .find_all(Locator::Css("input[inputmode=decimal]"))
            .await
            .unwrap();
        for (n, input) in boxes.iter().enumerate() {
            // A part, then its total; a figure alone is a total for others.
            let figure = if boxes.len() == 2 && n == 0 {
                "12,5"
            } else {
                "40"
            };
            input.send_keys(figure).await.unwrap();
        }
        let checkboxes = cards[i]
            .find_all(Locator::Css("input[type=checkbox]"))
            .await
            .unwrap();
        if let Some(first) = checkboxes.first() {
            first.click().await.unwrap();
        }
    }
}

#[test]
fn a_form_filled_on_a_phone_is_imported_with_the_level_it_showed() {
    let dir = tempfile::tempdir().unwrap();
    let form = blank_form(dir.path());
    let downloads = dir.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let mut shown_level = None;
    let ran = with_browser(
        Setup {
            phone: true,
            downloads: Some(&downloads),
            network_log: false,
        },
        async |client| {
            client.goto(&file_url(&form)).await.unwrap();
            let width = client
                .execute("return window.innerWidth;", vec![])
                .await
                .unwrap();
            assert_eq!(width, json!(360));
            let page = client
                .execute("return document.body.innerText;", vec![])
                .await
                .unwrap();
            assert!(!page.as_str().unwrap().contains("null"), "{page}");
            fill_profile(client, "Công ty TNHH Dừa Sáp Cầu Kè", "0100109106").await;
            // Unticked, the owner's name and phone stay on the phone.
            let unticked = bundle_text(client).await;
            assert!(!unticked.contains("0909 123 456"), "{unticked}");
            assert!(!unticked.contains("Lê Thị Hoa"), "{unticked}");
            click(client, "#consent").await;
            click(client, "button.primary").await;
            answer_visible_questions(client).await;
            // A closed tab loses nothing: opened again, the form is where it was.
            client.goto(&file_url(&form)).await.unwrap();
            let kept = client
                .find(Locator::Css(".progress .count"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(!kept.starts_with("0/"), "{kept}");
            click(client, ".nav button.primary").await;
            for _pillar in 1..6 {
                answer_visible_questions(client).await;
                click(client, ".nav button.primary").await;
            }
            let level = client
                .find(Locator::Id("level"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            shown_level = level
                .split_whitespace()
                .nth(1)
                .and_then(|n| n.parse::<u64>().ok());
            click(client, "#save-result").await;
            let started = Instant::now();
            while !has_bundle(&downloads) && started.elapsed() < Duration::from_secs(15) {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        },
    );
    if !ran {
        return;
    }
    let level = shown_level.expect("the result page shows a level");
    let bundle = std::fs::read_dir(&downloads)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|e| e == "sohoa"))
        .expect("the page saved a .sohoa file");
    let name = bundle.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("tu-danh-gia-0100109106-"), "{name}");
    let program = dir.path().join("program");
    sohoa_ok(&program, &["import", bundle.to_str().unwrap()]);
    let shown = crate::json(&crate::sohoa(
        &program,
        &["enterprise", "show", "0100109106", "--json"],
    ));
    assert_eq!(shown["latest_level"], json!(level), "{shown}");
    assert_eq!(shown["name"], json!("Công ty TNHH Dừa Sáp Cầu Kè"));
    // The consent ticked on the page came with the contact it covers.
    assert_eq!(shown["contact"]["phone"], json!("0909 123 456"));
    assert_eq!(shown["consent"]["given"], json!(true));
    assert_eq!(shown["consent"]["recorded_by"], json!("tự khai trên phiếu"));
    assert_eq!(shown["assessments"][0]["mode"], json!("SelfAssessment"));
    assert!(
        shown["assessments"][0]["answers"]
            .as_object()
            .unwrap()
            .len()
            > 40
    );
}

pub(crate) fn has_bundle(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "sohoa"))
    })
}

/// A self-assessment file as the form writes it, with `answers` (RON map entries).
fn form_file(answers: &str) -> String {
    format!(
        r#"(
  format: "sohoa-bundle",
  schema: 1,
  kind: SelfAssessment,
  exported: "2026-11-30T08:00:00.000Z",
  by: "Lê Thị Hoa",
  machine: "phiếu tự đánh giá",
  enterprises: [(
    id: "01M8NN2NTW4235W21ATBR3K2W7",
    name: "Công ty TNHH Dừa Sáp Cầu Kè",
    tax_code: Some("0100109106"),
    contact: (person: "Lê Thị Hoa", phone: "", email: ""),
    consent: Some((given: true, date: "2026-11-30", recorded_by: "tự khai trên phiếu", purpose: "")),
    created: "2026-11-30T07:50:00.000Z",
    modified: "2026-11-30T08:00:00.000Z",
    assessments: [(
      id: "01M8NN2NTW4235W21ATBR3K2W8",
      questionnaire: "dbi-2021-sme",
      questionnaire_version: "2.0.0",
      stage: Baseline,
      mode: SelfAssessment,
      assessor: "Lê Thị Hoa",
      started: "2026-11-30T07:50:00.000Z",
      completed: Some("2026-11-30T08:00:00.000Z"),
      answers: {{
{answers}
      }},
    )],
  )],
)
"#
    )
}

#[test]
fn a_returned_form_that_was_edited_or_cut_short_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let program = dir.path().join("program");
    crate::add_enterprise(
        &program,
        "Công ty TNHH Dừa Sáp Cầu Kè",
        &["--tax-code", "0100109106"],
    );
    let good = r#"        "customer.website_updates": Choice("quarterly"),
        "figure.total_staff": Number(40.0),
        "operations.ict_stem_staff_share": Ratio((part: 12.0, whole: None)),"#;
    let cases = [
        (
            "an option the question does not have",
            form_file(r#"        "customer.website_updates": Choice("every_hour"),"#),
            "customer.website_updates: `every_hour` is not an option",
        ),
        (
            "a question the questionnaire does not have",
            form_file(r#"        "customer.bonus_points": Choice("yes"),"#),
            "customer.bonus_points: not a question of dbi-2021-sme 2.0.0",
        ),
        (
            "a part larger than the total it is a share of",
            form_file(
                r#"        "figure.total_staff": Number(10.0),
        "operations.ict_stem_staff_share": Ratio((part: 12.0, whole: None)),"#,
            ),
            "is larger than its total, 10, the answer to figure.total_staff",
        ),
        (
            "a file cut short",
            form_file(good)[..700].to_owned(),
            "tệp có thể bị cắt cụt hoặc hỏng",
        ),
    ];
    for (what, text, message) in cases {
        let file = dir.path().join("tu-danh-gia.sohoa");
        std::fs::write(&file, text).unwrap();
        crate::assert_untouched(&program, what, || {
            let out = crate::sohoa(&program, &["import", file.to_str().unwrap()]);
            crate::assert_refused(&out, message);
        });
    }
    // The file as the form wrote it goes in, as a self-assessment.
    let file = dir.path().join("tu-danh-gia.sohoa");
    std::fs::write(&file, form_file(good)).unwrap();
    sohoa_ok(&program, &["import", file.to_str().unwrap()]);
    let shown = crate::json(&crate::sohoa(
        &program,
        &["enterprise", "show", "0100109106", "--json"],
    ));
    assert_eq!(shown["assessments"][0]["mode"], json!("SelfAssessment"));
    assert_eq!(
        shown["assessments"][0]["questionnaire_version"],
        json!("2.0.0")
    );
}
