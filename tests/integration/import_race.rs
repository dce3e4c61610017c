//! An import racing another program that replaces records underneath it, as a
//! sync engine does when another laptop's edits arrive: the folder lock orders
//! Sohoa's own programs, not the engine. Every version delivered while the
//! import runs must be found afterwards in its record (as the value, in the
//! history or as a conflict), none written over by the import's older reading;
//! and the import's own changes stand once the folder is next opened (a
//! delivery renamed over one of them in the engine's check-then-rename window
//! is merged back from the copy the import left on this computer).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sohoa::enterprise::field::ProfileField;
use sohoa::enterprise::{Change, ChangeKind, Enterprise};

use crate::{enterprise_ids, sohoa_ok};

pub(crate) fn record_path(data: &Path, id: &str) -> PathBuf {
    data.join("enterprises").join(format!("{id}.ron"))
}

pub(crate) fn read_record(path: &Path) -> Option<Enterprise> {
    sohoa::store::parse_enterprise_file(&std::fs::read_to_string(path).ok()?).ok()
}

/// The version of the file at `path`: length, time and inode.
fn version(path: &Path) -> Option<(u64, std::time::SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((
        m.len(),
        m.modified().ok()?,
        std::os::unix::fs::MetadataExt::ino(&m),
    ))
}

/// Delivers Minh's next note to the record at `path` as Syncthing does: the
/// record as it is now plus the change, renamed over it unless the file changed
/// since it was read (then it is left for the next round, as Syncthing rescans
/// first). Returns the note.
pub(crate) fn deliver(path: &Path, n: usize) -> Option<String> {
    let read = version(path)?;
    let mut record = read_record(path)?;
    let note = format!("Ghi chú của Minh {n:04}");
    let old = ProfileField::Notes.get(&record);
    record.notes = note.clone();
    record.modified = jiff::Timestamp::now();
    record.history.push(Change {
        at: record.modified,
        by: "Minh".into(),
        what: ChangeKind::Field {
            field: ProfileField::Notes.key().into(),
            old,
            new: ProfileField::Notes.get(&record),
        },
    });
    let text = sohoa::store::encode_enterprise(&record).ok()?;
    let download = path.with_file_name(format!(".syncthing.{n}.tmp"));
    std::fs::write(&download, text).ok()?;
    if version(path) != Some(read) {
        let _ = std::fs::remove_file(&download);
        return None;
    }
    std::fs::rename(&download, path).ok()?;
    Some(note)
}

/// Whether `note` is in `record`: shown, in the history, or waiting as a conflict.
pub(crate) fn holds_note(record: &Enterprise, note: &str) -> bool {
    let quoted = format!("{note:?}");
    record.notes == note
        || record.history.iter().any(|c| {
            matches!(&c.what, ChangeKind::Field { field, new, .. } if field == "notes" && *new == quoted)
        })
        || record
            .conflict(ProfileField::Notes)
            .is_some_and(|c| c.others.contains(&quoted))
}

/// Runs `command` on `data` while Minh's notes are delivered to the records
/// `known`, each in turn, until it ends; returns what was delivered (record,
/// note) and the command's output.
pub(crate) fn deliver_while(
    data: &Path,
    known: &[String],
    command: &[&str],
) -> (Vec<(String, String)>, std::process::Output) {
    let running = AtomicBool::new(true);
    std::thread::scope(|scope| {
        let deliveries = scope.spawn(|| {
            let mut delivered = Vec::new();
            let mut n = 0;
            while running.load(Ordering::Relaxed) {
                for id in known {
                    if let Some(note) = deliver(&record_path(data, id), n) {
                        delivered.push((id.clone(), note));
                    }
                    n += 1;
                    std::thread::sleep(Duration::from_millis(2));
                }
            }
            delivered
        });
        let out = crate::sohoa(data, command);
        running.store(false, Ordering::Relaxed);
        (deliveries.join().unwrap(), out)
    })
}

/// The notes delivered that their record no longer holds (as the value, in
/// its history or as a conflict).
pub(crate) fn lost<'a>(
    data: &Path,
    delivered: &'a [(String, String)],
) -> Vec<&'a (String, String)> {
    delivered
        .iter()
        .filter(|(id, note)| {
            let record = read_record(&record_path(data, id)).unwrap();
            !holds_note(&record, note)
        })
        .collect()
}

#[test]
fn versions_delivered_while_an_import_runs_are_merged_not_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let office = dir.path().join("office");
    // Fifty records here; the office has them too, with an address changed in
    // each, and a thousand more: the bundle updates the fifty and adds the rest.
    sohoa_ok(&data, &["demo", "--count", "50"]);
    let known = enterprise_ids(&data);
    std::fs::create_dir_all(office.join("enterprises")).unwrap();
    for id in &known {
        std::fs::copy(record_path(&data, id), record_path(&office, id)).unwrap();
    }
    for (n, id) in known.iter().enumerate() {
        sohoa_ok(
            &office,
            &[
                "--by",
                "Lan",
                "enterprise",
                "edit",
                id,
                "--address",
                &format!("Ấp Phú {n}"),
            ],
        );
    }
    sohoa_ok(
        &office,
        &["demo", "--count", "1000", "--append", "--seed", "9"],
    );
    let bundle = dir.path().join("office.sohoa");
    sohoa_ok(
        &office,
        &["export", "--bundle", bundle.to_str().unwrap(), "--no-seal"],
    );

    // The import, and Minh's edits arriving underneath it, each record in turn.
    let started = Instant::now();
    let (delivered, import) = deliver_while(&data, &known, &["import", bundle.to_str().unwrap()]);
    assert!(import.status.success(), "{}", crate::stderr(&import));
    let took = started.elapsed();
    // The next command here opens the folder, as any would.
    sohoa_ok(&data, &["enterprise", "list"]);
    let lost = lost(&data, &delivered);
    // Each record has the office's address too: the import's own change stands.
    let addressed = known
        .iter()
        .filter(|id| {
            read_record(&record_path(&data, id))
                .unwrap()
                .address
                .starts_with("Ấp Phú")
        })
        .count();
    eprintln!(
        "import of 1,050 records in {took:.1?}: {} versions delivered underneath, {} lost; {addressed} of 50 took the bundle's address",
        delivered.len(),
        lost.len()
    );
    assert!(
        lost.is_empty(),
        "{} of {} lost: {lost:?}",
        lost.len(),
        delivered.len()
    );
    assert_eq!(addressed, 50);
}
