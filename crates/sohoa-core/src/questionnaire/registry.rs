//! The questionnaires a workspace knows: the built-in ones and those installed in
//! the data folder, every version kept so old assessments score as they were made.
//!
//! Key type: [`Registry`].
//!
//! Policy: lookups are by id and exact version; "latest" compares versions by
//! their numeric parts (`1.10.0` is newer than `1.9.2`). A file that fails to load
//! is reported by the caller and skipped; it never hides the others.

use std::cmp::Ordering;
use std::sync::Arc;

use super::{Questionnaire, QuestionnaireError};

/// Questionnaires shipped inside the program: id, version and file text. Every
/// edition stays, so assessments made with it keep scoring with it.
const BUILTIN: &[(&str, &str, &str)] = &[
    (
        "dbi-2021-sme",
        "1.0.0",
        include_str!("../../../../questionnaires/dbi-2021-sme-1.0.0.ron"),
    ),
    (
        "dbi-2021-sme",
        "2.0.0",
        include_str!("../../../../questionnaires/dbi-2021-sme-2.0.0.ron"),
    ),
];

/// A set of questionnaires keyed by id and version.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    entries: Vec<Arc<Questionnaire>>,
}

impl Registry {
    /// The questionnaires built into this version of Sohoa.
    /// They are read side by side (a few milliseconds each, at every start).
    pub fn builtin() -> Result<Registry, QuestionnaireError> {
        use rayon::prelude::*;
        let parsed: Vec<Questionnaire> = BUILTIN
            .par_iter()
            .map(|(id, version, source)| {
                Questionnaire::from_ron_str(source, format!("questionnaires/{id}-{version}.ron"))
            })
            .collect::<Result<_, _>>()?;
        let mut registry = Registry::default();
        for questionnaire in parsed {
            registry.insert(questionnaire);
        }
        Ok(registry)
    }

    /// The source text of a built-in questionnaire file, by id and version.
    pub fn builtin_source(id: &str, version: &str) -> Option<&'static str> {
        BUILTIN
            .iter()
            .find(|(i, v, _)| *i == id && *v == version)
            .map(|(_, _, source)| *source)
    }

    /// Adds a questionnaire; an existing entry with the same id and version is replaced.
    pub fn insert(&mut self, questionnaire: Questionnaire) -> Arc<Questionnaire> {
        let questionnaire = Arc::new(questionnaire);
        self.entries
            .retain(|q| !(q.id == questionnaire.id && q.version == questionnaire.version));
        self.entries.push(Arc::clone(&questionnaire));
        questionnaire
    }

    pub fn get(&self, id: &str, version: &str) -> Option<&Arc<Questionnaire>> {
        self.entries
            .iter()
            .find(|q| q.id == id && q.version == version)
    }

    /// The newest version of a questionnaire.
    pub fn latest(&self, id: &str) -> Option<&Arc<Questionnaire>> {
        self.entries
            .iter()
            .filter(|q| q.id == id)
            .max_by(|a, b| compare_versions(&a.version, &b.version))
    }

    /// Every questionnaire, sorted by id and then version.
    pub fn all(&self) -> Vec<&Arc<Questionnaire>> {
        let mut all: Vec<_> = self.entries.iter().collect();
        all.sort_by(|a, b| {
            a.id.cmp(&b.id)
                .then_with(|| compare_versions(&a.version, &b.version))
        });
        all
    }
}

/// Compares dotted versions part by part, numerically where both parts are numbers.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let mut left = a.split(['.', '-']);
    let mut right = b.split(['.', '-']);
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(x), Ok(y)) => x.cmp(&y),
                    _ => x.cmp(y),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_builtin_file_holds_the_id_and_version_it_is_listed_under() {
        let registry = Registry::builtin().unwrap();
        for (id, version, _) in BUILTIN {
            assert!(registry.get(id, version).is_some(), "{id} {version}");
        }
        assert_eq!(registry.all().len(), BUILTIN.len());
        assert_eq!(registry.latest("dbi-2021-sme").unwrap().version, "2.0.0");
    }

    #[test]
    fn versions_compare_by_number_not_by_text() {
        assert_eq!(compare_versions("1.10.0", "1.9.2"), Ordering::Greater);
        assert_eq!(compare_versions("1.0", "1.0.1"), Ordering::Less);
        assert_eq!(compare_versions("2.0.0", "2.0.0"), Ordering::Equal);
    }

    #[test]
    fn the_latest_version_wins_and_old_versions_stay_reachable() {
        let source = include_str!("../../../../tests/fixtures/mini.ron");
        let mut registry = Registry::default();
        registry.insert(Questionnaire::from_ron_str(source, "a").unwrap());
        let newer = source.replace("version: \"1.0.0\"", "version: \"1.2.0\"");
        registry.insert(Questionnaire::from_ron_str(&newer, "b").unwrap());
        assert_eq!(registry.latest("mini").unwrap().version, "1.2.0");
        assert!(registry.get("mini", "1.0.0").is_some());
        assert_eq!(registry.all().len(), 2);
    }
}
