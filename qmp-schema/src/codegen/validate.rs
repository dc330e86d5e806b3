//! `validate`: the document's shapes as static tables, walked by the runtime's strict
//! checker.

use super::plan::{PayloadShape, Plan};
use crate::model::{Field, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `validate` function with its tables.
pub fn emit(plan: &Plan<'_>) -> TokenStream {
    let payload_shapes: Vec<_> = plan
        .payloads
        .iter()
        .enumerate()
        .map(|(index, payload)| {
            let name = format_ident!("PAYLOAD_{}", index);
            let shape = match &payload.shape {
                PayloadShape::Fields(_) => {
                    let fields = field_shapes(payload.section.data.fields());
                    quote! { __qmp_runtime::DataShape::Fields(#fields) }
                }
                PayloadShape::Open { data_none: true } => quote! { __qmp_runtime::DataShape::None },
                PayloadShape::Open { data_none: false } => {
                    quote! { __qmp_runtime::DataShape::Open }
                }
            };
            quote! { const #name: __qmp_runtime::DataShape = #shape; }
        })
        .collect();
    let events = plan.events.iter().map(|event| {
        let wire = event.wire;
        let shape = format_ident!("PAYLOAD_{}", event.payload);
        quote! { (#wire, #shape) }
    });
    quote! {
        /// Checks a raw QMP event message strictly against the document: unknown events,
        /// missing required fields, wrong JSON types, values outside an enumeration, fields
        /// the document does not describe, integers out of range. Every violation is
        /// reported, each with a JSON pointer to where it is.
        ///
        /// Decoding with [`EventMessage`] is lenient and keeps what the document does not
        /// describe; this is the strict counterpart.
        pub fn validate(
            message: &::serde_json::Value,
        ) -> ::core::result::Result<(), ::std::vec::Vec<Violation>> {
            #(#payload_shapes)*
            const EVENTS: &[(&str, __qmp_runtime::DataShape)] = &[#(#events),*];
            __qmp_runtime::validate_message(message, EVENTS)
        }
    }
}

fn field_shapes(fields: &[Field]) -> TokenStream {
    let shapes = fields.iter().map(|field| {
        let name = &field.name;
        let optional = field.optional;
        let shape = shape(&field.ty);
        quote! {
            __qmp_runtime::FieldShape { name: #name, optional: #optional, shape: #shape }
        }
    });
    quote! { &[#(#shapes),*] }
}

fn shape(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote! { __qmp_runtime::Shape::String },
        Type::Bool => quote! { __qmp_runtime::Shape::Bool },
        Type::Int | Type::Integer(_) => quote! { __qmp_runtime::Shape::Int },
        Type::Null | Type::Named(_) => quote! { __qmp_runtime::Shape::Value },
        Type::Number => quote! { __qmp_runtime::Shape::Number },
        Type::Value => quote! { __qmp_runtime::Shape::Value },
        Type::Array(element) => {
            let element = shape(element);
            quote! { __qmp_runtime::Shape::Array(&#element) }
        }
        Type::Object(fields) => {
            let fields = field_shapes(fields);
            quote! { __qmp_runtime::Shape::Object(#fields) }
        }
        Type::Enum(values) => {
            let values = values.iter().map(|v| v.value.as_str());
            quote! { __qmp_runtime::Shape::Enum(&[#(#values),*]) }
        }
    }
}
