//! Helpers for the tests that work through the library and the window: records
//! saved straight into a folder, and a window driven as a person drives it.

use std::path::Path;
use std::time::Duration;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sohoa::app::{Action, AppCore, Prefs, SohoaApp};
use sohoa::enterprise::{Enterprise, Mode, Stage};
use sohoa::questionnaire::Answer;
use sohoa::workspace::Workspace;

/// The window under test, with the app as its state.
pub type Window = Harness<'static, SohoaApp>;

/// Saves a new enterprise named `name` (with `tax_code`, if any) in `dir`; returns its id.
pub fn save_new_enterprise(dir: &Path, name: &str, tax_code: Option<&str>) -> ulid::Ulid {
    crate::with_ben_tre_program(dir);
    let mut ws = Workspace::open(dir).unwrap();
    let mut e = Enterprise::new(name, jiff::Timestamp::now());
    e.tax_code = tax_code.map(String::from);
    ws.save(e).unwrap()
}

/// Records a completed DBI assessment of `id` at `stage` by `assessor`, answering
/// each `(question, option)` of `choices`; returns the assessment's id.
pub fn complete_dbi_assessment(
    ws: &mut Workspace,
    id: ulid::Ulid,
    stage: Stage,
    assessor: &str,
    choices: &[(&str, &str)],
) -> ulid::Ulid {
    let now = jiff::Timestamp::now();
    let mode = Mode::ConsultantLed;
    let a = ws
        .start_assessment(id, stage, mode, assessor, "dbi-2021-sme", now)
        .unwrap();
    for (question, option) in choices {
        let answer = Some(Answer::Choice((*option).into()));
        ws.set_answer(id, a, question, answer, now).unwrap();
    }
    ws.complete_assessment(id, a, now).unwrap();
    a
}

/// Makes `dir` a demo folder: the demo program and `count` demo enterprises.
pub fn demo_folder(dir: &Path, count: usize) {
    let mut ws = Workspace::open(dir).unwrap();
    sohoa::app::apply::fill_demo_folder(&mut ws, count).unwrap();
}

/// The app on the data folder `dir` (set up with the Bến Tre program if it has
/// none), with the default preferences.
pub fn app_on(dir: &Path) -> SohoaApp {
    crate::with_ben_tre_program(dir);
    let ws = Workspace::open(dir).unwrap();
    SohoaApp::with_workspace(ws, Prefs::default())
}

/// How many frames one `run` may draw before the window must be still. The
/// window follows its data folder: the system's notifications of the window's
/// own writes (a record, the journal) come on another thread at the machine's
/// pace, and each asks for two more frames. egui_kittest's default of four was
/// too few on a slow machine, right after a click that saved.
const FRAMES_TO_SETTLE: u64 = 40;

/// A 1400 × 1000 window showing `app`, each frame `step_dt` seconds after the last.
pub fn harness_stepping(app: SohoaApp, step_dt: f32) -> Window {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .with_step_dt(step_dt)
        .with_max_steps(FRAMES_TO_SETTLE)
        .build_ui_state(|ui, app: &mut SohoaApp| app.show(ui), app)
}

/// A 1400 × 1000 window showing `app`, at egui_kittest's usual four frames a second.
pub fn harness(app: SohoaApp) -> Window {
    harness_stepping(app, 1.0 / 4.0)
}

/// A window on the data folder `dir`, its first frames drawn.
pub fn open_window(dir: &Path) -> Window {
    let mut h = harness(app_on(dir));
    h.run();
    h
}

/// A window on `dir` once an enterprise named `name` is saved there; returns
/// the window and the enterprise's id.
pub fn window_on_one_enterprise(dir: &Path, name: &str) -> (Window, ulid::Ulid) {
    let id = save_new_enterprise(dir, name, None);
    (open_window(dir), id)
}

/// The app's state behind the window.
pub fn core(h: &Window) -> &AppCore {
    h.state().core().unwrap()
}

/// The app's state behind the window, to change.
pub fn core_mut(h: &mut Window) -> &mut AppCore {
    h.state_mut().core_mut().unwrap()
}

/// The workspace the window shows.
pub fn workspace(h: &Window) -> &Workspace {
    &core(h).workspace
}

/// Applies `action` as a click in the window would, then draws.
pub fn apply(h: &mut Window, action: Action) {
    let _ = core_mut(h).apply(action, jiff::Timestamp::now());
    h.run();
}

/// Starts (or resumes) the baseline assessment of `id` in the walkthrough, then draws.
pub fn start_baseline(h: &mut Window, id: ulid::Ulid) {
    apply(
        h,
        Action::StartAssessment {
            enterprise: id,
            stage: Stage::Baseline,
        },
    );
}

/// Whether the window shows a label containing `part`.
pub fn shows_text(h: &Window, part: &str) -> bool {
    h.query_by_label_contains(part).is_some()
}

/// Clicks the widget labelled `label`, then draws.
pub fn click(h: &mut Window, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Puts the cursor in the field labelled `label` and types `text` (nothing drawn yet).
pub fn type_into(h: &mut Window, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.get_by_label(label).type_text(text);
}

/// Presses `key`, then draws.
pub fn press(h: &mut Window, key: egui::Key) {
    h.key_press(key);
    h.run();
}

/// Presses `key` and then Enter, `times` times over, drawing after each press.
pub fn press_then_enter(h: &mut Window, key: egui::Key, times: usize) {
    for _ in 0..times {
        press(h, key);
        press(h, egui::Key::Enter);
    }
}

/// The key that types the digit `n`.
pub fn digit_key(n: usize) -> egui::Key {
    egui::Key::from_name(&n.to_string()).unwrap()
}

/// Writes `path` in the file form that is open, as if typed there.
pub fn set_file_path(h: &mut Window, path: &str) {
    let form = core_mut(h).view.file_choice.as_mut().unwrap();
    form.path = path.to_owned();
}

/// Draws frames, 20 ms apart, until `done` holds or 300 have been drawn.
pub fn run_until(h: &mut Window, done: impl Fn(&Window) -> bool) {
    for _ in 0..300 {
        h.run();
        if done(h) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
