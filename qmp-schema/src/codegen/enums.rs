//! Enums for enumerated strings: a variant per listed value, and `Other(String)` for
//! values a newer QEMU sends that the schema does not list.

use super::names::OTHER_VARIANT;
use super::plan::{EnumOrigin, EnumPlan};
use super::tokens::{doc_attrs, doc_line, ident};
use crate::docs::{Inline, Markdown, enum_value_doc, named_type_doc};
use proc_macro2::TokenStream;
use quote::quote;

/// The definition and impls of one enum.
pub fn emit_enum(plan: &EnumPlan<'_>) -> TokenStream {
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
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variant_docs #variants,)*
            #other_doc
            #other(::std::string::String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#other(value) => value,
                }
            }

            /// Whether the schema lists this value.
            pub fn is_documented(&self) -> bool {
                !matches!(self, Self::#other(_))
            }
        }

        impl ::core::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::#other(::std::string::ToString::to_string(other)),
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                struct ValueVisitor;
                impl<'de> ::serde::de::Visitor<'de> for ValueVisitor {
                    type Value = #name;
                    fn expecting(
                        &self,
                        formatter: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        formatter.write_str("a string")
                    }
                    fn visit_str<E: ::serde::de::Error>(
                        self,
                        value: &str,
                    ) -> ::core::result::Result<#name, E> {
                        ::core::result::Result::Ok(#name::from(value))
                    }
                }
                deserializer.deserialize_str(ValueVisitor)
            }
        }
    }
}
