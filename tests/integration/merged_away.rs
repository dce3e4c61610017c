//! A merge that stays merged wherever it travels. Laptop A merges X2 into X1;
//! laptop B, offline, still has X2 and edits it; when B comes back, the sync
//! engine undoes A's deletion to keep B's edit, and X2's file is in A's folder
//! again. The next opening (or the open app) folds it into X1: one record, B's
//! edits in it, no duplicate pair, and the old id still finds the record.

use std::path::Path;

use sohoa::store::watch::Noticed;
use sohoa::workspace::Workspace;

use crate::{add_enterprise, json, sohoa_ok, stderr};

fn record(data: &Path, id: &str) -> std::path::PathBuf {
    data.join("enterprises").join(format!("{id}.ron"))
}

/// Two records of one enterprise on A, and laptop B holding the same folder.
fn two_records_on_two_laptops() -> (tempfile::TempDir, tempfile::TempDir, String, String) {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let x1 = add_enterprise(
        a.path(),
        "Công ty TNHH Dừa Xanh",
        &["--phone", "0275 111 222"],
    );
    let x2 = add_enterprise(
        a.path(),
        "Cty TNHH Dừa Xanh",
        &["--address", "Số 69, Hùng Vương"],
    );
    std::fs::create_dir_all(b.path().join("enterprises")).unwrap();
    for id in [&x1, &x2] {
        std::fs::copy(record(a.path(), id), record(b.path(), id)).unwrap();
    }
    (a, b, x1, x2)
}

/// B's edits of X2, made while B was offline and A had merged it away.
fn b_edits_x2_offline(b: &Path, x2: &str) {
    sohoa_ok(
        b,
        &[
            "--by",
            "Lan",
            "enterprise",
            "edit",
            x2,
            "--notes",
            "Hẹn khảo sát lần hai",
            "--phone",
            "0911 222 333",
        ],
    );
}

/// B is back: the engine brings X2's file to A, as it does to keep an edit
/// made after a deletion (a file changed on one side beats its deletion).
fn engine_brings_back(a: &Path, b: &Path, x2: &str) {
    let download = a.join("enterprises").join(".syncthing.x2.tmp");
    std::fs::copy(record(b, x2), &download).unwrap();
    std::fs::rename(&download, record(a, x2)).unwrap();
}

fn phones_of(record: &serde_json::Value) -> String {
    record.to_string()
}

#[test]
fn an_offline_edit_of_a_merged_away_record_lands_in_the_record_that_stayed() {
    let (a, b, x1, x2) = two_records_on_two_laptops();
    let (kept, away) = (x1.clone().min(x2.clone()), x1.max(x2));
    sohoa_ok(a.path(), &["merge", &kept, &away]);
    assert!(!record(a.path(), &away).exists());
    b_edits_x2_offline(b.path(), &away);
    engine_brings_back(a.path(), b.path(), &away);

    let listed = sohoa_ok(a.path(), &["enterprise", "list", "--json"]);
    let records = json(&listed);
    assert_eq!(records.as_array().map(Vec::len), Some(1), "{records}");
    assert!(
        stderr(&listed).contains("merged into another"),
        "the opening says what it did: {}",
        stderr(&listed)
    );
    assert!(!record(a.path(), &away).exists());
    let duplicates = json(&sohoa_ok(a.path(), &["duplicates", "--json"]));
    assert_eq!(duplicates.as_array().map(Vec::len), Some(0));
    let stats = json(&sohoa_ok(a.path(), &["stats", "--json"]));
    assert_eq!(stats["enterprises"], 1, "{stats}");

    let shown = json(&sohoa_ok(
        a.path(),
        &["enterprise", "show", &kept, "--json"],
    ));
    assert_eq!(shown["notes"], "Hẹn khảo sát lần hai");
    assert_eq!(shown["address"], "Số 69, Hùng Vương");
    assert!(
        phones_of(&shown).contains("0911 222 333"),
        "B's phone reaches the record, as its value or beside it: {shown}"
    );
    // The old id still finds the record it went into.
    let by_old_id = json(&sohoa_ok(
        a.path(),
        &["enterprise", "show", &away, "--json"],
    ));
    assert_eq!(by_old_id["id"], kept.as_str());
}

#[test]
fn an_edit_typed_with_the_merged_away_id_lands_in_the_record_that_stayed() {
    let (a, _b, x1, x2) = two_records_on_two_laptops();
    let (kept, away) = (x1.clone().min(x2.clone()), x1.max(x2));
    sohoa_ok(a.path(), &["merge", &kept, &away]);
    sohoa_ok(
        a.path(),
        &["enterprise", "edit", &away, "--notes", "Gọi lại thứ Hai"],
    );
    assert!(!record(a.path(), &away).exists());
    let shown = json(&sohoa_ok(
        a.path(),
        &["enterprise", "show", &kept, "--json"],
    ));
    assert_eq!(shown["notes"], "Gọi lại thứ Hai");
}

#[test]
fn the_open_app_folds_a_merged_away_record_the_engine_brings_back() {
    let (a, b, x1, x2) = two_records_on_two_laptops();
    let (kept, away) = (x1.clone().min(x2.clone()), x1.max(x2));
    let mut ws = Workspace::open(a.path()).unwrap();
    ws.merge_records(
        kept.parse().unwrap(),
        away.parse().unwrap(),
        jiff::Timestamp::now(),
    )
    .unwrap();
    b_edits_x2_offline(b.path(), &away);
    engine_brings_back(a.path(), b.path(), &away);

    let noticed = Noticed {
        records: [away.parse().unwrap()].into(),
        ..Noticed::default()
    };
    let outside = ws.take_outside_changes(&noticed).unwrap();
    assert_eq!(ws.enterprises().len(), 1);
    let record = ws.get(kept.parse().unwrap()).unwrap();
    assert_eq!(record.notes, "Hẹn khảo sát lần hai");
    assert!(
        outside
            .problems
            .iter()
            .any(|p| p.to_string().contains("merged into another"))
    );
    assert!(!self::record(a.path(), &away).exists());
    // What the app holds is what the next opening reads.
    let again = Workspace::open(a.path()).unwrap();
    assert_eq!(again.enterprises().to_vec(), ws.enterprises().to_vec());
}

#[test]
fn a_merge_takes_in_an_edit_of_either_record_the_engine_brought_after_the_app_read_it() {
    let (a, b, x1, x2) = two_records_on_two_laptops();
    let (kept, away) = (x1.clone().min(x2.clone()), x1.max(x2));
    let mut ws = Workspace::open(a.path()).unwrap();
    // B's edit of the record about to go arrives while A looks at the pair.
    b_edits_x2_offline(b.path(), &away);
    engine_brings_back(a.path(), b.path(), &away);
    ws.merge_records(
        kept.parse().unwrap(),
        away.parse().unwrap(),
        jiff::Timestamp::now(),
    )
    .unwrap();
    let merged = ws.get(kept.parse().unwrap()).unwrap();
    assert_eq!(merged.notes, "Hẹn khảo sát lần hai");
    let again = Workspace::open(a.path()).unwrap();
    assert_eq!(
        again.get(kept.parse().unwrap()).unwrap().notes,
        "Hẹn khảo sát lần hai"
    );
}
