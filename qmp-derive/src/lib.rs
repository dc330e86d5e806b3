//! `#[derive(QmpEvents)]`: typed Rust for QEMU's QMP events, from QEMU's event document.
//!
//! ```
//! mod qmp {
//!     #[derive(qmp_derive::QmpEvents)]
//!     #[qmp(spec = "../events-spec/qmp-events.txt")]
//!     pub struct Qmp;
//! }
//! let line = r#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}}"#;
//! let message: qmp::EventMessage = serde_json::from_str(line)?;
//! assert_eq!(message.event.name(), "STOP");
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! The bindings (`Event`, `EventMessage`, a struct per event, `validate`, `EXAMPLES`) are
//! emitted beside the struct; the path is relative to the crate's `Cargo.toml`, and the
//! crate is rebuilt when the document changes. Consumers depend on `serde` and
//! `serde_json`. All the work happens in `qmp_schema::derive::expand`.

use std::path::PathBuf;

/// Emits typed bindings for the QMP event document named by `#[qmp(spec = "...")]`.
#[proc_macro_derive(QmpEvents, attributes(qmp))]
pub fn derive_qmp_events(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    // Cargo sets CARGO_MANIFEST_DIR for every crate it compiles; without it (a build not
    // driven by cargo) paths are relative to the current directory.
    let manifest_dir =
        std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(PathBuf::new, PathBuf::from);
    qmp_schema::derive::expand(input.into(), &manifest_dir).into()
}
