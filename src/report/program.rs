//! The program report sent up to the province: progress against the target, pace
//! and projected finish, bars by place, sector, size, partner and level, levels at
//! baseline and now, and the table of every enterprise with its latest level.

use jiff::civil::Date;

use super::model::{Block, Report};
use crate::program::dashboard::{Dashboard, Dimension};
use crate::text::{Lang, collation_key, format_date, say as t};
use crate::workspace::Workspace;

/// The program report for everything in the workspace, as of `today`.
pub fn program_report(ws: &Workspace, lang: Lang, today: Date) -> Report {
    let q = ws.program_questionnaire();
    let d = Dashboard::compute(&ws.program, ws.enterprises(), ws.summaries(), q, today);
    let program = &ws.program;
    let mut blocks = vec![
        Block::Title(program.name.get(lang).to_owned()),
        Block::Paragraph(format!(
            "{} · {} – {} · {} {}",
            program.region.get(lang),
            format_date(program.start),
            format_date(program.end),
            t(lang, "số liệu đến ngày", "figures as of"),
            format_date(today)
        )),
        Block::Badge {
            text: format!(
                "{} / {} {}",
                d.supported,
                d.target,
                t(lang, "doanh nghiệp đã được hỗ trợ", "enterprises supported")
            ),
            level: if d.supported as u32 >= d.target { 5 } else { 3 },
        },
    ];
    let projected = d
        .projected_finish
        .map_or_else(|| "–".to_owned(), |day| day.strftime("%m/%Y").to_string());
    let needed = d.needed_per_month.map_or_else(
        || {
            t(
                lang,
                "không còn (đã đạt mục tiêu hoặc đã qua hạn)",
                "none (target met or end date passed)",
            )
        },
        |n| format!("{n:.1}"),
    );
    blocks.push(Block::Fields(vec![
        (
            t(lang, "Đã đăng ký", "Registered"),
            d.registered.to_string(),
        ),
        (t(lang, "Đã đánh giá", "Assessed"), d.assessed.to_string()),
        (t(lang, "Đã hỗ trợ", "Supported"), d.supported.to_string()),
        (
            t(lang, "Đã đánh giá lại", "Re-assessed"),
            d.reassessed.to_string(),
        ),
        (
            t(lang, "Tăng ít nhất một mức", "Improved a level"),
            d.improved.to_string(),
        ),
        (
            t(lang, "Tốc độ từ đầu chương trình", "Pace since the start"),
            format!(
                "{:.1} {}",
                d.pace_per_month,
                t(lang, "doanh nghiệp/tháng", "per month")
            ),
        ),
        (
            t(
                lang,
                "Tốc độ 6 tháng gần đây",
                "Pace over the last 6 months",
            ),
            format!(
                "{:.1} {}",
                d.recent_pace_per_month,
                t(lang, "doanh nghiệp/tháng", "per month")
            ),
        ),
        (
            t(
                lang,
                "Cần mỗi tháng để kịp hạn",
                "Needed per month to finish on time",
            ),
            needed,
        ),
        (
            t(
                lang,
                "Dự kiến đạt mục tiêu",
                "Projected to reach the target",
            ),
            projected,
        ),
    ]));
    for dimension in [
        Dimension::Place,
        Dimension::Sector,
        Dimension::Size,
        Dimension::Partner,
        Dimension::Level,
        Dimension::Edition,
    ] {
        blocks.push(Block::Heading(dimension.title(lang).to_owned()));
        let bars = d.bars(dimension);
        let max = bars.iter().map(|b| b.count).max().unwrap_or(0) as f64;
        blocks.push(Block::Bars {
            items: bars
                .iter()
                .map(|b| (dimension.label(&b.key, program, q, lang), b.count as f64))
                .collect(),
            max,
        });
    }
    blocks.push(Block::Heading(t(
        lang,
        "Phân bố mức: đầu kỳ và hiện tại",
        "Levels at baseline and now",
    )));
    blocks.push(Block::Table {
        header: vec![
            t(lang, "Mức", "Level"),
            t(lang, "Đầu kỳ (T0)", "Baseline (T0)"),
            t(lang, "Hiện tại", "Latest"),
        ],
        widths: vec![3.0, 1.5, 1.5],
        rows: d
            .baseline_levels
            .iter()
            .zip(&d.latest_levels)
            .enumerate()
            .map(|(level, (before, now))| {
                let name = q
                    .and_then(|q| q.level_name(level as u8))
                    .map(|n| n.get(lang).to_owned())
                    .unwrap_or_default();
                vec![
                    format!("{level} – {name}"),
                    before.to_string(),
                    now.to_string(),
                ]
            })
            .collect(),
    });
    blocks.push(Block::Heading(t(
        lang,
        "Danh sách doanh nghiệp",
        "All enterprises",
    )));
    let mut order: Vec<usize> = (0..ws.enterprises().len())
        .filter(|i| !ws.enterprises()[*i].archived)
        .collect();
    order.sort_by_cached_key(|i| collation_key(&ws.enterprises()[*i].name));
    let yes = t(lang, "Có", "Yes");
    blocks.push(Block::Table {
        header: vec![
            t(lang, "Tên doanh nghiệp", "Enterprise"),
            t(lang, "Mã số thuế", "Tax code"),
            t(lang, "Địa bàn", "Place"),
            t(lang, "Mức", "Level"),
            t(lang, "Hỗ trợ", "Supported"),
        ],
        widths: vec![4.2, 1.7, 2.0, 0.8, 0.9],
        rows: order
            .into_iter()
            .map(|i| {
                let (e, s) = (&ws.enterprises()[i], &ws.summaries()[i]);
                vec![
                    e.name.clone(),
                    e.tax_code.clone().unwrap_or_default(),
                    e.admin_unit
                        .as_deref()
                        .map(|id| program.unit_name(id).to_owned())
                        .unwrap_or_default(),
                    s.latest
                        .as_ref()
                        .map_or("–".into(), |a| a.level.to_string()),
                    if s.is_supported() {
                        yes.clone()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect(),
    });
    Report {
        title: program.name.get(lang).to_owned(),
        running_header: format!("{} · {}", program.name.get(lang), program.region.get(lang)),
        footer: format!(
            "{}: {}",
            t(lang, "Ngày lập", "Generated"),
            format_date(today)
        ),
        page_word: t(lang, "Trang", "Page"),
        blocks,
    }
}
