//! Sohoa: digital-maturity assessments and progress tracking for a provincial
//! enterprise digital-transformation program.
//!
//! This crate is the shells: the desktop window ([`app::SohoaApp`] and its
//! screens in [`ui`]) and the command line ([`cli`]). Everything else (the
//! questionnaire and its scoring, enterprises, the program, the data folder,
//! exchange, reports, and the app's state and actions without a window) is the
//! `sohoa-core` crate, re-exported here under the same names for tests and
//! tools (`sohoa::text` is `sohoa_core::text`); the shells' own code writes
//! `sohoa_core::…`, so a path says which crate it is in. See ARCHITECTURE.md
//! for the layers.

// Panic policy: user data never reaches an `unwrap` or `expect`. Tests may use them.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub use sohoa_core::{
    MAX_NESTING, bounded_read, decimal, demo, enterprise, exchange, explain, fuzzing, guide, keys,
    places, pretty_ron, program, questionnaire, report, ron_options, safe_name, store, text,
    workspace,
};

pub mod cli;
pub mod platform;
pub mod ui;
pub mod window;

/// The desktop app: its window ([`window`]) and, without a window, its state,
/// actions and the place that applies them (`sohoa_core::app`).
pub mod app {
    pub use crate::window::{SohoaApp, install_fonts, run, run_self_assessment};
    pub use sohoa_core::app::*;
}
