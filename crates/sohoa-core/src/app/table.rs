//! A spreadsheet in the window: read once, planned again after each choice the
//! person makes (what the rows are, what a column holds, whether the contacts
//! agreed), and imported whole on confirmation.
//!
//! Key types: [`TableImportView`], [`RowsAre`], [`TablePreview`]; method
//! `AppCore::apply_table`, called for the table's [`ExchangeAction`]s.
//!
//! Policy: the plan is computed when a choice changes, never while drawing; the
//! import plans again under the folder's lock (the folder may have changed since
//! the preview), and a table with a refused row changes nothing: the rows can be
//! written beside it, with their reasons, to correct and import again.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;

use super::action::{Effect, ExchangeAction};
use super::apply::AppCore;
pub use super::state::{RowsAre, TableImportView, TablePreview};
use crate::exchange::table_in::{column_fields, read_table};
use crate::exchange::table_plan::{RowRefused, TablePlan};
use crate::explain::Explain;
use crate::questionnaire::Questionnaire;
use crate::questionnaire::answer_table::answer_columns;
use crate::text::Text;
use crate::workspace::{TableChoices, WorkspaceError};

impl TableImportView {
    /// The rows that cannot come in, with their reasons.
    pub fn refused(&self) -> &[RowRefused] {
        match &self.preview {
            TablePreview::Enterprises(plan) => &plan.refused,
            TablePreview::Assessments(plan) => &plan.refused,
        }
    }

    /// Whether the import would change the folder and may go ahead.
    pub fn can_import(&self) -> bool {
        self.refused().is_empty()
            && match &self.preview {
                TablePreview::Enterprises(plan) => !plan.new.is_empty() || !plan.updated.is_empty(),
                TablePreview::Assessments(plan) => !plan.add.is_empty(),
            }
    }

    /// The file's name, as the history records it.
    pub fn name(&self) -> String {
        crate::exchange::table_in::table_name(&self.path)
    }

    /// Where the refused rows go: beside the table, named so.
    pub fn rejects_path(&self) -> PathBuf {
        crate::exchange::table_plan::rejects_beside(&self.path)
    }

    fn choices(&self) -> TableChoices {
        TableChoices {
            name: self.name(),
            fields: self.fields.clone(),
            consent_given: self.consent_given,
        }
    }
}

impl AppCore {
    /// The questionnaire past assessments are read with: the program's newest.
    fn table_questionnaire(&self) -> Option<Arc<Questionnaire>> {
        self.workspace
            .questionnaires
            .latest(&self.workspace.program.default_questionnaire)
            .cloned()
    }

    /// Plans `view` again against the folder as it is now.
    fn replan_table(&self, view: &mut TableImportView, now: Timestamp) {
        view.preview = match (view.rows_are, self.table_questionnaire()) {
            (RowsAre::Assessments, Some(q)) => TablePreview::Assessments(
                self.workspace.plan_assessment_table(&view.table, &q, now),
            ),
            _ => TablePreview::Enterprises(self.workspace.plan_table(
                &view.table,
                &view.choices(),
                now,
            )),
        };
        view.rejects = None;
    }

    pub(super) fn apply_table(
        &mut self,
        action: ExchangeAction,
        now: Timestamp,
    ) -> Result<Option<Effect>, WorkspaceError> {
        let lang = self.prefs.lang;
        match action {
            ExchangeAction::PreviewTable(path) => self.preview_table(path, None, now),
            ExchangeAction::TableSheet(sheet) => {
                if let Some(path) = self.view.table_import.as_ref().map(|v| v.path.clone()) {
                    self.preview_table(path, Some(&sheet), now);
                }
            }
            ExchangeAction::TableRowsAre(rows_are) => {
                self.change_table(now, |v| v.rows_are = rows_are)
            }
            ExchangeAction::TableColumn { column, field } => self.change_table(now, |v| {
                if column < v.fields.len() {
                    // A field is held by one column: the one chosen last.
                    if field.is_some() {
                        for other in &mut v.fields {
                            if *other == field {
                                *other = None;
                            }
                        }
                    }
                    v.fields[column] = field;
                }
            }),
            ExchangeAction::TableConsent(given) => {
                self.change_table(now, |v| v.consent_given = given)
            }
            ExchangeAction::WriteTableRejects => {
                let Some(view) = &mut self.view.table_import else {
                    return Ok(None);
                };
                let path = view.rejects_path();
                let written = crate::exchange::table_plan::write_refused(
                    &path,
                    &view.table.headers,
                    view.refused(),
                    lang,
                );
                match written {
                    Ok(()) => {
                        view.rejects = Some(path.clone());
                        self.info_written(
                            lang.pick(
                                format!("Đã ghi các dòng chưa nhập được (kèm lý do) vào {}: sửa ở đó rồi nhập lại tệp đó.", path.display()),
                                format!("The rows not imported (with the reasons) are in {}: correct them there and import that file.", path.display()),
                            ),
                            &path,
                        );
                    }
                    Err(e) => self.report(e.explain(lang)),
                }
            }
            ExchangeAction::ConfirmTableImport => {
                let Some(mut view) = self.view.table_import.take() else {
                    return Ok(None);
                };
                let name = view.name();
                let done = match (view.rows_are, self.table_questionnaire()) {
                    (RowsAre::Assessments, Some(q)) => self
                        .workspace
                        .import_assessment_table(&view.table, &name, &q, now)
                        .map(|plan| {
                            Text::new(
                                format!("Đã nhập {name}: {} đánh giá, {} đã có sẵn.", plan.add.len(), plan.already_here),
                                format!("Imported {name}: {} assessments, {} already here.", plan.add.len(), plan.already_here),
                            )
                        }),
                    _ => self
                        .workspace
                        .import_table(&view.table, &view.choices(), now)
                        .map(|plan| {
                            Text::new(
                                format!(
                                    "Đã nhập {name}: {} doanh nghiệp mới, {} được cập nhật, {} xung đột cần xem (trang “Cần xem lại”).",
                                    plan.new.len(),
                                    plan.updated.len(),
                                    plan.conflicts
                                ),
                                format!(
                                    "Imported {name}: {} new enterprises, {} updated, {} conflicts to review (the “Review” page).",
                                    plan.new.len(),
                                    plan.updated.len(),
                                    plan.conflicts
                                ),
                            )
                        }),
                };
                match done {
                    Ok(said) => {
                        self.note_saved(now);
                        self.info(said.get(lang).to_owned());
                    }
                    Err(e) => {
                        // Refused (the folder changed since the preview): the
                        // rows and their reasons are shown again.
                        if matches!(e, WorkspaceError::TableRefused { .. }) {
                            self.replan_table(&mut view, now);
                        }
                        self.view.table_import = Some(view);
                        return Err(e);
                    }
                }
            }
            ExchangeAction::CancelTableImport => self.view.table_import = None,
            _ => {}
        }
        Ok(None)
    }

    /// Reads the table at `path` (its first sheet, or `sheet`) and shows how it
    /// would be imported; a file that cannot be read is said why.
    fn preview_table(&mut self, path: PathBuf, sheet: Option<&str>, now: Timestamp) {
        let lang = self.prefs.lang;
        let table = match read_table(&path, sheet) {
            Ok(table) => table,
            Err(e) => {
                self.report(e.explain(lang));
                return;
            }
        };
        let question_columns = self.table_questionnaire().map_or(0, |q| {
            answer_columns(&q, &table.headers)
                .iter()
                .filter(|c| c.is_some())
                .count()
        });
        // A table that answers several questions holds assessments.
        let rows_are = if question_columns >= 3 {
            RowsAre::Assessments
        } else {
            RowsAre::Enterprises
        };
        let mut view = TableImportView {
            fields: column_fields(&table.headers, &[]),
            path,
            table,
            rows_are,
            question_columns,
            consent_given: false,
            preview: TablePreview::Enterprises(TablePlan::default()),
            rejects: None,
        };
        self.replan_table(&mut view, now);
        self.view.table_import = Some(view);
    }

    /// Changes a choice of the table shown, then plans it again.
    fn change_table(&mut self, now: Timestamp, change: impl FnOnce(&mut TableImportView)) {
        if let Some(mut view) = self.view.table_import.take() {
            change(&mut view);
            self.replan_table(&mut view, now);
            self.view.table_import = Some(view);
        }
    }
}
