//! The enterprise records of an open folder, each read from its file the first
//! time something needs it whole.
//!
//! Key type: [`Records`].
//!
//! Policy: the list, the dashboard and the statistics need only summaries, so a
//! large folder opens with most records unread; a profile, an export or a
//! merge reads the records it needs, once. A record in memory is never
//! different from its file but for a moment (every change is written through,
//! see `Workspace`), so what is read later is what would have been
//! read at opening, or a newer version another program wrote meanwhile, which
//! the folder's watch brings in anyway. A record whose file can no longer be
//! read (removed or damaged since the opening) is missing from what is
//! returned, never a panic; the reason is kept for the log.
//!
//! ```
//! use sohoa_core::store::{DataFolder, records::Records};
//! let dir = tempfile::tempdir().unwrap();
//! let records = Records::new(DataFolder::open(dir.path()).unwrap());
//! assert!(records.is_empty() && records.get(0).is_none());
//! ```

use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;
use ulid::Ulid;

use super::DataFolder;
use crate::enterprise::Enterprise;

/// The records of a folder, in a fixed order (the workspace's positions).
#[derive(Debug)]
pub struct Records {
    folder: DataFolder,
    slots: Vec<Slot>,
    /// Why records could not be read when they were needed, for the log.
    unreadable: Mutex<Vec<(Ulid, String)>>,
}

#[derive(Debug)]
struct Slot {
    id: Ulid,
    /// `Some(None)`: its file could not be read when it was needed.
    record: OnceLock<Option<Enterprise>>,
}

impl Slot {
    fn read(record: Enterprise) -> Slot {
        Slot {
            id: record.id,
            record: OnceLock::from(Some(record)),
        }
    }

    fn unread(id: Ulid) -> Slot {
        Slot {
            id,
            record: OnceLock::new(),
        }
    }
}

impl Records {
    /// No records, in `folder`.
    pub fn new(folder: DataFolder) -> Records {
        Records {
            folder,
            slots: Vec::new(),
            unreadable: Mutex::new(Vec::new()),
        }
    }

    /// The records `read` and the ids of those left `unread`, in id order.
    pub(crate) fn from_loaded(
        folder: DataFolder,
        read: Vec<Enterprise>,
        unread: Vec<Ulid>,
    ) -> Records {
        let mut slots: Vec<Slot> = read
            .into_iter()
            .map(Slot::read)
            .chain(unread.into_iter().map(Slot::unread))
            .collect();
        slots.sort_by_key(|slot| slot.id);
        Records {
            folder,
            slots,
            unreadable: Mutex::new(Vec::new()),
        }
    }

    /// `records`, all in memory, in `folder`.
    pub fn holding(folder: DataFolder, records: Vec<Enterprise>) -> Records {
        Records::from_loaded(folder, records, Vec::new())
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The id of the record at `index`, without reading it.
    pub fn id(&self, index: usize) -> Option<Ulid> {
        self.slots.get(index).map(|slot| slot.id)
    }

    /// The record at `index`, read from its file if it was not yet.
    pub fn get(&self, index: usize) -> Option<&Enterprise> {
        let slot = self.slots.get(index)?;
        slot.record.get_or_init(|| self.read(slot.id)).as_ref()
    }

    /// Whether the record at `index` is in memory.
    pub fn is_read(&self, index: usize) -> bool {
        self.slots
            .get(index)
            .is_some_and(|slot| slot.record.get().is_some())
    }

    fn read(&self, id: Ulid) -> Option<Enterprise> {
        let mut read = self.folder.read_enterprise_checked(id);
        // On Windows a file being renamed over by another Sohoa cannot be
        // opened for a moment: try again before calling it unreadable.
        let mut tries_left = if cfg!(windows) { 20 } else { 0 };
        while read.is_err() && tries_left > 0 {
            tries_left -= 1;
            std::thread::sleep(std::time::Duration::from_millis(10));
            read = self.folder.read_enterprise_checked(id);
        }
        match read {
            Ok(record) => Some(record),
            Err(why) => {
                if let Ok(mut unreadable) = self.unreadable.lock() {
                    unreadable.push((id, why));
                }
                None
            }
        }
    }

    /// Every record, read as needed; records whose file can no longer be read
    /// are left out.
    pub fn iter(&self) -> impl Iterator<Item = &Enterprise> + '_ {
        self.read_all();
        (0..self.slots.len()).filter_map(|index| self.get(index))
    }

    /// Every record with its place, read as needed; records whose file can no
    /// longer be read are left out.
    pub fn indexed(&self) -> impl Iterator<Item = (usize, &Enterprise)> + '_ {
        self.read_all();
        (0..self.slots.len()).filter_map(|index| Some((index, self.get(index)?)))
    }

    /// Every record, copied.
    pub fn to_vec(&self) -> Vec<Enterprise> {
        self.iter().cloned().collect()
    }

    /// The first record.
    pub fn first(&self) -> Option<&Enterprise> {
        self.get(0)
    }

    /// Reads every record not yet in memory, on all cores.
    pub fn read_all(&self) {
        let unread: Vec<&Slot> = self
            .slots
            .iter()
            .filter(|slot| slot.record.get().is_none())
            .collect();
        unread.par_iter().for_each(|slot| {
            slot.record.get_or_init(|| self.read(slot.id));
        });
    }

    /// Why records could not be read since the last call, for the log.
    pub fn take_unreadable(&self) -> Vec<(Ulid, String)> {
        self.unreadable
            .lock()
            .map(|mut found| std::mem::take(&mut *found))
            .unwrap_or_default()
    }

    /// Puts `record` at `index` in place of what was there.
    pub(crate) fn replace(&mut self, index: usize, record: Enterprise) {
        if let Some(slot) = self.slots.get_mut(index) {
            *slot = Slot::read(record);
        }
    }

    /// Adds `record` at the end.
    pub(crate) fn push(&mut self, record: Enterprise) {
        self.slots.push(Slot::read(record));
    }

    /// Lets go of the records in memory but those `keep` names: each is what
    /// its file holds, and is read again when needed.
    pub(crate) fn forget_all_but(&mut self, keep: impl Fn(Ulid) -> bool) {
        for slot in &mut self.slots {
            if !keep(slot.id) {
                slot.record = OnceLock::new();
            }
        }
    }

    /// Keeps the records whose place in `keep` is `true`.
    pub(crate) fn keep_only(&mut self, keep: &[bool]) {
        let mut index = 0;
        self.slots.retain(|_| {
            index += 1;
            keep.get(index - 1).copied().unwrap_or(true)
        });
    }

    /// Removes the record at `index`, moving the last one into its place.
    pub(crate) fn swap_remove(&mut self, index: usize) {
        if index < self.slots.len() {
            self.slots.swap_remove(index);
        }
    }
}

impl<'a> IntoIterator for &'a Records {
    type Item = &'a Enterprise;
    type IntoIter = Box<dyn Iterator<Item = &'a Enterprise> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}
