//! The data folder through the library: saving, reloading, and what survives.

use sohoa::enterprise::Enterprise;
use sohoa::store::{DataFolder, Durability};
use sohoa::workspace::Workspace;

#[test]
fn a_reopened_workspace_holds_exactly_what_was_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path()).unwrap();
    let mut e = Enterprise::new(
        "Doanh nghiệp tư nhân Cơ khí Hưng Phát",
        jiff::Timestamp::now(),
    );
    e.tax_code = Some("0100109106".into());
    e.notes = "Chủ doanh nghiệp muốn bán hàng trên sàn".into();
    let id = ws.save(e.clone()).unwrap();
    let reopened = Workspace::open(dir.path()).unwrap();
    assert!(reopened.problems().is_empty());
    let back = reopened.get(id).unwrap();
    assert_eq!(back.history.len(), 1, "the creation is recorded");
    let mut without_history = back.clone();
    without_history.history.clear();
    assert_eq!(without_history, e);
}

#[test]
fn a_decomposed_name_on_disk_is_read_back_composed() {
    let dir = tempfile::tempdir().unwrap();
    let folder = DataFolder::open(dir.path()).unwrap();
    let mut e = Enterprise::new("placeholder", jiff::Timestamp::UNIX_EPOCH);
    e.name = "Ho\u{31b}\u{323}p ta\u{301}c xa\u{303}".into();
    folder.save_enterprise(&e, Durability::Durable).unwrap();
    let loaded = folder.load_enterprises();
    assert_eq!(loaded.enterprises[0].name, "Hợp tác xã");
}

#[test]
fn a_damaged_program_file_is_set_aside_and_the_preset_is_used() {
    let dir = tempfile::tempdir().unwrap();
    Workspace::open(dir.path()).unwrap();
    std::fs::write(dir.path().join("program.ron"), "(schema: 1, name: ").unwrap();
    let ws = Workspace::open(dir.path()).unwrap();
    assert_eq!(ws.program.target, 1000);
    assert_eq!(ws.problems().len(), 1);
    assert!(ws.problems()[0].to_string().contains("program.ron"));
    assert!(dir.path().join("quarantine").exists());
}
