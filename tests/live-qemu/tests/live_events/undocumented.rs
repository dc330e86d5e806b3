//! What QEMU sends beyond the 2012 document, as the JSON pointers `validate`
//! must report for it: exactly these, no more and no fewer.
//!
//! Observed from QEMU 10.0.2 (Debian). For an older QEMU, fields are expected
//! from the version that added them, taken from the `since` notes of QEMU's
//! own schema (`qapi/*.json`), so that a QEMU 7.2 run expects less.

use qmp_client::QemuVersion;
use qmp_events::{
    BlockIoErrorAction, BlockJobCancelledType, BlockJobCompletedType, Event, EventMessage,
};

/// A member QEMU sends that the document does not describe.
struct Addition {
    event: &'static str,
    pointer: &'static str,
    /// The first QEMU (major, minor) that sends it.
    since: (u64, u64),
}

const ADDITIONS: &[Addition] = &[
    // The document says RESET and SHUTDOWN carry no data, so their data
    // (`guest` since 2.10, `reason` since 4.0) is one violation at `/data`.
    addition("RESET", "/data", (2, 10)),
    addition("SHUTDOWN", "/data", (2, 10)),
    addition("DEVICE_TRAY_MOVED", "/data/id", (2, 8)),
    addition("BLOCK_IO_ERROR", "/data/node-name", (2, 8)),
    addition("BLOCK_IO_ERROR", "/data/reason", (2, 8)),
    addition("BLOCK_IO_ERROR", "/data/qom-path", (9, 2)),
    // QEMU's schema gives no `since` for it; it is in 7.0 and later.
    addition("RTC_CHANGE", "/data/qom-path", (7, 0)),
    addition("VNC_CONNECTED", "/data/server/websocket", (2, 3)),
    addition("VNC_CONNECTED", "/data/client/websocket", (2, 3)),
    addition("VNC_INITIALIZED", "/data/server/websocket", (2, 3)),
    addition("VNC_INITIALIZED", "/data/client/websocket", (2, 3)),
    addition("VNC_DISCONNECTED", "/data/server/websocket", (2, 3)),
    addition("VNC_DISCONNECTED", "/data/client/websocket", (2, 3)),
];

const fn addition(event: &'static str, pointer: &'static str, since: (u64, u64)) -> Addition {
    Addition {
        event,
        pointer,
        since,
    }
}

/// The pointers `validate` must report for `message` from `qemu`, sorted.
pub fn expected_violations(message: &EventMessage, qemu: QemuVersion) -> Vec<&'static str> {
    if let Event::Unknown { .. } = message.event {
        return vec!["/event"];
    }
    let name = message.event.name();
    let mut pointers: Vec<&'static str> = ADDITIONS
        .iter()
        .filter(|addition| addition.event == name && (qemu.major, qemu.minor) >= addition.since)
        .map(|addition| addition.pointer)
        .collect();
    // `nospace` comes only when the drive keeps an I/O status, which QEMU
    // enables for rerror/werror=stop: in these scenarios, exactly when the
    // action is stop.
    if let Event::BlockIoError(error) = &message.event
        && error.action == BlockIoErrorAction::Stop
    {
        pointers.push("/data/nospace");
    }
    // The document knows one job type, `stream`; QEMU 1.3 and later also run
    // `mirror` (and other) jobs, whose type `validate` does not accept.
    let other_job_type = match &message.event {
        Event::BlockJobCompleted(job) => matches!(job.r#type, BlockJobCompletedType::Other(_)),
        Event::BlockJobCancelled(job) => matches!(job.r#type, BlockJobCancelledType::Other(_)),
        _ => false,
    };
    if other_job_type {
        pointers.push("/data/type");
    }
    pointers.sort_unstable();
    pointers
}
