//! The program report sent up to the province: progress against the target, pace
//! and projected finish, bars by place, sector, size, partner and level, levels at
//! baseline and now, and the table of every enterprise with its latest level.

use jiff::civil::Date;

use super::model::{Block, Report};
use crate::program::dashboard::{Dashboard, Dimension, past_period_sentence, progress_sentence};
use crate::text::{Lang, collation_key, format_count, format_date, format_decimal};
use crate::workspace::Workspace;

/// The program report for everything in the workspace, as of `today`.
pub fn program_report(ws: &Workspace, lang: Lang, today: Date) -> Report {
    let count = |n: usize| format_count(n as u64, lang);
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
            lang.pick("số liệu đến ngày", "figures as of").to_owned(),
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
                .to_owned()
            ),
            level: if d.period.reached_on.is_some() { 5 } else { 3 },
        },
        Block::Paragraph(progress_sentence(&d, program, lang)),
    ];
    for period in &program.past_periods {
        blocks.push(Block::Paragraph(format!(
            "{}: {}",
            lang.pick("Giai đoạn trước", "Earlier period").to_owned(),
            past_period_sentence(period, lang)
        )));
    }
    let per_month = |v: f64| {
        format!(
            "{} {}",
            format_decimal(v, 1, lang),
            lang.pick("doanh nghiệp/tháng", "per month").to_owned()
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
    blocks.push(Block::Fields(vec![
        (
            lang.pick("Đã đăng ký", "Registered").to_owned(),
            count(d.registered),
        ),
        (
            lang.pick("Đã đánh giá", "Assessed").to_owned(),
            count(d.assessed),
        ),
        (
            lang.pick(
                "Đã hỗ trợ (từ đầu chương trình)",
                "Supported (since the program began)",
            )
            .to_owned(),
            count(d.supported),
        ),
        (
            lang.pick("Đã đánh giá lại", "Re-assessed").to_owned(),
            count(d.reassessed),
        ),
        (
            lang.pick("Tăng ít nhất một mức", "Improved a level")
                .to_owned(),
            count(d.improved),
        ),
        (
            lang.pick("Tốc độ từ đầu giai đoạn", "Pace since the period began")
                .to_owned(),
            per_month(d.pace_per_month),
        ),
        (
            lang.pick("Tốc độ 6 tháng gần đây", "Pace over the last 6 months")
                .to_owned(),
            per_month(d.recent_pace_per_month),
        ),
        (
            lang.pick(
                "Cần mỗi tháng để kịp hạn",
                "Needed per month to finish on time",
            )
            .to_owned(),
            needed,
        ),
        (
            lang.pick("Dự kiến đạt mục tiêu", "Projected to reach the target")
                .to_owned(),
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
    blocks.push(Block::Heading(
        lang.pick(
            "Phân bố mức: đầu kỳ và hiện tại",
            "Levels at baseline and now",
        )
        .to_owned(),
    ));
    blocks.push(Block::Table {
        header: vec![
            lang.pick("Mức", "Level").to_owned(),
            lang.pick("Đầu kỳ (T0)", "Baseline (T0)").to_owned(),
            lang.pick("Hiện tại", "Latest").to_owned(),
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
                vec![format!("{level} – {name}"), count(*before), count(*now)]
            })
            .collect(),
    });
    let to_review: Vec<usize> = (0..ws.enterprises().len())
        .filter(|i| {
            !ws.enterprises()[*i].archived
                && ws.summaries()[*i]
                    .place
                    .starts_with(crate::program::places::REVIEW_PREFIX)
        })
        .collect();
    if !to_review.is_empty() {
        blocks.push(Block::Heading(
            lang.pick("Cần xem lại địa bàn", "Places to review")
                .to_owned(),
        ));
        blocks.push(Block::Paragraph(lang.pick(format!(
                "{} doanh nghiệp được ghi theo huyện cũ đã tách thành nhiều xã, phường mới, và địa chỉ không cho biết xã cũ nào; hãy chọn đơn vị mới trong hồ sơ.",
                count(to_review.len())
            ), format!(
                "{} enterprises are recorded under a former district now split into several communes and wards, and their address names no former commune; choose the new unit in their profile.",
                count(to_review.len())
            ))));
        blocks.push(Block::Table {
            header: vec![
                lang.pick("Tên doanh nghiệp", "Enterprise").to_owned(),
                lang.pick("Địa bàn cũ", "Former place").to_owned(),
                lang.pick("Địa chỉ", "Address").to_owned(),
            ],
            widths: vec![3.5, 2.0, 4.0],
            rows: to_review
                .iter()
                .map(|i| {
                    let e = &ws.enterprises()[*i];
                    vec![
                        e.name.clone(),
                        e.admin_unit
                            .as_deref()
                            .map(|id| program.unit_name(id).to_owned())
                            .unwrap_or_default(),
                        e.address.clone(),
                    ]
                })
                .collect(),
        });
    }
    blocks.push(Block::Heading(
        lang.pick("Danh sách doanh nghiệp", "All enterprises")
            .to_owned(),
    ));
    let mut order: Vec<usize> = (0..ws.enterprises().len())
        .filter(|i| !ws.enterprises()[*i].archived)
        .collect();
    order.sort_by_cached_key(|i| collation_key(&ws.enterprises()[*i].name));
    let yes = lang.pick("Có", "Yes").to_owned();
    blocks.push(Block::Table {
        header: vec![
            lang.pick("Tên doanh nghiệp", "Enterprise").to_owned(),
            lang.pick("Mã số thuế", "Tax code").to_owned(),
            lang.pick("Địa bàn", "Place").to_owned(),
            lang.pick("Mức", "Level").to_owned(),
            lang.pick("Hỗ trợ", "Supported").to_owned(),
        ],
        widths: vec![4.2, 1.7, 2.0, 0.8, 0.9],
        rows: order
            .into_iter()
            .map(|i| {
                let (e, s) = (&ws.enterprises()[i], &ws.summaries()[i]);
                vec![
                    e.name.clone(),
                    e.tax_code.clone().unwrap_or_default(),
                    if s.place.is_empty() {
                        String::new()
                    } else {
                        Dimension::Place.label(&s.place, program, q, lang)
                    },
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
            lang.pick("Ngày lập", "Generated").to_owned(),
            format_date(today)
        ),
        page_word: lang.pick("Trang", "Page").to_owned(),
        lang,
        blocks,
    }
}
