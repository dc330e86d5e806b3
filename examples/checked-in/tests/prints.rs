//! The README's program, built this way in, prints what the README says.

const PROGRAM: &str = env!("CARGO_BIN_EXE_example-checked-in");

include!("../../runs_and_prints.rs");
