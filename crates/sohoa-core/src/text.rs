//! Bilingual text, Unicode normalisation and diacritic-insensitive search keys.
//!
//! Key types: [`Text`] (a Vietnamese/English pair), [`Lang`].
//!
//! Policy: every string that enters the domain goes through [`nfc`], because
//! Vietnamese keyboards may send decomposed marks and the PDF renderer places
//! decomposed marks wrongly. Search compares [`fold`]ed keys: lower case, no
//! diacritics, `đ` as `d`. Nothing here does I/O or panics.
//!
//! ```
//! use sohoa_core::text::fold;
//! assert_eq!(fold("Bến Tre"), fold("BEN TRE"));
//! assert_eq!(fold("Đồng Khởi"), "dong khoi");
//! ```

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Marks, in a Vietnamese message, a detail only worded in English further down
/// (a parser's message): said as such, never passed off as Vietnamese.
pub const ENGLISH_DETAIL: &str = "chi tiết (tiếng Anh):";

/// The two languages every user-facing text is written in; Vietnamese first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Parses `vi` or `en` (any case); anything else is `None`.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The one way a text is picked by language: whatever is written for this
    /// language, of any type (`lang.pick("Lưu", "Save")`, two `format!`s, two
    /// closures' results). A stored [`Text`] is read with [`Text::get`].
    pub fn pick<T>(self, vi: T, en: T) -> T {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// A text in Vietnamese and English. Both are required in a questionnaire;
/// an empty side is reported by validation as a missing translation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default)]
    pub vi: String,
    #[serde(default)]
    pub en: String,
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            vi: nfc(&vi.into()),
            en: nfc(&en.into()),
        }
    }

    /// The text in `lang`, falling back to the other language when that side is empty.
    pub fn get(&self, lang: Lang) -> &str {
        let (wanted, other) = lang.pick((&self.vi, &self.en), (&self.en, &self.vi));
        if wanted.trim().is_empty() {
            other
        } else {
            wanted
        }
    }

    /// Both sides normalised to NFC.
    pub fn normalized(&self) -> Text {
        Text::new(self.vi.as_str(), self.en.as_str())
    }
}

/// Characters that reorder how text is shown (bidirectional embeddings,
/// overrides, isolates and marks): U+202E makes `gnp.exe` of `exe.png`. Vietnamese
/// text never needs them, so they are removed from every stored text.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// [`nfc`] for a field that is one line (a name, a tax code, a phone number): line
/// breaks and tabs become spaces too, and the ends are trimmed.
pub fn nfc_line(s: &str) -> String {
    let clean = nfc(s);
    if clean.contains(['\n', '\r', '\t']) || clean.trim().len() != clean.len() {
        clean.replace(['\n', '\r', '\t'], " ").trim().to_owned()
    } else {
        clean
    }
}

/// The string in Unicode Normalization Form C (composed), as stored everywhere,
/// without control characters other than line breaks and tabs (a NUL or an escape
/// code pasted into a name would break reports and spreadsheets) and without
/// bidirectional controls ([`is_bidi_control`]).
pub fn nfc(s: &str) -> String {
    let unwanted = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c);
    // Most text is already NFC and clean; the quick check avoids reallocating it.
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes
        && !s.contains(unwanted)
    {
        s.to_owned()
    } else {
        s.nfc().filter(|c| !unwanted(*c)).collect()
    }
}

/// A search key: lower case, diacritics removed, `đ`/`Đ` as `d`, runs of white
/// space collapsed to one space and trimmed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            // Ð and ð are what đ and Đ become when text in the old Vietnamese
            // Windows code page is read as Western European.
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `text` as it is when it has at most `max` characters, else its first `max`
/// and how many more there are: a name quoted in a message, however long.
pub fn shortened(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((end, _)) => format!(
            "{}… ({} more characters)",
            &text[..end],
            text[end..].chars().count()
        ),
    }
}

/// `name` without the characters that draw nothing (zero-width spaces and
/// joiners, soft hyphens, variation selectors and the other default-ignorable
/// code points of Unicode), in NFC: what a person can see of a name.
pub fn visible(name: &str) -> String {
    use unicode_security::GeneralSecurityProfile;
    use unicode_security::general_security_profile::IdentifierType;
    // The joiners are allowed in identifiers of some scripts, so Unicode files
    // them apart; in a Vietnamese or Latin name they only hide.
    let drawn = |c: &char| {
        !matches!(c, '\u{200c}' | '\u{200d}')
            && c.identifier_type() != Some(IdentifierType::Default_Ignorable)
    };
    nfc(&name.chars().filter(drawn).collect::<String>())
}

/// A key under which names that look alike are equal: the invisible
/// characters removed ([`visible`]), folded ([`fold`]), then each character
/// replaced by the one it is confused with (Unicode's confusables, UTS #39): a
/// Cyrillic `а` is an `a`, `rn` an `m`.
pub fn look_alike_key(name: &str) -> String {
    let folded = fold(&visible(name));
    fold(&unicode_security::skeleton(&folded).collect::<String>())
}

/// [`collation_key`] with numbers in the text ordered as numbers: "An Khang 2"
/// before "An Khang 10", "Số 9" before "Số 69". Each run of digits is read as a
/// number (leading zeros aside) before the text is collated.
pub fn natural_collation_key(s: &str) -> String {
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return collation_key(s);
    }
    let mut spread = String::with_capacity(s.len() + 32);
    let mut digits = String::new();
    let put = |digits: &mut String, spread: &mut String| {
        if digits.is_empty() {
            return;
        }
        let number = digits.trim_start_matches('0');
        // The length first (two digits), then the digits: longer numbers are larger.
        spread.push_str(&format!("{:02}{number}", number.len().min(99)));
        digits.clear();
    };
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            put(&mut digits, &mut spread);
            spread.push(c);
        }
    }
    put(&mut digits, &mut spread);
    collation_key(&spread)
}

/// A sort key that orders text the Vietnamese way, as ICU's collator for `vi`
/// orders it at secondary strength: letters in the order of the alphabet
/// (a ă â b c d đ e ê … o ô ơ … u ư …), ignoring case, after digits, after
/// punctuation and symbols, after spaces; then tones (none, grave, hook, tilde,
/// acute, dot below) as a tie-breaker.
pub fn collation_key(s: &str) -> String {
    // Punctuation and symbols in the Unicode collation's order (which Vietnamese
    // keeps), not their code points': `-` before `,`, `~` before `$`. The quotes of
    // one kind (between two spaces here) differ as marks do, only when all else is
    // equal. Any other punctuation or symbol comes after these, by code point.
    const PUNCTUATION: &str = concat!(
        // Guillemets written as escapes: sorted, never printed (GLOSSARY.md).
        "_ - – — , ; : ! ? . · '‘’‚ \"“”„ \u{ab} \u{bb} ( ) [ ] { } ",
        "@ * / \\ & # % • ` ^ ° + × < = > | ~ $ ₫ €"
    );
    // Each letter is a base and a variant: `a0` a, `a1` ă, `a2` â, `d1` đ; a space
    // is ` 0`, and punctuation `!` and its rank.
    let mut primary = String::with_capacity(s.len() * 2);
    let mut letters = 0;
    let mut tones = String::new();
    let mut letter: Option<(char, char)> = None;
    let flush = |letter: &mut Option<(char, char)>, primary: &mut String, letters: &mut usize| {
        if let Some((base, variant)) = letter.take() {
            primary.push(base);
            primary.push(variant);
            *letters += 1;
        }
    };
    let modify = |letter: &mut Option<(char, char)>, variant: char| {
        if let Some(l) = letter.as_mut().filter(|l| l.0.is_alphabetic()) {
            l.1 = variant;
        }
    };
    // Compatibility forms count as what they stand for, as in ICU: `…` as `...`,
    // a no-break space as a space.
    for c in s.nfkd() {
        match c {
            // breve (ă), circumflex (â ê ô), horn (ơ ư): distinct letters after the plain one
            '\u{306}' => modify(&mut letter, '1'),
            '\u{302}' if letter.is_some_and(|l| l.0 == 'a') => modify(&mut letter, '2'),
            '\u{302}' => modify(&mut letter, '1'),
            '\u{31b}' => modify(&mut letter, '2'),
            // tones: compared only when the letters are equal
            '\u{300}' => tones.push('1'),
            '\u{309}' => tones.push('2'),
            '\u{303}' => tones.push('3'),
            '\u{301}' => tones.push('4'),
            '\u{323}' => tones.push('5'),
            // soft hyphen, zero-width space and joiners, word joiner: invisible, ignored
            '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            c if is_combining_mark(c) => {}
            c => {
                flush(&mut letter, &mut primary, &mut letters);
                if tones.len() < letters {
                    tones.push('0');
                }
                letter = Some(match c {
                    'đ' | 'Đ' => ('d', '1'),
                    c if c.is_whitespace() && !c.is_control() => (' ', '0'),
                    c if c.is_alphanumeric() || c.is_control() => {
                        (c.to_lowercase().next().unwrap_or(c), '0')
                    }
                    c => {
                        let found = PUNCTUATION.split(' ').enumerate().find_map(|(rank, kind)| {
                            Some((rank, kind.chars().position(|p| p == c)?))
                        });
                        match found {
                            Some((rank, form)) => {
                                if form > 0 {
                                    tones.push(char::from(b'0' + form as u8));
                                }
                                ('!', char::from(b'0' + rank as u8))
                            }
                            None => ('!', c),
                        }
                    }
                });
            }
        }
    }
    flush(&mut letter, &mut primary, &mut letters);
    primary.push('\u{1}');
    primary.push_str(&tones);
    primary
}

/// Why a file operation failed, in the reader's language: the common causes
/// (a full disk, no permission, a read-only disk) in words, anything else as the
/// system says it.
pub fn io_reason(error: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind;
    let (vi, en) = match error.kind() {
        ErrorKind::StorageFull => ("ổ đĩa đã đầy", "the disk is full"),
        ErrorKind::QuotaExceeded => (
            "đã dùng hết dung lượng được cấp",
            "the disk quota is used up",
        ),
        ErrorKind::PermissionDenied => ("không có quyền ghi hoặc đọc ở đó", "permission denied"),
        ErrorKind::ReadOnlyFilesystem => ("ổ đĩa chỉ cho phép đọc", "the disk is read-only"),
        ErrorKind::NotFound => ("không tìm thấy tệp hoặc thư mục", "no such file or folder"),
        ErrorKind::FileTooLarge => ("tệp quá lớn", "the file is too large"),
        _ => return error.to_string(),
    };
    lang.pick(vi, en).to_owned()
}

/// A count with thousands grouped as each language writes it: `1.000` in
/// Vietnamese, `1,000` in English.
pub fn format_count(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let separator = lang.pick('.', ',');
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// A count with its noun, as each language says it: `1.000 doanh nghiệp` (no
/// plural in Vietnamese), `1 enterprise`, `1,000 enterprises`.
pub fn count_of(n: usize, lang: Lang, vi: &str, en_one: &str, en_many: &str) -> String {
    let number = format_count(n as u64, lang);
    match lang {
        Lang::Vi => format!("{number} {vi}"),
        Lang::En if n == 1 => format!("{number} {en_one}"),
        Lang::En => format!("{number} {en_many}"),
    }
}

/// A decimal number with `decimals` places, as each language writes it:
/// `1.234,5` in Vietnamese, `1,234.5` in English. Negative numbers keep their sign.
pub fn format_decimal(v: f64, decimals: usize, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    let text = format!("{:.*}", decimals, v.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let whole = whole
        .parse::<u64>()
        .map_or_else(|_| whole.to_owned(), |n| format_count(n, lang));
    let sign = if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match (fraction.is_empty(), lang) {
        (true, _) => format!("{sign}{whole}"),
        (false, Lang::Vi) => format!("{sign}{whole},{fraction}"),
        (false, Lang::En) => format!("{sign}{whole}.{fraction}"),
    }
}

/// A share from 0 to 1 as a whole percentage: `45%`, or with `decimals` places.
pub fn format_percent(share: f64, decimals: usize, lang: Lang) -> String {
    format!("{}%", format_decimal(share * 100.0, decimals, lang))
}

/// A decimal number as people type it in `lang`: in Vietnamese `1.200` is one
/// thousand two hundred and `12,5` is twelve and a half; in English `1,200` and
/// `12.5`. A single separator that cannot be a thousands group (`1.5` typed in
/// Vietnamese) is read as the decimal point. Spaces group thousands in both.
pub fn parse_decimal(text: &str, lang: Lang) -> Option<f64> {
    normalize_decimal(text, lang)?
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// A figure as typed (read as [`parse_decimal`] reads it), kept exactly: every
/// digit typed, or why it is not a figure.
pub fn parse_figure(
    text: &str,
    lang: Lang,
) -> Result<crate::decimal::Decimal, crate::decimal::DecimalError> {
    use crate::decimal::DecimalError;
    if text.trim().is_empty() {
        return Err(DecimalError::Empty);
    }
    let normal = normalize_decimal(text, lang)
        .ok_or_else(|| DecimalError::NotANumber(text.trim().to_owned()))?;
    normal.parse().map_err(|e| match e {
        // Name the figure as the person typed it, not in its normal form.
        DecimalError::NotANumber(_) => DecimalError::NotANumber(text.trim().to_owned()),
        DecimalError::TooManyDigits(_) => DecimalError::TooManyDigits(text.trim().to_owned()),
        DecimalError::TooManyPlaces(_) => DecimalError::TooManyPlaces(text.trim().to_owned()),
        DecimalError::TooLarge(_) => DecimalError::TooLarge(text.trim().to_owned()),
        other => other,
    })
}

/// A typed decimal rewritten with `.` as its point and no grouping, or `None`
/// when the separators make no sense.
fn normalize_decimal(text: &str, lang: Lang) -> Option<String> {
    let text: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let (decimal, grouping) = lang.pick((',', '.'), ('.', ','));
    let (whole, fraction) = match text.rsplit_once(decimal) {
        Some((whole, fraction)) => (whole.to_owned(), Some(fraction.to_owned())),
        None => (text.clone(), None),
    };
    let groups: Vec<&str> = whole.split(grouping).collect();
    let grouped = groups.len() > 1
        && !groups[0].is_empty()
        && groups[0].trim_start_matches('-').len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3);
    Some(match (grouped, groups.len(), fraction) {
        (true, _, fraction) => {
            let whole = groups.concat();
            match fraction {
                Some(f) => format!("{whole}.{f}"),
                None => whole,
            }
        }
        // One separator that is no thousands group, and no decimal mark: the
        // person used the other language's decimal point.
        (false, 2, None) => whole.replacen(grouping, ".", 1),
        (false, 1, Some(f)) => format!("{whole}.{f}"),
        (false, 1, None) => whole,
        _ => return None,
    })
}

/// A figure with every digit it holds, as `lang` writes it for reading:
/// `24.691,3578` in Vietnamese, `24,691.3578` in English.
pub fn format_figure(figure: crate::decimal::Decimal, lang: Lang) -> String {
    let plain = figure.to_string();
    let (sign, unsigned) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let whole = whole
        .parse::<u64>()
        .map_or_else(|_| whole.to_owned(), |n| format_count(n, lang));
    match fraction {
        "" => format!("{sign}{whole}"),
        _ => format!("{sign}{whole}{}{fraction}", lang.pick(',', '.')),
    }
}

/// A figure as it goes back into a box to be typed over: every digit, no
/// grouping, the language's decimal mark (`24691,3578` in Vietnamese).
pub fn figure_for_typing(figure: crate::decimal::Decimal, lang: Lang) -> String {
    let plain = figure.to_string();
    match lang {
        Lang::Vi => plain.replace('.', ","),
        Lang::En => plain,
    }
}

/// A whole number as people type it: `1000`, `1.000`, `1,000` or `1 000`:
/// thousands grouped by threes. `12,5` and `1.20` are not whole numbers.
pub fn parse_count(text: &str) -> Option<u32> {
    let groups: Vec<&str> = text.trim().split(['.', ',', ' ', '\u{a0}']).collect();
    let grouped = match groups.split_first() {
        Some((first, rest)) => {
            rest.is_empty() || (first.len() <= 3 && rest.iter().all(|g| g.len() == 3))
        }
        None => false,
    };
    let digits = groups.concat();
    if !grouped || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A number as a person writes it: no trailing `.0`.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

/// A date as Vietnamese readers write it: `dd/mm/yyyy`.
pub fn format_date(date: jiff::civil::Date) -> String {
    date.strftime("%d/%m/%Y").to_string()
}

/// Parses `dd/mm/yyyy` (also `d/m/yyyy` and `dd-mm-yyyy`).
pub fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let parts: Vec<&str> = text.trim().split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    jiff::civil::Date::new(
        y.trim().parse().ok()?,
        m.trim().parse().ok()?,
        d.trim().parse().ok()?,
    )
    .ok()
}

/// The calendar date of a moment on this computer's clock.
pub fn local_date(moment: jiff::Timestamp) -> jiff::civil::Date {
    moment
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .date()
}

/// A moment as `dd/mm/yyyy hh:mm` on this computer's clock.
pub fn format_moment(moment: jiff::Timestamp) -> String {
    moment
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .strftime("%d/%m/%Y %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_inside_names_sort_as_numbers() {
        let mut names = vec![
            "An Khang 10",
            "An Khang 2",
            "An Khang 1",
            "Ấp 3",
            "An Khang 02b",
            "An Khang",
        ];
        names.sort_by_key(|n| natural_collation_key(n));
        assert_eq!(
            names,
            vec![
                "An Khang",
                "An Khang 1",
                "An Khang 2",
                "An Khang 02b",
                "An Khang 10",
                "Ấp 3"
            ]
        );
        assert!(natural_collation_key("Số 9") < natural_collation_key("Số 69"));
        assert!(natural_collation_key("Bến Tre") < natural_collation_key("Bình Đại"));
    }

    #[test]
    fn a_d_with_stroke_mistaken_for_an_eth_is_still_found_as_d() {
        assert_eq!(fold("\u{d0}à Nẵng"), "da nang");
        assert_eq!(fold("Lê \u{f0}ức Thọ"), "le duc tho");
    }

    #[test]
    fn numbers_are_written_the_vietnamese_way_in_vietnamese_and_the_english_way_in_english() {
        assert_eq!(format_count(1000, Lang::Vi), "1.000");
        assert_eq!(format_count(1000, Lang::En), "1,000");
        assert_eq!(format_count(100_000, Lang::Vi), "100.000");
        assert_eq!(format_count(999, Lang::Vi), "999");
        assert_eq!(format_decimal(12.5, 1, Lang::Vi), "12,5");
        assert_eq!(format_decimal(12.5, 1, Lang::En), "12.5");
        assert_eq!(format_decimal(1234.56, 1, Lang::Vi), "1.234,6");
        assert_eq!(format_decimal(-0.04, 1, Lang::Vi), "0,0");
        assert_eq!(format_decimal(-3.0, 0, Lang::En), "-3");
        assert_eq!(format_percent(0.125, 1, Lang::Vi), "12,5%");
        assert_eq!(format_percent(0.6, 0, Lang::En), "60%");
        assert_eq!(
            count_of(1, Lang::En, "doanh nghiệp", "enterprise", "enterprises"),
            "1 enterprise"
        );
        assert_eq!(
            count_of(2000, Lang::En, "doanh nghiệp", "enterprise", "enterprises"),
            "2,000 enterprises"
        );
        assert_eq!(
            count_of(1, Lang::Vi, "doanh nghiệp", "enterprise", "enterprises"),
            "1 doanh nghiệp"
        );
        assert_eq!(parse_count("1.000"), Some(1000));
        assert_eq!(parse_count("1,500"), Some(1500));
        assert_eq!(parse_count(" 2 000 "), Some(2000));
        assert_eq!(parse_count("12a"), None);
        assert_eq!(parse_count("12,5"), None);
        assert_eq!(parse_count("1.20"), None);
    }

    #[test]
    fn amounts_are_read_as_each_language_writes_them() {
        assert_eq!(parse_decimal("1.200", Lang::Vi), Some(1200.0));
        assert_eq!(parse_decimal("1.200,5", Lang::Vi), Some(1200.5));
        assert_eq!(parse_decimal("12,5", Lang::Vi), Some(12.5));
        assert_eq!(parse_decimal("1.5", Lang::Vi), Some(1.5));
        assert_eq!(parse_decimal("1 200", Lang::Vi), Some(1200.0));
        assert_eq!(parse_decimal("1,200", Lang::En), Some(1200.0));
        assert_eq!(parse_decimal("12.5", Lang::En), Some(12.5));
        assert_eq!(parse_decimal("1,5", Lang::En), Some(1.5));
        assert_eq!(parse_decimal("300", Lang::Vi), Some(300.0));
        assert_eq!(parse_decimal("1.2.3", Lang::Vi), None);
        assert_eq!(parse_decimal("abc", Lang::En), None);
    }

    #[test]
    fn a_one_line_field_loses_line_breaks_tabs_and_bidi_overrides() {
        assert_eq!(
            nfc_line("Công ty\nDừa\tXanh\u{202e}gnp.exe "),
            "Công ty Dừa Xanhgnp.exe"
        );
        assert_eq!(nfc_line("\u{2066}HTX\u{2069} Bưởi\r\n"), "HTX Bưởi");
        assert_eq!(nfc_line("Hợp tác xã"), "Hợp tác xã");
    }

    #[test]
    fn a_text_of_several_lines_keeps_its_lines_but_not_bidi_overrides() {
        assert_eq!(nfc("dòng 1\ndòng 2\u{202e}"), "dòng 1\ndòng 2");
    }

    #[test]
    fn decomposed_vietnamese_is_stored_composed() {
        let decomposed = "Be\u{302}\u{301}n Tre";
        assert_eq!(nfc(decomposed), "Bến Tre");
        assert_eq!(nfc(decomposed).chars().count(), 7);
    }

    #[test]
    fn folding_ignores_case_marks_and_d_stroke() {
        assert_eq!(fold("Bến Tre"), "ben tre");
        assert_eq!(fold("  BẾN   TRE "), "ben tre");
        assert_eq!(fold("Đặng Thị Ưng"), "dang thi ung");
        assert_eq!(fold("Be\u{302}\u{301}n"), "ben");
    }

    #[test]
    fn vietnamese_collation_puts_each_letter_after_its_plain_form() {
        let mut words = vec![
            "Ưng", "Đức", "Dũng", "Ân", "Ăn", "An", "Bình", "Ơn", "Ôn", "On", "Uyên", "Zalo",
        ];
        words.sort_by_key(|w| collation_key(w));
        assert_eq!(
            words,
            [
                "An", "Ăn", "Ân", "Bình", "Dũng", "Đức", "On", "Ôn", "Ơn", "Uyên", "Ưng", "Zalo"
            ]
        );
    }

    #[test]
    fn tones_only_break_ties_between_equal_letters() {
        let mut words = vec!["má", "mà", "ma", "mạ", "mả", "mã", "mai"];
        words.sort_by_key(|w| collation_key(w));
        assert_eq!(words, ["ma", "mà", "mả", "mã", "má", "mạ", "mai"]);
        assert!(collation_key("Bến Tre") < collation_key("Bình Đại"));
        assert_eq!(collation_key("BẾN TRE"), collation_key("bến tre"));
    }

    #[test]
    fn dates_are_written_day_first() {
        assert_eq!(format_date(jiff::civil::date(2025, 7, 1)), "01/07/2025");
    }

    #[test]
    fn a_missing_language_falls_back_to_the_other() {
        let t = Text::new("Chiến lược", "");
        assert_eq!(t.get(Lang::En), "Chiến lược");
        assert_eq!(t.get(Lang::Vi), "Chiến lược");
    }
}
