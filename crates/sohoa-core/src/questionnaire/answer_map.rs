//! The answers of one assessment, held compactly: a national-scale folder holds
//! millions of them.
//!
//! Key types: [`Answers`] (question id → [`Answer`], sorted by question id in one
//! flat list of 24-byte entries) and [`SharedId`], one shared copy of an id that
//! is read again and again (see [`shared_id`]).
//!
//! Policy: question and option ids read from files are shared per thread, up
//! to [`SHARED_IDS_PER_THREAD`] distinct ids; past that (only hostile input has
//! so many) each id gets its own copy. Written as a RON map in question-id
//! order, exactly as a `BTreeMap` would be; a question given twice keeps its
//! last answer. Never panics.
//!
//! ```
//! use sohoa_core::questionnaire::{Answer, Answers};
//! let mut answers = Answers::new();
//! answers.insert("web.has_site", Answer::Choice("yes".into()));
//! answers.insert("culture.email", Answer::Number(50.into()));
//! assert_eq!(answers.keys().collect::<Vec<_>>(), ["culture.email", "web.has_site"]);
//! assert_eq!(answers.get("web.has_site"), Some(&Answer::Choice("yes".into())));
//! ```

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Answer;

/// How many distinct ids each thread shares before it stops remembering new ones.
pub const SHARED_IDS_PER_THREAD: usize = 4096;

/// A question or option id, one pointer wide; copies of it share the text.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedId(Arc<Box<str>>);

impl std::ops::Deref for SharedId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for SharedId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SharedId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(&**self.0, f)
    }
}

impl fmt::Display for SharedId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self)
    }
}

impl From<&str> for SharedId {
    /// The thread's shared copy of `id` (see [`shared_id`]).
    fn from(id: &str) -> SharedId {
        shared_id(id)
    }
}

impl From<String> for SharedId {
    fn from(id: String) -> SharedId {
        shared_id(&id)
    }
}

impl Serialize for SharedId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl<'de> Deserialize<'de> for SharedId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SharedId, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = SharedId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id")
            }
            fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<SharedId, E> {
                Ok(shared_id(id))
            }
        }
        d.deserialize_str(IdVisitor)
    }
}

thread_local! {
    static SHARED_IDS: RefCell<HashSet<SharedId, foldhash::fast::RandomState>> =
        RefCell::new(HashSet::default());
}

/// One shared copy of `id` (a question or option id) for this thread.
pub fn shared_id(id: &str) -> SharedId {
    SHARED_IDS.with(|ids| {
        let mut ids = ids.borrow_mut();
        if let Some(shared) = ids.get(id) {
            return shared.clone();
        }
        let shared = SharedId(Arc::new(id.into()));
        if ids.len() < SHARED_IDS_PER_THREAD {
            ids.insert(shared.clone());
        }
        shared
    })
}

/// Question id → answer, sorted by question id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    entries: Vec<(SharedId, Answer)>,
}

impl Answers {
    pub fn new() -> Answers {
        Answers::default()
    }

    fn position(&self, question: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(id, _)| (**id).cmp(question))
    }

    pub fn get(&self, question: &str) -> Option<&Answer> {
        self.position(question).ok().map(|i| &self.entries[i].1)
    }

    pub fn contains_key(&self, question: &str) -> bool {
        self.position(question).is_ok()
    }

    /// Sets the answer to `question`, returning the one it replaces.
    pub fn insert(&mut self, question: &str, answer: Answer) -> Option<Answer> {
        match self.position(question) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, answer)),
            Err(i) => {
                self.entries.insert(i, (shared_id(question), answer));
                None
            }
        }
    }

    /// Sets the answer to `question` unless it has one.
    pub fn insert_if_missing(&mut self, question: &str, answer: impl FnOnce() -> Answer) {
        if let Err(i) = self.position(question) {
            self.entries.insert(i, (shared_id(question), answer()));
        }
    }

    pub fn remove(&mut self, question: &str) -> Option<Answer> {
        self.position(question)
            .ok()
            .map(|i| self.entries.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// (question id, answer), in question-id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Answer)> {
        self.into_iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(id, _)| &**id)
    }

    /// Keeps only the answers for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut Answer) -> bool) {
        self.entries.retain_mut(|(id, answer)| keep(id, answer));
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Answer> {
        self.entries.iter_mut().map(|(_, answer)| answer)
    }
}

impl<'a> IntoIterator for &'a Answers {
    type Item = (&'a str, &'a Answer);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (SharedId, Answer)>,
        fn(&'a (SharedId, Answer)) -> (&'a str, &'a Answer),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(id, answer)| (&**id, answer))
    }
}

impl<Q: AsRef<str>> FromIterator<(Q, Answer)> for Answers {
    fn from_iter<I: IntoIterator<Item = (Q, Answer)>>(items: I) -> Answers {
        let mut answers = Answers::new();
        for (question, answer) in items {
            answers.insert(question.as_ref(), answer);
        }
        answers
    }
}

impl<const N: usize> From<[(&str, Answer); N]> for Answers {
    fn from(items: [(&str, Answer); N]) -> Answers {
        items.into_iter().collect()
    }
}

impl Serialize for Answers {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.entries.len()))?;
        for (question, answer) in &self.entries {
            map.serialize_entry(&**question, answer)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Answers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Answers, D::Error> {
        struct AnswersVisitor;
        impl<'de> Visitor<'de> for AnswersVisitor {
            type Value = Answers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of question ids to answers")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Answers, M::Error> {
                let mut entries: Vec<(SharedId, Answer)> =
                    Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
                while let Some((question, answer)) = map.next_entry::<SharedId, Answer>()? {
                    entries.push((question, answer));
                }
                // Files written by Sohoa are already in order; anything else is
                // sorted, and of a question given twice the last answer is kept.
                if !entries.windows(2).all(|w| w[0].0 < w[1].0) {
                    entries.reverse();
                    entries.sort_by(|a, b| a.0.cmp(&b.0));
                    entries.dedup_by(|later, kept| later.0 == kept.0);
                }
                entries.shrink_to_fit();
                Ok(Answers { entries })
            }
        }
        d.deserialize_map(AnswersVisitor)
    }
}

impl std::ops::Index<&str> for Answers {
    type Output = Answer;
    /// The answer to `question`; panics if there is none (as a map's index does).
    fn index(&self, question: &str) -> &Answer {
        match self.get(question) {
            Some(answer) => answer,
            None => panic!("no answer to {question}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn sample() -> Answers {
        [
            ("b.two", Answer::Number(2.into())),
            ("a.one", Answer::Choice("yes".into())),
            ("c.three", Answer::NotApplicable),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn answers_are_kept_in_question_order_and_found_by_id() {
        let answers = sample();
        assert_eq!(
            answers.keys().collect::<Vec<_>>(),
            ["a.one", "b.two", "c.three"]
        );
        assert_eq!(answers.get("b.two"), Some(&Answer::Number(2.into())));
        assert_eq!(answers.get("z"), None);
        assert_eq!(answers.len(), 3);
    }

    #[test]
    fn inserting_again_replaces_and_removing_takes_out() {
        let mut answers = sample();
        assert_eq!(
            answers.insert("b.two", Answer::Number(3.into())),
            Some(Answer::Number(2.into()))
        );
        answers.insert_if_missing("b.two", || Answer::Number(9.into()));
        assert_eq!(answers["b.two"], Answer::Number(3.into()));
        assert_eq!(answers.remove("a.one"), Some(Answer::Choice("yes".into())));
        assert!(!answers.contains_key("a.one"));
        assert_eq!(answers.len(), 2);
    }

    #[test]
    fn answers_are_written_exactly_as_an_ordered_map_would_be() {
        let answers = sample();
        let as_map: BTreeMap<String, Answer> = answers
            .iter()
            .map(|(q, a)| (q.to_owned(), a.clone()))
            .collect();
        assert_eq!(
            ron::to_string(&answers).unwrap(),
            ron::to_string(&as_map).unwrap()
        );
        let back: Answers = ron::from_str(&ron::to_string(&answers).unwrap()).unwrap();
        assert_eq!(back, answers);
    }

    #[test]
    fn unordered_input_is_sorted_and_a_repeated_question_keeps_its_last_answer() {
        let back: Answers =
            ron::from_str(r#"{"b": Number(1.0), "a": NotApplicable, "b": Number(5.0)}"#).unwrap();
        assert_eq!(back.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(back["b"], Answer::Number(5.into()));
    }

    #[test]
    fn an_answer_takes_sixteen_bytes_and_an_entry_twenty_four() {
        assert_eq!(std::mem::size_of::<Answer>(), 16);
        assert_eq!(std::mem::size_of::<(SharedId, Answer)>(), 24);
    }

    #[test]
    fn an_id_read_twice_is_one_shared_copy() {
        let first: Answers = ron::from_str(r#"{"web.has_site": Choice("yes")}"#).unwrap();
        let second: Answers = ron::from_str(r#"{"web.has_site": Choice("yes")}"#).unwrap();
        let (a, b) = (&first.entries[0], &second.entries[0]);
        assert!(Arc::ptr_eq(&a.0.0, &b.0.0));
        match (&a.1, &b.1) {
            (Answer::Choice(x), Answer::Choice(y)) => assert!(Arc::ptr_eq(&x.0, &y.0)),
            other => panic!("unexpected answers {other:?}"),
        }
    }
}
