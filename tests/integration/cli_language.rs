//! The command line speaks the language chosen with `--lang` (Vietnamese by
//! default) in everything it says to a person: results, notes, progress and
//! errors, the `lỗi:`/`error:` prefix included. `--json` output is a contract and
//! is not checked here.
//!
//! A realistic day is run twice, once in each language, each on a data folder of
//! its own; every line printed is then read as a person reads it. Paths, option
//! names, command names, ids and the names of enterprises and places (data) may
//! be in any language and are left out of the check.

use std::path::Path;
use std::process::Output;

use crate::{json, sohoa, sohoa_ok, stderr, stdout};

/// What one command printed.
struct Said {
    args: Vec<String>,
    out: String,
    err: String,
}

impl Said {
    fn of(args: &[&str], output: &Output) -> Said {
        Said {
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            out: stdout(output),
            err: stderr(output),
        }
    }

    /// Everything printed, stdout then stderr.
    fn all(&self) -> String {
        format!("{}\n{}", self.out, self.err)
    }
}

/// English words that have no business in a Vietnamese message.
const ENGLISH_WORDS: [&str; 15] = [
    "micro",
    "small",
    "medium",
    "unknown",
    "none",
    "error",
    "written",
    "enterprises",
    "skipped",
    "files",
    "the",
    "is",
    "not",
    "larger",
    "total",
];

/// The letters Vietnamese has and English does not.
const VIETNAMESE_LETTERS: &str = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ\
ÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ";

/// Where the library hands on a detail it holds in English only (a parser's
/// message, a reason worded deep inside), the Vietnamese message says so with
/// this mark and the detail follows it to the end of the line.
const ENGLISH_DETAIL: &str = "chi tiết (tiếng Anh):";

/// `text` as a person reads it, without what is not a message: tokens that are
/// paths, options, command names or ids (`-x`, `a/b`, `x.sohoa`, `` `cmd` ``,
/// `figure.total_staff`),
/// the lines a questionnaire check prints for the file's author
/// (`FILE:LINE:COLUMN: …`, the questionnaire's own wording), the English
/// detail the library hands on (see [`ENGLISH_DETAIL`]) and `data`.
fn message_text(text: &str, data: &[String]) -> String {
    let mut text: String = text
        .lines()
        .filter(|line| !is_file_diagnostic(line))
        .map(|line| match line.find(ENGLISH_DETAIL) {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    for value in data.iter().filter(|v| !v.is_empty()) {
        text = text.replace(value.as_str(), " ");
    }
    // Backquoted command names and ids.
    let mut plain = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 0 {
            plain.push_str(part);
        } else {
            plain.push(' ');
        }
    }
    plain
        .split_whitespace()
        .filter(|token| {
            !(token.starts_with('-')
                || token.contains('_')
                || token.contains('/')
                || token.contains('\\')
                || [".sohoa", ".pdf", ".ron", ".json", ".txt", ".csv"]
                    .iter()
                    .any(|ext| token.contains(ext)))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `FILE:LINE:COLUMN: …`, a problem found in a questionnaire file.
fn is_file_diagnostic(line: &str) -> bool {
    let mut parts = line.trim_start().splitn(4, ':');
    let (Some(file), Some(line), Some(column)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !file.is_empty()
        && !file.contains(' ')
        && line.parse::<u32>().is_ok()
        && column.parse::<u32>().is_ok()
}

/// The words of [`ENGLISH_WORDS`] found in `text`, as whole words, in any case.
fn english_words_in(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| ENGLISH_WORDS.iter().any(|e| e.eq_ignore_ascii_case(word)))
        .map(str::to_owned)
        .collect()
}

/// The Vietnamese letters in `text`.
fn vietnamese_letters_in(text: &str) -> String {
    text.chars()
        .filter(|c| VIETNAMESE_LETTERS.contains(*c))
        .collect()
}

/// Names of places and firms that the program's and the questionnaire's own
/// texts quote, in English too.
const NAMES_IN_TEXTS: [&str; 3] = ["Bến Tre", "Giao Hàng Nhanh", "Mắt Bão"];

/// Every text of `value` (a JSON document) that holds a Vietnamese letter.
fn vietnamese_texts(value: &serde_json::Value, into: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) if !vietnamese_letters_in(text).is_empty() => {
            into.push(text.clone());
        }
        serde_json::Value::Array(items) => {
            for item in items {
                vietnamese_texts(item, into);
            }
        }
        serde_json::Value::Object(fields) => {
            for (key, item) in fields {
                vietnamese_texts(&serde_json::Value::String(key.clone()), into);
                vietnamese_texts(item, into);
            }
        }
        _ => {}
    }
}

/// The data in `data` (names, places, partners, addresses, contacts, notes)
/// and the values typed in Vietnamese on the command lines of `said`: what may
/// be in Vietnamese whatever the language of the messages around it. Only texts
/// with a Vietnamese letter: removing `enterprise` would hide `enterprises`.
fn data_values(data: &Path, said: &[Said]) -> Vec<String> {
    let list = json(&sohoa(data, &["enterprise", "list", "--json"]));
    let first = list[0]["id"].as_str().unwrap().to_owned();
    let mut values: Vec<String> = NAMES_IN_TEXTS.map(str::to_owned).to_vec();
    for document in [
        list,
        json(&sohoa(data, &["enterprise", "show", &first, "--json"])),
        json(&sohoa(data, &["stats", "--json"])),
    ] {
        vietnamese_texts(&document, &mut values);
    }
    // A place to review is counted under its name and a bilingual mark.
    let places: Vec<String> = values
        .iter()
        .filter_map(|v| v.split_once(" (").map(|(place, _)| place.to_owned()))
        .collect();
    values.extend(places);
    values.extend(
        said.iter()
            .flat_map(|s| s.args.iter())
            .filter(|arg| !vietnamese_letters_in(arg).is_empty())
            .cloned(),
    );
    // Longest first, so that a name is not cut by a place it contains.
    values.sort_by_key(|v| std::cmp::Reverse(v.chars().count()));
    values.dedup();
    values
}

/// A day at the command line in `lang` (`None`: the default), on a folder of
/// its own inside `place`; every command and what it printed.
fn a_day(place: &Path, lang: Option<&str>) -> Vec<Said> {
    let data = place.join("data");
    let mut said = Vec::new();
    let mut run = |args: &[&str]| -> Output {
        let mut full: Vec<&str> = Vec::new();
        if let Some(lang) = lang {
            full.extend(["--lang", lang]);
        }
        full.extend_from_slice(args);
        let output = sohoa(&data, &full);
        said.push(Said::of(&full, &output));
        output
    };

    let demo = run(&["demo", "--count", "60"]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    run(&["stats"]);
    run(&["enterprise", "list"]);
    run(&["enterprise", "list", "--search", "ben tre"]);
    let reports = place.join("reports");
    let report = run(&["report", "--all", "-o", reports.to_str().unwrap()]);
    assert!(report.status.success(), "{}", stderr(&report));
    run(&["questionnaire", "show", "dbi-2021-sme"]);
    run(&["questionnaire", "check", "tests/fixtures/broken.ron"]);

    let first = json(&sohoa(&data, &["enterprise", "list", "--json"]))[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let answers = place.join("answers.json");
    std::fs::write(
        &answers,
        r#"{"customer.online_purchasing": {"part": 130, "whole": 80}}"#,
    )
    .unwrap();
    run(&["assess", &first, "--answers", answers.to_str().unwrap()]);
    run(&[
        "score",
        "--questionnaire",
        "dbi-2021-sme",
        "--answers",
        answers.to_str().unwrap(),
    ]);
    run(&["enterprise", "show", &first]);
    run(&[
        "enterprise",
        "add",
        "--name",
        "Cơ sở Bánh phồng Sơn Đốc",
        "--tax-code",
        "0100109107",
    ]);
    run(&[
        "enterprise",
        "add",
        "--name",
        "Cơ sở Kẹo dừa",
        "--partner",
        "không-có",
    ]);
    run(&[
        "enterprise",
        "consent",
        &first,
        "--given",
        "--date",
        "31/02/2026",
    ]);
    run(&["tax-code", "check", "0100109106", "0100109107", "12345"]);

    let bundle = place.join("out.sohoa");
    let table = place.join("table.csv");
    run(&[
        "export",
        "--bundle",
        bundle.to_str().unwrap(),
        "--csv",
        table.to_str().unwrap(),
    ]);
    run(&[
        "export",
        "--bundle",
        bundle.to_str().unwrap(),
        "--anonymise",
    ]);
    run(&[
        "export",
        "--bundle",
        bundle.to_str().unwrap(),
        "--since",
        "hôm qua",
    ]);
    run(&["export", "--csv", table.to_str().unwrap()]);
    let notes = place.join("ghi-chu.txt");
    std::fs::write(&notes, "Danh sách doanh nghiệp cần thăm, tuần 48\n").unwrap();
    run(&["import", notes.to_str().unwrap()]);
    run(&["import", place.join("missing.sohoa").to_str().unwrap()]);

    run(&["key", "show"]);
    run(&[
        "program",
        "office-key",
        "revoke",
        "KHONG-PHAI-VAN-TAY",
        "--from",
        "01/12/2026",
    ]);
    run(&["program", "office-key", "remove", "AAAA-BBBB-CCCC-DDDD"]);
    run(&["program", "office-key", "list"]);
    run(&["import", "--trust-key", "1234", bundle.to_str().unwrap()]);
    run(&["program", "show"]);
    run(&["backup", "list"]);
    run(&["duplicates"]);
    run(&["score-changes"]);
    said
}

/// What each command said that breaks `rule`, one line per command.
fn breaches(said: &[Said], rule: impl Fn(&str) -> String, data: &[String]) -> Vec<String> {
    said.iter()
        .filter_map(|s| {
            let found = rule(&message_text(&s.all(), data));
            (!found.is_empty()).then(|| format!("sohoa {}: {found}", s.args.join(" ")))
        })
        .collect()
}

#[test]
fn in_vietnamese_mode_no_message_holds_an_english_word() {
    let place = tempfile::tempdir().unwrap();
    let said = a_day(place.path(), None);
    let data = data_values(&place.path().join("data"), &said);
    let found = breaches(&said, |text| english_words_in(text).join(" "), &data);
    assert!(
        found.is_empty(),
        "English in Vietnamese mode:\n{}",
        found.join("\n")
    );
}

#[test]
fn in_english_mode_no_message_holds_a_vietnamese_letter() {
    let place = tempfile::tempdir().unwrap();
    let said = a_day(place.path(), Some("en"));
    let data = data_values(&place.path().join("data"), &said);
    let found = breaches(&said, vietnamese_letters_in, &data);
    assert!(
        found.is_empty(),
        "Vietnamese in English mode:\n{}",
        found.join("\n")
    );
}

#[test]
fn an_error_starts_with_lỗi_in_vietnamese_and_with_error_in_english() {
    let place = tempfile::tempdir().unwrap();
    let data = place.path().join("data");
    sohoa_ok(&data, &["demo", "--count", "3"]);
    let args = [
        "enterprise",
        "add",
        "--name",
        "Cơ sở Kẹo dừa",
        "--tax-code",
        "0100109107",
    ];
    let vi = sohoa(&data, &args);
    assert_eq!(vi.status.code(), Some(1));
    assert!(stderr(&vi).starts_with("lỗi: "), "{}", stderr(&vi));
    let mut english = vec!["--lang", "en"];
    english.extend(args);
    let en = sohoa(&data, &english);
    assert_eq!(en.status.code(), Some(1));
    assert!(stderr(&en).starts_with("error: "), "{}", stderr(&en));
}

#[test]
fn the_demo_and_the_reports_are_announced_in_the_chosen_language() {
    let place = tempfile::tempdir().unwrap();
    let data = place.path().join("data");
    let reports = place.path().join("reports");
    let demo = sohoa_ok(&data, &["demo", "--count", "60"]);
    assert!(
        stderr(&demo).contains("60 doanh nghiệp mẫu"),
        "{}",
        stderr(&demo)
    );
    let report = sohoa_ok(&data, &["report", "--all", "-o", reports.to_str().unwrap()]);
    assert!(stdout(&report).contains("tệp PDF"), "{}", stdout(&report));
    let report = sohoa_ok(
        &data,
        &[
            "--lang",
            "en",
            "report",
            "--all",
            "-o",
            reports.to_str().unwrap(),
        ],
    );
    assert!(
        stdout(&report).contains("PDF files written"),
        "{}",
        stdout(&report)
    );
}

#[test]
fn a_part_larger_than_its_total_is_refused_in_the_chosen_language() {
    let place = tempfile::tempdir().unwrap();
    let data = place.path().join("data");
    sohoa_ok(&data, &["demo", "--count", "1"]);
    let answers = place.path().join("answers.json");
    std::fs::write(
        &answers,
        r#"{"customer.online_purchasing": {"part": 130, "whole": 80}}"#,
    )
    .unwrap();
    let first = json(&sohoa(&data, &["enterprise", "list", "--json"]))[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let assess = ["assess", &first, "--answers", answers.to_str().unwrap()];
    let vi = stderr(&sohoa(&data, &assess));
    assert!(vi.starts_with("lỗi: "), "{vi}");
    assert!(vi.contains("phần (130) lớn hơn tổng (80)"), "{vi}");
    let mut english = vec!["--lang", "en"];
    english.extend(assess);
    let en = stderr(&sohoa(&data, &english));
    assert!(en.starts_with("error: "), "{en}");
    assert!(
        en.contains("the part (130) is larger than the total (80)"),
        "{en}"
    );
}
