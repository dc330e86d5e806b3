//! `validate`: the schema's shapes as static tables, walked by the runtime's strict
//! checker.
//!
//! Each named type's shape is a `static` of its own that members refer to, so that a
//! type used by several events is described once, and types may refer to each other.

use super::plan::{PayloadShape, Plan};
use crate::model::{Field, NamedType, Schema, Type, TypeKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::HashMap;

/// The `validate` function with its tables.
pub fn emit(plan: &Plan<'_>, schema: &Schema) -> TokenStream {
    let statics: HashMap<&str, usize> = schema
        .types
        .keys()
        .enumerate()
        .map(|(index, name)| (name.as_str(), index))
        .collect();
    let shapes = Shapes { schema, statics };
    let type_tables = schema.types.values().enumerate().map(|(index, named)| {
        let name = format_ident!("TYPE_{}", index);
        let shape = shapes.named(named);
        // A base struct is a type of its own, though members name the derived ones.
        quote! { #[allow(dead_code)] static #name: __qmp_runtime::Shape = #shape; }
    });
    let payload_shapes: Vec<_> = plan
        .payloads
        .iter()
        .enumerate()
        .map(|(index, payload)| {
            let name = format_ident!("PAYLOAD_{}", index);
            let section = payload.section;
            let shape = match &payload.shape {
                PayloadShape::Fields(_) => {
                    let fields = shapes.fields(section.data.fields());
                    quote! { __qmp_runtime::DataShape::Fields(#fields) }
                }
                PayloadShape::Named { all_optional, .. } => {
                    let shape = section.data_type.as_deref().map_or_else(
                        || quote! { &__qmp_runtime::Shape::Value },
                        |name| {
                            let reference = shapes.reference(name);
                            quote! { &#reference }
                        },
                    );
                    let required = !all_optional;
                    quote! { __qmp_runtime::DataShape::Type { shape: #shape, required: #required } }
                }
                PayloadShape::Open { data_none: true } => quote! { __qmp_runtime::DataShape::None },
                PayloadShape::Open { data_none: false } => {
                    quote! { __qmp_runtime::DataShape::Open }
                }
            };
            quote! { static #name: __qmp_runtime::DataShape = #shape; }
        })
        .collect();
    let events = plan.events.iter().map(|event| {
        let wire = event.wire;
        let shape = format_ident!("PAYLOAD_{}", event.payload);
        quote! { (#wire, &#shape) }
    });
    quote! {
        /// Checks a raw QMP event message strictly against the schema: unknown events,
        /// missing required members, wrong JSON types, values outside an enumeration,
        /// members the schema does not describe, integers out of range. Every violation
        /// is reported, each with a JSON pointer to where it is.
        ///
        /// Decoding with [`EventMessage`] is lenient and keeps what the schema does not
        /// describe; this is the strict counterpart.
        pub fn validate(
            message: &::serde_json::Value,
        ) -> ::core::result::Result<(), ::std::vec::Vec<Violation>> {
            #(#type_tables)*
            #(#payload_shapes)*
            static EVENTS: &[(&str, &__qmp_runtime::DataShape)] = &[#(#events),*];
            __qmp_runtime::validate_message(message, EVENTS)
        }
    }
}

/// Builds shape tokens, knowing which static holds each named type.
struct Shapes<'s> {
    schema: &'s Schema,
    statics: HashMap<&'s str, usize>,
}

impl Shapes<'_> {
    /// `Shape::Ref(&TYPE_n)` for a named type (anything, should the schema lack it).
    fn reference(&self, name: &str) -> TokenStream {
        match self.statics.get(name) {
            Some(index) => {
                let name = format_ident!("TYPE_{}", index);
                quote! { __qmp_runtime::Shape::Ref(&#name) }
            }
            None => quote! { __qmp_runtime::Shape::Value },
        }
    }

    fn named(&self, named: &NamedType) -> TokenStream {
        match &named.kind {
            TypeKind::Struct { members, .. } => {
                let fields = self.fields(members);
                quote! { __qmp_runtime::Shape::Object(#fields) }
            }
            TypeKind::Enum { values } => {
                let values = values.iter().map(|v| v.value.as_str());
                quote! { __qmp_runtime::Shape::Enum(&[#(#values),*]) }
            }
            TypeKind::Union {
                members,
                discriminator,
                branches,
                ..
            } => {
                let common = self.fields(members);
                let branches = branches.iter().map(|branch| {
                    let value = &branch.value;
                    let shape = self.reference(&branch.ty);
                    quote! { (#value, #shape) }
                });
                quote! {
                    __qmp_runtime::Shape::Union(&__qmp_runtime::UnionShape {
                        discriminator: #discriminator,
                        common: #common,
                        branches: &[#(#branches),*],
                    })
                }
            }
            TypeKind::Alternate { alternatives } => {
                let shapes = alternatives.iter().map(|a| self.shape(&a.ty));
                quote! { __qmp_runtime::Shape::Alternate(&[#(#shapes),*]) }
            }
        }
    }

    fn fields(&self, fields: &[Field]) -> TokenStream {
        let shapes = fields.iter().map(|field| {
            let name = &field.name;
            let optional = field.optional;
            let shape = self.shape(&field.ty);
            quote! {
                __qmp_runtime::FieldShape { name: #name, optional: #optional, shape: #shape }
            }
        });
        quote! { &[#(#shapes),*] }
    }

    fn shape(&self, ty: &Type) -> TokenStream {
        match ty {
            Type::String => quote! { __qmp_runtime::Shape::String },
            Type::Bool => quote! { __qmp_runtime::Shape::Bool },
            Type::Int => quote! { __qmp_runtime::Shape::Int },
            Type::Integer(integer) => {
                let name = integer.name();
                let (min, max) = integer.range();
                // The ranges of QAPI's widths fit these types by construction.
                let min = i64::try_from(min).unwrap_or(i64::MIN);
                let max = u64::try_from(max).unwrap_or(u64::MAX);
                quote! { __qmp_runtime::Shape::Integer { name: #name, min: #min, max: #max } }
            }
            Type::Number | Type::Double => quote! { __qmp_runtime::Shape::Number },
            Type::Null => quote! { __qmp_runtime::Shape::Null },
            Type::Value => quote! { __qmp_runtime::Shape::Value },
            Type::Named(name) if self.schema.types.contains_key(name) => self.reference(name),
            Type::Named(_) => quote! { __qmp_runtime::Shape::Value },
            Type::Array(element) => {
                let element = self.shape(element);
                quote! { __qmp_runtime::Shape::Array(&#element) }
            }
            Type::Object(fields) => {
                let fields = self.fields(fields);
                quote! { __qmp_runtime::Shape::Object(#fields) }
            }
            Type::Enum(values) => {
                let values = values.iter().map(|v| v.value.as_str());
                quote! { __qmp_runtime::Shape::Enum(&[#(#values),*]) }
            }
        }
    }
}
