//! What an [`Action`](super::Action) carries: the drafts of the forms, as typed,
//! and the small choices a person makes (a sort column, a file's purpose, a
//! section of the window).
//!
//! Key types: [`ProfileDraft`], [`WalkState`], [`ActivityDraft`],
//! [`ProgramDraft`], [`SetupDraft`]; [`choices`].
//!
//! Policy: a leaf of the app: nothing here uses another module of `app/`, so
//! the vocabulary of actions ([`super::action`]) depends on this alone. Drafts
//! are plain strings until they are read, so a half-typed figure is never lost;
//! reading them is pure (no I/O, no window).

pub mod activity;
pub mod choices;
pub mod profile;
pub mod program;
pub mod setup;
pub mod walk;

pub use activity::ActivityDraft;
pub use choices::{FileChoice, FileGoal, KeysForm, RowsAre, Section, SortColumn, StatusFilter};
pub use profile::ProfileDraft;
pub use program::ProgramDraft;
pub use setup::SetupDraft;
pub use walk::WalkState;
