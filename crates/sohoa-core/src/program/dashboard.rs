//! The program dashboard: pace toward the target, the funnel, counts by place,
//! sector, size, partner and level, the average pillar profile, and who is due
//! for a follow-up assessment.
//!
//! Key types: [`Dashboard`], [`Dimension`], [`Bar`]; function [`Dashboard::compute`].
//!
//! Policy: pure and computed from the enterprise summaries (no scoring here).
//! [`Dimension::key`] is the single definition of which bar an enterprise falls
//! in, used both to count the bars and to filter the enterprise list when a bar
//! is clicked, so the two always agree. Archived enterprises are left out.

use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;

use super::ProgramSettings;
use super::summary::EnterpriseSummary;
use crate::enterprise::{SizeClass, Stage};
use crate::questionnaire::Questionnaire;
use crate::text::{Lang, local_date};

/// A way to split enterprises into bars (and to filter the list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// The province of 2025 (shown when the program covers several).
    Province,
    Place,
    Sector,
    Size,
    Partner,
    Level,
    /// The questionnaire edition of the latest completed assessment.
    Edition,
}

impl Dimension {
    pub const ALL: [Dimension; 7] = [
        Dimension::Province,
        Dimension::Place,
        Dimension::Sector,
        Dimension::Size,
        Dimension::Partner,
        Dimension::Level,
        Dimension::Edition,
    ];

    /// The bar an enterprise belongs to; the empty key means "unknown" (or "not assessed").
    pub fn key(self, s: &EnterpriseSummary) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match self {
            Dimension::Province => Cow::Borrowed(s.province.as_str()),
            Dimension::Place => Cow::Borrowed(s.place.as_str()),
            Dimension::Sector => Cow::Borrowed(s.sector.as_str()),
            Dimension::Size => Cow::Borrowed(s.size_class.map_or("", SizeClass::key)),
            Dimension::Partner => Cow::Borrowed(s.partner.as_deref().unwrap_or("")),
            Dimension::Level => match &s.latest {
                Some(a) => Cow::Owned(a.level.to_string()),
                None => Cow::Borrowed(""),
            },
            Dimension::Edition => match &s.latest {
                Some(a) => Cow::Owned(edition_key(&a.questionnaire, &a.questionnaire_version)),
                None => Cow::Borrowed(""),
            },
        }
    }

    /// A key as a person reads it.
    pub fn label(
        self,
        key: &str,
        program: &ProgramSettings,
        questionnaire: Option<&Questionnaire>,
        lang: Lang,
    ) -> String {
        let vi = lang == Lang::Vi;
        if key.is_empty() {
            return match (self, vi) {
                (Dimension::Level | Dimension::Edition, true) => "Chưa đánh giá".into(),
                (Dimension::Level | Dimension::Edition, false) => "Not assessed".into(),
                (Dimension::Partner, true) => "Chưa có đối tác".into(),
                (Dimension::Partner, false) => "No partner".into(),
                (_, true) => "Chưa rõ".into(),
                (_, false) => "Unknown".into(),
            };
        }
        match self {
            Dimension::Province => crate::places::Gazetteer::get()
                .province(key)
                .map_or_else(|| key.to_owned(), |p| p.name.to_owned()),
            Dimension::Place => match key.strip_prefix(super::places::REVIEW_PREFIX) {
                Some(former) => lang.pick(
                    format!("{} – cần chọn xã, phường mới", program.unit_name(former)),
                    format!(
                        "{} – choose the new commune or ward",
                        program.unit_name(former)
                    ),
                ),
                None => program.unit_name(key).to_owned(),
            },
            Dimension::Sector => {
                match crate::enterprise::reference::Reference::get().section(key) {
                    Some(section) => format!("{} – {}", section.code, section.name.get(lang)),
                    None => key.to_owned(),
                }
            }
            Dimension::Size => SizeClass::ALL
                .into_iter()
                .find(|c| c.key() == key)
                .map_or_else(|| key.to_owned(), |c| c.label(lang)),
            Dimension::Partner => key.to_owned(),
            Dimension::Level => {
                let name = key
                    .parse::<u8>()
                    .ok()
                    .and_then(|l| questionnaire.and_then(|q| q.level_name(l)))
                    .map(|n| n.get(lang).to_owned())
                    .unwrap_or_default();
                format!("{} {key} – {name}", if vi { "Mức" } else { "Level" })
            }
            Dimension::Edition => match key.split_once(' ') {
                Some((id, version)) => edition_label(id, version, lang),
                None => key.to_owned(),
            },
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Dimension::Province, Lang::Vi) => "Theo tỉnh, thành phố",
            (Dimension::Province, Lang::En) => "By province",
            (Dimension::Place, Lang::Vi) => "Theo địa bàn",
            (Dimension::Place, Lang::En) => "By place",
            (Dimension::Sector, Lang::Vi) => "Theo ngành",
            (Dimension::Sector, Lang::En) => "By sector",
            (Dimension::Size, Lang::Vi) => "Theo quy mô",
            (Dimension::Size, Lang::En) => "By size",
            (Dimension::Partner, Lang::Vi) => "Theo đối tác",
            (Dimension::Partner, Lang::En) => "By partner",
            (Dimension::Level, Lang::Vi) => "Theo mức chuyển đổi số",
            (Dimension::Level, Lang::En) => "By maturity level",
            (Dimension::Edition, Lang::Vi) => "Theo phiên bản bộ câu hỏi",
            (Dimension::Edition, Lang::En) => "By questionnaire edition",
        }
    }
}

/// Where the running period stands, in a sentence: the pace and what it takes
/// to finish, or, once the period has ended, its final result.
pub fn progress_sentence(d: &Dashboard, program: &ProgramSettings, lang: Lang) -> String {
    use crate::text::{format_count, format_date, format_decimal};
    let vi = lang == Lang::Vi;
    let count = |n: u32| format_count(u64::from(n), lang);
    let per_month = |v: f64| format_decimal(v, 1, lang);
    if d.period_ended {
        let reached = match (d.period.reached_on, vi) {
            (Some(day), true) => format!("đạt mục tiêu ngày {}", format_date(day)),
            (Some(day), false) => format!("target reached on {}", format_date(day)),
            (None, true) => format!(
                "thiếu {} doanh nghiệp so với mục tiêu",
                count(d.period.shortfall(d.target))
            ),
            (None, false) => format!(
                "{} short of the target",
                crate::text::count_of(
                    d.period.shortfall(d.target) as usize,
                    lang,
                    "",
                    "enterprise",
                    "enterprises"
                )
            ),
        };
        return if vi {
            format!(
                "Đã kết thúc ngày {}: {} / {} doanh nghiệp được hỗ trợ trong giai đoạn, {reached}.",
                format_date(program.end),
                count(d.period.supported),
                count(d.target)
            )
        } else {
            format!(
                "Ended on {}: {} / {} enterprises supported in the period, {reached}.",
                format_date(program.end),
                count(d.period.supported),
                count(d.target)
            )
        };
    }
    let mut parts = vec![if vi {
        format!(
            "Tốc độ: {} doanh nghiệp/tháng (6 tháng gần đây: {})",
            per_month(d.pace_per_month),
            per_month(d.recent_pace_per_month)
        )
    } else {
        format!(
            "Pace: {} enterprises/month (last 6 months: {})",
            per_month(d.pace_per_month),
            per_month(d.recent_pace_per_month)
        )
    }];
    if let Some(day) = d.period.reached_on {
        parts.push(lang.pick(
            format!("đã đạt mục tiêu ngày {}", format_date(day)),
            format!("target reached on {}", format_date(day)),
        ));
        return parts.join(" · ");
    }
    if let Some(needed) = d.needed_per_month {
        parts.push(lang.pick(
            format!(
                "cần {} doanh nghiệp/tháng để đạt mục tiêu trước {}",
                format_decimal(needed, 0, lang),
                format_date(program.end)
            ),
            format!(
                "{} per month needed to reach the target by {}",
                format_decimal(needed, 0, lang),
                format_date(program.end)
            ),
        ));
    }
    parts.push(
        match (d.projected_finish, d.projection_beyond_horizon, vi) {
            (Some(day), _, true) => format!("dự kiến đạt mục tiêu: {}", day.strftime("%m/%Y")),
            (Some(day), _, false) => {
                format!("projected to reach the target: {}", day.strftime("%m/%Y"))
            }
            (None, true, true) => format!(
                "với tốc độ này chưa thể đạt mục tiêu trong {PROJECTION_HORIZON_YEARS} năm tới"
            ),
            (None, true, false) => format!(
                "at this pace the target is more than {PROJECTION_HORIZON_YEARS} years away"
            ),
            (None, false, true) => "chưa đủ số liệu để dự báo".to_owned(),
            (None, false, false) => "not enough data to project".to_owned(),
        },
    );
    parts.join(" · ")
}

/// An earlier period and how it ended, in a sentence.
pub fn past_period_sentence(period: &super::periods::PastPeriod, lang: Lang) -> String {
    use crate::text::{format_count, format_date};
    let count = |n: u32| format_count(u64::from(n), lang);
    let outcome = match (period.result.reached_on, lang) {
        (Some(day), Lang::Vi) => format!("đạt mục tiêu ngày {}", format_date(day)),
        (Some(day), Lang::En) => format!("target reached on {}", format_date(day)),
        (None, Lang::Vi) => format!("thiếu {}", count(period.result.shortfall(period.target))),
        (None, Lang::En) => format!("{} short", count(period.result.shortfall(period.target))),
    };
    format!(
        "{} ({} – {}): {} / {} · {outcome}",
        period.name.get(lang),
        format_date(period.start),
        format_date(period.end),
        count(period.result.supported),
        count(period.target)
    )
}

/// The [`Dimension::Edition`] key of a questionnaire version: `id version`.
pub fn edition_key(questionnaire: &str, version: &str) -> String {
    format!("{questionnaire} {version}")
}

/// A questionnaire's edition where its title is already given (an enterprise's
/// result, its PDF): `phiên bản 2.0.0`, without the file's id.
pub fn version_label(version: &str, lang: Lang) -> String {
    lang.pick(format!("phiên bản {version}"), format!("edition {version}"))
}

/// A questionnaire edition as program staff read it among several
/// questionnaires: `dbi-2021-sme · phiên bản 2.0.0`.
pub fn edition_label(questionnaire: &str, version: &str, lang: Lang) -> String {
    lang.pick(
        format!("{questionnaire} · phiên bản {version}"),
        format!("{questionnaire} · edition {version}"),
    )
}

/// One bar: a key of a dimension and how many enterprises fall in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub key: String,
    pub count: usize,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub target: u32,
    pub today: Date,
    /// Funnel: registered → assessed → supported → re-assessed → improved a level.
    pub registered: usize,
    pub assessed: usize,
    pub supported: usize,
    pub reassessed: usize,
    pub improved: usize,
    /// Enterprises supported per month since the program started.
    pub pace_per_month: f64,
    /// Supported per month over the last six months.
    pub recent_pace_per_month: f64,
    /// Supported per month still needed to reach the target by the end date
    /// (`None` once the target is met or the end date has passed).
    pub needed_per_month: Option<f64>,
    /// When the target is reached at the recent pace (`None` if met, ended, no
    /// pace, or further away than [`PROJECTION_HORIZON_YEARS`]).
    pub projected_finish: Option<Date>,
    /// At the recent pace the target is further away than the horizon.
    pub projection_beyond_horizon: bool,
    /// The running period's result so far: enterprises supported from its start
    /// (to its end, once it has ended) and the day the target was reached.
    pub period: super::periods::PeriodResult,
    /// The running period's end date has passed.
    pub period_ended: bool,
    /// Bars per dimension, largest first.
    pub bars: Vec<(Dimension, Vec<Bar>)>,
    /// Overall level → number of enterprises, at baseline and at the latest assessment.
    pub baseline_levels: Vec<usize>,
    pub latest_levels: Vec<usize>,
    /// Average share (0–1) of each pillar's maximum over the latest assessments made
    /// with the program's questionnaire.
    pub average_profile: Vec<f64>,
    /// Indexes (into the enterprise list) of supported enterprises whose baseline is
    /// older than the follow-up interval and that have no follow-up yet, oldest first.
    pub due_follow_up: Vec<usize>,
}

const DAYS_PER_MONTH: f64 = 30.44;

/// A projection further away than this is not given as a date.
pub const PROJECTION_HORIZON_YEARS: i64 = 10;

fn months_between(from: Date, to: Date) -> f64 {
    f64::from((to - from).get_days()) / DAYS_PER_MONTH
}

impl Dashboard {
    /// The dashboard of every enterprise, computed from scratch.
    pub fn compute(
        program: &ProgramSettings,
        summaries: &[EnterpriseSummary],
        questionnaire: Option<&Questionnaire>,
        today: Date,
    ) -> Dashboard {
        Tally::of_all(program, questionnaire, today, summaries).dashboard(program, questionnaire)
    }

    /// The bars of one dimension.
    pub fn bars(&self, dimension: Dimension) -> &[Bar] {
        self.bars
            .iter()
            .find(|(d, _)| *d == dimension)
            .map_or(&[], |(_, bars)| bars)
    }
}

/// Enterprises by the key of their bar, in one dimension (hashed with
/// foldhash: every enterprise is looked up once per dimension when the
/// dashboard is counted).
type BarCounts = HashMap<String, usize, foldhash::fast::RandomState>;

/// The fewest enterprises [`Tally::of_all`] counts in one part.
const SUMMARIES_PER_PART: usize = 4096;

/// The running totals behind a [`Dashboard`]. One enterprise can be added or
/// taken away, so that after an edit only that enterprise is counted again.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    today: Date,
    recent_from: Date,
    follow_up_due: Date,
    /// The program questionnaire's id and pillar count, for the average profile.
    questionnaire: Option<(String, usize)>,
    registered: usize,
    assessed: usize,
    supported: usize,
    reassessed: usize,
    improved: usize,
    recent: usize,
    /// Per dimension (in [`Dimension::ALL`] order): bar key → count, never zero.
    counts: Vec<BarCounts>,
    baseline_levels: Vec<usize>,
    latest_levels: Vec<usize>,
    profile_sum: Vec<u64>,
    profile_count: u64,
    /// (day of the baseline, index) of everyone due for a follow-up.
    due: BTreeSet<(Date, usize)>,
    /// Day an enterprise became supported → how many did that day.
    supported_days: std::collections::BTreeMap<Date, usize>,
}

impl Tally {
    /// Totals of no enterprise, for the program's questionnaire, on `today`.
    pub fn new(
        program: &ProgramSettings,
        questionnaire: Option<&Questionnaire>,
        today: Date,
    ) -> Tally {
        let levels = questionnaire.map_or(6, |q| q.levels.len());
        let pillars = questionnaire.map_or(0, |q| q.pillars.len());
        Tally {
            today,
            recent_from: today.saturating_sub(jiff::Span::new().days(182)),
            follow_up_due: today.saturating_sub(
                jiff::Span::new().months(i64::from(program.follow_up_after_months)),
            ),
            questionnaire: questionnaire.map(|q| (q.id.clone(), pillars)),
            registered: 0,
            assessed: 0,
            supported: 0,
            reassessed: 0,
            improved: 0,
            recent: 0,
            counts: vec![BarCounts::default(); Dimension::ALL.len()],
            baseline_levels: vec![0; levels],
            latest_levels: vec![0; levels],
            profile_sum: vec![0; pillars],
            profile_count: 0,
            due: BTreeSet::new(),
            supported_days: std::collections::BTreeMap::new(),
        }
    }

    /// Totals of every enterprise (with its summary, in the same order).
    pub fn of_all(
        program: &ProgramSettings,
        questionnaire: Option<&Questionnaire>,
        today: Date,
        summaries: &[EnterpriseSummary],
    ) -> Tally {
        use rayon::prelude::*;
        // Counted in parts on every core, the parts then added up: 100,000
        // enterprises are counted on the way to the window's first page.
        let empty = || Tally::new(program, questionnaire, today);
        summaries
            .par_iter()
            .enumerate()
            .with_min_len(SUMMARIES_PER_PART)
            .fold(empty, |mut tally, (index, s)| {
                tally.add(index, s);
                tally
            })
            .reduce(empty, Tally::merge)
    }

    /// Adds the totals of other enterprises, counted for the same program,
    /// questionnaire and day.
    pub(crate) fn merge(mut self, other: Tally) -> Tally {
        self.registered += other.registered;
        self.assessed += other.assessed;
        self.supported += other.supported;
        self.reassessed += other.reassessed;
        self.improved += other.improved;
        self.recent += other.recent;
        for (mine, theirs) in self.counts.iter_mut().zip(other.counts) {
            for (key, n) in theirs {
                *mine.entry(key).or_insert(0) += n;
            }
        }
        let add = |mine: &mut [usize], theirs: &[usize]| {
            mine.iter_mut().zip(theirs).for_each(|(a, b)| *a += b);
        };
        add(&mut self.baseline_levels, &other.baseline_levels);
        add(&mut self.latest_levels, &other.latest_levels);
        for (a, b) in self.profile_sum.iter_mut().zip(&other.profile_sum) {
            *a += b;
        }
        self.profile_count += other.profile_count;
        self.due.extend(other.due);
        for (day, n) in other.supported_days {
            *self.supported_days.entry(day).or_insert(0) += n;
        }
        self
    }

    /// The day these totals were counted for.
    pub fn today(&self) -> Date {
        self.today
    }

    /// Counts the enterprise at `index` in.
    pub fn add(&mut self, index: usize, s: &EnterpriseSummary) {
        self.count(index, s, true);
    }

    /// Takes the enterprise at `index` out again, as it was when it was added.
    pub fn remove(&mut self, index: usize, s: &EnterpriseSummary) {
        self.count(index, s, false);
    }

    fn count(&mut self, index: usize, s: &EnterpriseSummary, add: bool) {
        if s.archived {
            return;
        }
        let step = |n: &mut usize| {
            *n = if add { *n + 1 } else { n.saturating_sub(1) };
        };
        step(&mut self.registered);
        for (dimension, map) in Dimension::ALL.iter().zip(self.counts.iter_mut()) {
            let key = dimension.key(s);
            match map.get_mut(key.as_ref()) {
                Some(n) if add => *n += 1,
                Some(n) if *n > 1 => *n -= 1,
                Some(_) => {
                    map.remove(key.as_ref());
                }
                None if add => {
                    map.insert(key.into_owned(), 1);
                }
                None => {}
            }
        }
        if let Some(baseline) = &s.baseline
            && let Some(slot) = self.baseline_levels.get_mut(usize::from(baseline.level))
        {
            step(slot);
        }
        if let Some(latest) = &s.latest {
            step(&mut self.assessed);
            if let Some(slot) = self.latest_levels.get_mut(usize::from(latest.level)) {
                step(slot);
            }
            if latest.stage != Stage::Baseline {
                step(&mut self.reassessed);
                if s.baseline.as_ref().is_some_and(|b| latest.level > b.level) {
                    step(&mut self.improved);
                }
            }
            if let Some((id, pillars)) = &self.questionnaire
                && *id == latest.questionnaire
                && latest.pillar_points.len() == *pillars
            {
                for (sum, points) in self.profile_sum.iter_mut().zip(&latest.pillar_points) {
                    let points = u64::from(*points);
                    *sum = if add {
                        *sum + points
                    } else {
                        sum.saturating_sub(points)
                    };
                }
                self.profile_count = if add {
                    self.profile_count + 1
                } else {
                    self.profile_count.saturating_sub(1)
                };
            }
        }
        if let Some(since) = s.supported_since {
            step(&mut self.supported);
            let day = self.supported_days.entry(since).or_insert(0);
            step(day);
            if *day == 0 {
                self.supported_days.remove(&since);
            }
            if since >= self.recent_from && since <= self.today {
                step(&mut self.recent);
            }
            if let (Some(baseline), Some(latest)) = (&s.baseline, &s.latest)
                && latest.stage == Stage::Baseline
            {
                let day = local_date(baseline.completed);
                if day <= self.follow_up_due {
                    if add {
                        self.due.insert((day, index));
                    } else {
                        self.due.remove(&(day, index));
                    }
                }
            }
        }
    }

    /// The dashboard these totals make.
    pub fn dashboard(
        &self,
        program: &ProgramSettings,
        questionnaire: Option<&Questionnaire>,
    ) -> Dashboard {
        let today = self.today;
        let mut dashboard = Dashboard {
            target: program.target,
            today,
            registered: self.registered,
            assessed: self.assessed,
            supported: self.supported,
            reassessed: self.reassessed,
            improved: self.improved,
            pace_per_month: 0.0,
            recent_pace_per_month: 0.0,
            needed_per_month: None,
            projected_finish: None,
            projection_beyond_horizon: false,
            period: super::periods::PeriodResult {
                supported: 0,
                reached_on: None,
            },
            period_ended: false,
            bars: Dimension::ALL
                .iter()
                .zip(&self.counts)
                .map(|(dimension, map)| (*dimension, sorted_bars(*dimension, map)))
                .collect(),
            baseline_levels: self.baseline_levels.clone(),
            latest_levels: self.latest_levels.clone(),
            average_profile: Vec::new(),
            due_follow_up: self.due.iter().map(|(_, index)| *index).collect(),
        };
        if let Some(q) = questionnaire
            && self.profile_count > 0
        {
            dashboard.average_profile = q
                .pillars
                .iter()
                .zip(&self.profile_sum)
                .map(|(p, sum)| {
                    *sum as f64 / self.profile_count as f64 / f64::from(p.max_points.max(1))
                })
                .collect();
        }
        let ended = today > program.end;
        let counted_until = today.min(program.end);
        let days = self
            .supported_days
            .range(program.start..=counted_until)
            .flat_map(|(day, n)| std::iter::repeat_n(*day, *n));
        dashboard.period =
            super::periods::period_result(program.start, counted_until, program.target, days);
        dashboard.period_ended = ended;
        let in_period = f64::from(dashboard.period.supported);
        let elapsed = months_between(program.start, counted_until.max(program.start)).max(1.0);
        dashboard.pace_per_month = in_period / elapsed;
        dashboard.recent_pace_per_month = self.recent as f64 / 6.0;
        let remaining = f64::from(program.target) - in_period;
        if remaining > 0.0 && !ended {
            let months_left = months_between(today, program.end);
            if months_left > 0.0 {
                dashboard.needed_per_month = Some(remaining / months_left.max(1.0));
            }
            let pace = if dashboard.recent_pace_per_month > 0.0 {
                dashboard.recent_pace_per_month
            } else {
                dashboard.pace_per_month
            };
            if pace > 0.0 {
                // Compared in days before any date is made: a far finish (a huge
                // target at a slow pace) is past the calendar's range.
                let days = (remaining / pace * DAYS_PER_MONTH).ceil();
                let horizon =
                    today.saturating_add(jiff::Span::new().years(PROJECTION_HORIZON_YEARS));
                let horizon_days = (horizon - today).get_days();
                let finish = (days <= f64::from(horizon_days))
                    .then(|| today.checked_add(jiff::Span::new().days(days as i64)).ok())
                    .flatten();
                match finish {
                    Some(finish) => dashboard.projected_finish = Some(finish),
                    None => dashboard.projection_beyond_horizon = true,
                }
            }
        }
        dashboard
    }
}

/// The bars of one dimension: levels and sizes in their own order, the others
/// largest first.
fn sorted_bars(dimension: Dimension, counts: &BarCounts) -> Vec<Bar> {
    let mut bars: Vec<Bar> = counts
        .iter()
        .map(|(key, count)| Bar {
            key: key.clone(),
            count: *count,
        })
        .collect();
    match dimension {
        Dimension::Level => bars.sort_by(|a, b| a.key.cmp(&b.key)),
        Dimension::Size => {
            let rank = |key: &str| {
                SizeClass::ALL
                    .iter()
                    .position(|c| c.key() == key)
                    .unwrap_or(usize::MAX)
            };
            bars.sort_by(|a, b| {
                rank(&a.key)
                    .cmp(&rank(&b.key))
                    .then_with(|| a.key.cmp(&b.key))
            });
        }
        _ => bars.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key))),
    }
    bars
}
