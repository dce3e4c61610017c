//! An erasure reaching `quarantine/`: damaged files and conflict copies of a
//! record set aside there still hold what the record held.
//!
//! Key type: [`QuarantineErased`]; method [`DataFolder::erase_in_quarantine`].
//!
//! Policy: a file set aside keeps its original name with a time after it, so the
//! files of a record are those whose name holds one of its ids. One that can be
//! read as that record is cleaned like a backup's copy and stays for a person
//! to look at; one that cannot be read (it was set aside for that) cannot be
//! cleaned, so it is deleted, with its reason note, and named in the report. A
//! `quarantine` that is a link is never followed.

use std::path::PathBuf;

use super::{DataFolder, FolderLock, QUARANTINE};
use crate::enterprise::Enterprise;

/// What an erasure did in `quarantine/`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct QuarantineErased {
    /// Files read as the record and rewritten without the data.
    pub cleaned: usize,
    /// Files naming the record that could not be read, deleted.
    pub deleted: Vec<PathBuf>,
    /// Files that could be neither cleaned nor deleted (path, why).
    pub failed: Vec<(PathBuf, String)>,
}

impl QuarantineErased {
    /// The report's words for it, or nothing when no file was concerned.
    pub fn describe(&self) -> Option<String> {
        if self.cleaned == 0 && self.deleted.is_empty() && self.failed.is_empty() {
            return None;
        }
        let mut said = format!(
            "in quarantine/, {} file(s) of the record cleaned and {} unreadable one(s) deleted",
            self.cleaned,
            self.deleted.len()
        );
        for (path, why) in &self.failed {
            said.push_str(&format!(
                "; {} could not be cleaned ({why}): delete it by hand",
                path.display()
            ));
        }
        Some(said)
    }
}

impl DataFolder {
    /// Applies an erasure (`apply`, which says whether it changed the copy) to
    /// the files of records `ids` set aside in `quarantine/` (see the module
    /// policy).
    pub fn erase_in_quarantine(
        &self,
        lock: &FolderLock,
        ids: &[ulid::Ulid],
        apply: impl Fn(&mut Enterprise) -> bool,
    ) -> QuarantineErased {
        self.check_held(lock);
        if lock.is_read_only() {
            return QuarantineErased::default();
        }
        self.erase_in_quarantine_unchecked(ids, apply)
    }

    /// [`DataFolder::erase_in_quarantine`], for a caller that holds the lock
    /// while it is being taken (finishing an erasure cut short).
    pub(super) fn erase_in_quarantine_unchecked(
        &self,
        ids: &[ulid::Ulid],
        apply: impl Fn(&mut Enterprise) -> bool,
    ) -> QuarantineErased {
        let mut done = QuarantineErased::default();
        let dir = self.root().join(QUARANTINE);
        let is_folder = std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir());
        let Some(entries) = is_folder.then(|| std::fs::read_dir(&dir).ok()).flatten() else {
            return done;
        };
        let names: Vec<String> = ids.iter().map(ulid::Ulid::to_string).collect();
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let plain = entry.file_type().is_ok_and(|t| t.is_file());
            if !plain || name.ends_with(".reason.txt") || !names.iter().any(|id| name.contains(id))
            {
                continue;
            }
            let path = entry.path();
            let record =
                crate::bounded_read::read_regular_file(&path, super::MAX_ENTERPRISE_FILE_BYTES)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .and_then(|text| super::parse_enterprise_file(&text).ok())
                    .filter(|record| ids.contains(&record.id));
            match record {
                Some(mut record) => {
                    if !apply(&mut record) {
                        continue;
                    }
                    match super::erasure::rewrite_copy(&path, &record) {
                        Ok(()) => done.cleaned += 1,
                        Err(why) => done.failed.push((path, why)),
                    }
                }
                None => match std::fs::remove_file(&path) {
                    Ok(()) => {
                        let mut note = path.clone().into_os_string();
                        note.push(".reason.txt");
                        let _ = std::fs::remove_file(PathBuf::from(note));
                        done.deleted.push(path);
                    }
                    Err(e) => done.failed.push((path, e.to_string())),
                },
            }
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enterprise::Enterprise;

    #[test]
    fn an_erasure_cleans_a_readable_copy_in_quarantine_and_deletes_an_unreadable_one() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DataFolder::open(dir.path()).unwrap();
        let mut e = Enterprise::new("HTX Dừa Sáp", jiff::Timestamp::UNIX_EPOCH);
        e.contact.phone = "0275 3822 123".into();
        let other = Enterprise::new("HTX Khác", jiff::Timestamp::UNIX_EPOCH);
        let quarantine = dir.path().join(QUARANTINE);
        std::fs::create_dir_all(&quarantine).unwrap();
        let copy = quarantine.join(format!("{}.sync-conflict-1.ron.20261206-010101", e.id));
        std::fs::write(&copy, super::super::encode_enterprise(&e).unwrap()).unwrap();
        let damaged = quarantine.join(format!("{}.ron.20261206-010102", e.id));
        std::fs::write(
            &damaged,
            "(name: \"HTX Dừa Sáp\", contact: (phone: \"0275 3822 123\"",
        )
        .unwrap();
        std::fs::write(format!("{}.reason.txt", damaged.display()), "cut short").unwrap();
        let unrelated = quarantine.join(format!("{}.ron.20261206-010103", other.id));
        std::fs::write(&unrelated, "not a record").unwrap();

        let lock = folder.lock(std::time::Duration::ZERO).unwrap();
        let done = folder.erase_in_quarantine(&lock, &[e.id], |copy| {
            let had = !copy.contact.phone.is_empty();
            copy.contact.phone.clear();
            had
        });
        assert_eq!(done.cleaned, 1);
        assert_eq!(done.deleted, vec![damaged.clone()]);
        assert!(
            !std::fs::read_to_string(&copy)
                .unwrap()
                .contains("0275 3822 123")
        );
        assert!(!damaged.exists());
        assert!(!PathBuf::from(format!("{}.reason.txt", damaged.display())).exists());
        assert!(unrelated.exists(), "another record's file stays");
        assert!(
            done.describe()
                .unwrap()
                .contains("1 file(s) of the record cleaned")
        );
    }
}
