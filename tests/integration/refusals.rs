//! What is refused, kept apart or reported instead of being done silently: a
//! bundle that cannot be anonymised, a questionnaire over the size limit, a device
//! or a pipe given as a bundle, a symbolic link or an unreadable file among the
//! records, a tax code shared by two differently named companies, removals a
//! sender never had the right to make, and the backups a busy day must keep.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use sohoa::enterprise::{ActivityKind, Enterprise, SupportActivity};
use sohoa::workspace::Workspace;

use crate::{
    add_enterprise, assert_refused, assert_untouched, backups, enterprise_ids, export_bundle,
    import_bundle, json, sohoa, sohoa_command, sohoa_ok, stderr, stdout,
};

/// What `import --dry-run` says of `bundle`, in English.
fn preview_in_english(data: &Path, bundle: &Path) -> String {
    stdout(&sohoa_ok(
        data,
        &[
            "--lang",
            "en",
            "import",
            "--dry-run",
            bundle.to_str().unwrap(),
        ],
    ))
}

#[test]
fn anonymising_a_bundle_is_refused_with_the_reason_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    sohoa_ok(dir.path(), &["demo", "--count", "3"]);
    let bundle = dir.path().join("an.sohoa");
    let out = sohoa(
        dir.path(),
        &[
            "export",
            "--bundle",
            bundle.to_str().unwrap(),
            "--anonymise",
        ],
    );
    assert_refused(&out, "không ẩn danh được");
    assert!(!bundle.exists());
}

#[test]
fn a_bundled_questionnaire_over_the_size_limit_is_refused_like_a_file_in_the_folder() {
    let from = tempfile::tempdir().unwrap();
    sohoa_ok(from.path(), &["demo", "--count", "2"]);
    let bundle = from.path().join("b.sohoa");
    export_bundle(from.path(), &bundle);
    let text = std::fs::read_to_string(&bundle).unwrap();
    // 9 MB of comment at the top of the questionnaire's source: it still parses.
    let padding = format!("// {}\\n", "x".repeat(9 * 1024 * 1024));
    let big = text
        .replacen("source: \"", &format!("source: \"{padding}"), 1)
        .replace("1.0.0", "1.0.1");
    let huge = from.path().join("huge.sohoa");
    std::fs::write(&huge, big).unwrap();
    let to = tempfile::tempdir().unwrap();
    sohoa_ok(to.path(), &["stats"]);
    let installed = to.path().join("questionnaires");
    let out = assert_untouched(&installed, "an import over the limit", || {
        sohoa(to.path(), &["import", huge.to_str().unwrap()])
    });
    assert_refused(&out, "byte của một bộ câu hỏi");
    let out = sohoa(to.path(), &["stats"]);
    assert!(!stderr(&out).contains("limit"), "{}", stderr(&out));
}

/// Runs `sohoa import FILE`, failing the test if it has not ended within 20 s.
fn import_within_seconds(data: &Path, file: &Path) -> std::process::Output {
    let mut child = sohoa_command(data, &["import", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("import {} did not end", file.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_device_or_a_pipe_given_as_a_bundle_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = import_within_seconds(dir.path(), Path::new("/dev/zero"));
    assert_refused(&out, "không phải là một tệp mà là một thiết bị");
    let fifo = dir.path().join("pipe.sohoa");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    assert_refused(
        &import_within_seconds(dir.path(), &fifo),
        "mà là một đường ống",
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_among_the_records_is_reported_by_name() {
    let dir = tempfile::tempdir().unwrap();
    sohoa_ok(dir.path(), &["demo", "--count", "2"]);
    let elsewhere = dir.path().join("elsewhere.ron");
    std::fs::write(&elsewhere, "(schema: 1)").unwrap();
    let link = dir
        .path()
        .join("enterprises")
        .join("01JDQ8ZJ5Q2V7K7ZC3M1Y8W6XH.ron");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let out = sohoa(dir.path(), &["stats", "--json"]);
    assert_eq!(json(&out)["enterprises"], 2);
    assert!(
        stderr(&out).contains("01JDQ8ZJ5Q2V7K7ZC3M1Y8W6XH.ron: tệp không dùng được, được để nguyên tại chỗ — chi tiết (tiếng Anh): a symbolic link"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_record_is_named_and_never_taken_for_an_absent_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    sohoa_ok(data, &["demo", "--count", "3"]);
    let bundle = dir.path().join("all.sohoa");
    export_bundle(data, &bundle);
    let id = enterprise_ids(data)[0].clone();
    // A record file that cannot be read (as root, permissions do not stop a
    // read; a pipe in its place does, on every account).
    let record = data.join("enterprises").join(format!("{id}.ron"));
    std::fs::remove_file(&record).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(&record)
            .status()
            .unwrap()
            .success()
    );

    let out = sohoa(data, &["backup", "create"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("{id}.ron")),
        "{}",
        stderr(&out)
    );

    let out = sohoa(data, &["enterprise", "edit", &id, "--phone", "0275 1"]);
    assert_refused(&out, "Không đọc được tệp của doanh nghiệp");

    for args in [vec!["import", "--dry-run"], vec!["import"]] {
        let mut args = args;
        args.push(bundle.to_str().unwrap());
        let out = sohoa(data, &args);
        assert_refused(&out, &id);
        assert!(!stdout(&out).contains("1 new"), "{}", stdout(&out));
    }
    assert!(!record.is_file(), "the pipe is still there, not replaced");
}

#[test]
fn a_shared_tax_code_under_another_name_is_kept_apart_for_review_not_fused() {
    let office = tempfile::tempdir().unwrap();
    let laptop = tempfile::tempdir().unwrap();
    let add = |data: &Path, name: &str, sector: &str| {
        add_enterprise(
            data,
            name,
            &["--tax-code", "1300123452", "--sector", sector],
        )
    };
    let local = add(office.path(), "HTX Bưởi da xanh", "A");
    add(laptop.path(), "Kế toán Mỹ Hạnh", "M");
    let local_file = office
        .path()
        .join("enterprises")
        .join(format!("{local}.ron"));
    let local_bytes = std::fs::read(&local_file).unwrap();
    let bundle = laptop.path().join("l.sohoa");
    export_bundle(laptop.path(), &bundle);

    let preview = preview_in_english(office.path(), &bundle);
    assert!(preview.contains("1 new"), "{preview}");
    assert!(
        preview.contains("same tax code as “HTX Bưởi da xanh” but a different name"),
        "{preview}"
    );
    import_bundle(office.path(), &bundle);
    let ws = Workspace::open(office.path()).unwrap();
    let mut names: Vec<&str> = ws.enterprises().iter().map(|e| e.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["HTX Bưởi da xanh", "Kế toán Mỹ Hạnh"]);
    assert_eq!(
        std::fs::read(&local_file).unwrap(),
        local_bytes,
        "the local record untouched"
    );
    assert!(ws.enterprises().iter().all(|e| e.conflicts.is_empty()));
    let pairs = json(&sohoa(office.path(), &["duplicates", "--json"]));
    assert_eq!(pairs[0]["reason"], "tax_code", "{pairs}");
}

/// A training on 1 March 2026, its id made from `n`.
fn activity(n: u128) -> SupportActivity {
    SupportActivity {
        id: ulid::Ulid::from_parts(1_760_000_000_000, n),
        date: jiff::civil::date(2026, 3, 1),
        kind: ActivityKind::Training,
        partner: None,
        platform: None,
        note: String::new(),
        modified: None,
    }
}

#[test]
fn a_bundle_removes_only_what_its_sender_had_and_the_preview_lists_removals() {
    let office = tempfile::tempdir().unwrap();
    let laptop = tempfile::tempdir().unwrap();
    let t = Timestamp::now();
    let mut ws = Workspace::open(office.path()).unwrap();
    let id = ws.save(Enterprise::new("Công ty Hoạt Động", t)).unwrap();
    let early = office.path().join("early.sohoa");
    export_bundle(office.path(), &early);
    ws.save_activity(id, activity(1), t).unwrap();
    drop(ws);

    // A crafted bundle: the early copy, with a removal of an activity its sender never had.
    let text = std::fs::read_to_string(&early).unwrap();
    let entry = format!(
        "(at: \"{}\", by: \"x\", what: ActivityRemoved(\"{}\")), ",
        t,
        activity(1).id
    );
    let crafted_text = text.replacen("history: [", &format!("history: [{entry}"), 1);
    assert_ne!(crafted_text, text);
    let crafted = office.path().join("crafted.sohoa");
    std::fs::write(&crafted, crafted_text).unwrap();
    let preview = preview_in_english(office.path(), &crafted);
    assert!(preview.contains("1 removals ignored"), "{preview}");
    import_bundle(office.path(), &crafted);
    let ws = Workspace::open(office.path()).unwrap();
    assert_eq!(
        ws.get(id).unwrap().activities.len(),
        1,
        "the activity is still there"
    );
    drop(ws);

    // A real removal: the laptop had the activity and removed it.
    let full = office.path().join("full.sohoa");
    export_bundle(office.path(), &full);
    import_bundle(laptop.path(), &full);
    let mut other = Workspace::open(laptop.path()).unwrap();
    other
        .remove_activity(id, activity(1).id, Timestamp::now())
        .unwrap();
    drop(other);
    let back = laptop.path().join("back.sohoa");
    export_bundle(laptop.path(), &back);
    let preview = preview_in_english(office.path(), &back);
    assert!(
        preview.contains("−1 activities (removed by the sender)"),
        "{preview}"
    );
    import_bundle(office.path(), &back);
    let ws = Workspace::open(office.path()).unwrap();
    assert_eq!(ws.get(id).unwrap().activities.len(), 0);
}

#[test]
fn a_busy_day_keeps_its_manual_and_before_restore_backups_and_the_work_in_between() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    sohoa_ok(data, &["demo", "--count", "4"]);
    sohoa_ok(data, &["backup", "create"]);
    let first = backups(data)
        .iter()
        .find(|b| b["reason"] == "manual")
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = enterprise_ids(data)[0].clone();
    sohoa_ok(data, &["enterprise", "edit", &id, "--phone", "0275 9"]);
    add_enterprise(data, "Công ty Sau Sao Lưu", &[]);
    sohoa_ok(data, &["backup", "restore", &first]);
    for n in 0..3 {
        let from = tempfile::tempdir().unwrap();
        sohoa_ok(
            from.path(),
            &["demo", "--count", "2", "--seed", &n.to_string()],
        );
        let bundle = from.path().join("b.sohoa");
        export_bundle(from.path(), &bundle);
        import_bundle(data, &bundle);
    }
    let list = backups(data);
    let reasons: Vec<&str> = list.iter().map(|b| b["reason"].as_str().unwrap()).collect();
    assert!(reasons.contains(&"manual"), "{reasons:?}");
    assert!(reasons.contains(&"before-restore"), "{reasons:?}");
    // The enterprise added between the backup and the restore is in a backup.
    let before_restore = list
        .iter()
        .find(|b| b["reason"] == "before-restore")
        .unwrap();
    let kept = tempfile::tempdir().unwrap();
    copy_records(
        Path::new(before_restore["path"].as_str().unwrap()),
        kept.path(),
    );
    let names: Vec<String> = Workspace::open(kept.path())
        .unwrap()
        .enterprises()
        .iter()
        .map(|e| e.name.clone())
        .collect();
    assert!(
        names.iter().any(|n| n == "Công ty Sau Sao Lưu"),
        "{names:?}"
    );
}

/// Copies the records and questionnaires of the backup folder `backup` into `to`.
fn copy_records(backup: &Path, to: &Path) {
    for folder in ["enterprises", "questionnaires"] {
        std::fs::create_dir_all(to.join(folder)).unwrap();
        for entry in std::fs::read_dir(backup.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, to.join(folder).join(path.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn a_record_too_large_to_be_read_back_is_refused_at_import_and_at_save() {
    let from = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(from.path()).unwrap();
    let id = ws
        .save(Enterprise::new("Công ty Ghi Chú Dài", Timestamp::now()))
        .unwrap();
    let bundle = from.path().join("b.sohoa");
    export_bundle(from.path(), &bundle);
    // A bundle whose record carries 33 MB of notes: over the record-file limit.
    let text = std::fs::read_to_string(&bundle).unwrap();
    let huge = text.replacen(
        "notes: \"\"",
        &format!("notes: \"{}\"", "a".repeat(33 << 20)),
        1,
    );
    assert_ne!(huge, text);
    std::fs::write(&bundle, huge).unwrap();
    let to = tempfile::tempdir().unwrap();
    sohoa_ok(to.path(), &["stats"]);
    let out = sohoa(to.path(), &["import", bundle.to_str().unwrap()]);
    assert_refused(&out, "limit of a record file");
    assert_eq!(
        std::fs::read_dir(to.path().join("enterprises"))
            .unwrap()
            .count(),
        0
    );

    // Typed in by hand, the same is refused and the saved record stays as it was.
    let mut e = ws.get(id).unwrap().clone();
    e.notes = "a".repeat(33 << 20);
    let err = ws.save(e).unwrap_err().to_string();
    assert!(err.contains("limit of a record file"), "{err}");
    assert_eq!(
        Workspace::open(from.path()).unwrap().get(id).unwrap().notes,
        ""
    );
}

#[test]
fn a_lock_file_that_is_a_folder_is_an_error_of_the_computer_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join(".sohoa-lock")).unwrap();
    let out = crate::sohoa(&data, &["stats"]);
    assert_eq!(out.status.code(), Some(2));
    let said = crate::stderr(&out);
    assert!(
        said.starts_with("lỗi: Không khóa được thư mục dữ liệu"),
        "{said}"
    );
    assert_eq!(said.matches("os error").count(), 1, "{said}");
}

#[test]
fn a_bundle_with_an_id_beyond_the_largest_is_refused_not_read_as_another_record() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let id = crate::add_enterprise(&data, "HTX Dừa Thạnh Phú", &[]);
    let bundle = dir.path().join("b.sohoa");
    crate::sohoa_ok(
        &data,
        &["export", "--bundle", bundle.to_str().unwrap(), "--no-seal"],
    );
    // `8…` reads as `0…` once the ulid crate drops the top bits.
    assert!(id.starts_with('0'));
    let beyond = format!("8{}", &id[1..]);
    let text = std::fs::read_to_string(&bundle)
        .unwrap()
        .replace(&id, &beyond)
        .replace("HTX Dừa Thạnh Phú", "Công ty khác hẳn");
    std::fs::write(&bundle, text).unwrap();
    crate::assert_untouched(&data, "an id beyond the largest", || {
        let out = crate::sohoa(&data, &["--lang", "en", "import", bundle.to_str().unwrap()]);
        crate::assert_refused(
            &out,
            &format!("the id `{beyond}` is beyond the largest possible id"),
        );
    });
}

#[test]
fn an_import_never_writes_over_a_record_a_newer_sohoa_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let (laptop, office) = (dir.path().join("laptop"), dir.path().join("office"));
    let id = crate::add_enterprise(&laptop, "HTX Dừa Xiêm", &["--tax-code", "1300123452"]);
    let bundle = dir.path().join("laptop.sohoa");
    crate::export_bundle(&laptop, &bundle);
    // The office's copy of that record was saved by a newer Sohoa.
    let file = |data: &std::path::Path| data.join("enterprises").join(format!("{id}.ron"));
    let newer =
        std::fs::read_to_string(file(&laptop))
            .unwrap()
            .replacen("schema: 1", "schema: 99", 1);
    std::fs::create_dir_all(office.join("enterprises")).unwrap();
    std::fs::write(file(&office), &newer).unwrap();
    let out = crate::sohoa(&office, &["import", bundle.to_str().unwrap()]);
    crate::assert_refused(
        &out,
        "could not be read (written by a newer Sohoa (schema 99))",
    );
    assert_eq!(std::fs::read_to_string(file(&office)).unwrap(), newer);
}
