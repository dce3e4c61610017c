//! Vietnamese text in the code pages used before Unicode: Windows-1258 (older
//! Excel) and TCVN 5712:1993, the "TCVN3" of the ABC fonts (.VnTime) that many
//! offices' old lists are still in. Which of the two a file is in is judged by
//! what reads as Vietnamese.
//!
//! Key function: [`decode_legacy`].
//!
//! Policy: the result is NFC. The TCVN table is the standard's VN1 set (its
//! lower-case letters at 0xA1–0xFF are VN3's, the ABC fonts' subset); it is
//! the table glibc's `iconv -f TCVN5712-1` decodes by, and a test compares the
//! two where `iconv` is installed. Pure; never fails (a byte always decodes).
//!
//! ```
//! use sohoa_core::exchange::legacy_text::decode_legacy;
//! // “Bảo Thắng” as an ABC font writes it.
//! assert_eq!(decode_legacy(b"B\xB6o Th\xBEng"), ("Bảo Thắng".to_owned(), "TCVN3"));
//! ```

/// TCVN 5712:1993 (VN1) bytes 0x80–0xFF.
const TCVN_HIGH: [char; 128] = [
    '\u{00c0}', '\u{1ea2}', '\u{00c3}', '\u{00c1}', '\u{1ea0}', '\u{1eb6}', '\u{1eac}',
    '\u{00c8}', // 0x80
    '\u{1eba}', '\u{1ebc}', '\u{00c9}', '\u{1eb8}', '\u{1ec6}', '\u{00cc}', '\u{1ec8}',
    '\u{0128}', // 0x88
    '\u{00cd}', '\u{1eca}', '\u{00d2}', '\u{1ece}', '\u{00d5}', '\u{00d3}', '\u{1ecc}',
    '\u{1ed8}', // 0x90
    '\u{1edc}', '\u{1ede}', '\u{1ee0}', '\u{1eda}', '\u{1ee2}', '\u{00d9}', '\u{1ee6}',
    '\u{0168}', // 0x98
    '\u{00a0}', '\u{0102}', '\u{00c2}', '\u{00ca}', '\u{00d4}', '\u{01a0}', '\u{01af}',
    '\u{0110}', // 0xA0
    '\u{0103}', '\u{00e2}', '\u{00ea}', '\u{00f4}', '\u{01a1}', '\u{01b0}', '\u{0111}',
    '\u{1eb0}', // 0xA8
    '\u{0300}', '\u{0309}', '\u{0303}', '\u{0301}', '\u{0323}', '\u{00e0}', '\u{1ea3}',
    '\u{00e3}', // 0xB0
    '\u{00e1}', '\u{1ea1}', '\u{1eb2}', '\u{1eb1}', '\u{1eb3}', '\u{1eb5}', '\u{1eaf}',
    '\u{1eb4}', // 0xB8
    '\u{1eae}', '\u{1ea6}', '\u{1ea8}', '\u{1eaa}', '\u{1ea4}', '\u{1ec0}', '\u{1eb7}',
    '\u{1ea7}', // 0xC0
    '\u{1ea9}', '\u{1eab}', '\u{1ea5}', '\u{1ead}', '\u{00e8}', '\u{1ec2}', '\u{1ebb}',
    '\u{1ebd}', // 0xC8
    '\u{00e9}', '\u{1eb9}', '\u{1ec1}', '\u{1ec3}', '\u{1ec5}', '\u{1ebf}', '\u{1ec7}',
    '\u{00ec}', // 0xD0
    '\u{1ec9}', '\u{1ec4}', '\u{1ebe}', '\u{1ed2}', '\u{0129}', '\u{00ed}', '\u{1ecb}',
    '\u{00f2}', // 0xD8
    '\u{1ed4}', '\u{1ecf}', '\u{00f5}', '\u{00f3}', '\u{1ecd}', '\u{1ed3}', '\u{1ed5}',
    '\u{1ed7}', // 0xE0
    '\u{1ed1}', '\u{1ed9}', '\u{1edd}', '\u{1edf}', '\u{1ee1}', '\u{1edb}', '\u{1ee3}',
    '\u{00f9}', // 0xE8
    '\u{1ed6}', '\u{1ee7}', '\u{0169}', '\u{00fa}', '\u{1ee5}', '\u{1eeb}', '\u{1eed}',
    '\u{1eef}', // 0xF0
    '\u{1ee9}', '\u{1ef1}', '\u{1ef3}', '\u{1ef7}', '\u{1ef9}', '\u{00fd}', '\u{1ef5}',
    '\u{1ed0}', // 0xF8
];

/// The upper-case letters VN1 places among the control bytes.
fn tcvn_low(byte: u8) -> char {
    match byte {
        0x01 => 'Ú',
        0x02 => 'Ụ',
        0x04 => 'Ừ',
        0x05 => 'Ử',
        0x06 => 'Ữ',
        0x11 => 'Ứ',
        0x12 => 'Ự',
        0x13 => 'Ỳ',
        0x14 => 'Ỷ',
        0x15 => 'Ỹ',
        0x16 => 'Ý',
        0x17 => 'Ỵ',
        other => char::from(other),
    }
}

/// Bytes in TCVN 5712:1993 as text (NFC: a letter followed by one of the
/// standard's separate tone marks becomes one letter).
pub fn decode_tcvn(bytes: &[u8]) -> String {
    let text: String = bytes
        .iter()
        .map(|&b| match b {
            0x80.. => TCVN_HIGH[usize::from(b - 0x80)],
            _ => tcvn_low(b),
        })
        .collect();
    crate::text::nfc(&text)
}

/// Bytes in Windows-1258 as text (NFC).
pub fn decode_windows_1258(bytes: &[u8]) -> String {
    let (text, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    crate::text::nfc(&text)
}

/// How unlike Vietnamese a text reads: a sign that is neither a letter nor
/// punctuation a list holds (`¶ ¾ ¸`, a soft hyphen: TCVN read as
/// Windows-1258), a word with two tone marks or a capital with marks after a
/// small letter (Windows-1258 read as TCVN).
fn oddities(text: &str) -> usize {
    use unicode_normalization::UnicodeNormalization;
    let tone = |c: char| matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}');
    let mut odd = 0;
    for word in text.split(|c: char| !c.is_alphanumeric() && !tone(c)) {
        let tones = word.nfd().filter(|c| tone(*c)).count();
        if tones > 1 {
            odd += 1;
        }
        let mut after_small = false;
        for c in word.chars() {
            if c.is_uppercase() && after_small && !c.is_ascii() {
                odd += 1;
            }
            after_small = c.is_lowercase();
        }
    }
    odd + text
        .chars()
        .filter(|c| !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace())
        .filter(|c| !matches!(c, '“' | '”' | '‘' | '’' | '–' | '—' | '…' | '€' | '°'))
        .filter(|c| !tone(*c))
        .count()
}

/// Text that is not UTF-8, as Windows-1258 or as TCVN3, whichever reads more
/// like Vietnamese (Windows-1258 when they read alike); with the name of the
/// code page taken.
pub fn decode_legacy(bytes: &[u8]) -> (String, &'static str) {
    let windows = decode_windows_1258(bytes);
    let tcvn = decode_tcvn(bytes);
    if oddities(&tcvn) < oddities(&windows) {
        (tcvn, "TCVN3")
    } else {
        (windows, "Windows-1258")
    }
}

/// `text` as Windows-1258 writes it: â, ê, ô, ă, ơ, ư whole, the five tones
/// as marks after (for tests that make an old Excel file).
#[cfg(test)]
pub(crate) fn in_windows_1258(text: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::{compose, is_combining_mark};
    let mut spelled: Vec<char> = Vec::new();
    for c in text.nfd() {
        let is_shape = matches!(c, '\u{302}' | '\u{306}' | '\u{31B}');
        // The base letter may be followed by a tone mark already (ệ is e, dot
        // below, circumflex).
        let base_at = spelled.iter().rposition(|b| !is_combining_mark(*b));
        let composed = base_at
            .filter(|_| is_shape)
            .and_then(|at| compose(spelled[at], c).map(|w| (at, w)));
        match composed {
            Some((at, whole)) => spelled[at] = whole,
            None => spelled.push(c),
        }
    }
    let spelled: String = spelled.into_iter().collect();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&spelled);
    assert!(!unmappable, "{text}");
    bytes.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Tên doanh nghiệp;Mã số thuế;Địa chỉ\n\
        Công ty TNHH Dừa Xanh Bến Tre;1300123456;ấp Phú Hòa, xã Mỏ Cày, tỉnh Vĩnh Long\n\
        HTX Bưởi da xanh Mường Khương;;Ngã tư Thạnh Phú, đường Nguyễn Đình Chiểu\n";

    /// The sample written in TCVN3: each letter by its byte in the table.
    fn in_tcvn(text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| match TCVN_HIGH.iter().position(|t| *t == c) {
                Some(i) => 0x80 + i as u8,
                None if c.is_ascii() => c as u8,
                None => panic!("{c} is not in TCVN3"),
            })
            .collect()
    }

    #[test]
    fn an_abc_font_list_reads_as_tcvn3_and_an_old_excel_one_as_windows_1258() {
        let tcvn = in_tcvn(SAMPLE);
        assert_eq!(decode_legacy(&tcvn), (SAMPLE.to_owned(), "TCVN3"));
        let windows = in_windows_1258(SAMPLE);
        assert_eq!(decode_legacy(&windows), (SAMPLE.to_owned(), "Windows-1258"));
    }

    #[test]
    fn a_letter_followed_by_a_separate_tcvn_tone_mark_becomes_one_letter() {
        // "a" then the acute mark 0xB3, "ô" (0xAB) then the dot below 0xB4.
        assert_eq!(decode_tcvn(b"Ba\xB3 t\xAB\xB4t"), "Bá tột");
    }

    #[test]
    fn plain_ascii_reads_the_same_either_way_and_is_called_windows_1258() {
        assert_eq!(
            decode_legacy(b"Ten;MST\nCong ty A;0100109106"),
            ("Ten;MST\nCong ty A;0100109106".to_owned(), "Windows-1258")
        );
    }

    #[test]
    fn the_table_agrees_with_glibc_iconv_where_it_is_installed() {
        let all: Vec<u8> = (1u8..=255).collect();
        let Ok(mut child) = std::process::Command::new("iconv")
            .args(["-f", "TCVN5712-1", "-t", "UTF-8"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
        else {
            eprintln!("iconv is not installed: the comparison is skipped");
            return;
        };
        for &b in &all {
            use std::io::Write;
            // One byte at a time, each followed by a space, so iconv does not
            // join a letter with a following tone mark.
            child.stdin.as_mut().unwrap().write_all(&[b, b' ']).unwrap();
        }
        drop(child.stdin.take());
        let out = child.wait_with_output().unwrap();
        let theirs = String::from_utf8(out.stdout).unwrap();
        let ours: String = all
            .iter()
            .flat_map(|&b| {
                let c = if b >= 0x80 {
                    TCVN_HIGH[usize::from(b - 0x80)]
                } else {
                    tcvn_low(b)
                };
                [c, ' ']
            })
            .collect();
        assert_eq!(ours, theirs);
    }
}
