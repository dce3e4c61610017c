//! A restore is one computer's work. Its journal and staging folder stay on
//! that computer (Syncthing is told to leave them), and a journal that reaches
//! another computer anyway (another sync engine, a copied folder) is not
//! finished there: it would replace that computer's records with whatever part
//! of the staging folder had arrived.

use crate::{enterprise_ids, sohoa, sohoa_ok, stderr};

#[test]
fn a_restore_journal_from_another_computer_is_left_alone_and_deletes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for n in 0..12 {
        crate::add_enterprise(&data, &format!("Công ty TNHH Dừa {n:02}"), &[]);
    }
    // What arrived of laptop A's restore: the journal, and a staging folder
    // holding three records of the backup.
    let ids = enterprise_ids(&data);
    let staging = data.join(".sohoa-restore-20261205-130000");
    std::fs::create_dir_all(staging.join("enterprises")).unwrap();
    for id in ids.iter().take(3) {
        std::fs::copy(
            data.join("enterprises").join(format!("{id}.ron")),
            staging.join("enterprises").join(format!("{id}.ron")),
        )
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    }
    std::fs::write(
        data.join(".sohoa-restore.ron"),
        r#"(backup: "manual-20261201", staging: ".sohoa-restore-20261205-130000", files: ["program.ron"], computer: Some("LAPTOP-A-OF-THE-OFFICE"))"#,
    )
    .unwrap();
    let before = crate::snapshot(&data.join("enterprises"));
    // Any command, even a reading one, on this computer.
    let out = sohoa(&data, &["--lang", "en", "stats"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("started on the computer “LAPTOP-A-OF-THE-OFFICE” is not finished"),
        "{}",
        stderr(&out)
    );
    assert_eq!(enterprise_ids(&data).len(), 12);
    assert_eq!(crate::snapshot(&data.join("enterprises")), before);
    assert!(data.join("program.ron").is_file());
    assert!(
        staging.is_dir(),
        "the other computer's staging folder is not this one's to remove"
    );
    // Syncthing is told that these are this computer's.
    let ignore = std::fs::read_to_string(data.join(".stignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/.sohoa-restore.ron"));
    assert!(ignore.lines().any(|l| l == "(?d)/.sohoa-restore-*"));
    sohoa_ok(&data, &["enterprise", "list"]);
}

/// A data folder of twelve records, its ids, and a snapshot of its records.
fn twelve(dir: &std::path::Path) -> (std::path::PathBuf, Vec<String>) {
    let data = dir.join("data");
    for n in 0..12 {
        crate::add_enterprise(&data, &format!("Công ty TNHH Bưởi {n:02}"), &[]);
    }
    let ids = enterprise_ids(&data);
    (data, ids)
}

fn journal(data: &std::path::Path, staging: &str, files: &str) {
    std::fs::write(
        data.join(".sohoa-restore.ron"),
        format!(r#"(backup: "manual", staging: "{staging}", files: [{files}])"#),
    )
    .unwrap();
}

#[cfg(unix)]
#[test]
fn a_restore_journal_that_does_not_match_what_it_staged_is_set_aside_and_changes_nothing() {
    let cases = [
        "three records staged",
        "no staging folder",
        "staging is a link",
        "journal is a link",
    ];
    for case in cases {
        let dir = tempfile::tempdir().unwrap();
        let (data, ids) = twelve(dir.path());
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(outside.join("enterprises")).unwrap();
        std::fs::write(
            outside.join("enterprises").join("keep.ron"),
            "of someone else",
        )
        .unwrap();
        let staging = ".sohoa-restore-20261205-140000";
        match case {
            "three records staged" => {
                std::fs::create_dir_all(data.join(staging).join("enterprises")).unwrap();
                for id in ids.iter().take(3) {
                    std::fs::copy(
                        data.join("enterprises").join(format!("{id}.ron")),
                        data.join(staging)
                            .join("enterprises")
                            .join(format!("{id}.ron")),
                    )
                    .unwrap();
                }
                journal(&data, staging, "");
            }
            "no staging folder" => journal(&data, staging, ""),
            "staging is a link" => {
                std::os::unix::fs::symlink(&outside, data.join(staging)).unwrap();
                journal(&data, staging, "");
            }
            _ => {
                std::fs::create_dir_all(data.join(staging).join("enterprises")).unwrap();
                let elsewhere = dir.path().join("journal.ron");
                std::fs::write(
                    &elsewhere,
                    format!(r#"(backup: "manual", staging: "{staging}", files: [])"#),
                )
                .unwrap();
                std::os::unix::fs::symlink(&elsewhere, data.join(".sohoa-restore.ron")).unwrap();
            }
        }
        let before = crate::snapshot(&data.join("enterprises"));
        let out = sohoa(&data, &["--lang", "en", "stats"]);
        assert!(out.status.success(), "{case}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("was not followed"),
            "{case}: {}",
            stderr(&out)
        );
        assert_eq!(crate::snapshot(&data.join("enterprises")), before, "{case}");
        assert!(data.join("program.ron").is_file(), "{case}");
        assert_eq!(
            std::fs::read_to_string(outside.join("enterprises").join("keep.ron")).unwrap(),
            "of someone else",
            "{case}"
        );
    }
}
