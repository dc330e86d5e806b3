//! Warnings fail a schema author's CI when asked to: `qmp-codegen check --deny-warnings`
//! and `Builder::deny_warnings(true)`, on a QAPI schema whose only problem is a warning
//! (a rule of QEMU's naming style), and not without the flag.

use qmp_schema::{BuildError, Builder};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A one-file schema whose event name breaks QEMU's naming style (a warning), and
/// nothing else.
const LOWER_CASE_EVENT: &str = "{ 'event': 'disk-full', 'data': { 'device': 'str' } }\n";

/// A one-file schema without any problem.
const CLEAN: &str = "{ 'event': 'DISK_FULL', 'data': { 'device': 'str' } }\n";

/// Writes `text` as `schema.json` in a new temporary folder.
fn schema(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("schema.json");
    std::fs::write(&path, text).expect("the schema is written");
    (dir, path)
}

fn check(args: &[&str], schema: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qmp-codegen"))
        .arg("check")
        .args(args)
        .arg(schema)
        .output()
        .expect("qmp-codegen runs")
}

#[test]
fn check_deny_warnings_fails_a_schema_with_only_a_warning() {
    let (_dir, path) = schema(LOWER_CASE_EVENT);
    let output = check(&["--deny-warnings"], &path);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.ends_with(" 0 errors, 1 warnings\n"), "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning: event 'disk-full' should be upper case"),
        "{stderr}"
    );
}

#[test]
fn check_without_the_flag_passes_a_schema_with_only_a_warning() {
    let (_dir, path) = schema(LOWER_CASE_EVENT);
    assert_eq!(check(&[], &path).status.code(), Some(0));
}

#[test]
fn check_deny_warnings_passes_a_clean_schema() {
    let (_dir, path) = schema(CLEAN);
    assert_eq!(check(&["--deny-warnings"], &path).status.code(), Some(0));
}

#[test]
fn builder_deny_warnings_refuses_to_generate_and_says_why() {
    let (_dir, path) = schema(LOWER_CASE_EVENT);
    let result = Builder::new(&path)
        .cargo_output(false)
        .deny_warnings(true)
        .generate();
    let Err(BuildError::Document(report)) = result else {
        panic!("generated despite deny_warnings");
    };
    assert!(!report.has_errors());
    assert_eq!(report.warnings().count(), 1);
    let message = BuildError::Document(report).to_string();
    assert!(
        message.contains("has 1 warning(s), which deny_warnings(true) refuses"),
        "{message}"
    );
}

#[test]
fn builder_generates_despite_warnings_by_default() {
    let (_dir, path) = schema(LOWER_CASE_EVENT);
    let code = Builder::new(&path)
        .cargo_output(false)
        .generate()
        .expect("warnings do not fail the build by default");
    assert!(code.contains("DiskFull"), "the event is generated");
}
