//! The desktop app shell: the eframe `App`, fonts and theme, opening a data
//! folder off the UI thread, and the frame loop that collects actions from the
//! screens and applies them.
//!
//! Key types: [`SohoaApp`]; the window-free part ([`AppCore`], [`Action`], the
//! view state) is `sohoa_core::app`.
//!
//! Policy: screens (in [`crate::ui`]) read `&AppCore` (the data folder and the
//! view state, refreshed before drawing) and push [`Action`]s; the frame loop
//! applies them after drawing, a change that writes waiting in a queue while
//! another Sohoa holds the folder. Loading a folder runs on its own
//! thread with progress shown; the window keeps responding.

use sohoa_core::app::{Action, AppCore, Effect, ExchangeAction, Prefs, log, state};

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex, OnceLock};

use eframe::egui;

use sohoa_core::workspace::{LoadProgress, Workspace, WorkspaceError};

const PREFS_KEY: &str = "sohoa-prefs";

/// The name eframe keeps the window's saved state under.
const APP_ID: &str = "Sohoa";

/// A data folder being opened on another thread.
struct Loading {
    root: PathBuf,
    progress: Arc<LoadProgress>,
    result: Receiver<Result<Workspace, WorkspaceError>>,
    /// The window to wake when the folder is open, once there is one.
    wake: Arc<OnceLock<egui::Context>>,
}

impl Loading {
    /// Starts opening `root` on its own thread.
    fn start(root: PathBuf) -> Loading {
        let progress = Arc::new(LoadProgress::default());
        let wake: Arc<OnceLock<egui::Context>> = Arc::default();
        let (send, result) = channel();
        let (thread_root, thread_progress, thread_wake) =
            (root.clone(), Arc::clone(&progress), Arc::clone(&wake));
        std::thread::spawn(move || {
            let opened = Workspace::open_with_progress(thread_root, &thread_progress);
            // The window may have closed meanwhile: then nobody waits for the folder.
            let _ = send.send(opened);
            // A window not made yet finds the folder open at its first frame.
            if let Some(ctx) = thread_wake.get() {
                ctx.request_repaint();
            }
        });
        Loading {
            root,
            progress,
            result,
            wake,
        }
    }
}

/// The data folder the window will open, known before the window is made so
/// the folder opens while the window is being made (a few tenths of a second
/// with software drawing): the one given, else the one the preferences saved
/// by the last run name (eframe's `app.ron`), else the platform's default.
/// `None` when saved preferences exist but cannot be read here: the window
/// then decides once it has them, as it always did. `saved` is eframe's file
/// of saved state.
fn folder_to_open(data_dir: Option<&PathBuf>, saved: Option<&std::path::Path>) -> Option<PathBuf> {
    let prefs = match data_dir {
        Some(_) => Prefs::default(),
        None => saved_prefs(saved?)?,
    };
    folder_of(data_dir.cloned(), &prefs)
}

/// The preferences in eframe's file of saved state, as the window will read
/// them: the defaults when there is no file or no preferences in it, `None`
/// when the file cannot be read.
fn saved_prefs(saved: &std::path::Path) -> Option<Prefs> {
    match std::fs::read_to_string(saved) {
        Ok(text) => {
            let values: std::collections::HashMap<String, String> = ron::from_str(&text).ok()?;
            match values.get(PREFS_KEY) {
                Some(value) => ron::from_str(value).ok(),
                None => Some(Prefs::default()),
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(Prefs::default()),
        Err(_) => None,
    }
}

/// The data folder the window opens: the one given, else the one in the
/// preferences, else the platform's default.
fn folder_of(data_dir: Option<PathBuf>, prefs: &Prefs) -> Option<PathBuf> {
    data_dir
        .or_else(|| prefs.data_dir.clone())
        .or_else(sohoa_core::store::DataFolder::default_root)
}

/// What a background PDF job reports when it ends: files written, failures.
type PdfJobResult = (Vec<PathBuf>, Vec<String>);

/// The desktop app.
pub struct SohoaApp {
    core: Option<AppCore>,
    loading: Option<Loading>,
    pdf_job: Option<Receiver<PdfJobResult>>,
    /// Set when the data folder could not be opened at all.
    fatal: Option<String>,
    prefs: Prefs,
    fonts_installed: bool,
    /// Bundles to preview once the folder is open.
    pending_import: Vec<PathBuf>,
    /// Today's automatic backup, taken on another thread after the folder opens.
    backup_job: Option<Receiver<Result<sohoa_core::store::BackupInfo, String>>>,
    /// Actions waiting for another Sohoa (or the backup thread) to finish writing
    /// to the folder; applied, in order, as soon as the folder is free.
    waiting: Vec<Action>,
    /// Where this installation's key is kept, when `--key-dir` names a folder
    /// (otherwise `SOHOA_KEY_DIR` or the platform's preferences folder).
    pub key_dir: Option<PathBuf>,
    /// Where the last frame drew its page: the window less its panels.
    page_area: egui::Rect,
    /// Whether the window has been checked against the screen it opened on.
    window_fitted: bool,
}

/// How long a change waits for the folder's lock when the frame loop does not
/// already hold it: short enough not to freeze the window. (Changes from the
/// screens never wait: `show` keeps them for a later frame while the folder is busy.)
const APP_LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(200);

/// Installs Noto Sans (full Vietnamese coverage) as the first font of every family.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans".into(),
        Arc::new(egui::FontData::from_static(include_bytes!(
            "../assets/fonts/NotoSans-Regular.ttf"
        ))),
    );
    fonts.font_data.insert(
        "noto-sans-bold".into(),
        Arc::new(egui::FontData::from_static(include_bytes!(
            "../assets/fonts/NotoSans-Bold.ttf"
        ))),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let names = fonts.families.entry(family).or_default();
        names.insert(0, "noto-sans".into());
        // Arrows and geometric shapes (→ ▶ □ ■ ●) that Noto Sans lacks.
        if !names.iter().any(|n| n == "Hack") {
            names.push("Hack".into());
        }
    }
    fonts.families.insert(
        egui::FontFamily::Name("bold".into()),
        vec!["noto-sans-bold".into(), "noto-sans".into()],
    );
    ctx.set_fonts(fonts);
}

impl SohoaApp {
    /// Starts the app for eframe: preferences from its storage, then the data folder
    /// (from `data_dir`, the preferences or the platform default) opened in the
    /// background, or taken from `early` when that is already opening it.
    fn new(
        cc: &eframe::CreationContext<'_>,
        data_dir: Option<PathBuf>,
        early: Option<Loading>,
    ) -> SohoaApp {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, PREFS_KEY))
            .unwrap_or_default();
        let root = folder_of(data_dir, &prefs);
        let mut app = SohoaApp::idle(prefs);
        match root {
            Some(root) => match early {
                Some(loading) if loading.root == root => {
                    let _ = loading.wake.set(cc.egui_ctx.clone());
                    app.loading = Some(loading);
                }
                // Another folder than the one begun (the preferences said
                // otherwise): that opening ends unheeded.
                _ => app.open_folder(root, cc.egui_ctx.clone()),
            },
            None => {
                app.fatal =
                    Some("No home folder to keep data in; start Sohoa with --data-dir DIR.".into())
            }
        }
        app
    }

    /// An app with no folder open and nothing running.
    fn idle(prefs: Prefs) -> SohoaApp {
        SohoaApp {
            core: None,
            loading: None,
            pdf_job: None,
            fatal: None,
            prefs,
            fonts_installed: false,
            pending_import: Vec::new(),
            backup_job: None,
            waiting: Vec::new(),
            key_dir: None,
            page_area: egui::Rect::NOTHING,
            window_fitted: false,
        }
    }

    /// An app already holding a workspace (for tests and tools).
    pub fn with_workspace(workspace: Workspace, prefs: Prefs) -> SohoaApp {
        let core = AppCore::new(workspace, prefs.clone());
        SohoaApp {
            core: Some(core),
            ..SohoaApp::idle(prefs)
        }
    }

    pub fn core(&self) -> Option<&AppCore> {
        self.core.as_ref()
    }

    pub fn core_mut(&mut self) -> Option<&mut AppCore> {
        self.core.as_mut()
    }

    /// Where the last frame drew its page, in points: what a person sees of it
    /// without scrolling the window's panels away.
    pub fn page_area(&self) -> egui::Rect {
        self.page_area
    }

    fn open_folder(&mut self, root: PathBuf, ctx: egui::Context) {
        let loading = Loading::start(root);
        let _ = loading.wake.set(ctx);
        self.loading = Some(loading);
    }

    fn poll_loading(&mut self) {
        let Some(loading) = &self.loading else { return };
        let result = match loading.result.try_recv() {
            Ok(result) => result,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            // The loading thread ended without an answer: it panicked.
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(WorkspaceError::Crashed(
                "opening the folder stopped on an internal error".into(),
            )),
        };
        let root = loading.root.clone();
        self.loading = None;
        match result {
            Ok(workspace) => {
                self.prefs.data_dir = Some(root);
                let mut prefs = self.prefs.clone();
                if let Some(old) = &self.core {
                    prefs = old.prefs.clone();
                    prefs.data_dir = self.prefs.data_dir.clone();
                }
                let mut workspace = workspace;
                workspace.set_lock_wait(APP_LOCK_WAIT);
                let mut core = AppCore::new(workspace, prefs);
                if let Some(dir) = &self.key_dir {
                    core.keyring = sohoa_core::keys::Keyring::new(dir)
                        .outside_of(Some(core.workspace.folder().root().to_owned()));
                }
                if !self.pending_import.is_empty() && !core.view.self_assessment {
                    let files = std::mem::take(&mut self.pending_import);
                    // One spreadsheet ("Open with Sohoa") goes to the table's
                    // preview, bundles to theirs.
                    let preview = match files.as_slice() {
                        [one] if sohoa_core::exchange::table_in::is_spreadsheet(one) => {
                            ExchangeAction::PreviewTable(one.clone())
                        }
                        _ => ExchangeAction::PreviewImport(files),
                    };
                    // A preview has no effect to run; its errors are shown by `apply`.
                    let _ = core.apply(Action::Exchange(preview), jiff::Timestamp::now());
                }
                let now = jiff::Timestamp::now();
                if core.workspace.daily_backup_due(now) && !core.workspace.enterprises().is_empty()
                {
                    let folder = core.workspace.folder().clone();
                    let policy = core.workspace.program.backups;
                    let (send, receive) = channel();
                    std::thread::spawn(move || {
                        let taken = folder
                            .lock(sohoa_core::store::OPEN_WAIT)
                            .map_err(|e| e.to_string())
                            .and_then(|lock| {
                                folder
                                    .backup(&lock, "daily", policy, now)
                                    .map_err(|e| e.to_string())
                            });
                        // The window may have closed meanwhile; the backup is on disk either way.
                        let _ = send.send(taken);
                    });
                    self.backup_job = Some(receive);
                }
                self.core = Some(core);
                self.fatal = None;
            }
            Err(e) => {
                let text = format!(
                    "Không mở được thư mục dữ liệu {} / Cannot open the data folder: {e}",
                    root.display()
                );
                log::error(&text);
                match &mut self.core {
                    Some(core) => core.report(text),
                    None => self.fatal = Some(text),
                }
            }
        }
    }

    /// Lays out, draws and writes PDFs on another thread (both cores), counting them
    /// as they are done; a failure, even a panic, is reported and the others go on.
    fn start_pdf_job(
        &mut self,
        reports: Vec<(PathBuf, sohoa_core::report::model::Report)>,
        ctx: egui::Context,
    ) {
        use std::sync::atomic::AtomicUsize;
        let Some(core) = &mut self.core else { return };
        if self.pdf_job.is_some() {
            core.report(core.prefs.lang.pick(
                "Đang xuất PDF, hãy chờ xong rồi thử lại.",
                "PDFs are being written; try again when they are done.",
            ));
            return;
        }
        let done = Arc::new(AtomicUsize::new(0));
        let lang = core.prefs.lang;
        core.view.job = Some((reports.len(), Arc::clone(&done)));
        let (send, receive) = channel();
        std::thread::spawn(move || {
            let batch = sohoa_core::report::write_each(
                &reports,
                |(path, _)| {
                    let name = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    Some((name, path.clone()))
                },
                |(_, report)| sohoa_core::report::render(report),
                &done,
            );
            // The window may have closed meanwhile; the PDFs are written either way.
            let _ = send.send((
                batch.written,
                batch
                    .failed
                    .into_iter()
                    .map(|(name, why)| {
                        format!(
                            "{name}: {}",
                            sohoa_core::explain::Explain::explain(&why, lang)
                        )
                    })
                    .collect(),
            ));
            ctx.request_repaint();
        });
        self.pdf_job = Some(receive);
    }

    fn poll_backup_job(&mut self) {
        let (Some(job), Some(core)) = (&self.backup_job, &mut self.core) else {
            return;
        };
        let outcome = match job.try_recv() {
            Ok(outcome) => outcome,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err("the backup stopped on an internal error".into())
            }
        };
        self.backup_job = None;
        match outcome {
            // Re-read once: the rotation may have removed older ones.
            Ok(_) => core.view.backups = core.workspace.folder().backups(),
            Err(e) => core.report(core.prefs.lang.pick(
                format!("Không sao lưu được thư mục dữ liệu: {e}"),
                format!("The data folder could not be backed up: {e}"),
            )),
        }
    }

    fn poll_pdf_job(&mut self) {
        let (Some(job), Some(core)) = (&self.pdf_job, &mut self.core) else {
            return;
        };
        let (written, failed) = match job.try_recv() {
            Ok(outcome) => outcome,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => (
                Vec::new(),
                vec!["writing the PDFs stopped on an internal error; the data is unchanged".into()],
            ),
        };
        self.pdf_job = None;
        core.view.job = None;
        let lang = core.prefs.lang;
        if let Some(first) = written.first() {
            let place = if written.len() == 1 {
                first.clone()
            } else {
                first.parent().map(PathBuf::from).unwrap_or_default()
            };
            let folder = if written.len() == 1 {
                first.parent().map(PathBuf::from)
            } else {
                Some(place.clone())
            };
            core.view.messages.push(state::Message {
                folder,
                error: false,
                text: lang.pick(
                    format!(
                        "Đã lưu {} tệp PDF: {}",
                        sohoa_core::text::format_count(written.len() as u64, lang),
                        place.display()
                    ),
                    format!(
                        "{} saved: {}",
                        sohoa_core::text::count_of(
                            written.len(),
                            lang,
                            "",
                            "PDF file",
                            "PDF files"
                        ),
                        place.display()
                    ),
                ),
            });
        }
        for failure in failed {
            core.report(failure);
        }
    }

    /// Draws one frame and applies what the person did. Used by eframe and by tests.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            install_fonts(&ctx);
            self.fonts_installed = true;
        }
        self.poll_loading();
        self.poll_pdf_job();
        self.poll_backup_job();
        let prefs = self.core.as_ref().map_or(&self.prefs, |c| &c.prefs);
        // The chosen theme, not the system's: egui otherwise follows the system, and
        // the loading screen came up dark under the light theme. Only on a change:
        // setting the style every frame would make egui repaint forever.
        let theme = if prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        };
        if ctx.theme() != theme || ctx.options(|o| o.theme_preference) != theme.into() {
            ctx.set_theme(theme);
        }
        if (ctx.zoom_factor() - prefs.scale).abs() > f32::EPSILON {
            ctx.set_zoom_factor(prefs.scale);
        }
        let lang = prefs.lang;
        if let Some(loading) = &self.loading {
            crate::ui::loading_ui(ui, lang, &loading.root, &loading.progress);
            return;
        }
        let Some(core) = &mut self.core else {
            crate::ui::fatal_ui(ui, self.fatal.as_deref().unwrap_or(""));
            return;
        };
        let now = jiff::Timestamp::now();
        if !core.following.started() {
            let wake = ctx.clone();
            core.watch_folder(move || wake.request_repaint());
        }
        core.follow_folder(std::time::Instant::now(), now);
        if let Some(soon) = core.following.next_look() {
            ctx.request_repaint_after(soon);
        }
        core.refresh(now);
        let mut actions = std::mem::take(&mut self.waiting);
        self.page_area = crate::ui::app_ui(ui, core, &mut actions);
        let mut pdfs = None;
        let mut open_folder = None;
        // Another Sohoa writing to the folder (an import from the command line, the
        // daily backup) must not freeze the window: a change waits, with every
        // action after it (their order matters), and the status line says why;
        // what does not write goes on.
        let mut held = false;
        let mut actions = AppCore::in_frame_order(actions).into_iter();
        while let Some(action) = actions.next() {
            if action.writes() && !held {
                match core.workspace.try_hold_lock() {
                    Ok(true) => held = true,
                    Ok(false) => {
                        core.view.folder_busy = true;
                        self.waiting = std::iter::once(action).chain(actions).collect();
                        ctx.request_repaint_after(std::time::Duration::from_millis(100));
                        break;
                    }
                    // The lock cannot be taken at all: the change, applied, says why.
                    Err(_) => {}
                }
                core.view.folder_busy = false;
            }
            match core.apply(action, now) {
                Some(Effect::OpenDataFolder(path)) => open_folder = Some(path),
                Some(Effect::WritePdfs(reports)) => pdfs = Some(reports),
                None => {}
            }
        }
        if held {
            core.workspace.release_lock();
        }
        if let Some(reports) = pdfs {
            self.start_pdf_job(reports, ctx.clone());
        }
        if let Some(path) = open_folder {
            self.open_folder(path, ctx);
        }
    }
}

impl eframe::App for SohoaApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if !self.window_fitted {
            self.window_fitted = fit_window_to_screen(ui.ctx());
        }
        self.show(ui);
    }

    /// The page's colour under the chosen theme, where nothing is painted yet:
    /// eframe's own near-black showed as a black frame before the first paint
    /// (and under the light theme the loading screen is light).
    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        let prefs = self.core.as_ref().map_or(&self.prefs, |c| &c.prefs);
        let visuals = if prefs.dark {
            egui::Visuals::dark()
        } else {
            egui::Visuals::light()
        };
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let prefs = self.core.as_ref().map_or(&self.prefs, |c| &c.prefs);
        eframe::set_value(storage, PREFS_KEY, prefs);
    }
}

/// The ways to draw the window, tried in this order until one opens it. OpenGL
/// first (it starts fastest and is what Linux uses); on Windows, Direct3D 12
/// next, for the PCs where OpenGL has no usable driver (remote-desktop sessions,
/// some virtual machines, old office PCs), where Windows' own software adapter
/// still draws.
#[cfg(windows)]
const RENDERERS: &[eframe::Renderer] = &[eframe::Renderer::Glow, eframe::Renderer::Wgpu];
#[cfg(not(windows))]
const RENDERERS: &[eframe::Renderer] = &[eframe::Renderer::Glow];

/// Opens the desktop window; returns when it is closed. Each renderer in
/// [`RENDERERS`] is tried until one opens the window; the error is the last
/// one's, with the others' in the log. `SOHOA_RENDERER=wgpu` (or `glow`) starts
/// with that one.
pub fn run(
    data_dir: Option<PathBuf>,
    key_dir: Option<PathBuf>,
    open: Vec<PathBuf>,
) -> eframe::Result {
    log::log_panics();
    let mut renderers = RENDERERS.to_vec();
    if let Ok(wanted) = std::env::var("SOHOA_RENDERER") {
        renderers.sort_by_key(|r| !r.to_string().eq_ignore_ascii_case(wanted.trim()));
    }
    // Taken by the first window made; a renderer that fails before that
    // leaves it to the next.
    let saved = eframe::storage_dir(APP_ID).map(|dir| dir.join("app.ron"));
    let early = Arc::new(Mutex::new(
        folder_to_open(data_dir.as_ref(), saved.as_deref()).map(Loading::start),
    ));
    let mut last = None;
    for renderer in renderers {
        let options = eframe::NativeOptions {
            viewport: egui::ViewportBuilder::default()
                .with_title("Sohoa")
                .with_icon(icon())
                .with_inner_size([1280.0, 800.0])
                .with_min_inner_size([900.0, 600.0]),
            persist_window: true,
            renderer,
            ..Default::default()
        };
        let (data_dir, key_dir, open) = (data_dir.clone(), key_dir.clone(), open.clone());
        let early = Arc::clone(&early);
        let opened = eframe::run_native(
            APP_ID,
            options,
            Box::new(move |cc| {
                let early = early.lock().ok().and_then(|mut early| early.take());
                let mut app = SohoaApp::new(cc, data_dir, early);
                app.pending_import = open;
                app.key_dir = key_dir;
                Ok(Box::new(app))
            }),
        );
        match opened {
            Ok(()) => return Ok(()),
            Err(e) => {
                log::error(&format!("the window did not open with {renderer}: {e}"));
                last = Some(e);
            }
        }
    }
    Err(last.unwrap_or_else(|| eframe::Error::AppCreation("no renderer was built in".into())))
}

/// Maximises a window that opened larger than its screen (the first start's
/// 1280 × 800 points on a 1366 × 768 laptop hid the status line under the task
/// bar); a window that fits keeps the size it was given or had last time.
/// Returns whether the screen's size was known, so the check is done.
fn fit_window_to_screen(ctx: &egui::Context) -> bool {
    let (screen, window) = ctx.input(|i| (i.viewport().monitor_size, i.viewport().outer_rect));
    let (Some(screen), Some(window)) = (screen, window) else {
        return false;
    };
    if window.width() > screen.x || window.height() > screen.y {
        ctx.send_viewport_cmd(egui::ViewportCommand::Maximized(true));
    }
    true
}

/// The app's icon for the window's title bar and the task bar: 64 × 64 pixels,
/// drawn from `assets/icon/sohoa.svg` (see `assets/icon/README.md`).
fn icon() -> egui::IconData {
    const SIZE: u32 = 64;
    let rgba = include_bytes!("../assets/icon/sohoa-64.rgba");
    egui::IconData {
        rgba: rgba.to_vec(),
        width: SIZE,
        height: SIZE,
    }
}

/// Opens the window in self-assessment mode on `folder` (created and marked if new).
pub fn run_self_assessment(folder: PathBuf) -> anyhow::Result<()> {
    let data = sohoa_core::store::DataFolder::open(&folder)?;
    data.mark_self_assessment()?;
    run(Some(folder), None, Vec::new()).map_err(|e| anyhow::anyhow!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// eframe's file of saved state, written as eframe writes it: a map of
    /// keys to values, each value RON text.
    fn saved_state(dir: &std::path::Path, prefs: Option<&Prefs>) -> PathBuf {
        let mut values = std::collections::HashMap::new();
        if let Some(prefs) = prefs {
            values.insert(PREFS_KEY.to_owned(), ron::to_string(prefs).unwrap());
        }
        values.insert("egui".to_owned(), "(zoom_factor: 1.0)".to_owned());
        let path = dir.join("app.ron");
        let text = ron::ser::to_string_pretty(&values, ron::ser::PrettyConfig::default()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn the_folder_given_on_the_command_line_is_opened_before_the_window_whatever_was_saved() {
        let dir = tempfile::tempdir().unwrap();
        let given = dir.path().join("given");
        let saved = saved_state(
            dir.path(),
            Some(&Prefs {
                data_dir: Some(dir.path().join("saved")),
                ..Prefs::default()
            }),
        );
        assert_eq!(folder_to_open(Some(&given), Some(&saved)), Some(given));
    }

    #[test]
    fn the_folder_the_last_run_saved_is_opened_before_the_window() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("Dữ liệu chương trình");
        let saved = saved_state(
            dir.path(),
            Some(&Prefs {
                data_dir: Some(folder.clone()),
                ..Prefs::default()
            }),
        );
        assert_eq!(folder_to_open(None, Some(&saved)), Some(folder));
    }

    #[test]
    fn without_saved_state_or_a_saved_folder_the_default_folder_is_opened_before_the_window() {
        let dir = tempfile::tempdir().unwrap();
        let default = sohoa_core::store::DataFolder::default_root();
        assert_eq!(
            folder_to_open(None, Some(&dir.path().join("app.ron"))),
            default
        );
        let saved = saved_state(dir.path(), None);
        assert_eq!(folder_to_open(None, Some(&saved)), default);
    }

    #[test]
    fn saved_state_that_cannot_be_read_leaves_the_choice_to_the_window() {
        let dir = tempfile::tempdir().unwrap();
        let saved = dir.path().join("app.ron");
        std::fs::write(&saved, "{\"sohoa-prefs\": \"(data_dir: \"").unwrap();
        assert_eq!(folder_to_open(None, Some(&saved)), None);
        std::fs::write(&saved, [0xff, 0xfe, 0x00]).unwrap();
        assert_eq!(folder_to_open(None, Some(&saved)), None);
        assert_eq!(folder_to_open(None, None), None);
    }
}
