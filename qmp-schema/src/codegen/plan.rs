//! The generation plan: every Rust item the schema needs, with its name settled.
//!
//! Naming happens once, here, so that the emitters (and the diff, and the reference
//! page) never disagree on a name, and clashes are resolved in one deterministic order:
//! event payloads first (they get the natural names), then aliases for sections with
//! several events, then the schema's named types (by name), then what unions add (their
//! branches enums), then the types made for nested objects and enumerations. Commands
//! are named in a namespace of their own (the `commands` module).

use super::boxing::{Boxing, Edge};
use super::names::{self, Namespace, type_name};
use crate::model::{
    Alternative, Command, Data, EnumValue, Field, IntegerType, NamedType, Schema, Section, Type,
    TypeKind,
};
use std::collections::HashMap;

/// Names the generated code defines itself; a schema's types must not take them.
const RESERVED_TYPES: &[&str] = &[
    "Event",
    "EventMessage",
    "AnyCommand",
    "CommandMessage",
    "Command",
    "Timestamp",
    "Violation",
    "DecodeError",
    "Empty",
    "QmpError",
    "ErrorClass",
    "commands",
];

/// Everything to generate.
pub struct Plan<'s> {
    /// One per event name, in document order.
    pub events: Vec<EventPlan<'s>>,
    /// One per section: the payload type its events share.
    pub payloads: Vec<PayloadPlan<'s>>,
    /// Structs for objects (payloads with members, named structs, unions with common
    /// members, nested objects, command arguments).
    pub structs: Vec<StructPlan<'s>>,
    /// Enums for enumerated strings (named enums and enumerated members).
    pub enums: Vec<EnumPlan<'s>>,
    /// QAPI unions, over their discriminator.
    pub unions: Vec<UnionPlan<'s>>,
    /// Enums for QAPI alternates, by JSON type.
    pub alternates: Vec<AlternatePlan<'s>>,
    /// The commands, in schema order.
    pub commands: Vec<CommandPlan<'s>>,
    /// The Rust name of each of the schema's named types, by schema name.
    pub named: HashMap<&'s str, String>,
}

/// One event: a variant of `Event`.
pub struct EventPlan<'s> {
    /// The wire name.
    pub wire: &'s str,
    /// The `Event` variant's name.
    pub variant: String,
    /// The type the variant holds (the payload, an alias of it, or a named type).
    pub type_name: String,
    /// Index into [`Plan::payloads`].
    pub payload: usize,
}

/// What a payload holds.
pub enum PayloadShape {
    /// Documented members: the struct at this index of [`Plan::structs`].
    Fields(usize),
    /// No members documented (`Data: None.`, prose, or a QAPI event without data): a
    /// struct that keeps whatever data a QEMU sends anyway.
    Open {
        /// Whether the schema says the event has no data at all.
        data_none: bool,
    },
    /// The data is one of the schema's named types (a struct, or a union with `boxed`),
    /// generated on its own and shared.
    Named {
        /// The type's Rust name.
        name: String,
    },
}

/// The payload type of one section.
pub struct PayloadPlan<'s> {
    /// The type's name (after the section's first event), or the named type's.
    pub name: String,
    /// Aliases for the section's other events: (alias name, event wire name).
    pub aliases: Vec<(String, &'s str)>,
    /// The section.
    pub section: &'s Section,
    /// What it holds.
    pub shape: PayloadShape,
}

/// Where a struct comes from, which its docs and messages say.
#[derive(Clone, Copy)]
pub enum StructOrigin<'s> {
    /// An event's data.
    Payload(&'s Section),
    /// The object a member holds (a text document's nested object, or an old QAPI
    /// schema's anonymous struct).
    Nested(&'s Field),
    /// A named struct of the schema, or a union with common members.
    Named(&'s NamedType),
    /// A command's arguments.
    Arguments(&'s Command),
}

/// A struct for an object with documented members.
pub struct StructPlan<'s> {
    /// The type's name.
    pub name: String,
    /// Where it sits, for messages: `BLOCK_IO_ERROR`, `VNC_CONNECTED data.server`, or a
    /// named type's schema name.
    pub place: String,
    /// Where it comes from.
    pub origin: StructOrigin<'s>,
    /// Its members, in schema order; for a union, its common members but the
    /// discriminator.
    pub fields: Vec<FieldPlan<'s>>,
    /// For a union with common members: the field that holds its branches.
    pub branches: Option<BranchesField<'s>>,
    /// Whether every field may be absent, so the struct has a `Default`.
    pub defaultable: bool,
}

/// The field of a union's struct that holds its branches, named after the
/// discriminator.
pub struct BranchesField<'s> {
    /// The discriminator member.
    pub discriminator: &'s Field,
    /// Where it stands among the union's common members (what [`StructPlan::fields`]
    /// would hold at this index, had it not been taken out).
    pub position: usize,
    /// The Rust field name (`driver`, `r#type`).
    pub ident: String,
    /// The branches enum's name (`BlockdevOptionsBranch`).
    pub enum_name: String,
}

/// One member of a struct.
pub struct FieldPlan<'s> {
    /// The schema's member.
    pub field: &'s Field,
    /// The Rust field name (possibly `r#type`).
    pub ident: String,
    /// Its Rust type, before `Option` for optional members.
    pub ty: RustType,
    /// Whether its field is an `Option`: the member is optional, or it is required but
    /// under a condition (a QEMU built without it does not send it).
    pub optional: bool,
}

/// A member's Rust type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// `i64`
    Int,
    /// The Rust integer of a QAPI width (`u8` for `uint8`, `u64` for `size`).
    Integer(IntegerType),
    /// `serde_json::Number`: exact integers, and floats.
    Number,
    /// `f64`, encoded as QEMU prints doubles (an integral value without a fraction).
    Float,
    /// `()`: JSON `null`.
    Null,
    /// `serde_json::Value`
    Value,
    /// `Vec<T>`
    Vec(Box<RustType>),
    /// `Box<T>`: a type that contains itself, through this member.
    Boxed(Box<RustType>),
    /// A generated struct or enum, by name.
    Named(String),
}

/// Where an enum comes from.
#[derive(Clone, Copy)]
pub enum EnumOrigin<'s> {
    /// A member whose values the text document lists.
    Field(&'s Field),
    /// A named enum of the schema.
    Named(&'s NamedType),
}

/// An enum for an enumerated string.
pub struct EnumPlan<'s> {
    /// The type's name.
    pub name: String,
    /// Where it sits, for docs: `BLOCK_IO_ERROR data.action`, or the schema name.
    pub place: String,
    /// Where it comes from.
    pub origin: EnumOrigin<'s>,
    /// Variants: (variant name, the value).
    pub variants: Vec<(String, &'s EnumValue)>,
}

/// How a union is made.
pub enum UnionShape {
    /// Common members besides the discriminator: a struct (the one at this index of
    /// [`Plan::structs`]) holding them and a field of the branches enum.
    Struct(usize),
    /// The discriminator alone is common: the union is its branches enum.
    Enum,
}

/// A union: an enum with a variant per value of its discriminator.
pub struct UnionPlan<'s> {
    /// The union's Rust name.
    pub name: String,
    /// The branches enum's name: the union's own when it has no other common members.
    pub enum_name: String,
    /// The schema's union.
    pub named: &'s NamedType,
    /// The discriminator's wire name.
    pub discriminator: &'s str,
    /// One per discriminator value, in the enum's order.
    pub variants: Vec<UnionVariantPlan<'s>>,
    /// How the union is made.
    pub shape: UnionShape,
    /// The variant for objects sent without the discriminator (merged bindings, where a
    /// release had the type as a struct).
    pub untagged: Option<UntaggedPlan>,
}

/// A union's variant for objects without the discriminator.
pub struct UntaggedPlan {
    /// The Rust variant's name.
    pub variant: String,
    /// The branch whose members such objects hold.
    pub branch: String,
    /// Its type.
    pub payload: RustType,
    /// The releases that send objects so.
    pub releases: crate::model::ReleaseSet,
}

/// One variant of a union.
pub struct UnionVariantPlan<'s> {
    /// The Rust variant's name.
    pub variant: String,
    /// The discriminator value (with its docs).
    pub value: &'s EnumValue,
    /// The branch's type (a struct or a union), when the value has a branch.
    pub payload: Option<RustType>,
}

/// An alternate: a Rust enum with a variant per alternative.
pub struct AlternatePlan<'s> {
    /// The type's name.
    pub name: String,
    /// The schema's alternate.
    pub named: &'s NamedType,
    /// (variant name, alternative, its Rust type), in schema order.
    pub variants: Vec<(String, &'s Alternative, RustType)>,
}

/// What a command's struct holds.
pub enum CommandArguments {
    /// Its arguments as fields: the struct at this index of [`Plan::structs`].
    Fields(usize),
    /// `'boxed': true`: the named type, by Rust name.
    Boxed(String),
}

/// One command: a struct of the `commands` module and a variant of `AnyCommand`.
pub struct CommandPlan<'s> {
    /// The command.
    pub command: &'s Command,
    /// The struct's name in `commands` (also `AnyCommand`'s variant).
    pub name: String,
    /// What the struct holds.
    pub arguments: CommandArguments,
    /// What it returns (`None`: the runtime's `Empty`).
    pub returns: Option<RustType>,
}

/// Plans the code for a schema.
pub fn plan(schema: &Schema) -> Plan<'_> {
    let mut types = Namespace::with_reserved(RESERVED_TYPES);
    // Payload names first, so that events keep their natural names; an event whose data
    // is a named type holds that type.
    let payload_names: Vec<Option<String>> = schema
        .sections
        .iter()
        .map(|section| {
            if section.data_type.is_some() {
                return None;
            }
            let first = section.names.first().map_or("UNNAMED", |n| n.name.as_str());
            Some(types.claim(type_name(first)))
        })
        .collect();
    let mut variants = Namespace::with_reserved(&["Unknown"]);
    let mut events = Vec::new();
    let mut payloads = Vec::new();
    let mut pending_aliases = Vec::new();
    for (index, (section, name)) in schema.sections.iter().zip(payload_names).enumerate() {
        for (position, event) in section.names.iter().enumerate() {
            if position > 0 {
                pending_aliases.push((index, event.name.as_str()));
            }
            events.push(EventPlan {
                wire: &event.name,
                variant: variants.claim(type_name(&event.name)),
                type_name: String::new(),
                payload: index,
            });
        }
        payloads.push(PayloadPlan {
            name: name.unwrap_or_default(),
            aliases: Vec::new(),
            section,
            shape: PayloadShape::Open { data_none: false },
        });
    }
    for (index, wire) in pending_aliases {
        let alias = types.claim(type_name(wire));
        payloads[index].aliases.push((alias, wire));
    }
    let named: HashMap<&str, String> = schema
        .types
        .keys()
        .map(|name| (name.as_str(), types.claim(type_name(name))))
        .collect();
    let mut planner = Planner {
        schema,
        types,
        named,
        boxing: Boxing::of(schema),
        structs: Vec::new(),
        enums: Vec::new(),
        unions: Vec::new(),
        alternates: Vec::new(),
    };
    for named_type in schema.types.values() {
        planner.add_named(named_type);
    }
    for payload in &mut payloads {
        let section = payload.section;
        let first = section.names.first().map_or("UNNAMED", |n| n.name.as_str());
        payload.shape = match (&section.data_type, &section.data) {
            (Some(data_type), _) => {
                payload.name = planner.rust_name(data_type);
                PayloadShape::Named {
                    name: payload.name.clone(),
                }
            }
            (None, Data::Fields(fields)) => PayloadShape::Fields(planner.add_struct(
                payload.name.clone(),
                first.to_owned(),
                StructOrigin::Payload(section),
                fields.iter().collect(),
                None,
            )),
            (None, Data::None) => PayloadShape::Open { data_none: true },
            (None, Data::Undescribed { .. }) => PayloadShape::Open { data_none: false },
        };
    }
    for event in &mut events {
        let payload = &payloads[event.payload];
        event.type_name = payload
            .aliases
            .iter()
            .find(|(_, wire)| *wire == event.wire)
            .map_or_else(|| payload.name.clone(), |(alias, _)| alias.clone());
    }
    let commands = planner.add_commands();
    Plan {
        events,
        payloads,
        structs: planner.structs,
        enums: planner.enums,
        unions: planner.unions,
        alternates: planner.alternates,
        commands,
        named: planner.named,
    }
}

struct Planner<'s> {
    schema: &'s Schema,
    types: Namespace,
    named: HashMap<&'s str, String>,
    boxing: Boxing,
    structs: Vec<StructPlan<'s>>,
    enums: Vec<EnumPlan<'s>>,
    unions: Vec<UnionPlan<'s>>,
    alternates: Vec<AlternatePlan<'s>>,
}

/// Who holds a member, for the boxing of types that contain themselves: the named type
/// whose (possibly nested) member it is.
#[derive(Clone, Copy)]
struct Holder<'a> {
    /// The schema name of the named type, if a named type holds it.
    named: Option<&'a str>,
    /// The member's path within it (`outer.inner` for a nested struct's member).
    path: Option<&'a str>,
}

impl<'s> Planner<'s> {
    /// The Rust name of a named type (its schema name made a type name, should the
    /// schema lack it).
    fn rust_name(&self, name: &str) -> String {
        self.named
            .get(name)
            .cloned()
            .unwrap_or_else(|| type_name(name))
    }

    /// Plans one of the schema's named types.
    fn add_named(&mut self, named: &'s NamedType) {
        let name = self.rust_name(&named.name);
        match &named.kind {
            TypeKind::Struct { members, .. } => {
                self.add_struct(
                    name,
                    named.name.clone(),
                    StructOrigin::Named(named),
                    members.iter().collect(),
                    Some(&named.name),
                );
            }
            TypeKind::Enum { values } => {
                let variants = enum_variants(values);
                self.enums.push(EnumPlan {
                    name,
                    place: named.name.clone(),
                    origin: EnumOrigin::Named(named),
                    variants,
                });
            }
            TypeKind::Union {
                members,
                discriminator,
                discriminator_type,
                branches,
                ..
            } => {
                let schema = self.schema;
                let values: Vec<&'s EnumValue> = match schema.named(discriminator_type) {
                    Some(NamedType {
                        kind: TypeKind::Enum { values },
                        ..
                    }) => values.iter().collect(),
                    _ => Vec::new(),
                };
                let common: Vec<&'s Field> = members
                    .iter()
                    .filter(|member| member.name != *discriminator)
                    .collect();
                let (enum_name, shape) = if common.is_empty() {
                    (name.clone(), UnionShape::Enum)
                } else {
                    let enum_name = self.types.claim(format!("{name}Branch"));
                    let index = self.add_struct(
                        name.clone(),
                        named.name.clone(),
                        StructOrigin::Named(named),
                        common,
                        Some(&named.name),
                    );
                    let position = members
                        .iter()
                        .position(|member| member.name == *discriminator)
                        .unwrap_or(0);
                    if let Some(discriminator) =
                        members.iter().find(|member| member.name == *discriminator)
                    {
                        let taken: Vec<String> = self.structs[index]
                            .fields
                            .iter()
                            .map(|f| f.ident.clone())
                            .collect();
                        let mut idents = Namespace::with_reserved(&[names::UNKNOWN_FIELDS]);
                        for ident in &taken {
                            idents.claim(ident.clone());
                        }
                        self.structs[index].branches = Some(BranchesField {
                            discriminator,
                            position,
                            ident: idents.claim(names::field_name(&discriminator.name)),
                            enum_name: enum_name.clone(),
                        });
                        self.structs[index].defaultable = false;
                    }
                    (enum_name, UnionShape::Struct(index))
                };
                let mut variant_names = Namespace::with_reserved(&[names::OTHER_VARIANT]);
                let variants = values
                    .into_iter()
                    .map(|value| {
                        let variant = variant_names.claim(names::variant_name(&value.value));
                        let payload = branches
                            .iter()
                            .find(|branch| branch.value == value.value)
                            .map(|branch| {
                                let ty = RustType::Named(self.rust_name(&branch.ty));
                                let edge = Edge::Branch(value.value.clone());
                                if self.boxing.is_boxed(&named.name, &edge) {
                                    RustType::Boxed(Box::new(ty))
                                } else {
                                    ty
                                }
                            });
                        UnionVariantPlan {
                            variant,
                            value,
                            payload,
                        }
                    })
                    .collect::<Vec<UnionVariantPlan<'s>>>();
                // Only a union whose branches are a struct's field reads objects
                // without the discriminator (merge makes no other).
                let untagged = branches
                    .iter()
                    .find(|branch| branch.untagged_in != 0)
                    .filter(|_| matches!(shape, UnionShape::Struct(_)))
                    .and_then(|branch| {
                        let variant = variants.iter().find(|v| v.value.value == branch.value)?;
                        Some(UntaggedPlan {
                            variant: variant_names.claim("Untagged".to_owned()),
                            branch: branch.value.clone(),
                            payload: variant.payload.clone()?,
                            releases: branch.untagged_in,
                        })
                    });
                self.unions.push(UnionPlan {
                    name,
                    enum_name,
                    named,
                    discriminator,
                    variants,
                    shape,
                    untagged,
                });
            }
            TypeKind::Alternate { alternatives } => {
                let mut variant_names = Namespace::with_reserved(&[names::OTHER_VARIANT]);
                let variants = alternatives
                    .iter()
                    .map(|alternative| {
                        let ty = self.rust_type(&name, &named.name, None, &alternative.ty, None);
                        let edge = Edge::Alternative(alternative.name.clone());
                        let ty = if self.boxing.is_boxed(&named.name, &edge) {
                            RustType::Boxed(Box::new(ty))
                        } else {
                            ty
                        };
                        (
                            variant_names.claim(names::variant_name(&alternative.name)),
                            alternative,
                            ty,
                        )
                    })
                    .collect();
                self.alternates.push(AlternatePlan {
                    name,
                    named,
                    variants,
                });
            }
        }
    }

    /// Plans the commands, in a namespace of their own.
    fn add_commands(&mut self) -> Vec<CommandPlan<'s>> {
        let schema = self.schema;
        let mut commands = Namespace::with_reserved(&["Unknown"]);
        schema
            .commands
            .iter()
            .map(|command| {
                let name = commands.claim(type_name(&command.name));
                let arguments = match (&command.arguments_type, command.boxed) {
                    (Some(named), true) => CommandArguments::Boxed(self.rust_name(named)),
                    _ => CommandArguments::Fields(self.add_struct(
                        name.clone(),
                        command.name.clone(),
                        StructOrigin::Arguments(command),
                        command.arguments.iter().collect(),
                        None,
                    )),
                };
                let returns = command
                    .returns
                    .as_ref()
                    .map(|ty| self.rust_type(&name, &command.name, None, ty, None));
                CommandPlan {
                    command,
                    name,
                    arguments,
                    returns,
                }
            })
            .collect()
    }

    /// Adds a struct (its name already claimed) and the types of its members; returns its
    /// index. `holder` is the named type it is, for boxing.
    fn add_struct(
        &mut self,
        name: String,
        place: String,
        origin: StructOrigin<'s>,
        fields: Vec<&'s Field>,
        holder: Option<&str>,
    ) -> usize {
        let index = self.structs.len();
        self.structs.push(StructPlan {
            name: name.clone(),
            place: place.clone(),
            origin,
            fields: Vec::new(),
            branches: None,
            defaultable: false,
        });
        let mut idents = Namespace::with_reserved(&[names::UNKNOWN_FIELDS]);
        let members: Vec<FieldPlan<'s>> = fields
            .into_iter()
            .map(|field| {
                let holder = Holder {
                    named: holder,
                    path: Some(&field.name),
                };
                FieldPlan {
                    field,
                    ident: idents.claim(names::field_name(&field.name)),
                    ty: self.rust_type(&name, &place, Some(field), &field.ty, Some(holder)),
                    optional: field.optional || field.condition.is_some(),
                }
            })
            .collect();
        self.structs[index].defaultable = members.iter().all(|member| member.optional);
        self.structs[index].fields = members;
        index
    }

    /// The Rust type of a model type; nested objects and enumerations get types of their
    /// own, named after `parent` and the member.
    fn rust_type(
        &mut self,
        parent: &str,
        parent_place: &str,
        field: Option<&'s Field>,
        ty: &'s Type,
        holder: Option<Holder<'_>>,
    ) -> RustType {
        match ty {
            Type::String => RustType::String,
            Type::Bool => RustType::Bool,
            Type::Int => RustType::Int,
            Type::Integer(integer) => RustType::Integer(*integer),
            Type::Number => RustType::Number,
            Type::Double => RustType::Float,
            Type::Null => RustType::Null,
            Type::Value => RustType::Value,
            Type::Named(name) => {
                let ty = RustType::Named(self.rust_name(name));
                let boxed = holder.is_some_and(|holder| match (holder.named, holder.path) {
                    (Some(named), Some(path)) => {
                        self.boxing.is_boxed(named, &Edge::Member(path.to_owned()))
                    }
                    _ => false,
                });
                if boxed {
                    RustType::Boxed(Box::new(ty))
                } else {
                    ty
                }
            }
            // A `Vec` holds its elements on the heap: nothing inside needs a box.
            Type::Array(element) => RustType::Vec(Box::new(self.rust_type(
                parent,
                parent_place,
                field,
                element,
                None,
            ))),
            Type::Object(members) => {
                let Some(field) = field else {
                    return RustType::Value;
                };
                let name = self
                    .types
                    .claim(format!("{parent}{}", type_name(&field.name)));
                let place = format!("{parent_place}.{}", field.name);
                let index = self.structs.len();
                self.structs.push(StructPlan {
                    name: name.clone(),
                    place: place.clone(),
                    origin: StructOrigin::Nested(field),
                    fields: Vec::new(),
                    branches: None,
                    defaultable: false,
                });
                let mut idents = Namespace::with_reserved(&[names::UNKNOWN_FIELDS]);
                let fields: Vec<FieldPlan<'s>> = members
                    .iter()
                    .map(|member| {
                        // A nested member's path, for boxing: `outer.inner`.
                        let path = holder
                            .and_then(|h| h.path)
                            .map(|outer| format!("{outer}.{}", member.name));
                        let inner = holder.map(|h| Holder {
                            named: h.named,
                            path: path.as_deref(),
                        });
                        FieldPlan {
                            field: member,
                            ident: idents.claim(names::field_name(&member.name)),
                            ty: self.rust_type(&name, &place, Some(member), &member.ty, inner),
                            optional: member.optional || member.condition.is_some(),
                        }
                    })
                    .collect();
                self.structs[index].defaultable = fields.iter().all(|f| f.optional);
                self.structs[index].fields = fields;
                RustType::Named(name)
            }
            Type::Enum(values) => {
                let Some(field) = field else {
                    return RustType::String;
                };
                let name = self
                    .types
                    .claim(format!("{parent}{}", type_name(&field.name)));
                self.enums.push(EnumPlan {
                    name: name.clone(),
                    place: format!("{parent_place}.{}", field.name),
                    origin: EnumOrigin::Field(field),
                    variants: enum_variants(values),
                });
                RustType::Named(name)
            }
        }
    }
}

/// Variant names for enumeration values; a value listed twice is one value (and one
/// match arm).
fn enum_variants(values: &[EnumValue]) -> Vec<(String, &EnumValue)> {
    let mut variant_names = Namespace::with_reserved(&[names::OTHER_VARIANT]);
    let mut seen = std::collections::HashSet::new();
    values
        .iter()
        .filter(|value| seen.insert(value.value.as_str()))
        .map(|value| {
            (
                variant_names.claim(names::variant_name(&value.value)),
                value,
            )
        })
        .collect()
}
