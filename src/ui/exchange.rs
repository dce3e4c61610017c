//! Bundles in the window: import and export buttons, files dropped on the window,
//! the preview shown before an import, and the review page of conflicts and
//! duplicates.

use std::path::PathBuf;

use eframe::egui;

use sohoa_core::app::{Action, AppCore, ExchangeAction};
use sohoa_core::enterprise::field::ProfileField;
use sohoa_core::exchange::bundle::BundleKind;
use sohoa_core::text::{Lang, format_date, local_date};
use sohoa_core::workspace::DuplicateReason;

/// Asks for bundles to import (the preview follows).
pub fn import_button_ui(ui: &mut egui::Ui, lang: Lang, actions: &mut Vec<Action>) {
    if super::widgets::button_with_hint(ui, lang.pick("Nhập gói dữ liệu…", "Import bundles…"), lang.pick(
            "Gộp tệp .sohoa của tư vấn viên hoặc doanh nghiệp tự đánh giá; xem trước khi ghi.",
            "Merge .sohoa files from consultants or self-assessing enterprises; previewed before anything is written.",
        ))
    {
        actions.push(Action::ChooseFile {
            goal: sohoa_core::app::state::FileGoal::Import,
            file_name: String::new(),
        });
    }
}

/// Asks for a spreadsheet to import (the preview follows).
pub fn import_table_button_ui(ui: &mut egui::Ui, lang: Lang, actions: &mut Vec<Action>) {
    if super::widgets::button_with_hint(
        ui,
        lang.pick("Nhập bảng tính…", "Import a spreadsheet…"),
        lang.pick(
            "Danh sách doanh nghiệp (của cơ quan thuế, đăng ký kinh doanh, chương trình trước) hoặc kết quả đánh giá (bảng cũ, KoboToolbox, ODK), tệp .xlsx hoặc .csv; xem trước khi ghi.",
            "A list of enterprises (from the tax office, the business registry, an earlier program) or assessment results (an old workbook, KoboToolbox, ODK), as .xlsx or .csv; previewed before anything is written.",
        ),
    ) {
        actions.push(Action::ChooseFile {
            goal: sohoa_core::app::state::FileGoal::Table,
            file_name: String::new(),
        });
    }
}

/// Asks where to write a bundle of `ids` (the enterprises shown).
pub fn export_button_ui(
    ui: &mut egui::Ui,
    core: &AppCore,
    ids: impl FnOnce() -> Vec<ulid::Ulid>,
    count: usize,
    actions: &mut Vec<Action>,
) {
    let lang = core.prefs.lang;
    let shown = super::group_thousands(count, lang);
    let label = lang.pick(
        format!("Xuất gói {shown} doanh nghiệp…"),
        format!("Export bundle of {shown}…"),
    );
    if ui
        .add_enabled(count > 0, egui::Button::new(label))
        .on_hover_text(lang.pick(
            "Một tệp .sohoa chứa các doanh nghiệp đang hiện trong danh sách, để gửi cho cán bộ chương trình.",
            "One .sohoa file with the enterprises shown in the list, to send to the program office.",
        ))
        .clicked()
    {
        actions.push(Action::ChooseFile {
            goal: sohoa_core::app::state::FileGoal::Bundle(ids()),
            file_name: super::file_choice::bundle_file_name(core),
        });
    }
}

/// The button that switches to the self-assessment mode.
pub fn self_assessment_button_ui(ui: &mut egui::Ui, lang: Lang, actions: &mut Vec<Action>) {
    if super::widgets::button_with_hint(ui, lang.pick(
            "Mở chế độ doanh nghiệp tự đánh giá",
            "Open the self-assessment mode",
        ), lang.pick(
            "Một thư mục riêng, chỉ có hồ sơ của doanh nghiệp và bộ câu hỏi; cuối cùng lưu một tệp để gửi cho chương trình.",
            "A folder of its own, with only the enterprise's profile and the questionnaire; at the end, save one file to send to the program.",
        ))
    {
        actions.push(Action::Exchange(ExchangeAction::EnterSelfAssessment));
    }
}

/// Bundles dropped on the window go to the import preview; other files get a word.
pub fn dropped_files_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let (hovering, dropped): (bool, Vec<PathBuf>) = ui.input(|i| {
        (
            !i.raw.hovered_files.is_empty(),
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect(),
        )
    });
    if hovering {
        let painter = ui.ctx().layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop"),
        ));
        let rect = ui.ctx().content_rect();
        painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            lang.pick(
                "Thả tệp .sohoa để xem trước khi nhập",
                "Drop .sohoa files to preview the import",
            ),
            egui::FontId::proportional(24.0),
            egui::Color32::WHITE,
        );
    }
    if dropped.is_empty() || core.view.self_assessment {
        return;
    }
    // A spreadsheet dropped alone goes to the table's preview; files that are
    // not bundles are refused by the bundle preview with a reason naming each.
    if let [one] = dropped.as_slice()
        && sohoa_core::exchange::table_in::is_spreadsheet(one)
    {
        actions.push(Action::Exchange(ExchangeAction::PreviewTable(one.clone())));
        return;
    }
    actions.push(Action::Exchange(ExchangeAction::PreviewImport(dropped)));
}

/// The preview of an import: per bundle, who sent it and what it would change.
pub fn import_preview_ui(ctx: &egui::Context, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let Some(preview) = &core.view.import else {
        return;
    };
    // Held from the top, its list a fixed height: the buttons stay where they
    // are when the list changes (the trust button gone once clicked); centred
    // and shrinking to its list, the window moved "Nhập" from under the pointer.
    let list_height = (ctx.content_rect().height() - 220.0).clamp(120.0, 380.0);
    egui::Window::new(lang.pick("Xem trước khi nhập", "Import preview"))
        .collapsible(false)
        .resizable(true)
        .default_size([720.0, 480.0])
        .anchor(egui::Align2::CENTER_TOP, [0.0, 40.0])
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().max_height(list_height).auto_shrink(false).show(ui, |ui| {
                for reason in &preview.refused {
                    ui.colored_label(ui.visuals().error_fg_color, format!("× {reason}"));
                    ui.label(lang.pick("Tệp này sẽ không được nhập; dữ liệu hiện có không bị thay đổi.", "This file will not be imported; the data here is not changed."));
                    ui.separator();
                }
                for plan in &preview.plans {
                    let name = plan.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    ui.label(egui::RichText::new(name).strong());
                    let kind = match plan.kind {
                        BundleKind::Transfer => lang.pick("Gói dữ liệu", "Bundle"),
                        BundleKind::SelfAssessment => lang.pick("Doanh nghiệp tự đánh giá", "Self-assessment"),
                    };
                    ui.label(format!("{kind} · {} {}", lang.pick("từ", "from"), plan.origin));
                    provenance_ui(ui, plan, lang, actions);
                    ui.label(egui::RichText::new(plan.headline(lang)).strong());
                    for (q, _) in &plan.install {
                        ui.label(format!("+ {} {} {}", lang.pick("bộ câu hỏi", "questionnaire"), q.id, q.version));
                    }
                    let changed: Vec<_> = plan.records.iter().filter(|r| r.worth_showing()).collect();
                    const SHOWN: usize = 200;
                    for record in changed.iter().take(SHOWN) {
                        let mark = record.mark();
                        let details = record.details(lang);
                        let line = if details.is_empty() {
                            format!("{mark} {}", record.result.name)
                        } else {
                            format!("{mark} {} — {details}", record.result.name)
                        };
                        if record.changes.new_conflicts.is_empty() {
                            ui.label(line);
                        } else {
                            ui.colored_label(ui.visuals().warn_fg_color, line);
                        }
                    }
                    if changed.len() > SHOWN {
                        ui.label(lang.pick(format!("… và {} doanh nghiệp khác", super::group_thousands(changed.len() - SHOWN, lang)), format!("… and {} more", super::group_thousands(changed.len() - SHOWN, lang))));
                    }
                    for warning in &plan.warnings {
                        ui.colored_label(ui.visuals().warn_fg_color, format!("! {warning}"));
                    }
                    ui.separator();
                }
            });
            ui.label(lang.pick(
                "Không có gì bị ghi đè: khi hai bên sửa cùng một ô, giá trị mới hơn được hiển thị và giá trị kia được giữ lại để bạn chọn ở trang “Cần xem lại”.",
                "Nothing is overwritten: where both sides changed a field, the newer value is shown and the other is kept for you to choose on the “Review” page.",
            ));
            ui.horizontal_wrapped(|ui| {
                // A bundle signed by a key nobody here has confirmed would be refused.
                let any = preview
                    .plans
                    .iter()
                    .any(|p| p.changes_anything() && !p.provenance.needs_confirmation());
                if ui.add_enabled(any, egui::Button::new(lang.pick("Nhập", "Import"))).clicked() {
                    actions.push(Action::Exchange(ExchangeAction::ConfirmImport));
                }
                if ui.button(lang.pick("Hủy", "Cancel")).clicked() {
                    actions.push(Action::Exchange(ExchangeAction::CancelImport));
                }
            });
        });
}

/// Who sealed the bundle, or that nobody did; a new key is trusted here only
/// after the person says they compared its fingerprint with the sender.
fn provenance_ui(
    ui: &mut egui::Ui,
    plan: &sohoa_core::workspace::ImportPlan,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    use sohoa_core::workspace::Provenance;
    let line = plan.provenance.line(lang);
    match &plan.provenance {
        Provenance::Sealed { trust, .. } if trust.is_trusted() => {
            ui.colored_label(egui::Color32::from_rgb(0x2e, 0x7d, 0x32), line.clone());
        }
        Provenance::Sealed { .. } => {
            ui.colored_label(ui.visuals().warn_fg_color, line.clone());
            if ui
                .button(lang.pick(
                    "Tôi đã đối chiếu dấu vân tay với người gửi: tin khóa này",
                    "I compared the fingerprint with the sender: trust this key",
                ))
                .clicked()
            {
                actions.push(Action::Exchange(ExchangeAction::TrustSigner(
                    plan.path.clone(),
                )));
            }
        }
        Provenance::Unsigned => {
            ui.colored_label(ui.visuals().warn_fg_color, format!("! {line}"));
        }
        Provenance::SelfAssessment => {
            ui.label(line);
        }
    }
}

/// Conflicts and duplicates waiting for a person.
pub fn review_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let ws = &core.workspace;
    ui.heading(lang.pick("Cần xem lại", "Review"));
    ui.horizontal_wrapped(|ui| {
        import_button_ui(ui, lang, actions);
        import_table_button_ui(ui, lang, actions);
    });
    ui.add_space(8.0);
    // Found by the summaries; only the records shown are read whole.
    let conflicted: Vec<&sohoa_core::enterprise::Enterprise> = ws
        .summaries()
        .iter()
        .filter(|s| s.conflicts > 0)
        .take(500)
        .filter_map(|s| ws.get(s.id))
        .collect();
    egui::ScrollArea::both().id_salt("conflicts").auto_shrink(false).show(ui, |ui| {
        ui.label(egui::RichText::new(lang.pick("Xung đột giữa hai bản", "Conflicts between two copies")).strong().size(16.0));
        if conflicted.is_empty() {
            ui.label(lang.pick("Không có xung đột.", "No conflicts."));
        }
        for e in &conflicted {
            ui.horizontal_wrapped(|ui| {
                if ui.link(&e.name).clicked() {
                    actions.push(Action::OpenEnterprise(e.id));
                }
                let fields: Vec<String> = e
                    .conflicts
                    .iter()
                    .map(|c| ProfileField::from_key(&c.field).map_or_else(|| c.field.clone(), |f| f.label().get(lang).to_owned()))
                    .collect();
                ui.label(fields.join(", "));
            });
        }
        ui.add_space(12.0);
        ui.label(egui::RichText::new(lang.pick("Có thể trùng nhau", "Possible duplicates")).strong().size(16.0));
        let pairs = core.view.duplicates.as_ref().map(|(_, p)| p.as_slice()).unwrap_or_default();
        if pairs.is_empty() {
            ui.label(lang.pick("Không thấy hồ sơ trùng.", "No duplicate records found."));
        }
        for pair in pairs.iter().take(500) {
            let (Some(a), Some(b)) = (ws.get(pair.first), ws.get(pair.second)) else {
                continue;
            };
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.label(match pair.reason {
                    DuplicateReason::SameTaxCode => lang.pick("Cùng mã số thuế", "Same tax code"),
                    DuplicateReason::SameNameAndPlace => lang.pick("Cùng tên và địa bàn", "Same name and place"),
                });
                for e in [a, b] {
                    ui.horizontal_wrapped(|ui| {
                        if ui.link(&e.name).clicked() {
                            actions.push(Action::OpenEnterprise(e.id));
                        }
                        ui.label(e.tax_code.as_deref().unwrap_or("—"));
                        ui.label(e.admin_unit.as_deref().map_or(e.address.as_str(), |u| ws.program.unit_name(u)));
                        ui.label(sohoa_core::text::count_of(e.assessments.len(), lang, "đánh giá", "assessment", "assessments"));
                        ui.label(format!("{} {}", lang.pick("tạo", "created"), format_date(local_date(e.created))));
                    });
                }
                if super::widgets::button_with_hint(ui, lang.pick("Hợp nhất thành một hồ sơ", "Merge into one record"), lang.pick(
                        "Giữ mọi đánh giá và hoạt động của cả hai; ô nào khác nhau sẽ thành xung đột để bạn chọn.",
                        "Keeps every assessment and activity of both; fields that differ become conflicts for you to choose.",
                    ))
                {
                    actions.push(Action::Exchange(ExchangeAction::MergeDuplicates { first: pair.first, second: pair.second }));
                }
            });
        }
    });
}

/// The fields of one enterprise that are in conflict, each value with a button to keep it.
pub fn conflicts_ui(
    ui: &mut egui::Ui,
    e: &sohoa_core::enterprise::Enterprise,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    if e.conflicts.is_empty() {
        return;
    }
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.0, ui.visuals().warn_fg_color))
        .show(ui, |ui| {
            ui.label(
                egui::RichText::new(lang.pick(
                    "Hai bản khác nhau — chọn giá trị đúng",
                    "Two copies differ — choose the right value",
                ))
                .strong(),
            );
            for conflict in &e.conflicts {
                let Some(field) = ProfileField::from_key(&conflict.field) else {
                    continue;
                };
                let shown = field.get(e);
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(format!("{}:", field.label().get(lang))).strong());
                    for value in std::iter::once(&shown).chain(&conflict.others) {
                        let (at, by) = e.value_set(field, value);
                        let origin = if by.is_empty() {
                            format_date(local_date(at))
                        } else {
                            format!("{by}, {}", format_date(local_date(at)))
                        };
                        let text = format!("{} ({origin})", field.display(value, lang));
                        let button = egui::Button::selectable(*value == shown, text);
                        if ui
                            .add(button)
                            .on_hover_text(lang.pick("Giữ giá trị này", "Keep this value"))
                            .clicked()
                        {
                            actions.push(Action::Exchange(ExchangeAction::ResolveConflict {
                                enterprise: e.id,
                                field,
                                value: value.clone(),
                            }));
                        }
                    }
                });
            }
        });
    ui.add_space(8.0);
}

/// The record's history, newest first.
pub fn history_ui(ui: &mut egui::Ui, e: &sohoa_core::enterprise::Enterprise, lang: Lang) {
    let title = lang.pick(
        format!("Lịch sử thay đổi ({})", e.history.len()),
        format!("History ({})", e.history.len()),
    );
    egui::CollapsingHeader::new(title)
        .id_salt("history")
        .show(ui, |ui| {
            for change in e.history.iter().rev().take(300) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new(sohoa_core::text::format_moment(change.at)).weak(),
                    );
                    if !change.by.is_empty() {
                        ui.label(egui::RichText::new(&change.by).strong());
                    }
                    ui.label(change.describe(lang));
                });
            }
        });
}
