//! The first launch on a new data folder: set up the program (from what the
//! office knows, a preset or the office's program file), or look around with
//! demo data in a folder of its own, or assess one's own enterprise.

use eframe::egui;

use sohoa_core::app::drafts::SetupDraft;
use sohoa_core::app::state::FileGoal;
use sohoa_core::app::{Action, AppCore, Edit};
use sohoa_core::program::setup::Preset;

/// The setup page: the whole window until the program is set up.
pub fn setup_ui(ui: &mut egui::Ui, core: &AppCore, shown: &SetupDraft, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let mut draft = shown.clone();
    egui::ScrollArea::vertical().id_salt("setup").auto_shrink(false).show(ui, |ui| {
        ui.set_max_width(760.0);
        ui.heading(lang.pick("Thiết lập chương trình", "Set up the program"));
        ui.label(lang.pick(
            "Thư mục dữ liệu này chưa có chương trình. Hãy cho biết chương trình của văn phòng: tỉnh, thành phố, thời gian, mục tiêu và đối tác. Mọi thứ sửa lại được trong Cài đặt.",
            "This data folder has no program yet. Tell Sohoa the office's program: its province(s), period, target and partners. Everything can be changed later in Settings.",
        ));
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.pick("Bắt đầu từ:", "Start from:"));
            if ui.button(Preset::VinhLong2026.title().get(lang)).clicked() {
                actions.push(Action::StartSetupFrom(Preset::VinhLong2026));
            }
            if ui
                .button(lang.pick("Tệp cấu hình của văn phòng…", "The office's program file…"))
                .on_hover_text(lang.pick(
                    "Tệp .sohoa-program văn phòng gửi cho tư vấn viên: cùng chương trình và khóa của văn phòng.",
                    "The .sohoa-program file the office sends its consultants: the same program and the office's keys.",
                ))
                .clicked()
            {
                actions.push(Action::ChooseFile {
                    goal: FileGoal::ProgramPreset,
                    file_name: String::new(),
                });
            }
        });
        ui.add_space(8.0);
        egui::Grid::new("setup-form").num_columns(2).spacing([16.0, 8.0]).show(ui, |ui| {
            // Wide enough for a program's name; the grid's own width is that of the frame before.
            let width = 440.0;
            let row = |ui: &mut egui::Ui, label: &str, hint: &str, value: &mut String| {
                let label = ui.label(label);
                ui.add(egui::TextEdit::singleline(value).hint_text(hint).desired_width(width))
                    .labelled_by(label.id);
                ui.end_row();
            };
            row(
                ui,
                lang.pick("Tên của bạn", "Your name"),
                lang.pick("ghi vào lịch sử và khóa của máy này", "for the history and this computer's key"),
                &mut draft.person,
            );
            ui.label(lang.pick("Tỉnh, thành phố", "Province(s)"));
            ui.vertical(|ui| {
                super::place_picker::provinces_picker_ui(ui, lang, &mut draft.provinces);
            });
            ui.end_row();
            let made = draft
                .to_setup()
                .map(|setup| setup.name_or_default())
                .unwrap_or_else(|_| sohoa_core::text::Text::new("", ""));
            row(ui, lang.pick("Tên chương trình (tiếng Việt)", "Program name (Vietnamese)"), &made.vi, &mut draft.name_vi);
            row(ui, lang.pick("Tên chương trình (tiếng Anh)", "Program name (English)"), &made.en, &mut draft.name_en);
            row(ui, lang.pick("Bắt đầu (dd/mm/yyyy)", "Start (dd/mm/yyyy)"), "", &mut draft.start);
            row(ui, lang.pick("Kết thúc (dd/mm/yyyy)", "End (dd/mm/yyyy)"), "", &mut draft.end);
            row(
                ui,
                lang.pick("Mục tiêu (số doanh nghiệp)", "Target (enterprises)"),
                lang.pick("ví dụ 1000", "for example 1000"),
                &mut draft.target,
            );
            let label = ui.label(lang.pick("Đối tác (mỗi dòng một tên)", "Partners (one per line)"));
            ui.add(egui::TextEdit::multiline(&mut draft.partners).desired_rows(3).desired_width(width))
                .labelled_by(label.id);
            ui.end_row();
            let (default_vi, default_en) = sohoa_core::program::ProgramSettings::DEFAULT_CONSENT_PURPOSE;
            let label = ui.label(lang.pick(
                "Mục đích xử lý dữ liệu cá nhân (tiếng Việt)",
                "Purpose of processing personal data (Vietnamese)",
            ));
            ui.add(egui::TextEdit::multiline(&mut draft.purpose_vi).hint_text(default_vi).desired_rows(2).desired_width(width))
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(lang.pick(
                "Mục đích xử lý dữ liệu cá nhân (tiếng Anh)",
                "Purpose of processing personal data (English)",
            ));
            ui.add(egui::TextEdit::multiline(&mut draft.purpose_en).hint_text(default_en).desired_rows(2).desired_width(width))
                .labelled_by(label.id);
            ui.end_row();
        });
        ui.add_space(8.0);
        if ui
            .button(egui::RichText::new(lang.pick("Thiết lập chương trình", "Set up the program")).strong())
            .clicked()
        {
            actions.push(Action::SetUpProgram(None));
        }
        ui.add_space(16.0);
        ui.separator();
        ui.strong(lang.pick("Hoặc", "Or"));
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.pick(
                "Chỉ xem thử? 1.000 doanh nghiệp mẫu, trong một thư mục riêng, không lẫn vào dữ liệu thật:",
                "Just looking? 1,000 demo enterprises, in a folder of their own, never mixed with real data:",
            ));
            if ui.button(lang.pick("Xem thử với dữ liệu mẫu", "Look around with demo data")).clicked() {
                actions.push(Action::LoadDemo(1000));
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.pick(
                "Tra cứu chương trình cũ của Bến Tre (2021–2025, đã kết thúc)?",
                "Looking up Bến Tre's former program (2021–2025, ended)?",
            ));
            if ui.button(lang.pick("Dùng chương trình Bến Tre 2021–2025", "Use the Bến Tre 2021–2025 program")).clicked() {
                actions.push(Action::SetUpProgram(Some(Preset::BenTre2021)));
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.pick("Bạn là doanh nghiệp muốn tự đánh giá?", "An enterprise assessing itself?"));
            super::exchange::self_assessment_button_ui(ui, lang, actions);
        });
    });
    if draft != *shown {
        actions.push(Action::Edit(Edit::Setup(Box::new(draft))));
    }
}
