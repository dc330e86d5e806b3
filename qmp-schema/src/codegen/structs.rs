//! Structs for objects with documented members, with serde impls that keep undescribed
//! members and name the member in every error.

use super::names::UNKNOWN_FIELDS;
use super::plan::{StructOrigin, StructPlan};
use super::tokens::{doc_attrs, doc_line, ident, json_map, rust_type};
use crate::docs::{Inline, Markdown, field_doc, named_type_doc, section_doc};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The definition and serde impls of one struct.
pub fn emit_struct(plan: &StructPlan<'_>) -> TokenStream {
    let name = ident(&plan.name);
    let doc = doc_attrs(&struct_doc(plan));
    let unknown = ident(UNKNOWN_FIELDS);
    let map = json_map();
    let fields = plan.fields.iter().map(|field| {
        let field_ident = ident(&field.ident);
        let ty = rust_type(&field.ty);
        let ty = if field.field.optional {
            quote! { ::core::option::Option<#ty> }
        } else {
            ty
        };
        let doc = doc_attrs(&field_doc(field.field));
        quote! { #doc pub #field_ident: #ty, }
    });
    let unknown_doc = doc_line(
        "Members QEMU sent that the schema does not describe, kept as sent so that nothing is lost.",
    );
    let serialize = emit_serialize(plan);
    let deserialize = emit_deserialize(plan);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
            #unknown_doc
            pub #unknown: #map,
        }
        #serialize
        #deserialize
    }
}

fn struct_doc(plan: &StructPlan<'_>) -> Markdown {
    match plan.origin {
        StructOrigin::Payload(section) => section_doc(section),
        StructOrigin::Named(named) => named_type_doc(named),
        StructOrigin::UnionVariant { union, value } => {
            let mut doc = Markdown::new();
            doc.rich_paragraph(&[
                Inline::Text("The members of "),
                Inline::Code(&union.name),
                Inline::Text(" when its discriminator is "),
                Inline::Code(value),
                Inline::Text(": the common members and the branch's."),
            ]);
            doc
        }
        StructOrigin::Nested(field) => {
            let mut doc = Markdown::new();
            doc.rich_paragraph(&[
                Inline::Text("The "),
                Inline::Code(&field.name),
                Inline::Text(" object of "),
                Inline::Code(&plan.place),
                Inline::Text("."),
            ]);
            doc.prose(&field.description);
            doc
        }
    }
}

fn emit_serialize(plan: &StructPlan<'_>) -> TokenStream {
    let name = ident(&plan.name);
    let unknown = ident(UNKNOWN_FIELDS);
    let entries = plan.fields.iter().map(|field| {
        let field_ident = ident(&field.ident);
        let wire = &field.field.name;
        // Floats go out as QEMU prints them, so that a line encodes back exactly.
        let value = |value: TokenStream| {
            if field.ty.holds_float() {
                quote! { &__qmp_runtime::QemuNumber(#value) }
            } else {
                value
            }
        };
        if field.field.optional {
            let value = value(quote! { value });
            quote! {
                if let ::core::option::Option::Some(value) = &self.#field_ident {
                    map.serialize_entry(#wire, #value)?;
                }
            }
        } else {
            let value = value(quote! { &self.#field_ident });
            quote! { map.serialize_entry(#wire, #value)?; }
        }
    });
    quote! {
        impl #name {
            /// Writes the members into a map being serialized: a union writes its
            /// discriminator and then its branch's members into one object.
            #[doc(hidden)]
            pub fn __serialize_members<M: ::serde::ser::SerializeMap>(
                &self,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                #(#entries)*
                for (key, value) in &self.#unknown {
                    map.serialize_entry(key, value)?;
                }
                ::core::result::Result::Ok(())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(::core::option::Option::None)?;
                self.__serialize_members(&mut map)?;
                map.end()
            }
        }
    }
}

fn emit_deserialize(plan: &StructPlan<'_>) -> TokenStream {
    let name = ident(&plan.name);
    let unknown = ident(UNKNOWN_FIELDS);
    let map_type = json_map();
    let expecting = format!("an object (the {})", describe_place(plan));
    let wire_names: Vec<&str> = plan.fields.iter().map(|f| f.field.name.as_str()).collect();
    let indices = 0..wire_names.len();
    // A closure giving the index of a known member name (see `KeySeed`).
    let members = if wire_names.is_empty() {
        quote! { |_: &str| ::core::option::Option::None }
    } else {
        quote! {
            |name: &str| match name {
                #(#wire_names => ::core::option::Option::Some(#indices),)*
                _ => ::core::option::Option::None,
            }
        }
    };
    let slots: Vec<_> = (0..plan.fields.len())
        .map(|i| format_ident!("slot_{}", i))
        .collect();
    let declarations = plan.fields.iter().zip(&slots).map(|(field, slot)| {
        let ty = rust_type(&field.ty);
        quote! { let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None; }
    });
    let arms = plan
        .fields
        .iter()
        .zip(&slots)
        .enumerate()
        .map(|(index, (field, slot))| {
            let wire = &field.field.name;
            quote! {
                __qmp_runtime::Key::Known(#index) => {
                    __qmp_runtime::set_field(&mut #slot, &mut map, #wire)?
                }
            }
        });
    let inits = plan.fields.iter().zip(&slots).map(|(field, slot)| {
        let field_ident = ident(&field.ident);
        let wire = &field.field.name;
        if field.field.optional {
            quote! { #field_ident: #slot, }
        } else {
            quote! { #field_ident: __qmp_runtime::required(#slot, #wire)?, }
        }
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> ::serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = #name;
                    fn expecting(
                        &self,
                        formatter: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        formatter.write_str(#expecting)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::core::result::Result<#name, A::Error> {
                        #(#declarations)*
                        let mut #unknown: #map_type = ::serde_json::Map::new();
                        let members = #members;
                        while let ::core::option::Option::Some(key) =
                            map.next_key_seed(__qmp_runtime::KeySeed(members))?
                        {
                            match key {
                                #(#arms)*
                                __qmp_runtime::Key::Known(_) => {
                                    map.next_value::<::serde::de::IgnoredAny>()?;
                                }
                                __qmp_runtime::Key::Unknown(name) => {
                                    __qmp_runtime::keep_unknown(&mut #unknown, &mut map, name)?
                                }
                            }
                        }
                        ::core::result::Result::Ok(#name {
                            #(#inits)*
                            #unknown,
                        })
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    }
}

/// `data of BLOCK_IO_ERROR`, `VNC_CONNECTED data.server object` or `VncServerInfo
/// object`.
fn describe_place(plan: &StructPlan<'_>) -> String {
    match plan.origin {
        StructOrigin::Payload(_) => format!("data of {}", plan.place),
        _ => format!("{} object", plan.place),
    }
}
