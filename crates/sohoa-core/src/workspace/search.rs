//! Type-to-filter over every enterprise at once: the folded search keys laid end
//! to end in one buffer, searched with one SIMD substring search.
//!
//! Key type: [`SearchIndex`], built from the summaries of one data generation.
//!
//! Policy: keys are folded (see [`crate::text::fold`]), and folding turns every
//! whitespace into a plain space, so the line breaks that separate the keys can
//! never be part of a match. Derived data only; no I/O.
//!
//! ```
//! use sohoa_core::workspace::search::SearchIndex;
//! let index = SearchIndex::from_keys(["cong ty dua xanh", "htx lua sach"]);
//! assert_eq!(index.matching("dua"), vec![true, false]);
//! assert_eq!(index.matching(""), vec![true, true]);
//! ```

use memchr::memmem::Finder;

use crate::text::fold;

/// Every enterprise's search key, in workspace order, in one buffer.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// The keys joined by `\n`, with a final `\n`.
    text: String,
    /// Where each key starts in `text`; one more entry marks the end.
    starts: Vec<usize>,
}

impl SearchIndex {
    /// An index over already folded keys, in order.
    pub fn from_keys<'a>(keys: impl IntoIterator<Item = &'a str>) -> SearchIndex {
        let keys = keys.into_iter();
        let mut index = SearchIndex {
            text: String::new(),
            starts: Vec::with_capacity(keys.size_hint().0 + 1),
        };
        for key in keys {
            index.starts.push(index.text.len());
            index.text.push_str(key);
            index.text.push('\n');
        }
        index.starts.push(index.text.len());
        index
    }

    /// How many keys the index holds.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// For each key, whether it contains `query` once both are folded.
    pub fn matching(&self, query: &str) -> Vec<bool> {
        let query = fold(query);
        if query.is_empty() {
            return vec![true; self.len()];
        }
        let mut matched = vec![false; self.len()];
        let finder = Finder::new(query.as_bytes());
        let text = self.text.as_bytes();
        let (mut from, mut key) = (0, 0);
        while let Some(found) = finder.find(&text[from..]) {
            let at = from + found;
            // Matches come in order: the key that holds this one is at or after
            // the last key matched.
            while self.starts[key + 1] <= at {
                key += 1;
            }
            matched[key] = true;
            // One match is enough for a key: go on from the next one.
            key += 1;
            from = self.starts[key];
        }
        matched
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_finds_the_keys_that_contain_it_ignoring_accents_and_case() {
        let index = SearchIndex::from_keys(["cong ty dua xanh 1300123452", "htx lua sach", "dua"]);
        assert_eq!(index.matching("Dừa"), vec![true, false, true]);
        assert_eq!(index.matching("LÚA"), vec![false, true, false]);
        assert_eq!(index.matching("1300"), vec![true, false, false]);
    }

    #[test]
    fn a_match_never_spans_two_keys() {
        let index = SearchIndex::from_keys(["abc", "def"]);
        assert_eq!(index.matching("c d"), vec![false, false]);
        assert_eq!(index.matching("cd"), vec![false, false]);
    }

    #[test]
    fn an_empty_query_matches_everything_and_an_empty_index_nothing() {
        let index = SearchIndex::from_keys(["a", ""]);
        assert_eq!(index.matching("  "), vec![true, true]);
        assert_eq!(SearchIndex::from_keys([]).matching("a"), Vec::<bool>::new());
        assert!(SearchIndex::from_keys([]).is_empty());
    }

    #[test]
    fn a_key_matched_twice_is_counted_once_and_the_next_key_is_still_searched() {
        let index = SearchIndex::from_keys(["aa aa aa", "xa", "b"]);
        assert_eq!(index.matching("a"), vec![true, true, false]);
    }
}
