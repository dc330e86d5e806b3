//! BLOCK_JOB_COMPLETED and BLOCK_JOB_CANCELLED from `block-stream` over a
//! qcow2 backing chain made with qemu-img, and the JOB_STATUS_CHANGE events
//! around them, which the document lacks.

use std::path::PathBuf;

use qmp_events::{BlockJobCancelledType, BlockJobCompletedType, Event};
use qmp_live_qemu::{EventLog, QemuCommand, QemuImg};
use serde_json::json;

use crate::{execute, finish, qemu_command, start};

const MIB: i64 = 1 << 20;

/// The device (and job) name of the overlay drive.
const DRIVE: &str = "drive0";

/// A base image filled with data and an empty overlay on it, so that
/// streaming has `size` bytes to copy into the overlay.
fn backing_chain(command: &QemuCommand, size: i64) -> PathBuf {
    let size = u64::try_from(size).unwrap_or_else(|_| panic!("image size {size}"));
    let images = QemuImg::find();
    let base = command.dir().join("base.qcow2");
    let overlay = command.dir().join("overlay.qcow2");
    images.create(&base, "qcow2", size);
    images.fill_qcow2(&base, 0x5a, 0, size);
    images.create_overlay(&overlay, &base);
    overlay
}

fn drive_arg(overlay: &std::path::Path) -> String {
    format!("file={},format=qcow2,if=none,id={DRIVE}", overlay.display())
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
    let mut log = EventLog::new(&qmp);

    execute(&mut qmp, "block-stream", Some(json!({ "device": DRIVE })));
    let completed = log.wait_for(&mut qmp, "BLOCK_JOB_COMPLETED");
    let job = payload!(completed, BlockJobCompleted);
    assert_eq!(
        job.r#type,
        BlockJobCompletedType::Stream,
        "{}",
        completed.line()
    );
    assert_eq!(job.device, DRIVE, "{}", completed.line());
    assert_eq!(job.len, 4 * MIB, "{}", completed.line());
    // The document: on success offset equals len, and there is no error.
    assert_eq!(job.offset, job.len, "{}", completed.line());
    assert_eq!(job.speed, 0, "{}", completed.line());
    assert_eq!(job.error, None, "{}", completed.line());
    expect_job_status_changes(&log);
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
    let mut log = EventLog::new(&qmp);
    // At 64 KiB/s the 16 MiB take minutes, so the cancel lands mid-job.
    let speed = 64 * 1024;

    execute(
        &mut qmp,
        "block-stream",
        Some(json!({ "device": DRIVE, "speed": speed })),
    );
    execute(
        &mut qmp,
        "block-job-cancel",
        Some(json!({ "device": DRIVE })),
    );
    let cancelled = log.wait_for(&mut qmp, "BLOCK_JOB_CANCELLED");
    let job = payload!(cancelled, BlockJobCancelled);
    assert_eq!(
        job.r#type,
        BlockJobCancelledType::Stream,
        "{}",
        cancelled.line()
    );
    assert_eq!(job.device, DRIVE, "{}", cancelled.line());
    assert_eq!(job.len, 16 * MIB, "{}", cancelled.line());
    assert_eq!(job.speed, speed, "{}", cancelled.line());
    assert!(
        job.offset < job.len,
        "cancelled job reached the end: {}",
        cancelled.line()
    );
    assert!(
        !log.names().contains(&"BLOCK_JOB_COMPLETED"),
        "a cancelled job also completed: {:?}",
        log.names()
    );
    expect_job_status_changes(&log);
    finish(scenario, &log);
}

/// QEMU (since 3.0) reports each step of a job's life as JOB_STATUS_CHANGE,
/// which the document lacks: they must come through as `Event::Unknown`,
/// data kept, the first one saying the job was created.
fn expect_job_status_changes(log: &EventLog) {
    let statuses: Vec<&str> = log
        .events()
        .iter()
        .filter(|event| event.name() == "JOB_STATUS_CHANGE")
        .map(|event| match event.event() {
            Event::Unknown {
                data: Some(data), ..
            } => {
                assert_eq!(data["id"], DRIVE, "{}", event.line());
                data["status"]
                    .as_str()
                    .unwrap_or_else(|| panic!("no status: {}", event.line()))
            }
            other => panic!("JOB_STATUS_CHANGE decoded as {other:?}"),
        })
        .collect();
    assert_eq!(
        statuses.first(),
        Some(&"created"),
        "job statuses: {statuses:?}; events: {:?}",
        log.names()
    );
}
