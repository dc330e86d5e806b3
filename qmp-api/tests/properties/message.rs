//! Messages generated from the document's model: a [`Node`] tree that keeps its members
//! in the order they are written (so any order can be tried) and remembers what the
//! document says of each place (so it can be mutated there).

use proptest::prelude::*;
use qmp_schema::{Data, Field, Schema, Section, Type, TypeKind};
use serde_json::Value;

/// A JSON value as generated.
#[derive(Debug, Clone)]
pub enum Node {
    /// A value the document describes as a whole: a string, an int, an enumeration
    /// value, a json-value...
    Leaf { value: Value, kind: Kind },
    /// A json-array.
    Array { items: Vec<Node> },
    /// An object: the message, its timestamp, its data or a nested json-object.
    Object {
        members: Vec<Member>,
        /// The member names the document lists (present or not); `None` for an object
        /// whose members it does not list, which may hold anything.
        listed: Option<Vec<String>>,
        /// Whether decoding keeps members the document does not list. The message and
        /// its timestamp are QMP's envelope, not the document's: decoding refuses a
        /// member they do not have (see `wire_regressions.rs`).
        extras_kept: bool,
    },
}

/// A member of an object.
#[derive(Debug, Clone)]
pub struct Member {
    /// The wire name.
    pub name: String,
    /// Its value.
    pub node: Node,
    /// Whether the document requires it.
    pub required: bool,
}

/// What the document says a leaf is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    String,
    /// A json-string restricted to these values (event names count as one).
    Enum(Vec<String>),
    Bool,
    Int,
    /// An integer of a QAPI width.
    Integer,
    Number,
    /// QAPI `null`.
    Null,
    /// json-value, or a member of an object the document leaves open: anything goes.
    Any,
    /// A union's discriminator: changing it changes which members the object may have,
    /// so mutations and noise leave it alone.
    Fixed,
}

impl Node {
    /// The JSON text, members in the generated order.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Node::Leaf { value, .. } => out.push_str(&value.to_string()),
            Node::Array { items } => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Node::Object { members, .. } => {
                out.push('{');
                for (index, member) in members.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&Value::String(member.name.clone()).to_string());
                    out.push_str(": ");
                    member.node.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON pointer to member `name` of the object at `pointer` (RFC 6901).
pub fn pointer_to(pointer: &str, name: &str) -> String {
    format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1"))
}

fn leaf(value: Value, kind: Kind) -> Node {
    Node::Leaf { value, kind }
}

/// json-int: any i64, with the extremes and the values QEMU likes (-1, 0) made likely.
pub fn int() -> impl Strategy<Value = i64> {
    prop_oneof![
        any::<i64>(),
        Just(i64::MIN),
        Just(i64::MAX),
        Just(-1),
        Just(0)
    ]
}

/// json-number: integers (beyond i64 too) and finite floats.
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        int().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        any::<f64>()
            .prop_filter("JSON has no infinities or NaN", |f| f.is_finite())
            .prop_map(Value::from),
        Just(Value::from(-2.5)),
    ]
}

/// Strings, with the characters JSON must escape and those pointers must escape made
/// likely.
pub fn string() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[\\x00-\\x1f\"\\\\/~é😀 a-z]{0,6}"]
}

/// Any JSON value, a few levels deep.
pub fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        number(),
        string().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(string(), inner, 0..4)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// A double as QEMU prints it (`%.17g`): integral values without a fraction.
fn double() -> impl Strategy<Value = Value> {
    any::<f64>()
        .prop_filter("JSON has no infinities or NaN", |f| f.is_finite())
        .prop_map(|f| {
            if f.fract() == 0.0 && f.abs() < 9.0e18 {
                Value::from(f as i64)
            } else {
                Value::from(f)
            }
        })
}

/// A value of a type the schema gives, without extras or unknown enumeration values.
fn node(schema: &'static Schema, ty: &Type) -> BoxedStrategy<Node> {
    match ty {
        Type::Integer(integer) => {
            let (min, max) = integer.range();
            (min..=max)
                .prop_map(|i| {
                    let value =
                        i64::try_from(i).map_or_else(|_| Value::from(i as u64), Value::from);
                    leaf(value, Kind::Integer)
                })
                .boxed()
        }
        Type::Double => double().prop_map(|n| leaf(n, Kind::Number)).boxed(),
        Type::Null => Just(leaf(Value::Null, Kind::Null)).boxed(),
        Type::Named(name) => named(schema, name),
        Type::String => string()
            .prop_map(|s| leaf(Value::String(s), Kind::String))
            .boxed(),
        Type::Bool => any::<bool>()
            .prop_map(|b| leaf(Value::Bool(b), Kind::Bool))
            .boxed(),
        Type::Int => int().prop_map(|i| leaf(Value::from(i), Kind::Int)).boxed(),
        Type::Number => number().prop_map(|n| leaf(n, Kind::Number)).boxed(),
        Type::Value => any_json().prop_map(|v| leaf(v, Kind::Any)).boxed(),
        Type::Enum(values) => {
            let names: Vec<String> = values.iter().map(|v| v.value.clone()).collect();
            prop::sample::select(names.clone())
                .prop_map(move |value| leaf(Value::String(value), Kind::Enum(names.clone())))
                .boxed()
        }
        Type::Array(element) => prop::collection::vec(node(schema, element), 0..4)
            .prop_map(|items| Node::Array { items })
            .boxed(),
        Type::Object(fields) if fields.is_empty() => open_object().boxed(),
        Type::Object(fields) => object(schema, fields),
    }
}

/// A value of one of the schema's named types.
fn named(schema: &'static Schema, name: &str) -> BoxedStrategy<Node> {
    let Some(named) = schema.named(name) else {
        return any_json().prop_map(|v| leaf(v, Kind::Any)).boxed();
    };
    match &named.kind {
        TypeKind::Struct { members, .. } => object(schema, members),
        TypeKind::Enum { values } => node(schema, &Type::Enum(values.clone())),
        TypeKind::Union { .. } => union(schema, name),
        TypeKind::Alternate { alternatives } => {
            let choices: Vec<BoxedStrategy<Node>> = alternatives
                .iter()
                .map(|alternative| {
                    node(schema, &alternative.ty)
                        .prop_map(|node| match node {
                            // Another alternative may take a value of the wrong type.
                            Node::Leaf { value, .. } => leaf(value, Kind::Any),
                            other => other,
                        })
                        .boxed()
                })
                .collect();
            proptest::strategy::Union::new(choices).boxed()
        }
    }
}

/// A union's object: a discriminator value, the common members and the branch's (a
/// branch that is a union adds its own object's members).
fn union(schema: &'static Schema, name: &str) -> BoxedStrategy<Node> {
    let Some(TypeKind::Union {
        discriminator,
        discriminator_type,
        ..
    }) = schema.named(name).map(|named| &named.kind)
    else {
        return any_json().prop_map(|v| leaf(v, Kind::Any)).boxed();
    };
    let values: Vec<String> = match schema.named(discriminator_type).map(|named| &named.kind) {
        Some(TypeKind::Enum { values }) => values.iter().map(|v| v.value.clone()).collect(),
        _ => Vec::new(),
    };
    let name = name.to_owned();
    let discriminator = discriminator.clone();
    prop::sample::select(values)
        .prop_flat_map(move |value| {
            let (fields, nested) = union_fields(schema, &name, &value);
            let tag = Member {
                name: discriminator.clone(),
                node: leaf(Value::String(value), Kind::Fixed),
                required: false,
            };
            let nested = match nested {
                Some(nested) => union(schema, &nested).prop_map(Some).boxed(),
                None => Just(None).boxed(),
            };
            (object(schema, &fields), nested).prop_map(move |(node, nested)| {
                let mut merged = merge(node, nested);
                if let Node::Object {
                    members, listed, ..
                } = &mut merged
                {
                    members.push(tag.clone());
                    if let Some(listed) = listed {
                        listed.push(tag.name.clone());
                    }
                }
                merged
            })
        })
        .boxed()
}

/// The members of two objects as one object.
fn merge(node: Node, other: Option<Node>) -> Node {
    match (node, other) {
        (
            Node::Object {
                mut members,
                listed,
                extras_kept,
            },
            Some(Node::Object {
                members: more,
                listed: more_listed,
                ..
            }),
        ) => {
            members.extend(more);
            let listed = match (listed, more_listed) {
                (Some(mut listed), Some(more)) => {
                    listed.extend(more);
                    Some(listed)
                }
                _ => None,
            };
            Node::Object {
                members,
                listed,
                extras_kept,
            }
        }
        (node, _) => node,
    }
}

/// The members of a union's object for a discriminator value, less the discriminator:
/// the common members and those of a struct branch; and the branch's name when it is a
/// union.
fn union_fields(schema: &Schema, name: &str, value: &str) -> (Vec<Field>, Option<String>) {
    let Some(TypeKind::Union {
        members,
        discriminator,
        branches,
        ..
    }) = schema.named(name).map(|named| &named.kind)
    else {
        return (Vec::new(), None);
    };
    let mut fields: Vec<Field> = members
        .iter()
        .filter(|member| &member.name != discriminator)
        .cloned()
        .collect();
    let branch = branches.iter().find(|branch| branch.value == value);
    let mut nested = None;
    if let Some(branch) = branch.and_then(|branch| schema.named(&branch.ty)) {
        match &branch.kind {
            TypeKind::Struct { members, .. } => fields.extend(members.iter().cloned()),
            TypeKind::Union { .. } => nested = Some(branch.name.clone()),
            _ => {}
        }
    }
    (fields, nested)
}

/// An object whose members the document does not list.
fn open_object() -> impl Strategy<Value = Node> {
    prop::collection::btree_map(string(), any_json(), 0..4).prop_map(|members| Node::Object {
        members: members
            .into_iter()
            .map(|(name, value)| Member {
                name,
                node: leaf(value, Kind::Any),
                required: false,
            })
            .collect(),
        listed: None,
        extras_kept: true,
    })
}

/// An object with the document's fields: required ones present, optional ones maybe, in
/// any order.
fn object(schema: &'static Schema, fields: &[Field]) -> BoxedStrategy<Node> {
    let listed: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
    let members: Vec<BoxedStrategy<Option<Member>>> =
        fields.iter().map(|field| member(schema, field)).collect();
    members
        .prop_map(|members| members.into_iter().flatten().collect::<Vec<_>>())
        .prop_shuffle()
        .prop_map(move |members| Node::Object {
            members,
            listed: Some(listed.clone()),
            extras_kept: true,
        })
        .boxed()
}

fn member(schema: &'static Schema, field: &Field) -> BoxedStrategy<Option<Member>> {
    let name = field.name.clone();
    let required = !field.optional;
    let value = node(schema, &field.ty);
    let value = if required {
        value.prop_map(Some).boxed()
    } else {
        proptest::option::of(value).boxed()
    };
    value
        .prop_map(move |node| {
            node.map(|node| Member {
                name: name.clone(),
                node,
                required,
            })
        })
        .boxed()
}

/// A whole message for event `name`, whose section is `section`; members in any order,
/// the timestamp's too.
pub fn message(
    schema: &'static Schema,
    name: &str,
    section: &Section,
    event_names: &[String],
) -> BoxedStrategy<Node> {
    let event = Member {
        name: "event".to_owned(),
        node: leaf(
            Value::String(name.to_owned()),
            Kind::Enum(event_names.to_vec()),
        ),
        required: true,
    };
    let data: BoxedStrategy<Option<Member>> = match &section.data {
        Data::None => Just(None).boxed(),
        Data::Fields(fields) => {
            let required = fields.iter().any(|f| !f.optional);
            // Data of a named type (a union, say) is generated as that type.
            let value = match &section.data_type {
                Some(data_type) => named(schema, data_type),
                None => object(schema, fields),
            };
            let value = if required {
                value.prop_map(Some).boxed()
            } else {
                proptest::option::of(value).boxed()
            };
            value
                .prop_map(move |node| {
                    node.map(|node| Member {
                        name: "data".to_owned(),
                        node,
                        required,
                    })
                })
                .boxed()
        }
        Data::Undescribed { .. } => open_object()
            .prop_map(|node| {
                Some(Member {
                    name: "data".to_owned(),
                    node,
                    required: false,
                })
            })
            .boxed(),
    };
    (timestamp(), data)
        .prop_map(move |(timestamp, data)| {
            let mut members = vec![event.clone(), timestamp];
            members.extend(data);
            members
        })
        .prop_shuffle()
        .prop_map(|members| Node::Object {
            members,
            listed: Some(vec!["event".into(), "data".into(), "timestamp".into()]),
            extras_kept: false,
        })
        .boxed()
}

fn timestamp() -> impl Strategy<Value = Member> {
    let part = |name: &str, value: i64| Member {
        name: name.to_owned(),
        node: leaf(Value::from(value), Kind::Int),
        required: true,
    };
    (int(), int(), any::<bool>()).prop_map(move |(seconds, microseconds, swapped)| {
        let mut members = vec![part("seconds", seconds), part("microseconds", microseconds)];
        if swapped {
            members.reverse();
        }
        Member {
            name: "timestamp".to_owned(),
            node: Node::Object {
                members,
                listed: Some(vec!["seconds".into(), "microseconds".into()]),
                extras_kept: false,
            },
            required: true,
        }
    })
}

/// A message of any event of the schema, with the event's name.
pub fn any_message(schema: &'static Schema) -> BoxedStrategy<(String, Node)> {
    let names: Vec<String> = schema.events().map(|(n, _)| n.name.clone()).collect();
    let choices: Vec<BoxedStrategy<(String, Node)>> = schema
        .events()
        .map(|(name, section)| {
            let name = name.name.clone();
            message(schema, &name, section, &names)
                .prop_map(move |node| (name.clone(), node))
                .boxed()
        })
        .collect();
    proptest::strategy::Union::new(choices).boxed()
}
