//! Several Sohoa processes writing one data folder at the same time: every edit a
//! command acknowledged (exit 0) must be found afterwards, as the record's value,
//! in its history or as a value kept in conflict; two processes adding the same
//! tax code must leave one record.
//!
//! These run real `sohoa` processes side by side, as two loops in two terminals
//! (or the app and a script) would.

use std::path::Path;
use std::process::Stdio;
use std::thread;

use sohoa::enterprise::Enterprise;
use sohoa::enterprise::field::ProfileField;
use sohoa::enterprise::history::ChangeKind;
use sohoa::workspace::Workspace;

use crate::{add_enterprise, export_bundle, import_bundle, sohoa, sohoa_command, sohoa_ok, stderr};

/// A valid 10-digit tax code made from `n` (its check digit computed).
pub fn tax_code(n: u32) -> String {
    for bump in 0..10 {
        let base = format!("03{:07}", (n * 10 + bump) % 10_000_000);
        let digits: Vec<u32> = base.chars().map(|c| c.to_digit(10).unwrap()).collect();
        let first: [u32; 9] = digits.try_into().unwrap();
        if let Some(check) = sohoa::enterprise::tax_code::check_digit(&first) {
            return format!("{base}{check}");
        }
    }
    unreachable!("one of ten neighbours has a check digit")
}

/// Whether `value` of `field` survives in `e`: shown, in its history, or in conflict.
pub fn survives(e: &Enterprise, field: ProfileField, value: &str) -> bool {
    let ron = ron::to_string(&value.to_owned()).unwrap();
    field.get(e) == ron
        || e.history.iter().any(|c| {
            matches!(&c.what, ChangeKind::Field { field: f, new, .. } if f == field.key() && *new == ron)
        })
        || e.conflict(field).is_some_and(|c| c.others.contains(&ron))
}

/// One writer: `count` runs of `sohoa enterprise edit ID --FLAG VALUE-i`, one after
/// the other; returns the values whose command exited 0.
fn edit_loop(data: &Path, id: &str, flag: &str, prefix: &str, count: usize) -> Vec<String> {
    let mut acknowledged = Vec::new();
    for i in 0..count {
        let value = format!("{prefix}{i:04}");
        let out = sohoa(data, &["enterprise", "edit", id, flag, &value]);
        if out.status.success() {
            acknowledged.push(value);
        } else {
            eprintln!("{flag} {value} refused: {}", stderr(&out));
        }
    }
    acknowledged
}

/// Adds an enterprise named `name` with `tax_code`; returns its id.
fn add_one(data: &Path, name: &str, tax_code: &str) -> String {
    add_enterprise(data, name, &["--tax-code", tax_code])
}

/// Runs three writers on one record at once and counts the acknowledged values
/// that are nowhere to be found.
fn three_writers(edits: usize) -> (usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let id = add_one(data, "Công ty TNHH Ba Người Ghi", &tax_code(1));
    // Writers A and C change the same field, B another one.
    let writers = [
        ("--phone", "0911", ProfileField::Phone),
        ("--notes", "B-note-", ProfileField::Notes),
        ("--phone", "0922", ProfileField::Phone),
    ];
    let results: Vec<(ProfileField, Vec<String>)> = thread::scope(|scope| {
        let handles: Vec<_> = writers
            .iter()
            .map(|(flag, prefix, field)| {
                let id = &id;
                scope.spawn(move || (*field, edit_loop(data, id, flag, prefix, edits)))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let ws = Workspace::open(data).unwrap();
    assert!(ws.problems().is_empty(), "{:?}", ws.problems());
    assert_eq!(ws.enterprises().len(), 1);
    let e = ws.enterprises().first().unwrap();
    let mut acknowledged = 0;
    let mut lost = Vec::new();
    for (field, values) in &results {
        acknowledged += values.len();
        lost.extend(values.iter().filter(|v| !survives(e, *field, v)).cloned());
    }
    eprintln!(
        "three writers: {} of {acknowledged} acknowledged edits lost {:?}",
        lost.len(),
        lost.iter().take(10).collect::<Vec<_>>()
    );
    // Only one person wrote the notes: nothing to decide there. The phone was
    // written by two: at most the other one's last value waits for a decision.
    assert_eq!(e.conflict(ProfileField::Notes), None);
    let last = |prefix: &str| ron::to_string(&format!("{prefix}{:04}", edits - 1)).unwrap();
    if let Some(conflict) = e.conflict(ProfileField::Phone) {
        let (a, c) = (last("0911"), last("0922"));
        assert!(
            conflict.others.iter().all(|v| *v == a || *v == c) && conflict.others.len() == 1,
            "a writer's own earlier value is in conflict: {conflict:?}"
        );
    }
    (lost.len(), acknowledged)
}

#[test]
fn three_processes_editing_one_record_lose_no_acknowledged_edit() {
    let (lost, acknowledged) = three_writers(200);
    assert_eq!(acknowledged, 600, "every edit is acknowledged");
    assert_eq!(lost, 0, "{lost} of {acknowledged} acknowledged edits lost");
}

#[test]
fn one_writers_own_successive_values_never_conflict_with_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let id = add_one(data, "Hợp tác xã Một Người Ghi", &tax_code(2));
    thread::scope(|scope| {
        scope.spawn(|| edit_loop(data, &id, "--phone", "0933", 60));
        scope.spawn(|| edit_loop(data, &id, "--notes", "ghi-chu-", 60));
    });
    let ws = Workspace::open(data).unwrap();
    let e = ws.enterprises().first().unwrap();
    // Different fields written by different people: nothing to decide.
    assert_eq!(e.conflicts, vec![], "phone {}", ProfileField::Phone.get(e));
    assert_eq!(ProfileField::Phone.get(e), "\"09330059\"");
    assert_eq!(ProfileField::Notes.get(e), "\"ghi-chu-0059\"");
}

#[test]
fn an_edit_racing_an_import_of_the_same_record_loses_nothing() {
    let office = tempfile::tempdir().unwrap();
    let laptop = tempfile::tempdir().unwrap();
    let code = tax_code(3);
    let id = add_one(office.path(), "Công ty Nhập Song Song", &code);
    // The laptop has the same enterprise and changes its address many times.
    let bundle = office.path().join("start.sohoa");
    export_bundle(office.path(), &bundle);
    import_bundle(laptop.path(), &bundle);
    let mut bundles = Vec::new();
    for i in 0..20 {
        sohoa_ok(
            laptop.path(),
            &["enterprise", "edit", &id, "--address", &format!("Ấp {i}")],
        );
        let path = laptop.path().join(format!("b{i}.sohoa"));
        export_bundle(laptop.path(), &path);
        bundles.push(path);
    }
    let acknowledged = thread::scope(|scope| {
        let editor = scope.spawn(|| edit_loop(office.path(), &id, "--phone", "0944", 60));
        scope.spawn(|| {
            for bundle in &bundles {
                import_bundle(office.path(), bundle);
            }
        });
        editor.join().unwrap()
    });
    let ws = Workspace::open(office.path()).unwrap();
    assert_eq!(ws.enterprises().len(), 1);
    let e = ws.enterprises().first().unwrap();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|v| !survives(e, ProfileField::Phone, v))
        .collect();
    eprintln!(
        "edit racing imports: {} of {} acknowledged edits lost",
        lost.len(),
        acknowledged.len()
    );
    assert_eq!(lost, Vec::<&String>::new());
    assert_eq!(e.address, "Ấp 19", "the last imported address arrived");
}

#[test]
fn two_processes_adding_the_same_tax_code_at_once_make_one_record() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    // The folder exists with its settings before the race starts.
    add_one(data, "Doanh nghiệp có sẵn", &tax_code(100));
    let pairs = 30;
    let mut outcomes = Vec::new();
    for n in 0..pairs {
        let code = tax_code(200 + n);
        let spawn = |name: &str| {
            sohoa_command(
                data,
                &["enterprise", "add", "--name", name, "--tax-code", &code],
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
        };
        let (a, b) = (spawn("Công ty Trùng A"), spawn("Công ty Trùng B"));
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        outcomes.push((code, a, b));
    }
    let ws = Workspace::open(data).unwrap();
    let mut duplicated = 0;
    for (code, a, b) in &outcomes {
        let holders = ws
            .enterprises()
            .iter()
            .filter(|e| e.tax_code.as_deref() == Some(code.as_str()))
            .count();
        if holders != 1 {
            duplicated += 1;
            continue;
        }
        // One command added it; the other was told who holds the code.
        let codes = [a.status.code(), b.status.code()];
        assert!(
            codes.contains(&Some(0)) && codes.contains(&Some(1)),
            "{codes:?}"
        );
        let refused = if a.status.success() { b } else { a };
        assert!(
            stderr(refused).contains("đã có: “Công ty Trùng"),
            "{}",
            stderr(refused)
        );
    }
    eprintln!("two adds of one tax code: {duplicated} of {pairs} became duplicates");
    assert_eq!(duplicated, 0);
}

/// Every file under `dir` whose bytes contain `text`.
fn files_holding(dir: &Path, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read(&path)
                .is_ok_and(|bytes| String::from_utf8_lossy(&bytes).contains(text))
            {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

#[test]
fn an_erasure_racing_another_process_s_edits_keeps_no_phone_typed_before_it_and_loses_none_typed_after()
 {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let id = add_enterprise(
        data,
        "Công ty TNHH Xóa Theo Yêu Cầu",
        &["--tax-code", &tax_code(7), "--phone", "0900 0000"],
    );
    // (start, end, value) of each phone edit that exited 0.
    let acknowledged = std::sync::atomic::AtomicUsize::new(0);
    let edits = thread::scope(|scope| {
        let editor = scope.spawn(|| {
            let mut done = Vec::new();
            for i in 0..40 {
                let value = format!("0933{i:04}");
                let start = jiff::Timestamp::now();
                let out = sohoa(data, &["enterprise", "edit", &id, "--phone", &value]);
                let end = jiff::Timestamp::now();
                if out.status.success() {
                    done.push((start, end, value));
                    acknowledged.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            }
            done
        });
        // The erasure comes while the other process is well into its edits.
        while acknowledged.load(std::sync::atomic::Ordering::SeqCst) < 5 {
            thread::sleep(std::time::Duration::from_millis(10));
        }
        let out = sohoa_ok(data, &["enterprise", "forget", &id]);
        assert!(crate::stdout(&out).contains("đã xóa dữ liệu cá nhân"));
        editor.join().unwrap()
    });
    let ws = Workspace::open(data).unwrap();
    let e = ws.find(&id).unwrap();
    let erased = e.erased_at().expect("the erasure is recorded");
    let (mut before, mut after) = (0, 0);
    for (start, end, value) in &edits {
        if *end < erased {
            before += 1;
            let left = files_holding(data, value);
            assert!(
                left.is_empty(),
                "{value}, typed before the erasure, is in {left:?}"
            );
        } else if *start > erased {
            after += 1;
            assert!(
                survives(e, ProfileField::Phone, value),
                "{value}, typed after the erasure, is lost"
            );
        }
    }
    assert!(files_holding(data, "0900 0000").is_empty());
    assert!(
        before > 0 && after > 0,
        "the race did not happen: {before} before, {after} after"
    );
}

#[test]
fn a_command_waiting_for_another_sohoa_says_so_and_then_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    crate::add_enterprise(&data, "HTX Dừa Thạnh Phú", &[]);
    let folder = sohoa::store::DataFolder::open(&data).unwrap();
    // A moment's wait: a process another test is starting may still share the
    // descriptor of the lock this folder's opening just released.
    let held = folder.lock(std::time::Duration::from_secs(5)).unwrap();
    let child = crate::sohoa_command(&data, &["--lang", "en", "stats"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(sohoa::store::lock::QUIET_WAIT * 3);
    drop(held);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", crate::stderr(&out));
    assert!(
        crate::stderr(&out).contains(&format!(
            "Another Sohoa program is writing to {}; waiting (up to 600 s)…",
            data.display()
        )),
        "{}",
        crate::stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn a_lock_file_deleted_while_held_does_not_let_a_second_writer_in() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let id = crate::add_enterprise(&data, "HTX Dừa Thạnh Phú", &[]);
    let folder = sohoa::store::DataFolder::open(&data).unwrap();
    // A moment's wait: a process another test is starting may still share the
    // descriptor of the lock this folder's opening just released.
    let held = folder.lock(std::time::Duration::from_secs(5)).unwrap();
    std::fs::remove_file(data.join(sohoa::store::lock::LOCK_FILE)).unwrap();
    let mut child = crate::sohoa_command(&data, &["enterprise", "edit", &id, "--notes", "Lan"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the edit went ahead while the folder was held"
    );
    drop(held);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", crate::stderr(&out));
}
