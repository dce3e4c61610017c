//! The open data folder as one domain state: program settings, questionnaires and
//! enterprises, with the lookups the CLI and the app need.
//!
//! Key types: [`Workspace`], [`WorkspaceError`].
//!
//! Policy: every change goes through a method here that validates it, writes it
//! to disk atomically and only then updates memory, so memory never holds what
//! the disk does not. Problems met while loading are kept in [`Workspace::problems`]
//! for the shell to show once.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let mut ws = sohoa_core::workspace::Workspace::open(dir.path()).unwrap();
//! assert!(!ws.is_set_up() && ws.enterprises().is_empty());
//! let mut setup = sohoa_core::program::setup::ProgramSetup::blank(2026);
//! (setup.provinces, setup.target) = (vec!["86".into()], 1000);
//! ws.set_up_program(setup.build().unwrap()).unwrap();
//! assert_eq!(ws.program.target, 1000);
//! ```

mod duplicates;
mod edit;
pub use edit::RecordedAssessment;
mod import;
mod outside;
pub use outside::OutsideChanges;
pub mod live;
mod personal;
mod provenance;
mod score_changes;
mod self_assessment;
mod table_import;
pub use table_import::TableChoices;
mod assessment_table;
mod results;
pub use assessment_table::{AssessmentTablePlan, PastAssessment};
pub use results::AssessmentResults;
pub use score_changes::ScoreChange;
pub mod search;
pub mod summary_index;
pub use crate::store::records::Records;

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::PathBuf;

use rayon::prelude::*;
use ulid::Ulid;

use crate::enterprise::field::FieldProblem;
use crate::enterprise::{Assessment, Enterprise};
use crate::program::ProgramSettings;
use crate::program::stats::ProgramStats;
pub use crate::program::summary::{self, AssessmentSummary, EnterpriseSummary};
use crate::questionnaire::{Questionnaire, QuestionnaireError, Registry, ScoreReport, score};
pub use crate::store::LoadProgress;
use crate::store::{DataFolder, Durability, FileStamp, FolderLock, LoadProblem, StoreError};
pub use duplicates::{DuplicatePair, DuplicateReason};
pub use import::{ImportPlan, Outcome, PlannedRecord};
pub use personal::Forgotten;
pub use provenance::Provenance;

/// The data folder, loaded.
#[derive(Debug)]
pub struct Workspace {
    folder: DataFolder,
    pub program: ProgramSettings,
    pub questionnaires: Registry,
    enterprises: Records,
    /// Derived facts, one per enterprise, same order.
    summaries: Vec<EnterpriseSummary>,
    by_id: HashMap<Ulid, usize>,
    by_tax_code: HashMap<String, usize>,
    problems: Vec<LoadProblem>,
    /// Incremented on every change, so views know when to recompute.
    generation: u64,
    /// The person making changes, recorded in each record's history.
    actor: String,
    /// The version of each enterprise file this workspace last read or wrote, to
    /// notice when another program has written it since.
    stamps: HashMap<Ulid, FileStamp>,
    /// The last single-record changes, oldest first, one per generation, so views
    /// can update what they derived instead of recomputing it.
    replaced: VecDeque<Replaced>,
    /// Why the parse cache or the summary index could not be written when the
    /// folder opened, if so.
    cache_error: Option<String>,
    /// How many summaries the opening took from the summary index.
    summaries_reused: usize,
    /// Why the last copy of a write could not be kept on this computer
    /// ([`crate::store::written`]), for the log.
    written_error: Option<String>,
    /// Records whose file exists but could not be read, with the reason: never
    /// treated as absent (an import or an edit of one is refused, naming it).
    unreadable: HashMap<Ulid, String>,
    /// How long a change waits for another Sohoa to finish writing to the folder.
    lock_wait: std::time::Duration,
    /// The version of `program.ron` the settings in memory were read from.
    program_stamp: Option<FileStamp>,
    /// The folder's lock, when the shell holds it across several changes.
    held: Option<FolderLock>,
    /// Why the folder can only be read here (a read-only disk or share), when
    /// it can only be read: shown as it is, every change refused.
    read_only: Option<String>,
}

/// What opening a folder derives summaries with: the day places are counted
/// on, and this machine's summary index of the folder, if it has one.
struct Opening {
    places: crate::program::places::PlaceIndex,
    index: Option<(PathBuf, summary_index::Context)>,
}

impl Opening {
    fn new(folder: &DataFolder, program: &ProgramSettings, questionnaires: &Registry) -> Opening {
        let places_day = summary::places_day(program);
        let index = folder.parse_cache().map(|cache| {
            let context =
                summary_index::Context::of(folder.root(), program, questionnaires, places_day);
            (cache.path().with_extension("summaries"), context)
        });
        Opening {
            places: crate::program::places::PlaceIndex::new(program, places_day),
            index,
        }
    }

    /// The index's entries (none when there is no usable index).
    fn read_index(&self) -> summary_index::IndexedRecords {
        self.index
            .as_ref()
            .and_then(|(path, context)| summary_index::read(path, *context))
            .map(summary_index::IndexedRecords::new)
            .unwrap_or_default()
    }
}

/// One record written in memory: where it is, and what it was before.
#[derive(Debug, Clone)]
pub struct Replaced {
    /// The generation this change produced.
    pub generation: u64,
    /// Its position in [`Workspace::enterprises`].
    pub index: usize,
    /// The record's summary before, or `None` if it is new.
    pub before: Option<EnterpriseSummary>,
}

/// How many single-record changes the workspace remembers for views that fell behind.
pub(crate) const REMEMBERED_CHANGES: usize = 32;

/// Why a workspace operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A built-in questionnaire failed to load (a defect of this build).
    #[error("built-in questionnaire: {0}")]
    Builtin(#[from] QuestionnaireError),
    /// The built-in program preset failed to parse (a defect of this build).
    #[error("built-in program preset: {0}")]
    Preset(#[from] ron::error::SpannedError),
    /// The tax code belongs to an enterprise already in the folder.
    #[error("tax code {tax_code} is already used by “{name}” ({id})")]
    DuplicateTaxCode {
        tax_code: String,
        id: Ulid,
        name: String,
    },
    /// The profile has fields that fail their checks.
    #[error("the profile is not valid: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldProblem>),
    /// No enterprise has this id or tax code.
    #[error("no enterprise with id or tax code `{0}`")]
    NotFound(String),
    /// An assessment refers to a questionnaire version that is not installed.
    #[error("questionnaire {id} version {version} is not installed")]
    UnknownQuestionnaire { id: String, version: String },
    /// The enterprise has no assessment with this id.
    #[error("no assessment {0}")]
    NoSuchAssessment(Ulid),
    /// A completed assessment is frozen.
    #[error("the assessment was completed and can no longer change")]
    Frozen,
    /// A second draft was asked for; an enterprise has one draft at a time.
    #[error(
        "the enterprise already has a draft assessment ({0}); complete or discard it first, or record this one as completed"
    )]
    DraftExists(Ulid),
    /// An answer that does not fit its question.
    #[error("{question}: {problem}")]
    InvalidAnswer {
        question: String,
        problem: crate::questionnaire::AnswerProblem,
    },
    /// The program settings break a rule.
    #[error("the program settings are not valid: {0}")]
    InvalidSettings(String),
    /// A bundle that cannot be imported here; nothing was changed.
    #[error("{} cannot be imported: {reason}", path.display())]
    Bundle { path: PathBuf, reason: String },
    /// A conflict that cannot be settled as asked.
    #[error("{0}")]
    Conflict(String),
    /// Demo data was asked for in a folder that holds records: it would mix
    /// made-up enterprises with real ones.
    #[error(
        "demo data goes into an empty folder only: this one holds {0} enterprises (open a new folder to look around)"
    )]
    DemoIntoRealFolder(usize),
    /// A backup could not be taken or restored.
    #[error(transparent)]
    Backup(#[from] crate::store::BackupError),
    /// A background task stopped on a defect; the data on disk is as it was.
    #[error("{0} (the data on disk is unchanged)")]
    Crashed(String),
    /// The program settings were changed by another program since they were read;
    /// nothing was saved, and the settings now in memory are that program's.
    #[error(
        "the program settings were changed by another program meanwhile; nothing was saved. They are shown as they are now: make the change again"
    )]
    SettingsChanged,
    /// The folder's program is already set up (by this program or another):
    /// setting it up again would replace it unseen.
    #[error("the program of this data folder is already set up; change it in its settings")]
    ProgramAlreadySetUp,
    /// A table with rows that break the profile's rules; nothing of it was
    /// taken (the rows and their reasons are in the plan).
    #[error(
        "{table}: {refused} rows cannot be imported (the first on line {first_line}); nothing was taken"
    )]
    TableRefused {
        table: String,
        refused: usize,
        first_line: usize,
    },
    /// The record's file is in the folder but could not be read.
    #[error("the file of enterprise {id} could not be read ({reason}); fix or remove it first")]
    Unreadable { id: Ulid, reason: String },
}

/// A field edited while it was in conflict is settled by that edit: the person
/// chose a new value, so the values kept beside the old one are set aside, as
/// when a conflict is resolved by hand. Returns the resolutions to record.
fn settle_edited_conflicts(
    enterprise: &mut Enterprise,
    changes: &[crate::enterprise::Change],
) -> Vec<crate::enterprise::Change> {
    use crate::enterprise::ChangeKind;
    let mut settled = Vec::new();
    for change in changes {
        let ChangeKind::Field { field, new, .. } = &change.what else {
            continue;
        };
        let Some(position) = enterprise.conflicts.iter().position(|c| c.field == *field) else {
            continue;
        };
        let conflict = enterprise.conflicts.remove(position);
        settled.push(crate::enterprise::Change {
            at: change.at,
            by: change.by.clone(),
            what: ChangeKind::Resolved {
                field: field.clone(),
                chosen: new.clone(),
                discarded: conflict.others.into_iter().filter(|v| v != new).collect(),
            },
        });
    }
    settled
}

/// Records in `enterprise`'s history how it differs from `before` (the version
/// the edit was made on), made by `actor` at its `modified` time: assessments and
/// activities it changed are stamped, fields are logged, and fields in conflict
/// that were edited are settled.
fn record_edit(before: Option<&Enterprise>, enterprise: &mut Enterprise, actor: &str) {
    let at = enterprise.modified;
    if let Some(before) = before {
        for a in &mut enterprise.assessments {
            if before.assessments.iter().any(|b| b.id == a.id && b != a) {
                a.modified = Some(at);
            }
        }
        for a in &mut enterprise.activities {
            if !before.activities.iter().any(|b| b.same_content(a)) {
                a.modified = Some(at);
            }
        }
    }
    let changes = crate::enterprise::history::record_changes(before, enterprise, actor, at);
    let settled = settle_edited_conflicts(enterprise, &changes);
    enterprise.history.extend(changes);
    enterprise.history.extend(settled);
}

/// How long the command line waits for another Sohoa to finish writing.
pub const COMMAND_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(300);

impl Workspace {
    /// Opens the data folder at `root`, creating it and its program settings (from
    /// the Bến Tre preset) on first use.
    pub fn open(root: impl Into<PathBuf>) -> Result<Workspace, WorkspaceError> {
        Workspace::open_with_progress(root, &LoadProgress::default())
    }

    /// [`Workspace::open`], counting enterprise files in `progress` as they are read.
    pub fn open_with_progress(
        root: impl Into<PathBuf>,
        progress: &LoadProgress,
    ) -> Result<Workspace, WorkspaceError> {
        // Held while the folder is read, so no import or restore is seen half done.
        let (folder, lock) = DataFolder::open_locked(root)?;
        Workspace::read_folder(folder, lock, progress)
    }

    /// [`Workspace::open`] with `cache` as the folder's parse cache and summary
    /// index (or none) instead of the default.
    pub fn open_with_cache(
        root: impl Into<PathBuf>,
        cache: Option<crate::store::cache::ParseCache>,
    ) -> Result<Workspace, WorkspaceError> {
        let (mut folder, lock) = DataFolder::open_locked(root)?;
        folder.set_parse_cache(cache);
        Workspace::read_folder(folder, lock, &LoadProgress::default())
    }

    fn read_folder(
        folder: DataFolder,
        mut lock: FolderLock,
        progress: &LoadProgress,
    ) -> Result<Workspace, WorkspaceError> {
        let mut problems = std::mem::take(&mut lock.recovered);
        let mut questionnaires = Registry::builtin()?;
        // Keep a copy of each built-in version in the folder, so assessments made with it
        // still score the same after a later Sohoa ships a newer version.
        let builtin: Vec<_> = questionnaires
            .all()
            .into_iter()
            .filter_map(|q| {
                Registry::builtin_source(&q.id, &q.version)
                    .map(|source| (std::sync::Arc::clone(q), source))
            })
            .filter(|(q, _)| !folder.has_questionnaire(&q.id, &q.version))
            // A read-only folder is shown with the built-in versions in memory.
            .filter(|_| !lock.is_read_only())
            .collect();
        // A newer Sohoa brings a new edition to a folder that already has an older
        // one: keep the folder as it was first (a new folder needs no such backup).
        let upgrade = builtin
            .iter()
            .any(|(q, _)| folder.has_other_questionnaire_version(&q.id, &q.version));
        if upgrade {
            let policy = folder
                .load_program()
                .ok()
                .flatten()
                .map(|p| p.backups)
                .unwrap_or_default();
            folder.backup(
                &lock,
                "questionnaire-upgrade",
                policy,
                jiff::Timestamp::now(),
            )?;
        }
        for (questionnaire, source) in builtin {
            folder.install_questionnaire(&lock, &questionnaire, source)?;
        }
        problems.extend(folder.load_questionnaires(&mut questionnaires));
        // A sync engine's copies of the settings, before the settings are read.
        problems.extend(folder.settle_program_copies(&lock));
        let program = match folder.load_program() {
            Ok(Some(program)) => program,
            // A new folder has no program until a person sets one up.
            Ok(None) => {
                ProgramSettings::not_set_up(crate::text::local_date(jiff::Timestamp::now()))
            }
            Err(problem) => {
                problems.push(problem);
                ProgramSettings::not_set_up(crate::text::local_date(jiff::Timestamp::now()))
            }
        };
        let program_stamp = folder.program_stamp();
        let read_only = lock.read_only_reason().map(str::to_owned);
        let opening = Opening::new(&folder, &program, &questionnaires);
        let indexed = opening.read_index();
        let loaded = folder.load_enterprises_knowing(
            &lock,
            progress,
            (!indexed.is_empty()).then_some(&indexed as &dyn crate::store::KnownRecords),
        );
        drop(lock);
        problems.extend(loaded.problems);
        let changed_in_memory = loaded.changed_in_memory;
        let records = Records::from_loaded(folder.clone(), loaded.enterprises, loaded.unread);
        let mut workspace = Workspace {
            folder,
            program,
            questionnaires,
            enterprises: records,
            stamps: loaded.stamps,
            summaries: Vec::new(),
            by_id: HashMap::new(),
            by_tax_code: HashMap::new(),
            problems,
            generation: 0,
            actor: crate::exchange::bundle::account_name(),
            replaced: VecDeque::new(),
            cache_error: loaded.cache_error,
            summaries_reused: 0,
            written_error: None,
            unreadable: loaded.unreadable,
            lock_wait: COMMAND_LOCK_WAIT,
            program_stamp,
            held: None,
            read_only,
        };
        let findings = workspace.summarize_opened(&opening, indexed, &changed_in_memory);
        workspace.problems.extend(findings);
        workspace.reindex();
        Ok(workspace)
    }

    /// Summarises every record just loaded and says what is odd in them,
    /// taking both from this machine's summary index for records whose file is
    /// unchanged since the index was written (see [`summary_index`]), and
    /// writes the index anew when many records were summarised afresh.
    fn summarize_opened(
        &mut self,
        opening: &Opening,
        mut indexed: summary_index::IndexedRecords,
        changed_in_memory: &HashSet<Ulid>,
    ) -> Vec<LoadProblem> {
        let had_index = !indexed.is_empty();
        let stamps = &self.stamps;
        let count = self.enterprises.len();
        // The stamp of a record as it is in memory, unless loading changed it.
        let unchanged = |id: Ulid| -> Option<[u64; 5]> {
            let stamp = stamps.get(&id)?.as_numbers();
            (!changed_in_memory.contains(&id)).then_some(stamp)
        };
        // Each entry is moved to its record's place, so a large folder's
        // summaries are never held twice.
        let mut summaries: Vec<Option<EnterpriseSummary>> = Vec::with_capacity(count);
        let mut findings: Vec<Option<String>> = Vec::with_capacity(count);
        for index in 0..count {
            let id = self.enterprises.id(index);
            let entry = id.and_then(|id| {
                let stamp = unchanged(id)?;
                indexed.take(id, stamp)
            });
            match entry {
                Some(mut entry) => {
                    entry.summary.share_latest_with_baseline();
                    summaries.push(Some(entry.summary));
                    findings.push(entry.finding);
                }
                None => {
                    summaries.push(None);
                    findings.push(None);
                }
            }
        }
        drop(indexed);
        self.summaries_reused = summaries.iter().filter(|s| s.is_some()).count();
        let fresh = count - self.summaries_reused;
        let places = &opening.places;
        let records = &self.enterprises;
        let missing: Vec<(usize, EnterpriseSummary, Option<String>)> = summaries
            .par_iter()
            .enumerate()
            .filter(|(_, summary)| summary.is_none())
            .filter_map(|(index, _)| {
                let e = records.get(index)?;
                let summary =
                    EnterpriseSummary::compute(e, &self.program, &self.questionnaires, places);
                Some((index, summary, self.finding(e)))
            })
            .collect();
        for (index, summary, finding) in missing {
            (summaries[index], findings[index]) = (Some(summary), finding);
        }
        // A record left unread has its summary from the index; one that could
        // not be read now (its file gone since it was listed) has none and is
        // left out, as if it had been gone when the folder was listed.
        let kept: Vec<bool> = summaries.iter().map(Option::is_some).collect();
        if kept.iter().any(|k| !k) {
            self.enterprises.keep_only(&kept);
            findings = findings
                .into_iter()
                .zip(&kept)
                .filter_map(|(f, k)| k.then_some(f))
                .collect();
        }
        // `filter_map` collects in place; `flatten` copies 100,000 summaries
        // into a second vector (30 ms, and 40 MB more at the peak).
        #[allow(clippy::filter_map_identity)]
        let summaries: Vec<EnterpriseSummary> = summaries.into_iter().filter_map(|s| s).collect();
        self.summaries = summaries;
        // A few changed records are summarised again at each opening; many
        // make a new index.
        let rewrite = fresh > 0 && (!had_index || fresh > (count / 100).max(200));
        if let (Some((path, context)), true) = (&opening.index, rewrite) {
            let entries = self
                .summaries
                .iter()
                .zip(&findings)
                .filter_map(|(summary, finding)| {
                    Some((summary, unchanged(summary.id)?, finding.as_deref()))
                });
            if let Err(why) = summary_index::write(path, *context, entries) {
                self.cache_error.get_or_insert(why);
            }
            if let Some(cache) = self.folder.parse_cache() {
                cache.forget_other_folders();
            }
        }
        // Records read to be summarised (none once the index knows them) are
        // what their files hold: they are let go, and read again when needed.
        // Those loading changed in memory stay.
        self.enterprises
            .forget_all_but(|id| changed_in_memory.contains(&id));
        let problems = self
            .summaries
            .iter()
            .zip(findings)
            .filter_map(|(summary, finding)| {
                Some(LoadProblem {
                    file: self.folder.enterprise_path(summary.id),
                    reason: finding?,
                    action: crate::store::ProblemAction::LeftInPlace,
                })
            })
            .collect();
        self.changed_many();
        problems
    }

    /// How many summaries the last opening took from the summary index rather
    /// than computing them from their record.
    pub fn summaries_reused(&self) -> usize {
        self.summaries_reused
    }

    /// What is odd in records that did load: a profile that fails its checks, an
    /// assessment made with a questionnaire version not installed, answers to
    /// questions the questionnaire does not have or that do not fit them. The
    /// records are kept as they are (nothing is lost); the oddities of one
    /// record are said in one sentence naming it, reported once at opening.
    fn finding(&self, e: &Enterprise) -> Option<String> {
        let mut found = Vec::new();
        let errors = e.validate();
        if !errors.is_empty() {
            found.push(format!(
                "the profile needs correcting: {}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
        for a in &e.assessments {
            let Some(q) = self
                .questionnaires
                .get(&a.questionnaire, &a.questionnaire_version)
            else {
                found.push(format!(
                    "assessment {} uses questionnaire {} {}, which is not installed",
                    a.id, a.questionnaire, a.questionnaire_version
                ));
                continue;
            };
            let odd: Vec<String> = crate::questionnaire::check_answers(q, &a.answers)
                .iter()
                .map(|e| format!("{} ({})", e.question, e.problem))
                .collect();
            if !odd.is_empty() {
                found.push(format!(
                    "assessment {}: answers that score 0 because they do not fit: {}",
                    a.id,
                    odd.join(", ")
                ));
            }
        }
        (!found.is_empty()).then(|| format!("“{}”: {}", e.name, found.join("; ")))
    }

    fn reindex(&mut self) {
        self.by_id.clear();
        self.by_tax_code.clear();
        for (i, e) in self.summaries.iter().enumerate() {
            self.by_id.insert(e.id, i);
            if let Some(code) = &e.tax_code {
                self.by_tax_code.entry(code.clone()).or_insert(i);
            }
        }
    }

    /// Recomputes every summary, in parallel.
    /// (Every record is read for it: the program or its questionnaires changed.)
    fn summarize_all(&mut self) {
        let (program, questionnaires) = (&self.program, &self.questionnaires);
        let places = summary::place_index(program);
        self.enterprises.read_all();
        let records = &self.enterprises;
        let fresh: Vec<Option<EnterpriseSummary>> = (0..records.len())
            .into_par_iter()
            .map(|index| {
                let e = records.get(index)?;
                Some(EnterpriseSummary::compute(
                    e,
                    program,
                    questionnaires,
                    &places,
                ))
            })
            .collect();
        // A record that can no longer be read keeps its summary until the
        // folder's watch finds it gone.
        for (summary, fresh) in self.summaries.iter_mut().zip(fresh) {
            if let Some(fresh) = fresh {
                *summary = fresh;
            }
        }
        self.changed_many();
    }

    /// Marks a change of many records at once: views recompute everything.
    fn changed_many(&mut self) {
        self.generation += 1;
        self.replaced.clear();
    }

    /// Marks a change of one record, remembering what it replaced.
    fn changed_one(&mut self, index: usize, before: Option<EnterpriseSummary>) {
        self.generation += 1;
        if self.replaced.len() == REMEMBERED_CHANGES {
            self.replaced.pop_front();
        }
        self.replaced.push_back(Replaced {
            generation: self.generation,
            index,
            before,
        });
    }

    /// The single-record changes made after `generation`, oldest first, or `None`
    /// when they are not all known (many records changed at once, or too many
    /// changes since): then everything derived must be recomputed.
    pub fn replaced_since(&self, generation: u64) -> Option<impl Iterator<Item = &Replaced>> {
        let missing = self.generation.checked_sub(generation)?;
        let known = self.replaced.len() as u64;
        if missing > known {
            return None;
        }
        Some(self.replaced.iter().skip((known - missing) as usize))
    }

    /// Backs the data folder up now (see [`crate::store::backup`]).
    pub fn backup(
        &mut self,
        reason: &str,
        now: jiff::Timestamp,
    ) -> Result<crate::store::BackupInfo, WorkspaceError> {
        self.with_lock(|ws, lock| Ok(ws.folder.backup(lock, reason, ws.program.backups, now)?))
    }

    /// Puts the folder back as it was in backup `name` (see
    /// [`DataFolder::restore`]). The records in memory are then out of date: the
    /// shell opens the folder again.
    pub fn restore(
        &mut self,
        name: &str,
        now: jiff::Timestamp,
    ) -> Result<crate::store::BackupInfo, WorkspaceError> {
        self.with_lock(|ws, lock| Ok(ws.folder.restore(lock, name, ws.program.backups, now)?))
    }

    /// Sets how long a change waits for another Sohoa to finish writing before
    /// it fails with [`StoreError::Lock`] (the app waits briefly and retries).
    pub fn set_lock_wait(&mut self, wait: std::time::Duration) {
        self.lock_wait = wait;
    }

    /// Takes the folder's lock for the changes that follow, if nobody else holds
    /// it; `false` when another Sohoa is writing. Released by [`Workspace::release_lock`].
    pub fn try_hold_lock(&mut self) -> Result<bool, WorkspaceError> {
        if self.held.is_some() {
            return Ok(true);
        }
        match self.folder.try_lock().map_err(StoreError::from)? {
            Some(lock) => {
                let lock = self.took_lock(lock);
                self.held = Some(lock);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// A lock just taken: if taking it finished another program's import or
    /// restore, that is noted and what it wrote taken in before anything changes.
    fn took_lock(&mut self, mut lock: FolderLock) -> FolderLock {
        if !lock.recovered.is_empty() {
            self.problems.append(&mut lock.recovered);
            self.catch_up(&lock);
        }
        lock
    }

    /// Lets other programs write again after [`Workspace::try_hold_lock`].
    pub fn release_lock(&mut self) {
        self.held = None;
    }

    /// Runs `change` with the folder's lock: the one the shell holds, or one taken
    /// now (waiting up to the lock wait) and released after.
    fn with_lock<T>(
        &mut self,
        change: impl FnOnce(&mut Workspace, &FolderLock) -> Result<T, WorkspaceError>,
    ) -> Result<T, WorkspaceError> {
        let (lock, was_held) = match self.held.take() {
            Some(lock) => (lock, true),
            None => {
                let lock = self.folder.lock(self.lock_wait).map_err(StoreError::from)?;
                (self.took_lock(lock), false)
            }
        };
        let result = change(self, &lock);
        if was_held {
            self.held = Some(lock);
        }
        result
    }

    /// Why the folder can only be read here, when it can only be read.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Whether today's automatic backup is still to be taken (never on a folder
    /// that can only be read here: nothing changes it).
    pub fn daily_backup_due(&self, now: jiff::Timestamp) -> bool {
        let today = crate::text::local_date(now);
        self.read_only.is_none()
            && self
                .folder
                .last_backup()
                .is_none_or(|b| crate::text::local_date(b.taken) < today)
    }

    /// Takes today's backup if it has not been taken yet.
    pub fn daily_backup(
        &mut self,
        now: jiff::Timestamp,
    ) -> Result<Option<crate::store::BackupInfo>, WorkspaceError> {
        if self.daily_backup_due(now) && !self.enterprises.is_empty() {
            self.backup("daily", now).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Names the person whose changes follow (the consultant), for the history.
    pub fn set_actor(&mut self, name: &str) {
        let name = crate::text::nfc_line(name);
        if !name.is_empty() {
            self.actor = name;
        }
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// The latest version of the program's questionnaire: the one new assessments
    /// use and the dashboard's average profile is counted against.
    pub fn program_questionnaire(&self) -> Option<&Questionnaire> {
        self.questionnaires
            .latest(&self.program.default_questionnaire)
            .map(|q| &**q)
    }

    /// Why the parse cache could not be written when the folder opened (for the
    /// log; the data is unaffected).
    pub fn parse_cache_error(&self) -> Option<&str> {
        self.cache_error.as_deref()
    }

    /// Why the last copy of a save could not be kept on this computer, if so
    /// (the save itself went through), taken once for the log.
    pub fn take_written_here_error(&mut self) -> Option<String> {
        self.written_error.take()
    }

    /// A number that changes whenever the data changes.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The summaries, in the same order as [`Workspace::enterprises`].
    pub fn summaries(&self) -> &[EnterpriseSummary] {
        &self.summaries
    }

    /// The summary of one enterprise.
    pub fn summary(&self, id: Ulid) -> Option<&EnterpriseSummary> {
        self.by_id.get(&id).map(|i| &self.summaries[*i])
    }

    /// The position of an enterprise in [`Workspace::enterprises`].
    pub fn index_of(&self, id: Ulid) -> Option<usize> {
        self.by_id.get(&id).copied()
    }

    pub fn folder(&self) -> &DataFolder {
        &self.folder
    }

    /// Every record, each read from its file the first time it is needed
    /// (see [`Records`]); the list, the dashboard and the statistics need only
    /// [`Workspace::summaries`].
    pub fn enterprises(&self) -> &Records {
        &self.enterprises
    }

    /// Files that could not be used when the folder was opened, and operations a
    /// crash had interrupted that were finished since.
    pub fn problems(&self) -> &[LoadProblem] {
        &self.problems
    }

    /// Why the record `id` could not be read, when its file is there but unreadable.
    pub fn unreadable(&self, id: Ulid) -> Option<&str> {
        self.unreadable.get(&id).map(String::as_str)
    }

    /// The error for a record that is not in memory: unreadable when its file is
    /// there, else not found.
    pub fn missing(&self, query: &str) -> WorkspaceError {
        match Ulid::from_string(query.trim())
            .ok()
            .and_then(|id| self.unreadable.get_key_value(&id))
        {
            Some((id, reason)) => WorkspaceError::Unreadable {
                id: *id,
                reason: reason.clone(),
            },
            None => WorkspaceError::NotFound(query.to_owned()),
        }
    }

    /// The record at `index`, or why its file cannot be read now.
    pub(crate) fn record_at(&self, index: usize) -> Result<&Enterprise, WorkspaceError> {
        self.enterprises.get(index).ok_or_else(|| {
            let id = self.summaries.get(index).map(|s| s.id).unwrap_or_default();
            WorkspaceError::Unreadable {
                id,
                reason: "its file was removed or damaged since the folder was opened".into(),
            }
        })
    }

    pub fn get(&self, id: Ulid) -> Option<&Enterprise> {
        self.by_id.get(&id).and_then(|i| self.enterprises.get(*i))
    }

    /// The enterprise with this id or tax code (as typed; normalised first). The
    /// id of a record merged into another finds the record it was merged into.
    pub fn find(&self, query: &str) -> Option<&Enterprise> {
        if let Ok(id) = Ulid::from_string(query.trim()) {
            return self.get(id).or_else(|| {
                let holder = self.summaries.iter().find(|s| s.aliases.contains(&id))?;
                self.get(holder.id)
            });
        }
        let code = crate::enterprise::tax_code::parse(query).ok()?;
        self.by_tax_code
            .get(code.as_str())
            .and_then(|i| self.enterprises.get(*i))
    }

    /// The enterprise already holding `tax_code`, other than `except`.
    pub fn tax_code_owner(&self, tax_code: &str, except: Option<Ulid>) -> Option<&Enterprise> {
        self.by_tax_code
            .get(tax_code)
            .and_then(|i| self.enterprises.get(*i))
            .filter(|e| Some(e.id) != except)
    }

    fn check(&self, enterprise: &Enterprise) -> Result<(), WorkspaceError> {
        let errors = enterprise.validate();
        if !errors.is_empty() {
            return Err(WorkspaceError::Invalid(errors));
        }
        if let Some(code) = &enterprise.tax_code
            && let Some(owner) = self.tax_code_owner(code, Some(enterprise.id))
        {
            return Err(WorkspaceError::DuplicateTaxCode {
                tax_code: code.clone(),
                id: owner.id,
                name: owner.name.clone(),
            });
        }
        Ok(())
    }

    /// Adds a new enterprise or replaces an existing one (same id), after checking
    /// the profile and that no other enterprise has its tax code.
    pub fn save(&mut self, mut enterprise: Enterprise) -> Result<Ulid, WorkspaceError> {
        enterprise.normalize();
        self.check(&enterprise)?;
        self.commit(enterprise)
    }

    /// Saves `edited`, an edit of `base`, an earlier version of a record that has
    /// changed since (a form filled in while another laptop's edit arrived): the
    /// history records what the person changed from `base`, and the result is
    /// merged with the record as it is now, so a change made elsewhere is kept,
    /// and the same field changed on both sides becomes a conflict.
    pub fn save_edit_of(
        &mut self,
        base: &Enterprise,
        mut edited: Enterprise,
    ) -> Result<Ulid, WorkspaceError> {
        edited.normalize();
        self.check(&edited)?;
        let at = edited.modified;
        record_edit(Some(base), &mut edited, &self.actor);
        let merged = match self.get(edited.id) {
            Some(current) if current != base => {
                let note = crate::enterprise::Change {
                    at,
                    by: self.actor.clone(),
                    what: crate::enterprise::ChangeKind::Merged {
                        source: "changes received while the form was open".into(),
                    },
                };
                crate::enterprise::merge::merge(&edited, current, Some(note)).enterprise
            }
            _ => edited,
        };
        self.write_through(merged)
    }

    /// Records in the history how `enterprise` differs from the stored record, then
    /// writes it (see [`Workspace::write_through`]).
    fn commit(&mut self, mut enterprise: Enterprise) -> Result<Ulid, WorkspaceError> {
        record_edit(self.get(enterprise.id), &mut enterprise, &self.actor);
        self.write_through(enterprise)
    }

    /// Writes an enterprise to disk, then to memory, and refreshes its summary.
    /// Under the folder's lock: what another Sohoa wrote to the record since this
    /// workspace read it is merged in first, and a tax code another Sohoa has
    /// just given to a new record is refused.
    fn write_through(&mut self, mut enterprise: Enterprise) -> Result<Ulid, WorkspaceError> {
        enterprise.canonical_order();
        if let Some(reason) = self.unreadable.get(&enterprise.id) {
            return Err(WorkspaceError::Unreadable {
                id: enterprise.id,
                reason: reason.clone(),
            });
        }
        let enterprise = self.with_lock(|ws, lock| {
            let new_code = enterprise.tax_code.as_ref().filter(|code| {
                ws.get(enterprise.id)
                    .is_none_or(|before| before.tax_code.as_ref() != Some(*code))
            });
            if new_code.is_some() {
                ws.adopt_records_added_elsewhere(lock);
                ws.check(&enterprise)?;
            }
            let enterprise = ws.merge_other_writer(enterprise);
            let text = ws
                .folder
                .save_enterprise_text(lock, &enterprise, Durability::Durable)?;
            // A sync engine may rename another computer's version over this one
            // in the same moment: the next opening checks this copy.
            if let Err(why) = ws.folder.written_here().keep_text(enterprise.id, &text) {
                ws.written_error = Some(why);
            }
            Ok(enterprise)
        })?;
        let id = enterprise.id;
        self.note_written(id);
        let places = summary::place_index(&self.program);
        let summary =
            EnterpriseSummary::compute(&enterprise, &self.program, &self.questionnaires, &places);
        let (index, before) = match self.by_id.get(&id) {
            Some(&i) => {
                self.enterprises.replace(i, enterprise);
                let old_summary = std::mem::replace(&mut self.summaries[i], summary);
                if let Some(code) = &old_summary.tax_code
                    && self.by_tax_code.get(code) == Some(&i)
                {
                    self.by_tax_code.remove(code);
                }
                (i, Some(old_summary))
            }
            None => {
                self.enterprises.push(enterprise);
                self.summaries.push(summary);
                self.by_id.insert(id, self.enterprises.len() - 1);
                (self.enterprises.len() - 1, None)
            }
        };
        if let Some(code) = &self.summaries[index].tax_code {
            self.by_tax_code.entry(code.clone()).or_insert(index);
        }
        self.changed_one(index, before);
        Ok(id)
    }

    /// If another program (a second window, the command line, a sync engine) has
    /// replaced the record's file since this workspace read it, folds that version
    /// into `ours` with the merge rules instead of overwriting it.
    ///
    /// Then, since the file is not the one this workspace read, this computer's
    /// newest write of the record (its copy in [`crate::store::written::WrittenHere`])
    /// is merged in too if the result lacks it: another process here saved the
    /// record after this one read it, and a sync engine renamed another
    /// computer's version over that save; the file holds it no more, and this
    /// write replaces its copy, the last place it was.
    pub(super) fn merge_other_writer(&self, ours: Enterprise) -> Enterprise {
        let id = ours.id;
        let on_disk = self.folder.enterprise_stamp(id);
        if on_disk == self.stamps.get(&id).copied() {
            return ours;
        }
        let merged = match self.folder.read_enterprise(id) {
            Some((theirs, _)) => {
                self.merged_with(ours, &theirs, "another Sohoa writing to the same folder")
            }
            None => ours,
        };
        match self.folder.written_here().copy_of(id) {
            Some(last) if !crate::enterprise::holds::holds(&merged, &last) => {
                self.merged_with(merged, &last, crate::store::written::WRITTEN_OVER)
            }
            _ => merged,
        }
    }

    /// `ours` merged with `theirs`, the merge noted in the history as coming
    /// from `source` when it changed anything.
    fn merged_with(&self, ours: Enterprise, theirs: &Enterprise, source: &str) -> Enterprise {
        let mut merged = crate::enterprise::merge::merge(&ours, theirs, None).enterprise;
        if merged != ours {
            merged.history.push(crate::enterprise::Change {
                at: merged.modified,
                by: self.actor.clone(),
                what: crate::enterprise::ChangeKind::Merged {
                    source: source.into(),
                },
            });
            merged.canonical_order();
        }
        merged
    }

    /// The record `id` as its file holds it now when another program replaced
    /// the file since this workspace read it, else as in memory; `None` when
    /// neither has it.
    pub(super) fn newest_version(&self, id: Ulid) -> Option<Enterprise> {
        let on_disk = self.folder.enterprise_stamp(id);
        if on_disk.is_some()
            && on_disk != self.stamps.get(&id).copied()
            && let Some((theirs, _)) = self.folder.read_enterprise(id)
        {
            return Some(theirs);
        }
        self.get(id).cloned()
    }

    /// [`Workspace::merge_other_writer`], also saying which version of the file
    /// the result is built on (for a batch that checks it again before renaming).
    pub(super) fn merge_with_disk(
        &self,
        ours: Enterprise,
    ) -> (Enterprise, Option<crate::store::FileStamp>) {
        let on_disk = self.folder.enterprise_stamp(ours.id);
        let merged = self.merge_other_writer(ours);
        // Read again: the merge read the file, which may have changed in between;
        // an older stamp only makes the check before the rename merge once more.
        let read = if on_disk == self.stamps.get(&merged.id).copied() {
            on_disk
        } else {
            self.folder
                .enterprise_stamp(merged.id)
                .filter(|now| Some(*now) == on_disk)
        };
        (merged, read)
    }

    /// Takes in the records another Sohoa has added to the folder since this
    /// workspace read it (called with the lock held, before a tax code is
    /// checked). A listing of names: records already known are not read again.
    fn adopt_records_added_elsewhere(&mut self, lock: &FolderLock) {
        let added = self.read_unknown(self.folder.enterprise_ids(lock));
        if !added.is_empty() {
            self.replace_in_memory(added, &[]);
        }
    }

    /// Remembers the version of a file this workspace has just written.
    pub(super) fn note_written(&mut self, id: Ulid) {
        match self.folder.enterprise_stamp(id) {
            Some(stamp) => self.stamps.insert(id, stamp),
            None => self.stamps.remove(&id),
        };
    }

    /// Adds many new enterprises at once (demo data, bulk loads): checked like
    /// [`Workspace::save`], written in parallel, the folder flushed once at the end.
    pub fn add_many(&mut self, enterprises: Vec<Enterprise>) -> Result<usize, WorkspaceError> {
        self.with_lock(|ws, lock| ws.add_many_locked(lock, enterprises))
    }

    fn add_many_locked(
        &mut self,
        lock: &FolderLock,
        enterprises: Vec<Enterprise>,
    ) -> Result<usize, WorkspaceError> {
        self.adopt_records_added_elsewhere(lock);
        let mut seen = HashMap::new();
        for e in &enterprises {
            self.check(e)?;
            if let Some(code) = &e.tax_code
                && let Some(first) = seen.insert(code.clone(), e)
            {
                return Err(WorkspaceError::DuplicateTaxCode {
                    tax_code: code.clone(),
                    id: first.id,
                    name: first.name.clone(),
                });
            }
        }
        enterprises
            .par_iter()
            .try_for_each(|e| self.folder.save_enterprise(lock, e, Durability::Relaxed))?;
        self.folder.sync_enterprises()?;
        let folder = &self.folder;
        let stamps: Vec<(Ulid, Option<FileStamp>)> = enterprises
            .par_iter()
            .map(|e| (e.id, folder.enterprise_stamp(e.id)))
            .collect();
        self.stamps
            .extend(stamps.into_iter().filter_map(|(id, s)| s.map(|s| (id, s))));
        let count = enterprises.len();
        let places = summary::place_index(&self.program);
        let (program, questionnaires) = (&self.program, &self.questionnaires);
        let summaries: Vec<EnterpriseSummary> = enterprises
            .par_iter()
            .map(|e| EnterpriseSummary::compute(e, program, questionnaires, &places))
            .collect();
        for e in enterprises {
            self.enterprises.push(e);
        }
        self.summaries.extend(summaries);
        self.reindex();
        self.changed_many();
        Ok(count)
    }

    /// The questionnaire version an assessment was made with.
    pub fn questionnaire_for(
        &self,
        assessment: &Assessment,
    ) -> Result<&std::sync::Arc<crate::questionnaire::Questionnaire>, WorkspaceError> {
        self.questionnaires
            .get(&assessment.questionnaire, &assessment.questionnaire_version)
            .ok_or_else(|| WorkspaceError::UnknownQuestionnaire {
                id: assessment.questionnaire.clone(),
                version: assessment.questionnaire_version.clone(),
            })
    }

    /// The edition whose recommendations are given for an assessment: the newest
    /// installed edition of its questionnaire with the same pillars, so advice
    /// printed today cites the law in force today whichever edition scored it
    /// (edition 1.0.0 cites decrees replaced in 2026). Points and levels stay
    /// those of the edition that scored it.
    pub fn advice_for(
        &self,
        assessment: &Assessment,
    ) -> Result<&std::sync::Arc<crate::questionnaire::Questionnaire>, WorkspaceError> {
        let scored_with = self.questionnaire_for(assessment)?;
        let same_pillars = |q: &crate::questionnaire::Questionnaire| {
            q.pillars.len() == scored_with.pillars.len()
                && q.pillars
                    .iter()
                    .zip(&scored_with.pillars)
                    .all(|(a, b)| a.id == b.id)
        };
        Ok(self
            .questionnaires
            .latest(&assessment.questionnaire)
            .filter(|newest| same_pillars(newest))
            .unwrap_or(scored_with))
    }

    /// Scores an assessment with the questionnaire version it was made with.
    pub fn score(&self, assessment: &Assessment) -> Result<ScoreReport, WorkspaceError> {
        Ok(score(
            self.questionnaire_for(assessment)?,
            &assessment.answers,
        ))
    }

    /// The enterprises whose name, tax code, place or address contains `query`
    /// (case and diacritics ignored; empty: all), archived ones too, in Vietnamese
    /// alphabetical order: the one search of the command line and the window (which
    /// keeps the same index and order between keystrokes).
    pub fn search(&self, query: &str) -> Vec<&Enterprise> {
        let index =
            search::SearchIndex::from_keys(self.summaries.iter().map(|s| s.search_key.as_str()));
        let mut found: Vec<usize> = index
            .matching(query)
            .into_iter()
            .enumerate()
            .filter_map(|(i, hit)| hit.then_some(i))
            .collect();
        found.sort_by(|a, b| {
            self.summaries[*a]
                .sort_key
                .cmp(&self.summaries[*b].sort_key)
                .then_with(|| self.summaries[*a].id.cmp(&self.summaries[*b].id))
        });
        found
            .into_iter()
            .filter_map(|i| self.enterprises.get(i))
            .collect()
    }

    /// Everything the export tables are made from.
    pub fn table_source(&self) -> crate::exchange::TableSource<'_> {
        crate::exchange::TableSource {
            program: &self.program,
            questionnaires: &self.questionnaires,
            enterprises: &self.enterprises,
            summaries: &self.summaries,
        }
    }

    /// The overall level of the enterprise's latest completed assessment.
    pub fn latest_level(&self, enterprise: &Enterprise) -> Option<u8> {
        self.summary(enterprise.id)?
            .latest
            .as_ref()
            .map(|a| a.level)
    }

    /// Whether the enterprise meets the program's "supported" rule.
    pub fn is_supported(&self, enterprise: &Enterprise) -> bool {
        self.summary(enterprise.id)
            .is_some_and(EnterpriseSummary::is_supported)
    }

    /// Progress counts over all enterprises.
    pub fn stats(&self) -> ProgramStats {
        ProgramStats::compute(&self.program, &self.summaries)
    }
}

/// A workspace on `dir` set up with the Bến Tre 2021–2025 program, as most
/// tests of the library want it.
#[cfg(test)]
pub(crate) fn open_ben_tre(dir: &std::path::Path) -> Workspace {
    let mut ws = Workspace::open(dir).unwrap();
    if !ws.is_set_up() {
        ws.set_up_program(ProgramSettings::preset().unwrap())
            .unwrap();
    }
    ws
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_tax_code_is_refused_with_the_existing_record() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        let mut first = Enterprise::new("Công ty TNHH Dừa Xanh", jiff::Timestamp::UNIX_EPOCH);
        first.tax_code = Some("0100109106".into());
        let first_id = ws.save(first).unwrap();
        let mut second = Enterprise::new("Dừa Xanh (nhập lại)", jiff::Timestamp::UNIX_EPOCH);
        second.tax_code = Some("0100109106".into());
        match ws.save(second) {
            Err(WorkspaceError::DuplicateTaxCode { id, name, .. }) => {
                assert_eq!(id, first_id);
                assert_eq!(name, "Công ty TNHH Dừa Xanh");
            }
            other => panic!("expected a duplicate, got {other:?}"),
        }
        assert_eq!(ws.enterprises().len(), 1);
        assert_eq!(Workspace::open(dir.path()).unwrap().enterprises().len(), 1);
    }

    #[test]
    fn changing_a_tax_code_frees_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        let mut e = Enterprise::new("Công ty TNHH In ấn Sao Mai", jiff::Timestamp::UNIX_EPOCH);
        e.tax_code = Some("0100109106".into());
        let id = ws.save(e.clone()).unwrap();
        e.tax_code = Some("0100109106-001".into());
        ws.save(e).unwrap();
        assert!(ws.find("0100109106").is_none());
        assert_eq!(ws.find("0100109106-001").unwrap().id, id);
        let mut other = Enterprise::new("Công ty khác", jiff::Timestamp::UNIX_EPOCH);
        other.tax_code = Some("0100109106".into());
        assert!(ws.save(other).is_ok(), "the old code is free again");
        assert_eq!(ws.enterprises().len(), 2);
    }

    #[test]
    fn an_enterprise_is_found_by_id_or_by_tax_code_as_typed() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        let mut e = Enterprise::new("HTX Bưởi", jiff::Timestamp::UNIX_EPOCH);
        e.tax_code = Some("0100109106".into());
        let id = ws.save(e).unwrap();
        assert_eq!(ws.find(&id.to_string()).unwrap().id, id);
        assert_eq!(ws.find("100109106").unwrap().id, id, "leading zero lost");
        assert_eq!(ws.find(" 0100 109 106").unwrap().id, id);
        assert!(ws.find("0312345678").is_none());
    }

    #[test]
    fn first_use_writes_the_builtin_questionnaires_and_no_program_until_one_is_set_up() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        assert!(!ws.is_set_up());
        assert!(!dir.path().join("program.ron").exists());
        // Nothing ended is shown before: the program is not set up.
        let today = crate::text::local_date(jiff::Timestamp::now());
        assert!(ws.program.end > today);
        assert_eq!(ws.program.name.vi, "Chương trình chưa được thiết lập");
        ws.set_up_program(ProgramSettings::preset().unwrap())
            .unwrap();
        assert!(ws.is_set_up());
        assert!(dir.path().join("program.ron").exists());
        // Set up once: a second setup, here or from another program, is refused.
        let again = ws.set_up_program(ProgramSettings::preset().unwrap());
        assert!(matches!(again, Err(WorkspaceError::ProgramAlreadySetUp)));
        let mut other = Workspace::open(dir.path()).unwrap();
        assert!(other.is_set_up());
        let again = other.set_up_program(ProgramSettings::preset().unwrap());
        assert!(matches!(again, Err(WorkspaceError::ProgramAlreadySetUp)));
        for edition in ["dbi-2021-sme-1.0.0.ron", "dbi-2021-sme-2.0.0.ron"] {
            assert!(dir.path().join("questionnaires").join(edition).exists());
        }
        // A new folder has nothing to keep from before an upgrade.
        assert_eq!(ws.folder().backups().len(), 0);
    }

    #[test]
    fn a_folder_holding_only_the_first_edition_is_backed_up_before_the_second_is_added() {
        let dir = tempfile::tempdir().unwrap();
        drop(Workspace::open(dir.path()).unwrap());
        std::fs::remove_file(
            dir.path()
                .join("questionnaires")
                .join("dbi-2021-sme-2.0.0.ron"),
        )
        .unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let reasons: Vec<String> = ws
            .folder()
            .backups()
            .iter()
            .map(|b| b.name.clone())
            .collect();
        assert_eq!(reasons.len(), 1, "{reasons:?}");
        assert!(reasons[0].ends_with("questionnaire-upgrade"), "{reasons:?}");
        assert!(ws.questionnaires.get("dbi-2021-sme", "2.0.0").is_some());
    }

    #[test]
    fn an_installed_older_version_keeps_scoring_its_assessments() {
        let dir = tempfile::tempdir().unwrap();
        let source = include_str!("../../../../tests/fixtures/mini.ron");
        let old = source.replace("(id: \"monthly\", label: (vi: \"Ít nhất mỗi tháng\", en: \"At least monthly\"), points: 5,", "(id: \"monthly\", label: (vi: \"Ít nhất mỗi tháng\", en: \"At least monthly\"), points: 4,")
            .replace("(id: \"quarterly\", label: (vi: \"Ít nhất mỗi quý\", en: \"At least quarterly\"), points: 3),", "(id: \"quarterly\", label: (vi: \"Ít nhất mỗi quý\", en: \"At least quarterly\"), points: 5),")
            .replace("version: \"1.0.0\"", "version: \"0.9.0\"");
        assert_ne!(old, source);
        std::fs::create_dir_all(dir.path().join("questionnaires")).unwrap();
        std::fs::write(
            dir.path().join("questionnaires").join("mini-0.9.0.ron"),
            &old,
        )
        .unwrap();
        std::fs::write(
            dir.path().join("questionnaires").join("mini-1.0.0.ron"),
            source,
        )
        .unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        assert!(ws.problems().is_empty(), "{:?}", ws.problems());
        let mut assessment = crate::enterprise::Assessment {
            id: Ulid::from_parts(1, 1),
            questionnaire: "mini".into(),
            questionnaire_version: "0.9.0".into(),
            stage: crate::enterprise::Stage::Baseline,
            mode: Default::default(),
            assessor: String::new(),
            started: jiff::Timestamp::UNIX_EPOCH,
            completed: Some(jiff::Timestamp::UNIX_EPOCH),
            answers: Default::default(),
            notes: Default::default(),
            modified: None,
        };
        assessment.answers.insert(
            "web.has_site",
            crate::questionnaire::Answer::Choice("yes".into()),
        );
        assessment.answers.insert(
            "web.updates",
            crate::questionnaire::Answer::Choice("quarterly".into()),
        );
        // 2 + 5 under the old version, 2 + 3 under the new one.
        assert_eq!(ws.score(&assessment).unwrap().total, 7);
        assessment.questionnaire_version = "1.0.0".into();
        assert_eq!(ws.score(&assessment).unwrap().total, 5);
        assert_eq!(ws.questionnaires.latest("mini").unwrap().version, "1.0.0");
    }
}
