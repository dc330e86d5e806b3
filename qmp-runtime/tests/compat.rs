//! The comparison of bindings with a QEMU's `query-qmp-schema` answer, on small bindings
//! described through `compat::Api` (a table of toy types) and small answers: each kind of
//! finding, which way values go deciding what breaks, unions, alternates, a type that
//! contains itself, an unreadable answer, the text and the JSON.

use qmp_runtime::compat::{
    Api, CommandShape, DataShape, EventShape, Field, FindingKind, Report, Shape, Subject, compare,
};
use serde_json::{Value, json};

/// A type of the toy bindings; types refer to each other by index.
#[derive(Clone)]
enum Toy {
    Bool,
    Int,
    Float,
    Number,
    Str,
    Any,
    Enum(Vec<&'static str>),
    Array(usize),
    /// (wire name, type, optional)
    Struct(Vec<(&'static str, usize, bool)>),
    /// (value, branch)
    Branches(Vec<(&'static str, Option<usize>)>),
    Alternate(Vec<usize>),
}

#[derive(Default)]
struct Bindings {
    types: Vec<Toy>,
    /// (name, arguments (None: not checked), returns)
    commands: Vec<(&'static str, Option<usize>, usize)>,
    events: Vec<(&'static str, DataShape<usize>)>,
}

impl Bindings {
    fn add(&mut self, ty: Toy) -> usize {
        self.types.push(ty);
        self.types.len() - 1
    }
}

impl Api for Bindings {
    type Type = usize;
    type Key = usize;

    fn commands(&self) -> Vec<CommandShape<'_, usize>> {
        self.commands
            .iter()
            .map(|&(name, arguments, returns)| CommandShape {
                name,
                arguments,
                returns,
            })
            .collect()
    }

    fn events(&self) -> Vec<EventShape<'_, usize>> {
        self.events
            .iter()
            .map(|&(name, data)| EventShape { name, data })
            .collect()
    }

    fn shape(&self, ty: usize) -> Shape<'_, usize> {
        match &self.types[ty] {
            Toy::Bool => Shape::Bool,
            Toy::Int => Shape::Int,
            Toy::Float => Shape::Float,
            Toy::Number => Shape::Number,
            Toy::Str => Shape::String,
            Toy::Any => Shape::Any,
            Toy::Enum(values) => Shape::Enum(values.clone()),
            Toy::Array(element) => Shape::Array(*element),
            Toy::Struct(fields) => Shape::Struct(
                fields
                    .iter()
                    .map(|&(name, ty, optional)| Field { name, ty, optional })
                    .collect(),
            ),
            Toy::Branches(variants) => Shape::Branches(variants.clone()),
            Toy::Alternate(types) => Shape::Alternate(types.clone()),
        }
    }

    fn key(&self, ty: usize) -> usize {
        ty
    }
}

/// The built-in types of every answer.
fn builtins() -> Vec<Value> {
    [
        ("str", "string"),
        ("int", "int"),
        ("number", "number"),
        ("bool", "boolean"),
        ("null", "null"),
        ("any", "value"),
    ]
    .iter()
    .map(|(name, json)| json!({"name": name, "meta-type": "builtin", "json-type": json}))
    .chain([json!({"name": "0", "meta-type": "object", "members": []})])
    .collect()
}

fn answer(entries: Vec<Value>) -> Value {
    let mut all = builtins();
    all.extend(entries);
    Value::Array(all)
}

fn command(name: &str, arguments: &str, returns: &str) -> Value {
    json!({"name": name, "meta-type": "command", "arg-type": arguments, "ret-type": returns})
}

fn object(name: &str, members: &[(&str, &str, bool)]) -> Value {
    let members: Vec<Value> = members
        .iter()
        .map(|(member, ty, optional)| {
            if *optional {
                json!({"name": member, "type": ty, "default": null})
            } else {
                json!({"name": member, "type": ty})
            }
        })
        .collect();
    json!({"name": name, "meta-type": "object", "members": members})
}

/// (wire path, kind, breaking) of each finding.
fn findings(report: &Report) -> Vec<(String, FindingKind, bool)> {
    report
        .findings
        .iter()
        .map(|f| (f.wire_path(), f.kind.clone(), f.is_breaking()))
        .collect()
}

/// Bindings of one command `set-x` taking `arguments` and one `query-x` returning
/// `returns`, the same toy types on both.
fn one_way_each(bindings: &mut Bindings, ty: usize) {
    let empty = bindings.add(Toy::Struct(vec![]));
    let arguments = bindings.add(Toy::Struct(vec![("x", ty, false)]));
    bindings.commands.push(("set-x", Some(arguments), empty));
    bindings.commands.push(("query-x", None, ty));
}

#[test]
fn arguments_and_returns_break_the_other_way_round() {
    // The bindings' struct: a required `a`, an optional `b`; QEMU's: an optional `a`,
    // a required `c`.
    let mut bindings = Bindings::default();
    let int = bindings.add(Toy::Int);
    let ty = bindings.add(Toy::Struct(vec![("a", int, false), ("b", int, true)]));
    one_way_each(&mut bindings, ty);
    let qemu = answer(vec![
        command("set-x", "1", "0"),
        command("query-x", "0", "2"),
        object("1", &[("x", "2", false)]),
        object("2", &[("a", "int", true), ("c", "int", false)]),
    ]);
    let report = compare(&bindings, &qemu);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        findings(&report),
        [
            // Decoding: `a` may be left out, which the bindings require; `b` never comes;
            // `c` is kept as unknown.
            (
                "query-x: return.a".to_owned(),
                FindingKind::MemberOptionalInQemu,
                true
            ),
            (
                "query-x: return.b".to_owned(),
                FindingKind::MemberNotInQemu { required: false },
                false
            ),
            (
                "query-x: return.c".to_owned(),
                FindingKind::MemberNotInBindings,
                false
            ),
            // Calling: `a` is sent, QEMU may take it; `b` is refused when set; `c` is
            // required and unknown to the bindings.
            (
                "set-x: arguments.x.b".to_owned(),
                FindingKind::ArgumentNotInQemu { required: false },
                false
            ),
            (
                "set-x: arguments.x.c".to_owned(),
                FindingKind::ArgumentNotInBindings { required: true },
                true
            ),
        ]
    );
}

#[test]
fn a_member_the_bindings_make_optional_where_releases_differ_breaks_nothing() {
    // As bindings merged from two releases have it: a member one release requires is
    // optional. Neither way is it breaking: a reply without it decodes, a call may set it.
    let mut bindings = Bindings::default();
    let int = bindings.add(Toy::Int);
    let ty = bindings.add(Toy::Struct(vec![("new", int, true), ("old", int, true)]));
    one_way_each(&mut bindings, ty);
    let qemu = answer(vec![
        command("set-x", "1", "0"),
        command("query-x", "0", "2"),
        object("1", &[("x", "2", false)]),
        object("2", &[("old", "int", false)]),
    ]);
    let report = compare(&bindings, &qemu);
    assert!(!report.is_breaking(), "{report}");
    let kinds: Vec<FindingKind> = report.findings.iter().map(|f| f.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            FindingKind::MemberNotInQemu { required: false },
            FindingKind::ArgumentNotInQemu { required: false },
            FindingKind::ArgumentOptionalInBindings,
        ]
    );
}

#[test]
fn json_types_must_agree_an_integer_goes_where_a_number_does() {
    let mut bindings = Bindings::default();
    let int = bindings.add(Toy::Int);
    let float = bindings.add(Toy::Float);
    let exact = bindings.add(Toy::Number);
    let str_ = bindings.add(Toy::Str);
    let ty = bindings.add(Toy::Struct(vec![
        ("i", int, false),
        ("f", float, false),
        ("e", exact, false),
        ("s", str_, false),
    ]));
    one_way_each(&mut bindings, ty);
    let qemu = answer(vec![
        command("set-x", "1", "0"),
        command("query-x", "0", "2"),
        object("1", &[("x", "2", false)]),
        object(
            "2",
            &[
                ("i", "number", false),
                ("f", "int", false),
                ("e", "int", false),
                ("s", "bool", false),
            ],
        ),
    ]);
    let report = compare(&bindings, &qemu);
    let mismatch = |bindings: &str, qemu: &str| FindingKind::TypeMismatch {
        bindings: bindings.to_owned(),
        qemu: qemu.to_owned(),
    };
    assert_eq!(
        findings(&report),
        [
            // QEMU may send 1.5 where the bindings want an integer.
            (
                "query-x: return.i".to_owned(),
                mismatch("int", "number"),
                true
            ),
            (
                "query-x: return.s".to_owned(),
                mismatch("string", "boolean"),
                true
            ),
            // The bindings' double may hold 1.5 where QEMU wants an integer; an exact
            // number (as merged bindings widen `int` and `uint64` to) goes either way.
            (
                "set-x: arguments.x.f".to_owned(),
                mismatch("number", "int"),
                true
            ),
            (
                "set-x: arguments.x.s".to_owned(),
                mismatch("string", "boolean"),
                true
            ),
        ]
    );
    let text = report.to_string();
    assert!(
        text.contains("why: values this QEMU sends do not decode"),
        "{text}"
    );
    assert!(
        text.contains("why: values the bindings send are refused"),
        "{text}"
    );
}

#[test]
fn enum_values_the_bindings_lack_decode_as_other_and_values_qemu_lacks_matter_when_sent() {
    let mut bindings = Bindings::default();
    let ty = bindings.add(Toy::Enum(vec!["on", "off", "auto"]));
    one_way_each(&mut bindings, ty);
    let qemu = answer(vec![
        command("set-x", "1", "0"),
        command("query-x", "0", "2"),
        object("1", &[("x", "2", false)]),
        json!({"name": "2", "meta-type": "enum", "members": [{"name": "on"}, {"name": "off"}, {"name": "broken"}]}),
    ]);
    let report = compare(&bindings, &qemu);
    let value = |v: &str| v.to_owned();
    assert_eq!(
        findings(&report),
        [
            (
                "query-x: return".to_owned(),
                FindingKind::ValueNotInBindings {
                    value: value("broken")
                },
                false
            ),
            (
                "set-x: arguments.x".to_owned(),
                FindingKind::ValueNotInQemu {
                    value: value("auto")
                },
                false
            ),
            (
                "set-x: arguments.x".to_owned(),
                FindingKind::ValueNotInBindings {
                    value: value("broken")
                },
                false
            ),
        ]
    );
    // 7.2's enums also list `values` beside `members`; older ones only `values`.
    let old = answer(vec![
        command("query-x", "0", "2"),
        json!({"name": "2", "meta-type": "enum", "values": ["on", "off", "auto"]}),
    ]);
    let report = compare(&bindings, &old);
    assert_eq!(report.about("query-x").count(), 0, "{report}");
}

#[test]
fn union_branches_are_compared_by_discriminator_value() {
    let mut bindings = Bindings::default();
    let str_ = bindings.add(Toy::Str);
    let bool_ = bindings.add(Toy::Bool);
    let file = bindings.add(Toy::Struct(vec![("filename", str_, false)]));
    let branches = bindings.add(Toy::Branches(vec![
        ("file", Some(file)),
        ("null", None),
        ("nvme", None),
    ]));
    let union = bindings.add(Toy::Struct(vec![
        ("driver", branches, false),
        ("read-only", bool_, true),
    ]));
    bindings.commands.push(("query-node", None, union));
    bindings.commands.push(("add-node", Some(union), union));
    // QEMU's file branch has an optional `locking` and no `filename`; it has `raw`, the
    // bindings `nvme`.
    let qemu = answer(vec![
        command("query-node", "0", "1"),
        command("add-node", "1", "1"),
        json!({"name": "1", "meta-type": "object", "tag": "driver",
               "members": [{"name": "driver", "type": "2"}, {"name": "read-only", "type": "bool", "default": null}],
               "variants": [{"case": "file", "type": "3"}, {"case": "null", "type": "0"}, {"case": "raw", "type": "0"}]}),
        json!({"name": "2", "meta-type": "enum", "members": [{"name": "file"}, {"name": "null"}, {"name": "raw"}]}),
        object("3", &[("locking", "str", true)]),
    ]);
    let report = compare(&bindings, &qemu);
    let paths: Vec<String> = report.findings.iter().map(|f| f.to_string()).collect();
    assert_eq!(
        paths,
        [
            "add-node: arguments.driver: branch \"nvme\" this QEMU does not take",
            "add-node: arguments.driver: branch \"raw\" the bindings lack",
            "add-node: arguments[driver=file].filename: required argument this QEMU does not take",
            "add-node: arguments[driver=file].locking: optional argument the bindings lack",
            // The return is the same union, which query-node returns too: compared once,
            // where the walk (in wire-name order) meets it first.
            "add-node: return.driver: branch \"raw\" the bindings lack",
            "add-node: return[driver=file].filename: required member this QEMU does not send",
            "add-node: return[driver=file].locking: member the bindings lack",
        ]
    );
    for finding in report
        .findings
        .iter()
        .filter(|f| f.path.starts_with("return"))
    {
        assert_eq!(finding.also, [Subject::Command("query-node".to_owned())]);
    }
}

#[test]
fn a_struct_of_qemu_that_the_bindings_have_as_a_union_is_compared_branch_by_branch() {
    // As 7.2's BlockJobInfo, a struct, against 10.0's bindings, a union on `type` whose
    // mirror branch requires `actively-synced`.
    let mut bindings = Bindings::default();
    let bool_ = bindings.add(Toy::Bool);
    let int = bindings.add(Toy::Int);
    let mirror = bindings.add(Toy::Struct(vec![("actively-synced", bool_, false)]));
    let branches = bindings.add(Toy::Branches(vec![
        ("mirror", Some(mirror)),
        ("stream", None),
    ]));
    let info = bindings.add(Toy::Struct(vec![
        ("type", branches, false),
        ("len", int, false),
    ]));
    let list = bindings.add(Toy::Array(info));
    bindings.commands.push(("query-block-jobs", None, list));
    let qemu = answer(vec![
        command("query-block-jobs", "0", "[1]"),
        json!({"name": "[1]", "meta-type": "array", "element-type": "1"}),
        object("1", &[("type", "2", false), ("len", "int", false)]),
        json!({"name": "2", "meta-type": "enum", "members": [{"name": "mirror"}, {"name": "stream"}, {"name": "commit"}]}),
    ]);
    let report = compare(&bindings, &qemu);
    let paths: Vec<String> = report.findings.iter().map(|f| f.to_string()).collect();
    assert_eq!(
        paths,
        [
            "query-block-jobs: return[].type: branch \"commit\" the bindings lack",
            "query-block-jobs: return[][type=mirror].actively-synced: required member this QEMU does not send",
        ]
    );
    assert!(report.is_breaking());
}

#[test]
fn alternates_are_matched_by_json_type() {
    let mut bindings = Bindings::default();
    let str_ = bindings.add(Toy::Str);
    let int = bindings.add(Toy::Int);
    let alternate = bindings.add(Toy::Alternate(vec![str_, int]));
    one_way_each(&mut bindings, alternate);
    // QEMU's takes a string or null.
    let qemu = answer(vec![
        command("set-x", "1", "0"),
        command("query-x", "0", "2"),
        object("1", &[("x", "2", false)]),
        json!({"name": "2", "meta-type": "alternate", "members": [{"type": "str"}, {"type": "null"}]}),
    ]);
    let report = compare(&bindings, &qemu);
    let json = |j: &str| j.to_owned();
    assert_eq!(
        findings(&report),
        [
            (
                "query-x: return".to_owned(),
                FindingKind::AlternativeNotInBindings { json: json("null") },
                false
            ),
            (
                "set-x: arguments.x".to_owned(),
                FindingKind::AlternativeNotInQemu { json: json("int") },
                false
            ),
            (
                "set-x: arguments.x".to_owned(),
                FindingKind::AlternativeNotInBindings { json: json("null") },
                false
            ),
        ]
    );
    // A plain string in the bindings cannot decode QEMU's null.
    let mut plain = Bindings::default();
    let str_ = plain.add(Toy::Str);
    plain.commands.push(("query-x", None, str_));
    let report = compare(&plain, &qemu);
    assert_eq!(
        findings(&report)[..1],
        [(
            "query-x: return".to_owned(),
            FindingKind::TypeMismatch {
                bindings: "string".to_owned(),
                qemu: "null".to_owned()
            },
            true
        )]
    );
}

#[test]
fn a_type_that_contains_itself_is_compared_once_and_its_users_named() {
    // ImageInfo's backing-image is an ImageInfo.
    let mut bindings = Bindings::default();
    let str_ = bindings.add(Toy::Str);
    let image = bindings.types.len();
    bindings.types.push(Toy::Struct(vec![
        ("filename", str_, false),
        ("format", str_, false),
        ("backing-image", image, true),
    ]));
    bindings.commands.push(("query-image", None, image));
    bindings.commands.push(("query-images", None, image));
    let qemu = answer(vec![
        command("query-image", "0", "1"),
        command("query-images", "0", "1"),
        object(
            "1",
            &[("filename", "str", false), ("backing-image", "1", true)],
        ),
    ]);
    let report = compare(&bindings, &qemu);
    assert_eq!(report.findings.len(), 1, "{report}");
    let finding = &report.findings[0];
    assert_eq!(finding.wire_path(), "query-image: return.format");
    assert_eq!(finding.also, [Subject::Command("query-images".to_owned())]);
    assert!(
        report
            .to_string()
            .contains("also reached from: command query-images"),
        "{report}"
    );
}

#[test]
fn commands_and_events_are_matched_by_wire_name_and_unchecked_arguments_are_left_alone() {
    let mut bindings = Bindings::default();
    let empty = bindings.add(Toy::Struct(vec![]));
    let str_ = bindings.add(Toy::Str);
    let any = bindings.add(Toy::Any);
    let data = bindings.add(Toy::Struct(vec![("device", str_, false)]));
    // device_add's arguments QEMU does not check ('gen': false): the bindings give none
    // to compare, though QEMU's `id` is required and unknown to them.
    bindings.commands.push(("device_add", None, empty));
    bindings.commands.push(("qom-get", Some(empty), any));
    bindings.commands.push(("query-new", Some(empty), empty));
    bindings.events.push(("STOP", DataShape::None));
    bindings.events.push(("TRAY", DataShape::Typed(data)));
    bindings.events.push(("NEW_EVENT", DataShape::Open));
    let qemu = answer(vec![
        command("device_add", "1", "0"),
        object("1", &[("driver", "str", false), ("id", "str", false)]),
        command("qom-get", "0", "str"),
        command("query-old", "0", "0"),
        json!({"name": "STOP", "meta-type": "event", "arg-type": "2"}),
        object("2", &[("reason", "str", false)]),
        json!({"name": "TRAY", "meta-type": "event"}),
        json!({"name": "OLD_EVENT", "meta-type": "event", "arg-type": "0"}),
    ]);
    let report = compare(&bindings, &qemu);
    assert_eq!(
        findings(&report),
        [
            ("NEW_EVENT".to_owned(), FindingKind::EventNotInQemu, false),
            (
                "OLD_EVENT".to_owned(),
                FindingKind::EventNotInBindings,
                false
            ),
            (
                "STOP: data.reason".to_owned(),
                FindingKind::MemberNotInBindings,
                false
            ),
            (
                "TRAY: data.device".to_owned(),
                FindingKind::MemberNotInQemu { required: true },
                true
            ),
            ("query-new".to_owned(), FindingKind::CommandNotInQemu, false),
            (
                "query-old".to_owned(),
                FindingKind::CommandNotInBindings,
                false
            ),
        ]
    );
}

#[test]
fn the_answer_may_be_the_list_or_the_saved_object_and_an_unreadable_one_is_a_problem() {
    let mut bindings = Bindings::default();
    let empty = bindings.add(Toy::Struct(vec![]));
    bindings.commands.push(("stop", Some(empty), empty));
    let list = answer(vec![command("stop", "0", "0")]);
    let saved = json!({
        "query-version": {"qemu": {"major": 7, "minor": 2, "micro": 22}, "package": ""},
        "query-qmp-schema": list.clone(),
    });
    let bare = compare(&bindings, &list);
    let whole = compare(&bindings, &saved);
    assert_eq!(bare.qemu, None);
    assert_eq!(whole.qemu.as_deref(), Some("7.2.22"));
    assert_eq!(bare.findings, whole.findings);
    assert!(bare.findings.is_empty() && !bare.is_breaking());
    assert!(
        bare.to_string()
            .ends_with("verdict: no differences; the bindings describe what this QEMU supports\n")
    );

    let nothing = compare(&bindings, &json!({"return": []}));
    assert!(
        nothing.is_breaking(),
        "an answer not read vouches for nothing"
    );
    assert_eq!(nothing.problems.len(), 1, "{:?}", nothing.problems);
    // A type used but not defined is said, once.
    let broken = answer(vec![command("stop", "0", "9"), command("cont", "9", "9")]);
    let report = compare(&bindings, &broken);
    assert_eq!(report.problems, ["type \"9\" is used but not defined"]);
    assert!(report.is_breaking());
}

#[test]
fn the_report_as_text_and_json() {
    let mut bindings = Bindings::default();
    let str_ = bindings.add(Toy::Str);
    let data = bindings.add(Toy::Struct(vec![
        ("qom-path", str_, false),
        ("device", str_, false),
    ]));
    bindings
        .events
        .push(("BLOCK_IO_ERROR", DataShape::Typed(data)));
    bindings.events.push(("STOP", DataShape::None));
    bindings.events.push(("RESUME", DataShape::None));
    let qemu = json!({
        "query-version": {"qemu": {"major": 7, "minor": 2, "micro": 22}},
        "query-qmp-schema": answer(vec![
            json!({"name": "BLOCK_IO_ERROR", "meta-type": "event", "arg-type": "1"}),
            object("1", &[("device", "str", false)]),
        ]),
    });
    let report = compare(&bindings, &qemu);
    assert_eq!(
        report.to_string(),
        "comparing the bindings with QEMU 7.2.22\n\
         \n\
         BLOCK_IO_ERROR\n\
         \x20 breaking    data.qom-path: required member this QEMU does not send\n\
         \x20             why: events without it (as this QEMU sends them) do not decode\n\
         \n\
         RESUME\n\
         \x20 compatible  event not in this QEMU\n\
         \x20             note: this QEMU never sends it\n\
         \n\
         STOP\n\
         \x20 compatible  event not in this QEMU\n\
         \n\
         verdict: 1 breaking difference, 2 compatible; code using the bindings fails against \
         this QEMU where a difference breaks\n"
    );
    let json = serde_json::to_value(&report).expect("JSON");
    assert_eq!(
        json,
        json!({
            "qemu": "7.2.22",
            "verdict": "breaking",
            "breaking": 1,
            "compatible": 2,
            "problems": [],
            "findings": [
                {"message": "BLOCK_IO_ERROR: data.qom-path: required member this QEMU does not send",
                 "kind": "member-not-in-qemu", "event": "BLOCK_IO_ERROR", "path": "data.qom-path",
                 "breaking": true, "required": true, "also": []},
                {"message": "RESUME: event not in this QEMU", "kind": "event-not-in-qemu",
                 "event": "RESUME", "path": "", "breaking": false, "also": []},
                {"message": "STOP: event not in this QEMU", "kind": "event-not-in-qemu",
                 "event": "STOP", "path": "", "breaking": false, "also": []},
            ],
        })
    );
}
