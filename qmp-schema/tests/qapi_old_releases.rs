//! QEMU 2.1 to 2.10 wrote their QAPI schemas in forms later releases dropped. No such
//! schema is among the bundled ones (nor in `../shared/`), so `tests/qapi-2.x/` holds one
//! assembled from those releases' own text, and this test reads it as a user pointing the
//! tool at an old QEMU's `qapi/` would: no errors, every event and its members, the docs
//! that can be attached attached, and warnings only for what later releases' rules
//! refuse: irregular doc comments, and the few names and forms QEMU dropped.

use qmp_schema::{Document, Type, TypeKind, codegen};

/// An event as its name, its `Since:` and its members (name, optional).
type EventSummary<'a> = (&'a str, Option<&'a str>, Vec<(&'a str, bool)>);

fn read() -> Document {
    Document::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/qapi-2.x/qapi-schema.json"
    ))
}

#[test]
fn reads_without_errors_and_warns_only_about_what_later_rules_refuse() {
    let document = read();
    let report = &document.report;
    assert!(!report.has_errors(), "{}", report.render(false));
    // The kinds of irregularity of those releases' doc comments, and the names and
    // forms QEMU refused later, each a warning.
    let irregular = [
        "should be followed by ':' on a doc comment's first line",
        "documentation comment must end with '##'",
        "a doc comment ends with a line that is '##' alone",
        "a doc comment opens with a line that is '##' alone",
        "the documentation describes member",
        "the description of '@info:' follows a section",
        "the doc comment before struct 'ChardevDummy' is for 'ChardevBackend'",
        "this free-form doc comment stands right before",
        "is a nested anonymous struct, a form of QEMU 2.1",
        "has a '.', which QEMU since 2.5 allows only in a downstream prefix",
        "value 'DIMM' should be lower case",
        "'discriminator': {} makes the union QEMU 2.1's form of an alternate",
    ];
    for warning in report.warnings() {
        assert!(
            irregular.iter().any(|kind| warning.message.contains(kind)),
            "{}",
            report.headline(warning)
        );
    }
    assert_eq!(report.warnings().count(), 32, "{}", report.render(false));
    // The root, then each included file once, though two of them are included twice.
    let files: Vec<&str> = document
        .files()
        .map(|file| file.rsplit("qapi-2.x/").next().unwrap_or(file))
        .collect();
    assert_eq!(
        files,
        [
            "qapi-schema.json",
            "qapi/common.json",
            "qapi/event.json",
            "qapi/rocker.json"
        ]
    );
}

#[test]
fn events_members_and_the_docs_that_can_be_attached() {
    let document = read();
    let schema = &document.schema;
    let summary: Vec<EventSummary<'_>> = schema
        .sections
        .iter()
        .map(|section| {
            (
                section.names[0].name.as_str(),
                section.since.as_deref(),
                section
                    .data
                    .fields()
                    .iter()
                    .map(|field| (field.name.as_str(), field.optional))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("SHUTDOWN", Some("1.2"), vec![]),
            ("ACPI_DEVICE_OST", Some("2.1"), vec![("info", false)]),
            (
                "BLOCK_IMAGE_CORRUPTED",
                Some("1.7"),
                vec![("device", false), ("size", true), ("fatal", false)]
            ),
            (
                "DUMP_COMPLETED",
                Some("2.6"),
                vec![("result", false), ("error", true)]
            ),
            (
                "BLOCK_IO_ERROR",
                Some("0.13.0"),
                vec![
                    ("device", false),
                    ("reason", false),
                    ("__com.redhat_reason", false),
                    ("key", false),
                    ("pci", false),
                    ("s", false),
                    ("ref", true)
                ]
            ),
        ]
    );
    // A member documented after `Since:` (ACPI_DEVICE_OST until 2.8); `#optional,`
    // markers are not part of the text.
    let ost = schema
        .section_for("ACPI_DEVICE_OST")
        .expect("ACPI_DEVICE_OST");
    assert!(
        ost.data.fields()[0]
            .description
            .starts_with("ACPIOSTInfo type")
    );
    let corrupted = schema.section_for("BLOCK_IMAGE_CORRUPTED").expect("event");
    // Its `fatal:` doc lacks the `@` (2.2 to 2.8): the text is kept, in the description.
    assert!(
        corrupted
            .description
            .starts_with("Emitted when a corruption has been detected in a disk image\n\nfatal: "),
        "{}",
        corrupted.description
    );
    let size = &corrupted.data.fields()[1];
    assert!(
        size.description.starts_with("if the corruption resulted"),
        "{size:?}"
    );
    // 2.9/2.10 wrote some event examples without the arrow.
    let dump = schema
        .section_for("DUMP_COMPLETED")
        .expect("DUMP_COMPLETED");
    assert_eq!(dump.examples.len(), 1);
    assert_eq!(dump.examples[0].json.as_ref().unwrap()["data"]["result"], 2);
}

#[test]
fn old_type_forms_become_the_models_types() {
    let schema = read().schema;
    // Anonymous nested structs (before 2.4) are objects of their own members.
    let Some(TypeKind::Struct { members, .. }) = schema.named("PciDeviceInfo").map(|t| &t.kind)
    else {
        panic!("PciDeviceInfo is a struct")
    };
    let class_info = members
        .iter()
        .find(|m| m.name == "class_info")
        .expect("class_info");
    let Type::Object(inner) = &class_info.ty else {
        panic!("{:?}", class_info.ty)
    };
    let inner: Vec<(&str, bool)> = inner
        .iter()
        .map(|m| (m.name.as_str(), m.optional))
        .collect();
    assert_eq!(inner, [("desc", true), ("class", false)]);
    // A simple union (before 6.2) with a built-in and an enum branch; a union with an
    // empty discriminator (2.1) is an alternate; a flat union over a named base.
    assert!(matches!(
        schema.named("KeyValue").map(|t| &t.kind),
        Some(TypeKind::Union { discriminator, .. }) if discriminator == "type"
    ));
    assert!(matches!(
        schema.named("BlockdevRef").map(|t| &t.kind),
        Some(TypeKind::Alternate { .. })
    ));
    assert!(matches!(
        schema.named("BlockdevOptions").map(|t| &t.kind),
        Some(TypeKind::Union { base: Some(base), discriminator, .. })
            if base == "BlockdevOptionsBase" && discriminator == "driver"
    ));
    // And the generator takes all of it.
    let code = codegen::generate_file(&schema, "qapi-schema.json");
    for item in [
        "pub enum KeyValue",
        "pub enum BlockdevRef",
        "pub struct PciDeviceInfoClassInfo",
    ] {
        assert!(code.contains(item), "{item}");
    }
}
