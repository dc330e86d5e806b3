//! The values inside a definition: members, union branches and alternatives, enum
//! values, and the type references they hold.
//!
//! A member's value is a type reference (`'T'`, `['T']`), or the long form
//! `{ 'type': TYPE-REF, 'if': ..., 'features': ... }`. QEMU 2.1 also let a member's value
//! be a nested anonymous struct, `{ 'a': 'int' }`; it is read as such (the model keeps
//! it as an inline object) and warned about, since every later QEMU reads an object
//! there as the long form, which then misses its `type`.

use super::super::Reading;
use super::super::syntax::{Kind, Value};
use super::condition::read_condition;
use super::features::read_features;
use super::string_value;
use super::{Branch, Data, MemberDef, TypeName, TypeRef};
use crate::model::{Condition, EnumValue, Feature};

/// What a member-like value is, for what its value may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A member of a struct, a union's base or a command's or event's data.
    Member,
    /// A branch of a union with a discriminator: a struct or union type, no array.
    Branch,
    /// A branch of a simple union (before QEMU 6.2): any type, arrays too.
    SimpleBranch,
    /// An alternative of an alternate.
    Alternative,
}

impl Role {
    /// How a value of this role is named in messages.
    fn name(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Branch | Role::SimpleBranch => "branch",
            Role::Alternative => "alternative",
        }
    }

    /// The same, in the plural.
    fn plural(self) -> &'static str {
        match self {
            Role::Member => "members",
            Role::Branch | Role::SimpleBranch => "branches",
            Role::Alternative => "alternatives",
        }
    }

    /// The keys of the long form besides `type`.
    fn long_form_keys(self) -> &'static [&'static str] {
        match self {
            Role::Member => &["if", "features"],
            _ => &["if"],
        }
    }
}

/// A string naming a type.
pub fn type_name(cx: &mut Reading<'_>, value: &Value<'_>, what: &str) -> Option<TypeName> {
    let name = string_value(cx, value, what)?;
    Some(TypeName {
        name,
        span: cx.span(value.text),
    })
}

/// `'T'` or `['T']`; with `nested_struct`, an object is QEMU 2.1's nested anonymous
/// struct.
pub fn type_ref(
    cx: &mut Reading<'_>,
    value: &Value<'_>,
    what: &str,
    nested_struct: bool,
) -> Option<TypeRef> {
    match &value.kind {
        Kind::Str(name) => Some(TypeRef::Name(TypeName {
            name: name.to_string(),
            span: cx.span(value.text),
        })),
        Kind::List(items) => match items.as_slice() {
            [item] => type_name(cx, item, "an array's element type").map(TypeRef::Array),
            _ => {
                cx.error(
                    value.text,
                    format!(
                        "{what}: an array type is a list of exactly one type name, found {} items",
                        items.len()
                    ),
                );
                None
            }
        },
        Kind::Dict(_) if nested_struct => {
            cx.warning(
                value.text,
                format!(
                    "{what} is a nested anonymous struct, a form of QEMU 2.1; later releases \
                     read an object here as the member's long form, which needs 'type'"
                ),
            );
            Some(TypeRef::Object(members_of(cx, value, what)))
        }
        Kind::Dict(_) | Kind::Bool(_) => {
            cx.error(
                value.text,
                format!(
                    "{what} must be a type name or an array of one, found {}",
                    value.kind_name()
                ),
            );
            None
        }
    }
}

/// A command's or event's `data`: members, or the name of a type.
pub fn data_of(cx: &mut Reading<'_>, value: &Value<'_>) -> Option<Data> {
    match &value.kind {
        Kind::Dict(_) => Some(Data::Inline(members_of(cx, value, "'data'"))),
        _ => type_name(cx, value, "'data'").map(Data::Named),
    }
}

/// `{ 'name': TYPE-REF or { 'type': TYPE-REF, 'if': ..., 'features': ... }, ... }`
pub fn members_of(cx: &mut Reading<'_>, value: &Value<'_>, what: &str) -> Vec<MemberDef> {
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
            let (ty, condition, features) =
                long_form(cx, &member.value, &member.key, Role::Member)?;
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
fn long_form(
    cx: &mut Reading<'_>,
    value: &Value<'_>,
    name: &str,
    role: Role,
) -> Option<(TypeRef, Option<Condition>, Vec<Feature>)> {
    let what = format!("{} '{name}'", role.name());
    let Some(members) = value.as_dict() else {
        let ty = type_ref(cx, value, &what, false)?;
        return Some((check_array(cx, ty, value, &what, role)?, None, Vec::new()));
    };
    let keys = role.long_form_keys();
    let long = members
        .iter()
        .any(|member| member.key == "type" || keys.contains(&member.key.as_ref()));
    if !long && role == Role::Member {
        return Some((type_ref(cx, value, &what, true)?, None, Vec::new()));
    }
    let Some(ty) = value.get("type") else {
        cx.error(
            value.text,
            format!("{what} is written in the long form, which needs the key 'type'"),
        );
        return None;
    };
    for member in members {
        if member.key != "type" && !keys.contains(&member.key.as_ref()) {
            cx.error(
                member.key_text,
                format!(
                    "{what} has no key '{}' (its keys: type, {})",
                    member.key,
                    keys.join(", ")
                ),
            );
        }
    }
    let ty = type_ref(cx, ty, &what, false)?;
    let ty = check_array(cx, ty, value, &what, role)?;
    let condition = value
        .get("if")
        .and_then(|condition| read_condition(cx, condition));
    let features = value
        .get("features")
        .map(|features| read_features(cx, features))
        .unwrap_or_default();
    Some((ty, condition, features))
}

/// A union's branch with a discriminator is an object type, never an array.
fn check_array(
    cx: &mut Reading<'_>,
    ty: TypeRef,
    value: &Value<'_>,
    what: &str,
    role: Role,
) -> Option<TypeRef> {
    if role == Role::Branch && matches!(ty, TypeRef::Array(_)) {
        cx.error(
            value.text,
            format!("{what} must name a struct or union type, not an array"),
        );
        return None;
    }
    Some(ty)
}

/// A union's branches or an alternate's alternatives.
pub fn branches(cx: &mut Reading<'_>, value: &Value<'_>, role: Role) -> Vec<Branch> {
    let Some(members) = value.as_dict() else {
        cx.error(
            value.text,
            format!(
                "'data' must be an object of {}, found {}",
                role.plural(),
                value.kind_name()
            ),
        );
        return Vec::new();
    };
    members
        .iter()
        .filter_map(|member| {
            let (ty, condition, _) = long_form(cx, &member.value, &member.key, role)?;
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
pub fn enum_values(cx: &mut Reading<'_>, value: &Value<'_>) -> Vec<EnumValue> {
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
            Kind::Dict(members) => {
                for member in members {
                    if !matches!(member.key.as_ref(), "name" | "if" | "features") {
                        cx.error(
                            member.key_text,
                            format!(
                                "an enum value has no key '{}' (its keys: name, if, features)",
                                member.key
                            ),
                        );
                    }
                }
                let Some(name_value) = item.get("name") else {
                    cx.error(
                        item.text,
                        "an enum value written as an object needs a 'name'",
                    );
                    return None;
                };
                let name = string_value(cx, name_value, "an enum value's 'name'")?;
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
                    span: cx.span(name_value.text),
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
