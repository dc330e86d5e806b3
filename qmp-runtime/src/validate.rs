//! Strict validation of a parsed message against the types the schema gives it: the
//! counterpart of lenient decoding, which keeps what the schema does not describe. Every
//! violation is reported, each with a JSON pointer to where it is.

use crate::reflect::{Kind, Payload, StructInfo, TypeInfo};
use serde_json::{Map, Value};
use std::fmt;

/// One way in which a message disagrees with the schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    /// Where: a JSON pointer into the message (`/data/client/family`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

impl std::error::Error for Violation {}

/// Where a value sits. The JSON pointer is only written out for a violation: building
/// one for every member checked was most of the cost of validating a valid message.
#[derive(Clone, Copy)]
pub(crate) enum Place<'a> {
    /// A pointer written out (`/data`, or empty for the whole value).
    Root(&'a str),
    /// A member of the object at the parent place.
    Member(&'a Place<'a>, &'a str),
    /// An element of the array at the parent place.
    Index(&'a Place<'a>, usize),
}

impl Place<'_> {
    pub(crate) fn pointer(&self) -> String {
        match self {
            Place::Root(pointer) => (*pointer).to_owned(),
            Place::Member(parent, name) => pointer_to(&parent.pointer(), name),
            Place::Index(parent, index) => format!("{}/{index}", parent.pointer()),
        }
    }
}

/// A JSON pointer to member `name` of the object at `pointer` (RFC 6901 escaping).
pub(crate) fn pointer_to(pointer: &str, name: &str) -> String {
    format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1"))
}

/// Collects violations.
#[derive(Default)]
pub(crate) struct Report {
    pub violations: Vec<Violation>,
}

impl Report {
    pub(crate) fn add(&mut self, place: &Place<'_>, message: String) {
        self.violations.push(Violation {
            pointer: place.pointer(),
            message,
        });
    }

    pub(crate) fn finish(self) -> Result<(), Vec<Violation>> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(self.violations)
        }
    }
}

/// How a JSON value is named in messages.
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(number) if number.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// How a type is named in messages (`json-string`).
fn expected(ty: &TypeInfo) -> &'static str {
    match &ty.kind {
        Kind::String | Kind::Enum(_) => "json-string",
        Kind::Bool => "json-bool",
        Kind::Int(_) => "json-int",
        Kind::Float | Kind::Number => "json-number",
        Kind::Null => "null",
        Kind::Value | Kind::Alternate(_) => "json-value",
        Kind::Vec(_) => "json-array",
        Kind::Map | Kind::Struct(_) | Kind::Branches(_) => "json-object",
        Kind::Option(option) => expected(option.inner),
        Kind::Box(boxed) => expected(boxed.inner),
    }
}

/// Checks `value` against `ty`.
pub(crate) fn check(value: &Value, ty: &TypeInfo, place: &Place<'_>, report: &mut Report) {
    match (&ty.kind, value) {
        (Kind::Value, _)
        | (Kind::String, Value::String(_))
        | (Kind::Bool, Value::Bool(_))
        | (Kind::Null, Value::Null)
        | (Kind::Float | Kind::Number, Value::Number(_))
        | (Kind::Map, Value::Object(_)) => {}
        (Kind::Option(option), _) => check(value, option.inner, place, report),
        (Kind::Box(boxed), _) => check(value, boxed.inner, place, report),
        (Kind::Int(width), Value::Number(number)) => {
            let (min, max) = width.range();
            let fits = match (number.as_i64(), number.as_u64()) {
                (Some(n), _) => (min..=max).contains(&i128::from(n)),
                (None, Some(n)) => (min..=max).contains(&i128::from(n)),
                _ => false,
            };
            if !fits {
                let message = if number.is_f64() {
                    format!("expected json-int, found the number {number}")
                } else {
                    format!("{number} is out of range for {} ({min} to {max})", ty.name)
                };
                report.add(place, message);
            }
        }
        (Kind::Enum(info), Value::String(text)) => {
            if !info.values.contains(&text.as_str()) {
                let listed: Vec<String> = info.values.iter().map(|v| format!("'{v}'")).collect();
                report.add(
                    place,
                    format!("'{text}' is not one of {}", listed.join(", ")),
                );
            }
        }
        (Kind::Vec(vec), Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                check(item, vec.element, &Place::Index(place, index), report);
            }
        }
        (Kind::Struct(info), Value::Object(members)) => {
            check_object(members, info, place, report);
        }
        (Kind::Alternate(info), _) => {
            let kind = json_kind(value);
            match info
                .alternatives
                .iter()
                .find(|(alternative, _)| crate::decode::takes(alternative, kind))
            {
                Some((alternative, _)) => check(value, alternative, place, report),
                None => {
                    let names: Vec<&str> =
                        info.alternatives.iter().map(|(a, _)| expected(a)).collect();
                    report.add(
                        place,
                        format!(
                            "expected one of {}, found {}",
                            names.join(", "),
                            kind_of(value)
                        ),
                    );
                }
            }
        }
        _ => report.add(
            place,
            format!("expected {}, found {}", expected(ty), kind_of(value)),
        ),
    }
}

fn json_kind(value: &Value) -> crate::json::Kind {
    use crate::json::Kind as K;
    match value {
        Value::Null => K::Null,
        Value::Bool(_) => K::Bool,
        Value::Number(_) => K::Number,
        Value::String(_) => K::String,
        Value::Array(_) => K::Array,
        Value::Object(_) => K::Object,
    }
}

/// Checks an object's members against a struct's (and, for a union, those of the
/// branch its discriminator selects).
pub(crate) fn check_object(
    members: &Map<String, Value>,
    info: &'static StructInfo,
    place: &Place<'_>,
    report: &mut Report,
) {
    let mut lists: Vec<&'static StructInfo> = Vec::new();
    layers(members, info, &mut lists, place, report);
    for list in &lists {
        for member in list.members {
            match members.get(member.name) {
                Some(value) if !matches!(member.ty.kind, Kind::Branches(_)) => {
                    check(value, member.ty, &Place::Member(place, member.name), report);
                }
                Some(_) => {}
                None if !member.optional => {
                    report.add(place, format!("missing required field '{}'", member.name));
                }
                None => {}
            }
        }
    }
    for name in members.keys() {
        let listed = lists
            .iter()
            .any(|list| list.members.iter().any(|member| member.name == name));
        if !listed {
            report.add(
                &Place::Member(place, name),
                "member not in the schema".to_owned(),
            );
        }
    }
}

/// The member lists an object of this struct has, given its members: a union's
/// discriminator selects a branch, which may be a union in turn.
fn layers(
    members: &Map<String, Value>,
    info: &'static StructInfo,
    out: &mut Vec<&'static StructInfo>,
    place: &Place<'_>,
    report: &mut Report,
) {
    // Unions of unions are shallow in QEMU's schemas; the bound keeps a union that
    // selects itself from looping.
    if out.len() > 32 {
        return;
    }
    out.push(info);
    for member in info.members {
        let Kind::Branches(branches) = &member.ty.kind else {
            continue;
        };
        let value = match members.get(member.name) {
            Some(Value::String(value)) => value,
            Some(other) => {
                report.add(
                    &Place::Member(place, member.name),
                    format!("expected json-string, found {}", kind_of(other)),
                );
                continue;
            }
            None => continue,
        };
        match branches.variants.iter().find(|v| v.value == value.as_str()) {
            Some(variant) => {
                if let Payload::Type(ty, _) = &variant.payload
                    && let Kind::Struct(inner) = &ty.kind
                {
                    layers(members, inner, out, place, report);
                }
            }
            None => {
                let listed: Vec<String> = branches
                    .variants
                    .iter()
                    .map(|v| format!("'{}'", v.value))
                    .collect();
                report.add(
                    &Place::Member(place, member.name),
                    format!("'{value}' is not one of {}", listed.join(", ")),
                );
            }
        }
    }
}
