//! The second layer of the language: top-level expressions read as directives and
//! definitions (`qapi-code-gen.rst`, "The QAPI schema language"), with spans.
//!
//! This layer checks the shape of each expression on its own, as QEMU's `expr.py` does:
//! its keys, its flags, the form of each value (`if`, `features`, members, type
//! references). What needs the whole schema (names, bases, unions, clashes) is the job
//! of `rules/`. Forms of older releases are read as they meant them (see the functions
//! that read them); a form no release used is an error, as in QEMU.
//!
//! The values inside a definition are read by `expr/members.rs` (members, branches,
//! enum values, type references), `expr/condition.rs` (`if`) and `expr/features.rs`.

mod condition;
mod features;
mod members;

use super::Reading;
use super::pragma::Pragmas;
use super::syntax::{Kind, Member as SyntaxMember, Value};
use crate::model::{Condition, EnumValue, Feature, Span};
use condition::read_condition;
use features::read_features;
use members::{Role, branches, data_of, enum_values, members_of, type_name, type_ref};

/// A top-level expression, read.
#[derive(Debug, Clone, PartialEq)]
pub enum Expression {
    /// `{ 'include': 'file.json' }`
    Include {
        /// The path as written, relative to the including file.
        path: String,
        /// Where the path stands.
        span: Span,
    },
    /// `{ 'pragma': ... }`, its settings read into the schema's pragmas.
    Pragma,
    /// A definition.
    Definition(Box<Definition>),
}

/// A definition: a type, a command or an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// Its name.
    pub name: String,
    /// Where the name stands.
    pub span: Span,
    /// What it defines.
    pub body: Body,
    /// Its `if`.
    pub condition: Option<Condition>,
    /// Its `features`.
    pub features: Vec<Feature>,
}

impl Definition {
    /// The kind of definition, as the schema spells it (`struct`, `event`, ...).
    pub fn meta(&self) -> &'static str {
        match self.body {
            Body::Enum { .. } => "enum",
            Body::Struct { .. } => "struct",
            Body::Union { .. } => "union",
            Body::Alternate { .. } => "alternate",
            Body::Command { .. } => "command",
            Body::Event { .. } => "event",
        }
    }

    /// Whether it defines a type (not a command or an event).
    pub fn is_type(&self) -> bool {
        !matches!(self.body, Body::Command { .. } | Body::Event { .. })
    }
}

/// What a definition defines.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// An enumeration.
    Enum {
        /// Its values.
        values: Vec<EnumValue>,
    },
    /// A struct (spelled `type` before QEMU 2.4).
    Struct {
        /// The struct whose members come first.
        base: Option<TypeName>,
        /// Its own members.
        members: Vec<MemberDef>,
    },
    /// A union: flat (a base and a discriminator), or, before QEMU 6.2, simple (no
    /// discriminator: the wire form is `{"type": BRANCH, "data": {...}}`).
    Union {
        /// The common members, inline or a struct's.
        base: Option<UnionBase>,
        /// The common member whose value selects a branch.
        discriminator: Option<(String, Span)>,
        /// The branches.
        branches: Vec<Branch>,
    },
    /// An alternate (also a union with `'discriminator': {}`, as QEMU 2.1 wrote them).
    Alternate {
        /// The alternatives.
        alternatives: Vec<Branch>,
    },
    /// A command.
    Command {
        /// Its arguments.
        data: Option<Data>,
        /// Its return type.
        returns: Option<TypeRef>,
        /// Its flags.
        flags: CommandFlags,
    },
    /// An event.
    Event {
        /// Its data.
        data: Option<Data>,
        /// Whether `boxed` is true.
        boxed: bool,
    },
}

/// The flags of a command definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandFlags {
    /// Whether QEMU generates its code (`'gen': false` says it does not).
    pub generated: bool,
    /// `'boxed'`
    pub boxed: bool,
    /// `'success-response'` (true unless written false)
    pub success_response: bool,
    /// `'allow-oob'`
    pub allow_oob: bool,
    /// `'allow-preconfig'`
    pub allow_preconfig: bool,
    /// `'coroutine'`
    pub coroutine: bool,
}

/// A type named by a string, with where the string stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeName {
    /// The name.
    pub name: String,
    /// Where it stands.
    pub span: Span,
}

/// A reference to a type (`TYPE-REF`).
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// `'T'`
    Name(TypeName),
    /// `['T']`
    Array(TypeName),
    /// A nested anonymous struct, `{ 'a': 'int' }` (old schemas only).
    Object(Vec<MemberDef>),
}

/// A member of a struct, a union base, or a command's or event's data.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberDef {
    /// The name without its `*`.
    pub name: String,
    /// Whether the name had a `*`.
    pub optional: bool,
    /// Its type.
    pub ty: TypeRef,
    /// Its `if`.
    pub condition: Option<Condition>,
    /// Its `features`.
    pub features: Vec<Feature>,
    /// Where its name stands.
    pub span: Span,
}

/// A union's common members.
#[derive(Debug, Clone, PartialEq)]
pub enum UnionBase {
    /// Members written in the union.
    Inline(Vec<MemberDef>),
    /// A struct's members.
    Named(TypeName),
}

/// A union branch or an alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    /// The branch's name (for a union, the discriminator value).
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Its `if`.
    pub condition: Option<Condition>,
    /// Where its name stands.
    pub span: Span,
}

/// A command's arguments or an event's data.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    /// Members written in the definition.
    Inline(Vec<MemberDef>),
    /// A complex type's members.
    Named(TypeName),
}

/// The keys each kind of expression may have besides its own.
const COMMON_KEYS: &[&str] = &["if", "features"];

/// The keys that say what an expression is.
const META_KEYS: &[&str] = &[
    "include",
    "pragma",
    "enum",
    "struct",
    "type",
    "union",
    "alternate",
    "command",
    "event",
];

/// Reads a top-level expression; `None` when it is too broken to use (the reasons are
/// reported). A pragma's settings go to `pragmas`.
pub fn read_expression(
    cx: &mut Reading<'_>,
    value: &Value<'_>,
    pragmas: &mut Pragmas,
) -> Option<Expression> {
    let Some(members) = value.as_dict() else {
        cx.error(
            value.text,
            format!(
                "a top-level expression must be an object, found {}",
                value.kind_name()
            ),
        );
        return None;
    };
    let Some(first) = members.first() else {
        cx.error(value.text, "an empty top-level expression defines nothing");
        return None;
    };
    let mut metas = members
        .iter()
        .filter(|member| META_KEYS.contains(&member.key.as_ref()));
    let (meta, second) = (metas.next(), metas.next());
    if let (Some(meta), Some(second)) = (meta, second) {
        cx.error(
            second.key_text,
            format!(
                "'{}' and '{}' both say what the expression is; it has one such key",
                meta.key, second.key
            ),
        );
        return None;
    }
    let Some(meta) = meta else {
        cx.error(
            first.key_text,
            format!(
                "'{}' does not say what the expression is: expected one of the keys include, \
                 pragma, enum, struct, union, alternate, command or event",
                first.key
            ),
        );
        return None;
    };
    match meta.key.as_ref() {
        "include" => {
            directive_alone(cx, members, meta);
            let path = string_value(cx, &meta.value, "'include'")?;
            Some(Expression::Include {
                path,
                span: cx.span(meta.value.text),
            })
        }
        "pragma" => {
            directive_alone(cx, members, meta);
            pragmas.read(cx, &meta.value);
            Some(Expression::Pragma)
        }
        _ => read_definition(cx, members, meta)
            .map(|definition| Expression::Definition(Box::new(definition))),
    }
}

/// A directive (`include`, `pragma`) is an object of one key.
fn directive_alone(cx: &mut Reading<'_>, members: &[SyntaxMember<'_>], meta: &SyntaxMember<'_>) {
    for member in members.iter().filter(|member| member.key != meta.key) {
        cx.error(
            member.key_text,
            format!(
                "a '{}' directive has no other key than '{}', found '{}'",
                meta.key, meta.key, member.key
            ),
        );
    }
}

fn read_definition(
    cx: &mut Reading<'_>,
    members: &[SyntaxMember<'_>],
    meta: &SyntaxMember<'_>,
) -> Option<Definition> {
    let name = string_value(cx, &meta.value, &format!("'{}'", meta.key))?;
    let span = cx.span(meta.value.text);
    let kind = match meta.key.as_ref() {
        "enum" => "enum",
        "struct" | "type" => "struct",
        "union" => "union",
        "alternate" => "alternate",
        "command" => "command",
        _ => "event",
    };
    cx.context = Some((kind, name.clone()));
    let get = |key: &str| value_of(members, key);
    let body = match kind {
        "enum" => {
            check_keys(cx, members, meta, &["data", "prefix"]);
            if let Some(prefix) = get("prefix") {
                string_value(cx, prefix, "'prefix'");
            }
            let data = required(cx, meta, get("data"), "data")?;
            Body::Enum {
                values: enum_values(cx, data),
            }
        }
        "struct" => {
            check_keys(cx, members, meta, &["data", "base"]);
            let base = get("base").and_then(|base| type_name(cx, base, "'base'"));
            let members = match get("data") {
                Some(data) => members_of(cx, data, "'data'"),
                // QEMU 2.1 to 2.3 spelled a struct without members `{ 'type': 'T' }`.
                None if meta.key == "type" => Vec::new(),
                None => {
                    required(cx, meta, None, "data")?;
                    Vec::new()
                }
            };
            Body::Struct { base, members }
        }
        "union" => read_union(cx, members, meta)?,
        "alternate" => {
            check_keys(cx, members, meta, &["data"]);
            let data = required(cx, meta, get("data"), "data")?;
            if matches!(&data.kind, Kind::Dict(branches) if branches.is_empty()) {
                cx.error(data.text, "an alternate needs at least one alternative");
            }
            Body::Alternate {
                alternatives: branches(cx, data, Role::Alternative),
            }
        }
        "command" => read_command(cx, members, meta),
        _ => {
            check_keys(cx, members, meta, &["data", "boxed"]);
            let boxed = get("boxed").is_some_and(|flag| true_flag(cx, flag, "boxed"));
            let data = arguments(cx, get("data"), get("boxed").filter(|_| boxed));
            Body::Event { data, boxed }
        }
    };
    let condition = get("if").and_then(|condition| read_condition(cx, condition));
    let features = get("features")
        .map(|features| read_features(cx, features))
        .unwrap_or_default();
    Some(Definition {
        name,
        span,
        body,
        condition,
        features,
    })
}

fn read_union(
    cx: &mut Reading<'_>,
    members: &[SyntaxMember<'_>],
    meta: &SyntaxMember<'_>,
) -> Option<Body> {
    let get = |key: &str| value_of(members, key);
    check_keys(cx, members, meta, &["data", "base", "discriminator"]);
    let data = required(cx, meta, get("data"), "data")?;
    let discriminator = get("discriminator");
    // QEMU 2.1 wrote alternates as unions with an empty discriminator object.
    if let Some(empty) = discriminator.filter(|d| matches!(&d.kind, Kind::Dict(m) if m.is_empty()))
    {
        match get("base") {
            Some(base) => cx.error(
                base.text,
                "a union with 'discriminator': {} is QEMU 2.1's form of an alternate, \
                 which has no 'base'",
            ),
            None => cx.warning(
                empty.text,
                "'discriminator': {} makes the union QEMU 2.1's form of an alternate; \
                 write { 'alternate': ... }",
            ),
        }
        return Some(Body::Alternate {
            alternatives: branches(cx, data, Role::Alternative),
        });
    }
    let base = get("base").and_then(|base| match &base.kind {
        Kind::Dict(_) => Some(UnionBase::Inline(members_of(cx, base, "'base'"))),
        _ => type_name(cx, base, "'base'").map(UnionBase::Named),
    });
    let discriminator = discriminator.and_then(|value| {
        let name = string_value(cx, value, "'discriminator'")?;
        Some((name, cx.span(value.text)))
    });
    match (&base, &discriminator) {
        (None, Some(_)) => cx.error(
            meta.value.text,
            "a union with a 'discriminator' needs a 'base' that has it",
        ),
        // Read as QEMU 2.1 to 2.4 did: a simple union whose branches follow the base's
        // members. QEMU since 2.5 requires a discriminator with a base.
        (Some(_), None) => cx.warning(
            meta.value.text,
            "a union with a 'base' needs a 'discriminator' (a simple union with a base \
             is a form of QEMU 2.1 to 2.4)",
        ),
        _ => {}
    }
    let role = if discriminator.is_some() {
        Role::Branch
    } else {
        Role::SimpleBranch
    };
    Some(Body::Union {
        base,
        discriminator,
        branches: branches(cx, data, role),
    })
}

fn read_command(
    cx: &mut Reading<'_>,
    members: &[SyntaxMember<'_>],
    meta: &SyntaxMember<'_>,
) -> Body {
    let get = |key: &str| value_of(members, key);
    check_keys(
        cx,
        members,
        meta,
        &[
            "data",
            "boxed",
            "returns",
            "gen",
            "success-response",
            "allow-oob",
            "allow-preconfig",
            "coroutine",
        ],
    );
    let mut flag = |key: &str| get(key).is_some_and(|flag| true_flag(cx, flag, key));
    let boxed = flag("boxed");
    let allow_oob = flag("allow-oob");
    let allow_preconfig = flag("allow-preconfig");
    let coroutine = flag("coroutine");
    if let (Some(_), Some(coroutine)) = (get("allow-oob"), get("coroutine")) {
        cx.error(
            coroutine.text,
            "'allow-oob' and 'coroutine' do not go together: QEMU runs out-of-band \
             commands outside of coroutines",
        );
    }
    let success_response =
        get("success-response").is_none_or(|flag| false_flag(cx, flag, "success-response"));
    let generated = get("gen").is_none_or(|flag| false_flag(cx, flag, "gen"));
    let data = arguments(cx, get("data"), get("boxed").filter(|_| boxed));
    let returns = get("returns").and_then(|returns| type_ref(cx, returns, "'returns'", false));
    Body::Command {
        data,
        returns,
        flags: CommandFlags {
            generated,
            boxed,
            success_response,
            allow_oob,
            allow_preconfig,
            coroutine,
        },
    }
}

/// A command's or event's `data`; `boxed` is the `'boxed': true` flag, if written.
fn arguments(
    cx: &mut Reading<'_>,
    data: Option<&Value<'_>>,
    boxed: Option<&Value<'_>>,
) -> Option<Data> {
    let data = data.and_then(|data| data_of(cx, data));
    if let Some(flag) = boxed {
        match &data {
            Some(Data::Named(_)) => {}
            Some(Data::Inline(_)) => cx.error(
                flag.text,
                "'boxed': true needs 'data' to name a type, not to list members",
            ),
            None => cx.error(flag.text, "'boxed': true needs 'data' to name a type"),
        }
    }
    data
}

/// The value of a key of an expression.
fn value_of<'v, 'a>(members: &'v [SyntaxMember<'a>], key: &str) -> Option<&'v Value<'a>> {
    members
        .iter()
        .find(|member| member.key == key)
        .map(|member| &member.value)
}

/// Reports keys the kind of expression does not have.
fn check_keys(
    cx: &mut Reading<'_>,
    members: &[SyntaxMember<'_>],
    meta: &SyntaxMember<'_>,
    allowed: &[&str],
) {
    for member in members {
        let key = member.key.as_ref();
        if key != meta.key && !allowed.contains(&key) && !COMMON_KEYS.contains(&key) {
            let valid: Vec<&str> = allowed.iter().chain(COMMON_KEYS).copied().collect();
            cx.error(
                member.key_text,
                format!(
                    "'{}' expressions have no key '{key}' (their keys: {})",
                    meta.key,
                    valid.join(", ")
                ),
            );
        }
    }
}

fn required<'v, 'a>(
    cx: &mut Reading<'_>,
    meta: &SyntaxMember<'a>,
    value: Option<&'v Value<'a>>,
    key: &str,
) -> Option<&'v Value<'a>> {
    if value.is_none() {
        cx.error(
            meta.key_text,
            format!("'{}' needs the key '{key}'", meta.key),
        );
    }
    value
}

/// A string; anything else is an error.
pub(super) fn string_value(cx: &mut Reading<'_>, value: &Value<'_>, what: &str) -> Option<String> {
    match value.as_str() {
        Some(text) => Some(text.to_owned()),
        None => {
            cx.error(
                value.text,
                format!("{what} must be a string, found {}", value.kind_name()),
            );
            None
        }
    }
}

/// A flag QEMU takes only as `true` (its absence says false); `false`, or anything
/// else, is an error.
fn true_flag(cx: &mut Reading<'_>, value: &Value<'_>, key: &str) -> bool {
    match value.kind {
        Kind::Bool(true) => true,
        Kind::Bool(false) => {
            cx.error(
                value.text,
                format!("'{key}' may only be true; leave it out for false"),
            );
            false
        }
        _ => {
            cx.error(
                value.text,
                format!("'{key}' must be true, found {}", value.kind_name()),
            );
            false
        }
    }
}

/// A flag QEMU takes only as `false` (its absence says true): `'gen'` and
/// `'success-response'`, which QEMU before 2.4 wrote `'no'`. Returns the flag's value.
fn false_flag(cx: &mut Reading<'_>, value: &Value<'_>, key: &str) -> bool {
    match (&value.kind, value.as_str()) {
        (Kind::Bool(false), _) | (_, Some("no")) => false,
        (Kind::Bool(true), _) => {
            cx.error(
                value.text,
                format!("'{key}' may only be false; leave it out for true"),
            );
            true
        }
        _ => {
            cx.error(
                value.text,
                format!("'{key}' must be false, found {}", value.kind_name()),
            );
            true
        }
    }
}
