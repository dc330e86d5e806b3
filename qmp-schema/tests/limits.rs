//! Hostile documents: each is read (and, without errors, generated) in bounded time and
//! memory, and what cannot be used gets a clear error. docs/README-reliability.md lists
//! these limits.
//!
//! Each test runs its work on a thread and waits for it with a generous deadline, so a
//! hang fails the test with a message instead of stalling CI; how fast things are is
//! measured by the benchmarks (qmp-bench), not here.

use qmp_schema::{Document, MemoryFiles, Severity, SourceFile, codegen};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Far more than any of these needs, even in a debug build on a busy machine: only a
/// hang or a blow-up gets near it.
const DEADLINE: Duration = Duration::from_secs(120);

/// Runs `work` on a thread of its own, with the default 2 MiB stack of spawned threads,
/// and returns its result; fails if it does not finish by the deadline.
fn finishes<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = mpsc::channel();
    thread::Builder::new()
        .name(what.to_owned())
        .spawn(move || {
            // The receiver only goes away when the test has already failed.
            let _ = sender.send(work());
        })
        .expect("a thread starts");
    match receiver.recv_timeout(DEADLINE) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: not finished after {DEADLINE:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: the work panicked"),
    }
}

/// The messages of the document's errors.
fn errors(document: &Document) -> Vec<String> {
    document
        .report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}:{}: {}", d.span.line, d.span.column, d.message))
        .collect()
}

const MEGABYTE: usize = 1 << 20;

#[test]
fn a_one_megabyte_single_line_document_is_rejected_as_having_no_sections() {
    // Shapes that exercise different rules: prose, a field item that never ends, an
    // annotation that never closes, quotes, and a line of braces (an example's start).
    let shapes = [
        "word ",
        "- \"a\": description ",
        "(json-string, \"a\" or ",
        "\"",
        "{ ",
    ];
    for shape in shapes {
        let text = shape.repeat(MEGABYTE / shape.len());
        // Read as the event document: a line of braces would otherwise be a QAPI schema.
        let document = finishes(shape, move || {
            Document::from_source(SourceFile::new("big.txt", &text))
        });
        assert_eq!(
            errors(&document),
            ["1:1: the document has no sections: no heading underlined with '-' was found"],
            "{shape:?}"
        );
    }
}

#[test]
fn a_one_megabyte_event_name_is_read_as_a_heading_without_underline() {
    let name = "A".repeat(MEGABYTE);
    let document = finishes("name", move || Document::from_text("big.txt", &name));
    let errors = errors(&document);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("1:1: '")
            && errors[0].ends_with("' looks like a section heading, but has no '-' underline"),
        "{}",
        &errors[0][..200]
    );
}

#[test]
fn a_one_megabyte_line_of_description_generates() {
    let description = "word ".repeat(MEGABYTE / 5);
    let text =
        format!("STOP\n----\n\n{description}\n\nData:\n\n- \"a\": {description}(json-string)\n");
    let code = finishes("generate", move || {
        let document = Document::from_text("big.txt", &text);
        assert_eq!(errors(&document), Vec::<String>::new());
        codegen::generate_file(&document.schema, "big.txt")
    });
    assert!(code.contains("pub struct Stop"));
}

#[test]
fn ten_thousand_levels_of_nested_fields_are_an_error_at_the_limit() {
    // Each level must be indented further than the one above it, so depth costs
    // indentation: tabs (eight columns each) keep 10,000 levels to 6 MB.
    let mut text = String::from("STOP\n----\n\nData:\n\n");
    for level in 0..10_000 {
        text.push_str(&"\t".repeat(level / 8));
        text.push_str(&" ".repeat(level % 8));
        text.push_str(&format!("- \"m{level}\": member (json-object)\n"));
    }
    let document = finishes("nesting", move || Document::from_text("deep.txt", &text));
    assert_eq!(
        errors(&document),
        ["38:33: field 'm32' is nested more than 32 levels deep"]
    );
}

/// A document of `count` events, each with two fields, one of them an enumeration.
fn events(count: usize) -> String {
    let mut text = String::from("Events\n======\n\n");
    for index in 0..count {
        text.push_str(&format!(
            "EVENT_{index}\n-----\n\nEmitted now and then.\n\nData:\n\n\
             - \"device\": the device (json-string)\n\
             - \"action\": what happened (json-string, \"stop\" or \"report\")\n\n"
        ));
    }
    text
}

#[test]
fn a_hundred_thousand_events_are_read_and_rejected_as_too_many() {
    let text = events(100_000);
    let document = finishes("events", move || Document::from_text("many.txt", &text));
    assert_eq!(document.schema.sections.len(), 100_000);
    assert_eq!(
        errors(&document),
        [
            "10004:1: the document describes 100000 events; bindings can be generated for at most 1000 (QEMU's own documents describe fewer than 100)"
        ]
    );
}

#[test]
fn a_thousand_events_are_generated() {
    let text = events(qmp_schema::check::MAX_EVENTS);
    let code = finishes("events", move || {
        let document = Document::from_text("many.txt", &text);
        assert_eq!(errors(&document), Vec::<String>::new());
        codegen::format_tokens(&codegen::generate(&document.schema))
    });
    assert!(code.contains("Event999(Event999)"), "{}", &code[..200]);
}

#[test]
fn invalid_utf8_is_an_error_at_the_bad_byte() {
    let mut bytes = b"STOP\n----\n\nEmitted when the VM stops: ".to_vec();
    bytes.extend([0xC3, 0x28]);
    bytes.extend(b"\n\nData: None.\n");
    let document = Document::from_bytes("bad.txt", &bytes);
    assert_eq!(
        errors(&document),
        ["4:28: the document is not valid UTF-8 (byte 0xC3 at offset 38); is it a binary file?"]
    );
}

#[test]
fn a_nul_byte_is_an_error_at_its_place() {
    let document = Document::from_bytes("nul.txt", b"STOP\n----\n\nData: None.\0\n");
    assert_eq!(
        errors(&document),
        ["4:12: the document contains a NUL byte; is it a binary file?"]
    );
}

/// Reads a QAPI schema held in memory: the root and the files it includes.
fn qapi(files: Vec<(String, String)>) -> Document {
    let root = files
        .first()
        .map(|(path, _)| path.clone())
        .unwrap_or_default();
    let memory = files
        .into_iter()
        .fold(MemoryFiles::new(), |memory, (path, text)| {
            memory.with(path, text)
        });
    Document::from_loader(root, None, &memory)
}

#[test]
fn a_one_megabyte_line_of_brackets_in_a_qapi_schema_is_an_error_at_the_nesting_limit() {
    for shape in ["{ 'a': ", "[ ", "{ 'a': [ "] {
        let text = format!(
            "{{ 'event': 'E', 'data': {}",
            shape.repeat(MEGABYTE / shape.len())
        );
        let document = finishes(shape, move || qapi(vec![("q.json".into(), text)]));
        assert_eq!(
            errors(&document)
                .first()
                .map(|e| e.split_once(": ").map(|(_, m)| m.to_owned())),
            Some(Some("values nest more than 32 levels deep".to_owned())),
            "{shape:?}"
        );
    }
}

#[test]
fn a_chain_of_two_thousand_includes_stops_at_the_nesting_limit() {
    let files: Vec<(String, String)> = (0..2_000)
        .map(|n| {
            let next = n + 1;
            let text = format!("{{ 'include': 'f{next}.json' }}\n{{ 'event': 'E{n}' }}\n");
            (format!("f{n}.json"), text)
        })
        .collect();
    let document = finishes("include chain", move || qapi(files));
    assert_eq!(document.report.sources.len(), 33);
    let errors = errors(&document);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].ends_with("includes nest more than 32 files deep; f33.json is not read"),
        "{errors:?}"
    );
    assert_eq!(document.schema.event_count(), 33);
}

#[test]
fn a_root_including_two_thousand_files_stops_at_a_thousand() {
    let mut files: Vec<(String, String)> = vec![(
        "root.json".to_owned(),
        (0..2_000)
            .map(|n| format!("{{ 'include': 'f{n}.json' }}\n"))
            .collect(),
    )];
    files.extend((0..2_000).map(|n| (format!("f{n}.json"), format!("{{ 'event': 'E{n}' }}\n"))));
    let document = finishes("many includes", move || qapi(files));
    assert_eq!(document.report.sources.len(), 1_000);
    let errors = errors(&document);
    assert_eq!(errors.len(), 1_001, "one per file not read");
    assert!(
        errors[0].ends_with("the schema includes more than 1000 files; f999.json is not read"),
        "{errors:?}"
    );
    assert_eq!(document.schema.event_count(), 999);
}

#[test]
fn a_qapi_schema_of_a_hundred_thousand_events_is_read_and_rejected_as_too_many() {
    let text: String = (0..100_000)
        .map(|n| format!("##\n# @E{n}:\n#\n# Event {n}.\n##\n{{ 'event': 'E{n}', 'data': {{ 'a': 'int' }} }}\n"))
        .collect();
    let document = finishes("qapi events", move || qapi(vec![("q.json".into(), text)]));
    assert_eq!(document.schema.event_count(), 100_000);
    let errors = errors(&document);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("the document describes 100000 events"),
        "{errors:?}"
    );
}

#[test]
fn a_file_included_twice_is_read_once_and_a_loop_of_includes_ends() {
    let files = vec![
        (
            "a.json".to_owned(),
            "{ 'include': 'b.json' }\n{ 'include': 'b.json' }\n{ 'event': 'A' }\n".to_owned(),
        ),
        (
            "b.json".to_owned(),
            "{ 'include': 'a.json' }\n{ 'event': 'B' }\n".to_owned(),
        ),
    ];
    let document = finishes("cycle", move || qapi(files));
    // QEMU refuses the loop: one error, at the include that closes it.
    let errors = errors(&document);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("makes a loop of includes"), "{errors:?}");
    assert_eq!(document.report.sources.len(), 2);
    assert_eq!(document.schema.event_count(), 2);
}
