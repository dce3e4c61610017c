//! The desktop app without its window: what the screens show besides the data
//! (pages, drafts, forms being filled in, messages), the actions the screens send,
//! and the one place that applies them.
//!
//! Key types: [`AppCore`] (the domain workspace with the view state),
//! [`Action`], [`Effect`] (work the window runs after applying, e.g. writing PDFs
//! on another thread), [`state::ViewState`], [`Prefs`].
//!
//! Policy: no egui here. Screens (in the `sohoa` crate's `ui`) read state and
//! push actions; [`AppCore::apply`] changes domain data through the workspace,
//! which writes to disk first, and updates the view; it is tested as plain Rust.

pub mod action;
pub mod exchange;
pub mod log;
pub mod state;

pub use action::{Action, AppCore, Effect, ExchangeAction, tr};
pub use state::{Page, Prefs};

/// Where `sohoa self-assess` keeps an enterprise's own data: a folder beside the
/// program's data folder, never mixed with it.
pub fn self_assessment_folder(data_root: std::path::PathBuf) -> std::path::PathBuf {
    let name = data_root
        .file_name()
        .map(|n| format!("{}-self-assessment", n.to_string_lossy()))
        .unwrap_or_else(|| "sohoa-self-assessment".into());
    data_root.with_file_name(name)
}
