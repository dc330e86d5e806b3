//! The bindings of `qapi/qapi-schema.json`: constructs of old QEMU releases and rare
//! ones, which no event of the bundled schemas reaches, decode, encode back exactly and
//! validate.
use consumer_build::old_and_rare::{
    BlkdebugEvent, EXAMPLES, Event, EventMessage, KeyCode, KeyValue, StrOrNull, validate,
};
use serde_json::{Value, json};

fn message(data: Value) -> Value {
    json!({"event": "OLD_AND_RARE", "data": data,
           "timestamp": {"seconds": 1, "microseconds": 2}})
}

/// Decodes, checks the round trip, and gives the event's data.
fn decode(value: &Value) -> consumer_build::old_and_rare::OldAndRare {
    let message = EventMessage::from_value(value.clone()).expect("decodes");
    let back: Value = serde_json::from_str(&message.to_json()).expect("JSON");
    assert_eq!(&back, value);
    match message.event {
        Event::OldAndRare(data) => data,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_schemas_example_decodes_round_trips_and_validates() {
    let [(name, text)] = EXAMPLES else {
        panic!("{EXAMPLES:?}")
    };
    assert_eq!(*name, "OLD_AND_RARE");
    let value: Value = serde_json::from_str(text).expect("JSON");
    let data = decode(&value);
    assert_eq!(validate(&value), Ok(()));
    assert_eq!(data.com_redhat_reason, BlkdebugEvent::L1GrowAllocTable);
    assert_eq!(data.event, Some(KeyCode::V144));
    assert!(matches!(data.key, KeyValue::Number(ref wrapper) if wrapper.data == 3));
    let pci = data.pci.expect("pci");
    assert_eq!((pci.class_info.class, pci.class_info.desc), (3, None));
    assert_eq!((pci.id.device, pci.id.vendor), (4, 5));
    assert_eq!(data.value, StrOrNull::N);
}

#[test]
fn each_alternative_and_branch_is_chosen_by_its_json() {
    let data = decode(&message(json!({
        "__com.redhat_reason": "l1_update",
        "key": {"type": "qcode", "data": "1"},
        "value": "a string"
    })));
    assert!(matches!(data.key, KeyValue::Qcode(ref wrapper) if wrapper.data == KeyCode::V1));
    assert_eq!(data.value, StrOrNull::S("a string".to_owned()));
}

#[test]
fn what_a_newer_qemu_sends_is_kept_and_reported() {
    let value = message(json!({
        "__com.redhat_reason": "l2_new.value",
        "key": {"type": "keysym", "data": 65},
        "pci": {"bus": 0, "class_info": {"class": 3, "new": true},
                "id": {"device": 4, "vendor": 5}},
        "value": 7
    }));
    let data = decode(&value);
    assert_eq!(
        data.com_redhat_reason,
        BlkdebugEvent::Other("l2_new.value".to_owned())
    );
    assert_eq!(data.value, StrOrNull::Other(json!(7)));
    let pointers: Vec<String> = validate(&value)
        .expect_err("newer values")
        .into_iter()
        .map(|violation| violation.pointer)
        .collect();
    assert_eq!(
        pointers,
        [
            "/data/__com.redhat_reason",
            "/data/key/type",
            // An unknown branch's members are unknown too.
            "/data/key/data",
            "/data/pci/class_info/new",
            "/data/value"
        ]
    );
}
