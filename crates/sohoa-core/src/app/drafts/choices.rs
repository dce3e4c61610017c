//! The small choices an action carries: how the enterprise list is sorted and
//! filtered, what a file being chosen is for, what a table's rows are, the
//! key forms of Settings, and the sections of the window one goes to.

use ulid::Ulid;

/// Columns the enterprise list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortColumn {
    #[default]
    Name,
    TaxCode,
    Place,
    Level,
    LastActivity,
}

/// Which enterprises the list shows by support status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Supported,
    NotSupported,
    Archived,
}

/// What the rows of a table being imported are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowsAre {
    /// One enterprise per row (a registry's list).
    Enterprises,
    /// One past assessment per row (a workbook, a form tool's submissions).
    Assessments,
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

/// Which page is shown, without its state: small and `Copy`, to compare and
/// to name a page's help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Dashboard,
    Enterprises,
    Profile,
    Walkthrough,
    Results,
    Drafts,
    Review,
    Settings,
}

impl PageKind {
    pub const ALL: [PageKind; 8] = [
        PageKind::Dashboard,
        PageKind::Enterprises,
        PageKind::Profile,
        PageKind::Walkthrough,
        PageKind::Results,
        PageKind::Drafts,
        PageKind::Review,
        PageKind::Settings,
    ];

    /// The section of the user guide ([`crate::guide`]) about this page.
    pub fn help_section(self) -> &'static str {
        match self {
            PageKind::Dashboard => "dashboard",
            PageKind::Enterprises => "enterprises",
            PageKind::Profile => "profile",
            PageKind::Walkthrough => "walkthrough",
            PageKind::Results => "results",
            PageKind::Drafts => "drafts",
            PageKind::Review => "review",
            PageKind::Settings => "settings",
        }
    }
}

/// A section of the window the side bar goes to: a page that needs nothing to
/// open (a profile, an assessment and its results are opened by their own
/// actions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Dashboard,
    Enterprises,
    Drafts,
    /// Conflicts and duplicates waiting for a person.
    Review,
    Settings,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Dashboard,
        Section::Enterprises,
        Section::Drafts,
        Section::Review,
        Section::Settings,
    ];

    /// The page it opens.
    pub fn kind(self) -> PageKind {
        match self {
            Section::Dashboard => PageKind::Dashboard,
            Section::Enterprises => PageKind::Enterprises,
            Section::Drafts => PageKind::Drafts,
            Section::Review => PageKind::Review,
            Section::Settings => PageKind::Settings,
        }
    }
}
