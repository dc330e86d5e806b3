//! One readable line per event: time, name, then the typed members.

use qmp_api::{Event, EventMessage};
use std::collections::BTreeSet;

use crate::fields::{path_of, words};
use crate::utc_time::format_timestamp;

/// `2026-11-24 22:32:47.123456 DEVICE_TRAY_MOVED device=ide1-cd0 id=... tray-open=true`
///
/// Members come in the schema's order under their wire names; a `+` marks what
/// the schema does not describe (as `validate` reports it). An event the schema
/// lacks shows its raw data, all of it marked.
pub fn format_message(message: &EventMessage) -> String {
    let mut line = format!(
        "{} {}",
        format_timestamp(&message.timestamp),
        message.event.name()
    );
    let unknown = matches!(message.event, Event::Unknown { .. });
    if unknown {
        line.push_str(" (not in the schema)");
    }
    let undescribed: BTreeSet<String> = match serde_json::to_value(message) {
        Ok(value) => match qmp_api::validate(&value) {
            Ok(()) => BTreeSet::new(),
            Err(violations) => violations.iter().map(|v| path_of(&v.pointer)).collect(),
        },
        Err(_) => BTreeSet::new(),
    };
    for word in words(&message.event, &undescribed) {
        // The event's name is already there; its data's members go by their own names.
        let (mark, word) = match word.strip_prefix('+') {
            Some(word) => ("+", word),
            None => ("", word.as_str()),
        };
        let Some(member) = word.strip_prefix("data.") else {
            continue;
        };
        let mark = if unknown { "+" } else { mark };
        line.push_str(&format!(" {mark}{member}"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines as QEMU 10.0.2 sent them in the live tests.
    fn format_line(line: &str) -> String {
        let message: EventMessage =
            serde_json::from_str(line).unwrap_or_else(|err| panic!("{line}: {err}"));
        format_message(&message)
    }

    #[test]
    fn typed_members_in_schema_order() {
        let line = r##"{"timestamp": {"seconds": 1795560461, "microseconds": 721342}, "event": "BLOCK_IO_ERROR", "data": {"device": "ide0-hd0", "nospace": false, "node-name": "#block283", "qom-path": "/machine/unattached/device[4]", "reason": "Input/output error", "operation": "read", "action": "stop"}}"##;
        assert_eq!(
            format_line(line),
            "2026-11-24 22:47:41.721342 BLOCK_IO_ERROR \
             qom-path=/machine/unattached/device[4] device=ide0-hd0 node-name=#block283 \
             operation=read action=stop nospace=false reason=\"Input/output error\""
        );
    }

    #[test]
    fn nested_members_become_dotted_names() {
        let line = r#"{"timestamp": {"seconds": 1795560462, "microseconds": 316118}, "event": "VNC_CONNECTED", "data": {"server": {"auth": "none", "family": "ipv4", "service": "39075", "host": "127.0.0.1", "websocket": false}, "client": {"family": "ipv4", "service": "37130", "host": "127.0.0.1", "websocket": false}}}"#;
        assert_eq!(
            format_line(line),
            "2026-11-24 22:47:42.316118 VNC_CONNECTED server.host=127.0.0.1 \
             server.service=39075 server.family=ipv4 server.websocket=false \
             server.auth=none client.host=127.0.0.1 client.service=37130 \
             client.family=ipv4 client.websocket=false"
        );
    }

    #[test]
    fn members_a_newer_qemu_adds_are_marked() {
        let line = r#"{"timestamp": {"seconds": 1795560462, "microseconds": 115578}, "event": "SHUTDOWN", "data": {"guest": false, "reason": "host-qmp-quit", "x-new": [1, 2]}}"#;
        assert_eq!(
            format_line(line),
            "2026-11-24 22:47:42.115578 SHUTDOWN guest=false reason=host-qmp-quit +x-new=1,2"
        );
        let stop =
            r#"{"timestamp": {"seconds": 1795560462, "microseconds": 7714}, "event": "STOP"}"#;
        assert_eq!(format_line(stop), "2026-11-24 22:47:42.007714 STOP");
    }

    #[test]
    fn unions_and_enums_read_as_on_the_wire() {
        let line = r#"{"timestamp": {"seconds": 1795560462, "microseconds": 22705}, "event": "NETDEV_STREAM_CONNECTED", "data": {"netdev-id": "net0", "addr": {"type": "unix", "path": "/tmp/s"}}}"#;
        assert_eq!(
            format_line(line),
            "2026-11-24 22:47:42.022705 NETDEV_STREAM_CONNECTED netdev-id=net0 \
             addr.type=unix addr.path=/tmp/s"
        );
    }

    #[test]
    fn unknown_events_show_their_raw_data_marked() {
        let line = r#"{"timestamp": {"seconds": 1795560462, "microseconds": 19928}, "event": "X_FUTURE_EVENT", "data": {"status": "created", "id": "drive0"}}"#;
        assert_eq!(
            format_line(line),
            "2026-11-24 22:47:42.019928 X_FUTURE_EVENT (not in the schema) +id=drive0 \
             +status=created"
        );
        let powerdown =
            r#"{"timestamp": {"seconds": -1, "microseconds": -1}, "event": "POWERDOWN"}"#;
        assert_eq!(format_line(powerdown), "(no time) POWERDOWN");
    }
}
