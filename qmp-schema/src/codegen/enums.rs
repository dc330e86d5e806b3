//! Enums for enumerated strings: a variant per listed value, and `Other(String)` for
//! values a newer QEMU sends that the schema does not list.

use super::names::OTHER_VARIANT;
use super::plan::{EnumOrigin, EnumPlan};
use super::tokens::{doc_attrs, doc_line, ident, info_static, rt, type_info};
use crate::docs::{Inline, Markdown, enum_value_doc, named_type_doc};
use proc_macro2::TokenStream;
use quote::quote;

/// The definition and impls of one enum.
pub fn emit_enum(plan: &EnumPlan<'_>, every: crate::model::ReleaseSet) -> TokenStream {
    let name = ident(&plan.name);
    let other = ident(OTHER_VARIANT);
    let doc = match plan.origin {
        EnumOrigin::Named(named) => named_type_doc(named),
        EnumOrigin::Field(field) => {
            let mut doc = Markdown::new();
            doc.rich_paragraph(&[
                Inline::Text("The values of "),
                Inline::Code(&plan.place),
                Inline::Text("."),
            ]);
            doc.prose(&field.description);
            doc
        }
    };
    let doc = doc_attrs(&doc);
    let variants: Vec<_> = plan
        .variants
        .iter()
        .map(|(variant, _)| ident(variant))
        .collect();
    let values: Vec<&str> = plan
        .variants
        .iter()
        .map(|(_, value)| value.value.as_str())
        .collect();
    let variant_docs = plan
        .variants
        .iter()
        .map(|(_, value)| doc_attrs(&enum_value_doc(value)));
    let other_doc = doc_line("A value the schema does not list, as sent.");
    let releases =
        super::releases::by_entry(plan.variants.iter().map(|(_, value)| value.releases), every);
    let rt = rt();
    let info = info_static(&plan.name);
    let place = &plan.place;
    let info_item = type_info(
        &info,
        &place,
        &name,
        quote! { #rt::reflect::Kind::Enum(&#rt::reflect::EnumInfo {
            values: &[#(#values),*],
            other: ::core::mem::offset_of!(#rt::reflect::Tagged<::std::string::String>, value),
            releases: #releases,
        }) },
    );
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[repr(u16)]
        pub enum #name {
            #(#variant_docs #variants,)*
            #other_doc
            #other(::std::string::String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                #rt::__private::enum_str(self)
            }

            /// Whether the schema lists this value.
            pub fn is_documented(&self) -> bool {
                !matches!(self, Self::#other(_))
            }
        }

        impl ::core::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                #rt::__private::enum_from_str(value)
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        #info_item

        // SAFETY: `repr(u16)`, a unit variant per value in the table's order, then
        // `Other(String)`.
        unsafe impl #rt::Reflect for #name {
            const INFO: &'static #rt::reflect::TypeInfo = &#info;
        }

        #rt::__serde_impls!(#name);
    }
}
