//! Sealed bundles: a bundle encrypted to the program office (and to its sender)
//! with age, and signed by its sender with Ed25519.
//!
//! Key functions: [`seal`], [`open`], [`is_sealed`]; types [`Opened`],
//! [`SealError`].
//!
//! Layout of a sealed file (the same `.sohoa` extension as a plain bundle):
//! ```text
//! sohoa-sealed 1
//! to: K7QF-3MZD-6WXA-2NPC …    fingerprints of the keys it is sealed to, except the sender's
//! (empty line)
//! <an age file (age-encryption.org/v1), binary>
//! ```
//! Inside the age file: `sohoa-signed 1\n`, the manifest's length (4 bytes, big
//! endian) and the manifest (RON: the signer's key card, when it was sealed, the
//! `to` list), the bundle's length (8 bytes) and the bundle's RON text, then a
//! 64-byte Ed25519 signature over the outer header, the manifest and the
//! bundle's SHA-256. So the clear header is covered by the signature, the rest
//! by age's own authentication, and a change anywhere is refused.
//!
//! What someone holding the file without a key learns: that it is a Sohoa
//! sealed bundle, the fingerprints of the office keys (and any other addressee)
//! it is for, how many keys it is sealed to, and its size (which grows with the
//! number of records). The sender's name and fingerprint, the program, the
//! records and the date are inside.
//!
//! Policy: pure (bytes in, bytes out), never panics on input; sizes read from
//! the file are checked against the bytes actually there before use.

use std::io::{Read, Write};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::keys::{KeyCard, KeyPair};

/// The first line of a sealed bundle.
pub const SEALED_MAGIC: &[u8] = b"sohoa-sealed 1\n";
const INNER_MAGIC: &[u8] = b"sohoa-signed 1\n";
const SIGNED_CONTEXT: &[u8] = b"sohoa sealed bundle 1\0";
/// Longest clear header (a line of fingerprints).
const MAX_HEADER_BYTES: usize = 4096;
/// Longest manifest (a key card, a date and a list of fingerprints).
const MAX_MANIFEST_BYTES: u32 = 64 * 1024;
/// Most keys a bundle is sealed to.
pub const MAX_RECIPIENTS: usize = 32;

/// What the signed manifest says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    signer: KeyCard,
    sealed: Timestamp,
    to: Vec<String>,
}

/// A sealed bundle opened and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    /// The bundle's RON text.
    pub bundle: Vec<u8>,
    /// Who signed it (the signature checks against this card).
    pub signer: KeyCard,
    /// When it was sealed, as its signer's clock said.
    pub sealed: Timestamp,
    /// Fingerprints of the keys it was sealed to, besides the sender's.
    pub to: Vec<String>,
}

/// Why a sealed bundle cannot be made or opened.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SealError {
    /// It is sealed to other keys: another office, or another installation.
    #[error("it is sealed for {} (key {}), not for this installation (key {mine})", describe_to(.to), .to.join(", "))]
    NotForThisKey { to: Vec<String>, mine: String },
    /// It opens with this installation's key, but its sender sealed it to other
    /// keys: someone who could open it encrypted it again to this one.
    #[error("its sender sealed it for {} (key {}), not for this installation (key {mine}); it was encrypted again to this installation by someone else, so it is not taken", describe_to(.to), .to.join(", "))]
    ResealedByAnother { to: Vec<String>, mine: String },
    /// A byte was changed, added or removed somewhere: nothing of it is used.
    #[error("it was altered or damaged after it was sealed ({0}); ask the sender for a new copy")]
    Altered(String),
    /// It is larger than any bundle this version reads.
    #[error("it is larger than the {0}-byte limit for a bundle")]
    TooLarge(u64),
    /// A key card cannot be used to seal.
    #[error("cannot seal: {0}")]
    Key(String),
    /// Sealing failed in the encryption library.
    #[error("cannot seal: {0}")]
    Encrypt(String),
}

fn describe_to(to: &[String]) -> &'static str {
    if to.len() == 1 {
        "one other key"
    } else {
        "other keys"
    }
}

/// Whether `bytes` start like a sealed bundle.
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(SEALED_MAGIC)
}

/// Seals `bundle` (its RON text) from `sender` (named `sender_name`) to `to` and
/// to the sender, at `now`.
pub fn seal(
    bundle: &[u8],
    sender: &KeyPair,
    sender_name: &str,
    to: &[KeyCard],
    now: Timestamp,
) -> Result<Vec<u8>, SealError> {
    let own = sender.card(sender_name);
    let mut addressees: Vec<&KeyCard> = Vec::new();
    for card in to {
        card.check().map_err(|e| SealError::Key(e.to_string()))?;
        if !addressees
            .iter()
            .any(|a| a.fingerprint() == card.fingerprint())
        {
            addressees.push(card);
        }
    }
    if addressees.is_empty() {
        return Err(SealError::Key("no key to seal to".into()));
    }
    if addressees.len() + 1 > MAX_RECIPIENTS {
        return Err(SealError::Key(format!(
            "more than {MAX_RECIPIENTS} keys to seal to"
        )));
    }
    let to_fingerprints: Vec<String> = addressees.iter().map(|c| c.fingerprint()).collect();
    let header = outer_header(&to_fingerprints);
    let manifest = ron::to_string(&Manifest {
        signer: own.clone(),
        sealed: now,
        to: to_fingerprints,
    })
    .map_err(|e| SealError::Encrypt(e.to_string()))?;
    let manifest_len = u32::try_from(manifest.len())
        .ok()
        .filter(|len| *len <= MAX_MANIFEST_BYTES)
        .ok_or_else(|| SealError::Key("the sender's name is too long".into()))?;
    let signature = sender.sign(&signed_message(&header, manifest.as_bytes(), bundle));

    let mut recipients = Vec::new();
    for card in addressees.iter().copied().chain(std::iter::once(&own)) {
        recipients.push(
            card.recipient()
                .map_err(|e| SealError::Key(e.to_string()))?,
        );
    }
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| SealError::Encrypt(e.to_string()))?;
    let mut out = header;
    let encrypt = |out: &mut Vec<u8>| -> std::io::Result<()> {
        let mut writer = encryptor.wrap_output(out)?;
        writer.write_all(INNER_MAGIC)?;
        writer.write_all(&manifest_len.to_be_bytes())?;
        writer.write_all(manifest.as_bytes())?;
        writer.write_all(&(bundle.len() as u64).to_be_bytes())?;
        writer.write_all(bundle)?;
        writer.write_all(&signature)?;
        writer.finish()?;
        Ok(())
    };
    encrypt(&mut out).map_err(|e| SealError::Encrypt(e.to_string()))?;
    Ok(out)
}

fn outer_header(to: &[String]) -> Vec<u8> {
    let mut header = SEALED_MAGIC.to_vec();
    header.extend_from_slice(format!("to: {}\n\n", to.join(" ")).as_bytes());
    header
}

fn signed_message(header: &[u8], manifest: &[u8], bundle: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(SIGNED_CONTEXT.len() + header.len() + manifest.len() + 48);
    message.extend_from_slice(SIGNED_CONTEXT);
    message.extend_from_slice(&(header.len() as u64).to_be_bytes());
    message.extend_from_slice(header);
    message.extend_from_slice(&(manifest.len() as u64).to_be_bytes());
    message.extend_from_slice(manifest);
    message.extend_from_slice(&Sha256::digest(bundle));
    message
}

/// The fingerprints a sealed file says it is for, read from its clear header
/// (not yet checked: the signature inside covers them).
pub fn addressed_to(bytes: &[u8]) -> Result<Vec<String>, SealError> {
    split_header(bytes).map(|(to, _)| to)
}

fn split_header(bytes: &[u8]) -> Result<(Vec<String>, usize), SealError> {
    let altered = |what: &str| SealError::Altered(what.to_owned());
    if !is_sealed(bytes) {
        return Err(altered("it does not start like a sealed bundle"));
    }
    // The empty line that ends the header comes after the first line.
    let window = &bytes[SEALED_MAGIC.len()..bytes.len().min(MAX_HEADER_BYTES)];
    let end = window
        .windows(2)
        .position(|w| w == b"\n\n")
        .map(|at| at + SEALED_MAGIC.len())
        .ok_or_else(|| altered("its clear header does not end"))?;
    let text = std::str::from_utf8(&bytes[SEALED_MAGIC.len()..end])
        .map_err(|_| altered("its clear header is not text"))?;
    let list = text
        .strip_prefix("to: ")
        .ok_or_else(|| altered("its clear header has no `to:` line"))?;
    let to: Vec<String> = list
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let well_formed = |fp: &str| {
        fp.len() == 19
            && fp
                .bytes()
                .all(|b| b == b'-' || b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b))
    };
    if to.is_empty() || to.len() > MAX_RECIPIENTS || !to.iter().all(|fp| well_formed(fp)) {
        return Err(altered("its `to:` line is not a list of key fingerprints"));
    }
    Ok((to, end + 2))
}

/// Opens a sealed bundle with `me`, checks its signature, and returns the bundle
/// text with who signed it. `max_bundle` bounds the bundle inside.
pub fn open(bytes: &[u8], me: &KeyPair, max_bundle: u64) -> Result<Opened, SealError> {
    let altered = |what: &str| SealError::Altered(what.to_owned());
    let (to, body_start) = split_header(bytes)?;
    let header = &bytes[..body_start];
    let mine = me.fingerprint();
    let decryptor = age::Decryptor::new_buffered(&bytes[body_start..]).map_err(|e| match e {
        age::DecryptError::InvalidMac => altered("its encryption header does not check"),
        _ => altered("its encryption header cannot be read"),
    })?;
    let reader = match decryptor.decrypt(std::iter::once(me.identity() as &dyn age::Identity)) {
        Ok(reader) => reader,
        Err(age::DecryptError::NoMatchingKeys) if !to.contains(&mine) => {
            return Err(SealError::NotForThisKey { to, mine });
        }
        Err(age::DecryptError::NoMatchingKeys) => {
            return Err(altered(
                "it names this installation's key but does not open with it",
            ));
        }
        Err(age::DecryptError::InvalidMac) => {
            return Err(altered("its encryption header does not check"));
        }
        Err(_) => return Err(altered("its encryption header cannot be read")),
    };
    // The plaintext is never longer than the ciphertext.
    let limit = max_bundle + u64::from(MAX_MANIFEST_BYTES) + 128;
    let mut inner = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut inner)
        .map_err(|_| altered("its encrypted content does not check"))?;
    if inner.len() as u64 > limit {
        return Err(SealError::TooLarge(max_bundle));
    }
    let mut rest = inner
        .strip_prefix(INNER_MAGIC)
        .ok_or_else(|| altered("its content does not start as it should"))?;
    let mut take = |n: usize, what: &str| -> Result<&[u8], SealError> {
        if rest.len() < n {
            return Err(altered(what));
        }
        let (head, tail) = rest.split_at(n);
        rest = tail;
        Ok(head)
    };
    let manifest_len = u32::from_be_bytes(
        take(4, "its manifest is cut")?
            .try_into()
            .map_err(|_| altered("its manifest is cut"))?,
    );
    if manifest_len > MAX_MANIFEST_BYTES {
        return Err(altered("its manifest is larger than any manifest"));
    }
    let manifest_bytes = take(manifest_len as usize, "its manifest is cut")?;
    let bundle_len = u64::from_be_bytes(
        take(8, "its bundle is cut")?
            .try_into()
            .map_err(|_| altered("its bundle is cut"))?,
    );
    if bundle_len > max_bundle {
        return Err(SealError::TooLarge(max_bundle));
    }
    let bundle = take(bundle_len as usize, "its bundle is cut")?;
    let signature: [u8; 64] = take(64, "its signature is cut")?
        .try_into()
        .map_err(|_| altered("its signature is cut"))?;
    if !rest.is_empty() {
        return Err(altered("there are bytes after its signature"));
    }
    let manifest: Manifest = std::str::from_utf8(manifest_bytes)
        .ok()
        .and_then(|text| ron::from_str(text).ok())
        .ok_or_else(|| altered("its manifest cannot be read"))?;
    manifest
        .signer
        .check()
        .map_err(|e| SealError::Altered(format!("its signer's card: {e}")))?;
    if !manifest
        .signer
        .verifies(&signed_message(header, manifest_bytes, bundle), &signature)
    {
        return Err(altered("its signature does not match its content"));
    }
    if manifest.to != to {
        return Err(altered("its clear header does not match what was signed"));
    }
    // The signed list says whom the sender sealed it to: a file that opens here
    // without naming this installation was encrypted again by someone who could
    // open it, and is not the sender's file to this installation.
    if !to.contains(&mine) && manifest.signer.fingerprint() != mine {
        return Err(SealError::ResealedByAnother { to, mine });
    }
    // The bundle is most of the plaintext: keep it in place rather than copy it
    // (a national folder's bundle is hundreds of megabytes).
    let start = bundle.as_ptr() as usize - inner.as_ptr() as usize;
    let end = start + bundle.len();
    inner.truncate(end);
    inner.drain(..start);
    Ok(Opened {
        bundle: inner,
        signer: manifest.signer,
        sealed: manifest.sealed,
        to,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: u64 = 1 << 20;

    struct People {
        office: KeyPair,
        lan: KeyPair,
        other_office: KeyPair,
    }

    fn people() -> People {
        People {
            office: KeyPair::generate().unwrap(),
            lan: KeyPair::generate().unwrap(),
            other_office: KeyPair::generate().unwrap(),
        }
    }

    fn sealed(p: &People) -> Vec<u8> {
        seal(
            b"(format: \"sohoa-bundle\")",
            &p.lan,
            "Lan",
            &[p.office.card("Văn phòng")],
            Timestamp::UNIX_EPOCH,
        )
        .unwrap()
    }

    #[test]
    fn the_office_and_the_sender_open_it_and_see_who_signed() {
        let p = people();
        let file = sealed(&p);
        for reader in [&p.office, &p.lan] {
            let opened = open(&file, reader, LIMIT).unwrap();
            assert_eq!(opened.bundle, b"(format: \"sohoa-bundle\")");
            assert_eq!(opened.signer, p.lan.card("Lan"));
            assert_eq!(opened.to, vec![p.office.fingerprint()]);
        }
    }

    #[test]
    fn another_office_is_told_whose_it_is() {
        let p = people();
        let err = open(&sealed(&p), &p.other_office, LIMIT).unwrap_err();
        assert_eq!(
            err,
            SealError::NotForThisKey {
                to: vec![p.office.fingerprint()],
                mine: p.other_office.fingerprint()
            }
        );
    }

    #[test]
    fn the_sender_and_the_content_are_not_in_the_clear() {
        let p = people();
        let file = sealed(&p);
        let text = String::from_utf8_lossy(&file);
        assert!(!text.contains(&p.lan.fingerprint()));
        assert!(!text.contains("sohoa-bundle"));
        assert!(!text.contains("Lan"));
        assert!(text.contains(&p.office.fingerprint()));
    }

    #[test]
    fn every_single_changed_byte_is_refused() {
        let p = people();
        let file = sealed(&p);
        // Every byte of the clear and encryption headers, and a spread of the rest.
        let positions: Vec<usize> = (0..300.min(file.len()))
            .chain((300..file.len()).step_by(7))
            .chain([file.len() - 1])
            .collect();
        for i in positions {
            let mut bad = file.clone();
            bad[i] ^= 0x01;
            assert!(
                open(&bad, &p.office, LIMIT).is_err(),
                "byte {i} changed was accepted"
            );
        }
    }

    #[test]
    fn a_cut_or_lengthened_file_is_refused() {
        let p = people();
        let file = sealed(&p);
        for len in [
            0,
            10,
            SEALED_MAGIC.len() + 5,
            file.len() / 2,
            file.len() - 1,
        ] {
            assert!(
                open(&file[..len], &p.office, LIMIT).is_err(),
                "cut at {len}"
            );
        }
        let mut longer = file.clone();
        longer.push(b'\n');
        assert!(open(&longer, &p.office, LIMIT).is_err());
    }

    #[test]
    fn a_bundle_re_signed_by_someone_else_under_the_senders_name_shows_the_other_key() {
        // A recipient can re-seal the content with its own key and any name; the
        // card inside then carries that key, so the fingerprint gives it away.
        let p = people();
        let opened = open(&sealed(&p), &p.office, LIMIT).unwrap();
        let forged = seal(
            &opened.bundle,
            &p.other_office,
            "Lan",
            &[p.office.card("")],
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        let reopened = open(&forged, &p.office, LIMIT).unwrap();
        assert_eq!(reopened.signer.name, "Lan");
        assert_ne!(reopened.signer.fingerprint(), p.lan.fingerprint());
    }

    #[test]
    fn a_bundle_an_addressee_encrypts_again_to_another_installation_is_refused_there() {
        // The office can open Lan's file; it takes the inner content as it is
        // (signature intact) and encrypts it to another office, with the same
        // clear header.
        let p = people();
        let file = sealed(&p);
        let (_, body_start) = split_header(&file).unwrap();
        let decryptor = age::Decryptor::new_buffered(&file[body_start..]).unwrap();
        let mut inner = Vec::new();
        decryptor
            .decrypt(std::iter::once(p.office.identity() as &dyn age::Identity))
            .unwrap()
            .read_to_end(&mut inner)
            .unwrap();
        let recipient = p.other_office.card("").recipient().unwrap();
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .unwrap();
        let mut moved = file[..body_start].to_vec();
        let mut writer = encryptor.wrap_output(&mut moved).unwrap();
        writer.write_all(&inner).unwrap();
        writer.finish().unwrap();
        assert_eq!(
            open(&moved, &p.other_office, LIMIT).unwrap_err(),
            SealError::ResealedByAnother {
                to: vec![p.office.fingerprint()],
                mine: p.other_office.fingerprint()
            }
        );
    }

    #[test]
    fn a_signature_that_does_not_match_is_refused_even_inside_valid_encryption() {
        // Built by hand: genuine encryption to the office around a wrong signature.
        let p = people();
        let to = vec![p.office.fingerprint()];
        let header = outer_header(&to);
        let manifest = ron::to_string(&Manifest {
            signer: p.lan.card("Lan"),
            sealed: Timestamp::UNIX_EPOCH,
            to,
        })
        .unwrap();
        let signature = p.lan.sign(b"something else");
        let recipient = p.office.card("").recipient().unwrap();
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .unwrap();
        let mut file = header;
        let mut writer = encryptor.wrap_output(&mut file).unwrap();
        writer.write_all(INNER_MAGIC).unwrap();
        writer
            .write_all(&(manifest.len() as u32).to_be_bytes())
            .unwrap();
        writer.write_all(manifest.as_bytes()).unwrap();
        writer.write_all(&3u64.to_be_bytes()).unwrap();
        writer.write_all(b"abc").unwrap();
        writer.write_all(&signature).unwrap();
        writer.finish().unwrap();
        let err = open(&file, &p.office, LIMIT).unwrap_err();
        assert_eq!(
            err,
            SealError::Altered("its signature does not match its content".into())
        );
    }

    #[test]
    fn a_changed_addressee_line_is_caught_by_the_signature() {
        // Swap the office's fingerprint for another well-formed one in the clear header.
        let p = people();
        let file = sealed(&p);
        let fake = p.other_office.fingerprint();
        let text_end = file.windows(2).position(|w| w == b"\n\n").unwrap();
        let mut bad = file[..SEALED_MAGIC.len()].to_vec();
        bad.extend_from_slice(format!("to: {} {fake}", p.office.fingerprint()).as_bytes());
        bad.extend_from_slice(&file[text_end..]);
        let err = open(&bad, &p.office, LIMIT).unwrap_err();
        assert_eq!(
            err,
            SealError::Altered("its signature does not match its content".into())
        );
    }

    #[test]
    fn a_header_that_ends_right_after_its_first_line_is_refused_not_a_panic() {
        // Found by the fuzzer: the empty line was looked for inside the first line.
        let p = people();
        let err = open(b"sohoa-sealed 1\n\n-> X25519 abc\n", &p.office, LIMIT).unwrap_err();
        assert!(matches!(err, SealError::Altered(_)), "{err:?}");
        assert!(open(b"sohoa-sealed 1\n", &p.office, LIMIT).is_err());
    }

    #[test]
    fn a_bundle_larger_than_the_limit_is_refused_before_it_is_used() {
        let p = people();
        let file = seal(
            &[b' '; 4096],
            &p.lan,
            "Lan",
            &[p.office.card("")],
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        assert_eq!(
            open(&file, &p.office, 1000).unwrap_err(),
            SealError::TooLarge(1000)
        );
    }
}
