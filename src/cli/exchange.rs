//! `sohoa export --bundle`, `sohoa import`, `sohoa duplicates`, `sohoa merge`,
//! `sohoa backup list|create|restore`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jiff::Timestamp;
use serde_json::json;
use sohoa_core::explain::{ENGLISH_DETAIL, Explain, unconfirmed_signer};
use ulid::Ulid;

use super::{Failure, Out};
use sohoa_core::exchange::bundle::{self, BundleKind, open_bundle, write_bundle};
use sohoa_core::keys::Keyring;
use sohoa_core::keys::SignerTrust;
use sohoa_core::text::Lang;
use sohoa_core::workspace::{DuplicateReason, Outcome, Provenance, Workspace, WorkspaceError};

/// Which enterprises go into a bundle.
pub struct Selection<'a> {
    pub enterprises: &'a [String],
    pub since: Option<&'a str>,
}

/// Whether and to whom a bundle is sealed.
pub struct Sealing<'a> {
    pub keyring: &'a Keyring,
    /// Write a plain bundle even when the program has an office key.
    pub no_seal: bool,
    /// Key card files to seal to besides the office's.
    pub extra: &'a [PathBuf],
}

/// How `sohoa import` runs.
pub struct ImportOptions {
    pub dry_run: bool,
    pub trust: TrustOnImport,
    pub json: bool,
}

/// Which new signing keys an import may confirm.
pub enum TrustOnImport {
    /// None: a bundle signed by a new key is refused.
    Nothing,
    /// The keys with these fingerprints (as written, see
    /// [`sohoa_core::keys::trust::parse_fingerprint`]).
    Keys(Vec<String>),
    /// Whatever new key signed the one file given.
    TheOneFile,
}

impl TrustOnImport {
    pub fn new(
        keys: Vec<String>,
        new_key: bool,
        files: usize,
        lang: Lang,
    ) -> Result<TrustOnImport, Failure> {
        if new_key && files > 1 {
            return Err(Failure::bad(lang.pick(
                "`--trust-new-key` xác nhận khóa của một tệp; với nhiều tệp, hãy nêu từng khóa cần xác nhận bằng `--trust-key FINGERPRINT`",
                "--trust-new-key confirms the key of one file; with several files, name each key to confirm with --trust-key FINGERPRINT",
            )));
        }
        let mut fingerprints = Vec::new();
        for key in keys {
            fingerprints.push(
                sohoa_core::keys::trust::parse_fingerprint(&key)
                    .ok_or_else(|| super::keys::not_a_fingerprint(&key, lang))?,
            );
        }
        Ok(match (new_key, fingerprints.is_empty()) {
            (true, _) => TrustOnImport::TheOneFile,
            (false, false) => TrustOnImport::Keys(fingerprints),
            (false, true) => TrustOnImport::Nothing,
        })
    }

    /// Whether the key that signed `checked` may be confirmed by this import.
    fn covers(&self, checked: &bundle::CheckedBundle) -> bool {
        match self {
            TrustOnImport::Nothing => false,
            TrustOnImport::TheOneFile => true,
            TrustOnImport::Keys(keys) => checked.seal.as_ref().is_some_and(|seal| {
                keys.iter().any(|k| {
                    sohoa_core::keys::trust::same_fingerprint(k, &seal.signer.fingerprint())
                })
            }),
        }
    }
}

pub fn export_bundle(
    ws: &Workspace,
    path: &Path,
    selection: Selection,
    sealing: Sealing,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let mut to = if sealing.no_seal {
        Vec::new()
    } else {
        ws.program.keys.office.clone()
    };
    for file in sealing.extra {
        to.push(super::keys::read_card(file, lang)?);
    }
    let since = match selection.since {
        Some(text) => Some(
            sohoa_core::text::parse_date(text)
                .ok_or_else(|| super::enterprise::not_a_date(text, lang))?,
        ),
        None => None,
    };
    let ids: Vec<Ulid> = if selection.enterprises.is_empty() {
        ws.enterprises()
            .iter()
            .filter(|e| since.is_none_or(|d| sohoa_core::text::local_date(e.modified) >= d))
            .map(|e| e.id)
            .collect()
    } else {
        selection
            .enterprises
            .iter()
            .map(|query| {
                ws.find(query)
                    .map(|e| e.id)
                    .ok_or_else(|| Failure::from(ws.missing(query)))
            })
            .collect::<Result<_, _>>()?
    };
    let (bundle, contacts_left_out) = ws.export_bundle(
        &ids,
        BundleKind::Transfer,
        ws.actor(),
        &bundle::machine_name(),
        Timestamp::now(),
    )?;
    if to.is_empty() {
        write_bundle(path, &bundle).map_err(|e| Failure::Internal(e.into()))?;
    } else {
        let sender = sealing
            .keyring
            .own()
            .map_err(|e| Failure::Internal(e.into()))?;
        bundle::write_sealed_bundle(path, &bundle, sender, ws.actor(), &to)
            .map_err(|e| Failure::Internal(e.into()))?;
    }
    out.line(path.display().to_string());
    if contacts_left_out > 0 {
        eprintln!(
            "{}",
            lang.pick(
                format!(
                    "{contacts_left_out} doanh nghiệp được xuất không kèm thông tin liên hệ: chưa ghi nhận đồng ý cho giữ dữ liệu cá nhân của họ (`sohoa enterprise consent`)"
                ),
                format!(
                    "{contacts_left_out} enterprises went without their contacts: no consent to hold their personal data is recorded (sohoa enterprise consent)"
                ),
            )
        );
    }
    let (enterprises, questionnaires) = (bundle.enterprises.len(), bundle.questionnaires.len());
    let recipients = to
        .iter()
        .map(|c| format!("{} ({})", c.name, c.fingerprint()))
        .collect::<Vec<_>>()
        .join(", ");
    eprintln!(
        "{}",
        match to.is_empty() {
            true => lang.pick(
                format!(
                    "Đã ghi {enterprises} doanh nghiệp và {questionnaires} phiên bản bộ câu hỏi, không niêm phong"
                ),
                format!(
                    "{enterprises} enterprises and {questionnaires} questionnaire versions written, not sealed"
                ),
            ),
            false => lang.pick(
                format!(
                    "Đã ghi {enterprises} doanh nghiệp và {questionnaires} phiên bản bộ câu hỏi, niêm phong cho {recipients} và cho bạn"
                ),
                format!(
                    "{enterprises} enterprises and {questionnaires} questionnaire versions written, sealed to {recipients} and to you"
                ),
            ),
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Imports each bundle all-or-nothing; a refused bundle does not stop the others
/// but makes the exit code 1.
pub fn import(
    ws: &mut Workspace,
    keyring: &Keyring,
    files: &[PathBuf],
    options: ImportOptions,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let ImportOptions {
        dry_run,
        trust,
        json,
    } = options;
    let mut refused = 0;
    let mut reports = Vec::new();
    for path in files {
        // A refusal is (what the reader is told, what `--json` reports).
        let planned = match open_bundle(path, keyring) {
            Err(e) => Err((e.explain(lang), e.to_string())),
            Ok(checked) if dry_run => Ok(ws.plan_import(&checked)),
            Ok(checked) if trust.covers(&checked) => Ok(ws.import_confirming(&checked)),
            Ok(checked) => match unconfirmed(ws, &checked, lang) {
                Some(refusal) => Err(refusal),
                None => Ok(ws.import(&checked)),
            },
        };
        let refusal = match planned {
            Ok(Ok(plan)) => Ok(plan),
            Err(said) => Err(said),
            Ok(Err(
                e @ (WorkspaceError::Bundle { .. }
                | WorkspaceError::UnknownQuestionnaire { .. }
                | WorkspaceError::Unreadable { .. }),
            )) => Err((e.explain(lang), e.to_string())),
            // The disk, not the bundle: stop here; the folder is as it was.
            Ok(Err(e)) => return Err(e.into()),
        };
        let plan = match refusal {
            Ok(plan) => plan,
            // Said in the reader's language; the JSON report keeps the
            // library's own (English) wording, a stable contract.
            Err((said, reason)) => {
                refused += 1;
                eprintln!("{}: {said}", lang.pick("lỗi", "error"));
                reports.push(json!({ "file": path, "refused": reason }));
                continue;
            }
        };
        if json {
            reports.push(json!({
                "file": path,
                "from": plan.origin,
                "provenance": provenance_json(&plan.provenance),
                "added": plan.count(Outcome::Added),
                "updated": plan.count(Outcome::Updated),
                "unchanged": plan.count(Outcome::Unchanged),
                "conflicts": plan.conflict_count(),
                "questionnaires_installed": plan.install.iter().map(|(q, _)| format!("{}-{}", q.id, q.version)).collect::<Vec<_>>(),
                "warnings": plan.warnings,
                "records": plan.records.iter().map(|r| json!({
                    "id": r.result.id.to_string(),
                    "name": r.result.name,
                    "outcome": match r.outcome {
                        Outcome::Added => "added",
                        Outcome::Updated => "updated",
                        Outcome::Unchanged | Outcome::HistoryOnly => "unchanged",
                    },
                    "added_assessments": r.changes.added_assessments,
                    "added_activities": r.changes.added_activities,
                    "removed_activities": r.changes.removed_activities,
                    "discarded_drafts": r.changes.discarded_drafts,
                    "ignored_removals": r.ignored_removals,
                    "same_tax_code_as": r.same_tax_code_as.as_ref().map(|(id, _)| id.to_string()),
                    "conflicts": r.changes.new_conflicts.iter().map(|f| f.key()).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "written": !dry_run,
            }));
            continue;
        }
        out.line(format!(
            "{} — {}: {}{}",
            path.display(),
            plan.origin,
            plan.headline(lang),
            if dry_run {
                lang.pick(" (chạy thử, chưa ghi gì)", " (dry run, nothing written)")
                    .to_owned()
            } else {
                String::new()
            }
        ));
        out.line(format!("  {}", plan.provenance.line(lang)));
        for (q, _) in &plan.install {
            out.line(format!(
                "  + {} {} {}",
                lang.pick("bộ câu hỏi", "questionnaire").to_owned(),
                q.id,
                q.version
            ));
        }
        for record in plan.records.iter().filter(|r| r.worth_showing()) {
            let mark = record.mark();
            let details = record.details(lang);
            out.line(format!(
                "  {mark} {}{}",
                record.result.name,
                if details.is_empty() {
                    String::new()
                } else {
                    format!(" ({details})")
                }
            ));
        }
        // Worded in English only by the library.
        for warning in &plan.warnings {
            out.line(lang.pick(
                format!("  ! {} {warning}", ENGLISH_DETAIL),
                format!("  ! {warning}"),
            ));
        }
    }
    if json {
        out.json(&reports)?;
    }
    Ok(if refused > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The refusal of a bundle signed by a key new here that this import does not
/// confirm, worded as the preview words the key (a new key under a known
/// sender's name: possible impersonation), in `lang` and in English for
/// `--json`. The library would refuse it as well, in English only.
fn unconfirmed(
    ws: &Workspace,
    checked: &bundle::CheckedBundle,
    lang: Lang,
) -> Option<(String, String)> {
    let provenance = ws.provenance(checked).ok()?;
    let said = unconfirmed_signer(&checked.path, &provenance, lang)?;
    let reason = unconfirmed_signer(&checked.path, &provenance, Lang::En)?;
    Some((said, reason))
}

fn provenance_json(provenance: &Provenance) -> serde_json::Value {
    match provenance {
        Provenance::Sealed {
            signer,
            sealed,
            trust,
            known_as,
        } => json!({
            "sealed": true,
            "signer": known_as.as_deref().unwrap_or(&signer.name),
            "name_in_file": signer.name,
            "name_differs": provenance.name_differs(),
            "fingerprint": signer.fingerprint(),
            "sealed_at": sealed.to_string(),
            "trust": match trust {
                SignerTrust::Own => "own",
                SignerTrust::Office => "office",
                SignerTrust::Known { .. } => "known",
                SignerTrust::New { .. } => "new",
                SignerTrust::Revoked { .. } => "revoked",
            },
        }),
        Provenance::Unsigned => json!({ "sealed": false }),
        Provenance::SelfAssessment => json!({ "sealed": false, "self_assessment": true }),
    }
}

pub fn duplicates(
    ws: &Workspace,
    json: bool,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let pairs = ws.duplicates();
    if json {
        let rows: Vec<_> = pairs
            .iter()
            .map(|p| {
                json!({
                    "first": p.first.to_string(),
                    "second": p.second.to_string(),
                    "reason": match p.reason { DuplicateReason::SameTaxCode => "tax_code", DuplicateReason::SameNameAndPlace => "name_and_place" },
                })
            })
            .collect();
        return out.json(&rows).map(|()| ExitCode::SUCCESS);
    }
    if pairs.is_empty() {
        out.line(lang.pick("Không thấy hồ sơ trùng.", "No duplicate records found."));
    }
    for pair in pairs {
        let name = |id| ws.get(id).map(|e| e.name.clone()).unwrap_or_default();
        let reason = match pair.reason {
            DuplicateReason::SameTaxCode => {
                lang.pick("cùng mã số thuế", "same tax code").to_owned()
            }
            DuplicateReason::SameNameAndPlace => lang
                .pick("cùng tên và địa bàn", "same name and place")
                .to_owned(),
        };
        out.line(format!("{}  {}  ({reason})", pair.first, name(pair.first)));
        out.line(format!("{}  {}", pair.second, name(pair.second)));
        out.line(format!("  sohoa merge {} {}", pair.first, pair.second));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn merge(
    ws: &mut Workspace,
    a: &str,
    b: &str,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let find = |q: &str| {
        ws.find(q)
            .map(|e| e.id)
            .ok_or_else(|| Failure::from(ws.missing(q)))
    };
    let (a, b) = (find(a)?, find(b)?);
    let kept = ws.merge_records(a, b, Timestamp::now())?;
    let e = ws.get(kept).ok_or_else(|| {
        Failure::Internal(anyhow::anyhow!(lang.pick(
            "không thấy hồ sơ sau khi gộp",
            "the merged record is missing",
        )))
    })?;
    out.line(format!("{kept}  {}", e.name));
    for conflict in &e.conflicts {
        if let Some(field) = sohoa_core::enterprise::field::ProfileField::from_key(&conflict.field)
        {
            out.line(format!(
                "  {} {}: {} | {}",
                lang.pick("xung đột", "conflict").to_owned(),
                field.label().get(lang),
                field.display(&field.get(e), lang),
                conflict
                    .others
                    .iter()
                    .map(|v| field.display(v, lang))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn backup_list(
    ws: &Workspace,
    json: bool,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let backups = ws.folder().backups();
    if json {
        let rows: Vec<_> = backups
            .iter()
            .map(|b| json!({"name": b.name, "taken": b.taken.to_string(), "reason": b.reason, "enterprises": b.enterprises, "path": b.path}))
            .collect();
        return out.json(&rows).map(|()| ExitCode::SUCCESS);
    }
    if backups.is_empty() {
        out.line(lang.pick("Chưa có bản sao lưu nào.", "No backups yet."));
    }
    for b in &backups {
        out.line(format!(
            "{}  {}  {}  {} {}",
            b.name,
            sohoa_core::text::format_moment(b.taken),
            b.reason,
            b.enterprises,
            lang.pick("doanh nghiệp", "enterprises").to_owned()
        ));
    }
    eprintln!("{}", ws.folder().backups_dir().display());
    Ok(ExitCode::SUCCESS)
}

pub fn backup_create(ws: &mut Workspace, lang: Lang, out: &mut Out) -> Result<ExitCode, Failure> {
    let info = ws.backup("manual", Timestamp::now())?;
    warn_unreadable(&info, lang);
    out.line(info.path.display().to_string());
    Ok(ExitCode::SUCCESS)
}

/// Names the files a backup could not copy, once, on stderr.
fn warn_unreadable(info: &sohoa_core::store::BackupInfo, lang: Lang) {
    for (name, reason) in &info.unreadable {
        eprintln!(
            "{}: {}",
            super::warning(lang),
            lang.pick(
                format!(
                    "không đọc được {name} nên tệp này không có trong bản sao lưu — {ENGLISH_DETAIL} {reason}"
                ),
                format!("{name} could not be read and is not in the backup: {reason}"),
            )
        );
    }
}

pub fn backup_restore(
    ws: &mut Workspace,
    name: &str,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let restored = ws.restore(name, Timestamp::now())?;
    out.line(format!(
        "{} ({}, {})",
        restored.name,
        sohoa_core::text::format_moment(restored.taken),
        sohoa_core::text::count_of(
            restored.enterprises,
            lang,
            "doanh nghiệp",
            "enterprise",
            "enterprises"
        )
    ));
    Ok(ExitCode::SUCCESS)
}
