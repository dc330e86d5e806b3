//! The QAPI schema front end, one construct of the language at a time, read from
//! schemas held in memory.

use qmp_schema::{
    Condition, Data, Document, Field, IntegerType, MemoryFiles, Section, Severity, Type, TypeKind,
};

/// Reads a one-file schema.
fn read(text: &str) -> Document {
    read_files(&[("qapi/schema.json", text)])
}

/// Reads a schema of several files; the first is the root.
fn read_files(files: &[(&str, &str)]) -> Document {
    let memory = files
        .iter()
        .fold(MemoryFiles::new(), |memory, (path, text)| {
            memory.with(path, *text)
        });
    Document::from_loader(files[0].0, None, &memory)
}

/// Reads a schema that must have no errors or warnings.
fn clean(text: &str) -> Document {
    let document = read(text);
    assert!(
        document.report.diagnostics.is_empty(),
        "{}",
        document.report.render(false)
    );
    document
}

fn event<'d>(document: &'d Document, name: &str) -> &'d Section {
    document
        .schema
        .section_for(name)
        .unwrap_or_else(|| panic!("no event {name}"))
}

fn member<'s>(section: &'s Section, name: &str) -> &'s Field {
    section
        .data
        .fields()
        .iter()
        .find(|field| field.name == name)
        .unwrap_or_else(|| panic!("no member {name}"))
}

/// `file:line:col: severity: message` for every diagnostic.
fn headlines(document: &Document) -> Vec<String> {
    document
        .report
        .diagnostics
        .iter()
        .map(|diagnostic| document.report.headline(diagnostic))
        .collect()
}

#[test]
fn event_without_data_has_none() {
    let document = clean("{ 'event': 'STOP' }");
    assert_eq!(event(&document, "STOP").data, Data::None);
}

#[test]
fn inline_members_optional_marker_and_builtin_types() {
    let document = clean(
        "{ 'event': 'E', 'data': { 'a': 'str', '*b': 'int', 'c': 'uint8', 'd': 'size', \
         'e': 'number', 'f': 'bool', 'g': 'any', 'h': 'null', 'i': ['int64'] } }",
    );
    let e = event(&document, "E");
    let shapes: Vec<(&str, bool, &Type)> = e
        .data
        .fields()
        .iter()
        .map(|f| (f.name.as_str(), f.optional, &f.ty))
        .collect();
    assert_eq!(
        shapes,
        [
            ("a", false, &Type::String),
            ("b", true, &Type::Int),
            ("c", false, &Type::Integer(IntegerType::U8)),
            ("d", false, &Type::Integer(IntegerType::Size)),
            ("e", false, &Type::Double),
            ("f", false, &Type::Bool),
            ("g", false, &Type::Value),
            ("h", false, &Type::Null),
            (
                "i",
                false,
                &Type::Array(Box::new(Type::Integer(IntegerType::I64)))
            ),
        ]
    );
}

#[test]
fn includes_are_relative_to_the_including_file_and_read_once() {
    let document = read_files(&[
        (
            "q/root.json",
            "{ 'include': 'sub/a.json' }\n{ 'include': 'sub/b.json' }",
        ),
        (
            "q/sub/a.json",
            "{ 'include': 'common.json' }\n{ 'event': 'A', 'data': { 'x': 'Shared' } }",
        ),
        (
            "q/sub/b.json",
            "{ 'include': 'common.json' }\n{ 'event': 'B', 'data': { 'x': 'Shared' } }",
        ),
        (
            "q/sub/common.json",
            "{ 'enum': 'Shared', 'data': [ 'one' ] }",
        ),
    ]);
    assert!(!document.report.has_errors(), "{}", document.report);
    let files: Vec<&str> = document.files().collect();
    assert_eq!(
        files,
        [
            "q/root.json",
            "q/sub/a.json",
            "q/sub/common.json",
            "q/sub/b.json"
        ]
    );
    assert_eq!(document.schema.event_count(), 2);
    assert_eq!(
        member(event(&document, "B"), "x").ty,
        Type::Named("Shared".into())
    );
    // The member's span names the file it is in.
    assert_eq!(member(event(&document, "B"), "x").span.file, 3);
}

#[test]
fn a_missing_include_is_an_error_at_the_include() {
    let document = read_files(&[("root.json", "\n{ 'include': 'gone.json' }\n")]);
    assert_eq!(
        headlines(&document),
        ["root.json:2:14: error: cannot read included file gone.json: no such file"]
    );
}

#[test]
fn errors_in_an_included_file_say_where_it_was_included_from() {
    let document = read_files(&[
        ("root.json", "{ 'include': 'a.json' }"),
        ("a.json", "{ 'event': 'A', 'data': { 'x': 'Nope' } }"),
    ]);
    let rendered = document.report.render(false);
    assert!(
        rendered.starts_with(
            "In file included from root.json:1:\na.json: In event 'A':\na.json:1:32: error: unknown type 'Nope'\n"
        ),
        "{rendered}"
    );
}

#[test]
fn named_data_event_lists_the_struct_members_base_first() {
    let document = clean(
        "{ 'struct': 'Base', 'data': { 'id': 'str' } }\n\
         { 'struct': 'Info', 'base': 'Base', 'data': { '*size': 'size' } }\n\
         { 'event': 'E', 'data': 'Info' }",
    );
    let e = event(&document, "E");
    assert_eq!(e.data_type.as_deref(), Some("Info"));
    let names: Vec<&str> = e.data.fields().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["id", "size"]);
    let info = &document.schema.types["Info"];
    assert!(
        matches!(&info.kind, TypeKind::Struct { base: Some(base), members } if base == "Base" && members.len() == 2)
    );
    assert!(
        document.schema.types.contains_key("Base"),
        "the base joins the model"
    );
}

#[test]
fn union_with_base_and_discriminator() {
    let document = clean(
        "{ 'enum': 'Kind', 'data': [ 'a', 'b', 'c' ] }\n\
         { 'struct': 'Ab', 'data': { 'x': 'int' } }\n\
         { 'struct': 'Bc', 'data': { 'y': 'str' } }\n\
         { 'union': 'Un', 'base': { 'kind': 'Kind', '*common': 'bool' }, 'discriminator': 'kind', \
           'data': { 'a': 'Ab', 'b': 'Bc' } }\n\
         { 'event': 'E', 'data': { 'un': 'Un' } }",
    );
    let TypeKind::Union {
        members,
        discriminator,
        discriminator_type,
        branches,
        ..
    } = &document.schema.types["Un"].kind
    else {
        panic!("not a union");
    };
    assert_eq!(discriminator, "kind");
    assert_eq!(discriminator_type, "Kind");
    assert_eq!(members.len(), 2);
    let branch_types: Vec<(&str, &str)> = branches
        .iter()
        .map(|b| (b.value.as_str(), b.ty.as_str()))
        .collect();
    assert_eq!(branch_types, [("a", "Ab"), ("b", "Bc")]);
    for reached in ["Kind", "Ab", "Bc", "Un"] {
        assert!(
            document.schema.types.contains_key(reached),
            "{reached} is reached"
        );
    }
}

#[test]
fn union_mistakes_are_errors() {
    let document = read(
        "{ 'enum': 'Kind', 'data': [ 'a' ] }\n\
         { 'struct': 'A', 'data': {} }\n\
         { 'union': 'U1', 'base': { 'kind': 'str' }, 'discriminator': 'kind', 'data': { 'a': 'A' } }\n\
         { 'union': 'U2', 'base': { 'kind': 'Kind' }, 'discriminator': 'nope', 'data': { 'a': 'A' } }\n\
         { 'union': 'U3', 'base': { 'kind': 'Kind' }, 'discriminator': 'kind', 'data': { 'z': 'A' } }\n\
         { 'union': 'U4', 'base': { 'kind': 'Kind' }, 'discriminator': 'kind', 'data': { 'a': 'Kind' } }\n\
         { 'union': 'U5', 'base': 'Kind', 'discriminator': 'kind', 'data': { 'a': 'A' } }",
    );
    let messages: Vec<String> = document
        .report
        .errors()
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        messages,
        [
            "discriminator 'kind' must be of an enum type",
            "discriminator 'nope' is not a member of the union's base",
            "branch 'z' is not a value of the discriminator's enum 'Kind'",
            "branch 'a' must be a struct or a union, but 'Kind' is an enum",
            "its base 'Kind' must be a struct, but it is an enum",
        ]
    );
}

#[test]
fn simple_unions_of_old_schemas_are_desugared_as_qemu_did() {
    let document = clean(
        "{ 'type': 'Inet', 'data': { 'host': 'str' } }\n\
         { 'union': 'Addr', 'data': { 'inet': 'Inet', 'fd': 'str' } }\n\
         { 'event': 'E', 'data': { 'addr': 'Addr' } }",
    );
    let TypeKind::Union {
        members,
        discriminator,
        discriminator_type,
        branches,
        ..
    } = &document.schema.types["Addr"].kind
    else {
        panic!("not a union");
    };
    assert_eq!(discriminator, "type");
    assert_eq!(discriminator_type, "AddrKind");
    assert_eq!(members[0].name, "type");
    assert_eq!(branches[0].ty, "q_obj_Inet-wrapper");
    let TypeKind::Struct { members, .. } = &document.schema.types["q_obj_str-wrapper"].kind else {
        panic!("not a struct");
    };
    assert_eq!(members[0].name, "data");
    assert_eq!(members[0].ty, Type::String);
}

#[test]
fn alternates_old_and_new() {
    // QEMU 2.1's form is read, and warned about.
    let document = read(
        "{ 'struct': 'Obj', 'data': {} }\n\
         { 'alternate': 'Alt', 'data': { 'name': 'str', 'object': 'Obj' } }\n\
         { 'union': 'OldAlt', 'discriminator': {}, 'data': { 'n': 'int', 'b': 'bool' } }\n\
         { 'event': 'E', 'data': { 'a': 'Alt', 'o': 'OldAlt' } }",
    );
    assert_eq!(
        headlines(&document),
        [
            "qapi/schema.json:3:39: warning: 'discriminator': {} makes the union QEMU 2.1's form of an alternate; write { 'alternate': ... }"
        ]
    );
    for name in ["Alt", "OldAlt"] {
        assert!(
            matches!(document.schema.types[name].kind, TypeKind::Alternate { ref alternatives } if alternatives.len() == 2)
        );
    }
}

#[test]
fn nested_conditions_and_old_list_conditions() {
    // A conditional argument needs its arguments boxed in a struct, as in QEMU; a list
    // as the condition is a form of QEMU 3.0 to 6.0, read and warned about.
    let document = read(
        "{ 'struct': 'EArgs', 'data': { 'a': { 'type': 'str', 'if': 'CONFIG_A' } } }\n\
         { 'event': 'E', 'data': 'EArgs', 'boxed': true,\n\
           'if': { 'all': [ 'CONFIG_X', { 'any': [ 'CONFIG_Y', { 'not': 'CONFIG_Z' } ] } ] } }\n\
         { 'event': 'F', 'if': [ 'CONFIG_P', 'CONFIG_Q' ] }",
    );
    assert_eq!(
        headlines(&document),
        [
            "qapi/schema.json:4:23: warning: a list as 'if' is a form of QEMU 3.0 to 6.0; write { 'all': [...] }"
        ]
    );
    let e = event(&document, "E");
    let condition = e.condition.as_ref().expect("a condition");
    assert_eq!(
        condition,
        &Condition::All(vec![
            Condition::Config("CONFIG_X".into()),
            Condition::Any(vec![
                Condition::Config("CONFIG_Y".into()),
                Condition::Not(Box::new(Condition::Config("CONFIG_Z".into()))),
            ]),
        ])
    );
    assert_eq!(
        condition.to_string(),
        "CONFIG_X and (CONFIG_Y or not CONFIG_Z)"
    );
    assert_eq!(
        member(e, "a").condition,
        Some(Condition::Config("CONFIG_A".into()))
    );
    assert_eq!(
        event(&document, "F")
            .condition
            .as_ref()
            .map(ToString::to_string),
        Some("CONFIG_P and CONFIG_Q".into())
    );
}

#[test]
fn features_of_events_members_and_enum_values_are_kept_by_name() {
    let document = clean(
        "{ 'enum': 'Mode', 'data': [ 'a', { 'name': 'b', 'features': [ 'deprecated' ] } ] }\n\
         { 'event': 'E', 'data': { 'm': { 'type': 'Mode', 'features': [ 'unstable' ] } },\n\
           'features': [ 'deprecated', { 'name': 'brand-new-feature', 'if': 'CONFIG_N' } ] }",
    );
    let e = event(&document, "E");
    let names: Vec<&str> = e.features.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["deprecated", "brand-new-feature"]);
    assert!(e.features[0].is_deprecated());
    assert!(e.features[1].condition.is_some());
    assert!(member(e, "m").features[0].is_unstable());
    let TypeKind::Enum { values } = &document.schema.types["Mode"].kind else {
        panic!();
    };
    assert!(values[1].features[0].is_deprecated());
}

#[test]
fn doc_comments_give_description_member_docs_since_notes_and_feature_docs() {
    let document = clean(
        "##\n# = Events\n##\n\n\
         ##\n# @E:\n#\n# Emitted when it happens.\n#\n# @a: the first\n#     member\n#\n\
         # Features:\n#\n# @deprecated: do not use\n#\n# .. note:: Rate-limited.\n#\n# Since: 2.1\n##\n\
         { 'event': 'E', 'data': { 'a': 'str' }, 'features': [ 'deprecated' ] }",
    );
    let e = event(&document, "E");
    assert_eq!(e.description, "Emitted when it happens.");
    assert_eq!(member(e, "a").description, "the first\nmember");
    assert_eq!(e.features[0].description, "do not use");
    assert_eq!(e.notes[0].text, "Rate-limited.");
    assert_eq!(e.since.as_deref(), Some("2.1"));
}

#[test]
fn examples_in_both_syntaxes_and_in_a_commands_doc() {
    let document = clean(
        "##\n# @E:\n#\n# Since: 1.0\n#\n# Example:\n#\n\
         # <- { \"event\": \"E\",\n#      \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n##\n\
         { 'event': 'E' }\n\
         ##\n# @F:\n#\n# .. qmp-example::\n#    :title: Something\n#\n\
         #     <- { \"event\": \"F\", \"data\": { \"x\": 1 },\n\
         #          \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n##\n\
         { 'event': 'F', 'data': { 'x': 'int' } }\n\
         ##\n# @stop:\n#\n# .. qmp-example::\n#\n#     -> { \"execute\": \"stop\" }\n\
         #     <- { \"return\": {} }\n#     <- { \"event\": \"E\", \"timestamp\": { \"seconds\": 3, \"microseconds\": 4 } }\n##\n\
         { 'command': 'stop' }",
    );
    let e = event(&document, "E");
    assert_eq!(e.examples.len(), 2, "its own and the command's");
    assert_eq!(
        e.examples[1].json.as_ref().unwrap()["timestamp"]["seconds"],
        3
    );
    let f = event(&document, "F");
    assert_eq!(f.examples[0].label.as_deref(), Some("Something"));
    assert_eq!(f.examples[0].json.as_ref().unwrap()["data"]["x"], 1);
}

#[test]
fn examples_with_the_timestamp_first_or_without_the_arrow() {
    // QEMU 10.0's MIGRATION_PASS puts the timestamp first; QEMU 2.9 to 7.2's
    // QUORUM_REPORT_BAD and MIGRATION_PASS leave out the arrow. A bare message that is not
    // an event (a command's reply) is not an example of one.
    let document = clean(
        "##\n# @E:\n#\n# .. qmp-example::\n#\n\
         #     <- { \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 },\n\
         #          \"event\": \"E\" }\n##\n\
         { 'event': 'E' }\n\
         ##\n# @F:\n#\n# Example:\n#\n# 1. Read operation\n#\n\
         # { \"event\": \"F\", \"data\": { \"x\": 1 },\n\
         #   \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n#\n\
         # { \"return\": {} }\n##\n\
         { 'event': 'F', 'data': { 'x': 'int' } }",
    );
    let e = event(&document, "E");
    assert_eq!(e.examples.len(), 1);
    assert_eq!(e.examples[0].span.line, 6);
    assert_eq!(e.examples[0].json.as_ref().unwrap()["event"], "E");
    let f = event(&document, "F");
    assert_eq!(f.examples.len(), 1);
    assert_eq!(f.examples[0].span.line, 17);
    assert_eq!(f.examples[0].json.as_ref().unwrap()["data"]["x"], 1);
}

#[test]
fn an_example_that_disagrees_is_a_warning_at_the_member() {
    let document = read(
        "##\n# @E:\n#\n# .. qmp-example::\n#\n\
         #     <- { \"event\": \"E\",\n#          \"data\": { \"mode\": \"c\", \"n\": 300 },\n\
         #          \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n##\n\
         { 'event': 'E', 'data': { 'mode': 'Mode', 'n': 'uint8', 'req': 'str' } }\n\
         { 'enum': 'Mode', 'data': [ 'a', 'b' ] }",
    );
    assert_eq!(
        headlines(&document),
        [
            "qapi/schema.json:7:20: warning: example lacks required member 'data/req'",
            "qapi/schema.json:7:30: warning: example's 'data/mode' is \"c\", which is not one of \"a\", \"b\"",
            "qapi/schema.json:7:40: warning: example's 'data/n' is 300, which is out of range for uint8 (0 to 255)",
        ]
    );
}

#[test]
fn example_text_that_is_not_json_is_a_warning() {
    let document =
        read("##\n# @E:\n#\n# Example:\n#\n# <- { \"event\": \"E\", ... }\n##\n{ 'event': 'E' }");
    let warnings: Vec<&str> = document
        .report
        .warnings()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].starts_with("example text is not JSON"),
        "{warnings:?}"
    );
    assert_eq!(
        event(&document, "E").examples.len(),
        1,
        "kept, without its JSON"
    );
}

#[test]
fn doc_for_a_missing_member_or_another_definition_are_warnings() {
    let document = read(
        "##\n# @E:\n#\n# @nope: not a member\n##\n{ 'event': 'E', 'data': { 'a': 'str' } }\n\
         ##\n# @G:\n##\n{ 'event': 'H' }",
    );
    assert_eq!(
        headlines(&document),
        [
            "qapi/schema.json:4:4: warning: the documentation describes member 'nope', which 'E' does not have",
            "qapi/schema.json:10:12: warning: the doc comment before event 'H' is for 'G'",
        ]
    );
}

#[test]
fn commands_are_checked_and_kept_with_the_types_they_reach() {
    let document = read(
        "{ 'command': 'query-x', 'data': { 'a': 'Unknown' }, 'returns': 'Info' }\n\
         { 'struct': 'Info', 'data': { 'i': 'int' } }",
    );
    assert_eq!(
        headlines(&document),
        ["qapi/schema.json:1:40: error: unknown type 'Unknown'"]
    );
    let schema = &document.schema;
    assert_eq!(schema.event_count(), 0);
    assert_eq!(schema.commands.len(), 1);
    let command = &schema.commands[0];
    assert_eq!(command.name, "query-x");
    assert_eq!(command.returns, Some(Type::Named("Info".into())));
    assert!(schema.types.contains_key("Info"), "the return type is kept");
    assert!(
        qmp_schema::Selection::EventsOnly
            .apply(schema)
            .types
            .is_empty(),
        "without commands nothing reaches Info"
    );
}

#[test]
fn command_flags_and_sections_are_kept() {
    let document = clean(
        "##\n# @guest-shutdown:\n#\n# Shuts down.\n#\n# @mode: how\n#\n# Returns: the mode\n#\n\
         # Errors:\n#     - If it cannot\n#\n# Features:\n#\n# @unstable: maybe\n#\n\
         # Since: 0.15.0\n##\n\
         { 'command': 'guest-shutdown', 'data': { '*mode': 'str' }, 'returns': 'Mode',\n\
           'success-response': false, 'allow-preconfig': true,\n\
           'coroutine': true, 'features': [ 'unstable' ] }\n\
         { 'command': 'guest-ping', 'allow-oob': true }\n\
         { 'struct': 'Mode', 'data': {} }",
    );
    let command = &document.schema.commands[0];
    assert!(!command.success_response && command.allow_preconfig);
    assert!(command.coroutine && command.generated && command.is_unstable());
    assert!(document.schema.commands[1].allow_oob);
    assert_eq!(command.returns, Some(Type::Named("Mode".into())));
    assert_eq!(command.returns_doc, "the mode");
    assert_eq!(command.errors_doc, "- If it cannot");
    assert_eq!(command.since.as_deref(), Some("0.15.0"));
    assert_eq!(command.arguments[0].name, "mode");
    assert_eq!(command.arguments[0].description, "how");
}

#[test]
fn command_examples_are_transcripts_checked_against_the_command() {
    let document = read(
        "##\n# @query-x:\n#\n# Queries.\n#\n# @a: an argument\n#\n# Since: 1.0\n#\n\
         # .. qmp-example::\n#\n#     -> { \"execute\": \"query-x\", \"arguments\": { \"a\": 1 } }\n\
         #     <- { \"return\": { \"i\": \"one\" } }\n#\n\
         # .. qmp-example::\n#\n#     -> { \"execute\": \"query-x\" }\n\
         #     <- { \"return\": [ { \"i\": 1 }, ... ] }\n##\n\
         { 'command': 'query-x', 'data': { '*a': 'int' }, 'returns': 'Info' }\n\
         { 'struct': 'Info', 'data': { 'i': 'int' } }",
    );
    let command = &document.schema.commands[0];
    assert_eq!(command.examples.len(), 2);
    let second = &command.examples[1].messages[1];
    assert!(second.abbreviated && second.json.is_none(), "{second:?}");
    assert_eq!(
        headlines(&document),
        [
            "qapi/schema.json:13:29: warning: example's 'return/i' should be an integer, found a string"
        ]
    );
}

#[test]
fn commands_qemu_did_not_generate_keep_the_forms_of_before_2_5() {
    // QEMU 2.1 to 2.4: `'gen': 'no'` (a string), and stand-ins for `any` that QEMU did
    // not check in such commands; QGA's `'success-response': 'no'`. The '_' of
    // `netdev_add` is no mistake in a schema that lists no exceptions to the rule of 6.0.
    clean(
        "{ 'command': 'netdev_add',\n  'data': {'type': 'str', 'id': 'str', '*props': '**'},\n  'gen': 'no' }\n\
         { 'command': 'object-add',\n  'data': {'qom-type': 'str', 'id': 'str', '*props': 'dict'},\n  'gen': 'no' }\n\
         { 'command': 'qom-get', 'data': { 'path': 'str' }, 'returns': 'visitor', 'gen': false }\n\
         { 'command': 'guest-shutdown', 'success-response': 'no' }",
    );
    // A command QEMU generates had its types checked: there, they are unknown.
    let document = read(
        "{ 'command': 'netdev-add', 'data': {'*props': '**'} }\n\
         { 'command': 'x', 'gen': 'maybe' }",
    );
    assert_eq!(
        headlines(&document),
        [
            "qapi/schema.json:1:47: error: unknown type '**'",
            "qapi/schema.json:2:26: error: 'gen' must be false, found a string",
        ]
    );
}

#[test]
fn duplicate_definitions_are_errors() {
    let document = read("{ 'event': 'E' }\n{ 'struct': 'E', 'data': {} }");
    assert_eq!(
        headlines(&document),
        [
            "qapi/schema.json:2:13: error: 'E' is already defined, as event at line 1",
            "qapi/schema.json:2:13: warning: type 'E' should be CamelCase"
        ]
    );
}

#[test]
fn unknown_keys_are_errors_as_in_qemu_and_the_rest_is_read() {
    let document = read("{ 'event': 'E', 'data': {}, 'new-key': true }");
    assert_eq!(
        headlines(&document),
        [
            "qapi/schema.json:1:29: error: 'event' expressions have no key 'new-key' (their keys: data, boxed, if, features)"
        ]
    );
    assert_eq!(document.report.diagnostics[0].severity, Severity::Error);
    assert_eq!(document.schema.event_count(), 1);
}

#[test]
fn boxed_union_data_lists_the_common_members() {
    let document = clean(
        "{ 'enum': 'Kind', 'data': [ 'a' ] }\n{ 'struct': 'Ab', 'data': { 'x': 'int' } }\n\
         { 'union': 'Un', 'base': { 'k': 'Kind' }, 'discriminator': 'k', 'data': { 'a': 'Ab' } }\n\
         { 'event': 'E', 'data': 'Un', 'boxed': true }",
    );
    let e = event(&document, "E");
    assert_eq!(e.data_type.as_deref(), Some("Un"));
    assert_eq!(e.data.fields()[0].name, "k");
}

#[test]
fn qtype_is_a_built_in_enum() {
    let document = clean("{ 'event': 'E', 'data': { 't': 'QType' } }");
    let TypeKind::Enum { values } = &document.schema.types["QType"].kind else {
        panic!();
    };
    assert!(values.iter().any(|v| v.value == "qdict"));
}

#[test]
fn the_format_is_told_from_the_content() {
    let document = Document::from_text("x.json", "# comment\n\n{ 'event': 'STOP' }\n");
    assert_eq!(document.schema.event_count(), 1);
    assert!(!document.schema.files.is_empty(), "read as a QAPI schema");
}

#[test]
fn a_simple_union_with_a_named_base_has_the_base_members_then_its_tag() {
    // A form of QEMU 2.1 to 2.4, read and warned about.
    let document = read(
        "{ 'type': 'Common', 'data': { 'id': 'str' } }\n\
         { 'type': 'File', 'data': { 'path': 'str' } }\n\
         { 'union': 'Backend', 'base': 'Common', 'data': { 'file': 'File' } }\n\
         { 'event': 'E', 'data': { 'b': 'Backend' } }",
    );
    assert_eq!(
        headlines(&document),
        [
            "qapi/schema.json:3:12: warning: a union with a 'base' needs a 'discriminator' (a simple union with a base is a form of QEMU 2.1 to 2.4)"
        ]
    );
    let TypeKind::Union {
        members,
        discriminator,
        ..
    } = &document.schema.types["Backend"].kind
    else {
        panic!("not a union");
    };
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["id", "type"]);
    assert_eq!(discriminator, "type");
}

/// A command's doc comment as releases before 9.0 wrote them: a description continued
/// on the margin, `Returns:` for a command that returns nothing, an `Example:` section.
const OLD_STYLE_DOC: &str = "##\n# @foo:\n#\n# Does foo.\n#\n# @a: a description continued\n\
                             # on the margin\n#\n# @b: another\n#\n# Returns: nothing on success\n#\n\
                             EXAMPLE##\n{ 'command': 'foo', 'data': { '*a': 'int', '*b': 'int' } }";

#[test]
fn doc_comments_in_the_forms_of_older_releases_read_clean() {
    clean(&OLD_STYLE_DOC.replace(
        "EXAMPLE",
        "# Example:\n#\n# -> { \"execute\": \"foo\" }\n# <- { \"return\": {} }\n",
    ));
}

#[test]
fn returns_for_a_command_that_returns_nothing_is_warned_about_in_a_schema_of_9_0_on() {
    let document = read(&OLD_STYLE_DOC.replace("EXAMPLE", ""));
    assert_eq!(
        headlines(&document),
        ["qapi/schema.json:11:3: warning: a 'Returns:' section, but command 'foo' returns nothing"]
    );
}

#[test]
fn qemu_10_doc_comment_rules_are_warnings_at_the_line() {
    let document = read(
        "##\n# @foo:\n#\n# Since: 1.0\n#\n# @a: too late\n#\n# Since: 2.0\n##\n\
         { 'command': 'foo', 'data': { 'a': 'int' } }",
    );
    assert_eq!(
        headlines(&document),
        [
            "qapi/schema.json:6:3: warning: the description of '@a:' follows a section; member descriptions come first, then 'Features:', then sections",
            "qapi/schema.json:8:3: warning: 'Since:' is written twice in one doc comment",
        ]
    );
    assert!(!document.report.has_errors());
}

#[test]
fn underscores_in_names_are_checked_in_a_schema_that_lists_its_exceptions() {
    let structs = "{ 'struct': 'Listed', 'data': { 'a_b': 'int' } }\n\
                   { 'struct': 'Other', 'data': { 'c_d': 'int' } }";
    // Before QEMU 6.0 names had '_', and no pragma listed them.
    clean(structs);
    let document = read(&format!(
        "{{ 'pragma': {{ 'member-name-exceptions': [ 'Listed' ] }} }}\n{structs}"
    ));
    assert_eq!(
        headlines(&document),
        ["qapi/schema.json:3:32: warning: member 'c_d' should be lower case, words joined by '-'"]
    );
}
