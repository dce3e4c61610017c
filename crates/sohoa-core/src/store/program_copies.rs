//! The program settings changed on two computers: a sync engine's copy of
//! `program.ron` beside it (`program.sync-conflict-….ron`, `program-HOST.ron`,
//! `program (1).ron`, `program (conflicted copy …).ron`).
//!
//! Key method: [`DataFolder::settle_program_copies`].
//!
//! The settings are one file with no field-by-field merge, so a copy is settled
//! whole, and nothing is lost silently:
//! - a copy identical to the settings, or an untouched preset, is deleted;
//! - when the settings here are the untouched preset (a laptop that opened Sohoa
//!   before the office's folder arrived, whose fresh preset the sync engine kept
//!   as the newer file), the copy (the office's settings) takes their place;
//! - when both were edited, the settings stand as the engine kept them (the
//!   version saved last, the same on every computer), with the stricter security
//!   settings of both (sealed bundles only, revocations, office and confirmed
//!   keys: [`crate::keys::KeySettings::take_stricter`]); the other version is set
//!   aside in `quarantine/` under its own name, once however many computers
//!   settle it, with the reason, for a person to compare.
//!
//! Each outcome is reported as a [`LoadProblem`] for the shell to show once.

use std::path::PathBuf;

use super::{DataFolder, FolderLock, LoadProblem, PROGRAM_FILE, ProblemAction};
use crate::program::ProgramSettings;

/// Whether `name` (in the folder's root) is a sync engine's copy of the settings.
fn is_program_copy(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower != PROGRAM_FILE
        && !lower.starts_with('.')
        && lower.starts_with("program")
        && lower.ends_with(".ron")
}

impl DataFolder {
    /// Settles the copies of the program settings a sync engine left in the
    /// folder's root (see the module documentation); reports each.
    pub fn settle_program_copies(&self, lock: &FolderLock) -> Vec<LoadProblem> {
        self.check_held(lock);
        if lock.is_read_only() {
            return Vec::new();
        }
        let Ok(entries) = std::fs::read_dir(self.root()) else {
            return Vec::new();
        };
        let mut copies: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter(|e| is_program_copy(&e.file_name().to_string_lossy()))
            .map(|e| e.path())
            .collect();
        copies.sort();
        let preset = ProgramSettings::preset().ok();
        let target = self.root().join(PROGRAM_FILE);
        let mut problems = Vec::new();
        for path in copies {
            // Read as the settings are: a damaged copy is quarantined, one from a
            // newer Sohoa left where it is, either reported.
            let copy = match self.read_program_file(path.clone()) {
                Ok(copy) => copy,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            let current = match self.load_program() {
                Ok(current) => current,
                Err(problem) => {
                    problems.push(problem);
                    None
                }
            };
            let settled = |reason: &str| LoadProblem {
                file: path.clone(),
                reason: reason.into(),
                action: ProblemAction::MergedInto(target.clone()),
            };
            let untouched = |s: &ProgramSettings| preset.as_ref() == Some(s);
            let adopt = match &current {
                Some(current) if *current == copy => None,
                Some(_) if untouched(&copy) => None,
                Some(current) if untouched(current) => Some(
                    "the program settings from another computer (a sync engine's copy) replaced the untouched preset this computer had written",
                ),
                None => Some("a sync engine's copy of the program settings, used as the settings"),
                Some(current) => {
                    // The sync engine kept the version saved last as the
                    // settings, on every computer alike; its security settings
                    // never end weaker than either version's.
                    let mut kept = current.clone();
                    let taken = kept.keys.take_stricter(&copy.keys);
                    let mut reason = "the program settings were changed on two computers at once: the version saved last stands (the sync engine kept it, on every computer)".to_owned();
                    if !taken.is_empty() {
                        match self.save_program(lock, &kept) {
                            Ok(()) => reason.push_str(&format!(
                                ", with the stricter security settings of the other version ({})",
                                taken.join(", ")
                            )),
                            Err(e) => reason.push_str(&format!(
                                "; the other version's stricter security settings ({}) could not be saved: {e}",
                                taken.join(", ")
                            )),
                        }
                    }
                    reason.push_str("; the other version was set aside here to compare (make its other changes again in Settings if they are wanted)");
                    problems.push(self.quarantine_once(&path, &reason));
                    continue;
                }
            };
            if let Some(reason) = adopt
                && let Err(e) = self.save_program(lock, &copy)
            {
                problems.push(LoadProblem {
                    file: path.clone(),
                    reason: format!("{reason}, but it could not be saved: {e}"),
                    action: ProblemAction::LeftInPlace,
                });
                continue;
            }
            let reason = adopt.unwrap_or("a sync engine's copy of the program settings, the same as the settings or an untouched preset");
            problems.push(match std::fs::remove_file(&path) {
                Ok(()) => settled(&format!("{reason}; the copy was deleted")),
                Err(e) => settled(&format!("{reason}; the copy could not be deleted: {e}")),
            });
        }
        problems
    }
}

impl DataFolder {
    /// Sets a settings copy aside under its own name, so that two computers
    /// settling the same synced copy make one quarantined file, not one each: a
    /// copy already set aside with the same bytes is simply deleted.
    fn quarantine_once(&self, path: &std::path::Path, reason: &str) -> LoadProblem {
        let Some(name) = path.file_name() else {
            return self.quarantine(path, reason);
        };
        let target = self.quarantine_dir().join(name);
        let same = |a: &std::path::Path, b: &std::path::Path| matches!((std::fs::read(a), std::fs::read(b)), (Ok(x), Ok(y)) if x == y);
        if target.exists() {
            if same(path, &target) && std::fs::remove_file(path).is_ok() {
                return LoadProblem {
                    file: path.to_owned(),
                    reason: format!("{reason} (already set aside, as {})", target.display()),
                    action: ProblemAction::Quarantined(target),
                };
            }
            return self.quarantine(path, reason);
        }
        let moved = std::fs::symlink_metadata(self.quarantine_dir())
            .map_or(true, |m| m.is_dir())
            .then(|| {
                std::fs::create_dir_all(self.quarantine_dir())
                    .and_then(|()| std::fs::rename(path, &target))
            });
        match moved {
            Some(Ok(())) => {
                let mut note = target.clone().into_os_string();
                note.push(".reason.txt");
                let _ = super::atomic::write_atomic(
                    std::path::Path::new(&note),
                    format!("{}\nreason: {reason}\n", target.display()).as_bytes(),
                    super::Durability::Durable,
                );
                LoadProblem {
                    file: path.to_owned(),
                    reason: reason.to_owned(),
                    action: ProblemAction::Quarantined(target),
                }
            }
            _ => self.quarantine(path, reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with_settings(settings: &ProgramSettings) -> (tempfile::TempDir, DataFolder) {
        let dir = tempfile::tempdir().unwrap();
        let folder = DataFolder::open(dir.path()).unwrap();
        let lock = folder.lock(std::time::Duration::from_secs(5)).unwrap();
        folder.save_program(&lock, settings).unwrap();
        (dir, folder)
    }

    fn write_copy(folder: &DataFolder, name: &str, settings: &ProgramSettings) -> PathBuf {
        let path = folder.root().join(name);
        let text = ron::ser::to_string_pretty(settings, crate::pretty_ron()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn edited(target: u32) -> ProgramSettings {
        let mut settings = ProgramSettings::preset().unwrap();
        settings.target = target;
        settings
    }

    #[test]
    fn the_office_s_settings_replace_a_preset_a_laptop_wrote_before_the_folder_arrived() {
        let (_dir, folder) = folder_with_settings(&ProgramSettings::preset().unwrap());
        let copy = write_copy(
            &folder,
            "program.sync-conflict-20261130-101010-ABCDEFG.ron",
            &edited(1500),
        );
        let lock = folder.lock(std::time::Duration::from_secs(5)).unwrap();
        let problems = folder.settle_program_copies(&lock);
        assert_eq!(folder.load_program().unwrap().unwrap().target, 1500);
        assert!(!copy.exists());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].reason.contains("replaced the untouched preset"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn settings_edited_on_both_computers_keep_the_version_saved_last_and_set_the_other_aside() {
        let (_dir, folder) = folder_with_settings(&edited(700));
        let copy = write_copy(&folder, "program-LAPTOP-3.ron", &edited(500));
        let lock = folder.lock(std::time::Duration::from_secs(5)).unwrap();
        let problems = folder.settle_program_copies(&lock);
        assert_eq!(folder.load_program().unwrap().unwrap().target, 700);
        assert!(!copy.exists());
        assert!(
            matches!(problems[0].action, ProblemAction::Quarantined(_)),
            "{}",
            problems[0]
        );
        let kept = std::fs::read_dir(folder.quarantine_dir()).unwrap().count();
        assert!(
            kept >= 1,
            "the other computer's settings are kept to compare"
        );
    }

    #[test]
    fn a_sync_conflict_never_turns_sealed_bundles_off_and_two_computers_set_one_copy_aside() {
        // A turned on "sealed only"; B, offline, changed the target. B's version
        // was saved last, so the engine made it the settings on both computers
        // and A's version the copy.
        let (dir_a, a) = folder_with_settings(&edited(1200));
        let mut a_version = edited(1000);
        a_version.keys.sealed_only = true;
        let name = "program.sync-conflict-20261205-101010-AAAAAAA.ron";
        write_copy(&a, name, &a_version);
        let lock = a.lock(std::time::Duration::from_secs(5)).unwrap();
        let problems = a.settle_program_copies(&lock);
        let settings = a.load_program().unwrap().unwrap();
        assert_eq!(settings.target, 1200);
        assert!(settings.keys.sealed_only, "sealed-only stays on");
        assert!(
            problems[0].reason.contains("the version saved last stands")
                && problems[0].reason.contains("sealed bundles only"),
            "{}",
            problems[0]
        );
        // The same copy reaches A's quarantine from B (synced) before A settles
        // it again: one file, not two.
        write_copy(&a, name, &a_version);
        let set_aside = a.quarantine_dir().join(name);
        assert!(set_aside.is_file());
        a.settle_program_copies(&lock);
        let files: Vec<_> = std::fs::read_dir(a.quarantine_dir())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".reason.txt"))
            .collect();
        assert_eq!(files, vec![name.to_owned()]);
        drop(dir_a);
    }

    #[test]
    fn a_copy_identical_to_the_settings_or_an_untouched_preset_is_deleted() {
        let (_dir, folder) = folder_with_settings(&edited(900));
        let same = write_copy(&folder, "program (1).ron", &edited(900));
        let preset = write_copy(
            &folder,
            "program (conflicted copy 2026-11-30).ron",
            &ProgramSettings::preset().unwrap(),
        );
        let lock = folder.lock(std::time::Duration::from_secs(5)).unwrap();
        let problems = folder.settle_program_copies(&lock);
        assert_eq!(folder.load_program().unwrap().unwrap().target, 900);
        assert!(!same.exists() && !preset.exists());
        assert_eq!(problems.len(), 2);
        assert!(!folder.quarantine_dir().exists());
    }

    #[test]
    fn names_of_program_copies_are_told_from_other_files() {
        assert!(is_program_copy(
            "program.sync-conflict-20261130-101010-ABCDEFG.ron"
        ));
        assert!(is_program_copy("program-DESKTOP-7.ron"));
        assert!(!is_program_copy("program.ron"));
        assert!(!is_program_copy(".program.ron.tmp"));
        assert!(!is_program_copy("self-assessment.txt"));
    }
}
