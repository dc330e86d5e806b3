//! One readable line per event: time, name, then the typed fields.

use qmp_events::{Event, EventMessage};

use crate::fields::{Describe, FieldWords};
use crate::utc_time::format_timestamp;

/// `2026-11-24 22:32:47.123456 DEVICE_TRAY_MOVED device=ide1-cd0 tray-open=true +id=...`
///
/// Fields come in the document's order under their wire names; a `+` marks
/// what the document does not describe. An event the document lacks shows
/// its raw data, as there are no types to read it with.
pub fn format_message(message: &EventMessage) -> String {
    let mut line = format!(
        "{} {}",
        format_timestamp(&message.timestamp),
        message.event.name()
    );
    match payload(&message.event) {
        Some(payload) => {
            let mut words = FieldWords::default();
            payload.describe("", &mut words);
            for word in words.into_words() {
                line.push(' ');
                line.push_str(&word);
            }
        }
        None => {
            line.push_str(" (not in the document)");
            if let Event::Unknown {
                data: Some(data), ..
            } = &message.event
            {
                line.push_str(&format!(" data={data}"));
            }
        }
    }
    line
}

/// The typed payload of a documented event; `None` for [`Event::Unknown`].
/// The match is exhaustive, so an event added to the document is a compile
/// error here until it is described.
fn payload(event: &Event) -> Option<&dyn Describe> {
    Some(match event {
        Event::BlockIoError(data) => data,
        Event::DeviceTrayMoved(data) => data,
        Event::Reset(data) => data,
        Event::Resume(data) => data,
        Event::RtcChange(data) => data,
        Event::Shutdown(data) => data,
        Event::Stop(data) => data,
        Event::VncConnected(data) => data,
        Event::VncDisconnected(data) => data,
        Event::VncInitialized(data) => data,
        Event::SpiceConnected(data) => data,
        Event::SpiceDisconnected(data) => data,
        Event::SpiceInitialized(data) => data,
        Event::Watchdog(data) => data,
        Event::BlockJobCompleted(data) => data,
        Event::BlockJobCancelled(data) => data,
        Event::Unknown { .. } => return None,
    })
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
    fn typed_fields_in_document_order_with_undocumented_ones_marked() {
        let line = r##"{"timestamp": {"seconds": 1795560461, "microseconds": 721342}, "event": "BLOCK_IO_ERROR", "data": {"device": "ide0-hd0", "nospace": false, "node-name": "#block283", "qom-path": "/machine/unattached/device[4]", "reason": "Input/output error", "operation": "read", "action": "stop"}}"##;
        assert_eq!(
            format_line(line),
            "2026-11-24 22:47:41.721342 BLOCK_IO_ERROR device=ide0-hd0 operation=read \
             action=stop +node-name=#block283 +nospace=false \
             +qom-path=/machine/unattached/device[4] +reason=\"Input/output error\""
        );
    }

    #[test]
    fn nested_fields_become_dotted_names() {
        let line = r#"{"timestamp": {"seconds": 1795560462, "microseconds": 316118}, "event": "VNC_CONNECTED", "data": {"server": {"auth": "none", "family": "ipv4", "service": "39075", "host": "127.0.0.1", "websocket": false}, "client": {"family": "ipv4", "service": "37130", "host": "127.0.0.1", "websocket": false}}}"#;
        assert_eq!(
            format_line(line),
            "2026-11-24 22:47:42.316118 VNC_CONNECTED server.host=127.0.0.1 \
             server.service=39075 server.family=ipv4 server.auth=none \
             +server.websocket=false client.host=127.0.0.1 client.service=37130 \
             client.family=ipv4 +client.websocket=false"
        );
    }

    #[test]
    fn data_on_an_event_documented_without_data_is_all_marked() {
        let line = r#"{"timestamp": {"seconds": 1795560462, "microseconds": 115578}, "event": "SHUTDOWN", "data": {"guest": false, "reason": "host-qmp-quit"}}"#;
        assert_eq!(
            format_line(line),
            "2026-11-24 22:47:42.115578 SHUTDOWN +guest=false +reason=host-qmp-quit"
        );
        let stop =
            r#"{"timestamp": {"seconds": 1795560462, "microseconds": 7714}, "event": "STOP"}"#;
        assert_eq!(format_line(stop), "2026-11-24 22:47:42.007714 STOP");
    }

    #[test]
    fn integers_and_keyword_fields() {
        let line = r#"{"timestamp": {"seconds": 1795560462, "microseconds": 22705}, "event": "BLOCK_JOB_CANCELLED", "data": {"device": "drive0", "len": 16777216, "offset": 524288, "speed": 65536, "type": "stream"}}"#;
        assert_eq!(
            format_line(line),
            "2026-11-24 22:47:42.022705 BLOCK_JOB_CANCELLED type=stream device=drive0 \
             len=16777216 offset=524288 speed=65536"
        );
    }

    #[test]
    fn unknown_events_show_their_raw_data() {
        let line = r#"{"timestamp": {"seconds": 1795560462, "microseconds": 19928}, "event": "JOB_STATUS_CHANGE", "data": {"status": "created", "id": "drive0"}}"#;
        assert_eq!(
            format_line(line),
            "2026-11-24 22:47:42.019928 JOB_STATUS_CHANGE (not in the document) \
             data={\"id\":\"drive0\",\"status\":\"created\"}"
        );
        let powerdown =
            r#"{"timestamp": {"seconds": -1, "microseconds": -1}, "event": "POWERDOWN"}"#;
        assert_eq!(
            format_line(powerdown),
            "(no time) POWERDOWN (not in the document)"
        );
    }
}
