//! The two export tables: one row per enterprise, one row per assessment.
//!
//! The enterprise table's profile columns are [`ProfileField::ALL`], each
//! headed by its label and written as a reader is shown it: a new field is a
//! new column, and the table import reads it back by the same label.

use crate::enterprise::Mode;
use crate::enterprise::field::ProfileField;
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
    pub enterprises: &'a crate::store::records::Records,
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

/// A column of the enterprise table: the record's id, a profile field, or a
/// figure derived from the record.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    RecordId,
    Field(ProfileField),
    /// Follows the figures' year.
    SizeClass,
    /// Follows the place: the unit of today it is counted in.
    PlaceToday,
    Supported,
    SupportedSince,
    BaselineLevel,
    BaselinePoints,
    LatestLevel,
    LatestPoints,
    LatestDate,
    BaselineVersion,
    LatestVersion,
}

/// The enterprise table's columns: every profile field in
/// [`ProfileField::ALL`]'s order (without those that identify someone when
/// anonymised), each derived figure after the field it comes from, then the
/// program's figures.
fn enterprise_columns(anonymise: bool) -> Vec<Column> {
    let mut columns = vec![Column::RecordId];
    for field in ProfileField::ALL {
        if anonymise && field.spec().identifies {
            continue;
        }
        columns.push(Column::Field(field));
        match field {
            ProfileField::SizeYear => columns.push(Column::SizeClass),
            ProfileField::AdminUnit => columns.push(Column::PlaceToday),
            _ => {}
        }
    }
    columns.extend([
        Column::Supported,
        Column::SupportedSince,
        Column::BaselineLevel,
        Column::BaselinePoints,
        Column::LatestLevel,
        Column::LatestPoints,
        Column::LatestDate,
        Column::BaselineVersion,
        Column::LatestVersion,
    ]);
    columns
}

impl Column {
    fn header(self, lang: Lang) -> String {
        let (vi, en) = match self {
            Column::Field(field) => return field.label().get(lang).to_owned(),
            Column::RecordId => ("Mã hồ sơ", "Record id"),
            Column::SizeClass => ("Quy mô", "Size class"),
            Column::PlaceToday => ("Địa bàn theo đơn vị hiện hành", "Place by today's units"),
            Column::Supported => ("Đã hỗ trợ", "Supported"),
            Column::SupportedSince => ("Hỗ trợ từ ngày", "Supported since"),
            Column::BaselineLevel => ("Mức đầu kỳ (T0)", "Baseline level (T0)"),
            Column::BaselinePoints => ("Điểm đầu kỳ (T0)", "Baseline points (T0)"),
            Column::LatestLevel => ("Mức mới nhất", "Latest level"),
            Column::LatestPoints => ("Điểm mới nhất", "Latest points"),
            Column::LatestDate => ("Lần đánh giá mới nhất", "Latest assessment"),
            Column::BaselineVersion => ("Phiên bản bộ câu hỏi T0", "Questionnaire edition T0"),
            Column::LatestVersion => (
                "Phiên bản bộ câu hỏi mới nhất",
                "Questionnaire edition latest",
            ),
        };
        lang.pick(vi, en).to_owned()
    }

    fn cell(self, ws: &TableSource, e: &Enterprise, s: &EnterpriseSummary, lang: Lang) -> Cell {
        let yes = || Some(lang.pick("Có", "Yes").to_owned());
        match self {
            Column::RecordId => text(&e.id.to_string()),
            // A person's data only where consent to hold it is recorded.
            Column::Field(field) if field.is_personal() && !e.may_share_contacts() => Cell::Empty,
            Column::Field(field) => match field.figure(e) {
                Some(figure) => Cell::Number(figure),
                None => text(&field.shown(e, lang, &|id| ws.program.unit_name(id).to_owned())),
            },
            Column::SizeClass => Cell::from(s.size_class.map(|c| c.label(lang))),
            Column::PlaceToday => Cell::from((!s.place.is_empty()).then(|| {
                crate::program::dashboard::Dimension::Place.label(&s.place, ws.program, None, lang)
            })),
            Column::Supported => Cell::from(s.is_supported().then(yes).flatten()),
            Column::SupportedSince => Cell::from(s.supported_since.map(format_date)),
            Column::BaselineLevel => number(s.baseline.as_ref().map(|a| a.level)),
            Column::BaselinePoints => number(s.baseline.as_ref().map(|a| a.total)),
            Column::LatestLevel => number(s.latest.as_ref().map(|a| a.level)),
            Column::LatestPoints => number(s.latest.as_ref().map(|a| a.total)),
            Column::LatestDate => Cell::from(
                s.latest
                    .as_ref()
                    .map(|a| format_date(local_date(a.completed))),
            ),
            Column::BaselineVersion => {
                Cell::from(s.baseline.as_ref().map(|a| a.questionnaire_version.clone()))
            }
            Column::LatestVersion => {
                Cell::from(s.latest.as_ref().map(|a| a.questionnaire_version.clone()))
            }
        }
    }
}

/// One row per enterprise (archived ones included, and marked).
pub fn enterprise_table(ws: &TableSource, lang: Lang, anonymise: bool) -> Table {
    let pillars = pillar_names(ws, lang);
    let columns = enterprise_columns(anonymise);
    let mut headers: Vec<String> = columns.iter().map(|c| c.header(lang)).collect();
    for name in &pillars {
        headers.push(format!("{name} · T0"));
    }
    for name in &pillars {
        headers.push(format!(
            "{name} · {}",
            lang.pick("mới nhất", "latest").to_owned()
        ));
    }
    let rows = ws
        .enterprises
        .indexed()
        .filter_map(|(index, e)| Some((e, ws.summaries.get(index)?)))
        .map(|(e, s)| {
            let mut row: Vec<Cell> = columns.iter().map(|c| c.cell(ws, e, s, lang)).collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::table_in::recognise_header;

    #[test]
    fn every_profile_field_is_a_column_the_table_import_reads_back_by_its_header() {
        let columns = enterprise_columns(false);
        for field in ProfileField::ALL {
            assert!(columns.contains(&Column::Field(field)), "{}", field.key());
            for lang in [Lang::Vi, Lang::En] {
                let header = Column::Field(field).header(lang);
                let read_back = recognise_header(&header);
                // Archived and consent go out for the reader; a list never sets them.
                let expected = field.spec().typed.then_some(field);
                assert_eq!(read_back, expected, "{header}");
            }
        }
        // Derived figures follow the field they come from.
        let after =
            |column: Column| columns[columns.iter().position(|c| *c == column).unwrap() + 1];
        assert_eq!(
            after(Column::Field(ProfileField::SizeYear)),
            Column::SizeClass
        );
        assert_eq!(
            after(Column::Field(ProfileField::AdminUnit)),
            Column::PlaceToday
        );
    }

    #[test]
    fn an_anonymised_table_has_no_field_that_says_who_someone_is() {
        let columns = enterprise_columns(true);
        let fields: Vec<&str> = columns
            .iter()
            .filter_map(|c| match c {
                Column::Field(field) => Some(field.key()),
                _ => None,
            })
            .collect();
        assert_eq!(
            fields,
            [
                "legal_form",
                "sector",
                "staff",
                "revenue",
                "capital",
                "size_year",
                "admin_unit",
                "partner",
                "archived"
            ]
        );
    }
}
