//! Bindings of a schema against a QEMU, without compiling them: the comparison of
//! `qmp_runtime::compat`, given the schema instead of generated tables
//! (`qmp-codegen compat SCHEMA --introspection FILE`).
//!
//! The comparison is written once, in the runtime, generic over `qmp_runtime::compat::Api`.
//! Generated bindings implement it with their tables; this module implements it over the
//! code generator's [plan](crate::codegen), the one the tables are written from, so that
//! both see the same types, members, optionality (a member under a build condition is
//! optional) and union layout, and a report from the schema is the report the bindings
//! of that schema give. (Building the runtime's tables at run time is not possible:
//! they are `&'static` data in cycles, with offsets and functions of compiled types.)
//!
//! ```
//! use qmp_schema::Document;
//! let document = Document::from_text(
//!     "qapi-schema.json",
//!     "{ 'event': 'STOP' }\n{ 'command': 'stop' }\n",
//! );
//! let answer = serde_json::json!([
//!     {"name": "stop", "meta-type": "command", "arg-type": "0", "ret-type": "0"},
//!     {"name": "0", "meta-type": "object", "members": []},
//! ]);
//! let report = qmp_schema::compat::compare(&document.schema, &Default::default(), &answer);
//! assert_eq!(report.findings.len(), 1); // STOP: an event this QEMU lacks
//! assert!(!report.is_breaking());
//! ```

use crate::codegen::plan::{
    CommandArguments, PayloadShape, Plan, RustType, StructOrigin, UnionShape, plan,
};
use crate::model::Schema;
use crate::select::Selection;
use qmp_runtime::compat::{Api, CommandShape, DataShape, EventShape, Field, Report, Shape};
use serde_json::Value;
use std::collections::HashMap;

/// Compares the bindings `selection` of `schema` would generate with a QEMU's answer to
/// `query-qmp-schema` (the list, or an object holding it under `"query-qmp-schema"`),
/// as the generated bindings' `compat` does.
pub fn compare(schema: &Schema, selection: &Selection, introspection: &Value) -> Report {
    let schema = &*selection.applied(schema);
    let plan = plan(schema);
    qmp_runtime::compat::compare(&PlanApi::new(&plan), introspection)
}

/// A schema's generation plan, as the comparison reads it.
struct PlanApi<'p, 's> {
    plan: &'p Plan<'s>,
    /// The schema's types by Rust name, as [`RustType::Named`] names them.
    named: HashMap<&'p str, Named>,
}

#[derive(Clone, Copy)]
enum Named {
    Struct(usize),
    Enum(usize),
    /// A union that is its branches enum (its discriminator is its only common member).
    Union(usize),
    Alternate(usize),
}

/// A type of the plan.
#[derive(Clone, Copy)]
enum PlanType<'p> {
    /// A member's type.
    Rust(&'p RustType),
    /// A struct of the plan (a command's arguments, an event's data).
    Struct(usize),
    /// A named type, by Rust name.
    Named(&'p str),
    /// A union's discriminator: its branches.
    Branches(usize),
    /// What a command without `returns` returns: `{}`.
    Empty,
}

impl<'p, 's> PlanApi<'p, 's> {
    fn new(plan: &'p Plan<'s>) -> PlanApi<'p, 's> {
        let mut named = HashMap::new();
        for (index, plan) in plan.structs.iter().enumerate() {
            // Commands' structs are in a namespace of their own.
            if !matches!(plan.origin, StructOrigin::Arguments(_)) {
                named.insert(plan.name.as_str(), Named::Struct(index));
            }
        }
        for (index, plan) in plan.enums.iter().enumerate() {
            named.insert(plan.name.as_str(), Named::Enum(index));
        }
        for (index, plan) in plan.unions.iter().enumerate() {
            if matches!(plan.shape, UnionShape::Enum) {
                named.insert(plan.name.as_str(), Named::Union(index));
            }
        }
        for (index, plan) in plan.alternates.iter().enumerate() {
            named.insert(plan.name.as_str(), Named::Alternate(index));
        }
        PlanApi { plan, named }
    }

    fn struct_shape(&self, index: usize) -> Shape<'p, PlanType<'p>> {
        let plan = &self.plan.structs[index];
        let mut fields: Vec<Field<'p, PlanType<'p>>> = plan
            .fields
            .iter()
            .map(|field| Field {
                name: field.field.name.as_str(),
                ty: PlanType::Rust(&field.ty),
                optional: field.optional,
            })
            .collect();
        // Where the generated table puts the discriminator (see `codegen::structs`).
        if let Some(branches) = &plan.branches
            && let Some(union) = self
                .plan
                .unions
                .iter()
                .position(|union| union.enum_name == branches.enum_name)
        {
            let position = branches.position.min(fields.len());
            fields.insert(
                position,
                Field {
                    name: branches.discriminator.name.as_str(),
                    ty: PlanType::Branches(union),
                    // The runtime reads objects without it when the union has a
                    // variant for them.
                    optional: self.plan.unions[union].untagged.is_some(),
                },
            );
        }
        Shape::Struct(fields)
    }

    fn named_shape(&self, name: &str) -> Shape<'p, PlanType<'p>> {
        let plan = self.plan;
        match self.named.get(name) {
            Some(Named::Struct(index)) => self.struct_shape(*index),
            Some(Named::Enum(index)) => Shape::Enum(
                plan.enums[*index]
                    .variants
                    .iter()
                    .map(|(_, value)| value.value.as_str())
                    .collect(),
            ),
            Some(Named::Union(index)) => Shape::Struct(vec![Field {
                name: plan.unions[*index].discriminator,
                ty: PlanType::Branches(*index),
                optional: false,
            }]),
            Some(Named::Alternate(index)) => Shape::Alternate(
                plan.alternates[*index]
                    .variants
                    .iter()
                    .map(|(_, _, ty)| PlanType::Rust(ty))
                    .collect(),
            ),
            // A name the plan does not define, which a schema without errors does not
            // have: nothing to compare.
            None => Shape::Any,
        }
    }

    fn rust_key(&self, ty: &RustType) -> String {
        match ty {
            RustType::Named(name) => name.clone(),
            RustType::Boxed(inner) => self.rust_key(inner),
            RustType::Vec(element) => format!("[{}]", self.rust_key(element)),
            other => format!("{other:?}"),
        }
    }
}

impl<'p> Api for PlanApi<'p, '_> {
    type Type = PlanType<'p>;
    /// A type's Rust name (`commands::` for a command's arguments).
    type Key = String;

    fn commands(&self) -> Vec<CommandShape<'_, Self::Type>> {
        self.plan
            .commands
            .iter()
            .map(|command| CommandShape {
                name: command.command.name.as_str(),
                arguments: command
                    .command
                    .generated
                    .then_some(match &command.arguments {
                        CommandArguments::Fields(index) => PlanType::Struct(*index),
                        CommandArguments::Boxed(name) => PlanType::Named(name),
                    }),
                returns: command
                    .returns
                    .as_ref()
                    .map_or(PlanType::Empty, PlanType::Rust),
            })
            .collect()
    }

    fn events(&self) -> Vec<EventShape<'_, Self::Type>> {
        self.plan
            .events
            .iter()
            .map(|event| EventShape {
                name: event.wire,
                data: match self.plan.payloads.get(event.payload).map(|p| &p.shape) {
                    Some(PayloadShape::Fields(index)) => DataShape::Typed(PlanType::Struct(*index)),
                    Some(PayloadShape::Named { name }) => DataShape::Typed(PlanType::Named(name)),
                    Some(PayloadShape::Open { data_none: true }) => DataShape::None,
                    Some(PayloadShape::Open { data_none: false }) | None => DataShape::Open,
                },
            })
            .collect()
    }

    fn shape(&self, ty: Self::Type) -> Shape<'_, Self::Type> {
        match ty {
            PlanType::Empty => Shape::Struct(Vec::new()),
            PlanType::Struct(index) => self.struct_shape(index),
            PlanType::Named(name) => self.named_shape(name),
            PlanType::Branches(index) => Shape::Branches(
                self.plan.unions[index]
                    .variants
                    .iter()
                    .map(|variant| {
                        (
                            variant.value.value.as_str(),
                            variant.payload.as_ref().map(PlanType::Rust),
                        )
                    })
                    .collect(),
            ),
            PlanType::Rust(ty) => match ty {
                RustType::String => Shape::String,
                RustType::Bool => Shape::Bool,
                RustType::Int | RustType::Integer(_) => Shape::Int,
                RustType::Float => Shape::Float,
                RustType::Number => Shape::Number,
                RustType::Null => Shape::Null,
                RustType::Value => Shape::Any,
                RustType::Vec(element) => Shape::Array(PlanType::Rust(element)),
                RustType::Boxed(inner) => self.shape(PlanType::Rust(inner)),
                RustType::Named(name) => self.named_shape(name),
            },
        }
    }

    fn key(&self, ty: Self::Type) -> Self::Key {
        match ty {
            PlanType::Rust(ty) => self.rust_key(ty),
            PlanType::Struct(index) => {
                let plan = &self.plan.structs[index];
                match plan.origin {
                    StructOrigin::Arguments(_) => format!("commands::{}", plan.name),
                    _ => plan.name.clone(),
                }
            }
            PlanType::Named(name) => name.to_owned(),
            PlanType::Branches(index) => format!("{} branches", self.plan.unions[index].enum_name),
            PlanType::Empty => "Empty".to_owned(),
        }
    }
}
