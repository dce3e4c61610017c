//! Key cards: the public half of an installation's keys, as a person passes it
//! on (a small file, or text pasted into a message).
//!
//! Key type: [`KeyCard`].
//!
//! Policy: the card's text carries a fingerprint line for people to compare;
//! reading checks it against the keys, so a card altered on the way is refused.
//! Pure, no I/O except [`KeyCard::read`].

use std::path::Path;

use data_encoding::{BASE32_NOPAD, BASE64};
use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::KeyError;

const CARD_BEGIN: &str = "-----BEGIN SOHOA KEY CARD-----";
const CARD_END: &str = "-----END SOHOA KEY CARD-----";
const SIGNING_PREFIX: &str = "ed25519:";
const NAME_LABEL: &str = "Tên / Name:";
const FINGERPRINT_LABEL: &str = "Dấu vân tay / Fingerprint:";
/// `age1` and 58 more letters (bech32 of 32 bytes and a checksum).
const AGE_RECIPIENT_LEN: usize = 62;
/// 32 bytes in base64, with its padding.
const ED25519_BASE64_LEN: usize = 44;

/// A public key card: what another installation needs to seal to this one and
/// to check its signatures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyCard {
    /// Who it belongs to, as they named themselves (a label: the fingerprint is what counts).
    pub name: String,
    /// The age recipient, `age1…`.
    pub encryption: String,
    /// The Ed25519 public key, base64.
    pub signing: String,
}

impl KeyCard {
    /// A short, readable digest of the two public keys (not of the name), such as
    /// `K7QF-3MZD-6WXA-2NPC`: what two people read to each other to check a key.
    pub fn fingerprint(&self) -> String {
        let mut hash = Sha256::new();
        hash.update(b"sohoa key card 1\0");
        hash.update(self.encryption.as_bytes());
        hash.update(b"\0");
        hash.update(self.signing.as_bytes());
        let digest = hash.finalize();
        let text = BASE32_NOPAD.encode(&digest[..10]);
        text.as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// The recipient to seal to; fails on a card whose key is not an age key.
    pub fn recipient(&self) -> Result<age::x25519::Recipient, KeyError> {
        self.encryption
            .parse()
            .map_err(|e: &str| KeyError::BadCard(format!("its encryption key: {e}")))
    }

    /// The key that checks this card's signatures.
    pub fn verifying_key(&self) -> Result<VerifyingKey, KeyError> {
        let bytes: [u8; 32] = BASE64
            .decode(self.signing.as_bytes())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| KeyError::BadCard("its signing key is not 32 bytes of base64".into()))?;
        VerifyingKey::from_bytes(&bytes)
            .map_err(|_| KeyError::BadCard("its signing key is not an Ed25519 key".into()))
    }

    /// Whether `signature` over `message` was made by this card's key.
    pub fn verifies(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        self.verifying_key().is_ok_and(|key| {
            key.verify_strict(message, &Signature::from_bytes(signature))
                .is_ok()
        })
    }

    /// Checks that both keys are usable and the name is one plain line.
    pub fn check(&self) -> Result<(), KeyError> {
        self.recipient()?;
        self.verifying_key()?;
        if self.name.chars().count() > 200 {
            return Err(KeyError::BadCard(
                "its name is longer than 200 letters".into(),
            ));
        }
        Ok(())
    }

    /// The card as text, for a file or a message.
    pub fn to_text(&self) -> String {
        format!(
            "{CARD_BEGIN}\n{NAME_LABEL} {}\n{FINGERPRINT_LABEL} {}\n{}\n{SIGNING_PREFIX}{}\n{CARD_END}\n",
            self.name,
            self.fingerprint(),
            self.encryption,
            self.signing
        )
    }

    /// Reads a card from text that contains one (a file, or a pasted message).
    pub fn parse(text: &str) -> Result<KeyCard, KeyError> {
        let bad = |reason: &str| KeyError::BadCard(reason.to_owned());
        let start = text
            .find(CARD_BEGIN)
            .ok_or_else(|| bad("no “BEGIN SOHOA KEY CARD” line"))?;
        let body = &text[start + CARD_BEGIN.len()..];
        let end = body
            .find(CARD_END)
            .ok_or_else(|| bad("no “END SOHOA KEY CARD” line (is the text cut?)"))?;
        // Read by what each part looks like, not line by line: a chat app may
        // join the lines, or drop the Vietnamese letters of the labels.
        let body = &body[..end];
        let after = |label: &str| {
            body.find(label)
                .map(|i| body[i + label.len()..].trim_start())
        };
        let take = |rest: &str, n: usize| rest.get(..n).map(str::to_owned);
        let encryption = body
            .find("age1")
            .and_then(|i| take(&body[i..], AGE_RECIPIENT_LEN))
            .filter(|key| {
                key.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        let signing = after(SIGNING_PREFIX).and_then(|rest| take(rest, ED25519_BASE64_LEN));
        let fingerprint = after("Fingerprint:").and_then(|rest| take(rest, 19));
        let name = after("Name:").map(|rest| {
            let stop = ["Dấu vân tay", "Fingerprint:", "\n", "age1"]
                .iter()
                .filter_map(|label| rest.find(label))
                .min()
                .unwrap_or(rest.len());
            rest[..stop].trim().to_owned()
        });
        let card = KeyCard {
            name: crate::text::visible(&crate::text::nfc_line(&name.unwrap_or_default())),
            encryption: encryption.ok_or_else(|| bad("no encryption key (age1…)"))?,
            signing: signing.ok_or_else(|| bad("no signing key (ed25519:…)"))?,
        };
        card.check()?;
        if let Some(written) = &fingerprint
            && !written.eq_ignore_ascii_case(&card.fingerprint())
        {
            return Err(KeyError::BadCard(format!(
                "its fingerprint line says {written} but its keys give {}: the card was altered",
                card.fingerprint()
            )));
        }
        Ok(card)
    }

    /// Reads a card file.
    pub fn read(path: &Path) -> Result<KeyCard, KeyError> {
        let bytes = crate::bounded_read::read_regular_file(path, 64 * 1024)
            .map_err(|e| KeyError::BadCard(format!("{}: {e}", path.display())))?;
        KeyCard::parse(&String::from_utf8_lossy(&bytes))
    }
}
