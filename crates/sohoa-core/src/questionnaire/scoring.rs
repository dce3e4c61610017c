//! Scoring: answers → points, shares and levels per pillar, total and overall level.
//!
//! Key types: [`ScoreReport`], [`PillarScore`]; functions [`score`],
//! [`pillar_level`], [`overall_level`].
//!
//! Policy: pure functions of a validated questionnaire and the answers. Hidden
//! (skipped), not-applicable and invalid answers score 0 and are listed in the
//! report so a person sees why. Level comparisons are exact: a share is compared
//! as `points × 100` against `bound × maximum`, never as a rounded percentage.
//!
//! ```
//! use sohoa_core::questionnaire::{Questionnaire, Answers, score};
//! let q = Questionnaire::from_ron_str(include_str!("../../../../tests/fixtures/mini.ron"), "mini.ron").unwrap();
//! let report = score(&q, &Answers::new());
//! assert_eq!((report.total, report.level), (0, 0));
//! ```

use serde::Serialize;

use super::answers::shared_figure;
use super::{Answer, Answers, LevelBand, Question, QuestionKind, Questionnaire};
use crate::decimal::Decimal;

/// The result of scoring one set of answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreReport {
    pub questionnaire: String,
    pub version: String,
    pub total: u32,
    pub max_points: u32,
    pub level: u8,
    pub pillars: Vec<PillarScore>,
    /// Shown, scored questions with no answer, in questionnaire order.
    pub unanswered: Vec<String>,
    /// Questions hidden by skip logic (they score 0; an answer to them is ignored).
    pub skipped: Vec<String>,
    /// Questions answered "not applicable" (they score 0).
    pub not_applicable: Vec<String>,
    /// Answers that do not fit their question (they score 0).
    pub invalid: Vec<InvalidAnswer>,
    /// Answers to question ids the questionnaire does not have.
    pub unknown: Vec<String>,
}

/// An answer that scored 0 because it does not fit its question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvalidAnswer {
    pub question: String,
    pub reason: String,
}

/// One pillar's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PillarScore {
    pub id: String,
    pub points: u32,
    pub max_points: u32,
    /// Points as a fraction of the maximum, from 0 to 1.
    pub share: f64,
    pub level: u8,
}

/// Whether each question (in questionnaire order) is shown, given the answers.
/// A question whose controlling question is hidden is hidden too.
pub fn visibility(q: &Questionnaire, answers: &Answers) -> Vec<bool> {
    visibility_of(q, &q.answers_by_position(answers).0)
}

/// [`visibility`], with the answers already matched to their questions.
fn visibility_of(q: &Questionnaire, answers: &[Option<&Answer>]) -> Vec<bool> {
    let mut shown: Vec<bool> = Vec::with_capacity(q.question_count());
    for (_, question) in q.questions() {
        let visible = match &question.show_if {
            None => true,
            Some(rule) => q.position(&rule.question).is_some_and(|position| {
                shown.get(position).copied().unwrap_or(false)
                    && answers
                        .get(position)
                        .copied()
                        .flatten()
                        .is_some_and(|answer| rule.any_of.iter().any(|option| answer.picks(option)))
            }),
        };
        shown.push(visible);
    }
    shown
}

/// Scores `answers` against `q`.
pub fn score(q: &Questionnaire, answers: &Answers) -> ScoreReport {
    score_by(q, answers, |answer, question, shared| {
        answer
            .points_with(question, shared)
            .map_err(|p| p.to_string())
    })
}

/// How one answer scores: the answer, its question and the shared total its
/// ratio divides by (if any) → points, or why it does not fit.
pub(super) type PointsRule<'a> =
    dyn Fn(&Answer, &Question, Option<&Answer>) -> Result<u32, String> + 'a;

/// [`score`], with the points of each answer given by `points`: the answer, its
/// question, and the answer to the shared figure it divides by (if any).
pub(super) fn score_by(
    q: &Questionnaire,
    answers: &Answers,
    points: impl Fn(&Answer, &Question, Option<Decimal>) -> Result<u32, String>,
) -> ScoreReport {
    score_with_shared_answer(q, answers, &|answer, question, shared| {
        let shared = match (shared, shared_figure(question).and_then(|f| q.question(f))) {
            (Some(figure @ Answer::Number(total)), Some(figure_question))
                if figure.check(figure_question).is_ok() =>
            {
                Some(*total)
            }
            _ => None,
        };
        points(answer, question, shared)
    })
}

/// [`score`], with the points of each answer given by `points`, which sees the
/// shared figure's answer as it is stored (checked or not).
pub(super) fn score_with_shared_answer(
    q: &Questionnaire,
    answers: &Answers,
    points: &PointsRule,
) -> ScoreReport {
    let (by_position, unknown) = q.answers_by_position(answers);
    let shown = visibility_of(q, &by_position);
    let mut pillar_points = vec![0u32; q.pillars.len()];
    let mut report = ScoreReport {
        questionnaire: q.id.clone(),
        version: q.version.clone(),
        total: 0,
        max_points: q.max_points,
        level: 0,
        pillars: Vec::new(),
        unanswered: Vec::new(),
        skipped: Vec::new(),
        not_applicable: Vec::new(),
        invalid: Vec::new(),
        unknown: Vec::new(),
    };
    for (((pillar, question), visible), answer) in
        q.questions().zip(shown).zip(by_position.iter().copied())
    {
        if !visible {
            report.skipped.push(question.id.clone());
            continue;
        }
        match answer {
            None => {
                if !matches!(question.kind, QuestionKind::FreeText) {
                    report.unanswered.push(question.id.clone());
                }
            }
            Some(answer) => {
                match points(answer, question, shared_answer(q, question, &by_position)) {
                    Ok(earned) => {
                        if *answer == Answer::NotApplicable {
                            report.not_applicable.push(question.id.clone());
                        }
                        pillar_points[pillar] += earned.min(question.max_points);
                    }
                    Err(reason) => report.invalid.push(InvalidAnswer {
                        question: question.id.clone(),
                        reason,
                    }),
                }
            }
        }
    }
    report.unknown = unknown.into_iter().map(str::to_owned).collect();
    report.pillars = q
        .pillars
        .iter()
        .zip(pillar_points)
        .map(|(pillar, points)| PillarScore {
            id: pillar.id.clone(),
            points,
            max_points: pillar.max_points,
            share: f64::from(points) / f64::from(pillar.max_points.max(1)),
            level: pillar_level(q, points, pillar.max_points),
        })
        .collect();
    report.total = report.pillars.iter().map(|p| p.points).sum();
    let levels: Vec<u8> = report.pillars.iter().map(|p| p.level).collect();
    report.level = overall_level(q, report.total, &levels);
    report
}

/// The stored answer to the shared figure a ratio question divides by, if any.
fn shared_answer<'a>(
    q: &Questionnaire,
    question: &Question,
    answers: &[Option<&'a Answer>],
) -> Option<&'a Answer> {
    answers
        .get(q.position(shared_figure(question)?)?)
        .copied()
        .flatten()
}

/// The level of a pillar with `points` out of `max_points`, by the questionnaire's bands.
pub fn pillar_level(q: &Questionnaire, points: u32, max_points: u32) -> u8 {
    q.pillar_bands
        .iter()
        .find(|band| band_contains(band, points, max_points))
        .map_or_else(|| q.lowest_level(), |band| band.level)
}

fn band_contains(band: &LevelBand, points: u32, max_points: u32) -> bool {
    // points/max vs bound/100, compared as points·100 vs bound·max: exact for
    // whole-number points and bounds, with no rounding of the share.
    let scaled = f64::from(points) * 100.0;
    let from = band.from_percent * f64::from(max_points);
    let to = band.to_percent * f64::from(max_points);
    let above_from = if band.includes_from {
        scaled >= from
    } else {
        scaled > from
    };
    let below_to = if band.includes_to {
        scaled <= to
    } else {
        scaled < to
    };
    above_from && below_to
}

/// The overall level: the highest level whose rule holds for `total` and the
/// pillar levels; the lowest level when none holds.
pub fn overall_level(q: &Questionnaire, total: u32, pillar_levels: &[u8]) -> u8 {
    q.overall_rules
        .iter()
        .filter(|rule| {
            let strong = pillar_levels
                .iter()
                .filter(|level| **level >= rule.pillar_level)
                .count();
            total > rule.total_above && strong >= usize::from(rule.min_pillars)
        })
        .map(|rule| rule.level)
        .max()
        .unwrap_or_else(|| q.lowest_level())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dbi() -> Questionnaire {
        Questionnaire::from_ron_str(
            include_str!("../../../../tests/fixtures/dbi-rules.ron"),
            "dbi-rules.ron",
        )
        .unwrap()
    }

    fn mini() -> Questionnaire {
        Questionnaire::from_ron_str(
            include_str!("../../../../tests/fixtures/mini.ron"),
            "mini.ron",
        )
        .unwrap()
    }

    const PILLARS: [&str; 6] = [
        "customer",
        "strategy",
        "infrastructure",
        "operations",
        "culture",
        "data",
    ];

    /// Answers that give the six DBI pillars these points.
    fn dbi_answers(points: [u32; 6]) -> Answers {
        PILLARS
            .iter()
            .zip(points)
            .map(|(pillar, p)| {
                (
                    format!("{pillar}.points"),
                    Answer::Choice(format!("p{p}").into()),
                )
            })
            .collect()
    }

    fn choice(id: &str) -> Answer {
        Answer::Choice(id.into())
    }

    #[test]
    fn exactly_ten_percent_is_level_zero() {
        let q = dbi();
        assert_eq!(pillar_level(&q, 8, 80), 0);
        assert_eq!(pillar_level(&q, 9, 80), 1);
    }

    #[test]
    fn each_upper_bound_belongs_to_the_lower_level() {
        let q = dbi();
        assert_eq!(pillar_level(&q, 13, 65), 1, "13/65 = 20 %");
        assert_eq!(pillar_level(&q, 14, 65), 2);
        assert_eq!(pillar_level(&q, 26, 65), 2, "26/65 = 40 %");
        assert_eq!(pillar_level(&q, 27, 65), 3);
        assert_eq!(
            pillar_level(&q, 39, 65),
            3,
            "39/65 = 60 %, the annex's example"
        );
        assert_eq!(pillar_level(&q, 40, 65), 4);
        assert_eq!(pillar_level(&q, 52, 65), 4, "52/65 = 80 %");
        assert_eq!(pillar_level(&q, 53, 65), 5);
        assert_eq!(pillar_level(&q, 65, 65), 5);
        assert_eq!(pillar_level(&q, 0, 65), 0);
    }

    #[test]
    fn the_annex_example_thirty_nine_of_sixty_five_is_level_three() {
        let report = score(&dbi(), &dbi_answers([39, 0, 0, 0, 0, 0]));
        assert_eq!(report.pillars[0].points, 39);
        assert_eq!(report.pillars[0].level, 3);
        assert!((report.pillars[0].share - 0.6).abs() < 1e-12);
    }

    #[test]
    fn total_twenty_is_level_zero_and_twenty_one_is_level_one() {
        // The smallest points that lift four pillars above 10 %: 7/65, 3/25, 6/50, 4/35.
        let at_twenty = score(&dbi(), &dbi_answers([7, 3, 0, 0, 6, 4]));
        assert_eq!(at_twenty.total, 20);
        assert_eq!(at_twenty.pillars.iter().filter(|p| p.level >= 1).count(), 4);
        assert_eq!(at_twenty.level, 0);
        let at_twenty_one = score(&dbi(), &dbi_answers([7, 3, 0, 0, 6, 5]));
        assert_eq!(at_twenty_one.total, 21);
        assert_eq!(at_twenty_one.level, 1);
    }

    #[test]
    fn level_one_needs_four_pillars_at_level_one() {
        // 30 points, but only three pillars above 10 % (1/80 is not).
        let three_strong = score(&dbi(), &dbi_answers([7, 3, 1, 0, 0, 19]));
        assert_eq!(three_strong.total, 30);
        assert_eq!(three_strong.level, 0);
        assert_eq!(overall_level(&dbi(), 21, &[1, 1, 1, 1, 0, 0]), 1);
        assert_eq!(overall_level(&dbi(), 21, &[1, 1, 1, 0, 0, 0]), 0);
    }

    #[test]
    fn total_sixty_four_is_not_level_two_but_sixty_five_is() {
        let q = dbi();
        assert_eq!(overall_level(&q, 64, &[2, 2, 2, 2, 0, 0]), 1);
        assert_eq!(overall_level(&q, 65, &[2, 2, 2, 2, 0, 0]), 2);
        // Through the answers: 14/65, 6/25, 17/80, 14/65 are each just above 20 %.
        let report = score(&q, &dbi_answers([14, 6, 17, 14, 14, 0]));
        assert_eq!(report.total, 65);
        assert_eq!(
            report.pillars.iter().map(|p| p.level).collect::<Vec<_>>(),
            [2, 2, 2, 2, 2, 0]
        );
        assert_eq!(report.level, 2);
    }

    #[test]
    fn level_three_needs_four_pillars_at_level_three() {
        let q = dbi();
        assert_eq!(overall_level(&q, 200, &[3, 3, 3, 2, 2, 2]), 2);
        assert_eq!(overall_level(&q, 200, &[3, 3, 3, 3, 0, 0]), 3);
        assert_eq!(overall_level(&q, 128, &[3, 3, 3, 3, 0, 0]), 2);
    }

    #[test]
    fn level_four_needs_five_pillars_at_level_four() {
        let q = dbi();
        assert_eq!(overall_level(&q, 250, &[4, 4, 4, 4, 3, 3]), 3);
        assert_eq!(overall_level(&q, 250, &[4, 4, 4, 4, 4, 3]), 4);
        assert_eq!(overall_level(&q, 192, &[4, 4, 4, 4, 4, 4]), 3);
    }

    #[test]
    fn level_five_needs_all_six_pillars_at_level_five() {
        let q = dbi();
        assert_eq!(overall_level(&q, 300, &[5, 5, 5, 5, 5, 4]), 4);
        assert_eq!(overall_level(&q, 300, &[5, 5, 5, 5, 5, 5]), 5);
        assert_eq!(overall_level(&q, 256, &[5, 5, 5, 5, 5, 5]), 4);
        let all = score(&q, &dbi_answers([65, 25, 80, 65, 50, 35]));
        assert_eq!((all.total, all.level), (320, 5));
    }

    #[test]
    fn an_empty_assessment_is_level_zero_with_every_question_unanswered() {
        let report = score(&mini(), &Answers::new());
        assert_eq!(report.total, 0);
        assert_eq!(report.level, 0);
        // web.updates is hidden (no website answer); web.comment is free text.
        assert_eq!(
            report.unanswered,
            [
                "web.has_site",
                "web.channels",
                "web.online_sales",
                "plan.stage",
                "plan.staff_trained"
            ]
        );
        assert_eq!(report.skipped, ["web.updates"]);
    }

    #[test]
    fn a_hidden_question_scores_nothing_even_when_answered() {
        let answers = Answers::from([
            ("web.has_site", choice("no")),
            ("web.updates", choice("monthly")),
        ]);
        let report = score(&mini(), &answers);
        assert_eq!(report.pillars[0].points, 0);
        assert_eq!(report.skipped, ["web.updates"]);
        let shown = Answers::from([
            ("web.has_site", choice("yes")),
            ("web.updates", choice("monthly")),
        ]);
        assert_eq!(score(&mini(), &shown).pillars[0].points, 7);
    }

    #[test]
    fn checklist_points_are_capped_at_the_question_maximum() {
        let all = Answer::Choices(Box::new(vec![
            "facebook".into(),
            "zalo".into(),
            "tiktok".into(),
            "email".into(),
        ]));
        let report = score(&mini(), &Answers::from([("web.channels", all)]));
        assert_eq!(
            report.pillars[0].points, 5,
            "2 + 2 + 1 + 1 = 6, capped at 5"
        );
    }

    #[test]
    fn percentages_and_numbers_score_by_band_with_the_lower_edge_included() {
        let q = mini();
        let points =
            |id: &str, v: &str| Answer::Number(v.parse().unwrap()).points(q.question(id).unwrap());
        assert_eq!(points("web.online_sales", "0.5"), Ok(0));
        assert_eq!(points("web.online_sales", "1"), Ok(3));
        assert_eq!(points("web.online_sales", "29.9"), Ok(6));
        assert_eq!(points("web.online_sales", "100"), Ok(8));
        assert!(points("web.online_sales", "100.5").is_err());
        assert_eq!(points("plan.staff_trained", "5"), Ok(4));
        assert!(points("plan.staff_trained", "-1").is_err());
    }

    #[test]
    fn not_applicable_scores_zero_and_is_reported_where_allowed() {
        let answers = Answers::from([
            ("plan.staff_trained", Answer::NotApplicable),
            ("plan.stage", Answer::NotApplicable),
        ]);
        let report = score(&mini(), &answers);
        assert_eq!(report.not_applicable, ["plan.staff_trained"]);
        assert_eq!(report.invalid.len(), 1);
        assert_eq!(report.invalid[0].question, "plan.stage");
        assert_eq!(report.pillars[1].points, 0);
    }

    #[test]
    fn answers_to_unknown_questions_are_listed_and_ignored() {
        let report = score(&mini(), &Answers::from([("web.fax", choice("yes"))]));
        assert_eq!(report.unknown, ["web.fax"]);
        assert_eq!(report.total, 0);
    }

    #[test]
    fn a_full_mini_assessment_adds_up_by_hand() {
        let answers = Answers::from([
            ("web.has_site", choice("yes")),      // 2
            ("web.updates", choice("quarterly")), // 3
            (
                "web.channels",
                Answer::Choices(Box::new(vec!["zalo".into()])),
            ), // 2
            ("web.online_sales", Answer::Number(12.into())), // 6 → web 13/20 = 65 % → 4
            ("plan.stage", choice("idea")),       // 2
            ("plan.staff_trained", Answer::Number(3.into())), // 2 → plan 4/10 = 40 % → 2
        ]);
        let report = score(&mini(), &answers);
        assert_eq!((report.pillars[0].points, report.pillars[0].level), (13, 4));
        assert_eq!((report.pillars[1].points, report.pillars[1].level), (4, 2));
        // Total 17 > 12 with both pillars ≥ 2 but not both ≥ 3: overall level 2.
        assert_eq!((report.total, report.level), (17, 2));
        assert!(report.unanswered.is_empty());
    }

    proptest! {
        #[test]
        fn more_points_never_lower_a_level(
            base in (0u32..=65, 0u32..=25, 0u32..=80, 0u32..=65, 0u32..=50, 0u32..=35),
            pillar in 0usize..6,
            extra in 1u32..=80,
        ) {
            let q = dbi();
            let maxima = [65, 25, 80, 65, 50, 35];
            let before = [base.0, base.1, base.2, base.3, base.4, base.5];
            let mut after = before;
            after[pillar] = (after[pillar] + extra).min(maxima[pillar]);
            let a = score(&q, &dbi_answers(before));
            let b = score(&q, &dbi_answers(after));
            prop_assert!(b.level >= a.level, "{before:?} → {after:?}");
            for (x, y) in a.pillars.iter().zip(&b.pillars) {
                prop_assert!(y.level >= x.level);
            }
            prop_assert!(b.total >= a.total);
        }

        #[test]
        fn pillar_levels_follow_the_share_exactly(points in 0u32..=80) {
            let q = dbi();
            let level = pillar_level(&q, points, 80);
            // Integer arithmetic as the reference: share·100 against the bounds.
            let expected = match points * 100 {
                s if s <= 10 * 80 => 0,
                s if s <= 20 * 80 => 1,
                s if s <= 40 * 80 => 2,
                s if s <= 60 * 80 => 3,
                s if s <= 80 * 80 => 4,
                _ => 5,
            };
            prop_assert_eq!(level, expected);
        }
    }
}
