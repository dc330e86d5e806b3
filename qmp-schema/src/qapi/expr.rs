//! The second layer of the language: top-level expressions read as directives and
//! definitions (`qapi-code-gen.rst`, "The QAPI schema language"), with spans.
//!
//! This layer checks each expression on its own (keys, the shape of each value); what
//! needs the whole schema (names, bases, unions) is `resolve.rs`'s job.

use super::Reading;
use super::syntax::{Kind, Member as SyntaxMember, Value};
use crate::model::{Condition, EnumValue, Feature, Span};

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
    /// `{ 'pragma': ... }`: read, not used.
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
    /// A union: flat (a base and a discriminator), or, before QEMU 6.2, simple (neither:
    /// the wire form is `{"type": BRANCH, "data": {...}}`).
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

/// Reads a top-level expression; `None` when it is too broken to use (the reasons are
/// reported).
pub fn read_expression(cx: &mut Reading<'_>, value: &Value<'_>) -> Option<Expression> {
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
    let meta = members.iter().find(|member| {
        matches!(
            member.key.as_ref(),
            "include"
                | "pragma"
                | "enum"
                | "struct"
                | "type"
                | "union"
                | "alternate"
                | "command"
                | "event"
        )
    });
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
            check_keys(cx, members, meta, &["include"]);
            let path = string_value(cx, &meta.value, "'include'")?;
            Some(Expression::Include {
                path,
                span: cx.span(meta.value.text),
            })
        }
        "pragma" => {
            check_keys(cx, members, meta, &["pragma"]);
            if !matches!(meta.value.kind, Kind::Dict(_)) {
                cx.error(meta.value.text, "'pragma' must be an object");
            }
            Some(Expression::Pragma)
        }
        _ => read_definition(cx, members, meta)
            .map(|definition| Expression::Definition(Box::new(definition))),
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
    let get = |key: &str| members.iter().find(|m| m.key == key).map(|m| &m.value);
    let body = match kind {
        "enum" => {
            check_keys(cx, members, meta, &["data", "prefix"]);
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
                None if meta.key == "type" => Vec::new(),
                None => {
                    required(cx, meta, None, "data")?;
                    Vec::new()
                }
            };
            Body::Struct { base, members }
        }
        "union" => read_union(
            cx,
            members,
            meta,
            get("base"),
            get("discriminator"),
            get("data"),
        )?,
        "alternate" => {
            check_keys(cx, members, meta, &["data"]);
            let data = required(cx, meta, get("data"), "data")?;
            Body::Alternate {
                alternatives: branches(cx, data),
            }
        }
        "command" => {
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
            let data = get("data").and_then(|data| data_of(cx, data));
            let returns = get("returns").and_then(|returns| type_ref(cx, returns, "'returns'"));
            let mut flag = |key: &str| get(key).is_some_and(|flag| boolean(cx, flag, key));
            let boxed = flag("boxed");
            let allow_oob = flag("allow-oob");
            let allow_preconfig = flag("allow-preconfig");
            let coroutine = flag("coroutine");
            let success_response = get("success-response")
                .is_none_or(|flag| legacy_boolean(cx, flag, "success-response"));
            let generated = get("gen").is_none_or(|flag| legacy_boolean(cx, flag, "gen"));
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
        _ => {
            check_keys(cx, members, meta, &["data", "boxed"]);
            let data = get("data").and_then(|data| data_of(cx, data));
            let boxed = get("boxed").is_some_and(|flag| boolean(cx, flag, "boxed"));
            if boxed && !matches!(data, Some(Data::Named(_))) {
                let at = get("boxed").map_or(meta.value.text, |flag| flag.text);
                cx.error(at, "'boxed': true needs 'data' to name a type");
            }
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
    base: Option<&Value<'_>>,
    discriminator: Option<&Value<'_>>,
    data: Option<&Value<'_>>,
) -> Option<Body> {
    check_keys(cx, members, meta, &["data", "base", "discriminator"]);
    let data = required(cx, meta, data, "data")?;
    // QEMU 2.1 wrote alternates as unions with an empty discriminator object.
    if discriminator.is_some_and(|d| matches!(&d.kind, Kind::Dict(m) if m.is_empty())) {
        return Some(Body::Alternate {
            alternatives: branches(cx, data),
        });
    }
    let base = base.and_then(|base| match &base.kind {
        Kind::Dict(_) => Some(UnionBase::Inline(members_of(cx, base, "'base'"))),
        _ => type_name(cx, base, "'base'").map(UnionBase::Named),
    });
    let discriminator = discriminator.and_then(|value| {
        let name = string_value(cx, value, "'discriminator'")?;
        Some((name, cx.span(value.text)))
    });
    if discriminator.is_some() && base.is_none() {
        cx.error(
            meta.value.text,
            "a union with a 'discriminator' needs a 'base'",
        );
    }
    let branches = branches(cx, data);
    if branches.is_empty() {
        cx.error(data.text, "a union needs at least one branch");
    }
    Some(Body::Union {
        base,
        discriminator,
        branches,
    })
}

/// Warns about keys the kind of expression does not have. A newer QEMU may add keys,
/// so this is never an error.
fn check_keys(
    cx: &mut Reading<'_>,
    members: &[SyntaxMember<'_>],
    meta: &SyntaxMember<'_>,
    allowed: &[&str],
) {
    for member in members {
        let key = member.key.as_ref();
        if key != meta.key && !allowed.contains(&key) && !COMMON_KEYS.contains(&key) {
            cx.warning(
                member.key_text,
                format!(
                    "'{}' expressions have no key '{key}'; it is ignored",
                    meta.key
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

fn string_value(cx: &mut Reading<'_>, value: &Value<'_>, what: &str) -> Option<String> {
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

fn boolean(cx: &mut Reading<'_>, value: &Value<'_>, key: &str) -> bool {
    match value.kind {
        Kind::Bool(flag) => flag,
        _ => {
            cx.error(
                value.text,
                format!("'{key}' must be true or false, found {}", value.kind_name()),
            );
            false
        }
    }
}

/// A flag that QEMU before 2.4 wrote as a string: `'gen': 'no'`.
fn legacy_boolean(cx: &mut Reading<'_>, value: &Value<'_>, key: &str) -> bool {
    match value.as_str() {
        Some("yes") => true,
        Some("no") => false,
        _ => boolean(cx, value, key),
    }
}

fn type_name(cx: &mut Reading<'_>, value: &Value<'_>, what: &str) -> Option<TypeName> {
    let name = string_value(cx, value, what)?;
    Some(TypeName {
        name,
        span: cx.span(value.text),
    })
}

/// `'T'`, `['T']`, or in old schemas a nested `{ members }`.
fn type_ref(cx: &mut Reading<'_>, value: &Value<'_>, what: &str) -> Option<TypeRef> {
    match &value.kind {
        Kind::Str(name) => Some(TypeRef::Name(TypeName {
            name: name.to_string(),
            span: cx.span(value.text),
        })),
        Kind::List(items) => {
            match items.as_slice() {
                [item] => type_name(cx, item, "an array's element type").map(TypeRef::Array),
                _ => {
                    cx.error(value.text, format!("{what}: an array type is a list of exactly one type name, found {} items", items.len()));
                    None
                }
            }
        }
        Kind::Dict(_) => Some(TypeRef::Object(members_of(cx, value, what))),
        Kind::Bool(_) => {
            cx.error(
                value.text,
                format!("{what} must be a type name, found a boolean"),
            );
            None
        }
    }
}

fn data_of(cx: &mut Reading<'_>, value: &Value<'_>) -> Option<Data> {
    match &value.kind {
        Kind::Dict(_) => Some(Data::Inline(members_of(cx, value, "'data'"))),
        _ => type_name(cx, value, "'data'").map(Data::Named),
    }
}

/// `{ 'name': TYPE-REF or { 'type': TYPE-REF, 'if': ..., 'features': ... }, ... }`
fn members_of(cx: &mut Reading<'_>, value: &Value<'_>, what: &str) -> Vec<MemberDef> {
    let Some(members) = value.as_dict() else {
        cx.error(
            value.text,
            format!(
                "{what} must be an object of members, found {}",
                value.kind_name()
            ),
        );
        return Vec::new();
    };
    members
        .iter()
        .filter_map(|member| {
            let (name, optional) = match member.key.strip_prefix('*') {
                Some(name) => (name.to_owned(), true),
                None => (member.key.to_string(), false),
            };
            let span = cx.span(member.key_text);
            let (ty, condition, features) = longhand(cx, &member.value, &name)?;
            Some(MemberDef {
                name,
                optional,
                ty,
                condition,
                features,
                span,
            })
        })
        .collect()
}

/// A member's or branch's value: a TYPE-REF, or `{ 'type': TYPE-REF, 'if', 'features' }`.
fn longhand(
    cx: &mut Reading<'_>,
    value: &Value<'_>,
    name: &str,
) -> Option<(TypeRef, Option<Condition>, Vec<Feature>)> {
    let what = format!("member '{name}'");
    if value.get("type").is_none() || !matches!(value.kind, Kind::Dict(_)) {
        return Some((type_ref(cx, value, &what)?, None, Vec::new()));
    }
    let members = value.as_dict().unwrap_or_default();
    for member in members {
        if !matches!(member.key.as_ref(), "type" | "if" | "features") {
            cx.warning(
                member.key_text,
                format!("{what} has no key '{}'; it is ignored", member.key),
            );
        }
    }
    let ty = type_ref(cx, value.get("type")?, &what)?;
    let condition = value
        .get("if")
        .and_then(|condition| read_condition(cx, condition));
    let features = value
        .get("features")
        .map(|features| read_features(cx, features))
        .unwrap_or_default();
    Some((ty, condition, features))
}

/// A union's branches or an alternate's alternatives.
fn branches(cx: &mut Reading<'_>, value: &Value<'_>) -> Vec<Branch> {
    let Some(members) = value.as_dict() else {
        cx.error(
            value.text,
            format!(
                "'data' must be an object of branches, found {}",
                value.kind_name()
            ),
        );
        return Vec::new();
    };
    members
        .iter()
        .filter_map(|member| {
            let (ty, condition, _) = longhand(cx, &member.value, &member.key)?;
            Some(Branch {
                name: member.key.to_string(),
                ty,
                condition,
                span: cx.span(member.key_text),
            })
        })
        .collect()
}

/// An enum's values: strings, or `{ 'name', 'if', 'features' }`.
fn enum_values(cx: &mut Reading<'_>, value: &Value<'_>) -> Vec<EnumValue> {
    let Kind::List(items) = &value.kind else {
        cx.error(
            value.text,
            format!(
                "an enum's 'data' must be a list of values, found {}",
                value.kind_name()
            ),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match &item.kind {
            Kind::Str(name) => Some(EnumValue {
                value: name.to_string(),
                span: cx.span(item.text),
                ..EnumValue::default()
            }),
            Kind::Dict(_) => {
                let name = item
                    .get("name")
                    .and_then(|name| string_value(cx, name, "an enum value's 'name'"));
                let Some(name) = name else {
                    if item.get("name").is_none() {
                        cx.error(
                            item.text,
                            "an enum value written as an object needs a 'name'",
                        );
                    }
                    return None;
                };
                let condition = item
                    .get("if")
                    .and_then(|condition| read_condition(cx, condition));
                let features = item
                    .get("features")
                    .map(|features| read_features(cx, features))
                    .unwrap_or_default();
                Some(EnumValue {
                    value: name,
                    condition,
                    features,
                    span: cx.span(item.get("name").map_or(item.text, |name| name.text)),
                    ..EnumValue::default()
                })
            }
            _ => {
                cx.error(
                    item.text,
                    format!(
                        "an enum value must be a string or an object, found {}",
                        item.kind_name()
                    ),
                );
                None
            }
        })
        .collect()
}

/// `features`: a list of names, or of `{ 'name', 'if' }`.
fn read_features(cx: &mut Reading<'_>, value: &Value<'_>) -> Vec<Feature> {
    let Kind::List(items) = &value.kind else {
        cx.error(
            value.text,
            format!("'features' must be a list, found {}", value.kind_name()),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let (name, condition) = match &item.kind {
                Kind::Str(name) => (name.to_string(), None),
                Kind::Dict(_) => {
                    let name = item
                        .get("name")
                        .and_then(|name| string_value(cx, name, "a feature's 'name'"))?;
                    let condition = item
                        .get("if")
                        .and_then(|condition| read_condition(cx, condition));
                    (name, condition)
                }
                _ => {
                    cx.error(
                        item.text,
                        format!("a feature must be a name, found {}", item.kind_name()),
                    );
                    return None;
                }
            };
            Some(Feature {
                name,
                condition,
                description: String::new(),
            })
        })
        .collect()
}

/// `if`: a name, `{ 'all': [...] }`, `{ 'any': [...] }`, `{ 'not': ... }`, nested; QEMU
/// 3.0 to 6.0 also wrote a list meaning all of its items.
fn read_condition(cx: &mut Reading<'_>, value: &Value<'_>) -> Option<Condition> {
    // The syntax layer bounds nesting, and with it this recursion.
    match &value.kind {
        Kind::Str(name) if !name.trim().is_empty() => Some(Condition::Config(name.to_string())),
        Kind::List(items) => {
            let items: Vec<Condition> = items
                .iter()
                .filter_map(|item| read_condition(cx, item))
                .collect();
            Some(Condition::All(items))
        }
        Kind::Dict(members) if members.len() == 1 => {
            let member = &members[0];
            match member.key.as_ref() {
                "all" | "any" => {
                    let Kind::List(items) = &member.value.kind else {
                        cx.error(
                            member.value.text,
                            format!("'{}' takes a list of conditions", member.key),
                        );
                        return None;
                    };
                    if items.is_empty() {
                        cx.error(
                            member.value.text,
                            format!("'{}' needs at least one condition", member.key),
                        );
                    }
                    let items: Vec<Condition> = items
                        .iter()
                        .filter_map(|item| read_condition(cx, item))
                        .collect();
                    Some(if member.key == "all" {
                        Condition::All(items)
                    } else {
                        Condition::Any(items)
                    })
                }
                "not" => {
                    read_condition(cx, &member.value).map(|inner| Condition::Not(Box::new(inner)))
                }
                other => {
                    cx.error(
                        member.key_text,
                        format!("a condition's key is 'all', 'any' or 'not', found '{other}'"),
                    );
                    None
                }
            }
        }
        _ => {
            cx.error(
                value.text,
                "'if' must be a name, or an object with one key 'all', 'any' or 'not'",
            );
            None
        }
    }
}
