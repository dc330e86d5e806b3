//! The erased decoder, encoder, validator and drop on types written as qmp-schema's
//! generator writes them: a struct with every kind of member, a type that contains
//! itself, an enumeration, unions with and without common members (one a branch of the
//! other), an alternate.

#![allow(dead_code)] // variants are built by the decoder, through their descriptions

use qmp_runtime::reflect::{
    AlternateInfo, BranchesInfo, EnumInfo, Kind, Member, Payload, Reflect, StructInfo, Tagged,
    Tagged2, TypeInfo, Variant,
};
use qmp_runtime::{from_json, to_json, validate};
use serde_json::{Map, Value, json};
use std::mem::offset_of;

#[derive(Debug, Clone, PartialEq)]
#[repr(u16)]
enum Action {
    Ignore,
    Stop,
    Other(String),
}

static ACTION: TypeInfo = TypeInfo {
    name: "Action",
    size: size_of::<Action>(),
    align: align_of::<Action>(),
    kind: Kind::Enum(&EnumInfo {
        values: &["ignore", "stop"],
        other: offset_of!(Tagged<String>, value),
        releases: &[],
    }),
};
unsafe impl Reflect for Action {
    const INFO: &'static TypeInfo = &ACTION;
}

#[derive(Debug, Clone, PartialEq)]
struct Info {
    name: String,
    count: Option<u8>,
    tags: Vec<String>,
    action: Action,
    ratio: f64,
    backing: Option<Box<Info>>,
    extra: Option<Value>,
    unknown_fields: Map<String, Value>,
}

static INFO: TypeInfo = TypeInfo {
    name: "Info",
    size: size_of::<Info>(),
    align: align_of::<Info>(),
    kind: Kind::Struct(&StructInfo {
        members: &[
            Member::new("name", offset_of!(Info, name), String::INFO, false),
            Member::new("count", offset_of!(Info, count), <Option<u8>>::INFO, true),
            Member::new("tags", offset_of!(Info, tags), <Vec<String>>::INFO, false),
            Member::new("action", offset_of!(Info, action), Action::INFO, false),
            Member::new("ratio", offset_of!(Info, ratio), f64::INFO, false),
            // Info contains itself: its box is described by statics, as the generator
            // writes it.
            Member::new("backing", offset_of!(Info, backing), &OPTION_BOX_INFO, true),
            Member::new(
                "extra",
                offset_of!(Info, extra),
                <Option<Value>>::INFO,
                true,
            ),
        ],
        unknown: Some(offset_of!(Info, unknown_fields)),
    }),
};
static BOX_INFO: TypeInfo = qmp_runtime::reflect::boxed::<Info>(&INFO);
static OPTION_BOX_INFO: TypeInfo = qmp_runtime::reflect::optional::<Box<Info>>(&BOX_INFO);
unsafe impl Reflect for Info {
    const INFO: &'static TypeInfo = &INFO;
}

#[derive(Debug, Clone, PartialEq)]
struct FileOptions {
    filename: String,
    unknown_fields: Map<String, Value>,
}

static FILE_OPTIONS: TypeInfo = TypeInfo {
    name: "FileOptions",
    size: size_of::<FileOptions>(),
    align: align_of::<FileOptions>(),
    kind: Kind::Struct(&StructInfo {
        members: &[Member::new(
            "filename",
            offset_of!(FileOptions, filename),
            String::INFO,
            false,
        )],
        unknown: Some(offset_of!(FileOptions, unknown_fields)),
    }),
};
unsafe impl Reflect for FileOptions {
    const INFO: &'static TypeInfo = &FILE_OPTIONS;
}

/// A union without common members: the branches enum is the type.
#[derive(Debug, Clone, PartialEq)]
#[repr(u16)]
enum Address {
    Inet(Inet),
    Fd(Map<String, Value>),
    Other {
        value: String,
        members: Map<String, Value>,
    },
}

#[derive(Debug, Clone, PartialEq)]
struct Inet {
    host: String,
    port: String,
    unknown_fields: Map<String, Value>,
}

static INET: TypeInfo = TypeInfo {
    name: "Inet",
    size: size_of::<Inet>(),
    align: align_of::<Inet>(),
    kind: Kind::Struct(&StructInfo {
        members: &[
            Member::new("host", offset_of!(Inet, host), String::INFO, false),
            Member::new("port", offset_of!(Inet, port), String::INFO, false),
        ],
        unknown: Some(offset_of!(Inet, unknown_fields)),
    }),
};
unsafe impl Reflect for Inet {
    const INFO: &'static TypeInfo = &INET;
}

static ADDRESS_BRANCHES: TypeInfo = TypeInfo {
    name: "Address",
    size: size_of::<Address>(),
    align: align_of::<Address>(),
    kind: Kind::Branches(&BranchesInfo {
        variants: &[
            Variant {
                value: "inet",
                payload: Payload::Type(&INET, offset_of!(Tagged<Inet>, value)),
            },
            Variant {
                value: "fd",
                payload: Payload::Members(offset_of!(Tagged<Map<String, Value>>, value)),
            },
        ],
        other_value: offset_of!(Tagged2<String, Map<String, Value>>, first),
        other_members: Some(offset_of!(Tagged2<String, Map<String, Value>>, second)),
        releases: &[],
        untagged: None,
    }),
};
static ADDRESS: TypeInfo = TypeInfo {
    name: "Address",
    size: size_of::<Address>(),
    align: align_of::<Address>(),
    kind: Kind::Struct(&StructInfo {
        members: &[Member::new("type", 0, &ADDRESS_BRANCHES, false)],
        unknown: None,
    }),
};
unsafe impl Reflect for Address {
    const INFO: &'static TypeInfo = &ADDRESS;
}

/// A union with common members: a struct holding its branches.
#[derive(Debug, Clone, PartialEq)]
struct Options {
    node_name: Option<String>,
    driver: OptionsBranch,
    unknown_fields: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq)]
#[repr(u16)]
enum OptionsBranch {
    File(FileOptions),
    Null,
    Nested(Address),
    Other(String),
}

static OPTIONS_BRANCHES: TypeInfo = TypeInfo {
    name: "Options",
    size: size_of::<OptionsBranch>(),
    align: align_of::<OptionsBranch>(),
    kind: Kind::Branches(&BranchesInfo {
        variants: &[
            Variant {
                value: "file",
                payload: Payload::Type(&FILE_OPTIONS, offset_of!(Tagged<FileOptions>, value)),
            },
            Variant {
                value: "null",
                payload: Payload::Unit,
            },
            Variant {
                value: "nested",
                payload: Payload::Type(&ADDRESS, offset_of!(Tagged<Address>, value)),
            },
        ],
        other_value: offset_of!(Tagged<String>, value),
        other_members: None,
        releases: &[],
        untagged: None,
    }),
};
static OPTIONS: TypeInfo = TypeInfo {
    name: "Options",
    size: size_of::<Options>(),
    align: align_of::<Options>(),
    kind: Kind::Struct(&StructInfo {
        members: &[
            Member::new(
                "driver",
                offset_of!(Options, driver),
                &OPTIONS_BRANCHES,
                false,
            ),
            Member::new(
                "node-name",
                offset_of!(Options, node_name),
                <Option<String>>::INFO,
                true,
            ),
        ],
        unknown: Some(offset_of!(Options, unknown_fields)),
    }),
};
unsafe impl Reflect for Options {
    const INFO: &'static TypeInfo = &OPTIONS;
}

#[derive(Debug, Clone, PartialEq)]
#[repr(u16)]
enum StrOrNull {
    S(String),
    N,
    Other(Value),
}

static STR_OR_NULL: TypeInfo = TypeInfo {
    name: "StrOrNull",
    size: size_of::<StrOrNull>(),
    align: align_of::<StrOrNull>(),
    kind: Kind::Alternate(&AlternateInfo {
        alternatives: &[
            (String::INFO, offset_of!(Tagged<String>, value)),
            (<()>::INFO, offset_of!(Tagged<()>, value)),
        ],
        other: offset_of!(Tagged<Value>, value),
    }),
};
unsafe impl Reflect for StrOrNull {
    const INFO: &'static TypeInfo = &STR_OR_NULL;
}

/// Decodes, checks it encodes back to the same JSON value, and returns it.
fn round_trip<T: Reflect + std::fmt::Debug>(text: &str) -> T {
    let value: T = from_json(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let back: Value = serde_json::from_str(&to_json(&value)).unwrap();
    let original: Value = serde_json::from_str(text).unwrap();
    assert_eq!(back, original, "{value:?}");
    value
}

#[test]
fn a_struct_with_every_kind_of_member() {
    let info: Info = round_trip(
        r#"{"name": "a", "count": 3, "tags": ["x", "y"], "action": "stop", "ratio": 0.5,
            "backing": {"name": "b", "tags": [], "action": "future", "ratio": 2},
            "extra": {"any": [1, null]}, "new-member": true}"#,
    );
    assert_eq!(info.count, Some(3));
    assert_eq!(info.action, Action::Stop);
    assert_eq!(info.unknown_fields["new-member"], json!(true));
    let backing = info.backing.as_deref().unwrap();
    assert_eq!(backing.action, Action::Other("future".into()));
    assert_eq!(backing.ratio, 2.0);
    assert_eq!(backing.count, None);
    assert!(backing.backing.is_none());
}

#[test]
fn members_in_any_order_and_errors_with_pointers() {
    let info: Info =
        round_trip(r#"{"ratio": 1, "action": "ignore", "tags": [], "name": "n", "count": 0}"#);
    assert_eq!(info.name, "n");
    let error =
        from_json::<Info>(r#"{"name": "a", "tags": ["x", 5], "action": "stop"}"#).unwrap_err();
    assert_eq!(error.pointer(), "/tags/1");
    assert_eq!(error.message(), "expected a string, found a number");
    let error = from_json::<Info>(r#"{"name": "a", "tags": [], "action": "stop"}"#).unwrap_err();
    assert_eq!(error.message(), "missing field `ratio`");
    let error = from_json::<Info>(
        r#"{"name": "a", "tags": [], "action": "stop", "ratio": 1, "count": 256}"#,
    )
    .unwrap_err();
    assert_eq!(
        (error.pointer().as_str(), error.message()),
        ("/count", "256 is out of range for uint8 (0 to 255)")
    );
    let error = from_json::<Info>(r#"{"name": "a", "name": "b"}"#).unwrap_err();
    assert_eq!(error.message(), "field `name` appears twice");
    let error = from_json::<Info>(
        r#"{"name": "a", "tags": [], "action": "stop", "ratio": 1,
            "backing": {"name": 1}}"#,
    )
    .unwrap_err();
    assert_eq!(error.pointer(), "/backing/name");
    assert_eq!(error.position(), Some((2, 33)));
}

#[test]
fn unions_select_their_branch_by_the_discriminator_wherever_it_stands() {
    let file: Options = round_trip(r#"{"node-name": "n0", "filename": "/x", "driver": "file"}"#);
    assert_eq!(file.node_name.as_deref(), Some("n0"));
    let OptionsBranch::File(options) = &file.driver else {
        panic!("{file:?}")
    };
    assert_eq!(options.filename, "/x");
    let null: Options = round_trip(r#"{"driver": "null", "size": 5}"#);
    assert_eq!(null.driver, OptionsBranch::Null);
    assert_eq!(null.unknown_fields["size"], json!(5));
    let future: Options = round_trip(r#"{"driver": "zstd", "level": 3}"#);
    assert_eq!(future.driver, OptionsBranch::Other("zstd".into()));
    // A branch that is a union in turn reads its own discriminator from the same object.
    let nested: Options =
        round_trip(r#"{"driver": "nested", "type": "inet", "host": "h", "port": "1"}"#);
    let OptionsBranch::Nested(Address::Inet(inet)) = &nested.driver else {
        panic!("{nested:?}")
    };
    assert_eq!(inet.port, "1");
    let error = from_json::<Options>(r#"{"filename": "/x"}"#).unwrap_err();
    assert!(
        error.message().contains("missing field `driver`"),
        "{error}"
    );
    let error = from_json::<Options>(r#"{"driver": "file"}"#).unwrap_err();
    assert_eq!(error.message(), "missing field `filename`");
}

#[test]
fn unions_without_common_members_are_their_branches() {
    let inet: Address = round_trip(r#"{"type": "inet", "host": "h", "port": "1", "x": 1}"#);
    let Address::Inet(inet) = inet else { panic!() };
    assert_eq!(inet.unknown_fields["x"], json!(1));
    let fd: Address = round_trip(r#"{"type": "fd", "str": "3"}"#);
    assert_eq!(
        fd,
        Address::Fd(json!({"str": "3"}).as_object().unwrap().clone())
    );
    let other: Address = round_trip(r#"{"type": "vsock", "cid": "2"}"#);
    let Address::Other { value, members } = other else {
        panic!()
    };
    assert_eq!((value.as_str(), &members["cid"]), ("vsock", &json!("2")));
}

#[test]
fn alternates_choose_by_the_json_type() {
    assert_eq!(round_trip::<StrOrNull>(r#""x""#), StrOrNull::S("x".into()));
    assert_eq!(round_trip::<StrOrNull>("null"), StrOrNull::N);
    assert_eq!(round_trip::<StrOrNull>("[1]"), StrOrNull::Other(json!([1])));
}

#[test]
fn validation_reports_every_violation_with_its_pointer() {
    let message = json!({"name": 1, "tags": ["x"], "action": "later", "ratio": 1,
        "count": 300, "new": 1});
    let violations = validate::<Info>(&message).unwrap_err();
    let found: Vec<(String, String)> = violations
        .into_iter()
        .map(|v| (v.pointer, v.message))
        .collect();
    assert_eq!(
        found,
        [
            (
                "/name".into(),
                "expected json-string, found an integer".into()
            ),
            (
                "/count".into(),
                "300 is out of range for uint8 (0 to 255)".into()
            ),
            (
                "/action".into(),
                "'later' is not one of 'ignore', 'stop'".into()
            ),
            ("/new".into(), "member not in the schema".into()),
        ]
    );
    assert!(validate::<Options>(&json!({"driver": "file", "filename": "/x"})).is_ok());
    let violations = validate::<Options>(&json!({"driver": "file"})).unwrap_err();
    assert_eq!(violations[0].message, "missing required field 'filename'");
}

#[test]
fn failed_decodes_free_what_they_read() {
    // Each fails after members that own memory were read (valgrind and the allocator
    // checks in debug builds see a leak or a double free as an error).
    for text in [
        r#"{"name": "a", "tags": ["x", "y"], "extra": {"k": [1]}, "backing": {"name": "b", "tags": ["z"], "action": "stop", "ratio": 1}, "action": 5}"#,
        r#"{"name": "a", "tags": ["x"], "action": "stop"}"#,
        r#"{"driver": "file", "node-name": "n", "other": [1], "filename": 1}"#,
        r#"{"type": "vsock", "cid": "2", "cid": "3"}"#,
        r#"{"name": "a", "tags": ["x"], "action": "stop", "ratio": 1} trailing"#,
    ] {
        assert!(from_json::<Info>(text).is_err() || from_json::<Options>(text).is_err());
        let _ = from_json::<Address>(text);
        let _ = from_json::<Options>(text);
    }
}

#[test]
fn answers_refuse_numbers_serde_json_refuses_wherever_they_stand() {
    // Found by the `wire` fuzz target: a member of the answer that is neither `return`
    // nor `id` holding an integer beyond `f64`'s range was skipped unchecked, so the
    // answer decoded where `serde_json::Value` (and so any re-encoding) refuses it.
    let huge = "5".repeat(340);
    let line = format!(r#"{{"return": {{}}, "id#": 1, "id#": {huge}}}"#);
    assert!(serde_json::from_str::<Value>(&line).is_err());
    let error = qmp_runtime::read_response::<Map<String, Value>>(&line, "migrate-recover")
        .expect_err("an answer with a number out of range is refused");
    assert!(error.message().contains("out of range"), "{error}");
    let fine = r#"{"return": {}, "extra": 1e300, "id": 7}"#;
    assert!(qmp_runtime::read_response::<Map<String, Value>>(fine, "migrate-recover").is_ok());
}
