//! Questionnaires: the file format (RON), loading with full validation, and lookups.
//!
//! Key types: [`Questionnaire`] (one framework version: pillars → optional groups →
//! questions, level rules, recommendations), [`Question`] and [`QuestionKind`],
//! [`QuestionnaireError`] (every problem with file, line and column).
//!
//! Policy: a questionnaire is data, never code. [`Questionnaire::from_ron_str`] parses,
//! normalises every text to NFC and validates everything before anything can score
//! with it; a questionnaire value that exists has passed validation. Scoring lives in
//! [`scoring`], answers in [`answers`]. No I/O except [`Questionnaire::load_file`].
//!
//! ```
//! let source = include_str!("../../../../tests/fixtures/mini.ron");
//! let q = sohoa_core::questionnaire::Questionnaire::from_ron_str(source, "mini.ron").unwrap();
//! assert_eq!(q.max_points, 30);
//! assert_eq!(q.question_count(), 7);
//! ```

pub mod answer_file;
pub mod answer_map;
pub mod answer_problem;
pub mod answer_table;
pub mod answers;
pub mod former;
pub mod registry;
pub mod scoring;
mod spans;
mod validate;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::decimal::Decimal;
use crate::text::Text;

pub use answer_map::Answers;
pub use answer_problem::{AnswerError, AnswerProblem};
pub use answers::{Answer, RatioFigures, check_answers, check_change};
pub use registry::Registry;
pub use scoring::{PillarScore, ScoreReport, score};

/// The questionnaire file schema this version of Sohoa reads and writes.
pub const QUESTIONNAIRE_SCHEMA: u32 = 1;

/// The answer value that means "not applicable" in answer files.
pub const NOT_APPLICABLE: &str = "na";

/// Largest questionnaire file accepted, so a stray huge file cannot exhaust memory.
pub const MAX_QUESTIONNAIRE_BYTES: u64 = 8 * 1024 * 1024;

/// One version of an assessment framework, as written in a `.ron` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// File schema version, [`QUESTIONNAIRE_SCHEMA`].
    pub schema: u32,
    /// Stable framework id, e.g. `dbi-2021-sme`.
    pub id: String,
    /// Version of this questionnaire file, e.g. `1.0.0`.
    pub version: String,
    pub title: Text,
    pub description: Text,
    /// The legal or published source the questionnaire follows.
    pub source: Text,
    /// Notes on how the source was interpreted (shown with the results).
    #[serde(default)]
    pub notes: Vec<Text>,
    /// The sum of the pillar maxima.
    pub max_points: u32,
    /// Level names, from level 0 upwards.
    pub levels: Vec<LevelName>,
    /// Pillar share of its maximum (percent) → pillar level.
    pub pillar_bands: Vec<LevelBand>,
    /// Overall level: the highest level whose rule holds; none → the lowest level.
    pub overall_rules: Vec<OverallRule>,
    pub pillars: Vec<Pillar>,
    /// One text per pillar and level.
    #[serde(default)]
    pub recommendations: Vec<Recommendation>,
    #[serde(skip)]
    lookup: Lookup,
}

/// The name of one maturity level.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelName {
    pub level: u8,
    pub name: Text,
}

/// A band of pillar shares (in percent of the pillar maximum) that maps to a level.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelBand {
    pub level: u8,
    pub from_percent: f64,
    /// Whether a share of exactly `from_percent` belongs to this band.
    pub includes_from: bool,
    pub to_percent: f64,
    /// Whether a share of exactly `to_percent` belongs to this band.
    pub includes_to: bool,
}

/// Overall `level` holds when the total is above `total_above` and at least
/// `min_pillars` pillars are at level `pillar_level` or higher.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverallRule {
    pub level: u8,
    pub total_above: u32,
    pub min_pillars: u8,
    pub pillar_level: u8,
}

/// A pillar holds either questions directly or component groups of questions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pillar {
    pub id: String,
    pub name: Text,
    pub max_points: u32,
    #[serde(default)]
    pub groups: Vec<Group>,
    #[serde(default)]
    pub questions: Vec<Question>,
}

impl Pillar {
    /// The pillar's questions in order, whether direct or inside groups.
    pub fn all_questions(&self) -> impl Iterator<Item = &Question> {
        self.questions
            .iter()
            .chain(self.groups.iter().flat_map(|g| g.questions.iter()))
    }
}

/// A component index inside a pillar.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub name: Text,
    pub questions: Vec<Question>,
}

/// One criterion.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    /// The criterion's number in the official annex (`1.1.1` … `6.1.7`); none for
    /// a question that only gathers a figure other criteria use.
    #[serde(default)]
    pub number: Option<String>,
    pub text: Text,
    #[serde(default)]
    pub help: Option<Text>,
    /// The most this question can contribute; 0 for free text.
    pub max_points: u32,
    pub kind: QuestionKind,
    /// Whether "not applicable" may be chosen (it scores 0 and is reported).
    #[serde(default)]
    pub not_applicable: bool,
    /// Show this question only when an earlier answer has one of the given values.
    #[serde(default)]
    pub show_if: Option<ShowIf>,
    /// A "Có/Không" question asked before the levels; "Không" (answer id
    /// [`GATE_NO`]) scores 0.
    #[serde(default)]
    pub gate: Option<Gate>,
    /// Set when no source gives this criterion's points: the rule the file chose,
    /// in words. Shown beside the criterion and in reports.
    #[serde(default)]
    pub provisional: Option<Text>,
}

impl Question {
    /// Whether this question carries points (figures and free text do not).
    pub fn is_scored(&self) -> bool {
        !matches!(
            self.kind,
            QuestionKind::FreeText | QuestionKind::Figure { .. }
        )
    }

    /// Option ids and points a person can pick: the gate's "Không" first, then the
    /// kind's options (see [`QuestionKind::option_points`]).
    pub fn option_points(&self) -> Vec<(&str, u32)> {
        let gate = self.gate.as_ref().map(|_| (GATE_NO, 0));
        gate.into_iter().chain(self.kind.option_points()).collect()
    }

    /// The annex number and the text, as a list shows them: `1.1.1 · Trang web…`.
    pub fn numbered_text(&self, lang: crate::text::Lang) -> String {
        match &self.number {
            Some(number) => format!("{number} · {}", self.text.get(lang)),
            None => self.text.get(lang).to_owned(),
        }
    }
}

/// The answer id of "Không" on a gated question.
pub const GATE_NO: &str = "no";

/// The "Có/Không" question that opens a criterion.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// The question, e.g. "Doanh nghiệp có trang web riêng không?".
    pub question: Text,
    /// The label of the "Không" answer, e.g. "Không, chưa có trang web riêng".
    pub no: Text,
}

/// Where a ratio's denominator comes from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Whole {
    /// Asked with the criterion, under this label.
    Asked(Text),
    /// The answer to an earlier [`QuestionKind::Figure`] question, asked once for
    /// every criterion that shares it.
    Figure(String),
}

/// A share strictly above `above` percent scores `points`; the highest step that
/// holds wins, and a share of 0 scores 0.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatioStep {
    pub above: Decimal,
    pub points: u32,
}

/// How a question is answered and scored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum QuestionKind {
    /// Pick one graded answer; it scores its points.
    SingleChoice { options: Vec<Choice> },
    /// Tick any number of items; each ticked item adds its points, capped at the maximum.
    MultipleChoice { options: Vec<Choice> },
    /// Answer `yes` or `no`.
    YesNo { yes: u32, no: u32 },
    /// A figure, scored by the band it falls in.
    Number {
        #[serde(default)]
        unit: Option<Text>,
        #[serde(default)]
        min: Option<Decimal>,
        #[serde(default)]
        max: Option<Decimal>,
        bands: Vec<PointBand>,
        /// Only whole numbers: the figure counts people or things.
        #[serde(default, skip_serializing_if = "is_false")]
        whole_numbers: bool,
    },
    /// A percentage from 0 to 100, scored by the band it falls in.
    Percent { bands: Vec<PointBand> },
    /// Free text, not scored.
    FreeText,
    /// Two figures (or the share they make, in percent), scored by the share.
    Ratio {
        /// The numerator: what is counted, with its period.
        part: Text,
        whole: Whole,
        /// The unit both figures share (people, transactions, million dong).
        #[serde(default)]
        unit: Option<Text>,
        steps: Vec<RatioStep>,
        /// Only whole numbers: both figures count people or things.
        #[serde(default, skip_serializing_if = "is_false")]
        whole_numbers: bool,
    },
    /// A figure that is not scored itself but is the denominator of ratios.
    Figure {
        #[serde(default)]
        unit: Option<Text>,
        /// Only whole numbers: the figure counts people or things.
        #[serde(default, skip_serializing_if = "is_false")]
        whole_numbers: bool,
    },
}

impl QuestionKind {
    /// The kind's name as used in the machine-readable output.
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::SingleChoice { .. } => "single_choice",
            QuestionKind::MultipleChoice { .. } => "multiple_choice",
            QuestionKind::YesNo { .. } => "yes_no",
            QuestionKind::Number { .. } => "number",
            QuestionKind::Percent { .. } => "percent",
            QuestionKind::FreeText => "free_text",
            QuestionKind::Ratio { .. } => "ratio",
            QuestionKind::Figure { .. } => "figure",
        }
    }

    /// Option ids and points a person can pick, including `yes`/`no`.
    pub fn option_points(&self) -> Vec<(&str, u32)> {
        match self {
            QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
                options.iter().map(|o| (o.id.as_str(), o.points)).collect()
            }
            QuestionKind::YesNo { yes, no } => vec![("yes", *yes), ("no", *no)],
            _ => Vec::new(),
        }
    }

    /// Whether the kind's figures count people or things, so only whole numbers fit.
    pub fn takes_whole_numbers(&self) -> bool {
        match self {
            QuestionKind::Number { whole_numbers, .. }
            | QuestionKind::Ratio { whole_numbers, .. }
            | QuestionKind::Figure { whole_numbers, .. } => *whole_numbers,
            _ => false,
        }
    }

    pub fn bands(&self) -> &[PointBand] {
        match self {
            QuestionKind::Number { bands, .. } | QuestionKind::Percent { bands } => bands,
            _ => &[],
        }
    }
}

/// One answer option.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: Text,
    pub points: u32,
    #[serde(default)]
    pub help: Option<Text>,
}

/// Values from `min` (inclusive) up to `max` (exclusive; none = no upper bound) score `points`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointBand {
    pub min: Decimal,
    #[serde(default)]
    pub max: Option<Decimal>,
    pub points: u32,
}

impl PointBand {
    pub fn contains(&self, value: Decimal) -> bool {
        value >= self.min && self.max.is_none_or(|max| value < max)
    }
}

fn is_false(flag: &bool) -> bool {
    !flag
}

/// Skip logic: the question is shown only when `question` was answered with one of `any_of`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowIf {
    pub question: String,
    pub any_of: Vec<String>,
}

/// What to do next, for a pillar at a level.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    pub pillar: String,
    pub level: u8,
    pub text: Text,
}

/// Where each question sits, built once after validation.
#[derive(Debug, Clone, Default)]
struct Lookup {
    /// (pillar index, question) in questionnaire order; the question is found by path.
    order: Vec<QuestionPath>,
    /// A fast hasher: ids come from our own questionnaire files, and every
    /// loaded answer is looked up here.
    by_id: HashMap<String, usize, foldhash::fast::RandomState>,
    /// (question id, position), sorted by id: answers are kept in id order, so
    /// the two lists are matched in one pass.
    sorted_ids: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Copy)]
struct QuestionPath {
    pillar: usize,
    group: Option<usize>,
    index: usize,
}

/// A questionnaire that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum QuestionnaireError {
    /// The file could not be read.
    #[error("cannot read questionnaire {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_QUESTIONNAIRE_BYTES`].
    #[error("{}: the file is {size} bytes, more than the {limit}-byte limit for a questionnaire", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// The text is not valid RON for the questionnaire format.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// The file parsed but breaks one or more rules; every problem is listed.
    #[error("{} has {} problem(s):\n{}", path.display(), problems.len(), render_problems(path, problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
}

/// One validation problem, with its place in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    /// Where in the structure, e.g. `pillars[1].questions[0].max_points`.
    pub location: String,
    pub message: String,
}

fn render_problems(path: &Path, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| {
            format!(
                "{}:{}:{}: {} ({})",
                path.display(),
                p.line,
                p.column,
                p.message,
                p.location
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Questionnaire {
    /// Reads and validates a questionnaire file.
    pub fn load_file(path: &Path) -> Result<Questionnaire, QuestionnaireError> {
        let read_error = |source| QuestionnaireError::Read {
            path: path.to_owned(),
            source,
        };
        use crate::bounded_read::{BoundedReadError, read_regular_file};
        let bytes = read_regular_file(path, MAX_QUESTIONNAIRE_BYTES).map_err(|e| match e {
            BoundedReadError::TooLarge { size, limit } => QuestionnaireError::TooLarge {
                path: path.to_owned(),
                size,
                limit,
            },
            BoundedReadError::Io(source) => read_error(source),
            not_a_file @ BoundedReadError::NotAFile(_) => {
                read_error(std::io::Error::other(not_a_file.to_string()))
            }
        })?;
        let source = String::from_utf8(bytes).map_err(|e| QuestionnaireError::Syntax {
            path: path.to_owned(),
            line: 1,
            column: 1,
            message: format!("the file is not UTF-8 text ({e})"),
        })?;
        Questionnaire::from_ron_str(&source, path)
    }

    /// Parses and validates questionnaire text; `origin` names it in messages.
    pub fn from_ron_str(
        source: &str,
        origin: impl AsRef<Path>,
    ) -> Result<Questionnaire, QuestionnaireError> {
        let origin = origin.as_ref();
        let mut questionnaire: Questionnaire =
            crate::ron_options()
                .from_str(source)
                .map_err(|e| QuestionnaireError::Syntax {
                    path: origin.to_owned(),
                    line: e.span.start.line,
                    column: e.span.start.col,
                    message: e.code.to_string(),
                })?;
        questionnaire.normalize_texts();
        let problems = validate::validate(&questionnaire);
        if !problems.is_empty() {
            let index = spans::SpanIndex::parse(source);
            let problems = problems
                .into_iter()
                .map(|(path, message)| {
                    let (line, column) = index.locate(&path).unwrap_or((1, 1));
                    Problem {
                        line,
                        column,
                        location: spans::render_path(&path),
                        message,
                    }
                })
                .collect::<Vec<_>>();
            let mut problems = problems;
            problems.sort_by_key(|p| (p.line, p.column));
            return Err(QuestionnaireError::Invalid {
                path: origin.to_owned(),
                problems,
            });
        }
        questionnaire.build_lookup();
        Ok(questionnaire)
    }

    /// The questionnaire as RON text, as it would be written to a file.
    pub fn to_ron_string(&self) -> Result<String, ron::Error> {
        ron::ser::to_string_pretty(self, crate::pretty_ron())
    }

    fn normalize_texts(&mut self) {
        fn n(t: &mut Text) {
            *t = t.normalized();
        }
        n(&mut self.title);
        n(&mut self.description);
        n(&mut self.source);
        self.notes.iter_mut().for_each(n);
        self.levels.iter_mut().for_each(|l| n(&mut l.name));
        self.recommendations.iter_mut().for_each(|r| n(&mut r.text));
        for pillar in &mut self.pillars {
            n(&mut pillar.name);
            let groups = pillar.groups.iter_mut().flat_map(|g| {
                n(&mut g.name);
                g.questions.iter_mut()
            });
            for q in pillar.questions.iter_mut().chain(groups) {
                n(&mut q.text);
                q.help.iter_mut().for_each(n);
                q.provisional.iter_mut().for_each(n);
                if let Some(gate) = &mut q.gate {
                    n(&mut gate.question);
                    n(&mut gate.no);
                }
                match &mut q.kind {
                    QuestionKind::SingleChoice { options }
                    | QuestionKind::MultipleChoice { options } => {
                        for o in options {
                            n(&mut o.label);
                            o.help.iter_mut().for_each(n);
                        }
                    }
                    QuestionKind::Number { unit, .. } | QuestionKind::Figure { unit, .. } => {
                        unit.iter_mut().for_each(n)
                    }
                    QuestionKind::Ratio {
                        part, whole, unit, ..
                    } => {
                        n(part);
                        if let Whole::Asked(label) = whole {
                            n(label);
                        }
                        unit.iter_mut().for_each(n);
                    }
                    _ => {}
                }
            }
        }
    }

    fn build_lookup(&mut self) {
        let mut lookup = Lookup::default();
        for (p, pillar) in self.pillars.iter().enumerate() {
            for index in 0..pillar.questions.len() {
                lookup.order.push(QuestionPath {
                    pillar: p,
                    group: None,
                    index,
                });
            }
            for (g, group) in pillar.groups.iter().enumerate() {
                for index in 0..group.questions.len() {
                    lookup.order.push(QuestionPath {
                        pillar: p,
                        group: Some(g),
                        index,
                    });
                }
            }
        }
        for (position, path) in lookup.order.iter().enumerate() {
            let id = self.question_at(*path).id.clone();
            lookup.sorted_ids.push((id.clone(), position));
            lookup.by_id.insert(id, position);
        }
        lookup.sorted_ids.sort();
        self.lookup = lookup;
    }

    /// Each question's answer, by position in questionnaire order, and the ids of
    /// answers to questions this questionnaire does not have. One pass over both
    /// lists, since each is in id order.
    pub fn answers_by_position<'a>(
        &self,
        answers: &'a Answers,
    ) -> (Vec<Option<&'a Answer>>, Vec<&'a str>) {
        let mut by_position = vec![None; self.lookup.order.len()];
        let mut unknown = Vec::new();
        let mut questions = self.lookup.sorted_ids.iter().peekable();
        for (id, answer) in answers.iter() {
            while questions.next_if(|(q, _)| q.as_str() < id).is_some() {}
            match questions.peek() {
                Some((q, position)) if q == id => by_position[*position] = Some(answer),
                _ => unknown.push(id),
            }
        }
        (by_position, unknown)
    }

    fn question_at(&self, path: QuestionPath) -> &Question {
        let pillar = &self.pillars[path.pillar];
        match path.group {
            None => &pillar.questions[path.index],
            Some(g) => &pillar.groups[g].questions[path.index],
        }
    }

    /// Every question in order, with the index of its pillar.
    pub fn questions(&self) -> impl Iterator<Item = (usize, &Question)> {
        self.lookup
            .order
            .iter()
            .map(|path| (path.pillar, self.question_at(*path)))
    }

    pub fn question_count(&self) -> usize {
        self.lookup.order.len()
    }

    /// The questions that carry points (leaving out shared figures and free text).
    pub fn criterion_count(&self) -> usize {
        self.questions().filter(|(_, q)| q.is_scored()).count()
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.position(id)
            .map(|position| self.question_at(self.lookup.order[position]))
    }

    /// The question's place in questionnaire order (0-based).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.lookup.by_id.get(id).copied()
    }

    /// The question at a place in questionnaire order.
    pub fn question_by_position(&self, position: usize) -> Option<&Question> {
        self.lookup
            .order
            .get(position)
            .map(|path| self.question_at(*path))
    }

    /// The name of a level, if the questionnaire defines it.
    pub fn level_name(&self, level: u8) -> Option<&Text> {
        self.levels
            .iter()
            .find(|l| l.level == level)
            .map(|l| &l.name)
    }

    /// The recommendation for a pillar at a level.
    pub fn recommendation(&self, pillar: &str, level: u8) -> Option<&Text> {
        self.recommendations
            .iter()
            .find(|r| r.pillar == pillar && r.level == level)
            .map(|r| &r.text)
    }

    /// The lowest level (what an assessment is at when no rule holds).
    pub fn lowest_level(&self) -> u8 {
        self.levels.iter().map(|l| l.level).min().unwrap_or(0)
    }

    /// The number of component groups across all pillars.
    pub fn group_count(&self) -> usize {
        self.pillars.iter().map(|p| p.groups.len()).sum()
    }
}

/// The built-in DBI questionnaire, edition 2.0.0, for tests.
#[cfg(test)]
pub(crate) fn dbi_2_0_0() -> Questionnaire {
    Questionnaire::from_ron_str(
        include_str!("../../../../questionnaires/dbi-2021-sme-2.0.0.ron"),
        "dbi-2021-sme-2.0.0.ron",
    )
    .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = include_str!("../../../../tests/fixtures/mini.ron");

    #[test]
    fn the_mini_fixture_loads_with_its_questions_in_order() {
        let q = Questionnaire::from_ron_str(MINI, "mini.ron").unwrap();
        let ids: Vec<&str> = q.questions().map(|(_, q)| q.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "web.has_site",
                "web.updates",
                "web.channels",
                "web.online_sales",
                "web.comment",
                "plan.stage",
                "plan.staff_trained"
            ]
        );
        assert_eq!(q.position("plan.stage"), Some(5));
        assert_eq!(q.question("web.updates").unwrap().max_points, 5);
        assert_eq!(q.group_count(), 2);
    }

    #[test]
    fn decomposed_text_in_a_file_is_composed_on_load() {
        let decomposed = MINI.replace("Chiến lược", "Chie\u{302}\u{301}n lược");
        let q = Questionnaire::from_ron_str(&decomposed, "mini.ron").unwrap();
        assert_eq!(q.pillars[1].name.vi, "Chiến lược");
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        let broken = MINI.replacen("max_points: 30,", "max_points: thirty,", 1);
        let err = Questionnaire::from_ron_str(&broken, "mini.ron").unwrap_err();
        let QuestionnaireError::Syntax { line, .. } = err else {
            panic!("expected a syntax error, got {err}");
        };
        let expected_line = MINI
            .lines()
            .position(|l| l.contains("max_points: 30,"))
            .unwrap()
            + 1;
        assert_eq!(line, expected_line);
    }
}
