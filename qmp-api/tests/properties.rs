//! Property tests of the generated bindings, on messages generated from the schema
//! itself: the strategies walk qmp-schema's model of QEMU 10.0.2's QAPI schema
//! (`events-spec/qapi/qemu-10.0.2/`), so every event, member, named type, union branch,
//! enumeration and optional member is covered, and so is any event a future schema adds.
//!
//! 256 cases each by default; `PROPTEST_CASES=10000 cargo test -p qmp-api --test
//! properties` searches harder.

#[path = "properties/message.rs"]
mod message;
#[path = "properties/mutation.rs"]
mod mutation;

use message::{Node, any_json, any_message, int, string};
use mutation::{Ingredients, add_noise, apply, mutations};
use proptest::prelude::*;
use proptest::sample::Index;
use qmp_api::{Event, EventMessage};
use qmp_schema::{Data, Document, Schema};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::LazyLock;

/// The model of the schema the bindings were generated from.
static SCHEMA: LazyLock<Schema> = LazyLock::new(|| {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../events-spec/qapi/qemu-10.0.2/qapi-schema.json"
    );
    let document = Document::read(path);
    assert!(
        !document.report.has_errors(),
        "{}",
        document.report.render(false)
    );
    document.schema
});

/// A valid message of any event of the schema, with the event's name.
fn messages() -> BoxedStrategy<(String, Node)> {
    any_message(&SCHEMA)
}

fn ingredients() -> impl Strategy<Value = Ingredients> {
    (string(), any_json(), string(), any::<u8>(), any::<Index>()).prop_map(
        |(extra_name, extra_value, outside, wrong_type, position)| Ingredients {
            extra_name,
            extra_value,
            outside,
            wrong_type,
            position,
        },
    )
}

/// Decodes a line, requiring the variant of `name` and an exact round trip.
fn decode_as(name: &str, text: &str) -> Result<EventMessage, TestCaseError> {
    let message: EventMessage = serde_json::from_str(text)
        .map_err(|error| TestCaseError::fail(format!("{error}: {text}")))?;
    prop_assert_eq!(message.event.name(), name);
    prop_assert!(
        !matches!(message.event, Event::Unknown { .. }),
        "{} decoded as Unknown",
        name
    );
    let value: Value = serde_json::from_str(text).expect("generated text is JSON");
    let encoded = serde_json::to_value(&message).expect("a decoded message encodes");
    prop_assert_eq!(encoded, value, "{}", text);
    Ok(message)
}

/// The pointers of `validate`'s violations, sorted.
fn violation_pointers(value: &Value) -> Vec<String> {
    let mut pointers: Vec<String> = match qmp_api::validate(value) {
        Ok(()) => Vec::new(),
        Err(violations) => violations.into_iter().map(|v| v.pointer).collect(),
    };
    pointers.sort();
    pointers
}

proptest! {
    #[test]
    fn valid_messages_decode_into_their_variant_round_trip_and_validate(
        case in messages(),
    ) {
        let (name, message) = case;
        let text = message.text();
        decode_as(&name, &text)?;
        let value: Value = serde_json::from_str(&text).expect("generated text is JSON");
        prop_assert_eq!(qmp_api::validate(&value), Ok(()), "{}", text);
    }

    #[test]
    fn undescribed_members_and_unknown_enum_values_are_kept_and_each_reported(
        case in messages(),
        unknown_values in prop::collection::vec((any::<Index>(), string()), 0..3),
        extras in prop::collection::vec(
            (any::<Index>(), string(), any_json(), any::<Index>()),
            0..4,
        ),
    ) {
        let (name, mut message) = case;
        let expected: Vec<String> =
            add_noise(&mut message, &unknown_values, &extras).into_iter().collect();
        let text = message.text();
        decode_as(&name, &text)?;
        let value: Value = serde_json::from_str(&text).expect("generated text is JSON");
        prop_assert_eq!(violation_pointers(&value), expected, "{}", text);
    }

    #[test]
    fn a_message_mutated_in_one_place_is_rejected_with_that_place(
        case in messages(),
        ingredients in ingredients(),
        choice in any::<Index>(),
    ) {
        let (_, message) = case;
        let candidates = mutations(&message, &ingredients);
        let (mutation, pointer) = &candidates[choice.index(candidates.len())];
        let mut mutated = message.clone();
        apply(&mut mutated, mutation, ingredients.position);
        let text = mutated.text();
        let value: Value = serde_json::from_str(&text).expect("generated text is JSON");
        let violations = qmp_api::validate(&value).err().unwrap_or_default();
        prop_assert_eq!(violations.len(), 1, "{:?} gave {:?}: {}", mutation, violations, text);
        prop_assert_eq!(&violations[0].pointer, pointer, "{:?}: {}", mutation, text);
    }

    #[test]
    fn typed_values_encode_to_what_validate_accepts_and_decode_back_equal(
        case in messages(),
    ) {
        let (name, message) = case;
        let typed = decode_as(&name, &message.text())?;
        let value = serde_json::to_value(&typed).expect("a typed message encodes");
        prop_assert_eq!(qmp_api::validate(&value), Ok(()));
        let again = EventMessage::deserialize(&value)
            .map_err(|error| TestCaseError::fail(format!("{error}: {value}")))?;
        prop_assert_eq!(again, typed);
    }

    #[test]
    fn typed_values_with_undescribed_members_decode_back_equal(
        case in messages(),
        unknown_values in prop::collection::vec((any::<Index>(), string()), 0..3),
        extras in prop::collection::vec(
            (any::<Index>(), string(), any_json(), any::<Index>()),
            0..4,
        ),
    ) {
        let (name, mut message) = case;
        add_noise(&mut message, &unknown_values, &extras);
        let typed = decode_as(&name, &message.text())?;
        let value = serde_json::to_value(&typed).expect("a typed message encodes");
        let again = EventMessage::deserialize(&value)
            .map_err(|error| TestCaseError::fail(format!("{error}: {value}")))?;
        prop_assert_eq!(again, typed);
    }

    #[test]
    fn unknown_events_are_kept_whole_and_reported(
        name in "[A-Z][A-Z0-9_]{0,24}",
        data in proptest::option::of(any_json()),
        (seconds, microseconds) in (int(), int()),
        data_first in any::<bool>(),
    ) {
        prop_assume!(!qmp_api::EVENT_NAMES.contains(&name.as_str()));
        let timestamp = json!({"seconds": seconds, "microseconds": microseconds});
        let event = serde_json::to_string(&name).expect("a string encodes");
        let text = match (&data, data_first) {
            (Some(data), true) => format!(r#"{{"data": {data}, "timestamp": {timestamp}, "event": {event}}}"#),
            (Some(data), false) => format!(r#"{{"event": {event}, "data": {data}, "timestamp": {timestamp}}}"#),
            (None, _) => format!(r#"{{"timestamp": {timestamp}, "event": {event}}}"#),
        };
        let message: EventMessage = serde_json::from_str(&text)
            .map_err(|error| TestCaseError::fail(format!("{error}: {text}")))?;
        let value: Value = serde_json::from_str(&text).expect("generated text is JSON");
        // Compared with the data as read back from the text: serde_json's float parsing
        // may differ from the generated f64 in the last bit.
        let data = value.get("data").cloned();
        prop_assert_eq!(&message.event, &Event::Unknown { name, data });
        prop_assert_eq!(serde_json::to_value(&message).expect("encodes"), value.clone());
        prop_assert_eq!(violation_pointers(&value), ["/event"]);
    }

    #[test]
    fn data_on_a_data_less_event_is_kept_and_reported(
        choice in any::<Index>(),
        data in prop::collection::btree_map(string(), any_json(), 0..4),
        (seconds, microseconds) in (int(), int()),
    ) {
        let data_less: Vec<&str> = SCHEMA
            .events()
            .filter(|(_, section)| matches!(section.data, Data::None))
            .map(|(name, _)| name.name.as_str())
            .collect();
        let name = data_less[choice.index(data_less.len())];
        let line = json!({
            "event": name,
            "data": data,
            "timestamp": {"seconds": seconds, "microseconds": microseconds},
        });
        let text = line.to_string();
        decode_as(name, &text)?;
        prop_assert_eq!(violation_pointers(&line), ["/data"]);
    }
}

#[test]
fn the_strategies_cover_every_event_of_the_schema() {
    // The strategies come from the same schema as the bindings: the same events.
    let names: Vec<&str> = SCHEMA.events().map(|(n, _)| n.name.as_str()).collect();
    assert_eq!(names, qmp_api::EVENT_NAMES);
}
