//! The generation plan: every Rust item the document needs, with its name settled.
//!
//! Naming happens once, here, so that the emitters never disagree on a name and clashes
//! are resolved in one deterministic order: event payloads first (they get the natural
//! names), then aliases for sections with several events, then nested types.

use super::names::{self, Namespace, type_name};
use crate::model::{Data, EnumValue, Field, Schema, Section, Type};

/// Names the generated code defines itself; a document's types must not take them.
const RESERVED_TYPES: &[&str] = &["Event", "EventMessage", "Timestamp", "Violation"];

/// Everything to generate.
pub struct Plan<'s> {
    /// One per event name, in document order.
    pub events: Vec<EventPlan<'s>>,
    /// One per section: the payload type its events share.
    pub payloads: Vec<PayloadPlan<'s>>,
    /// Structs for objects (payloads with fields, and nested objects).
    pub structs: Vec<StructPlan<'s>>,
    /// Enums for enumerated strings.
    pub enums: Vec<EnumPlan<'s>>,
}

/// One event: a variant of `Event`.
pub struct EventPlan<'s> {
    /// The wire name.
    pub wire: &'s str,
    /// The `Event` variant's name.
    pub variant: String,
    /// The type the variant holds (the payload, or an alias of it).
    pub type_name: String,
    /// Index into [`Plan::payloads`].
    pub payload: usize,
}

/// What a payload holds.
pub enum PayloadShape {
    /// Documented fields: the struct at this index of [`Plan::structs`].
    Fields(usize),
    /// No fields documented (`Data: None.` or prose): a struct that keeps whatever data a
    /// QEMU sends anyway.
    Open {
        /// Whether the document says the event has no data at all.
        data_none: bool,
    },
}

/// The payload type of one section.
pub struct PayloadPlan<'s> {
    /// The type's name (after the section's first event).
    pub name: String,
    /// Aliases for the section's other events: (alias name, event wire name).
    pub aliases: Vec<(String, &'s str)>,
    /// The section.
    pub section: &'s Section,
    /// What it holds.
    pub shape: PayloadShape,
}

/// A struct for an object with documented members.
pub struct StructPlan<'s> {
    /// The type's name.
    pub name: String,
    /// Where it sits, for messages: `BLOCK_IO_ERROR` or `VNC_CONNECTED data.server`.
    pub place: String,
    /// The field it is the type of, for nested structs (none for payloads).
    pub field: Option<&'s Field>,
    /// The section it belongs to.
    pub section: &'s Section,
    /// Its members.
    pub fields: Vec<FieldPlan<'s>>,
}

impl StructPlan<'_> {
    /// Whether every member may be left out (so `data` itself may be missing).
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|f| f.field.optional)
    }
}

/// One member of a struct.
pub struct FieldPlan<'s> {
    /// The document's field.
    pub field: &'s Field,
    /// The Rust field name (possibly `r#type`).
    pub ident: String,
    /// Its Rust type, before `Option` for optional fields.
    pub ty: RustType,
}

/// A field's Rust type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// `i64`
    Int,
    /// `serde_json::Number`: exact integers, and floats.
    Number,
    /// `serde_json::Value`
    Value,
    /// `Vec<T>`
    Vec(Box<RustType>),
    /// A generated struct or enum, by name.
    Named(String),
}

/// An enum for an enumerated string.
pub struct EnumPlan<'s> {
    /// The type's name.
    pub name: String,
    /// Where it sits, for docs: `BLOCK_IO_ERROR data.action`.
    pub place: String,
    /// The field it is the type of.
    pub field: &'s Field,
    /// Variants: (variant name, the value).
    pub variants: Vec<(String, &'s EnumValue)>,
}

/// Plans the code for a schema.
pub fn plan(schema: &Schema) -> Plan<'_> {
    let mut types = Namespace::with_reserved(RESERVED_TYPES);
    let mut planner = Planner {
        types: Namespace::default(),
        structs: Vec::new(),
        enums: Vec::new(),
    };
    // Payload names first, so that events keep their natural names.
    let payload_names: Vec<String> = schema
        .sections
        .iter()
        .map(|section| {
            let first = section.names.first().map_or("UNNAMED", |n| n.name.as_str());
            types.claim(type_name(first))
        })
        .collect();
    let mut variants = Namespace::with_reserved(&["Unknown"]);
    let mut events = Vec::new();
    let mut payloads = Vec::new();
    for (index, (section, name)) in schema.sections.iter().zip(payload_names).enumerate() {
        let mut aliases = Vec::new();
        for (position, event) in section.names.iter().enumerate() {
            let type_name_for_event = if position == 0 {
                name.clone()
            } else {
                let alias = types.claim(type_name(&event.name));
                aliases.push((alias.clone(), event.name.as_str()));
                alias
            };
            events.push(EventPlan {
                wire: &event.name,
                variant: variants.claim(type_name(&event.name)),
                type_name: type_name_for_event,
                payload: index,
            });
        }
        payloads.push(PayloadPlan {
            name,
            aliases,
            section,
            shape: PayloadShape::Open { data_none: false },
        });
    }
    planner.types = types;
    for payload in &mut payloads {
        let first = payload
            .section
            .names
            .first()
            .map_or("UNNAMED", |n| n.name.as_str());
        payload.shape = match &payload.section.data {
            Data::Fields(fields) => PayloadShape::Fields(planner.add_struct(
                payload.name.clone(),
                first.to_owned(),
                None,
                payload.section,
                fields,
            )),
            Data::None => PayloadShape::Open { data_none: true },
            Data::Undescribed { .. } => PayloadShape::Open { data_none: false },
        };
    }
    Plan {
        events,
        payloads,
        structs: planner.structs,
        enums: planner.enums,
    }
}

struct Planner<'s> {
    types: Namespace,
    structs: Vec<StructPlan<'s>>,
    enums: Vec<EnumPlan<'s>>,
}

impl<'s> Planner<'s> {
    /// Adds a struct (its name already claimed) and the types of its members; returns its
    /// index.
    fn add_struct(
        &mut self,
        name: String,
        place: String,
        field: Option<&'s Field>,
        section: &'s Section,
        fields: &'s [Field],
    ) -> usize {
        let index = self.structs.len();
        self.structs.push(StructPlan {
            name: name.clone(),
            place: place.clone(),
            field,
            section,
            fields: Vec::new(),
        });
        let mut idents = Namespace::with_reserved(&[names::UNKNOWN_FIELDS]);
        let members = fields
            .iter()
            .map(|field| FieldPlan {
                field,
                ident: idents.claim(names::field_name(&field.name)),
                ty: self.rust_type(&name, &place, section, field, &field.ty),
            })
            .collect();
        self.structs[index].fields = members;
        index
    }

    fn rust_type(
        &mut self,
        parent: &str,
        parent_place: &str,
        section: &'s Section,
        field: &'s Field,
        ty: &'s Type,
    ) -> RustType {
        match ty {
            Type::String => RustType::String,
            Type::Bool => RustType::Bool,
            Type::Int | Type::Integer(_) => RustType::Int,
            Type::Null | Type::Named(_) => RustType::Value,
            Type::Number => RustType::Number,
            Type::Value => RustType::Value,
            Type::Array(element) => RustType::Vec(Box::new(self.rust_type(
                parent,
                parent_place,
                section,
                field,
                element,
            ))),
            Type::Object(members) => {
                let name = self
                    .types
                    .claim(format!("{parent}{}", type_name(&field.name)));
                let place = format!("{parent_place}.{}", field.name);
                self.add_struct(name.clone(), place, Some(field), section, members);
                RustType::Named(name)
            }
            Type::Enum(values) => {
                let name = self
                    .types
                    .claim(format!("{parent}{}", type_name(&field.name)));
                let mut variant_names = Namespace::with_reserved(&[names::OTHER_VARIANT]);
                let mut seen = std::collections::HashSet::new();
                // A value listed twice is one value (and one match arm).
                let variants = values
                    .iter()
                    .filter(|value| seen.insert(value.value.as_str()))
                    .map(|value| {
                        (
                            variant_names.claim(names::variant_name(&value.value)),
                            value,
                        )
                    })
                    .collect();
                self.enums.push(EnumPlan {
                    name: name.clone(),
                    place: format!("{parent_place}.{}", field.name),
                    field,
                    variants,
                });
                RustType::Named(name)
            }
        }
    }
}
