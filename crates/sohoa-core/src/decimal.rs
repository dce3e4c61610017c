//! Exact decimal figures: a number kept to the digit as a person typed it.
//!
//! Key types: [`Decimal`] and [`DecimalError`].
//!
//! Policy: a figure has at most [`MAX_DIGITS`] significant digits, at most
//! [`MAX_PLACES`] places after the point, and is below 10^15 in size. That is
//! more than any count or amount in million dong needs, and it is what a 64-bit
//! float (the number of JSON, RON and MessagePack) carries exactly: a figure is
//! written to files as a plain number and reads back to the same digits.
//! Comparisons, and the share test of ratio criteria
//! ([`Decimal::share_is_above`]: `part × 100 > percent × whole`), are integer
//! arithmetic with no rounding. Reading a figure from text refuses anything
//! outside those limits with the reason; reading one from a stored 64-bit float
//! (files written before figures were exact) takes the float's shortest decimal
//! and rounds only a float with more than 15 significant digits, which no one
//! typed. Pure, never panics.
//!
//! A figure is 8 bytes, and its last byte has values that mean nothing, so
//! `Option<Decimal>` and an answer holding two figures need no room for a tag.
//! A decimal crate would take 16 bytes a figure; a national folder holds tens
//! of millions of answers.
//!
//! ```
//! use sohoa_core::decimal::Decimal;
//! let part: Decimal = "382.92".parse().unwrap();
//! let whole: Decimal = "382.92".parse().unwrap();
//! assert_eq!(part, whole);
//! assert!(part.share_is_above(whole, "80".parse().unwrap()));
//! assert_eq!("20.00001".parse::<Decimal>().unwrap().to_string(), "20.00001");
//! assert!("1e39".parse::<Decimal>().is_err());
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The most significant digits a figure may have.
pub const MAX_DIGITS: u32 = 15;

/// The most places after the decimal point a figure may have.
pub const MAX_PLACES: u32 = 15;

/// 10^15: every figure is smaller than this in size.
const LIMIT: i64 = 1_000_000_000_000_000;

/// 10^0 … 10^15, each exact as a float.
const POWERS_OF_TEN: [f64; MAX_PLACES as usize + 1] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// An exact decimal number: `digits × 10^-places`, with trailing zeros after
/// the point removed, so equal numbers are equal values (`12.50` is `12.5`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    /// The digits as a signed 56-bit integer, in little-endian bytes.
    digits: [u8; 7],
    places: Places,
}

/// Places after the decimal point, 0 to [`MAX_PLACES`]. An enum so that the
/// byte holding it has values with no meaning, which `Option` and enums of
/// figures use for their tags.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[repr(u8)]
enum Places {
    P0,
    P1,
    P2,
    P3,
    P4,
    P5,
    P6,
    P7,
    P8,
    P9,
    P10,
    P11,
    P12,
    P13,
    P14,
    P15,
}

const ALL_PLACES: [Places; 16] = [
    Places::P0,
    Places::P1,
    Places::P2,
    Places::P3,
    Places::P4,
    Places::P5,
    Places::P6,
    Places::P7,
    Places::P8,
    Places::P9,
    Places::P10,
    Places::P11,
    Places::P12,
    Places::P13,
    Places::P14,
    Places::P15,
];

/// Why a text or a number is not a figure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    /// Nothing was given.
    #[error("no number was given")]
    Empty,
    /// The text is not a decimal number.
    #[error("“{0}” is not a number")]
    NotANumber(String),
    /// Infinity or NaN.
    #[error("the number is not finite")]
    NotFinite,
    /// More than [`MAX_DIGITS`] significant digits.
    #[error("{0} has more than 15 significant digits")]
    TooManyDigits(String),
    /// More than [`MAX_PLACES`] places after the point.
    #[error("{0} has more than 15 digits after the decimal point")]
    TooManyPlaces(String),
    /// 10^15 or more in size.
    #[error("{0} is too large: a figure is below 1 000 000 000 000 000")]
    TooLarge(String),
}

impl Decimal {
    pub const ZERO: Decimal = Decimal {
        digits: [0; 7],
        places: Places::P0,
    };

    pub const HUNDRED: Decimal = Decimal::from_parts(100, 0);

    /// `digits × 10^-places`, normalised; the caller keeps within the limits.
    const fn from_parts(mut digits: i64, mut places: u32) -> Decimal {
        while places > 0 && digits % 10 == 0 {
            digits /= 10;
            places -= 1;
        }
        if digits == 0 {
            places = 0;
        }
        let b = digits.to_le_bytes();
        let places = if places > MAX_PLACES {
            MAX_PLACES
        } else {
            places
        };
        Decimal {
            digits: [b[0], b[1], b[2], b[3], b[4], b[5], b[6]],
            places: ALL_PLACES[places as usize],
        }
    }

    /// A whole number (`None` when it is 10^15 or more in size).
    pub fn from_integer(n: i64) -> Option<Decimal> {
        (n.unsigned_abs() < LIMIT as u64).then(|| Decimal::from_parts(n, 0))
    }

    /// The digits as an integer: the value is `mantissa × 10^-places`.
    pub fn mantissa(self) -> i64 {
        let mut bytes = [0u8; 8];
        bytes[..7].copy_from_slice(&self.digits);
        // Shift the sign bit of the 56-bit value into place and back.
        (i64::from_le_bytes(bytes) << 8) >> 8
    }

    /// Places after the decimal point (no trailing zeros).
    pub fn places(self) -> u32 {
        self.places as u32
    }

    pub fn is_zero(self) -> bool {
        self.mantissa() == 0
    }

    pub fn is_negative(self) -> bool {
        self.mantissa() < 0
    }

    /// Whether the number has no fractional part.
    pub fn is_integer(self) -> bool {
        self.places() == 0
    }

    /// The nearest 64-bit float: for charts, averages and shares on screen,
    /// never for a comparison that scores.
    pub fn to_f64(self) -> f64 {
        // Both are exact in a float (below 2^53 and 10^22), and a division is
        // rounded once: the float nearest the decimal, as parsing its text gives.
        self.mantissa() as f64 / POWERS_OF_TEN[self.places() as usize]
    }

    /// The decimal a 64-bit float was written from: its shortest decimal,
    /// which gives back what was typed for every figure of up to 15 digits.
    pub fn from_f64(x: f64) -> Result<Decimal, DecimalError> {
        if !x.is_finite() {
            return Err(DecimalError::NotFinite);
        }
        if let Some(figure) = Decimal::from_f64_by_scaling(x) {
            return Ok(figure);
        }
        // Display writes the shortest decimal that reads back as `x`, with no exponent.
        format!("{x}").parse()
    }

    /// The decimal with the fewest places that reads back as `x`, found without
    /// formatting text (reading a national folder converts millions of figures):
    /// `x × 10^p` rounded is the candidate's digits, and it is the one when
    /// dividing back gives `x` exactly.
    fn from_f64_by_scaling(x: f64) -> Option<Decimal> {
        for (places, scale) in POWERS_OF_TEN.iter().enumerate() {
            let digits = (x * scale).round();
            if digits.abs() >= LIMIT as f64 {
                return None;
            }
            if digits / scale == x {
                return Some(Decimal::from_parts(digits as i64, places as u32));
            }
        }
        None
    }

    /// As [`Decimal::from_f64`], rounding a float with more digits than a figure
    /// holds (16 or 17 significant digits, or beyond 15 places) to the nearest
    /// figure. For stored numbers written before figures were exact.
    pub fn from_stored_f64(x: f64) -> Result<Decimal, DecimalError> {
        let fifteen_digits = || format!("{x:.*e}", (MAX_DIGITS - 1) as usize).parse();
        let fifteen_places = || format!("{x:.*}", MAX_PLACES as usize).parse();
        match Decimal::from_f64(x) {
            Err(DecimalError::TooManyDigits(_) | DecimalError::TooManyPlaces(_)) => {
                match fifteen_digits() {
                    Err(DecimalError::TooManyPlaces(_)) => fifteen_places(),
                    other => other,
                }
            }
            other => other,
        }
    }

    /// Whether `self` out of `whole` is strictly more than `percent` %: `self ×
    /// 100 > percent × whole`, in exact integer arithmetic. Figures are at most
    /// 15 digits, so the products fit in 128 bits.
    pub fn share_is_above(self, whole: Decimal, percent: Decimal) -> bool {
        let hundred = Product::of(&[self]).times(100);
        let rhs = Product::of(&[percent, whole]);
        hundred.cmp(&rhs) == Ordering::Greater
    }
}

/// A product of figures, exact: `value × 10^-places` with a sign.
struct Product {
    negative: bool,
    magnitude: u128,
    places: u32,
}

impl Product {
    fn of(factors: &[Decimal]) -> Product {
        let mut product = Product {
            negative: false,
            magnitude: 1,
            places: 0,
        };
        for f in factors {
            product.negative ^= f.is_negative();
            // At most three factors of 15 digits: below 10^45 would overflow,
            // but callers multiply at most two figures and 100.
            product.magnitude = product
                .magnitude
                .saturating_mul(u128::from(f.mantissa().unsigned_abs()));
            product.places += f.places();
        }
        if product.magnitude == 0 {
            product.negative = false;
        }
        product
    }

    fn times(mut self, n: u128) -> Product {
        self.magnitude = self.magnitude.saturating_mul(n);
        self
    }

    fn cmp(&self, other: &Product) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => return Ordering::Greater,
            (true, false) => return Ordering::Less,
            _ => {}
        }
        let magnitudes = compare_scaled(self.magnitude, self.places, other.magnitude, other.places);
        if self.negative {
            magnitudes.reverse()
        } else {
            magnitudes
        }
    }
}

/// Compares `a × 10^-a_places` with `b × 10^-b_places`. The side with fewer
/// places is scaled up; if that overflows, it is the larger one (the other
/// side fits in 128 bits).
fn compare_scaled(a: u128, a_places: u32, b: u128, b_places: u32) -> Ordering {
    let scale = |x: u128, by: u32| 10u128.checked_pow(by).and_then(|p| x.checked_mul(p));
    match a_places.cmp(&b_places) {
        Ordering::Equal => a.cmp(&b),
        Ordering::Less => match scale(a, b_places - a_places) {
            Some(a) => a.cmp(&b),
            None => Ordering::Greater,
        },
        Ordering::Greater => match scale(b, a_places - b_places) {
            Some(b) => a.cmp(&b),
            None => Ordering::Less,
        },
    }
}

impl From<u32> for Decimal {
    /// A whole number: exact (every `u32` is below 10^15).
    fn from(n: u32) -> Decimal {
        Decimal::from_parts(i64::from(n), 0)
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        Product::of(&[*self]).cmp(&Product::of(&[*other]))
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;

    /// A decimal number in the notation of JSON and RON: an optional sign,
    /// digits with an optional `.`, an optional exponent (`2.5e3`).
    fn from_str(text: &str) -> Result<Decimal, DecimalError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DecimalError::Empty);
        }
        let not_a_number = || DecimalError::NotANumber(text.to_owned());
        let (negative, unsigned) = match text.as_bytes()[0] {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (number, exponent) = match unsigned.find(['e', 'E']) {
            Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
            None => (unsigned, None),
        };
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
            return Err(not_a_number());
        }
        let exponent: i64 = match exponent {
            None => 0,
            Some(e) => {
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty() || !all_digits(digits) {
                    return Err(not_a_number());
                }
                // Beyond ±1000 only zero is a figure; keep the number small.
                let magnitude: i64 = digits.parse().unwrap_or(i64::MAX).min(1000);
                if e.starts_with('-') {
                    -magnitude
                } else {
                    magnitude
                }
            }
        };
        // All the digits, without leading zeros, and where the point falls.
        let joined = format!("{whole}{fraction}");
        let significant = joined.trim_start_matches('0').trim_end_matches('0');
        if significant.is_empty() {
            return Ok(Decimal::ZERO);
        }
        // Digits of `joined` after its last significant digit are trailing zeros.
        let trailing_zeros = joined.len() - joined.trim_end_matches('0').len();
        // value = significant × 10^(exponent − fraction.len() + trailing_zeros)
        let power = exponent - fraction.len() as i64 + trailing_zeros as i64;
        if significant.len() as u32 > MAX_DIGITS {
            return Err(DecimalError::TooManyDigits(text.to_owned()));
        }
        let mut mantissa: i64 = significant.parse().map_err(|_| not_a_number())?;
        let places = if power >= 0 {
            // Whole digits: the number grows by `power` zeros.
            if significant.len() as i64 + power > i64::from(MAX_DIGITS) {
                return Err(DecimalError::TooLarge(text.to_owned()));
            }
            mantissa *= 10i64.pow(power as u32);
            0
        } else {
            let places = -power;
            if places > i64::from(MAX_PLACES) {
                return Err(DecimalError::TooManyPlaces(text.to_owned()));
            }
            places as u32
        };
        if negative {
            mantissa = -mantissa;
        }
        Ok(Decimal::from_parts(mantissa, places))
    }
}

impl fmt::Display for Decimal {
    /// Plain digits with `.` as the point: `382.92`, `-0.5`, `30`.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let mantissa = self.mantissa();
        let digits = mantissa.unsigned_abs().to_string();
        let places = self.places() as usize;
        let sign = if mantissa < 0 { "-" } else { "" };
        if places == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = places + 1);
        let (whole, fraction) = padded.split_at(padded.len() - places);
        write!(f, "{sign}{whole}.{fraction}")
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Decimal {
    /// As a plain number: the float nearest a figure of 15 digits or fewer is
    /// written with exactly its digits.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.to_f64())
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(DecimalVisitor)
    }
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Decimal, E> {
        Decimal::from_stored_f64(x).map_err(E::custom)
    }

    fn visit_f32<E: de::Error>(self, x: f32) -> Result<Decimal, E> {
        // A 32-bit float's own shortest decimal, as it was written.
        x.to_string()
            .parse::<Decimal>()
            .or_else(|_| Decimal::from_stored_f64(f64::from(x)))
            .map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Decimal, E> {
        Decimal::from_integer(n).ok_or_else(|| E::custom(DecimalError::TooLarge(n.to_string())))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Decimal, E> {
        i64::try_from(n)
            .ok()
            .and_then(Decimal::from_integer)
            .ok_or_else(|| E::custom(DecimalError::TooLarge(n.to_string())))
    }

    fn visit_i128<E: de::Error>(self, n: i128) -> Result<Decimal, E> {
        i64::try_from(n)
            .ok()
            .and_then(Decimal::from_integer)
            .ok_or_else(|| E::custom(DecimalError::TooLarge(n.to_string())))
    }

    fn visit_u128<E: de::Error>(self, n: u128) -> Result<Decimal, E> {
        i64::try_from(n)
            .ok()
            .and_then(Decimal::from_integer)
            .ok_or_else(|| E::custom(DecimalError::TooLarge(n.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn a_figure_reads_back_with_the_digits_typed() {
        for text in [
            "0",
            "30",
            "382.92",
            "24691.3578",
            "0.1",
            "-0.5",
            "20.00001",
            "999999999999999",
            "0.000000000000001",
            "16777217",
        ] {
            assert_eq!(d(text).to_string(), text);
        }
        assert_eq!(d("12.50").to_string(), "12.5");
        assert_eq!(d("007").to_string(), "7");
        assert_eq!(d("2.5e3").to_string(), "2500");
        assert_eq!(d("25E-1").to_string(), "2.5");
        assert_eq!(d("-0").to_string(), "0");
        assert_eq!(d(".5").to_string(), "0.5");
        assert_eq!(d("5.").to_string(), "5");
    }

    #[test]
    fn a_figure_is_eight_bytes_and_an_optional_figure_too() {
        assert_eq!(std::mem::size_of::<Decimal>(), 8);
        assert_eq!(std::mem::size_of::<Option<Decimal>>(), 8);
    }

    #[test]
    fn what_is_not_a_figure_is_refused_with_the_reason() {
        assert_eq!("".parse::<Decimal>(), Err(DecimalError::Empty));
        assert!(matches!(
            "abc".parse::<Decimal>(),
            Err(DecimalError::NotANumber(_))
        ));
        assert!(matches!(
            "1.2.3".parse::<Decimal>(),
            Err(DecimalError::NotANumber(_))
        ));
        assert!(matches!(
            "e5".parse::<Decimal>(),
            Err(DecimalError::NotANumber(_))
        ));
        assert!(matches!(
            "1e".parse::<Decimal>(),
            Err(DecimalError::NotANumber(_))
        ));
        assert!(matches!(
            "1e39".parse::<Decimal>(),
            Err(DecimalError::TooLarge(_))
        ));
        assert!(matches!(
            "1000000000000000".parse::<Decimal>(),
            Err(DecimalError::TooLarge(_))
        ));
        assert!(matches!(
            "1234567890.123456".parse::<Decimal>(),
            Err(DecimalError::TooManyDigits(_))
        ));
        assert!(matches!(
            "1e-16".parse::<Decimal>(),
            Err(DecimalError::TooManyPlaces(_))
        ));
        assert_eq!(
            "0e99999999999999999999".parse::<Decimal>(),
            Ok(Decimal::ZERO)
        );
        assert_eq!(
            Decimal::from_f64(f64::INFINITY),
            Err(DecimalError::NotFinite)
        );
        assert_eq!(
            DecimalError::TooLarge("1e39".into()).to_string(),
            "1e39 is too large: a figure is below 1 000 000 000 000 000"
        );
    }

    #[test]
    fn comparisons_are_exact() {
        assert_eq!(d("0.1"), d("0.10"));
        assert!(d("20.00001") > d("20"));
        assert!(d("16777217") > d("16777216"));
        assert!(d("-1") < d("0"));
        assert!(d("-1.5") < d("-1.25"));
        assert!(d("999999999999999") > d("0.000000000000001"));
        let mut sorted = [d("3"), d("-2"), d("0.5"), d("0.25"), d("100")];
        sorted.sort();
        assert_eq!(
            sorted.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["-2", "0.25", "0.5", "3", "100"]
        );
    }

    #[test]
    fn a_share_is_above_a_step_only_when_strictly_above() {
        // 1 of 5 is exactly 20 %: not above 20.
        assert!(!d("1").share_is_above(d("5"), d("20")));
        assert!(d("1").share_is_above(d("5"), d("19.99999")));
        // 20.00001 of 100 is above 20.
        assert!(d("20.00001").share_is_above(d("100"), d("20")));
        assert!(d("2000001").share_is_above(d("10000000"), d("20")));
        assert!(!d("2000000").share_is_above(d("10000000"), d("20")));
        // A part equal to its total is 100 %: above 80.
        assert!(d("382.92").share_is_above(d("382.92"), d("80")));
        assert!(d("0.1").share_is_above(d("0.1"), d("80")));
        // The largest figures still compare exactly.
        assert!(d("999999999999999").share_is_above(d("999999999999999"), d("99.9999999999999")));
        assert!(
            !d("0.000000000000001").share_is_above(d("999999999999999"), d("0.000000000000001"))
        );
    }

    #[test]
    fn figures_of_fifteen_digits_survive_a_trip_through_a_float() {
        for text in [
            "382.92",
            "24691.3578",
            "0.1",
            "999999999999999",
            "0.000000000000001",
            "123456.789012345",
        ] {
            let x = d(text).to_f64();
            assert_eq!(Decimal::from_f64(x), Ok(d(text)), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_float_converts_to_the_same_figure_as_its_shortest_text(
            digits in 0i64..1_000_000_000_000_000,
            places in 0u32..=15,
            negative in proptest::bool::ANY,
        ) {
            let figure = Decimal::from_parts(if negative { -digits } else { digits }, places);
            let x = figure.to_f64();
            proptest::prop_assert_eq!(x, figure.to_string().parse::<f64>().unwrap());
            proptest::prop_assert_eq!(Decimal::from_f64_by_scaling(x), Some(figure));
            proptest::prop_assert_eq!(format!("{x}").parse::<Decimal>(), Ok(figure));
        }

        #[test]
        fn any_float_converts_as_its_shortest_text_does(x in proptest::num::f64::NORMAL) {
            let by_text = format!("{x}").parse::<Decimal>();
            proptest::prop_assert_eq!(Decimal::from_f64(x), by_text);
        }
    }

    #[test]
    fn a_stored_float_with_more_digits_than_a_figure_is_rounded_to_fifteen() {
        assert_eq!(
            Decimal::from_stored_f64(0.1234567890123456),
            Ok(d("0.123456789012346"))
        );
        assert_eq!(Decimal::from_stored_f64(1e-20), Ok(Decimal::ZERO));
        assert!(Decimal::from_stored_f64(1e20).is_err());
        // A 32-bit float keeps its own shortest digits.
        let back: Decimal = ron::from_str("24691.357").unwrap();
        assert_eq!(back, d("24691.357"));
    }

    #[test]
    fn a_figure_is_written_as_a_plain_number() {
        assert_eq!(ron::to_string(&d("382.92")).unwrap(), "382.92");
        assert_eq!(ron::to_string(&d("30")).unwrap(), "30.0");
        assert_eq!(serde_json::to_string(&d("0.000001")).unwrap(), "1e-6");
        let back: Decimal = serde_json::from_str("1e-6").unwrap();
        assert_eq!(back, d("0.000001"));
        let integer: Decimal = serde_json::from_str("42").unwrap();
        assert_eq!(integer, d("42"));
        assert!(serde_json::from_str::<Decimal>("1e20").is_err());
    }
}
