//! What a consumer sees when the derive cannot do its job: one message at the right place,
//! not a cascade.
//!
//! trybuild builds the cases as one crate in `tests/trybuild/qmp-derive/` under the target
//! directory, and the derive reads a document relative to that crate's `Cargo.toml`. So
//! the cases name their documents as `documents/NAME`, and the test copies them there
//! first: they are found wherever the target directory is (`CARGO_TARGET_DIR`), and the
//! messages that quote the path stay the same.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The documents the cases read, from this crate's folder, as the cases name them.
const DOCUMENTS: &[(&str, &str)] = &[
    ("../events-spec/qmp-events.txt", "qmp-events.txt"),
    ("tests/ui/malformed.txt", "malformed.txt"),
    ("tests/ui/qapi/root.json", "qapi/root.json"),
    ("tests/ui/qapi/events.json", "qapi/events.json"),
    ("tests/ui/commands/schema.json", "commands/schema.json"),
];

#[test]
fn ui() {
    copy_documents(&trybuild_crate_dir().join("documents"));
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass_seed.rs");
    cases.pass("tests/ui/pass_selections.rs");
    cases.compile_fail("tests/ui/unknown_command.rs");
    cases.compile_fail("tests/ui/missing_file.rs");
    cases.compile_fail("tests/ui/malformed_document.rs");
    cases.compile_fail("tests/ui/malformed_qapi_include.rs");
    cases.compile_fail("tests/ui/unknown_attribute.rs");
    cases.compile_fail("tests/ui/missing_attribute.rs");
    cases.compile_fail("tests/ui/spec_not_a_string.rs");
}

fn copy_documents(into: &Path) {
    std::fs::create_dir_all(into).expect("the documents folder");
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (from, name) in DOCUMENTS {
        let to = into.join(name);
        if let Some(folder) = to.parent() {
            std::fs::create_dir_all(folder).expect("a documents subfolder");
        }
        std::fs::copy(here.join(from), to)
            .unwrap_or_else(|error| panic!("copying {from}: {error}"));
    }
}

/// Where trybuild puts the crate it builds: the target directory as `cargo metadata`
/// gives it (as trybuild itself asks), then `tests/trybuild/<this crate's name>`.
fn trybuild_crate_dir() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--no-deps", "--format-version=1"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "{output:?}");
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let target = metadata["target_directory"]
        .as_str()
        .expect("cargo metadata names the target directory");
    Path::new(target)
        .join("tests/trybuild")
        .join(env!("CARGO_PKG_NAME"))
}
