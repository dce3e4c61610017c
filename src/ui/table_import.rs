//! The preview of a spreadsheet's import: how the file was read, what each
//! column was understood to hold (the person can change it), the contacts'
//! consent for the list, what the import would do, and every row refused with
//! its reasons.

use eframe::egui;

use sohoa_core::app::table::{RowsAre, TableImportView, TablePreview};
use sohoa_core::app::{Action, AppCore, ExchangeAction};
use sohoa_core::enterprise::field::ProfileField;
use sohoa_core::text::Lang;

/// How many rows of a list the window shows (the file holds them all).
const SHOWN: usize = 200;

/// The fields a column of a list may hold.
fn importable() -> impl Iterator<Item = ProfileField> {
    ProfileField::ALL
        .into_iter()
        .filter(|f| !matches!(f, ProfileField::Archived | ProfileField::Consent))
}

pub fn table_import_ui(ctx: &egui::Context, core: &AppCore, actions: &mut Vec<Action>) {
    let Some(view) = &core.view.table_import else {
        return;
    };
    let lang = core.prefs.lang;
    let act = |a: ExchangeAction| Action::Exchange(a);
    let list_height = (ctx.content_rect().height() - 300.0).clamp(120.0, 420.0);
    egui::Window::new(lang.pick("Nhập bảng tính", "Import a spreadsheet"))
        .collapsible(false)
        .resizable(true)
        .default_size([860.0, 560.0])
        .anchor(egui::Align2::CENTER_TOP, [0.0, 30.0])
        .show(ctx, |ui| {
            ui.label(egui::RichText::new(view.name()).strong());
            ui.label(format!(
                "{} · {}",
                view.table.read_as.describe().get(lang),
                sohoa_core::text::count_of(view.table.rows.len(), lang, "dòng", "row", "rows")
            ));
            if let sohoa_core::exchange::table_in::ReadAs::Xlsx { sheet, sheets } = &view.table.read_as
                && sheets.len() > 1
            {
                ui.horizontal_wrapped(|ui| {
                    ui.label(lang.pick("Trang tính:", "Sheet:"));
                    for name in sheets {
                        if ui.selectable_label(name == sheet, name).clicked() && name != sheet {
                            actions.push(act(ExchangeAction::TableSheet(name.clone())));
                        }
                    }
                });
            }
            ui.horizontal(|ui| {
                ui.label(lang.pick("Mỗi dòng là:", "Each row is:"));
                for (rows_are, label) in [
                    (RowsAre::Enterprises, lang.pick("một doanh nghiệp", "an enterprise")),
                    (RowsAre::Assessments, lang.pick("một lần đánh giá", "an assessment")),
                ] {
                    if ui.selectable_label(view.rows_are == rows_are, label).clicked() && view.rows_are != rows_are {
                        actions.push(act(ExchangeAction::TableRowsAre(rows_are)));
                    }
                }
            });
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(list_height)
                .auto_shrink(false)
                .show(ui, |ui| match &view.preview {
                    TablePreview::Enterprises(plan) => {
                        columns_ui(ui, view, lang, actions);
                        ui.add_space(6.0);
                        consent_ui(ui, view, plan.personal_left_out, lang, actions);
                        ui.add_space(6.0);
                        ui.label(
                            egui::RichText::new(lang.pick(
                                format!(
                                    "{} mới, {} cập nhật ({} ô được điền), {} xung đột cần xem",
                                    plan.new.len(),
                                    plan.updated.len(),
                                    plan.filled,
                                    plan.conflicts
                                ),
                                format!(
                                    "{} new, {} updated ({} fields filled), {} conflicts to review",
                                    plan.new.len(),
                                    plan.updated.len(),
                                    plan.filled,
                                    plan.conflicts
                                ),
                            ))
                            .strong(),
                        );
                        // The rows to correct first: nothing goes in until they are.
                        refused_ui(ui, view, lang);
                        for e in plan.new.iter().take(SHOWN) {
                            ui.label(format!("+ {}{}", e.name, e.tax_code.as_ref().map(|c| format!(" · {c}")).unwrap_or_default()));
                        }
                        for e in plan.updated.iter().take(SHOWN) {
                            ui.label(format!("~ {}", e.name));
                        }
                    }
                    TablePreview::Assessments(plan) => {
                        ui.label(lang.pick(
                            format!("{} cột là câu hỏi của bộ câu hỏi của chương trình; mã số thuế cho biết doanh nghiệp.", view.question_columns),
                            format!("{} columns are questions of the program's questionnaire; the tax code says which enterprise.", view.question_columns),
                        ));
                        if !plan.left_aside.is_empty() {
                            ui.label(lang.pick(
                                format!("Cột bỏ qua: {}", plan.left_aside.join(", ")),
                                format!("Columns left aside: {}", plan.left_aside.join(", ")),
                            ));
                        }
                        ui.label(
                            egui::RichText::new(lang.pick(
                                format!("{} đánh giá mới, {} đã có sẵn", plan.add.len(), plan.already_here),
                                format!("{} new assessments, {} already here", plan.add.len(), plan.already_here),
                            ))
                            .strong(),
                        );
                        refused_ui(ui, view, lang);
                        for past in plan.add.iter().take(SHOWN) {
                            ui.label(format!("+ {}", past.describe(lang)));
                        }
                    }
                });
            ui.separator();
            let refused = view.refused().len();
            if refused > 0 {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    lang.pick(
                        format!("{refused} dòng chưa nhập được: chưa dòng nào được nhập. Hãy sửa các dòng đó (hoặc đổi cách hiểu các cột) rồi nhập lại."),
                        format!("{refused} rows cannot be imported: no row goes in yet. Correct them (or how the columns are understood) and import again."),
                    ),
                );
            }
            ui.horizontal_wrapped(|ui| {
                if ui
                    .add_enabled(view.can_import(), egui::Button::new(lang.pick("Nhập", "Import")))
                    .clicked()
                {
                    actions.push(act(ExchangeAction::ConfirmTableImport));
                }
                if refused > 0
                    && ui
                        .button(lang.pick("Ghi các dòng chưa nhập được ra tệp để sửa", "Write the rows not imported to a file to correct"))
                        .on_hover_text(view.rejects_path().display().to_string())
                        .clicked()
                {
                    actions.push(act(ExchangeAction::WriteTableRejects));
                }
                if ui.button(lang.pick("Hủy", "Cancel")).clicked() {
                    actions.push(act(ExchangeAction::CancelTableImport));
                }
            });
        });
}

/// Each column: its header, the first row's value, and what it is taken for.
fn columns_ui(ui: &mut egui::Ui, view: &TableImportView, lang: Lang, actions: &mut Vec<Action>) {
    let first_row = view.table.rows.first();
    egui::Grid::new("table_columns")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            ui.label(
                egui::RichText::new(lang.pick("Cột trong tệp", "Column in the file")).strong(),
            );
            ui.label(egui::RichText::new(lang.pick("Dòng đầu", "First row")).strong());
            ui.label(
                egui::RichText::new(lang.pick("Sohoa hiểu là", "Sohoa takes it for")).strong(),
            );
            ui.end_row();
            for (i, header) in view.table.headers.iter().enumerate() {
                let column = ui.label(format!("{}. {header}", i + 1));
                let sample = first_row
                    .and_then(|r| r.get(i))
                    .map(String::as_str)
                    .unwrap_or("");
                ui.label(sample.chars().take(40).collect::<String>());
                let current = view.fields.get(i).copied().flatten();
                let shown = |f: Option<ProfileField>| match f {
                    Some(f) => f.label().get(lang).to_owned(),
                    None => lang.pick("(bỏ qua)", "(left out)").to_owned(),
                };
                egui::ComboBox::from_id_salt(("table_column", i))
                    .selected_text(shown(current))
                    .width(220.0)
                    .show_ui(ui, |ui| {
                        for choice in std::iter::once(None).chain(importable().map(Some)) {
                            if ui
                                .selectable_label(current == choice, shown(choice))
                                .clicked()
                                && current != choice
                            {
                                actions.push(Action::Exchange(ExchangeAction::TableColumn {
                                    column: i,
                                    field: choice,
                                }));
                            }
                        }
                    })
                    .response
                    .labelled_by(column.id);
                ui.end_row();
            }
        });
}

/// The contacts' consent for the list, and what is left out without it.
fn consent_ui(
    ui: &mut egui::Ui,
    view: &TableImportView,
    left_out: usize,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    let mut given = view.consent_given;
    if ui
        .checkbox(
            &mut given,
            lang.pick(
                "Văn phòng đã có sự đồng ý của người liên hệ trong danh sách này cho việc lưu dữ liệu cá nhân (ghi nhận cho từng doanh nghiệp)",
                "The office has the consent of the contacts in this list to hold their personal data (recorded on each enterprise)",
            ),
        )
        .changed()
    {
        actions.push(Action::Exchange(ExchangeAction::TableConsent(given)));
    }
    if left_out > 0 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            lang.pick(
                format!("{left_out} ô dữ liệu cá nhân (người liên hệ, điện thoại, thư điện tử) sẽ bỏ qua vì chưa có sự đồng ý."),
                format!("{left_out} personal-data cells (contact, phone, e-mail) will be left out for want of consent."),
            ),
        );
    }
}

/// The rows refused, each with its reasons.
fn refused_ui(ui: &mut egui::Ui, view: &TableImportView, lang: Lang) {
    for row in view.refused().iter().take(SHOWN) {
        let reasons: Vec<&str> = row.reasons.iter().map(|r| r.get(lang)).collect();
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!(
                "× {} {}: {}",
                lang.pick("dòng", "line"),
                row.line,
                reasons.join("; ")
            ),
        );
    }
    if view.refused().len() > SHOWN {
        ui.label(lang.pick(
            format!(
                "… và {} dòng khác (ghi ra tệp để xem hết)",
                view.refused().len() - SHOWN
            ),
            format!(
                "… and {} more (write them to a file to see all)",
                view.refused().len() - SHOWN
            ),
        ));
    }
}
