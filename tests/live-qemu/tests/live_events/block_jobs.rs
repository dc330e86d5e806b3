//! BLOCK_JOB_COMPLETED and BLOCK_JOB_CANCELLED from `block-stream` over a
//! qcow2 backing chain made with qemu-img.

use std::path::PathBuf;

use qmp_live_qemu::{EventLog, QemuCommand, QemuImg};
use serde_json::json;

use crate::{data, execute, finish, qemu_command, start};

const MIB: u64 = 1 << 20;

/// A base image filled with data and an empty overlay on it, so that
/// streaming has `size` bytes to copy into the overlay.
fn backing_chain(command: &QemuCommand, size: u64) -> PathBuf {
    let images = QemuImg::find();
    let base = command.dir().join("base.qcow2");
    let overlay = command.dir().join("overlay.qcow2");
    images.create(&base, "qcow2", size);
    images.fill_qcow2(&base, 0x5a, 0, size);
    images.create_overlay(&overlay, &base);
    overlay
}

fn drive_arg(overlay: &std::path::Path) -> String {
    format!("file={},format=qcow2,if=none,id=drive0", overlay.display())
}

#[test]
fn block_stream_to_completion_emits_block_job_completed() {
    let scenario = "block_job_completed";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let overlay = backing_chain(&command, 4 * MIB);
    let command = command.args(["-drive".to_owned(), drive_arg(&overlay)]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new();

    execute(
        &mut qmp,
        "block-stream",
        Some(json!({ "device": "drive0" })),
    );
    let completed = log.wait_for(&mut qmp, "BLOCK_JOB_COMPLETED");
    let fields = data(&completed);
    assert_eq!(fields["type"], "stream", "{}", completed.line);
    assert_eq!(fields["device"], "drive0", "{}", completed.line);
    assert_eq!(fields["len"], 4 * MIB, "{}", completed.line);
    // The document: on success offset equals len, and there is no error.
    assert_eq!(fields["offset"], fields["len"], "{}", completed.line);
    assert_eq!(fields["speed"], 0, "{}", completed.line);
    assert!(fields.get("error").is_none(), "{}", completed.line);
    finish(scenario, &log);
}

#[test]
fn cancelled_rate_limited_stream_emits_block_job_cancelled() {
    let scenario = "block_job_cancelled";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let overlay = backing_chain(&command, 16 * MIB);
    let command = command.args(["-drive".to_owned(), drive_arg(&overlay)]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new();
    // At 64 KiB/s the 16 MiB take minutes, so the cancel lands mid-job.
    let speed = 64 * 1024;

    execute(
        &mut qmp,
        "block-stream",
        Some(json!({ "device": "drive0", "speed": speed })),
    );
    execute(
        &mut qmp,
        "block-job-cancel",
        Some(json!({ "device": "drive0" })),
    );
    let cancelled = log.wait_for(&mut qmp, "BLOCK_JOB_CANCELLED");
    let fields = data(&cancelled);
    assert_eq!(fields["type"], "stream", "{}", cancelled.line);
    assert_eq!(fields["device"], "drive0", "{}", cancelled.line);
    assert_eq!(fields["len"], 16 * MIB, "{}", cancelled.line);
    assert_eq!(fields["speed"], speed, "{}", cancelled.line);
    let offset = fields["offset"].as_u64().unwrap_or(u64::MAX);
    assert!(
        offset < 16 * MIB,
        "cancelled job reached the end: {}",
        cancelled.line
    );
    assert!(
        !log.names().contains(&"BLOCK_JOB_COMPLETED"),
        "a cancelled job also completed: {:?}",
        log.names()
    );
    finish(scenario, &log);
}
