//! The hand-written Vietnamese collation ([`collation_key`]) held to the reference:
//! ICU4X's collator for `vi`, which carries CLDR's Vietnamese rules.
//!
//! Strength: secondary. CLDR's `vi` rules make ă â đ ê ô ơ ư letters of their own
//! (primary differences, each right after its plain letter) and put the five tones
//! at the secondary level in dictionary order (grave < hook < tilde < acute < dot
//! below), with case at the tertiary level. `collation_key` promises the first two
//! levels and ignores case (`BẾN TRE` and `bến tre` have the same key), so it
//! matches ICU at `Strength::Secondary`: there ICU's "equal" is our "same key".
//! At tertiary strength ICU would order `bến tre` before `BẾN TRE`, which the key
//! does not promise; at primary strength ICU would ignore the tones it breaks
//! ties with.

use std::cmp::Ordering;

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed};
use proptest::prelude::*;
use proptest::sample::Index;
use sohoa_core::text::collation_key;
use unicode_normalization::UnicodeNormalization;

/// ICU4X's collator for Vietnamese at the strength our key promises.
fn icu_vietnamese() -> CollatorBorrowed<'static> {
    let mut options = CollatorOptions::default();
    options.strength = Some(Strength::Secondary);
    Collator::try_new(icu_locale_core::langid!("vi").into(), options)
        .expect("ICU4X's compiled data has Vietnamese collation")
}

/// The names sorted by `collation_key`, as the app sorts them.
fn sorted_by_our_key(names: &[String]) -> Vec<String> {
    let mut sorted = names.to_vec();
    sorted.sort_by_cached_key(|name| collation_key(name));
    sorted
}

// Syllables are an onset, a rhyme and a tone; the tone mark sits on the rhyme's
// vowel at the given position, as Vietnamese spelling places it.
const ONSETS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

const RHYMES: &[(&str, usize)] = &[
    ("a", 0),
    ("ai", 0),
    ("ao", 0),
    ("au", 0),
    ("ay", 0),
    ("am", 0),
    ("an", 0),
    ("ang", 0),
    ("anh", 0),
    ("ac", 0),
    ("ach", 0),
    ("at", 0),
    ("ap", 0),
    ("ăm", 0),
    ("ăn", 0),
    ("ăng", 0),
    ("ăc", 0),
    ("ăt", 0),
    ("ăp", 0),
    ("âu", 0),
    ("ây", 0),
    ("âm", 0),
    ("ân", 0),
    ("âng", 0),
    ("âc", 0),
    ("ât", 0),
    ("âp", 0),
    ("e", 0),
    ("eo", 0),
    ("em", 0),
    ("en", 0),
    ("eng", 0),
    ("et", 0),
    ("ep", 0),
    ("ê", 0),
    ("êu", 0),
    ("êm", 0),
    ("ên", 0),
    ("ênh", 0),
    ("êt", 0),
    ("êch", 0),
    ("i", 0),
    ("ia", 0),
    ("iu", 0),
    ("im", 0),
    ("in", 0),
    ("inh", 0),
    ("it", 0),
    ("ich", 0),
    ("iêu", 1),
    ("iêm", 1),
    ("iên", 1),
    ("iêng", 1),
    ("iêt", 1),
    ("o", 0),
    ("oa", 1),
    ("oai", 1),
    ("oan", 1),
    ("oang", 1),
    ("oanh", 1),
    ("oat", 1),
    ("oăn", 1),
    ("oe", 1),
    ("oi", 0),
    ("om", 0),
    ("on", 0),
    ("ong", 0),
    ("oc", 0),
    ("ot", 0),
    ("op", 0),
    ("ô", 0),
    ("ôi", 0),
    ("ôm", 0),
    ("ôn", 0),
    ("ông", 0),
    ("ôc", 0),
    ("ôt", 0),
    ("ơ", 0),
    ("ơi", 0),
    ("ơm", 0),
    ("ơn", 0),
    ("ơt", 0),
    ("u", 0),
    ("ua", 0),
    ("ui", 0),
    ("um", 0),
    ("un", 0),
    ("ung", 0),
    ("uc", 0),
    ("ut", 0),
    ("uân", 1),
    ("uy", 1),
    ("uyên", 2),
    ("uyêt", 2),
    ("uôi", 1),
    ("uôn", 1),
    ("uông", 1),
    ("uôc", 1),
    ("ư", 0),
    ("ưa", 0),
    ("ưi", 0),
    ("ưu", 0),
    ("ưng", 0),
    ("ưc", 0),
    ("ưt", 0),
    ("ươi", 1),
    ("ươn", 1),
    ("ương", 1),
    ("ươc", 1),
    ("ươt", 1),
    ("y", 0),
    ("yên", 1),
    ("yêu", 1),
];

/// No tone, then grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot below (nặng).
const TONES: [Option<char>; 6] = [
    None,
    Some('\u{300}'),
    Some('\u{309}'),
    Some('\u{303}'),
    Some('\u{301}'),
    Some('\u{323}'),
];

/// How names of enterprises often begin.
const PHRASES: &[&str] = &[
    "Công ty",
    "Công ty TNHH",
    "Công ty Cổ phần",
    "Hợp tác xã",
    "Doanh nghiệp tư nhân",
    "Hộ kinh doanh",
    "Cơ sở",
    "Chi nhánh",
    "Tổ hợp tác",
];

/// What stands between two words: mostly a space, sometimes punctuation as names
/// have it ("Thương mại - Dịch vụ", "Đầu tư & Xây dựng", "Sao Mai (Ấp 3)"), a
/// no-break space (a space to ICU), or text pasted with a soft hyphen or a
/// zero-width space (nothing to ICU).
const JOINTS: &[&str] = &[
    "  ", "\u{a0}", " - ", " – ", ", ", " & ", " (", ") ", "-", ".", ". ", "/", " + ", "'", "’",
    " “", "” ", "\u{ad}", "\u{200b}",
];

/// Punctuation and symbols that names may hold, in no particular order: ICU decides.
const PUNCTUATION: &str = "_-–—,;:!?.…·'‘’‚\"“”„«»()[]{}@*/\\&#%•`^°+×<=>|~$₫€";

const ACRONYMS: &[&str] = &[
    "TNHH", "CP", "HTX", "MTV", "DNTN", "XNK", "TM", "DV", "SX", "ĐT", "XD", "VN",
];

#[derive(Debug, Clone)]
enum Word {
    Syllable {
        onset: usize,
        rhyme: usize,
        tone: usize,
    },
    Acronym(usize),
    Number(u16),
}

#[derive(Debug, Clone, Copy)]
enum Case {
    Lower,
    Title,
    Upper,
}

/// A name before it is written out: tones and case can be changed on a copy to
/// make names that differ only in them.
#[derive(Debug, Clone)]
struct Name {
    phrase: Option<usize>,
    words: Vec<(Word, Case)>,
    /// What stands before each word but the first.
    joints: Vec<String>,
    /// Written decomposed (NFD), as some keyboards send it, instead of composed.
    decomposed: bool,
}

fn word() -> impl Strategy<Value = Word> {
    prop_oneof![
        8 => (0..ONSETS.len(), 0..RHYMES.len(), 0..TONES.len())
            .prop_map(|(onset, rhyme, tone)| Word::Syllable { onset, rhyme, tone }),
        1 => (0..ACRONYMS.len()).prop_map(Word::Acronym),
        1 => prop_oneof![0u16..10, 0u16..1000].prop_map(Word::Number),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    prop_oneof![3 => Just(Case::Title), 1 => Just(Case::Lower), 1 => Just(Case::Upper)]
}

fn joint() -> impl Strategy<Value = String> {
    let punctuation: Vec<char> = PUNCTUATION.chars().collect();
    prop_oneof![
        12 => Just(" ".to_owned()),
        3 => proptest::sample::select(JOINTS).prop_map(str::to_owned),
        1 => proptest::sample::select(punctuation).prop_map(String::from),
    ]
}

fn name() -> impl Strategy<Value = Name> {
    (
        proptest::option::weighted(0.5, 0..PHRASES.len()),
        proptest::collection::vec((word(), case()), 1..=5),
        proptest::collection::vec(joint(), 5),
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(phrase, words, joints, decomposed)| Name {
            phrase,
            words,
            joints,
            decomposed,
        })
}

fn write_word(word: &Word, case: Case) -> String {
    let lower = match word {
        Word::Syllable { onset, rhyme, tone } => {
            let (rhyme, at) = RHYMES[*rhyme];
            let mut s = ONSETS[*onset].to_owned();
            for (i, c) in rhyme.chars().enumerate() {
                s.push(c);
                if i == at {
                    s.extend(TONES[*tone]);
                }
            }
            s.nfc().collect()
        }
        Word::Acronym(i) => return ACRONYMS[*i].to_owned(),
        Word::Number(n) => return n.to_string(),
    };
    match case {
        Case::Lower => lower,
        Case::Upper => lower.to_uppercase(),
        Case::Title => {
            let mut chars = lower.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

fn write_name(name: &Name) -> String {
    let mut s = name
        .phrase
        .map(|p| PHRASES[p].to_owned())
        .unwrap_or_default();
    for (i, (word, case)) in name.words.iter().enumerate() {
        if !s.is_empty() {
            s.push_str(&name.joints[i]);
        }
        s.push_str(&write_word(word, *case));
    }
    if name.decomposed {
        s.nfd().collect()
    } else {
        s.nfc().collect()
    }
}

/// A copy of one of the names with other tones and case (and maybe the other
/// normalisation form): same letters, so only the second and third levels tell
/// it from the original.
#[derive(Debug, Clone)]
struct Variant {
    of: Index,
    changes: Vec<(usize, Case)>,
    decomposed: bool,
}

fn variant() -> impl Strategy<Value = Variant> {
    (
        any::<Index>(),
        proptest::collection::vec((0..TONES.len(), case()), 1..6),
        any::<bool>(),
    )
        .prop_map(|(of, changes, decomposed)| Variant {
            of,
            changes,
            decomposed,
        })
}

fn apply(variant: &Variant, names: &[Name]) -> Name {
    let mut name = variant.of.get(names).clone();
    for (i, (word, case)) in name.words.iter_mut().enumerate() {
        let (new_tone, new_case) = variant.changes[i % variant.changes.len()];
        if let Word::Syllable { tone, .. } = word {
            *tone = new_tone;
        }
        *case = new_case;
    }
    name.decomposed = variant.decomposed;
    name
}

fn names() -> impl Strategy<Value = Vec<String>> {
    (
        proptest::collection::vec(name(), 1..32),
        proptest::collection::vec(variant(), 0..24),
    )
        .prop_map(|(originals, variants)| {
            let copies: Vec<Name> = variants.iter().map(|v| apply(v, &originals)).collect();
            originals.iter().chain(&copies).map(write_name).collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1024,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_vietnamese_names_sort_as_icu4x_sorts_them_for_vi(names in names()) {
        let icu = icu_vietnamese();
        let ours = sorted_by_our_key(&names);
        for pair in ours.windows(2) {
            prop_assert_ne!(
                icu.compare(&pair[0], &pair[1]),
                Ordering::Greater,
                "our order puts {:?} before {:?}; ICU4X puts it after",
                pair[0],
                pair[1]
            );
        }
        let mut theirs = names.clone();
        theirs.sort_by(|a, b| icu.compare(a, b));
        for pair in theirs.windows(2) {
            let (a, b) = (collation_key(&pair[0]), collation_key(&pair[1]));
            prop_assert!(
                a <= b,
                "ICU4X puts {:?} before {:?}; our order puts it after",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn names_icu4x_calls_equal_at_secondary_strength_have_the_same_key_and_only_they(
        names in names()
    ) {
        // Equal under ICU at this strength means "differ at most in case", in
        // normalisation form, in a no-break space for a space or in an invisible
        // soft hyphen, which the key ignores too; a tie on one side that the other
        // side breaks would leave the order of such names to the input's.
        let icu = icu_vietnamese();
        let keys: Vec<String> = names.iter().map(|n| collation_key(n)).collect();
        for (a, key_a) in names.iter().zip(&keys) {
            for (b, key_b) in names.iter().zip(&keys) {
                prop_assert_eq!(
                    key_a.cmp(key_b),
                    icu.compare(a, b),
                    "{:?} against {:?}",
                    a,
                    b
                );
            }
        }
    }
}

#[test]
fn a_handful_of_names_sort_in_vietnamese_dictionary_order_as_icu4x_sorts_them() {
    // Read down the list: "a" before "ă" before "â", "d" before "đ", "o" before "ô"
    // before "ơ", "u" before "ư", each a letter of its own; digits compare one by
    // one ("10" before "3"); the tone only decides between names with the same
    // letters (ma, mà, mả, mã, má, mạ, then mai); case decides nothing.
    let expected = [
        "Công ty An Phát",
        "Công ty Ăn Uống",
        "Công ty Ân Tình",
        "Công ty TNHH Đại Phát",
        "Công ty TNHH Đông Á",
        "Công ty TNHH Ma",
        "công ty tnhh mà",
        "Công ty TNHH Mả",
        "Công ty TNHH Mã",
        "Công ty TNHH Má",
        "Công ty TNHH Mạ",
        "Công ty TNHH Mai",
        "Hợp tác xã Ấp 10",
        "Hợp tác xã Ấp 3",
        "Hợp tác xã On",
        "Hợp tác xã Ôn",
        "Hợp tác xã Ơn Trời",
        "Hợp tác xã Uyên",
        "Hợp tác xã Ưng",
        "Hợp tác xã Ương Bưởi",
    ];
    let mut shuffled: Vec<String> = expected.iter().rev().map(|s| s.to_string()).collect();
    shuffled.swap(0, 7);
    let mut by_icu = shuffled.clone();
    let icu = icu_vietnamese();
    by_icu.sort_by(|a, b| icu.compare(a, b));
    assert_eq!(sorted_by_our_key(&shuffled), by_icu);
    assert_eq!(by_icu, expected);
}

#[test]
fn spaces_come_before_punctuation_before_digits_before_letters_as_in_icu4x() {
    // Punctuation in the Unicode collation's order, not ASCII's: "-" before ","
    // (ASCII has "," first) and "~" before "$" and before the letters (ASCII has
    // "~" after "z"). The curly apostrophe differs from the straight one only when
    // all else is equal, as a tone does: "Sao'Mây" comes after both "Sao'Mai"s.
    let expected = [
        "Sao (Mai)",
        "Sao 3",
        "Sao Mai",
        "Sao_Mai",
        "Sao-Mai",
        "Sao, Mai",
        "Sao.Mai",
        "Sao'Mai",
        "Sao’Mai",
        "Sao'Mây",
        "Sao&Mai",
        "Sao~Mai",
        "Sao$Mai",
        "Sao3",
        "SaoMai",
    ];
    let icu = icu_vietnamese();
    let mut shuffled: Vec<String> = expected.iter().rev().map(|s| s.to_string()).collect();
    shuffled.swap(2, 11);
    let mut by_icu = shuffled.clone();
    by_icu.sort_by(|a, b| icu.compare(a, b));
    assert_eq!(by_icu, expected);
    assert_eq!(sorted_by_our_key(&shuffled), expected);
    // A no-break space is a space to both.
    assert_eq!(icu.compare("Sao Mai", "Sao\u{a0}Mai"), Ordering::Equal);
    assert_eq!(collation_key("Sao Mai"), collation_key("Sao\u{a0}Mai"));
}

/// Sorting 100,000 generated names, ours against ICU4X's: run with
/// `cargo test --release -p sohoa-core --test collation -- --ignored --nocapture`.
/// Measured on the 2-core development machine (busy with another build): our
/// key 112–117 ms (a key per name, then byte comparisons), ICU4X's `compare`
/// 440–494 ms (the collation run again in every comparison).
#[test]
#[ignore = "a timing, for a release build"]
fn sorting_100_000_names_by_our_key_is_timed_against_icu4x() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::time::Instant;

    let mut runner = TestRunner::deterministic();
    let generator = name();
    let names: Vec<String> = (0..100_000)
        .map(|_| write_name(&generator.new_tree(&mut runner).unwrap().current()))
        .collect();
    let icu = icu_vietnamese();

    let start = Instant::now();
    let ours = sorted_by_our_key(&names);
    let our_time = start.elapsed();

    let start = Instant::now();
    let mut theirs = names.clone();
    theirs.sort_by(|a, b| icu.compare(a, b));
    let their_time = start.elapsed();

    println!("100,000 names: our key {our_time:?}, ICU4X's compare {their_time:?}");
    for pair in ours.windows(2) {
        assert_ne!(
            icu.compare(&pair[0], &pair[1]),
            Ordering::Greater,
            "{pair:?}"
        );
    }
}
