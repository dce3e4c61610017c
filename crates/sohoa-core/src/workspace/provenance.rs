//! Where an incoming bundle comes from, as far as it can be proven, and what
//! the program's key settings make of that.
//!
//! Key type: [`Provenance`]; methods [`Workspace::provenance`],
//! [`Workspace::import_confirming`].
//!
//! Policy: a sealed bundle names its signer by key; the program's settings say
//! whether that key is the office's, confirmed here, new (a person must confirm
//! it before anything is imported) or revoked (refused). A plain bundle is
//! imported with a warning, or refused when the program takes sealed bundles
//! only; an enterprise's self-assessment is unsigned by nature and says so.

use jiff::Timestamp;

use super::{Workspace, WorkspaceError};
use crate::exchange::bundle::{BundleKind, CheckedBundle};
use crate::keys::{KeyCard, SignerTrust};
use crate::text::{Lang, Text};

/// What is known of a bundle's origin.
#[derive(Debug, Clone, PartialEq)]
pub enum Provenance {
    /// Sealed and signed by `signer` at `sealed`.
    Sealed {
        signer: KeyCard,
        sealed: Timestamp,
        trust: SignerTrust,
        /// The name its key goes by here (the office card's, or the one it was
        /// confirmed under), which is what the preview shows: the name in the
        /// file is whatever its signer typed.
        known_as: Option<String>,
    },
    /// A plain bundle between data folders: anyone could have written or changed it.
    Unsigned,
    /// An enterprise's own self-assessment (the offline form or the app): unsigned by nature.
    SelfAssessment,
}

impl Provenance {
    /// Whether a person must confirm the signer's key before the import.
    pub fn needs_confirmation(&self) -> bool {
        matches!(
            self,
            Provenance::Sealed {
                trust: SignerTrust::New { .. },
                ..
            }
        )
    }

    /// Whether the name a sealed file gives its sender differs from the name
    /// its key goes by here (look-alike letters and invisible ones aside).
    pub fn name_differs(&self) -> bool {
        match self {
            Provenance::Sealed {
                signer,
                known_as: Some(known),
                ..
            } => crate::text::look_alike_key(&signer.name) != crate::text::look_alike_key(known),
            _ => false,
        }
    }

    /// The signer's key, when sealed.
    pub fn signer(&self) -> Option<&KeyCard> {
        match self {
            Provenance::Sealed { signer, .. } => Some(signer),
            _ => None,
        }
    }

    /// One line for the preview and the command line.
    pub fn describe(&self) -> Text {
        match self {
            Provenance::Sealed {
                signer,
                sealed,
                trust,
                known_as,
            } => {
                let trust = trust.describe();
                let when = crate::text::format_moment(*sealed);
                let fingerprint = signer.fingerprint();
                let in_file = if signer.name.is_empty() {
                    "?"
                } else {
                    &signer.name
                };
                let name = known_as.as_deref().unwrap_or(in_file);
                let mut text = Text::new(
                    format!(
                        "Niêm phong, ký bởi {name} (khóa {fingerprint}) lúc {when}: {}",
                        trust.vi
                    ),
                    format!(
                        "Sealed, signed by {name} (key {fingerprint}) at {when}: {}",
                        trust.en
                    ),
                );
                if self.name_differs() {
                    text.vi.push_str(&format!(
                        ". CHÚ Ý: tệp tự xưng là “{in_file}”, khác tên khóa này được xác nhận ở đây: có thể là mạo danh"
                    ));
                    text.en.push_str(&format!(
                        ". NOTE: the file calls its sender “{in_file}”, not the name this key was confirmed under here: possible impersonation"
                    ));
                }
                text
            }
            Provenance::Unsigned => Text::new(
                "KHÔNG niêm phong: không chứng minh được ai gửi, và tệp có thể đã bị sửa trên đường đi",
                "NOT sealed: nothing proves who sent it, and it may have been changed on the way",
            ),
            Provenance::SelfAssessment => Text::new(
                "Phiếu tự đánh giá của doanh nghiệp: không có chữ ký (loại tệp này vốn không ký)",
                "An enterprise's own self-assessment: unsigned (such files never are)",
            ),
        }
    }

    /// [`Provenance::describe`] in `lang`.
    pub fn line(&self, lang: Lang) -> String {
        self.describe().get(lang).to_owned()
    }
}

impl Workspace {
    /// What the program makes of `checked`'s origin; refuses a bundle signed by a
    /// revoked key, and a plain bundle when the program takes sealed ones only.
    pub fn provenance(&self, checked: &CheckedBundle) -> Result<Provenance, WorkspaceError> {
        let refuse = |reason: String| WorkspaceError::Bundle {
            path: checked.path.clone(),
            reason,
        };
        let keys = &self.program.keys;
        match &checked.seal {
            Some(seal) => {
                let sealed_on = crate::text::local_date(seal.sealed);
                let trust = keys.trust(&seal.signer, sealed_on, &seal.opened_with);
                if let SignerTrust::Revoked { from } = trust {
                    return Err(refuse(format!(
                        "it is signed by {} (key {}), revoked from {}, and was sealed on {}",
                        seal.signer.name,
                        seal.signer.fingerprint(),
                        crate::text::format_date(from),
                        crate::text::format_date(sealed_on)
                    )));
                }
                // This installation's own key signs under whatever name its user
                // exports with: only the keys of others are held to a name.
                let known_as = match trust {
                    SignerTrust::Own => None,
                    _ => keys.known_name(&seal.signer.fingerprint()).map(str::to_owned),
                }
                .filter(|name| !name.is_empty());
                Ok(Provenance::Sealed {
                    signer: seal.signer.clone(),
                    sealed: seal.sealed,
                    trust,
                    known_as,
                })
            }
            None if checked.bundle.kind == BundleKind::SelfAssessment => {
                Ok(Provenance::SelfAssessment)
            }
            None if keys.sealed_only => Err(refuse(
                "it is not sealed, and this program takes sealed bundles only (Settings → “Accept sealed bundles only”); ask the sender to export it again with the office's key set"
                    .into(),
            )),
            None => Ok(Provenance::Unsigned),
        }
    }

    /// Records that a person here confirmed the key of a bundle whose
    /// `provenance` names a key new here, so its bundles import without asking
    /// again, and says so in `provenance`. Does nothing for a plain bundle or a
    /// key already trusted.
    pub(super) fn trust_signer(
        &mut self,
        provenance: &mut Provenance,
    ) -> Result<(), WorkspaceError> {
        let Provenance::Sealed {
            signer,
            trust,
            known_as,
            ..
        } = provenance
        else {
            return Ok(());
        };
        if !matches!(trust, SignerTrust::New { .. }) {
            return Ok(());
        }
        let mut settings = self.program.clone();
        let today = crate::text::local_date(Timestamp::now());
        settings.keys.confirm(signer.clone(), today, self.actor());
        self.update_program(settings)?;
        *trust = SignerTrust::Known { since: today };
        *known_as = Some(signer.name.clone()).filter(|name| !name.is_empty());
        Ok(())
    }
}
