//! QEMU's event document as of October 2016 (`../shared/seed/qmp-events-2016-10.txt`,
//! test data kept beside the repository; see `shared_data`): four
//! years of drift from the 2012 format, and some real mistakes. It must read with no
//! errors, and with exactly one warning per real mistake.

mod shared_data;

use qmp_schema::{Data, Document, Field, Severity, Type};

/// The 2016 document, or `None` (after saying so) when the shared test data is absent.
fn document(test: &str) -> Option<Document> {
    shared_data::shared_or_skip("seed/qmp-events-2016-10.txt", test).map(Document::read)
}

fn fields<'a>(document: &'a Document, event: &str) -> &'a [Field] {
    document
        .schema
        .section_for(event)
        .unwrap_or_else(|| panic!("no section for {event}"))
        .data
        .fields()
}

fn enum_values(field: &Field) -> Vec<&str> {
    match &field.ty {
        Type::Enum(values) => values.iter().map(|v| v.value.as_str()).collect(),
        other => panic!("{} is {other:?}", field.name),
    }
}

#[test]
fn no_errors_and_exactly_the_warnings_its_mistakes_deserve() {
    let Some(document) = document("no_errors_and_exactly_the_warnings_its_mistakes_deserve") else {
        return;
    };
    assert!(!document.report.has_errors(), "{}", document.report);
    let warnings: Vec<(usize, &str)> = document
        .report
        .diagnostics
        .iter()
        .inspect(|d| assert_eq!(d.severity, Severity::Warning))
        .map(|d| (d.span.line, d.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            // ACPI_DEVICE_OST: the example has no timestamp.
            (
                11,
                "example lacks \"timestamp\", which QEMU sends with every event"
            ),
            // BLOCK_JOB_READY: a comma is missing after "data".
            (192, "example is not valid JSON: expected `,` or `}`"),
            // DUMP_COMPLETED: "result" refers to qapi-schema.json instead of a type.
            (244, "field 'result' has no type; assuming json-value"),
            // DUMP_COMPLETED and GUEST_PANICKED: examples without a timestamp.
            (
                251,
                "example lacks \"timestamp\", which QEMU sends with every event"
            ),
            (
                266,
                "example lacks \"timestamp\", which QEMU sends with every event"
            ),
            // MEM_UNPLUG_ERROR: a comma is missing after "event".
            (281, "example is not valid JSON: expected `,` or `}`"),
            // NIC_RX_FILTER_CHANGED: a stray closing brace.
            (301, "example is not valid JSON: trailing characters"),
            // QUORUM_FAILURE and QUORUM_REPORT_BAD: fields without types.
            (323, "field 'reference' has no type; assuming json-value"),
            (324, "field 'sector-num' has no type; assuming json-value"),
            (
                325,
                "field 'sectors-count' has no type; assuming json-value"
            ),
            (342, "field 'type' has no type; assuming json-value"),
            (348, "field 'node-name' has no type; assuming json-value"),
            (349, "field 'sector-num' has no type; assuming json-value"),
            (
                350,
                "field 'sectors-count' has no type; assuming json-value"
            ),
            // MIGRATION and MIGRATION_PASS: "Data: None." then a field, without a type.
            (
                532,
                "'Data: None.' is followed by fields; the fields are used"
            ),
            (532, "field 'status' has no type; assuming json-value"),
            (
                548,
                "'Data: None.' is followed by fields; the fields are used"
            ),
            (548, "field 'pass' has no type; assuming json-value"),
        ]
    );
}

#[test]
fn counts() {
    let Some(document) = document("counts") else {
        return;
    };
    assert_eq!(document.schema.sections.len(), 36);
    assert_eq!(document.schema.event_count(), 36);
    assert_eq!(document.schema.example_count(), 37);
}

#[test]
fn drifted_constructs_read_as_meant() {
    let Some(document) = document("drifted_constructs_read_as_meant") else {
        return;
    };
    // Values after a semicolon, across lines.
    let job_type = &fields(&document, "BLOCK_JOB_CANCELLED")[0];
    assert_eq!(enum_values(job_type), ["stream", "commit"]);
    // A single value in prose inside the annotation.
    assert_eq!(
        enum_values(&fields(&document, "GUEST_PANICKED")[0]),
        ["pause"]
    );
    // Type after three lines of description.
    let device = &fields(&document, "BLOCK_IO_ERROR")[0];
    assert_eq!(
        (device.name.as_str(), &device.ty),
        ("device", &Type::String)
    );
    // Continuation at column 0.
    assert_eq!(fields(&document, "RTC_CHANGE")[0].ty, Type::Number);
    // The fields after 'Data: None.' are kept.
    let status = &fields(&document, "MIGRATION")[0];
    assert_eq!((status.name.as_str(), &status.ty), ("status", &Type::Value));
    // Two examples under prose labels.
    let labels: Vec<Option<&str>> = document
        .schema
        .section_for("QUORUM_REPORT_BAD")
        .map(|s| s.examples.iter().map(|e| e.label.as_deref()).collect())
        .unwrap_or_default();
    assert_eq!(labels, [Some("Read operation"), Some("Flush operation")]);
    // ACPI_DEVICE_OST describes its data by reference, with no 'Data:' block.
    let acpi = document
        .schema
        .section_for("ACPI_DEVICE_OST")
        .expect("ACPI_DEVICE_OST");
    assert_eq!(
        acpi.data,
        Data::Undescribed {
            text: String::new()
        }
    );
    assert_eq!(acpi.examples.len(), 1);
    // Broken examples are kept as text.
    let ready = document
        .schema
        .section_for("BLOCK_JOB_READY")
        .expect("BLOCK_JOB_READY");
    assert_eq!(ready.examples[0].json, None);
    assert!(ready.examples[0].text.contains("\"mirror\""));
}
