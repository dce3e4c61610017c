//! A data folder this computer can read but not write: a read-only disk or
//! share (the system says "Read-only file system"), or a folder without write
//! permission ("Permission denied"). Reading commands show what it holds; a
//! write is refused once, saying why, and nothing in the folder changes.
//!
//! The read-only disk is a read-only bind mount in a mount namespace of its own
//! (`unshare`, which needs the right to mount); the missing permission is the
//! command run as user `nobody` on a folder root owns (`setpriv`, as root).
//! Each way runs where the machine allows it, and says so where it does not.

use std::path::Path;
use std::process::{Command, Output};

use crate::{add_enterprise, json, on_path, snapshot, sohoa_command, stderr, stdout};

/// One way to make the folder read-only for a command.
#[derive(Debug, Clone, Copy)]
enum Way {
    /// A read-only mount of the folder over itself.
    ReadOnlyDisk,
    /// The command run as `nobody`, the folder owned by root.
    NoWritePermission,
}

/// The program that runs a command with the folder read-only in `way`, with
/// its arguments; the command follows.
fn wrapper(way: Way, data: &Path) -> Command {
    match way {
        Way::ReadOnlyDisk => {
            let mut c = Command::new("unshare");
            c.args(["-m", "--propagation", "private", "sh", "-c"])
                .arg(r#"mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@""#)
                .arg(data);
            c
        }
        Way::NoWritePermission => {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
            c
        }
    }
}

/// `sohoa ARGS` on `data`, the folder read-only for it in `way`.
fn read_only_command(way: Way, data: &Path, args: &[&str]) -> Command {
    let inner = sohoa_command(data, args);
    let mut command = wrapper(way, data);
    command.arg(inner.get_program()).args(inner.get_args());
    for (key, value) in inner.get_envs() {
        if let Some(value) = value {
            command.env(key, value);
        }
    }
    command.env("SOHOA_CACHE_DIR", data.join(".test-backups").join("cache"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn run(way: Way, data: &Path, args: &[&str]) -> Output {
    read_only_command(way, data, args)
        .output()
        .expect("the command starts")
}

/// Whether this machine can make a folder read-only in `way`: `touch` through
/// the same wrapper must run and be refused.
fn available(way: Way, data: &Path) -> bool {
    let tool = match way {
        Way::ReadOnlyDisk => "unshare",
        // Dropping to `nobody` only takes away a permission root had.
        Way::NoWritePermission if is_root() => "setpriv",
        Way::NoWritePermission => return false,
    };
    if on_path(tool).is_none() {
        return false;
    }
    let probe = data.join("probe");
    let touched = wrapper(way, data).arg("touch").arg(&probe).output();
    let refused = touched.is_ok_and(|o| String::from_utf8_lossy(&o.stderr).contains("touch"));
    let refused = refused && !probe.exists();
    let _ = std::fs::remove_file(&probe);
    refused
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A folder of three enterprises, readable by everyone, writable by its owner.
fn folder_of_three() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let ids = [
        "HTX Bưởi da xanh",
        "Công ty TNHH Dừa Xanh",
        "Cơ sở Kẹo dừa Tư Hiền",
    ]
    .iter()
    .map(|name| add_enterprise(dir.path(), name, &[]))
    .collect();
    open_to_everyone(dir.path());
    (dir, ids)
}

#[cfg(unix)]
fn open_to_everyone(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| if p.is_dir() { 0o755 } else { 0o644 };
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode(&path))).unwrap();
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                stack.push(entry.unwrap().path());
            }
        }
    }
}

#[cfg(not(unix))]
fn open_to_everyone(_dir: &Path) {}

fn reads_and_refuses_writes(way: Way) {
    let (dir, ids) = folder_of_three();
    let data = dir.path();
    if !available(way, data) {
        eprintln!("skipped: this machine cannot make a folder read-only as {way:?}");
        return;
    }
    let before = snapshot(data);

    let stats = run(way, data, &["stats", "--json"]);
    assert!(stats.status.success(), "{way:?} stats: {}", stderr(&stats));
    assert_eq!(json(&stats)["enterprises"], 3);
    assert!(
        stderr(&stats).contains("chỉ đọc được"),
        "{}",
        stderr(&stats)
    );

    let listed = run(way, data, &["enterprise", "list", "--json"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert_eq!(json(&listed).as_array().map(Vec::len), Some(3));

    let shown = run(way, data, &["enterprise", "show", &ids[1], "--json"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert_eq!(json(&shown)["name"], "Công ty TNHH Dừa Xanh");

    let out = tempfile::tempdir().unwrap();
    open_to_everyone(out.path());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(out.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    let csv = out.path().join("doanh-nghiep.csv");
    let exported = run(way, data, &["export", "--csv", csv.to_str().unwrap()]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("Cơ sở Kẹo dừa Tư Hiền"));

    let edit = run(
        way,
        data,
        &[
            "--lang",
            "en",
            "enterprise",
            "edit",
            &ids[0],
            "--notes",
            "Gọi lại",
        ],
    );
    assert!(!edit.status.success(), "{way:?}: the edit was not refused");
    let said = stderr(&edit);
    assert!(said.contains("is read-only here"), "{said}");
    assert!(!said.contains("internal error"), "{said}");
    assert_eq!(
        said.matches("is read-only here").count(),
        1,
        "said once: {said}"
    );
    assert!(stdout(&edit).is_empty());

    assert_eq!(snapshot(data), before, "nothing in the folder changed");
}

#[test]
fn a_folder_on_a_read_only_disk_is_shown_and_a_write_says_why_it_cannot_be_made() {
    reads_and_refuses_writes(Way::ReadOnlyDisk);
}

#[test]
fn a_folder_without_write_permission_is_shown_and_a_write_says_why_it_cannot_be_made() {
    reads_and_refuses_writes(Way::NoWritePermission);
}
