// Behaviour every way in must give the bindings of events-spec/qmp-events.txt. Included
// by the tests of each consumer crate, after `use <crate> as qmp;`.

use qmp::{Event, EventMessage, Timestamp};
use serde_json::{Value, json};

/// Decodes a line and checks that encoding gives back exactly its JSON value.
fn round_trip(line: &str) -> EventMessage {
    let message: EventMessage = serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
    let original: Value = serde_json::from_str(line).expect("test lines are JSON");
    assert_eq!(serde_json::to_value(&message).expect("encodes"), original, "{line}");
    message
}

fn pointers(message: &Value) -> Vec<String> {
    match qmp::validate(message) {
        Ok(()) => Vec::new(),
        Err(violations) => violations.into_iter().map(|v| v.pointer).collect(),
    }
}

#[test]
fn every_example_decodes_into_its_variant_and_round_trips() {
    assert_eq!(qmp::EXAMPLES.len(), 15);
    for (name, text) in qmp::EXAMPLES {
        let message = round_trip(text);
        assert_eq!(message.event.name(), *name);
        assert!(!matches!(message.event, Event::Unknown { .. }), "{name} decoded as Unknown");
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(qmp::validate(&value), Ok(()), "{name}");
    }
}

#[test]
fn every_event_has_a_variant() {
    assert_eq!(qmp::EVENT_NAMES.len(), 16);
    for name in qmp::EVENT_NAMES {
        let line = json!({"event": name, "timestamp": {"seconds": 1, "microseconds": 2}}).to_string();
        // Events with required data fail without it; the error must name the event.
        match serde_json::from_str::<EventMessage>(&line) {
            Ok(message) => assert_eq!(message.event.name(), *name),
            Err(error) => assert!(error.to_string().contains(name), "{error}"),
        }
    }
}

#[test]
fn typed_fields_of_a_known_event() {
    let message = round_trip(
        r#"{"timestamp": {"seconds": 1265044230, "microseconds": 450486}, "event": "BLOCK_IO_ERROR",
            "data": {"device": "ide0-hd1", "operation": "write", "action": "stop"}}"#,
    );
    let Event::BlockIoError(data) = message.event else { panic!("wrong variant") };
    assert_eq!(data.device, "ide0-hd1");
    assert_eq!(data.operation, qmp::BlockIoErrorOperation::Write);
    assert_eq!(data.action, qmp::BlockIoErrorAction::Stop);
    assert!(data.unknown_fields.is_empty());
    assert_eq!(message.timestamp, Timestamp { seconds: 1265044230, microseconds: 450486 });
}

#[test]
fn unknown_event_is_kept_with_and_without_data() {
    let message = round_trip(
        r#"{"event": "JOB_STATUS_CHANGE", "data": {"id": "job0", "status": "running"},
            "timestamp": {"seconds": 1, "microseconds": 2}}"#,
    );
    assert_eq!(message.event.name(), "JOB_STATUS_CHANGE");
    assert!(matches!(&message.event, Event::Unknown { data: Some(_), .. }));
    let message = round_trip(r#"{"event": "POWERDOWN", "timestamp": {"seconds": 1, "microseconds": 2}}"#);
    assert_eq!(message.event, Event::Unknown { name: "POWERDOWN".into(), data: None });
    let line: Value = serde_json::from_str(r#"{"event": "POWERDOWN", "timestamp": {"seconds": 1, "microseconds": 2}}"#).unwrap();
    assert_eq!(pointers(&line), ["/event"]);
}

#[test]
fn extra_fields_at_every_level_are_kept_and_reported() {
    let line = r#"{"event": "VNC_CONNECTED", "timestamp": {"seconds": 1, "microseconds": 2},
        "data": {"server": {"auth": "none", "family": "ipv4", "service": "5900", "host": "127.0.0.1", "websocket": false},
                 "client": {"family": "ipv4", "service": "4242", "host": "127.0.0.1", "websocket": false},
                 "extra": [1, 2]}}"#;
    let message = round_trip(line);
    let Event::VncConnected(data) = message.event else { panic!("wrong variant") };
    assert_eq!(data.server.unknown_fields.get("websocket"), Some(&json!(false)));
    assert_eq!(data.client.unknown_fields.get("websocket"), Some(&json!(false)));
    assert_eq!(data.unknown_fields.get("extra"), Some(&json!([1, 2])));
    let value: Value = serde_json::from_str(line).unwrap();
    let mut found = pointers(&value);
    found.sort();
    assert_eq!(found, ["/data/client/websocket", "/data/extra", "/data/server/websocket"]);
}

#[test]
fn unknown_enum_value_is_kept_and_reported() {
    let line = r#"{"event": "BLOCK_IO_ERROR", "timestamp": {"seconds": 1, "microseconds": 2},
        "data": {"device": "d", "operation": "flush", "action": "stop", "nospace": false}}"#;
    let message = round_trip(line);
    let Event::BlockIoError(data) = message.event else { panic!("wrong variant") };
    assert_eq!(data.operation, qmp::BlockIoErrorOperation::Other("flush".into()));
    assert!(!data.operation.is_documented());
    let value: Value = serde_json::from_str(line).unwrap();
    let violations = qmp::validate(&value).unwrap_err();
    let operation = violations.iter().find(|v| v.pointer == "/data/operation").expect("operation reported");
    assert!(operation.message.contains("flush"), "{}", operation.message);
    assert_eq!(pointers(&value), ["/data/operation", "/data/nospace"]);
}

#[test]
fn data_on_a_data_less_event_is_kept_and_reported() {
    // QEMU 10 sends RESET and SHUTDOWN with data the 2012 document does not describe.
    let line = r#"{"timestamp": {"seconds": 1700000000, "microseconds": 5}, "event": "SHUTDOWN",
        "data": {"guest": false, "reason": "host-qmp-quit"}}"#;
    let message = round_trip(line);
    let Event::Shutdown(data) = &message.event else { panic!("wrong variant") };
    let kept = data.unknown_fields.as_ref().expect("data kept");
    assert_eq!(kept.get("reason"), Some(&json!("host-qmp-quit")));
    let value: Value = serde_json::from_str(line).unwrap();
    assert_eq!(pointers(&value), ["/data"]);
    let bare = round_trip(r#"{"event": "RESET", "timestamp": {"seconds": 1, "microseconds": 2}}"#);
    assert_eq!(bare.event, Event::Reset(qmp::Reset { unknown_fields: None }));
}

#[test]
fn timestamp_minus_one_means_no_clock() {
    let message = round_trip(r#"{"event": "STOP", "timestamp": {"seconds": -1, "microseconds": -1}}"#);
    assert!(!message.timestamp.is_known());
    assert_eq!(message.timestamp, Timestamp::UNKNOWN);
    assert_eq!(message.timestamp.to_system_time(), None);
    let known = Timestamp { seconds: 1265044230, microseconds: 450486 };
    let since_epoch = known.to_system_time().unwrap().duration_since(std::time::UNIX_EPOCH).unwrap();
    assert_eq!(since_epoch, std::time::Duration::new(1265044230, 450_486_000));
}

#[test]
fn members_in_any_order_decode_the_same() {
    let orders = [
        r#"{"event": "RTC_CHANGE", "data": {"offset": 78}, "timestamp": {"seconds": 1, "microseconds": 2}}"#,
        r#"{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "RTC_CHANGE", "data": {"offset": 78}}"#,
        r#"{"data": {"offset": 78}, "timestamp": {"microseconds": 2, "seconds": 1}, "event": "RTC_CHANGE"}"#,
        r#"{"data": {"offset": 78}, "event": "RTC_CHANGE", "timestamp": {"seconds": 1, "microseconds": 2}}"#,
    ];
    let decoded: Vec<EventMessage> = orders.iter().map(|line| round_trip(line)).collect();
    assert!(decoded.windows(2).all(|pair| pair[0] == pair[1]));
    let Event::RtcChange(data) = &decoded[0].event else { panic!("wrong variant") };
    assert_eq!(data.offset, serde_json::Number::from(78));
}

#[test]
fn json_number_keeps_integers_exact_and_accepts_floats() {
    let big = round_trip(r#"{"event": "RTC_CHANGE", "data": {"offset": 9007199254740993}, "timestamp": {"seconds": 1, "microseconds": 2}}"#);
    let Event::RtcChange(data) = &big.event else { panic!("wrong variant") };
    assert_eq!(data.offset.as_i64(), Some(9_007_199_254_740_993));
    round_trip(r#"{"event": "RTC_CHANGE", "data": {"offset": -2.5}, "timestamp": {"seconds": 1, "microseconds": 2}}"#);
}

#[test]
fn several_events_share_one_payload_type() {
    let line = r#"{"event": "SPICE_DISCONNECTED", "timestamp": {"seconds": 1, "microseconds": 2},
        "data": {"server": {"port": "5920", "family": "ipv4", "host": "127.0.0.1"},
                 "client": {"port": "52873", "family": "ipv6", "host": "::1"}}}"#;
    let message = round_trip(line);
    let Event::SpiceDisconnected(data) = message.event else { panic!("wrong variant") };
    let shared: qmp::SpiceConnected = data;
    assert_eq!(shared.client.family, qmp::SpiceConnectedClientFamily::Ipv6);
}

#[test]
fn decode_errors_name_the_event_and_the_field() {
    let cases = [
        (r#"{"event": "BLOCK_IO_ERROR", "data": {"device": 5, "operation": "read", "action": "stop"}, "timestamp": {"seconds": 1, "microseconds": 2}}"#, ["event BLOCK_IO_ERROR", "/data/device"]),
        (r#"{"event": "VNC_CONNECTED", "data": {"server": {"host": "h", "service": "1", "family": 4}, "client": {"host": "h", "service": "1", "family": "ipv4"}}, "timestamp": {"seconds": 1, "microseconds": 2}}"#, ["event VNC_CONNECTED", "/data/server/family"]),
        (r#"{"event": "BLOCK_IO_ERROR", "data": {"operation": "read", "action": "stop"}, "timestamp": {"seconds": 1, "microseconds": 2}}"#, ["event BLOCK_IO_ERROR: /data", "`device`"]),
        (r#"{"data": {"len": "x"}, "event": "BLOCK_JOB_COMPLETED", "timestamp": {"seconds": 1, "microseconds": 2}}"#, ["event BLOCK_JOB_COMPLETED", "/data/len"]),
        (r#"{"event": "STOP"}"#, ["event STOP", "`timestamp`"]),
    ];
    for (line, expected) in cases {
        let error = serde_json::from_str::<EventMessage>(line).expect_err(line).to_string();
        for part in expected {
            assert!(error.contains(part), "{error:?} lacks {part}");
        }
    }
}

#[test]
fn validate_reports_every_violation_with_its_pointer() {
    let message = json!({
        "event": "VNC_DISCONNECTED",
        "timestamp": {"seconds": 1, "microseconds": "2"},
        "data": {
            "server": {"host": "h", "service": 5900, "family": "ipv4"},
            "client": {"host": "h", "service": "1", "family": "ipx", "x509_dname": null}
        }
    });
    let violations = qmp::validate(&message).unwrap_err();
    let mut found: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
    found.sort();
    assert_eq!(found, ["/data/client/family", "/data/client/x509_dname", "/data/server/service", "/timestamp/microseconds"]);
    let missing = qmp::validate(&json!({"event": "BLOCK_IO_ERROR", "timestamp": {"seconds": 1, "microseconds": 2}, "data": {"device": "d", "action": "stop"}})).unwrap_err();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].pointer, "/data");
    assert!(missing[0].message.contains("operation"), "{}", missing[0].message);
    let range = qmp::validate(&json!({"event": "BLOCK_JOB_CANCELLED", "timestamp": {"seconds": 1, "microseconds": 2},
        "data": {"type": "stream", "device": "d", "len": 18446744073709551615u64, "offset": 1.5, "speed": 0}})).unwrap_err();
    let messages: Vec<String> = range.iter().map(ToString::to_string).collect();
    assert_eq!(range.len(), 2, "{messages:?}");
    assert!(messages[0].starts_with("/data/len: ") && messages[0].contains("out of range"), "{messages:?}");
    assert!(messages[1].starts_with("/data/offset: ") && messages[1].contains("1.5"), "{messages:?}");
}

#[test]
fn decode_error_reads_well() {
    let line = r#"{"event": "VNC_CONNECTED", "data": {"server": {"host": "h", "service": "1", "family": 4}, "client": {"host": "h", "service": "1", "family": "ipv4"}}, "timestamp": {"seconds": 1, "microseconds": 2}}"#;
    let error = serde_json::from_str::<EventMessage>(line).unwrap_err().to_string();
    assert_eq!(
        error,
        "event VNC_CONNECTED: /data/server/family: expected a string, found a number at line 1 column 87"
    );
}

#[test]
fn members_outside_the_qmp_envelope_are_refused_by_name() {
    // The envelope is QMP's, not the document's: `EventMessage` has no room for more, so
    // such a line is an error rather than a silent loss; `validate` reports it too.
    let cases = [
        (r#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}, "id": "x"}"#, "`id`", "/id"),
        (r#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2, "nanoseconds": 3}}"#, "`nanoseconds`", "/timestamp/nanoseconds"),
    ];
    for (line, member, pointer) in cases {
        let error = serde_json::from_str::<EventMessage>(line).expect_err(line).to_string();
        assert!(error.contains(member), "{error}");
        let value: Value = serde_json::from_str(line).unwrap();
        assert_eq!(pointers(&value), [pointer]);
    }
}

#[test]
fn non_generic_entry_points_agree_with_serde_json() {
    let lines = [
        r#"{"event": "BLOCK_IO_ERROR", "data": {"device": "ide0-hd1", "operation": "write", "action": "stop", "errno": 5}, "timestamp": {"seconds": 1265044230, "microseconds": 450486}}"#,
        r#"{"event": "NEWER_EVENT", "data": {"x": [1, 2.5, null]}, "timestamp": {"seconds": 1, "microseconds": 2}}"#,
    ];
    for line in lines {
        let generic: EventMessage = serde_json::from_str(line).unwrap();
        let value: Value = serde_json::from_str(line).unwrap();
        assert_eq!(EventMessage::from_json(line).unwrap(), generic, "{line}");
        assert_eq!(EventMessage::from_json_slice(line.as_bytes()).unwrap(), generic, "{line}");
        assert_eq!(EventMessage::from_value(value.clone()).unwrap(), generic, "{line}");
        let encoded: Value = serde_json::from_str(&generic.to_json()).unwrap();
        assert_eq!(encoded, value, "{line}");
    }
    // Errors are the same whichever way in.
    let bad = r#"{"event": "BLOCK_IO_ERROR", "data": {"device": 5, "operation": "read", "action": "stop"}, "timestamp": {"seconds": 1, "microseconds": 2}}"#;
    assert_eq!(
        EventMessage::from_json(bad).unwrap_err().to_string(),
        serde_json::from_str::<EventMessage>(bad).unwrap_err().to_string()
    );
    let not_utf8 = b"{\"event\": \"STOP\xff\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}";
    let error = EventMessage::from_json_slice(not_utf8).unwrap_err().to_string();
    assert!(error.contains("invalid utf-8"), "{error}");
}
