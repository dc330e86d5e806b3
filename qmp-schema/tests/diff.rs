//! `qmp-codegen diff`: real history (the seed against QEMU 2.8's document, consecutive
//! versions of the corpus) and a small pair of documents for each kind of change, each
//! checked for its classification and the command's exit status.
//!
//! The 2016 document and the corpus are test data kept beside the repository (see
//! `shared_data`): without them, the tests of real history say `SKIPPED` and pass.

mod shared_data;

use qmp_schema::diff::{self, ChangeKind, Compatibility, Diff};
use qmp_schema::{Document, Schema};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_qmp-codegen");

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn schema_of(path: &Path) -> Schema {
    let document = Document::read(path);
    assert!(!document.report.has_errors(), "{}", document.report);
    document.schema
}

const QEMU_2016: &str = "seed/qmp-events-2016-10.txt";

/// The seed against the 2016 document, or `None` when the shared test data is absent.
fn seed_to_2016(test: &str) -> Option<Diff> {
    let new = shared_data::shared_or_skip(QEMU_2016, test)?;
    let old = schema_of(&workspace().join("events-spec/qmp-events.txt"));
    Some(diff::diff(&old, &schema_of(&new)))
}

/// A folder laid out as a user who downloaded the 2016 document beside a clone would
/// have it: `events-spec/qmp-events.txt` and `qmp-events-2016-10.txt`.
fn seed_and_2016_folder(test: &str) -> Option<tempfile::TempDir> {
    let qemu_2016 = shared_data::shared_or_skip(QEMU_2016, test)?;
    let folder = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(folder.path().join("events-spec")).expect("writable");
    std::fs::copy(
        workspace().join("events-spec/qmp-events.txt"),
        folder.path().join("events-spec/qmp-events.txt"),
    )
    .expect("the seed");
    std::fs::copy(qemu_2016, folder.path().join("qmp-events-2016-10.txt")).expect("2016");
    Some(folder)
}

/// What the command said: its exit status, stdout and stderr.
struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).expect("--format json prints JSON")
    }
}

fn run_diff(directory: &Path, old: &str, new: &str, json: bool) -> Run {
    let mut command = Command::new(BIN);
    command.current_dir(directory).args(["diff", old, new]);
    if json {
        command.args(["--format", "json"]);
    }
    let output = command.output().expect("qmp-codegen runs");
    Run {
        status: output.status.code().expect("exits with a status"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Writes two documents to a temporary directory and diffs them as JSON.
fn diff_texts(old: &str, new: &str) -> Run {
    let directory = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(directory.path().join("old.txt"), old).expect("writable");
    std::fs::write(directory.path().join("new.txt"), new).expect("writable");
    run_diff(directory.path(), "old.txt", "new.txt", true)
}

/// A section of a document: the heading (one or more names), then the body.
fn section(names: &str, body: &str) -> String {
    format!("{names}\n{}\n\n{body}\n", "-".repeat(names.len()))
}

/// A section with one `Data:` list.
fn event(names: &str, fields: &str) -> String {
    section(
        names,
        &format!("Emitted when something happens.\n\nData:\n\n{fields}"),
    )
}

/// The one change of `kind` in the JSON report (`path` too when given); fails unless
/// there is exactly one.
fn only_change<'a>(report: &'a Value, kind: &str, path: Option<&str>) -> &'a Value {
    let found: Vec<&Value> = report["events"]
        .as_array()
        .expect("an events array")
        .iter()
        .flat_map(|group| group["changes"].as_array().expect("a changes array"))
        .filter(|change| change["kind"] == kind)
        .filter(|change| path.is_none_or(|path| change["path"] == path))
        .collect();
    assert_eq!(found.len(), 1, "one {kind} change expected in {report:#}");
    found[0]
}

/// Asserts the command's verdict on a pair: one change of `kind` with this
/// compatibility, and the exit status that goes with the whole report.
fn assert_classified(run: &Run, kind: &str, path: Option<&str>, compatibility: &str) -> Value {
    let report = run.json();
    let change = only_change(&report, kind, path);
    assert_eq!(change["compatibility"], compatibility, "{change:#}");
    assert!(
        !change["why"].as_str().unwrap_or("").is_empty(),
        "{change:#}"
    );
    let expected_status = if report["breaking"].as_u64() == Some(0) {
        0
    } else {
        2
    };
    assert_eq!(run.status, expected_status, "stderr: {}", run.stderr);
    change.clone()
}

const DEVICE_ID: &str = "- \"device\": device name (json-string)\n- \"id\": the id (json-int)\n";

// ---------------------------------------------------------------- real history

#[test]
fn seed_to_2016_block_io_error_gains_a_required_node_name() {
    let Some(changes) = seed_to_2016("seed_to_2016_block_io_error_gains_a_required_node_name")
    else {
        return;
    };
    let group = changes
        .event("BLOCK_IO_ERROR")
        .expect("BLOCK_IO_ERROR changed");
    let node_name = group
        .changes
        .iter()
        .find(|c| c.path == "data.node-name")
        .expect("node-name is reported");
    assert!(matches!(
        node_name.kind,
        ChangeKind::FieldAdded {
            optional: false,
            ..
        }
    ));
    assert_eq!(node_name.compatibility, Compatibility::Breaking);
    assert_eq!(node_name.rust.as_deref(), Some("BlockIoError.node_name"));
}

#[test]
fn seed_to_2016_block_job_completed_type_gains_commit() {
    let Some(changes) = seed_to_2016("seed_to_2016_block_job_completed_type_gains_commit") else {
        return;
    };
    let group = changes
        .event("BLOCK_JOB_COMPLETED")
        .expect("BLOCK_JOB_COMPLETED changed");
    let commit = group
        .changes
        .iter()
        .find(|c| matches!(&c.kind, ChangeKind::EnumValueAdded { value } if value == "commit"))
        .expect("\"commit\" is reported");
    assert_eq!(commit.path, "data.type");
    assert_eq!(commit.compatibility, Compatibility::Compatible);
    assert_eq!(
        commit.rust.as_deref(),
        Some("BlockJobCompletedType::Commit")
    );
}

#[test]
fn seed_to_2016_new_events_are_compatible_additions() {
    let Some(changes) = seed_to_2016("seed_to_2016_new_events_are_compatible_additions") else {
        return;
    };
    for name in [
        "BALLOON_CHANGE",
        "GUEST_PANICKED",
        "MIGRATION",
        "DEVICE_DELETED",
        "WAKEUP",
    ] {
        let group = changes
            .event(name)
            .unwrap_or_else(|| panic!("{name} is reported"));
        assert_eq!(group.changes.len(), 1, "{name}: {:?}", group.changes);
        assert!(
            matches!(group.changes[0].kind, ChangeKind::EventAdded { .. }),
            "{name}"
        );
        assert_eq!(group.changes[0].compatibility, Compatibility::Compatible);
    }
    let added = changes
        .changes()
        .filter(|c| matches!(c.kind, ChangeKind::EventAdded { .. }))
        .count();
    assert_eq!(added, 20, "36 events in 2016, 16 in the seed, none removed");
    assert!(
        !changes
            .changes()
            .any(|c| matches!(c.kind, ChangeKind::EventRemoved { .. }))
    );
}

#[test]
fn seed_to_2016_spice_split_renames_the_disconnected_payload_type() {
    let Some(changes) =
        seed_to_2016("seed_to_2016_spice_split_renames_the_disconnected_payload_type")
    else {
        return;
    };
    let disconnected = changes
        .event("SPICE_DISCONNECTED")
        .expect("SPICE_DISCONNECTED changed");
    let renamed = disconnected
        .changes
        .iter()
        .find_map(|c| match &c.kind {
            ChangeKind::PayloadTypeRenamed { old, new } => Some((c, old, new)),
            _ => None,
        })
        .expect("its payload type is reported");
    assert_eq!(renamed.1.alias_of.as_deref(), Some("SpiceConnected"));
    assert_eq!(renamed.2.name, "SpiceDisconnected");
    assert_eq!(renamed.2.alias_of, None);
    assert_eq!(renamed.0.compatibility, Compatibility::Breaking);
    // Its nested types were named after SPICE_CONNECTED's payload, now after its own.
    assert!(disconnected.changes.iter().any(|c| matches!(
        &c.kind,
        ChangeKind::TypeRenamed { old, new }
            if old == "SpiceConnectedServer" && new == "SpiceDisconnectedServer"
    )));
    // SPICE_CONNECTED keeps its type: only its description changed.
    let connected = changes
        .event("SPICE_CONNECTED")
        .expect("SPICE_CONNECTED changed");
    assert!(
        connected.changes.iter().all(|c| c.kind.is_doc_only()),
        "{connected:?}"
    );
}

#[test]
fn seed_to_2016_counts_and_exit_status() {
    let Some(changes) = seed_to_2016("seed_to_2016_counts_and_exit_status") else {
        return;
    };
    assert_eq!(
        (changes.breaking_count(), changes.compatible_count()),
        (7, 38)
    );
    let Some(folder) = seed_and_2016_folder("seed_to_2016_counts_and_exit_status") else {
        return;
    };
    let run = run_diff(
        folder.path(),
        "events-spec/qmp-events.txt",
        "qmp-events-2016-10.txt",
        true,
    );
    assert_eq!(run.status, 2, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["verdict"], "breaking");
    assert_eq!(report["breaking"], 7);
    assert_eq!(report["compatible"], 38);
    // Warnings of the 2016 document are counted on stderr, not printed in full.
    assert!(run.stderr.contains("18 warnings"), "{}", run.stderr);
}

#[test]
fn seed_to_2016_text_output() {
    let Some(folder) = seed_and_2016_folder("seed_to_2016_text_output") else {
        return;
    };
    let run = run_diff(
        folder.path(),
        "events-spec/qmp-events.txt",
        "qmp-events-2016-10.txt",
        false,
    );
    assert_eq!(run.status, 2);
    assert!(run.stdout.ends_with(
        "verdict: 7 breaking changes, 38 compatible; bindings regenerated from \
         qmp-events-2016-10.txt will break code written against \
         events-spec/qmp-events.txt\n"
    ));
    insta::assert_snapshot!("seed_to_2016_text", run.stdout);
}

/// The corpus folder, or `None` (after saying so) when the shared test data is absent.
fn corpus(test: &str) -> Option<PathBuf> {
    shared_data::shared_or_skip("corpus/qmp-events", test)
}

#[test]
fn corpus_device_deleted_gains_a_required_path() {
    // QEMU commit dcc826d9f437 added "path" to DEVICE_DELETED.
    let Some(corpus) = corpus("corpus_device_deleted_gains_a_required_path") else {
        return;
    };
    let run = run_diff(
        &corpus,
        "046-24cf3e8aa3c6.txt",
        "047-dcc826d9f437.txt",
        true,
    );
    let change = assert_classified(&run, "field_added", Some("data.path"), "breaking");
    assert_eq!(change["rust"], "DeviceDeleted.path");
    assert_eq!(run.status, 2);
}

#[test]
fn corpus_quorum_report_bad_trades_ret_for_error() {
    let Some(corpus) = corpus("corpus_quorum_report_bad_trades_ret_for_error") else {
        return;
    };
    let run = run_diff(
        &corpus,
        "061-00f95154dd70.txt",
        "062-145402e07851.txt",
        true,
    );
    let error = assert_classified(&run, "field_added", Some("data.error"), "compatible");
    assert_eq!(error["rust_type"], "Option<String>");
    assert_classified(&run, "field_removed", Some("data.ret"), "breaking");
}

#[test]
fn corpus_every_version_equals_itself_and_consecutive_versions_compare() {
    let test = "corpus_every_version_equals_itself_and_consecutive_versions_compare";
    let Some(corpus) = corpus(test) else {
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus)
        .expect("the corpus is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 100, "{} files", files.len());
    let schemas: Vec<Schema> = files.iter().map(|f| schema_of(f)).collect();
    for (file, schema) in files.iter().zip(&schemas) {
        let same = diff::diff(schema, schema);
        assert!(same.is_empty(), "{}: {:?}", file.display(), same.events);
    }
    let mut breaking_pairs = 0;
    for pair in schemas.windows(2) {
        let changes = diff::diff(&pair[0], &pair[1]);
        assert_eq!(
            changes.is_breaking(),
            changes.breaking_count() > 0,
            "the verdict agrees with the count"
        );
        breaking_pairs += usize::from(changes.is_breaking());
    }
    // The document's last years removed events one by one as QEMU moved their
    // documentation into its JSON schema: many consecutive pairs break.
    assert!(breaking_pairs > 10, "{breaking_pairs}");
}

// ---------------------------------------------------------------- each kind of change

#[test]
fn identical_documents_have_no_changes() {
    let run = run_diff(
        &workspace(),
        "events-spec/qmp-events.txt",
        "events-spec/qmp-events.txt",
        false,
    );
    assert_eq!(run.status, 0);
    assert!(run.stdout.contains("verdict: no changes"), "{}", run.stdout);
    let seed = event("FOO", DEVICE_ID);
    let report = diff_texts(&seed, &seed);
    assert_eq!(report.status, 0);
    assert_eq!(report.json()["verdict"], "unchanged");
    assert_eq!(report.json()["events"], serde_json::json!([]));
}

#[test]
fn added_event_is_compatible() {
    let old = event("FOO", DEVICE_ID);
    let new = format!("{old}\n{}", event("BAR", "- \"when\": a time (json-int)\n"));
    let run = diff_texts(&old, &new);
    let change = assert_classified(&run, "event_added", None, "compatible");
    assert_eq!(change["rust"], "Event::Bar");
    assert_eq!(run.status, 0);
}

#[test]
fn removed_event_is_breaking() {
    let new = event("FOO", DEVICE_ID);
    let old = format!("{new}\n{}", event("BAR", "- \"when\": a time (json-int)\n"));
    let run = diff_texts(&old, &new);
    let change = assert_classified(&run, "event_removed", None, "breaking");
    assert_eq!(change["payload"], "Bar");
    assert_eq!(run.status, 2);
}

#[test]
fn same_fields_under_a_new_name_is_a_possible_rename() {
    let run = diff_texts(&event("FOO", DEVICE_ID), &event("FOO_NEW", DEVICE_ID));
    let change = assert_classified(&run, "event_possibly_renamed", None, "breaking");
    assert_eq!(change["old_name"], "FOO");
    let report = run.json();
    assert!(
        has_no_change_of_kind(&report, "event_added")
            && has_no_change_of_kind(&report, "event_removed"),
        "a rename is one change: {report:#}"
    );
}

fn has_no_change_of_kind(report: &Value, kind: &str) -> bool {
    !report.to_string().contains(&format!("\"kind\":\"{kind}\""))
}

#[test]
fn optional_field_added_is_compatible() {
    let new = format!("{DEVICE_ID}- \"reason\": why (json-string, optional)\n");
    let run = diff_texts(&event("FOO", DEVICE_ID), &event("FOO", &new));
    let change = assert_classified(&run, "field_added", Some("data.reason"), "compatible");
    assert_eq!(change["rust_type"], "Option<String>");
}

#[test]
fn required_field_added_is_breaking() {
    let new = format!("{DEVICE_ID}- \"reason\": why (json-string)\n");
    let run = diff_texts(&event("FOO", DEVICE_ID), &event("FOO", &new));
    let change = assert_classified(&run, "field_added", Some("data.reason"), "breaking");
    assert!(
        change["why"]
            .as_str()
            .unwrap_or("")
            .contains("no longer decode"),
        "{change}"
    );
}

#[test]
fn removed_field_is_breaking() {
    let run = diff_texts(
        &event("FOO", DEVICE_ID),
        &event("FOO", "- \"device\": device name (json-string)\n"),
    );
    let change = assert_classified(&run, "field_removed", Some("data.id"), "breaking");
    assert_eq!(change["rust"], "Foo.id");
}

#[test]
fn type_change_is_breaking() {
    let new = "- \"device\": device name (json-string)\n- \"id\": the id (json-string)\n";
    let run = diff_texts(&event("FOO", DEVICE_ID), &event("FOO", new));
    let change = assert_classified(&run, "type_changed", Some("data.id"), "breaking");
    assert_eq!(change["old_rust"], "i64");
    assert_eq!(change["new_rust"], "String");
    assert_eq!(change["old_json"], "json-int");
}

#[test]
fn optional_made_required_is_breaking() {
    let old = "- \"device\": device name (json-string)\n- \"id\": the id (json-int, optional)\n";
    let run = diff_texts(&event("FOO", old), &event("FOO", DEVICE_ID));
    assert_classified(&run, "made_required", Some("data.id"), "breaking");
}

#[test]
fn required_made_optional_is_breaking_for_the_rust_type() {
    let new = "- \"device\": device name (json-string)\n- \"id\": the id (json-int, optional)\n";
    let run = diff_texts(&event("FOO", DEVICE_ID), &event("FOO", new));
    let change = assert_classified(&run, "made_optional", Some("data.id"), "breaking");
    assert!(
        change["why"].as_str().unwrap_or("").contains("Option<i64>"),
        "{change}"
    );
}

const OPERATION: &str = "- \"operation\": I/O operation (json-string, \"read\" or \"write\")\n";
const OPERATION_3: &str =
    "- \"operation\": I/O operation (json-string, \"read\", \"write\" or \"flush\")\n";

#[test]
fn enum_value_added_is_compatible() {
    let run = diff_texts(&event("FOO", OPERATION), &event("FOO", OPERATION_3));
    let change = assert_classified(
        &run,
        "enum_value_added",
        Some("data.operation"),
        "compatible",
    );
    assert_eq!(change["value"], "flush");
    assert_eq!(change["rust"], "FooOperation::Flush");
    assert_eq!(run.status, 0);
}

#[test]
fn enum_value_removed_is_breaking() {
    let run = diff_texts(&event("FOO", OPERATION_3), &event("FOO", OPERATION));
    let change = assert_classified(
        &run,
        "enum_value_removed",
        Some("data.operation"),
        "breaking",
    );
    assert_eq!(change["rust"], "FooOperation::Flush");
}

const SERVER: &str =
    "- \"server\": Server information (json-object)\n  - \"host\": IP address (json-string)\n";

#[test]
fn nested_members_are_compared_recursively() {
    let new = format!("{SERVER}  - \"port\": port number (json-int, optional)\n");
    let run = diff_texts(&event("FOO", SERVER), &event("FOO", &new));
    let change = assert_classified(&run, "field_added", Some("data.server.port"), "compatible");
    assert_eq!(change["rust"], "FooServer.port");
    let removed = diff_texts(&event("FOO", &new), &event("FOO", SERVER));
    assert_classified(
        &removed,
        "field_removed",
        Some("data.server.port"),
        "breaking",
    );
}

#[test]
fn documentation_changes_are_compatible() {
    let old = section(
        "FOO",
        "Emitted when something happens.\n\nData:\n\n- \"id\": the id (json-int)\n\n\
         Example:\n\n{ \"event\": \"FOO\", \"data\": { \"id\": 1 },\n  \
         \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n",
    );
    let new = section(
        "FOO",
        "Emitted when something else happens.\n\nData:\n\n- \"id\": the identifier (json-int)\n\n\
         Example:\n\n{ \"event\": \"FOO\", \"data\": { \"id\": 2 },\n  \
         \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n\n\
         Note: this is new.\n",
    );
    let run = diff_texts(&old, &new);
    let report = run.json();
    assert_eq!(run.status, 0, "{report:#}");
    let kinds: Vec<&str> = report["events"][0]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        kinds,
        [
            "description_changed",
            "description_changed",
            "example_changed",
            "note_added"
        ]
    );
    assert_eq!(report["compatible"], 4);
}

#[test]
fn rewrapped_text_is_no_change() {
    let old = event(
        "FOO",
        "- \"id\": the id of the thing that happened (json-int)\n",
    );
    let new = event(
        "FOO",
        "- \"id\": the id of the thing\n        that happened (json-int)\n",
    );
    let run = diff_texts(&old, &new);
    assert_eq!(run.json()["verdict"], "unchanged", "{}", run.stdout);
}

#[test]
fn data_none_becoming_fields_is_breaking() {
    let old = section("FOO", "Emitted when something happens.\n\nData: None.\n");
    let run = diff_texts(
        &old,
        &event("FOO", "- \"id\": the id (json-int, optional)\n"),
    );
    let change = assert_classified(&run, "data_changed", Some("data"), "breaking");
    assert_eq!(change["old"], "none");
    assert_eq!(change["new"], "fields");
    assert_classified(&run, "field_added", Some("data.id"), "compatible");
}

#[test]
fn splitting_a_shared_section_changes_the_second_events_payload_type() {
    let fields = "- \"id\": the id (json-int)\n";
    let old = event("UP, DOWN", fields);
    let new = format!("{}\n{}", event("UP", fields), event("DOWN", fields));
    let run = diff_texts(&old, &new);
    let change = assert_classified(&run, "payload_type_renamed", None, "breaking");
    assert_eq!(change["old"]["name"], "Down");
    assert_eq!(change["old"]["alias_of"], "Up");
    assert_eq!(change["new"]["alias_of"], Value::Null);
}

#[test]
fn events_of_one_section_that_change_alike_are_reported_together() {
    let old = event("UP, DOWN", "- \"id\": the id (json-int)\n");
    let new = event(
        "UP, DOWN",
        "- \"id\": the id (json-int)\n- \"why\": reason (json-string, optional)\n",
    );
    let report = diff_texts(&old, &new).json();
    assert_eq!(
        report["events"].as_array().map(Vec::len),
        Some(1),
        "{report:#}"
    );
    assert_eq!(
        report["events"][0]["names"],
        serde_json::json!(["UP", "DOWN"])
    );
}

#[test]
fn text_output_says_why_under_each_breaking_change() {
    let directory = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(directory.path().join("old.txt"), event("FOO", DEVICE_ID)).expect("writable");
    std::fs::write(
        directory.path().join("new.txt"),
        event("FOO", "- \"device\": device name (json-string)\n"),
    )
    .expect("writable");
    let run = run_diff(directory.path(), "old.txt", "new.txt", false);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stdout,
        "comparing old.txt (old) with new.txt (new)\n\n\
         FOO\n  \
         breaking    data.id: required field removed: `Foo.id: i64`\n              \
         why: code reading `Foo.id` stops compiling\n\n\
         verdict: 1 breaking change, 0 compatible; bindings regenerated from new.txt will \
         break code written against old.txt\n"
    );
}

// ---------------------------------------------------------------- errors

#[test]
fn a_document_with_errors_exits_1_with_its_diagnostics() {
    let broken =
        "FOO\n---\n\nEmitted.\n\nData:\n\n- \"id\": one (json-int)\n- \"id\": two (json-int)\n";
    let run = diff_texts(&event("FOO", DEVICE_ID), broken);
    assert_eq!(run.status, 1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("new.txt:9:4: error: field 'id' is listed twice"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_document_exits_1() {
    let run = run_diff(
        &workspace(),
        "events-spec/qmp-events.txt",
        "no-such-file.txt",
        false,
    );
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("no-such-file.txt"), "{}", run.stderr);
}
