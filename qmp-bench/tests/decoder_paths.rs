//! The paths of the runtime's event decoder (members given twice at any level, data
//! before the event's name decoded once the name is known, nested errors), pinned with
//! the errors it gives: the event, the JSON pointer, the line and column.

use qmp_bench::qmp::{Event, EventMessage};
use serde_json::Value;

const TS: &str = r#""timestamp": {"seconds": 1, "microseconds": 2}"#;

fn decode(line: &str) -> Result<Value, String> {
    serde_json::from_str::<EventMessage>(line)
        .map(|message| serde_json::to_value(message).expect("encodes"))
        .map_err(|error| error.to_string())
}

fn error(line: &str) -> String {
    decode(line).expect_err(line)
}

#[test]
fn members_given_twice_are_errors_at_every_level() {
    let twice = |line: String, expected: &str| {
        let message = error(&line);
        assert!(message.starts_with(expected), "{message}");
    };
    twice(
        format!(r#"{{"event": "STOP", "event": "STOP", {TS}}}"#),
        "event STOP: field `event` appears twice at line 1 column 27",
    );
    twice(
        format!(r#"{{"event": "STOP", "data": {{}}, "data": {{}}, {TS}}}"#),
        "event STOP: field `data` appears twice",
    );
    twice(
        format!(r#"{{"data": {{}}, "data": {{}}, "event": "STOP", {TS}}}"#),
        "field `data` appears twice",
    );
    twice(
        format!(r#"{{{TS}, {TS}, "event": "STOP"}}"#),
        "field `timestamp` appears twice",
    );
    twice(
        format!(
            r#"{{"event": "BLOCK_IO_ERROR", "data": {{"device": "d", "operation": "read", "action": "stop", "device": "e"}}, {TS}}}"#
        ),
        "event BLOCK_IO_ERROR: /data: field `device` appears twice",
    );
    twice(
        format!(
            r#"{{"event": "BLOCK_IO_ERROR", "data": {{"device": "d", "operation": "read", "action": "stop", "x": 1, "x": 2}}, {TS}}}"#
        ),
        "event BLOCK_IO_ERROR: /data: field `x` appears twice",
    );
    twice(
        format!(
            r#"{{"event": "VNC_CONNECTED", "data": {{"server": {{"host": "h", "service": "1", "family": "ipv4", "host": "g"}}, "client": {{"host": "h", "service": "1", "family": "ipv4"}}}}, {TS}}}"#
        ),
        "event VNC_CONNECTED: /data/server: field `host` appears twice",
    );
}

#[test]
fn data_before_the_name_decodes_as_data_after_it() {
    let known = format!(
        r#"{{"data": {{"device": "d", "operation": "read", "action": "stop", "x": 1}}, "event": "BLOCK_IO_ERROR", {TS}}}"#
    );
    let original: Value = serde_json::from_str(&known).unwrap();
    assert_eq!(decode(&known), Ok(original));
    let unknown = format!(r#"{{"data": {{"q": [1, {{"r": null}}]}}, "event": "NEW_ONE", {TS}}}"#);
    let original: Value = serde_json::from_str(&unknown).unwrap();
    assert_eq!(decode(&unknown), Ok(original));
    let wrong = format!(
        r#"{{"data": {{"device": 5, "operation": "read", "action": "stop"}}, "event": "BLOCK_IO_ERROR", {TS}}}"#
    );
    assert!(
        error(&wrong)
            .starts_with("event BLOCK_IO_ERROR: /data/device: expected a string, found a number")
    );
    let nested = format!(
        r#"{{"data": {{"server": {{"host": "h", "service": "1"}}, "client": {{"host": "h", "service": "1", "family": "ipv4"}}}}, "event": "VNC_CONNECTED", {TS}}}"#
    );
    assert!(
        error(&nested).starts_with("event VNC_CONNECTED: /data/server: missing field `family`")
    );
}

#[test]
fn a_missing_name_data_or_timestamp_is_named() {
    assert!(
        error(&format!(r#"{{"data": {{"a": 1}}, {TS}}}"#)).starts_with("missing field `event`")
    );
    assert!(error(&format!("{{{TS}}}")).starts_with("missing field `event`"));
    assert!(
        error(&format!(r#"{{"event": "BLOCK_IO_ERROR", {TS}}}"#))
            .starts_with("event BLOCK_IO_ERROR: missing field `data`")
    );
    assert!(error(r#"{"event": "STOP"}"#).starts_with("event STOP: missing field `timestamp`"));
    assert!(
        error(r#"{"event": "STOP", "timestamp": {"seconds": 1}}"#)
            .starts_with("event STOP: /timestamp: missing field `microseconds`")
    );
    assert!(
        error(&format!(r#"{{"event": 5, {TS}}}"#))
            .starts_with("/event: expected an event name, found a number")
    );
}

#[test]
fn unknown_events_keep_their_name_and_data() {
    let line = format!(r#"{{"event": "NEW_ONE", "data": {{"a": [1]}}, {TS}}}"#);
    let message: EventMessage = serde_json::from_str(&line).unwrap();
    assert_eq!(
        message.event,
        Event::Unknown {
            name: "NEW_ONE".into(),
            data: Some(serde_json::json!({"a": [1]}))
        }
    );
    let bare: Event = serde_json::from_str(&format!(r#"{{"event": "NEW_ONE", {TS}}}"#)).unwrap();
    assert_eq!(
        bare,
        Event::Unknown {
            name: "NEW_ONE".into(),
            data: None
        }
    );
}

#[test]
fn escaped_member_names_match_like_plain_ones() {
    let line = format!(
        r#"{{"ev\u0065nt": "BLOCK_IO_ERROR", "data": {{"d\u0065vice": "d\u00e9", "operation": "read", "action": "stop", "k\u00e9y": 1}}, {TS}}}"#
    );
    let message: EventMessage = serde_json::from_str(&line).unwrap();
    let Event::BlockIoError(data) = message.event else {
        panic!("{line}")
    };
    assert_eq!(data.device, "dé");
    assert_eq!(data.unknown_fields.get("kéy"), Some(&serde_json::json!(1)));
}
