//! Fuzz target: any bytes as a QMP event line (see `qmp_fuzz::wire`).
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| qmp_fuzz::wire(bytes));
