//! Enums for QAPI alternates: a variant per alternative, chosen by the JSON type of the
//! value (as QEMU chooses it); a value of a JSON type no alternative takes is kept in
//! `Other`.

use super::names::OTHER_VARIANT;
use super::plan::AlternatePlan;
use super::tokens::{data_enum_attrs, doc_attrs, doc_line, ident, rust_type};
use crate::docs::{Inline, Markdown, named_type_doc};
use crate::model::{Schema, Type, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// JSON's value types, as `serde_json::Value`'s variants name them.
const JSON_KINDS: &[&str] = &["String", "Number", "Bool", "Null", "Object", "Array"];

/// The definition and impls of one alternate.
pub fn emit_alternate(plan: &AlternatePlan<'_>, schema: &Schema) -> TokenStream {
    let name = ident(&plan.name);
    let other = ident(OTHER_VARIANT);
    let mut doc = named_type_doc(plan.named);
    doc.rich_paragraph(&[Inline::Text(
        "An alternate: which variant a value is follows from its JSON type.",
    )]);
    let doc = doc_attrs(&doc);
    let variants = plan.variants.iter().map(|(variant, alternative, ty)| {
        let variant = ident(variant);
        let ty = rust_type(ty);
        let mut doc = Markdown::new();
        doc.rich_paragraph(&[
            Inline::Text("The "),
            Inline::Code(&alternative.name),
            Inline::Text(" alternative."),
        ]);
        let doc = doc_attrs(&doc);
        quote! { #doc #variant(#ty), }
    });
    let serialize_arms = plan.variants.iter().map(|(variant, _, ty)| {
        let variant = ident(variant);
        if ty.holds_float() {
            quote! { Self::#variant(value) => ::serde::Serialize::serialize(&__qmp_runtime::QemuNumber(value), serializer), }
        } else {
            quote! { Self::#variant(value) => ::serde::Serialize::serialize(value, serializer), }
        }
    });
    // For each JSON type, the first alternative that takes it.
    let decode_arms = JSON_KINDS.iter().filter_map(|kind| {
        let (variant, _, _) = plan
            .variants
            .iter()
            .find(|(_, alternative, _)| takes(schema, &alternative.ty, kind))?;
        let variant = ident(variant);
        // `Null` is a unit variant; the others hold the value.
        let pattern = if *kind == "Null" {
            quote! { ::serde_json::Value::Null }
        } else {
            let kind = ident(kind);
            quote! { ::serde_json::Value::#kind(..) }
        };
        Some(quote! {
            #pattern => {
                Self::#variant(__qmp_runtime::alternative_from_value(value)?)
            }
        })
    });
    let other_doc = doc_line("A value of a JSON type no alternative takes, as sent.");
    let attrs = data_enum_attrs();
    quote! {
        #doc
        #attrs
        pub enum #name {
            #(#variants)*
            #other_doc
            #other(::serde_json::Value),
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#other(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                #[allow(unreachable_patterns)]
                ::core::result::Result::Ok(match &value {
                    #(#decode_arms)*
                    _ => Self::#other(value),
                })
            }
        }
    }
}

/// Whether an alternative of this type takes a JSON value of this kind (a
/// `serde_json::Value` variant name), as QEMU's alternates decide.
fn takes(schema: &Schema, ty: &Type, kind: &str) -> bool {
    match ty {
        Type::Value => true,
        Type::String | Type::Enum(_) => kind == "String",
        Type::Bool => kind == "Bool",
        Type::Null => kind == "Null",
        Type::Int | Type::Integer(_) | Type::Number | Type::Double => kind == "Number",
        Type::Array(_) => kind == "Array",
        Type::Object(_) => kind == "Object",
        Type::Named(name) => match schema.named(name).map(|named| &named.kind) {
            Some(TypeKind::Enum { .. }) => kind == "String",
            Some(TypeKind::Struct { .. } | TypeKind::Union { .. }) => kind == "Object",
            Some(TypeKind::Alternate { alternatives }) => alternatives
                .iter()
                .any(|alternative| takes(schema, &alternative.ty, kind)),
            None => true,
        },
    }
}
