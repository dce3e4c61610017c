//! Backups of a data folder: taken automatically each day, before an import and
//! before a questionnaire upgrade, rotated, listed and restored.
//!
//! Key types: [`BackupInfo`], [`BackupPolicy`], [`BackupError`]; methods
//! [`DataFolder::backup`], [`DataFolder::backups`], [`DataFolder::restore`].
//!
//! Layout: backups live beside the data folder, in `<folder>-backups/` (never
//! inside it, so a sync engine does not carry them to every laptop), one folder
//! each, named by time and reason, holding `program.ron`, `enterprises/`,
//! `questionnaires/` and a `backup.ron` manifest. A backup is built in a
//! `.partial-…` folder and renamed when complete, so a half-made one is never
//! listed. A file unchanged since the previous backup (same size and time) is a
//! hard link to that backup's copy, so a daily backup of a large, mostly unchanged
//! folder costs little space; files are never linked to the live folder, because
//! some sync engines rewrite files in place.
//!
//! Policy: keep the newest backup of each of the last `daily` days and of each of
//! the last `weekly` weeks, plus the three most recent; keep every backup taken
//! before an import, a restore or a questionnaire upgrade for `daily` days (at
//! least until the day is over); never delete a backup a person asked for
//! (`manual`); delete the rest.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{DataFolder, Durability, FolderLock, atomic};
pub use crate::program::BackupPolicy;

const MANIFEST: &str = "backup.ron";
const PARTIAL_PREFIX: &str = ".partial-";
/// The folders and files of a data folder that a backup holds.
pub(super) const FOLDERS: [&str; 2] = ["enterprises", "questionnaires"];
pub(super) const FILES: [&str; 2] = ["program.ron", "self-assessment.txt"];
/// Always kept, whatever their age.
const KEEP_RECENT: usize = 3;

/// What is written in each backup's manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    taken: Timestamp,
    reason: String,
    enterprises: usize,
}

/// One backup on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupInfo {
    /// The folder name, used to restore it.
    pub name: String,
    pub path: PathBuf,
    pub taken: Timestamp,
    /// `daily`, `import`, `questionnaire-upgrade`, `before-restore`, `manual`…
    pub reason: String,
    pub enterprises: usize,
    /// Files of the data folder that could not be read and are not in the backup
    /// (relative path, reason); only known for a backup just taken.
    pub unreadable: Vec<(String, String)>,
}

/// Why a backup or a restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// A file could not be read or written; the data folder is unchanged.
    #[error("{what} {}: {source}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// No backup has this name.
    #[error("no backup named `{0}` (see `sohoa backup list`)")]
    NotFound(String),
    /// The folder's lock was not taken, or the folder cannot be written here.
    #[error(transparent)]
    Lock(#[from] super::LockError),
}

pub(super) fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> BackupError {
    let path = path.to_owned();
    move |source| BackupError::Io { what, path, source }
}

impl DataFolder {
    /// Where this folder's backups are kept: `<folder>-backups` beside it, or in
    /// the folder named by `SOHOA_BACKUP_DIR` (an external disk, say).
    pub fn backups_dir(&self) -> PathBuf {
        let name = self
            .root()
            .file_name()
            .map(|n| format!("{}-backups", n.to_string_lossy()))
            .unwrap_or_else(|| "sohoa-backups".into());
        match std::env::var_os("SOHOA_BACKUP_DIR") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir).join(name),
            _ => self.root().with_file_name(name),
        }
    }

    /// The backups, oldest first; half-made ones are skipped.
    pub fn backups(&self) -> Vec<BackupInfo> {
        let Ok(entries) = std::fs::read_dir(self.backups_dir()) else {
            return Vec::new();
        };
        let mut found: Vec<BackupInfo> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    return None;
                }
                let path = entry.path();
                let bytes =
                    crate::bounded_read::read_regular_file(&path.join(MANIFEST), 1 << 20).ok()?;
                let text = String::from_utf8(bytes).ok()?;
                let manifest: Manifest = ron::from_str(&text).ok()?;
                Some(BackupInfo {
                    name,
                    path,
                    taken: manifest.taken,
                    reason: manifest.reason,
                    enterprises: manifest.enterprises,
                    unreadable: Vec::new(),
                })
            })
            .collect();
        found.sort_by(|a, b| a.taken.cmp(&b.taken).then(a.name.cmp(&b.name)));
        found
    }

    /// Applies an erasure of personal data to the copies of records `ids` kept in
    /// every backup, so that restoring a backup does not bring the data back.
    /// `erase` changes a copy and says whether it changed. Each changed copy is
    /// rewritten in place of the old file (which other backups may share as a hard
    /// link: they are rewritten in their turn). Returns how many copies changed,
    /// and the files that could not be read or rewritten, with why.
    pub fn erase_in_backups(
        &self,
        lock: &FolderLock,
        ids: &[ulid::Ulid],
        erase: impl Fn(&mut crate::enterprise::Enterprise) -> bool,
    ) -> (usize, Vec<(PathBuf, String)>) {
        self.check_held(lock);
        if lock.is_read_only() {
            return (0, Vec::new());
        }
        self.erase_in_backups_unchecked(ids, erase)
    }

    /// [`DataFolder::erase_in_backups`], for the lock's own recovery (which runs
    /// while the lock is being taken).
    pub(super) fn erase_in_backups_unchecked(
        &self,
        ids: &[ulid::Ulid],
        erase: impl Fn(&mut crate::enterprise::Enterprise) -> bool,
    ) -> (usize, Vec<(PathBuf, String)>) {
        let mut changed = 0;
        let mut failed = Vec::new();
        for backup in self.backups() {
            for id in ids {
                let path = backup.path.join("enterprises").join(format!("{id}.ron"));
                let Ok(bytes) =
                    crate::bounded_read::read_regular_file(&path, super::MAX_ENTERPRISE_FILE_BYTES)
                else {
                    continue;
                };
                let text = String::from_utf8_lossy(&bytes);
                let mut record = match super::parse_enterprise_file(&text) {
                    Ok(record) => record,
                    Err(reason) => {
                        failed.push((path, reason));
                        continue;
                    }
                };
                if !erase(&mut record) {
                    continue;
                }
                match super::erasure::rewrite_copy(&path, &record) {
                    Ok(()) => changed += 1,
                    Err(reason) => failed.push((path, reason)),
                }
                super::fault::step("forget");
            }
        }
        (changed, failed)
    }

    /// The most recent backup.
    pub fn last_backup(&self) -> Option<BackupInfo> {
        self.backups().pop()
    }

    /// Takes a backup now, then deletes those the policy no longer keeps. The
    /// lock keeps writers out, so the backup is one moment's state.
    pub fn backup(
        &self,
        lock: &super::FolderLock,
        reason: &str,
        policy: BackupPolicy,
        now: Timestamp,
    ) -> Result<BackupInfo, BackupError> {
        self.check_held(lock);
        let dir = self.backups_dir();
        std::fs::create_dir_all(&dir).map_err(io("cannot create the backup folder", &dir))?;
        // Half-made backups left by a crash.
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.filter_map(Result::ok) {
                if entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with(PARTIAL_PREFIX)
                {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let previous = self.last_backup();
        let slug: String = reason
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let stamp = now.strftime("%Y%m%d-%H%M%S").to_string();
        let mut name = format!("{stamp}-{slug}");
        let mut n = 1;
        while dir.join(&name).exists() {
            name = format!("{stamp}-{slug}-{n}");
            n += 1;
        }
        let partial = dir.join(format!("{PARTIAL_PREFIX}{name}"));
        let result = self.fill_backup(
            &partial,
            previous.as_ref().map(|p| p.path.as_path()),
            reason,
            now,
        );
        let (enterprises, unreadable) = match result {
            Ok(filled) => filled,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&partial);
                return Err(e);
            }
        };
        let target = dir.join(&name);
        std::fs::rename(&partial, &target).map_err(io("cannot finish the backup", &target))?;
        let _ = atomic::sync_folder(&dir);
        self.prune(policy, now);
        Ok(BackupInfo {
            name,
            path: target,
            taken: now,
            reason: reason.to_owned(),
            enterprises,
            unreadable,
        })
    }

    /// Copies the folder's files into `into`; returns the number of enterprise
    /// files copied and the files that could not be read. A file that cannot be
    /// read does not stop the backup (the others are worth keeping); one that
    /// cannot be written does.
    fn fill_backup(
        &self,
        into: &Path,
        previous: Option<&Path>,
        reason: &str,
        now: Timestamp,
    ) -> Result<(usize, Vec<(String, String)>), BackupError> {
        let mut files: Vec<PathBuf> = Vec::new();
        for folder in FOLDERS {
            let target = into.join(folder);
            std::fs::create_dir_all(&target).map_err(io("cannot create", &target))?;
            if let Ok(entries) = std::fs::read_dir(self.root().join(folder)) {
                files.extend(
                    entries
                        .filter_map(Result::ok)
                        .filter(|e| super::is_data_file_name(&e.file_name().to_string_lossy()))
                        .map(|e| e.path())
                        .filter_map(|p| p.strip_prefix(self.root()).ok().map(Path::to_path_buf)),
                );
            }
        }
        files.extend(
            FILES
                .iter()
                .map(PathBuf::from)
                .filter(|p| self.root().join(p).is_file()),
        );
        let outcomes = files
            .par_iter()
            .map(|relative| {
                let source = self.root().join(relative);
                let target = into.join(relative);
                // Only plain files are copied (a pipe would block the copy, a link
                // could point anywhere); the others are named, not skipped silently.
                let unreadable = match std::fs::symlink_metadata(&source) {
                    Ok(m) if m.is_file() => {
                        std::fs::File::open(&source).err().map(|e| e.to_string())
                    }
                    Ok(m) if m.is_symlink() => Some("a symbolic link, not a file".into()),
                    Ok(_) => Some("not a plain file".into()),
                    Err(e) => Some(e.to_string()),
                };
                if let Some(reason) = unreadable {
                    return Ok(Some(reason));
                }
                let kept = previous
                    .map(|p| p.join(relative))
                    .filter(|old| same_file_version(&source, old));
                if let Some(old) = kept
                    && std::fs::hard_link(&old, &target).is_ok()
                {
                    return Ok(None);
                }
                copy_with_time(&source, &target).map(|()| None)
            })
            .collect::<Result<Vec<Option<String>>, BackupError>>()?;
        let enterprises = files
            .iter()
            .zip(&outcomes)
            .filter(|(p, unreadable)| p.starts_with(FOLDERS[0]) && unreadable.is_none())
            .count();
        let unreadable: Vec<(String, String)> = files
            .iter()
            .zip(outcomes)
            .filter_map(|(p, unreadable)| unreadable.map(|why| (p.display().to_string(), why)))
            .collect();
        let manifest = Manifest {
            taken: now,
            reason: reason.to_owned(),
            enterprises,
        };
        let text = ron::ser::to_string_pretty(&manifest, crate::pretty_ron()).unwrap_or_default();
        let path = into.join(MANIFEST);
        atomic::write_atomic(&path, text.as_bytes(), Durability::Durable)
            .map_err(io("cannot write", &path))?;
        Ok((enterprises, unreadable))
    }

    /// Deletes the backups the policy no longer keeps.
    fn prune(&self, policy: BackupPolicy, now: Timestamp) {
        let backups = self.backups();
        let keep = kept_by_policy(&backups, policy, now);
        for (backup, keep) in backups.iter().zip(keep) {
            if !keep {
                let _ = std::fs::remove_dir_all(&backup.path);
            }
        }
    }
}

/// Whether two files hold the same version (same size and modification time).
fn same_file_version(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => {
            a.len() == b.len()
                && a.modified().ok().is_some()
                && a.modified().ok() == b.modified().ok()
        }
        _ => false,
    }
}

/// Copies a file and gives the copy the original's modification time, so the next
/// backup can tell it is unchanged.
pub(super) fn copy_with_time(source: &Path, target: &Path) -> Result<(), BackupError> {
    std::fs::copy(source, target).map_err(io("cannot copy", source))?;
    if let Ok(modified) = std::fs::metadata(source).and_then(|m| m.modified())
        && let Ok(file) = std::fs::File::options().write(true).open(target)
    {
        let _ = file.set_modified(modified);
    }
    Ok(())
}

/// How the rotation treats a backup, by the reason it was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BackupReason {
    /// Asked for by a person: never deleted automatically.
    Manual,
    /// Taken just before a change that replaces many records (an import, a
    /// restore, a questionnaire upgrade): kept as long as daily copies are, even
    /// when a later backup the same day is that day's newest.
    Safety,
    /// The day's automatic copy.
    Routine,
}

impl BackupReason {
    fn of(reason: &str) -> BackupReason {
        match reason {
            "manual" => BackupReason::Manual,
            "import" | "merge" | "before-restore" | "questionnaire-upgrade" => BackupReason::Safety,
            _ => BackupReason::Routine,
        }
    }
}

/// Which of `backups` (oldest first) the policy keeps.
pub fn kept_by_policy(backups: &[BackupInfo], policy: BackupPolicy, now: Timestamp) -> Vec<bool> {
    use std::collections::HashSet;
    let tz = jiff::tz::TimeZone::system();
    let today = now.to_zoned_datetime(tz.clone()).date();
    let mut days_seen = HashSet::new();
    let mut weeks_seen = HashSet::new();
    let mut keep = vec![false; backups.len()];
    // Newest first: the first backup met in a day or week is that period's newest.
    for (rank, (i, backup)) in backups.iter().enumerate().rev().enumerate() {
        let date = backup.taken.to_zoned_datetime(tz.clone()).date();
        let age_days = (today - date).get_days().max(0) as u32;
        let week = date.iso_week_date();
        let week_key = (week.year(), week.week());
        let newest_of_day = days_seen.insert(date);
        let newest_of_week = weeks_seen.insert(week_key);
        let reason = BackupReason::of(&backup.reason);
        keep[i] = rank < KEEP_RECENT
            || reason == BackupReason::Manual
            || (reason == BackupReason::Safety && age_days < policy.daily.max(1))
            || (newest_of_day && age_days < policy.daily)
            || (newest_of_week && age_days < policy.weekly * 7);
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enterprise::Enterprise;

    /// The folder's lock for one call (never held across a load, which locks too).
    fn locked(folder: &DataFolder) -> super::super::FolderLock {
        folder.lock(std::time::Duration::ZERO).unwrap()
    }

    fn folder_with(names: &[&str]) -> (tempfile::TempDir, DataFolder) {
        let parent = tempfile::tempdir().unwrap();
        let folder = DataFolder::open(parent.path().join("data")).unwrap();
        let lock = folder.lock(std::time::Duration::ZERO).unwrap();
        for name in names {
            folder
                .save_enterprise(
                    &lock,
                    &Enterprise::new(name, Timestamp::UNIX_EPOCH),
                    Durability::Durable,
                )
                .unwrap();
        }
        (parent, folder)
    }

    #[test]
    fn a_backup_holds_every_enterprise_and_restoring_it_brings_them_back() {
        let (_parent, folder) = folder_with(&["HTX Bưởi", "Công ty Dừa Xanh"]);
        let now = Timestamp::now();
        let first = folder
            .backup(&locked(&folder), "manual", BackupPolicy::default(), now)
            .unwrap();
        assert_eq!(first.enterprises, 2);
        assert!(first.path.starts_with(folder.backups_dir()));
        assert!(
            !folder.backups_dir().starts_with(folder.root()),
            "outside the synced folder"
        );
        // Something goes wrong afterwards: a record is lost, another appears.
        let gone = folder.load_enterprises().enterprises[0].id;
        std::fs::remove_file(folder.enterprise_path(gone)).unwrap();
        folder
            .save_enterprise(
                &locked(&folder),
                &Enterprise::new("Nhập nhầm", Timestamp::UNIX_EPOCH),
                Durability::Durable,
            )
            .unwrap();
        let later = now + jiff::SignedDuration::from_mins(5);
        folder
            .restore(
                &locked(&folder),
                &first.name,
                BackupPolicy::default(),
                later,
            )
            .unwrap();
        let mut names: Vec<String> = folder
            .load_enterprises()
            .enterprises
            .into_iter()
            .map(|e| e.name)
            .collect();
        names.sort();
        assert_eq!(names, ["Công ty Dừa Xanh", "HTX Bưởi"]);
        // The state before the restore was kept too.
        let reasons: Vec<String> = folder.backups().into_iter().map(|b| b.reason).collect();
        assert_eq!(reasons, ["manual", "before-restore"]);
        for name in ["no-such-backup", "../data-backups/x", ""] {
            let refused = folder.restore(&locked(&folder), name, BackupPolicy::default(), now);
            assert!(matches!(refused, Err(BackupError::NotFound(_))), "{name:?}");
        }
    }

    #[test]
    fn an_unchanged_file_is_linked_to_the_previous_backup_not_copied_again() {
        let (_parent, folder) = folder_with(&["HTX Bưởi"]);
        let a = folder
            .backup(
                &locked(&folder),
                "daily",
                BackupPolicy::default(),
                Timestamp::now(),
            )
            .unwrap();
        let b = folder
            .backup(
                &locked(&folder),
                "import",
                BackupPolicy::default(),
                Timestamp::now(),
            )
            .unwrap();
        let file = std::fs::read_dir(a.path.join("enterprises"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .file_name();
        let (first, second) = (
            a.path.join("enterprises").join(&file),
            b.path.join("enterprises").join(&file),
        );
        assert_eq!(
            std::fs::read(&first).unwrap(),
            std::fs::read(&second).unwrap()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(
                std::fs::metadata(&first).unwrap().ino(),
                std::fs::metadata(&second).unwrap().ino()
            );
        }
    }

    fn backup_at(name: &str, reason: &str, taken: Timestamp) -> BackupInfo {
        BackupInfo {
            name: name.into(),
            path: PathBuf::new(),
            taken,
            reason: reason.into(),
            enterprises: 0,
            unreadable: Vec::new(),
        }
    }

    fn kept_names(backups: &[BackupInfo], now: Timestamp) -> Vec<&str> {
        let keep = kept_by_policy(backups, BackupPolicy::default(), now);
        backups
            .iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(b, _)| b.name.as_str())
            .collect()
    }

    #[test]
    fn safety_copies_of_a_busy_day_outlive_the_later_imports_of_that_day() {
        // Noon on a Monday, local time; the day's work from 09:00.
        let day = jiff::civil::date(2026, 11, 2)
            .at(9, 0, 0, 0)
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .unwrap()
            .timestamp();
        let minutes = |m: i64| day + jiff::SignedDuration::from_mins(m);
        let backups = vec![
            backup_at("manual", "manual", minutes(0)),
            backup_at("before-restore", "before-restore", minutes(10)),
            backup_at("import-1", "import", minutes(20)),
            backup_at("import-2", "import", minutes(30)),
            backup_at("import-3", "import", minutes(40)),
        ];
        assert_eq!(
            kept_names(&backups, minutes(180)),
            [
                "manual",
                "before-restore",
                "import-1",
                "import-2",
                "import-3"
            ]
        );
        // Three days of routine backups later, the safety copies are still kept…
        let mut later = backups.clone();
        for d in 1..=3 {
            later.push(backup_at(
                &format!("daily-{d}"),
                "daily",
                minutes(d * 24 * 60),
            ));
        }
        let kept = kept_names(&later, minutes(3 * 24 * 60 + 60));
        assert!(
            kept.contains(&"before-restore") && kept.contains(&"import-1"),
            "{kept:?}"
        );
        // …and after two weeks only the manual one is left of that morning.
        for d in 4..=14 {
            later.push(backup_at(
                &format!("daily-{d}"),
                "daily",
                minutes(d * 24 * 60),
            ));
        }
        let kept = kept_names(&later, minutes(14 * 24 * 60 + 60));
        assert!(kept.contains(&"manual"), "{kept:?}");
        for gone in ["before-restore", "import-1", "import-2"] {
            assert!(!kept.contains(&gone), "{gone} kept: {kept:?}");
        }
        // A manual backup is never rotated away, however old.
        let kept = kept_names(&later, minutes(400 * 24 * 60));
        assert!(kept.contains(&"manual"), "{kept:?}");
    }

    #[test]
    fn the_policy_keeps_a_week_of_days_and_two_months_of_weeks() {
        let now = Timestamp::now();
        // One backup a day for 100 days, oldest first.
        let backups: Vec<BackupInfo> = (0..100)
            .rev()
            .map(|days| {
                backup_at(
                    &format!("b{days}"),
                    "daily",
                    now - jiff::SignedDuration::from_hours(24 * days),
                )
            })
            .collect();
        let keep = kept_by_policy(&backups, BackupPolicy::default(), now);
        let kept: Vec<&str> = backups
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(b, _)| b.name.as_str())
            .collect();
        // The last 7 days, then one a week back to 63 days.
        assert!(kept.len() >= 7 + 8 && kept.len() <= 7 + 10, "{kept:?}");
        for day in 0..7 {
            assert!(kept.contains(&format!("b{day}").as_str()));
        }
        assert!(!kept.contains(&"b70"));
        assert!(!kept.contains(&"b99"));
    }
}
