//! Applying what the window asks of keys and personal data: this installation's
//! key card, the office's keys, revocations, "sealed bundles only", and consent.
//!
//! Key type: [`KeyAction`]; method `AppCore::apply_keys`, called from
//! [`AppCore::apply`](super::AppCore::apply).
//!
//! Policy: every change to the trusted keys goes through the program settings
//! (saved at once, like the command line's `sohoa program office-key`); a key
//! card that does not read is refused with why, nothing changed.

use std::path::PathBuf;

use jiff::Timestamp;
use ulid::Ulid;

use super::apply::AppCore;
use crate::keys::KeyCard;
use crate::store::{Durability, atomic::write_atomic};
use crate::workspace::WorkspaceError;

/// What the Settings page and the profile ask about keys and personal data.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyAction {
    /// Read (or make, on first use) this installation's key, to show its card.
    Load,
    /// Write this installation's key card to a file.
    ExportCard(PathBuf),
    /// Add an office key from a key card: pasted text, or a file's path.
    AddOffice(String),
    /// Stop sealing to the office key with this fingerprint.
    RemoveOffice(String),
    /// Refuse bundles this key sealed from a date (typed dd/mm/yyyy).
    Revoke { fingerprint: String, from: String },
    /// Take sealed bundles only.
    SetSealedOnly(bool),
    /// Record that an enterprise's contacts gave (or refused) consent today.
    RecordConsent { enterprise: Ulid, given: bool },
}

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
            KeyAction::AddOffice(text) => {
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
                if settings.keys.add_office(card) {
                    self.workspace.update_program(settings)?;
                }
                self.info(lang.pick(
                    format!("Khóa văn phòng {fingerprint} đã có trong chương trình."),
                    format!("Office key {fingerprint} is in the program."),
                ));
            }
            KeyAction::RemoveOffice(fingerprint) => {
                let mut settings = self.workspace.program.clone();
                if settings.keys.remove_office(&fingerprint) {
                    self.workspace.update_program(settings)?;
                }
            }
            KeyAction::Revoke { fingerprint, from } => {
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
            }
            KeyAction::SetSealedOnly(on) => {
                let mut settings = self.workspace.program.clone();
                settings.keys.sealed_only = on;
                self.workspace.update_program(settings)?;
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
