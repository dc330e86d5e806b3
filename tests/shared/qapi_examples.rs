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

/// Decodes a command's example return as `C::Returns` when the example is of `C`.
struct ExampleReturn<'a> {
    command: &'a str,
    value: &'a serde_json::Value,
    outcome: Option<Result<(), String>>,
}

impl qmp_runtime::CommandVisitor for ExampleReturn<'_> {
    fn visit<C: qmp_runtime::Command>(&mut self) {
        if C::NAME != self.command {
            return;
        }
        self.outcome = Some(
            qmp_runtime::from_value::<C::Returns>(self.value.clone())
                .map_err(|error| error.to_string())
                .and_then(|typed| {
                    let back = qmp_runtime::to_value(&typed);
                    if &back == self.value {
                        Ok(())
                    } else {
                        Err(format!("encodes back as {back}"))
                    }
                }),
        );
    }
}

/// Every command example that is whole JSON and that `validate_command` accepts decodes
/// to its own typed command and encodes back exactly; every example return that
/// `validate_return` accepts decodes as its command's `Returns` and encodes back exactly.
/// The examples the validators refuse are those `qmp-codegen check` warns about.
#[test]
fn the_schemas_command_examples_decode_round_trip_and_validate() {
    assert!(!qapi::COMMAND_EXAMPLES.is_empty());
    let (mut commands, mut returns) = (0, 0);
    for (command, request, answer) in qapi::COMMAND_EXAMPLES {
        let value: serde_json::Value = serde_json::from_str(request).expect("examples are JSON");
        if qapi::validate_command(&value).is_ok() {
            let message = qapi::CommandMessage::from_json(request)
                .unwrap_or_else(|error| panic!("{command}: {error}: {request}"));
            assert_eq!(message.command.name(), *command, "{request}");
            assert!(
                !matches!(message.command, qapi::AnyCommand::Unknown { .. }),
                "{request}"
            );
            let back: serde_json::Value = serde_json::from_str(&message.to_json()).expect("JSON");
            assert_eq!(back, value, "{request}");
            commands += 1;
        }
        let Ok(serde_json::Value::Object(answer)) = serde_json::from_str(answer) else {
            continue;
        };
        let Some(returned) = answer.get("return") else {
            continue;
        };
        if qapi::validate_return(command, returned).is_ok() {
            let mut visitor = ExampleReturn {
                command,
                value: returned,
                outcome: None,
            };
            qapi::for_each_command(&mut visitor);
            match visitor.outcome {
                Some(Ok(())) => returns += 1,
                Some(Err(error)) => panic!("the return of {command}: {error}: {returned}"),
                None => panic!("{command} is not among the bindings' commands"),
            }
        }
    }
    eprintln!(
        "{commands} of {} command examples and {returns} returns fit",
        qapi::COMMAND_EXAMPLES.len()
    );
    // Most of QEMU's examples fit: of 10.0.2's 205 whole-JSON command examples 203 do
    // and 192 returns; of 7.2.22's 190, 189 and 173 returns.
    assert!(commands * 2 > qapi::COMMAND_EXAMPLES.len(), "{commands} commands fit");
    assert!(returns > 20, "{returns} returns fit");
}
