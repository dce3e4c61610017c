//! The desktop app without its window: what the screens show besides the data
//! (pages, drafts, forms being filled in, messages), the actions the screens send,
//! and the one place that applies them.
//!
//! Key types: [`AppCore`] (the domain workspace with the view state),
//! [`Action`], [`Effect`] (work the window runs after applying, e.g. writing PDFs
//! on another thread), [`state::ViewState`], [`Prefs`].
//!
//! The page shown carries its own state ([`state::Page`]: the profile page its
//! form, the walkthrough where it is); the drafts of the forms and the small
//! choices actions carry are a leaf, [`drafts`], so the vocabulary of actions
//! ([`action`]) depends on nothing else here. Each page has its handlers in its
//! own file (`profile`, `walk`, `activity`, `program`, `list`, `files`,
//! `exchange`); `apply` routes every action to them; `refresh` brings the
//! screens' caches up to date before a frame is drawn.
//!
//! Policy: no egui here. Screens (in the `sohoa` crate's `ui`) read
//! [`AppCore`] and push actions, what is typed included ([`Edit`]);
//! [`AppCore::apply`] changes domain data through the workspace, which writes
//! to disk first, and updates the view; it is tested as plain Rust.

pub mod action;
pub mod activity;
pub mod apply;
mod describe;
pub mod drafts;
pub mod exchange;
pub mod files;
pub mod follow;
pub mod following;
pub mod keys;
pub mod list;
pub mod log;
pub mod profile;
pub mod program;
mod refresh;
pub mod setup;
pub mod state;
pub mod table;
pub mod walk;

pub use action::{Action, Edit, Effect, ExchangeAction, KeyAction, ListEdit};
pub use apply::AppCore;
pub use state::{Confirm, KeysForm, Page, PageKind, Prefs, Section};

/// Where `sohoa self-assess` keeps an enterprise's own data: a folder beside the
/// program's data folder, never mixed with it.
pub fn self_assessment_folder(data_root: std::path::PathBuf) -> std::path::PathBuf {
    let name = data_root
        .file_name()
        .map(|n| format!("{}-self-assessment", n.to_string_lossy()))
        .unwrap_or_else(|| "sohoa-self-assessment".into());
    data_root.with_file_name(name)
}

#[cfg(test)]
mod tests;
