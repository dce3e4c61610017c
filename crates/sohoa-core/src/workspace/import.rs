//! Bundles in and out of the workspace: what an import would do (a plan a person
//! can read first), doing it all-or-nothing, and writing a bundle.
//!
//! Key types: [`ImportPlan`], [`PlannedRecord`], [`Outcome`].
//!
//! Matching: an incoming record is the local one with the same id (or an id merged
//! into it earlier), else the one with the same tax code. A self-assessment is
//! placed by the program first (its ids only where they agree with the folder,
//! its stage from what is held: [`super::self_assessment`]). Merging follows
//! [`crate::enterprise::merge`]. A plan is computed without touching the disk;
//! applying it installs the questionnaire versions the bundle brought, then writes
//! every changed record in one [`DataFolder::replace_enterprises`] step.
//!
//! [`DataFolder::replace_enterprises`]: crate::store::DataFolder::replace_enterprises

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;
use rayon::prelude::*;
use ulid::Ulid;

use super::duplicates::names_agree;
use super::self_assessment::take_resent_answers;
use super::{EnterpriseSummary, Provenance, Workspace, WorkspaceError};
use crate::enterprise::merge::{MergeChanges, compare, merge};
use crate::enterprise::{Change, ChangeKind, Enterprise};
use crate::exchange::bundle::{Bundle, BundleKind, BundledQuestionnaire, CheckedBundle};
use crate::exchange::self_assessment::{form_shaped, unfit_for_a_self_assessment};
use crate::questionnaire::{QuestionKind, Questionnaire};
use crate::store::{Batch, FolderLock};
use crate::text::Lang;

/// What an import does to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new enterprise for this folder.
    Added,
    /// An enterprise already here that gains something.
    Updated,
    /// Already here with everything the bundle has.
    Unchanged,
    /// The same data; only history entries are added (written, not worth a mention).
    HistoryOnly,
}

/// One record of an import plan.
#[derive(Debug, Clone)]
pub struct PlannedRecord {
    pub outcome: Outcome,
    /// The record as it will be saved.
    pub result: Enterprise,
    /// Local records merged into `result` under another id, whose files go.
    pub replaces: Vec<Ulid>,
    /// What the import changes in the local record.
    pub changes: MergeChanges,
    /// Removals in the bundle of things its sender never had, ignored.
    pub ignored_removals: usize,
    /// A local record with the same tax code but a clearly different name: the
    /// incoming one is kept apart, for a person to review (id, name).
    pub same_tax_code_as: Option<(Ulid, String)>,
}

/// What importing one bundle would do, computed before anything is written.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub path: PathBuf,
    pub kind: BundleKind,
    /// Who sent it, from where, when (as the bundle says).
    pub origin: String,
    /// What can be proven of where it comes from (who sealed it, if anyone).
    pub provenance: Provenance,
    pub records: Vec<PlannedRecord>,
    /// Questionnaire versions the folder lacks, with their source.
    pub install: Vec<(Arc<Questionnaire>, String)>,
    /// Things a person should know that do not stop the import.
    pub warnings: Vec<String>,
}

impl ImportPlan {
    /// How many records have this outcome (history-only changes count as unchanged).
    pub fn count(&self, outcome: Outcome) -> usize {
        let matches = |r: &&PlannedRecord| match outcome {
            Outcome::Unchanged => matches!(r.outcome, Outcome::Unchanged | Outcome::HistoryOnly),
            other => r.outcome == other,
        };
        self.records.iter().filter(matches).count()
    }

    pub fn conflict_count(&self) -> usize {
        self.records
            .iter()
            .map(|r| r.changes.new_conflicts.len())
            .sum()
    }

    /// Whether applying it would change the folder.
    pub fn changes_anything(&self) -> bool {
        !self.install.is_empty() || self.records.iter().any(|r| r.outcome != Outcome::Unchanged)
    }

    /// One line: `3 mới, 2 cập nhật, 1 không đổi, 1 xung đột`.
    pub fn headline(&self, lang: Lang) -> String {
        format!(
            "{} {}, {} {}, {} {}, {} {}",
            self.count(Outcome::Added),
            lang.pick("mới", "new").to_owned(),
            self.count(Outcome::Updated),
            lang.pick("cập nhật", "updated").to_owned(),
            self.count(Outcome::Unchanged),
            lang.pick("không đổi", "unchanged").to_owned(),
            self.conflict_count(),
            lang.pick("xung đột cần xem", "conflicts to review")
                .to_owned(),
        )
    }
}

/// The first answer of `a` that is not to a question of `q` or does not fit it
/// (a ratio's part above the shared total answered with it included).
fn first_unfit_answer(q: &Questionnaire, a: &crate::enterprise::Assessment) -> Option<String> {
    crate::questionnaire::check_answers(q, &a.answers)
        .first()
        .map(ToString::to_string)
}

impl PlannedRecord {
    /// Whether a person checking the import should see this record: it changes
    /// something, or the bundle tried something that was not done.
    pub fn worth_showing(&self) -> bool {
        matches!(self.outcome, Outcome::Added | Outcome::Updated) || self.ignored_removals > 0
    }

    /// The mark before the record in a preview: `+` new, `~` updated, `!` only a
    /// refused part.
    pub fn mark(&self) -> &'static str {
        match self.outcome {
            Outcome::Added => "+",
            Outcome::Updated => "~",
            Outcome::Unchanged | Outcome::HistoryOnly => "!",
        }
    }

    /// What happens to this record, for a person: `+1 đánh giá, +2 hoạt động; xung đột: Điện thoại`.
    pub fn details(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        let c = &self.changes;
        let counts = [
            (c.added_assessments, "+", ("đánh giá", "assessments")),
            (
                c.updated_assessments,
                "",
                ("đánh giá cập nhật", "assessments updated"),
            ),
            (c.added_activities, "+", ("hoạt động", "activities")),
            (
                c.removed_activities,
                "−",
                (
                    "hoạt động (bên gửi đã xóa)",
                    "activities (removed by the sender)",
                ),
            ),
            (
                c.discarded_drafts,
                "−",
                (
                    "bản nháp (bên gửi đã bỏ)",
                    "drafts (discarded by the sender)",
                ),
            ),
            (
                self.ignored_removals,
                "",
                (
                    "lệnh xóa bị bỏ qua (bên gửi chưa từng có mục đó)",
                    "removals ignored (the sender never had those items)",
                ),
            ),
        ];
        for (n, sign, (vi, en)) in counts {
            if n > 0 {
                parts.push(format!("{sign}{n} {}", lang.pick(vi, en)));
            }
        }
        if let Some((_, name)) = &self.same_tax_code_as {
            parts.push(lang.pick(
                format!(
                    "cùng mã số thuế với “{name}” nhưng khác tên: nhập thành hồ sơ riêng, cần xem lại"
                ),
                format!(
                    "same tax code as “{name}” but a different name: kept as a separate record to review"
                ),
            ));
        }
        for (fields, vi, en) in [
            (&c.fields_taken, "cập nhật", "updated"),
            (&c.new_conflicts, "xung đột", "conflict"),
        ] {
            if !fields.is_empty() {
                let names: Vec<String> = fields
                    .iter()
                    .map(|f| f.label().get(lang).to_owned())
                    .collect();
                parts.push(format!("{}: {}", lang.pick(vi, en), names.join(", ")));
            }
        }
        parts.join("; ")
    }
}

/// Whether two records differ in their history only.
fn same_but_history(a: &Enterprise, b: &Enterprise) -> bool {
    let strip = |e: &Enterprise| Enterprise {
        history: Vec::new(),
        ..e.clone()
    };
    strip(a) == strip(b)
}

/// Records in the history where a change came from. Only records the import
/// changes get the note, so importing what is already here leaves no trace.
fn add_note(e: &mut Enterprise, note: &Change) {
    if !e.history.contains(note) {
        let at = e.history.partition_point(|c| c < note);
        e.history.insert(at, note.clone());
    }
}

/// Whether two parsed questionnaires say the same thing (however the files are laid out).
/// Whether two questionnaires are the same edition. Which figures take whole
/// numbers only is left out: it was marked in the built-in editions after they
/// were first shipped, and it refuses answers without changing any score, so a
/// bundle from an earlier Sohoa carries the same edition without the marks.
fn same_questionnaire(a: &Questionnaire, b: &Questionnaire) -> bool {
    let text = |q: &Questionnaire| {
        let mut q = q.clone();
        for pillar in &mut q.pillars {
            let grouped = pillar
                .groups
                .iter_mut()
                .flat_map(|g| g.questions.iter_mut());
            for question in pillar.questions.iter_mut().chain(grouped) {
                match &mut question.kind {
                    QuestionKind::Number { whole_numbers, .. }
                    | QuestionKind::Ratio { whole_numbers, .. }
                    | QuestionKind::Figure { whole_numbers, .. } => *whole_numbers = false,
                    _ => {}
                }
            }
        }
        ron::to_string(&q).unwrap_or_default()
    };
    text(a) == text(b)
}

/// Where an incoming record will go.
struct Pending {
    local: Option<usize>,
    result: Enterprise,
    /// Removals in the bundle that were ignored (see [`Enterprise::drop_unseen_removals`]).
    ignored_removals: usize,
    /// A local record with this tax code and another name (see [`PlannedRecord`]).
    same_tax_code_as: Option<usize>,
}

impl Workspace {
    /// What importing `checked` would do. Fails, changing nothing, when the bundle
    /// needs a questionnaire version the folder lacks and the bundle does not carry,
    /// or carries one that differs from the installed version of the same number.
    pub fn plan_import(&self, checked: &CheckedBundle) -> Result<ImportPlan, WorkspaceError> {
        let refuse = |reason: String| WorkspaceError::Bundle {
            path: checked.path.clone(),
            reason,
        };
        // A self-assessment is one enterprise's own answers, whoever sealed it;
        // the program decides where they go (see `self_assessment`).
        let self_assessment = checked.bundle.kind == BundleKind::SelfAssessment;
        let placed;
        let bundle = if self_assessment {
            if let Some(reason) = unfit_for_a_self_assessment(&checked.bundle.enterprises) {
                return Err(refuse(format!(
                    "{reason}; nothing of it was taken (the file may have been edited by hand; ask the enterprise for it again)"
                )));
            }
            placed = Bundle {
                enterprises: vec![self.place_self_assessment(&checked.bundle.enterprises[0])],
                ..checked.bundle.clone()
            };
            &placed
        } else {
            &checked.bundle
        };
        let provenance = self.provenance(checked)?;
        let mut install = Vec::new();
        for e in &bundle.enterprises {
            for id in std::iter::once(e.id).chain(e.aliases.iter().copied()) {
                if let Some(reason) = self.unreadable(id) {
                    return Err(refuse(format!(
                        "it updates “{}”, whose file here ({id}) could not be read ({reason}); fix or remove that file first",
                        e.name
                    )));
                }
            }
        }
        for (q, source) in &checked.questionnaires {
            match self.questionnaires.get(&q.id, &q.version) {
                Some(installed) if !same_questionnaire(installed, q) => {
                    return Err(refuse(format!(
                        "its questionnaire {} version {} differs from the one installed here under the same number",
                        q.id, q.version
                    )));
                }
                Some(_) => {}
                None => install.push((q.clone(), source.clone())),
            }
        }
        for e in &bundle.enterprises {
            for a in &e.assessments {
                let known = self
                    .questionnaires
                    .get(&a.questionnaire, &a.questionnaire_version)
                    .is_some()
                    || install.iter().any(|(q, _)| {
                        q.id == a.questionnaire && q.version == a.questionnaire_version
                    });
                if !known {
                    return Err(refuse(format!(
                        "“{}” has an assessment made with questionnaire {} version {}, which is neither installed here nor in the bundle",
                        e.name, a.questionnaire, a.questionnaire_version
                    )));
                }
            }
        }
        // A self-assessment comes from outside the program (a form filled in a
        // browser, a file sent by e-mail): every answer must fit its question, or
        // nothing of it is taken.
        if bundle.kind == BundleKind::SelfAssessment {
            for e in &bundle.enterprises {
                for a in &e.assessments {
                    let q = self
                        .questionnaires
                        .get(&a.questionnaire, &a.questionnaire_version)
                        .or_else(|| {
                            install.iter().map(|(q, _)| q).find(|q| {
                                q.id == a.questionnaire && q.version == a.questionnaire_version
                            })
                        });
                    if let Some(q) = q
                        && let Some(reason) = first_unfit_answer(q, a)
                    {
                        return Err(refuse(format!(
                            "the self-assessment of “{}” has an answer that does not fit: {reason} (the file may have been edited by hand; ask for it again)",
                            e.name
                        )));
                    }
                }
            }
        }

        let note = Change {
            at: bundle.exported,
            by: bundle.by.clone(),
            what: ChangeKind::Merged {
                source: bundle.origin_short(),
            },
        };
        let aliases: HashMap<Ulid, usize> = self
            .summaries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.aliases.iter().map(move |a| (*a, i)))
            .collect();
        let local_by_id = |id: Ulid| self.by_id.get(&id).or_else(|| aliases.get(&id)).copied();
        let mut pending: Vec<Pending> = Vec::new();
        let mut pending_by_id: HashMap<Ulid, usize> = HashMap::new();
        let mut pending_by_tax: HashMap<String, usize> = HashMap::new();
        let mut pending_by_local: HashMap<usize, usize> = HashMap::new();
        for incoming in &bundle.enterprises {
            // The sender can only remove what it had.
            let mut incoming = incoming.clone();
            let ignored_removals = incoming.drop_unseen_removals().len();
            let incoming = &incoming;
            let ids = || std::iter::once(incoming.id).chain(incoming.aliases.iter().copied());
            let tax = incoming.tax_code.as_deref();
            let by_id = ids().find_map(local_by_id);
            let by_tax = tax.and_then(|t| self.by_tax_code.get(t).copied());
            // A tax-code match alone, under a clearly different name, is not
            // taken for the same enterprise: it is kept apart for review.
            let (local, same_tax_code_as) = match (by_id, by_tax) {
                (Some(l), _) => (Some(l), None),
                (None, Some(l)) if names_agree(&self.summaries[l].name, &incoming.name) => {
                    (Some(l), None)
                }
                (None, Some(l)) => (None, Some(l)),
                (None, None) => (None, None),
            };
            let target = ids()
                .find_map(|id| pending_by_id.get(&id).copied())
                .or_else(|| local.and_then(|l| pending_by_local.get(&l).copied()))
                .or_else(|| {
                    tax.and_then(|t| pending_by_tax.get(t).copied())
                        .filter(|p| names_agree(&pending[*p].result.name, &incoming.name))
                });
            let slot = match target {
                Some(p) => {
                    pending[p].result = merge(&pending[p].result, incoming, None).enterprise;
                    pending[p].ignored_removals += ignored_removals;
                    p
                }
                None => {
                    let result = match local {
                        Some(l) => {
                            let mut merged = merge(self.record_at(l)?, incoming, None).enterprise;
                            if self_assessment {
                                take_resent_answers(&mut merged, incoming);
                            }
                            merged
                        }
                        None => {
                            let mut fresh = incoming.clone();
                            fresh.canonical_order();
                            fresh
                        }
                    };
                    pending.push(Pending {
                        local,
                        result,
                        ignored_removals,
                        same_tax_code_as,
                    });
                    if let Some(l) = local {
                        pending_by_local.insert(l, pending.len() - 1);
                    }
                    pending.len() - 1
                }
            };
            let result = &pending[slot].result;
            for id in std::iter::once(result.id).chain(result.aliases.iter().copied()) {
                pending_by_id.insert(id, slot);
            }
            if let Some(code) = &result.tax_code {
                pending_by_tax.entry(code.clone()).or_insert(slot);
            }
        }

        let mut warnings = Vec::new();
        let records: Vec<PlannedRecord> = pending
            .into_iter()
            .map(|p| -> Result<PlannedRecord, WorkspaceError> {
                let (outcome, replaces, merged) = match p.local {
                    None => {
                        let empty = Enterprise::new("", p.result.created);
                        let mut merged = compare(&empty, p.result);
                        add_note(&mut merged.enterprise, &note);
                        merged.changes.fields_taken.clear();
                        (Outcome::Added, Vec::new(), merged)
                    }
                    Some(l) => {
                        let local = self.record_at(l)?;
                        let mut merged = compare(local, p.result);
                        let mut ordered = local.clone();
                        ordered.canonical_order();
                        let outcome = if ordered == merged.enterprise {
                            // Only the order of the lists differed: nothing to write.
                            merged.enterprise = local.clone();
                            Outcome::Unchanged
                        } else if same_but_history(&ordered, &merged.enterprise) {
                            Outcome::HistoryOnly
                        } else {
                            add_note(&mut merged.enterprise, &note);
                            Outcome::Updated
                        };
                        let replaces = if local.id != merged.enterprise.id { vec![local.id] } else { Vec::new() };
                        (outcome, replaces, merged)
                    }
                };
                if let Some(code) = &merged.enterprise.tax_code
                    && let Some(owner) = self.tax_code_owner(code, Some(merged.enterprise.id))
                    && !replaces.contains(&owner.id)
                    && p.local.is_none_or(|l| self.summaries[l].id != owner.id)
                {
                    warnings.push(format!(
                        "“{}” has the tax code {code} of “{}” already in this folder but another name: it is imported as a separate record; see Review to merge them or correct the tax code",
                        merged.enterprise.name, owner.name
                    ));
                }
                Ok(PlannedRecord {
                    outcome,
                    replaces,
                    changes: merged.changes,
                    ignored_removals: p.ignored_removals,
                    same_tax_code_as: p.same_tax_code_as.map(|l| {
                        let local = &self.summaries[l];
                        (local.id, local.name.clone())
                    }),
                    result: merged.enterprise,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(ImportPlan {
            path: checked.path.clone(),
            kind: bundle.kind,
            origin: bundle.origin(),
            provenance,
            records,
            install,
            warnings,
        })
    }

    /// Imports a checked bundle, whole or not at all (even if the process is
    /// killed midway, see [`crate::store::journal`]); one signed by a key not
    /// known here is refused (see [`Workspace::import_confirming`]). Under the folder's lock it
    /// first takes in what other Sohoa programs wrote since this workspace read
    /// the folder, plans again against that (a preview may be out of date), backs
    /// the folder up, and writes every change in one batch. Returns the plan that
    /// was carried out.
    pub fn import(&mut self, checked: &CheckedBundle) -> Result<ImportPlan, WorkspaceError> {
        self.import_with(checked, false)
    }

    /// Imports `checked` with its signer's key confirmed by a person here; the
    /// key is remembered once the import went in (a refused file confirms
    /// nothing).
    pub fn import_confirming(
        &mut self,
        checked: &CheckedBundle,
    ) -> Result<ImportPlan, WorkspaceError> {
        let mut plan = self.import_with(checked, true)?;
        self.trust_signer(&mut plan.provenance)?;
        Ok(plan)
    }

    /// [`Workspace::import`]; with `key_confirmed`, a bundle signed by a key new
    /// here is taken (the caller confirms the key after).
    fn import_with(
        &mut self,
        checked: &CheckedBundle,
        key_confirmed: bool,
    ) -> Result<ImportPlan, WorkspaceError> {
        self.with_lock(|ws, lock| {
            ws.catch_up(lock);
            let plan = ws.plan_import(checked)?;
            if plan.provenance.needs_confirmation()
                && !key_confirmed
                && let Some(signer) = plan.provenance.signer()
            {
                let look_alike = match &plan.provenance {
                    Provenance::Sealed {
                        trust:
                            crate::keys::SignerTrust::New {
                                same_name_as: Some(known),
                            },
                        ..
                    } => format!(
                        "; it goes by the name of a sender already known here under another key ({known}): possible impersonation, call that sender before trusting it"
                    ),
                    _ => String::new(),
                };
                return Err(WorkspaceError::Bundle {
                    path: checked.path.clone(),
                    reason: format!(
                        "it is signed by a key not known here: {} (key {}){look_alike}; compare the fingerprint with the sender, then confirm the key and import again (on the command line: --trust-key {})",
                        signer.name,
                        signer.fingerprint(),
                        signer.fingerprint()
                    ),
                });
            }
            match ws.apply_plan(lock, &plan) {
                // A record the bundle would make too large is the bundle's fault.
                Err(WorkspaceError::Store(e @ crate::store::StoreError::TooLarge { .. })) => {
                    Err(WorkspaceError::Bundle {
                        path: checked.path.clone(),
                        reason: e.to_string(),
                    })
                }
                other => other.map(|()| plan),
            }
        })
    }

    fn apply_plan(&mut self, lock: &FolderLock, plan: &ImportPlan) -> Result<(), WorkspaceError> {
        if !plan.changes_anything() {
            return Ok(());
        }
        if !self.enterprises.is_empty() {
            self.folder
                .backup(lock, "import", self.program.backups, Timestamp::now())?;
        }
        let changed: Vec<&PlannedRecord> = plan
            .records
            .iter()
            .filter(|r| r.outcome != Outcome::Unchanged)
            .collect();
        // A record replaced since it was read (a sync engine delivering another
        // computer's edit while the import was read and planned) is merged with
        // what is there now, and checked again just before its rename.
        let (save, built_on): (Vec<Enterprise>, Vec<Option<crate::store::FileStamp>>) = changed
            .iter()
            .map(|r| self.merge_with_disk(r.result.clone()))
            .unzip();
        let remove: Vec<Ulid> = changed
            .iter()
            .flat_map(|r| r.replaces.iter().copied())
            .collect();
        let mut batch = Batch::default();
        for (q, source) in &plan.install {
            batch.install_questionnaire(q, source)?;
        }
        batch.save_enterprises(&save.iter().collect::<Vec<_>>())?;
        for (record, version) in save.iter().zip(built_on) {
            batch.built_on(record.id, version);
        }
        for id in &remove {
            batch.remove_enterprise(*id);
        }
        self.folder
            .apply_batch_merging(lock, batch, Some(&remerge_record))?;
        // A record this import replaced can be renamed over by a sync engine in
        // the same moment, as a single save can: keep a copy for the next opening
        // to check. New records cannot (no other computer has them yet), so an
        // import of thousands keeps copies of the few it updated.
        let here = self.folder.written_here();
        for (record, _) in save
            .iter()
            .zip(&changed)
            .filter(|(_, r)| r.outcome != Outcome::Added)
        {
            if let Err(why) = here.keep(record) {
                self.written_error = Some(why);
            }
        }
        for (q, _) in &plan.install {
            self.questionnaires.insert((**q).clone());
        }
        if !save.is_empty() || !remove.is_empty() {
            self.replace_in_memory(save, &remove);
        }
        Ok(())
    }

    /// Takes in every change other programs made to the folder since this
    /// workspace read it: records added, replaced or removed. Called with the
    /// lock held; a stat per record, so it is for bulk changes, not every edit.
    pub(super) fn catch_up(&mut self, lock: &FolderLock) {
        let on_disk: std::collections::HashSet<Ulid> =
            self.folder.enterprise_ids(lock).into_iter().collect();
        let folder = &self.folder;
        let stamps = &self.stamps;
        let changed: Vec<Ulid> = self
            .summaries
            .par_iter()
            .map(|e| e.id)
            .filter(|id| {
                on_disk.contains(id) && folder.enterprise_stamp(*id) != stamps.get(id).copied()
            })
            .collect();
        let removed: Vec<Ulid> = self
            .summaries
            .iter()
            .map(|e| e.id)
            .filter(|id| !on_disk.contains(id))
            .collect();
        let mut read: Vec<Enterprise> = changed
            .iter()
            .filter_map(|id| self.folder.read_enterprise(*id).map(|(e, _)| e))
            .collect();
        read.extend(self.read_unknown(on_disk));
        if !read.is_empty() || !removed.is_empty() {
            self.replace_in_memory(read, &removed);
        }
    }

    /// Reads the records among `on_disk` that this workspace does not know (added
    /// by another program); a record known to be unreadable is not tried again.
    pub(super) fn read_unknown(&self, on_disk: impl IntoIterator<Item = Ulid>) -> Vec<Enterprise> {
        on_disk
            .into_iter()
            .filter(|id| !self.by_id.contains_key(id) && !self.unreadable.contains_key(id))
            .filter_map(|id| self.folder.read_enterprise(id).map(|(e, _)| e))
            .collect()
    }

    /// Puts saved records into memory (replacing those with the same id) and drops
    /// the records `removed`, then rebuilds the indexes.
    pub(super) fn replace_in_memory(&mut self, records: Vec<Enterprise>, removed: &[Ulid]) {
        let places = crate::program::summary::place_index(&self.program);
        let summaries: Vec<EnterpriseSummary> = records
            .par_iter()
            .map(|e| EnterpriseSummary::compute(e, &self.program, &self.questionnaires, &places))
            .collect();
        let mut gone: Vec<usize> = removed
            .iter()
            .filter_map(|id| self.by_id.get(id).copied())
            .collect();
        gone.sort_unstable();
        for index in gone.into_iter().rev() {
            self.enterprises.swap_remove(index);
            self.summaries.swap_remove(index);
        }
        self.reindex();
        for id in removed {
            self.stamps.remove(id);
        }
        let folder = &self.folder;
        let stamps: Vec<(Ulid, Option<crate::store::FileStamp>)> = records
            .par_iter()
            .map(|e| (e.id, folder.enterprise_stamp(e.id)))
            .collect();
        for (id, stamp) in stamps {
            match stamp {
                Some(stamp) => self.stamps.insert(id, stamp),
                None => self.stamps.remove(&id),
            };
        }
        for (record, summary) in records.into_iter().zip(summaries) {
            match self.by_id.get(&record.id) {
                Some(&i) => {
                    self.enterprises.replace(i, record);
                    self.summaries[i] = summary;
                }
                None => {
                    self.by_id.insert(record.id, self.enterprises.len());
                    self.enterprises.push(record);
                    self.summaries.push(summary);
                }
            }
        }
        self.reindex();
        self.changed_many();
    }

    /// A bundle of the enterprises `ids` (all when empty is not meant: pass them all),
    /// with the questionnaire versions their assessments use, and how many
    /// records went without their contacts: a bundle carries a person's data
    /// only where consent to hold it is recorded (in a self-assessment too: the
    /// owner ticks it on the profile, as on the offline form).
    pub fn export_bundle(
        &self,
        ids: &[Ulid],
        kind: BundleKind,
        by: &str,
        machine: &str,
        now: Timestamp,
    ) -> Result<(Bundle, usize), WorkspaceError> {
        let mut enterprises = Vec::with_capacity(ids.len());
        let mut versions = std::collections::BTreeSet::new();
        let mut contacts_left_out = 0;
        for id in ids {
            let e = self
                .get(*id)
                .ok_or_else(|| WorkspaceError::NotFound(id.to_string()))?;
            for a in &e.assessments {
                versions.insert((a.questionnaire.clone(), a.questionnaire_version.clone()));
            }
            if !e.may_share_contacts() && e.has_contacts() {
                contacts_left_out += 1;
            }
            if kind == BundleKind::SelfAssessment {
                enterprises.push(form_shaped(e));
            } else if !e.may_share_contacts() && e.has_contacts() {
                enterprises.push(e.without_contacts());
            } else {
                enterprises.push(e.clone());
            }
        }
        let mut questionnaires = Vec::new();
        for (id, version) in versions {
            let source = self
                .folder
                .questionnaire_source(&id, &version)
                .or_else(|| {
                    crate::questionnaire::Registry::builtin_source(&id, &version).map(str::to_owned)
                })
                .ok_or_else(|| WorkspaceError::UnknownQuestionnaire {
                    id: id.clone(),
                    version: version.clone(),
                })?;
            questionnaires.push(BundledQuestionnaire {
                id,
                version,
                source,
            });
        }
        let bundle = Bundle::new(kind, by, machine, now, enterprises, questionnaires);
        Ok((bundle, contacts_left_out))
    }
}

/// The record a batch was about to write, merged with the version another
/// program put on disk since it was read (see [`crate::store::journal::Remerge`]).
pub(super) fn remerge_record(ours: &[u8], theirs: &[u8]) -> Option<Vec<u8>> {
    let ours = crate::store::parse_enterprise_file(std::str::from_utf8(ours).ok()?).ok()?;
    let theirs = crate::store::parse_enterprise_file(std::str::from_utf8(theirs).ok()?).ok()?;
    if ours.id != theirs.id {
        return None;
    }
    let note = crate::enterprise::Change {
        at: Timestamp::now(),
        by: String::new(),
        what: crate::enterprise::ChangeKind::Merged {
            source: "another program writing to the same folder during an import".into(),
        },
    };
    let mut merged = crate::enterprise::merge::merge(&ours, &theirs, Some(note)).enterprise;
    merged.canonical_order();
    crate::store::encode_enterprise(&merged)
        .ok()
        .map(String::into_bytes)
}
