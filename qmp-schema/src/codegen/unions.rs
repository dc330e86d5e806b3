//! Enums for QAPI unions: a variant per value of the discriminator, holding the branch's
//! members; a value the schema does not list is kept with its members in `Other`.
//!
//! On the wire a union is one object: the discriminator beside the branch's members.
//! Decoding reads the object's members, takes the discriminator out and decodes the rest
//! as the branch; encoding writes the discriminator and then the branch's members.

use super::names::OTHER_VARIANT;
use super::plan::UnionPlan;
use super::tokens::{data_enum_attrs, doc_attrs, doc_line, ident, json_map};
use crate::docs::{Inline, Markdown, enum_value_doc, named_type_doc};
use proc_macro2::TokenStream;
use quote::quote;

/// The definition and impls of one union.
pub fn emit_union(plan: &UnionPlan<'_>) -> TokenStream {
    let name = ident(&plan.name);
    let other = ident(OTHER_VARIANT);
    let map = json_map();
    let discriminator = plan.discriminator;
    let doc = doc_attrs(&union_doc(plan));
    let variants = plan.variants.iter().map(|variant| {
        let variant_ident = ident(&variant.variant);
        let doc = doc_attrs(&enum_value_doc(variant.value));
        match &variant.payload {
            Some(payload) => {
                let payload = ident(payload);
                quote! { #doc #variant_ident(#payload), }
            }
            None => {
                let members = doc_line(
                    "The members sent beside the discriminator: none, as the schema has it, unless a newer QEMU adds some.",
                );
                quote! { #doc #variant_ident(#members #map), }
            }
        }
    });
    let values = plan.variants.iter().map(|variant| {
        let variant_ident = ident(&variant.variant);
        let value = &variant.value.value;
        quote! { Self::#variant_ident(_) => #value, }
    });
    let write_members = plan.variants.iter().map(|variant| {
        let variant_ident = ident(&variant.variant);
        match &variant.payload {
            Some(_) => quote! { Self::#variant_ident(payload) => payload.__serialize_members(map), },
            None => quote! { Self::#variant_ident(members) => __qmp_runtime::serialize_members(members, map), },
        }
    });
    let decode_arms = plan.variants.iter().map(|variant| {
        let variant_ident = ident(&variant.variant);
        let value = &variant.value.value;
        match &variant.payload {
            Some(_) => quote! {
                #value => Self::#variant_ident(__qmp_runtime::branch_from_members(members)?),
            },
            None => quote! { #value => Self::#variant_ident(members), },
        }
    });
    let other_doc = doc_line(
        "A discriminator value the schema does not list, with the other members, as sent.",
    );
    let value_doc = doc_line("The discriminator's value.");
    let members_doc = doc_line("The other members.");
    let attrs = data_enum_attrs();
    quote! {
        #doc
        #attrs
        pub enum #name {
            #(#variants)*
            #other_doc
            #other {
                #value_doc
                value: ::std::string::String,
                #members_doc
                members: #map,
            },
        }

        impl #name {
            /// The discriminator's value, as on the wire.
            pub fn discriminator(&self) -> &str {
                match self {
                    #(#values)*
                    Self::#other { value, .. } => value,
                }
            }

            /// Writes the discriminator and the branch's members into a map being
            /// serialized.
            #[doc(hidden)]
            pub fn __serialize_members<M: ::serde::ser::SerializeMap>(
                &self,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                map.serialize_entry(#discriminator, self.discriminator())?;
                match self {
                    #(#write_members)*
                    Self::#other { members, .. } => __qmp_runtime::serialize_members(members, map),
                }
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

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let (value, members) = __qmp_runtime::union_members(deserializer, #discriminator)?;
                ::core::result::Result::Ok(match value.as_str() {
                    #(#decode_arms)*
                    _ => Self::#other { value, members },
                })
            }
        }
    }
}

fn union_doc(plan: &UnionPlan<'_>) -> Markdown {
    let mut doc = named_type_doc(plan.named);
    doc.rich_paragraph(&[
        Inline::Text("A union: its "),
        Inline::Code(plan.discriminator),
        Inline::Text(" member says which variant the other members make."),
    ]);
    doc
}
