//! Event lines the wire fuzz target (`fuzz/`, see RELIABILITY.md) found, kept as tests.
//!
//! The fuzzer found that members of the message other than `event`, `data` and
//! `timestamp`, and of `timestamp` other than `seconds` and `microseconds`, were skipped:
//! encoding did not give them back, and what was skipped was not even checked to be
//! JSON. That envelope is QMP's, not the document's, and `EventMessage` has no room for
//! more members, so decoding now refuses them by name (everything the document
//! describes still keeps what a newer QEMU adds).

use qmp_api::EventMessage;
use serde_json::Value;

/// Decodes a line and requires that encoding gives back exactly its JSON value.
fn assert_round_trips(line: &str) {
    let message: EventMessage =
        serde_json::from_str(line).unwrap_or_else(|error| panic!("{line}: {error}"));
    let original: Value = serde_json::from_str(line).expect("test lines are JSON");
    let encoded = serde_json::to_value(&message).expect("a decoded message encodes");
    assert_eq!(encoded, original, "{line}");
}

/// Decodes a line that must fail, and returns the error's text.
fn decode_error(line: &str) -> String {
    match serde_json::from_str::<EventMessage>(line) {
        Ok(message) => panic!("{line} decoded: {message:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn an_undocumented_member_of_the_timestamp_is_refused_by_name() {
    // Minimized from fuzz/artifacts/wire/crash-ab13ef75335a4b7911b1ad5b810cdf34db066d9e.
    let error = decode_error(
        r#"{"data": {"action": "reset"}, "event": "WATCHDOG",
            "timestamp": {"microseconds": 959568, "secondsnds": 959568, "seconds": 1267061043}}"#,
    );
    assert!(
        error.contains("member `secondsnds` is not part of a timestamp"),
        "{error}"
    );
}

#[test]
fn an_undocumented_member_of_the_message_is_refused_by_name() {
    let error = decode_error(
        r#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}, "id": "x"}"#,
    );
    assert!(
        error.contains("member `id` is not part of a QMP event message"),
        "{error}"
    );
}

#[test]
fn a_line_that_is_not_json_does_not_decode() {
    // From fuzz/artifacts/wire/crash-bba6df90...: a number that no f64 can hold, in a
    // member of the timestamp that the decoder used to skip; and invalid UTF-8 in a
    // skipped member of the message.
    let out_of_range =
        br#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2, "x": 1E1179}}"#;
    let not_utf8 = b"{\"event\": \"STOP\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"x\": \"\xff\"}";
    for line in [&out_of_range[..], &not_utf8[..]] {
        assert!(serde_json::from_slice::<Value>(line).is_err());
        let decoded = serde_json::from_slice::<EventMessage>(line);
        assert!(decoded.is_err(), "decoded {decoded:?}");
    }
}

#[test]
fn an_undocumented_member_of_data_is_kept_even_when_it_is_not_a_plain_value() {
    // Members the decoder keeps are read as `Value`, so everything JSON allows comes back.
    assert_round_trips(
        r#"{"event": "RTC_CHANGE", "timestamp": {"seconds": -1, "microseconds": -1},
            "data": {"offset": 78, "qom-path": "/machine/unattached/device[3]/rtc",
                     "x": {"": [null, -0, 1e-320, 1.0e300, "\u0000\ud83d\ude00"]}}}"#,
    );
}

#[test]
fn minus_zero_is_not_an_integer() {
    // From the smoke run's fuzz/artifacts/smoke-wire/crash-4a1a5a516c5e77eeb978167c7fbbd59edc0143dc:
    // serde_json reads `-0` as the float -0.0, which an integer member would have given
    // back as `0`. The runtime's decoder now refuses it as it refuses `1.0`.
    let error =
        decode_error(r#"{"event": "STOP", "timestamp": {"seconds": -0, "microseconds": -1}}"#);
    assert!(
        error.contains("/timestamp/seconds") && error.contains("found the number -0"),
        "{error}"
    );
    let error = decode_error(
        r#"{"event": "BALLOON_CHANGE", "data": {"actual": -0},
            "timestamp": {"seconds": 1, "microseconds": 2}}"#,
    );
    assert!(error.contains("/data/actual"), "{error}");
    assert_round_trips(
        r#"{"event": "BALLOON_CHANGE", "data": {"actual": 0},
            "timestamp": {"seconds": 1, "microseconds": 2}}"#,
    );
}

#[test]
fn a_command_sent_with_empty_arguments_is_given_back_with_them() {
    // From fuzz/artifacts/smoke-wire/crash-acc47b877dbf568a5d2901a0cbe323f7babd1447:
    // arguments that encode to `{}` were left out, whether the line had them or not.
    for line in [
        r#"{"arguments": {}, "execute": "eject"}"#,
        r#"{"execute": "eject"}"#,
        r#"{"execute": "query-status", "arguments": {}, "id": 1}"#,
    ] {
        let message = qmp_api::CommandMessage::from_json(line)
            .unwrap_or_else(|error| panic!("{line}: {error}"));
        assert_eq!(message.arguments_sent, line.contains("arguments"), "{line}");
        let original: Value = serde_json::from_str(line).expect("test lines are JSON");
        let encoded: Value = serde_json::from_str(&message.to_json()).expect("JSON");
        assert_eq!(encoded, original, "{line}");
    }
}
