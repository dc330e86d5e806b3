//! `qmp-codegen doc`: the page parses as HTML without errors (html5ever, through
//! scraper), holds every event, member, value, note and example of the document, and
//! needs nothing from outside itself.

mod shared_data;
mod support;

use qmp_schema::model::{Field, Type};
use qmp_schema::{Document, Schema, doc_page};
use scraper::ElementRef;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::html::{assert_self_contained, parse, schema_of, selector, texts};

const BIN: &str = env!("CARGO_BIN_EXE_qmp-codegen");

fn spec(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../events-spec")
        .join(name)
}

/// Every member of a list of fields, nested ones included.
fn all_fields(fields: &[Field]) -> Vec<&Field> {
    let mut all = Vec::new();
    for field in fields {
        all.push(field);
        let mut ty = &field.ty;
        while let Type::Array(element) = ty {
            ty = element;
        }
        if let Type::Object(members) = ty {
            all.extend(all_fields(members));
        }
    }
    all
}

/// Checks that the page of `schema` shows all of it, each thing in its event's card.
fn assert_page_shows_everything(schema: &Schema, html: &str) {
    let page = parse(html);
    let cards: Vec<ElementRef<'_>> = page.select(&selector("section.event")).collect();
    assert_eq!(cards.len(), schema.sections.len());
    let contents = texts(page.root_element(), "nav.contents a[href] code");
    for (section, card) in schema.sections.iter().zip(&cards) {
        for name in &section.names {
            let anchor = format!("[id=\"{}\"]", name.name);
            assert_eq!(page.select(&selector(&anchor)).count(), 1, "{}", name.name);
            assert!(
                contents.contains(&name.name),
                "{} is in the contents",
                name.name
            );
            let link = format!("nav.contents a[href=\"#{}\"]", name.name);
            assert_eq!(page.select(&selector(&link)).count(), 1, "{}", name.name);
        }
        let heading = texts(*card, "h2").join("");
        let names: Vec<&str> = section.names.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(heading, names.join(", "));
        let members = texts(*card, "td:first-child > code");
        let values = texts(*card, "td li code");
        for field in all_fields(section.data.fields()) {
            assert!(
                members.contains(&field.name),
                "{heading}: member {}",
                field.name
            );
            if let Type::Enum(enum_values) = &field.ty {
                for value in enum_values {
                    assert!(
                        values.contains(&value.value),
                        "{heading}: value {}",
                        value.value
                    );
                }
            }
        }
        assert_eq!(
            texts(*card, "tbody tr").len(),
            all_fields(section.data.fields()).len(),
            "{heading}: one row per member"
        );
        let examples = texts(*card, "pre > code");
        assert_eq!(examples.len(), section.examples.len(), "{heading}");
        for (shown, example) in examples.iter().zip(&section.examples) {
            assert_eq!(shown.trim_end(), example.text.trim_end(), "{heading}");
        }
        let notes = texts(*card, "blockquote");
        assert_eq!(notes.len(), section.notes.len(), "{heading}");
        for (shown, note) in notes.iter().zip(&section.notes) {
            assert!(shown.contains(&note.text), "{heading}: {shown}");
        }
    }
}

#[test]
fn seed_page_parses_and_shows_every_event_member_value_note_and_example() {
    let schema = schema_of(&spec("qmp-events.txt"));
    let html = doc_page::page(&schema, "qmp-events.txt");
    assert_page_shows_everything(&schema, &html);
    // The seed's sixteen events, by name, so that a schema read wrongly cannot pass.
    let page = parse(&html);
    let contents = texts(page.root_element(), "nav.contents li a code");
    assert_eq!(contents.len(), 16);
    assert!(contents.contains(&"SPICE_DISCONNECTED".to_owned()));
    let members = texts(page.root_element(), "td:first-child > code");
    for member in [
        "tray-open",
        "x509_dname",
        "connection-id",
        "channel-type",
        "error",
    ] {
        assert!(members.contains(&member.to_owned()), "{member}");
    }
}

#[test]
fn page_of_the_2016_document_parses_and_shows_everything() {
    let test = "page_of_the_2016_document_parses_and_shows_everything";
    let Some(path) = shared_data::shared_or_skip("seed/qmp-events-2016-10.txt", test) else {
        return;
    };
    let schema = schema_of(&path);
    assert_page_shows_everything(&schema, &doc_page::page(&schema, "qmp-events-2016-10.txt"));
}

#[test]
fn rust_names_of_the_bindings_are_shown() {
    let schema = schema_of(&spec("qmp-events.txt"));
    let page = parse(&doc_page::page(&schema, "qmp-events.txt"));
    let rust = texts(page.root_element(), ".rust-names code");
    assert!(
        rust.contains(&"Event::BlockIoError(BlockIoError)".to_owned()),
        "{rust:?}"
    );
    assert!(
        rust.contains(&"Event::SpiceDisconnected(SpiceDisconnected = SpiceConnected)".to_owned()),
        "{rust:?}"
    );
    let types = texts(page.root_element(), ".rust code");
    assert!(
        types.contains(&"tray_open".to_owned()),
        "a Rust name unlike the wire name"
    );
    assert!(types.contains(&"Option<String>".to_owned()));
    assert!(types.contains(&"VncConnectedServer".to_owned()));
}

#[test]
fn page_is_self_contained() {
    let schema = schema_of(&spec("qmp-events.txt"));
    assert_self_contained(&parse(&doc_page::page(&schema, "qmp-events.txt")));
}

/// The 2012 document has no commands: its page is what it was, events only, with the
/// filter box at the top, hidden until the script shows it.
#[test]
fn seed_page_has_the_filter_box_and_no_commands() {
    let schema = schema_of(&spec("qmp-events.txt"));
    let page = parse(&doc_page::page(&schema, "qmp-events.txt"));
    let boxes: Vec<ElementRef<'_>> = page
        .select(&selector(
            "header .filter[hidden] input[type=\"search\"]#filter",
        ))
        .collect();
    assert_eq!(boxes.len(), 1);
    assert_eq!(
        page.select(&selector("section.command, h2.part")).count(),
        0
    );
    assert_eq!(
        texts(page.root_element(), "nav.contents h2"),
        ["Events"],
        "the contents list the events alone"
    );
    assert_eq!(
        texts(page.root_element(), "header h1"),
        ["QEMU Monitor Protocol Events"]
    );
    // Every card and contents line carries the names the filter matches: wire name,
    // `Event::` variant and payload type.
    let card = page
        .select(&selector("section.event[data-names]"))
        .find(|card| texts(*card, "h2").join("") == "SPICE_CONNECTED, SPICE_DISCONNECTED")
        .expect("the SPICE card");
    let names = card.value().attr("data-names").unwrap_or_default();
    for name in [
        "SPICE_DISCONNECTED",
        "Event::SpiceDisconnected",
        "SpiceConnected",
    ] {
        assert!(names.split(' ').any(|n| n == name), "{name} in {names}");
    }
    assert_eq!(
        page.select(&selector("section.event:not([data-names])"))
            .count(),
        0
    );
    assert_eq!(
        page.select(&selector("nav.contents li:not([data-names])"))
            .count(),
        0
    );
}

/// Prose is read as reStructuredText (which plain prose is, and which QEMU's QAPI doc
/// comments are): `*this*` is emphasis, while HTML in the text is text.
#[test]
fn document_text_is_escaped_not_markup() {
    let text = "ODD\n---\n\nEmitted for device[22] when *this* <b>bold</b> & more.\n\n\
                Data:\n\n- \"a-b\": what <i>it</i> is (json-string)\n";
    let document = Document::from_text("odd.txt", text);
    assert!(!document.report.has_errors(), "{}", document.report);
    let page = parse(&doc_page::page(&document.schema, "odd.txt"));
    assert_eq!(page.select(&selector("main b, main i")).count(), 0);
    assert_eq!(page.select(&selector("main em")).count(), 1, "*this*");
    let card = page
        .select(&selector("section.event"))
        .next()
        .expect("a card");
    let prose = texts(card, "p").join(" ");
    assert!(
        prose.contains("device[22] when this <b>bold</b> & more."),
        "{prose}"
    );
    let cells = texts(card, "td p").join(" ");
    assert!(cells.contains("what <i>it</i> is"), "{cells}");
}

#[test]
fn command_writes_the_page() {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let out = directory.path().join("events.html");
    let status = Command::new(BIN)
        .arg("doc")
        .arg(spec("qmp-events.txt"))
        .arg("-o")
        .arg(&out)
        .status()
        .expect("qmp-codegen runs");
    assert!(status.success());
    let written = std::fs::read_to_string(&out).expect("the page was written");
    let schema = schema_of(&spec("qmp-events.txt"));
    assert_eq!(written, doc_page::page(&schema, "qmp-events.txt"));
}

#[test]
fn command_refuses_a_document_with_errors() {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let broken = directory.path().join("broken.txt");
    std::fs::write(
        &broken,
        "FOO\n---\n\nEmitted.\n\nData:\n\n- \"id\": one (json-int)\n- \"id\": two (json-int)\n",
    )
    .expect("writable");
    let out = directory.path().join("page.html");
    let output = Command::new(BIN)
        .arg("doc")
        .arg(&broken)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("qmp-codegen runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("listed twice"));
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn a_member_without_a_type_says_so() {
    let text =
        "ODD\n---\n\nEmitted.\n\nData:\n\n- \"status\": the status\n- \"id\": the id (json-int)\n";
    let document = Document::from_text("odd.txt", text);
    assert!(!document.report.has_errors(), "{}", document.report);
    let page = parse(&doc_page::page(&document.schema, "odd.txt"));
    let types: Vec<String> = texts(page.root_element(), "td:nth-child(2)");
    assert_eq!(types.len(), 2);
    assert!(
        types[0].starts_with("not given (any JSON value)"),
        "{types:?}"
    );
    assert!(types[1].starts_with("json-int"), "{types:?}");
}
