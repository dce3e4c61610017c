//! Fuzz target: see `sohoa::fuzzing::enterprise_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sohoa::fuzzing::enterprise_file(data));
