//! The enterprise summary a consultant leaves with the business: profile, result,
//! radar chart, change since the baseline, recommendations, support so far and a
//! signature block.

use jiff::civil::Date;

use super::ReportError;
use super::model::{Block, RadarSeries, Report};
use crate::enterprise::{Enterprise, Stage};
use crate::questionnaire::score;
use crate::text::{Lang, format_date, local_date, say as t};
use crate::workspace::Workspace;

/// "Notes": which edition scored the assessment, a change of edition since the
/// baseline, and the criteria whose points are provisional, with their rules.
fn notes_blocks(
    q: &crate::questionnaire::Questionnaire,
    latest: &crate::enterprise::Assessment,
    baseline: Option<&crate::enterprise::Assessment>,
    lang: Lang,
) -> Vec<Block> {
    let mut notes = vec![match lang {
        Lang::Vi => format!(
            "Đánh giá này được tính điểm theo ấn bản {} của bộ câu hỏi {}.",
            latest.questionnaire_version, latest.questionnaire
        ),
        Lang::En => format!(
            "This assessment is scored with edition {} of questionnaire {}.",
            latest.questionnaire_version, latest.questionnaire
        ),
    }];
    if let Some(b) = baseline
        && b.questionnaire_version != latest.questionnaire_version
    {
        notes.push(match lang {
            Lang::Vi => format!(
                "Đánh giá đầu kỳ dùng ấn bản {}, mỗi lần được tính theo ấn bản của mình; mức chung so sánh được, còn điểm từng tiêu chí thì không so sánh trực tiếp.",
                b.questionnaire_version
            ),
            Lang::En => format!(
                "The baseline used edition {}; each is scored with its own edition. Overall levels compare; points of single criteria do not compare directly.",
                b.questionnaire_version
            ),
        });
    }
    // One line per distinct rule, with the criteria that follow it.
    let mut rules: Vec<(String, Vec<String>)> = Vec::new();
    for (_, question) in q.questions() {
        let Some(rule) = &question.provisional else {
            continue;
        };
        let name = question
            .number
            .clone()
            .unwrap_or_else(|| question.id.clone());
        let rule = rule.get(lang).to_owned();
        match rules.iter_mut().find(|(r, _)| *r == rule) {
            Some((_, criteria)) => criteria.push(name),
            None => rules.push((rule, vec![name])),
        }
    }
    for (rule, criteria) in rules {
        notes.push(format!(
            "◇ {} {}: {rule}",
            t(
                lang,
                "Điểm tạm tính ở tiêu chí",
                "Provisional points for criteria"
            ),
            criteria.join(", ")
        ));
    }
    let mut blocks = vec![Block::Heading(t(lang, "Ghi chú", "Notes"))];
    blocks.extend(notes.into_iter().map(Block::Paragraph));
    blocks
}

/// The summary of `enterprise`'s latest completed assessment.
pub fn enterprise_summary(
    ws: &Workspace,
    e: &Enterprise,
    lang: Lang,
    today: Date,
) -> Result<Report, ReportError> {
    let latest = e
        .latest_completed()
        .ok_or_else(|| ReportError::NoAssessment(e.name.clone()))?;
    let q = ws
        .questionnaire_for(latest)
        .map_err(|err| ReportError::Data(err.to_string()))?;
    let report = score(q, &latest.answers);
    let baseline = (latest.stage != Stage::Baseline)
        .then(|| e.baseline())
        .flatten()
        .filter(|b| b.questionnaire == latest.questionnaire)
        .and_then(|b| {
            ws.questionnaire_for(b)
                .ok()
                .map(|bq| (b, score(bq, &b.answers)))
        });
    let level_name = |level: u8| {
        q.level_name(level)
            .map(|n| n.get(lang).to_owned())
            .unwrap_or_default()
    };
    let none = "–".to_owned();
    let mut blocks = vec![Block::Title(e.name.clone())];
    let place = e
        .admin_unit
        .as_deref()
        .map(|id| ws.program.unit_name(id).to_owned());
    let address = match (e.address.is_empty(), &place) {
        (false, _) => e.address.clone(),
        (true, Some(place)) => place.clone(),
        (true, None) => none.clone(),
    };
    blocks.push(Block::Fields(vec![
        (
            t(lang, "Mã số thuế", "Tax code"),
            e.tax_code.clone().unwrap_or(none.clone()),
        ),
        (t(lang, "Địa chỉ", "Address"), address),
        (
            t(lang, "Ngành", "Sector"),
            e.sector_label(lang).unwrap_or(none.clone()),
        ),
        (
            t(lang, "Quy mô", "Size"),
            e.size_class().map_or(none.clone(), |c| c.label(lang)),
        ),
        (
            t(lang, "Đối tác đồng hành", "Partner"),
            e.partner.clone().unwrap_or(none.clone()),
        ),
        (
            t(lang, "Đánh giá", "Assessment"),
            format!(
                "{} · {}",
                latest.stage.name().get(lang),
                format_date(local_date(latest.completed.unwrap_or(latest.started)))
            ),
        ),
        (
            t(lang, "Bộ câu hỏi", "Questionnaire"),
            format!(
                "{} ({})",
                q.title.get(lang),
                crate::program::dashboard::edition_label(&q.id, &q.version, lang)
            ),
        ),
        (
            t(lang, "Người đánh giá", "Assessor"),
            // The person recorded on the assessment, else the enterprise's consultant.
            [Some(latest.assessor.as_str()), e.consultant.as_deref()]
                .into_iter()
                .flatten()
                .map(str::trim)
                .find(|name| !name.is_empty())
                .map_or_else(|| none.clone(), str::to_owned),
        ),
    ]));
    blocks.push(Block::Heading(t(lang, "Kết quả đánh giá", "Result")));
    blocks.push(Block::Badge {
        text: format!(
            "{} {} – {} · {}/{} {}",
            t(lang, "Mức", "Level"),
            report.level,
            level_name(report.level),
            report.total,
            report.max_points,
            t(lang, "điểm", "points")
        ),
        level: report.level,
    });
    let mut header = vec![
        t(lang, "Trụ cột", "Pillar"),
        t(lang, "Điểm", "Points"),
        t(lang, "Tỷ lệ", "Share"),
        t(lang, "Mức", "Level"),
    ];
    let mut widths = vec![4.0, 1.3, 1.1, 2.2];
    if baseline.is_some() {
        header.push(t(lang, "Thay đổi từ T0", "Change since T0"));
        widths.push(1.6);
    }
    let rows = q
        .pillars
        .iter()
        .zip(&report.pillars)
        .enumerate()
        .map(|(i, (pillar, result))| {
            let mut row = vec![
                pillar.name.get(lang).to_owned(),
                format!("{}/{}", result.points, result.max_points),
                crate::text::format_percent(result.share, 0, lang),
                format!("{} – {}", result.level, level_name(result.level)),
            ];
            if let Some((_, before)) = &baseline
                && let Some(b) = before.pillars.get(i)
            {
                row.push(match lang {
                    Lang::Vi => format!(
                        "{:+} (từ {} lên {})",
                        i64::from(result.points) - i64::from(b.points),
                        b.level,
                        result.level
                    ),
                    Lang::En => format!(
                        "{:+} ({} to {})",
                        i64::from(result.points) - i64::from(b.points),
                        b.level,
                        result.level
                    ),
                });
            }
            row
        })
        .collect();
    blocks.push(Block::Table {
        header,
        widths,
        rows,
    });
    let mut series = Vec::new();
    if let Some((b, before)) = &baseline {
        series.push(RadarSeries {
            label: format!(
                "{} ({})",
                b.stage.name().get(lang),
                format_date(local_date(b.completed.unwrap_or(b.started)))
            ),
            values: before.pillars.iter().map(|p| p.share).collect(),
            dashed: true,
        });
    }
    series.push(RadarSeries {
        label: latest.stage.name().get(lang).to_owned(),
        values: report.pillars.iter().map(|p| p.share).collect(),
        dashed: false,
    });
    blocks.push(Block::Radar {
        axes: q
            .pillars
            .iter()
            .map(|p| p.name.get(lang).to_owned())
            .collect(),
        series,
    });
    if let Some((_, before)) = &baseline {
        blocks.push(Block::Heading(t(
            lang,
            "Thay đổi so với đánh giá đầu kỳ",
            "Change since the baseline",
        )));
        blocks.push(Block::Paragraph(match lang {
            Lang::Vi => format!(
                "Tổng điểm từ {} lên {} ({:+}); mức chung từ {} ({}) lên {} ({}).",
                before.total,
                report.total,
                i64::from(report.total) - i64::from(before.total),
                before.level,
                level_name(before.level),
                report.level,
                level_name(report.level)
            ),
            Lang::En => format!(
                "Total from {} to {} ({:+}); overall level from {} ({}) to {} ({}).",
                before.total,
                report.total,
                i64::from(report.total) - i64::from(before.total),
                before.level,
                level_name(before.level),
                report.level,
                level_name(report.level)
            ),
        }));
    }
    blocks.push(Block::Heading(t(lang, "Khuyến nghị", "Recommendations")));
    for (pillar, result) in q.pillars.iter().zip(&report.pillars) {
        if let Some(text) = q.recommendation(&pillar.id, result.level) {
            blocks.push(Block::Paragraph(format!(
                "{} ({} {}): {}",
                pillar.name.get(lang),
                t(lang, "mức", "level"),
                result.level,
                text.get(lang)
            )));
        }
    }
    blocks.push(Block::Heading(t(
        lang,
        "Hoạt động hỗ trợ",
        "Support activities",
    )));
    if e.activities.is_empty() {
        blocks.push(Block::Paragraph(t(
            lang,
            "Chưa có hoạt động hỗ trợ nào.",
            "No support activity yet.",
        )));
    } else {
        blocks.push(Block::Table {
            header: vec![
                t(lang, "Ngày", "Date"),
                t(lang, "Hoạt động", "Activity"),
                t(lang, "Đối tác", "Partner"),
                t(lang, "Nền tảng / ghi chú", "Platform / note"),
            ],
            widths: vec![1.2, 2.2, 1.2, 3.0],
            rows: e
                .activities
                .iter()
                .map(|a| {
                    let detail = [a.platform.clone().unwrap_or_default(), a.note.clone()]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" · ");
                    vec![
                        format_date(a.date),
                        a.kind.name().get(lang).to_owned(),
                        a.partner.clone().unwrap_or(none.clone()),
                        detail,
                    ]
                })
                .collect(),
        });
    }
    blocks.extend(notes_blocks(
        q,
        latest,
        baseline.as_ref().map(|(b, _)| *b),
        lang,
    ));
    blocks.push(Block::Signatures(vec![
        t(lang, "Tư vấn viên", "Consultant"),
        t(lang, "Đại diện doanh nghiệp", "Enterprise representative"),
    ]));
    Ok(Report {
        title: e.name.clone(),
        running_header: format!(
            "{} · {}",
            ws.program.name.get(lang),
            ws.program.region.get(lang)
        ),
        footer: format!(
            "{}: {}",
            t(lang, "Ngày lập", "Generated"),
            format_date(today)
        ),
        page_word: t(lang, "Trang", "Page"),
        lang,
        blocks,
    })
}
