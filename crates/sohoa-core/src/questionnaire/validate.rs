//! Every rule a questionnaire must satisfy before it may score anything.
//!
//! Policy: collect all problems, never stop at the first; each problem carries the
//! path of the offending value so the loader can give its line and column.

use std::collections::{HashMap, HashSet};

use super::spans::Seg;
use super::{
    Choice, GATE_NO, LevelBand, NOT_APPLICABLE, Pillar, PointBand, QUESTIONNAIRE_SCHEMA, Question,
    QuestionKind, Questionnaire, ShowIf, Whole,
};
use crate::decimal::Decimal;
use crate::text::Text;

type Path = Vec<Seg>;

struct Problems(Vec<(Path, String)>);

impl Problems {
    fn add(&mut self, path: &[Seg], message: impl Into<String>) {
        self.0.push((path.to_vec(), message.into()));
    }

    fn text(&mut self, path: &[Seg], text: &Text) {
        for (lang, side) in [("vi", &text.vi), ("en", &text.en)] {
            if side.trim().is_empty() {
                let mut at = path.to_vec();
                at.push(Seg::Field(lang));
                self.add(&at, format!("missing translation: `{lang}` is empty"));
            }
        }
    }
}

fn at(path: &[Seg], more: &[Seg]) -> Path {
    let mut out = path.to_vec();
    out.extend_from_slice(more);
    out
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

/// All problems of a questionnaire, in file order where possible.
pub fn validate(q: &Questionnaire) -> Vec<(Path, String)> {
    let mut p = Problems(Vec::new());
    if q.schema != QUESTIONNAIRE_SCHEMA {
        p.add(
            &[Seg::Field("schema")],
            format!(
                "schema {} is not supported; this version of Sohoa reads schema {QUESTIONNAIRE_SCHEMA}",
                q.schema
            ),
        );
    }
    // Both become part of a file name when the questionnaire is installed.
    if let Err(e) = crate::safe_name::check(&q.id) {
        p.add(&[Seg::Field("id")], format!("id: {e}"));
    }
    if let Err(e) = crate::safe_name::check(&q.version) {
        p.add(&[Seg::Field("version")], format!("version: {e}"));
    }
    p.text(&[Seg::Field("title")], &q.title);
    p.text(&[Seg::Field("description")], &q.description);
    p.text(&[Seg::Field("source")], &q.source);
    for (i, note) in q.notes.iter().enumerate() {
        p.text(&[Seg::Field("notes"), Seg::Index(i)], note);
    }

    let levels = check_levels(q, &mut p);
    check_bands(&q.pillar_bands, &levels, &mut p);
    check_overall_rules(q, &levels, &mut p);

    let mut pillar_ids = HashSet::new();
    let mut group_ids = HashSet::new();
    // Question id → (position, kind's option ids) of the questions seen so far.
    let mut earlier: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut all_question_ids: HashSet<&str> = HashSet::new();
    // Figure questions seen so far (a ratio may divide only by an earlier one),
    // and the annex numbers seen so far.
    let mut figures: HashSet<&str> = HashSet::new();
    let mut numbers: HashSet<&str> = HashSet::new();
    for pillar in &q.pillars {
        all_question_ids.extend(pillar.all_questions().map(|q| q.id.as_str()));
    }
    let mut pillar_sum: u64 = 0;
    for (pi, pillar) in q.pillars.iter().enumerate() {
        let path = [Seg::Field("pillars"), Seg::Index(pi)];
        pillar_sum += u64::from(pillar.max_points);
        if !is_valid_id(&pillar.id) {
            p.add(
                &at(&path, &[Seg::Field("id")]),
                format!("pillar id `{}` is not a valid id", pillar.id),
            );
        }
        if !pillar_ids.insert(pillar.id.as_str()) {
            p.add(
                &at(&path, &[Seg::Field("id")]),
                format!("duplicate pillar id `{}`", pillar.id),
            );
        }
        p.text(&at(&path, &[Seg::Field("name")]), &pillar.name);
        check_pillar_shape(pillar, &path, &mut p);
        let mut question_sum: u64 = 0;
        let mut each_question = Vec::new();
        for (qi, question) in pillar.questions.iter().enumerate() {
            each_question.push((
                at(&path, &[Seg::Field("questions"), Seg::Index(qi)]),
                question,
            ));
        }
        for (gi, group) in pillar.groups.iter().enumerate() {
            let gpath = at(&path, &[Seg::Field("groups"), Seg::Index(gi)]);
            if !is_valid_id(&group.id) {
                p.add(
                    &at(&gpath, &[Seg::Field("id")]),
                    format!("group id `{}` is not a valid id", group.id),
                );
            }
            if !group_ids.insert(group.id.as_str()) {
                p.add(
                    &at(&gpath, &[Seg::Field("id")]),
                    format!("duplicate group id `{}`", group.id),
                );
            }
            p.text(&at(&gpath, &[Seg::Field("name")]), &group.name);
            if group.questions.is_empty() {
                p.add(&gpath, format!("group `{}` has no questions", group.id));
            }
            for (qi, question) in group.questions.iter().enumerate() {
                each_question.push((
                    at(&gpath, &[Seg::Field("questions"), Seg::Index(qi)]),
                    question,
                ));
            }
        }
        for (qpath, question) in each_question {
            question_sum += u64::from(question.max_points);
            check_question(question, &qpath, &earlier, &all_question_ids, &mut p);
            check_criterion(question, &qpath, &figures, &all_question_ids, &mut p);
            if let Some(number) = &question.number
                && !numbers.insert(number.as_str())
            {
                p.add(
                    &at(&qpath, &[Seg::Field("number")]),
                    format!("criterion number {number} is used twice"),
                );
            }
            if matches!(question.kind, QuestionKind::Figure { .. }) {
                figures.insert(question.id.as_str());
            }
            if earlier.contains_key(question.id.as_str()) {
                p.add(
                    &at(&qpath, &[Seg::Field("id")]),
                    format!("duplicate question id `{}`", question.id),
                );
            } else {
                let options = question
                    .option_points()
                    .into_iter()
                    .map(|(id, _)| id)
                    .collect();
                earlier.insert(question.id.as_str(), options);
            }
        }
        if question_sum != u64::from(pillar.max_points) {
            p.add(
                &at(&path, &[Seg::Field("max_points")]),
                format!(
                    "pillar `{}` has max_points {} but its questions add up to {question_sum}",
                    pillar.id, pillar.max_points
                ),
            );
        }
        if pillar.max_points == 0 {
            p.add(
                &at(&path, &[Seg::Field("max_points")]),
                format!("pillar `{}` has max_points 0", pillar.id),
            );
        }
    }
    if q.pillars.is_empty() {
        p.add(&[Seg::Field("pillars")], "the questionnaire has no pillars");
    }
    if pillar_sum != u64::from(q.max_points) {
        p.add(
            &[Seg::Field("max_points")],
            format!(
                "max_points is {} but the pillar maxima add up to {pillar_sum}",
                q.max_points
            ),
        );
    }
    check_recommendations(q, &levels, &mut p);
    p.0
}

/// Checks level names and returns the set of defined levels.
fn check_levels(q: &Questionnaire, p: &mut Problems) -> Vec<u8> {
    let mut seen = Vec::new();
    for (i, level) in q.levels.iter().enumerate() {
        let path = [Seg::Field("levels"), Seg::Index(i)];
        if seen.contains(&level.level) {
            p.add(
                &at(&path, &[Seg::Field("level")]),
                format!("level {} is named twice", level.level),
            );
        }
        seen.push(level.level);
        p.text(&at(&path, &[Seg::Field("name")]), &level.name);
    }
    let mut sorted = seen.clone();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.is_empty() {
        p.add(&[Seg::Field("levels")], "no levels are defined");
    } else if sorted.iter().enumerate().any(|(i, l)| usize::from(*l) != i) {
        p.add(
            &[Seg::Field("levels")],
            "levels must be numbered 0, 1, 2, … without gaps",
        );
    }
    sorted
}

fn check_bands(bands: &[LevelBand], levels: &[u8], p: &mut Problems) {
    let base = [Seg::Field("pillar_bands")];
    if bands.is_empty() {
        p.add(&base, "no pillar level bands are defined");
        return;
    }
    for (i, band) in bands.iter().enumerate() {
        let path = [Seg::Field("pillar_bands"), Seg::Index(i)];
        if !levels.contains(&band.level) {
            p.add(
                &at(&path, &[Seg::Field("level")]),
                format!("band for undefined level {}", band.level),
            );
        }
        if !(band.from_percent.is_finite() && band.to_percent.is_finite())
            || band.from_percent > band.to_percent
            || (band.from_percent == band.to_percent && !(band.includes_from && band.includes_to))
        {
            p.add(
                &path,
                format!("band for level {} is empty or reversed", band.level),
            );
        }
    }
    for level in levels {
        if bands.iter().filter(|b| b.level == *level).count() > 1 {
            p.add(&base, format!("level {level} has more than one band"));
        }
    }
    let mut order: Vec<usize> = (0..bands.len()).collect();
    order.sort_by(|a, b| bands[*a].from_percent.total_cmp(&bands[*b].from_percent));
    let first = &bands[order[0]];
    if first.from_percent != 0.0 || !first.includes_from {
        p.add(
            &[Seg::Field("pillar_bands"), Seg::Index(order[0])],
            "gap: a share of exactly 0 % is in no band (the lowest band must start at 0 and include it)",
        );
    }
    let last_index = order[order.len() - 1];
    let last = &bands[last_index];
    if last.to_percent != 100.0 || !last.includes_to {
        p.add(
            &[Seg::Field("pillar_bands"), Seg::Index(last_index)],
            "gap: a share of exactly 100 % is in no band (the highest band must end at 100 and include it)",
        );
    }
    for pair in order.windows(2) {
        let (a, b) = (&bands[pair[0]], &bands[pair[1]]);
        let path = [Seg::Field("pillar_bands"), Seg::Index(pair[1])];
        if b.from_percent > a.to_percent
            || (b.from_percent == a.to_percent && !a.includes_to && !b.includes_from)
        {
            p.add(
                &path,
                format!(
                    "gap between the bands of level {} and level {} at {} %",
                    a.level, b.level, a.to_percent
                ),
            );
        } else if b.from_percent < a.to_percent || (a.includes_to && b.includes_from) {
            p.add(
                &path,
                format!(
                    "the bands of level {} and level {} overlap at {} %",
                    a.level, b.level, b.from_percent
                ),
            );
        }
        if b.level <= a.level {
            p.add(&path, "a higher share must give a higher level");
        }
    }
}

fn check_overall_rules(q: &Questionnaire, levels: &[u8], p: &mut Problems) {
    let mut seen = HashSet::new();
    for (i, rule) in q.overall_rules.iter().enumerate() {
        let path = [Seg::Field("overall_rules"), Seg::Index(i)];
        if !levels.contains(&rule.level) {
            p.add(
                &at(&path, &[Seg::Field("level")]),
                format!("rule for undefined level {}", rule.level),
            );
        }
        if !seen.insert(rule.level) {
            p.add(
                &at(&path, &[Seg::Field("level")]),
                format!("level {} has more than one rule", rule.level),
            );
        }
        if !levels.contains(&rule.pillar_level) {
            p.add(
                &at(&path, &[Seg::Field("pillar_level")]),
                format!("pillar_level {} is not a defined level", rule.pillar_level),
            );
        }
        if usize::from(rule.min_pillars) > q.pillars.len() {
            p.add(
                &at(&path, &[Seg::Field("min_pillars")]),
                format!(
                    "the rule asks for {} pillars but the questionnaire has {}",
                    rule.min_pillars,
                    q.pillars.len()
                ),
            );
        }
        if rule.total_above >= q.max_points {
            p.add(
                &at(&path, &[Seg::Field("total_above")]),
                format!(
                    "a total above {} can never be reached (maximum {})",
                    rule.total_above, q.max_points
                ),
            );
        }
    }
}

fn check_pillar_shape(pillar: &Pillar, path: &[Seg], p: &mut Problems) {
    match (pillar.questions.is_empty(), pillar.groups.is_empty()) {
        (true, true) => p.add(path, format!("pillar `{}` has no questions", pillar.id)),
        (false, false) => p.add(
            &at(path, &[Seg::Field("groups")]),
            format!(
                "pillar `{}` has both questions and groups; put every question in a group",
                pillar.id
            ),
        ),
        _ => {}
    }
}

fn check_question(
    question: &Question,
    path: &[Seg],
    earlier: &HashMap<&str, Vec<&str>>,
    all_ids: &HashSet<&str>,
    p: &mut Problems,
) {
    let id = &question.id;
    if !is_valid_id(id) {
        p.add(
            &at(path, &[Seg::Field("id")]),
            format!("question id `{id}` is not a valid id"),
        );
    }
    p.text(&at(path, &[Seg::Field("text")]), &question.text);
    if let Some(help) = &question.help {
        p.text(&at(path, &[Seg::Field("help")]), help);
    }
    let kind_path = at(path, &[Seg::Field("kind")]);
    let max = question.max_points;
    let reachable = match &question.kind {
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
            check_options(question, options, &kind_path, p)
        }
        QuestionKind::YesNo { yes, no } => {
            for (name, points) in [("yes", *yes), ("no", *no)] {
                if points > max {
                    p.add(
                        &at(&kind_path, &[Seg::Field(name)]),
                        format!(
                            "`{name}` gives {points} points, more than the question maximum {max}"
                        ),
                    );
                }
            }
            u64::from((*yes).max(*no))
        }
        QuestionKind::Number {
            unit,
            min,
            max: upper,
            bands,
            ..
        } => check_number(
            question,
            (unit.as_ref(), *min, *upper),
            bands,
            &kind_path,
            p,
        ),
        QuestionKind::Percent { bands } => check_percent(bands, &kind_path, max, p),
        QuestionKind::FreeText => {
            if max != 0 {
                p.add(
                    &at(path, &[Seg::Field("max_points")]),
                    format!("free-text question `{id}` is not scored: max_points must be 0"),
                );
            }
            0
        }
        // Checked in `check_criterion`.
        QuestionKind::Ratio { .. } | QuestionKind::Figure { .. } => u64::from(max),
    };
    if reachable < u64::from(max) {
        p.add(
            &at(path, &[Seg::Field("max_points")]),
            format!(
                "question `{id}` has max_points {max} but no answer reaches more than {reachable}"
            ),
        );
    }
    if let Some(show_if) = &question.show_if {
        check_show_if(question, show_if, path, earlier, all_ids, p);
    }
}

/// The options of a choice question; the most points an answer can reach.
fn check_options(
    question: &Question,
    options: &[Choice],
    kind_path: &[Seg],
    p: &mut Problems,
) -> u64 {
    let (id, max) = (&question.id, question.max_points);
    if options.len() < 2 && matches!(question.kind, QuestionKind::SingleChoice { .. }) {
        p.add(
            kind_path,
            format!("question `{id}` needs at least two options"),
        );
    }
    if options.is_empty() {
        p.add(kind_path, format!("question `{id}` has no options"));
    }
    let mut seen = HashSet::new();
    for (oi, option) in options.iter().enumerate() {
        let opath = at(kind_path, &[Seg::Field("options"), Seg::Index(oi)]);
        if !is_valid_id(&option.id) || option.id == NOT_APPLICABLE {
            p.add(
                &at(&opath, &[Seg::Field("id")]),
                format!(
                    "option id `{}` is not a valid id (and `na` is reserved)",
                    option.id
                ),
            );
        }
        if !seen.insert(option.id.as_str()) {
            p.add(
                &at(&opath, &[Seg::Field("id")]),
                format!("duplicate option id `{}` in `{id}`", option.id),
            );
        }
        if option.points > max {
            p.add(
                &at(&opath, &[Seg::Field("points")]),
                format!(
                    "option `{}` gives {} points, more than the question maximum {max}",
                    option.id, option.points
                ),
            );
        }
        p.text(&at(&opath, &[Seg::Field("label")]), &option.label);
        if let Some(help) = &option.help {
            p.text(&at(&opath, &[Seg::Field("help")]), help);
        }
    }
    let points = options.iter().map(|o| u64::from(o.points));
    if matches!(question.kind, QuestionKind::SingleChoice { .. }) {
        points.max().unwrap_or(0)
    } else {
        points.sum()
    }
}

/// A number question's range and point bands; the most points it can give.
fn check_number(
    question: &Question,
    (unit, min, upper): (Option<&Text>, Option<Decimal>, Option<Decimal>),
    bands: &[PointBand],
    kind_path: &[Seg],
    p: &mut Problems,
) -> u64 {
    let (id, max) = (&question.id, question.max_points);
    if let Some(unit) = unit {
        p.text(&at(kind_path, &[Seg::Field("unit")]), unit);
    }
    if let (Some(lo), Some(hi)) = (min, upper)
        && lo > hi
    {
        p.add(
            kind_path,
            format!("question `{id}` has min {lo} above max {hi}"),
        );
    }
    check_point_bands(bands, kind_path, max, p);
    if let (Some(lo), Some(first)) = (min, bands.first())
        && first.min > lo
    {
        p.add(
            &at(kind_path, &[Seg::Field("bands"), Seg::Index(0)]),
            format!(
                "gap: values from {lo} to {} are allowed but in no band",
                first.min
            ),
        );
    }
    bands.iter().map(|b| u64::from(b.points)).max().unwrap_or(0)
}

/// A percentage question's bands, which must cover 0 to 100 %; the most points.
fn check_percent(bands: &[PointBand], kind_path: &[Seg], max: u32, p: &mut Problems) -> u64 {
    check_point_bands(bands, kind_path, max, p);
    if let Some(first) = bands.first()
        && first.min > Decimal::ZERO
    {
        p.add(
            &at(kind_path, &[Seg::Field("bands"), Seg::Index(0)]),
            format!("gap: percentages below {} are in no band", first.min),
        );
    }
    if let Some(last) = bands.last()
        && last.max.is_some_and(|m| m <= Decimal::HUNDRED)
    {
        p.add(
            &at(
                kind_path,
                &[Seg::Field("bands"), Seg::Index(bands.len() - 1)],
            ),
            "gap: 100 % is in no band (leave the last band's max out)",
        );
    }
    bands.iter().map(|b| u64::from(b.points)).max().unwrap_or(0)
}

/// Skip logic: it points back to an earlier choice question and to its options.
fn check_show_if(
    question: &Question,
    show_if: &ShowIf,
    path: &[Seg],
    earlier: &HashMap<&str, Vec<&str>>,
    all_ids: &HashSet<&str>,
    p: &mut Problems,
) {
    let id = &question.id;
    let spath = at(path, &[Seg::Field("show_if")]);
    match earlier.get(show_if.question.as_str()) {
        None if show_if.question == *id => {
            p.add(
                &at(&spath, &[Seg::Field("question")]),
                format!("question `{id}` cannot depend on itself"),
            );
        }
        None if all_ids.contains(show_if.question.as_str()) => p.add(
            &at(&spath, &[Seg::Field("question")]),
            format!(
                "skip logic points forward: `{}` comes after `{id}`",
                show_if.question
            ),
        ),
        None => p.add(
            &at(&spath, &[Seg::Field("question")]),
            format!(
                "skip logic points to unknown question `{}`",
                show_if.question
            ),
        ),
        Some(options) => {
            if options.is_empty() {
                p.add(
                    &at(&spath, &[Seg::Field("question")]),
                    format!(
                        "skip logic must depend on a choice or yes/no question; `{}` is not one",
                        show_if.question
                    ),
                );
            }
            if show_if.any_of.is_empty() {
                p.add(
                    &at(&spath, &[Seg::Field("any_of")]),
                    "any_of is empty: the question could never be shown",
                );
            }
            for (i, value) in show_if.any_of.iter().enumerate() {
                if !options.is_empty() && !options.contains(&value.as_str()) {
                    p.add(
                        &at(&spath, &[Seg::Field("any_of"), Seg::Index(i)]),
                        format!("`{}` has no option `{value}`", show_if.question),
                    );
                }
            }
        }
    }
}

/// The parts that make a question an annex criterion: its number, its gate, the
/// provisional note, and a ratio's denominator.
fn check_criterion(
    question: &Question,
    path: &[Seg],
    figures_before: &HashSet<&str>,
    all_ids: &HashSet<&str>,
    p: &mut Problems,
) {
    let id = &question.id;
    if let Some(number) = &question.number {
        let well_formed = !number.is_empty()
            && number
                .split('.')
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
        if !well_formed {
            p.add(
                &at(path, &[Seg::Field("number")]),
                format!(
                    "criterion number `{number}` is not numbers separated by dots (e.g. 1.1.1)"
                ),
            );
        }
    }
    if let Some(provisional) = &question.provisional {
        p.text(&at(path, &[Seg::Field("provisional")]), provisional);
    }
    if let Some(gate) = &question.gate {
        let gpath = at(path, &[Seg::Field("gate")]);
        p.text(&at(&gpath, &[Seg::Field("question")]), &gate.question);
        p.text(&at(&gpath, &[Seg::Field("no")]), &gate.no);
        match &question.kind {
            QuestionKind::SingleChoice { options } => {
                if options.iter().any(|o| o.id == GATE_NO) {
                    p.add(
                        &at(path, &[Seg::Field("kind")]),
                        format!("question `{id}` has a gate, so no option may be called `{GATE_NO}` (it is the gate's \"Không\")"),
                    );
                }
            }
            other => p.add(
                &gpath,
                format!(
                    "a gate opens a single-choice question; `{id}` is a {} question",
                    other.name().replace('_', " ")
                ),
            ),
        }
    }
    let kind_path = at(path, &[Seg::Field("kind")]);
    match &question.kind {
        QuestionKind::Ratio {
            part,
            whole,
            unit,
            steps,
            ..
        } => {
            p.text(&at(&kind_path, &[Seg::Field("part")]), part);
            if let Some(unit) = unit {
                p.text(&at(&kind_path, &[Seg::Field("unit")]), unit);
            }
            match whole {
                Whole::Asked(label) => p.text(&at(&kind_path, &[Seg::Field("whole")]), label),
                Whole::Figure(figure) if figures_before.contains(figure.as_str()) => {}
                Whole::Figure(figure) if all_ids.contains(figure.as_str()) => p.add(
                    &at(&kind_path, &[Seg::Field("whole")]),
                    format!("`{figure}` must be a figure question placed before `{id}`"),
                ),
                Whole::Figure(figure) => p.add(
                    &at(&kind_path, &[Seg::Field("whole")]),
                    format!("`{id}` divides by unknown figure `{figure}`"),
                ),
            }
            if steps.is_empty() {
                p.add(&kind_path, format!("ratio `{id}` has no steps"));
            }
            let mut reachable = 0;
            for (i, step) in steps.iter().enumerate() {
                let spath = at(&kind_path, &[Seg::Field("steps"), Seg::Index(i)]);
                if step.above.is_negative() || step.above >= Decimal::HUNDRED {
                    p.add(
                        &at(&spath, &[Seg::Field("above")]),
                        format!("a step starts above {}%, outside 0–100%", step.above),
                    );
                }
                if i > 0 && step.above <= steps[i - 1].above {
                    p.add(
                        &spath,
                        "steps must go up: each `above` larger than the one before",
                    );
                }
                if step.points > question.max_points {
                    p.add(
                        &at(&spath, &[Seg::Field("points")]),
                        format!(
                            "the step gives {} points, more than the question maximum {}",
                            step.points, question.max_points
                        ),
                    );
                }
                reachable = reachable.max(step.points);
            }
            if reachable < question.max_points {
                p.add(
                    &at(path, &[Seg::Field("max_points")]),
                    format!(
                        "question `{id}` has max_points {} but no share reaches more than {reachable}",
                        question.max_points
                    ),
                );
            }
        }
        QuestionKind::Figure { unit, .. } => {
            if let Some(unit) = unit {
                p.text(&at(&kind_path, &[Seg::Field("unit")]), unit);
            }
            if question.max_points != 0 {
                p.add(
                    &at(path, &[Seg::Field("max_points")]),
                    format!("figure `{id}` is not scored: max_points must be 0"),
                );
            }
        }
        _ => {}
    }
}

fn check_point_bands(bands: &[PointBand], kind_path: &[Seg], max: u32, p: &mut Problems) {
    if bands.is_empty() {
        p.add(kind_path, "no point bands are defined");
    }
    for (i, band) in bands.iter().enumerate() {
        let path = at(kind_path, &[Seg::Field("bands"), Seg::Index(i)]);
        if band.points > max {
            p.add(
                &at(&path, &[Seg::Field("points")]),
                format!(
                    "the band gives {} points, more than the question maximum {max}",
                    band.points
                ),
            );
        }
        if band.max.is_some_and(|m| m <= band.min) {
            p.add(&path, "the band is empty or reversed");
        }
        if band.max.is_none() && i + 1 < bands.len() {
            p.add(&path, "only the last band may be open-ended");
        }
        if let Some(next) = bands.get(i + 1)
            && let Some(end) = band.max
        {
            if next.min > end {
                p.add(
                    &path,
                    format!("gap: values from {end} to {} are in no band", next.min),
                );
            } else if next.min < end {
                p.add(
                    &path,
                    format!("this band overlaps the next one from {} to {end}", next.min),
                );
            }
        }
    }
}

fn check_recommendations(q: &Questionnaire, levels: &[u8], p: &mut Problems) {
    let mut seen = HashSet::new();
    for (i, rec) in q.recommendations.iter().enumerate() {
        let path = [Seg::Field("recommendations"), Seg::Index(i)];
        if !q.pillars.iter().any(|pillar| pillar.id == rec.pillar) {
            p.add(
                &at(&path, &[Seg::Field("pillar")]),
                format!("recommendation for unknown pillar `{}`", rec.pillar),
            );
        }
        if !levels.contains(&rec.level) {
            p.add(
                &at(&path, &[Seg::Field("level")]),
                format!("recommendation for undefined level {}", rec.level),
            );
        }
        if !seen.insert((rec.pillar.as_str(), rec.level)) {
            p.add(
                &path,
                format!(
                    "second recommendation for pillar `{}` at level {}",
                    rec.pillar, rec.level
                ),
            );
        }
        p.text(&at(&path, &[Seg::Field("text")]), &rec.text);
    }
    for pillar in &q.pillars {
        let missing: Vec<String> = levels
            .iter()
            .filter(|l| !seen.contains(&(pillar.id.as_str(), **l)))
            .map(|l| l.to_string())
            .collect();
        if !missing.is_empty() {
            p.add(
                &[Seg::Field("recommendations")],
                format!(
                    "pillar `{}` has no recommendation for level(s) {}",
                    pillar.id,
                    missing.join(", ")
                ),
            );
        }
    }
}
