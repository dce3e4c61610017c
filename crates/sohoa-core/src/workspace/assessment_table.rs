//! Past assessments from a table (the last program's workbook, a form tool's
//! submissions): one row per assessment, matched to its enterprise by tax
//! code, its answers checked as `sohoa assess` checks an answer file, and the
//! whole table written in one batch or not at all.
//!
//! Key functions: [`Workspace::plan_assessment_table`],
//! [`Workspace::import_assessment_table`]; types [`AssessmentTablePlan`],
//! [`PastAssessment`].
//!
//! Policy: a row names its enterprise by tax code (an enterprise not in the
//! folder is refused: its profile comes first, from a list of enterprises),
//! and gives a date (`dd/mm/yyyy`, `yyyy-mm-dd`, or a form tool's time), a
//! stage (`T0`, `T1`, "đầu kỳ", "baseline"…; by default the enterprise's
//! next) and an assessor. Each is recorded as completed on its date. An
//! assessment already in the record (same questionnaire, day and answers) is
//! not added again, so a table imported twice adds nothing the second time.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use ulid::Ulid;

use super::{Workspace, WorkspaceError};
use crate::enterprise::field::ProfileField;
use crate::enterprise::{Assessment, Change, ChangeKind, Enterprise, Mode};
use crate::exchange::table_in::{RawTable, recognise_header};
use crate::exchange::table_plan::RowRefused;
use crate::places::key;
use crate::questionnaire::Questionnaire;
use crate::questionnaire::answer_table::{AnswerColumn, answer_columns, row_answers};
use crate::text::Text;

/// One assessment a row of the table records.
#[derive(Debug, Clone)]
pub struct PastAssessment {
    pub line: usize,
    pub enterprise: Ulid,
    pub enterprise_name: String,
    pub assessment: Assessment,
    /// Its total and level, scored once when planned.
    pub total: u32,
    pub max_points: u32,
    pub level: u8,
}

impl PastAssessment {
    /// The row in a line: `dòng 4 · HTX Bưởi · T0 · 14/03/2024 · 212/320 · mức 3`.
    pub fn describe(&self, lang: crate::text::Lang) -> String {
        let date = self
            .assessment
            .completed
            .map(|t| crate::text::format_date(crate::text::local_date(t)))
            .unwrap_or_default();
        format!(
            "{} {} · {} · {} · {date} · {}/{} · {} {}",
            lang.pick("dòng", "line"),
            self.line,
            self.enterprise_name,
            self.assessment.stage.code(),
            self.total,
            self.max_points,
            lang.pick("mức", "level"),
            self.level
        )
    }
}

/// What importing a table of assessments would do.
#[derive(Debug, Clone, Default)]
pub struct AssessmentTablePlan {
    pub add: Vec<PastAssessment>,
    /// Rows whose assessment the folder already holds.
    pub already_here: usize,
    pub refused: Vec<RowRefused>,
    /// Headers that are neither a question nor the tax code, date, stage or
    /// assessor (a form tool's own columns), left aside.
    pub left_aside: Vec<String>,
}

/// The columns that say whose assessment a row is, when and by whom.
#[derive(Debug, Default)]
struct Meta {
    tax_code: Option<usize>,
    date: Option<usize>,
    stage: Option<usize>,
    assessor: Option<usize>,
}

fn meta_columns(headers: &[String], answers: &[Option<AnswerColumn>]) -> Meta {
    let mut meta = Meta::default();
    for (i, header) in headers.iter().enumerate() {
        if answers[i].is_some() {
            continue;
        }
        let name = key(header.rsplit('/').next().unwrap_or(header));
        let slot = match name.as_str() {
            _ if recognise_header(header) == Some(ProfileField::TaxCode) => &mut meta.tax_code,
            "ngay danh gia" | "ngay" | "date" | "assessment date" | "today" | "end"
            | "_submission_time" | "submission time" => &mut meta.date,
            "giai doan" | "stage" | "lan danh gia" | "dot danh gia" => &mut meta.stage,
            "nguoi danh gia" | "assessor" | "tu van vien" | "chuyen gia" | "username"
            | "_submitted_by" => &mut meta.assessor,
            _ => continue,
        };
        // The first of several candidates wins (a form's `today` before `end`).
        slot.get_or_insert(i);
    }
    meta
}

/// A date as a table writes it: `dd/mm/yyyy`, `yyyy-mm-dd`, or the start of a
/// form tool's time stamp (`2025-03-14T09:30:00.000+07:00`).
fn read_date(cell: &str) -> Option<Date> {
    let cell = cell.trim();
    let day = cell.get(..10).unwrap_or(cell);
    if let Ok(date) = day.parse::<Date>() {
        return Some(date);
    }
    crate::text::parse_date(cell)
}

/// Noon in Vietnam on `date`: the moment a past assessment is recorded at.
fn noon(date: Date) -> Timestamp {
    jiff::tz::offset(7)
        .to_timestamp(date.at(12, 0, 0, 0))
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

impl Workspace {
    /// What importing `table` as assessments of `q` would do; nothing is written.
    pub fn plan_assessment_table(
        &self,
        table: &RawTable,
        q: &Arc<Questionnaire>,
        now: Timestamp,
    ) -> AssessmentTablePlan {
        let columns = answer_columns(q, &table.headers);
        let meta = meta_columns(&table.headers, &columns);
        let mut plan = AssessmentTablePlan {
            left_aside: table
                .headers
                .iter()
                .enumerate()
                .filter(|(i, _)| {
                    columns[*i].is_none()
                        && ![meta.tax_code, meta.date, meta.stage, meta.assessor]
                            .contains(&Some(*i))
                })
                .map(|(_, h)| h.clone())
                .collect(),
            ..AssessmentTablePlan::default()
        };
        let today = crate::text::local_date(now);
        // Rows in date order, so an enterprise's stages follow one another.
        let mut rows: Vec<(usize, &Vec<String>)> = table
            .rows
            .iter()
            .enumerate()
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
            .collect();
        let cell = |cells: &Vec<String>, at: Option<usize>| {
            at.and_then(|i| cells.get(i))
                .map(|c| c.trim().to_owned())
                .unwrap_or_default()
        };
        rows.sort_by_key(|(n, cells)| (read_date(&cell(cells, meta.date)), *n));
        let mut working: std::collections::HashMap<Ulid, Enterprise> = Default::default();
        for (n, cells) in rows {
            let line = table.lines.get(n).copied().unwrap_or(n + 2);
            let mut reasons = Vec::new();
            let code = cell(cells, meta.tax_code);
            let enterprise = if meta.tax_code.is_none() {
                reasons.push(Text::new(
                    "Không có cột mã số thuế để biết đánh giá của doanh nghiệp nào",
                    "no column holds the tax code that says whose assessment it is",
                ));
                None
            } else {
                match crate::enterprise::tax_code::parse(&code) {
                    Err(e) => {
                        reasons.push(Text::new(
                            format!("Mã số thuế “{code}”: {e}"),
                            format!("Tax code “{code}”: {e}"),
                        ));
                        None
                    }
                    Ok(parsed) => match self.find(&parsed.to_string()) {
                        Some(e) => Some(e),
                        None => {
                            reasons.push(Text::new(
                                format!("Chưa có doanh nghiệp mã số thuế {parsed} trong thư mục: hãy nhập danh sách doanh nghiệp trước"),
                                format!("no enterprise with tax code {parsed} in the folder: import the list of enterprises first"),
                            ));
                            None
                        }
                    },
                }
            };
            let date_cell = cell(cells, meta.date);
            let date = match read_date(&date_cell) {
                Some(date) if date <= today => Some(date),
                Some(date) => {
                    reasons.push(Text::new(
                        format!(
                            "Ngày đánh giá {} còn ở tương lai",
                            crate::text::format_date(date)
                        ),
                        format!(
                            "the assessment date {} is in the future",
                            crate::text::format_date(date)
                        ),
                    ));
                    None
                }
                None if date_cell.is_empty() => {
                    reasons.push(Text::new(
                        "Thiếu ngày đánh giá",
                        "the assessment date is missing",
                    ));
                    None
                }
                None => {
                    reasons.push(Text::new(
                        format!("Ngày “{date_cell}” không đọc được (viết dd/mm/yyyy)"),
                        format!("the date “{date_cell}” cannot be read (write dd/mm/yyyy)"),
                    ));
                    None
                }
            };
            let answers =
                match row_answers(q, &columns, cells, &format!("line {line}")) {
                    Ok(answers) if answers.is_empty() => {
                        reasons.push(Text::new("Không có câu trả lời nào", "no answer at all"));
                        None
                    }
                    Ok(answers) => Some(answers),
                    Err(errors) => {
                        reasons.extend(errors.iter().map(|e| {
                            Text::new(e.in_language(crate::text::Lang::Vi), e.to_string())
                        }));
                        None
                    }
                };
            let (Some(found), Some(date), Some(answers), true) =
                (enterprise, date, answers, reasons.is_empty())
            else {
                plan.refused.push(RowRefused {
                    line,
                    cells: cells.clone(),
                    reasons,
                });
                continue;
            };
            let e = working.entry(found.id).or_insert_with(|| found.clone());
            let stage_cell = cell(cells, meta.stage);
            let stage = if stage_cell.is_empty() {
                e.default_stage()
            } else if let Some(stage) = e.stage_named(&stage_cell) {
                stage
            } else {
                plan.refused.push(RowRefused {
                    line,
                    cells: cells.clone(),
                    reasons: vec![Text::new(
                        format!("Giai đoạn “{stage_cell}” không rõ (viết T0, T1… hoặc đầu kỳ, tái đánh giá)"),
                        format!("the stage “{stage_cell}” is unclear (write T0, T1… or baseline, follow-up)"),
                    )],
                });
                continue;
            };
            let at = noon(date);
            let same = e.assessments.iter().any(|a| {
                a.questionnaire == q.id
                    && a.questionnaire_version == q.version
                    && a.completed.map(crate::text::local_date) == Some(date)
                    && a.answers == answers
            });
            if same {
                plan.already_here += 1;
                continue;
            }
            let assessor = cell(cells, meta.assessor);
            let mut assessment = Assessment::new(q, stage, Mode::ConsultantLed, &assessor, at);
            assessment.answers = answers;
            assessment.completed = Some(at);
            assessment.modified = Some(now);
            e.assessments.push(assessment.clone());
            let report = crate::questionnaire::scoring::score(q, &assessment.answers);
            plan.add.push(PastAssessment {
                line,
                enterprise: e.id,
                enterprise_name: e.name.clone(),
                assessment,
                total: report.total,
                max_points: report.max_points,
                level: report.level,
            });
        }
        plan.add.sort_by_key(|a| a.line);
        plan.refused.sort_by_key(|r| r.line);
        plan
    }

    /// Imports `table` as completed assessments of `q`, whole, or nothing of
    /// it when a row is refused ([`WorkspaceError::TableRefused`]); under the
    /// folder's lock, after taking in what other programs wrote meanwhile.
    pub fn import_assessment_table(
        &mut self,
        table: &RawTable,
        table_name: &str,
        q: &Arc<Questionnaire>,
        now: Timestamp,
    ) -> Result<AssessmentTablePlan, WorkspaceError> {
        if self.questionnaires.get(&q.id, &q.version).is_none() {
            return Err(WorkspaceError::UnknownQuestionnaire {
                id: q.id.clone(),
                version: q.version.clone(),
            });
        }
        self.with_lock(|ws, lock| {
            ws.catch_up(lock);
            let plan = ws.plan_assessment_table(table, q, now);
            if let Some(first) = plan.refused.first() {
                return Err(WorkspaceError::TableRefused {
                    table: table_name.to_owned(),
                    refused: plan.refused.len(),
                    first_line: first.line,
                });
            }
            let mut changed: Vec<Enterprise> = Vec::new();
            for past in &plan.add {
                let at = match changed.iter().position(|e| e.id == past.enterprise) {
                    Some(at) => at,
                    None => {
                        changed.push(ws.enterprise_copy(past.enterprise)?);
                        changed.len() - 1
                    }
                };
                changed[at].assessments.push(past.assessment.clone());
            }
            let note = Change {
                at: now,
                by: ws.actor.clone(),
                what: ChangeKind::Merged {
                    source: format!("bảng {table_name}"),
                },
            };
            let mut records = Vec::with_capacity(changed.len());
            for mut record in changed {
                let before = ws.get(record.id).cloned();
                record.modified = now;
                super::record_edit(before.as_ref(), &mut record, &ws.actor);
                record.history.push(note.clone());
                records.push(record);
            }
            ws.write_records(lock, records, 0)?;
            Ok(plan)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> RawTable {
        RawTable::from_rows(rows)
    }

    fn folder_with_two() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = crate::workspace::open_ben_tre(dir.path());
        for (name, code) in [("HTX Bưởi", "0100109106"), ("Công ty Dừa", "0301234562")] {
            let mut e = Enterprise::new(name, Timestamp::now());
            e.tax_code = Some(code.into());
            ws.save(e).unwrap();
        }
        (dir, ws)
    }

    const HEADERS: &[&str] = &[
        "MST",
        "Ngày đánh giá",
        "Giai đoạn",
        "Người đánh giá",
        "1.1.1",
        "1.1.2",
    ];

    #[test]
    fn rows_become_completed_assessments_on_their_dates_in_stage_order() {
        let (dir, mut ws) = folder_with_two();
        let q = ws.questionnaires.latest("dbi-2021-sme").cloned().unwrap();
        let t = table(&[
            HEADERS,
            &["0100109106", "20/09/2025", "", "Lan", "monthly", "Không"],
            &["0100109106", "14/03/2024", "", "Lan", "stale", "Không"],
            &[
                "0301234562",
                "2024-05-02",
                "đầu kỳ",
                "Minh",
                "weekly",
                "staff_now",
            ],
        ]);
        let plan = ws
            .import_assessment_table(&t, "cu.csv", &q, Timestamp::now())
            .unwrap();
        assert_eq!(plan.add.len(), 3);
        let reopened = Workspace::open(dir.path()).unwrap();
        let buoi = reopened.find("0100109106").unwrap();
        let mut stages: Vec<(String, String)> = buoi
            .assessments
            .iter()
            .map(|a| {
                (
                    crate::text::format_date(crate::text::local_date(a.completed.unwrap())),
                    a.stage.code(),
                )
            })
            .collect();
        stages.sort();
        assert_eq!(
            stages,
            [
                ("14/03/2024".into(), "T0".into()),
                ("20/09/2025".into(), "T1".into())
            ]
        );
        assert_eq!(
            reopened.find("0301234562").unwrap().assessments[0].assessor,
            "Minh"
        );

        let again = ws
            .import_assessment_table(&t, "cu.csv", &q, Timestamp::now())
            .unwrap();
        assert_eq!((again.add.len(), again.already_here), (0, 3));
    }

    #[test]
    fn one_wrong_row_keeps_every_row_out_and_each_reason_is_given() {
        let (dir, mut ws) = folder_with_two();
        let q = ws.questionnaires.latest("dbi-2021-sme").cloned().unwrap();
        let t = table(&[
            HEADERS,
            &["0100109106", "20/09/2025", "", "Lan", "monthly", ""],
            &["0100109108", "31/02/2025", "T9x", "", "hàng năm", ""],
        ]);
        let err = ws
            .import_assessment_table(&t, "cu.csv", &q, Timestamp::now())
            .unwrap_err();
        assert!(matches!(
            err,
            WorkspaceError::TableRefused {
                refused: 1,
                first_line: 3,
                ..
            }
        ));
        let plan = ws.plan_assessment_table(&t, &q, Timestamp::now());
        let reasons: Vec<&str> = plan.refused[0]
            .reasons
            .iter()
            .map(|r| r.en.as_str())
            .collect();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert!(
            reasons[0].contains("check digit") || reasons[0].contains("0100109108"),
            "{reasons:?}"
        );
        assert!(reasons[1].contains("31/02/2025"));
        assert!(reasons[2].contains("customer.website_updates"));
        let reopened = Workspace::open(dir.path()).unwrap();
        assert!(reopened.find("0100109106").unwrap().assessments.is_empty());
    }
}
