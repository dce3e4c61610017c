//! The unsigned door: a self-assessment needs no seal (an owner sends it from
//! home), so a plain file that calls itself one must carry no more than an
//! enterprise's own form writes. A consultant's plain bundle with its kind edited
//! to `SelfAssessment` is refused whole, with sealed-only on or off, and the
//! office's folder stays byte for byte as it was.

use crate::{add_enterprise, assert_refused, assert_untouched, json, sohoa, sohoa_ok};

/// A consultant's plain bundle of five enterprises with their assessments,
/// activities and history, its kind edited by hand.
fn edited_transfer(dir: &std::path::Path) -> std::path::PathBuf {
    let lan = dir.join("lan");
    sohoa_ok(&lan, &["demo", "--count", "5"]);
    let plain = dir.join("lan.sohoa");
    sohoa_ok(
        &lan,
        &["export", "--bundle", plain.to_str().unwrap(), "--no-seal"],
    );
    let text = std::fs::read_to_string(&plain).unwrap();
    assert!(text.contains("kind: Transfer"), "{}", &text[..300]);
    let edited = dir.join("tu-danh-gia.sohoa");
    std::fs::write(
        &edited,
        text.replacen("kind: Transfer", "kind: SelfAssessment", 1),
    )
    .unwrap();
    edited
}

#[test]
fn a_transfer_relabelled_as_a_self_assessment_is_refused_and_the_office_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office");
    add_enterprise(
        &office,
        "Công ty TNHH Dừa Xanh",
        &["--tax-code", "1300123452"],
    );
    let edited = edited_transfer(dir.path());
    for sealed_only in ["on", "off"] {
        sohoa_ok(&office, &["program", "sealed-only", sealed_only]);
        assert_untouched(&office, sealed_only, || {
            let out = sohoa(&office, &["import", edited.to_str().unwrap()]);
            assert_refused(
                &out,
                "a self-assessment holds one enterprise, this file holds 5",
            );
        });
    }
    let stats = json(&sohoa_ok(&office, &["stats", "--json"]));
    assert_eq!(stats["enterprises"], 1);
}

#[test]
fn one_relabelled_record_with_a_consultant_s_assessment_is_refused_too() {
    let dir = tempfile::tempdir().unwrap();
    let lan = dir.path().join("lan");
    let id = add_enterprise(&lan, "HTX Dừa Sáp", &["--tax-code", "0100109106"]);
    sohoa_ok(
        &lan,
        &[
            "assess",
            &id,
            "--answers",
            "tests/fixtures/answers/dbi-2.0.0/paper-only.ron",
            "--complete",
        ],
    );
    let plain = dir.path().join("one.sohoa");
    sohoa_ok(
        &lan,
        &["export", "--bundle", plain.to_str().unwrap(), "--no-seal"],
    );
    let text = std::fs::read_to_string(&plain).unwrap().replacen(
        "kind: Transfer",
        "kind: SelfAssessment",
        1,
    );
    let edited = dir.path().join("edited.sohoa");
    std::fs::write(&edited, text).unwrap();
    let office = dir.path().join("office");
    sohoa_ok(&office, &["program", "sealed-only", "on"]);
    assert_untouched(&office, "one record", || {
        let out = sohoa(&office, &["import", edited.to_str().unwrap()]);
        assert_refused(&out, "which an enterprise's own form never sends");
    });
}
