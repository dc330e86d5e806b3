//! A consumer crate is rebuilt when its copy of the document changes, for both ways in
//! that run inside cargo: a build script and the derive.
//!
//! Each test writes a small consumer crate to a temporary directory, builds and runs it,
//! adds an event to its document, and builds and runs it again. The crates share one
//! target directory in cargo's temporary folder for tests (`CARGO_TARGET_TMPDIR`, inside
//! whatever target directory this build uses), so dependencies are compiled once.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("qmp-schema sits in the workspace")
        .to_path_buf()
}

/// The event the tests add; its line decodes as `Event::Unknown` before the change and
/// as its own variant after.
const NEW_SECTION: &str = "
GUEST_PANICKED
--------------

Emitted when guest OS panic is detected.

Data:

- \"action\": Action that has been taken (json-string, \"pause\" or \"poweroff\")
";

/// What the consumer prints: the document's event names, and whether a GUEST_PANICKED
/// line decodes as an event the bindings do not know.
const MAIN: &str = r##"
fn main() {
    let line = r#"{"event": "GUEST_PANICKED", "data": {"action": "pause"}, "timestamp": {"seconds": 1, "microseconds": 2}}"#;
    let message: qmp::EventMessage = serde_json::from_str(line).expect("decodes");
    let unknown = matches!(message.event, qmp::Event::Unknown { .. });
    println!("events={} unknown={unknown}", qmp::EVENT_NAMES.join(","));
}
"##;

enum Way {
    BuildScript,
    Derive,
}

fn write_consumer(dir: &Path, way: &Way) {
    let workspace = workspace();
    let schema = workspace.join("qmp-schema");
    let derive = workspace.join("qmp-derive");
    let (dependencies, build_dependencies, bindings) = match way {
        Way::BuildScript => (
            String::new(),
            format!("qmp-schema = {{ path = {schema:?}, default-features = false }}"),
            "mod qmp { include!(concat!(env!(\"OUT_DIR\"), \"/qmp.rs\")); }".to_owned(),
        ),
        Way::Derive => (
            format!("qmp-derive = {{ path = {derive:?} }}"),
            String::new(),
            "mod qmp {\n    #[derive(qmp_derive::QmpEvents)]\n    #[qmp(spec = \"qmp-events.txt\")]\n    pub struct Qmp;\n}"
                .to_owned(),
        ),
    };
    let manifest = format!(
        "[package]\nname = \"rebuild-consumer\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nserde = \"1\"\nserde_json = \"1\"\n{dependencies}\n\n\
         [build-dependencies]\n{build_dependencies}\n\n[workspace]\n"
    );
    std::fs::create_dir_all(dir.join("src")).expect("src dir");
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    // The workspace's lock file pins the same versions, so the build needs no network.
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
    std::fs::copy(
        workspace.join("events-spec/qmp-events.txt"),
        dir.join("qmp-events.txt"),
    )
    .expect("document");
    std::fs::write(dir.join("src/main.rs"), format!("{bindings}\n{MAIN}")).expect("main.rs");
    if let Way::BuildScript = way {
        let build = "fn main() {\n    let out = std::path::PathBuf::from(std::env::var(\"OUT_DIR\").unwrap());\n    \
                     qmp_schema::Builder::new(\"qmp-events.txt\").generate_to(out.join(\"qmp.rs\")).unwrap();\n}\n";
        std::fs::write(dir.join("build.rs"), build).expect("build.rs");
    }
}

fn build_and_run(dir: &Path) -> String {
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--offline"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild-on-change"),
        )
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the consumer failed to build or run:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

fn rebuilds_when_the_document_changes(way: Way) {
    let dir = tempfile::tempdir().expect("temp dir");
    write_consumer(dir.path(), &way);
    let before = build_and_run(dir.path());
    assert!(before.ends_with("unknown=true"), "{before}");
    assert!(!before.contains("GUEST_PANICKED"), "{before}");

    let document = dir.path().join("qmp-events.txt");
    let mut text = std::fs::read_to_string(&document).expect("document");
    text.push_str(NEW_SECTION);
    std::fs::write(&document, text).expect("document");

    let after = build_and_run(dir.path());
    assert!(after.contains(",GUEST_PANICKED unknown=false"), "{after}");
}

#[test]
fn build_script_consumer_rebuilds_when_the_document_changes() {
    rebuilds_when_the_document_changes(Way::BuildScript);
}

#[test]
fn derive_consumer_rebuilds_when_the_document_changes() {
    rebuilds_when_the_document_changes(Way::Derive);
}
