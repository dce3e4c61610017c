//! Names that become part of a file or folder path: one rule for all of them.
//!
//! Key functions: [`check`] (is this text safe as one path component?) and
//! [`slug`] (make a safe component out of free text).
//!
//! Policy: every id, version or name that comes from a file, a bundle or a
//! command line and ends up in a path (questionnaire ids and versions, backup
//! names, report file names) passes [`check`] before a path is built from it, and
//! is checked when it is parsed, so a dry run refuses what the real run would.
//! The rule is deliberately narrow: lowercase ASCII letters and digits, then also
//! `.`, `_` and `-`, at most 64 characters, never `..`. Such a name cannot climb
//! out of a folder, name a device or hidden file, or differ only in case between
//! Windows and Linux. Enterprise files are named by their ULID, which has its own
//! fixed alphabet.
//!
//! ```
//! use sohoa_core::safe_name as name;
//! assert!(name::check("dbi-2021-sme").is_ok());
//! assert!(name::check("x/../../etc").is_err());
//! assert_eq!(name::slug("Công ty TNHH Dừa Xanh", 40), "cong-ty-tnhh-dua-xanh");
//! ```

/// Longest name accepted as one path component.
pub const MAX_NAME_CHARS: usize = 64;

/// Why a text cannot be used as a path component.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnsafeName {
    #[error("the name is empty")]
    Empty,
    #[error("`{shown}` is longer than {MAX_NAME_CHARS} characters")]
    TooLong { shown: String },
    #[error("`{shown}` must start with a–z or 0–9")]
    BadStart { shown: String },
    #[error("`{shown}` may use only a–z, 0–9, `.`, `_` and `-` (found {found})")]
    BadCharacter { shown: String, found: String },
    #[error("`{shown}` contains `..`")]
    DotDot { shown: String },
}

impl UnsafeName {
    /// Why the name cannot be used, in Vietnamese.
    pub fn in_vietnamese(&self) -> String {
        match self {
            UnsafeName::Empty => "tên trống".to_owned(),
            UnsafeName::TooLong { shown } => {
                format!("“{shown}” dài quá {MAX_NAME_CHARS} ký tự")
            }
            UnsafeName::BadStart { shown } => {
                format!("“{shown}” phải bắt đầu bằng a–z hoặc 0–9")
            }
            UnsafeName::BadCharacter { shown, found } => {
                format!("“{shown}” chỉ được dùng a–z, 0–9, “.”, “_” và “-” (gặp {found})")
            }
            UnsafeName::DotDot { shown } => format!("“{shown}” có chứa “..”"),
        }
    }
}

/// The name as it can be shown in a message: control characters escaped, cut short.
fn shown(value: &str) -> String {
    let escaped: String = value.chars().flat_map(char::escape_debug).collect();
    if escaped.chars().count() > 80 {
        let cut: String = escaped.chars().take(77).collect();
        format!("{cut}…")
    } else {
        escaped
    }
}

fn allowed(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
}

/// Checks that `value` is safe as one component of a path (see the module rule).
pub fn check(value: &str) -> Result<&str, UnsafeName> {
    check_up_to(value, MAX_NAME_CHARS)
}

/// Whether `value` is a file stem made of safe names joined by `-` (a
/// questionnaire file is `<id>-<version>`): the rule, with room for both.
pub fn is_joined_name(value: &str) -> bool {
    check_up_to(value, 2 * MAX_NAME_CHARS + 1).is_ok()
}

fn check_up_to(value: &str, max_chars: usize) -> Result<&str, UnsafeName> {
    let Some(first) = value.chars().next() else {
        return Err(UnsafeName::Empty);
    };
    if value.chars().count() > max_chars {
        return Err(UnsafeName::TooLong {
            shown: shown(value),
        });
    }
    if let Some(bad) = value.chars().find(|c| !allowed(*c)) {
        return Err(UnsafeName::BadCharacter {
            shown: shown(value),
            found: format!("{:?}", bad),
        });
    }
    if !(first.is_ascii_lowercase() || first.is_ascii_digit()) {
        return Err(UnsafeName::BadStart {
            shown: shown(value),
        });
    }
    if value.contains("..") {
        return Err(UnsafeName::DotDot {
            shown: shown(value),
        });
    }
    Ok(value)
}

/// A safe name made from free text: diacritics dropped, lowercase, every run of
/// other characters one `-`, at most `max` characters (and never more than
/// [`MAX_NAME_CHARS`]), cut at a word boundary where possible. Empty when the
/// text has no letter or digit.
pub fn slug(text: &str, max: usize) -> String {
    let max = max.min(MAX_NAME_CHARS);
    let folded = crate::text::fold(text);
    let mut out = String::new();
    for word in folded
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
    {
        let extra = word.len() + usize::from(!out.is_empty());
        if out.len() + extra > max {
            if out.is_empty() {
                out.push_str(&word[..max]);
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

/// The first quoted ULID in `text` beyond the largest id (26 characters of the
/// ULID alphabet whose first is above `7`). The ulid crate reads such an id by
/// dropping its top bits, so it would silently stand for another record: a file
/// from outside that holds one is refused.
pub fn out_of_range_ulid(text: &str) -> Option<&str> {
    let is_ulid_char =
        |b: u8| b.is_ascii_digit() || (b.is_ascii_alphabetic() && !b"IiLlOoUu".contains(&b));
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'"') {
        let start = i + offset + 1;
        let end = start + 26;
        if end < bytes.len()
            && bytes[end] == b'"'
            && bytes[start..end].iter().all(|&b| is_ulid_char(b))
            && bytes[start] > b'7'
        {
            return Some(&text[start..end]);
        }
        i = start;
        if i >= bytes.len() {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_id_beyond_the_largest_ulid_is_found_and_a_real_one_is_not() {
        let largest = r#"(id: "7ZZZZZZZZZZZZZZZZZZZZZZZZZ", name: "8 nhân viên")"#;
        assert_eq!(out_of_range_ulid(largest), None);
        let beyond =
            r#"(id: "01M8NN2NTW4235W21ATBR3K2W7", aliases: ["8ZZZZZZZZZZZZZZZZZZZZZZZZZ"])"#;
        assert_eq!(
            out_of_range_ulid(beyond),
            Some("8ZZZZZZZZZZZZZZZZZZZZZZZZZ")
        );
        assert_eq!(
            out_of_range_ulid(r#"name: "CONG TY TNHH DUA XANH BEN""#),
            None
        );
    }
    use super::*;

    #[test]
    fn ordinary_ids_and_versions_are_accepted() {
        for ok in [
            "dbi-2021-sme",
            "1.0.0",
            "2.0.0-rc.1",
            "mini",
            "20261130-021500-before-restore",
        ] {
            assert_eq!(check(ok), Ok(ok));
        }
    }

    #[test]
    fn names_that_could_leave_a_folder_or_hide_are_refused() {
        for bad in [
            "x/../../../tmp/owned",
            "..",
            "a..b",
            "../x",
            "x\\y",
            "C:x",
            ".hidden",
            "-flag",
            "x\ny",
            "x y",
            "Dbi",
            "x\u{202e}y",
            "",
        ] {
            assert!(check(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(check(&"a".repeat(64)).is_ok());
        assert!(check(&"a".repeat(65)).is_err());
    }

    #[test]
    fn a_refusal_shows_control_characters_escaped() {
        let err = check("1.0\n.0").unwrap_err().to_string();
        assert!(err.contains(r"`1.0\n.0`"), "{err}");
    }

    #[test]
    fn a_slug_is_always_a_safe_name_or_empty() {
        for text in [
            "Công ty TNHH Dừa Xanh",
            "../../etc/passwd",
            "HTX Bưởi   da xanh!!",
            "Đ",
            "",
            "……",
            &"Rất dài ".repeat(40),
        ] {
            let s = slug(text, 45);
            assert!(s.is_empty() || check(&s).is_ok(), "{text:?} -> {s:?}");
            assert!(s.len() <= 45);
        }
        assert_eq!(slug("../../etc/passwd", 45), "etc-passwd");
        assert_eq!(slug("HTX Bưởi   da xanh!!", 45), "htx-buoi-da-xanh");
        assert_eq!(slug("Đông Hải", 45), "dong-hai");
        assert_eq!(slug("Công ty TNHH Dừa Xanh", 12), "cong-ty-tnhh");
    }
}
