//! The checks of the typed bindings that every event line gets, whichever
//! scenario provoked it.

use qmp_client::QemuVersion;
use qmp_events::{EVENT_NAMES, Event, EventMessage};
use qmp_live_qemu::LiveEvent;
use serde_json::Value;

use crate::undocumented::expected_violations;

/// Events the scenarios provoke that the document does not describe.
const UNDOCUMENTED_EVENTS: &[&str] = &[
    "ACPI_DEVICE_OST",
    "BALLOON_CHANGE",
    "BLOCK_EXPORT_DELETED",
    "BLOCK_IMAGE_CORRUPTED",
    "BLOCK_JOB_ERROR",
    "BLOCK_JOB_PENDING",
    "BLOCK_JOB_READY",
    "BLOCK_WRITE_THRESHOLD",
    "COLO_EXIT",
    "DEVICE_DELETED",
    "DUMP_COMPLETED",
    "FAILOVER_NEGOTIATED",
    "GUEST_CRASHLOADED",
    "GUEST_PANICKED",
    "GUEST_PVSHUTDOWN",
    "JOB_STATUS_CHANGE",
    "MEMORY_DEVICE_SIZE_CHANGE",
    "MEMORY_FAILURE",
    "MIGRATION",
    "MIGRATION_PASS",
    "NETDEV_STREAM_CONNECTED",
    "NETDEV_STREAM_DISCONNECTED",
    "NETDEV_VHOST_USER_CONNECTED",
    "NETDEV_VHOST_USER_DISCONNECTED",
    "NIC_RX_FILTER_CHANGED",
    "POWERDOWN",
    "PR_MANAGER_STATUS_CHANGED",
    "QUORUM_FAILURE",
    "QUORUM_REPORT_BAD",
    "SPICE_MIGRATE_COMPLETED",
    "SUSPEND",
    "SUSPEND_DISK",
    "UNPLUG_PRIMARY",
    "VSERPORT_CHANGE",
    "WAKEUP",
];

/// Decoding the line's text agrees with the client's decoding, encoding gives
/// back the line's JSON, events the document lacks are `Unknown`, and
/// `validate` reports exactly what the document does not describe.
pub fn check_decoding(event: &LiveEvent, qemu: QemuVersion) {
    let line = event.line();
    let from_text: EventMessage = serde_json::from_str(line)
        .unwrap_or_else(|err| panic!("the line does not decode: {err}: {line}"));
    assert_eq!(
        from_text, event.message,
        "decoding the text and the client's decoding differ: {line}"
    );
    check_round_trip(&event.message, line);
    check_variant(event);
    check_violations(event, qemu);
}

fn check_round_trip(message: &EventMessage, line: &str) {
    let sent: Value = serde_json::from_str(line)
        .unwrap_or_else(|err| panic!("the line is not JSON: {err}: {line}"));
    let encoded = serde_json::to_value(message)
        .unwrap_or_else(|err| panic!("the message does not encode: {err}: {line}"));
    assert_eq!(encoded, sent, "encoding does not give back the line");
}

fn check_variant(event: &LiveEvent) {
    let name = event.name();
    assert_eq!(event.event().name(), name, "{}", event.line());
    let is_unknown = matches!(event.event(), Event::Unknown { .. });
    assert_eq!(
        is_unknown,
        !EVENT_NAMES.contains(&name),
        "{name} should decode as Unknown exactly when the document lacks it: {}",
        event.line()
    );
    if UNDOCUMENTED_EVENTS.contains(&name) {
        assert!(is_unknown, "{name} is not Unknown: {}", event.line());
    }
}

fn check_violations(event: &LiveEvent, qemu: QemuVersion) {
    let violations = qmp_events::validate(&event.raw.message)
        .err()
        .unwrap_or_default();
    let mut reported: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
    reported.sort_unstable();
    assert_eq!(
        reported,
        expected_violations(&event.message, qemu),
        "validate's pointers for {} from QEMU {qemu} ({violations:?}): {}",
        event.name(),
        event.line()
    );
}
