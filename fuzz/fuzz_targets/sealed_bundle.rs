//! Fuzz target: see `sohoa_core::fuzzing::sealed_bundle`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sohoa_core::fuzzing::sealed_bundle(data));
