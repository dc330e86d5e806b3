//! BLOCK_JOB_READY, BLOCK_JOB_PENDING and BLOCK_JOB_ERROR from
//! `blockdev-mirror` between nodes added with `blockdev-add`.
//!
//! Mirror is the job that has a "ready" phase: it copies the source, then
//! keeps the target in sync until told to complete. With `auto-finalize` and
//! `auto-dismiss` off, the job also stops at "pending" and "concluded" and
//! waits for `block-job-finalize` and `job-dismiss`, so every step of QEMU's
//! job state machine shows up as an event. A target whose blkdebug layer
//! fails every write makes the job report BLOCK_JOB_ERROR and, with
//! `on-target-error: stop`, pause (`block_jobs` has the `report` case, on a
//! stream job).

use std::path::Path;

use qmp_client::Client;
use qmp_live_qemu::{EventLog, QemuCommand, QemuImg};
use serde_json::{Value, json};

use crate::{execute, expect_data, finish, qemu_command, start};

const MIB: u64 = 1 << 20;

/// Size of source and target: a few chunks of mirror's default granularity.
const IMAGE_SIZE: u64 = 4 * MIB;

/// A paused QEMU with a qcow2 source full of data added as node `source`.
/// `-S`: a block job needs no guest, and a halted CPU leaves the cores to
/// the jobs of the other scenarios.
fn command_with_source(scenario: &str) -> Option<QemuCommand> {
    let command = qemu_command(scenario)?;
    let images = QemuImg::find();
    let source = command.dir().join("source.qcow2");
    images.create(&source, "qcow2", IMAGE_SIZE);
    images.fill_qcow2(&source, 0x5a, 0, IMAGE_SIZE);
    Some(command.args(["-S"]))
}

fn add_source(qmp: &mut Client, dir: &Path) {
    let source = dir.join("source.qcow2");
    execute(qmp, "blockdev-add", Some(qcow2_node("source", &source)));
}

fn qcow2_node(name: &str, path: &Path) -> Value {
    json!({
        "driver": "qcow2",
        "node-name": name,
        "file": { "driver": "file", "filename": path },
    })
}

/// The statuses of the job's JOB_STATUS_CHANGE events, in order.
fn job_statuses<'a>(log: &'a EventLog, job: &str) -> Vec<&'a str> {
    log.events()
        .iter()
        .filter(|event| event.name() == "JOB_STATUS_CHANGE" && event.data()["id"] == job)
        .map(|event| {
            event.data()["status"]
                .as_str()
                .unwrap_or_else(|| panic!("no status: {}", event.line()))
        })
        .collect()
}

#[test]
fn mirror_with_manual_finalize_emits_ready_pending_completed() {
    let scenario = "block_job_ready_pending";
    let Some(command) = command_with_source(scenario) else {
        return;
    };
    let target = command.dir().join("target.qcow2");
    QemuImg::find().create(&target, "qcow2", IMAGE_SIZE);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);
    add_source(&mut qmp, command.dir());
    execute(
        &mut qmp,
        "blockdev-add",
        Some(qcow2_node("target", &target)),
    );
    let job = "mirror0";

    execute(
        &mut qmp,
        "blockdev-mirror",
        Some(json!({
            "job-id": job, "device": "source", "target": "target", "sync": "full",
            "auto-finalize": false, "auto-dismiss": false,
        })),
    );
    // Source and target are in sync: the job waits to be told to complete.
    let ready = log.wait_for(&mut qmp, "BLOCK_JOB_READY");
    expect_data(&ready, "/type", "mirror");
    expect_data(&ready, "/device", job);
    expect_data(&ready, "/len", IMAGE_SIZE);
    expect_data(&ready, "/offset", IMAGE_SIZE);
    expect_data(&ready, "/speed", 0);

    execute(
        &mut qmp,
        "block-job-complete",
        Some(json!({ "device": job })),
    );
    // auto-finalize off: the graph change waits for block-job-finalize.
    let pending = log.wait_for(&mut qmp, "BLOCK_JOB_PENDING");
    expect_data(&pending, "/type", "mirror");
    expect_data(&pending, "/id", job);

    execute(&mut qmp, "block-job-finalize", Some(json!({ "id": job })));
    let completed = log.wait_for(&mut qmp, "BLOCK_JOB_COMPLETED");
    expect_data(&completed, "/type", "mirror");
    expect_data(&completed, "/device", job);
    expect_data(&completed, "/offset", IMAGE_SIZE);
    assert!(
        completed.data().get("error").is_none(),
        "{}",
        completed.line()
    );

    // auto-dismiss off: the concluded job stays until dismissed.
    execute(&mut qmp, "job-dismiss", Some(json!({ "id": job })));
    log.wait_for_matching(&mut qmp, "JOB_STATUS_CHANGE", |event| {
        event.data()["status"] == "null"
    });
    // Each step of the job's life, in order. A drained section could add
    // standby/running pairs between them, so those are not ruled out.
    let statuses = job_statuses(&log, job);
    let steps = [
        "created",
        "running",
        "ready",
        "waiting",
        "pending",
        "concluded",
        "null",
    ];
    let mut remaining = statuses.iter();
    assert!(
        steps
            .iter()
            .all(|step| remaining.any(|status| status == step)),
        "job statuses {statuses:?} lack {steps:?} in this order"
    );
    finish(scenario, &log);
}

/// A mirror from `source` to a raw target whose writes all fail with EIO,
/// with `on-target-error: stop`: each failed chunk gives a BLOCK_JOB_ERROR
/// (the job may have several in flight), then the job pauses with its I/O
/// status failed, for the user to resume or cancel.
#[test]
fn mirror_to_failing_target_with_stop_emits_block_job_error_and_pauses() {
    let scenario = "block_job_error_stop";
    let Some(command) = command_with_source(scenario) else {
        return;
    };
    let (action, job) = ("stop", "mirror-stop");
    let target = command.dir().join("target.raw");
    QemuImg::find().create(&target, "raw", IMAGE_SIZE);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);
    add_source(&mut qmp, command.dir());
    execute(
        &mut qmp,
        "blockdev-add",
        Some(json!({
            "driver": "raw",
            "node-name": "target",
            "file": {
                "driver": "blkdebug",
                "inject-error": [{ "event": "write_aio", "errno": 5 }],
                "image": { "driver": "file", "filename": target },
            },
        })),
    );

    execute(
        &mut qmp,
        "blockdev-mirror",
        Some(json!({
            "job-id": job, "device": "source", "target": "target", "sync": "full",
            "on-target-error": action,
        })),
    );
    let error = log.wait_for(&mut qmp, "BLOCK_JOB_ERROR");
    expect_data(&error, "/device", job);
    expect_data(&error, "/operation", "write");
    expect_data(&error, "/action", action);
    log.wait_for_matching(&mut qmp, "JOB_STATUS_CHANGE", |event| {
        event.data()["status"] == "paused"
    });
    let jobs = execute(&mut qmp, "query-block-jobs", None);
    assert_eq!(jobs[0]["device"], job, "{jobs}");
    assert_eq!(jobs[0]["io-status"], "failed", "{jobs}");
    execute(
        &mut qmp,
        "block-job-cancel",
        Some(json!({ "device": job, "force": true })),
    );
    let cancelled = log.wait_for(&mut qmp, "BLOCK_JOB_CANCELLED");
    expect_data(&cancelled, "/device", job);
    expect_data(&cancelled, "/type", "mirror");
    finish(scenario, &log);
}
