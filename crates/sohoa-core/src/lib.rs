//! Sohoa's core: digital-maturity assessments and progress tracking for a
//! provincial enterprise digital-transformation program, with no window in it.
//!
//! This crate is the whole application except its shells (the eframe window,
//! its screens and the command line live in the `sohoa` crate), and nothing in
//! its dependency tree draws. A questionnaire
//! ([`questionnaire`]) is data loaded from RON and validated; [`questionnaire::scoring`]
//! turns answers into pillar and overall levels with the official rules. An
//! enterprise ([`enterprise`]) carries its profile, assessments and support
//! activities; [`program`] holds the program's settings and computes its progress.
//! [`store`] keeps one file per enterprise in a data folder the user owns, written
//! atomically, with unreadable files set aside. [`workspace`] ties these together
//! for the command line and the desktop app; [`app`] is the desktop app without
//! its window: the state of the screens, the actions they send and the one place
//! that applies them. [`report`] lays PDFs out and writes them; [`demo`] makes
//! realistic data.
//!
//! None of these modules draws a window or panics on user data; errors carry the
//! file, line or field they are about.

// Panic policy: user data never reaches an `unwrap` or `expect`. Tests may use them.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod app;
pub mod bounded_read;
pub mod decimal;
pub mod demo;
pub mod enterprise;
pub mod exchange;
pub mod explain;
#[doc(hidden)]
pub mod fuzzing;
pub mod guide;
pub mod keys;
pub mod places;
pub mod program;
pub mod questionnaire;
pub mod report;
pub mod safe_name;
pub mod store;
pub mod text;
pub mod workspace;

/// RON reading options shared by every file Sohoa reads: optional values may be
/// written bare (`help: (vi: …, en: …)` rather than `Some(…)`).
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

/// Deepest nesting of brackets read from any file. Sohoa's own files nest fewer than
/// ten levels; a deeper file is refused with a message instead of exhausting the stack.
pub const MAX_NESTING: usize = 64;

/// RON writing style for every file Sohoa writes: indented, readable in a text editor.
pub fn pretty_ron() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("  ".to_string())
        .struct_names(false)
}
