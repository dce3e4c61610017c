//! Everything a person can do in the window, as data: [`Action`] (what was
//! asked), [`Edit`] (what is being typed or picked, before anything is saved) and
//! [`Effect`] (what the window must then do itself).
//!
//! Policy: screens only read [`AppCore`](super::AppCore) and push actions;
//! [`AppCore::apply`](super::AppCore::apply) runs them once each at the end of the
//! frame. Nothing here does anything: this file is the vocabulary.

use std::path::PathBuf;

use ulid::Ulid;

use super::drafts::{
    ActivityDraft, FileChoice, FileGoal, KeysForm, ProfileDraft, ProgramDraft, RowsAre, Section,
    SetupDraft, SortColumn, StatusFilter, WalkState,
};
use crate::enterprise::Stage;
use crate::enterprise::field::ProfileField;
use crate::program::dashboard::Dimension;
use crate::questionnaire::Answer;
use crate::text::Lang;

/// A change to the enterprise list's search, filters, sort or selection.
#[derive(Debug, Clone, PartialEq)]
pub enum ListEdit {
    /// The search text.
    Query(String),
    /// The filters, one value per dimension at most.
    Filters(Vec<(Dimension, String)>),
    Status(StatusFilter),
    /// Sort by a column, descending or not.
    Sort(SortColumn, bool),
    Select(Option<Ulid>),
    /// The search box has taken the keyboard it was asked to take.
    QueryFocused,
    /// The table was shown from its first row, as asked.
    ScrolledToTop,
}

/// What is being typed or picked in a form, a filter or a slider, sent whole
/// each time it changes. An edit made for a form that has since closed or moved
/// on (another record, another question) is dropped.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Profile(Box<ProfileDraft>),
    Activity(Box<ActivityDraft>),
    Program(Box<ProgramDraft>),
    /// The first launch's setup form.
    Setup(Box<SetupDraft>),
    /// The typing buffers of the question shown (figures, note, share mode, hint).
    Walk(Box<WalkState>),
    /// The path being chosen in the file form.
    FileChoice(Box<FileChoice>),
    /// The enterprise list's search, filters, sort or selection.
    List(ListEdit),
    /// The text size while its slider is dragged (`None` once it is let go).
    Scale(Option<f32>),
    /// What is typed in Settings' key forms (a pasted key card, a revocation).
    Keys(KeysForm),
}

/// Bundles, conflicts, duplicates, self-assessment.
#[derive(Debug, Clone, PartialEq)]
pub enum ExchangeAction {
    /// Read and plan these bundles, and show what importing them would do.
    PreviewImport(Vec<PathBuf>),
    /// Import the bundles of the preview.
    ConfirmImport,
    /// A person compared the fingerprint of the key that signed this previewed
    /// bundle with its sender, and trusts it.
    TrustSigner(PathBuf),
    CancelImport,
    /// Write a bundle of these enterprises.
    ExportBundle {
        path: PathBuf,
        ids: Vec<Ulid>,
    },
    /// Keep `value` (canonical RON) for a field in conflict.
    ResolveConflict {
        enterprise: Ulid,
        field: ProfileField,
        value: String,
    },
    /// Merge two records of one enterprise.
    MergeDuplicates {
        first: Ulid,
        second: Ulid,
    },
    /// Write this folder's self-assessment as one file for the program.
    SendSelfAssessment {
        path: PathBuf,
    },
    /// Switch to the self-assessment folder.
    EnterSelfAssessment,
    /// Back to the program's data folder.
    LeaveSelfAssessment,
    /// Read a spreadsheet (XLSX or CSV) and show how it would be imported.
    PreviewTable(PathBuf),
    /// Read another sheet of the workbook shown.
    TableSheet(String),
    /// Say what the rows of the table shown are: enterprises or assessments.
    TableRowsAre(RowsAre),
    /// Say what a column of the table shown holds (`None`: leave it out).
    TableColumn {
        column: usize,
        field: Option<ProfileField>,
    },
    /// Whether the contacts in the list agreed to their personal data being held.
    TableConsent(bool),
    /// Write the rows refused beside the table, with their reasons.
    WriteTableRejects,
    /// Import the table shown (whole, or nothing when a row is refused).
    ConfirmTableImport,
    CancelTableImport,
    /// Take a backup of the data folder now.
    BackupNow,
    /// Ask to put the folder back as it was in a backup (a second click confirms).
    AskRestore(String),
    /// Restore the backup asked for, then reopen the folder.
    ConfirmRestore,
}

/// One thing the user asked for.
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Navigate(Section),
    /// Show the profile of an enterprise.
    OpenEnterprise(Ulid),
    /// Start an empty profile form.
    NewEnterprise,
    /// Save the profile form (adds or updates).
    SaveProfile,
    SetArchived(Ulid, bool),
    /// Start (or resume the draft of) an assessment.
    StartAssessment {
        enterprise: Ulid,
        stage: Stage,
    },
    ResumeAssessment {
        enterprise: Ulid,
        assessment: Ulid,
    },
    /// Answer (or clear) a question of the assessment being walked through.
    Answer {
        question: String,
        answer: Option<Answer>,
    },
    /// Save the note typed for the current question.
    SaveNote,
    GoToQuestion(usize),
    NextQuestion,
    PreviousQuestion,
    Review,
    CompleteAssessment,
    /// Ask before discarding a draft (what would be lost is shown).
    AskDiscardDraft {
        enterprise: Ulid,
        assessment: Ulid,
    },
    /// Put the question away: the draft stays.
    KeepDraft,
    DiscardDraft {
        enterprise: Ulid,
        assessment: Ulid,
    },
    ShowResults {
        enterprise: Ulid,
        assessment: Ulid,
    },
    /// Start the activity form for an enterprise (a new one, or an existing one to edit).
    EditActivity {
        enterprise: Ulid,
        activity: Option<Ulid>,
    },
    SaveActivity,
    RemoveActivity {
        enterprise: Ulid,
        activity: Ulid,
    },
    /// Show the list filtered by one bar of the dashboard.
    FilterList {
        dimension: Dimension,
        key: String,
    },
    EditProgram,
    /// Close the program form without saving.
    CancelProgramEdit,
    /// Opens the program settings to continue the program into a new period.
    ContinueProgram,
    SaveProgram,
    SetLang(Lang),
    SetDark(bool),
    SetScale(f32),
    SetConsultant(String),
    /// Open the help at a section of the guide (none: close it).
    ShowHelp(Option<String>),
    /// Fill the setup form from a preset.
    StartSetupFrom(crate::program::setup::Preset),
    /// Set up the folder's program from the setup form (or, for the Bến Tre
    /// preset, as that program was).
    SetUpProgram(Option<crate::program::setup::Preset>),
    /// Look around with demo enterprises: in a demo folder of their own beside
    /// the data folder, made and filled the first time, then opened.
    LoadDemo(usize),
    /// Leave the demo folder for the data folder it was made beside.
    LeaveDemo,
    DismissWelcome,
    DismissMessage(usize),
    /// Write the PDF summary of an enterprise's latest assessment to a file.
    ExportSummary {
        enterprise: Ulid,
        path: PathBuf,
    },
    /// Write the program report to a file.
    ExportProgramReport {
        path: PathBuf,
    },
    /// Write the offline self-assessment form, blank or for one enterprise.
    ExportForm {
        enterprise: Option<Ulid>,
        path: PathBuf,
    },
    /// Write the summary of every assessed enterprise into a folder.
    ExportAllSummaries {
        dir: PathBuf,
    },
    /// Bundles, conflicts, duplicates, self-assessment.
    Exchange(ExchangeAction),
    /// Keys, sealing rules, consent.
    Keys(KeyAction),
    /// Open the form that chooses a path for `goal`, with `file_name` (may be
    /// empty) in the last folder used or the Documents folder.
    ChooseFile {
        goal: FileGoal,
        file_name: String,
    },
    /// Use the path typed in the file form: check it, then run what it was
    /// chosen for, remember its folder and close the form. Pressed again on a
    /// path refused only because its file exists, it replaces that file.
    UseFileChoice,
    /// Close the file form without using it.
    CancelFileChoice,
    /// Show a folder in the system's file manager.
    ShowFolder(PathBuf),
    /// Answer the question asked when leaving a profile with unsaved changes:
    /// save them (and go on if they could be saved), or drop them, then go on.
    LeaveProfile {
        save: bool,
    },
    /// Stay on the profile with its changes.
    StayOnProfile,
    /// Something typed or picked changed (see [`Edit`]).
    Edit(Edit),
}

impl Action {
    /// Whether it takes the person to another page or another record (so that
    /// unsaved changes of a form would be left behind).
    pub fn leaves_the_page(&self) -> bool {
        matches!(
            self,
            Action::Navigate(_)
                | Action::OpenEnterprise(_)
                | Action::NewEnterprise
                | Action::StartAssessment { .. }
                | Action::ResumeAssessment { .. }
                | Action::ShowResults { .. }
                | Action::FilterList { .. }
        )
    }

    /// Whether applying it may write to the data folder (and so needs its lock:
    /// while another Sohoa holds it, the action waits in the window's queue).
    /// Every action is named, so a new one must say.
    pub fn writes(&self) -> bool {
        use ExchangeAction as X;
        use KeyAction as K;
        match self {
            Action::SaveProfile
            | Action::SetArchived(..)
            | Action::StartAssessment { .. }
            | Action::Answer { .. }
            | Action::SaveNote
            | Action::CompleteAssessment
            | Action::DiscardDraft { .. }
            | Action::SaveActivity
            | Action::RemoveActivity { .. }
            | Action::SaveProgram
            | Action::SetUpProgram(_)
            | Action::LoadDemo(_) => true,
            // Leaving a question saves the note typed for it.
            Action::GoToQuestion(_)
            | Action::NextQuestion
            | Action::PreviousQuestion
            | Action::Review => true,
            // A path chosen runs what it was chosen for (a program file applied).
            Action::UseFileChoice => true,
            Action::LeaveProfile { save } => *save,
            Action::Exchange(x) => match x {
                X::ConfirmImport
                | X::ConfirmTableImport
                | X::TrustSigner(_)
                | X::ResolveConflict { .. }
                | X::MergeDuplicates { .. }
                | X::BackupNow
                | X::ConfirmRestore => true,
                X::PreviewImport(_)
                | X::CancelImport
                | X::ExportBundle { .. }
                | X::SendSelfAssessment { .. }
                | X::EnterSelfAssessment
                | X::LeaveSelfAssessment
                | X::PreviewTable(_)
                | X::TableSheet(_)
                | X::TableRowsAre(_)
                | X::TableColumn { .. }
                | X::TableConsent(_)
                | X::WriteTableRejects
                | X::CancelTableImport
                | X::AskRestore(_) => false,
            },
            Action::Keys(k) => match k {
                K::AddOffice
                | K::RemoveOffice(_)
                | K::Revoke
                | K::SetSealedOnly(_)
                | K::ApplyPreset(_)
                | K::RecordConsent { .. }
                | K::ConfirmForget => true,
                K::Load
                | K::ExportCard(_)
                | K::ExportPreset(_)
                | K::AskForget(_)
                | K::CancelForget => false,
            },
            Action::Navigate(_)
            | Action::OpenEnterprise(_)
            | Action::NewEnterprise
            | Action::ResumeAssessment { .. }
            | Action::AskDiscardDraft { .. }
            | Action::KeepDraft
            | Action::ShowResults { .. }
            | Action::EditActivity { .. }
            | Action::FilterList { .. }
            | Action::EditProgram
            | Action::CancelProgramEdit
            | Action::ContinueProgram
            | Action::SetLang(_)
            | Action::SetDark(_)
            | Action::SetScale(_)
            | Action::SetConsultant(_)
            | Action::ShowHelp(_)
            | Action::StartSetupFrom(_)
            | Action::LeaveDemo
            | Action::DismissWelcome
            | Action::DismissMessage(_)
            | Action::ExportSummary { .. }
            | Action::ExportProgramReport { .. }
            | Action::ExportForm { .. }
            | Action::ExportAllSummaries { .. }
            | Action::ChooseFile { .. }
            | Action::CancelFileChoice
            | Action::ShowFolder(_)
            | Action::StayOnProfile
            | Action::Edit(_) => false,
        }
    }
}

/// What the Settings page and the profile ask about keys and personal data.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyAction {
    /// Read (or make, on first use) this installation's key, to show its card.
    Load,
    /// Write this installation's key card to a file.
    ExportCard(PathBuf),
    /// Add an office key from the key card pasted in the form (or a file's path).
    AddOffice,
    /// Stop sealing to the office key with this fingerprint.
    RemoveOffice(String),
    /// Refuse bundles the key typed in the form sealed from the date typed there.
    Revoke,
    /// Take sealed bundles only.
    SetSealedOnly(bool),
    /// Take the program's settings and office keys from the office's file.
    ApplyPreset(PathBuf),
    /// Write the program file for consultants (with this installation's key as
    /// the office key when the program has none).
    ExportPreset(PathBuf),
    /// Record that an enterprise's contacts gave (or refused) consent today.
    RecordConsent {
        enterprise: Ulid,
        given: bool,
    },
    /// Ask before erasing an enterprise's personal data on request.
    AskForget(Ulid),
    /// Erase the personal data of the enterprise asked about.
    ConfirmForget,
    CancelForget,
}

/// What `apply` asks the shell to do that needs the window or a thread.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Open this data folder in the window (read on another thread).
    OpenDataFolder(PathBuf),
    /// Lay out, draw and write these reports off the UI thread.
    WritePdfs(Vec<(PathBuf, crate::report::model::Report)>),
}
