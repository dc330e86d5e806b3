//! The `qmp-codegen check` and `qmp-codegen schema` commands, run as a user runs them:
//! from the workspace root, on the bundled document, and on the 2016 document where the
//! shared test data beside the repository holds it (see `shared_data`).

mod shared_data;

use std::path::Path;
use std::process::{Command, Output};

const SEED: &str = "events-spec/qmp-events.txt";
/// The 2016 document as seen from the workspace root.
const QEMU_2016: &str = "../shared/seed/qmp-events-2016-10.txt";
const MALFORMED: &str = "qmp-schema/tests/malformed/unknown-type.txt";

/// Runs `qmp-codegen` with `args` in the workspace root.
fn qmp_codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qmp-codegen"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .env_remove("NO_COLOR")
        .output()
        .expect("qmp-codegen runs")
}

/// Whether the 2016 document is there (the tests that need it skip otherwise).
fn has_2016(test: &str) -> bool {
    shared_data::shared_or_skip("seed/qmp-events-2016-10.txt", test).is_some()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

#[test]
fn check_of_the_seed_prints_its_summary_and_succeeds() {
    let output = qmp_codegen(&["check", SEED]);
    assert_eq!(
        stdout(&output),
        "events-spec/qmp-events.txt: 15 sections, 16 events, 15 examples, 0 errors, 0 warnings\n"
    );
    assert_eq!(stderr(&output), "");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn check_of_the_2016_document_warns_and_succeeds() {
    if !has_2016("check_of_the_2016_document_warns_and_succeeds") {
        return;
    }
    let output = qmp_codegen(&["check", QEMU_2016]);
    assert_eq!(
        stdout(&output),
        "../shared/seed/qmp-events-2016-10.txt: 36 sections, 36 events, 37 examples, 0 errors, \
         18 warnings\n"
    );
    let stderr = stderr(&output);
    assert_eq!(stderr.matches(": warning: ").count(), 18, "{stderr}");
    // Diagnostics are plain text when stderr is not a terminal.
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn deny_warnings_fails_the_2016_document() {
    if !has_2016("deny_warnings_fails_the_2016_document") {
        return;
    }
    let output = qmp_codegen(&["check", "--deny-warnings", QEMU_2016]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).ends_with("0 errors, 18 warnings\n"));
}

#[test]
fn deny_warnings_passes_the_seed() {
    let output = qmp_codegen(&["check", "--deny-warnings", SEED]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn check_fails_on_errors_and_prints_them_qemu_style() {
    let output = qmp_codegen(&["check", MALFORMED]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        format!("{MALFORMED}: 1 sections, 1 events, 0 examples, 1 errors, 0 warnings\n")
    );
    let stderr = stderr(&output);
    assert!(
        stderr.starts_with(&format!(
            "{MALFORMED}: In event 'BLOCK_IO_ERROR':\n{MALFORMED}:8:31: error: unknown type \
             'json-foo'; expected json-string, json-bool, json-int, json-number, json-object, \
             json-array or json-value\n"
        )),
        "{stderr}"
    );
}

#[test]
fn check_reads_every_file_and_fails_if_any_fails() {
    let output = qmp_codegen(&["check", SEED, MALFORMED, SEED]);
    let lines: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with(SEED));
    assert!(lines[1].starts_with(MALFORMED));
    assert!(lines[2].starts_with(SEED));
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn check_of_a_missing_file_fails_with_a_message() {
    let output = qmp_codegen(&["check", "events-spec/no-such-file.txt"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr(&output);
    assert!(
        stderr.starts_with(
            "events-spec/no-such-file.txt: error: cannot read the document: No such file or \
             directory"
        ),
        "{stderr}"
    );
}

#[test]
fn check_needs_a_file() {
    let output = qmp_codegen(&["check"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn schema_prints_the_model_as_json() {
    let output = qmp_codegen(&["schema", SEED]);
    assert_eq!(output.status.code(), Some(0));
    let printed: serde_json::Value =
        serde_json::from_str(&stdout(&output)).expect("schema prints JSON");
    let document =
        qmp_schema::Document::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(SEED));
    assert_eq!(printed, serde_json::to_value(&document.schema).unwrap());
    assert_eq!(printed["sections"].as_array().map(Vec::len), Some(15));
}

#[test]
fn schema_refuses_a_document_with_errors() {
    let output = qmp_codegen(&["schema", MALFORMED]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    assert!(stderr(&output).contains("unknown type 'json-foo'"));
}

const QEMU_10_0: &str = "events-spec/qapi/qemu-10.0.2/qapi-schema.json";
const QEMU_7_2: &str = "events-spec/qapi/qemu-7.2.22/qapi-schema.json";

#[test]
fn check_of_the_bundled_qapi_schemas_prints_their_summaries_and_succeeds() {
    let output = qmp_codegen(&["check", QEMU_10_0, QEMU_7_2]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "{QEMU_10_0}: 43 files, 56 events, 240 commands, 640 named types, 77 event examples, 197 command examples, 0 errors, 63 warnings\n\
             {QEMU_7_2}: 38 files, 52 events, 220 commands, 556 named types, 72 event examples, 159 command examples, 0 errors, 83 warnings\n"
        )
    );
    // The one warning of each about an event: QEMU's RTC_CHANGE example lacks its
    // required qom-path (the others are about command examples).
    let warnings = stderr(&output);
    assert_eq!(
        warnings
            .matches("warning: example lacks required member 'data/qom-path'")
            .count(),
        2
    );
    assert!(
        warnings
            .contains("In file included from events-spec/qapi/qemu-10.0.2/qapi-schema.json:63:"),
        "{warnings}"
    );
}

#[test]
fn the_format_is_told_from_the_content_and_can_be_forced() {
    // Read as the event document, a QAPI root has no headings: an error, exit 1.
    let forced = qmp_codegen(&["check", "--format", "text", QEMU_10_0]);
    assert!(!forced.status.success());
    assert!(
        stdout(&forced).contains(": 0 sections, 0 events"),
        "{}",
        stdout(&forced)
    );
    let qapi = qmp_codegen(&["check", "--format", "qapi", SEED]);
    assert!(!qapi.status.success(), "the document is not QAPI");
    assert!(
        stderr(&qapi).contains("error: expected '{' to start a top-level expression"),
        "{}",
        stderr(&qapi)
    );
}

#[test]
fn schema_of_a_qapi_schema_prints_its_events_commands_and_named_types() {
    let output = qmp_codegen(&["schema", QEMU_10_0]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["sections"].as_array().map(Vec::len), Some(56));
    assert_eq!(
        json["types"].as_object().map(serde_json::Map::len),
        Some(640)
    );
    assert_eq!(json["commands"].as_array().map(Vec::len), Some(240));
    assert_eq!(json["files"].as_array().map(Vec::len), Some(43));
    assert_eq!(json["types"]["JobType"]["kind"], "enum");
}
