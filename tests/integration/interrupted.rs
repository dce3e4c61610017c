//! Multi-step operations stopped dead at every step: a restore and an import are
//! run with `SOHOA_CRASH_AT=<operation>:<n>` (the process aborts at its n-th step,
//! no cleanup, as with a power cut or SIGKILL) for n = 1, 2, … until the
//! operation completes; after each stop the next command must see the folder
//! whole, either as before or as after, and say what it finished.

use std::path::Path;
use std::process::Output;

use sohoa::workspace::Workspace;

use crate::{
    add_enterprise, backups, demo_folder_in_place, enterprise_ids, export_bundle, import_bundle,
    json, sohoa, sohoa_command, sohoa_ok, stderr, stdout,
};

/// Runs `sohoa` set to stop dead at step `step` of `operation`.
fn sohoa_crashing(data: &Path, operation: &str, step: usize, args: &[&str]) -> Output {
    sohoa_command(data, args)
        .env("SOHOA_CRASH_AT", format!("{operation}:{step}"))
        .output()
        .expect("the sohoa binary runs")
}

/// Requires that the command stopped at the crash point: killed by the abort
/// (a signal on Unix, exit code 3 on Windows), not ended with a code of its own.
fn assert_stopped_dead(out: &Output, step: usize) {
    #[cfg(unix)]
    let aborted = out.status.code().is_none();
    #[cfg(not(unix))]
    let aborted = out.status.code() == Some(3);
    assert!(aborted, "step {step}: {:?} {}", out.status, stderr(out));
}

/// Copies a folder tree (a fresh copy of the starting state for each step).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Ids and names of the records `enterprise list` shows, sorted.
fn listed(data: &Path) -> (Vec<String>, String) {
    let out = sohoa(data, &["enterprise", "list", "--json"]);
    let rows = json(&out);
    let mut ids: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["id"].as_str().unwrap(),
                r["name"].as_str().unwrap()
            )
        })
        .collect();
    ids.sort();
    (ids, stderr(&out))
}

/// Every record of the folder as text, sorted by id: two folders with equal dumps
/// hold the same data.
fn dump(data: &Path) -> String {
    let ws = Workspace::open(data).unwrap();
    let mut records: Vec<_> = ws.enterprises().to_vec();
    records.sort_by_key(|e| e.id);
    ron::to_string(&records).unwrap()
}

#[test]
fn a_restore_stopped_at_any_step_never_shows_a_folder_without_its_records() {
    let (_start, data) = demo_folder_in_place(30);
    sohoa_ok(&data, &["backup", "create"]);
    let backup = backups(&data)[0]["name"].as_str().unwrap().to_owned();
    for name in ["Công ty Sau Sao Lưu", "HTX Thêm Một"] {
        add_enterprise(&data, name, &[]);
    }
    let (now, _) = listed(&data);
    let restored: Vec<String> = now
        .iter()
        .filter(|r| !r.ends_with("Sau Sao Lưu") && !r.ends_with("Thêm Một"))
        .cloned()
        .collect();
    assert_eq!((now.len(), restored.len()), (32, 30));

    let mut stops = 0;
    for step in 1.. {
        let scratch = tempfile::tempdir().unwrap();
        let copy = scratch.path().join("data");
        copy_tree(&data, &copy);
        let out = sohoa_crashing(&copy, "restore", step, &["backup", "restore", &backup]);
        if out.status.success() {
            assert_eq!(listed(&copy).0, restored, "the restore that ran through");
            break;
        }
        assert_stopped_dead(&out, step);
        stops += 1;
        // The next command sees every record, before or after, never none.
        let (seen, said) = listed(&copy);
        assert!(
            seen == now || seen == restored,
            "step {step}: {} records seen: {said}",
            seen.len()
        );
        if seen == restored {
            assert!(
                said.contains("restore"),
                "step {step}: nothing said: {said}"
            );
        }
        // And it is finished for good: nothing left half done, nothing said again.
        let (again, said) = listed(&copy);
        assert_eq!(again, seen, "step {step}");
        assert!(!said.contains("restore"), "step {step}: {said}");
        let leftovers: Vec<String> = std::fs::read_dir(&copy)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("restore"))
            .collect();
        assert_eq!(leftovers, Vec::<String>::new(), "step {step}");
    }
    eprintln!("restore stopped at each of {stops} steps: every record visible after each");
    assert!(stops >= 5, "only {stops} steps");
}

#[test]
fn a_restore_cut_short_by_an_earlier_version_is_moved_back_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    sohoa_ok(data, &["demo", "--count", "12"]);
    // What an earlier Sohoa left when killed at its third rename.
    std::fs::rename(
        data.join("enterprises"),
        data.join(".restore-20261101-101010-old-enterprises"),
    )
    .unwrap();
    let out = sohoa(data, &["stats", "--json"]);
    assert_eq!(json(&out)["enterprises"], 12, "{}", stderr(&out));
    assert!(stderr(&out).contains("moved back"), "{}", stderr(&out));
    assert!(
        !data
            .join(".restore-20261101-101010-old-enterprises")
            .exists()
    );
}

#[test]
fn a_records_folder_gone_missing_is_reported_not_shown_as_an_empty_program() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    sohoa_ok(data, &["demo", "--count", "5"]);
    std::fs::remove_dir_all(data.join("enterprises")).unwrap();
    let out = sohoa(data, &["stats"]);
    assert!(
        stderr(&out).contains("enterprises folder was missing"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_import_stopped_at_any_step_is_there_whole_or_not_at_all() {
    let office = tempfile::tempdir().unwrap();
    let laptop = tempfile::tempdir().unwrap();
    sohoa_ok(office.path(), &["demo", "--count", "8"]);
    // The laptop has four of the office's records, changed, and twelve of its own.
    let shared = office.path().join("shared.sohoa");
    let ids = enterprise_ids(office.path())[..4].to_vec();
    let mut args = vec!["export", "--bundle", shared.to_str().unwrap()];
    for id in &ids {
        args.extend(["--enterprise", id.as_str()]);
    }
    sohoa_ok(office.path(), &args);
    import_bundle(laptop.path(), &shared);
    for id in &ids {
        sohoa_ok(
            laptop.path(),
            &["enterprise", "edit", id, "--notes", "đã gọi lại"],
        );
    }
    sohoa_ok(
        laptop.path(),
        &["demo", "--count", "12", "--seed", "7", "--append"],
    );
    let bundle = laptop.path().join("laptop.sohoa");
    export_bundle(laptop.path(), &bundle);
    let before = dump(office.path());
    let whole = {
        let scratch = tempfile::tempdir().unwrap();
        copy_tree(office.path(), scratch.path());
        import_bundle(scratch.path(), &bundle);
        dump(scratch.path())
    };
    assert_ne!(before, whole);

    let (mut stops, mut finished_later) = (0, 0);
    for step in 1.. {
        let scratch = tempfile::tempdir().unwrap();
        copy_tree(office.path(), scratch.path());
        let out = sohoa_crashing(
            scratch.path(),
            "import",
            step,
            &["import", bundle.to_str().unwrap()],
        );
        if out.status.success() {
            assert_eq!(dump(scratch.path()), whole);
            break;
        }
        assert_stopped_dead(&out, step);
        stops += 1;
        let out = sohoa(scratch.path(), &["stats"]);
        let after = dump(scratch.path());
        if after == whole {
            finished_later += 1;
            assert!(
                stderr(&out).contains("interrupted"),
                "step {step}: {}",
                stderr(&out)
            );
        } else {
            assert_eq!(after, before, "step {step}: half an import");
        }
        assert!(!stdout(&out).is_empty());
    }
    eprintln!(
        "import stopped at each of {stops} steps: {finished_later} finished by the next command, the rest left as before"
    );
    // Stopped before its journal was written, an import is simply not there; from
    // the journal on, the next command finishes it.
    assert!(stops >= 16, "only {stops} steps");
    assert_eq!(finished_later, stops - 1);
}

#[test]
fn an_open_workspace_takes_in_an_import_that_another_program_left_half_done() {
    let office = tempfile::tempdir().unwrap();
    let laptop = tempfile::tempdir().unwrap();
    sohoa_ok(office.path(), &["demo", "--count", "3"]);
    sohoa_ok(laptop.path(), &["demo", "--count", "6", "--seed", "9"]);
    let bundle = laptop.path().join("l.sohoa");
    export_bundle(laptop.path(), &bundle);
    // The window is open on the office folder…
    let mut ws = Workspace::open(office.path()).unwrap();
    assert_eq!(ws.enterprises().len(), 3);
    // …while a command-line import dies after writing its journal and two files.
    let out = sohoa_crashing(
        office.path(),
        "import",
        4,
        &["import", bundle.to_str().unwrap()],
    );
    assert_stopped_dead(&out, 4);
    // The window's next change finishes that import first and shows its records.
    ws.save(sohoa::enterprise::Enterprise::new(
        "HTX Sau Cùng",
        jiff::Timestamp::now(),
    ))
    .unwrap();
    assert_eq!(ws.enterprises().len(), 3 + 6 + 1);
    assert!(
        ws.problems()
            .iter()
            .any(|p| p.reason.contains("interrupted"))
    );
    assert_eq!(
        Workspace::open(office.path()).unwrap().enterprises().len(),
        10
    );
}
