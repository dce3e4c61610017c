//! What the window remembers: preferences kept between runs ([`Prefs`]) and the
//! state that lives only while the app runs ([`ViewState`]).
//!
//! The drafts of the forms live with their pages (`profile`, `activity`,
//! `program`, `walk`) and the list's state in `list`; they are named here too.
//!
//! Policy: preferences go to eframe's own storage, never into the data folder;
//! view state is never saved. Drafts of forms are plain strings so a half-typed
//! number is never lost or rejected mid-keystroke.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ulid::Ulid;

use crate::text::Lang;
use crate::workspace::live::LiveDashboard;

pub use super::activity::ActivityDraft;
pub use super::list::{ListIndex, ListKey, ListState, SortColumn, StatusFilter};
pub use super::profile::ProfileDraft;
pub use super::program::ProgramDraft;
pub use super::walk::WalkState;
pub use crate::enterprise::field::FieldProblem;

/// The page shown; small and `Copy`, so it is cheap to compare and switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Page {
    #[default]
    Dashboard,
    Enterprises,
    Profile,
    Walkthrough,
    Results,
    Drafts,
    /// Conflicts and duplicates waiting for a person.
    Review,
    Settings,
}

impl Page {
    pub const ALL: [Page; 8] = [
        Page::Dashboard,
        Page::Enterprises,
        Page::Profile,
        Page::Walkthrough,
        Page::Results,
        Page::Drafts,
        Page::Review,
        Page::Settings,
    ];

    /// The section of the user guide ([`crate::guide`]) about this page.
    pub fn help_section(self) -> &'static str {
        match self {
            Page::Dashboard => "dashboard",
            Page::Enterprises => "enterprises",
            Page::Profile => "profile",
            Page::Walkthrough => "walkthrough",
            Page::Results => "results",
            Page::Drafts => "drafts",
            Page::Review => "review",
            Page::Settings => "settings",
        }
    }
}

/// The section of the guide about the setup page (no [`Page`]: it stands in
/// for all of them until the program is set up).
pub const SETUP_HELP_SECTION: &str = "setup";

/// Preferences kept between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub lang: Lang,
    pub dark: bool,
    pub scale: f32,
    /// Recorded as the assessor on new assessments.
    pub consultant: String,
    /// The data folder last used (none: the platform default).
    pub data_dir: Option<PathBuf>,
    /// The folder a file was last saved to or read from.
    pub last_folder: Option<PathBuf>,
}

impl Default for Prefs {
    fn default() -> Prefs {
        Prefs {
            lang: Lang::Vi,
            dark: false,
            scale: 1.0,
            consultant: String::new(),
            data_dir: None,
            last_folder: None,
        }
    }
}

/// A message shown in the window until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub error: bool,
    pub text: String,
    /// The folder a file was written to, offered as "open folder".
    pub folder: Option<std::path::PathBuf>,
}

/// Everything about the window that is not domain data and is not saved.
#[derive(Debug, Default)]
pub struct ViewState {
    pub page: Page,
    pub list: ListState,
    pub profile: Option<ProfileDraft>,
    pub walk: Option<WalkState>,
    pub results: Option<(Ulid, Ulid)>,
    /// The results shown, scored with their baseline, for one data generation
    /// (computed in the refresh step, read by the screen).
    pub results_view: Option<(u64, crate::workspace::AssessmentResults)>,
    pub activity: Option<ActivityDraft>,
    pub dashboard: Option<LiveDashboard>,
    pub messages: Vec<Message>,
    pub last_saved: Option<jiff::Timestamp>,
    /// The last changes received from another program (another laptop).
    pub received: Option<super::follow::Received>,
    /// The frame's time, set by the refresh step before drawing: what screens
    /// show as today and date new things with.
    pub now: jiff::Timestamp,
    /// A demo-data offer is shown on first run until dismissed.
    pub welcome_dismissed: bool,
    /// The day the automatic backup was last looked after (taken, or found
    /// taken) after a save.
    pub backup_checked: Option<jiff::civil::Date>,
    /// Program settings being edited on the settings page.
    pub program_draft: Option<ProgramDraft>,
    /// The setup form, open while the data folder has no program.
    pub setup: Option<super::setup::SetupDraft>,
    /// The section of the user guide shown in the help window, if it is open.
    pub help: Option<String>,
    /// PDFs being written in the background: how many in all, and how many are done.
    pub job: Option<(usize, std::sync::Arc<std::sync::atomic::AtomicUsize>)>,
    /// Bundles read and planned, waiting for the person to confirm the import.
    pub import: Option<ImportPreview>,
    /// A spreadsheet read and planned, waiting for the person to confirm.
    pub table_import: Option<TableImportView>,
    /// The folder is one enterprise's self-assessment: only its profile, the
    /// questionnaire and its results are shown.
    pub self_assessment: bool,
    /// The data folder's backups, oldest first, read when the folder opens and kept
    /// up to date here (Settings shows them without reading the disk every frame).
    pub backups: Vec<crate::store::BackupInfo>,
    /// This installation's key card, once Settings has asked for it.
    pub own_key: Option<crate::keys::KeyCard>,
    /// What is typed in Settings' key forms.
    pub keys_form: KeysForm,
    /// The enterprise whose personal data the person asked to erase, until confirmed.
    pub forget_asked: Option<Ulid>,
    /// A backup the person asked to restore, waiting for confirmation.
    pub restore_asked: Option<String>,
    /// How many records have a conflict, counted for one data generation.
    pub conflicted: Option<(u64, usize)>,
    /// How many records are demo data, with the workspace generation it was counted at.
    pub demo_records: Option<(u64, usize)>,
    /// Duplicate pairs, computed for one data generation.
    pub duplicates: Option<(u64, Vec<crate::workspace::DuplicatePair>)>,
    /// Another program holds the folder's lock: changes wait (see the status line).
    pub folder_busy: bool,
    /// Where a file is to be written (or which files read), being chosen.
    pub file_choice: Option<FileChoice>,
    /// A draft the person asked to discard: (enterprise, assessment), waiting for
    /// a second, informed yes.
    pub discard_asked: Option<(Ulid, Ulid)>,
    /// The text size while its slider is dragged, applied when it is let go.
    pub scale_draft: Option<f32>,
    /// Where the person asked to go while the profile had unsaved changes.
    pub leave_asked: Option<Box<crate::app::Action>>,
}

/// What the rows of a table being imported are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowsAre {
    /// One enterprise per row (a registry's list).
    Enterprises,
    /// One past assessment per row (a workbook, a form tool's submissions).
    Assessments,
}

/// What importing the table would do, as last planned.
#[derive(Debug, Clone)]
pub enum TablePreview {
    Enterprises(crate::exchange::table_plan::TablePlan),
    Assessments(crate::workspace::AssessmentTablePlan),
}

/// A table read and planned, waiting for the person.
#[derive(Debug, Clone)]
pub struct TableImportView {
    pub path: std::path::PathBuf,
    pub table: crate::exchange::table_in::RawTable,
    pub rows_are: RowsAre,
    /// What each column holds, for a list of enterprises.
    pub fields: Vec<Option<crate::enterprise::field::ProfileField>>,
    /// How many columns answer a question of the program's questionnaire.
    pub question_columns: usize,
    pub consent_given: bool,
    pub preview: TablePreview,
    /// Where the refused rows were written, once they were.
    pub rejects: Option<std::path::PathBuf>,
}

/// What a chosen path is for.
#[derive(Debug, Clone, PartialEq)]
pub enum FileGoal {
    /// The PDF summary of an enterprise.
    EnterprisePdf(Ulid),
    ProgramReport,
    /// A folder for the summary of every assessed enterprise.
    AllSummaries,
    /// A bundle of these enterprises.
    Bundle(Vec<Ulid>),
    /// The self-assessment file to send.
    SelfAssessment,
    /// The offline self-assessment form (HTML), blank or for one enterprise.
    SelfAssessmentForm(Option<Ulid>),
    /// Bundles to import (one path per line).
    Import,
    /// A spreadsheet (XLSX or CSV) of enterprises or of assessments to import.
    Table,
    /// Another data folder to open.
    DataFolder,
    /// Where to save this installation's key card.
    KeyCard,
    /// The office's program file to apply.
    ProgramPreset,
    /// Where to save the program file for consultants.
    ProgramPresetOut,
}

impl FileGoal {
    /// Whether the path names a folder rather than a file.
    pub fn is_folder(&self) -> bool {
        matches!(self, FileGoal::AllSummaries | FileGoal::DataFolder)
    }

    /// Whether the files are read (they must exist) rather than written.
    pub fn reads(&self) -> bool {
        matches!(
            self,
            FileGoal::Import | FileGoal::Table | FileGoal::DataFolder | FileGoal::ProgramPreset
        )
    }
}

/// A path being chosen in the window's own form: typed, or filled in by the
/// system's dialog when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct FileChoice {
    pub goal: FileGoal,
    /// The path as typed (for [`FileGoal::Import`], one per line).
    pub path: String,
    /// Why the path cannot be used, shown under it.
    pub problem: Option<String>,
}

/// What importing the chosen bundles would do.
#[derive(Debug, Default)]
pub struct ImportPreview {
    pub plans: Vec<crate::workspace::ImportPlan>,
    /// Bundles that cannot be imported, with the reason.
    pub refused: Vec<String>,
    /// Bundles whose new signing key a person confirmed in the preview: the key
    /// is kept once the bundle went in.
    pub confirmed: Vec<std::path::PathBuf>,
}

/// What is typed in Settings' key forms, kept until it is used.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeysForm {
    /// A key card pasted (or a card file's path) to add as an office key.
    pub pasted_card: String,
    /// The fingerprint of a key to revoke.
    pub revoke_fingerprint: String,
    /// From when (dd/mm/yyyy).
    pub revoke_from: String,
}
