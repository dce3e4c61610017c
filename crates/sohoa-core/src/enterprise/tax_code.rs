//! Vietnamese tax codes (mã số thuế): parsing, check digit, normal form.
//!
//! Key types: [`TaxCode`], [`TaxCodeKind`], [`TaxCodeError`]; function [`parse`].
//!
//! Policy: accepts what people type (spaces, dots, a 9-digit number that a
//! spreadsheet stripped of its leading zero) and returns the normal form
//! `NNNNNNNNNN` or `NNNNNNNNNN-NNN`. A valid check digit does not prove the code is
//! registered. Never panics.
//!
//! ```
//! use sohoa_core::enterprise::tax_code;
//! assert_eq!(tax_code::parse("0100109106").unwrap().as_str(), "0100109106");
//! assert!(tax_code::parse("0100109107").is_err());
//! ```

use std::fmt;

/// Weights of digits 1–9 in the check-digit sum.
const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/// A tax code in normal form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaxCode {
    normal: String,
    kind: TaxCodeKind,
    restored_leading_zero: bool,
}

/// What a tax code identifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaxCodeKind {
    /// 10 digits with a check digit.
    Enterprise,
    /// A dependent unit: the parent's 10 digits, `-`, and 001–999.
    Branch,
    /// A household business or individual: the 12-digit personal ID, no check digit.
    Personal,
}

/// Why a text is not a tax code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaxCodeError {
    #[error("the tax code is empty")]
    Empty,
    /// A character other than digits, spaces, dots and one dash.
    #[error("“{0}” is not allowed in a tax code (only digits and one “-”)")]
    BadCharacter(char),
    #[error("a tax code has 10 digits (13 for a branch, 12 for a personal ID), not {0}")]
    WrongLength(usize),
    #[error("the check digit is {found} but should be {expected}")]
    CheckDigit { expected: u32, found: u32 },
    /// The first nine digits give a remainder of 0, for which no check digit exists.
    #[error("no valid tax code starts with these nine digits")]
    NoCheckDigit,
    #[error("a branch number must be 001 to 999, not 000")]
    BranchZero,
}

impl TaxCodeError {
    /// What is wrong, as a reader of `lang` is told it (the English is the
    /// error's own text).
    pub fn in_language(&self, lang: crate::text::Lang) -> String {
        let vi = match self {
            TaxCodeError::CheckDigit { expected, found } => {
                format!("Chữ số kiểm tra là {found}, đúng ra phải là {expected}")
            }
            TaxCodeError::WrongLength(n) => format!(
                "Mã số thuế có 10 chữ số (13 với chi nhánh, 12 với số định danh cá nhân), không phải {n}"
            ),
            TaxCodeError::BadCharacter(c) => format!("Ký tự “{c}” không dùng trong mã số thuế"),
            TaxCodeError::BranchZero => "Số chi nhánh phải từ 001 đến 999".into(),
            TaxCodeError::NoCheckDigit => {
                "Không có mã số thuế hợp lệ nào bắt đầu bằng 9 chữ số này".into()
            }
            TaxCodeError::Empty => "Mã số thuế trống".into(),
        };
        lang.pick(vi, self.to_string())
    }
}

impl TaxCode {
    /// The normal form: `NNNNNNNNNN`, `NNNNNNNNNN-NNN` or 12 digits.
    pub fn as_str(&self) -> &str {
        &self.normal
    }

    pub fn kind(&self) -> TaxCodeKind {
        self.kind
    }

    /// Whether the input had 9 digits and a leading `0` was put back.
    pub fn restored_leading_zero(&self) -> bool {
        self.restored_leading_zero
    }

    /// The 10-digit code of the enterprise itself (for a branch, its parent).
    pub fn enterprise_part(&self) -> &str {
        match self.kind {
            TaxCodeKind::Branch => &self.normal[..10],
            _ => &self.normal,
        }
    }
}

impl fmt::Display for TaxCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.normal)
    }
}

/// The check digit for the first nine digits, or `None` when none exists.
pub fn check_digit(first_nine: &[u32; 9]) -> Option<u32> {
    let sum: u32 = first_nine.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    match sum % 11 {
        0 => None,
        r => Some(10 - r),
    }
}

fn verify_ten(digits: &[u32]) -> Result<(), TaxCodeError> {
    let mut first = [0u32; 9];
    first.copy_from_slice(&digits[..9]);
    let expected = check_digit(&first).ok_or(TaxCodeError::NoCheckDigit)?;
    if digits[9] == expected {
        Ok(())
    } else {
        Err(TaxCodeError::CheckDigit {
            expected,
            found: digits[9],
        })
    }
}

/// Parses a tax code as typed.
pub fn parse(input: &str) -> Result<TaxCode, TaxCodeError> {
    let mut digits = Vec::with_capacity(13);
    let mut dash_at = None;
    for c in input.trim().chars() {
        match c {
            '0'..='9' => digits.push(c as u32 - '0' as u32),
            ' ' | '.' | '\u{a0}' => {}
            '-' if dash_at.is_none() => dash_at = Some(digits.len()),
            other => return Err(TaxCodeError::BadCharacter(other)),
        }
    }
    if digits.is_empty() {
        return Err(TaxCodeError::Empty);
    }
    let text = |d: &[u32]| {
        d.iter()
            .map(|d| char::from(b'0' + *d as u8))
            .collect::<String>()
    };
    match (digits.len(), dash_at) {
        (9, None) => {
            let mut restored = vec![0];
            restored.extend_from_slice(&digits);
            verify_ten(&restored)?;
            Ok(TaxCode {
                normal: text(&restored),
                kind: TaxCodeKind::Enterprise,
                restored_leading_zero: true,
            })
        }
        (10, None) => {
            verify_ten(&digits)?;
            Ok(TaxCode {
                normal: text(&digits),
                kind: TaxCodeKind::Enterprise,
                restored_leading_zero: false,
            })
        }
        (12, None) => Ok(TaxCode {
            normal: text(&digits),
            kind: TaxCodeKind::Personal,
            restored_leading_zero: false,
        }),
        (13, None | Some(10)) => {
            verify_ten(&digits[..10])?;
            if digits[10..] == [0, 0, 0] {
                return Err(TaxCodeError::BranchZero);
            }
            Ok(TaxCode {
                normal: format!("{}-{}", text(&digits[..10]), text(&digits[10..])),
                kind: TaxCodeKind::Branch,
                restored_leading_zero: false,
            })
        }
        (n, _) => Err(TaxCodeError::WrongLength(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_real_enterprise_code_passes_its_check_digit() {
        // 0·31 + 1·29 + 0·23 + 0·19 + 1·17 + 0·13 + 9·7 + 1·5 + 0·3 = 114; 114 mod 11 = 4; 10 − 4 = 6.
        let code = parse("0100109106").unwrap();
        assert_eq!(code.kind(), TaxCodeKind::Enterprise);
        assert_eq!(code.as_str(), "0100109106");
    }

    #[test]
    fn a_wrong_check_digit_says_which_digit_was_expected() {
        assert_eq!(
            parse("0100109107"),
            Err(TaxCodeError::CheckDigit {
                expected: 6,
                found: 7
            })
        );
    }

    #[test]
    fn eleven_minus_r_is_not_the_rule() {
        // With 11 − r the check digit of 010010910 would be 7.
        assert!(parse("0100109107").is_err());
    }

    #[test]
    fn nine_digits_are_a_code_that_lost_its_leading_zero() {
        let code = parse("100109106").unwrap();
        assert_eq!(code.as_str(), "0100109106");
        assert!(code.restored_leading_zero());
    }

    #[test]
    fn a_branch_keeps_its_parent_and_number() {
        let code = parse("0100109106-001").unwrap();
        assert_eq!(code.kind(), TaxCodeKind::Branch);
        assert_eq!(code.enterprise_part(), "0100109106");
        assert_eq!(parse("0100109106001").unwrap().as_str(), "0100109106-001");
        assert_eq!(parse("0100109106-000"), Err(TaxCodeError::BranchZero));
        assert!(parse("0100109107-001").is_err());
    }

    #[test]
    fn a_personal_id_has_twelve_digits_and_no_check_digit() {
        assert_eq!(
            parse("083 201 000 123").unwrap().kind(),
            TaxCodeKind::Personal
        );
    }

    #[test]
    fn nine_digits_whose_remainder_is_zero_have_no_valid_code() {
        // 1·31 + 1·29 + 1·23 + 1·19 + 1·17 + 0 + 0 + 0 + 1·3 = 122 = 11·11 + 1 → not zero;
        // 0000000000 sums to 0 → no check digit exists.
        assert_eq!(parse("0000000000"), Err(TaxCodeError::NoCheckDigit));
    }

    #[test]
    fn typing_noise_is_ignored_but_letters_are_refused() {
        assert_eq!(parse(" 0100 109 106 ").unwrap().as_str(), "0100109106");
        assert_eq!(parse("01001O9106"), Err(TaxCodeError::BadCharacter('O')));
        assert_eq!(parse(""), Err(TaxCodeError::Empty));
        assert_eq!(parse("12345"), Err(TaxCodeError::WrongLength(5)));
    }

    proptest! {
        #[test]
        fn every_computed_check_digit_makes_a_valid_code(first in proptest::array::uniform9(0u32..10)) {
            if let Some(d) = check_digit(&first) {
                let text: String = first.iter().chain([&d]).map(|d| char::from(b'0' + *d as u8)).collect();
                prop_assert!(parse(&text).is_ok());
            }
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(s in ".{0,20}") {
            let _ = parse(&s);
        }
    }
}
