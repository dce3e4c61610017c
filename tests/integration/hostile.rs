//! Hostile input: more than a hundred bad files, generated here, placed in a data
//! folder beside good ones or offered as bundles. Nothing panics; each bad file is
//! quarantined, left in place or refused with a message naming it and its problem;
//! the good records load; a refused bundle changes nothing.

use std::path::{Path, PathBuf};

use sohoa::exchange::bundle::{MAX_BUNDLE_BYTES, read_bundle};
use sohoa::store::{LoadProblem, MAX_ENTERPRISE_FILE_BYTES, ProblemAction};
use sohoa::workspace::Workspace;

use crate::{assert_untouched, export_bundle, refusal, sohoa, sohoa_ok};

/// A demo folder of `count` enterprises, and each record file's (name, text).
fn valid_files(count: usize) -> (tempfile::TempDir, Vec<(String, String)>) {
    let dir = tempfile::tempdir().unwrap();
    sohoa_ok(dir.path(), &["demo", "--count", &count.to_string()]);
    let files = std::fs::read_dir(dir.path().join("enterprises"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    (dir, files)
}

/// The first `part` `parts`-th of `text`, cut at a character boundary.
fn cut_short(text: &str, part: usize, parts: usize) -> Vec<u8> {
    let cut = text.floor_char_boundary(text.len() * part / parts);
    text.as_bytes()[..cut].to_vec()
}

/// The bad enterprise files: (file name, contents).
fn bad_enterprise_files(valid: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |name: String, bytes: Vec<u8>| files.push((name, bytes));
    // Truncated at 52 places.
    for i in 1..=52 {
        add(format!("truncated-{i}.ron"), cut_short(valid, i, 53));
    }
    add("empty.ron".into(), Vec::new());
    add("spaces.ron".into(), b"   \n\t  ".to_vec());
    add(
        "latin1.ron".into(),
        b"(schema: 1, enterprise: (name: \"C\xf4ng ty\"))".to_vec(),
    );
    add("utf16.ron".into(), [0xff, 0xfe, b'(', 0, b's', 0].to_vec());
    add(
        "random-bytes.ron".into(),
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect(),
    );
    add(
        "nul-in-middle.ron".into(),
        valid.replacen("name:", "na\0me:", 1).into_bytes(),
    );
    add("nul-only.ron".into(), vec![0; 1024]);
    for depth in [100, 1_000, 10_000, 100_000] {
        add(
            format!("nested-{depth}.ron"),
            format!("{}{}", "(".repeat(depth), ")".repeat(depth)).into_bytes(),
        );
        add(
            format!("nested-list-{depth}.ron"),
            format!(
                "(schema: 1, enterprise: {}{})",
                "[".repeat(depth),
                "]".repeat(depth)
            )
            .into_bytes(),
        );
    }
    for schema in ["0", "-1", "\"one\"", "4294967296", "1.5"] {
        add(
            format!("schema-{}.ron", schema.replace(['"', '.'], "_")),
            valid
                .replacen("schema: 1", &format!("schema: {schema}"), 1)
                .into_bytes(),
        );
    }
    add(
        "newer-schema.ron".into(),
        valid
            .replacen("schema: 1", "schema: 2", 1)
            .replacen("name:", "new_field: 1, name:", 1)
            .into_bytes(),
    );
    for (label, from, to) in [
        ("bad-id", "id: \"", "id: \"not-a-ulid-"),
        ("number-name", "name: \"", "name: 5, old_name: \""),
        ("unknown-field", "name:", "colour: \"blue\", name:"),
        (
            "staff-overflow",
            "staff: Some(",
            "staff: Some(99999999999999999999",
        ),
        ("staff-negative", "staff: Some(", "staff: Some(-"),
        ("bad-date", "created: \"", "created: \"yesterday"),
        (
            "tax-code-number",
            "tax_code: Some(\"",
            "tax_code: Some(12345, \"",
        ),
        ("bad-stage", "stage: Baseline", "stage: Midline"),
        ("bad-answer-shape", "Choice(\"", "Choice(7, \""),
        (
            "assessments-string",
            "assessments: [",
            "assessments: \"x\", old: [",
        ),
        ("stray-bracket", "(", "(]"),
    ] {
        assert!(valid.contains(from), "{label}: nothing to change");
        add(
            format!("{label}.ron"),
            valid.replacen(from, to, 1).into_bytes(),
        );
    }
    add(
        "single-quotes.ron".into(),
        valid.replace('"', "'").into_bytes(),
    );
    add(
        "unclosed-string.ron".into(),
        format!(
            "{}\"never closed",
            &valid[..valid.find("name: \"").unwrap_or(0)]
        )
        .into_bytes(),
    );
    add(
        "bom.ron".into(),
        [&[0xef, 0xbb, 0xbf][..], b"(schema: 1, enterprise: ())"].concat(),
    );
    add(
        "json.ron".into(),
        br#"{"schema": 1, "enterprise": {"name": "A"}}"#.to_vec(),
    );
    add(
        "program-lookalike.ron".into(),
        b"(schema: 1, name: (vi: \"x\", en: \"x\"))".to_vec(),
    );
    add(
        "only-comment.ron".into(),
        b"// nothing here\n/* still nothing */".to_vec(),
    );
    add(
        "duplicate-field.ron".into(),
        valid
            .replacen("name:", "name: \"A\", name:", 1)
            .into_bytes(),
    );
    add(
        "missing-id.ron".into(),
        valid.replacen("id: \"", "old_id: \"", 1).into_bytes(),
    );
    add(
        "trailing-garbage.ron".into(),
        format!("{valid}\n(schema: 1)").into_bytes(),
    );
    add(
        "two-documents.ron".into(),
        format!("{valid}{valid}").into_bytes(),
    );
    add("crlf-only.ron".into(), b"\r\n\r\n".to_vec());
    add(
        "unclosed-comment.ron".into(),
        b"/* (schema: 1, enterprise: ())".to_vec(),
    );
    files
}

/// Records that parse but are odd: kept, and reported.
fn odd_enterprise_files(valid: &str, valid_id: &str) -> Vec<(String, Vec<u8>)> {
    let huge_revenue = format!("revenue_billion: Some({}", "9".repeat(5000));
    // Each a copy of the valid record under its own id, with `from` replaced by `to`
    // (the first `times` times).
    let edits: [(&str, &str, &str, usize); 6] = [
        (
            "01ARZ3NDEKTSV4RRFFQ69G5FAV",
            "Choice(\"",
            "Choice(\"no-such-option-",
            1,
        ),
        ("01ARZ3NDEKTSV4RRFFQ69G5FAW", "\"customer.", "\"unknown.", 1),
        (
            "01ARZ3NDEKTSV4RRFFQ69G5FAX",
            "questionnaire_version: \"2.0.0\"",
            "questionnaire_version: \"9.9.9\"",
            usize::MAX,
        ),
        (
            "01ARZ3NDEKTSV4RRFFQ69G5FAY",
            "tax_code: Some(\"",
            "tax_code: Some(\"9",
            1,
        ),
        (
            "01ARZ3NDEKTSV4RRFFQ69G5FAZ",
            "revenue_billion: Some(",
            "revenue_billion: Some(-",
            1,
        ),
        (
            "01ARZ3NDEKTSV4RRFFQ69G5FB2",
            "revenue_billion: Some(",
            &huge_revenue,
            1,
        ),
    ];
    let mut files: Vec<(String, Vec<u8>)> = edits
        .into_iter()
        .map(|(id, from, to, times)| {
            let text = valid.replace(valid_id, id).replacen(from, to, times);
            (format!("{id}.ron"), text.into_bytes())
        })
        .collect();
    let text = valid.replace(valid_id, "01ARZ3NDEKTSV4RRFFQ69G5FB0");
    let start = text.find("revenue_billion: Some(").unwrap() + "revenue_billion: Some(".len();
    let end = start + text[start..].find(')').unwrap();
    files.push((
        "01ARZ3NDEKTSV4RRFFQ69G5FB0.ron".into(),
        format!("{}inf{}", &text[..start], &text[end..]).into_bytes(),
    ));
    files
}

/// Writes each (name, contents) of `files` into `dir`; returns their paths.
fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> Vec<PathBuf> {
    files
        .iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect()
}

/// The problem `ws` reported with the file `path`.
#[track_caller]
fn problem_with<'a>(ws: &'a Workspace, path: &Path) -> &'a LoadProblem {
    ws.problems()
        .iter()
        .find(|p| p.file == *path)
        .unwrap_or_else(|| panic!("{} was not reported", path.display()))
}

#[test]
fn a_hundred_bad_files_in_the_folder_are_set_aside_or_reported_and_the_good_ones_load() {
    let (dir, valid) = valid_files(3);
    let enterprises = dir.path().join("enterprises");
    // A record with everything the mutations below change.
    let (valid_name, valid_text) = valid
        .iter()
        .find(|(_, text)| {
            [
                "stage: Baseline",
                "Choice(\"",
                "revenue_billion: Some(",
                "staff: Some(",
                "tax_code: Some(\"",
                "\"customer.",
            ]
            .iter()
            .all(|part| text.contains(part))
        })
        .expect("a demo record with an assessment and size figures");
    let valid_id = valid_name.trim_end_matches(".ron");
    let bad = bad_enterprise_files(valid_text);
    let odd = odd_enterprise_files(valid_text, valid_id);
    let mut paths = write_all(&enterprises, &bad);
    let odd_paths = write_all(&enterprises, &odd);
    // A file far over the size limit (sparse: no 200 MB written to disk).
    let huge = enterprises.join("huge.ron");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    const { assert!(200 * 1024 * 1024 > MAX_ENTERPRISE_FILE_BYTES) };
    paths.push(huge);
    // A duplicate of a good record under another name, with a change: merged.
    let copy = enterprises.join(format!("{valid_id} (conflicted copy).ron"));
    std::fs::write(
        &copy,
        valid_text.replacen("notes: \"", "notes: \"gọi lại ", 1),
    )
    .unwrap();
    // A NUL and an escape code in the name of a record of its own: loaded, cleaned.
    let nul_id = "01ARZ3NDEKTSV4RRFFQ69G5FB1";
    let nul = enterprises.join(format!("{nul_id}.ron"));
    std::fs::write(
        &nul,
        valid_text
            .replace(valid_id, nul_id)
            .replacen("name: \"", "name: \"\0\u{1b}[31m", 1),
    )
    .unwrap();
    let total = paths.len() + odd_paths.len() + 2;
    assert!(total >= 100, "only {total} hostile files");

    let ws = Workspace::open(dir.path()).unwrap();
    for path in &paths {
        let problem = problem_with(&ws, path);
        assert!(!problem.reason.is_empty());
        match &problem.action {
            ProblemAction::Quarantined(to) => assert!(to.exists() && !path.exists()),
            ProblemAction::LeftInPlace => assert!(problem.reason.contains("newer"), "{problem}"),
            ProblemAction::MergedInto(_) | ProblemAction::Repaired => panic!("{problem}"),
        }
    }
    for path in &odd_paths {
        let problem = problem_with(&ws, path);
        assert_eq!(problem.action, ProblemAction::LeftInPlace, "{problem}");
        assert!(path.exists(), "an odd record is kept");
    }
    assert!(
        ws.problems()
            .iter()
            .any(|p| p.file == copy && matches!(p.action, ProblemAction::MergedInto(_)))
    );
    // The three good records, the six odd ones and the cleaned one load; the
    // conflict copy merged into its record.
    assert_eq!(ws.enterprises().len(), 3 + odd.len() + 1);
    let cleaned = ws.get(ulid::Ulid::from_string(nul_id).unwrap()).unwrap();
    assert!(
        !cleaned.name.contains(char::is_control),
        "{:?}",
        cleaned.name
    );
    let merged = ws.get(ulid::Ulid::from_string(valid_id).unwrap()).unwrap();
    assert!(merged.notes.starts_with("gọi lại"));
    // Quarantined files do not come back on the next load.
    let again = Workspace::open(dir.path()).unwrap();
    assert!(
        again
            .problems()
            .iter()
            .all(|p| p.action == ProblemAction::LeftInPlace),
        "{:?}",
        again.problems()
    );
    eprintln!(
        "{total} hostile files: {} quarantined",
        ws.problems()
            .iter()
            .filter(|p| matches!(p.action, ProblemAction::Quarantined(_)))
            .count()
    );
}

#[test]
fn forty_bad_bundles_are_refused_naming_the_file_and_change_nothing() {
    let (source, _) = valid_files(3);
    let bundle = source.path().join("good.sohoa");
    export_bundle(source.path(), &bundle);
    let text = std::fs::read_to_string(&bundle).unwrap();
    let target = tempfile::tempdir().unwrap();
    sohoa_ok(target.path(), &["demo", "--count", "2"]);
    let mut bundles: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 1..=20 {
        bundles.push((format!("truncated-{i}.sohoa"), cut_short(&text, i, 21)));
    }
    for (label, from, to) in [
        ("path-traversal-id", "id: \"", "id: \"../../../etc/passwd"),
        ("windows-path-id", "id: \"", "id: \"..\\\\..\\\\Windows\\\\"),
        (
            "foreign-format",
            "format: \"sohoa-bundle\"",
            "format: \"zip\"",
        ),
        ("newer", "schema: 1", "schema: 3"),
        ("schema-zero", "schema: 1", "schema: 0"),
        ("bad-tax-code", "tax_code: Some(\"", "tax_code: Some(\"9"),
        ("unknown-field", "machine:", "evil: true, machine:"),
        ("bad-questionnaire", "pillars:", "pillars: 5, old:"),
        (
            "mislabelled-questionnaire",
            "version: \"2.0.0\",\n      source",
            "version: \"2.1.0\",\n      source",
        ),
        (
            "unknown-version",
            "questionnaire_version: \"2.0.0\"",
            "questionnaire_version: \"3.1.4\"",
        ),
        ("nul", "machine:", "machine: \"\0\", old:"),
        (
            "deep",
            "enterprises: [",
            &format!("enterprises: [{}", "[".repeat(50_000)),
        ),
    ] {
        bundles.push((
            format!("{label}.sohoa"),
            text.replacen(from, to, 1).into_bytes(),
        ));
    }
    bundles.push(("empty.sohoa".into(), Vec::new()));
    bundles.push((
        "binary.sohoa".into(),
        (0..2048u32).map(|i| (i * 7919 % 251) as u8).collect(),
    ));
    bundles.push((
        "zip-magic.sohoa".into(),
        b"PK\x03\x04\x14\x00\x00\x00".to_vec(),
    ));
    bundles.push(("utf16.sohoa".into(), [0xff, 0xfe, b'(', 0].to_vec()));
    let duplicated = {
        let start = text.find("enterprises: [").unwrap() + "enterprises: [".len();
        let end = text.rfind(']').unwrap();
        let records = &text[start..end];
        format!("{}{records}{records}{}", &text[..start], &text[end..])
    };
    bundles.push((
        "same-enterprise-twice.sohoa".into(),
        duplicated.into_bytes(),
    ));
    assert!(bundles.len() >= 35, "{}", bundles.len());
    let paths = write_all(target.path(), &bundles);
    // The size limit is checked before reading.
    let huge = target.path().join("huge.sohoa");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(MAX_BUNDLE_BYTES + 1)
        .unwrap();
    let err = read_bundle(&huge).unwrap_err().to_string();
    assert!(err.contains("limit") && err.contains("huge.sohoa"), "{err}");

    assert_untouched(&target.path().join("enterprises"), "bad bundles", || {
        for path in &paths {
            let said = refusal(&sohoa(target.path(), &["import", path.to_str().unwrap()]));
            let name = path.file_name().unwrap().to_string_lossy();
            assert!(said.contains(name.as_ref()), "{name}: {said}");
        }
    });
}
