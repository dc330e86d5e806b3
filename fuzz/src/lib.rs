//! What the fuzz targets check, kept apart from the libFuzzer harness so that it can be
//! read on its own. A fuzz binary replays saved inputs given as arguments
//! (`fuzz/target/x86_64-unknown-linux-gnu/release/document crash-...`).
//!
//! Each function panics when its property fails: libFuzzer records a panic as a crash
//! and saves the input.

use qmp_api::{CommandMessage, EventMessage};
use qmp_runtime::{Command, CommandVisitor, Response};
use qmp_schema::{Document, MemoryFiles, codegen, diff, doc_page};
use serde::Deserialize;
use serde_json::Value;

/// The document path: bytes → parse and check → (without errors) generate, format, and
/// parse the result with syn, both as written to a file and as tokens.
///
/// The bytes are an event document or a QAPI schema (told from the content, as
/// everywhere). Two NUL bytes split them into a QAPI root and a file it may include as
/// `inc.json`; all files are held in memory, so no input reaches the disk.
///
/// Any input gives either diagnostics or code that parses; none panics. Diagnostics must
/// render, and a document must compare equal to itself.
pub fn document(bytes: &[u8]) {
    let (root, included) = match bytes.windows(2).position(|pair| pair == [0, 0]) {
        Some(split) => (&bytes[..split], &bytes[split + 2..]),
        None => (bytes, &[][..]),
    };
    let files = MemoryFiles::new()
        .with("fuzz.txt", root)
        .with("inc.json", included);
    let document = Document::from_loader("fuzz.txt", None, &files);
    // Rendering slices the source at every span: it must not panic either.
    let _rendered = document.report.render(false);
    if document.report.has_errors() {
        return;
    }
    // What build.rs and `qmp-codegen generate` write...
    let code = codegen::generate_file(&document.schema, "fuzz.txt");
    if let Err(error) = syn::parse_file(&code) {
        panic!("generated code does not parse: {error}\n{code}");
    }
    // ...and what the derive hands to the compiler, unformatted.
    if let Err(error) = syn::parse2::<syn::File>(codegen::generate(&document.schema)) {
        panic!("generated tokens do not parse: {error}");
    }
    let changes = diff::diff(&document.schema, &document.schema);
    assert!(
        changes.is_empty(),
        "a document differs from itself: {changes:?}"
    );
    let _page = doc_page::page(&document.schema, "fuzz.txt");
}

/// The wire path: bytes as one event line → typed decoding, `validate`, and the
/// properties that tie them together:
///
/// - whatever decodes encodes back to the line's JSON value (nothing lost);
/// - decoding from the parsed `Value` agrees with decoding from the bytes;
/// - whatever `validate` accepts decodes, into a documented event (strict accepts ⊆
///   lenient accepts).
///
/// The same bytes are then read as a command message (`{"execute": ...}`) and as the
/// answer to one command of the bindings, with the same properties for
/// `validate_command` and `validate_return`. The command is the one the answer's `id`
/// names when it is a command's name (the seeds' answers carry theirs), else the one
/// the first byte picks.
pub fn wire(bytes: &[u8]) {
    event_line(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    command_line(text);
    let named = serde_json::from_str::<Value>(text).ok().and_then(|value| {
        let id = value.get("id")?.as_str()?.to_owned();
        qmp_api::COMMAND_NAMES.iter().position(|name| *name == id)
    });
    let chosen = named.unwrap_or_else(|| {
        bytes.first().map_or(0, |&b| usize::from(b)) % qmp_api::COMMAND_NAMES.len()
    });
    qmp_api::for_each_command(&mut AnswerTo {
        text,
        chosen,
        index: 0,
    });
}

/// Commands: what decodes encodes back to the line's value; what `validate_command`
/// accepts decodes into a command of the schema.
fn command_line(text: &str) {
    let value = serde_json::from_str::<Value>(text);
    let decoded = CommandMessage::from_json(text);
    if let Ok(message) = &decoded {
        let Ok(value) = &value else {
            panic!("text that is not JSON decodes as a command: {message:?}");
        };
        let encoded: Value = serde_json::from_str(&message.to_json()).expect("JSON");
        assert_eq!(
            encoded, *value,
            "command decoding lost or changed something"
        );
    }
    if let Ok(value) = &value {
        if qmp_api::validate_command(value).is_ok() {
            // From the parsed `Value`, as for events: bytes with a member given twice
            // fail to decode, while `Value` keeps the last one.
            let decoded = CommandMessage::from_json(&value.to_string());
            match &decoded {
                Ok(message) => assert!(
                    !matches!(message.command, qmp_api::AnyCommand::Unknown { .. }),
                    "validate_command accepted an unknown command: {message:?}"
                ),
                Err(error) => panic!("validate_command accepted what does not decode: {error}"),
            }
        }
    }
}

/// Reads the text as the answer to the `chosen`-th command of the bindings.
struct AnswerTo<'a> {
    text: &'a str,
    chosen: usize,
    index: usize,
}

impl CommandVisitor for AnswerTo<'_> {
    fn visit<C: Command>(&mut self) {
        self.index += 1;
        if self.index - 1 != self.chosen {
            return;
        }
        let value = serde_json::from_str::<Value>(self.text).ok();
        let returned = value.as_ref().and_then(|value| value.get("return"));
        match qmp_runtime::read_response::<C::Returns>(self.text, C::NAME) {
            Ok((Response::Return(typed), _)) => {
                let Some(returned) = returned else {
                    panic!("{}: a return decoded from {:?}", C::NAME, self.text);
                };
                assert_eq!(
                    &qmp_runtime::to_value(&typed),
                    returned,
                    "{}: the return did not encode back",
                    C::NAME
                );
            }
            Ok((Response::Error(_), _)) => {}
            Err(error) => {
                // A return validate_return accepts decodes (strict ⊆ lenient), unless
                // the answer around it is not one (a member given twice, say).
                if let Some(returned) = returned {
                    let answer_ok = value
                        .as_ref()
                        .and_then(Value::as_object)
                        .is_some_and(|answer| answer.keys().all(|k| k == "return" || k == "id"));
                    if answer_ok
                        && qmp_api::validate_return(C::NAME, returned).is_ok()
                        && qmp_runtime::from_value::<C::Returns>(returned.clone()).is_err()
                    {
                        panic!(
                            "{}: validate_return accepted what does not decode: {error}",
                            C::NAME
                        );
                    }
                }
            }
        }
    }
}

/// Events: see [`wire`].
fn event_line(bytes: &[u8]) {
    let value = serde_json::from_slice::<Value>(bytes);
    let decoded = serde_json::from_slice::<EventMessage>(bytes);
    if let Ok(message) = &decoded {
        let Ok(value) = &value else {
            panic!("bytes that are not JSON decode: {message:?}");
        };
        let encoded = match serde_json::to_value(message) {
            Ok(encoded) => encoded,
            Err(error) => panic!("a decoded message does not encode: {error}"),
        };
        assert_eq!(encoded, *value, "decoding lost or changed something");
    }
    let Ok(value) = value else {
        return;
    };
    let from_value = EventMessage::deserialize(&value);
    // Bytes with a member given twice fail to decode, while `Value` keeps the last one;
    // otherwise the two ways must agree.
    if let (Ok(from_bytes), Ok(from_value)) = (&decoded, &from_value) {
        assert_eq!(from_bytes, from_value, "bytes and Value decode differently");
    }
    if qmp_api::validate(&value).is_ok() {
        match from_value {
            Ok(message) => assert!(
                !matches!(message.event, qmp_api::Event::Unknown { .. }),
                "validate accepted an unknown event: {message:?}"
            ),
            Err(error) => panic!("validate accepted a message that does not decode: {error}"),
        }
    }
}
