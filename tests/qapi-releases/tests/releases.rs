//! The bindings of every QEMU release's QAPI schema against that schema's own event and
//! command examples. `.ci/qapi-releases` writes `src/`: a module per release and the
//! `releases!` macro that names them.

macro_rules! test_releases {
    ($($release:ident)*) => {
        $(
            mod $release {
                use qapi_releases::$release as qapi;
                use serde_json::Value;

                /// The examples `validate` accepts, decoded: at least one per release.
                fn valid_examples() -> Vec<(&'static str, &'static str, Value)> {
                    let valid: Vec<_> = qapi::EXAMPLES
                        .iter()
                        .map(|(event, text)| {
                            let value = serde_json::from_str(text)
                                .unwrap_or_else(|error| panic!("{event}: {error}: {text}"));
                            (*event, *text, value)
                        })
                        .filter(|(_, _, value)| qapi::validate(value).is_ok())
                        .collect();
                    assert!(!valid.is_empty(), "no example of {} validates", stringify!($release));
                    valid
                }

                /// An example `validate` accepts decodes to its own typed variant and
                /// encodes back to its JSON exactly.
                #[test]
                fn valid_examples_decode_to_their_variant_and_round_trip() {
                    for (event, text, value) in valid_examples() {
                        let message = qapi::EventMessage::from_json(text)
                            .unwrap_or_else(|error| panic!("{event}: {error}: {text}"));
                        assert!(
                            !matches!(message.event, qapi::Event::Unknown { .. }),
                            "{event} decoded as Unknown: {text}"
                        );
                        assert_eq!(message.event.name(), event, "{text}");
                        let back: Value = serde_json::from_str(&message.to_json()).expect("JSON");
                        assert_eq!(back, value, "{text}");
                    }
                }

                /// A member a newer QEMU adds to an event's data is kept through decoding
                /// and encoding, and `validate` names it.
                #[test]
                fn a_newer_member_is_kept_and_reported() {
                    for (event, _, mut value) in valid_examples() {
                        let Some(Value::Object(data)) = value.get_mut("data") else {
                            continue;
                        };
                        data.insert("x-newer-member".into(), Value::from(1));
                        let text = value.to_string();
                        let message = qapi::EventMessage::from_json(&text)
                            .unwrap_or_else(|error| panic!("{event}: {error}: {text}"));
                        assert_eq!(message.event.name(), event, "{text}");
                        let back: Value = serde_json::from_str(&message.to_json()).expect("JSON");
                        assert_eq!(back, value, "{text}");
                        let violations = qapi::validate(&value).expect_err("an unknown member");
                        assert!(
                            violations.iter().any(|v| v.pointer == "/data/x-newer-member"),
                            "{violations:?}"
                        );
                    }
                }

                /// A command example `validate_command` accepts decodes to its own typed
                /// command and encodes back exactly.
                #[test]
                fn valid_command_examples_decode_and_round_trip() {
                    let mut checked = 0;
                    for (command, request, _) in qapi::COMMAND_EXAMPLES {
                        let value: Value = serde_json::from_str(request)
                            .unwrap_or_else(|error| panic!("{command}: {error}: {request}"));
                        if qapi::validate_command(&value).is_err() {
                            continue;
                        }
                        let message = qapi::CommandMessage::from_json(request)
                            .unwrap_or_else(|error| panic!("{command}: {error}: {request}"));
                        assert_eq!(message.command.name(), *command, "{request}");
                        assert!(
                            !matches!(message.command, qapi::AnyCommand::Unknown { .. }),
                            "{request}"
                        );
                        let back: Value = serde_json::from_str(&message.to_json()).expect("JSON");
                        assert_eq!(back, value, "{request}");
                        checked += 1;
                    }
                    assert!(
                        qapi::COMMAND_EXAMPLES.is_empty() || checked > 0,
                        "no command example of {} validates",
                        stringify!($release)
                    );
                }

                /// Every event of the schema has its variant; an event the schema does
                /// not have is kept as `Event::Unknown`.
                #[test]
                fn every_event_has_its_variant_and_others_are_kept() {
                    assert!(!qapi::EVENT_NAMES.is_empty());
                    for name in qapi::EVENT_NAMES.iter().chain(&["X_NEWER_EVENT"]) {
                        let line = format!(
                            r#"{{"event": "{name}", "timestamp": {{"seconds": 1, "microseconds": 2}}}}"#
                        );
                        // Decoding may fail for want of data; an unknown event never does,
                        // so an error proves the name was recognised.
                        match qapi::EventMessage::from_json(&line) {
                            Ok(message) => {
                                assert_eq!(message.event.name(), *name);
                                assert_eq!(
                                    matches!(message.event, qapi::Event::Unknown { .. }),
                                    *name == "X_NEWER_EVENT",
                                    "{name}"
                                );
                            }
                            Err(error) => assert!(error.to_string().contains(name), "{error}"),
                        }
                    }
                }
            }
        )*
    };
}

qapi_releases::releases!(test_releases);
