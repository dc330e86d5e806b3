//! One test per construct of the event document's grammar, each on a small document
//! written in the format's own style (most lines are taken from QEMU's documents of
//! 2009 to 2017).

use qmp_schema::{Data, Document, Field, Severity, Type};

/// Reads a document given as text.
fn read(text: &str) -> Document {
    Document::from_text("test.txt", text)
}

/// Reads a document that must have neither errors nor warnings.
fn read_clean(text: &str) -> Document {
    let document = read(text);
    assert!(
        document.report.diagnostics.is_empty(),
        "unexpected diagnostics:\n{}",
        document.report
    );
    document
}

/// The diagnostics as (severity, line, column, message).
fn diagnostics(document: &Document) -> Vec<(Severity, usize, usize, String)> {
    document
        .report
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.span.line, d.span.column, d.message.clone()))
        .collect()
}

fn warning(line: usize, column: usize, message: &str) -> (Severity, usize, usize, String) {
    (Severity::Warning, line, column, message.to_owned())
}

fn field<'a>(fields: &'a [Field], name: &str) -> &'a Field {
    fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name} in {fields:#?}"))
}

fn members(field: &Field) -> &[Field] {
    match &field.ty {
        Type::Object(members) => members,
        other => panic!("field {} is {other:?}, not an object", field.name),
    }
}

fn names(fields: &[Field]) -> Vec<&str> {
    fields.iter().map(|f| f.name.as_str()).collect()
}

fn enum_values(field: &Field) -> Vec<&str> {
    match &field.ty {
        Type::Enum(values) => values.iter().map(|v| v.value.as_str()).collect(),
        other => panic!("field {} is {other:?}, not an enum", field.name),
    }
}

fn enum_meanings(field: &Field) -> Vec<(&str, &str)> {
    match &field.ty {
        Type::Enum(values) => values
            .iter()
            .map(|v| (v.value.as_str(), v.description.as_str()))
            .collect(),
        other => panic!("field {} is {other:?}, not an enum", field.name),
    }
}

/// A one-section document whose `Data:` block is `data`.
fn with_data(data: &str) -> String {
    format!("STOP\n----\n\nEmitted when the VM stops.\n\nData:\n\n{data}")
}

/// The fields of the one section of `with_data(data)`, which must read cleanly.
fn fields_of(data: &str) -> Vec<Field> {
    let document = read_clean(&with_data(data));
    document.schema.sections[0].data.fields().to_vec()
}

// ---- Title and headings ----

#[test]
fn title_underlined_with_equals_signs() {
    let document = read_clean(
        "                   QEMU Monitor Protocol Events\n                   \
         ============================\n\nSTOP\n----\n\nData: None.\n",
    );
    assert_eq!(
        document.schema.title.as_deref(),
        Some("QEMU Monitor Protocol Events")
    );
}

#[test]
fn document_without_a_title() {
    let document = read_clean("STOP\n----\n\nData: None.\n");
    assert_eq!(document.schema.title, None);
    assert_eq!(document.schema.sections.len(), 1);
}

#[test]
fn heading_with_several_names_shares_one_section() {
    let document = read_clean(
        "SPICE_CONNECTED, SPICE_DISCONNECTED\n-----------------------------------\n\n\
         Emitted when a SPICE client connects or disconnects.\n\nData: None.\n",
    );
    let section = &document.schema.sections[0];
    let names: Vec<(&str, usize, usize)> = section
        .names
        .iter()
        .map(|n| (n.name.as_str(), n.span.line, n.span.column))
        .collect();
    assert_eq!(
        names,
        [("SPICE_CONNECTED", 1, 1), ("SPICE_DISCONNECTED", 1, 18)]
    );
    assert_eq!(document.schema.event_count(), 2);
}

#[test]
fn numbered_headings_of_the_earliest_documents() {
    let document = read_clean(
        "1 SHUTDOWN\n-----------\n\nDescription: Issued when the Virtual Machine is powered down.\n\
         Data: None.\n\n12. STOP\n--------\n\nDescription: Issued when stopped.\nData: None.\n",
    );
    let names: Vec<&str> = document
        .schema
        .events()
        .map(|(n, _)| n.name.as_str())
        .collect();
    assert_eq!(names, ["SHUTDOWN", "STOP"]);
    assert_eq!(document.schema.sections[0].names[0].span.column, 3);
}

#[test]
fn underline_longer_than_the_heading() {
    // MEM_UNPLUG_ERROR's underline is four dashes too long (2016).
    let document = read_clean("MEM_UNPLUG_ERROR\n--------------------\n\nData: None.\n");
    assert_eq!(
        document.schema.sections[0].names[0].name,
        "MEM_UNPLUG_ERROR"
    );
}

#[test]
fn underline_shorter_than_the_heading() {
    let document = read_clean("BLOCK_IO_ERROR\n-----\n\nData: None.\n\nSTOP\n---\n\nData: None.\n");
    assert_eq!(document.schema.sections.len(), 2);
}

#[test]
fn missing_blank_line_after_the_underline() {
    let document = read_clean(
        "MEM_UNPLUG_ERROR\n----------------\nEmitted when memory hot unplug error occurs.\n\n\
         Data: None.\n",
    );
    let section = &document.schema.sections[0];
    assert_eq!(
        section.description,
        "Emitted when memory hot unplug error occurs."
    );
    assert_eq!(section.data, Data::None);
}

#[test]
fn heading_and_underline_with_trailing_spaces() {
    let document = read_clean("STOP   \n----  \n\nData: None.\n");
    assert_eq!(document.schema.sections[0].names[0].name, "STOP");
}

#[test]
fn heading_without_underline_is_reported_once_and_still_read() {
    let document = read(&format!(
        "STOP\n----\n\nData: None.\n\nExample:\n\n{STOP_EXAMPLE}\n\nRESET\n\n\
         Emitted when the Virtual Machine is reset.\n\nData: None.\n\nExample:\n\n\
         {{ \"event\": \"RESET\", \"timestamp\": {{ \"seconds\": 1, \"microseconds\": 2 }} }}\n"
    ));
    assert_eq!(
        diagnostics(&document),
        [(
            Severity::Error,
            11,
            1,
            "'RESET' looks like a section heading, but has no '-' underline".to_owned()
        )]
    );
    let reset = &document.schema.sections[1];
    assert_eq!(reset.names[0].name, "RESET");
    assert_eq!(reset.examples.len(), 1);
    assert_eq!(
        reset.description,
        "Emitted when the Virtual Machine is reset."
    );
}

#[test]
fn upper_case_words_inside_prose_are_not_headings() {
    let document =
        read_clean("STOP\n----\n\nEmitted when the VM stops; a\nRESUME\nfollows.\n\nData: None.\n");
    assert_eq!(document.schema.sections.len(), 1);
}

#[test]
fn section_span_is_its_heading_line() {
    let document = read_clean("\n\nSTOP\n----\n\nData: None.\n");
    let span = document.schema.sections[0].span;
    assert_eq!((span.line, span.column), (3, 1));
}

// ---- Description and data blocks ----

#[test]
fn description_paragraphs_are_joined_with_blank_lines() {
    let document = read_clean(
        "DEVICE_DELETED\n--------------\n\nEmitted whenever the device removal completion is\n\
         acknowledged by the guest.\n\nAt this point, it's safe to reuse the device ID.\n\n\
         Data: None.\n",
    );
    assert_eq!(
        document.schema.sections[0].description,
        "Emitted whenever the device removal completion is acknowledged by the guest.\n\n\
         At this point, it's safe to reuse the device ID."
    );
}

#[test]
fn description_label_of_the_earliest_documents() {
    let document = read_clean(
        "1 SHUTDOWN\n-----------\n\nDescription: Issued when the Virtual Machine is powered down.\n\
         Data: None.\n",
    );
    let section = &document.schema.sections[0];
    assert_eq!(
        section.description,
        "Issued when the Virtual Machine is powered down."
    );
    assert_eq!(section.data, Data::None);
}

#[test]
fn data_none() {
    for data in ["Data: None.", "Data: None", "Data : None.", "data: none."] {
        let document = read_clean(&format!("STOP\n----\n\n{data}\n"));
        assert_eq!(document.schema.sections[0].data, Data::None, "{data}");
    }
}

#[test]
fn data_described_in_a_sentence() {
    // The earliest documents describe the data instead of listing fields.
    let document = read_clean(
        "4 VNC_CONNECTED\n---------------\n\n\
         Description: Issued when a VNC client establishes a connection.\n\
         Data: 'server' and 'client' keys with the same keys as 'query-vnc',\n\
         except that authentication ID is not provided.\n",
    );
    let section = &document.schema.sections[0];
    assert_eq!(
        section.data,
        Data::Undescribed {
            text: "'server' and 'client' keys with the same keys as 'query-vnc', except \
                   that authentication ID is not provided."
                .to_owned()
        }
    );
    assert_eq!(
        section.description,
        "Issued when a VNC client establishes a connection."
    );
}

#[test]
fn data_described_in_a_paragraph_after_the_label() {
    let document =
        read_clean("STOP\n----\n\nData:\n\nThe same members as query-status returns.\n\nNote: x\n");
    assert_eq!(
        document.schema.sections[0].data,
        Data::Undescribed {
            text: "The same members as query-status returns.".to_owned()
        }
    );
}

#[test]
fn section_without_data_block_has_undescribed_data() {
    let document = read_clean("STOP\n----\n\nEmitted when the VM stops.\n");
    let section = &document.schema.sections[0];
    assert_eq!(
        section.data,
        Data::Undescribed {
            text: String::new()
        }
    );
    let json = serde_json::to_value(section).unwrap();
    assert_eq!(json["data"], serde_json::json!([]));
}

#[test]
fn data_none_serializes_as_null() {
    let document = read_clean("STOP\n----\n\nData: None.\n");
    let json = serde_json::to_value(&document.schema).unwrap();
    assert_eq!(json["sections"][0]["data"], serde_json::Value::Null);
}

// ---- Field lists ----

#[test]
fn type_closes_the_first_line() {
    let fields = fields_of("- \"device\": device name (json-string)\n");
    let device = field(&fields, "device");
    assert_eq!(device.ty, Type::String);
    assert_eq!(device.description, "device name");
    assert!(!device.optional);
    assert!(device.type_annotated);
    assert_eq!((device.span.line, device.span.column), (8, 1));
    assert_eq!((device.name_span.line, device.name_span.column), (8, 4));
}

#[test]
fn every_json_type() {
    let fields = fields_of(
        "- \"s\": x (json-string)\n- \"b\": x (json-bool)\n- \"i\": x (json-int)\n\
         - \"n\": x (json-number)\n- \"v\": x (json-value)\n- \"a\": x (json-array)\n\
         - \"o\": x (json-object)\n- \"l\": x (json-array of json-int)\n",
    );
    let types: Vec<&Type> = fields.iter().map(|f| &f.ty).collect();
    assert_eq!(
        types,
        [
            &Type::String,
            &Type::Bool,
            &Type::Int,
            &Type::Number,
            &Type::Value,
            &Type::Array(Box::new(Type::Value)),
            &Type::Object(Vec::new()),
            &Type::Array(Box::new(Type::Int)),
        ]
    );
}

#[test]
fn optional_marker() {
    let fields = fields_of("- \"x509_dname\": TLS dname (json-string, optional)\n");
    assert!(field(&fields, "x509_dname").optional);
}

#[test]
fn type_after_several_continuation_lines() {
    // BLOCK_IO_ERROR's device (2016).
    let fields = fields_of(
        "- \"device\": device name. This is always present for compatibility\n            \
         reasons, but it can be empty (\"\") if the image does not\n            \
         have a device name associated. (json-string)\n- \"operation\": I/O operation (json-string)\n",
    );
    let device = field(&fields, "device");
    assert_eq!(device.ty, Type::String);
    assert_eq!(
        device.description,
        "device name. This is always present for compatibility reasons, but it can be \
         empty (\"\") if the image does not have a device name associated."
    );
    assert_eq!(names(&fields), ["device", "operation"]);
}

#[test]
fn type_alone_on_a_continuation_line() {
    let fields = fields_of(
        "- \"tray-open\": true if the tray has been opened or false if it has been closed\n\
         \x20              (json-bool)\n",
    );
    assert_eq!(field(&fields, "tray-open").ty, Type::Bool);
}

#[test]
fn description_continues_after_the_type() {
    // BLOCK_JOB_COMPLETED's error.
    let fields = fields_of(
        "- \"error\":    Error message (json-string, optional)\n              \
         Only present on failure.  This field contains a human-readable\n              \
         error message.\n- \"speed\":    Rate limit, bytes per second (json-int)\n",
    );
    let error = field(&fields, "error");
    assert_eq!(error.ty, Type::String);
    assert!(error.optional);
    assert_eq!(
        error.description,
        "Error message\n\nOnly present on failure. This field contains a human-readable \
         error message."
    );
    assert_eq!(field(&fields, "speed").ty, Type::Int);
}

#[test]
fn continuation_at_column_zero() {
    // RTC_CHANGE's offset (2016).
    let fields = fields_of(
        "- \"offset\": Offset between base RTC clock (as specified by -rtc base), and\n\
         new RTC clock value (json-number)\n",
    );
    let offset = field(&fields, "offset");
    assert_eq!(offset.ty, Type::Number);
    assert_eq!(
        offset.description,
        "Offset between base RTC clock (as specified by -rtc base), and new RTC clock value"
    );
}

#[test]
fn nested_objects() {
    let fields = fields_of(
        "- \"server\": Server information (json-object)\n  \
         - \"host\": IP address (json-string)\n  \
         - \"family\": address family (json-string, \"ipv4\" or \"ipv6\")\n\
         - \"client\": Client information (json-object)\n  \
         - \"host\": IP address (json-string)\n",
    );
    assert_eq!(names(&fields), ["server", "client"]);
    assert_eq!(names(members(field(&fields, "server"))), ["host", "family"]);
    assert_eq!(names(members(field(&fields, "client"))), ["host"]);
}

#[test]
fn nested_objects_three_and_four_levels_deep() {
    let fields = fields_of(
        "- \"a\": level one (json-object)\n  \
         - \"b\": level two (json-object)\n    \
         - \"c\": level three (json-object)\n      \
         - \"d\": level four (json-int)\n    \
         - \"e\": back to three (json-bool)\n  \
         - \"f\": back to two (json-string)\n\
         - \"g\": back to one (json-number)\n",
    );
    assert_eq!(names(&fields), ["a", "g"]);
    let a = members(&fields[0]);
    assert_eq!(names(a), ["b", "f"]);
    let b = members(&a[0]);
    assert_eq!(names(b), ["c", "e"]);
    let c = members(&b[0]);
    assert_eq!(names(c), ["d"]);
    assert_eq!(c[0].ty, Type::Int);
}

#[test]
fn tabs_and_spaces_indent_alike() {
    // A tab reaches column 9, as eight spaces do: both items are members of "server".
    let fields = fields_of(
        "- \"server\": Server information (json-object)\n\
         \t- \"host\": IP address (json-string)\n        \
         - \"port\": port number (json-string)\n\
         - \"client\": Client information (json-object)\n  \t\
         - \"host\": IP address (json-string)\n",
    );
    assert_eq!(names(&fields), ["server", "client"]);
    assert_eq!(names(members(&fields[0])), ["host", "port"]);
    assert_eq!(names(members(&fields[1])), ["host"]);
}

#[test]
fn top_level_items_indented_a_little() {
    // MIGRATION and MIGRATION_PASS indent their only item (2016).
    let fields = fields_of(
        "  - \"server\": Server information (json-object)\n    \
         - \"host\": IP address (json-string)\n  \
         - \"status\": migration status (json-string)\n",
    );
    assert_eq!(names(&fields), ["server", "status"]);
    assert_eq!(names(members(&fields[0])), ["host"]);
}

#[test]
fn single_quoted_names_of_the_earliest_documents() {
    let fields = fields_of(
        "- 'device': device name (json-string)\n\
         - 'operation': I/O operation (json-string, \"read\" or \"write\")\n",
    );
    assert_eq!(names(&fields), ["device", "operation"]);
    assert_eq!(enum_values(&fields[1]), ["read", "write"]);
}

#[test]
fn vendor_names_with_prefix_and_dots() {
    let fields = fields_of(
        "- \"__com.redhat_reason\": why the I/O error happened (json-string, optional)\n",
    );
    let reason = field(&fields, "__com.redhat_reason");
    assert_eq!(reason.ty, Type::String);
    assert!(reason.optional);
}

#[test]
fn parentheses_in_a_description_are_not_the_annotation() {
    let fields = fields_of(
        "- \"msg\":       Informative message (e.g., reason for the corruption)\n               \
         (json-string)\n",
    );
    let msg = field(&fields, "msg");
    assert_eq!(msg.ty, Type::String);
    assert_eq!(
        msg.description,
        "Informative message (e.g., reason for the corruption)"
    );
}

#[test]
fn field_list_ends_at_a_blank_line_followed_by_prose() {
    let document = read_clean(&with_data(
        "- \"device\": device name (json-string)\n\nSome more prose.\n",
    ));
    let section = &document.schema.sections[0];
    assert_eq!(names(section.data.fields()), ["device"]);
    assert!(section.description.ends_with("Some more prose."));
}

#[test]
fn blank_lines_between_items_keep_the_list() {
    let fields = fields_of("- \"a\": x (json-int)\n\n- \"b\": y (json-int)\n");
    assert_eq!(names(&fields), ["a", "b"]);
}

#[test]
fn field_list_right_after_the_label() {
    let document = read_clean("STOP\n----\n\nData:\n- \"a\": x (json-int)\n");
    assert_eq!(names(document.schema.sections[0].data.fields()), ["a"]);
}

// ---- Enumerations ----

#[test]
fn enumeration_inline_after_the_type() {
    let fields = fields_of("- \"operation\": I/O operation (json-string, \"read\" or \"write\")\n");
    let operation = field(&fields, "operation");
    assert_eq!(enum_values(operation), ["read", "write"]);
    assert_eq!(operation.description, "I/O operation");
    let json = serde_json::to_value(operation).unwrap();
    assert_eq!(json["type"], serde_json::json!({"enum": ["read", "write"]}));
}

#[test]
fn enumeration_lead_in_then_value_lines() {
    let fields = fields_of(
        "- \"action\": action that has been taken, it's one of the following (json-string):\n    \
         \"ignore\": error has been ignored\n    \
         \"report\": error has been reported to the device\n    \
         \"stop\": error caused VM to be stopped\n- \"device\": device name (json-string)\n",
    );
    let action = field(&fields, "action");
    assert_eq!(
        enum_meanings(action),
        [
            ("ignore", "error has been ignored"),
            ("report", "error has been reported to the device"),
            ("stop", "error caused VM to be stopped"),
        ]
    );
    assert_eq!(
        action.description,
        "action that has been taken, it's one of the following"
    );
    assert_eq!(names(&fields), ["action", "device"]);
    let json = serde_json::to_value(action).unwrap();
    assert_eq!(
        json["enum_meanings"]["report"],
        "error has been reported to the device"
    );
}

#[test]
fn enumeration_value_meaning_continues_on_the_next_line() {
    let fields = fields_of(
        "- \"action\": action taken (json-string):\n    \
         \"ignore\": error has been ignored, the job\n        may fail later\n    \
         \"stop\": error caused job to be paused\n",
    );
    assert_eq!(
        enum_meanings(&fields[0]),
        [
            ("ignore", "error has been ignored, the job may fail later"),
            ("stop", "error caused job to be paused"),
        ]
    );
}

#[test]
fn enumeration_values_after_a_blank_line_following_the_lead_in() {
    let fields = fields_of(
        "- \"action\": action taken (json-string):\n\n    \"ignore\": error has been ignored\n    \
         \"stop\": error caused job to be paused\n\n- \"device\": device name (json-string)\n",
    );
    assert_eq!(enum_values(&fields[0]), ["ignore", "stop"]);
    assert_eq!(names(&fields), ["action", "device"]);
}

#[test]
fn value_lines_without_a_lead_in_are_description() {
    let fields =
        fields_of("- \"device\": device name (json-string)\n    \"ide0\": is an example\n");
    assert_eq!(fields[0].ty, Type::String);
    assert_eq!(
        fields[0].description,
        "device name\n\n\"ide0\": is an example"
    );
}

#[test]
fn enumeration_as_a_prose_list_on_a_continuation_line() {
    // WATCHDOG's action.
    let fields = fields_of(
        "- \"action\": Action that has been taken, it's one of the following (json-string):\n            \
         \"reset\", \"shutdown\", \"poweroff\", \"pause\", \"debug\", or \"none\"\n",
    );
    assert_eq!(
        enum_values(&fields[0]),
        ["reset", "shutdown", "poweroff", "pause", "debug", "none"]
    );
    assert!(enum_meanings(&fields[0]).iter().all(|(_, m)| m.is_empty()));
}

#[test]
fn enumeration_values_before_the_type() {
    // BLOCK_JOB_COMPLETED's type (2012).
    let fields =
        fields_of("- \"type\":     Job type (\"stream\" for image streaming, json-string)\n");
    assert_eq!(enum_meanings(&fields[0]), [("stream", "image streaming")]);
    assert_eq!(fields[0].description, "Job type");
}

#[test]
fn enumeration_values_after_a_semicolon_across_lines() {
    // BLOCK_JOB_COMPLETED's type (2016).
    let fields = fields_of(
        "- \"type\":     Job type (json-string; \"stream\" for image streaming\n                                     \
         \"commit\" for block commit)\n- \"device\":   Job identifier (json-string)\n",
    );
    assert_eq!(
        enum_meanings(&fields[0]),
        [("stream", "image streaming"), ("commit", "block commit")]
    );
    assert_eq!(field(&fields, "device").ty, Type::String);
}

#[test]
fn enumeration_of_one_value_in_prose() {
    // GUEST_PANICKED's action (2016).
    let fields = fields_of(
        "- \"action\": Action that has been taken (json-string, currently always \"pause\").\n",
    );
    assert_eq!(enum_values(&fields[0]), ["pause"]);
}

#[test]
fn quoted_words_in_a_description_are_not_an_enumeration() {
    // SPICE_INITIALIZED's channel-type and channel-id: "1" and "0" are examples of
    // integers, and the type is json-int.
    let fields = fields_of(
        "- \"channel-type\": channel type.  \"1\" is the main control channel, filter for\n                    \
         this one if you want track spice sessions only (json-int)\n\
         - \"channel-id\": channel id.  Usually \"0\", might be different needed when\n                  \
         multiple channels of the same type exist (json-int)\n",
    );
    assert_eq!(field(&fields, "channel-type").ty, Type::Int);
    assert_eq!(field(&fields, "channel-id").ty, Type::Int);
    assert_eq!(
        field(&fields, "channel-type").description,
        "channel type. \"1\" is the main control channel, filter for this one if you want \
         track spice sessions only"
    );
}

#[test]
fn quoted_words_in_the_description_of_a_string_are_not_an_enumeration() {
    let fields = fields_of("- \"device\": device name, or \"\" when it has none (json-string)\n");
    assert_eq!(fields[0].ty, Type::String);
}

#[test]
fn enumeration_lead_in_without_a_type_is_a_string_with_a_warning() {
    // BLOCK_IO_ERROR's action in 2010, before it gained "(json-string)".
    let document = read(&with_data(
        "- 'action': action that has been taken, it's one of the following:\n    \
         \"ignore\": error has been ignored\n    \"stop\": error caused VM to be stopped\n",
    ));
    let action = &document.schema.sections[0].data.fields()[0];
    assert_eq!(enum_values(action), ["ignore", "stop"]);
    assert!(!action.type_annotated);
    assert_eq!(
        diagnostics(&document),
        [warning(
            8,
            4,
            "field 'action' has no type; assuming json-string"
        )]
    );
}

#[test]
fn values_on_a_type_that_cannot_hold_them_are_ignored_with_a_warning() {
    let document = read(&with_data("- \"level\": (json-int, \"1\" or \"2\")\n"));
    assert_eq!(document.schema.sections[0].data.fields()[0].ty, Type::Int);
    assert_eq!(
        diagnostics(&document),
        [warning(
            8,
            4,
            "field 'level' lists values, but its type json-int cannot hold them; the values \
             are ignored"
        )]
    );
}

// ---- Fields without a type ----

#[test]
fn field_without_a_type_is_a_value_with_a_warning() {
    let document = read(&with_data(
        "- \"reference\":     device name if defined else node name.\n",
    ));
    let reference = &document.schema.sections[0].data.fields()[0];
    assert_eq!(reference.ty, Type::Value);
    assert!(!reference.type_annotated);
    assert_eq!(
        reference.description,
        "device name if defined else node name."
    );
    assert_eq!(
        diagnostics(&document),
        [warning(
            8,
            4,
            "field 'reference' has no type; assuming json-value"
        )]
    );
}

#[test]
fn field_without_a_type_but_with_members_is_an_object() {
    let document = read(&with_data(
        "- \"server\": Server information\n  - \"host\": IP address (json-string)\n",
    ));
    let server = &document.schema.sections[0].data.fields()[0];
    assert_eq!(names(members(server)), ["host"]);
    assert_eq!(
        diagnostics(&document),
        [warning(
            8,
            4,
            "field 'server' has no type; assuming json-object"
        )]
    );
}

#[test]
fn array_with_members_is_an_array_of_objects() {
    let fields =
        fields_of("- \"items\": the list (json-array)\n  - \"id\": identifier (json-int)\n");
    match &fields[0].ty {
        Type::Array(element) => match element.as_ref() {
            Type::Object(members) => assert_eq!(names(members), ["id"]),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

// ---- Examples ----

const STOP_EXAMPLE: &str = "{ \"event\": \"STOP\",\n    \"timestamp\": { \"seconds\": 1267041730, \"microseconds\": 281295 } }";

#[test]
fn example_label_singular_and_plural() {
    for label in ["Example:", "Examples:"] {
        let document = read_clean(&format!(
            "STOP\n----\n\nData: None.\n\n{label}\n\n{STOP_EXAMPLE}\n"
        ));
        let example = &document.schema.sections[0].examples[0];
        assert_eq!(example.text, STOP_EXAMPLE, "{label}");
        assert_eq!(example.json.as_ref().unwrap()["event"], "STOP");
        assert_eq!(example.label, None);
        assert_eq!((example.span.line, example.span.column), (8, 1));
    }
}

#[test]
fn example_right_after_its_label_line() {
    // MIGRATION_PASS has no blank line after "Example:" (2016).
    let document = read_clean(&format!(
        "STOP\n----\n\nData: None.\n\nExample:\n{STOP_EXAMPLE}\n"
    ));
    assert_eq!(document.schema.sections[0].examples.len(), 1);
}

#[test]
fn example_without_a_label() {
    // DEVICE_TRAY_MOVED's example follows its field list directly.
    let document = read_clean(
        "DEVICE_TRAY_MOVED\n-----------------\n\nData:\n\n\
         - \"device\": device name (json-string)\n\
         - \"tray-open\": true if the tray has been opened (json-bool)\n\n\
         { \"event\": \"DEVICE_TRAY_MOVED\",\n  \"data\": { \"device\": \"ide1-cd0\",\n            \
         \"tray-open\": true\n  },\n  \"timestamp\": { \"seconds\": 1265044230, \"microseconds\": 450486 } }\n",
    );
    let section = &document.schema.sections[0];
    assert_eq!(section.examples.len(), 1);
    assert_eq!(section.examples[0].span.line, 9);
    assert_eq!(names(section.data.fields()), ["device", "tray-open"]);
}

#[test]
fn several_examples_under_prose_labels() {
    // QUORUM_REPORT_BAD (2016).
    let document = read_clean(
        "QUORUM_REPORT_BAD\n-----------------\n\nData:\n\n\
         - \"type\": Quorum operation type (json-string)\n\
         - \"error\": Error message (json-string, optional)\n\nExample:\n\n\
         Read operation:\n{ \"event\": \"QUORUM_REPORT_BAD\",\n     \"data\": { \"type\": \"read\" }, \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n\n\
         Flush operation:\n{ \"event\": \"QUORUM_REPORT_BAD\",\n     \
         \"data\": { \"type\": \"flush\", \"error\": \"Broken pipe\" }, \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n",
    );
    let examples = &document.schema.sections[0].examples;
    let labels: Vec<Option<&str>> = examples.iter().map(|e| e.label.as_deref()).collect();
    assert_eq!(labels, [Some("Read operation"), Some("Flush operation")]);
    assert_eq!(
        examples[1].json.as_ref().unwrap()["data"]["error"],
        "Broken pipe"
    );
    assert_eq!(examples[1].span.line, 16);
}

#[test]
fn several_examples_one_after_another() {
    let document = read_clean(&format!(
        "STOP\n----\n\nData: None.\n\nExamples:\n\n{STOP_EXAMPLE}\n\n{STOP_EXAMPLE}\n"
    ));
    let lines: Vec<usize> = document.schema.sections[0]
        .examples
        .iter()
        .map(|e| e.span.line)
        .collect();
    assert_eq!(lines, [8, 11]);
}

#[test]
fn example_keys_in_any_order() {
    // SPICE examples put the timestamp first and "event" second.
    let document = read_clean(
        "SPICE_MIGRATE_COMPLETED\n-----------------------\n\nData: None.\n\nExample:\n\n\
         { \"timestamp\": {\"seconds\": 1290688046, \"microseconds\": 417172},\n  \
         \"event\": \"SPICE_MIGRATE_COMPLETED\" }\n",
    );
    assert_eq!(document.schema.sections[0].examples.len(), 1);
}

#[test]
fn example_that_is_not_json_is_kept_as_text_with_a_warning() {
    // BLOCK_JOB_READY's example lacks a comma (2016).
    let broken = "{ \"event\": \"STOP\",\n    \"data\": { \"a\": 1 }\n    \"timestamp\": { \"seconds\": 1 } }";
    let document = read(&format!(
        "STOP\n----\n\nData: None.\n\nExample:\n\n{broken}\n\nNote: x\n"
    ));
    let example = &document.schema.sections[0].examples[0];
    assert_eq!(example.text, broken);
    assert_eq!(example.json, None);
    assert_eq!(
        diagnostics(&document),
        [warning(
            10,
            5,
            "example is not valid JSON: expected `,` or `}`"
        )]
    );
    assert_eq!(document.schema.sections[0].notes.len(), 1);
}

#[test]
fn stray_brace_after_an_example_stays_with_it() {
    // NIC_RX_FILTER_CHANGED (2016).
    let document = read(&format!(
        "STOP\n----\n\nData: None.\n\n{STOP_EXAMPLE}\n}}\n"
    ));
    assert_eq!(document.schema.sections[0].examples[0].json, None);
    assert_eq!(
        diagnostics(&document),
        [warning(
            8,
            1,
            "example is not valid JSON: trailing characters"
        )]
    );
}

#[test]
fn server_arrow_before_an_example() {
    let text = "<- { \"event\": \"STOP\", \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }";
    let document = read_clean(&format!(
        "STOP\n----\n\nData: None.\n\nExample:\n\n{text}\n"
    ));
    let example = &document.schema.sections[0].examples[0];
    assert_eq!(example.text, text);
    assert_eq!(
        example.json,
        Some(serde_json::json!({"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}}))
    );
}

#[test]
fn example_that_is_not_a_whole_message_is_warned_about() {
    // ACPI_DEVICE_OST's, DUMP_COMPLETED's and GUEST_PANICKED's examples (2014 to 2016)
    // have no timestamp: the bindings would refuse them.
    let document = read(
        "STOP\n----\n\nData: None.\n\nExamples:\n\n<- { \"event\": \"STOP\" }\n\n\
         { \"event\": \"STOP\", \"id\": 1, \"timestamp\": { \"seconds\": 1, \"microseconds\": 2.5 } }\n",
    );
    assert_eq!(
        diagnostics(&document),
        [
            warning(
                8,
                4,
                "example lacks \"timestamp\", which QEMU sends with every event"
            ),
            warning(
                10,
                20,
                "example has member 'id', which is not part of a QMP event message"
            ),
            warning(
                10,
                42,
                "example's \"timestamp\" should be an object of \"seconds\" and \"microseconds\", each a 64-bit integer"
            ),
        ]
    );
}

#[test]
fn example_checks_point_into_an_arrowed_example() {
    let document = read(
        "STOP\n----\n\nData: None.\n\nExample:\n\n<- { \"event\": \"RESET\", \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n",
    );
    assert_eq!(
        diagnostics(&document),
        [warning(
            8,
            15,
            "example is for event 'RESET', but this section documents STOP"
        )]
    );
}

#[test]
fn example_agreeing_with_nested_fields_and_enums_reads_cleanly() {
    read_clean(
        "VNC_CONNECTED\n-------------\n\nData:\n\n\
         - \"server\": Server information (json-object)\n  \
         - \"family\": address family (json-string, \"ipv4\" or \"ipv6\")\n  \
         - \"auth\": authentication method (json-string, optional)\n\
         - \"ids\": (json-array of json-int)\n\nExample:\n\n\
         { \"event\": \"VNC_CONNECTED\",\n    \"data\": { \"server\": { \"family\": \"ipv4\" },\n    \
         \"ids\": [1, 2] },\n    \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n",
    );
}

#[test]
fn object_without_listed_members_accepts_any_in_examples() {
    read_clean(
        "DUMP_COMPLETED\n--------------\n\nData:\n\n\
         - \"result\": the result (json-object)\n- \"list\": items (json-array)\n\nExample:\n\n\
         { \"event\": \"DUMP_COMPLETED\",\n  \"data\": { \"result\": { \"total\": 1 }, \
         \"list\": [ { \"a\": 1 } ] },\n  \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n",
    );
}

// ---- Notes ----

#[test]
fn notes_without_their_label() {
    let document = read_clean(
        "WATCHDOG\n--------\n\nData: None.\n\n\
         Note: If action is \"reset\", \"shutdown\", or \"pause\" the WATCHDOG event is\n\
         followed respectively by the RESET, SHUTDOWN, or STOP events.\n\n\
         Note: this event is rate-limited.\n",
    );
    let notes: Vec<(&str, usize)> = document.schema.sections[0]
        .notes
        .iter()
        .map(|n| (n.text.as_str(), n.span.line))
        .collect();
    assert_eq!(
        notes,
        [
            (
                "If action is \"reset\", \"shutdown\", or \"pause\" the WATCHDOG event is \
                 followed respectively by the RESET, SHUTDOWN, or STOP events.",
                6
            ),
            ("this event is rate-limited.", 9),
        ]
    );
}

#[test]
fn free_text_between_blocks_is_description() {
    let document =
        read_clean("STOP\n----\n\nEmitted when stopped.\n\nData: None.\n\nSee also RESUME.\n");
    assert_eq!(
        document.schema.sections[0].description,
        "Emitted when stopped.\n\nSee also RESUME."
    );
}

// ---- Text encoding ----

const UNKNOWN_TYPE: &str = "unknown type 'json-foo'; expected json-string, json-bool, json-int, \
                            json-number, json-object, json-array or json-value";

const SEED: &str = include_str!("../../events-spec/qmp-events.txt");

/// The model as JSON, with trailing blanks of example lines dropped: an example's text is
/// kept exactly as written (its offsets map into the document), trailing blanks included.
fn model_json(document: &Document) -> serde_json::Value {
    fn trim_line_ends(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(text) => {
                *text = text
                    .split('\n')
                    .map(|line| line.trim_end_matches([' ', '\t']))
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(trim_line_ends),
            serde_json::Value::Object(members) => members.values_mut().for_each(trim_line_ends),
            _ => {}
        }
    }
    let mut json = serde_json::to_value(&document.schema).unwrap();
    trim_line_ends(&mut json);
    json
}

/// Compares two models without printing thousands of lines when they differ.
fn assert_same_model(left: &Document, right: &Document) {
    let (left, right) = (model_json(left), model_json(right));
    if left != right {
        let left = serde_json::to_string_pretty(&left).unwrap();
        let right = serde_json::to_string_pretty(&right).unwrap();
        let first = left
            .lines()
            .zip(right.lines())
            .position(|(l, r)| l != r)
            .unwrap_or(0);
        let context = |text: &str| {
            text.lines()
                .skip(first.saturating_sub(5))
                .take(10)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "models differ at line {first}:\n{}\n----\n{}",
            context(&left),
            context(&right)
        );
    }
}

#[test]
fn crlf_line_ends_read_like_lf() {
    let crlf = SEED.replace('\n', "\r\n");
    let document = read_clean(&crlf);
    assert_same_model(&document, &read_clean(SEED));
}

#[test]
fn byte_order_mark_is_skipped() {
    let document = Document::from_bytes("bom.txt", format!("\u{feff}{SEED}").as_bytes());
    assert!(
        document.report.diagnostics.is_empty(),
        "{}",
        document.report
    );
    assert_same_model(&document, &read_clean(SEED));
}

#[test]
fn trailing_spaces_on_every_line() {
    let spaced: String = SEED.lines().map(|line| format!("{line}  \t \n")).collect();
    let document = read_clean(&spaced);
    let seed = read_clean(SEED);
    assert_eq!(document.schema.sections.len(), 15);
    assert_same_model(&document, &seed);
}

#[test]
fn no_final_newline() {
    let document = read_clean(SEED.trim_end());
    assert_same_model(&document, &read_clean(SEED));
    let document = read_clean("STOP\n----\n\nData: None.");
    assert_eq!(document.schema.sections[0].data, Data::None);
}

#[test]
fn all_of_it_at_once() {
    let mangled = format!(
        "\u{feff}{}",
        SEED.trim_end()
            .lines()
            .map(|line| format!("{line} "))
            .collect::<Vec<_>>()
            .join("\r\n")
    );
    assert_same_model(&read_clean(&mangled), &read_clean(SEED));
}

#[test]
fn tab_indented_items_and_columns_with_tab_stops() {
    let document = read(&with_data("\t- \"a\": thing (json-foo)\n"));
    // The tab reaches column 9; "json-foo" starts 14 characters later.
    assert_eq!(
        diagnostics(&document),
        [(Severity::Error, 8, 23, UNKNOWN_TYPE.to_owned())]
    );
}

#[test]
fn multibyte_characters_count_as_one_column() {
    let document = read(&with_data("- \"a\": café (json-foo)\n"));
    assert_eq!(
        diagnostics(&document),
        [(Severity::Error, 8, 14, UNKNOWN_TYPE.to_owned())]
    );
}
