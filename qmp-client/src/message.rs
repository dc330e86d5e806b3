//! Sorts an incoming QMP line into greeting, command response or event.

use qmp_runtime::{ErrorClass, QmpError};
use serde_json::{Map, Value};

use crate::error::Error;
use crate::raw_event::RawEvent;

/// One message from the server, after parsing its line.
#[derive(Debug)]
pub(crate) enum Message {
    /// `{"QMP": {...}}`, sent once on connect.
    Greeting(Value),
    /// `{"return": ...}` or `{"error": ...}`, with the `"id"` we sent, if any, and the
    /// line (a typed command decodes its return from it).
    Response {
        id: Option<Value>,
        outcome: Result<Value, QmpError>,
        line: String,
    },
    /// `{"event": ...}`.
    Event(RawEvent),
}

/// Parses one line; anything that is not a JSON object of a known kind is a
/// protocol error, which callers report without dropping the connection.
pub(crate) fn parse_message(line: String) -> Result<Message, Error> {
    let value: Value = serde_json::from_str(&line)
        .map_err(|err| Error::Protocol(format!("line is not JSON ({err}): {line}")))?;
    let Value::Object(mut members) = value else {
        return Err(Error::Protocol(format!(
            "line is not a JSON object: {line}"
        )));
    };
    if let Some(Value::String(name)) = members.get("event") {
        let name = name.clone();
        return Ok(Message::Event(RawEvent {
            name,
            message: Value::Object(members),
            line,
        }));
    }
    if let Some(ret) = members.remove("return") {
        let id = members.remove("id");
        return Ok(Message::Response {
            id,
            outcome: Ok(ret),
            line,
        });
    }
    if let Some(error) = members.remove("error") {
        let id = members.remove("id");
        return Ok(Message::Response {
            id,
            outcome: Err(parse_error_body(error)),
            line,
        });
    }
    if members.contains_key("QMP") {
        return Ok(Message::Greeting(Value::Object(members)));
    }
    Err(Error::Protocol(format!("message of no known kind: {line}")))
}

/// QEMU always sends both members; a missing one is filled with a marker
/// rather than hiding the whole error from the caller.
fn parse_error_body(error: Value) -> QmpError {
    let mut members = match error {
        Value::Object(members) => members,
        _ => Map::new(),
    };
    let mut member = |name: &str| match members.remove(name) {
        Some(Value::String(text)) => text,
        _ => format!("<no {name}>"),
    };
    let class = ErrorClass::from(member("class").as_str());
    let desc = member("desc");
    QmpError {
        class,
        desc,
        unknown_fields: members,
    }
}

/// Builds `{"execute": command, "arguments": arguments, "id": id}` as one line.
pub(crate) fn command_line(command: &str, arguments: Option<Value>, id: u64) -> String {
    let mut members = Map::new();
    members.insert("execute".to_owned(), Value::String(command.to_owned()));
    if let Some(arguments) = arguments {
        members.insert("arguments".to_owned(), arguments);
    }
    members.insert("id".to_owned(), Value::from(id));
    let mut line = Value::Object(members).to_string();
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn event_keeps_its_line_and_name() {
        let line = r#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}}"#;
        match parse_message(line.to_owned()) {
            Ok(Message::Event(event)) => {
                assert_eq!(event.name, "STOP");
                assert_eq!(event.line, line);
            }
            other => panic!("expected an event, got {other:?}"),
        }
    }

    #[test]
    fn error_response_carries_class_desc_and_id() {
        let line = r#"{"id": 7, "error": {"class": "GenericError", "desc": "no"}}"#;
        match parse_message(line.to_owned()) {
            Ok(Message::Response {
                id,
                outcome: Err(error),
                ..
            }) => {
                assert_eq!(id, Some(json!(7)));
                assert_eq!(error.class, ErrorClass::GenericError);
                assert_eq!(error.desc, "no");
            }
            other => panic!("expected an error response, got {other:?}"),
        }
    }

    #[test]
    fn non_object_lines_are_protocol_errors() {
        for line in ["[1, 2]", "not json", r#"{"neither": 1}"#] {
            assert!(
                matches!(parse_message(line.to_owned()), Err(Error::Protocol(_))),
                "{line}"
            );
        }
    }

    #[test]
    fn command_line_omits_absent_arguments() {
        let line = command_line("stop", None, 3);
        assert_eq!(line, "{\"execute\":\"stop\",\"id\":3}\r\n");
    }
}
