//! The library's errors said to a person, in their language, with what to do
//! about them; a log keeps the error as the library wrote it (its English
//! `Display`).
//!
//! Key trait: [`Explain`], one `impl` per error type of the library; functions
//! [`explain_error`] (an error known only as `dyn Error`, as in a chain of
//! causes), [`unconfirmed_signer`] and [`load_problem`]. Used by the command
//! line for every error it prints and by the desktop app's `AppCore::describe`.
//!
//! Policy: each error type is worded in one exhaustive `match`, without a
//! catch-all, so that a new variant cannot ship unworded. English is the error's
//! own `Display` unless a person needs more (what to do). Where a variant carries
//! a text worded in English deeper down (a parser's message, a `reason: String`),
//! the Vietnamese sentence says what happened and hands that detail on behind
//! [`ENGLISH_DETAIL`], never passing it off as Vietnamese. Pure, no I/O, never
//! panics.
//!
//! ```
//! use sohoa_core::explain::Explain;
//! use sohoa_core::text::Lang;
//! let wrong = sohoa_core::enterprise::tax_code::parse("0100109107").unwrap_err();
//! assert_eq!(wrong.explain(Lang::Vi), "Chữ số kiểm tra là 7, đúng ra phải là 6");
//! assert_eq!(wrong.explain(Lang::En), "the check digit is 7 but should be 6");
//! ```

use std::path::Path;

use crate::bounded_read::{BoundedReadError, NotAFile};
use crate::decimal::DecimalError;
use crate::enterprise::field::FieldProblem;
use crate::enterprise::tax_code::TaxCodeError;
use crate::exchange::ExportError;
use crate::exchange::bundle::BundleError;
use crate::exchange::seal::SealError;
use crate::exchange::table_in::TableReadError;
use crate::keys::{KeyError, SignerTrust};
use crate::program::SettingsError;
use crate::questionnaire::{AnswerError, AnswerProblem, QuestionnaireError};
use crate::report::ReportError;
use crate::safe_name::UnsafeName;
use crate::store::{BackupError, LoadProblem, LockError, ProblemAction, StoreError};
use crate::text::{Lang, format_count, io_reason};
use crate::workspace::{Provenance, WorkspaceError};

pub use crate::text::ENGLISH_DETAIL;

/// An error in words for a person reading `lang`.
pub trait Explain {
    /// The whole story, causes included: nothing needs to be added after it.
    fn explain(&self, lang: Lang) -> String;
}

/// `error` worded in `lang` when it is one of this library's error types (a
/// system error as [`io_reason`] says it); `None` otherwise. A caller holding a
/// chain of causes (anyhow's `chain()`) says the causes before it as they say
/// themselves and stops at the first one worded here: its wording already
/// says its own causes.
pub fn explain_error(error: &(dyn std::error::Error + 'static), lang: Lang) -> Option<String> {
    macro_rules! known {
        ($($kind:ty),* $(,)?) => {
            $(if let Some(e) = error.downcast_ref::<$kind>() {
                return Some(e.explain(lang));
            })*
        };
    }
    known!(
        WorkspaceError,
        StoreError,
        LockError,
        BackupError,
        TaxCodeError,
        FieldProblem,
        AnswerError,
        AnswerProblem,
        DecimalError,
        QuestionnaireError,
        BundleError,
        SealError,
        KeyError,
        ExportError,
        ReportError,
        UnsafeName,
        BoundedReadError,
        SettingsError,
        TableReadError,
    );
    error
        .downcast_ref::<std::io::Error>()
        .map(|e| io_reason(e, lang))
}

/// A Vietnamese sentence followed by the English `detail` it carries, marked
/// as English.
fn with_detail(sentence: impl std::fmt::Display, detail: impl std::fmt::Display) -> String {
    format!("{sentence} — {ENGLISH_DETAIL} {detail}")
}

/// The refusal of a sealed bundle whose signer's key is new here and not yet
/// confirmed, worded as the import preview words that key (a new key under a
/// known sender's name: possible impersonation, call the sender to ask); `None`
/// when `provenance` needs no confirmation.
pub fn unconfirmed_signer(path: &Path, provenance: &Provenance, lang: Lang) -> Option<String> {
    let Provenance::Sealed {
        signer,
        trust: trust @ SignerTrust::New { same_name_as },
        ..
    } = provenance
    else {
        return None;
    };
    let name = &signer.name;
    let fingerprint = signer.fingerprint();
    let seen_as = trust.describe();
    let path = path.display();
    let warning = match same_name_as {
        Some(_) => lang.pick(
            " CHÚ Ý: có thể là mạo danh — hãy gọi cho người gửi để hỏi trước khi tin khóa này.",
            " NOTE: possible impersonation — call the sender to ask before trusting this key.",
        ),
        None => "",
    };
    Some(lang.pick(
        format!(
            "{path} không nhập được: tệp được ký bởi một khóa chưa biết ở đây: {name} (khóa {fingerprint}), {}.{warning} Khi đã chắc chắn, hãy xác nhận khóa rồi nhập lại (trên dòng lệnh: `--trust-key {fingerprint}`).",
            seen_as.vi
        ),
        format!(
            "{path} cannot be imported: it is signed by a key not known here: {name} (key {fingerprint}), {}.{warning} Once sure, confirm the key and import again (on the command line: --trust-key {fingerprint}).",
            seen_as.en
        ),
    ))
}

/// A file that could not be used when the data folder was opened, and what
/// was done with it (the reason is worded in English deeper down).
pub fn load_problem(problem: &LoadProblem, lang: Lang) -> String {
    match lang {
        Lang::En => problem.to_string(),
        Lang::Vi => {
            let path = problem.file.display();
            let what = match &problem.action {
                ProblemAction::Quarantined(to) => {
                    format!(
                        "{path}: tệp không dùng được, đã chuyển sang {}",
                        to.display()
                    )
                }
                ProblemAction::MergedInto(to) => format!(
                    "{path}: bản sao do công cụ đồng bộ tạo ra, đã gộp vào {}",
                    to.display()
                ),
                ProblemAction::LeftInPlace => {
                    format!("{path}: tệp không dùng được, được để nguyên tại chỗ")
                }
                ProblemAction::Repaired => {
                    format!("{path}: một thao tác bị gián đoạn đã được hoàn tất hoặc hủy bỏ")
                }
            };
            with_detail(what, &problem.reason)
        }
    }
}

impl Explain for WorkspaceError {
    fn explain(&self, lang: Lang) -> String {
        let english = || self.to_string();
        match self {
            WorkspaceError::Store(e) => e.explain(lang),
            WorkspaceError::Backup(e) => e.explain(lang),
            WorkspaceError::Builtin(e) => lang.pick(
                format!(
                    "Bộ câu hỏi cài sẵn không đọc được (lỗi của bản Sohoa này, hãy báo cho người phát triển): {}",
                    e.explain(lang)
                ),
                english(),
            ),
            WorkspaceError::Preset(detail) => lang.pick(
                with_detail(
                    "Thiết lập chương trình cài sẵn không đọc được (lỗi của bản Sohoa này, hãy báo cho người phát triển)",
                    detail,
                ),
                english(),
            ),
            WorkspaceError::DuplicateTaxCode { tax_code, id, name } => lang.pick(
                format!(
                    "Mã số thuế {tax_code} đã có: “{name}” ({id}). Mở hồ sơ đó thay vì tạo mới."
                ),
                format!(
                    "Tax code {tax_code} already belongs to “{name}” ({id}). Open that profile instead of adding a new one."
                ),
            ),
            WorkspaceError::Invalid(problems) => {
                let said: Vec<String> = problems.iter().map(|p| p.explain(lang)).collect();
                lang.pick(
                    format!("Hồ sơ chưa hợp lệ: {}", said.join("; ")),
                    format!("The profile is not valid: {}", said.join("; ")),
                )
            }
            WorkspaceError::NotFound(query) => lang.pick(
                format!("Không có doanh nghiệp nào có mã hoặc mã số thuế “{query}”"),
                english(),
            ),
            WorkspaceError::UnknownQuestionnaire { id, version } => lang.pick(
                format!("Bộ câu hỏi {id} phiên bản {version} chưa được cài đặt ở đây"),
                english(),
            ),
            WorkspaceError::NoSuchAssessment(id) => {
                lang.pick(format!("Không có đánh giá {id}"), english())
            }
            WorkspaceError::Frozen => lang.pick(
                "Đánh giá này đã hoàn thành nên không sửa được nữa. Hãy tạo một đánh giá lại."
                    .into(),
                english(),
            ),
            WorkspaceError::DraftExists(id) => lang.pick(
                format!(
                    "Doanh nghiệp đã có một bản nháp đánh giá ({id}); hãy hoàn thành hoặc bỏ bản nháp đó trước, hoặc ghi đánh giá này ở dạng đã hoàn thành"
                ),
                english(),
            ),
            WorkspaceError::InvalidAnswer { question, problem } => {
                format!("{question}: {}", problem.in_language(lang))
            }
            WorkspaceError::InvalidSettings(detail) => lang.pick(
                with_detail("Cài đặt chương trình không hợp lệ", detail),
                english(),
            ),
            WorkspaceError::Bundle { path, reason } => lang.pick(
                with_detail(format!("{} không nhập được", path.display()), reason),
                english(),
            ),
            WorkspaceError::Conflict(detail) => lang.pick(
                with_detail("Không giải quyết được xung đột theo cách đã chọn", detail),
                english(),
            ),
            WorkspaceError::DemoIntoRealFolder(count) => lang.pick(
                format!(
                    "Dữ liệu mẫu chỉ ghi vào thư mục trống: thư mục này đã có {} doanh nghiệp (hãy mở một thư mục mới để xem thử)",
                    format_count(*count as u64, lang)
                ),
                english(),
            ),
            WorkspaceError::Crashed(detail) => lang.pick(
                with_detail(
                    "Một tác vụ chạy nền đã dừng vì lỗi của chương trình; dữ liệu trên đĩa không thay đổi",
                    detail,
                ),
                english(),
            ),
            WorkspaceError::SettingsChanged => lang.pick(
                "Cài đặt chương trình vừa được một chương trình khác thay đổi nên chưa lưu gì. Trang này đang hiện cài đặt mới nhất: hãy sửa lại rồi lưu.".into(),
                english(),
            ),
            WorkspaceError::ProgramAlreadySetUp => lang.pick(
                "Chương trình của thư mục dữ liệu này đã được thiết lập; hãy sửa trong phần cài đặt chương trình.".into(),
                english(),
            ),
            WorkspaceError::TableRefused {
                table,
                refused,
                first_line,
            } => lang.pick(
                format!(
                    "{table}: {} dòng không nhập được (dòng đầu tiên là dòng {first_line}); chưa nhập gì. Hãy sửa các dòng đó rồi nhập lại.",
                    format_count(*refused as u64, lang)
                ),
                english(),
            ),
            WorkspaceError::Unreadable { id, .. } => lang.pick(
                format!(
                    "Không đọc được tệp của doanh nghiệp {id} (tệp vẫn còn trong thư mục dữ liệu). Hãy sửa hoặc gỡ tệp đó trước."
                ),
                english(),
            ),
        }
    }
}

impl Explain for StoreError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            StoreError::Write { path, source } => {
                let reason = io_reason(source, lang);
                lang.pick(
                    format!(
                        "Không lưu được {}: {reason}. Dữ liệu cũ vẫn còn nguyên. Hãy giải phóng ổ đĩa hoặc kiểm tra quyền ghi thư mục dữ liệu rồi thử lại.",
                        path.display()
                    ),
                    format!(
                        "Could not save {}: {reason}. The previous data is intact. Free some disk space or check the data folder's permissions, then try again.",
                        path.display()
                    ),
                )
            }
            StoreError::CreateFolder { path, source } => {
                let reason = io_reason(source, lang);
                lang.pick(
                    format!(
                        "Không tạo được thư mục {}: {reason}. Hãy kiểm tra ổ đĩa hoặc quyền ghi rồi thử lại.",
                        path.display()
                    ),
                    format!(
                        "Could not create the folder {}: {reason}. Check the disk or the permissions and try again.",
                        path.display()
                    ),
                )
            }
            StoreError::Encode { .. } => lang.pick(
                with_detail(
                    "Không lưu được (lỗi của Sohoa khi chuyển dữ liệu thành tệp); dữ liệu cũ vẫn còn nguyên",
                    self,
                ),
                format!("Could not save; the previous data is intact: {self}"),
            ),
            StoreError::TooLarge { what, size, limit } => lang.pick(
                format!(
                    "{what} sẽ chiếm {} byte, quá giới hạn {} byte của một tệp hồ sơ; chưa lưu gì",
                    format_count(*size, lang),
                    format_count(*limit, lang)
                ),
                self.to_string(),
            ),
            StoreError::Lock(e) => e.explain(lang),
            StoreError::UnsafeName { source, .. } => lang.pick(
                format!(
                    "Tên bộ câu hỏi không dùng làm tên tệp được: {}",
                    source.explain(lang)
                ),
                self.to_string(),
            ),
        }
    }
}

impl Explain for LockError {
    fn explain(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (LockError::Busy { .. }, Lang::Vi) => {
                "Một chương trình Sohoa khác đang ghi vào thư mục dữ liệu quá lâu; chưa lưu được. Hãy thử lại sau ít phút.".into()
            }
            (LockError::ReadOnly { root, reason }, Lang::Vi) => with_detail(
                format!(
                    "Thư mục dữ liệu {} ở đây chỉ đọc được: Sohoa xem và xuất được những gì trong đó nhưng không thay đổi được. Hãy chép thư mục sang chỗ ghi được, hoặc xin quyền ghi",
                    root.display()
                ),
                reason,
            ),
            (LockError::Io { root, source }, Lang::Vi) => format!(
                "Không khóa được thư mục dữ liệu {} để ghi: {}",
                root.display(),
                io_reason(source, lang)
            ),
        }
    }
}

impl Explain for BackupError {
    fn explain(&self, lang: Lang) -> String {
        match self {
            BackupError::Io { path, source, .. } => {
                let reason = io_reason(source, lang);
                lang.pick(
                    format!(
                        "Không sao lưu được ({}: {reason}). Thư mục dữ liệu không bị thay đổi.",
                        path.display()
                    ),
                    format!(
                        "The backup could not be made ({}: {reason}). The data folder was not changed.",
                        path.display()
                    ),
                )
            }
            BackupError::NotFound(name) => lang.pick(
                format!("Không có bản sao lưu nào tên “{name}” (xem `sohoa backup list`)"),
                self.to_string(),
            ),
            BackupError::Lock(e) => e.explain(lang),
        }
    }
}

impl Explain for TaxCodeError {
    fn explain(&self, lang: Lang) -> String {
        self.in_language(lang)
    }
}

impl Explain for FieldProblem {
    /// The field's label, then why: `Mã số thuế: Chữ số kiểm tra là 7, …`.
    fn explain(&self, lang: Lang) -> String {
        format!("{}: {}", self.field.label().get(lang), self.text.get(lang))
    }
}

impl Explain for AnswerError {
    fn explain(&self, lang: Lang) -> String {
        self.in_language(lang)
    }
}

impl Explain for AnswerProblem {
    fn explain(&self, lang: Lang) -> String {
        self.in_language(lang)
    }
}

impl Explain for DecimalError {
    fn explain(&self, lang: Lang) -> String {
        let vi = match self {
            DecimalError::Empty => "chưa nhập số".to_owned(),
            DecimalError::NotANumber(text) => format!("“{text}” không phải là số"),
            DecimalError::NotFinite => "số không hữu hạn".to_owned(),
            DecimalError::TooManyDigits(text) => format!("{text} có quá 15 chữ số có nghĩa"),
            DecimalError::TooManyPlaces(text) => {
                format!("{text} có quá 15 chữ số sau dấu thập phân")
            }
            DecimalError::TooLarge(text) => {
                format!("{text} quá lớn: số liệu phải nhỏ hơn 1.000.000.000.000.000")
            }
        };
        lang.pick(vi, self.to_string())
    }
}

impl Explain for QuestionnaireError {
    fn explain(&self, lang: Lang) -> String {
        let vi = match self {
            QuestionnaireError::Read { path, source } => format!(
                "Không đọc được bộ câu hỏi {}: {}",
                path.display(),
                io_reason(source, lang)
            ),
            QuestionnaireError::TooLarge { path, size, limit } => format!(
                "{}: tệp dài {} byte, quá giới hạn {} byte của một bộ câu hỏi",
                path.display(),
                format_count(*size, lang),
                format_count(*limit, lang)
            ),
            QuestionnaireError::Syntax {
                path,
                line,
                column,
                message,
            } => with_detail(
                format!(
                    "{}:{line}:{column}: tệp không đúng cú pháp của một bộ câu hỏi",
                    path.display()
                ),
                message,
            ),
            // The problems are for the questionnaire's author, as the
            // validator words them: `FILE:LINE:COLUMN: …`, one a line.
            QuestionnaireError::Invalid { path, problems } => {
                let lines: Vec<String> = problems
                    .iter()
                    .map(|p| {
                        format!(
                            "{}:{}:{}: {} ({})",
                            path.display(),
                            p.line,
                            p.column,
                            p.message,
                            p.location
                        )
                    })
                    .collect();
                format!(
                    "{} có {} lỗi:\n{}",
                    path.display(),
                    problems.len(),
                    lines.join("\n")
                )
            }
        };
        lang.pick(vi, self.to_string())
    }
}

impl Explain for BundleError {
    fn explain(&self, lang: Lang) -> String {
        let vi = match self {
            BundleError::Read { path, source } => format!(
                "Không đọc được {}: {}",
                path.display(),
                io_reason(source, lang)
            ),
            BundleError::Invalid { path, reason } => format!(
                "{} không phải là gói dữ liệu Sohoa dùng được: {}",
                path.display(),
                reason.vi
            ),
            BundleError::Unreadable { path, source } => format!(
                "{} không phải là gói dữ liệu Sohoa dùng được: {}",
                path.display(),
                source.explain(lang)
            ),
            BundleError::Write { path, source } => format!(
                "Không ghi được {}: {}",
                path.display(),
                io_reason(source, lang)
            ),
            BundleError::Encode(detail) => with_detail("Không tạo được gói dữ liệu", detail),
            BundleError::Sealed { path, source } => {
                format!(
                    "{} không nhập được: {}",
                    path.display(),
                    source.explain(lang)
                )
            }
            BundleError::Key { path, source } => format!(
                "Không mở được gói dữ liệu niêm phong {}: {}",
                path.display(),
                source.explain(lang)
            ),
        };
        lang.pick(vi, self.to_string())
    }
}

/// "one other key" or "other keys", in `lang`.
fn other_keys(to: &[String], lang: Lang) -> &'static str {
    match to.len() {
        1 => lang.pick("một khóa khác", "one other key"),
        _ => lang.pick("các khóa khác", "other keys"),
    }
}

impl Explain for SealError {
    fn explain(&self, lang: Lang) -> String {
        let vi = match self {
            SealError::NotForThisKey { to, mine } => format!(
                "tệp được niêm phong cho {} (khóa {}), không phải cho máy này (khóa {mine})",
                other_keys(to, Lang::Vi),
                to.join(", ")
            ),
            SealError::ResealedByAnother { to, mine } => format!(
                "người gửi đã niêm phong tệp cho {} (khóa {}), không phải cho máy này (khóa {mine}); tệp đã bị người khác mã hóa lại cho máy này nên không được nhận",
                other_keys(to, Lang::Vi),
                to.join(", ")
            ),
            SealError::Altered(detail) => with_detail(
                "tệp đã bị sửa hoặc bị hỏng sau khi niêm phong; hãy xin người gửi một bản mới",
                detail,
            ),
            SealError::TooLarge(limit) => format!(
                "tệp lớn hơn giới hạn {} byte của một gói dữ liệu",
                format_count(*limit, Lang::Vi)
            ),
            SealError::Key(detail) | SealError::Encrypt(detail) => {
                with_detail("không niêm phong được", detail)
            }
        };
        lang.pick(vi, self.to_string())
    }
}

impl Explain for KeyError {
    fn explain(&self, lang: Lang) -> String {
        let vi = match self {
            KeyError::Io { path, source } => format!(
                "Không đọc hoặc ghi được tệp khóa {}: {}",
                path.display(),
                io_reason(source, lang)
            ),
            KeyError::BadKeyFile { path, reason } => with_detail(
                format!(
                    "{} không phải là tệp khóa Sohoa dùng được; hãy chuyển tệp đó sang chỗ khác để tạo khóa mới (các gói dữ liệu niêm phong cho khóa cũ sẽ không mở được ở máy này nữa)",
                    path.display()
                ),
                reason,
            ),
            KeyError::NoKeyFolder => {
                "Không tìm thấy thư mục cấu hình để giữ khóa của Sohoa; hãy đặt biến môi trường SOHOA_KEY_DIR".into()
            }
            KeyError::BadCard(detail) => with_detail("Không phải là thẻ khóa dùng được", detail),
            KeyError::InsideDataFolder { dir, data } => format!(
                "Thư mục khóa {} nằm trong thư mục dữ liệu {}, nơi được chia sẻ với các máy khác; hãy giữ khóa ở chỗ khác (`--key-dir` hoặc SOHOA_KEY_DIR)",
                dir.display(),
                data.display()
            ),
            KeyError::KeyFileIsALink { path } => format!(
                "{} là một liên kết, không phải chính tệp khóa; hãy đặt tệp khóa vào đó",
                path.display()
            ),
            KeyError::Random(detail) => with_detail("Hệ thống không cấp số ngẫu nhiên", detail),
        };
        lang.pick(vi, self.to_string())
    }
}

impl Explain for ExportError {
    fn explain(&self, lang: Lang) -> String {
        let vi = match self {
            ExportError::Write { path, source } => format!(
                "Không ghi được {}: {}",
                path.display(),
                io_reason(source, lang)
            ),
            ExportError::Csv(detail) => with_detail("Không tạo được tệp CSV", detail),
            ExportError::Xlsx(detail) => with_detail("Không tạo được tệp XLSX", detail),
        };
        lang.pick(vi, self.to_string())
    }
}

impl Explain for ReportError {
    fn explain(&self, lang: Lang) -> String {
        let vi = match self {
            ReportError::NoAssessment(name) => {
                format!("“{name}” chưa có đánh giá nào hoàn thành")
            }
            ReportError::Data(detail) => with_detail("Thiếu dữ liệu cần cho báo cáo", detail),
            ReportError::Pdf(detail) => with_detail("Không tạo được tệp PDF", detail),
            ReportError::Write { path, source } => format!(
                "Không ghi được {}: {}",
                path.display(),
                io_reason(source, lang)
            ),
        };
        lang.pick(vi, self.to_string())
    }
}

impl Explain for crate::report::DocumentFailure {
    fn explain(&self, lang: Lang) -> String {
        match self {
            crate::report::DocumentFailure::Error(e) => e.explain(lang),
            crate::report::DocumentFailure::Panicked => lang
                .pick(
                    "không vẽ được báo cáo (lỗi của chương trình; dữ liệu không thay đổi)",
                    "the report could not be drawn (an internal error; the data is unchanged)",
                )
                .to_owned(),
        }
    }
}

impl Explain for UnsafeName {
    fn explain(&self, lang: Lang) -> String {
        // Worded where the rule is: a bundle's refusal (a lower layer) says it too.
        lang.pick(self.in_vietnamese(), self.to_string())
    }
}

impl Explain for BoundedReadError {
    fn explain(&self, lang: Lang) -> String {
        let vi = match self {
            BoundedReadError::Io(source) => format!("không đọc được: {}", io_reason(source, lang)),
            BoundedReadError::NotAFile(kind) => {
                let found = match kind {
                    NotAFile::Folder => "không phải là một tệp mà là một thư mục",
                    NotAFile::Pipe => "không phải là một tệp mà là một đường ống (pipe)",
                    NotAFile::Device => "không phải là một tệp mà là một thiết bị",
                    NotAFile::Socket => "không phải là một tệp mà là một socket",
                    NotAFile::Other => "không phải là một tệp thông thường",
                };
                format!("{found}; chỉ đọc được tệp")
            }
            BoundedReadError::TooLarge { size, limit } => format!(
                "tệp dài {} byte, quá giới hạn {} byte",
                format_count(*size, lang),
                format_count(*limit, lang)
            ),
        };
        lang.pick(vi, self.to_string())
    }
}

impl Explain for TableReadError {
    fn explain(&self, lang: Lang) -> String {
        let vi = match self {
            TableReadError::File { path, source } => {
                format!("{}: {}", path.display(), source.explain(lang))
            }
            TableReadError::Workbook { path, detail } => with_detail(
                format!(
                    "{}: không phải bảng tính Sohoa đọc được (hãy lưu lại dưới dạng .xlsx hoặc .csv)",
                    path.display()
                ),
                detail,
            ),
            TableReadError::NoSuchSheet {
                path,
                sheet,
                sheets,
            } => format!(
                "{}: không có trang tính “{sheet}” (các trang có: {})",
                path.display(),
                sheets.join(", ")
            ),
            TableReadError::Csv { path, line, detail } => with_detail(
                format!("{}: dòng {line} không đọc được", path.display()),
                detail,
            ),
            TableReadError::Empty { path } => format!("{}: bảng không có dòng nào", path.display()),
        };
        lang.pick(vi, self.to_string())
    }
}

impl Explain for crate::program::setup::SetupError {
    fn explain(&self, lang: Lang) -> String {
        use crate::program::setup::SetupError;
        let vi = match self {
            SetupError::NoProvince => {
                "Hãy chọn tỉnh, thành phố của chương trình (hoặc cả nước)".to_owned()
            }
            SetupError::NoTarget => {
                "Hãy nhập mục tiêu: số doanh nghiệp chương trình hỗ trợ".to_owned()
            }
            SetupError::Invalid(e) => return e.explain(lang),
        };
        lang.pick(vi, self.to_string())
    }
}

impl Explain for SettingsError {
    fn explain(&self, lang: Lang) -> String {
        lang.pick(
            with_detail("Thiết lập chương trình không dùng được", &self.0),
            self.to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn a_workspace_error_in_a_chain_of_causes_is_worded_in_the_language_asked() {
        let e = anyhow::Error::from(WorkspaceError::NotFound("0100109106".into()))
            .context("opening the record");
        let said: Vec<Option<String>> = e.chain().map(|c| explain_error(c, Lang::Vi)).collect();
        assert_eq!(
            said,
            [
                None,
                Some("Không có doanh nghiệp nào có mã hoặc mã số thuế “0100109106”".into())
            ]
        );
    }

    #[test]
    fn a_full_disk_is_said_as_such_in_both_languages() {
        let full = || std::io::Error::from(std::io::ErrorKind::StorageFull);
        let e = WorkspaceError::Store(StoreError::Write {
            path: PathBuf::from("a.ron"),
            source: full(),
        });
        assert!(
            e.explain(Lang::Vi)
                .starts_with("Không lưu được a.ron: ổ đĩa đã đầy.")
        );
        assert!(
            e.explain(Lang::En)
                .starts_with("Could not save a.ron: the disk is full.")
        );
    }

    #[test]
    fn english_detail_carried_from_deeper_down_is_marked_as_english() {
        let e = WorkspaceError::Conflict("the record changed meanwhile".into());
        let said = e.explain(Lang::Vi);
        assert!(
            said.ends_with("chi tiết (tiếng Anh): the record changed meanwhile"),
            "{said}"
        );
        assert_eq!(e.explain(Lang::En), e.to_string());
    }

    #[test]
    fn a_file_that_is_not_a_bundle_is_refused_in_vietnamese_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ghi-chu.txt");
        std::fs::write(&path, "Ghi chú cuộc họp\n").unwrap();
        let e = crate::exchange::bundle::read_bundle(&path).unwrap_err();
        let said = e.explain(Lang::Vi);
        assert!(
            said.contains("không phải là gói dữ liệu Sohoa dùng được: dòng 1, cột"),
            "{said}"
        );
        assert!(said.contains("tệp có thể bị cắt cụt hoặc hỏng"), "{said}");
        assert!(
            said.contains("loại tệp khác — chi tiết (tiếng Anh): Expected"),
            "the parser's words come last, said to be English: {said}"
        );
        std::fs::write(&path, "").unwrap();
        let e = crate::exchange::bundle::read_bundle(&path).unwrap_err();
        assert!(
            e.explain(Lang::Vi).ends_with(": tệp trống"),
            "{}",
            e.explain(Lang::Vi)
        );
        assert!(e.explain(Lang::En).ends_with(": the file is empty"));
        let e = crate::exchange::bundle::read_bundle(dir.path()).unwrap_err();
        assert!(
            e.explain(Lang::Vi).contains("chỉ đọc được tệp"),
            "{}",
            e.explain(Lang::Vi)
        );
    }

    #[test]
    fn a_new_key_under_a_known_name_is_refused_as_a_possible_impersonation() {
        let impostor = crate::keys::KeyPair::generate().unwrap();
        let provenance = Provenance::Sealed {
            signer: impostor.card("Lan"),
            sealed: jiff::Timestamp::UNIX_EPOCH,
            trust: SignerTrust::New {
                same_name_as: Some("AAAA-BBBB-CCCC-DDDD".into()),
            },
            known_as: None,
        };
        let path = Path::new("lan.sohoa");
        let vi = unconfirmed_signer(path, &provenance, Lang::Vi).unwrap();
        assert!(vi.contains("có thể là mạo danh"), "{vi}");
        assert!(vi.contains("hãy gọi cho người gửi"), "{vi}");
        let en = unconfirmed_signer(path, &provenance, Lang::En).unwrap();
        assert!(en.contains("signed by a key not known here: Lan"), "{en}");
        assert!(en.contains("possible impersonation"), "{en}");
        assert_eq!(
            unconfirmed_signer(path, &Provenance::Unsigned, Lang::Vi),
            None
        );
    }
}
