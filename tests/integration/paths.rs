//! Every name that comes from outside and becomes part of a path: questionnaire ids
//! and versions in bundles, backup names, report file names made from records.
//! Each crafted value is refused (exit 1) before anything is written, by the dry
//! run as by the import, and the folder stays byte for byte as it was.

use std::path::Path;

use crate::{
    assert_refused, assert_untouched, demo_folder_in_place, export_bundle, refusal, snapshot,
    sohoa, sohoa_ok, stderr,
};

/// Every file under `dir`, as paths relative to it.
fn all_files(dir: &Path) -> Vec<String> {
    snapshot(dir).into_keys().collect()
}

/// The text of a bundle of a small demo folder (its assessments carry the
/// questionnaire along).
fn demo_bundle_text() -> String {
    let from = tempfile::tempdir().unwrap();
    sohoa_ok(from.path(), &["demo", "--count", "3"]);
    let bundle = from.path().join("b.sohoa");
    export_bundle(from.path(), &bundle);
    std::fs::read_to_string(bundle).unwrap()
}

#[test]
fn a_questionnaire_version_that_climbs_out_of_the_folder_is_refused_and_writes_nothing() {
    let text = demo_bundle_text();
    // The bundle's questionnaire edition, named in its list, in the questionnaire's
    // own text and in every assessment.
    assert!(text.contains("version: \"2.0.0\""));
    let relabel = |version: &str| {
        text.replace("version: \"2.0.0\"", &format!("version: \"{version}\""))
            .replace(
                "version: \\\"2.0.0\\\"",
                &format!("version: \\\"{version}\\\""),
            )
    };
    let (place, data) = demo_folder_in_place(2);
    // What the attack needed: a folder that makes the climb resolve.
    std::fs::create_dir_all(data.join("questionnaires").join("dbi-2021-sme-x")).unwrap();
    std::fs::create_dir_all(place.path().join("outside")).unwrap();
    let cases = [
        ("climb", "x/../../../outside/pwn"),
        ("newline", "1.0\\n.0"),
        ("backslash", "x\\\\..\\\\..\\\\outside"),
        ("absolute", "/tmp/pwn"),
        ("dot-dot", "1..0"),
        ("upper-case", "V1"),
        ("bidi", "1.0\u{202e}0.1"),
        ("too-long", &"9".repeat(65)),
    ];
    for (label, version) in cases {
        let bundle = place.path().join(format!("{label}.sohoa"));
        std::fs::write(&bundle, relabel(version)).unwrap();
        assert_untouched(&data, label, || {
            for dry_run in [true, false] {
                let mut args = vec!["import", bundle.to_str().unwrap()];
                if dry_run {
                    args.push("--dry-run");
                }
                let said = refusal(&sohoa(&data, &args));
                assert!(said.contains("phiên bản"), "{label}: {said}");
                assert!(!said.contains("internal error"), "{label}: {said}");
            }
        });
    }
    assert_eq!(
        all_files(&place.path().join("outside")),
        Vec::<String>::new()
    );
}

#[test]
fn a_questionnaire_id_that_names_a_path_is_refused() {
    let text = demo_bundle_text();
    let (place, data) = demo_folder_in_place(1);
    for (label, id) in [
        ("climb", "../../outside"),
        ("hidden", ".sohoa-lock"),
        ("spaces", "dbi 2021"),
    ] {
        let bundle = place.path().join(format!("{label}.sohoa"));
        std::fs::write(&bundle, text.replace("dbi-2021-sme", id)).unwrap();
        let out = assert_untouched(&data, label, || {
            sohoa(&data, &["import", bundle.to_str().unwrap()])
        });
        assert_eq!(out.status.code(), Some(1), "{label}: {}", stderr(&out));
    }
}

#[test]
fn a_backup_name_that_names_a_path_is_refused() {
    let (_place, data) = demo_folder_in_place(2);
    sohoa_ok(&data, &["backup", "create"]);
    for name in ["../data", "..", "x/../../y", ".partial-x", ""] {
        let out = assert_untouched(&data, &format!("{name:?}"), || {
            sohoa(&data, &["backup", "restore", name])
        });
        assert_refused(&out, "Không có bản sao lưu nào tên");
    }
}

#[test]
fn report_file_names_made_from_a_hand_edited_record_stay_in_the_chosen_folder() {
    let (place, data) = demo_folder_in_place(3);
    // Someone edits a record file by hand: the loader keeps the record (and
    // reports its invalid tax code), so the name reaches the report writer.
    let records = data.join("enterprises");
    for entry in std::fs::read_dir(&records).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = regex_replace_tax_code(&text, "../../../escaped");
        let edited = edited.replacen("name: \"", "name: \"../../../../name-escaped/", 1);
        std::fs::write(&path, edited).unwrap();
    }
    let reports = place.path().join("reports");
    let out = sohoa(&data, &["report", "--all", "-o", reports.to_str().unwrap()]);
    assert!(out.status.code().is_some(), "{}", stderr(&out));
    let mut outside: Vec<String> = all_files(place.path())
        .into_iter()
        .filter(|f| f.ends_with(".pdf") && !f.starts_with("reports/"))
        .collect();
    outside.sort();
    assert_eq!(outside, Vec::<String>::new());
    let written: Vec<String> = all_files(&reports);
    assert!(!written.is_empty(), "{}", stderr(&out));
    for name in &written {
        assert!(!name.contains('/') && !name.contains(".."), "{name}");
    }
}

/// `text` with its tax code (if any) replaced by `code`.
fn regex_replace_tax_code(text: &str, code: &str) -> String {
    match text.find("tax_code: Some(\"") {
        Some(start) => {
            let value = start + "tax_code: Some(\"".len();
            let end = value + text[value..].find('"').unwrap();
            format!("{}{code}{}", &text[..value], &text[end..])
        }
        None => text.to_owned(),
    }
}
