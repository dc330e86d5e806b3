//! The two QAPI schemas bundled in `events-spec/qapi/`, read whole: QEMU 10.0.2 and
//! 7.2.22, as Debian ships them. Their models are pinned by insta snapshots in a compact
//! form (every event and command with its members, every named type they reach), and
//! so are their warnings.

use qmp_schema::{Data, Document, Field, Schema, Selection, Type, TypeKind};
use std::fmt::Write;
use std::path::PathBuf;

fn root(version: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../events-spec/qapi")
        .join(format!("qemu-{version}"))
        .join("qapi-schema.json")
}

/// The schema of a bundled QEMU, which must read without errors. Its one warning about
/// an event is the RTC_CHANGE example that lacks the `qom-path` QEMU 4.1 made required;
/// the others are about command examples QEMU did not update when it changed the
/// commands (members made required, members renamed, JSON left broken).
fn read(version: &str) -> Document {
    let document = Document::read(root(version));
    let report = &document.report;
    assert!(!report.has_errors(), "{}", report.render(false));
    let warnings: Vec<String> = report.warnings().map(|d| report.headline(d)).collect();
    let about_events: Vec<&String> = warnings
        .iter()
        .filter(|warning| warning.contains(": warning: example lacks required member 'data/"))
        .collect();
    assert_eq!(about_events.len(), 1, "{warnings:#?}");
    assert!(
        about_events[0].contains("misc.json:")
            && about_events[0].ends_with("example lacks required member 'data/qom-path'"),
        "{warnings:?}"
    );
    document
}

/// The warnings of a report, one line each, with paths from the schema's folder.
fn warnings(document: &Document) -> String {
    let report = &document.report;
    let mut out = String::new();
    for diagnostic in report.warnings() {
        let line = report.headline(diagnostic);
        let line = match line.find("events-spec/qapi/") {
            Some(at) => &line[at + "events-spec/qapi/".len()..],
            None => &line,
        };
        let context = diagnostic.context.as_deref().unwrap_or("");
        writeln!(out, "{line} [{context}]").unwrap();
    }
    out
}

/// A type as one line of the summary.
fn type_text(ty: &Type) -> String {
    match ty {
        Type::Named(name) => name.clone(),
        Type::Array(element) => format!("[{}]", type_text(element)),
        Type::Object(fields) => format!("{{{}}}", members_text(fields)),
        Type::Enum(values) => {
            let values: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
            format!("enum({})", values.join("|"))
        }
        other => serde_json::to_value(other)
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default(),
    }
}

fn members_text(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|field| {
            let optional = if field.optional { "?" } else { "" };
            let condition = field
                .condition
                .as_ref()
                .map(|c| format!(" if {c}"))
                .unwrap_or_default();
            format!(
                "{}{optional}: {}{condition}",
                field.name,
                type_text(&field.ty)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every event with its members, optionality and types, and every named type reached.
fn summary(schema: &Schema) -> String {
    let mut out = String::new();
    for section in &schema.sections {
        let name = &section.names[0].name;
        let since = section.since.as_deref().unwrap_or("?");
        let condition = section
            .condition
            .as_ref()
            .map(|c| format!(" [if {c}]"))
            .unwrap_or_default();
        let features: Vec<&str> = section.features.iter().map(|f| f.name.as_str()).collect();
        let features = if features.is_empty() {
            String::new()
        } else {
            format!(" [features: {}]", features.join(", "))
        };
        let data = match (&section.data, &section.data_type) {
            (Data::None, _) => "no data".to_owned(),
            (Data::Fields(fields), Some(named)) => {
                format!("{named} = {{{}}}", members_text(fields))
            }
            (Data::Fields(fields), None) => format!("{{{}}}", members_text(fields)),
            (Data::Undescribed { .. }, _) => "undescribed".to_owned(),
        };
        let examples = section.examples.len();
        writeln!(
            out,
            "event {name} (since {since}){condition}{features}: {data}; {examples} example(s)"
        )
        .unwrap();
    }
    for (name, named) in &schema.types {
        let text = match &named.kind {
            TypeKind::Struct { base, members } => {
                let base = base
                    .as_ref()
                    .map(|b| format!(" base {b}"))
                    .unwrap_or_default();
                format!("struct{base} {{{}}}", members_text(members))
            }
            TypeKind::Enum { values } => {
                let values: Vec<String> = values
                    .iter()
                    .map(|v| match &v.condition {
                        Some(c) => format!("{} if {c}", v.value),
                        None => v.value.clone(),
                    })
                    .collect();
                format!("enum {}", values.join(" | "))
            }
            TypeKind::Union {
                members,
                discriminator,
                branches,
                ..
            } => {
                let branches: Vec<String> = branches
                    .iter()
                    .map(|b| format!("{} => {}", b.value, b.ty))
                    .collect();
                format!(
                    "union {{{}}} by {discriminator}: {}",
                    members_text(members),
                    branches.join(", ")
                )
            }
            TypeKind::Alternate { alternatives } => {
                let alternatives: Vec<String> = alternatives
                    .iter()
                    .map(|a| format!("{}: {}", a.name, type_text(&a.ty)))
                    .collect();
                format!("alternate {}", alternatives.join(" | "))
            }
        };
        writeln!(out, "type {name}: {text}").unwrap();
    }
    for command in &schema.commands {
        let since = command.since.as_deref().unwrap_or("?");
        let arguments = match (&command.arguments_type, command.boxed) {
            (Some(named), true) => format!("boxed {named}"),
            (Some(named), false) => format!("{named} = {{{}}}", members_text(&command.arguments)),
            (None, _) => format!("{{{}}}", members_text(&command.arguments)),
        };
        let returns = command
            .returns
            .as_ref()
            .map_or("nothing".to_owned(), type_text);
        let mut flags = Vec::new();
        for (set, flag) in [
            (!command.generated, "gen: false"),
            (!command.success_response, "no success response"),
            (command.allow_oob, "allow-oob"),
            (command.allow_preconfig, "allow-preconfig"),
            (command.coroutine, "coroutine"),
        ] {
            if set {
                flags.push(flag.to_owned());
            }
        }
        flags.extend(command.features.iter().map(|f| f.name.clone()));
        if let Some(condition) = &command.condition {
            flags.push(format!("if {condition}"));
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", flags.join(", "))
        };
        let examples = command.examples.len();
        writeln!(
            out,
            "command {} (since {since}){flags}: {arguments} -> {returns}; {examples} example(s)",
            command.name
        )
        .unwrap();
    }
    out
}

#[test]
fn qemu_10_0_2_has_56_events_reaching_40_named_types() {
    let document = read("10.0.2");
    assert_eq!(document.files().count(), 43);
    assert_eq!(document.schema.commands.len(), 240);
    assert_eq!(document.schema.types.len(), 640);
    insta::assert_snapshot!("qemu_10_0_2_warnings", warnings(&document));
    insta::assert_snapshot!("qemu_10_0_2_whole_model", summary(&document.schema));
    let schema = &Selection::EventsOnly.apply(&document.schema);
    assert_eq!(schema.event_count(), 56);
    assert_eq!(schema.types.len(), 40);
    // Shared types are kept once, by name.
    let users = |name: &str| {
        schema
            .sections
            .iter()
            .filter(|s| {
                s.data
                    .fields()
                    .iter()
                    .any(|f| f.ty == Type::Named(name.into()))
            })
            .count()
    };
    assert_eq!(users("JobType"), 4);
    assert_eq!(users("VncServerInfo"), 3);
    insta::assert_snapshot!("qemu_10_0_2_model", summary(schema));
}

#[test]
fn qemu_7_2_22_has_52_events() {
    let document = read("7.2.22");
    assert_eq!(document.files().count(), 38);
    assert_eq!(document.schema.event_count(), 52);
    assert_eq!(document.schema.commands.len(), 220);
    insta::assert_snapshot!("qemu_7_2_22_warnings", warnings(&document));
    insta::assert_snapshot!("qemu_7_2_22_whole_model", summary(&document.schema));
    let events_only = Selection::EventsOnly.apply(&document.schema);
    insta::assert_snapshot!("qemu_7_2_22_model", summary(&events_only));
}

#[test]
fn every_file_of_the_schema_is_listed_once_root_first() {
    let document = read("10.0.2");
    let files: Vec<&str> = document.files().collect();
    assert!(files[0].ends_with("qemu-10.0.2/qapi-schema.json"));
    let mut unique = files.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), files.len());
}

#[test]
fn the_schema_json_follows_the_contract() {
    let document = read("10.0.2");
    let json = serde_json::to_value(&document.schema).unwrap();
    let sections = json["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 56);
    let block_io_error = sections
        .iter()
        .find(|s| s["names"][0] == "BLOCK_IO_ERROR")
        .unwrap();
    assert_eq!(
        block_io_error["names"],
        serde_json::json!(["BLOCK_IO_ERROR"])
    );
    let qom_path = &block_io_error["data"][0];
    assert_eq!(qom_path["name"], "qom-path");
    assert_eq!(qom_path["optional"], false);
    assert_eq!(qom_path["type"], "string");
    let action = block_io_error["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "action")
        .unwrap();
    assert_eq!(
        action["type"],
        serde_json::json!({"ref": "BlockErrorAction"})
    );
    assert_eq!(json["types"]["BlockErrorAction"]["kind"], "enum");
    let stop = sections.iter().find(|s| s["names"][0] == "STOP").unwrap();
    assert_eq!(stop["data"], serde_json::Value::Null);
    let balloon = sections
        .iter()
        .find(|s| s["names"][0] == "HV_BALLOON_STATUS_REPORT")
        .unwrap();
    let names: Vec<&str> = balloon["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["committed", "available"]);
    let commands = json["commands"].as_array().unwrap();
    assert_eq!(commands.len(), 240);
    let command = |name: &str| commands.iter().find(|c| c["name"] == name).unwrap();
    let status = command("query-status");
    assert_eq!(status["arguments"], serde_json::json!([]));
    assert_eq!(status["returns"], serde_json::json!({"ref": "StatusInfo"}));
    assert_eq!(status["allow_preconfig"], true);
    let device_add = command("device_add");
    assert_eq!(device_add["generated"], false);
    assert_eq!(device_add["arguments"][0]["name"], "driver");
    let blockdev_add = command("blockdev-add");
    assert_eq!(blockdev_add["boxed"], true);
    assert_eq!(blockdev_add["arguments_type"], "BlockdevOptions");
    assert_eq!(blockdev_add["returns"], serde_json::Value::Null);
    let cpus = command("query-cpus-fast");
    assert_eq!(
        cpus["returns"],
        serde_json::json!({"array": {"ref": "CpuInfoFast"}})
    );
    let quit = command("quit");
    assert!(quit["examples"][0]["messages"][0]["json"]["execute"] == "quit");
    assert_eq!(quit["examples"][0]["messages"][0]["direction"], "to-qemu");
}
