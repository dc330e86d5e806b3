// Included by the consumer crates' tests, with `qapi` naming a module of bindings
// generated from a QAPI schema: the schema's own event examples against its bindings.

/// Every event example of the schema decodes to its own typed variant, encodes back to
/// its JSON exactly, and passes `validate`, but for RTC_CHANGE's, which lacks the
/// `qom-path` QEMU 4.1 made required (the checker warns about it) and is refused naming
/// the event and the member.
#[test]
fn the_schemas_event_examples_decode_round_trip_and_validate() {
    assert!(!qapi::EXAMPLES.is_empty());
    let mut checked = 0;
    for (event, text) in qapi::EXAMPLES {
        let value: serde_json::Value = serde_json::from_str(text).expect("examples are JSON");
        let decoded = serde_json::from_str::<qapi::EventMessage>(text);
        if *event == "RTC_CHANGE" {
            let error = decoded.expect_err("RTC_CHANGE's example lacks qom-path").to_string();
            assert!(
                error.starts_with("event RTC_CHANGE: /data: missing field `qom-path`"),
                "{error}"
            );
            continue;
        }
        let message = decoded.unwrap_or_else(|error| panic!("{event}: {error}: {text}"));
        assert_eq!(message.event.name(), *event);
        assert!(
            !matches!(message.event, qapi::Event::Unknown { .. }),
            "{event} decoded as Unknown"
        );
        assert_eq!(serde_json::to_value(&message).expect("encodes"), value, "{text}");
        assert_eq!(qapi::validate(&value), Ok(()), "{text}");
        checked += 1;
    }
    assert!(checked + 1 >= qapi::EXAMPLES.len());
}

/// Every event of the schema has a variant, and the wire names agree.
#[test]
fn every_event_of_the_schema_has_its_variant() {
    for name in qapi::EVENT_NAMES {
        let line = format!(
            r#"{{"event": "{name}", "timestamp": {{"seconds": 1, "microseconds": 2}}}}"#
        );
        // Decoding may fail for want of data; an unknown event never does, so an error
        // proves the name was recognised.
        match serde_json::from_str::<qapi::EventMessage>(&line) {
            Ok(message) => assert!(
                !matches!(message.event, qapi::Event::Unknown { .. }),
                "{name} is Unknown"
            ),
            Err(error) => assert!(error.to_string().contains(name), "{error}"),
        }
    }
}
