//! Applying what the window asks of keys and personal data: this installation's
//! key card, the office's keys, revocations, "sealed bundles only", and consent.
//!
//! Key type: [`KeyAction`] (with the form it reads, [`KeysForm`]); method `AppCore::apply_keys`, called from
//! [`AppCore::apply`](super::AppCore::apply).
//!
//! Policy: every change to the trusted keys goes through the program settings
//! (saved at once, like the command line's `sohoa program office-key`); a key
//! card that does not read is refused with why, nothing changed.

use jiff::Timestamp;

use super::action::KeyAction;
use super::apply::AppCore;
use super::state::{Confirm, KeysForm};
use crate::keys::KeyCard;
use crate::store::{Durability, atomic::write_atomic};
use crate::workspace::WorkspaceError;

impl AppCore {
    /// This installation's key card under the consultant's name.
    pub fn own_card(&self) -> Result<KeyCard, crate::keys::KeyError> {
        let name = self.consultant_name();
        self.keyring.own().map(|pair| pair.card(&name))
    }

    pub(super) fn apply_keys(
        &mut self,
        action: KeyAction,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        let lang = self.prefs.lang;
        let invalid = |text: String| WorkspaceError::InvalidSettings(text);
        match action {
            KeyAction::Load => match self.own_card() {
                Ok(card) => self.view.own_key = Some(card),
                Err(e) => self.report(e),
            },
            KeyAction::ExportCard(path) => {
                let card = self.own_card().map_err(|e| invalid(e.to_string()))?;
                write_atomic(&path, card.to_text().as_bytes(), Durability::Durable)
                    .map_err(|e| invalid(format!("cannot write {}: {e}", path.display())))?;
                self.info_written(
                    lang.pick(
                        format!(
                            "Đã lưu thẻ khóa {} vào {}",
                            card.fingerprint(),
                            path.display()
                        ),
                        format!(
                            "Key card {} saved to {}",
                            card.fingerprint(),
                            path.display()
                        ),
                    ),
                    &path,
                );
            }
            KeyAction::AddOffice => {
                let text = self.view.keys_form.pasted_card.clone();
                let typed = text.trim();
                let card = if !typed.contains("BEGIN SOHOA KEY CARD")
                    && std::path::Path::new(typed).is_file()
                {
                    KeyCard::read(std::path::Path::new(typed))
                } else {
                    KeyCard::parse(typed)
                }
                .map_err(|e| invalid(e.to_string()))?;
                let mut settings = self.workspace.program.clone();
                let fingerprint = card.fingerprint();
                let added = settings.keys.add_office(card);
                if added {
                    self.workspace.update_program(settings)?;
                }
                self.view.keys_form.pasted_card.clear();
                // "Added" and "already there" are two different things to be told.
                self.info(if added {
                    lang.pick(
                        format!("Đã thêm khóa văn phòng {fingerprint} vào chương trình: từ nay mọi gói dữ liệu xuất ra đều được niêm phong cho khóa này."),
                        format!("Office key {fingerprint} added to the program: every bundle exported from now on is sealed to it."),
                    )
                } else {
                    lang.pick(
                        format!("Khóa văn phòng {fingerprint} đã có sẵn trong chương trình từ trước; không có gì thay đổi."),
                        format!("Office key {fingerprint} was already in the program; nothing changed."),
                    )
                });
            }
            KeyAction::RemoveOffice(fingerprint) => {
                let mut settings = self.workspace.program.clone();
                if settings.keys.remove_office(&fingerprint) {
                    self.workspace.update_program(settings)?;
                }
            }
            KeyAction::Revoke => {
                let KeysForm {
                    revoke_fingerprint: fingerprint,
                    revoke_from: from,
                    ..
                } = self.view.keys_form.clone();
                let fingerprint = crate::keys::trust::parse_fingerprint(&fingerprint).ok_or_else(|| {
                    invalid(lang.pick(
                        format!("“{fingerprint}” không phải dấu vân tay khóa (dạng XXXX-XXXX-XXXX-XXXX)"),
                        format!("“{fingerprint}” is not a key fingerprint (XXXX-XXXX-XXXX-XXXX)"),
                    ))
                })?;
                let from = crate::text::parse_date(&from).ok_or_else(|| {
                    invalid(lang.pick(
                        format!("“{from}” không phải ngày (dd/mm/yyyy)"),
                        format!("“{from}” is not a date (dd/mm/yyyy)"),
                    ))
                })?;
                let mut settings = self.workspace.program.clone();
                settings.keys.revoke(&fingerprint, from);
                self.workspace.update_program(settings)?;
                self.view.keys_form.revoke_fingerprint.clear();
                self.view.keys_form.revoke_from.clear();
            }
            KeyAction::SetSealedOnly(on) => {
                let mut settings = self.workspace.program.clone();
                settings.keys.sealed_only = on;
                self.workspace.update_program(settings)?;
            }
            KeyAction::ApplyPreset(path) => {
                let preset = crate::program::preset::read_preset(&path)
                    .map_err(|e| invalid(e.to_string()))?;
                let adopted = self.workspace.program.adopt(&preset);
                self.workspace.update_program(adopted)?;
                let keys = self
                    .workspace
                    .program
                    .keys
                    .office
                    .iter()
                    .map(|c| format!("{} ({})", c.fingerprint(), c.name))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.info(lang.pick(
                    format!("Đã áp dụng cấu hình chương trình. Hãy gọi điện cho văn phòng để đối chiếu dấu vân tay khóa: {keys}"),
                    format!("The program file was applied. Call the office to compare the key fingerprints: {keys}"),
                ));
            }
            KeyAction::ExportPreset(path) => {
                if self.workspace.program.keys.office.is_empty() {
                    let card = self.own_card().map_err(|e| invalid(e.to_string()))?;
                    let mut settings = self.workspace.program.clone();
                    settings.keys.add_office(card);
                    self.workspace.update_program(settings)?;
                }
                let text = self
                    .workspace
                    .program
                    .to_preset()
                    .map_err(|e| invalid(e.to_string()))?;
                write_atomic(&path, text.as_bytes(), Durability::Durable)
                    .map_err(|e| invalid(format!("cannot write {}: {e}", path.display())))?;
                self.info_written(
                    lang.pick(
                        format!("Đã lưu tệp cấu hình chương trình vào {}; gửi tệp này cho các tư vấn viên.", path.display()),
                        format!("The program file was saved to {}; send it to the consultants.", path.display()),
                    ),
                    &path,
                );
            }
            KeyAction::AskForget(enterprise) => {
                self.view.confirm = Some(Confirm::ForgetPersonalData(enterprise))
            }
            KeyAction::CancelForget => {
                self.close_confirm(|c| matches!(c, Confirm::ForgetPersonalData(_)))
            }
            KeyAction::ConfirmForget => {
                let Some(Confirm::ForgetPersonalData(enterprise)) =
                    self.take_confirm(|c| matches!(c, Confirm::ForgetPersonalData(_)))
                else {
                    return Ok(());
                };
                let done = self.workspace.forget(enterprise, now)?;
                self.note_saved(now);
                for (path, reason) in done.backup_failures.iter().chain(&done.quarantine.failed) {
                    self.report(format!("{}: {reason}", path.display()));
                }
                self.reload_open_profile(enterprise);
                let set_aside = done.quarantine.cleaned + done.quarantine.deleted.len();
                self.info(lang.pick(
                    format!(
                        "Đã xóa dữ liệu cá nhân của “{}” khỏi hồ sơ, lịch sử, {} bản sao lưu và {} tệp trong thư mục cách ly. Kết quả đánh giá vẫn giữ, ẩn danh.",
                        done.name, done.backup_copies, set_aside
                    ),
                    format!(
                        "The personal data of “{}” was erased from its record, its history, {} backup copies and {} files set aside in quarantine. Its assessment results stay, anonymous.",
                        done.name, done.backup_copies, set_aside
                    ),
                ));
            }
            KeyAction::RecordConsent { enterprise, given } => {
                let today = crate::text::local_date(now);
                self.workspace
                    .record_consent(enterprise, given, today, now)?;
                self.note_saved(now);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Prefs;
    use crate::app::action::{Action, Edit, ExchangeAction};
    use crate::enterprise::Enterprise;
    use crate::enterprise::field::ProfileField;
    use crate::keys::{KeyPair, Keyring};
    use crate::workspace::{Provenance, Workspace};
    use ulid::Ulid;

    /// An installation: a data folder with one enterprise whose contact is
    /// known, its own key, and the app on it.
    fn installation(name: &str) -> (tempfile::TempDir, AppCore, Ulid) {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(dir.path().join("data")).unwrap();
        let mut e = Enterprise::new(name, Timestamp::UNIX_EPOCH);
        e.contact.phone = "0909 123 456".into();
        let id = ws.save(e).unwrap();
        let mut core = AppCore::new(ws, Prefs::default());
        core.keyring = Keyring::new(dir.path().join("key"));
        core.prefs.consultant = "Lan".into();
        (dir, core, id)
    }

    fn act(core: &mut AppCore, action: Action) {
        core.apply(action, Timestamp::now());
    }

    fn last_message(core: &AppCore) -> String {
        core.view.messages.last().unwrap().text.clone()
    }

    #[test]
    fn a_pasted_office_key_is_added_and_the_box_emptied_and_a_bad_one_is_explained() {
        let (_dir, mut core, _) = installation("HTX Bưởi");
        let office = KeyPair::generate().unwrap().card("Văn phòng");
        let form = KeysForm {
            pasted_card: format!("Gửi anh:\n{}", office.to_text()),
            ..KeysForm::default()
        };
        act(&mut core, Action::Edit(Edit::Keys(form)));
        act(&mut core, Action::Keys(KeyAction::AddOffice));
        assert_eq!(core.workspace.program.keys.office, vec![office]);
        assert_eq!(core.view.keys_form.pasted_card, "");

        let form = KeysForm {
            pasted_card: "-----BEGIN SOHOA KEY CARD-----\nage1xyz".into(),
            ..KeysForm::default()
        };
        act(&mut core, Action::Edit(Edit::Keys(form.clone())));
        act(&mut core, Action::Keys(KeyAction::AddOffice));
        assert!(
            last_message(&core).contains("is the text cut?"),
            "{}",
            last_message(&core)
        );
        assert_eq!(
            core.view.keys_form, form,
            "what was pasted stays to be corrected"
        );
        assert_eq!(core.workspace.program.keys.office.len(), 1);
    }

    #[test]
    fn a_revocation_typed_in_settings_is_kept_and_a_bad_fingerprint_is_refused() {
        let (_dir, mut core, _) = installation("HTX Bưởi");
        let form = KeysForm {
            revoke_fingerprint: "nope".into(),
            revoke_from: "01/12/2026".into(),
            ..KeysForm::default()
        };
        act(&mut core, Action::Edit(Edit::Keys(form)));
        act(&mut core, Action::Keys(KeyAction::Revoke));
        assert!(last_message(&core).contains("không phải dấu vân tay"));
        assert!(core.workspace.program.keys.revoked.is_empty());
        let fingerprint = KeyPair::generate().unwrap().fingerprint();
        let form = KeysForm {
            revoke_fingerprint: fingerprint.to_lowercase(),
            revoke_from: "01/12/2026".into(),
            ..KeysForm::default()
        };
        act(&mut core, Action::Edit(Edit::Keys(form)));
        act(&mut core, Action::Keys(KeyAction::Revoke));
        let revoked = &core.workspace.program.keys.revoked;
        assert_eq!(revoked[0].fingerprint, fingerprint);
        assert_eq!(revoked[0].from, jiff::civil::date(2026, 12, 1));
    }

    #[test]
    fn a_bundle_sealed_in_the_app_is_previewed_with_its_signer_trusted_on_request_and_imported() {
        let (dir, mut lan, _) = installation("HTX Bưởi");
        let (_office_dir, mut office, _) = installation("Công ty Dừa Xanh");
        act(&mut office, Action::Keys(KeyAction::Load));
        let office_card = office.view.own_key.clone().unwrap();
        lan.workspace
            .update_program({
                let mut p = lan.workspace.program.clone();
                p.keys.add_office(office_card);
                p
            })
            .unwrap();
        let path = dir.path().join("lan.sohoa");
        let ids: Vec<Ulid> = lan.workspace.enterprises().iter().map(|e| e.id).collect();
        act(
            &mut lan,
            Action::Exchange(ExchangeAction::ExportBundle {
                path: path.clone(),
                ids,
            }),
        );
        let said = last_message(&lan);
        assert!(said.contains("Tệp đã niêm phong"), "{said}");
        assert!(
            said.contains("1 doanh nghiệp không kèm thông tin liên hệ"),
            "{said}"
        );
        assert!(!String::from_utf8_lossy(&std::fs::read(&path).unwrap()).contains("HTX"));

        act(
            &mut office,
            Action::Exchange(ExchangeAction::PreviewImport(vec![path.clone()])),
        );
        let plan = &office.view.import.as_ref().unwrap().plans[0];
        assert!(plan.provenance.needs_confirmation());
        act(
            &mut office,
            Action::Exchange(ExchangeAction::TrustSigner(path)),
        );
        let plan = &office.view.import.as_ref().unwrap().plans[0];
        assert!(matches!(
            plan.provenance,
            Provenance::Sealed { ref trust, .. } if trust.is_trusted()
        ));
        act(&mut office, Action::Exchange(ExchangeAction::ConfirmImport));
        let names: Vec<&str> = office
            .workspace
            .enterprises()
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert!(names.contains(&"HTX Bưởi"), "{names:?}");
        let imported = office
            .workspace
            .enterprises()
            .iter()
            .find(|e| e.name == "HTX Bưởi")
            .unwrap();
        assert_eq!(imported.contact.phone, "", "no consent, no phone");
    }

    #[test]
    fn erasing_asks_first_then_clears_the_open_profile_and_says_where_it_reached() {
        let (_dir, mut core, id) = installation("HTX Bưởi");
        core.open_enterprise(id).unwrap();
        assert_eq!(
            core.view.profile().unwrap()[ProfileField::Phone],
            "0909 123 456"
        );
        act(&mut core, Action::Keys(KeyAction::AskForget(id)));
        assert!(
            matches!(core.view.confirm, Some(Confirm::ForgetPersonalData(asked)) if asked == id)
        );
        assert_eq!(
            core.workspace.get(id).unwrap().contact.phone,
            "0909 123 456"
        );
        act(&mut core, Action::Keys(KeyAction::ConfirmForget));
        assert!(core.view.confirm.is_none());
        assert_eq!(core.workspace.get(id).unwrap().contact.phone, "");
        assert_eq!(core.view.profile().unwrap()[ProfileField::Phone], "");
        assert!(last_message(&core).starts_with("Đã xóa dữ liệu cá nhân của “HTX Bưởi”"));
    }

    #[test]
    fn consent_recorded_from_the_profile_is_dated_today_with_the_consultant_and_purpose() {
        let (_dir, mut core, id) = installation("HTX Bưởi");
        core.workspace.set_actor("Lan");
        act(
            &mut core,
            Action::Keys(KeyAction::RecordConsent {
                enterprise: id,
                given: true,
            }),
        );
        let consent = core.workspace.get(id).unwrap().consent.clone().unwrap();
        assert!(consent.given);
        assert_eq!(consent.date, crate::text::local_date(Timestamp::now()));
        assert_eq!(consent.recorded_by, "Lan");
        assert!(consent.purpose.starts_with("Liên hệ doanh nghiệp"));
    }
}
