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
    let lock = folder.lock(std::time::Duration::ZERO).unwrap();
    folder
        .save_enterprise(&lock, &e, Durability::Durable)
        .unwrap();
    drop(lock);
    let loaded = folder.load_enterprises();
    assert_eq!(loaded.enterprises[0].name, "Hợp tác xã");
}

#[test]
fn a_damaged_program_file_is_set_aside_and_the_folder_asks_to_be_set_up_again() {
    let dir = tempfile::tempdir().unwrap();
    crate::with_ben_tre_program(dir.path());
    std::fs::write(dir.path().join("program.ron"), "(schema: 1, name: ").unwrap();
    let ws = Workspace::open(dir.path()).unwrap();
    assert!(!ws.is_set_up());
    assert_eq!(ws.program.name.vi, "Chương trình chưa được thiết lập");
    assert_eq!(ws.problems().len(), 1);
    assert!(ws.problems()[0].to_string().contains("program.ron"));
    assert!(dir.path().join("quarantine").exists());
}

#[test]
fn two_programs_on_one_folder_keep_both_edits_and_make_a_conflict_of_the_same_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = Workspace::open(dir.path()).unwrap();
    let mut e = Enterprise::new("HTX Bưởi da xanh Chợ Lách", jiff::Timestamp::now());
    e.contact.phone = "0275 111".into();
    let id = first.save(e).unwrap();
    // A second window (or the command line) opens the same folder.
    let mut second = Workspace::open(dir.path()).unwrap();
    second.set_actor("Minh");
    let mut theirs = second.get(id).unwrap().clone();
    theirs.size.staff = Some(12);
    theirs.contact.phone = "0275 222".into();
    theirs.modified = jiff::Timestamp::now();
    second.save(theirs).unwrap();

    // The first one, unaware, saves its own edit of another field and the same field.
    first.set_actor("Lan");
    let mut ours = first.get(id).unwrap().clone();
    ours.address = "Ấp Hòa Khánh, xã Phú Phụng".into();
    ours.contact.phone = "0275 333".into();
    ours.modified = jiff::Timestamp::now();
    first.save(ours).unwrap();

    let after = Workspace::open(dir.path()).unwrap();
    let e = after.get(id).unwrap();
    assert_eq!(e.size.staff, Some(12), "the other program's edit is kept");
    assert_eq!(e.address, "Ấp Hòa Khánh, xã Phú Phụng", "and so is ours");
    assert_eq!(e.contact.phone, "0275 333", "the newer value is shown");
    assert_eq!(
        e.conflicts[0].others,
        vec!["\"0275 222\"".to_owned()],
        "the other is kept"
    );
    assert_eq!(first.get(id), Some(e), "memory holds what the disk holds");
}
