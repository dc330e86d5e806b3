//! The generated API of one document: the code generator's own plan, indexed by name, so
//! that the diff and the reference page use exactly the names the bindings use.

use super::change::PayloadType;
use crate::codegen::plan::{
    self, AlternatePlan, CommandArguments, CommandPlan, EnumPlan, EventPlan, FieldPlan,
    PayloadShape, Plan, RustType, StructPlan, UnionPlan, UnionShape, UnionVariantPlan,
};
use crate::model::{NamedType, Schema, Section, Type, TypeKind};
use std::collections::HashMap;

/// The planned bindings of a schema, indexed for lookups by name.
pub(crate) struct Api<'s> {
    schema: &'s Schema,
    plan: Plan<'s>,
    structs: HashMap<String, usize>,
    enums: HashMap<String, usize>,
}

impl<'s> Api<'s> {
    /// Plans the bindings of `schema`.
    pub(crate) fn new(schema: &'s Schema) -> Api<'s> {
        let plan = plan::plan(schema);
        let structs = plan
            .structs
            .iter()
            .enumerate()
            .map(|(index, s)| (s.name.clone(), index))
            .collect();
        let enums = plan
            .enums
            .iter()
            .enumerate()
            .map(|(index, e)| (e.name.clone(), index))
            .collect();
        Api {
            schema,
            plan,
            structs,
            enums,
        }
    }

    /// The schema planned.
    pub(crate) fn schema(&self) -> &'s Schema {
        self.schema
    }

    /// Whether the schema was read from a QAPI schema (whose type words are `str`,
    /// `uint64`, `['str']`), not from the text document (`json-string`, ...). A QAPI
    /// schema lists the files it read; the text document is one file and lists none.
    pub(crate) fn is_qapi(&self) -> bool {
        !self.schema.files.is_empty()
    }

    /// The document's words for a type: the text document's (`json-array of json-int`)
    /// or the QAPI schema's (`['int']`, `uint64`, `SocketAddress`).
    pub(crate) fn document_type_text(&self, ty: &Type) -> String {
        if self.is_qapi() {
            qapi_type_text(ty)
        } else {
            json_type_text(ty)
        }
    }

    /// The Rust name of one of the schema's named types.
    pub(crate) fn named_rust_name(&self, name: &str) -> Option<&str> {
        self.plan.named.get(name).map(String::as_str)
    }

    /// The generated struct of a named struct.
    pub(crate) fn named_struct(&self, name: &str) -> Option<&StructPlan<'s>> {
        self.struct_named(self.named_rust_name(name)?)
    }

    /// The generated enum of a named enum.
    pub(crate) fn named_enum(&self, name: &str) -> Option<&EnumPlan<'s>> {
        self.enum_named(self.named_rust_name(name)?)
    }

    /// The generated enum of a union.
    pub(crate) fn union_named(&self, name: &str) -> Option<&UnionPlan<'s>> {
        self.plan
            .unions
            .iter()
            .find(|union| union.named.name == name)
    }

    /// The generated enum of an alternate.
    pub(crate) fn alternate_named(&self, name: &str) -> Option<&AlternatePlan<'s>> {
        self.plan
            .alternates
            .iter()
            .find(|alternate| alternate.named.name == name)
    }

    /// A union's common members other than the discriminator, as planned in the union's
    /// struct, with that struct's name; none when the union is its branches enum.
    pub(crate) fn union_common_fields(
        &self,
        union: &UnionPlan<'s>,
    ) -> (&[FieldPlan<'s>], Option<&str>) {
        match union.shape {
            UnionShape::Struct(index) => match self.plan.structs.get(index) {
                Some(plan) => (&plan.fields, Some(plan.name.as_str())),
                None => (&[], None),
            },
            UnionShape::Enum => (&[], None),
        }
    }

    /// Every event, in document order.
    pub(crate) fn events(&self) -> &[EventPlan<'s>] {
        &self.plan.events
    }

    /// The event with this wire name.
    pub(crate) fn event(&self, wire: &str) -> Option<&EventPlan<'s>> {
        self.plan.events.iter().find(|event| event.wire == wire)
    }

    /// The section that documents an event.
    pub(crate) fn section(&self, event: &EventPlan<'s>) -> Option<&'s Section> {
        self.plan.payloads.get(event.payload).map(|p| p.section)
    }

    /// The type an event's variant holds, and the struct behind it when that is an alias.
    pub(crate) fn payload_type(&self, event: &EventPlan<'s>) -> PayloadType {
        let struct_name = self
            .plan
            .payloads
            .get(event.payload)
            .map(|payload| payload.name.as_str());
        PayloadType {
            name: event.type_name.clone(),
            alias_of: struct_name
                .filter(|name| *name != event.type_name)
                .map(str::to_owned),
        }
    }

    /// The struct of an event's payload, when the document lists its fields.
    pub(crate) fn payload_struct(&self, event: &EventPlan<'s>) -> Option<&StructPlan<'s>> {
        match self.plan.payloads.get(event.payload)?.shape {
            PayloadShape::Fields(index) => self.plan.structs.get(index),
            PayloadShape::Named { ref name, .. } => self.struct_named(name),
            PayloadShape::Open { .. } => None,
        }
    }

    /// Every command, in document order.
    pub(crate) fn commands(&self) -> &[CommandPlan<'s>] {
        &self.plan.commands
    }

    /// The command with this wire name.
    pub(crate) fn command(&self, wire: &str) -> Option<&CommandPlan<'s>> {
        self.plan
            .commands
            .iter()
            .find(|command| command.command.name == wire)
    }

    /// The struct of a command's arguments as fields (none for a boxed command, whose
    /// struct holds one named type).
    pub(crate) fn command_struct(&self, command: &CommandPlan<'s>) -> Option<&StructPlan<'s>> {
        match command.arguments {
            CommandArguments::Fields(index) => self.plan.structs.get(index),
            CommandArguments::Boxed(_) => None,
        }
    }

    /// The generated struct with this name.
    pub(crate) fn struct_named(&self, name: &str) -> Option<&StructPlan<'s>> {
        self.structs
            .get(name)
            .and_then(|&index| self.plan.structs.get(index))
    }

    /// The generated enum with this name.
    pub(crate) fn enum_named(&self, name: &str) -> Option<&EnumPlan<'s>> {
        self.enums
            .get(name)
            .and_then(|&index| self.plan.enums.get(index))
    }
}

/// A Rust type as the bindings spell it, without paths: `String`, `Vec<i64>`,
/// `serde_json::Value`.
pub(crate) fn rust_type_text(ty: &RustType) -> String {
    match ty {
        RustType::String => "String".to_owned(),
        RustType::Bool => "bool".to_owned(),
        RustType::Int => "i64".to_owned(),
        RustType::Integer(integer) => crate::codegen::integer_type(*integer).to_owned(),
        RustType::Number => "serde_json::Number".to_owned(),
        RustType::Float => "f64".to_owned(),
        RustType::Null => "()".to_owned(),
        RustType::Value => "serde_json::Value".to_owned(),
        RustType::Vec(element) => format!("Vec<{}>", rust_type_text(element)),
        RustType::Boxed(inner) => format!("Box<{}>", rust_type_text(inner)),
        RustType::Named(name) => name.clone(),
    }
}

/// What a command returns, as its `type Returns` spells it: `Vec<BlockInfo>`, or the
/// runtime's `Empty` for a command without `returns`.
pub(crate) fn returns_text(command: &CommandPlan<'_>) -> String {
    command
        .returns
        .as_ref()
        .map_or_else(|| "Empty".to_owned(), rust_type_text)
}

/// A field's Rust type, `Option<..>` included when it is optional.
pub(crate) fn field_type_text(ty: &RustType, optional: bool) -> String {
    let text = rust_type_text(ty);
    if optional {
        format!("Option<{text}>")
    } else {
        text
    }
}

/// A type as a QAPI schema writes it: `str`, `uint64`, `['str']`, `SocketAddress`.
pub(crate) fn qapi_type_text(ty: &Type) -> String {
    match ty {
        Type::String => "str".to_owned(),
        Type::Bool => "bool".to_owned(),
        Type::Int => "int".to_owned(),
        Type::Integer(integer) => integer.name().to_owned(),
        Type::Number | Type::Double => "number".to_owned(),
        Type::Value => "any".to_owned(),
        Type::Null => "null".to_owned(),
        Type::Array(element) => format!("['{}']", qapi_type_text(element)),
        Type::Object(_) => "object".to_owned(),
        Type::Enum(_) => "enum".to_owned(),
        Type::Named(name) => name.clone(),
    }
}

/// What a named type is, in one word: `struct`, `enum`, `union` or `alternate`.
pub(crate) fn kind_word(named: &NamedType) -> &'static str {
    match named.kind {
        TypeKind::Struct { .. } => "struct",
        TypeKind::Enum { .. } => "enum",
        TypeKind::Union { .. } => "union",
        TypeKind::Alternate { .. } => "alternate",
    }
}

/// The Rust type of a union variant that holds no branch type: the members sent beside
/// the discriminator, as a JSON map.
pub(crate) const MEMBER_MAP: &str = "serde_json::Map<String, serde_json::Value>";

/// What a union's variant holds, as the bindings spell it: its branch's type, the map of
/// members sent beside the discriminator (a union that is its branches enum), or
/// nothing (`None`: a unit variant).
pub(crate) fn variant_payload_text(
    union: &UnionPlan<'_>,
    variant: &UnionVariantPlan<'_>,
) -> Option<String> {
    match (&variant.payload, &union.shape) {
        (Some(payload), _) => Some(rust_type_text(payload)),
        (None, UnionShape::Enum) => Some(MEMBER_MAP.to_owned()),
        (None, UnionShape::Struct(_)) => None,
    }
}

/// A document type in the document's words: `json-string`, `json-array of json-int`,
/// `json-string (enumeration)`.
pub(crate) fn json_type_text(ty: &Type) -> String {
    match ty {
        Type::Array(element) => format!("json-array of {}", json_type_text(element)),
        Type::Enum(_) => "json-string (enumeration)".to_owned(),
        other => other.json_name().to_owned(),
    }
}
