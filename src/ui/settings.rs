//! Settings: language, theme, scale, the consultant's name, the data folder, and
//! the program settings (name, region, target, dates, partners, questionnaire).

use eframe::egui;

use crate::text::{Lang, format_date};
use sohoa_core::app::{Action, AppCore, tr};

pub fn settings_ui(ui: &mut egui::Ui, core: &mut AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.heading(tr(lang, "Cài đặt", "Settings"));
            preferences_ui(ui, core, actions);
            ui.separator();
            ui.heading(tr(lang, "Chương trình", "Program"));
            if core.view.program_draft.is_some() {
                program_form_ui(ui, core, actions);
            } else {
                program_view_ui(ui, core, actions);
            }
        });
}

/// Language, theme, text size, the consultant's name, the data folder, backups,
/// the self-assessment mode and where the error log is.
fn preferences_ui(ui: &mut egui::Ui, core: &mut AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    egui::Grid::new("prefs")
                .num_columns(2)
                .spacing([16.0, 8.0])
                .show(ui, |ui| {
                    ui.label(tr(lang, "Ngôn ngữ", "Language"));
                    ui.horizontal(|ui| {
                        if ui
                            .selectable_label(lang == Lang::Vi, "Tiếng Việt")
                            .clicked()
                        {
                            actions.push(Action::SetLang(Lang::Vi));
                        }
                        if ui.selectable_label(lang == Lang::En, "English").clicked() {
                            actions.push(Action::SetLang(Lang::En));
                        }
                    });
                    ui.end_row();
                    ui.label(tr(lang, "Giao diện", "Theme"));
                    ui.horizontal(|ui| {
                        if ui
                            .selectable_label(!core.prefs.dark, tr(lang, "Sáng", "Light"))
                            .clicked()
                        {
                            actions.push(Action::SetDark(false));
                        }
                        if ui
                            .selectable_label(core.prefs.dark, tr(lang, "Tối", "Dark"))
                            .clicked()
                        {
                            actions.push(Action::SetDark(true));
                        }
                    });
                    ui.end_row();
                    let label = ui.label(tr(lang, "Cỡ chữ", "Text size"));
                    // The size is applied when the slider is let go (or moved by a
                    // click or the keys): applied while dragged, the whole window
                    // rescaled under the pointer and the slider overshot.
                    let mut scale = core.view.scale_draft.unwrap_or(core.prefs.scale);
                    let slider = ui
                        .add(egui::Slider::new(&mut scale, 0.75..=2.0).step_by(0.05))
                        .labelled_by(label.id);
                    if slider.dragged() {
                        core.view.scale_draft = Some(scale);
                    } else if slider.drag_stopped() || slider.changed() {
                        core.view.scale_draft = None;
                        actions.push(Action::SetScale(scale));
                    }
                    ui.end_row();
                    let label = ui.label(tr(
                        lang,
                        "Tên tư vấn viên (ghi vào đánh giá)",
                        "Consultant name (recorded on assessments)",
                    ));
                    let mut name = core.prefs.consultant.clone();
                    if ui
                        .text_edit_singleline(&mut name)
                        .labelled_by(label.id)
                        .changed()
                    {
                        actions.push(Action::SetConsultant(name));
                    }
                    ui.end_row();
                    ui.label(tr(lang, "Thư mục dữ liệu", "Data folder"));
                    ui.horizontal(|ui| {
                        ui.label(core.workspace.folder().root().display().to_string());
                        if ui
                            .button(tr(lang, "Chọn thư mục khác…", "Choose another folder…"))
                            .clicked()
                        {
                            actions.push(Action::ChooseFile {
                                goal: sohoa_core::app::state::FileGoal::DataFolder,
                                file_name: String::new(),
                            });
                        }
                    });
                    ui.end_row();
                    ui.label(tr(lang, "Sao lưu", "Backups"));
                    ui.vertical(|ui| {
                        match core.view.backups.last() {
                            Some(b) => ui.label(match lang {
                                crate::text::Lang::Vi => format!(
                                    "Lần gần nhất: {} ({}, {} doanh nghiệp)",
                                    crate::text::format_moment(b.taken),
                                    reason_label(&b.reason, lang),
                                    b.enterprises
                                ),
                                crate::text::Lang::En => format!(
                                    "Last: {} ({}, {})",
                                    crate::text::format_moment(b.taken),
                                    reason_label(&b.reason, lang),
                                    crate::text::count_of(b.enterprises, lang, "", "enterprise", "enterprises")
                                ),
                            }),
                            None => ui.label(tr(lang, "Chưa có bản sao lưu nào.", "No backup yet.")),
                        };
                        ui.label(
                            egui::RichText::new(
                                core.workspace.folder().backups_dir().display().to_string(),
                            )
                            .weak(),
                        );
                        if ui
                            .button(tr(lang, "Sao lưu ngay", "Back up now"))
                            .on_hover_text(tr(
                                lang,
                                "Tự động: mỗi ngày một bản trong một tuần, mỗi tuần một bản trong hai tháng, và trước mỗi lần nhập dữ liệu. Khôi phục: sohoa backup restore TÊN.",
                                "Automatic: one a day for a week, one a week for two months, and before every import. To restore: sohoa backup restore NAME.",
                            ))
                            .clicked()
                        {
                            actions.push(Action::Exchange(sohoa_core::app::ExchangeAction::BackupNow));
                        }
                        backups_ui(ui, core, actions);
                    });
                    ui.end_row();
                    ui.label(tr(lang, "Doanh nghiệp tự đánh giá", "Self-assessment"));
                    super::exchange::self_assessment_button_ui(ui, lang, actions);
                    ui.end_row();
                    if let Some(log) = sohoa_core::app::log::path() {
                        ui.label(tr(lang, "Nhật ký lỗi", "Error log"));
                        ui.label(log.display().to_string());
                        ui.end_row();
                    }
                });
}

/// The program's settings as they are, its earlier periods, and the buttons to
/// edit them or continue into a new period.
fn program_view_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let program = &core.workspace.program;
    egui::Grid::new("program")
        .num_columns(2)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            ui.label(tr(lang, "Tên", "Name"));
            ui.label(program.name.get(lang));
            ui.end_row();
            ui.label(tr(lang, "Địa bàn", "Region"));
            ui.label(program.region.get(lang));
            ui.end_row();
            ui.label(tr(lang, "Mục tiêu", "Target"));
            ui.label(super::group_thousands(program.target as usize, lang));
            ui.end_row();
            ui.label(tr(lang, "Thời gian", "Period"));
            ui.label(format!(
                "{} – {}",
                format_date(program.start),
                format_date(program.end)
            ));
            ui.end_row();
            ui.label(tr(lang, "Đối tác", "Partners"));
            ui.label(program.partners.join(", "));
            ui.end_row();
            ui.label(tr(lang, "Bộ câu hỏi", "Questionnaire"));
            let q = core
                .workspace
                .questionnaires
                .latest(&program.default_questionnaire);
            ui.label(q.map_or(program.default_questionnaire.clone(), |q| {
                format!("{} ({} {})", q.title.get(lang), q.id, q.version)
            }));
            ui.end_row();
            ui.label(tr(lang, "Đánh giá lại sau", "Follow-up after"));
            ui.label(format!(
                "{} {}",
                program.follow_up_after_months,
                tr(lang, "tháng", "months")
            ));
            ui.end_row();
            ui.label(tr(lang, "Đơn vị hành chính", "Administrative units"));
            let day = program
                .places_as_of
                .unwrap_or_else(|| crate::text::local_date(jiff::Timestamp::now()));
            let (current, former): (Vec<_>, Vec<_>) =
                program.admin_units.iter().partition(|u| u.valid_on(day));
            let names = |units: &[&crate::program::AdminUnit]| {
                units
                    .iter()
                    .map(|u| u.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            ui.vertical(|ui| {
                ui.add(
                    egui::Label::new(format!(
                        "{} ({} {}): {}",
                        tr(lang, "Hiện hành", "Current"),
                        current.len(),
                        tr(lang, "đơn vị", "units"),
                        names(&current)
                    ))
                    .wrap(),
                );
                if !former.is_empty() {
                    ui.add(
                        egui::Label::new(
                            egui::RichText::new(format!(
                                "{} ({}): {}",
                                tr(lang, "Không còn hiệu lực", "No longer valid"),
                                former.len(),
                                names(&former)
                            ))
                            .weak(),
                        )
                        .wrap(),
                    );
                }
            });
            ui.end_row();
        });
    if !program.past_periods.is_empty() {
        ui.strong(tr(lang, "Các giai đoạn trước", "Earlier periods"));
        for period in &program.past_periods {
            ui.label(crate::program::dashboard::past_period_sentence(
                period, lang,
            ));
        }
    }
    for note in &program.notes {
        ui.add(egui::Label::new(egui::RichText::new(note.get(lang)).weak()).wrap());
    }
    ui.horizontal(|ui| {
                        if ui
                            .button(tr(
                                lang,
                                "Sửa cài đặt chương trình",
                                "Edit the program settings",
                            ))
                            .clicked()
                        {
                            actions.push(Action::EditProgram);
                        }
                        if ui
                            .button(tr(
                                lang,
                                "Tiếp tục sang giai đoạn mới…",
                                "Continue into a new period…",
                            ))
                            .on_hover_text(tr(
                                lang,
                                "Ngày và mục tiêu mới; giữ nguyên doanh nghiệp và lịch sử, kết quả giai đoạn hiện tại được lưu lại.",
                                "New dates and target; the same enterprises and history, and the current period's result is kept.",
                            ))
                            .clicked()
                        {
                            actions.push(Action::ContinueProgram);
                        }
                    });
}

/// The program's settings being edited (or a new period being set up).
fn program_form_ui(ui: &mut egui::Ui, core: &mut AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let program = &core.workspace.program;
    let Some(draft) = core.view.program_draft.as_mut() else {
        return;
    };
    if draft.new_period {
        ui.label(
                            egui::RichText::new(match lang {
                                crate::text::Lang::Vi => format!(
                                    "Giai đoạn mới. Giai đoạn hiện tại ({} – {}, mục tiêu {}) sẽ được lưu cùng kết quả của nó.",
                                    format_date(program.start),
                                    format_date(program.end),
                                    super::group_thousands(program.target as usize, lang)
                                ),
                                crate::text::Lang::En => format!(
                                    "A new period. The current one ({} – {}, target {}) is kept with its result.",
                                    format_date(program.start),
                                    format_date(program.end),
                                    super::group_thousands(program.target as usize, lang)
                                ),
                            })
                            .strong(),
                        );
    }
    egui::Grid::new("program-edit")
        .num_columns(2)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            let row = |ui: &mut egui::Ui, label: &str, value: &mut String| {
                let label = ui.label(label);
                ui.add(
                    egui::TextEdit::singleline(value)
                        .desired_width(ui.available_width().min(420.0)),
                )
                .labelled_by(label.id);
                ui.end_row();
            };
            row(
                ui,
                tr(lang, "Tên (tiếng Việt)", "Name (Vietnamese)"),
                &mut draft.name_vi,
            );
            row(
                ui,
                tr(lang, "Tên (tiếng Anh)", "Name (English)"),
                &mut draft.name_en,
            );
            row(
                ui,
                tr(lang, "Địa bàn (tiếng Việt)", "Region (Vietnamese)"),
                &mut draft.region_vi,
            );
            row(
                ui,
                tr(lang, "Địa bàn (tiếng Anh)", "Region (English)"),
                &mut draft.region_en,
            );
            row(
                ui,
                tr(lang, "Mục tiêu (số doanh nghiệp)", "Target (enterprises)"),
                &mut draft.target,
            );
            row(
                ui,
                tr(lang, "Bắt đầu (dd/mm/yyyy)", "Start (dd/mm/yyyy)"),
                &mut draft.start,
            );
            row(
                ui,
                tr(lang, "Kết thúc (dd/mm/yyyy)", "End (dd/mm/yyyy)"),
                &mut draft.end,
            );
            row(
                ui,
                tr(lang, "Đánh giá lại sau (tháng)", "Follow-up after (months)"),
                &mut draft.follow_up_months,
            );
            row(
                ui,
                tr(
                    lang,
                    "Địa bàn tính theo ngày (dd/mm/yyyy; để trống: hôm nay)",
                    "Places as of (dd/mm/yyyy; empty: today)",
                ),
                &mut draft.places_as_of,
            );
            let label = ui.label(tr(lang, "Bộ câu hỏi", "Questionnaire"));
            let combo = egui::ComboBox::from_id_salt("questionnaire")
                .selected_text(draft.questionnaire.clone())
                .show_ui(ui, |ui| {
                    let mut ids: Vec<String> = core
                        .workspace
                        .questionnaires
                        .all()
                        .iter()
                        .map(|q| q.id.clone())
                        .collect();
                    ids.dedup();
                    for id in ids {
                        ui.selectable_value(&mut draft.questionnaire, id.clone(), id);
                    }
                });
            let _ = combo.response.labelled_by(label.id);
            ui.end_row();
            let label = ui.label(tr(
                lang,
                "Đối tác (mỗi dòng một tên)",
                "Partners (one per line)",
            ));
            ui.add(
                egui::TextEdit::multiline(&mut draft.partners)
                    .desired_rows(4)
                    .desired_width(ui.available_width().min(420.0)),
            )
            .labelled_by(label.id);
            ui.end_row();
        });
    ui.horizontal(|ui| {
        if ui
            .button(tr(
                lang,
                "Lưu cài đặt chương trình",
                "Save the program settings",
            ))
            .clicked()
        {
            actions.push(Action::SaveProgram);
        }
        if ui.button(tr(lang, "Hủy", "Cancel")).clicked() {
            core.view.program_draft = None;
        }
    });
}

/// The recent backups, each with a restore button that asks once more.
fn backups_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    use sohoa_core::app::ExchangeAction;
    let lang = core.prefs.lang;
    let backups = &core.view.backups;
    if backups.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(tr(lang, "Các bản sao lưu", "Backups"))
        .id_salt("backups")
        .show(ui, |ui| {
            for backup in backups.iter().rev().take(20) {
                ui.horizontal(|ui| {
                    ui.label(format!(
                        "{} · {} · {}",
                        crate::text::format_moment(backup.taken),
                        reason_label(&backup.reason, lang),
                        backup.enterprises
                    ));
                    if core.view.restore_asked.as_deref() == Some(backup.name.as_str()) {
                        if ui
                            .button(tr(lang, "Chắc chắn: khôi phục", "Yes, restore it"))
                            .clicked()
                        {
                            actions.push(Action::Exchange(ExchangeAction::ConfirmRestore));
                        }
                    } else if ui
                        .small_button(tr(lang, "Khôi phục…", "Restore…"))
                        .clicked()
                    {
                        actions.push(Action::Exchange(ExchangeAction::AskRestore(
                            backup.name.clone(),
                        )));
                    }
                });
            }
        });
}

/// Why a backup was taken, in words.
fn reason_label(reason: &str, lang: Lang) -> String {
    let (vi, en) = match reason {
        "daily" => ("hằng ngày", "daily"),
        "import" => ("trước khi nhập dữ liệu", "before an import"),
        "questionnaire-upgrade" => (
            "trước khi nâng cấp bộ câu hỏi",
            "before a questionnaire upgrade",
        ),
        "before-restore" => ("trước khi khôi phục", "before a restore"),
        "manual" => ("sao lưu tay", "by hand"),
        other => (other, other),
    };
    crate::text::say(lang, vi, en)
}
