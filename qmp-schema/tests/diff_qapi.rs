//! `qmp-codegen diff` on QAPI schemas: a small pair of schemas (read from memory) for
//! each kind of change to events, commands (arguments the caller builds, returns it
//! decodes) and the named types they share, each checked for the change, its verdict,
//! its Rust item and its phrase; the bundled QEMU 7.2.22 and 10.0.2 schemas against each
//! other (snapshots of the text and the JSON, and the docs' copy of the text) and each
//! against itself; the command's exit status on QAPI input.

use qmp_schema::diff::{self, Change, ChangeKind, Compatibility, Diff};
use qmp_schema::{Document, MemoryFiles, Schema};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_qmp-codegen");
const QEMU_7_2: &str = "events-spec/qapi/qemu-7.2.22/qapi-schema.json";
const QEMU_10_0: &str = "events-spec/qapi/qemu-10.0.2/qapi-schema.json";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Reads a one-file QAPI schema from memory; it must have no errors.
fn qapi(text: &str) -> Schema {
    let files = MemoryFiles::new().with("qapi/schema.json", text);
    let document = Document::from_loader("qapi/schema.json", None, &files);
    assert!(
        !document.report.has_errors(),
        "{}",
        document.report.render(false)
    );
    document.schema
}

fn diff_of(old: &str, new: &str) -> Diff {
    diff::diff(&qapi(old), &qapi(new))
}

fn schema_of(path: &str) -> Schema {
    let document = Document::read(workspace().join(path));
    assert!(!document.report.has_errors(), "{}", document.report);
    document.schema
}

/// The one change matching `is_kind`; fails unless there is exactly one.
fn only(diff: &Diff, is_kind: impl Fn(&ChangeKind) -> bool) -> &Change {
    let found: Vec<&Change> = diff.changes().filter(|c| is_kind(&c.kind)).collect();
    assert_eq!(found.len(), 1, "one change expected in {diff:#?}");
    found[0]
}

/// Asserts a change's verdict, its Rust item and that it says why.
fn assert_change(change: &Change, compatibility: Compatibility, rust: &str) {
    assert_eq!(change.compatibility, compatibility, "{change:#?}");
    assert_eq!(change.rust.as_deref(), Some(rust), "{change:#?}");
    assert!(!change.why.is_empty(), "{change:#?}");
}

/// The wire names of the event groups.
fn event_groups(diff: &Diff) -> Vec<&str> {
    diff.events
        .iter()
        .flat_map(|group| group.names.iter().map(String::as_str))
        .collect()
}

// ---------------------------------------------------------------- events

const STOP: &str = "{ 'event': 'STOP' }\n";
const IO_ERROR: &str = "{ 'event': 'IO_ERROR', 'data': { 'device': 'str', '*id': 'int' } }\n";

#[test]
fn event_added_is_compatible_and_event_removed_breaks() {
    let both = format!("{STOP}{IO_ERROR}");
    let added = diff_of(STOP, &both);
    let change = only(&added, |k| matches!(k, ChangeKind::EventAdded { .. }));
    assert_change(change, Compatibility::Compatible, "Event::IoError");
    assert!(!added.is_breaking());

    let removed = diff_of(&both, STOP);
    let change = only(&removed, |k| matches!(k, ChangeKind::EventRemoved { .. }));
    assert_change(change, Compatibility::Breaking, "Event::IoError");
    assert_eq!(event_groups(&removed), ["IO_ERROR"]);
}

#[test]
fn required_member_added_breaks_because_older_qemus_omit_it() {
    let new =
        "{ 'event': 'IO_ERROR', 'data': { 'qom-path': 'str', 'device': 'str', '*id': 'int' } }";
    let diff = diff_of(IO_ERROR, new);
    let change = only(&diff, |k| {
        matches!(
            k,
            ChangeKind::FieldAdded {
                optional: false,
                ..
            }
        )
    });
    assert_change(change, Compatibility::Breaking, "IoError.qom_path");
    assert_eq!(change.path, "data.qom-path");
    assert!(change.why.contains("no longer decode"), "{}", change.why);
}

#[test]
fn optional_member_added_is_compatible_and_member_removed_breaks() {
    let more = "{ 'event': 'IO_ERROR', 'data': { 'device': 'str', '*id': 'int', '*why': 'str' } }";
    let diff = diff_of(IO_ERROR, more);
    let change = only(
        &diff,
        |k| matches!(k, ChangeKind::FieldAdded { optional: true, rust_type } if rust_type == "Option<String>"),
    );
    assert_change(change, Compatibility::Compatible, "IoError.why");

    let diff = diff_of(more, IO_ERROR);
    let change = only(&diff, |k| matches!(k, ChangeKind::FieldRemoved { .. }));
    assert_change(change, Compatibility::Breaking, "IoError.why");
}

#[test]
fn optionality_changes_break_both_ways() {
    let required = "{ 'event': 'IO_ERROR', 'data': { 'device': 'str', 'id': 'int' } }";
    let diff = diff_of(IO_ERROR, required);
    let change = only(&diff, |k| matches!(k, ChangeKind::MadeRequired { .. }));
    assert_change(change, Compatibility::Breaking, "IoError.id");
    let diff = diff_of(required, IO_ERROR);
    let change = only(&diff, |k| matches!(k, ChangeKind::MadeOptional { .. }));
    assert_change(change, Compatibility::Breaking, "IoError.id");
}

#[test]
fn integer_width_changes_are_type_changes_in_qapi_words() {
    let wider = "{ 'event': 'IO_ERROR', 'data': { 'device': 'str', '*id': 'uint64' } }";
    let diff = diff_of(IO_ERROR, wider);
    let change = only(&diff, |k| matches!(k, ChangeKind::TypeChanged { .. }));
    assert_change(change, Compatibility::Breaking, "IoError.id");
    let ChangeKind::TypeChanged {
        old_json,
        new_json,
        old_rust,
        new_rust,
    } = &change.kind
    else {
        unreachable!()
    };
    assert_eq!(
        (
            old_json.as_str(),
            new_json.as_str(),
            old_rust.as_str(),
            new_rust.as_str()
        ),
        ("int", "uint64", "i64", "u64")
    );
    // Negative values no longer decode: the phrase says which range is left.
    assert!(change.why.contains("uint64's range"), "{}", change.why);
}

#[test]
fn spellings_of_one_rust_type_are_no_change() {
    let int64 = "{ 'event': 'IO_ERROR', 'data': { 'device': 'str', '*id': 'int64' } }";
    assert!(diff_of(IO_ERROR, int64).is_empty());
    let size = "{ 'event': 'E', 'data': { 'n': 'size' } }";
    let uint64 = "{ 'event': 'E', 'data': { 'n': 'uint64' } }";
    assert!(diff_of(size, uint64).is_empty());
}

const TYPES_A_B: &str = "{ 'struct': 'A', 'data': { 'x': 'int' } }\n\
                         { 'struct': 'B', 'data': { 'x': 'int' } }\n";

#[test]
fn a_members_named_type_changing_is_a_type_change() {
    let old = format!("{TYPES_A_B}{{ 'event': 'E', 'data': {{ 'v': 'A', 'w': 'B' }} }}");
    let new = format!("{TYPES_A_B}{{ 'event': 'E', 'data': {{ 'v': 'B', 'w': 'B' }} }}");
    let diff = diff_of(&old, &new);
    let change = only(&diff, |k| matches!(k, ChangeKind::TypeChanged { .. }));
    assert_change(change, Compatibility::Breaking, "E.v");
    assert_eq!(change.path, "data.v");
    assert!(
        matches!(&change.kind, ChangeKind::TypeChanged { old_json, new_json, old_rust, new_rust }
            if old_json == "A" && new_json == "B" && old_rust == "A" && new_rust == "B"),
        "{change:#?}"
    );
}

#[test]
fn event_data_moving_into_a_named_struct_renames_the_payload_type() {
    let old = "{ 'event': 'E', 'data': { 'x': 'int' } }";
    let new = format!("{TYPES_A_B}{{ 'event': 'E', 'data': 'A' }}");
    let diff = diff_of(old, &new);
    let change = only(&diff, |k| {
        matches!(k, ChangeKind::PayloadTypeRenamed { .. })
    });
    assert_eq!(change.compatibility, Compatibility::Breaking);
    let ChangeKind::PayloadTypeRenamed { old, new } = &change.kind else {
        unreachable!()
    };
    assert_eq!((old.name.as_str(), new.name.as_str()), ("E", "A"));
    // The members are the same: nothing else changed.
    assert_eq!(diff.changes().count(), 1, "{diff:#?}");
}

// ---------------------------------------------------------------- shared named types

const JOB_TYPE: &str = "{ 'enum': 'JobType', 'data': [ 'commit', 'stream' ] }\n";
const JOB_TYPE_3: &str = "{ 'enum': 'JobType', 'data': [ 'commit', 'stream', 'mirror' ] }\n";
const JOB_EVENTS: &str = "{ 'event': 'JOB_CANCELLED', 'data': { 'type': 'JobType' } }\n\
                          { 'event': 'JOB_COMPLETED', 'data': { 'type': 'JobType' } }\n\
                          { 'event': 'JOB_ERROR', 'data': { 'types': [ 'JobType' ] } }\n\
                          { 'event': 'OTHER', 'data': { 'n': 'int' } }\n";

#[test]
fn a_value_added_to_a_shared_enum_is_one_change_naming_its_events() {
    let diff = diff_of(
        &format!("{JOB_TYPE}{JOB_EVENTS}"),
        &format!("{JOB_TYPE_3}{JOB_EVENTS}"),
    );
    assert!(event_groups(&diff).is_empty(), "{:#?}", diff.events);
    assert_eq!(diff.types.len(), 1, "{:#?}", diff.types);
    let group = diff.named_type("JobType").expect("JobType changed");
    assert_eq!(group.kind, "enum");
    assert_eq!(group.rust, "JobType");
    assert_eq!(
        group.events,
        ["JOB_CANCELLED", "JOB_COMPLETED", "JOB_ERROR"]
    );
    let change = only(
        &diff,
        |k| matches!(k, ChangeKind::EnumValueAdded { value } if value == "mirror"),
    );
    assert_change(change, Compatibility::Compatible, "JobType::Mirror");
    assert_eq!(change.path, "");
    assert_eq!((diff.breaking_count(), diff.compatible_count()), (0, 1));
}

#[test]
fn a_value_removed_from_a_shared_enum_breaks() {
    let diff = diff_of(
        &format!("{JOB_TYPE_3}{JOB_EVENTS}"),
        &format!("{JOB_TYPE}{JOB_EVENTS}"),
    );
    let change = only(&diff, |k| matches!(k, ChangeKind::EnumValueRemoved { .. }));
    assert_change(change, Compatibility::Breaking, "JobType::Mirror");
    assert!(diff.is_breaking());
}

const INFO_EVENTS: &str = "{ 'event': 'CONNECTED', 'data': { 'server': 'Info' } }\n\
                           { 'event': 'DISCONNECTED', 'data': 'Info' }\n";

#[test]
fn a_member_added_to_a_shared_struct_is_reported_once_under_the_type() {
    let old = format!("{{ 'struct': 'Info', 'data': {{ 'host': 'str' }} }}\n{INFO_EVENTS}");
    let new = format!(
        "{{ 'struct': 'Info', 'data': {{ 'host': 'str', 'port': 'uint16' }} }}\n{INFO_EVENTS}"
    );
    let diff = diff_of(&old, &new);
    // DISCONNECTED's data is the struct itself: its member list changed too, but that is
    // the type's change, not the event's.
    assert!(event_groups(&diff).is_empty(), "{:#?}", diff.events);
    let group = diff.named_type("Info").expect("Info changed");
    assert_eq!(group.events, ["CONNECTED", "DISCONNECTED"]);
    let change = only(
        &diff,
        |k| matches!(k, ChangeKind::FieldAdded { optional: false, rust_type } if rust_type == "u16"),
    );
    assert_change(change, Compatibility::Breaking, "Info.port");
    assert_eq!(change.path, "port");
}

#[test]
fn base_members_count_as_the_structs_own() {
    let old = "{ 'struct': 'Base', 'data': { 'host': 'str' } }\n\
               { 'struct': 'Info', 'base': 'Base', 'data': { 'port': 'int' } }\n\
               { 'event': 'E', 'data': { 'i': 'Info' } }";
    let new = old.replace("'host': 'str'", "'host': 'str', '*family': 'str'");
    let diff = diff_of(old, &new);
    // Base and Info both carry it: each is a generated struct of its own.
    let added: Vec<&str> = diff
        .changes()
        .filter(|c| matches!(c.kind, ChangeKind::FieldAdded { .. }))
        .filter_map(|c| c.rust.as_deref())
        .collect();
    assert_eq!(added, ["Base.family", "Info.family"]);
}

// ---------------------------------------------------------------- unions

const ADDRESS_TYPES: &str = "{ 'struct': 'Inet', 'data': { 'host': 'str', 'port': 'str' } }\n\
                             { 'struct': 'Unix', 'data': { 'path': 'str' } }\n\
                             { 'struct': 'Fd', 'data': { 'str': 'str' } }\n\
                             { 'struct': 'Str', 'data': { 'str': 'str' } }\n";

fn address(values: &str, branches: &str) -> String {
    format!(
        "{ADDRESS_TYPES}{{ 'enum': 'AddressType', 'data': [ {values} ] }}\n\
         {{ 'union': 'Address', 'base': {{ 'type': 'AddressType' }}, 'discriminator': 'type', \
         'data': {{ {branches} }} }}\n\
         {{ 'event': 'CONNECTED', 'data': {{ 'addr': 'Address' }} }}\n\
         {{ 'event': 'OPENED', 'data': {{ 'addrs': [ 'Address' ] }} }}\n"
    )
}

#[test]
fn a_union_variant_added_is_compatible_and_removed_breaks() {
    let two = address("'inet', 'unix'", "'inet': 'Inet', 'unix': 'Unix'");
    let three = address(
        "'inet', 'unix', 'fd'",
        "'inet': 'Inet', 'unix': 'Unix', 'fd': 'Fd'",
    );
    let diff = diff_of(&two, &three);
    let change = only(
        &diff,
        |k| matches!(k, ChangeKind::UnionVariantAdded { value, rust_type } if value == "fd" && rust_type == "Fd"),
    );
    assert_change(change, Compatibility::Compatible, "Address::Fd");
    assert!(change.why.contains("Address::Other"), "{}", change.why);
    let group = diff.named_type("Address").expect("Address changed");
    assert_eq!(
        (group.kind, &group.events[..]),
        ("union", &["CONNECTED".to_owned(), "OPENED".to_owned()][..])
    );
    // The discriminator's enum is a type of its own, and changed too.
    let value = only(&diff, |k| matches!(k, ChangeKind::EnumValueAdded { .. }));
    assert_change(value, Compatibility::Compatible, "AddressType::Fd");
    assert!(!diff.is_breaking());

    let diff = diff_of(&three, &two);
    let change = only(&diff, |k| {
        matches!(k, ChangeKind::UnionVariantRemoved { .. })
    });
    assert_change(change, Compatibility::Breaking, "Address::Fd");
}

#[test]
fn a_union_branch_of_another_type_breaks() {
    let old = address("'inet', 'fd'", "'inet': 'Inet', 'fd': 'Str'");
    let new = address("'inet', 'fd'", "'inet': 'Inet', 'fd': 'Fd'");
    let diff = diff_of(&old, &new);
    let change = only(&diff, |k| {
        matches!(k, ChangeKind::UnionVariantChanged { .. })
    });
    assert_change(change, Compatibility::Breaking, "Address::Fd");
    let ChangeKind::UnionVariantChanged {
        old_branch,
        new_branch,
        old_rust,
        new_rust,
        ..
    } = &change.kind
    else {
        unreachable!()
    };
    assert_eq!(
        (old_branch.as_deref(), new_branch.as_deref()),
        (Some("Str"), Some("Fd"))
    );
    assert_eq!((old_rust.as_str(), new_rust.as_str()), ("Str", "Fd"));
}

#[test]
fn a_branch_added_for_a_value_without_one_breaks() {
    let old = address("'inet', 'fd'", "'inet': 'Inet'");
    let new = address("'inet', 'fd'", "'inet': 'Inet', 'fd': 'Fd'");
    let diff = diff_of(&old, &new);
    let change = only(&diff, |k| {
        matches!(k, ChangeKind::UnionVariantChanged { .. })
    });
    assert_change(change, Compatibility::Breaking, "Address::Fd");
    assert!(
        matches!(&change.kind, ChangeKind::UnionVariantChanged { old_branch: None, new_branch: Some(fd), old_rust, .. }
            if fd == "Fd" && old_rust.starts_with("serde_json::Map")),
        "{change:#?}"
    );
}

#[test]
fn a_unions_common_member_is_reported_once_not_per_variant() {
    let union = |base: &str| {
        format!(
            "{ADDRESS_TYPES}{{ 'enum': 'AddressType', 'data': [ 'inet', 'unix' ] }}\n\
             {{ 'union': 'Address', 'base': {{ 'type': 'AddressType', {base} }}, \
             'discriminator': 'type', 'data': {{ 'inet': 'Inet', 'unix': 'Unix' }} }}\n\
             {{ 'event': 'CONNECTED', 'data': {{ 'addr': 'Address' }} }}\n"
        )
    };
    let diff = diff_of(&union("'id': 'str'"), &union("'id': 'str', '*tag': 'str'"));
    let change = only(&diff, |k| matches!(k, ChangeKind::FieldAdded { .. }));
    assert_eq!(change.compatibility, Compatibility::Compatible);
    // The union's struct holds its common members once, beside its branch.
    assert_eq!(change.rust.as_deref(), Some("Address.tag"));
    assert_eq!(diff.named_type("Address").map(|g| g.changes.len()), Some(1));
}

// ---------------------------------------------------------------- alternates

fn alternate(data: &str) -> String {
    format!(
        "{TYPES_A_B}{{ 'alternate': 'Alt', 'data': {{ {data} }} }}\n\
         {{ 'event': 'E', 'data': {{ 'v': 'Alt' }} }}\n"
    )
}

#[test]
fn alternatives_added_removed_and_retyped() {
    let one = alternate("'name': 'str'");
    let two = alternate("'name': 'str', 'object': 'A'");
    let diff = diff_of(&one, &two);
    let change = only(
        &diff,
        |k| matches!(k, ChangeKind::AlternativeAdded { name, rust_type } if name == "object" && rust_type == "A"),
    );
    assert_change(change, Compatibility::Compatible, "Alt::Object");

    let diff = diff_of(&two, &one);
    let change = only(&diff, |k| {
        matches!(k, ChangeKind::AlternativeRemoved { .. })
    });
    assert_change(change, Compatibility::Breaking, "Alt::Object");

    let diff = diff_of(&two, &alternate("'name': 'str', 'object': 'B'"));
    let change = only(&diff, |k| matches!(k, ChangeKind::TypeChanged { .. }));
    assert_change(change, Compatibility::Breaking, "Alt::Object");
    assert_eq!(change.path, "object");
}

#[test]
fn a_named_type_of_another_kind_breaks() {
    let old = format!(
        "{TYPES_A_B}{{ 'struct': 'T', 'data': {{ 'a': 'A' }} }}\n{{ 'event': 'E', 'data': {{ 't': 'T' }} }}"
    );
    let new = format!(
        "{TYPES_A_B}{{ 'alternate': 'T', 'data': {{ 'a': 'A', 'n': 'int' }} }}\n{{ 'event': 'E', 'data': {{ 't': 'T' }} }}"
    );
    let diff = diff_of(&old, &new);
    let change = only(
        &diff,
        |k| matches!(k, ChangeKind::TypeKindChanged { old, new } if old == "struct" && new == "alternate"),
    );
    assert_change(change, Compatibility::Breaking, "T");
}

// ---------------------------------------------------------------- features, conditions

#[test]
fn a_deprecated_event_is_a_compatible_note() {
    let diff = diff_of(STOP, "{ 'event': 'STOP', 'features': [ 'deprecated' ] }");
    let change = only(
        &diff,
        |k| matches!(k, ChangeKind::FeatureAdded { feature } if feature == "deprecated"),
    );
    assert_change(change, Compatibility::Compatible, "Event::Stop");
    assert!(change.why.contains("deprecates"), "{}", change.why);
    let diff = diff_of("{ 'event': 'STOP', 'features': [ 'deprecated' ] }", STOP);
    let change = only(&diff, |k| matches!(k, ChangeKind::FeatureRemoved { .. }));
    assert_change(change, Compatibility::Compatible, "Event::Stop");
}

#[test]
fn removing_what_was_deprecated_still_breaks_and_says_it_was_announced() {
    let old = "{ 'event': 'E', 'data': { 'a': 'str', 'b': { 'type': 'str', 'features': [ 'deprecated' ] } } }";
    let new = "{ 'event': 'E', 'data': { 'a': 'str' } }";
    let diff = diff_of(old, new);
    let change = only(&diff, |k| {
        matches!(
            k,
            ChangeKind::FieldRemoved {
                was_deprecated: true,
                ..
            }
        )
    });
    assert_change(change, Compatibility::Breaking, "E.b");
    assert!(
        change.why.contains("QEMU had deprecated it"),
        "{}",
        change.why
    );
    let plain = diff_of(
        &old.replace("'features': [ 'deprecated' ]", "'features': []"),
        new,
    );
    let change = only(&plain, |k| matches!(k, ChangeKind::FieldRemoved { .. }));
    assert!(!change.why.contains("deprecated"), "{}", change.why);
}

#[test]
fn features_of_members_and_enum_values() {
    let old = "{ 'enum': 'Mode', 'data': [ 'a', 'b' ] }\n\
               { 'event': 'E', 'data': { 'm': 'Mode' } }";
    let new = "{ 'enum': 'Mode', 'data': [ 'a', { 'name': 'b', 'features': [ 'deprecated' ] } ] }\n\
               { 'event': 'E', 'data': { 'm': { 'type': 'Mode', 'features': [ 'unstable' ] } } }";
    let diff = diff_of(old, new);
    let member = only(
        &diff,
        |k| matches!(k, ChangeKind::FeatureAdded { feature } if feature == "unstable"),
    );
    assert_change(member, Compatibility::Compatible, "E.m");
    assert_eq!(member.path, "data.m");
    let value = only(
        &diff,
        |k| matches!(k, ChangeKind::FeatureAdded { feature } if feature == "deprecated"),
    );
    assert_change(value, Compatibility::Compatible, "Mode::B");
    assert_eq!(
        diff.named_type("Mode").map(|g| g.events.clone()),
        Some(vec!["E".to_owned()])
    );
}

#[test]
fn build_conditions_appearing_changing_and_going() {
    // A conditional argument needs the arguments boxed in a struct, as in QEMU.
    let plain = "{ 'struct': 'EArgs', 'data': { 'a': 'str' } }\n\
                 { 'event': 'E', 'data': 'EArgs', 'boxed': true }";
    let conditioned = "{ 'struct': 'EArgs', 'data': { 'a': { 'type': 'str', 'if': 'CONFIG_A' } } }\n\
                       { 'event': 'E', 'data': 'EArgs', 'boxed': true, \
                       'if': { 'all': [ 'CONFIG_X', 'CONFIG_Y' ] } }";
    let diff = diff_of(plain, conditioned);
    let conditions: Vec<(&str, Option<&str>)> = diff
        .changes()
        .filter_map(|c| match &c.kind {
            ChangeKind::ConditionChanged { old: None, new } => {
                Some((c.rust.as_deref().unwrap_or(""), new.as_deref()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        conditions,
        [
            ("Event::E", Some("CONFIG_X and CONFIG_Y")),
            ("EArgs.a", Some("CONFIG_A"))
        ]
    );
    assert!(!diff.is_breaking());
    let back = diff_of(conditioned, plain);
    assert_eq!(back.compatible_count(), 2);
    assert!(
        back.changes()
            .all(|c| matches!(&c.kind, ChangeKind::ConditionChanged { new: None, .. }))
    );
}

// ---------------------------------------------------------------- commands

/// The changes of a command's group; fails if the command did not change.
fn command_changes<'d>(diff: &'d Diff, wire: &str) -> &'d [Change] {
    &diff
        .command(wire)
        .unwrap_or_else(|| panic!("{wire} changed: {diff:#?}"))
        .changes
}

const EJECT: &str = "{ 'command': 'eject', 'data': { 'id': 'str', '*force': 'bool' } }\n";
const QUERY_INFO: &str = "{ 'struct': 'Info', 'data': { 'name': 'str', '*size': 'int' } }\n\
                          { 'command': 'query-info', 'returns': [ 'Info' ] }\n";

#[test]
fn command_added_is_compatible_and_command_removed_breaks() {
    let both = format!("{EJECT}{QUERY_INFO}");
    let added = diff_of(EJECT, &both);
    let change = only(&added, |k| matches!(k, ChangeKind::CommandAdded { .. }));
    assert_change(change, Compatibility::Compatible, "commands::QueryInfo");
    assert!(
        matches!(&change.kind, ChangeKind::CommandAdded { returns } if returns == "Vec<Info>"),
        "{change:#?}"
    );
    assert!(change.why.contains("AnyCommand::Unknown"), "{}", change.why);
    assert_eq!(added.commands.len(), 1, "{:#?}", added.commands);
    assert_eq!(added.commands[0].name, "query-info");
    assert!(!added.is_breaking());

    let removed = diff_of(&both, EJECT);
    let change = only(&removed, |k| {
        matches!(
            k,
            ChangeKind::CommandRemoved {
                was_deprecated: false,
                ..
            }
        )
    });
    assert_change(change, Compatibility::Breaking, "commands::QueryInfo");
    // Info went with the command: no group of its own.
    assert!(removed.types.is_empty(), "{:#?}", removed.types);
    assert_eq!(
        (removed.breaking_count(), removed.compatible_count()),
        (1, 0)
    );
}

#[test]
fn removing_a_deprecated_command_says_it_was_announced() {
    let old = "{ 'command': 'x-old', 'features': [ 'deprecated' ] }\n{ 'command': 'stop' }";
    let diff = diff_of(old, "{ 'command': 'stop' }");
    let change = only(&diff, |k| {
        matches!(
            k,
            ChangeKind::CommandRemoved {
                was_deprecated: true,
                returns
            } if returns == "Empty"
        )
    });
    assert_change(change, Compatibility::Breaking, "commands::XOld");
    assert!(
        change.why.ends_with("QEMU had deprecated it"),
        "{}",
        change.why
    );
}

#[test]
fn required_argument_added_breaks_callers() {
    let new = "{ 'command': 'eject', 'data': { 'id': 'str', 'slot': 'int', '*force': 'bool' } }";
    let diff = diff_of(EJECT, new);
    let change = only(
        &diff,
        |k| matches!(k, ChangeKind::FieldAdded { optional: false, rust_type } if rust_type == "i64"),
    );
    assert_change(change, Compatibility::Breaking, "commands::Eject.slot");
    assert_eq!(change.path, "arguments.slot");
    // The caller builds arguments: nothing is decoded, code must give the new field.
    assert!(
        change.why.contains("callers must give it"),
        "{}",
        change.why
    );
    assert!(change.why.contains("`commands::Eject`"), "{}", change.why);
    assert!(!change.why.contains("decode"), "{}", change.why);
}

#[test]
fn optional_argument_added_is_compatible_and_says_what_struct_literals_need() {
    let new = "{ 'command': 'eject', 'data': { 'id': 'str', '*force': 'bool', '*why': 'str' } }";
    let diff = diff_of(EJECT, new);
    let change = only(
        &diff,
        |k| matches!(k, ChangeKind::FieldAdded { optional: true, rust_type } if rust_type == "Option<String>"),
    );
    assert_change(change, Compatibility::Compatible, "commands::Eject.why");
    // `Eject` has a required argument, so no `Default`: a literal lists every field.
    assert!(
        change.why.contains("struct literals must name it"),
        "{}",
        change.why
    );
    assert!(!diff.is_breaking());
}

#[test]
fn argument_removed_or_retyped_or_made_optional_breaks() {
    let removed = diff_of(EJECT, "{ 'command': 'eject', 'data': { 'id': 'str' } }");
    let change = only(&removed, |k| matches!(k, ChangeKind::FieldRemoved { .. }));
    assert_change(change, Compatibility::Breaking, "commands::Eject.force");
    assert!(change.why.contains("code setting"), "{}", change.why);

    let retyped = diff_of(
        EJECT,
        "{ 'command': 'eject', 'data': { 'id': 'int', '*force': 'bool' } }",
    );
    let change = only(&retyped, |k| matches!(k, ChangeKind::TypeChanged { .. }));
    assert_change(change, Compatibility::Breaking, "commands::Eject.id");
    assert_eq!(change.path, "arguments.id");

    let optional = diff_of(
        EJECT,
        "{ 'command': 'eject', 'data': { '*id': 'str', '*force': 'bool' } }",
    );
    let change = only(&optional, |k| matches!(k, ChangeKind::MadeOptional { .. }));
    assert_change(change, Compatibility::Breaking, "commands::Eject.id");
    assert!(
        change.why.contains("code setting it as `String`"),
        "{}",
        change.why
    );
}

#[test]
fn return_type_changed_breaks() {
    let single = QUERY_INFO.replace("[ 'Info' ]", "'Info'");
    let diff = diff_of(QUERY_INFO, &single);
    let change = only(&diff, |k| matches!(k, ChangeKind::ReturnsChanged { .. }));
    assert_change(change, Compatibility::Breaking, "commands::QueryInfo");
    assert_eq!(change.path, "return");
    let ChangeKind::ReturnsChanged {
        old_json,
        new_json,
        old_rust,
        new_rust,
    } = &change.kind
    else {
        unreachable!()
    };
    assert_eq!(
        (
            old_json.as_deref(),
            new_json.as_deref(),
            old_rust.as_str(),
            new_rust.as_str()
        ),
        (Some("['Info']"), Some("Info"), "Vec<Info>", "Info")
    );
    assert_eq!(
        diff::render::headline(change),
        "return: type changed from ['Info'] (`type Returns = Vec<Info>`) to Info (`type Returns = Info`)"
    );
    // A command that starts returning something no longer returns `Empty`.
    let diff = diff_of(
        "{ 'command': 'stop' }",
        "{ 'command': 'stop', 'returns': 'int' }",
    );
    let change = only(
        &diff,
        |k| matches!(k, ChangeKind::ReturnsChanged { old_json: None, old_rust, .. } if old_rust == "Empty"),
    );
    assert_eq!(change.compatibility, Compatibility::Breaking);
    // `int` and `int64` are one Rust type.
    assert!(
        diff_of(
            "{ 'command': 'c', 'returns': 'int' }",
            "{ 'command': 'c', 'returns': 'int64' }"
        )
        .is_empty()
    );
}

#[test]
fn return_member_removed_or_made_optional_breaks_and_added_optional_is_compatible() {
    let removed = diff_of(QUERY_INFO, &QUERY_INFO.replace(", '*size': 'int'", ""));
    let change = only(&removed, |k| matches!(k, ChangeKind::FieldRemoved { .. }));
    assert_change(change, Compatibility::Breaking, "Info.size");
    assert!(change.why.contains("code reading"), "{}", change.why);
    let group = removed.named_type("Info").expect("Info changed");
    assert_eq!(group.returned_by, ["query-info"]);
    assert!(group.arguments_of.is_empty() && group.events.is_empty());
    // The type's changes are the type's, not the command's.
    assert!(removed.commands.is_empty(), "{:#?}", removed.commands);

    let optional = diff_of(QUERY_INFO, &QUERY_INFO.replace("'name'", "'*name'"));
    let change = only(&optional, |k| matches!(k, ChangeKind::MadeOptional { .. }));
    assert_change(change, Compatibility::Breaking, "Info.name");
    assert!(
        change.why.contains("code reading it as `String`"),
        "{}",
        change.why
    );

    let added = diff_of(
        QUERY_INFO,
        &QUERY_INFO.replace("'*size': 'int'", "'*size': 'int', '*id': 'str'"),
    );
    let change = only(&added, |k| {
        matches!(k, ChangeKind::FieldAdded { optional: true, .. })
    });
    assert_change(change, Compatibility::Compatible, "Info.id");
    assert!(!added.is_breaking());
}

#[test]
fn required_return_member_added_breaks_because_older_qemus_omit_it() {
    // As for events: the new bindings reject every reply of an older QEMU.
    let diff = diff_of(
        QUERY_INFO,
        &QUERY_INFO.replace("'*size': 'int'", "'*size': 'int', 'id': 'str'"),
    );
    let change = only(&diff, |k| {
        matches!(
            k,
            ChangeKind::FieldAdded {
                optional: false,
                ..
            }
        )
    });
    assert_change(change, Compatibility::Breaking, "Info.id");
    assert!(
        change
            .why
            .starts_with("replies without it (as an older QEMU sends them)"),
        "{}",
        change.why
    );
}

#[test]
fn a_deprecated_command_or_argument_is_a_compatible_note() {
    let new = "{ 'command': 'eject', 'features': [ 'deprecated' ], \
               'data': { 'id': 'str', '*force': { 'type': 'bool', 'features': [ 'unstable' ] } } }";
    let diff = diff_of(EJECT, new);
    let command = only(
        &diff,
        |k| matches!(k, ChangeKind::FeatureAdded { feature } if feature == "deprecated"),
    );
    assert_change(command, Compatibility::Compatible, "commands::Eject");
    assert_eq!(command.path, "");
    assert!(command.why.contains("deprecates"), "{}", command.why);
    let argument = only(
        &diff,
        |k| matches!(k, ChangeKind::FeatureAdded { feature } if feature == "unstable"),
    );
    assert_change(argument, Compatibility::Compatible, "commands::Eject.force");
    assert_eq!(argument.path, "arguments.force");
    assert!(!diff.is_breaking());
    let conditioned = diff_of(EJECT, &EJECT.replace(" }\n", ", 'if': 'CONFIG_X' }\n"));
    let change = only(&conditioned, |k| {
        matches!(k, ChangeKind::ConditionChanged { .. })
    });
    assert_change(change, Compatibility::Compatible, "commands::Eject");
}

/// `Opts` used by an event, by `set`'s arguments and by what `query` returns.
fn shared(opts: &str) -> String {
    format!(
        "{{ 'struct': 'Opts', 'data': {{ {opts} }} }}\n\
         {{ 'struct': 'Info', 'data': {{ 'opts': 'Opts' }} }}\n\
         {{ 'event': 'CHANGED', 'data': {{ 'opts': 'Opts' }} }}\n\
         {{ 'command': 'set', 'data': {{ 'opts': 'Opts' }} }}\n\
         {{ 'command': 'query', 'returns': 'Info' }}\n"
    )
}

#[test]
fn a_type_used_by_events_arguments_and_returns_is_one_group_naming_each_use() {
    let diff = diff_of(&shared("'n': 'int'"), &shared("'n': 'int', 'm': 'int'"));
    assert!(
        diff.commands.is_empty() && diff.events.is_empty(),
        "{diff:#?}"
    );
    let group = diff.named_type("Opts").expect("Opts changed");
    assert_eq!(group.events, ["CHANGED"]);
    assert_eq!(group.arguments_of, ["set"]);
    assert_eq!(group.returned_by, ["query"]);
    assert_eq!(
        diff::render::type_heading(group),
        "type Opts: struct `Opts`, used by CHANGED, query (returns), set (arguments)"
    );
    let change = only(&diff, |k| matches!(k, ChangeKind::FieldAdded { .. }));
    assert_change(change, Compatibility::Breaking, "Opts.m");
    // Both directions are said: what no longer decodes, and what callers must do.
    assert!(
        change.why.starts_with("events and replies without it"),
        "{}",
        change.why
    );
    assert!(
        change.why.contains("callers must give it"),
        "{}",
        change.why
    );
}

#[test]
fn a_type_only_built_or_only_decoded_is_worded_for_that_use() {
    let types = "{ 'enum': 'Mode', 'data': [ 'a' ] }\n\
                 { 'struct': 'Opts', 'data': { 'mode': 'Mode' } }\n\
                 { 'struct': 'Info', 'data': { 'mode': 'Mode', 'n': 'int' } }\n";
    let commands = "{ 'command': 'set', 'data': { 'opts': 'Opts' } }\n\
                    { 'command': 'query', 'returns': 'Info' }\n";
    let old = format!("{types}{commands}");
    // Built only: a required member added says what callers must do, nothing decodes.
    let new = old.replace(
        "'mode': 'Mode' } }\n{ 'struct': 'Info'",
        "'mode': 'Mode', 'x': 'str' } }\n{ 'struct': 'Info'",
    );
    let diff = diff_of(&old, &new);
    let change = only(&diff, |k| matches!(k, ChangeKind::FieldAdded { .. }));
    assert_change(change, Compatibility::Breaking, "Opts.x");
    assert!(
        change.why.starts_with("callers must give it"),
        "{}",
        change.why
    );
    assert_eq!(
        diff.named_type("Opts").map(|g| g.arguments_of.clone()),
        Some(vec!["set".to_owned()])
    );
    // Decoded only: the member removed is read, not set.
    let new = old.replace(", 'n': 'int'", "");
    let diff = diff_of(&old, &new);
    let change = only(&diff, |k| matches!(k, ChangeKind::FieldRemoved { .. }));
    assert_change(change, Compatibility::Breaking, "Info.n");
    assert!(
        change.why.starts_with("code reading `Info.n`"),
        "{}",
        change.why
    );
    // Both: an enum value added to a type built and decoded is compatible either way.
    let new = old.replace("[ 'a' ]", "[ 'a', 'b' ]");
    let diff = diff_of(&old, &new);
    let change = only(&diff, |k| matches!(k, ChangeKind::EnumValueAdded { .. }));
    assert_change(change, Compatibility::Compatible, "Mode::B");
    let group = diff.named_type("Mode").expect("Mode changed");
    assert_eq!(
        (&group.arguments_of[..], &group.returned_by[..]),
        (&["set".to_owned()][..], &["query".to_owned()][..])
    );
}

#[test]
fn a_boxed_commands_type_is_compared_in_its_group_and_unboxing_breaks() {
    let boxed = "{ 'struct': 'Args', 'data': { 'a': 'str' } }\n\
                 { 'command': 'c', 'data': 'Args', 'boxed': true }\n";
    let grown = boxed.replace("'a': 'str'", "'a': 'str', '*b': 'int'");
    let diff = diff_of(boxed, &grown);
    assert!(diff.commands.is_empty(), "{:#?}", diff.commands);
    let change = only(&diff, |k| matches!(k, ChangeKind::FieldAdded { .. }));
    assert_change(change, Compatibility::Compatible, "Args.b");
    assert_eq!(
        diff.named_type("Args").map(|g| g.arguments_of.clone()),
        Some(vec!["c".to_owned()])
    );

    let unboxed = "{ 'command': 'c', 'data': { 'a': 'str' } }\n";
    let diff = diff_of(boxed, unboxed);
    let change = only(
        &diff,
        |k| matches!(k, ChangeKind::ArgumentsChanged { old, new } if old == "Args" && new == "fields"),
    );
    assert_change(change, Compatibility::Breaking, "commands::C");
    assert_eq!(change.path, "arguments");
}

#[test]
fn command_groups_in_text_and_json() {
    let old = format!("{EJECT}{QUERY_INFO}");
    let new = format!(
        "{}{}{{ 'command': 'stop' }}\n",
        EJECT.replace("'id': 'str'", "'id': 'str', 'slot': 'int'"),
        QUERY_INFO.replace("'*size': 'int'", "'*size': 'int', '*id': 'str'")
    );
    let diff = diff_of(&old, &new);
    assert_eq!(command_changes(&diff, "eject").len(), 1);
    let text = diff::render::text(&diff, "old.json", "new.json");
    assert!(
        text.contains(
            "\ncommand eject\n  breaking    arguments.slot: required field added: \
             `commands::Eject.slot: i64`\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("\ncommand stop\n  compatible  command added: `commands::Stop` (`type Returns = Empty`)\n"),
        "{text}"
    );
    assert!(
        text.contains("\ntype Info: struct `Info`, used by query-info (returns)\n"),
        "{text}"
    );
    assert!(
        text.ends_with("verdict: 1 breaking change, 2 compatible; bindings regenerated from new.json will break code written against old.json\n"),
        "{text}"
    );

    let run = run_on(&old, &new);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        (report["breaking"].as_u64(), report["compatible"].as_u64()),
        (Some(1), Some(2))
    );
    let commands = report["commands"].as_array().expect("commands");
    assert_eq!(commands.len(), 2);
    assert_eq!(commands[0]["name"], "eject");
    assert_eq!(commands[0]["rust"], "commands::Eject");
    let change = &commands[0]["changes"][0];
    assert_eq!(change["kind"], "field_added");
    assert_eq!(change["path"], "arguments.slot");
    assert_eq!(change["rust"], "commands::Eject.slot");
    assert_eq!(change["compatibility"], "breaking");
    assert_eq!(commands[1]["changes"][0]["kind"], "command_added");
    assert_eq!(commands[1]["changes"][0]["returns"], "Empty");
    assert_eq!(report["types"][0]["name"], "Info");
    assert_eq!(
        report["types"][0]["returned_by"],
        serde_json::json!(["query-info"])
    );
    assert_eq!(report["types"][0]["arguments_of"], serde_json::json!([]));
    assert_eq!(report["types"][0]["events"], serde_json::json!([]));
}

// ---------------------------------------------------------------- the bundled schemas

fn bundled_diff() -> Diff {
    diff::diff(&schema_of(QEMU_7_2), &schema_of(QEMU_10_0))
}

#[test]
fn each_bundled_schema_equals_itself() {
    for path in [QEMU_7_2, QEMU_10_0] {
        let schema = schema_of(path);
        let same = diff::diff(&schema, &schema);
        assert!(same.is_empty(), "{path}: {same:#?}");
    }
}

#[test]
fn qemu_7_2_to_10_0_block_io_error_gains_a_required_qom_path() {
    let diff = bundled_diff();
    let group = diff
        .event("BLOCK_IO_ERROR")
        .expect("BLOCK_IO_ERROR changed");
    let qom_path = group
        .changes
        .iter()
        .find(|c| c.path == "data.qom-path")
        .expect("qom-path is reported");
    assert!(matches!(
        qom_path.kind,
        ChangeKind::FieldAdded {
            optional: false,
            ..
        }
    ));
    assert_change(qom_path, Compatibility::Breaking, "BlockIoError.qom_path");
}

#[test]
fn qemu_7_2_to_10_0_events_added_and_removed() {
    let diff = bundled_diff();
    let names = |is_kind: fn(&ChangeKind) -> bool| -> Vec<&str> {
        diff.events
            .iter()
            .filter(|group| group.changes.iter().any(|c| is_kind(&c.kind)))
            .flat_map(|group| group.names.iter().map(String::as_str))
            .collect()
    };
    assert_eq!(
        names(|k| matches!(k, ChangeKind::EventRemoved { .. })),
        ["MEM_UNPLUG_ERROR", "RDMA_GID_STATUS_CHANGED"]
    );
    // QEMU 7.2 marked MEM_UNPLUG_ERROR deprecated; RDMA_GID_STATUS_CHANGED went unannounced.
    assert_eq!(
        names(|k| matches!(
            k,
            ChangeKind::EventRemoved {
                was_deprecated: true,
                ..
            }
        )),
        ["MEM_UNPLUG_ERROR"]
    );
    // 56 events in 10.0.2, 52 in 7.2.22, two of which went.
    assert_eq!(
        names(|k| matches!(k, ChangeKind::EventAdded { .. })).len(),
        6
    );
}

#[test]
fn qemu_7_2_to_10_0_shared_types_are_reported_once() {
    let diff = bundled_diff();
    let migration = diff
        .named_type("MigrationStatus")
        .expect("MigrationStatus changed");
    assert_eq!(migration.events, ["MIGRATION"]);
    assert!(migration.changes.iter().any(|c| matches!(&c.kind,
        ChangeKind::EnumValueAdded { value } if value == "postcopy-recover-setup")));
    let address = diff
        .named_type("SocketAddress")
        .expect("SocketAddress changed");
    let fd = address
        .changes
        .iter()
        .find(|c| matches!(c.kind, ChangeKind::UnionVariantChanged { .. }))
        .expect("the fd branch's new type is reported");
    assert_change(fd, Compatibility::Breaking, "SocketAddress::Fd");
    // GuestPanicAction reaches two events; its meanings changed once, not twice.
    let action = diff
        .named_type("GuestPanicAction")
        .expect("GuestPanicAction changed");
    assert_eq!(action.events, ["GUEST_CRASHLOADED", "GUEST_PANICKED"]);
    assert!(
        diff.event("GUEST_PANICKED").is_none(),
        "{:#?}",
        diff.event("GUEST_PANICKED")
    );
}

#[test]
fn qemu_7_2_to_10_0_commands_added_removed_and_changed() {
    let diff = bundled_diff();
    let kinds = |is_kind: fn(&ChangeKind) -> bool| -> Vec<&str> {
        diff.commands
            .iter()
            .filter(|group| group.changes.iter().any(|c| is_kind(&c.kind)))
            .map(|group| group.name.as_str())
            .collect()
    };
    // 10.0.2 dropped two of 7.2.22's commands and has 22 new ones.
    assert_eq!(
        kinds(|k| matches!(k, ChangeKind::CommandRemoved { .. })),
        ["x-query-profile", "x-query-rdma"]
    );
    let added = kinds(|k| matches!(k, ChangeKind::CommandAdded { .. }));
    assert_eq!(added.len(), 22, "{added:?}");
    assert!(added.contains(&"query-migrationthreads"), "{added:?}");
    let audiodevs = &command_changes(&diff, "query-audiodevs")[0];
    assert_change(
        audiodevs,
        Compatibility::Compatible,
        "commands::QueryAudiodevs",
    );
    assert!(
        matches!(&audiodevs.kind, ChangeKind::CommandAdded { returns } if returns == "Vec<Audiodev>"),
        "{audiodevs:#?}"
    );
    let profile = &command_changes(&diff, "x-query-profile")[0];
    assert_change(profile, Compatibility::Breaking, "commands::XQueryProfile");

    // `migrate` takes `channels` now: `uri` became optional, `blk` and `inc` went.
    let migrate = command_changes(&diff, "migrate");
    let at = |path: &str| {
        migrate
            .iter()
            .find(|c| c.path == path && !c.kind.is_doc_only())
    };
    let uri = at("arguments.uri").expect("uri changed");
    assert!(
        matches!(uri.kind, ChangeKind::MadeOptional { .. }),
        "{uri:#?}"
    );
    assert_change(uri, Compatibility::Breaking, "commands::Migrate.uri");
    let channels = at("arguments.channels").expect("channels added");
    assert_change(
        channels,
        Compatibility::Compatible,
        "commands::Migrate.channels",
    );
    for gone in ["arguments.blk", "arguments.inc"] {
        let change = at(gone).expect("removed");
        assert!(
            matches!(change.kind, ChangeKind::FieldRemoved { .. }),
            "{change:#?}"
        );
        assert!(change.is_breaking());
    }
    // `memsave` and `pmemsave` take unsigned addresses and sizes.
    let memsave = command_changes(&diff, "memsave");
    assert!(
        memsave.iter().any(|c| c.path == "arguments.val"
            && matches!(&c.kind, ChangeKind::TypeChanged { old_rust, new_rust, .. }
                if old_rust == "i64" && new_rust == "u64")),
        "{memsave:#?}"
    );
}

#[test]
fn qemu_7_2_to_10_0_types_of_commands_are_classified_by_their_use() {
    let diff = bundled_diff();
    // What query-block returns gained a required member: 7.2's replies lack it.
    let info = diff
        .named_type("BlockDeviceInfo")
        .expect("BlockDeviceInfo changed");
    assert!(
        info.returned_by.contains(&"query-block".to_owned()),
        "{info:#?}"
    );
    let active = info
        .changes
        .iter()
        .find(|c| c.path == "active")
        .expect("active added");
    assert_change(active, Compatibility::Breaking, "BlockDeviceInfo.active");
    assert!(
        active.why.starts_with("replies without it"),
        "{}",
        active.why
    );
    // query-migrate's result lost its block-migration statistics.
    let migration = diff
        .named_type("MigrationInfo")
        .expect("MigrationInfo changed");
    assert_eq!(migration.returned_by, ["query-migrate"]);
    let disk = migration
        .changes
        .iter()
        .find(|c| c.path == "disk")
        .expect("disk removed");
    assert_change(disk, Compatibility::Breaking, "MigrationInfo.disk");
    assert!(disk.why.starts_with("code reading"), "{}", disk.why);
    // migrate-set-parameters' arguments lost theirs: code setting them breaks.
    let set = diff
        .named_type("MigrateSetParameters")
        .expect("MigrateSetParameters changed");
    assert!(
        set.arguments_of
            .contains(&"migrate-set-parameters".to_owned()),
        "{set:#?}"
    );
    let level = set
        .changes
        .iter()
        .find(|c| c.path == "compress-level")
        .expect("compress-level removed");
    assert!(level.why.starts_with("code setting"), "{}", level.why);
    // SocketAddress, used by an event before, now lists the commands too.
    let address = diff
        .named_type("SocketAddress")
        .expect("SocketAddress changed");
    assert_eq!(address.events, ["NETDEV_STREAM_CONNECTED"]);
    for command in ["blockdev-add", "migrate"] {
        assert!(
            address.arguments_of.contains(&command.to_owned()),
            "{address:#?}"
        );
    }
    assert_eq!(address.returned_by, ["query-migrate"]);
}

#[test]
fn qemu_7_2_to_10_0_text_and_json() {
    let text = run_diff(&[QEMU_7_2, QEMU_10_0]);
    assert_eq!(text.status, 2, "{}", text.stderr);
    let diff = bundled_diff();
    assert!(text.stdout.ends_with(&format!(
        "verdict: {} breaking changes, {} compatible; bindings regenerated from {QEMU_10_0} \
         will break code written against {QEMU_7_2}\n",
        diff.breaking_count(),
        diff.compatible_count()
    )));
    insta::assert_snapshot!("qemu_7_2_to_10_0_text", text.stdout);

    let json = run_diff(&[QEMU_7_2, QEMU_10_0, "--format", "json"]);
    assert_eq!(json.status, 2, "{}", json.stderr);
    let report: Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(report["verdict"], "breaking");
    assert_eq!(report["breaking"], diff.breaking_count());
    // Every change is counted once: the events', the commands' and the types' add up to
    // the totals.
    let counted: usize = ["events", "commands", "types"]
        .iter()
        .flat_map(|key| report[key].as_array().into_iter().flatten())
        .map(|group| group["changes"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(counted, diff.breaking_count() + diff.compatible_count());
    insta::assert_json_snapshot!("qemu_7_2_to_10_0_json", report);
}

/// The name an elision line of the docs gives a block: an event's wire name, a command's
/// (`command NAME`), a type's (`type NAME: ...`).
fn block_name(block: &str) -> &str {
    let heading = block.lines().next().unwrap_or_default();
    let heading = heading
        .strip_prefix("command ")
        .or_else(|| heading.strip_prefix("type "))
        .unwrap_or(heading);
    heading.split(':').next().unwrap_or_default()
}

/// The names of an elision line (`[... 3 command blocks elided: a, b, c ...]`).
fn elided_names(line: &str) -> Option<Vec<&str>> {
    let inner = line.strip_prefix("[... ")?.strip_suffix(" ...]")?;
    let (count, names) = inner.split_once(" elided: ")?;
    let names: Vec<&str> = names.split(", ").collect();
    let count: usize = count.split(' ').next()?.parse().ok()?;
    assert_eq!(count, names.len(), "{line}");
    Some(names)
}

#[test]
fn docs_show_the_real_7_2_to_10_0_output() {
    assert_docs_show_the_real_output(QEMU_7_2, QEMU_10_0);
}

#[test]
fn docs_show_the_real_output_for_the_guest_agent_schemas() {
    assert_docs_show_the_real_output(
        "events-spec/qapi/qga-7.2.22/qapi-schema.json",
        "events-spec/qapi/qga-10.0.2/qapi-schema.json",
    );
}

/// The console block of docs/diff.md that runs `diff old new` shows its real output:
/// stderr, then every block as printed or named by an elision line, in order.
fn assert_docs_show_the_real_output(old: &str, new: &str) {
    let docs = std::fs::read_to_string(workspace().join("docs/diff.md")).expect("docs/diff.md");
    let prompt = format!("$ qmp-codegen diff {old} {new}\n");
    let start = docs.find(&prompt).expect("the docs show the diff") + prompt.len();
    let shown = &docs[start..];
    let shown = &shown[..shown.find("```\n").expect("the console block ends")];
    let run = run_diff(&[old, new]);
    // The stderr lines first, as a terminal shows them.
    let (shown_stderr, shown_stdout) = shown.split_at(
        shown
            .find("comparing ")
            .expect("the output starts with `comparing`"),
    );
    assert_eq!(shown_stderr, run.stderr);
    // Then the blocks, each as printed or named by an elision line.
    let mut real = run.stdout.split("\n\n");
    for block in shown_stdout.split("\n\n") {
        match elided_names(block) {
            Some(names) => {
                for name in names {
                    let elided = real.next().expect("a block to elide");
                    assert_eq!(block_name(elided), name, "elided out of order");
                }
            }
            None => assert_eq!(Some(block), real.next(), "docs/diff.md differs"),
        }
    }
    assert_eq!(real.next(), None, "the docs end early");
}

// ---------------------------------------------------------------- the command

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn run_diff_in(directory: &Path, args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .current_dir(directory)
        .arg("diff")
        .args(args)
        .output()
        .expect("qmp-codegen runs");
    Run {
        status: output.status.code().expect("exits with a status"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn run_diff(args: &[&str]) -> Run {
    run_diff_in(&workspace(), args)
}

/// Writes two one-file QAPI schemas to a temporary directory and diffs them as JSON.
fn run_on(old: &str, new: &str) -> Run {
    let directory = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(directory.path().join("old.json"), old).expect("writable");
    std::fs::write(directory.path().join("new.json"), new).expect("writable");
    run_diff_in(
        directory.path(),
        &["old.json", "new.json", "--format", "json"],
    )
}

#[test]
fn command_exits_0_for_compatible_qapi_changes() {
    let run = run_on(
        &format!("{JOB_TYPE}{JOB_EVENTS}"),
        &format!("{JOB_TYPE_3}{JOB_EVENTS}"),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["verdict"], "compatible");
    assert_eq!(report["events"], serde_json::json!([]));
    assert_eq!(report["types"][0]["name"], "JobType");
    assert_eq!(report["types"][0]["changes"][0]["kind"], "enum_value_added");
}

#[test]
fn command_exits_0_for_a_bundled_schema_against_itself() {
    let run = run_diff(&[QEMU_10_0, QEMU_10_0]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("verdict: no changes"), "{}", run.stdout);
}

#[test]
fn command_exits_2_for_breaking_qapi_changes() {
    let run = run_on(
        &format!("{JOB_TYPE_3}{JOB_EVENTS}"),
        &format!("{JOB_TYPE}{JOB_EVENTS}"),
    );
    assert_eq!(run.status, 2, "{}", run.stderr);
}

#[test]
fn command_exits_1_for_a_qapi_schema_with_errors() {
    let run = run_on(STOP, "{ 'event': 'STOP', 'data': { 'x': 'NoSuchType' } }");
    assert_eq!(run.status, 1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("new.json"), "{}", run.stderr);
    assert!(run.stderr.contains("NoSuchType"), "{}", run.stderr);
}
