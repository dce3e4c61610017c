//! How enterprise names are compared: the same name written in other ways, and
//! names that can belong to one enterprise.
//!
//! Key functions: [`name_key`], [`names_agree`], [`name_and_place_key`].
//!
//! Policy: pure text rules, no I/O, never panics.
//!
//! ```
//! use sohoa_core::enterprise::names::{name_key, names_agree};
//! assert_eq!(name_key("Cty TNHH Dừa Xanh"), name_key("Công ty trách nhiệm hữu hạn DỪA XANH"));
//! assert!(names_agree("Công ty TNHH Dừa Xanh", "Dừa Xanh Bến Tre"));
//! ```

use super::Enterprise;
use crate::text::fold;

/// The name with case, diacritics, punctuation and spacing ignored, and the
/// usual abbreviations of legal forms spelled out (`Cty` = `Công ty`).
pub fn name_key(name: &str) -> String {
    let folded = fold(name);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        match word {
            "cty" => out.extend(["cong", "ty"]),
            "tnhh" => out.extend(["trach", "nhiem", "huu", "han"]),
            "cp" => out.extend(["co", "phan"]),
            "htx" => out.extend(["hop", "tac", "xa"]),
            "dntn" => out.extend(["doanh", "nghiep", "tu", "nhan"]),
            other => out.push(other),
        }
    }
    out.join(" ")
}

/// Words of a legal form, left out when two names are compared for meaning.
const LEGAL_FORM_WORDS: [&str; 17] = [
    "cong", "ty", "trach", "nhiem", "huu", "han", "co", "phan", "hop", "tac", "xa", "doanh",
    "nghiep", "tu", "nhan", "mtv", "ho",
];

/// Whether two names can be one enterprise's: once case, diacritics, spacing and
/// legal-form words are set aside, one name's words are all in the other, or at
/// least half of all their words are shared. "Công ty TNHH Dừa Xanh" and "Dừa
/// Xanh Bến Tre" agree; "Bưởi da xanh" and "Kế toán Mỹ Hạnh" do not. A name
/// made of legal-form words only agrees with anything (nothing to compare).
pub fn names_agree(a: &str, b: &str) -> bool {
    let words = |name: &str| -> std::collections::BTreeSet<String> {
        name_key(name)
            .split(' ')
            .filter(|w| !w.is_empty() && !LEGAL_FORM_WORDS.contains(w))
            .map(str::to_owned)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() || a.is_subset(&b) || b.is_subset(&a) {
        return true;
    }
    let shared = a.intersection(&b).count();
    let all = a.union(&b).count();
    shared * 2 >= all
}

/// The record's name (as [`name_key`] reads it) with where it is (its
/// administrative unit, else its address): two records with the same key look
/// like one enterprise entered twice. `None` when the record has no place.
pub fn name_and_place_key(e: &Enterprise) -> Option<String> {
    let place = match &e.admin_unit {
        Some(unit) => format!("unit:{unit}"),
        None if !e.address.trim().is_empty() => format!("address:{}", name_key(&e.address)),
        None => return None,
    };
    Some(format!("{}\u{1f}{place}", name_key(&e.name)))
}
