//! The two export tables: one row per enterprise, one row per assessment.

use crate::enterprise::Mode;
use crate::enterprise::{Assessment, Enterprise};
use crate::program::ProgramSettings;
use crate::program::summary::EnterpriseSummary;
use crate::questionnaire::{Questionnaire, Registry, ScoreReport, score};
use crate::text::{Lang, format_date, local_date, say as t};

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
    let mut headers = vec![t(lang, "Mã hồ sơ", "Record id")];
    if !anonymise {
        headers.extend([
            t(lang, "Tên doanh nghiệp", "Enterprise"),
            t(lang, "Mã số thuế", "Tax code"),
        ]);
    }
    headers.extend([
        t(lang, "Loại hình", "Legal form"),
        t(lang, "Ngành (VSIC)", "Sector (VSIC)"),
        t(lang, "Quy mô", "Size class"),
        t(lang, "Lao động", "Staff"),
        t(lang, "Doanh thu (tỷ đồng)", "Revenue (billion VND)"),
        t(lang, "Nguồn vốn (tỷ đồng)", "Capital (billion VND)"),
        t(lang, "Năm số liệu", "Figures year"),
    ]);
    if !anonymise {
        headers.push(t(lang, "Địa chỉ", "Address"));
    }
    headers.push(t(lang, "Địa bàn", "Place"));
    headers.push(t(
        lang,
        "Địa bàn theo đơn vị hiện hành",
        "Place by today's units",
    ));
    if !anonymise {
        headers.extend([
            t(lang, "Người liên hệ", "Contact person"),
            t(lang, "Điện thoại", "Phone"),
            t(lang, "Email", "E-mail"),
            t(lang, "Tư vấn viên", "Consultant"),
        ]);
    }
    headers.extend([
        t(lang, "Đối tác", "Partner"),
        t(lang, "Đã hỗ trợ", "Supported"),
        t(lang, "Hỗ trợ từ ngày", "Supported since"),
        t(lang, "Lưu trữ", "Archived"),
        t(lang, "Mức đầu kỳ (T0)", "Baseline level (T0)"),
        t(lang, "Điểm đầu kỳ (T0)", "Baseline points (T0)"),
        t(lang, "Mức mới nhất", "Latest level"),
        t(lang, "Điểm mới nhất", "Latest points"),
        t(lang, "Lần đánh giá mới nhất", "Latest assessment"),
        t(lang, "Ấn bản bộ câu hỏi T0", "Questionnaire edition T0"),
        t(
            lang,
            "Ấn bản bộ câu hỏi mới nhất",
            "Questionnaire edition latest",
        ),
    ]);
    for name in &pillars {
        headers.push(format!("{name} · T0"));
    }
    for name in &pillars {
        headers.push(format!("{name} · {}", t(lang, "mới nhất", "latest")));
    }
    let yes = t(lang, "Có", "Yes");
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
                row.extend([
                    text(&e.contact.person),
                    text(&e.contact.phone),
                    text(&e.contact.email),
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
        sheet_name: t(lang, "Doanh nghiệp", "Enterprises"),
        file_suffix: "enterprises".into(),
        headers,
        rows,
    }
}

/// One row per assessment, drafts included (marked), scored with their own version.
pub fn assessment_table(ws: &TableSource, lang: Lang, anonymise: bool) -> Table {
    let pillars = pillar_names(ws, lang);
    let mut headers = vec![t(lang, "Mã hồ sơ", "Record id")];
    if !anonymise {
        headers.push(t(lang, "Tên doanh nghiệp", "Enterprise"));
    }
    headers.extend([
        t(lang, "Mã đánh giá", "Assessment id"),
        t(lang, "Lần", "Stage"),
        t(lang, "Hình thức", "Mode"),
        t(lang, "Bộ câu hỏi", "Questionnaire"),
        t(lang, "Phiên bản", "Version"),
    ]);
    if !anonymise {
        headers.push(t(lang, "Người đánh giá", "Assessor"));
    }
    headers.extend([
        t(lang, "Bắt đầu", "Started"),
        t(lang, "Hoàn thành", "Completed"),
        t(lang, "Tổng điểm", "Total points"),
        t(lang, "Mức", "Level"),
        t(lang, "Số câu đã trả lời", "Questions answered"),
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
                    Mode::ConsultantLed => t(lang, "Tư vấn viên thực hiện", "Consultant-led"),
                    Mode::SelfAssessment => t(lang, "Tự đánh giá", "Self-assessment"),
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
        sheet_name: t(lang, "Đánh giá", "Assessments"),
        file_suffix: "assessments".into(),
        headers,
        rows,
    }
}
