//! A sync engine renaming another computer's version over a record in the very
//! moment this computer saved it (the engine checked the file just before the
//! save): the save had been acknowledged, so the next opening on this computer
//! must find the change missing and merge it back, the other computer's change
//! kept too.

use std::path::Path;

use crate::{json, sohoa_ok};

fn record_path(data: &Path, id: &str) -> std::path::PathBuf {
    data.join("enterprises").join(format!("{id}.ron"))
}

/// The engine's rename: `text` lands at `path` as a new file, as a download does.
fn engine_writes(path: &Path, text: &str) {
    let download = path.with_file_name(".syncthing.download.tmp");
    std::fs::write(&download, text).unwrap();
    std::fs::rename(&download, path).unwrap();
}

/// Lan's edit of the phone, saved and acknowledged (exit 0).
fn lan_sets_the_phone(data: &Path, id: &str) {
    sohoa_ok(
        data,
        &[
            "--by",
            "Lan",
            "enterprise",
            "edit",
            id,
            "--phone",
            "0911 0045",
        ],
    );
}

/// The other laptop's version of the record file `before`: Minh's `edit`, with
/// the history entries the app records for it.
fn minh_s_version(before: &str, edit: impl FnOnce(&mut sohoa::enterprise::Enterprise)) -> String {
    let before = sohoa::store::parse_enterprise_file(before).unwrap();
    let mut after = before.clone();
    edit(&mut after);
    let changes = sohoa::enterprise::history::record_changes(
        Some(&before),
        &after,
        "Minh",
        jiff::Timestamp::now(),
    );
    after.history.extend(changes);
    sohoa::store::encode_enterprise(&after).unwrap()
}

fn show(data: &Path, id: &str) -> serde_json::Value {
    json(&sohoa_ok(data, &["enterprise", "show", id, "--json"]))
}

#[test]
fn an_acknowledged_edit_written_over_by_the_sync_engine_is_merged_back_at_the_next_opening() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let id = crate::add_enterprise(&data, "HTX Dừa sáp Cầu Kè", &[]);
    let path = record_path(&data, &id);
    let before_edit = std::fs::read_to_string(&path).unwrap();
    // Lan's edit is saved and acknowledged (exit 0).
    lan_sets_the_phone(&data, &id);
    // The other laptop's version, made from the record before Lan's edit (Minh
    // changed the notes there), lands over it.
    let other = minh_s_version(&before_edit, |e| e.notes = "Ghi chú của Minh".into());
    engine_writes(&path, &other);
    let shown = show(&data, &id);
    assert_eq!(shown["contact"]["phone"], "0911 0045");
    assert_eq!(shown["notes"], "Ghi chú của Minh");
    // The file itself holds both now, and a later opening changes nothing more.
    let merged = std::fs::read_to_string(&path).unwrap();
    assert!(merged.contains("0911 0045") && merged.contains("Ghi chú của Minh"));
    show(&data, &id);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), merged);
}

/// Every file under `dir` whose bytes contain `text`.
pub fn files_holding(dir: &Path, text: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_holding(&path, text));
        } else if std::fs::read(&path).is_ok_and(|bytes| {
            bytes
                .windows(text.len())
                .any(|window| window == text.as_bytes())
        }) {
            found.push(path);
        }
    }
    found
}

#[test]
fn an_erasure_arriving_from_another_computer_reaches_this_computer_s_backups_versions_and_copies() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let id = crate::add_enterprise(&data, "HTX Dừa sáp Cầu Kè", &[]);
    let path = record_path(&data, &id);
    lan_sets_the_phone(&data, &id);
    let kept = data.join(".test-backups");
    assert_eq!(
        files_holding(&kept, "0911 0045").len(),
        1,
        "the copy of Lan's save"
    );
    // This computer's backups, and Syncthing's earlier version of the record.
    sohoa_ok(&data, &["backup", "create"]);
    let versions = data.join(".stversions").join("enterprises");
    std::fs::create_dir_all(&versions).unwrap();
    std::fs::copy(&path, versions.join(format!("{id}~20261205-120000.ron"))).unwrap();
    assert_eq!(files_holding(&data, "0911 0045").len(), 4);
    // The other laptop erased the contacts; its version arrives.
    let erased = {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut e = sohoa::store::parse_enterprise_file(&text).unwrap();
        e.forget_personal_data(jiff::Timestamp::now(), "Minh");
        sohoa::store::encode_enterprise(&e).unwrap()
    };
    engine_writes(&path, &erased);
    let shown = show(&data, &id);
    assert_eq!(shown["contact"]["phone"], "");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), erased);
    assert_eq!(
        files_holding(&data, "0911 0045"),
        Vec::<std::path::PathBuf>::new()
    );
}

/// Two Sohoa processes of one laptop edit a record at once (the phone in one,
/// the notes in the other): the phone's process read the record before the
/// notes were saved, and saves after the engine renamed the other laptop's
/// version (made before the notes) over them. Neither the file nor that save
/// holds the notes then; the copy of the notes' save does, and it must not be
/// dropped for the copy of the phone's.
#[test]
fn a_save_from_an_earlier_read_keeps_this_computer_s_edit_that_the_sync_engine_wrote_over() {
    use sohoa::workspace::Workspace;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let id = {
        let mut ws = Workspace::open(&data).unwrap();
        let e = sohoa::enterprise::Enterprise::new("HTX Dừa sáp Cầu Kè", jiff::Timestamp::now());
        ws.save(e).unwrap()
    };
    let path = record_path(&data, &id.to_string());
    let before_notes = std::fs::read_to_string(&path).unwrap();
    let mut phone_side = Workspace::open(&data).unwrap();
    {
        let mut notes_side = Workspace::open(&data).unwrap();
        let mut e = notes_side.get(id).unwrap().clone();
        e.notes = "Ghi chú của Lan 0008".into();
        notes_side.save(e).unwrap();
    }
    let other = minh_s_version(&before_notes, |e| {
        e.address = "Ấp Phú Hòa, xã Cầu Kè".into()
    });
    engine_writes(&path, &other);
    let mut e = phone_side.get(id).unwrap().clone();
    e.contact.phone = "0911 0045".into();
    phone_side.save(e).unwrap();

    let opened = Workspace::open(&data).unwrap();
    let record = opened.get(id).unwrap();
    assert_eq!(
        (
            record.notes.as_str(),
            record.contact.phone.as_str(),
            record.address.as_str()
        ),
        ("Ghi chú của Lan 0008", "0911 0045", "Ấp Phú Hòa, xã Cầu Kè")
    );
}
