//! Nothing half-done: when `qmp-codegen generate -o OUT` or `Builder::generate_to(OUT)`
//! fails (errors in the document, OUT a directory, the disk filling up mid-write), the
//! previous OUT is left exactly as it was, and no temporary file is left beside it.
//!
//! A full disk is simulated with a file size limit (`ulimit -f`, with SIGXFSZ ignored so
//! that the write fails with EFBIG rather than killing the process). It works as root
//! too, where a read-only directory would not stop the write, and CI runs as root.

use qmp_schema::{BuildError, Builder};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../events-spec/qmp-events.txt");

/// What a previous run left: small, so that only the new code passes the size limit.
const PREVIOUS: &str = "// bindings from an earlier run\n";

/// A document with one error.
const BAD: &str = "STOP\n----\n\nData:\n\n- \"x\": thing (json-thing)\n";

/// Every file under `dir` with its content (directories as `None`), to compare before and
/// after.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("a readable directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files.extend(snapshot(&path));
            files.insert(path, None);
        } else {
            let content = std::fs::read(&path).expect("a readable file");
            files.insert(path, Some(content));
        }
    }
    files
}

/// A temporary directory holding `out.rs` from a previous run.
fn with_previous_output() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("out.rs");
    std::fs::write(&out, PREVIOUS).expect("write the previous output");
    (dir, out)
}

/// Runs a command with a file size limit of 1 KiB, as on a disk with no room left.
fn with_full_disk(program: &Path, args: &[&str]) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(r#"trap '' XFSZ; ulimit -f 1; exec "$@""#)
        .arg("sh")
        .arg(program)
        .args(args);
    command
}

fn qmp_codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qmp-codegen"))
        .args(args)
        .output()
        .expect("qmp-codegen runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn cli_document_errors_leave_the_output_untouched() {
    let (dir, out) = with_previous_output();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, BAD).expect("write the document");
    let before = snapshot(dir.path());
    let output = qmp_codegen(&[
        "generate",
        bad.to_str().expect("a UTF-8 path"),
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("errors in the document; nothing was written"),
        "{}",
        stderr(&output)
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn cli_output_that_is_a_directory_is_left_as_it_was() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("out.rs");
    std::fs::create_dir(&out).expect("make the directory");
    std::fs::write(out.join("keep.txt"), "kept").expect("write into it");
    let before = snapshot(dir.path());
    let output = qmp_codegen(&["generate", SEED, "-o", out.to_str().expect("a UTF-8 path")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot write"),
        "{}",
        stderr(&output)
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn cli_write_failing_midway_leaves_the_previous_output() {
    let (dir, out) = with_previous_output();
    let before = snapshot(dir.path());
    let program = Path::new(env!("CARGO_BIN_EXE_qmp-codegen"));
    let output = with_full_disk(
        program,
        &["generate", SEED, "-o", out.to_str().expect("a UTF-8 path")],
    )
    .output()
    .expect("sh runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot write") && stderr(&output).contains("File too large"),
        "{}",
        stderr(&output)
    );
    assert_eq!(snapshot(dir.path()), before);
    // The same command with room to write succeeds: the limit was what stopped it.
    let output = qmp_codegen(&["generate", SEED, "-o", out.to_str().expect("a UTF-8 path")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_ne!(std::fs::read_to_string(&out).expect("read"), PREVIOUS);
}

#[test]
fn builder_document_errors_leave_the_output_untouched() {
    let (dir, out) = with_previous_output();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, BAD).expect("write the document");
    let before = snapshot(dir.path());
    let error = Builder::new(&bad)
        .cargo_output(false)
        .generate_to(&out)
        .expect_err("a document with errors");
    assert!(matches!(error, BuildError::Document(_)), "{error}");
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn builder_output_that_is_a_directory_is_left_as_it_was() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("out.rs");
    std::fs::create_dir(&out).expect("make the directory");
    std::fs::write(out.join("keep.txt"), "kept").expect("write into it");
    let before = snapshot(dir.path());
    let error = Builder::new(SEED)
        .cargo_output(false)
        .generate_to(&out)
        .expect_err("a directory cannot be replaced by a file");
    assert!(matches!(error, BuildError::Write(..)), "{error}");
    assert_eq!(snapshot(dir.path()), before);
}

/// When set, `builder_write_failing_midway_leaves_the_previous_output` is the child
/// process under the size limit, and this names the output to write.
const CHILD_OUTPUT: &str = "QMP_SCHEMA_ATOMIC_OUTPUT_CHILD";

#[test]
fn builder_write_failing_midway_leaves_the_previous_output() {
    // The size limit applies to a whole process, and the other tests of this binary
    // write files too, so the builder runs in a child: this test binary again, running
    // only this test, under the limit.
    if let Some(out) = std::env::var_os(CHILD_OUTPUT) {
        let error = Builder::new(SEED)
            .cargo_output(false)
            .generate_to(PathBuf::from(out))
            .expect_err("the size limit stops the write");
        assert!(matches!(error, BuildError::Write(..)), "{error}");
        println!("child: {error}");
        return;
    }
    let (dir, out) = with_previous_output();
    let before = snapshot(dir.path());
    let this_test = "builder_write_failing_midway_leaves_the_previous_output";
    let program = std::env::current_exe().expect("the test binary");
    let output = with_full_disk(&program, &["--exact", this_test, "--nocapture"])
        .env(CHILD_OUTPUT, &out)
        .output()
        .expect("sh runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", stderr(&output));
    assert!(
        stdout.contains("child: cannot write") && stdout.contains("File too large"),
        "{stdout}"
    );
    assert_eq!(snapshot(dir.path()), before);
}
