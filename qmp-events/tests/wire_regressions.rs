//! Event lines the wire fuzz target (`fuzz/`, see RELIABILITY.md) found, kept as tests.
//!
//! The ignored tests pin an open generator bug: the decoder skips the members of a
//! message other than `event`, `data` and `timestamp`, and the members of `timestamp`
//! other than `seconds` and `microseconds`, so encoding does not give them back, and
//! what is skipped is not even checked to be JSON. Run them with
//! `cargo test -p qmp-events --test wire_regressions -- --ignored`; once the generator
//! keeps these members, drop the `#[ignore]`s and the fuzz target's allowance for them
//! (`without_known_losses` in `fuzz/src/lib.rs`).

use qmp_events::EventMessage;
use serde_json::Value;

/// Decodes a line and requires that encoding gives back exactly its JSON value.
fn assert_round_trips(line: &str) {
    let message: EventMessage =
        serde_json::from_str(line).unwrap_or_else(|error| panic!("{line}: {error}"));
    let original: Value = serde_json::from_str(line).expect("test lines are JSON");
    let encoded = serde_json::to_value(&message).expect("a decoded message encodes");
    assert_eq!(encoded, original, "{line}");
}

#[test]
#[ignore = "open generator bug: members of `timestamp` other than seconds and microseconds are dropped"]
fn an_undocumented_member_of_the_timestamp_is_kept() {
    // Minimized from fuzz/artifacts/wire/crash-ab13ef75335a4b7911b1ad5b810cdf34db066d9e.
    assert_round_trips(
        r#"{"data": {"action": "reset"}, "event": "WATCHDOG",
            "timestamp": {"microseconds": 959568, "secondsnds": 959568, "seconds": 1267061043}}"#,
    );
}

#[test]
#[ignore = "open generator bug: members of a message other than event, data and timestamp are dropped"]
fn an_undocumented_member_of_the_message_is_kept() {
    assert_round_trips(
        r#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}, "id": "x"}"#,
    );
}

#[test]
#[ignore = "open generator bug: skipped members are not read, so a line that is not JSON decodes"]
fn a_line_that_is_not_json_does_not_decode() {
    // From fuzz/artifacts/wire/crash-bba6df90...: a number that no f64 can hold, in a
    // member of the timestamp that the decoder skips; and invalid UTF-8 in a skipped
    // member of the message.
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
            "data": {"offset": 1.0e300, "x": {"": [null, -0, 1e-320, "\u0000\ud83d\ude00"]}}}"#,
    );
}
