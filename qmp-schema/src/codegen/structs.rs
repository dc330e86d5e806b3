//! Structs for objects with documented members: the definition, and the table that
//! describes it to the runtime (which decodes, encodes and validates it, keeping
//! undescribed members in `unknown_fields`).

use super::names::UNKNOWN_FIELDS;
use super::plan::{StructOrigin, StructPlan};
use super::tables::Tables;
use super::tokens::{
    doc_attrs, doc_line, field_type_in, ident, info_static, json_map, rt, type_info,
};
use crate::docs::{Inline, Markdown, command_doc, field_doc, named_type_doc, section_doc};
use proc_macro2::TokenStream;
use quote::quote;

/// The definition and description of one struct; `inner` when it is written in the
/// `commands` module (where the schema's types are `super::`'s).
pub fn emit_struct(plan: &StructPlan<'_>, tables: &mut Tables, inner: bool) -> TokenStream {
    let rt = rt();
    let name = ident(&plan.name);
    let doc = doc_attrs(&struct_doc(plan));
    let unknown = ident(UNKNOWN_FIELDS);
    let map = json_map();
    let prefix = if inner {
        quote! { super:: }
    } else {
        TokenStream::new()
    };
    let mut fields: Vec<TokenStream> = plan
        .fields
        .iter()
        .map(|field| {
            let field_ident = ident(&field.ident);
            let ty = field_type_in(&field.ty, field.optional, &prefix);
            let doc = doc_attrs(&field_doc(field.field, field.optional));
            quote! { #doc pub #field_ident: #ty, }
        })
        .collect();
    let mut members: Vec<TokenStream> = plan
        .fields
        .iter()
        .map(|field| {
            let wire = &field.field.name;
            let field_ident = ident(&field.ident);
            let info = tables.member_info(&field.ty, field.optional, inner);
            let optional = field.optional;
            let releases = super::releases::member(field.field, optional, tables.releases);
            quote! {
                #rt::reflect::Member::new(#wire, ::core::mem::offset_of!(#name, #field_ident), #info, #optional) #releases
            }
        })
        .collect();
    if let Some(branches) = &plan.branches {
        let field_ident = ident(&branches.ident);
        let enum_name = ident(&branches.enum_name);
        let mut doc = Markdown::new();
        doc.rich_paragraph(&[
            Inline::Text("The branch the discriminator "),
            Inline::Code(&branches.discriminator.name),
            Inline::Text(" selects, with the members it adds."),
        ]);
        doc.prose(&branches.discriminator.description);
        let doc = doc_attrs(&doc);
        fields.push(quote! { #doc pub #field_ident: #prefix #enum_name, });
        let wire = &branches.discriminator.name;
        let info = info_static(&branches.enum_name);
        let position = branches.position.min(members.len());
        let releases = super::releases::member(branches.discriminator, false, tables.releases);
        members.insert(
            position,
            quote! {
                #rt::reflect::Member::new(#wire, ::core::mem::offset_of!(#name, #field_ident), &#prefix #info, false) #releases
            },
        );
    }
    let unknown_doc = doc_line(
        "Members QEMU sent that the schema does not describe, kept as sent so that nothing is lost.",
    );
    let derives = if plan.defaultable {
        quote! { #[derive(Debug, Clone, PartialEq, Default)] }
    } else {
        quote! { #[derive(Debug, Clone, PartialEq)] }
    };
    let info = info_static(&plan.name);
    let schema_name = &plan.place;
    let info_item = type_info(
        &info,
        &schema_name,
        &name,
        quote! { #rt::reflect::Kind::Struct(&#rt::reflect::StructInfo {
            members: &[#(#members),*],
            unknown: ::core::option::Option::Some(::core::mem::offset_of!(#name, #unknown)),
        }) },
    );
    quote! {
        #doc
        #derives
        pub struct #name {
            #(#fields)*
            #unknown_doc
            pub #unknown: #map,
        }

        #info_item

        // SAFETY: the table above describes the struct, field by field.
        unsafe impl #rt::Reflect for #name {
            const INFO: &'static #rt::reflect::TypeInfo = &#info;
        }

        #rt::__serde_impls!(#name);
    }
}

fn struct_doc(plan: &StructPlan<'_>) -> Markdown {
    match plan.origin {
        StructOrigin::Payload(section) => section_doc(section),
        StructOrigin::Named(named) => {
            let mut doc = named_type_doc(named);
            if let Some(branches) = &plan.branches {
                doc.rich_paragraph(&[
                    Inline::Text("A union: its "),
                    Inline::Code(&branches.discriminator.name),
                    Inline::Text(" member (the field "),
                    Inline::Code(&branches.ident),
                    Inline::Text(") says which branch adds the other members."),
                ]);
            }
            doc
        }
        StructOrigin::Arguments(command) => command_doc(command),
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
