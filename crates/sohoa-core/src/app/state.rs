//! What the window remembers: preferences kept between runs ([`Prefs`]) and the
//! state that lives only while the app runs ([`ViewState`]).
//!
//! The page shown carries its own state ([`Page`]: the profile page its form,
//! the walkthrough where it is, the results page what it shows), so a page
//! without its state cannot be represented; the window asks one question at a
//! time ([`Confirm`]). The drafts themselves are defined in [`super::drafts`]
//! and named here too; the list's state is in `list`.
//!
//! Policy: preferences go to eframe's own storage, never into the data folder;
//! view state is never saved. Drafts of forms are plain strings so a half-typed
//! number is never lost or rejected mid-keystroke.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ulid::Ulid;

use crate::text::Lang;
use crate::workspace::live::LiveDashboard;

pub use super::drafts::choices::PageKind;
pub use super::drafts::{
    ActivityDraft, FileChoice, FileGoal, KeysForm, ProfileDraft, ProgramDraft, RowsAre, Section,
    SortColumn, StatusFilter, WalkState,
};
pub use super::list::{ListIndex, ListKey, ListState};
pub use crate::enterprise::field::FieldProblem;

/// The page shown, with the state that belongs to it: the profile page holds
/// its form, the walkthrough where it is, the results page what it shows, the
/// settings page the program's form while it is open. Leaving a page drops its
/// state (a profile with unsaved changes asks first).
#[derive(Debug, Clone, Default)]
pub enum Page {
    #[default]
    Dashboard,
    Enterprises,
    Profile(Box<ProfilePage>),
    Walkthrough(Box<WalkState>),
    Results(Box<ResultsPage>),
    Drafts,
    /// Conflicts and duplicates waiting for a person.
    Review,
    /// With the program's form, while it is being edited.
    Settings(Option<Box<ProgramDraft>>),
}

impl Page {
    /// Which page it is, without its state.
    pub fn kind(&self) -> PageKind {
        match self {
            Page::Dashboard => PageKind::Dashboard,
            Page::Enterprises => PageKind::Enterprises,
            Page::Profile(_) => PageKind::Profile,
            Page::Walkthrough(_) => PageKind::Walkthrough,
            Page::Results(_) => PageKind::Results,
            Page::Drafts => PageKind::Drafts,
            Page::Review => PageKind::Review,
            Page::Settings(_) => PageKind::Settings,
        }
    }

    /// The page a section of the window opens on.
    pub fn of(section: Section) -> Page {
        match section {
            Section::Dashboard => Page::Dashboard,
            Section::Enterprises => Page::Enterprises,
            Section::Drafts => Page::Drafts,
            Section::Review => Page::Review,
            Section::Settings => Page::Settings(None),
        }
    }
}

/// The profile page: the enterprise's form, and the support activity being
/// added or edited on it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfilePage {
    pub draft: ProfileDraft,
    pub activity: Option<ActivityDraft>,
}

/// The results page: the assessment shown, and its results scored with their
/// baseline for one data generation (computed in the refresh step, read by the
/// screen and the PDF).
#[derive(Debug, Clone)]
pub struct ResultsPage {
    pub enterprise: Ulid,
    pub assessment: Ulid,
    pub scored: Option<(u64, crate::workspace::AssessmentResults)>,
}

/// A question the window asks before doing something that cannot be undone,
/// or before leaving unsaved changes; one at a time.
#[derive(Debug, Clone)]
pub enum Confirm {
    /// Erase this enterprise's personal data.
    ForgetPersonalData(Ulid),
    /// Restore this backup over the folder.
    RestoreBackup(String),
    /// Discard this unfinished assessment.
    DiscardDraft { enterprise: Ulid, assessment: Ulid },
    /// The profile has unsaved changes: save them, drop them, or stay, then
    /// do this.
    LeaveProfile(Box<super::Action>),
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
    pub dashboard: Option<LiveDashboard>,
    pub messages: Vec<Message>,
    pub last_saved: Option<jiff::Timestamp>,
    /// The last changes received from another program (another laptop).
    pub received: Option<super::following::Received>,
    /// The frame's time, set by the refresh step before drawing: what screens
    /// show as today and date new things with.
    pub now: jiff::Timestamp,
    /// A demo-data offer is shown on first run until dismissed.
    pub welcome_dismissed: bool,
    /// The day the automatic backup was last looked after (taken, or found
    /// taken) after a save.
    pub backup_checked: Option<jiff::civil::Date>,
    /// The setup form, open while the data folder has no program.
    pub setup: Option<super::drafts::SetupDraft>,
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
    /// A question waiting for the person's answer.
    pub confirm: Option<Confirm>,
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
    /// The text size while its slider is dragged, applied when it is let go.
    pub scale_draft: Option<f32>,
}

impl ViewState {
    /// The profile page's form, when the profile page is shown.
    pub fn profile(&self) -> Option<&ProfileDraft> {
        match &self.page {
            Page::Profile(page) => Some(&page.draft),
            _ => None,
        }
    }

    pub fn profile_mut(&mut self) -> Option<&mut ProfileDraft> {
        match &mut self.page {
            Page::Profile(page) => Some(&mut page.draft),
            _ => None,
        }
    }

    /// The support activity being edited on the profile page.
    pub fn activity(&self) -> Option<&ActivityDraft> {
        match &self.page {
            Page::Profile(page) => page.activity.as_ref(),
            _ => None,
        }
    }

    pub fn activity_mut(&mut self) -> Option<&mut Option<ActivityDraft>> {
        match &mut self.page {
            Page::Profile(page) => Some(&mut page.activity),
            _ => None,
        }
    }

    /// Where the walkthrough is, when it is shown.
    pub fn walk(&self) -> Option<&WalkState> {
        match &self.page {
            Page::Walkthrough(walk) => Some(walk),
            _ => None,
        }
    }

    pub fn walk_mut(&mut self) -> Option<&mut WalkState> {
        match &mut self.page {
            Page::Walkthrough(walk) => Some(walk),
            _ => None,
        }
    }

    /// The program's form, while Settings edits it.
    pub fn program_draft(&self) -> Option<&ProgramDraft> {
        match &self.page {
            Page::Settings(Some(draft)) => Some(draft),
            _ => None,
        }
    }

    pub fn program_draft_mut(&mut self) -> Option<&mut ProgramDraft> {
        match &mut self.page {
            Page::Settings(Some(draft)) => Some(draft),
            _ => None,
        }
    }

    /// The results page's assessment: (enterprise, assessment).
    pub fn results(&self) -> Option<(Ulid, Ulid)> {
        match &self.page {
            Page::Results(page) => Some((page.enterprise, page.assessment)),
            _ => None,
        }
    }

    /// The results shown, once the refresh step scored them.
    pub fn scored_results(&self) -> Option<&crate::workspace::AssessmentResults> {
        match &self.page {
            Page::Results(page) => page.scored.as_ref().map(|(_, r)| r),
            _ => None,
        }
    }
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
