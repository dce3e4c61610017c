//! Applying what the window asks of bundles, conflicts, duplicates and the
//! self-assessment mode.
//!
//! Key type: [`ExchangeAction`]; method `AppCore::apply_exchange`, called from
//! [`AppCore::apply`](super::AppCore::apply).
//!
//! Policy: an import is always previewed first: `PreviewImport` reads and plans
//! each bundle without writing, `ConfirmImport` applies the plans (each bundle
//! whole or not at all). Paths come from file dialogs or drag-and-drop in the UI.

use jiff::Timestamp;
use ulid::Ulid;

use super::action::{Effect, ExchangeAction};
use super::apply::AppCore;
use super::state::{Confirm, ImportPreview, Page};

use crate::exchange::bundle::{self, BundleKind, open_bundle, write_bundle};
use crate::explain::Explain;
use crate::workspace::{Outcome, WorkspaceError};

/// How a bundle went out.
struct WrittenBundle {
    /// The names of the office keys it was sealed to (none: plain).
    sealed_to: Vec<String>,
    /// Records that went without their contacts (no consent recorded).
    contacts_left_out: usize,
}

impl WrittenBundle {
    /// What to add to the message after an export: `; niêm phong cho …`.
    fn describe(&self) -> crate::text::Text {
        let mut text = if self.sealed_to.is_empty() {
            crate::text::Text::new(
                ". Tệp KHÔNG niêm phong (chương trình chưa có khóa văn phòng).",
                ". The file is NOT sealed (the program has no office key).",
            )
        } else {
            let names = self.sealed_to.join(", ");
            crate::text::Text::new(
                format!(". Tệp đã niêm phong: chỉ văn phòng ({names}) và bạn mở được."),
                format!(". The file is sealed: only the office ({names}) and you can open it."),
            )
        };
        if self.contacts_left_out > 0 {
            let n = self.contacts_left_out;
            text.vi.push_str(&format!(
                " {n} doanh nghiệp không kèm thông tin liên hệ vì chưa ghi nhận sự đồng ý."
            ));
            text.en.push_str(&format!(
                " {n} enterprises went without their contacts: no consent is recorded."
            ));
        }
        text
    }
}

impl AppCore {
    pub(super) fn apply_exchange(
        &mut self,
        action: ExchangeAction,
        now: Timestamp,
    ) -> Result<Option<Effect>, WorkspaceError> {
        let lang = self.prefs.lang;
        match action {
            ExchangeAction::PreviewImport(paths) => {
                let mut preview = ImportPreview::default();
                for path in paths {
                    // The log keeps the library's words; the person reads theirs.
                    let refused = |logged: String, said: String| {
                        super::log::error(&logged);
                        said
                    };
                    match open_bundle(&path, &self.keyring)
                        .map_err(|e| refused(e.to_string(), e.explain(lang)))
                        .and_then(|checked| {
                            self.workspace
                                .plan_import(&checked)
                                .map_err(|e| refused(e.to_string(), e.explain(lang)))
                        }) {
                        Ok(plan) => preview.plans.push(plan),
                        Err(reason) => preview.refused.push(reason),
                    }
                }
                self.view.import = Some(preview);
            }
            ExchangeAction::ConfirmImport => {
                let Some(preview) = self.view.import.take() else {
                    return Ok(None);
                };
                let (mut added, mut updated, mut conflicts) = (0, 0, 0);
                let confirmed = preview.confirmed;
                for stale in preview.plans {
                    // Planned again when imported: the folder may have changed since the preview.
                    let plan = open_bundle(&stale.path, &self.keyring)
                        .map_err(|e| WorkspaceError::Bundle {
                            path: stale.path.clone(),
                            reason: e.to_string(),
                        })
                        .and_then(|checked| {
                            // A key confirmed in the preview is kept only once
                            // its file went in.
                            if confirmed.contains(&stale.path) {
                                self.workspace.import_confirming(&checked)
                            } else {
                                self.workspace.import(&checked)
                            }
                        });
                    match plan {
                        Ok(plan) => {
                            added += plan.count(Outcome::Added);
                            updated += plan.count(Outcome::Updated);
                            conflicts += plan.conflict_count();
                        }
                        Err(e) => self.report(e),
                    }
                }
                self.note_saved(now);
                self.info(lang.pick(
format!(
                        "Đã nhập: {added} doanh nghiệp mới, {updated} được cập nhật, {conflicts} xung đột cần xem (trang “Cần xem lại”)."
                    ), format!(
                        "Imported: {added} new enterprises, {updated} updated, {conflicts} conflicts to review (the “Review” page)."
                    )));
            }
            ExchangeAction::TrustSigner(path) => {
                // The preview already holds the signer's key: nothing to read again.
                let Some(plan) = self
                    .view
                    .import
                    .as_mut()
                    .and_then(|preview| preview.plans.iter_mut().find(|p| p.path == path))
                else {
                    return Ok(None);
                };
                // Shown as confirmed now; written with the import (see ConfirmImport).
                if let crate::workspace::Provenance::Sealed {
                    signer,
                    trust,
                    known_as,
                    ..
                } = &mut plan.provenance
                    && matches!(trust, crate::keys::SignerTrust::New { .. })
                {
                    *trust = crate::keys::SignerTrust::Known {
                        since: crate::text::local_date(now),
                    };
                    *known_as = Some(signer.name.clone()).filter(|name| !name.is_empty());
                    if let Some(preview) = self.view.import.as_mut() {
                        preview.confirmed.push(path);
                    }
                }
            }
            ExchangeAction::CancelImport => self.view.import = None,
            table @ (ExchangeAction::PreviewTable(_)
            | ExchangeAction::TableSheet(_)
            | ExchangeAction::TableRowsAre(_)
            | ExchangeAction::TableColumn { .. }
            | ExchangeAction::TableConsent(_)
            | ExchangeAction::WriteTableRejects
            | ExchangeAction::ConfirmTableImport
            | ExchangeAction::CancelTableImport) => return self.apply_table(table, now),
            ExchangeAction::ExportBundle { path, ids } => {
                let by = self.consultant_name();
                let written = self.write_bundle_of(&ids, BundleKind::Transfer, &by, &path, now)?;
                let mut text = lang.pick(
                    format!(
                        "Đã xuất {} doanh nghiệp vào {}",
                        crate::text::format_count(ids.len() as u64, lang),
                        path.display()
                    ),
                    format!(
                        "{} exported to {}",
                        crate::text::count_of(ids.len(), lang, "", "enterprise", "enterprises"),
                        path.display()
                    ),
                );
                text.push_str(written.describe().get(lang));
                self.info_written(text, &path);
            }
            ExchangeAction::ResolveConflict {
                enterprise,
                field,
                value,
            } => {
                self.workspace
                    .resolve_conflict(enterprise, field, &value, now)?;
                self.note_saved(now);
                self.reload_open_profile(enterprise);
            }
            ExchangeAction::MergeDuplicates { first, second } => {
                let kept = self.workspace.merge_records(first, second, now)?;
                self.note_saved(now);
                self.open_enterprise(kept)?;
            }
            ExchangeAction::SendSelfAssessment { path } => {
                let ids: Vec<Ulid> = self.workspace.enterprises().iter().map(|e| e.id).collect();
                // Who sends it: the person only with their consent, else the enterprise.
                let by = self
                    .workspace
                    .enterprises()
                    .first()
                    .map(
                        |e| match e.may_share_contacts() && !e.contact.person.is_empty() {
                            true => e.contact.person.clone(),
                            false => e.name.clone(),
                        },
                    )
                    .unwrap_or_default();
                let written =
                    self.write_bundle_of(&ids, BundleKind::SelfAssessment, &by, &path, now)?;
                let mut text = lang.pick(
format!(
                        "Đã lưu {}. Hãy gửi tệp này cho chương trình (qua thư điện tử, Zalo hoặc USB).",
                        path.display()
                    ), format!(
                        "Saved {}. Send this file to the program (by e-mail, Zalo or USB).",
                        path.display()
                    ));
                if written.contacts_left_out > 0 {
                    text.push_str(lang.pick(
                        " Tên, điện thoại và thư điện tử người liên hệ không được gửi kèm vì chưa đánh dấu đồng ý trên hồ sơ.",
                        " The contact's name, phone and e-mail are not included: consent is not ticked on the profile.",
                    ));
                }
                self.info_written(text, &path);
            }
            ExchangeAction::BackupNow => {
                let info = self.workspace.backup("manual", now)?;
                self.info(lang.pick(
                    format!("Đã sao lưu vào {}", info.path.display()),
                    format!("Backed up to {}", info.path.display()),
                ));
                // Re-read: the rotation may have removed older ones.
                self.view.backups = self.workspace.folder().backups();
            }
            ExchangeAction::AskRestore(name) => {
                self.view.confirm = Some(Confirm::RestoreBackup(name))
            }
            ExchangeAction::ConfirmRestore => {
                let Some(Confirm::RestoreBackup(name)) =
                    self.take_confirm(|c| matches!(c, Confirm::RestoreBackup(_)))
                else {
                    return Ok(None);
                };
                let restored = self.workspace.restore(&name, now)?;
                self.info(lang.pick(
format!(
                        "Đã khôi phục bản sao lưu {} ({}); trạng thái trước đó được sao lưu với lý do “before-restore”.",
                        restored.name,
                        crate::text::format_moment(restored.taken)
                    ), format!(
                        "Restored backup {} ({}); the state before it was backed up as “before-restore”.",
                        restored.name,
                        crate::text::format_moment(restored.taken)
                    )));
                return Ok(Some(Effect::OpenDataFolder(
                    self.workspace.folder().root().to_owned(),
                )));
            }
            ExchangeAction::EnterSelfAssessment => {
                let folder =
                    super::self_assessment_folder(self.workspace.folder().root().to_owned());
                let data = crate::store::DataFolder::open(&folder)?;
                data.mark_self_assessment()?;
                return Ok(Some(Effect::OpenDataFolder(folder)));
            }
            ExchangeAction::LeaveSelfAssessment => {
                let root = self.workspace.folder().root();
                let program_folder = root
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_suffix("-self-assessment"))
                    .map(|n| root.with_file_name(n))
                    .or_else(crate::store::DataFolder::default_root);
                match program_folder {
                    Some(folder) => return Ok(Some(Effect::OpenDataFolder(folder))),
                    None => self.report(lang.pick(
                        "Không tìm thấy thư mục dữ liệu của chương trình; hãy chọn trong Cài đặt.",
                        "The program's data folder was not found; choose it in Settings.",
                    ).to_owned()),
                }
            }
        }
        Ok(None)
    }

    /// Writes a bundle of `ids` to `path`, from `by` on this machine: sealed to
    /// the office's keys when the program has any (a transfer), plain otherwise.
    fn write_bundle_of(
        &self,
        ids: &[Ulid],
        kind: BundleKind,
        by: &str,
        path: &std::path::Path,
        now: Timestamp,
    ) -> Result<WrittenBundle, WorkspaceError> {
        let (bundle, contacts_left_out) =
            self.workspace
                .export_bundle(ids, kind, by, &bundle::machine_name(), now)?;
        let failed = |e: bundle::BundleError| WorkspaceError::Bundle {
            path: path.to_owned(),
            reason: e.to_string(),
        };
        let office = &self.workspace.program.keys.office;
        let sealed_to = if kind == BundleKind::Transfer && !office.is_empty() {
            let sender = self.keyring.own().map_err(|e| WorkspaceError::Bundle {
                path: path.to_owned(),
                reason: e.to_string(),
            })?;
            bundle::write_sealed_bundle(path, &bundle, sender, by, office).map_err(failed)?;
            office.iter().map(|c| c.name.clone()).collect()
        } else {
            write_bundle(path, &bundle).map_err(failed)?;
            Vec::new()
        };
        Ok(WrittenBundle {
            sealed_to,
            contacts_left_out,
        })
    }

    /// The page to show when a self-assessment folder opens: the profile form for a
    /// new enterprise, or the enterprise's profile.
    pub(super) fn start_self_assessment_view(&mut self) {
        match self.workspace.enterprises().first().map(|e| e.id) {
            Some(id) => {
                if let Err(e) = self.open_enterprise(id) {
                    self.report(e);
                }
            }
            None => {
                self.view.page = Page::Profile(Box::default());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, PageKind, Prefs};
    use crate::enterprise::Enterprise;
    use crate::workspace::Workspace;

    #[test]
    fn the_self_assessment_folder_sits_beside_the_data_folder_and_leads_back_to_it() {
        let parent = tempfile::tempdir().unwrap();
        let data = parent.path().join("sohoa");
        let mut core = AppCore::new(Workspace::open(&data).unwrap(), Prefs::default());
        let effect = core.apply(
            Action::Exchange(ExchangeAction::EnterSelfAssessment),
            Timestamp::now(),
        );
        let self_folder = parent.path().join("sohoa-self-assessment");
        assert_eq!(effect, Some(Effect::OpenDataFolder(self_folder.clone())));
        assert!(
            crate::store::DataFolder::open(&self_folder)
                .unwrap()
                .is_self_assessment()
        );

        let mut inside = AppCore::new(Workspace::open(&self_folder).unwrap(), Prefs::default());
        assert!(inside.view.self_assessment);
        assert_eq!(
            inside.view.page.kind(),
            PageKind::Profile,
            "starts on the enterprise's details"
        );
        let effect = inside.apply(
            Action::Exchange(ExchangeAction::LeaveSelfAssessment),
            Timestamp::now(),
        );
        assert_eq!(effect, Some(Effect::OpenDataFolder(data)));
    }

    #[test]
    fn a_backup_restored_from_settings_brings_the_old_record_back_after_a_second_click() {
        let parent = tempfile::tempdir().unwrap();
        let data = parent.path().join("data");
        let mut ws = Workspace::open(&data).unwrap();
        let id = ws
            .save(Enterprise::new("HTX Bưởi", Timestamp::UNIX_EPOCH))
            .unwrap();
        let mut core = AppCore::new(ws, Prefs::default());
        let _ = core.apply(
            Action::Exchange(ExchangeAction::BackupNow),
            Timestamp::now(),
        );
        let name = core.view.backups.last().unwrap().name.clone();
        let mut e = core.workspace.get(id).unwrap().clone();
        e.name = "Tên sai".into();
        core.workspace.save(e).unwrap();
        let later = Timestamp::now() + jiff::SignedDuration::from_mins(1);
        let _ = core.apply(Action::Exchange(ExchangeAction::AskRestore(name)), later);
        assert_eq!(
            Workspace::open(&data).unwrap().get(id).unwrap().name,
            "Tên sai",
            "not yet"
        );
        let effect = core.apply(Action::Exchange(ExchangeAction::ConfirmRestore), later);
        assert_eq!(effect, Some(Effect::OpenDataFolder(data.clone())));
        assert_eq!(
            Workspace::open(&data).unwrap().get(id).unwrap().name,
            "HTX Bưởi"
        );
    }

    #[test]
    fn merging_two_duplicates_opens_the_record_that_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        let first = ws
            .save(Enterprise::new("HTX Bưởi Chợ Lách", Timestamp::UNIX_EPOCH))
            .unwrap();
        let second = ws
            .save(Enterprise::new(
                "Hợp tác xã Bưởi Chợ Lách",
                Timestamp::now(),
            ))
            .unwrap();
        let mut core = AppCore::new(ws, Prefs::default());
        let _ = core.apply(
            Action::Exchange(ExchangeAction::MergeDuplicates { first, second }),
            Timestamp::now(),
        );
        assert_eq!(core.workspace.enterprises().len(), 1);
        assert_eq!(core.view.page.kind(), PageKind::Profile);
        assert_eq!(
            core.view.profile().and_then(|p| p.id),
            Some(first.min(second))
        );
        assert!(core.view.messages.is_empty(), "{:?}", core.view.messages);
    }
}
