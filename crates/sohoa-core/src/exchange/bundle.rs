//! Bundles: one `.sohoa` file carrying enterprises from one data folder to another
//! (a consultant's laptop to the program office, or an enterprise's own
//! self-assessment back to the program).
//!
//! Key types: [`Bundle`], [`BundleKind`], [`BundledQuestionnaire`], [`BundleError`];
//! functions [`read_bundle`], [`write_bundle`].
//!
//! Format: readable RON text, a header (who, which machine, when, what kind) then
//! the questionnaire versions the assessments need (their full source, so a folder
//! without that version can still score them) and the enterprise records with their
//! assessments, activities and history. Not an archive: there is nothing to unpack,
//! so no path in it ever becomes a file name.
//!
//! Policy: reading checks everything before anything is used: size, encoding,
//! format, schema, every questionnaire, every enterprise profile, and that every
//! assessment's questionnaire is either in the bundle or named for the folder to
//! supply. A bad bundle is refused whole, with the file and the reason. Writing is
//! atomic.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::seal::{self, SealError};
use crate::enterprise::Enterprise;
use crate::keys::{KeyCard, KeyError, KeyPair, Keyring};
use crate::questionnaire::Questionnaire;
use crate::store::{Durability, atomic::write_atomic};
use crate::text::Text;

/// The `format` tag at the top of every bundle.
pub const BUNDLE_FORMAT: &str = "sohoa-bundle";

/// The bundle schema this version writes and reads.
pub const BUNDLE_SCHEMA: u32 = 1;

/// Largest bundle read (a national folder of 100,000 enterprises is about 900 MB).
pub const MAX_BUNDLE_BYTES: u64 = 1536 * 1024 * 1024;

/// The file extension of bundles.
pub const BUNDLE_EXTENSION: &str = "sohoa";

/// What a bundle is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum BundleKind {
    /// Records handed from one data folder to another.
    #[default]
    Transfer,
    /// One enterprise's own assessment, sent to the program.
    SelfAssessment,
}

/// A questionnaire version, as its source text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundledQuestionnaire {
    pub id: String,
    pub version: String,
    pub source: String,
}

/// The contents of a bundle file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    pub schema: u32,
    #[serde(default)]
    pub kind: BundleKind,
    /// When it was written.
    pub exported: Timestamp,
    /// The person who wrote it.
    #[serde(default)]
    pub by: String,
    /// The computer it was written on.
    #[serde(default)]
    pub machine: String,
    #[serde(default)]
    pub questionnaires: Vec<BundledQuestionnaire>,
    pub enterprises: Vec<Enterprise>,
}

/// Why a bundle cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file breaks a rule of the format; nothing from it was used. The
    /// reason is worded in both languages where it is found.
    #[error("{} is not a usable Sohoa bundle: {}", path.display(), reason.en)]
    Invalid { path: PathBuf, reason: Text },
    /// The file is too large to be a bundle, or not a file at all.
    #[error("{} is not a usable Sohoa bundle: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: crate::bounded_read::BoundedReadError,
    },
    /// The file could not be written; nothing was left half-written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The bundle could not be encoded.
    #[error("cannot encode the bundle: {0}")]
    Encode(#[from] ron::Error),
    /// A sealed bundle cannot be opened here, or was altered; nothing from it was used.
    #[error("{} cannot be imported: {source}", path.display())]
    Sealed {
        path: PathBuf,
        #[source]
        source: SealError,
    },
    /// This installation's key could not be read or made.
    #[error("cannot open the sealed bundle {}: {source}", path.display())]
    Key {
        path: PathBuf,
        #[source]
        source: KeyError,
    },
}

impl Bundle {
    /// A bundle of `enterprises`, carrying the questionnaire versions they use.
    pub fn new(
        kind: BundleKind,
        by: &str,
        machine: &str,
        exported: Timestamp,
        enterprises: Vec<Enterprise>,
        questionnaires: Vec<BundledQuestionnaire>,
    ) -> Bundle {
        Bundle {
            format: BUNDLE_FORMAT.into(),
            schema: BUNDLE_SCHEMA,
            kind,
            exported,
            by: crate::text::nfc_line(by),
            machine: crate::text::nfc_line(machine),
            questionnaires,
            enterprises,
        }
    }

    /// Who sent it and from where: `Lan (LAPTOP-3)`.
    pub fn origin_short(&self) -> String {
        let who = if self.by.is_empty() { "?" } else { &self.by };
        if self.machine.is_empty() {
            who.to_owned()
        } else {
            format!("{who} ({})", self.machine)
        }
    }

    /// Who sent it, from where, when: `Lan (LAPTOP-3), 26/11/2026 09:30`.
    pub fn origin(&self) -> String {
        format!(
            "{}, {}",
            self.origin_short(),
            crate::text::format_moment(self.exported)
        )
    }
}

/// A bundle read and checked, with its questionnaires parsed.
#[derive(Debug, Clone)]
pub struct CheckedBundle {
    pub path: PathBuf,
    pub bundle: Bundle,
    pub questionnaires: Vec<(Arc<Questionnaire>, String)>,
    /// Who sealed it, when it came sealed; `None` for a plain bundle.
    pub seal: Option<SealInfo>,
}

/// What a sealed bundle proves about where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct SealInfo {
    /// The key that signed it (the signature checked).
    pub signer: KeyCard,
    /// When it was sealed, by the signer's clock.
    pub sealed: Timestamp,
    /// The fingerprint of the key that opened it here.
    pub opened_with: String,
}

/// Reads a bundle, plain or sealed: a sealed one is opened with this
/// installation's key from `keyring` (made on first use) and its signature checked.
pub fn open_bundle(path: &Path, keyring: &Keyring) -> Result<CheckedBundle, BundleError> {
    let bytes = read_bytes(path)?;
    if !seal::is_sealed(&bytes) {
        return parse_bundle_bytes(bytes, path);
    }
    let me = keyring.own().map_err(|source| BundleError::Key {
        path: path.to_owned(),
        source,
    })?;
    let opened =
        seal::open(&bytes, me, MAX_BUNDLE_BYTES).map_err(|source| BundleError::Sealed {
            path: path.to_owned(),
            source,
        })?;
    // The sealed bytes are no longer needed while the bundle is parsed.
    drop(bytes);
    let mut checked = parse_bundle_bytes(opened.bundle, path)?;
    checked.seal = Some(SealInfo {
        signer: opened.signer,
        sealed: opened.sealed,
        opened_with: me.fingerprint(),
    });
    Ok(checked)
}

/// Writes `bundle` sealed from `sender` (as `sender_name`) to `to` and to the sender.
pub fn write_sealed_bundle(
    path: &Path,
    bundle: &Bundle,
    sender: &KeyPair,
    sender_name: &str,
    to: &[KeyCard],
) -> Result<(), BundleError> {
    let text = ron::ser::to_string_pretty(bundle, crate::pretty_ron())?;
    let sealed = seal::seal(text.as_bytes(), sender, sender_name, to, Timestamp::now()).map_err(
        |source| BundleError::Sealed {
            path: path.to_owned(),
            source,
        },
    )?;
    write_atomic(path, &sealed, Durability::Durable).map_err(|source| BundleError::Write {
        path: path.to_owned(),
        source,
    })
}

/// The start of the age file inside a sealed bundle.
const AGE_HEADER: &[u8] = b"age-encryption.org/v1";

/// The byte-order mark some editors write at the start of UTF-8 text.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads and checks a plain bundle file (a sealed one is refused: see [`open_bundle`]).
pub fn read_bundle(path: &Path) -> Result<CheckedBundle, BundleError> {
    let bytes = read_bytes(path)?;
    if seal::is_sealed(&bytes) {
        return Err(BundleError::Invalid {
            path: path.to_owned(),
            reason: Text::new(
                "tệp đã được niêm phong; hãy mở bằng khóa của máy này",
                "it is sealed; open it with this installation's key",
            ),
        });
    }
    parse_bundle_bytes(bytes, path)
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, BundleError> {
    use crate::bounded_read::{BoundedReadError, read_regular_file};
    read_regular_file(path, MAX_BUNDLE_BYTES).map_err(|e| match e {
        BoundedReadError::Io(source) => BundleError::Read {
            path: path.to_owned(),
            source,
        },
        source => BundleError::Unreadable {
            path: path.to_owned(),
            source,
        },
    })
}

fn parse_bundle_bytes(mut bytes: Vec<u8>, path: &Path) -> Result<CheckedBundle, BundleError> {
    let invalid = |vi: String, en: String| BundleError::Invalid {
        path: path.to_owned(),
        reason: Text::new(vi, en),
    };
    // An editor on Windows may save text with a byte-order mark in front.
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        // A sealed file whose first line was changed no longer starts as one;
        // its encryption header, a few lines further, still tells what it was.
        let head = &e.as_bytes()[..e.as_bytes().len().min(4096)];
        if head.windows(AGE_HEADER.len()).any(|w| w == AGE_HEADER) {
            return BundleError::Sealed {
                path: path.to_owned(),
                source: SealError::Altered(
                    "its first line is not what a sealed bundle starts with".into(),
                ),
            };
        }
        let at = e.utf8_error().valid_up_to();
        invalid(
            format!("không phải văn bản UTF-8 (byte {at})"),
            format!("not UTF-8 text (byte {at})"),
        )
    })?;
    parse_bundle(&text, path)
}

/// Checks bundle text; `path` names it in messages.
pub fn parse_bundle(text: &str, path: &Path) -> Result<CheckedBundle, BundleError> {
    let invalid = |vi: String, en: String| BundleError::Invalid {
        path: path.to_owned(),
        reason: Text::new(vi, en),
    };
    let foreign = |format: &str| {
        invalid(
            format!("định dạng của tệp là “{format}”, không phải “{BUNDLE_FORMAT}”"),
            format!("its format is `{format}`, not `{BUNDLE_FORMAT}`"),
        )
    };
    let newer = |schema: u32| {
        invalid(
            format!(
                "tệp do một phiên bản Sohoa mới hơn ghi (lược đồ gói {schema}, phiên bản này đọc lược đồ {BUNDLE_SCHEMA}); hãy cập nhật Sohoa rồi nhập lại"
            ),
            format!(
                "written by a newer Sohoa (bundle schema {schema}, this version reads {BUNDLE_SCHEMA}); update Sohoa to import it"
            ),
        )
    };
    if text.trim().is_empty() {
        return Err(invalid("tệp trống".into(), "the file is empty".into()));
    }
    #[derive(Deserialize)]
    struct Header {
        format: String,
        schema: u32,
    }
    if let Some(id) = crate::safe_name::out_of_range_ulid(text) {
        return Err(invalid(
            format!(
                "mã “{id}” vượt quá mã lớn nhất có thể (ký tự đầu lớn hơn 7) nên sẽ bị đọc thành mã của một hồ sơ khác"
            ),
            format!(
                "the id `{id}` is beyond the largest possible id (its first character is above 7), so it would be read as another record's id"
            ),
        ));
    }
    // Look at the header first, so a newer or foreign file gets the right message.
    let header_probe = crate::ron_options().from_str::<Header>(text);
    let mut bundle: Bundle = match crate::ron_options().from_str::<Bundle>(text) {
        Ok(bundle) => bundle,
        Err(e) => {
            let (line, column) = (e.span.start.line, e.span.start.col);
            return Err(match header_probe {
                Ok(h) if h.format != BUNDLE_FORMAT => foreign(&h.format),
                Ok(h) if h.schema > BUNDLE_SCHEMA => newer(h.schema),
                // The parser's own words are English: said as such.
                _ => invalid(
                    format!(
                        "dòng {line}, cột {column}: tệp có thể bị cắt cụt hoặc hỏng, hoặc là một loại tệp khác — {} {}",
                        crate::text::ENGLISH_DETAIL,
                        e.code
                    ),
                    format!(
                        "line {line}, column {column}: {} (the file may be truncated or damaged)",
                        e.code
                    ),
                ),
            });
        }
    };
    if bundle.format != BUNDLE_FORMAT {
        return Err(foreign(&bundle.format));
    }
    if bundle.schema > BUNDLE_SCHEMA {
        return Err(newer(bundle.schema));
    }
    if bundle.schema == 0 {
        return Err(invalid(
            format!("lược đồ gói 0 không phải lược đồ phiên bản này đọc được ({BUNDLE_SCHEMA})"),
            format!("bundle schema 0 is not one this version reads ({BUNDLE_SCHEMA})"),
        ));
    }
    let mut questionnaires = Vec::new();
    for bundled in &bundle.questionnaires {
        // The same limit as for a questionnaire file in the data folder, which is
        // what this source becomes.
        let size = bundled.source.len() as u64;
        if size > crate::questionnaire::MAX_QUESTIONNAIRE_BYTES {
            let (id, version) = (bundled.id.escape_debug(), bundled.version.escape_debug());
            let limit = crate::questionnaire::MAX_QUESTIONNAIRE_BYTES;
            return Err(invalid(
                format!(
                    "bộ câu hỏi {id} {version} trong tệp dài {size} byte, quá giới hạn {limit} byte của một bộ câu hỏi"
                ),
                format!(
                    "its questionnaire {id} {version} is {size} bytes, more than the {limit}-byte limit for a questionnaire"
                ),
            ));
        }
        for (what, value) in [
            (("mã", "id"), &bundled.id),
            (("phiên bản", "version"), &bundled.version),
        ] {
            crate::safe_name::check(value).map_err(|e| {
                invalid(
                    format!(
                        "{} của một bộ câu hỏi không dùng được: {}",
                        what.0,
                        e.in_vietnamese()
                    ),
                    format!("a questionnaire's {}: {e}", what.1),
                )
            })?;
        }
        let origin = format!("{}#{}-{}", path.display(), bundled.id, bundled.version);
        let (id, version) = (&bundled.id, &bundled.version);
        let q = Questionnaire::from_ron_str(&bundled.source, &origin).map_err(|e| {
            invalid(
                format!(
                    "bộ câu hỏi {id} {version} trong tệp không dùng được ({} {e})",
                    crate::text::ENGLISH_DETAIL
                ),
                format!("questionnaire {id} {version}: {e}"),
            )
        })?;
        if q.id != bundled.id || q.version != bundled.version {
            return Err(invalid(
                format!(
                    "bộ câu hỏi ghi nhãn {id} {version} thật ra là {} {}",
                    q.id, q.version
                ),
                format!(
                    "the questionnaire labelled {id} {version} is really {} {}",
                    q.id, q.version
                ),
            ));
        }
        questionnaires.push((Arc::new(q), bundled.source.clone()));
    }
    // Shown in the preview and recorded in histories: one line, nothing hidden.
    bundle.by = crate::text::nfc_line(&bundle.by);
    bundle.machine = crate::text::nfc_line(&bundle.machine);
    let mut seen = std::collections::HashSet::new();
    for enterprise in &mut bundle.enterprises {
        enterprise.normalize();
        let errors = enterprise.validate();
        if !errors.is_empty() {
            let name = crate::text::shortened(&enterprise.name, 80);
            let said = |lang: crate::text::Lang| {
                errors
                    .iter()
                    .map(|problem| {
                        format!(
                            "{}: {}",
                            problem.field.label().get(lang),
                            problem.text.get(lang)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            return Err(invalid(
                format!(
                    "doanh nghiệp {} (“{name}”): {}",
                    enterprise.id,
                    said(crate::text::Lang::Vi)
                ),
                format!(
                    "enterprise {} (“{name}”): {}",
                    enterprise.id,
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            ));
        }
        if !seen.insert(enterprise.id) {
            return Err(invalid(
                format!("doanh nghiệp {} có hai lần trong tệp", enterprise.id),
                format!("enterprise {} appears twice", enterprise.id),
            ));
        }
    }
    Ok(CheckedBundle {
        path: path.to_owned(),
        bundle,
        questionnaires,
        seal: None,
    })
}

/// Writes a bundle atomically.
pub fn write_bundle(path: &Path, bundle: &Bundle) -> Result<(), BundleError> {
    let text = ron::ser::to_string_pretty(bundle, crate::pretty_ron())?;
    write_atomic(path, text.as_bytes(), Durability::Durable).map_err(|source| BundleError::Write {
        path: path.to_owned(),
        source,
    })
}

/// The name of this computer, for the bundle header.
pub use crate::store::machine_name;

/// The person using this computer, when nobody has said (the OS account name).
pub fn account_name() -> String {
    ["USERNAME", "USER"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_saved_with_a_byte_order_mark_is_read_as_without() {
        let bundle = sample();
        let text = ron::ser::to_string_pretty(&bundle, crate::pretty_ron()).unwrap();
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(text.as_bytes());
        let checked = parse_bundle_bytes(bytes, Path::new("bom.sohoa")).unwrap();
        assert_eq!(checked.bundle.enterprises, bundle.enterprises);
    }

    #[test]
    fn an_invalid_name_is_quoted_short_in_the_refusal() {
        let mut bundle = sample();
        bundle.enterprises[0].name = "Đ".repeat(300_000) + "\n";
        bundle.enterprises[0].tax_code = Some("123".into());
        let text = ron::ser::to_string_pretty(&bundle, crate::pretty_ron()).unwrap();
        let err = parse_bundle(&text, Path::new("long.sohoa"))
            .unwrap_err()
            .to_string();
        assert!(err.len() < 2_000, "{} bytes", err.len());
        assert!(err.contains("more characters"), "{}", &err[..300]);
    }

    fn sample() -> Bundle {
        let mut e = Enterprise::new("HTX Bưởi da xanh", Timestamp::UNIX_EPOCH);
        e.tax_code = Some("0100109106".into());
        Bundle::new(
            BundleKind::Transfer,
            "Lan",
            "LAPTOP-3",
            Timestamp::UNIX_EPOCH,
            vec![e],
            vec![],
        )
    }

    #[test]
    fn a_written_bundle_reads_back_equal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lan.sohoa");
        let bundle = sample();
        write_bundle(&path, &bundle).unwrap();
        assert_eq!(read_bundle(&path).unwrap().bundle, bundle);
    }

    #[test]
    fn a_truncated_bundle_is_refused_with_the_place_it_stops() {
        let text = ron::ser::to_string_pretty(&sample(), crate::pretty_ron()).unwrap();
        let cut = &text[..text.len() / 2];
        let err = parse_bundle(cut, Path::new("cut.sohoa"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("cut.sohoa is not a usable Sohoa bundle: line"),
            "{err}"
        );
        assert!(err.contains("truncated"), "{err}");
    }

    #[test]
    fn a_bundle_from_a_newer_version_says_so() {
        let text = ron::ser::to_string_pretty(&sample(), crate::pretty_ron())
            .unwrap()
            .replace("schema: 1", "schema: 7")
            .replace("enterprises:", "future_field: 1, enterprises:");
        let err = parse_bundle(&text, Path::new("new.sohoa"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("newer Sohoa (bundle schema 7"), "{err}");
    }

    #[test]
    fn an_invalid_profile_names_the_enterprise() {
        let mut bundle = sample();
        bundle.enterprises[0].tax_code = Some("0100109107".into());
        let text = ron::ser::to_string_pretty(&bundle, crate::pretty_ron()).unwrap();
        let err = parse_bundle(&text, Path::new("x.sohoa"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("“HTX Bưởi da xanh”"), "{err}");
        assert!(err.contains("tax_code"), "{err}");
    }

    #[test]
    fn some_other_file_is_not_taken_for_a_bundle() {
        let err = parse_bundle("(schema: 1, enterprise: (id: \"x\"))", Path::new("e.ron"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("e.ron is not a usable Sohoa bundle"),
            "{err}"
        );
    }
}
