//! Entry points for coverage-guided fuzzing (`fuzz/`, cargo-fuzz) and for the
//! regression test that replays the inputs the fuzzer found
//! (`tests/integration/fuzz_regressions.rs`).
//!
//! Each function takes arbitrary bytes and must return without panicking; the
//! properties it checks on what parses are assertions (a failed one is a finding).

use std::path::Path;
use std::sync::OnceLock;

use crate::enterprise::tax_code;
use crate::exchange::bundle::parse_bundle;
use crate::questionnaire::{Answers, Questionnaire, score};
use crate::workspace::Workspace;

/// An empty workspace to plan imports against, made once per process.
fn workspace() -> Option<&'static Workspace> {
    static WORKSPACE: OnceLock<Option<Workspace>> = OnceLock::new();
    WORKSPACE
        .get_or_init(|| {
            let dir = tempfile::tempdir().ok()?.keep();
            Workspace::open(dir).ok()
        })
        .as_ref()
}

/// The questionnaire loader; a questionnaire that loads also scores an empty answer set.
pub fn questionnaire(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(q) = Questionnaire::from_ron_str(text, "fuzz.ron") {
        let report = score(&q, &Answers::new());
        assert_eq!(report.total, 0, "no answers, no points");
    }
}

/// The enterprise-file loader; a record that loads is checked and summarised.
pub fn enterprise_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(e) = crate::store::parse_enterprise_file(text)
        && let Some(ws) = workspace()
    {
        let _ = e.validate();
        let _ = crate::workspace::EnterpriseSummary::compute(
            &e,
            &ws.program,
            &ws.questionnaires,
            &crate::program::places::PlaceIndex::new(&ws.program, jiff::civil::date(2026, 1, 1)),
        );
    }
}

/// The bundle reader and the import planner, against an empty folder.
pub fn bundle(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(checked) = parse_bundle(text, Path::new("fuzz.sohoa"))
        && let Some(ws) = workspace()
    {
        let _ = ws.plan_import(&checked);
    }
}

/// The tax-code parser; a code that parses parses again to itself.
pub fn tax_code(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(code) = tax_code::parse(text) {
        let again = tax_code::parse(code.as_str()).map(|c| c.as_str().to_owned());
        assert_eq!(again.as_deref(), Ok(code.as_str()), "normal form is stable");
    }
}
