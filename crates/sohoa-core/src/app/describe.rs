//! What went wrong, said to the person in their language with what to do about
//! it; the log keeps the error as the library wrote it.
//!
//! Key method: `AppCore::describe`, used by [`AppCore::apply`](super::AppCore::apply)
//! for every failed action. The wording itself lives in [`crate::explain`],
//! shared with the command line.

use super::apply::AppCore;
use crate::explain::Explain;
use crate::workspace::WorkspaceError;

impl AppCore {
    /// An error in the user's language, with what to do about it.
    pub(super) fn describe(&self, e: &WorkspaceError) -> String {
        e.explain(self.lang())
    }
}
