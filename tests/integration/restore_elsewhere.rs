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
