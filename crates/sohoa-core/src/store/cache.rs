//! A cache, on this machine only, of enterprise records already parsed, so that a
//! large folder opens without parsing every RON file again.
//!
//! Key types: [`ParseCache`] (where one data folder's cache lives),
//! [`CacheReader`] (its entries, read in file-name order while loading),
//! [`ContentKey`] (what a cached record was made from).
//!
//! Policy: the files are the truth; the cache is a shortcut. An entry is used
//! without opening its file when the file's stamp (length, modification time,
//! and on Unix its inode and inode-change time, which every write and rename
//! sets and no program can set back; on Windows the modification time's 100 ns,
//! which a sync engine sets to the time of the change it brings) is the one it
//! had when it was cached: an
//! unchanged folder costs one `stat` a record. A file with another stamp is
//! read, and its entry used only when the bytes have the length and 64-bit hash
//! of those it was made from; else it is parsed from its text, so a file changed
//! in any way (by Sohoa, another program or a sync engine) is read anew. The
//! cache lives in the
//! platform's cache folder, never in the data folder (sync engines would carry
//! it). It is written whole, through a temporary file renamed into place, for
//! folders of at least [`CACHE_MIN_RECORDS`] records, and only the caches of the
//! [`CACHES_KEPT`] most recently written folders are kept. A cache that is
//! missing, damaged or from another version of Sohoa is ignored, and an entry
//! that cannot be decoded is parsed from its file instead. Nothing here fails
//! the caller: a cache that cannot be written is skipped, and why is returned for
//! the log.
//!
//! ```
//! use sohoa_core::store::cache::ContentKey;
//! assert_eq!(ContentKey::of(b"(schema: 1)"), ContentKey::of(b"(schema: 1)"));
//! assert_ne!(ContentKey::of(b"(schema: 1)"), ContentKey::of(b"(schema: 2)"));
//! ```

use std::collections::HashMap;
use std::fs::File;
use std::hash::BuildHasher;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::enterprise::Enterprise;

/// Folders with fewer records open quickly enough from their files alone.
pub const CACHE_MIN_RECORDS: usize = 5_000;

/// How many folders' caches are kept on one machine.
pub const CACHES_KEPT: usize = 4;

/// How many records are encoded, written or read together.
pub const BATCH: usize = 2_000;

const MAGIC: &[u8] = b"sohoa parse cache\n";
/// Changes whenever the layout below or the encoding of records changes.
const FORMAT: u32 = 2;
const SEED: u64 = 0x536f_686f_6121;
/// No cached record is larger than the largest enterprise file.
const MAX_BLOB: u32 = super::MAX_ENTERPRISE_FILE_BYTES as u32;

/// The length and hash of a file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentKey {
    len: u64,
    hash: u64,
}

impl ContentKey {
    pub fn of(bytes: &[u8]) -> ContentKey {
        ContentKey {
            len: bytes.len() as u64,
            hash: foldhash::fast::FixedState::with_seed(SEED).hash_one(bytes),
        }
    }
}

/// Where the cache of one data folder lives, and from what size it is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseCache {
    path: PathBuf,
    min_records: usize,
}

/// One cached record: what its file was when it was cached, and the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedRecord {
    /// The key of the file's bytes.
    pub key: ContentKey,
    /// The file's stamp (`FileStamp::as_numbers`).
    pub stamp: [u64; 5],
    /// The record, encoded.
    pub blob: Vec<u8>,
}

/// A record to cache: its file's name, the key of the bytes it was parsed
/// from, and the file's stamp taken before they were read.
pub struct ToCache<'a> {
    pub name: String,
    pub key: ContentKey,
    pub stamp: [u64; 5],
    pub record: &'a Enterprise,
}

impl ParseCache {
    /// The cache of the data folder at `root`, in `SOHOA_CACHE_DIR` when that is
    /// set, else in the platform's cache folder; `None` when there is neither.
    pub fn for_folder(root: &Path) -> Option<ParseCache> {
        let dir = match std::env::var_os("SOHOA_CACHE_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => directories::ProjectDirs::from("vn", "Sohoa", "Sohoa")?
                .cache_dir()
                .join("folders"),
        };
        Some(ParseCache::at(dir, root, CACHE_MIN_RECORDS))
    }

    /// The cache of the folder at `root`, kept in `dir`, for folders of at
    /// least `min_records` records.
    pub fn at(dir: PathBuf, root: &Path, min_records: usize) -> ParseCache {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let id = foldhash::fast::FixedState::with_seed(SEED).hash_one(root.as_os_str());
        ParseCache {
            path: dir.join(format!("{id:016x}.cache")),
            min_records,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether a folder of `records` records uses the cache.
    pub fn applies_to(&self, records: usize) -> bool {
        records >= self.min_records
    }

    /// The cache's entries, or `None` when there is no usable cache.
    pub fn reader(&self) -> Option<CacheReader> {
        let mut input = BufReader::with_capacity(1 << 20, File::open(&self.path).ok()?);
        let mut magic = vec![0; MAGIC.len()];
        input.read_exact(&mut magic).ok()?;
        let format = read_u32(&mut input)?;
        let version_len = read_u32(&mut input)?;
        if magic != MAGIC || format != FORMAT || version_len > 64 {
            return None;
        }
        let mut version = vec![0; version_len as usize];
        input.read_exact(&mut version).ok()?;
        if version != env!("CARGO_PKG_VERSION").as_bytes() {
            return None;
        }
        Some(CacheReader {
            input: Some(input),
            pending: None,
        })
    }

    /// Writes a new cache of `records`, which must be in file-name order; says
    /// why not if it could not (for the log: the folder itself is unaffected).
    pub fn write(&self, records: &[ToCache]) -> Result<(), String> {
        let written = self
            .try_write(records)
            .map_err(|e| format!("parse cache {} not written: {e}", self.path.display()));
        self.forget_other_folders();
        written
    }

    fn try_write(&self, records: &[ToCache]) -> std::io::Result<()> {
        super::atomic::write_through_temporary(&self.path, |out| {
            out.write_all(MAGIC)?;
            out.write_all(&FORMAT.to_le_bytes())?;
            let version = env!("CARGO_PKG_VERSION").as_bytes();
            out.write_all(&(version.len() as u32).to_le_bytes())?;
            out.write_all(version)?;
            for batch in records.chunks(BATCH) {
                let encoded: Vec<Option<Vec<u8>>> = batch
                    .par_iter()
                    .map(|entry| rmp_serde::to_vec_named(entry.record).ok())
                    .collect();
                for (entry, blob) in batch.iter().zip(encoded) {
                    let Some(blob) = blob.filter(|b| b.len() <= MAX_BLOB as usize) else {
                        continue;
                    };
                    let name = entry.name.as_bytes();
                    if name.len() > usize::from(u16::MAX) {
                        continue;
                    }
                    out.write_all(&(name.len() as u16).to_le_bytes())?;
                    out.write_all(name)?;
                    out.write_all(&entry.key.len.to_le_bytes())?;
                    out.write_all(&entry.key.hash.to_le_bytes())?;
                    for number in entry.stamp {
                        out.write_all(&number.to_le_bytes())?;
                    }
                    out.write_all(&(blob.len() as u32).to_le_bytes())?;
                    out.write_all(&blob)?;
                }
            }
            Ok(())
        })
    }

    /// Removes the parse caches and summary indexes of all but the most
    /// recently written folders (a folder's two files count as one).
    pub(crate) fn forget_other_folders(&self) {
        let Some(dir) = self.path.parent() else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut newest: HashMap<PathBuf, std::time::SystemTime> = HashMap::new();
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if !path
                .extension()
                .is_some_and(|e| e == "cache" || e == "summaries")
            {
                continue;
            }
            let Some(written) = std::fs::metadata(&path).and_then(|m| m.modified()).ok() else {
                continue;
            };
            let folder = path.with_extension("");
            let at = newest.entry(folder).or_insert(written);
            *at = (*at).max(written);
        }
        let mut folders: Vec<(std::time::SystemTime, PathBuf)> = newest
            .into_iter()
            .map(|(folder, at)| (at, folder))
            .collect();
        folders.sort_by_key(|c| std::cmp::Reverse(c.0));
        for (_, stale) in folders.into_iter().skip(CACHES_KEPT) {
            let _ = std::fs::remove_file(stale.with_extension("summaries"));
            let _ = std::fs::remove_file(stale.with_extension("cache"));
        }
    }
}

/// The entries of a cache, read in file-name order.
pub struct CacheReader {
    /// `None` once the cache ended or turned out damaged.
    input: Option<BufReader<File>>,
    /// An entry read but beyond the names asked for so far.
    pending: Option<(String, CachedRecord)>,
}

impl CacheReader {
    /// The entries whose names sort at or before `last` (file names), reading on
    /// from where the previous call stopped.
    pub fn entries_up_to(&mut self, last: &str) -> HashMap<String, CachedRecord> {
        let mut entries = HashMap::new();
        loop {
            let entry = match self.pending.take() {
                Some(entry) => entry,
                None => match self.next_entry() {
                    Some(entry) => entry,
                    None => return entries,
                },
            };
            if entry.0.as_str() > last {
                self.pending = Some(entry);
                return entries;
            }
            entries.insert(entry.0, entry.1);
        }
    }

    fn next_entry(&mut self) -> Option<(String, CachedRecord)> {
        let input = self.input.as_mut()?;
        let entry = read_entry(input);
        if entry.is_none() {
            self.input = None;
        }
        entry
    }
}

fn read_entry(input: &mut impl Read) -> Option<(String, CachedRecord)> {
    let mut name_len = [0u8; 2];
    input.read_exact(&mut name_len).ok()?;
    let mut name = vec![0; usize::from(u16::from_le_bytes(name_len))];
    input.read_exact(&mut name).ok()?;
    let len = read_u64(input)?;
    let hash = read_u64(input)?;
    let mut stamp = [0u64; 5];
    for number in &mut stamp {
        *number = read_u64(input)?;
    }
    let blob_len = read_u32(input)?;
    if blob_len > MAX_BLOB {
        return None;
    }
    let mut blob = vec![0; blob_len as usize];
    input.read_exact(&mut blob).ok()?;
    Some((
        String::from_utf8(name).ok()?,
        CachedRecord {
            key: ContentKey { len, hash },
            stamp,
            blob,
        },
    ))
}

/// The record of an entry, if it decodes.
pub fn decode(entry: &CachedRecord) -> Option<Enterprise> {
    rmp_serde::from_slice(&entry.blob).ok()
}

/// The record cached for a file whose bytes have `key`, if there is one that
/// decodes.
pub fn cached_record(
    entries: &HashMap<String, CachedRecord>,
    name: &str,
    key: ContentKey,
) -> Option<Enterprise> {
    let entry = entries.get(name)?;
    if entry.key != key {
        return None;
    }
    decode(entry)
}

fn read_u32(input: &mut impl Read) -> Option<u32> {
    let mut bytes = [0u8; 4];
    input.read_exact(&mut bytes).ok()?;
    Some(u32::from_le_bytes(bytes))
}

fn read_u64(input: &mut impl Read) -> Option<u64> {
    let mut bytes = [0u8; 8];
    input.read_exact(&mut bytes).ok()?;
    Some(u64::from_le_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::DataFolder;
    use crate::store::atomic::Durability;

    /// A data folder of `count` demo records whose cache lives in its own
    /// temporary folder and is used from 10 records on.
    fn folder(count: usize) -> (tempfile::TempDir, tempfile::TempDir, DataFolder) {
        let (dir, cache_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let mut folder = DataFolder::open(dir.path()).unwrap();
        folder.set_parse_cache(Some(ParseCache::at(
            cache_dir.path().to_path_buf(),
            dir.path(),
            10,
        )));
        let registry = crate::questionnaire::Registry::builtin().unwrap();
        let q = registry.latest("dbi-2021-sme").unwrap();
        let program = crate::program::ProgramSettings::preset().unwrap();
        let lock = folder.lock(std::time::Duration::ZERO).unwrap();
        for e in crate::demo::generate(&program, q, count, 2021, &Default::default()) {
            folder
                .save_enterprise(&lock, &e, Durability::Relaxed)
                .unwrap();
        }
        (dir, cache_dir, folder)
    }

    fn load(folder: &DataFolder) -> crate::store::Loaded {
        let mut loaded = folder.load_enterprises();
        loaded.enterprises.sort_by_key(|e| e.id);
        loaded
    }

    #[test]
    fn a_folder_opened_again_takes_its_records_from_the_cache_and_they_equal_the_parsed_ones() {
        let (_dir, _cache, folder) = folder(40);
        let first = load(&folder);
        assert_eq!((first.enterprises.len(), first.from_cache), (40, 0));
        assert!(folder.parse_cache().unwrap().path().is_file());
        let second = load(&folder);
        assert_eq!(second.from_cache, 40);
        assert_eq!(second.enterprises, first.enterprises);
        assert!(second.problems.is_empty());
    }

    #[test]
    fn a_file_changed_after_caching_is_read_from_its_text() {
        let (_dir, _cache, folder) = folder(30);
        let first = load(&folder);
        let mut changed = first.enterprises[7].clone();
        changed.name = "Công ty TNHH Đổi Tên".into();
        folder
            .save_enterprise(
                &folder.lock(std::time::Duration::ZERO).unwrap(),
                &changed,
                Durability::Relaxed,
            )
            .unwrap();
        let second = load(&folder);
        assert_eq!(second.from_cache, 29);
        assert_eq!(second.enterprises[7].name, "Công ty TNHH Đổi Tên");
    }

    #[test]
    fn a_damaged_or_foreign_cache_is_ignored_and_every_record_still_loads() {
        let (_dir, _cache, folder) = folder(30);
        let parsed = load(&folder).enterprises;
        let path = folder.parse_cache().unwrap().path().to_path_buf();
        let bytes = std::fs::read(&path).unwrap();
        for damaged in [
            bytes[..bytes.len() / 2].to_vec(),
            b"not a cache at all".to_vec(),
            bytes.iter().map(|b| b ^ 0x5a).collect(),
            Vec::new(),
        ] {
            std::fs::write(&path, &damaged).unwrap();
            let loaded = load(&folder);
            assert_eq!(loaded.enterprises, parsed);
            assert!(loaded.problems.is_empty());
            assert!(loaded.from_cache < 30);
        }
    }

    /// On Unix only: Windows gives programs no inode-change time, so there a
    /// file's stamp is its length and modification time (100 ns), which sync
    /// engines set to the time of the change they bring.
    #[cfg(unix)]
    #[test]
    fn a_file_rewritten_in_place_with_its_old_length_and_modification_time_is_read_anew() {
        let (_dir, _cache, folder) = folder(30);
        let first = load(&folder);
        assert_eq!(load(&folder).from_cache, 30);
        let id = first.enterprises[3].id;
        let path = folder.enterprise_path(id);
        let text = std::fs::read_to_string(&path).unwrap();
        let old_name = &first.enterprises[3].name;
        // A name of the same length in bytes: the file keeps its length.
        // Its last letter changed for another: the same length in bytes.
        let mut new_name = old_name.clone();
        let last = new_name.pop().unwrap();
        new_name.push(if last == 'x' { 'y' } else { 'x' });
        assert_eq!(
            new_name.len(),
            old_name.len(),
            "the name ends in a plain letter"
        );
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        std::io::Write::write_all(&mut &file, text.replacen(old_name, &new_name, 1).as_bytes())
            .unwrap();
        // As a sync engine does: the other computer's modification time put back.
        file.set_modified(modified).unwrap();
        drop(file);
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!(
            (meta.len(), meta.modified().unwrap()),
            (text.len() as u64, modified)
        );
        let second = load(&folder);
        let reread = second.enterprises.iter().find(|e| e.id == id).unwrap();
        assert_eq!(reread.name, new_name);
        assert_eq!(second.from_cache, 29);
    }

    #[test]
    fn another_folders_cache_put_in_place_of_this_ones_changes_nothing_loaded() {
        let (_dir_a, _cache_a, a) = folder(20);
        let (_dir_b, _cache_b, b) = folder(20);
        load(&a);
        // The same records under the same names, each with other notes in B.
        let records = load(&b).enterprises;
        let lock = b.lock(std::time::Duration::ZERO).unwrap();
        for mut e in records {
            e.notes = format!("Ghi chú riêng của thư mục B: {}", e.id);
            b.save_enterprise(&lock, &e, Durability::Relaxed).unwrap();
        }
        drop(lock);
        let parsed_b = load(&b).enterprises;
        assert!(
            parsed_b
                .iter()
                .all(|e| e.notes.starts_with("Ghi chú riêng"))
        );
        std::fs::copy(
            a.parse_cache().unwrap().path(),
            b.parse_cache().unwrap().path(),
        )
        .unwrap();
        let loaded = load(&b);
        assert_eq!(loaded.enterprises, parsed_b);
        assert_eq!(loaded.from_cache, 0);
    }

    #[test]
    fn an_unchanged_folder_is_loaded_from_the_cache_without_opening_its_files() {
        let (_dir, _cache, folder) = folder(25);
        let first = load(&folder);
        assert_eq!((first.from_cache, first.opened), (0, 25));
        let second = load(&folder);
        assert_eq!((second.from_cache, second.opened), (25, 0));
        assert_eq!(second.enterprises, first.enterprises);
        // One file written again, with the same record: only it is opened, and
        // its bytes are still those the cache was made from.
        let lock = folder.lock(std::time::Duration::ZERO).unwrap();
        folder
            .save_enterprise(&lock, &first.enterprises[0], Durability::Relaxed)
            .unwrap();
        drop(lock);
        let third = load(&folder);
        assert_eq!((third.from_cache, third.opened), (25, 1));
    }

    #[test]
    fn a_small_folder_keeps_no_cache() {
        let (_dir, _cache, folder) = folder(9);
        assert_eq!(load(&folder).enterprises.len(), 9);
        assert!(!folder.parse_cache().unwrap().path().exists());
    }

    #[test]
    fn only_the_most_recent_folders_caches_are_kept() {
        let cache_dir = tempfile::tempdir().unwrap();
        let folders: Vec<tempfile::TempDir> = (0..CACHES_KEPT + 2)
            .map(|_| tempfile::tempdir().unwrap())
            .collect();
        for root in &folders {
            ParseCache::at(cache_dir.path().to_path_buf(), root.path(), 1)
                .write(&[])
                .unwrap();
        }
        assert_eq!(
            std::fs::read_dir(cache_dir.path()).unwrap().count(),
            CACHES_KEPT
        );
    }
}
