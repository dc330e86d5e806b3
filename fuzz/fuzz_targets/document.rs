//! Fuzz target: any bytes as an event document (see `qmp_fuzz::document`).
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| qmp_fuzz::document(bytes));
