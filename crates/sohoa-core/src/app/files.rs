//! Files the person asks for: PDFs written off the window's thread, the form
//! that chooses where a file goes (or which files are read), and showing a
//! folder in the system's file manager.
//!
//! Key functions: [`check_path`] (what is wrong with a typed path),
//! [`default_folder`]; handlers `choose_file`, `use_file_choice`, the exports.
//!
//! Policy: the file form works by itself (a path typed or kept as filled in), so
//! saving never depends on the system's dialog. A path is checked before anything
//! is written: the folder exists, a file is not replaced unawares (a second press
//! replaces it), files to read exist. Reports are laid out here and handed to the
//! window as an [`Effect`] to draw and write on other threads.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use ulid::Ulid;

use super::action::{Action, Effect, ExchangeAction};
use super::apply::AppCore;
use super::state::{FileChoice, FileGoal};
use crate::report::model::Report;
use crate::text::{Lang, local_date};
use crate::workspace::WorkspaceError;

/// The user's Documents folder, else the home folder, else the working folder:
/// where a file goes the first time one is saved.
pub fn default_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|dirs| {
            dirs.document_dir()
                .map(Path::to_path_buf)
                .or_else(|| Some(dirs.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The paths typed, one per line, without blank lines.
pub fn typed_paths(text: &str) -> Vec<PathBuf> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(PathBuf::from)
        .collect()
}

/// Why the typed path cannot be used for `goal`, or none. `overwrite`: the
/// person has been told the file exists and pressed again.
pub fn check_path(goal: &FileGoal, text: &str, overwrite: bool, lang: Lang) -> Option<String> {
    let paths = typed_paths(text);
    let Some(first) = paths.first() else {
        return Some(
            lang.pick("Hãy nhập một đường dẫn.", "Type a path.")
                .to_owned(),
        );
    };
    if paths.len() > 1 && *goal != FileGoal::Import {
        return Some(lang.pick("Chỉ một đường dẫn.", "One path only.").to_owned());
    }
    if goal.reads() {
        let missing = paths.iter().find(|path| match goal.is_folder() {
            true => !path.is_dir(),
            false => !path.is_file(),
        })?;
        return Some(lang.pick(
            format!("Không thấy {}", missing.display()),
            format!("{} was not found", missing.display()),
        ));
    }
    if goal.is_folder() {
        return None; // created if missing
    }
    if first.is_dir() {
        return Some(
            lang.pick(
                "Đây là một thư mục; hãy thêm tên tệp.",
                "That is a folder; add a file name.",
            )
            .to_owned(),
        );
    }
    match first.parent() {
        Some(parent) if !parent.as_os_str().is_empty() && !parent.is_dir() => Some(lang.pick(
            format!("Thư mục {} không có.", parent.display()),
            format!("The folder {} does not exist.", parent.display()),
        )),
        _ if first.exists() && !overwrite => Some(
            lang.pick(
                "Tệp này đã có. Bấm “Lưu” lần nữa để ghi đè.",
                "That file exists. Press “Save” again to replace it.",
            )
            .to_owned(),
        ),
        _ => None,
    }
}

/// What the form was for, done with the chosen paths: an action to apply, or
/// (for another data folder) an effect for the window.
fn goal_action(goal: &FileGoal, paths: Vec<PathBuf>) -> Option<Result<Action, Effect>> {
    let first = paths.first()?.clone();
    Some(Ok(match goal {
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
        FileGoal::SelfAssessmentForm(enterprise) => Action::ExportForm {
            enterprise: *enterprise,
            path: first,
        },
        FileGoal::Import => Action::Exchange(ExchangeAction::PreviewImport(paths)),
        FileGoal::Table => Action::Exchange(ExchangeAction::PreviewTable(first)),
        FileGoal::DataFolder => return Some(Err(Effect::OpenDataFolder(first))),
        FileGoal::KeyCard => Action::Keys(super::action::KeyAction::ExportCard(first)),
        FileGoal::ProgramPreset => Action::Keys(super::action::KeyAction::ApplyPreset(first)),
        FileGoal::ProgramPresetOut => Action::Keys(super::action::KeyAction::ExportPreset(first)),
    }))
}

impl AppCore {
    /// Opens the file form for `goal` with `file_name` (may be empty) in the last
    /// folder used, else the Documents folder.
    pub(super) fn choose_file(&mut self, goal: FileGoal, file_name: String) {
        let folder = self
            .prefs
            .last_folder
            .clone()
            .filter(|f| f.is_dir())
            .unwrap_or_else(default_folder);
        let path = if file_name.is_empty() {
            folder
        } else {
            folder.join(file_name)
        };
        self.view.file_choice = Some(FileChoice {
            goal,
            path: path.display().to_string(),
            problem: None,
        });
    }

    /// Checks the path of the file form; if it can be used, does what the form
    /// was for, remembers the folder and closes the form.
    pub(super) fn use_file_choice(
        &mut self,
        now: Timestamp,
    ) -> Result<Option<Effect>, WorkspaceError> {
        let lang = self.lang();
        let Some(choice) = self.view.file_choice.as_mut() else {
            return Ok(None);
        };
        // A second press on a path refused only because its file exists replaces it.
        let overwrite = choice.problem.is_some();
        if let Some(problem) = check_path(&choice.goal, &choice.path, overwrite, lang) {
            choice.problem = Some(problem);
            return Ok(None);
        }
        let paths = typed_paths(&choice.path);
        let goal = choice.goal.clone();
        self.view.file_choice = None;
        if let Some(first) = paths.first() {
            let folder = match first.is_dir() {
                true => Some(first.clone()),
                false => first.parent().map(Path::to_path_buf),
            };
            self.prefs.last_folder = folder.filter(|f| !f.as_os_str().is_empty());
        }
        match goal_action(&goal, paths) {
            Some(Ok(action)) => self.route(action, now),
            Some(Err(effect)) => Ok(Some(effect)),
            None => Ok(None),
        }
    }

    pub(super) fn export_summary(
        &mut self,
        enterprise: Ulid,
        path: PathBuf,
        now: Timestamp,
    ) -> Result<Option<Effect>, WorkspaceError> {
        let e = self
            .workspace
            .get(enterprise)
            .ok_or_else(|| WorkspaceError::NotFound(enterprise.to_string()))?;
        let today = local_date(now);
        match crate::report::summary::enterprise_summary(&self.workspace, e, self.lang(), today) {
            Ok(report) => Ok(Some(Effect::WritePdfs(vec![(path, report)]))),
            Err(err) => {
                self.report(err);
                Ok(None)
            }
        }
    }

    pub(super) fn export_program_report(&self, path: PathBuf, now: Timestamp) -> Effect {
        let today = local_date(now);
        let report = crate::report::program::program_report(&self.workspace, self.lang(), today);
        Effect::WritePdfs(vec![(path, report)])
    }

    /// The summary of every assessed enterprise still followed, into `dir`.
    pub(super) fn export_all_summaries(&self, dir: PathBuf, now: Timestamp) -> Effect {
        let today = local_date(now);
        let ws = &self.workspace;
        let reports: Vec<(PathBuf, Report)> = ws
            .enterprises()
            .iter()
            .filter(|e| !e.archived && e.latest_completed().is_some())
            .filter_map(|e| {
                let report =
                    crate::report::summary::enterprise_summary(ws, e, self.lang(), today).ok()?;
                Some((dir.join(crate::report::file_name(e)), report))
            })
            .collect();
        Effect::WritePdfs(reports)
    }

    /// Writes the offline self-assessment form with the program's questionnaire,
    /// for `enterprise` (its name and tax code filled in) or blank.
    pub(super) fn export_form(
        &mut self,
        enterprise: Option<Ulid>,
        path: &Path,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        let ws = &self.workspace;
        let e = match enterprise {
            Some(id) => Some(
                ws.get(id)
                    .ok_or_else(|| WorkspaceError::NotFound(id.to_string()))?,
            ),
            None => None,
        };
        let q = ws
            .program_questionnaire()
            .ok_or_else(|| WorkspaceError::UnknownQuestionnaire {
                id: ws.program.default_questionnaire.clone(),
                version: "(latest)".into(),
            })?;
        let page = crate::exchange::form::self_assessment_form(q, &ws.program, e, self.lang(), now);
        let written = crate::store::atomic::write_atomic(
            path,
            page.as_bytes(),
            crate::store::Durability::Durable,
        );
        let lang = self.lang();
        match written {
            Ok(()) => {
                let text = lang.pick(
                    format!(
                        "Đã lưu phiếu tự đánh giá: {}. Gửi tệp này cho doanh nghiệp (thư điện tử, Zalo); mở bằng trình duyệt bất kỳ, không cần mạng.",
                        path.display()
                    ),
                    format!(
                        "Self-assessment form saved: {}. Send it to the enterprise (e-mail, Zalo); it opens in any browser, offline.",
                        path.display()
                    ),
                );
                self.info_written(text, path);
            }
            Err(e) => {
                let reason = crate::text::io_reason(&e, lang);
                let text = lang.pick(
                    format!("Không lưu được {}: {reason}", path.display()),
                    format!("Could not save {}: {reason}", path.display()),
                );
                self.report(text);
            }
        }
        Ok(())
    }

    /// Shows a folder in the system's file manager.
    pub(super) fn show_folder(&mut self, folder: &Path) {
        // The one call that differs per system.
        let program = if cfg!(target_os = "windows") {
            "explorer"
        } else if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        if let Err(e) = std::process::Command::new(program).arg(folder).spawn() {
            let text = self.lang().pick(
                format!("Không mở được thư mục {}: {e}", folder.display()),
                format!("Could not open the folder {}: {e}", folder.display()),
            );
            self.report(text);
        }
    }
}
