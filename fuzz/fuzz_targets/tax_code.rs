//! Fuzz target: see `sohoa::fuzzing::tax_code`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sohoa::fuzzing::tax_code(data));
