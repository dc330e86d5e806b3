//! QEMU's side of the comparison: its answer to `query-qmp-schema` (`SchemaInfo` of
//! `qapi/introspect.json`), read into the few shapes the comparison needs.
//!
//! Names of types are masked (`"29"`, `"[29]"`); built-in types appear by name (`str`,
//! `int`, ...) with their JSON type. A member is optional exactly when it has a
//! `default` key.

use serde_json::{Map, Value};
use std::collections::HashMap;

/// The JSON types of the wire, as both sides are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Json {
    String,
    Int,
    /// Any number (QAPI `number`), which takes integers too.
    Number,
    /// A number the bindings keep exactly as written (`serde_json::Number`: bindings
    /// merged from releases whose integers differ in width hold them so): whatever it
    /// holds, an integer where QEMU wants one.
    Exact,
    Boolean,
    Null,
    Object,
    Array,
    /// Any value (QAPI `any`).
    Value,
}

impl Json {
    /// The name QEMU's introspection gives it (`json-type`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Json::String => "string",
            Json::Int => "int",
            Json::Number | Json::Exact => "number",
            Json::Boolean => "boolean",
            Json::Null => "null",
            Json::Object => "object",
            Json::Array => "array",
            Json::Value => "value",
        }
    }

    fn from_name(name: &str) -> Option<Json> {
        Some(match name {
            "string" => Json::String,
            "int" => Json::Int,
            "number" => Json::Number,
            "boolean" => Json::Boolean,
            "null" => Json::Null,
            "object" => Json::Object,
            "array" => Json::Array,
            "value" => Json::Value,
            _ => return None,
        })
    }

    /// Whether a receiver of this type takes every value of `sent`: the same type, a
    /// number for an integer, anything for `value`, and an exact number of the bindings
    /// for an integer or a number of QEMU's (or the other way round).
    pub(crate) fn takes(self, sent: Json) -> bool {
        let numeric = |json| matches!(json, Json::Int | Json::Number | Json::Exact);
        self == sent
            || self == Json::Value
            || sent == Json::Value
            || (self == Json::Number && sent == Json::Int)
            || ((self == Json::Exact || sent == Json::Exact) && numeric(self) && numeric(sent))
    }
}

/// One member of an object type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct QemuMember<'v> {
    pub name: &'v str,
    pub ty: &'v str,
    pub optional: bool,
}

/// An object type: its members, and for a union its tag and variants.
#[derive(Debug, Clone, Default)]
pub(crate) struct QemuObject<'v> {
    pub members: Vec<QemuMember<'v>>,
    /// The member whose value selects a variant.
    pub tag: Option<&'v str>,
    /// (the tag's value, the variant's object type).
    pub variants: Vec<(&'v str, &'v str)>,
}

/// A type of the answer.
#[derive(Debug, Clone)]
pub(crate) enum QemuType<'v> {
    Builtin(Json),
    Enum(Vec<&'v str>),
    Array(&'v str),
    Object(QemuObject<'v>),
    Alternate(Vec<&'v str>),
}

impl QemuType<'_> {
    /// The JSON type of its values (`Value` for an alternate, which is told apart by
    /// its alternatives).
    pub(crate) fn json(&self) -> Json {
        match self {
            QemuType::Builtin(json) => *json,
            QemuType::Enum(_) => Json::String,
            QemuType::Array(_) => Json::Array,
            QemuType::Object(_) => Json::Object,
            QemuType::Alternate(_) => Json::Value,
        }
    }
}

/// The name the comparison gives an object without members where the answer has none
/// (an event without `arg-type`, a union's value without a variant): no type of the
/// answer is named by the empty string.
pub(crate) const NO_TYPE: &str = "";

/// A command of the answer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct QemuCommand<'v> {
    pub arguments: &'v str,
    pub returns: &'v str,
}

/// The whole answer, by name.
#[derive(Debug, Default)]
pub(crate) struct Introspection<'v> {
    pub commands: HashMap<&'v str, QemuCommand<'v>>,
    /// Each event's data type ([`NO_TYPE`] without one).
    pub events: HashMap<&'v str, &'v str>,
    pub types: HashMap<&'v str, QemuType<'v>>,
    /// `query-version`'s `qemu` triple, when the answer came with it.
    pub version: Option<String>,
    /// What could not be read, in words.
    pub problems: Vec<String>,
}

impl<'v> Introspection<'v> {
    /// Reads an answer: the bare `query-qmp-schema` list, or an object holding it under
    /// `"query-qmp-schema"` (beside `"query-version"`, as saved answers have it).
    pub(crate) fn read(answer: &'v Value) -> Introspection<'v> {
        let mut introspection = Introspection::default();
        let entries = match answer {
            Value::Array(entries) => entries,
            Value::Object(object) => {
                introspection.version = object.get("query-version").and_then(version_of);
                match object.get("query-qmp-schema") {
                    Some(Value::Array(entries)) => entries,
                    _ => {
                        introspection.problems.push(
                            "the answer is an object without a \"query-qmp-schema\" list"
                                .to_owned(),
                        );
                        return introspection;
                    }
                }
            }
            _ => {
                introspection.problems.push(
                    "the answer is neither the query-qmp-schema list nor an object holding it"
                        .to_owned(),
                );
                return introspection;
            }
        };
        for (index, entry) in entries.iter().enumerate() {
            if let Err(problem) = introspection.add(entry) {
                introspection
                    .problems
                    .push(format!("entry {index} of query-qmp-schema: {problem}"));
            }
        }
        introspection
            .types
            .insert(NO_TYPE, QemuType::Object(QemuObject::default()));
        introspection
    }

    fn add(&mut self, entry: &'v Value) -> Result<(), String> {
        let entry = as_object(entry, "it")?;
        let name = text(entry, "name")?;
        let meta = text(entry, "meta-type")?;
        match meta {
            "command" => {
                let command = QemuCommand {
                    arguments: optional_text(entry, "arg-type")?.unwrap_or(NO_TYPE),
                    returns: optional_text(entry, "ret-type")?.unwrap_or(NO_TYPE),
                };
                self.commands.insert(name, command);
            }
            "event" => {
                let data = optional_text(entry, "arg-type")?.unwrap_or(NO_TYPE);
                self.events.insert(name, data);
            }
            "builtin" => {
                let json = text(entry, "json-type")?;
                let json = Json::from_name(json).ok_or(format!("unknown json-type {json:?}"))?;
                self.types.insert(name, QemuType::Builtin(json));
            }
            "enum" => {
                // `members` since QEMU 6.2; `values` before (and beside it until 9.0).
                let values = match entry.get("members") {
                    Some(members) => list(members, "members")?
                        .iter()
                        .map(|member| as_object(member, "a member").and_then(|m| text(m, "name")))
                        .collect::<Result<Vec<&str>, String>>()?,
                    None => list(entry.get("values").ok_or("no members")?, "values")?
                        .iter()
                        .map(|value| {
                            value
                                .as_str()
                                .ok_or_else(|| "a value is not a string".to_owned())
                        })
                        .collect::<Result<Vec<&str>, String>>()?,
                };
                self.types.insert(name, QemuType::Enum(values));
            }
            "array" => {
                let element = text(entry, "element-type")?;
                self.types.insert(name, QemuType::Array(element));
            }
            "object" => {
                let mut object = QemuObject {
                    tag: optional_text(entry, "tag")?,
                    ..QemuObject::default()
                };
                for member in list(entry.get("members").ok_or("no members")?, "members")? {
                    let member = as_object(member, "a member")?;
                    object.members.push(QemuMember {
                        name: text(member, "name")?,
                        ty: text(member, "type")?,
                        optional: member.contains_key("default"),
                    });
                }
                if let Some(variants) = entry.get("variants") {
                    for variant in list(variants, "variants")? {
                        let variant = as_object(variant, "a variant")?;
                        object
                            .variants
                            .push((text(variant, "case")?, text(variant, "type")?));
                    }
                }
                self.types.insert(name, QemuType::Object(object));
            }
            "alternate" => {
                let alternatives = list(entry.get("members").ok_or("no members")?, "members")?
                    .iter()
                    .map(|member| as_object(member, "an alternative").and_then(|m| text(m, "type")))
                    .collect::<Result<Vec<&str>, String>>()?;
                self.types.insert(name, QemuType::Alternate(alternatives));
            }
            // A meta-type a newer QEMU adds is no type the bindings can have.
            _ => {}
        }
        Ok(())
    }

    /// A type by name: `None` for a name the answer does not define (the walk says so
    /// among the report's problems).
    pub(crate) fn get(&self, name: &str) -> Option<&QemuType<'v>> {
        self.types.get(name)
    }
}

fn as_object<'v>(value: &'v Value, what: &str) -> Result<&'v Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| format!("{what} is not an object"))
}

fn text<'v>(entry: &'v Map<String, Value>, key: &str) -> Result<&'v str, String> {
    entry
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("no string \"{key}\""))
}

fn optional_text<'v>(entry: &'v Map<String, Value>, key: &str) -> Result<Option<&'v str>, String> {
    match entry.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(format!("\"{key}\" is not a string")),
    }
}

fn list<'v>(value: &'v Value, key: &str) -> Result<&'v [Value], String> {
    value
        .as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| format!("\"{key}\" is not a list"))
}

/// `7.2.22` from `query-version`'s answer.
fn version_of(answer: &Value) -> Option<String> {
    let qemu = answer.get("qemu")?;
    let number = |key: &str| qemu.get(key).and_then(Value::as_u64);
    Some(format!(
        "{}.{}.{}",
        number("major")?,
        number("minor")?,
        number("micro")?
    ))
}
