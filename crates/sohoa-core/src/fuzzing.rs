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

/// A key pair known to the fuzzer (published here on purpose: it protects nothing).
const FUZZ_KEY: &str = r#"(
  format: "sohoa-key-1",
  created: "2026-11-30T09:15:15Z",
  age_identity: "AGE-SECRET-KEY-1U7M0KE0PQMT9Y9VY72802MGUAM8W3ELAW2NCX8G4U4FYD3VL3FVSKRHH0Q",
  signing_key: "CXejZcYXVaWB4KgO2gphzP0rw4bvdrxAn3rL3/3e5N0=",
)"#;

fn fuzz_key() -> Option<&'static crate::keys::KeyPair> {
    static KEY: OnceLock<Option<crate::keys::KeyPair>> = OnceLock::new();
    KEY.get_or_init(|| crate::keys::KeyPair::from_text(FUZZ_KEY).ok())
        .as_ref()
}

/// A sealed bundle sealed by and to [`FUZZ_KEY`] around `bundle`: what the seeds
/// of the `sealed_bundle` target are made of.
pub fn sealed_seed(bundle: &[u8]) -> Vec<u8> {
    let Some(key) = fuzz_key() else {
        return Vec::new();
    };
    crate::exchange::seal::seal(
        bundle,
        key,
        "Fuzz",
        &[key.card("Office")],
        jiff::Timestamp::UNIX_EPOCH,
    )
    .unwrap_or_default()
}

/// The sealed-bundle reader, with the fuzzer's own key: whatever opens has a
/// signature that checks, and its bundle goes on to the bundle reader and the
/// import planner. Also, sealing the input as a bundle's text and opening it
/// gives the input back.
pub fn sealed_bundle(data: &[u8]) {
    let Some(key) = fuzz_key() else {
        return;
    };
    const LIMIT: u64 = 1 << 24;
    if let Ok(opened) = crate::exchange::seal::open(data, key, LIMIT) {
        assert!(
            opened.signer.check().is_ok(),
            "an opened bundle has a usable signer"
        );
        if let Ok(text) = std::str::from_utf8(&opened.bundle)
            && let Ok(checked) = parse_bundle(text, Path::new("fuzz.sohoa"))
            && let Some(ws) = workspace()
        {
            let _ = ws.plan_import(&checked);
        }
    }
    if data.len() < 4096 {
        let sealed = sealed_seed(data);
        let opened = crate::exchange::seal::open(&sealed, key, LIMIT).map(|o| o.bundle);
        assert_eq!(
            opened.as_deref(),
            Ok(data),
            "what is sealed opens unchanged"
        );
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
