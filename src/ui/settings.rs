//! Settings: language, theme, scale, the consultant's name, the data folder, and
//! the program settings (name, region, target, dates, partners, questionnaire).

use eframe::egui;

use sohoa_core::app::{Action, AppCore, Edit};
use sohoa_core::text::{Lang, format_date};

pub fn settings_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    egui::ScrollArea::both()
        .id_salt("settings")
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.heading(lang.pick("Cài đặt", "Settings"));
            preferences_ui(ui, core, actions);
            ui.separator();
            ui.heading(lang.pick("Chương trình", "Program"));
            if core.view.program_draft().is_some() {
                program_form_ui(ui, core, actions);
            } else {
                program_view_ui(ui, core, actions);
            }
            ui.separator();
            super::keys::keys_ui(ui, core, actions);
        });
}

/// Language, theme, text size, the consultant's name, the data folder, backups,
/// the self-assessment mode and where the error log is.
fn preferences_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    egui::Grid::new("prefs")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            ui.label(lang.pick("Ngôn ngữ", "Language"));
            ui.horizontal_wrapped(|ui| {
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
            ui.label(lang.pick("Giao diện", "Theme"));
            ui.horizontal_wrapped(|ui| {
                if ui
                    .selectable_label(!core.prefs.dark, lang.pick("Sáng", "Light"))
                    .clicked()
                {
                    actions.push(Action::SetDark(false));
                }
                if ui
                    .selectable_label(core.prefs.dark, lang.pick("Tối", "Dark"))
                    .clicked()
                {
                    actions.push(Action::SetDark(true));
                }
            });
            ui.end_row();
            let label = ui.label(lang.pick("Cỡ chữ", "Text size"));
            // The size is applied when the slider is let go (or moved by a
            // click or the keys): applied while dragged, the whole window
            // rescaled under the pointer and the slider overshot.
            let mut scale = core.view.scale_draft.unwrap_or(core.prefs.scale);
            let slider = ui
                .add(egui::Slider::new(&mut scale, 0.75..=2.0).step_by(0.05))
                .labelled_by(label.id);
            if slider.dragged() {
                actions.push(Action::Edit(Edit::Scale(Some(scale))));
            } else if slider.drag_stopped() || slider.changed() {
                actions.push(Action::Edit(Edit::Scale(None)));
                actions.push(Action::SetScale(scale));
            }
            ui.end_row();
            let label = ui.label(lang.pick(
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
            ui.label(lang.pick("Thư mục dữ liệu", "Data folder"));
            ui.horizontal_wrapped(|ui| {
                ui.label(core.workspace.folder().root().display().to_string());
                if ui
                    .button(lang.pick("Chọn thư mục khác…", "Choose another folder…"))
                    .clicked()
                {
                    actions.push(Action::ChooseFile {
                        goal: sohoa_core::app::state::FileGoal::DataFolder,
                        file_name: String::new(),
                    });
                }
            });
            ui.end_row();
            ui.label(lang.pick("Sao lưu", "Backups"));
            ui.vertical(|ui| {
                match core.view.backups.last() {
                    Some(b) => ui.label(lang.pick(
format!(
                            "Lần gần nhất: {} ({}, {} doanh nghiệp)",
                            sohoa_core::text::format_moment(b.taken),
                            reason_label(&b.reason, lang),
                            b.enterprises
                        ), format!(
                            "Last: {} ({}, {})",
                            sohoa_core::text::format_moment(b.taken),
                            reason_label(&b.reason, lang),
                            sohoa_core::text::count_of(b.enterprises, lang, "", "enterprise", "enterprises")
                        ))),
                    None => ui.label(lang.pick("Chưa có bản sao lưu nào.", "No backup yet.")),
                };
                ui.label(
                    egui::RichText::new(
                        core.workspace.folder().backups_dir().display().to_string(),
                    )
                    .weak(),
                );
                if super::widgets::button_with_hint(ui, lang.pick("Sao lưu ngay", "Back up now"), lang.pick(
                        "Tự động: mỗi ngày một bản trong một tuần, mỗi tuần một bản trong hai tháng, và trước mỗi lần nhập dữ liệu. Khôi phục: sohoa backup restore TÊN.",
                        "Automatic: one a day for a week, one a week for two months, and before every import. To restore: sohoa backup restore NAME.",
                    ))
                {
                    actions.push(Action::Exchange(sohoa_core::app::ExchangeAction::BackupNow));
                }
                backups_ui(ui, core, actions);
            });
            ui.end_row();
            ui.label(lang.pick("Doanh nghiệp tự đánh giá", "Self-assessment"));
            super::exchange::self_assessment_button_ui(ui, lang, actions);
            ui.end_row();
            if let Some(log) = sohoa_core::app::log::path() {
                ui.label(lang.pick("Nhật ký lỗi", "Error log"));
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
            ui.label(lang.pick("Tên", "Name"));
            ui.label(program.name.get(lang));
            ui.end_row();
            ui.label(lang.pick("Địa bàn", "Region"));
            ui.label(program.region.get(lang));
            ui.end_row();
            ui.label(lang.pick("Mục tiêu", "Target"));
            ui.label(super::group_thousands(program.target as usize, lang));
            ui.end_row();
            ui.label(lang.pick("Thời gian", "Period"));
            ui.label(format!(
                "{} – {}",
                format_date(program.start),
                format_date(program.end)
            ));
            ui.end_row();
            ui.label(lang.pick("Đối tác", "Partners"));
            ui.label(program.partners.join(", "));
            ui.end_row();
            ui.label(lang.pick("Bộ câu hỏi", "Questionnaire"));
            let q = core
                .workspace
                .questionnaires
                .latest(&program.default_questionnaire);
            ui.label(q.map_or(program.default_questionnaire.clone(), |q| {
                format!("{} ({} {})", q.title.get(lang), q.id, q.version)
            }));
            ui.end_row();
            ui.label(lang.pick("Đánh giá lại sau", "Follow-up after"));
            ui.label(format!(
                "{} {}",
                program.follow_up_after_months,
                lang.pick("tháng", "months")
            ));
            ui.end_row();
            if !program.provinces.is_empty() {
                ui.label(lang.pick("Tỉnh, thành phố", "Provinces"));
                ui.add(
                    egui::Label::new(sohoa_core::program::setup::provinces_line(
                        &program.provinces,
                        lang,
                    ))
                    .wrap(),
                );
                ui.end_row();
            }
            if program.admin_units.is_empty() {
                return;
            }
            ui.label(if program.provinces.is_empty() {
                lang.pick("Đơn vị hành chính", "Administrative units")
            } else {
                lang.pick("Đơn vị riêng của chương trình", "The program's own units")
            });
            let day = program.places_as_of.unwrap_or_else(|| core.today());
            let (current, former): (Vec<_>, Vec<_>) =
                program.admin_units.iter().partition(|u| u.valid_on(day));
            let names = |units: &[&sohoa_core::program::AdminUnit]| {
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
                        lang.pick("Hiện hành", "Current"),
                        current.len(),
                        lang.pick("đơn vị", "units"),
                        names(&current)
                    ))
                    .wrap(),
                );
                if !former.is_empty() {
                    ui.add(
                        egui::Label::new(
                            egui::RichText::new(format!(
                                "{} ({}): {}",
                                lang.pick("Không còn hiệu lực", "No longer valid"),
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
        ui.strong(lang.pick("Các giai đoạn trước", "Earlier periods"));
        for period in &program.past_periods {
            ui.label(sohoa_core::program::dashboard::past_period_sentence(
                period, lang,
            ));
        }
    }
    for note in program.notes.iter().chain(&program.period_notes) {
        ui.add(egui::Label::new(egui::RichText::new(note.get(lang)).weak()).wrap());
    }
    ui.horizontal_wrapped(|ui| {
                        if ui
                            .button(lang.pick(
                                "Sửa cài đặt chương trình",
                                "Edit the program settings",
                            ))
                            .clicked()
                        {
                            actions.push(Action::EditProgram);
                        }
                        if super::widgets::button_with_hint(ui, lang.pick(
                                "Tiếp tục sang giai đoạn mới…",
                                "Continue into a new period…",
                            ), lang.pick(
                                "Ngày và mục tiêu mới; giữ nguyên doanh nghiệp và lịch sử, kết quả giai đoạn hiện tại được lưu lại.",
                                "New dates and target; the same enterprises and history, and the current period's result is kept.",
                            ))
                        {
                            actions.push(Action::ContinueProgram);
                        }
                    });
}

/// The program's settings being edited (or a new period being set up).
fn program_form_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let program = &core.workspace.program;
    let Some(shown) = core.view.program_draft() else {
        return;
    };
    let mut draft = shown.clone();
    if draft.new_period {
        let (start, end) = (format_date(program.start), format_date(program.end));
        let target = super::group_thousands(program.target as usize, lang);
        let text = lang.pick(
            format!(
                "Giai đoạn mới. Giai đoạn hiện tại ({start} – {end}, mục tiêu {target}) sẽ được lưu cùng kết quả của nó."
            ),
            format!(
                "A new period. The current one ({start} – {end}, target {target}) is kept with its result."
            ),
        );
        ui.label(egui::RichText::new(text).strong());
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
            let rows = [
                ("Tên (tiếng Việt)", "Name (Vietnamese)", &mut draft.name_vi),
                ("Tên (tiếng Anh)", "Name (English)", &mut draft.name_en),
                (
                    "Địa bàn (tiếng Việt)",
                    "Region (Vietnamese)",
                    &mut draft.region_vi,
                ),
                (
                    "Địa bàn (tiếng Anh)",
                    "Region (English)",
                    &mut draft.region_en,
                ),
                (
                    "Mục tiêu (số doanh nghiệp)",
                    "Target (enterprises)",
                    &mut draft.target,
                ),
                (
                    "Bắt đầu (dd/mm/yyyy)",
                    "Start (dd/mm/yyyy)",
                    &mut draft.start,
                ),
                ("Kết thúc (dd/mm/yyyy)", "End (dd/mm/yyyy)", &mut draft.end),
                (
                    "Đánh giá lại sau (tháng)",
                    "Follow-up after (months)",
                    &mut draft.follow_up_months,
                ),
                (
                    "Địa bàn tính theo ngày (dd/mm/yyyy; để trống: hôm nay)",
                    "Places as of (dd/mm/yyyy; empty: today)",
                    &mut draft.places_as_of,
                ),
            ];
            for (vi, en, value) in rows {
                row(ui, lang.pick(vi, en), value);
            }
            let label = ui.label(lang.pick("Bộ câu hỏi", "Questionnaire"));
            // Named by title, as people know it; the id is what is stored.
            let questionnaires = &core.workspace.questionnaires;
            let title = |id: &str| {
                questionnaires
                    .latest(id)
                    .map_or_else(|| id.to_owned(), |q| q.title.get(lang).to_owned())
            };
            let combo = egui::ComboBox::from_id_salt("questionnaire")
                .selected_text(title(&draft.questionnaire))
                .show_ui(ui, |ui| {
                    let mut ids: Vec<String> =
                        questionnaires.all().iter().map(|q| q.id.clone()).collect();
                    ids.dedup();
                    for id in ids {
                        let shown = title(&id);
                        ui.selectable_value(&mut draft.questionnaire, id, shown);
                    }
                });
            let _labelled = combo.response.labelled_by(label.id);
            ui.end_row();
            ui.label(lang.pick("Tỉnh, thành phố", "Provinces"));
            ui.vertical(|ui| {
                super::place_picker::provinces_picker_ui(ui, lang, &mut draft.provinces);
            });
            ui.end_row();
            let label =
                ui.label(lang.pick("Đối tác (mỗi dòng một tên)", "Partners (one per line)"));
            ui.add(
                egui::TextEdit::multiline(&mut draft.partners)
                    .desired_rows(4)
                    .desired_width(ui.available_width().min(420.0)),
            )
            .labelled_by(label.id);
            ui.end_row();
        });
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(lang.pick("Lưu cài đặt chương trình", "Save the program settings"))
            .clicked()
        {
            actions.push(Action::SaveProgram);
        }
        if ui.button(lang.pick("Hủy", "Cancel")).clicked() {
            actions.push(Action::CancelProgramEdit);
        }
    });
    if draft != *shown {
        actions.push(Action::Edit(Edit::Program(Box::new(draft))));
    }
}

/// The recent backups, each with a restore button that asks once more.
fn backups_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    use sohoa_core::app::ExchangeAction;
    let lang = core.prefs.lang;
    let backups = &core.view.backups;
    if backups.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(lang.pick("Các bản sao lưu", "Backups"))
        .id_salt("backups")
        .show(ui, |ui| {
            for backup in backups.iter().rev().take(20) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!(
                        "{} · {} · {}",
                        sohoa_core::text::format_moment(backup.taken),
                        reason_label(&backup.reason, lang),
                        backup.enterprises
                    ));
                    let asked = matches!(&core.view.confirm, Some(sohoa_core::app::Confirm::RestoreBackup(name)) if *name == backup.name);
                    if asked {
                        if ui
                            .button(lang.pick("Chắc chắn: khôi phục", "Yes, restore it"))
                            .clicked()
                        {
                            actions.push(Action::Exchange(ExchangeAction::ConfirmRestore));
                        }
                    } else if ui
                        .small_button(lang.pick("Khôi phục…", "Restore…"))
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
    lang.pick(vi, en).to_owned()
}
