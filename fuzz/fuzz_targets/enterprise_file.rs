//! Fuzz target: see `sohoa_core::fuzzing::enterprise_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sohoa_core::fuzzing::enterprise_file(data));
