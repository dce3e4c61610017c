//! Choosing where a file goes, or which files to read, in the window's own form,
//! so that saving never depends on the system's file dialog (many Linux desktops
//! and remote sessions have none, and the dialog then returns nothing at all).
//!
//! Key function: [`file_choice_ui`] (the form, opened by [`Action::ChooseFile`]
//! with a sensible path filled in; the path is checked and used by
//! [`Action::UseFileChoice`], see `sohoa_core::app::files`).
//!
//! Policy: the form always works by itself: the path is typed or kept as filled
//! in; "Chọn…" offers the system's dialog too, and if it does not open, the form
//! says so and stays. A path is checked before anything is written (the folder
//! exists, a file is not overwritten unawares, files to read exist); the goal's
//! action runs only then. The form is view state: nothing here writes.

use std::path::{Path, PathBuf};

use eframe::egui;

use sohoa_core::app::state::FileGoal;
use sohoa_core::app::{Action, AppCore, Edit};
use sohoa_core::exchange::bundle::BUNDLE_EXTENSION;
use sohoa_core::text::{Lang, format_date};

/// Today as it goes in a file name: `30-11-2026`.
pub fn today_for_file_name(core: &AppCore) -> String {
    format_date(core.today()).replace('/', "-")
}

/// The default file name of a bundle written today, naming who sends it (the
/// consultant from Settings, in plain letters): `sohoa-le-van-an-06-12-2026.sohoa`.
pub fn bundle_file_name(core: &AppCore) -> String {
    let sender: String = sohoa_core::text::fold(&core.consultant_name())
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let sender = if sender.is_empty() {
        String::new()
    } else {
        format!("{sender}-")
    };
    format!(
        "sohoa-{sender}{}.{BUNDLE_EXTENSION}",
        today_for_file_name(core)
    )
}

fn title(goal: &FileGoal, lang: Lang) -> &'static str {
    match goal {
        FileGoal::EnterprisePdf(_) => lang.pick("Lưu tóm tắt PDF", "Save the PDF summary"),
        FileGoal::ProgramReport => lang.pick(
            "Lưu báo cáo chương trình (PDF)",
            "Save the program report (PDF)",
        ),
        FileGoal::AllSummaries => lang.pick(
            "Thư mục lưu PDF tóm tắt của mọi doanh nghiệp",
            "Folder for every enterprise's PDF summary",
        ),
        FileGoal::Bundle(_) => lang.pick("Lưu gói dữ liệu", "Save the bundle"),
        FileGoal::SelfAssessment => lang.pick("Lưu tệp gửi chương trình", "Save the file to send"),
        FileGoal::SelfAssessmentForm(_) => lang.pick(
            "Lưu phiếu tự đánh giá (HTML)",
            "Save the self-assessment form (HTML)",
        ),
        FileGoal::Import => lang.pick("Nhập gói dữ liệu", "Import bundles"),
        FileGoal::Table => lang.pick(
            "Nhập bảng tính (danh sách doanh nghiệp hoặc kết quả đánh giá)",
            "Import a spreadsheet (enterprises or assessment results)",
        ),
        FileGoal::DataFolder => lang.pick("Mở thư mục dữ liệu khác", "Open another data folder"),
        FileGoal::KeyCard => lang.pick("Lưu thẻ khóa công khai", "Save the public key card"),
        FileGoal::ProgramPreset => lang.pick(
            "Áp dụng tệp cấu hình chương trình của văn phòng",
            "Apply the office's program file",
        ),
        FileGoal::ProgramPresetOut => lang.pick(
            "Lưu tệp cấu hình chương trình cho tư vấn viên",
            "Save the program file for consultants",
        ),
    }
}

/// Asks the system's dialog, when there is one, for a path for `goal`.
fn system_dialog(goal: &FileGoal, current: &str) -> Option<String> {
    let current = PathBuf::from(current.lines().next().unwrap_or_default().trim());
    let (folder, name) = if current.is_dir() {
        (Some(current.clone()), None)
    } else {
        (
            current.parent().map(Path::to_path_buf),
            current
                .file_name()
                .map(|n| n.to_string_lossy().into_owned()),
        )
    };
    let mut dialog = rfd::FileDialog::new();
    if let Some(folder) = folder.filter(|f| f.is_dir()) {
        dialog = dialog.set_directory(folder);
    }
    if let Some(name) = name {
        dialog = dialog.set_file_name(name);
    }
    let join = |paths: Vec<PathBuf>| {
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    match goal {
        FileGoal::AllSummaries | FileGoal::DataFolder => {
            dialog.pick_folder().map(|p| join(vec![p]))
        }
        FileGoal::Import => dialog
            .add_filter("Sohoa", &[BUNDLE_EXTENSION])
            .pick_files()
            .map(join),
        FileGoal::Table => dialog
            .add_filter("Excel, CSV", &["xlsx", "csv"])
            .pick_file()
            .map(|p| join(vec![p])),
        FileGoal::EnterprisePdf(_) | FileGoal::ProgramReport => dialog
            .add_filter("PDF", &["pdf"])
            .save_file()
            .map(|p| join(vec![p])),
        FileGoal::ProgramPreset => dialog
            .add_filter("Sohoa", &[sohoa_core::program::preset::PRESET_EXTENSION])
            .pick_file()
            .map(|p| join(vec![p])),
        FileGoal::ProgramPresetOut => dialog
            .add_filter("Sohoa", &[sohoa_core::program::preset::PRESET_EXTENSION])
            .save_file()
            .map(|p| join(vec![p])),
        FileGoal::KeyCard => dialog
            .add_filter("Sohoa", &[sohoa_core::keys::KEY_CARD_EXTENSION])
            .save_file()
            .map(|p| join(vec![p])),
        FileGoal::SelfAssessmentForm(_) => dialog
            .add_filter("HTML", &["html"])
            .save_file()
            .map(|p| join(vec![p])),
        FileGoal::Bundle(_) | FileGoal::SelfAssessment => dialog
            .add_filter("Sohoa", &[BUNDLE_EXTENSION])
            .save_file()
            .map(|p| join(vec![p])),
    }
}

/// The form, as a window over the page, while a path is being chosen.
pub fn file_choice_ui(ctx: &egui::Context, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let Some(shown) = core.view.file_choice.as_ref() else {
        return;
    };
    let mut choice = shown.clone();
    egui::Window::new(title(&choice.goal, lang))
        .collapsible(false)
        .resizable(true)
        .default_width(640.0)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 80.0))
        .show(ctx, |ui| {
            let label = ui.label(match (&choice.goal, lang) {
                (FileGoal::Import, Lang::Vi) => "Đường dẫn tệp .sohoa (mỗi dòng một tệp):",
                (FileGoal::Import, Lang::En) => "Path of each .sohoa file (one per line):",
                (FileGoal::Table, Lang::Vi) => "Đường dẫn tệp .xlsx hoặc .csv:",
                (FileGoal::Table, Lang::En) => "Path of the .xlsx or .csv file:",
                (goal, Lang::Vi) if goal.is_folder() => "Thư mục:",
                (goal, Lang::En) if goal.is_folder() => "Folder:",
                (_, Lang::Vi) => "Lưu vào:",
                (_, Lang::En) => "Save as:",
            });
            let field = if choice.goal == FileGoal::Import {
                egui::TextEdit::multiline(&mut choice.path).desired_rows(3)
            } else {
                egui::TextEdit::singleline(&mut choice.path)
            };
            let response = ui
                .add(field.desired_width(ui.available_width()))
                .labelled_by(label.id);
            if response.changed() {
                choice.problem = None;
            }
            let enter = response.lost_focus()
                && choice.goal != FileGoal::Import
                && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if let Some(problem) = &choice.problem {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
            ui.horizontal(|ui| {
                let confirm = match (choice.goal.reads(), lang) {
                    (true, Lang::Vi) => "Mở",
                    (true, Lang::En) => "Open",
                    (false, Lang::Vi) => "Lưu",
                    (false, Lang::En) => "Save",
                };
                if ui.button(confirm).clicked() || enter {
                    actions.push(Action::UseFileChoice);
                }
                if ui
                    .button(lang.pick("Chọn bằng hộp thoại của hệ thống…", "Choose with the system dialog…"))
                    .clicked()
                {
                    match system_dialog(&choice.goal, &choice.path) {
                        Some(path) => {
                            choice.path = path;
                            choice.problem = None;
                        }
                        None => {
                            choice.problem = Some(
                                lang.pick(
                                    "Hộp thoại không mở (hoặc đã được đóng). Có thể gõ đường dẫn vào ô trên.",
                                    "The dialog did not open (or was closed). The path can be typed above.",
                                )
                                .to_owned(),
                            );
                        }
                    }
                }
                if ui.button(lang.pick("Hủy", "Cancel")).clicked() {
                    actions.push(Action::CancelFileChoice);
                }
            });
        });
    if choice != *shown {
        actions.push(Action::Edit(Edit::FileChoice(Box::new(choice))));
    }
}
