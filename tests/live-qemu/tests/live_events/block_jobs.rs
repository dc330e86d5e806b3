//! BLOCK_JOB_COMPLETED and BLOCK_JOB_CANCELLED from `block-stream` over a
//! qcow2 backing chain made with qemu-img, and the JOB_STATUS_CHANGE events
//! around them; BLOCK_JOB_ERROR from a stream
//! whose backing file fails every read.

use std::path::PathBuf;

use qmp_api::{Event, JobStatus, JobType};
use qmp_live_qemu::{EventLog, QemuCommand, QemuImg};
use serde_json::json;

use crate::{execute, expect_data, finish, qemu_command, start};

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
    images.create_overlay(&overlay, &base, "qcow2");
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
    assert_eq!(job.r#type, JobType::Stream, "{}", completed.line());
    assert_eq!(job.device, DRIVE, "{}", completed.line());
    assert_eq!(job.len, 4 * MIB, "{}", completed.line());
    // The document: on success offset equals len, and there is no error.
    assert_eq!(job.offset, job.len, "{}", completed.line());
    assert_eq!(job.speed, 0, "{}", completed.line());
    assert_eq!(job.error, None, "{}", completed.line());
    expect_job_status_changes(&log, DRIVE);
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
    assert_eq!(job.r#type, JobType::Stream, "{}", cancelled.line());
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
    expect_job_status_changes(&log, DRIVE);
    finish(scenario, &log);
}

/// A stream whose reads from the backing file all fail, with `on-error`
/// report: the job reports BLOCK_JOB_ERROR for the read, gives up, and its
/// BLOCK_JOB_COMPLETED carries the error. The backing file is raw, so that
/// blkdebug can fail every read without failing the open, which reads no
/// header.
#[test]
fn stream_from_failing_backing_file_emits_block_job_error_then_completed_with_error() {
    let scenario = "block_job_error_report";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let images = QemuImg::find();
    let base = command.dir().join("base.raw");
    let overlay = command.dir().join("overlay.qcow2");
    let size = 4 * MIB as u64;
    images.create(&base, "raw", size);
    images.fill(&base, "raw", 0x5a, 0, size);
    images.create_overlay(&overlay, &base, "raw");
    // -S: nodes added with blockdev-add need no guest.
    let command = command.args(["-S"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);
    let job = "stream0";
    execute(
        &mut qmp,
        "blockdev-add",
        Some(json!({
            "driver": "raw",
            "node-name": "base",
            "file": {
                "driver": "blkdebug",
                "inject-error": [{ "event": "read_aio", "errno": 5 }],
                "image": { "driver": "file", "filename": base },
            },
        })),
    );
    execute(
        &mut qmp,
        "blockdev-add",
        Some(json!({
            "driver": "qcow2",
            "node-name": "overlay",
            "file": { "driver": "file", "filename": overlay },
            "backing": "base",
        })),
    );

    execute(
        &mut qmp,
        "block-stream",
        Some(json!({ "job-id": job, "device": "overlay", "on-error": "report" })),
    );
    let error = log.wait_for(&mut qmp, "BLOCK_JOB_ERROR");
    expect_data(&error, "/device", job);
    expect_data(&error, "/operation", "read");
    expect_data(&error, "/action", "report");
    let completed = log.wait_for(&mut qmp, "BLOCK_JOB_COMPLETED");
    let done = payload!(completed, BlockJobCompleted);
    assert_eq!(done.r#type, JobType::Stream, "{}", completed.line());
    assert_eq!(done.device, job, "{}", completed.line());
    assert!(done.offset < done.len, "{}", completed.line());
    assert!(
        done.error.is_some(),
        "a failed job names its error: {}",
        completed.line()
    );
    expect_job_status_changes(&log, job);
    finish(scenario, &log);
}

/// QEMU (since 3.0) reports each step of a job's life as JOB_STATUS_CHANGE,
/// the first one saying the job was created.
fn expect_job_status_changes(log: &EventLog, job: &str) {
    let statuses: Vec<&JobStatus> = log
        .events()
        .iter()
        .filter(|event| event.name() == "JOB_STATUS_CHANGE")
        .map(|event| match event.event() {
            Event::JobStatusChange(change) => {
                assert_eq!(change.id, job, "{}", event.line());
                &change.status
            }
            other => panic!("JOB_STATUS_CHANGE decoded as {other:?}"),
        })
        .collect();
    assert_eq!(
        statuses.first(),
        Some(&&JobStatus::Created),
        "job statuses: {statuses:?}; events: {:?}",
        log.names()
    );
}
