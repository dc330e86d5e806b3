//! QUORUM_REPORT_BAD and QUORUM_FAILURE from reads of quorum nodes whose
//! three children disagree.
//!
//! The reads come from HMP's `qemu-io` on the quorum node: a guest device
//! would need a guest to issue them, and `qemu-io` reads exactly the sector
//! the events then name. Each event is rate-limited, so each scenario
//! provokes its event once.

use std::path::PathBuf;

use qmp_client::Client;
use qmp_live_qemu::{EventLog, QemuCommand, QemuImg};
use serde_json::{Value, json};

use crate::{execute, expect_data, finish, qemu_command, start};

const CHILD_SIZE: u64 = 1 << 20;

/// Three raw child images filled with `patterns` (one each).
fn children(command: &QemuCommand, patterns: [u8; 3]) -> Vec<PathBuf> {
    let images = QemuImg::find();
    patterns
        .iter()
        .enumerate()
        .map(|(index, &pattern)| {
            let path = command.dir().join(format!("child{index}.raw"));
            images.create(&path, "raw", CHILD_SIZE);
            images.fill(&path, "raw", pattern, 0, CHILD_SIZE);
            path
        })
        .collect()
}

fn raw_child(name: &str, path: &std::path::Path) -> Value {
    json!({
        "driver": "raw",
        "node-name": name,
        "file": { "driver": "file", "filename": path },
    })
}

/// Adds a quorum node over `children` that needs two matching votes.
fn add_quorum(qmp: &mut Client, name: &str, children: Vec<Value>) {
    execute(
        qmp,
        "blockdev-add",
        Some(json!({
            "driver": "quorum",
            "node-name": name,
            "vote-threshold": 2,
            "children": children,
        })),
    );
}

/// Reads the first sector of `node` through HMP's `qemu-io`. Whether the
/// read succeeds shows only in QEMU's own output (a failed read is not a
/// command error); the events are what the scenarios check.
fn read_first_sector(qmp: &mut Client, node: &str) {
    qmp.human_monitor_command(&format!("qemu-io {node} \"read 0 512\""))
        .unwrap_or_else(|err| panic!("qemu-io read of {node}: {err}"));
}

#[test]
fn quorum_read_with_a_failing_child_emits_quorum_report_bad() {
    let scenario = "quorum_report_bad";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let paths = children(&command, [0x11, 0x11, 0x11]);
    let command = command.args(["-S"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);
    // Two good children outvote the third, whose every read fails with EIO.
    let failing = json!({
        "driver": "raw",
        "node-name": "failing2",
        "file": {
            "driver": "blkdebug",
            "inject-error": [{ "event": "read_aio", "errno": 5 }],
            "image": { "driver": "file", "filename": paths[2] },
        },
    });
    add_quorum(
        &mut qmp,
        "quorum0",
        vec![
            raw_child("good0", &paths[0]),
            raw_child("good1", &paths[1]),
            failing,
        ],
    );

    read_first_sector(&mut qmp, "quorum0");
    let bad = log.wait_for(&mut qmp, "QUORUM_REPORT_BAD");
    expect_data(&bad, "/node-name", "failing2");
    expect_data(&bad, "/type", "read");
    expect_data(&bad, "/sector-num", 0);
    expect_data(&bad, "/sectors-count", 1);
    assert!(bad.data()["error"].is_string(), "{}", bad.line());
    finish(scenario, &log);
}

#[test]
fn quorum_read_with_three_different_children_emits_quorum_failure() {
    let scenario = "quorum_failure";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    // Three children, three different contents: no two votes agree.
    let paths = children(&command, [0x11, 0x22, 0x33]);
    let command = command.args(["-S"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);
    let children = paths
        .iter()
        .enumerate()
        .map(|(index, path)| raw_child(&format!("child{index}"), path))
        .collect();
    add_quorum(&mut qmp, "quorum0", children);

    read_first_sector(&mut qmp, "quorum0");
    let failure = log.wait_for(&mut qmp, "QUORUM_FAILURE");
    // `reference` is the device name if there is one, else the node name.
    expect_data(&failure, "/reference", "quorum0");
    expect_data(&failure, "/sector-num", 0);
    expect_data(&failure, "/sectors-count", 1);
    finish(scenario, &log);
}
