//! Replays every input under `fuzz/regressions/` (seeds, and each input a fuzzer
//! once crashed on) through the same entry points the fuzz targets use: the short
//! form of fuzzing that runs with every test.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("regressions")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{} panics", path.display());
        count += 1;
    }
    count
}

#[test]
fn every_saved_fuzz_input_is_handled_without_a_panic() {
    assert!(replay("questionnaire", sohoa::fuzzing::questionnaire) >= 2);
    assert!(replay("enterprise_file", sohoa::fuzzing::enterprise_file) >= 1);
    assert!(replay("bundle", sohoa::fuzzing::bundle) >= 1);
    assert!(replay("tax_code", sohoa::fuzzing::tax_code) >= 4);
    assert!(replay("sealed_bundle", sohoa::fuzzing::sealed_bundle) >= 2);
}
