//! What went wrong, said to the person in their language with what to do about
//! it; the log keeps the error as the library wrote it.
//!
//! Key method: `AppCore::describe`, used by [`AppCore::apply`](super::AppCore::apply)
//! for every failed action.

use super::apply::AppCore;
use crate::store::StoreError;
use crate::text::Lang;
use crate::workspace::WorkspaceError;

impl AppCore {
    /// An error in the user's language, with what to do about it.
    pub(super) fn describe(&self, e: &WorkspaceError) -> String {
        let vi = self.lang() == Lang::Vi;
        match e {
            WorkspaceError::DuplicateTaxCode { tax_code, name, .. } if vi => {
                format!("Mã số thuế {tax_code} đã có: “{name}”. Mở hồ sơ đó thay vì tạo mới.")
            }
            WorkspaceError::DuplicateTaxCode { tax_code, name, .. } => {
                format!(
                    "Tax code {tax_code} already belongs to “{name}”. Open that profile instead of adding a new one."
                )
            }
            WorkspaceError::Store(StoreError::Write { path, source }) => {
                let reason = crate::text::io_reason(source, self.lang());
                if vi {
                    format!(
                        "Không lưu được {}: {reason}. Dữ liệu cũ vẫn còn nguyên. Hãy giải phóng ổ đĩa hoặc kiểm tra quyền ghi thư mục dữ liệu rồi thử lại.",
                        path.display()
                    )
                } else {
                    format!(
                        "Could not save {}: {reason}. The previous data is intact. Free some disk space or check the data folder's permissions, then try again.",
                        path.display()
                    )
                }
            }
            WorkspaceError::Store(StoreError::Lock(crate::store::LockError::Busy { .. })) if vi => {
                "Một chương trình Sohoa khác đang ghi vào thư mục dữ liệu quá lâu; chưa lưu được. Hãy thử lại sau ít phút.".into()
            }
            WorkspaceError::Store(store) if vi => format!(
                "Không lưu được, dữ liệu cũ vẫn còn nguyên: {store}. Hãy kiểm tra ổ đĩa hoặc quyền ghi thư mục dữ liệu rồi thử lại."
            ),
            WorkspaceError::Store(store) => format!(
                "Could not save; the previous data is intact: {store}. Check the disk or the data folder's permissions and try again."
            ),
            WorkspaceError::Backup(crate::store::BackupError::Io { path, source, .. }) => {
                let reason = crate::text::io_reason(source, self.lang());
                if vi {
                    format!(
                        "Không sao lưu được ({}: {reason}). Thư mục dữ liệu không bị thay đổi.",
                        path.display()
                    )
                } else {
                    format!(
                        "The backup could not be made ({}: {reason}). The data folder was not changed.",
                        path.display()
                    )
                }
            }
            WorkspaceError::SettingsChanged if vi => {
                "Cài đặt chương trình vừa được một chương trình khác thay đổi nên chưa lưu gì. Trang này đang hiện cài đặt mới nhất: hãy sửa lại rồi lưu.".into()
            }
            WorkspaceError::Unreadable { id, .. } if vi => format!(
                "Không đọc được tệp của doanh nghiệp {id} (tệp vẫn còn trong thư mục dữ liệu). Hãy sửa hoặc gỡ tệp đó trước."
            ),
            WorkspaceError::Frozen if vi => {
                "Đánh giá này đã hoàn thành nên không sửa được nữa. Hãy tạo một đánh giá lại."
                    .into()
            }
            other => other.to_string(),
        }
    }
}
