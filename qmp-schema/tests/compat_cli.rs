//! `qmp-codegen compat SCHEMA --introspection FILE`, run as a user runs it from the
//! workspace root: 10.0.2's schema against what QEMU 10.0.2 and 7.2.22 answered to
//! `query-qmp-schema` (`events-spec/introspection/`), as text and JSON, with `diff`'s
//! exit statuses; files that cannot be read; and docs/compat.md's copies of the output.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const QEMU_10_0: &str = "events-spec/qapi/qemu-10.0.2/qapi-schema.json";
const ANSWER_10_0: &str = "events-spec/introspection/qemu-10.0.2.json";
const ANSWER_7_2: &str = "events-spec/introspection/qemu-7.2.22.json";
/// What `qmp-codegen` says of 10.0.2's schema on stderr: its warnings are counted.
const WARNINGS: &str = "qmp-codegen: events-spec/qapi/qemu-10.0.2/qapi-schema.json: 63 warnings \
    (see `qmp-codegen check events-spec/qapi/qemu-10.0.2/qapi-schema.json`)\n";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn compat(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_qmp-codegen"))
        .arg("compat")
        .args(args)
        .current_dir(workspace())
        .env_remove("NO_COLOR")
        .output()
        .expect("qmp-codegen runs");
    Run {
        status: output.status.code().expect("an exit status"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
    }
}

#[test]
fn against_the_qemu_of_its_own_release_nothing_breaks_and_it_exits_0() {
    let run = compat(&[QEMU_10_0, "--introspection", ANSWER_10_0]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stderr, WARNINGS);
    assert!(
        run.stdout.starts_with(
            "comparing the bindings of events-spec/qapi/qemu-10.0.2/qapi-schema.json with \
             events-spec/introspection/qemu-10.0.2.json (QEMU 10.0.2)\n\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with(
            "\nverdict: 0 breaking differences, 37 compatible; code using the bindings works \
             with this QEMU\n"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("  breaking "), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("command query-gic-capabilities\n  compatible  command not in this QEMU\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn against_7_2_22_the_members_it_does_not_send_break_and_it_exits_2() {
    let run = compat(&[QEMU_10_0, "--introspection", ANSWER_7_2]);
    assert_eq!(run.status, 2, "{}{}", run.stdout, run.stderr);
    for block in [
        "BLOCK_IO_ERROR\n  breaking    data.qom-path: required member this QEMU does not send\n\
         \x20             why: events without it (as this QEMU sends them) do not decode\n",
        "  breaking    return[].inserted.active: required member this QEMU does not send\n\
         \x20             why: replies without it (as this QEMU sends them) do not decode\n\
         \x20             also reached from: command query-named-block-nodes\n",
        "command migrate\n",
        "  compatible  arguments.uri: argument this QEMU requires, optional in the bindings\n",
    ] {
        assert!(
            run.stdout.contains(block),
            "{block}\nnot in\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.ends_with(
            "\nverdict: 17 breaking differences, 199 compatible; code using the bindings fails \
             against this QEMU where a difference breaks\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn json_names_what_was_compared_and_holds_the_findings() {
    let run = compat(&[QEMU_10_0, "--introspection", ANSWER_7_2, "--format", "json"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["bindings"], QEMU_10_0);
    assert_eq!(json["introspection"], ANSWER_7_2);
    assert_eq!(json["qemu"], "7.2.22");
    assert_eq!(json["verdict"], "breaking");
    assert_eq!(
        (json["breaking"].as_u64(), json["compatible"].as_u64()),
        (Some(17), Some(199))
    );
    let findings = json["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 216);
    let qom_path = findings
        .iter()
        .find(|f| f["event"] == "BLOCK_IO_ERROR")
        .expect("BLOCK_IO_ERROR's finding");
    assert_eq!(
        qom_path,
        &serde_json::json!({
            "message": "BLOCK_IO_ERROR: data.qom-path: required member this QEMU does not send",
            "kind": "member-not-in-qemu",
            "event": "BLOCK_IO_ERROR",
            "path": "data.qom-path",
            "breaking": true,
            "required": true,
            "also": [],
        })
    );
}

#[test]
fn bindings_of_the_events_only_lack_every_command() {
    let run = compat(&[
        QEMU_10_0,
        "--introspection",
        ANSWER_10_0,
        "--events-only",
        "--format",
        "json",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let findings = json["findings"].as_array().expect("findings");
    let lacking = findings
        .iter()
        .filter(|f| f["kind"] == "command-not-in-bindings")
        .count();
    assert_eq!(lacking, 233, "every command of QEMU 10.0.2");
    assert!(
        findings
            .iter()
            .all(|f| f["command"].is_null() || f["kind"] == "command-not-in-bindings")
    );
}

#[test]
fn an_answer_that_cannot_be_read_exits_1() {
    let missing = compat(&[QEMU_10_0, "--introspection", "no/such/answer.json"]);
    assert_eq!(missing.status, 1);
    assert!(
        missing.stderr.ends_with(
            "qmp-codegen: no/such/answer.json: No such file or directory (os error 2)\n"
        ),
        "{}",
        missing.stderr
    );
    // Not JSON: the schema itself.
    let not_json = compat(&[QEMU_10_0, "--introspection", QEMU_10_0]);
    assert_eq!(not_json.status, 1);
    assert!(
        not_json.stderr.contains(": not JSON: "),
        "{}",
        not_json.stderr
    );
    // JSON, but not an answer: the report says what could not be read.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let wrong = dir.path().join("wrong.json");
    std::fs::write(&wrong, r#"{"return": []}"#).expect("written");
    let wrong = wrong.to_str().expect("UTF-8 path");
    let run = compat(&[QEMU_10_0, "--introspection", wrong]);
    assert_eq!(run.status, 1);
    assert!(
        run.stdout
            .contains("problem: the answer is an object without a \"query-qmp-schema\" list\n"),
        "{}",
        run.stdout
    );
}

/// The names of an elision line (`[... 3 command blocks elided: a, b, c ...]`).
fn elided_names(line: &str) -> Option<Vec<&str>> {
    let inner = line.strip_prefix("[... ")?.strip_suffix(" ...]")?;
    let (count, names) = inner.split_once(" elided: ")?;
    let names: Vec<&str> = names.split(", ").collect();
    let count: usize = count.split(' ').next()?.parse().ok()?;
    assert_eq!(count, names.len(), "{line}");
    Some(names)
}

/// A block's heading: an event's name, or a command's (`command NAME`).
fn block_name(block: &str) -> &str {
    let heading = block.lines().next().unwrap_or_default();
    heading.strip_prefix("command ").unwrap_or(heading)
}

/// The console block of docs/compat.md that runs `compat ... --introspection ANSWER`
/// shows its real output: stderr, then every block as printed or named by an elision
/// line, in order.
fn assert_docs_show_the_real_output(answer: &str) {
    let docs = std::fs::read_to_string(workspace().join("docs/compat.md")).expect("docs/compat.md");
    let prompt = format!("$ qmp-codegen compat {QEMU_10_0} --introspection {answer}\n");
    let start = docs.find(&prompt).expect("the docs show the command") + prompt.len();
    let shown = &docs[start..];
    let shown = &shown[..shown.find("```\n").expect("the console block ends")];
    let run = compat(&[QEMU_10_0, "--introspection", answer]);
    let (shown_stderr, shown_stdout) = shown.split_at(
        shown
            .find("comparing ")
            .expect("the output starts with `comparing`"),
    );
    assert_eq!(shown_stderr, run.stderr);
    let mut real = run.stdout.split("\n\n");
    for block in shown_stdout.split("\n\n") {
        match elided_names(block) {
            Some(names) => {
                for name in names {
                    let elided = real.next().expect("a block to elide");
                    assert_eq!(block_name(elided), name, "elided out of order");
                }
            }
            None => assert_eq!(Some(block), real.next(), "docs/compat.md differs"),
        }
    }
    assert_eq!(real.next(), None, "the docs end early");
}

#[test]
fn docs_show_the_real_output_against_10_0_2() {
    assert_docs_show_the_real_output(ANSWER_10_0);
}

#[test]
fn docs_show_the_real_output_against_7_2_22() {
    assert_docs_show_the_real_output(ANSWER_7_2);
}
