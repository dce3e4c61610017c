//! Whose keys a program trusts: the office's, the senders a person has confirmed,
//! and the keys revoked from a date.
//!
//! Key types: [`KeySettings`] (the `keys: (…)` part of `program.ron`),
//! [`KnownKey`], [`RevokedKey`], [`SignerTrust`].
//!
//! Policy: a key is known by its fingerprint, never by its name (anyone can
//! call a key "Lan"). A revoked key is refused for bundles sealed on or after
//! its revocation date, whatever list it is also on. Pure, no I/O.
//!
//! ```
//! use sohoa_core::keys::{KeyPair, KeySettings, SignerTrust};
//! let office = KeyPair::generate().unwrap();
//! let lan = KeyPair::generate().unwrap();
//! let mut settings = KeySettings::default();
//! settings.add_office(office.card("Văn phòng"));
//! let day = jiff::civil::date(2026, 11, 30);
//! assert_eq!(settings.trust(&office.card("Văn phòng"), day, &lan.fingerprint()), SignerTrust::Office);
//! assert!(matches!(settings.trust(&lan.card("Lan"), day, &office.fingerprint()), SignerTrust::New { .. }));
//! ```

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::KeyCard;
use crate::text::Text;

/// Keys and rules for sealed bundles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KeySettings {
    /// The program office's public keys: bundles are sealed to them.
    pub office: Vec<KeyCard>,
    /// Senders' keys a person here has confirmed.
    pub known: Vec<KnownKey>,
    /// Keys no longer trusted, each from a date.
    pub revoked: Vec<RevokedKey>,
    /// Refuse bundles that are not sealed (enterprises' own self-assessments,
    /// unsigned by nature, are still taken, labelled so).
    pub sealed_only: bool,
}

impl KeySettings {
    /// The stricter of two versions of these settings, for settings changed on
    /// two computers at once: sealed bundles only if either says so; every
    /// revocation of either (the earlier date when both revoked a key); every
    /// office key and confirmed key of either, except revoked ones. Says what it
    /// took from `other` (empty: nothing).
    pub fn take_stricter(&mut self, other: &KeySettings) -> Vec<&'static str> {
        let mut taken = Vec::new();
        if other.sealed_only && !self.sealed_only {
            self.sealed_only = true;
            taken.push("sealed bundles only");
        }
        for theirs in &other.revoked {
            match self
                .revoked
                .iter_mut()
                .find(|r| r.fingerprint == theirs.fingerprint)
            {
                Some(ours) if theirs.from < ours.from => {
                    ours.from = theirs.from;
                    taken.push("an earlier revocation");
                }
                Some(_) => {}
                None => {
                    self.revoked.push(theirs.clone());
                    taken.push("a revoked key");
                }
            }
        }
        let revoked = |fingerprint: &str| self.revoked.iter().any(|r| r.fingerprint == fingerprint);
        let office: Vec<KeyCard> = other
            .office
            .iter()
            .filter(|card| {
                !revoked(&card.fingerprint())
                    && !self
                        .office
                        .iter()
                        .any(|o| o.fingerprint() == card.fingerprint())
            })
            .cloned()
            .collect();
        let known: Vec<KnownKey> = other
            .known
            .iter()
            .filter(|k| {
                !revoked(&k.card.fingerprint())
                    && !self
                        .known
                        .iter()
                        .any(|o| o.card.fingerprint() == k.card.fingerprint())
            })
            .cloned()
            .collect();
        if !office.is_empty() {
            taken.push("an office key");
        }
        if !known.is_empty() {
            taken.push("a confirmed key");
        }
        self.office.extend(office);
        self.known.extend(known);
        let revoked: Vec<String> = self.revoked.iter().map(|r| r.fingerprint.clone()).collect();
        self.office.retain(|c| !revoked.contains(&c.fingerprint()));
        self.known
            .retain(|k| !revoked.contains(&k.card.fingerprint()));
        self.office.sort_by_key(KeyCard::fingerprint);
        self.known.sort_by_key(|k| k.card.fingerprint());
        self.revoked
            .sort_by(|a, b| a.fingerprint.cmp(&b.fingerprint));
        taken.dedup();
        taken
    }
}

/// A sender's key confirmed by a person here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownKey {
    pub card: KeyCard,
    /// The day it was confirmed.
    pub trusted: Date,
    /// Who confirmed it.
    #[serde(default)]
    pub by: String,
}

/// A key no longer trusted for bundles sealed on or after `from`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokedKey {
    pub fingerprint: String,
    /// Its name when it was revoked, if it was known here.
    #[serde(default)]
    pub name: String,
    pub from: Date,
}

/// What this program makes of a bundle's signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerTrust {
    /// This installation's own key.
    Own,
    /// One of the office's keys.
    Office,
    /// A key a person here confirmed on that day.
    Known { since: Date },
    /// A key not seen before; when another key already goes by the same name,
    /// that key's fingerprint (a warning sign).
    New { same_name_as: Option<String> },
    /// Revoked from that day, and the bundle was sealed on or after it.
    Revoked { from: Date },
}

impl SignerTrust {
    /// Whether a bundle so signed may be imported without asking.
    pub fn is_trusted(&self) -> bool {
        matches!(
            self,
            SignerTrust::Own | SignerTrust::Office | SignerTrust::Known { .. }
        )
    }

    /// How the preview names it.
    pub fn describe(&self) -> Text {
        match self {
            SignerTrust::Own => Text::new("khóa của chính máy này", "this installation's own key"),
            SignerTrust::Office => Text::new(
                "khóa của văn phòng chương trình",
                "the program office's key",
            ),
            SignerTrust::Known { since } => Text::new(
                format!("khóa đã xác nhận ngày {}", crate::text::format_date(*since)),
                format!("a key confirmed on {}", crate::text::format_date(*since)),
            ),
            SignerTrust::New { same_name_as: None } => Text::new(
                "khóa MỚI, chưa từng gặp: hãy gọi người gửi để đối chiếu dấu vân tay trước khi tin",
                "a NEW key, never seen here: call the sender to compare the fingerprint before trusting it",
            ),
            SignerTrust::New {
                same_name_as: Some(other),
            } => Text::new(
                format!(
                    "khóa MỚI mang tên của một khóa đã biết ({other}) nhưng khác khóa đó: có thể là giả mạo, hoặc người gửi đã đổi máy; hãy gọi để hỏi"
                ),
                format!(
                    "a NEW key under the name of a known key ({other}) but not that key: it may be forged, or the sender changed computers; call to ask"
                ),
            ),
            SignerTrust::Revoked { from } => Text::new(
                format!(
                    "khóa đã bị thu hồi từ ngày {}",
                    crate::text::format_date(*from)
                ),
                format!("a key revoked from {}", crate::text::format_date(*from)),
            ),
        }
    }
}

impl KeySettings {
    pub fn is_empty(&self) -> bool {
        self == &KeySettings::default()
    }

    /// What to make of `signer`, for a bundle sealed on `sealed_on`, at an
    /// installation whose own key is `own_fingerprint`.
    pub fn trust(&self, signer: &KeyCard, sealed_on: Date, own_fingerprint: &str) -> SignerTrust {
        let fingerprint = signer.fingerprint();
        if let Some(revoked) = self
            .revoked
            .iter()
            .filter(|r| r.fingerprint == fingerprint)
            .min_by_key(|r| r.from)
            && sealed_on >= revoked.from
        {
            return SignerTrust::Revoked { from: revoked.from };
        }
        if fingerprint == own_fingerprint {
            return SignerTrust::Own;
        }
        if self.office.iter().any(|c| c.fingerprint() == fingerprint) {
            return SignerTrust::Office;
        }
        if let Some(known) = self
            .known
            .iter()
            .find(|k| k.card.fingerprint() == fingerprint)
        {
            return SignerTrust::Known {
                since: known.trusted,
            };
        }
        // Names that look alike count as the same name: a Cyrillic letter or a
        // zero-width space must not pass for another sender.
        let looks = crate::text::look_alike_key(&signer.name);
        let same_name_as = self
            .office
            .iter()
            .chain(self.known.iter().map(|k| &k.card))
            .find(|c| !looks.is_empty() && crate::text::look_alike_key(&c.name) == looks)
            .map(KeyCard::fingerprint);
        SignerTrust::New { same_name_as }
    }

    /// The name the key `fingerprint` goes by here: the office card's name, or
    /// the name it was confirmed under.
    pub fn known_name(&self, fingerprint: &str) -> Option<&str> {
        self.office
            .iter()
            .find(|c| c.fingerprint() == fingerprint)
            .map(|c| c.name.as_str())
            .or_else(|| {
                self.known
                    .iter()
                    .find(|k| k.card.fingerprint() == fingerprint)
                    .map(|k| k.card.name.as_str())
            })
    }

    /// Adds an office key; false when it is already there.
    pub fn add_office(&mut self, card: KeyCard) -> bool {
        if self
            .office
            .iter()
            .any(|c| c.fingerprint() == card.fingerprint())
        {
            return false;
        }
        self.office.push(card);
        true
    }

    /// Removes the office key with `fingerprint`; false when there is none.
    pub fn remove_office(&mut self, fingerprint: &str) -> bool {
        let before = self.office.len();
        self.office
            .retain(|c| !same_fingerprint(&c.fingerprint(), fingerprint));
        self.office.len() != before
    }

    /// Records that a person confirmed `card`.
    pub fn confirm(&mut self, card: KeyCard, today: Date, by: &str) {
        if self
            .known
            .iter()
            .any(|k| k.card.fingerprint() == card.fingerprint())
        {
            return;
        }
        self.known.push(KnownKey {
            card,
            trusted: today,
            by: by.to_owned(),
        });
    }

    /// Revokes `fingerprint` (written form, see [`parse_fingerprint`]) for
    /// bundles sealed on or after `from` (an earlier date replaces a later one; a
    /// later one does not undo an earlier one).
    pub fn revoke(&mut self, fingerprint: &str, from: Date) {
        let fingerprint = parse_fingerprint(fingerprint).unwrap_or_else(|| fingerprint.to_owned());
        let name = self
            .office
            .iter()
            .chain(self.known.iter().map(|k| &k.card))
            .find(|c| c.fingerprint() == fingerprint)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        match self
            .revoked
            .iter_mut()
            .find(|r| r.fingerprint == fingerprint)
        {
            Some(existing) => existing.from = existing.from.min(from),
            None => self.revoked.push(RevokedKey {
                fingerprint,
                name,
                from,
            }),
        }
    }
}

/// Fingerprints compared as people type them (any case, with or without dashes).
pub fn same_fingerprint(a: &str, b: &str) -> bool {
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    clean(a) == clean(b)
}

/// `text` as a fingerprint in its written form (`XXXX-XXXX-XXXX-XXXX`), when it
/// is one however typed (any case, with or without dashes and spaces).
pub fn parse_fingerprint(text: &str) -> Option<String> {
    let clean: String = text
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let well_formed = clean.len() == 16
        && clean
            .chars()
            .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c));
    well_formed.then(|| {
        clean
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeyPair;
    use jiff::civil::date;

    #[test]
    fn a_revoked_key_is_refused_from_its_date_and_accepted_before() {
        let lan = KeyPair::generate().unwrap();
        let mut settings = KeySettings::default();
        settings.confirm(lan.card("Lan"), date(2026, 1, 5), "Hùng");
        settings.revoke(&lan.fingerprint(), date(2026, 11, 1));
        let own = "AAAA-AAAA-AAAA-AAAA";
        assert_eq!(
            settings.trust(&lan.card("Lan"), date(2026, 10, 31), own),
            SignerTrust::Known {
                since: date(2026, 1, 5)
            }
        );
        assert_eq!(
            settings.trust(&lan.card("Lan"), date(2026, 11, 1), own),
            SignerTrust::Revoked {
                from: date(2026, 11, 1)
            }
        );
        assert_eq!(settings.revoked[0].name, "Lan");
    }

    #[test]
    fn revoking_again_later_does_not_undo_an_earlier_revocation() {
        let mut settings = KeySettings::default();
        settings.revoke("abcd-efgh-ijkl-mnop", date(2026, 3, 1));
        settings.revoke("ABCD-EFGH-IJKL-MNOP", date(2026, 9, 1));
        assert_eq!(settings.revoked.len(), 1);
        assert_eq!(settings.revoked[0].from, date(2026, 3, 1));
    }

    #[test]
    fn a_new_key_under_a_known_name_points_at_the_known_key() {
        let lan = KeyPair::generate().unwrap();
        let impostor = KeyPair::generate().unwrap();
        let mut settings = KeySettings::default();
        settings.confirm(lan.card("Nguyễn Thị Lan"), date(2026, 1, 5), "");
        assert_eq!(
            settings.trust(&impostor.card("nguyen thi lan"), date(2026, 2, 1), ""),
            SignerTrust::New {
                same_name_as: Some(lan.fingerprint())
            }
        );
    }

    #[test]
    fn a_new_key_under_a_look_alike_of_a_known_name_points_at_the_known_key() {
        let lan = KeyPair::generate().unwrap();
        let impostor = KeyPair::generate().unwrap();
        let mut settings = KeySettings::default();
        settings.confirm(lan.card("Lan"), date(2026, 1, 5), "");
        // A Cyrillic а; a zero-width space; a soft hyphen; rn for m.
        for look_alike in ["L\u{430}n", "l\u{200b}an", "La\u{ad}n"] {
            assert_eq!(
                settings.trust(&impostor.card(look_alike), date(2026, 2, 1), ""),
                SignerTrust::New {
                    same_name_as: Some(lan.fingerprint())
                },
                "{look_alike:?}"
            );
        }
        let kim = KeyPair::generate().unwrap();
        settings.confirm(kim.card("Kim"), date(2026, 1, 5), "");
        assert_eq!(
            settings.trust(&impostor.card("Kirn"), date(2026, 2, 1), ""),
            SignerTrust::New {
                same_name_as: Some(kim.fingerprint())
            }
        );
        assert_eq!(
            settings.trust(&impostor.card("Lâm"), date(2026, 2, 1), ""),
            SignerTrust::New { same_name_as: None }
        );
    }

    #[test]
    fn fingerprints_match_however_they_are_typed() {
        assert!(same_fingerprint("k7qf3mzd6wxa2npc", "K7QF-3MZD-6WXA-2NPC"));
        assert_eq!(
            parse_fingerprint("k7qf 3mzd6wxa-2npc").as_deref(),
            Some("K7QF-3MZD-6WXA-2NPC")
        );
        assert_eq!(parse_fingerprint("K7QF-3MZD-6WXA-2NP1"), None);
    }
}
