//! The program report sent up to the province: progress against the target, pace
//! and projected finish, bars by place, sector, size, partner and level, levels at
//! baseline and now, and the table of every enterprise with its latest level.

use jiff::civil::Date;

use super::model::{Block, Report};
use super::words;
use crate::program::ProgramSettings;
use crate::program::dashboard::{Dashboard, Dimension, past_period_sentence, progress_sentence};
use crate::questionnaire::Questionnaire;
use crate::text::{Lang, format_count, format_date, format_decimal, natural_collation_key};
use crate::workspace::Workspace;

/// The program report for everything in the workspace, as of `today`.
pub fn program_report(ws: &Workspace, lang: Lang, today: Date) -> Report {
    let q = ws.program_questionnaire();
    let d = Dashboard::compute(&ws.program, ws.summaries(), q, today);
    let program = &ws.program;
    let mut blocks = headline_blocks(program, &d, lang, today);
    blocks.push(progress_fields(&d, lang));
    blocks.extend(breakdown_blocks(&d, program, q, lang));
    blocks.extend(level_blocks(&d, q, lang));
    blocks.extend(places_to_review_blocks(ws, lang));
    blocks.extend(enterprise_list_blocks(ws, q, lang));
    super::framed(
        program,
        program.name.get(lang).to_owned(),
        lang,
        today,
        blocks,
    )
}

/// Name, region, dates, the period's count against the target, and how it goes.
fn headline_blocks(
    program: &ProgramSettings,
    d: &Dashboard,
    lang: Lang,
    today: Date,
) -> Vec<Block> {
    let count = |n: usize| format_count(n as u64, lang);
    let mut blocks = vec![
        Block::Title(program.name.get(lang).to_owned()),
        Block::Paragraph(format!(
            "{} · {} – {} · {} {}",
            program.region.get(lang),
            format_date(program.start),
            format_date(program.end),
            lang.pick("số liệu đến ngày", "figures as of"),
            format_date(today)
        )),
        Block::Badge {
            text: format!(
                "{} / {} {}",
                count(d.period.supported as usize),
                count(d.target as usize),
                lang.pick(
                    "doanh nghiệp được hỗ trợ trong giai đoạn",
                    "enterprises supported in the period"
                )
            ),
            level: if d.period.reached_on.is_some() { 5 } else { 3 },
        },
        Block::Paragraph(progress_sentence(d, program, lang)),
    ];
    for period in &program.past_periods {
        blocks.push(Block::Paragraph(format!(
            "{}: {}",
            lang.pick("Giai đoạn trước", "Earlier period"),
            past_period_sentence(period, lang)
        )));
    }
    blocks
}

/// The funnel, the pace, what is needed and when the target is reached.
fn progress_fields(d: &Dashboard, lang: Lang) -> Block {
    let count = |n: usize| format_count(n as u64, lang);
    let per_month = |v: f64| {
        format!(
            "{} {}",
            format_decimal(v, 1, lang),
            lang.pick("doanh nghiệp/tháng", "per month")
        )
    };
    let projected = match (d.projected_finish, d.projection_beyond_horizon) {
        (Some(day), _) => day.strftime("%m/%Y").to_string(),
        (None, true) => lang
            .pick(
                "quá 10 năm với tốc độ hiện nay",
                "over 10 years at this pace",
            )
            .to_owned(),
        (None, false) => "–".to_owned(),
    };
    let needed = match d.needed_per_month {
        Some(n) => per_month(n),
        None if d.period_ended => lang
            .pick(
                "không còn (giai đoạn đã kết thúc)",
                "none (the period has ended)",
            )
            .to_owned(),
        None => lang
            .pick("không còn (đã đạt mục tiêu)", "none (target met)")
            .to_owned(),
    };
    let fields = [
        (("Đã đăng ký", "Registered"), count(d.registered)),
        (("Đã đánh giá", "Assessed"), count(d.assessed)),
        (
            (
                "Đã hỗ trợ (từ đầu chương trình)",
                "Supported (since the program began)",
            ),
            count(d.supported),
        ),
        (("Đã đánh giá lại", "Re-assessed"), count(d.reassessed)),
        (
            ("Tăng ít nhất một mức", "Improved a level"),
            count(d.improved),
        ),
        (
            ("Tốc độ từ đầu giai đoạn", "Pace since the period began"),
            per_month(d.pace_per_month),
        ),
        (
            ("Tốc độ 6 tháng gần đây", "Pace over the last 6 months"),
            per_month(d.recent_pace_per_month),
        ),
        (
            (
                "Số doanh nghiệp cần hỗ trợ mỗi tháng để kịp hạn",
                "Enterprises to support each month to finish on time",
            ),
            needed,
        ),
        (
            ("Dự kiến đạt mục tiêu", "Projected to reach the target"),
            projected,
        ),
    ];
    super::labelled(lang, fields)
}

/// The most bars a chart of the program report draws before summing the rest.
const MAX_BARS: usize = 40;

/// A bar chart per dimension: place, sector, size, partner, level, edition.
fn breakdown_blocks(
    d: &Dashboard,
    program: &ProgramSettings,
    q: Option<&Questionnaire>,
    lang: Lang,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    for dimension in Dimension::ALL {
        // Provinces are shown when the program covers several.
        if dimension == Dimension::Province && !program.spans_provinces() {
            continue;
        }
        blocks.push(Block::Heading(dimension.title(lang).to_owned()));
        let bars = d.bars(dimension);
        let max = bars.iter().map(|b| b.count).max().unwrap_or(0) as f64;
        // A national program counts thousands of communes: the largest are
        // drawn, the rest summed in one bar.
        let (shown, rest) = bars.split_at(bars.len().min(MAX_BARS));
        let mut items: Vec<(String, f64)> = shown
            .iter()
            .map(|b| (dimension.label(&b.key, program, q, lang), b.count as f64))
            .collect();
        if !rest.is_empty() {
            let count: usize = rest.iter().map(|b| b.count).sum();
            let places = format_count(rest.len() as u64, lang);
            items.push((
                lang.pick(format!("{places} nơi khác"), format!("{places} others")),
                count as f64,
            ));
        }
        let max = items.iter().map(|(_, v)| *v).fold(max, f64::max);
        blocks.push(Block::Bars { items, max });
    }
    blocks
}

/// How many enterprises were at each level at baseline and are now.
fn level_blocks(d: &Dashboard, q: Option<&Questionnaire>, lang: Lang) -> Vec<Block> {
    let count = |n: usize| format_count(n as u64, lang);
    let heading = lang.pick(
        "Phân bố mức: đầu kỳ và hiện tại",
        "Levels at baseline and now",
    );
    let rows = d
        .baseline_levels
        .iter()
        .zip(&d.latest_levels)
        .enumerate()
        .map(|(level, (before, now))| {
            let name = q
                .and_then(|q| q.level_name(level as u8))
                .map(|n| n.get(lang).to_owned())
                .unwrap_or_default();
            vec![format!("{level} – {name}"), count(*before), count(*now)]
        })
        .collect();
    vec![
        Block::Heading(heading.to_owned()),
        Block::Table {
            header: words(
                lang,
                &[
                    ("Mức", "Level"),
                    ("Đầu kỳ (T0)", "Baseline (T0)"),
                    ("Hiện tại", "Latest"),
                ],
            ),
            widths: vec![3.0, 1.5, 1.5],
            rows,
        },
    ]
}

/// Enterprises recorded under a former district that was split, whose address
/// does not tell which new unit they belong to (none: no block).
fn places_to_review_blocks(ws: &Workspace, lang: Lang) -> Vec<Block> {
    let to_review: Vec<usize> = (0..ws.summaries().len())
        .filter(|i| {
            !ws.summaries()[*i].archived
                && ws.summaries()[*i]
                    .place
                    .starts_with(crate::program::places::REVIEW_PREFIX)
        })
        .collect();
    if to_review.is_empty() {
        return Vec::new();
    }
    let count = format_count(to_review.len() as u64, lang);
    let rows = to_review
        .iter()
        .filter_map(|i| {
            let e = ws.enterprises().get(*i)?;
            Some(vec![
                e.name.clone(),
                e.admin_unit
                    .as_deref()
                    .map(|id| ws.program.unit_name(id).to_owned())
                    .unwrap_or_default(),
                e.address.clone(),
            ])
        })
        .collect();
    vec![
        Block::Heading(lang.pick("Cần xem lại địa bàn", "Places to review").to_owned()),
        Block::Paragraph(lang.pick(
            format!(
                "{count} doanh nghiệp được ghi theo huyện cũ (nay thuộc nhiều xã, phường mới) mà địa chỉ không cho biết xã cũ nào; hãy chọn đơn vị mới trong hồ sơ."
            ),
            format!(
                "{count} enterprises are recorded under a former district (now in several new communes and wards), and their address names no former commune; choose the new unit in their profile."
            ),
        )),
        Block::Table {
            header: words(
                lang,
                &[
                    ("Tên doanh nghiệp", "Enterprise"),
                    ("Địa bàn cũ", "Former place"),
                    ("Địa chỉ", "Address"),
                ],
            ),
            widths: vec![3.5, 2.0, 4.0],
            rows,
        },
    ]
}

/// Every enterprise followed, in Vietnamese alphabetical order.
fn enterprise_list_blocks(ws: &Workspace, q: Option<&Questionnaire>, lang: Lang) -> Vec<Block> {
    let summaries = ws.summaries();
    let mut order: Vec<usize> = (0..summaries.len())
        .filter(|i| !summaries[*i].archived)
        .collect();
    order.sort_by_cached_key(|i| natural_collation_key(&summaries[*i].name));
    let yes = lang.pick("Có", "Yes");
    let rows = order
        .into_iter()
        .map(|i| {
            let s = &summaries[i];
            let place = match s.place.is_empty() {
                true => String::new(),
                false => Dimension::Place.label(&s.place, &ws.program, q, lang),
            };
            vec![
                s.name.clone(),
                s.tax_code.clone().unwrap_or_default(),
                place,
                s.latest
                    .as_ref()
                    .map_or("–".into(), |a| a.level.to_string()),
                if s.is_supported() { yes } else { "" }.to_owned(),
            ]
        })
        .collect();
    vec![
        Block::Heading(
            lang.pick("Danh sách doanh nghiệp", "All enterprises")
                .to_owned(),
        ),
        Block::Table {
            header: words(
                lang,
                &[
                    ("Tên doanh nghiệp", "Enterprise"),
                    ("Mã số thuế", "Tax code"),
                    ("Địa bàn", "Place"),
                    ("Mức", "Level"),
                    ("Hỗ trợ", "Supported"),
                ],
            ),
            widths: vec![4.2, 1.7, 2.0, 0.8, 0.9],
            rows,
        },
    ]
}
