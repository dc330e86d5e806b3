//! Enums for QAPI alternates: a variant per alternative, chosen by the JSON type of the
//! value (as QEMU chooses it); a value of a JSON type no alternative takes is kept in
//! `Other`.

use super::names::OTHER_VARIANT;
use super::plan::{AlternatePlan, RustType};
use super::tables::Tables;
use super::tokens::{
    data_enum_attrs, doc_attrs, doc_line, ident, info_static, json_value, rt, rust_type, type_info,
};
use crate::docs::{Inline, Markdown, named_type_doc};
use proc_macro2::TokenStream;
use quote::quote;

/// The definition and description of one alternate.
pub fn emit_alternate(plan: &AlternatePlan<'_>, tables: &mut Tables) -> TokenStream {
    let rt = rt();
    let name = ident(&plan.name);
    let other = ident(OTHER_VARIANT);
    let value = json_value();
    let mut doc = named_type_doc(plan.named);
    doc.rich_paragraph(&[Inline::Text(
        "An alternate: which variant a value is follows from its JSON type.",
    )]);
    let doc = doc_attrs(&doc);
    let variants = plan.variants.iter().map(|(variant, alternative, ty)| {
        let variant = ident(variant);
        let mut doc = Markdown::new();
        doc.rich_paragraph(&[
            Inline::Text("The "),
            Inline::Code(&alternative.name),
            Inline::Text(" alternative."),
        ]);
        let doc = doc_attrs(&doc);
        // `null` is a unit variant; the others hold the value.
        if *ty == RustType::Null {
            quote! { #doc #variant, }
        } else {
            let ty = rust_type(ty);
            quote! { #doc #variant(#ty), }
        }
    });
    let alternatives: Vec<TokenStream> = plan
        .variants
        .iter()
        .map(|(_, _, ty)| {
            let info = tables.member_info(ty, false, false);
            let ty = rust_type(ty);
            quote! { (#info, ::core::mem::offset_of!(#rt::reflect::Tagged<#ty>, value)) }
        })
        .collect();
    let other_doc = doc_line("A value of a JSON type no alternative takes, as sent.");
    let attrs = data_enum_attrs();
    let info = info_static(&plan.name);
    let schema_name = &plan.named.name;
    let info_item = type_info(
        &info,
        &schema_name,
        &name,
        quote! { #rt::reflect::Kind::Alternate(&#rt::reflect::AlternateInfo {
            alternatives: &[#(#alternatives),*],
            other: ::core::mem::offset_of!(#rt::reflect::Tagged<#value>, value),
        }) },
    );
    quote! {
        #doc
        #attrs
        pub enum #name {
            #(#variants)*
            #other_doc
            #other(#value),
        }

        #info_item

        // SAFETY: `repr(u16)`, a variant per alternative in the table's order, then
        // `Other(Value)`.
        unsafe impl #rt::Reflect for #name {
            const INFO: &'static #rt::reflect::TypeInfo = &#info;
        }

        #rt::__serde_impls!(#name);
    }
}
