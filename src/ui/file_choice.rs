//! Choosing where a file goes, or which files to read, in the window's own form,
//! so that saving never depends on the system's file dialog (many Linux desktops
//! and remote sessions have none, and the dialog then returns nothing at all).
//!
//! Key functions: [`file_choice_ui`] (the form, opened by [`Action::ChooseFile`]
//! with a sensible path filled in), [`check`] (what is wrong with a typed path).
//!
//! Policy: the form always works by itself: the path is typed or kept as filled
//! in; "Chọn…" offers the system's dialog too, and if it does not open, the form
//! says so and stays. A path is checked before anything is written (the folder
//! exists, a file is not overwritten unawares, files to read exist); the goal's
//! action is pushed only then. The form is view state: nothing here writes.

use std::path::{Path, PathBuf};

use eframe::egui;

use crate::exchange::bundle::BUNDLE_EXTENSION;
use crate::text::{Lang, format_date, local_date};
use sohoa_core::app::state::FileGoal;
use sohoa_core::app::{Action, AppCore, ExchangeAction, tr};

/// Today as it goes in a file name: `30-11-2026`.
pub fn today_for_file_name() -> String {
    format_date(local_date(jiff::Timestamp::now())).replace('/', "-")
}

/// The default file name of a bundle written today.
pub fn bundle_file_name() -> String {
    format!("sohoa-{}.{BUNDLE_EXTENSION}", today_for_file_name())
}

fn title(goal: &FileGoal, lang: Lang) -> &'static str {
    match goal {
        FileGoal::EnterprisePdf(_) => tr(lang, "Lưu tóm tắt PDF", "Save the PDF summary"),
        FileGoal::ProgramReport => tr(
            lang,
            "Lưu báo cáo chương trình (PDF)",
            "Save the program report (PDF)",
        ),
        FileGoal::AllSummaries => tr(
            lang,
            "Thư mục lưu PDF tóm tắt của mọi doanh nghiệp",
            "Folder for every enterprise's PDF summary",
        ),
        FileGoal::Bundle(_) => tr(lang, "Lưu gói dữ liệu", "Save the bundle"),
        FileGoal::SelfAssessment => tr(lang, "Lưu tệp gửi chương trình", "Save the file to send"),
        FileGoal::Import => tr(lang, "Nhập gói dữ liệu", "Import bundles"),
        FileGoal::DataFolder => tr(lang, "Mở thư mục dữ liệu khác", "Open another data folder"),
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
        FileGoal::EnterprisePdf(_) | FileGoal::ProgramReport => dialog
            .add_filter("PDF", &["pdf"])
            .save_file()
            .map(|p| join(vec![p])),
        FileGoal::Bundle(_) | FileGoal::SelfAssessment => dialog
            .add_filter("Sohoa", &[BUNDLE_EXTENSION])
            .save_file()
            .map(|p| join(vec![p])),
    }
}

/// The paths typed, one per line, without blank lines.
fn typed_paths(text: &str) -> Vec<PathBuf> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(PathBuf::from)
        .collect()
}

/// Why the typed path cannot be used for `goal`, or none.
pub fn check(goal: &FileGoal, text: &str, overwrite: bool, lang: Lang) -> Option<String> {
    let paths = typed_paths(text);
    let Some(first) = paths.first() else {
        return Some(tr(lang, "Hãy nhập một đường dẫn.", "Type a path.").to_owned());
    };
    if paths.len() > 1 && *goal != FileGoal::Import {
        return Some(tr(lang, "Chỉ một đường dẫn.", "One path only.").to_owned());
    }
    if goal.reads() {
        for path in &paths {
            let ok = if goal.is_folder() {
                path.is_dir()
            } else {
                path.is_file()
            };
            if !ok {
                return Some(match lang {
                    Lang::Vi => format!("Không thấy {}", path.display()),
                    Lang::En => format!("{} was not found", path.display()),
                });
            }
        }
        return None;
    }
    if goal.is_folder() {
        return None; // created if missing
    }
    if first.is_dir() {
        return Some(
            tr(
                lang,
                "Đây là một thư mục; hãy thêm tên tệp.",
                "That is a folder; add a file name.",
            )
            .to_owned(),
        );
    }
    match first.parent() {
        Some(parent) if !parent.as_os_str().is_empty() && !parent.is_dir() => Some(match lang {
            Lang::Vi => format!("Thư mục {} không có.", parent.display()),
            Lang::En => format!("The folder {} does not exist.", parent.display()),
        }),
        _ if first.exists() && !overwrite => Some(
            tr(
                lang,
                "Tệp này đã có. Bấm “Lưu” lần nữa để ghi đè.",
                "That file exists. Press “Save” again to replace it.",
            )
            .to_owned(),
        ),
        _ => None,
    }
}

/// The action that does what the form was for, with the chosen path.
fn goal_action(goal: &FileGoal, text: &str, open_folder: &mut Option<PathBuf>) -> Option<Action> {
    let paths = typed_paths(text);
    let first = paths.first()?.clone();
    Some(match goal {
        FileGoal::EnterprisePdf(enterprise) => Action::ExportSummary {
            enterprise: *enterprise,
            path: first,
        },
        FileGoal::ProgramReport => Action::ExportProgramReport { path: first },
        FileGoal::AllSummaries => Action::ExportAllSummaries { dir: first },
        FileGoal::Bundle(ids) => Action::Exchange(ExchangeAction::ExportBundle {
            path: first,
            ids: ids.clone(),
        }),
        FileGoal::SelfAssessment => {
            Action::Exchange(ExchangeAction::SendSelfAssessment { path: first })
        }
        FileGoal::Import => Action::Exchange(ExchangeAction::PreviewImport(paths)),
        FileGoal::DataFolder => {
            *open_folder = Some(first);
            return None;
        }
    })
}

/// The form, as a window over the page, while a path is being chosen.
pub fn file_choice_ui(
    ctx: &egui::Context,
    core: &mut AppCore,
    actions: &mut Vec<Action>,
    open_folder: &mut Option<PathBuf>,
) {
    let lang = core.prefs.lang;
    let Some(choice) = core.view.file_choice.as_mut() else {
        return;
    };
    let mut close = false;
    let mut chosen: Option<PathBuf> = None;
    egui::Window::new(title(&choice.goal, lang))
        .collapsible(false)
        .resizable(true)
        .default_width(640.0)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 80.0))
        .show(ctx, |ui| {
            let label = ui.label(match (&choice.goal, lang) {
                (FileGoal::Import, Lang::Vi) => "Đường dẫn tệp .sohoa (mỗi dòng một tệp):",
                (FileGoal::Import, Lang::En) => "Path of each .sohoa file (one per line):",
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
                    // A second press on the same path means "replace it".
                    let overwrite = choice.problem.is_some();
                    match check(&choice.goal, &choice.path, overwrite, lang) {
                        Some(problem) => choice.problem = Some(problem),
                        None => {
                            if let Some(action) = goal_action(&choice.goal, &choice.path, open_folder) {
                                actions.push(action);
                            }
                            chosen = typed_paths(&choice.path).into_iter().next();
                            close = true;
                        }
                    }
                }
                if ui
                    .button(tr(lang, "Chọn bằng hộp thoại của hệ thống…", "Choose with the system dialog…"))
                    .clicked()
                {
                    match system_dialog(&choice.goal, &choice.path) {
                        Some(path) => {
                            choice.path = path;
                            choice.problem = None;
                        }
                        None => {
                            choice.problem = Some(
                                tr(
                                    lang,
                                    "Hộp thoại không mở (hoặc đã được đóng). Có thể gõ đường dẫn vào ô trên.",
                                    "The dialog did not open (or was closed). The path can be typed above.",
                                )
                                .to_owned(),
                            );
                        }
                    }
                }
                if ui.button(tr(lang, "Hủy", "Cancel")).clicked() {
                    close = true;
                }
            });
        });
    if close {
        core.view.file_choice = None;
    }
    if let Some(path) = chosen {
        let folder = if path.is_dir() {
            Some(path)
        } else {
            path.parent().map(Path::to_path_buf)
        };
        core.prefs.last_folder = folder.filter(|f| !f.as_os_str().is_empty());
    }
}
