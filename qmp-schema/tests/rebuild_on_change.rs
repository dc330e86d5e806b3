//! A consumer crate is rebuilt when its copy of the document changes, for both ways in
//! that run inside cargo: a build script and the derive; and when a file its QAPI schema
//! includes changes (not the root, which is what the crate names).
//!
//! Each test writes a small consumer crate to a temporary directory, builds and runs it,
//! adds an event to its document (or to the schema's included file), and builds and runs
//! it again. The crates share one
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

/// The text the consumer's bindings come from.
enum Spec {
    /// `qmp-events.txt`, a copy of the bundled document; the test appends a section.
    Document,
    /// `qapi/qapi-schema.json`, which includes `qapi/events.json`; the test appends an
    /// event to the included file.
    Qapi,
}

impl Spec {
    /// The path the consumer names (relative to its manifest).
    fn root(&self) -> &'static str {
        match self {
            Spec::Document => "qmp-events.txt",
            Spec::Qapi => "qapi/qapi-schema.json",
        }
    }

    fn write(&self, dir: &Path) {
        match self {
            Spec::Document => {
                std::fs::copy(
                    workspace().join("events-spec/qmp-events.txt"),
                    dir.join("qmp-events.txt"),
                )
                .expect("document");
            }
            Spec::Qapi => {
                std::fs::create_dir_all(dir.join("qapi")).expect("qapi dir");
                std::fs::write(
                    dir.join("qapi/qapi-schema.json"),
                    "# The root names the files; the events are in one of them.
                     { 'include': 'events.json' }
",
                )
                .expect("root");
                std::fs::write(
                    dir.join("qapi/events.json"),
                    "##\n# @STOP:\n#\n# Emitted when the VM is stopped.\n##\n{ 'event': 'STOP' }\n",
                )
                .expect("included file");
            }
        }
    }

    /// Adds GUEST_PANICKED: to the document, or to the schema's included file.
    fn add_event(&self, dir: &Path) {
        let (file, addition) = match self {
            Spec::Document => ("qmp-events.txt", NEW_SECTION),
            Spec::Qapi => (
                "qapi/events.json",
                "{ 'event': 'GUEST_PANICKED', 'data': { 'action': 'str' } }\n",
            ),
        };
        let path = dir.join(file);
        let mut text = std::fs::read_to_string(&path).expect("spec file");
        text.push_str(addition);
        std::fs::write(&path, text).expect("spec file");
    }
}

fn write_consumer(dir: &Path, way: &Way, spec: &Spec) {
    let root = spec.root();
    // A name of its own for each test's crate: tests run at once, and in one target
    // directory two crates of one name would share their build script's output.
    let name = format!(
        "rebuild-consumer-{}-{}",
        match way {
            Way::BuildScript => "build",
            Way::Derive => "derive",
        },
        match spec {
            Spec::Document => "document",
            Spec::Qapi => "qapi",
        }
    );
    let workspace = workspace();
    let schema = workspace.join("qmp-schema");
    let derive = workspace.join("qmp-derive");
    let runtime = workspace.join("qmp-runtime");
    let (dependencies, build_dependencies, bindings) = match way {
        Way::BuildScript => (
            String::new(),
            format!("qmp-schema = {{ path = {schema:?}, default-features = false }}"),
            "mod qmp { include!(concat!(env!(\"OUT_DIR\"), \"/qmp.rs\")); }".to_owned(),
        ),
        Way::Derive => (
            format!("qmp-derive = {{ path = {derive:?} }}"),
            String::new(),
            format!(
                "mod qmp {{\n    #[derive(qmp_derive::QmpEvents)]\n    #[qmp(spec = \"{root}\")]\n    pub struct Qmp;\n}}"
            ),
        ),
    };
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nqmp-runtime = {{ path = {runtime:?} }}\nserde_json = \"1\"\n{dependencies}\n\n\
         [build-dependencies]\n{build_dependencies}\n\n[workspace]\n"
    );
    std::fs::create_dir_all(dir.join("src")).expect("src dir");
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    // The workspace's lock file pins the same versions, so the build needs no network.
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
    spec.write(dir);
    std::fs::write(dir.join("src/main.rs"), format!("{bindings}\n{MAIN}")).expect("main.rs");
    if let Way::BuildScript = way {
        let build = format!(
            "fn main() {{\n    let out = std::path::PathBuf::from(std::env::var(\"OUT_DIR\").unwrap());\n    \
             qmp_schema::Builder::new(\"{root}\").generate_to(out.join(\"qmp.rs\")).unwrap();\n}}\n"
        );
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

fn rebuilds_when_the_spec_changes(way: Way, spec: Spec) {
    let dir = tempfile::tempdir().expect("temp dir");
    write_consumer(dir.path(), &way, &spec);
    let before = build_and_run(dir.path());
    assert!(before.ends_with("unknown=true"), "{before}");
    assert!(!before.contains("GUEST_PANICKED"), "{before}");

    spec.add_event(dir.path());

    let after = build_and_run(dir.path());
    assert!(after.contains(",GUEST_PANICKED unknown=false"), "{after}");
}

#[test]
fn build_script_consumer_rebuilds_when_the_document_changes() {
    rebuilds_when_the_spec_changes(Way::BuildScript, Spec::Document);
}

#[test]
fn derive_consumer_rebuilds_when_the_document_changes() {
    rebuilds_when_the_spec_changes(Way::Derive, Spec::Document);
}

#[test]
fn build_script_consumer_rebuilds_when_an_included_schema_file_changes() {
    rebuilds_when_the_spec_changes(Way::BuildScript, Spec::Qapi);
}

#[test]
fn derive_consumer_rebuilds_when_an_included_schema_file_changes() {
    rebuilds_when_the_spec_changes(Way::Derive, Spec::Qapi);
}
