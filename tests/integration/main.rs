//! Integration tests: the `sohoa` binary and the library working on real folders.
//!
//! Each test runs the built binary on its own temporary data folder, exactly as a
//! script or a person would, and checks exit codes, output and files on disk.

mod annex;
mod cli_enterprises;
mod cli_questionnaires;
mod concurrency;
mod crash;
mod dbi;
mod exchange;
mod export;
mod fuzz_regressions;
mod gui;
mod gui_day;
mod hostile;
mod interrupted;
mod merge;
mod paths;
mod pdf;
mod program;
mod refusals;
mod store;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

/// Runs `sohoa` with `args` on the data folder `data`. Backups go inside the test's
/// folder, so they vanish with it.
pub fn sohoa(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sohoa"))
        .args(args)
        .env("SOHOA_DATA_DIR", data)
        .env("SOHOA_BACKUP_DIR", data.join(".test-backups"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
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

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The command's JSON output.
pub fn json(output: &Output) -> serde_json::Value {
    assert!(output.status.success(), "failed: {}", stderr(output));
    serde_json::from_slice(&output.stdout).expect("valid JSON on stdout")
}
