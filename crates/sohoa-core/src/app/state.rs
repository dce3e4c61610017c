//! What the window remembers: preferences kept between runs ([`Prefs`]) and the
//! state that lives only while the app runs ([`ViewState`]).
//!
//! Policy: preferences go to eframe's own storage, never into the data folder;
//! view state is never saved. Drafts of forms are plain strings so a half-typed
//! number is never lost or rejected mid-keystroke.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ulid::Ulid;

use crate::enterprise::{Contact, Enterprise, LegalForm, Sector, SizeFigures, tax_code};
use crate::program::dashboard::Dimension;
use crate::text::{Lang, nfc};
use crate::workspace::Workspace;
use crate::workspace::live::LiveDashboard;
use crate::workspace::search::SearchIndex;

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

/// What the list's rows were computed for: data generation, query, filters,
/// status, sort column and direction.
pub type ListKey = (
    u64,
    String,
    Vec<(Dimension, String)>,
    StatusFilter,
    SortColumn,
    bool,
);

/// The enterprise list's filters and its cached rows.
#[derive(Debug, Clone, Default)]
pub struct ListState {
    pub query: String,
    pub filters: Vec<(Dimension, String)>,
    pub status: StatusFilter,
    pub sort: SortColumn,
    pub descending: bool,
    /// Indexes into the workspace's enterprises, filtered and sorted.
    pub rows: Vec<usize>,
    /// What `rows` was computed for; when it differs, the rows are recomputed.
    pub computed_for: Option<ListKey>,
    /// All enterprises sorted by a column, for one data generation.
    pub sorted: Option<(u64, SortColumn, Vec<usize>)>,
    /// What filtering needs of every enterprise, for one data generation.
    pub index: Option<ListIndex>,
    /// Give the filter box keyboard focus on the next frame.
    pub focus_query: bool,
    pub selected: Option<Ulid>,
}

/// What the list filters on, gathered once per data generation in flat arrays
/// (workspace order), so that filtering does not visit every record.
#[derive(Debug, Clone, Default)]
pub struct ListIndex {
    pub generation: u64,
    pub search: SearchIndex,
    pub archived: Vec<bool>,
    pub supported: Vec<bool>,
}

impl ListIndex {
    pub fn build(ws: &Workspace) -> ListIndex {
        let summaries = ws.summaries();
        ListIndex {
            generation: ws.generation(),
            search: SearchIndex::from_keys(summaries.iter().map(|s| s.search_key.as_str())),
            archived: ws.enterprises().iter().map(|e| e.archived).collect(),
            supported: summaries.iter().map(|s| s.is_supported()).collect(),
        }
    }
}

/// The enterprise form, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileDraft {
    /// The enterprise being edited; `None` for a new one.
    pub id: Option<Ulid>,
    pub name: String,
    pub tax_code: String,
    pub legal_form: Option<LegalForm>,
    pub sector: String,
    pub staff: String,
    pub revenue: String,
    pub capital: String,
    pub year: String,
    pub address: String,
    pub admin_unit: Option<String>,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub partner: Option<String>,
    pub consultant: String,
    pub notes: String,
}

/// A field of the form that does not pass its check, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub vi: String,
    pub en: String,
}

impl ProfileDraft {
    /// The form filled from a record, figures written as `lang` writes them
    /// (`24,1` in Vietnamese, `24.1` in English; both are read back).
    pub fn from_enterprise(e: &Enterprise, lang: crate::text::Lang) -> ProfileDraft {
        let number = |v: Option<f64>| {
            v.map(|v| match lang {
                crate::text::Lang::Vi => v.to_string().replace('.', ","),
                crate::text::Lang::En => v.to_string(),
            })
            .unwrap_or_default()
        };
        ProfileDraft {
            id: Some(e.id),
            name: e.name.clone(),
            tax_code: e.tax_code.clone().unwrap_or_default(),
            legal_form: e.legal_form,
            sector: e
                .sector
                .as_ref()
                .map(|s| s.section.clone())
                .unwrap_or_default(),
            staff: e.size.staff.map(|s| s.to_string()).unwrap_or_default(),
            revenue: number(e.size.revenue_billion),
            capital: number(e.size.capital_billion),
            year: e.size.year.map(|y| y.to_string()).unwrap_or_default(),
            address: e.address.clone(),
            admin_unit: e.admin_unit.clone(),
            contact_person: e.contact.person.clone(),
            phone: e.contact.phone.clone(),
            email: e.contact.email.clone(),
            partner: e.partner.clone(),
            consultant: e.consultant.clone().unwrap_or_default(),
            notes: e.notes.clone(),
        }
    }

    /// Every field that fails its check, as the user types.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        let mut fail = |field, vi: String, en: String| out.push(FieldProblem { field, vi, en });
        if self.name.trim().is_empty() {
            fail(
                "name",
                "Cần nhập tên doanh nghiệp".into(),
                "The name is required".into(),
            );
        }
        if !self.tax_code.trim().is_empty()
            && let Err(e) = tax_code::parse(&self.tax_code)
        {
            let vi = match &e {
                tax_code::TaxCodeError::CheckDigit { expected, found } => {
                    format!("Chữ số kiểm tra là {found}, đúng ra phải là {expected}")
                }
                tax_code::TaxCodeError::WrongLength(n) => {
                    format!(
                        "Mã số thuế có 10 chữ số (13 với chi nhánh, 12 với số định danh cá nhân), không phải {n}"
                    )
                }
                tax_code::TaxCodeError::BadCharacter(c) => {
                    format!("Ký tự “{c}” không dùng trong mã số thuế")
                }
                tax_code::TaxCodeError::BranchZero => "Số chi nhánh phải từ 001 đến 999".into(),
                tax_code::TaxCodeError::NoCheckDigit => {
                    "Không có mã số thuế hợp lệ nào bắt đầu bằng 9 chữ số này".into()
                }
                tax_code::TaxCodeError::Empty => "Mã số thuế trống".into(),
            };
            fail("tax_code", vi, e.to_string());
        }
        let numbers: [(&'static str, &str, &str, &str); 4] = [
            (
                "staff",
                &self.staff,
                "Số lao động phải là số nguyên",
                "Staff must be a whole number",
            ),
            (
                "revenue",
                &self.revenue,
                "Doanh thu phải là số (tỷ đồng)",
                "Revenue must be a number (billion VND)",
            ),
            (
                "capital",
                &self.capital,
                "Nguồn vốn phải là số (tỷ đồng)",
                "Capital must be a number (billion VND)",
            ),
            (
                "year",
                &self.year,
                "Năm phải là số, ví dụ 2024",
                "The year must be a number, e.g. 2024",
            ),
        ];
        for (field, text, vi, en) in numbers {
            let text = text.trim();
            let ok = text.is_empty()
                || match field {
                    "staff" => text.parse::<u32>().is_ok(),
                    "year" => text
                        .parse::<i16>()
                        .is_ok_and(|y| (1900..=2100).contains(&y)),
                    _ => parse_amount(text).is_some_and(|v| v >= 0.0),
                };
            if !ok {
                fail(field, vi.into(), en.into());
            }
        }
        let email = self.email.trim();
        if !email.is_empty() && !crate::enterprise::is_email_address(email) {
            fail(
                "email",
                format!("“{email}” không phải địa chỉ thư điện tử"),
                format!("“{email}” is not an e-mail address"),
            );
        }
        out
    }

    /// The enterprise this form describes, on top of `base` (the stored record, if any).
    /// Call only when [`ProfileDraft::problems`] is empty.
    pub fn to_enterprise(&self, base: Option<&Enterprise>, now: jiff::Timestamp) -> Enterprise {
        let mut e = base
            .cloned()
            .unwrap_or_else(|| Enterprise::new(&self.name, now));
        let text = |s: &str| nfc(s.trim());
        let optional = |s: &str| Some(text(s)).filter(|s| !s.is_empty());
        e.name = text(&self.name);
        e.tax_code = tax_code::parse(&self.tax_code)
            .ok()
            .map(|c| c.as_str().to_owned());
        e.legal_form = self.legal_form;
        let reference = crate::enterprise::reference::Reference::get();
        e.sector = reference.section(&self.sector).map(|s| Sector {
            section: s.code.clone(),
            vsic_version: reference.vsic.version.clone(),
        });
        e.size = SizeFigures {
            staff: self.staff.trim().parse().ok(),
            revenue_billion: parse_amount(&self.revenue),
            capital_billion: parse_amount(&self.capital),
            year: self.year.trim().parse().ok(),
        };
        e.address = text(&self.address);
        e.admin_unit = self.admin_unit.clone();
        e.contact = Contact {
            person: text(&self.contact_person),
            phone: text(&self.phone),
            email: text(&self.email),
        };
        e.partner = self.partner.clone();
        e.consultant = optional(&self.consultant);
        e.notes = nfc(self.notes.trim_end());
        e.modified = now;
        e
    }
}

/// An amount as typed in a Vietnamese form: `2,5` and `2.5` are both two and a
/// half, `1.200` is one thousand two hundred (see [`crate::text::parse_decimal`]).
pub fn parse_amount(text: &str) -> Option<f64> {
    crate::text::parse_decimal(text, crate::text::Lang::Vi)
}

/// Where the walkthrough is.
#[derive(Debug, Clone, PartialEq)]
pub struct WalkState {
    pub enterprise: Ulid,
    pub assessment: Ulid,
    /// Position in questionnaire order.
    pub position: usize,
    /// Showing the review page instead of a question.
    pub review: bool,
    /// The number being typed for a number question (a ratio's part, or its
    /// share in share mode), before it is valid.
    pub number_text: String,
    /// The total being typed for a ratio question that asks for its own total.
    pub whole_text: String,
    /// The ratio question is answered with the share in percent, not two figures.
    pub share_mode: bool,
    /// The note being typed for the current question.
    pub note_text: String,
    /// The question whose figure box last took the keyboard.
    pub number_focus_for: Option<usize>,
    /// A word about the last key pressed (e.g. N where there is no "not applicable").
    pub hint: Option<String>,
}

/// A support activity being added or edited.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityDraft {
    pub enterprise: Ulid,
    pub id: Option<Ulid>,
    pub date: String,
    pub kind: crate::enterprise::ActivityKind,
    pub partner: Option<String>,
    pub platform: String,
    pub note: String,
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
    pub activity: Option<ActivityDraft>,
    pub dashboard: Option<LiveDashboard>,
    pub messages: Vec<Message>,
    pub last_saved: Option<jiff::Timestamp>,
    /// A demo-data offer is shown on first run until dismissed.
    pub welcome_dismissed: bool,
    /// Program settings being edited on the settings page.
    pub program_draft: Option<ProgramDraft>,
    /// PDFs being written in the background: how many in all, and how many are done.
    pub job: Option<(usize, std::sync::Arc<std::sync::atomic::AtomicUsize>)>,
    /// Bundles read and planned, waiting for the person to confirm the import.
    pub import: Option<ImportPreview>,
    /// The folder is one enterprise's self-assessment: only its profile, the
    /// questionnaire and its results are shown.
    pub self_assessment: bool,
    /// The data folder's backups, oldest first, read when the folder opens and kept
    /// up to date here (Settings shows them without reading the disk every frame).
    pub backups: Vec<crate::store::BackupInfo>,
    /// A backup the person asked to restore, waiting for confirmation.
    pub restore_asked: Option<String>,
    /// How many records have a conflict, counted for one data generation.
    pub conflicted: Option<(u64, usize)>,
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
    /// Bundles to import (one path per line).
    Import,
    /// Another data folder to open.
    DataFolder,
}

impl FileGoal {
    /// Whether the path names a folder rather than a file.
    pub fn is_folder(&self) -> bool {
        matches!(self, FileGoal::AllSummaries | FileGoal::DataFolder)
    }

    /// Whether the files are read (they must exist) rather than written.
    pub fn reads(&self) -> bool {
        matches!(self, FileGoal::Import | FileGoal::DataFolder)
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
}

/// Program settings as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramDraft {
    pub name_vi: String,
    pub name_en: String,
    pub region_vi: String,
    pub region_en: String,
    pub target: String,
    pub start: String,
    pub end: String,
    /// One partner per line.
    pub partners: String,
    pub follow_up_months: String,
    pub questionnaire: String,
    /// The day whose administrative units the dashboard groups by; empty: today.
    pub places_as_of: String,
    /// Saving starts a new period: the running one is kept with its result.
    pub new_period: bool,
}
