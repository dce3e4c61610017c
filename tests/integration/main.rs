//! Integration tests: the `sohoa` binary and the library working on real folders.
//!
//! Each test runs the built binary on its own temporary data folder, exactly as a
//! script or a person would, and checks exit codes, output and files on disk.

mod annex;
mod cli_enterprises;
mod cli_language;
mod cli_questionnaires;
mod cli_setup;
mod concurrency;
mod crash;
mod dbi;
mod exchange;
mod export;
mod figures;
mod form;
mod form_reuse;
mod fuzz_regressions;
mod glossary;
mod gui;
mod gui_day;
mod gui_day_two;
mod gui_figures;
mod gui_help;
mod gui_keys;
mod gui_setup;
mod gui_small_screen;
mod gui_tables;
mod gui_waiting;
mod hostile;
mod import_race;
mod interrupted;
mod merge;
mod merged_away;
mod paths;
mod pdf;
mod personal;
mod places_data;
mod program;
mod read_only;
mod refusals;
mod restore_elsewhere;
mod sealed;
mod store;
mod support;
mod sync_engine;
mod tables;
mod team;
mod team_operations;
mod unsigned_door;
mod written_over;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The command `sohoa ARGS` on the data folder `data`, ready to run. Backups and
/// the installation's key go inside the test's folder (where the folder
/// snapshots do not look), so they vanish with it and each folder is its own
/// installation.
pub fn sohoa_command(data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sohoa"));
    command
        .args(args)
        .env("SOHOA_DATA_DIR", data)
        .env("SOHOA_BACKUP_DIR", data.join(".test-backups"))
        // Beside the data folder: a key inside it is refused (a sync engine
        // would carry it to every laptop).
        .env("SOHOA_KEY_DIR", test_key_dir(data))
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// The key folder of the installation working on `data`: beside it, named
/// after it, so that two data folders of one test have two keys.
pub fn test_key_dir(data: &Path) -> PathBuf {
    let name = data
        .file_name()
        .map_or_else(|| "data".into(), |n| n.to_string_lossy().into_owned());
    data.with_file_name(format!("{name}.test-key"))
}

/// Runs `sohoa` with `args` on the data folder `data`.
pub fn sohoa(data: &Path, args: &[&str]) -> Output {
    sohoa_command(data, args)
        .output()
        .expect("the sohoa binary runs")
}

/// Runs `sohoa` with `args` on `data` and requires it to succeed.
pub fn sohoa_ok(data: &Path, args: &[&str]) -> Output {
    let out = sohoa(data, args);
    assert!(out.status.success(), "sohoa {args:?}: {}", stderr(&out));
    out
}

/// Every file (with its contents) and folder under `dir`, to prove a folder did
/// not change; the tests' backup folder aside.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.ends_with(".test-backups") {
                continue;
            }
            let name = path.strip_prefix(dir).unwrap().display().to_string();
            if path.is_dir() {
                files.insert(format!("{name}/"), Vec::new());
                stack.push(path);
            } else {
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// A program named `name` on PATH (with the system's `.exe` where it has one).
pub fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(&path)
        .map(|dir| dir.join(&file))
        .find(|candidate| candidate.is_file())
}

/// Says a test is skipped because `missing`, unless the environment variable
/// `required` is `1` (as `.ci/run` sets it): then the test fails instead.
pub fn skip_unless_required(required: &str, missing: &str) {
    let is_required = std::env::var(required).is_ok_and(|v| v == "1");
    assert!(!is_required, "{required}=1 but {missing}");
    eprintln!("skipped: {missing}");
}

/// What the command printed on stdout.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What the command printed on stderr.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The command's JSON output.
pub fn json(output: &Output) -> serde_json::Value {
    assert!(output.status.success(), "failed: {}", stderr(output));
    serde_json::from_slice(&output.stdout).expect("valid JSON on stdout")
}

/// Runs `sohoa` with `args` on a new, empty data folder of its own.
pub fn sohoa_on_new_folder(args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    sohoa(data.path(), args)
}

/// A temporary place holding the data folder `data` with `count` demo enterprises,
/// so that anything written beside the folder can be seen; returns both.
#[track_caller]
pub fn demo_folder_in_place(count: usize) -> (tempfile::TempDir, PathBuf) {
    let place = tempfile::tempdir().unwrap();
    let data = place.path().join("data");
    sohoa_ok(&data, &["demo", "--count", &count.to_string()]);
    (place, data)
}

/// The total and the level of a scored assessment, as `score` or `assess` print them.
pub fn total_and_level(report: &serde_json::Value) -> (Option<u64>, Option<u64>) {
    (report["total"].as_u64(), report["level"].as_u64())
}

/// Sets up `data` with the Bến Tre 2021–2025 program (its nine former
/// districts, the 48 communes since, VNPT, Viettel and FPT) unless it has a
/// program: the folder most tests work in.
pub fn with_ben_tre_program(data: &Path) {
    let mut ws = sohoa::workspace::Workspace::open(data).unwrap();
    if !ws.is_set_up() {
        let program = sohoa::program::ProgramSettings::preset().unwrap();
        ws.set_up_program(program).unwrap();
    }
}

/// Runs `sohoa enterprise add --name NAME`, with the options `extra`, on `data`
/// (set up with the Bến Tre program if it has none).
pub fn try_add_enterprise(data: &Path, name: &str, extra: &[&str]) -> Output {
    with_ben_tre_program(data);
    let mut args = vec!["enterprise", "add", "--name", name];
    args.extend_from_slice(extra);
    sohoa(data, &args)
}

/// Adds an enterprise with `sohoa enterprise add`, requiring success; returns its id.
#[track_caller]
pub fn add_enterprise(data: &Path, name: &str, extra: &[&str]) -> String {
    let out = try_add_enterprise(data, name, extra);
    assert!(
        out.status.success(),
        "enterprise add {name}: {}",
        stderr(&out)
    );
    stdout(&out).trim().to_owned()
}

/// Writes a bundle of every enterprise in `data` to `bundle` (`sohoa export --bundle`).
#[track_caller]
pub fn export_bundle(data: &Path, bundle: &Path) {
    sohoa_ok(data, &["export", "--bundle", bundle.to_str().unwrap()]);
}

/// Imports `bundle` into `data` (`sohoa import`), requiring success.
#[track_caller]
pub fn import_bundle(data: &Path, bundle: &Path) {
    sohoa_ok(data, &["import", bundle.to_str().unwrap()]);
}

/// Imports `bundle` into `data` and returns the report `import --json` prints.
#[track_caller]
pub fn import_report(data: &Path, bundle: &Path) -> serde_json::Value {
    json(&sohoa(
        data,
        &["import", "--json", bundle.to_str().unwrap()],
    ))
}

/// The ids of the enterprises `enterprise list --json` shows, in its order.
#[track_caller]
pub fn enterprise_ids(data: &Path) -> Vec<String> {
    json(&sohoa(data, &["enterprise", "list", "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The backups `backup list --json` shows, one JSON object each.
#[track_caller]
pub fn backups(data: &Path) -> Vec<serde_json::Value> {
    json(&sohoa(data, &["backup", "list", "--json"]))
        .as_array()
        .unwrap()
        .clone()
}

/// Requires that the command was refused (exit code 1); returns what it said on stderr.
#[track_caller]
pub fn refusal(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(1),
        "expected a refusal: {}{}",
        stdout(output),
        stderr(output)
    );
    stderr(output)
}

/// Requires that the command was refused (exit code 1) with `message` on stderr.
#[track_caller]
pub fn assert_refused(output: &Output, message: &str) {
    let said = refusal(output);
    assert!(said.contains(message), "`{message}` not in: {said}");
}

/// Runs `act` and requires that `dir` is then byte for byte as it was; `what`
/// names the attempt in a failure.
#[track_caller]
pub fn assert_untouched<T>(dir: &Path, what: &str, act: impl FnOnce() -> T) -> T {
    let before = snapshot(dir);
    let result = act();
    assert_eq!(snapshot(dir), before, "{what}: {} changed", dir.display());
    result
}
