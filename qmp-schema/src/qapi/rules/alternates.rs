//! Alternates: a value is one of several types, told apart by its JSON type alone. So an
//! alternate needs an alternative, none may be `any` (it is every JSON type) or another
//! alternate, and no two may be of the same JSON type: the generated decoder could not
//! tell them apart (errors).
//!
//! QEMU also reads alternates from its command line, where every value is a string: there
//! a string alternative cannot be told from a number or a boolean one, nor an enum with
//! the value `on` or `off` from a boolean, nor one with a value like `1` from a number.
//! JSON tells those apart, so the bindings decode them right: warnings.

use super::super::expr::{Body, Branch, Definition, TypeRef};
use super::super::index::{QTYPE_VALUES, builtin};
use super::Rules;

/// The JSON type of an alternative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Json {
    /// A string; for an enum, whether a value reads as a boolean or as a number on
    /// QEMU's command line.
    String {
        is_enum: bool,
        bool_like: bool,
        number_like: bool,
    },
    Number,
    Bool,
    Null,
    Object,
    Array,
}

impl Json {
    fn name(self) -> &'static str {
        match self {
            Json::String { .. } => "strings",
            Json::Number => "numbers",
            Json::Bool => "booleans",
            Json::Null => "null",
            Json::Object => "objects",
            Json::Array => "arrays",
        }
    }

    fn same_kind(self, other: Json) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }

    /// Whether the two cannot be told apart on QEMU's command line.
    fn clash_on_command_line(self, other: Json) -> bool {
        let string_against = |string: Json, other: Json| match string {
            Json::String { is_enum: false, .. } => matches!(other, Json::Number | Json::Bool),
            Json::String {
                bool_like,
                number_like,
                ..
            } => (bool_like && other == Json::Bool) || (number_like && other == Json::Number),
            _ => false,
        };
        string_against(self, other) || string_against(other, self)
    }
}

/// Checks an alternate.
pub fn check(rules: &mut Rules<'_, '_>, definition: &Definition) {
    let Body::Alternate { alternatives } = &definition.body else {
        return;
    };
    let mut seen: Vec<(&Branch, Json)> = Vec::new();
    for alternative in alternatives {
        let Some(json) = json_type(rules, definition, alternative) else {
            continue;
        };
        if let Some((earlier, _)) = seen.iter().find(|(_, earlier)| earlier.same_kind(json)) {
            let message = format!(
                "alternative '{}' cannot be told from '{}': both are {} on the wire",
                alternative.name,
                earlier.name,
                json.name()
            );
            rules.error(definition, alternative.span, message);
        } else if let Some((earlier, _)) = seen
            .iter()
            .find(|(_, earlier)| earlier.clash_on_command_line(json))
        {
            let message = format!(
                "alternative '{}' cannot be told from '{}' on QEMU's command line, where \
                 every value is a string (JSON tells them apart)",
                alternative.name, earlier.name
            );
            rules.warning(definition, alternative.span, message);
        }
        seen.push((alternative, json));
    }
}

/// The JSON type of an alternative; `None` when it has none (reported) or its type is
/// unknown (reported by `types.rs`).
fn json_type(
    rules: &mut Rules<'_, '_>,
    definition: &Definition,
    alternative: &Branch,
) -> Option<Json> {
    let name = match &alternative.ty {
        TypeRef::Array(_) => return Some(Json::Array),
        TypeRef::Object(_) => return Some(Json::Object),
        TypeRef::Name(name) => name,
    };
    let json = match name.name.as_str() {
        "str" => Json::String {
            is_enum: false,
            bool_like: false,
            number_like: false,
        },
        "number" => Json::Number,
        "bool" => Json::Bool,
        "null" => Json::Null,
        "QType" => enum_json(QTYPE_VALUES.iter().copied()),
        "any" => {
            let message = format!(
                "alternative '{}' cannot be of type 'any', which is every JSON type",
                alternative.name
            );
            rules.error(definition, name.span, message);
            return None;
        }
        other => match rules.index.get(other).map(|d| &d.body) {
            Some(Body::Enum { values }) => enum_json(values.iter().map(|v| v.value.as_str())),
            Some(Body::Struct { .. } | Body::Union { .. }) => Json::Object,
            Some(Body::Alternate { .. }) => {
                let message = format!(
                    "alternative '{}' cannot be the alternate '{other}': alternates do not nest",
                    alternative.name
                );
                rules.error(definition, name.span, message);
                return None;
            }
            // Not a type: reported by types.rs.
            Some(Body::Command { .. } | Body::Event { .. }) => return None,
            // The integer types, or an unknown name (reported by types.rs).
            None if builtin(other).is_some() => Json::Number,
            None => return None,
        },
    };
    Some(json)
}

/// An enum's JSON type, with what its values read as on the command line.
fn enum_json<'v>(values: impl Iterator<Item = &'v str>) -> Json {
    let mut bool_like = false;
    let mut number_like = false;
    for value in values {
        bool_like |= value == "on" || value == "off";
        number_like |= value.starts_with(|c: char| c.is_ascii_digit() || "-+.".contains(c));
    }
    Json::String {
        is_enum: true,
        bool_like,
        number_like,
    }
}
