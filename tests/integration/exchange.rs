//! Bundles between data folders, conflicts, duplicates and sync-engine copies.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use sohoa::enterprise::Enterprise;
use sohoa::enterprise::field::ProfileField;
use sohoa::exchange::bundle::read_bundle;
use sohoa::store::ProblemAction;
use sohoa::workspace::{Outcome, Workspace};

use crate::{
    assert_refused, assert_untouched, backups, export_bundle, import_bundle, import_report, json,
    sohoa, sohoa_ok, stderr, stdout,
};

/// Writes a bundle of every enterprise in `dir`, named `name`, inside it.
fn export_all(dir: &Path, name: &str) -> PathBuf {
    let bundle = dir.join(name);
    export_bundle(dir, &bundle);
    bundle
}

/// A folder of `count` demo enterprises and a bundle of all of them.
fn demo_bundle(count: usize) -> (tempfile::TempDir, PathBuf) {
    let from = tempfile::tempdir().unwrap();
    sohoa_ok(from.path(), &["demo", "--count", &count.to_string()]);
    let bundle = export_all(from.path(), "demo.sohoa");
    (from, bundle)
}

fn at(minute: i64) -> Timestamp {
    Timestamp::from_second(1_760_000_000 + minute * 60).unwrap()
}

/// Công ty TNHH Dừa Xanh (tax code 1300123452), as entered at `minute`.
fn dua_xanh(minute: i64) -> Enterprise {
    let mut e = Enterprise::new("Công ty TNHH Dừa Xanh", at(minute));
    e.tax_code = Some("1300123452".into());
    // Contacts travel in bundles only with consent.
    e.consent = Some(sohoa::enterprise::Consent {
        given: true,
        date: jiff::civil::date(2026, 1, 5),
        recorded_by: "Hoa".into(),
        purpose: String::new(),
    });
    e
}

/// A folder with one enterprise, and a second folder that received a copy of it.
fn two_laptops() -> (tempfile::TempDir, tempfile::TempDir, ulid::Ulid) {
    let (office, laptop) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut ws = Workspace::open(office.path()).unwrap();
    ws.set_actor("Hoa");
    let mut e = dua_xanh(0);
    e.contact.phone = "0275 111".into();
    let id = ws.save(e).unwrap();
    let bundle = export_all(office.path(), "start.sohoa");
    import_bundle(laptop.path(), &bundle);
    (office, laptop, id)
}

/// Two laptops as [`two_laptops`] makes them, the second having changed the phone
/// and written a bundle of its folder: (office, laptop, enterprise, bundle).
fn laptop_changed_the_phone() -> (tempfile::TempDir, tempfile::TempDir, ulid::Ulid, PathBuf) {
    let (office, laptop, id) = two_laptops();
    edit_phone(laptop.path(), id, "Minh", "0275 222", 20);
    let bundle = export_all(laptop.path(), "minh.sohoa");
    (office, laptop, id, bundle)
}

/// Sets the phone of enterprise `id` in `dir`, as `by`, at `minute`.
fn edit_phone(dir: &Path, id: ulid::Ulid, by: &str, phone: &str, minute: i64) {
    let mut ws = Workspace::open(dir).unwrap();
    ws.set_actor(by);
    let mut e = ws.get(id).unwrap().clone();
    e.contact.phone = phone.into();
    e.modified = at(minute);
    ws.save(e).unwrap();
}

#[test]
fn a_demo_folder_travels_whole_and_importing_it_again_changes_nothing() {
    let (from, to) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    sohoa_ok(from.path(), &["demo", "--count", "40"]);
    let bundle = from.path().join("all.sohoa");
    sohoa_ok(
        from.path(),
        &[
            "--by",
            "Lan",
            "export",
            "--bundle",
            bundle.to_str().unwrap(),
        ],
    );
    let checked = read_bundle(&bundle).unwrap();
    assert_eq!(checked.bundle.enterprises.len(), 40);
    assert_eq!(checked.bundle.by, "Lan");
    assert_eq!(
        checked.questionnaires.len(),
        1,
        "the DBI questionnaire travels with it"
    );

    let report = import_report(to.path(), &bundle);
    assert_eq!(report[0]["added"], 40);
    let (source, copy) = (
        Workspace::open(from.path()).unwrap(),
        Workspace::open(to.path()).unwrap(),
    );
    assert_eq!(copy.enterprises().len(), 40);
    for e in source.enterprises() {
        let arrived = copy.get(e.id).expect("same id");
        assert_eq!(arrived.assessments, e.assessments);
        assert_eq!(arrived.activities, e.activities);
        assert_eq!(arrived.name, e.name);
    }
    assert_eq!(copy.stats().supported, source.stats().supported);

    let report = assert_untouched(to.path(), "a second import", || {
        import_report(to.path(), &bundle)
    });
    assert_eq!(
        (report[0]["added"].as_u64(), report[0]["unchanged"].as_u64()),
        (Some(0), Some(40))
    );
}

#[test]
fn a_dry_run_reports_the_plan_and_writes_nothing() {
    let (_from, bundle) = demo_bundle(5);
    let to = tempfile::tempdir().unwrap();
    Workspace::open(to.path()).unwrap();
    let plan = assert_untouched(to.path(), "a dry run", || {
        stdout(&sohoa_ok(
            to.path(),
            &[
                "--lang",
                "en",
                "import",
                "--dry-run",
                bundle.to_str().unwrap(),
            ],
        ))
    });
    assert!(
        plan.contains(
            "5 new, 0 updated, 0 unchanged, 0 conflicts to review (dry run, nothing written)"
        ),
        "{plan}"
    );
}

#[test]
fn a_field_changed_on_two_laptops_becomes_a_conflict_that_a_person_resolves() {
    let (office, laptop, id) = two_laptops();
    edit_phone(office.path(), id, "Hoa", "0275 333", 10);
    edit_phone(laptop.path(), id, "Minh", "0275 222", 20);
    let bundle = laptop.path().join("minh.sohoa");
    sohoa_ok(
        laptop.path(),
        &[
            "--by",
            "Minh",
            "export",
            "--bundle",
            bundle.to_str().unwrap(),
        ],
    );

    let report = import_report(office.path(), &bundle);
    assert_eq!(report[0]["updated"], 1);
    assert_eq!(report[0]["records"][0]["conflicts"][0], "phone");
    let mut ws = Workspace::open(office.path()).unwrap();
    let e = ws.get(id).unwrap();
    assert_eq!(e.contact.phone, "0275 222", "the newer value is shown");
    assert_eq!(
        e.conflicts[0].others,
        vec!["\"0275 333\"".to_owned()],
        "the other is kept"
    );

    ws.set_actor("Hoa");
    ws.resolve_conflict(id, ProfileField::Phone, "\"0275 333\"", at(30))
        .unwrap();
    let e = ws.get(id).unwrap();
    assert_eq!(e.contact.phone, "0275 333");
    assert!(e.conflicts.is_empty());
    assert!(
        e.history.iter().any(|c| c.describe(sohoa::text::Lang::En)
            == "Conflict resolved Phone: 0275 333 (set aside 0275 222)"),
        "{:?}",
        e.history
    );

    // The same bundle arriving again does not reopen the question.
    let report = import_report(office.path(), &bundle);
    assert_eq!(report[0]["unchanged"], 1);
    assert_eq!(
        Workspace::open(office.path())
            .unwrap()
            .get(id)
            .unwrap()
            .contact
            .phone,
        "0275 333"
    );
}

#[test]
fn a_change_made_on_one_laptop_only_is_taken_without_a_conflict() {
    let (office, _laptop, id, bundle) = laptop_changed_the_phone();
    let report = import_report(office.path(), &bundle);
    assert_eq!(report[0]["conflicts"], 0);
    let ws = Workspace::open(office.path()).unwrap();
    assert_eq!(ws.get(id).unwrap().contact.phone, "0275 222");
}

#[test]
fn an_enterprise_entered_separately_is_matched_by_tax_code_and_kept_once() {
    let (office, laptop) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut ws = Workspace::open(office.path()).unwrap();
    let first_id = ws.save(dua_xanh(0)).unwrap();
    let mut other = Workspace::open(laptop.path()).unwrap();
    let mut second = dua_xanh(5);
    second.contact.person = "Nguyễn Văn Tư".into();
    let second_id = other.save(second).unwrap();
    let bundle = export_all(laptop.path(), "b.sohoa");
    import_bundle(office.path(), &bundle);
    let ws = Workspace::open(office.path()).unwrap();
    assert_eq!(ws.enterprises().len(), 1);
    let kept = ws.enterprises().first().unwrap();
    assert_eq!(kept.id, first_id.min(second_id));
    assert_eq!(kept.contact.person, "Nguyễn Văn Tư");
    assert!(kept.conflicts.is_empty(), "{:?}", kept.conflicts);
    // A later bundle naming the other id still finds the record.
    import_bundle(office.path(), &bundle);
    assert_eq!(
        Workspace::open(office.path()).unwrap().enterprises().len(),
        1
    );
}

#[test]
fn a_truncated_or_hostile_bundle_is_refused_and_the_folder_is_untouched() {
    let (_from, bundle) = demo_bundle(3);
    let to = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(&bundle).unwrap();
    sohoa_ok(to.path(), &["demo", "--count", "2"]);
    let cases = [
        (
            "truncated.sohoa",
            text[..text.len() * 2 / 3].to_owned(),
            "cắt cụt",
        ),
        ("empty.sohoa", String::new(), "tệp trống"),
        (
            "bad-tax-code.sohoa",
            text.replacen("tax_code: Some(\"", "tax_code: Some(\"9", 1),
            "Mã số thuế",
        ),
        (
            "newer.sohoa",
            text.replacen("schema: 1", "schema: 99", 1),
            "phiên bản Sohoa mới hơn",
        ),
        (
            "unknown-questionnaire.sohoa",
            text.replace(
                "questionnaire_version: \"2.0.0\"",
                "questionnaire_version: \"7.0.0\"",
            ),
            "neither installed here nor in the bundle",
        ),
        (
            "nested.sohoa",
            format!("{}{}", "(".repeat(10_000), ")".repeat(10_000)),
            "không phải là gói dữ liệu Sohoa dùng được",
        ),
    ];
    assert_untouched(to.path(), "refused bundles", || {
        for (name, content, expected) in cases {
            let path = to.path().join(name);
            std::fs::write(&path, content).unwrap();
            let out = sohoa(to.path(), &["import", path.to_str().unwrap()]);
            assert_refused(&out, expected);
            assert!(
                stderr(&out).contains(name),
                "{name}: the message names the file"
            );
            std::fs::remove_file(&path).unwrap();
        }
        let invalid = to.path().join("invalid-utf8.sohoa");
        std::fs::write(&invalid, b"(format: \"sohoa-bundle\", \xff\xfe)").unwrap();
        let out = sohoa(to.path(), &["import", invalid.to_str().unwrap()]);
        assert!(
            stderr(&out).contains("không phải văn bản UTF-8"),
            "{}",
            stderr(&out)
        );
        std::fs::remove_file(&invalid).unwrap();
    });
}

#[test]
fn a_bundle_from_an_older_questionnaire_version_installs_it_and_scores_with_it() {
    let (from, to) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    sohoa_ok(from.path(), &["demo", "--count", "4"]);
    // Relabel the folder's assessments as made with an older edition of the questionnaire.
    let installed = from
        .path()
        .join("questionnaires")
        .join("dbi-2021-sme-2.0.0.ron");
    let older = std::fs::read_to_string(&installed).unwrap().replacen(
        "version: \"2.0.0\"",
        "version: \"0.9.0\"",
        1,
    );
    std::fs::write(
        from.path()
            .join("questionnaires")
            .join("dbi-2021-sme-0.9.0.ron"),
        older,
    )
    .unwrap();
    for entry in std::fs::read_dir(from.path().join("enterprises")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap().replace(
            "questionnaire_version: \"2.0.0\"",
            "questionnaire_version: \"0.9.0\"",
        );
        std::fs::write(&path, text).unwrap();
    }
    let bundle = export_all(from.path(), "old.sohoa");
    let report = import_report(to.path(), &bundle);
    assert_eq!(
        report[0]["questionnaires_installed"][0],
        "dbi-2021-sme-0.9.0"
    );
    let ws = Workspace::open(to.path()).unwrap();
    assert!(ws.problems().is_empty(), "{:?}", ws.problems());
    let assessed = ws
        .enterprises()
        .iter()
        .flat_map(|e| &e.assessments)
        .find(|a| a.is_completed())
        .unwrap();
    assert_eq!(assessed.questionnaire_version, "0.9.0");
    assert!(ws.score(assessed).is_ok());
}

/// `base` changed by `edit` on another machine, with its history, as a file's text.
fn edited_copy(
    base: &Enterprise,
    by: &str,
    minute: i64,
    edit: impl FnOnce(&mut Enterprise),
) -> Vec<u8> {
    let mut copy = base.clone();
    edit(&mut copy);
    copy.modified = at(minute);
    let changes = sohoa::enterprise::history::record_changes(Some(base), &copy, by, at(minute));
    copy.history.extend(changes);
    let scratch = tempfile::tempdir().unwrap();
    let folder = sohoa::store::DataFolder::open(scratch.path()).unwrap();
    folder
        .save_enterprise(
            &folder.lock(std::time::Duration::ZERO).unwrap(),
            &copy,
            sohoa::store::Durability::Relaxed,
        )
        .unwrap();
    std::fs::read(folder.enterprise_path(copy.id)).unwrap()
}

#[test]
fn conflict_copies_left_by_sync_engines_are_merged_at_load_and_removed() {
    let (office, _laptop, id) = two_laptops();
    let base = Workspace::open(office.path())
        .unwrap()
        .get(id)
        .unwrap()
        .clone();
    // Three engines, three naming schemes. Two copies carry the same edit of the
    // contact person; the third changed the phone that the office also changed.
    let person = edited_copy(&base, "Minh", 30, |e| {
        e.contact.person = "Trần Thị Mai".into()
    });
    let phone = edited_copy(&base, "Minh", 35, |e| e.contact.phone = "0275 444".into());
    edit_phone(office.path(), id, "Hoa", "0275 555", 40);
    let dir = office.path().join("enterprises");
    std::fs::write(
        dir.join(format!("{id}.sync-conflict-20251005-101500-ABCDEF1.ron")),
        &person,
    )
    .unwrap();
    std::fs::write(
        dir.join(format!("{id} (conflicted copy 2025-10-05 101500).ron")),
        &person,
    )
    .unwrap();
    std::fs::write(dir.join(format!("{id}-LAPTOP-MINH.ron")), &phone).unwrap();

    let ws = Workspace::open(office.path()).unwrap();
    assert_eq!(ws.enterprises().len(), 1);
    let merged = ws.get(id).unwrap();
    assert_eq!(
        merged.contact.person, "Trần Thị Mai",
        "changed on one side only: taken"
    );
    assert_eq!(
        merged.contact.phone, "0275 555",
        "changed on both: the newer is shown"
    );
    assert_eq!(
        merged.conflict(ProfileField::Phone).unwrap().others,
        vec!["\"0275 444\"".to_owned()]
    );
    let merged_notes = ws
        .problems()
        .iter()
        .filter(|p| matches!(p.action, ProblemAction::MergedInto(_)))
        .count();
    assert_eq!(merged_notes, 3);
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec![format!("{id}.ron")]);
    // The merge was saved: the next load is clean and the same.
    let again = Workspace::open(office.path()).unwrap();
    assert!(again.problems().is_empty());
    assert_eq!(again.get(id), ws.get(id));
}

#[test]
fn duplicates_are_listed_and_merged_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path()).unwrap();
    let mut a = Enterprise::new("Cty TNHH Dừa Xanh", at(0));
    a.admin_unit = Some("chau-thanh".into());
    let mut b = dua_xanh(1);
    b.admin_unit = Some("chau-thanh".into());
    let (ida, idb) = (ws.save(a).unwrap(), ws.save(b).unwrap());
    let pairs = json(&sohoa(dir.path(), &["duplicates", "--json"]));
    assert_eq!(pairs[0]["reason"], "name_and_place");
    let out = sohoa_ok(
        dir.path(),
        &["--lang", "en", "merge", &ida.to_string(), "1300123452"],
    );
    assert!(
        stdout(&out).contains("conflict Enterprise name: "),
        "{}",
        stdout(&out)
    );
    let ws = Workspace::open(dir.path()).unwrap();
    assert_eq!(ws.enterprises().len(), 1);
    assert_eq!(ws.enterprises().first().unwrap().id, ida.min(idb));
    assert_eq!(
        json(&sohoa(dir.path(), &["duplicates", "--json"]))
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

#[test]
fn the_import_plan_counts_what_a_person_checks_before_saying_yes() {
    let (office, _laptop, _, bundle) = laptop_changed_the_phone();
    let ws = Workspace::open(office.path()).unwrap();
    let plan = ws.plan_import(&read_bundle(&bundle).unwrap()).unwrap();
    assert_eq!(plan.count(Outcome::Updated), 1);
    assert_eq!(
        plan.records[0].changes.fields_taken,
        vec![ProfileField::Phone]
    );
    assert_eq!(
        plan.records[0].details(sohoa::text::Lang::En),
        "updated: Phone"
    );
}

#[test]
fn an_import_is_preceded_by_a_backup_that_restores_the_folder_as_it_was() {
    let (office, _laptop, id, bundle) = laptop_changed_the_phone();
    let record = office.path().join("enterprises").join(format!("{id}.ron"));
    let before = std::fs::read(&record).unwrap();
    import_bundle(office.path(), &bundle);
    let list = backups(office.path());
    let import = list
        .iter()
        .find(|b| b["reason"] == "import")
        .expect("a backup made for the import");
    assert_eq!(import["enterprises"], 1);
    let name = import["name"].as_str().unwrap();
    sohoa_ok(office.path(), &["backup", "restore", name]);
    assert_eq!(
        std::fs::read(&record).unwrap(),
        before,
        "the record is back as it was before the import"
    );
    let reasons: Vec<String> = backups(office.path())
        .iter()
        .map(|b| b["reason"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        reasons.contains(&"before-restore".to_owned()),
        "{reasons:?}"
    );
    let out = sohoa(
        office.path(),
        &["backup", "restore", "20000101-000000-nothing"],
    );
    assert_eq!(out.status.code(), Some(1));
}
