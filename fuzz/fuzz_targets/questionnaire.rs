//! Fuzz target: see `sohoa::fuzzing::questionnaire`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sohoa::fuzzing::questionnaire(data));
