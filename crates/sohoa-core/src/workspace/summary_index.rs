//! An index, on this machine only, of what was derived from each enterprise
//! record the last time its folder was opened: the record's summary and what
//! was found odd in it, so that an unchanged record is not summarised again.
//!
//! Key types: [`Context`] (what every summary was derived with), [`Indexed`]
//! (one record's entry); functions [`read_each`] and [`write`].
//!
//! Policy: derived data, never the truth. The index is used whole only when it
//! was written by this very build, for this folder, with the same program
//! settings, questionnaires and places day ([`Context`]); an entry only for a
//! record whose file still has the stamp the entry was made for (the caller
//! checks it). Every entry carries a hash of its bytes, so a damaged entry is
//! dropped and its record summarised anew; a truncated file loses its tail
//! only. It lives beside the parse cache in the platform's cache folder, never
//! in the data folder, and is written whole through a temporary file renamed
//! into place. Nothing here fails the caller: an index that cannot be read is
//! no index, and one that cannot be written says why, for the log.
//!
//! ```
//! use sohoa_core::workspace::summary_index::{read, write, Context};
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("folder.summaries");
//! write(&path, Context::from_number(7), std::iter::empty()).unwrap();
//! assert_eq!(read(&path, Context::from_number(7)).map(|e| e.len()), Some(0));
//! assert!(read(&path, Context::from_number(8)).is_none());
//! ```

use std::hash::{BuildHasher, Hasher};
use std::io::{BufReader, Read};
use std::path::Path;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::program::ProgramSettings;
use crate::program::summary::EnterpriseSummary;
use crate::questionnaire::Registry;

const MAGIC: &[u8] = b"sohoa summary index\n";
/// Changes whenever the layout below changes.
const FORMAT: u32 = 1;
const SEED: u64 = 0x0053_756d_6d61_7279;
/// No entry is larger than this (a summary is a few hundred bytes).
const MAX_ENTRY: usize = 1 << 20;
/// A file larger than this is not an index of ours.
const MAX_FILE: u64 = 4 << 30;

/// What every summary of an index was derived with: the build of Sohoa, the
/// folder, the program settings, the questionnaires installed and the day the
/// places are counted on, as one number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context(u64);

impl Context {
    pub fn of(
        root: &Path,
        program: &ProgramSettings,
        questionnaires: &Registry,
        places_day: Date,
    ) -> Context {
        let mut hasher = foldhash::fast::FixedState::with_seed(SEED).build_hasher();
        hasher.write_u32(FORMAT);
        hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
        // The same version number built again (a new build of the same
        // version, a developer's build) may summarise differently.
        if let Some(exe) = std::env::current_exe()
            .ok()
            .and_then(|exe| std::fs::metadata(exe).ok())
        {
            hasher.write_u64(exe.len());
            if let Ok(since) = exe
                .modified()
                .map(|m| m.duration_since(std::time::UNIX_EPOCH).unwrap_or_default())
            {
                hasher.write_u128(since.as_nanos());
            }
        }
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        hasher.write(root.as_os_str().as_encoded_bytes());
        hasher.write_u8(0);
        // Settings that cannot be encoded make an index nobody else matches.
        match rmp_serde::to_vec(program) {
            Ok(bytes) => hasher.write(&bytes),
            Err(_) => hasher.write_u128(unmatchable()),
        }
        let mut all = questionnaires.all();
        all.sort_by(|a, b| (&a.id, &a.version).cmp(&(&b.id, &b.version)));
        for q in all {
            match rmp_serde::to_vec(q.as_ref()) {
                Ok(bytes) => hasher.write(&bytes),
                Err(_) => hasher.write_u128(unmatchable()),
            }
        }
        hasher.write(places_day.to_string().as_bytes());
        Context(hasher.finish())
    }

    /// A context given by its number (for tests and examples).
    pub fn from_number(number: u64) -> Context {
        Context(number)
    }
}

/// The entries of an index in record-id order (as written): what loading
/// need not read. Entries are taken out as their records are summarised.
#[derive(Debug, Default)]
pub struct IndexedRecords {
    /// The record id of each entry, sorted: searched, never changed.
    ids: Vec<ulid::Ulid>,
    /// The entries, in the same order; `None` once taken.
    entries: Vec<Option<Indexed>>,
}

impl IndexedRecords {
    pub fn new(mut entries: Vec<Indexed>) -> IndexedRecords {
        if !entries.is_sorted_by_key(|e| e.summary.id) {
            entries.sort_by_key(|e| e.summary.id);
        }
        IndexedRecords {
            ids: entries.iter().map(|e| e.summary.id).collect(),
            entries: entries.into_iter().map(Some).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn entry(&self, id: ulid::Ulid) -> Option<&Indexed> {
        let at = self.ids.binary_search(&id).ok()?;
        self.entries.get(at)?.as_ref()
    }

    /// The entry of record `id`, taken out, if it was made from its file with
    /// `stamp`.
    pub fn take(&mut self, id: ulid::Ulid, stamp: [u64; 5]) -> Option<Indexed> {
        let at = self.ids.binary_search(&id).ok()?;
        let slot = self.entries.get_mut(at)?;
        if slot.as_ref()?.stamp != stamp {
            return None;
        }
        slot.take()
    }
}

impl crate::store::KnownRecords for IndexedRecords {
    fn knows(&self, id: ulid::Ulid, stamp: &crate::store::FileStamp) -> bool {
        self.entry(id)
            .is_some_and(|entry| entry.stamp == stamp.as_numbers())
    }

    fn aliases(&self, id: ulid::Ulid) -> &[ulid::Ulid] {
        self.entry(id).map_or(&[], |entry| &entry.summary.aliases)
    }

    fn holds_erasure(&self, id: ulid::Ulid) -> bool {
        self.entry(id)
            .is_some_and(|entry| entry.summary.holds_erasure)
    }
}

/// A number no other opening uses: what cannot be encoded matches nothing.
fn unmatchable() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos()
}

/// What the index holds for one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indexed {
    /// The stamp of the record's file the entry was made from
    /// ([`crate::store::FileStamp::as_numbers`]).
    pub stamp: [u64; 5],
    pub summary: EnterpriseSummary,
    /// What was found odd in the record when it was loaded, if anything.
    pub finding: Option<String>,
}

fn entry_hash(bytes: &[u8]) -> u64 {
    foldhash::fast::FixedState::with_seed(SEED).hash_one(bytes)
}

/// Hands each entry of the index at `path` to `take`, in the order they were
/// written; `false` when there is no index made with `context`. Damaged
/// entries are left out. Entries are read and decoded a batch at a time, so
/// that only what `take` keeps stays in memory.
pub fn read_each(path: &Path, context: Context, mut take: impl FnMut(Indexed)) -> bool {
    let Some(mut input) = open(path, context) else {
        return false;
    };
    // An entry that runs past the end is a cut-off file: what came before it
    // is kept.
    loop {
        let mut batch: Vec<(Vec<u8>, u64)> = Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            match read_entry(&mut input) {
                Some(entry) => batch.push(entry),
                None => break,
            }
        }
        let last = batch.len() < BATCH;
        let decoded: Vec<Indexed> = batch
            .par_iter()
            .filter_map(|(body, hash)| {
                (*hash == entry_hash(body))
                    .then(|| rmp_serde::from_slice(body).ok())
                    .flatten()
            })
            .collect();
        decoded.into_iter().for_each(&mut take);
        if last {
            return true;
        }
    }
}

/// The entries of the index at `path` (see [`read_each`]).
pub fn read(path: &Path, context: Context) -> Option<Vec<Indexed>> {
    let mut entries = Vec::new();
    read_each(path, context, |entry| entries.push(entry)).then_some(entries)
}

/// The index at `path` past its header, if it was made with `context`.
fn open(path: &Path, context: Context) -> Option<BufReader<std::fs::File>> {
    let file = std::fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() > MAX_FILE {
        return None;
    }
    let mut input = BufReader::with_capacity(1 << 20, file);
    let mut magic = vec![0; MAGIC.len()];
    input.read_exact(&mut magic).ok()?;
    let ours = magic == MAGIC
        && read_number::<4>(&mut input)? == u64::from(FORMAT)
        && read_number::<8>(&mut input)? == context.0;
    ours.then_some(input)
}

/// How many entries are read and decoded together.
const BATCH: usize = 4_096;

fn read_number<const WIDTH: usize>(input: &mut impl Read) -> Option<u64> {
    let mut bytes = [0u8; 8];
    input.read_exact(&mut bytes[..WIDTH]).ok()?;
    Some(u64::from_le_bytes(bytes))
}

/// One entry's bytes and the hash written after them.
fn read_entry(input: &mut impl Read) -> Option<(Vec<u8>, u64)> {
    let len = usize::try_from(read_number::<4>(input)?).ok()?;
    if len > MAX_ENTRY {
        return None;
    }
    let mut body = vec![0; len];
    input.read_exact(&mut body).ok()?;
    Some((body, read_number::<8>(input)?))
}

/// Writes the index at `path` anew with `entries`; says why not if it could not.
pub fn write<'a>(
    path: &Path,
    context: Context,
    entries: impl Iterator<Item = (&'a EnterpriseSummary, [u64; 5], Option<&'a str>)>,
) -> Result<(), String> {
    try_write(path, context, entries)
        .map_err(|e| format!("summary index {} not written: {e}", path.display()))
}

#[derive(Serialize)]
struct IndexedRef<'a> {
    stamp: [u64; 5],
    summary: &'a EnterpriseSummary,
    finding: Option<&'a str>,
}

fn try_write<'a>(
    path: &Path,
    context: Context,
    entries: impl Iterator<Item = (&'a EnterpriseSummary, [u64; 5], Option<&'a str>)>,
) -> std::io::Result<()> {
    crate::store::atomic::write_through_temporary(path, |out| {
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        out.write_all(&context.0.to_le_bytes())?;
        let mut body = Vec::with_capacity(512);
        for (summary, stamp, finding) in entries {
            body.clear();
            let entry = IndexedRef {
                stamp,
                summary,
                finding,
            };
            if rmp_serde::encode::write(&mut body, &entry).is_err() || body.len() > MAX_ENTRY {
                continue;
            }
            out.write_all(&(body.len() as u32).to_le_bytes())?;
            out.write_all(&body)?;
            out.write_all(&entry_hash(&body).to_le_bytes())?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(name: &str) -> EnterpriseSummary {
        let program = ProgramSettings::preset().unwrap();
        let registry = Registry::builtin().unwrap();
        let places = crate::program::summary::place_index(&program);
        let e = crate::enterprise::Enterprise::new(name, jiff::Timestamp::UNIX_EPOCH);
        EnterpriseSummary::compute(&e, &program, &registry, &places)
    }

    fn written(
        entries: &[(EnterpriseSummary, [u64; 5], Option<String>)],
    ) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.summaries");
        write(
            &path,
            Context(1),
            entries
                .iter()
                .map(|(s, stamp, f)| (s, *stamp, f.as_deref())),
        )
        .unwrap();
        (dir, path)
    }

    #[test]
    fn entries_read_back_as_written_under_their_record_id() {
        let a = summary("Dừa Xanh");
        let b = summary("Bưởi Năm Roi");
        let (_dir, path) = written(&[
            (a.clone(), [1, 2, 3, 4, 5], None),
            (
                b.clone(),
                [6, 7, 8, 9, 10],
                Some("“Bưởi Năm Roi”: odd".into()),
            ),
        ]);
        let read = read(&path, Context(1)).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].summary, a);
        assert_eq!(read[1].stamp, [6, 7, 8, 9, 10]);
        assert_eq!(read[1].finding.as_deref(), Some("“Bưởi Năm Roi”: odd"));
    }

    #[test]
    fn an_index_made_with_another_context_is_no_index() {
        let (_dir, path) = written(&[(summary("A"), [1; 5], None)]);
        assert!(read(&path, Context(2)).is_none());
    }

    #[test]
    fn a_flipped_byte_drops_only_the_entry_it_is_in() {
        let (a, b) = (summary("Dừa Xanh"), summary("Bưởi Năm Roi"));
        let (_dir, path) = written(&[(a.clone(), [1; 5], None), (b.clone(), [2; 5], None)]);
        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.len() - 20;
        bytes[at] ^= 0x40;
        std::fs::write(&path, bytes).unwrap();
        let read = read(&path, Context(1)).unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].summary.id, a.id);
    }

    #[test]
    fn a_cut_off_index_keeps_the_entries_before_the_cut() {
        let (a, b) = (summary("Dừa Xanh"), summary("Bưởi Năm Roi"));
        let (_dir, path) = written(&[(a.clone(), [1; 5], None), (b.clone(), [2; 5], None)]);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        let read = read(&path, Context(1)).unwrap();
        let ids: Vec<_> = read.iter().map(|e| e.summary.id).collect();
        assert_eq!(ids, vec![a.id]);
        std::fs::write(&path, &bytes[..10]).unwrap();
        assert!(super::read(&path, Context(1)).is_none());
    }

    /// A folder of `count` demo enterprises and a cache folder that indexes
    /// folders of any size.
    struct Opened {
        data: tempfile::TempDir,
        cache: tempfile::TempDir,
    }

    impl Opened {
        fn new(count: usize) -> Opened {
            let data = tempfile::tempdir().unwrap();
            let mut ws = crate::workspace::open_ben_tre(data.path());
            let q = ws.questionnaires.latest("dbi-2021-sme").unwrap().clone();
            let mut demo = crate::demo::generate(&ws.program, &q, count, 2021, &Default::default());
            // One record with an oddity, so findings are indexed too.
            let assessed = demo.iter().position(|e| !e.assessments.is_empty()).unwrap();
            demo[assessed].assessments[0].answers.insert(
                "no-such-question",
                crate::questionnaire::Answer::Choice("a".into()),
            );
            ws.add_many(demo).unwrap();
            Opened {
                data,
                cache: tempfile::tempdir().unwrap(),
            }
        }

        fn cache(&self) -> crate::store::cache::ParseCache {
            crate::store::cache::ParseCache::at(
                self.cache.path().to_path_buf(),
                self.data.path(),
                0,
            )
        }

        fn open(&self) -> crate::workspace::Workspace {
            crate::workspace::Workspace::open_with_cache(self.data.path(), Some(self.cache()))
                .unwrap()
        }

        /// The folder as it is shown with no index at all.
        fn truth(&self) -> (Vec<EnterpriseSummary>, Vec<String>) {
            let ws = crate::workspace::Workspace::open_with_cache(self.data.path(), None).unwrap();
            shown(&ws)
        }

        fn index_path(&self) -> std::path::PathBuf {
            self.cache().path().with_extension("summaries")
        }
    }

    fn shown(ws: &crate::workspace::Workspace) -> (Vec<EnterpriseSummary>, Vec<String>) {
        let problems = ws.problems().iter().map(|p| p.reason.clone()).collect();
        (ws.summaries().to_vec(), problems)
    }

    #[test]
    fn an_unchanged_folder_takes_every_summary_and_finding_from_the_index() {
        let folder = Opened::new(40);
        let first = folder.open();
        assert_eq!(first.summaries_reused(), 0);
        // Read to be summarised, then let go: memory holds summaries only.
        assert_eq!(read_count(&first), 0);
        assert!(folder.index_path().exists());
        let again = folder.open();
        assert_eq!(again.summaries_reused(), 40);
        assert_eq!(shown(&again), folder.truth());
        assert!(
            shown(&again)
                .1
                .iter()
                .any(|p| p.contains("no-such-question")),
            "the odd answer is still reported: {:?}",
            shown(&again).1
        );
    }

    #[test]
    fn a_damaged_or_foreign_index_changes_nothing_that_is_shown() {
        let folder = Opened::new(40);
        let other = Opened::new(12);
        drop(folder.open());
        drop(other.open());
        let good = std::fs::read(folder.index_path()).unwrap();
        let truth = folder.truth();
        let mut flipped = good.clone();
        for at in (40..flipped.len()).step_by(997) {
            flipped[at] ^= 0x5a;
        }
        let foreign = std::fs::read(other.index_path()).unwrap();
        let damages: [(&str, Vec<u8>); 5] = [
            ("cut in half", good[..good.len() / 2].to_vec()),
            ("bytes flipped", flipped),
            ("another folder's", foreign),
            ("empty", Vec::new()),
            (
                "not an index",
                b"sohoa summary index\n\x01\0\0\0garbage".to_vec(),
            ),
        ];
        for (damage, bytes) in damages {
            std::fs::write(folder.index_path(), &bytes).unwrap();
            let ws = folder.open();
            assert_eq!(shown(&ws), truth, "index {damage}");
            assert!(ws.summaries_reused() < 40, "index {damage}");
        }
    }

    #[test]
    fn a_record_changed_behind_the_index_is_summarised_from_its_file() {
        let folder = Opened::new(40);
        let ws = folder.open();
        let target = ws.summaries()[7].clone();
        drop(ws);
        // Another Sohoa (a second window, the command line) archives it and
        // renames it; the index knows the old version.
        let mut other =
            crate::workspace::Workspace::open_with_cache(folder.data.path(), None).unwrap();
        let mut record = other.get(target.id).unwrap().clone();
        record.archived = true;
        record.name = "Hợp tác xã Đổi Tên".into();
        other.save(record).unwrap();
        drop(other);
        let ws = folder.open();
        let now = ws.summary(target.id).unwrap();
        assert!(now.archived);
        assert_eq!(now.name, "Hợp tác xã Đổi Tên");
        assert_eq!(ws.summaries_reused(), 39);
        assert_eq!(shown(&ws), folder.truth());
    }

    #[test]
    fn new_program_settings_make_every_summary_anew() {
        let folder = Opened::new(40);
        drop(folder.open());
        let mut ws =
            crate::workspace::Workspace::open_with_cache(folder.data.path(), None).unwrap();
        let mut program = ws.program.clone();
        program.supported_rule.min_activities = 9;
        ws.update_program(program).unwrap();
        drop(ws);
        let ws = folder.open();
        assert_eq!(ws.summaries_reused(), 0);
        assert!(ws.summaries().iter().all(|s| !s.is_supported()));
        assert_eq!(shown(&ws), folder.truth());
    }

    fn read_count(ws: &crate::workspace::Workspace) -> usize {
        (0..ws.enterprises().len())
            .filter(|i| ws.enterprises().is_read(*i))
            .count()
    }

    #[test]
    fn an_unchanged_folder_opens_without_reading_a_record_and_reads_one_when_asked() {
        let folder = Opened::new(40);
        drop(folder.open());
        let ws = folder.open();
        assert_eq!(read_count(&ws), 0);
        let id = ws.summaries()[5].id;
        let truth = crate::workspace::Workspace::open_with_cache(folder.data.path(), None).unwrap();
        assert_eq!(ws.get(id), truth.get(id));
        assert_eq!(read_count(&ws), 1);
        assert_eq!(ws.enterprises().to_vec(), truth.enterprises().to_vec());
    }

    #[test]
    fn a_record_removed_after_opening_is_left_out_and_said_not_a_panic() {
        let folder = Opened::new(40);
        drop(folder.open());
        let ws = folder.open();
        let gone = ws.summaries()[9].id;
        std::fs::remove_file(ws.folder().enterprise_path(gone)).unwrap();
        assert!(ws.get(gone).is_none());
        assert_eq!(ws.enterprises().iter().count(), 39);
        let said = ws.enterprises().take_unreadable();
        assert_eq!(said.len(), 1);
        assert_eq!(said[0].0, gone);
    }

    #[test]
    fn an_edit_saved_on_a_record_never_read_is_kept_whole() {
        let folder = Opened::new(40);
        drop(folder.open());
        let mut ws = folder.open();
        let target = ws.summaries()[11].id;
        let mut record = ws.get(target).unwrap().clone();
        let assessments = record.assessments.len();
        record.notes = "Đã gọi lại ngày 07/12/2026".into();
        ws.save(record).unwrap();
        drop(ws);
        let again = folder.open();
        let saved = again.get(target).unwrap();
        assert_eq!(saved.notes, "Đã gọi lại ngày 07/12/2026");
        assert_eq!(saved.assessments.len(), assessments);
        assert_eq!(shown(&again), folder.truth());
    }
}
