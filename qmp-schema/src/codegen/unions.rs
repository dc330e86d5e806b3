//! QAPI unions: a variant per value of the discriminator, holding the branch's type; a
//! value the schema does not list is kept in `Other`.
//!
//! A union whose common members are more than its discriminator is a struct of them
//! (written by `structs.rs`) with a field of its branches enum, written here; a union
//! whose discriminator is its only common member is its branches enum. On the wire
//! either is one object, which the runtime reads in one pass (see its `decode.rs`).

use super::names::OTHER_VARIANT;
use super::plan::{UnionPlan, UnionShape};
use super::tables::Tables;
use super::tokens::{
    data_enum_attrs, doc_attrs, doc_line, ident, info_static, json_map, rt, rust_type, type_info,
};
use crate::docs::{Inline, Markdown, enum_value_doc, named_type_doc};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The name of the static that describes an enum-shaped union's branches (its own
/// static describes the object).
fn branches_static(name: &str) -> Ident {
    format_ident!("__QMP_BRANCHES_{}", name.trim_start_matches("r#"))
}

/// The branches enum of one union, and its descriptions.
pub fn emit_union(plan: &UnionPlan<'_>, tables: &mut Tables) -> TokenStream {
    let rt = rt();
    let name = ident(&plan.enum_name);
    let other = ident(OTHER_VARIANT);
    let map = json_map();
    let is_enum = matches!(plan.shape, UnionShape::Enum);
    let doc = doc_attrs(&union_doc(plan, is_enum));
    let variants = plan.variants.iter().map(|variant| {
        let variant_ident = ident(&variant.variant);
        let doc = doc_attrs(&enum_value_doc(variant.value));
        match (&variant.payload, is_enum) {
            (Some(payload), _) => {
                let payload = rust_type(payload);
                quote! { #doc #variant_ident(#payload), }
            }
            (None, true) => {
                let members = doc_line(
                    "The members sent beside the discriminator: none, as the schema has it, unless a newer QEMU adds some.",
                );
                quote! { #doc #variant_ident(#members #map), }
            }
            (None, false) => quote! { #doc #variant_ident, },
        }
    });
    let payloads: Vec<TokenStream> = plan
        .variants
        .iter()
        .map(|variant| {
            let value = &variant.value.value;
            let payload = match (&variant.payload, is_enum) {
                (Some(payload), _) => {
                    let ty = rust_type(payload);
                    let info = tables.member_info(payload, false, false);
                    quote! {
                        #rt::reflect::Payload::Type(#info, ::core::mem::offset_of!(#rt::reflect::Tagged<#ty>, value))
                    }
                }
                (None, true) => quote! {
                    #rt::reflect::Payload::Members(::core::mem::offset_of!(#rt::reflect::Tagged<#map>, value))
                },
                (None, false) => quote! { #rt::reflect::Payload::Unit },
            };
            quote! { #rt::reflect::Variant { value: #value, payload: #payload } }
        })
        .collect();
    let (other_variant, other_value, other_members) = if is_enum {
        let value_doc = doc_line("The discriminator's value.");
        let members_doc = doc_line("The other members.");
        (
            quote! {
                #other {
                    #value_doc
                    value: ::std::string::String,
                    #members_doc
                    members: #map,
                },
            },
            quote! { ::core::mem::offset_of!(#rt::reflect::Tagged2<::std::string::String, #map>, first) },
            quote! {
                ::core::option::Option::Some(::core::mem::offset_of!(#rt::reflect::Tagged2<::std::string::String, #map>, second))
            },
        )
    } else {
        (
            quote! { #other(::std::string::String), },
            quote! { ::core::mem::offset_of!(#rt::reflect::Tagged<::std::string::String>, value) },
            quote! { ::core::option::Option::None },
        )
    };
    let other_doc = doc_line(if is_enum {
        "A discriminator value the schema does not list, with the other members, as sent."
    } else {
        "A discriminator value the schema does not list, as sent (the other members are the union's unknown members)."
    });
    let attrs = data_enum_attrs();
    let (untagged_variant, untagged_info) = match &plan.untagged {
        Some(untagged) => {
            let variant_ident = ident(&untagged.variant);
            let ty = rust_type(&untagged.payload);
            let info = tables.member_info(&untagged.payload, false, false);
            let value = &untagged.branch;
            let releases = untagged.releases;
            let mut doc = Markdown::new();
            doc.rich_paragraph(&[
                Inline::Text("Sent without "),
                Inline::Code(plan.discriminator),
                Inline::Text(", by a release where the type was a struct (see the type's docs): the members of branch "),
                Inline::Code(value),
                Inline::Text(". Written back without the discriminator, as sent."),
            ]);
            let doc = doc_attrs(&doc);
            (
                quote! { #doc #variant_ident(#ty), },
                quote! {
                    ::core::option::Option::Some(#rt::reflect::Untagged {
                        variant: #rt::reflect::Variant {
                            value: #value,
                            payload: #rt::reflect::Payload::Type(#info, ::core::mem::offset_of!(#rt::reflect::Tagged<#ty>, value)),
                        },
                        releases: #releases,
                    })
                },
            )
        }
        None => (TokenStream::new(), quote! { ::core::option::Option::None }),
    };
    let releases = super::releases::by_entry(
        plan.variants.iter().map(|variant| variant.value.releases),
        tables.releases,
    );
    let branches_info = if is_enum {
        branches_static(&plan.enum_name)
    } else {
        info_static(&plan.enum_name)
    };
    let schema_name = &plan.named.name;
    let discriminator = plan.discriminator;
    // An enum-shaped union is also described as the object it is on the wire: a struct
    // whose one member, the discriminator, holds the branches.
    let object = if is_enum {
        let info = info_static(&plan.enum_name);
        let info_item = type_info(
            &info,
            &schema_name,
            &name,
            quote! { #rt::reflect::Kind::Struct(&#rt::reflect::StructInfo {
                members: &[#rt::reflect::Member::new(#discriminator, 0, &#branches_info, false)],
                unknown: ::core::option::Option::None,
            }) },
        );
        quote! {
            #info_item

            #rt::__serde_impls!(#name);
        }
    } else {
        TokenStream::new()
    };
    let reflect_info = info_static(&plan.enum_name);
    let branches_info_item = type_info(
        &branches_info,
        &schema_name,
        &name,
        quote! { #rt::reflect::Kind::Branches(&#rt::reflect::BranchesInfo {
            variants: &[#(#payloads),*],
            other_value: #other_value,
            other_members: #other_members,
            releases: #releases,
            untagged: #untagged_info,
        }) },
    );
    quote! {
        #doc
        #attrs
        pub enum #name {
            #(#variants)*
            #other_doc
            #other_variant
            #untagged_variant
        }

        impl #name {
            /// The discriminator's value, as on the wire.
            pub fn discriminator(&self) -> &str {
                #rt::__private::discriminator_of(self)
            }
        }

        #branches_info_item

        #object

        // SAFETY: `repr(u16)`, a variant per discriminator value in the table's order,
        // then `Other` (then the untagged variant, if any), with the fields the table
        // places.
        unsafe impl #rt::Reflect for #name {
            const INFO: &'static #rt::reflect::TypeInfo = &#reflect_info;
        }
    }
}

fn union_doc(plan: &UnionPlan<'_>, is_enum: bool) -> Markdown {
    if is_enum {
        let mut doc = named_type_doc(plan.named);
        doc.rich_paragraph(&[
            Inline::Text("A union: its "),
            Inline::Code(plan.discriminator),
            Inline::Text(" member says which variant the other members make."),
        ]);
        return doc;
    }
    let mut doc = Markdown::new();
    doc.rich_paragraph(&[
        Inline::Text("The branches of "),
        Inline::Code(&plan.name),
        Inline::Text(": the value of its "),
        Inline::Code(plan.discriminator),
        Inline::Text(" member, with the members that value adds."),
    ]);
    doc
}
