//! The generated API of one document: the code generator's own plan, indexed by name, so
//! that the diff and the reference page use exactly the names the bindings use.

use super::change::PayloadType;
use crate::codegen::plan::{self, EnumPlan, EventPlan, PayloadShape, Plan, RustType, StructPlan};
use crate::model::{Schema, Section, Type};
use std::collections::HashMap;

/// The planned bindings of a schema, indexed for lookups by name.
pub(crate) struct Api<'s> {
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
            plan,
            structs,
            enums,
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
        RustType::Named(name) => name.clone(),
    }
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

/// A document type in the document's words: `json-string`, `json-array of json-int`,
/// `json-string (enumeration)`.
pub(crate) fn json_type_text(ty: &Type) -> String {
    match ty {
        Type::Array(element) => format!("json-array of {}", json_type_text(element)),
        Type::Enum(_) => "json-string (enumeration)".to_owned(),
        other => other.json_name().to_owned(),
    }
}
