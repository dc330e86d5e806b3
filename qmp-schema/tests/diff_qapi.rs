//! `qmp-codegen diff` on QAPI schemas: a small pair of schemas (read from memory) for
//! each kind of change, each checked for the change, its verdict and its Rust item; the
//! bundled QEMU 7.2.22 and 10.0.2 schemas against each other (snapshots of the text and
//! the JSON) and each against itself; the command's exit status on QAPI input.

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
    // Every change is counted once: the events' and the types' add up to the totals.
    let counted: usize = ["events", "types"]
        .iter()
        .flat_map(|key| report[key].as_array().into_iter().flatten())
        .map(|group| group["changes"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(counted, diff.breaking_count() + diff.compatible_count());
    insta::assert_json_snapshot!("qemu_7_2_to_10_0_json", report);
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
