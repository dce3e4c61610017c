//! The enterprise summary a consultant leaves with the business: profile, result,
//! radar chart, change since the baseline, recommendations, support so far and a
//! signature block.

use jiff::civil::Date;

use super::ReportError;
use super::model::{Block, RadarSeries, Report};
use super::words;
use crate::enterprise::field::ProfileField;
use crate::enterprise::{Assessment, Enterprise};
use crate::questionnaire::Questionnaire;
use crate::questionnaire::scoring::ScoreReport;
use crate::text::{Lang, format_date, local_date};
use crate::workspace::Workspace;

/// "Notes": which edition scored the assessment and which one the
/// recommendations come from, a change of edition since the baseline, and the
/// criteria whose points are provisional, with their rules.
fn notes_blocks(scored: &Scored) -> Vec<Block> {
    let (q, latest, lang) = (scored.q, scored.latest, scored.lang);
    let baseline = scored.baseline.as_ref().map(|(b, _)| *b);
    let mut notes = vec![lang.pick(
        format!(
            "Đánh giá này được tính điểm theo phiên bản {} của bộ câu hỏi “{}”.",
            latest.questionnaire_version,
            q.title.get(lang)
        ),
        format!(
            "This assessment is scored with edition {} of the questionnaire “{}”.",
            latest.questionnaire_version,
            q.title.get(lang)
        ),
    )];
    if scored.advice.version != q.version {
        notes.push(lang.pick(
            format!(
                "Khuyến nghị lấy theo phiên bản {}, dẫn các văn bản pháp luật đang có hiệu lực.",
                scored.advice.version
            ),
            format!(
                "The recommendations are those of edition {}, which cites the law in force.",
                scored.advice.version
            ),
        ));
    }
    if let Some(b) = baseline
        && b.questionnaire_version != latest.questionnaire_version
    {
        notes.push(lang.pick(
            format!(
                "Đánh giá đầu kỳ dùng phiên bản {}, mỗi lần được tính theo phiên bản của mình; mức chung so sánh được, còn điểm từng tiêu chí thì không so sánh trực tiếp.",
                b.questionnaire_version
            ),
            format!(
                "The baseline used edition {}; each is scored with its own edition. Overall levels compare; points of single criteria do not compare directly.",
                b.questionnaire_version
            ),
        ));
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
            lang.pick(
                "Điểm tạm tính ở tiêu chí",
                "Provisional points for criteria"
            )
            .to_owned(),
            criteria.join(", ")
        ));
    }
    let mut blocks = vec![Block::Heading(lang.pick("Ghi chú", "Notes").to_owned())];
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
    let results = ws
        .results(e.id, latest.id)
        .map_err(|err| ReportError::Data(err.to_string()))?;
    let baseline = results.baseline.and_then(|(id, report)| {
        e.assessments
            .iter()
            .find(|b| b.id == id)
            .map(|b| (b, report))
    });
    let advice = ws.advice_for(latest).map_or(&**q, |advice| &**advice);
    let scored = Scored {
        q,
        advice,
        latest,
        report: results.report,
        baseline,
        lang,
    };
    let mut blocks = vec![Block::Title(e.name.clone()), profile_fields(ws, e, &scored)];
    blocks.extend(result_blocks(&scored));
    blocks.extend(recommendation_blocks(&scored));
    blocks.extend(activity_blocks(e, lang));
    blocks.extend(notes_blocks(&scored));
    blocks.push(Block::Signatures(vec![
        lang.pick("Tư vấn viên", "Consultant").to_owned(),
        lang.pick("Đại diện doanh nghiệp", "Enterprise representative")
            .to_owned(),
    ]));
    Ok(super::framed(
        &ws.program,
        e.name.clone(),
        lang,
        today,
        blocks,
    ))
}

/// The assessment a summary is about, scored, with the baseline's score.
struct Scored<'a> {
    q: &'a Questionnaire,
    /// The edition whose recommendations are printed (`Workspace::advice_for`).
    advice: &'a Questionnaire,
    latest: &'a Assessment,
    report: ScoreReport,
    baseline: Option<(&'a Assessment, ScoreReport)>,
    lang: Lang,
}

impl Scored<'_> {
    fn level_name(&self, level: u8) -> String {
        self.q
            .level_name(level)
            .map(|n| n.get(self.lang).to_owned())
            .unwrap_or_default()
    }
}

/// The profile's fields marked for the summary ([`ProfileField::spec`]: tax
/// code, legal form, sector, address, place, partner), the size class, the
/// assessment, its edition and who made it.
fn profile_fields(ws: &Workspace, e: &Enterprise, scored: &Scored) -> Block {
    let (lang, latest, q) = (scored.lang, scored.latest, scored.q);
    let none = || "–".to_owned();
    let or_none = |value: String| {
        if value.trim().is_empty() {
            none()
        } else {
            value
        }
    };
    let place_names = |id: &str| ws.program.unit_name(id).to_owned();
    let mut fields: Vec<((&str, &str), String)> = ProfileField::ALL
        .into_iter()
        .filter(|field| field.spec().on_summary)
        .map(|field| {
            (
                field.spec().label,
                or_none(field.shown(e, lang, &place_names)),
            )
        })
        .collect();
    // The person recorded on the assessment, else the enterprise's consultant.
    let assessor = [Some(latest.assessor.as_str()), e.consultant.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|name| !name.is_empty())
        .map_or_else(none, str::to_owned);
    fields.extend([
        (
            ("Quy mô", "Size"),
            e.size_class().map_or_else(none, |c| c.label(lang)),
        ),
        (
            ("Đánh giá", "Assessment"),
            format!(
                "{} · {}",
                latest.stage.name().get(lang),
                format_date(local_date(latest.completed.unwrap_or(latest.started)))
            ),
        ),
        (
            ("Bộ câu hỏi", "Questionnaire"),
            format!(
                "{} ({})",
                q.title.get(lang),
                crate::program::dashboard::version_label(&q.version, lang)
            ),
        ),
        (("Người đánh giá", "Assessor"), assessor),
    ]);
    super::labelled(lang, fields)
}

/// The level and points, the table per pillar (with the change since the
/// baseline), the radar chart, and the change in words.
fn result_blocks(scored: &Scored) -> Vec<Block> {
    let (lang, q, report) = (scored.lang, scored.q, &scored.report);
    let mut blocks = vec![
        Block::Heading(lang.pick("Kết quả đánh giá", "Result").to_owned()),
        Block::Badge {
            text: format!(
                "{} {} – {} · {}/{} {}",
                lang.pick("Mức", "Level"),
                report.level,
                scored.level_name(report.level),
                report.total,
                report.max_points,
                lang.pick("điểm", "points")
            ),
            level: report.level,
        },
    ];
    let mut header = words(
        lang,
        &[
            ("Trụ cột", "Pillar"),
            ("Điểm", "Points"),
            ("Tỷ lệ", "Share"),
            ("Mức", "Level"),
        ],
    );
    let mut widths = vec![4.0, 1.3, 1.1, 2.2];
    if scored.baseline.is_some() {
        header.push(lang.pick("Thay đổi từ T0", "Change since T0").to_owned());
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
                format!("{} – {}", result.level, scored.level_name(result.level)),
            ];
            if let Some((_, before)) = &scored.baseline
                && let Some(b) = before.pillars.get(i)
            {
                let delta = i64::from(result.points) - i64::from(b.points);
                row.push(format!(
                    "{delta:+} ({})",
                    level_change(b.level, result.level, lang)
                ));
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
    if let Some((b, before)) = &scored.baseline {
        series.push(RadarSeries {
            label: dated_stage(b, lang),
            values: before.pillars.iter().map(|p| p.share).collect(),
            dashed: true,
        });
    }
    series.push(RadarSeries {
        label: dated_stage(scored.latest, lang),
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
    if let Some((_, before)) = &scored.baseline {
        let delta = i64::from(report.total) - i64::from(before.total);
        let (from, to) = (before.total, report.total);
        let (was, now) = (
            format!("{} ({})", before.level, scored.level_name(before.level)),
            format!("{} ({})", report.level, scored.level_name(report.level)),
        );
        blocks.push(Block::Heading(
            lang.pick(
                "Thay đổi so với đánh giá đầu kỳ",
                "Change since the baseline",
            )
            .to_owned(),
        ));
        blocks.push(Block::Paragraph(lang.pick(
            format!("Tổng điểm từ {from} lên {to} ({delta:+}); mức chung từ {was} lên {now}."),
            format!("Total from {from} to {to} ({delta:+}); overall level from {was} to {now}."),
        )));
    }
    blocks
}

/// A pillar's level then and now, in words: "từ 2 lên 3", "giữ mức 2".
fn level_change(from: u8, to: u8, lang: Lang) -> String {
    match from.cmp(&to) {
        std::cmp::Ordering::Less => {
            lang.pick(format!("từ {from} lên {to}"), format!("{from} to {to}"))
        }
        std::cmp::Ordering::Equal => lang.pick(format!("giữ mức {to}"), format!("stays at {to}")),
        std::cmp::Ordering::Greater => lang.pick(
            format!("từ {from} xuống {to}"),
            format!("{from} down to {to}"),
        ),
    }
}

/// An assessment's stage and the day it was completed, for the chart's legend:
/// "Đánh giá đầu kỳ (T0), 10/12/2024".
fn dated_stage(a: &Assessment, lang: Lang) -> String {
    format!(
        "{}, {}",
        a.stage.name().get(lang),
        format_date(local_date(a.completed.unwrap_or(a.started)))
    )
}

/// Each pillar's recommendation at the level it reached.
fn recommendation_blocks(scored: &Scored) -> Vec<Block> {
    let (lang, q) = (scored.lang, scored.q);
    let mut blocks = vec![Block::Heading(
        lang.pick("Khuyến nghị", "Recommendations").to_owned(),
    )];
    for (pillar, result) in q.pillars.iter().zip(&scored.report.pillars) {
        if let Some(text) = scored.advice.recommendation(&pillar.id, result.level) {
            blocks.push(Block::Paragraph(format!(
                "{} ({} {}): {}",
                pillar.name.get(lang),
                lang.pick("mức", "level"),
                result.level,
                text.get(lang)
            )));
        }
    }
    blocks
}

/// The support activities recorded, as a table (or a line saying there are none).
fn activity_blocks(e: &Enterprise, lang: Lang) -> Vec<Block> {
    let heading = Block::Heading(
        lang.pick("Hoạt động hỗ trợ", "Support activities")
            .to_owned(),
    );
    if e.activities.is_empty() {
        let none = lang.pick("Chưa có hoạt động hỗ trợ nào.", "No support activity yet.");
        return vec![heading, Block::Paragraph(none.to_owned())];
    }
    let header = words(
        lang,
        &[
            ("Ngày", "Date"),
            ("Hoạt động", "Activity"),
            ("Đối tác", "Partner"),
            ("Nền tảng / ghi chú", "Platform / note"),
        ],
    );
    let rows = e
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
                a.partner.clone().unwrap_or_else(|| "–".to_owned()),
                detail,
            ]
        })
        .collect();
    let table = Block::Table {
        header,
        widths: vec![1.2, 2.2, 1.2, 3.0],
        rows,
    };
    vec![heading, table]
}
