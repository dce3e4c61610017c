//! The two export tables: one row per enterprise, one row per assessment.

use crate::enterprise::Mode;
use crate::enterprise::{Assessment, Enterprise};
use crate::program::ProgramSettings;
use crate::program::summary::EnterpriseSummary;
use crate::questionnaire::{Questionnaire, Registry, ScoreReport, score};
use crate::text::{Lang, format_date, local_date};

/// A spreadsheet cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<Option<String>> for Cell {
    fn from(value: Option<String>) -> Cell {
        value
            .filter(|s| !s.is_empty())
            .map_or(Cell::Empty, Cell::Text)
    }
}

/// A table with its sheet name (XLSX) and file suffix (the second CSV file).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub sheet_name: String,
    pub file_suffix: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn text(s: &str) -> Cell {
    Cell::from(Some(s.to_owned()))
}

fn number<T: Into<f64>>(n: Option<T>) -> Cell {
    n.map_or(Cell::Empty, |n| Cell::Number(n.into()))
}

/// Pillar names of the program's questionnaire, for the per-pillar columns.
/// What the tables are made from: the program, its questionnaires, and every
/// enterprise with its summary (in the same order), as a workspace holds them.
#[derive(Clone, Copy)]
pub struct TableSource<'a> {
    pub program: &'a ProgramSettings,
    pub questionnaires: &'a Registry,
    pub enterprises: &'a [Enterprise],
    pub summaries: &'a [EnterpriseSummary],
}

impl TableSource<'_> {
    /// The newest version of the program's questionnaire (its pillars name the columns).
    fn program_questionnaire(&self) -> Option<&Questionnaire> {
        self.questionnaires
            .latest(&self.program.default_questionnaire)
            .map(|q| &**q)
    }

    /// An assessment scored with the questionnaire version it was made with.
    fn score(&self, a: &Assessment) -> Option<ScoreReport> {
        self.questionnaires
            .get(&a.questionnaire, &a.questionnaire_version)
            .map(|q| score(q, &a.answers))
    }
}

fn pillar_names(ws: &TableSource, lang: Lang) -> Vec<String> {
    ws.program_questionnaire()
        .map(|q| {
            q.pillars
                .iter()
                .map(|p| p.name.get(lang).to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// One row per enterprise (archived ones included, and marked).
pub fn enterprise_table(ws: &TableSource, lang: Lang, anonymise: bool) -> Table {
    let pillars = pillar_names(ws, lang);
    let mut headers = vec![lang.pick("Mã hồ sơ", "Record id").to_owned()];
    if !anonymise {
        headers.extend([
            lang.pick("Tên doanh nghiệp", "Enterprise").to_owned(),
            lang.pick("Mã số thuế", "Tax code").to_owned(),
        ]);
    }
    headers.extend([
        lang.pick("Loại hình", "Legal form").to_owned(),
        lang.pick("Ngành (VSIC)", "Sector (VSIC)").to_owned(),
        lang.pick("Quy mô", "Size class").to_owned(),
        lang.pick("Lao động", "Staff").to_owned(),
        lang.pick("Doanh thu (tỷ đồng)", "Revenue (billion VND)")
            .to_owned(),
        lang.pick("Nguồn vốn (tỷ đồng)", "Capital (billion VND)")
            .to_owned(),
        lang.pick("Năm số liệu", "Figures year").to_owned(),
    ]);
    if !anonymise {
        headers.push(lang.pick("Địa chỉ", "Address").to_owned());
    }
    headers.push(lang.pick("Địa bàn", "Place").to_owned());
    headers.push(
        lang.pick("Địa bàn theo đơn vị hiện hành", "Place by today's units")
            .to_owned(),
    );
    if !anonymise {
        headers.extend([
            lang.pick("Người liên hệ", "Contact person").to_owned(),
            lang.pick("Điện thoại", "Phone").to_owned(),
            lang.pick("Thư điện tử", "E-mail").to_owned(),
            lang.pick("Đồng ý dữ liệu cá nhân", "Personal-data consent")
                .to_owned(),
            lang.pick("Tư vấn viên", "Consultant").to_owned(),
        ]);
    }
    headers.extend([
        lang.pick("Đối tác", "Partner").to_owned(),
        lang.pick("Đã hỗ trợ", "Supported").to_owned(),
        lang.pick("Hỗ trợ từ ngày", "Supported since").to_owned(),
        lang.pick("Lưu trữ", "Archived").to_owned(),
        lang.pick("Mức đầu kỳ (T0)", "Baseline level (T0)")
            .to_owned(),
        lang.pick("Điểm đầu kỳ (T0)", "Baseline points (T0)")
            .to_owned(),
        lang.pick("Mức mới nhất", "Latest level").to_owned(),
        lang.pick("Điểm mới nhất", "Latest points").to_owned(),
        lang.pick("Lần đánh giá mới nhất", "Latest assessment")
            .to_owned(),
        lang.pick("Phiên bản bộ câu hỏi T0", "Questionnaire edition T0")
            .to_owned(),
        lang.pick(
            "Phiên bản bộ câu hỏi mới nhất",
            "Questionnaire edition latest",
        )
        .to_owned(),
    ]);
    for name in &pillars {
        headers.push(format!("{name} · T0"));
    }
    for name in &pillars {
        headers.push(format!(
            "{name} · {}",
            lang.pick("mới nhất", "latest").to_owned()
        ));
    }
    let yes = lang.pick("Có", "Yes").to_owned();
    let rows = ws
        .enterprises
        .iter()
        .zip(ws.summaries)
        .map(|(e, s)| {
            let mut row = vec![text(&e.id.to_string())];
            if !anonymise {
                row.extend([text(&e.name), Cell::from(e.tax_code.clone())]);
            }
            row.extend([
                Cell::from(e.legal_form.map(|f| f.name().get(lang).to_owned())),
                Cell::from(e.sector.as_ref().map(|s| s.section.clone())),
                Cell::from(s.size_class.map(|c| c.label(lang))),
                number(e.size.staff),
                number(e.size.revenue_billion),
                number(e.size.capital_billion),
                number(e.size.year),
            ]);
            if !anonymise {
                row.push(text(&e.address));
            }
            row.push(Cell::from(
                e.admin_unit
                    .as_deref()
                    .map(|id| ws.program.unit_name(id).to_owned()),
            ));
            row.push(Cell::from((!s.place.is_empty()).then(|| {
                crate::program::dashboard::Dimension::Place.label(&s.place, ws.program, None, lang)
            })));
            if !anonymise {
                // A person's data only where consent to hold it is recorded.
                let shared = e.may_share_contacts();
                let contact = |value: &str| if shared { text(value) } else { text("") };
                row.extend([
                    contact(&e.contact.person),
                    contact(&e.contact.phone),
                    contact(&e.contact.email),
                    Cell::from(
                        e.consent
                            .as_ref()
                            .map(|c| c.describe().get(lang).to_owned()),
                    ),
                    Cell::from(e.consultant.clone()),
                ]);
            }
            row.extend([
                Cell::from(e.partner.clone()),
                Cell::from(s.is_supported().then(|| yes.clone())),
                Cell::from(s.supported_since.map(format_date)),
                Cell::from(e.archived.then(|| yes.clone())),
                number(s.baseline.as_ref().map(|a| a.level)),
                number(s.baseline.as_ref().map(|a| a.total)),
                number(s.latest.as_ref().map(|a| a.level)),
                number(s.latest.as_ref().map(|a| a.total)),
                Cell::from(
                    s.latest
                        .as_ref()
                        .map(|a| format_date(local_date(a.completed))),
                ),
                Cell::from(s.baseline.as_ref().map(|a| a.questionnaire_version.clone())),
                Cell::from(s.latest.as_ref().map(|a| a.questionnaire_version.clone())),
            ]);
            for summary in [&s.baseline, &s.latest] {
                for i in 0..pillars.len() {
                    row.push(number(
                        summary
                            .as_ref()
                            .and_then(|a| a.pillar_points.get(i).copied()),
                    ));
                }
            }
            row
        })
        .collect();
    Table {
        sheet_name: lang.pick("Doanh nghiệp", "Enterprises").to_owned(),
        file_suffix: "enterprises".into(),
        headers,
        rows,
    }
}

/// One row per assessment, drafts included (marked), scored with their own version.
pub fn assessment_table(ws: &TableSource, lang: Lang, anonymise: bool) -> Table {
    let pillars = pillar_names(ws, lang);
    let mut headers = vec![lang.pick("Mã hồ sơ", "Record id").to_owned()];
    if !anonymise {
        headers.push(lang.pick("Tên doanh nghiệp", "Enterprise").to_owned());
    }
    headers.extend([
        lang.pick("Mã đánh giá", "Assessment id").to_owned(),
        lang.pick("Lần", "Stage").to_owned(),
        lang.pick("Hình thức", "Mode").to_owned(),
        lang.pick("Bộ câu hỏi", "Questionnaire").to_owned(),
        lang.pick("Phiên bản", "Version").to_owned(),
    ]);
    if !anonymise {
        headers.push(lang.pick("Người đánh giá", "Assessor").to_owned());
    }
    headers.extend([
        lang.pick("Bắt đầu", "Started").to_owned(),
        lang.pick("Hoàn thành", "Completed").to_owned(),
        lang.pick("Tổng điểm", "Total points").to_owned(),
        lang.pick("Mức", "Level").to_owned(),
        lang.pick("Số câu đã trả lời", "Questions answered")
            .to_owned(),
    ]);
    headers.extend(pillars.iter().cloned());
    let mut rows = Vec::new();
    for e in ws.enterprises {
        for a in &e.assessments {
            let report = ws.score(a);
            let mut row = vec![text(&e.id.to_string())];
            if !anonymise {
                row.push(text(&e.name));
            }
            row.extend([
                text(&a.id.to_string()),
                text(&a.stage.code()),
                text(&match a.mode {
                    Mode::ConsultantLed => lang
                        .pick("Tư vấn viên thực hiện", "Consultant-led")
                        .to_owned(),
                    Mode::SelfAssessment => lang.pick("Tự đánh giá", "Self-assessment").to_owned(),
                }),
                text(&a.questionnaire),
                text(&a.questionnaire_version),
            ]);
            if !anonymise {
                row.push(text(&a.assessor));
            }
            row.extend([
                text(&format_date(local_date(a.started))),
                Cell::from(a.completed.map(|c| format_date(local_date(c)))),
                number(report.as_ref().map(|r| r.total)),
                number(
                    report
                        .as_ref()
                        .filter(|_| a.is_completed())
                        .map(|r| r.level),
                ),
                Cell::Number(a.answers.len() as f64),
            ]);
            for i in 0..pillars.len() {
                row.push(number(
                    report
                        .as_ref()
                        .and_then(|r| r.pillars.get(i))
                        .map(|p| p.points),
                ));
            }
            rows.push(row);
        }
    }
    Table {
        sheet_name: lang.pick("Đánh giá", "Assessments").to_owned(),
        file_suffix: "assessments".into(),
        headers,
        rows,
    }
}
