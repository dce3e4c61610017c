//! Fuzz target: see `sohoa::fuzzing::bundle`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sohoa::fuzzing::bundle(data));
