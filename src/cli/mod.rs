//! The command line: clap commands over the library, one function per command.
//!
//! Key types: [`Cli`] (the arguments), [`Failure`] (an error with its exit code);
//! function [`run`].
//!
//! Policy: exit code 0 on success, 1 for bad input (the message names the file,
//! field or code at fault), 2 for an internal error (disk, a defect). Problems met
//! while opening the data folder are printed once, on stderr. `--json` output is a
//! stable contract documented in the README.

mod enterprise;
mod exchange;
mod export;
mod keys;
mod program;
mod questionnaire;
mod report;
mod table;
mod write_loop;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sohoa_core::explain::Explain;

use sohoa_core::text::Lang;
use sohoa_core::workspace::{Workspace, WorkspaceError};

/// Sohoa: digital-maturity assessments for enterprises in a digital-transformation program.
///
/// With no command, opens the desktop app.
#[derive(Debug, Parser)]
#[command(name = "sohoa", version, about, long_about = None)]
pub struct Cli {
    /// Bundles (.sohoa), or one spreadsheet (.xlsx, .csv), to preview for import
    /// when the app opens (as when a file is opened from the file manager).
    #[arg(value_name = "FILE")]
    pub open: Vec<PathBuf>,
    /// The data folder (default: the platform's data folder for Sohoa).
    #[arg(long, global = true, env = "SOHOA_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Your name, recorded in the history of what you change and in bundles you write.
    #[arg(long, global = true, env = "SOHOA_USER", value_name = "NAME")]
    pub by: Option<String>,
    /// Where this installation's key pair is kept (default: the platform's
    /// preferences folder for Sohoa; never inside the data folder).
    #[arg(long, global = true, env = "SOHOA_KEY_DIR", value_name = "DIR")]
    pub key_dir: Option<PathBuf>,
    /// Language of the output: vi or en.
    #[arg(long, global = true, default_value = "vi", value_parser = parse_lang)]
    pub lang: Lang,
    #[command(subcommand)]
    pub command: Option<Command>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    // Said before any language is known: in both.
    Lang::parse(s).ok_or_else(|| {
        format!("“{s}” không phải là ngôn ngữ, hãy dùng vi hoặc en / `{s}` is not a language; use vi or en")
    })
}

// Parsed once per process: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check and show questionnaire files.
    #[command(subcommand)]
    Questionnaire(QuestionnaireCommand),
    /// Score an answer file against a questionnaire, without a data folder.
    Score {
        /// A questionnaire file, or the id of a built-in questionnaire.
        #[arg(long, value_name = "FILE|ID")]
        questionnaire: String,
        /// A JSON or RON file mapping question id → answer.
        #[arg(long, value_name = "FILE")]
        answers: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Record an assessment of an enterprise from an answer file (a paper form
    /// typed in later, or another tool's output).
    Assess {
        /// The enterprise: its id or tax code.
        #[arg(value_name = "ID|MST")]
        enterprise: String,
        /// A JSON or RON file mapping question id → answer (see the README).
        #[arg(long, value_name = "FILE")]
        answers: PathBuf,
        /// baseline (T0) or follow-up (the next T1, T2, …); also T0, T1, …
        /// Default: baseline until one is completed, then the next follow-up.
        #[arg(long, value_name = "STAGE")]
        stage: Option<String>,
        /// The questionnaire, as ID or ID@VERSION (default: the program's, newest version).
        #[arg(long, value_name = "ID[@VERSION]")]
        questionnaire: Option<String>,
        /// Complete (freeze) the assessment; otherwise it is left as a draft.
        #[arg(long)]
        complete: bool,
        #[arg(long)]
        json: bool,
    },
    /// Add, list and show enterprises.
    #[command(subcommand)]
    Enterprise(EnterpriseCommand),
    /// Program progress: supported / target, counts by place, sector, size, partner, level.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Fill the data folder with realistic demo enterprises (deterministic for a seed).
    Demo {
        /// How many enterprises to create.
        #[arg(long)]
        count: usize,
        #[arg(long, default_value_t = 2021)]
        seed: u64,
        /// Add to a folder that already holds enterprises.
        #[arg(long)]
        append: bool,
    },
    /// Check Vietnamese tax codes (mã số thuế).
    #[command(subcommand)]
    TaxCode(TaxCodeCommand),
    /// Write the PDF summary of an enterprise's latest assessment (or of all, with --all).
    Report {
        /// The enterprise's id or tax code.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        enterprise: Option<String>,
        /// Every enterprise with a completed assessment, one file each, into the folder -o.
        #[arg(long)]
        all: bool,
        /// The PDF file (or, with --all, the folder).
        #[arg(short, long, value_name = "FILE|DIR")]
        output: PathBuf,
    },
    /// Export tables for Excel (one row per enterprise and one per assessment), or a
    /// bundle of records for another data folder.
    #[command(group(clap::ArgGroup::new("format").required(true).multiple(true).args(["csv", "xlsx", "bundle"])))]
    Export {
        /// A bundle (.sohoa) of enterprises with their assessments, activities and history.
        #[arg(long, value_name = "FILE")]
        bundle: Option<PathBuf>,
        /// With --bundle: only these enterprises (id or tax code; repeat the option).
        #[arg(long = "enterprise", value_name = "ID|TAX_CODE", requires = "bundle")]
        enterprises: Vec<String>,
        /// With --bundle: only enterprises changed on or after this date (dd/mm/yyyy).
        #[arg(
            long,
            value_name = "DATE",
            requires = "bundle",
            conflicts_with = "enterprises"
        )]
        since: Option<String>,
        /// With --bundle: every enterprise (the default when neither --enterprise nor --since is given).
        #[arg(long, requires = "bundle", conflicts_with_all = ["enterprises", "since"])]
        all: bool,
        /// CSV (UTF-8 with BOM): FILE for enterprises, FILE-assessments.csv beside it.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// An XLSX workbook with a sheet for enterprises and one for assessments.
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// With --csv or --xlsx: leave out names, tax codes, addresses and contacts
        /// (personal data under Law 91/2025/QH15). Refused with --bundle.
        #[arg(long)]
        anonymise: bool,
        /// With --bundle: write a plain bundle even though the program has an office
        /// key (by default it is sealed: encrypted to the office and to you, signed by you).
        #[arg(long, requires = "bundle", conflicts_with = "to")]
        no_seal: bool,
        /// With --bundle: also seal to this key card (repeat the option); seals
        /// even when the program has no office key.
        #[arg(long, value_name = "KEYCARD", requires = "bundle")]
        to: Vec<PathBuf>,
    },
    /// Merge bundles (.sohoa) into the data folder; each is imported whole or not at all.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Say what would be added, updated and in conflict, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Confirm this key (its fingerprint, compared with the sender first) when a
        /// bundle is signed by it and it is new here; it is remembered once the
        /// import went in. May be given several times.
        #[arg(long, value_name = "FINGERPRINT")]
        trust_key: Vec<String>,
        /// Confirm the new key that signed the one bundle given (compare its
        /// fingerprint with the sender first); with several files, name each key
        /// with --trust-key.
        #[arg(long)]
        trust_new_key: bool,
        #[arg(long)]
        json: bool,
    },
    /// Take in enterprises from a spreadsheet (XLSX, or CSV in UTF-8, Windows-1258
    /// or TCVN3): columns understood from their headers, every row checked as the
    /// profile form checks it; the rows go in together or not at all, and those
    /// refused are written, with the reasons, to a file to correct and import again.
    ImportTable {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The sheet of an XLSX workbook (by default the first).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Say what a column holds: COLUMN (its header or number from 1) = FIELD
        /// (tax_code, name, phone, … or a header word such as MST; - leaves it out).
        /// May be given several times.
        #[arg(long, value_name = "COLUMN=FIELD")]
        map: Vec<String>,
        /// The contacts in the list agreed to their personal data being held (the
        /// office records it for the list); without it, contact person, phone and
        /// e-mail are left out.
        #[arg(long)]
        consent_given: bool,
        /// Where the refused rows go (CSV, or XLSX by its extension); by default
        /// beside the table, named …-dong-chua-nhap.
        #[arg(long, value_name = "FILE")]
        rejects: Option<PathBuf>,
        /// The rows are past assessments (one per row, a column per question by
        /// its id or annex number such as 1.1.3, with the tax code, date, stage and
        /// assessor), of the program's questionnaire or the one given as
        /// ID[@VERSION]; a form tool's submissions (Kobo, ODK) of Sohoa's XLSForm too.
        #[arg(long, value_name = "ID[@VERSION]", num_args = 0..=1, default_missing_value = "")]
        assessments: Option<String>,
        /// Say how the table is understood and what it would do, and write nothing
        /// to the data folder.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// List completed assessments whose result is different now that figures are
    /// kept and compared exactly (nothing is changed; see the README).
    ScoreChanges {
        #[arg(long)]
        json: bool,
    },
    /// List records that look like the same enterprise (same tax code, or same name and place).
    Duplicates {
        #[arg(long)]
        json: bool,
    },
    /// Merge two records of the same enterprise into one; differing fields become conflicts.
    Merge {
        #[arg(value_name = "ID|TAX_CODE")]
        first: String,
        #[arg(value_name = "ID|TAX_CODE")]
        second: String,
    },
    /// Open the app for an enterprise to assess itself, in a folder of its own, and
    /// end by writing one file to send to the program.
    ///
    /// With `--form`, writes instead one HTML page that any browser opens offline
    /// (a phone's too): the questionnaire, the result at once, and one file to send
    /// back, which `sohoa import` reads like a bundle.
    SelfAssess {
        /// Where the self-assessment data is kept (default: a folder beside the data folder).
        #[arg(long, value_name = "DIR", conflicts_with = "form")]
        folder: Option<PathBuf>,
        /// Write the offline form, blank or (given an id or tax code) for that enterprise.
        #[arg(long, value_name = "ID|TAX_CODE", num_args = 0..=1, default_missing_value = "")]
        form: Option<String>,
        /// The HTML file to write the form to.
        #[arg(short, long, value_name = "FILE.html", requires = "form")]
        output: Option<PathBuf>,
        /// The questionnaire, as ID or ID@VERSION (default: the program's, newest version).
        #[arg(long, value_name = "ID[@VERSION]", requires = "form")]
        questionnaire: Option<String>,
    },
    /// Write and update records without end, one line per write that returned
    /// (for the crash-safety harness).
    #[command(hide = true)]
    WriteLoop {
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Backups of the data folder: list, take one now, or restore one.
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Write the program report: progress, pace, charts and the table of all enterprises.
    ProgramReport {
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Set up the program of a new data folder, show its periods or continue it
    /// into a new one; the keys it trusts.
    #[command(subcommand)]
    Program(ProgramCommand),
    /// Write the user guide as a PDF to print (in the language of --lang).
    Guide {
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// This installation's key: its fingerprint, and the key card to send to others.
    #[command(subcommand)]
    Key(KeyCommand),
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// The key's fingerprint (made on first use).
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Write the public key card: a small text file to send, or to paste into a message.
    Export {
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum PresetCommand {
    /// Write this program's settings with its office keys, to send to consultants
    /// (at the office: this installation's key is added as the office key when
    /// the program has none).
    Export {
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Take the program's settings and office keys from the office's file (the
    /// senders confirmed here and the backup policy stay).
    Apply {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum OfficeKeyCommand {
    /// Add the program office's key from its key card file (`-` reads pasted text).
    Add {
        #[arg(value_name = "KEYCARD")]
        file: PathBuf,
    },
    /// Stop sealing to an office key.
    Remove {
        #[arg(value_name = "FINGERPRINT")]
        fingerprint: String,
    },
    /// Refuse bundles a key sealed on or after a date (a lost laptop, someone who left).
    Revoke {
        #[arg(value_name = "FINGERPRINT")]
        fingerprint: String,
        /// dd/mm/yyyy
        #[arg(long, value_name = "DATE")]
        from: String,
    },
    /// The office keys, confirmed senders' keys and revoked keys.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProgramCommand {
    /// Set up the program of a new data folder: from a preset, from the
    /// office's program file, or from the province(s), period, target and
    /// partners given here.
    New(program::NewProgramArgs),
    /// The program office's keys, and keys revoked.
    #[command(subcommand)]
    OfficeKey(OfficeKeyCommand),
    /// The program file an office sends its consultants (settings and office keys).
    #[command(subcommand)]
    Preset(PresetCommand),
    /// Refuse plain (unsealed) bundles: on or off.
    SealedOnly {
        #[arg(value_parser = ["on", "off"])]
        state: String,
    },
    /// The running period and the earlier ones, with their results.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Continue the program into a new period: the same enterprises and history;
    /// the running period is kept with its result as it stands today.
    Continue {
        /// The new period's name in Vietnamese.
        #[arg(long, value_name = "TEXT")]
        name_vi: String,
        /// The new period's name in English.
        #[arg(long, value_name = "TEXT")]
        name_en: String,
        /// First day, dd/mm/yyyy.
        #[arg(long, value_name = "DATE")]
        start: String,
        /// Last day, dd/mm/yyyy.
        #[arg(long, value_name = "DATE")]
        end: String,
        /// Enterprises to support within the new period.
        #[arg(long, value_name = "N")]
        target: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum QuestionnaireCommand {
    /// Validate questionnaire files; every problem is listed with file:line:column.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Show a questionnaire: pillars, groups, questions, answers, points and rules.
    Show {
        /// A built-in or installed questionnaire id, or a file.
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Write a questionnaire as an XLSForm for KoboToolbox or ODK (skip logic,
    /// gates, ratios as two figures, shared totals, Vietnamese and English); the
    /// submissions go back in with `import-table --assessments`.
    Export {
        /// ID or ID@VERSION (a built-in or installed questionnaire), or a file.
        id: String,
        #[arg(long, value_name = "FILE.xlsx", required = true)]
        xlsform: PathBuf,
    },
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum EnterpriseCommand {
    /// Add an enterprise to the data folder.
    Add(enterprise::AddArgs),
    /// Change fields of an enterprise (the change is recorded in its history).
    Edit(enterprise::EditArgs),
    /// List the enterprises.
    List {
        /// Only those whose name, tax code or place contains this (ignoring case and diacritics).
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show one enterprise with its assessments and activities.
    Show {
        /// Its id or tax code.
        enterprise: String,
        #[arg(long)]
        json: bool,
    },
    /// Record whether the enterprise's contacts agree to their personal data
    /// being held (Law 91/2025/QH15), for the program's stated purpose.
    Consent {
        /// Its id or tax code.
        enterprise: String,
        /// Consent given.
        #[arg(long, conflicts_with = "refused", required_unless_present = "refused")]
        given: bool,
        /// Consent refused or withdrawn.
        #[arg(long)]
        refused: bool,
        /// The day, dd/mm/yyyy (default: today).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Erase the enterprise's personal data (contact person, phone, e-mail) on
    /// request: from the record, its history and every backup; its assessments
    /// and figures stay, anonymous.
    Forget {
        /// Its id or tax code.
        enterprise: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// The backups, oldest first: name, time, reason, enterprises.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Take a backup now.
    Create,
    /// Put the data folder back as it was in a backup (the present state is backed up first).
    Restore {
        /// The backup's name, as `backup list` shows it.
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TaxCodeCommand {
    /// Say for each code whether it is valid, and why not.
    Check {
        #[arg(required = true)]
        codes: Vec<String>,
    },
}

/// A command that did not succeed, with the exit code it maps to.
#[derive(Debug)]
pub enum Failure {
    /// The input was wrong (exit 1).
    BadInput(anyhow::Error),
    /// The computer does not allow it (a folder that can only be read here);
    /// the message says why and what to do (exit 2).
    Refused(anyhow::Error),
    /// Something failed that the user did not cause (exit 2).
    Internal(anyhow::Error),
}

impl Failure {
    pub fn bad(message: impl std::fmt::Display) -> Failure {
        Failure::BadInput(anyhow::anyhow!("{message}"))
    }
}

impl From<WorkspaceError> for Failure {
    fn from(e: WorkspaceError) -> Failure {
        match e {
            WorkspaceError::DuplicateTaxCode { .. }
            | WorkspaceError::Invalid(_)
            | WorkspaceError::NotFound(_)
            | WorkspaceError::Unreadable { .. }
            | WorkspaceError::Bundle { .. }
            | WorkspaceError::TableRefused { .. }
            | WorkspaceError::Backup(sohoa_core::store::BackupError::NotFound(_))
            | WorkspaceError::UnknownQuestionnaire { .. }
            | WorkspaceError::DraftExists(_)
            | WorkspaceError::InvalidSettings(_)
            | WorkspaceError::ProgramAlreadySetUp
            | WorkspaceError::Store(
                sohoa_core::store::StoreError::TooLarge { .. }
                | sohoa_core::store::StoreError::UnsafeName { .. },
            ) => Failure::BadInput(e.into()),
            WorkspaceError::Store(sohoa_core::store::StoreError::Lock(
                sohoa_core::store::LockError::ReadOnly { .. },
            ))
            | WorkspaceError::Backup(sohoa_core::store::BackupError::Lock(
                sohoa_core::store::LockError::ReadOnly { .. },
            )) => Failure::Refused(e.into()),
            _ => Failure::Internal(e.into()),
        }
    }
}

impl From<sohoa_core::store::StoreError> for Failure {
    fn from(e: sohoa_core::store::StoreError) -> Failure {
        match e {
            sohoa_core::store::StoreError::Lock(sohoa_core::store::LockError::ReadOnly {
                ..
            }) => Failure::Refused(e.into()),
            _ => Failure::Internal(e.into()),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Internal(e.into())
    }
}

/// Command output goes here; a closed pipe (`sohoa … | head`) is not an error.
pub(crate) struct Out(std::io::StdoutLock<'static>);

impl Out {
    pub fn line(&mut self, text: impl AsRef<str>) {
        let _ = writeln!(self.0, "{}", text.as_ref());
    }

    pub fn json(&mut self, value: &impl serde::Serialize) -> Result<(), Failure> {
        let text = serde_json::to_string_pretty(value).map_err(|e| Failure::Internal(e.into()))?;
        self.line(text);
        Ok(())
    }
}

/// Runs a parsed command line and returns the process exit code.
/// Says in a message box that the window could not open and what to do (on
/// Windows, where a program started from the Start menu has no console).
fn window_failed_box(detail: &str) {
    let text = format!(
        "Không mở được cửa sổ Sohoa: máy này không có trình điều khiển đồ họa dùng được \
         (OpenGL hay Direct3D 12). Hãy cập nhật trình điều khiển card màn hình, hoặc mở \
         Sohoa trực tiếp trên máy thay vì qua Remote Desktop. Dữ liệu của bạn không bị ảnh hưởng.\n\n\
         The Sohoa window could not open: this computer has no usable graphics driver \
         (OpenGL or Direct3D 12). Update the display driver, or start Sohoa on the computer \
         itself rather than over Remote Desktop. Your data is not affected.\n\n{detail}"
    );
    crate::platform::show_error_box("Sohoa", &text);
}

pub fn run(cli: Cli) -> ExitCode {
    let lang = cli.lang;
    let Some(command) = cli.command else {
        // No subcommand: the desktop app.
        return match crate::app::run(cli.data_dir, cli.key_dir, cli.open) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!(
                    "{}",
                    lang.pick(
                        format!(
                            "Không mở được cửa sổ: {e}\n(dùng lệnh con để làm việc trên dòng lệnh: sohoa --help)"
                        ),
                        format!(
                            "cannot open the window: {e}\n(use a subcommand for the command line: sohoa --help)"
                        ),
                    )
                );
                window_failed_box(&e.to_string());
                ExitCode::from(2)
            }
        };
    };
    sohoa_core::store::lock::on_wait(move |folder, wait| {
        eprintln!(
            "{}",
            lang.pick(
                format!(
                    "Một chương trình Sohoa khác đang ghi vào {}; đang chờ (tối đa {} giây)…",
                    folder.display(),
                    wait.as_secs()
                ),
                format!(
                    "Another Sohoa program is writing to {}; waiting (up to {} s)…",
                    folder.display(),
                    wait.as_secs()
                ),
            )
        );
    });
    let mut out = Out(std::io::stdout().lock());
    let key_dir = cli
        .key_dir
        .ok_or(())
        .or_else(|()| sohoa_core::keys::Keyring::default_dir());
    let result = match key_dir {
        Ok(key_dir) => {
            let data = data_root(cli.data_dir.clone(), lang).ok();
            let keyring = sohoa_core::keys::Keyring::new(key_dir).outside_of(data);
            dispatch(command, cli.data_dir, cli.by, cli.lang, &keyring, &mut out)
        }
        Err(e) => Err(Failure::BadInput(e.into())),
    };
    let error = lang.pick("lỗi", "error");
    match result {
        Ok(code) => code,
        Err(Failure::BadInput(e)) => {
            eprintln!("{error}: {}", error_text(&e, lang));
            ExitCode::from(1)
        }
        // The computer refused (a full disk, a permission, a lock file that is
        // a folder): not Sohoa's fault, and said as the system said it.
        Err(Failure::Refused(e)) => {
            eprintln!("{error}: {}", error_text(&e, lang));
            ExitCode::from(2)
        }
        Err(Failure::Internal(e)) if e.chain().any(|c| c.is::<std::io::Error>()) => {
            eprintln!("{error}: {}", error_text(&e, lang));
            ExitCode::from(2)
        }
        Err(Failure::Internal(e)) => {
            eprintln!(
                "{}: {}",
                lang.pick("lỗi nội bộ", "internal error"),
                error_text(&e, lang)
            );
            ExitCode::from(2)
        }
    }
}

/// An error and its causes on one line in `lang`: the first of the library's
/// errors is worded by [`sohoa_core::explain`] and ends the line (its wording says
/// its causes); a cause before it is said as it says itself, and left out when
/// the message before it already says it.
fn error_text(e: &anyhow::Error, lang: Lang) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let (said, complete) = match sohoa_core::explain::explain_error(cause, lang) {
            Some(worded) => (worded, true),
            None => (cause.to_string(), false),
        };
        if !text.contains(&said) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&said);
        }
        if complete {
            break;
        }
    }
    text
}

fn dispatch(
    command: Command,
    data_dir: Option<PathBuf>,
    by: Option<String>,
    lang: Lang,
    keyring: &sohoa_core::keys::Keyring,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let open = |data_dir: Option<PathBuf>| -> Result<Workspace, Failure> {
        let mut ws = open(data_dir, lang)?;
        if let Some(by) = &by {
            ws.set_actor(by);
        }
        Ok(ws)
    };
    let open_to_change = |data_dir: Option<PathBuf>| -> Result<Workspace, Failure> {
        let mut ws = open_to_change(data_dir, lang)?;
        if let Some(by) = &by {
            ws.set_actor(by);
        }
        Ok(ws)
    };
    match command {
        Command::Questionnaire(QuestionnaireCommand::Check { files }) => {
            questionnaire::check(&files, lang, out)
        }
        Command::Questionnaire(QuestionnaireCommand::Show { id, json }) => {
            questionnaire::show(&id, data_dir, lang, json, out)
        }
        Command::Questionnaire(QuestionnaireCommand::Export { id, xlsform }) => {
            questionnaire::export_xlsform(&id, &xlsform, data_dir, lang, out)
        }
        Command::Score {
            questionnaire,
            answers,
            json,
        } => questionnaire::score_file(&questionnaire, &answers, data_dir, lang, json, out),
        Command::Assess {
            enterprise,
            answers,
            stage,
            questionnaire,
            complete,
            json,
        } => {
            let request = questionnaire::AssessRequest {
                enterprise,
                answers,
                stage,
                questionnaire,
                complete,
            };
            questionnaire::assess(&mut open_to_change(data_dir)?, request, lang, json, out)
        }
        Command::Enterprise(EnterpriseCommand::Add(args)) => {
            enterprise::add(&mut open_to_change(data_dir)?, args, lang, out)
        }
        Command::Enterprise(EnterpriseCommand::Edit(args)) => {
            enterprise::edit(&mut open_to_change(data_dir)?, args, lang, out)
        }
        Command::Enterprise(EnterpriseCommand::List { search, json }) => {
            enterprise::list(&open(data_dir)?, search.as_deref(), lang, json, out)
        }
        Command::Enterprise(EnterpriseCommand::Show { enterprise, json }) => {
            enterprise::show(&open(data_dir)?, &enterprise, lang, json, out)
        }
        Command::Enterprise(EnterpriseCommand::Consent {
            enterprise,
            given,
            date,
            ..
        }) => enterprise::consent(
            &mut open_to_change(data_dir)?,
            &enterprise,
            given,
            date.as_deref(),
            lang,
            out,
        ),
        Command::Enterprise(EnterpriseCommand::Forget { enterprise }) => {
            enterprise::forget(&mut open(data_dir)?, &enterprise, lang, out)
        }
        Command::Stats { json } => enterprise::stats(&open(data_dir)?, lang, json, out),
        Command::Demo {
            count,
            seed,
            append,
        } => enterprise::demo(&mut open(data_dir)?, count, seed, append, lang, out),
        Command::TaxCode(TaxCodeCommand::Check { codes }) => {
            enterprise::check_tax_codes(&codes, lang, out)
        }
        Command::Report {
            enterprise: Some(query),
            output,
            ..
        } => report::one(&open(data_dir)?, &query, &output, lang, out),
        Command::Report {
            enterprise: None,
            output,
            ..
        } => report::all(&open(data_dir)?, &output, lang, out),
        Command::Export {
            bundle: Some(_),
            anonymise: true,
            ..
        } => Err(Failure::bad(lang.pick(
            "`--anonymise` chỉ dùng cho bảng (`--csv`, `--xlsx`); gói dữ liệu mang nguyên hồ sơ để đối chiếu và gộp nên không ẩn danh được. Hãy xuất bảng với `--anonymise`, hoặc xuất gói dữ liệu không kèm tùy chọn đó",
            "--anonymise applies to tables (--csv, --xlsx); a bundle carries whole records so that they can be matched and merged, and cannot be anonymised. Export a table with --anonymise instead, or a bundle without it",
        ))),
        Command::Export {
            bundle: Some(path),
            enterprises,
            since,
            csv: None,
            xlsx: None,
            no_seal,
            to,
            ..
        } => exchange::export_bundle(
            &open(data_dir)?,
            &path,
            exchange::Selection {
                enterprises: &enterprises,
                since: since.as_deref(),
            },
            exchange::Sealing {
                keyring,
                no_seal,
                extra: &to,
            },
            lang,
            out,
        ),
        Command::Export {
            bundle: Some(_), ..
        } => Err(Failure::bad(lang.pick(
            "gói dữ liệu được ghi riêng: hãy chạy `export --bundle` riêng, không kèm `--csv`/`--xlsx`",
            "a bundle is written on its own: run export --bundle separately from --csv/--xlsx",
        ))),
        Command::Export {
            csv,
            xlsx,
            anonymise,
            ..
        } => export::tables(
            &open(data_dir)?,
            csv.as_deref(),
            xlsx.as_deref(),
            anonymise,
            lang,
            out,
        ),
        Command::ImportTable {
            file,
            sheet,
            map,
            consent_given,
            rejects,
            assessments,
            dry_run,
            json,
        } => table::import_table(
            &mut open(data_dir)?,
            table::TableOptions {
                file,
                sheet,
                map,
                consent_given,
                rejects,
                dry_run,
                json,
                assessments,
            },
            lang,
            out,
        ),
        Command::Import {
            files,
            dry_run,
            trust_key,
            trust_new_key,
            json,
        } => exchange::import(
            // No separate daily backup: an import that changes anything takes its
            // own backup first, and that one counts as the day's.
            &mut open(data_dir)?,
            keyring,
            &files,
            exchange::ImportOptions {
                dry_run,
                trust: exchange::TrustOnImport::new(trust_key, trust_new_key, files.len(), lang)?,
                json,
            },
            lang,
            out,
        ),
        Command::Duplicates { json } => exchange::duplicates(&open(data_dir)?, json, lang, out),
        Command::ScoreChanges { json } => {
            questionnaire::score_changes(&open(data_dir)?, json, lang, out)
        }
        Command::Merge { first, second } => {
            exchange::merge(&mut open_to_change(data_dir)?, &first, &second, lang, out)
        }
        Command::SelfAssess {
            form: Some(enterprise),
            output,
            questionnaire: wanted,
            ..
        } => {
            let output = output.ok_or_else(|| {
                Failure::bad(lang.pick(
                    "`--form` cần `-o` với tên một tệp .html: nơi ghi biểu mẫu",
                    "--form needs -o FILE.html: where to write the form",
                ))
            })?;
            let ws = open(data_dir)?;
            let enterprise = Some(enterprise.trim()).filter(|e| !e.is_empty());
            questionnaire::write_form(&ws, enterprise, wanted.as_deref(), &output, lang, out)
        }
        Command::SelfAssess { folder, .. } => {
            let folder = match folder {
                Some(folder) => folder,
                None => crate::app::self_assessment_folder(data_root(data_dir, lang)?),
            };
            match crate::app::run_self_assessment(folder) {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(e) => {
                    window_failed_box(&format!("{e:#}"));
                    Err(Failure::Internal(e.context(lang.pick(
                        "không mở được cửa sổ",
                        "cannot open the window",
                    ))))
                }
            }
        }
        Command::WriteLoop { seed } => write_loop::run(&mut open(data_dir)?, seed),
        Command::Backup(BackupCommand::List { json }) => {
            exchange::backup_list(&open(data_dir)?, json, lang, out)
        }
        Command::Backup(BackupCommand::Create) => {
            exchange::backup_create(&mut open(data_dir)?, lang, out)
        }
        Command::Backup(BackupCommand::Restore { name }) => {
            exchange::backup_restore(&mut open(data_dir)?, &name, lang, out)
        }
        Command::ProgramReport { output } => report::program(&open(data_dir)?, &output, lang, out),
        Command::Guide { output } => report::guide(&output, lang, out),
        Command::Program(ProgramCommand::New(args)) => {
            program::new(&mut open_to_change(data_dir)?, args, lang, out)
        }
        Command::Program(ProgramCommand::Show { json }) => {
            program::show(&open(data_dir)?, lang, json, out)
        }
        Command::Key(KeyCommand::Show { json }) => {
            keys::show(&open(data_dir)?, keyring, lang, json, out)
        }
        Command::Key(KeyCommand::Export { output }) => {
            keys::export(&open(data_dir)?, keyring, &output, lang, out)
        }
        Command::Program(ProgramCommand::OfficeKey(OfficeKeyCommand::Add { file })) => {
            keys::office_add(&mut open(data_dir)?, &file, lang, out)
        }
        Command::Program(ProgramCommand::OfficeKey(OfficeKeyCommand::Remove { fingerprint })) => {
            keys::office_remove(&mut open(data_dir)?, &fingerprint, lang, out)
        }
        Command::Program(ProgramCommand::OfficeKey(OfficeKeyCommand::Revoke {
            fingerprint,
            from,
        })) => keys::revoke(&mut open(data_dir)?, &fingerprint, &from, lang, out),
        Command::Program(ProgramCommand::OfficeKey(OfficeKeyCommand::List { json })) => {
            keys::list(&open(data_dir)?, lang, json, out)
        }
        Command::Program(ProgramCommand::Preset(PresetCommand::Export { output })) => {
            keys::preset_export(&mut open(data_dir)?, keyring, &output, lang, out)
        }
        Command::Program(ProgramCommand::Preset(PresetCommand::Apply { file })) => {
            keys::preset_apply(&mut open_to_change(data_dir)?, &file, lang, out)
        }
        Command::Program(ProgramCommand::SealedOnly { state }) => {
            keys::sealed_only(&mut open(data_dir)?, state == "on", lang, out)
        }
        Command::Program(ProgramCommand::Continue {
            name_vi,
            name_en,
            start,
            end,
            target,
        }) => {
            let next = program::parse_period(&name_vi, &name_en, &start, &end, &target, lang)?;
            program::continue_into(&mut open_to_change(data_dir)?, next, lang, out)
        }
    }
}

/// The data folder as a path: the one given, or the platform default.
fn data_root(data_dir: Option<PathBuf>, lang: Lang) -> Result<PathBuf, Failure> {
    data_dir
        .or_else(sohoa_core::store::DataFolder::default_root)
        .ok_or_else(|| {
            Failure::bad(lang.pick(
                "không có thư mục người dùng để giữ dữ liệu: hãy chỉ định một thư mục bằng `--data-dir` hoặc SOHOA_DATA_DIR",
                "no home folder to keep data in: give one with --data-dir or SOHOA_DATA_DIR",
            ))
        })
}

/// The first word of a note on stderr: something worth knowing, not a fault.
pub(crate) fn note(lang: Lang) -> &'static str {
    lang.pick("lưu ý", "note")
}

/// The first word of a warning on stderr: something went wrong, the command went on.
pub(crate) fn warning(lang: Lang) -> &'static str {
    lang.pick("cảnh báo", "warning")
}

/// Opens the workspace; problems met while loading are printed once, on stderr.
fn open(data_dir: Option<PathBuf>, lang: Lang) -> Result<Workspace, Failure> {
    let workspace = open_saying_problems(data_dir, lang)?;
    if let Some(reason) = workspace.read_only() {
        let root = workspace.folder().root().display();
        eprintln!(
            "{}: {}",
            note(lang),
            lang.pick(
                format!(
                    "{root}: thư mục dữ liệu này ở đây chỉ đọc được; những gì trong đó vẫn được hiện ra, không có gì bị thay đổi — {} {reason}",
                    sohoa_core::explain::ENGLISH_DETAIL
                ),
                format!(
                    "{root}: this data folder can only be read here ({reason}); what it holds is shown, nothing is changed"
                ),
            )
        );
    }
    Ok(workspace)
}

/// Opens the data folder and prints what opening found.
fn open_saying_problems(data_dir: Option<PathBuf>, lang: Lang) -> Result<Workspace, Failure> {
    let workspace = Workspace::open(data_root(data_dir, lang)?)?;
    for problem in workspace.problems() {
        eprintln!(
            "{}: {}",
            warning(lang),
            sohoa_core::explain::load_problem(problem, lang)
        );
    }
    Ok(workspace)
}

/// Opens the data folder for a command that changes it: refused at once, with
/// the reason, when the folder can only be read here.
fn open_to_change(data_dir: Option<PathBuf>, lang: Lang) -> Result<Workspace, Failure> {
    let mut ws = open_saying_problems(data_dir, lang)?;
    if let Some(reason) = ws.read_only() {
        let refusal = sohoa_core::store::LockError::ReadOnly {
            root: ws.folder().root().to_owned(),
            reason: reason.to_owned(),
        };
        return Err(Failure::Refused(refusal.into()));
    }
    // Commands that change data first take the day's backup, if not yet taken.
    if let Err(e) = ws.daily_backup(jiff::Timestamp::now()) {
        eprintln!(
            "{}: {}",
            warning(lang),
            lang.pick(
                format!("chưa sao lưu được bản trong ngày: {}", e.explain(lang)),
                format!("the daily backup could not be taken: {e}"),
            )
        );
    }
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_given_alone_opens_the_app_with_it_and_a_command_still_parses_after_options() {
        let cli = Cli::try_parse_from(["sohoa", "minh.sohoa"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.open, vec![PathBuf::from("minh.sohoa")]);
        let cli = Cli::try_parse_from(["sohoa", "--by", "Lan", "import", "--dry-run", "a.sohoa"])
            .unwrap();
        assert_eq!(cli.by.as_deref(), Some("Lan"));
        assert!(matches!(
            cli.command,
            Some(Command::Import { dry_run: true, .. })
        ));
    }
}
