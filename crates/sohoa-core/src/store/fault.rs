//! Crash points inside multi-step operations, for the tests that prove each step
//! can be interrupted.
//!
//! Key function: [`step`].
//!
//! `SOHOA_CRASH_AT=restore:3` in the environment makes the process stop dead at
//! the third step of a restore (`import:N` for an import's N-th step): no
//! destructor runs, no buffer is flushed, as with a power cut or SIGKILL. Without
//! the variable a step costs one comparison. The variable is read once.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

static CRASH_AT: OnceLock<Option<(String, usize)>> = OnceLock::new();
static STEPS: AtomicUsize = AtomicUsize::new(0);

/// Marks a step of `operation`; stops the process here if the environment says so.
pub fn step(operation: &str) {
    let target = CRASH_AT.get_or_init(|| {
        let value = std::env::var("SOHOA_CRASH_AT").ok()?;
        let (name, n) = value.split_once(':')?;
        Some((name.to_owned(), n.parse().ok()?))
    });
    if let Some((name, n)) = target
        && name == operation
        && STEPS.fetch_add(1, Ordering::SeqCst) + 1 == *n
    {
        std::process::abort();
    }
}
