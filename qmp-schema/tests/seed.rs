//! The bundled document (QEMU's qmp-events.txt of 2012): its whole model, pinned by a
//! snapshot, and the facts the project's first issue lists as "done when".

use qmp_schema::Document;
use serde_json::{Value, json};

fn seed() -> Document {
    Document::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../events-spec/qmp-events.txt"
    ))
}

/// The model as `qmp-codegen schema` prints it.
fn seed_json() -> Value {
    let document = seed();
    assert!(
        document.report.diagnostics.is_empty(),
        "{}",
        document.report
    );
    serde_json::to_value(&document.schema).expect("the model serializes")
}

/// The field `path` (names separated by `/`, through object members) of the section
/// documenting `event`.
fn field(model: &Value, event: &str, path: &str) -> Value {
    let section = model["sections"]
        .as_array()
        .and_then(|sections| {
            sections.iter().find(|s| {
                s["names"]
                    .as_array()
                    .is_some_and(|names| names.iter().any(|n| n == event))
            })
        })
        .unwrap_or_else(|| panic!("no section for {event}"));
    let mut fields = &section["data"];
    let mut found = &Value::Null;
    for name in path.split('/') {
        found = fields
            .as_array()
            .and_then(|fields| fields.iter().find(|f| f["name"] == name))
            .unwrap_or_else(|| panic!("no field {path} in {event}"));
        fields = &found["type"]["object"];
    }
    found.clone()
}

#[test]
fn seed_model_snapshot() {
    let document = seed();
    assert!(document.report.diagnostics.is_empty());
    // The schema itself, not a `Value`, so that members keep the order in which
    // `qmp-codegen schema` prints them.
    insta::assert_json_snapshot!("seed_model", &document.schema);
}

#[test]
fn seed_counts() {
    let document = seed();
    assert_eq!(document.schema.sections.len(), 15);
    assert_eq!(document.schema.event_count(), 16);
    assert_eq!(document.schema.example_count(), 15);
    assert!(document.report.diagnostics.is_empty());
}

#[test]
fn block_io_error_operation_is_read_or_write() {
    let operation = field(&seed_json(), "BLOCK_IO_ERROR", "operation");
    assert_eq!(operation["type"], json!({"enum": ["read", "write"]}));
    assert_eq!(operation["optional"], false);
}

#[test]
fn watchdog_action_has_its_six_values() {
    let action = field(&seed_json(), "WATCHDOG", "action");
    assert_eq!(
        action["type"],
        json!({"enum": ["reset", "shutdown", "poweroff", "pause", "debug", "none"]})
    );
}

#[test]
fn vnc_disconnected_client_x509_dname_is_an_optional_string() {
    let dname = field(&seed_json(), "VNC_DISCONNECTED", "client/x509_dname");
    assert_eq!(dname["type"], "string");
    assert_eq!(dname["optional"], true);
}

#[test]
fn spice_initialized_client_channel_type_is_an_int() {
    let channel_type = field(&seed_json(), "SPICE_INITIALIZED", "client/channel-type");
    assert_eq!(channel_type["type"], "int");
    assert_eq!(channel_type["optional"], false);
}

#[test]
fn block_job_completed_error_is_an_optional_string() {
    let error = field(&seed_json(), "BLOCK_JOB_COMPLETED", "error");
    assert_eq!(error["type"], "string");
    assert_eq!(error["optional"], true);
}

#[test]
fn spice_connected_and_disconnected_share_one_section() {
    let model = seed_json();
    let names: Vec<&Value> = model["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["names"].as_array().unwrap().len() > 1)
        .map(|s| &s["names"])
        .collect();
    assert_eq!(names, [&json!(["SPICE_CONNECTED", "SPICE_DISCONNECTED"])]);
}

#[test]
fn data_none_sections_have_null_data() {
    let model = seed_json();
    let none: Vec<&Value> = model["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["data"].is_null())
        .map(|s| &s["names"][0])
        .collect();
    assert_eq!(
        none,
        [
            &json!("RESET"),
            &json!("RESUME"),
            &json!("SHUTDOWN"),
            &json!("STOP")
        ]
    );
}
