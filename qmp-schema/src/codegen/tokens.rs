//! Small token builders shared by the emitters: doc attributes, identifiers, Rust types.

use super::names::ident_tokens;
use super::plan::RustType;
use crate::docs::Markdown;
use crate::model::IntegerType;
use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, quote};

/// `#[doc = "..."]` attributes, one per line of the Markdown.
pub fn doc_attrs(doc: &Markdown) -> TokenStream {
    let text = doc.to_commonmark();
    let lines = text.trim_end().lines().map(|line| {
        // A leading space makes the formatted `///` comment read naturally.
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// A doc attribute from one line of plain text (no Markdown escaping needed).
pub fn doc_line(text: &str) -> TokenStream {
    let line = format!(" {text}");
    quote! { #[doc = #line] }
}

/// An identifier from a generated name.
pub fn ident(name: &str) -> Ident {
    ident_tokens(name)
}

/// The path of the runtime crate generated code uses.
pub fn rt() -> TokenStream {
    quote! { ::qmp_runtime }
}

/// The tokens of a field's Rust type.
pub fn rust_type(ty: &RustType) -> TokenStream {
    rust_type_in(ty, &TokenStream::new())
}

/// The tokens of a Rust type, with generated types named through `prefix` (`super::`
/// from the `commands` module).
pub fn rust_type_in(ty: &RustType, prefix: &TokenStream) -> TokenStream {
    let rt = rt();
    match ty {
        RustType::String => quote! { ::std::string::String },
        RustType::Bool => quote! { bool },
        RustType::Int => quote! { i64 },
        RustType::Integer(integer) => {
            let ty = ident(integer_type(*integer));
            quote! { #ty }
        }
        RustType::Number => quote! { #rt::__private::serde_json::Number },
        RustType::Float => quote! { f64 },
        RustType::Null => quote! { () },
        RustType::Value => quote! { #rt::__private::serde_json::Value },
        RustType::Vec(element) => {
            let element = rust_type_in(element, prefix);
            quote! { ::std::vec::Vec<#element> }
        }
        RustType::Boxed(inner) => {
            let inner = rust_type_in(inner, prefix);
            quote! { ::std::boxed::Box<#inner> }
        }
        RustType::Named(name) => {
            let name = ident(name);
            quote! { #prefix #name }
        }
    }
}

/// A field's type: `Option<T>` when optional.
pub fn field_type_in(ty: &RustType, optional: bool, prefix: &TokenStream) -> TokenStream {
    let ty = rust_type_in(ty, prefix);
    if optional {
        quote! { ::core::option::Option<#ty> }
    } else {
        ty
    }
}

/// The Rust integer type of a QAPI integer width.
pub fn integer_type(integer: IntegerType) -> &'static str {
    match integer {
        IntegerType::I8 => "i8",
        IntegerType::I16 => "i16",
        IntegerType::I32 => "i32",
        IntegerType::I64 => "i64",
        IntegerType::U8 => "u8",
        IntegerType::U16 => "u16",
        IntegerType::U32 => "u32",
        IntegerType::U64 | IntegerType::Size => "u64",
    }
}

/// `serde_json::Map<String, Value>`
pub fn json_map() -> TokenStream {
    let rt = rt();
    quote! {
        #rt::__private::serde_json::Map<::std::string::String, #rt::__private::serde_json::Value>
    }
}

/// `serde_json::Value`
pub fn json_value() -> TokenStream {
    let rt = rt();
    quote! { #rt::__private::serde_json::Value }
}

/// The derives of a generated enum whose variants hold the schema's types (`Event`,
/// unions, alternates). `repr(u16)` gives it the layout the runtime's tables describe.
pub fn data_enum_attrs() -> TokenStream {
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        // Variants are as large as the schema makes them; boxing some would make the
        // API depend on their sizes.
        #[allow(clippy::large_enum_variant)]
        #[repr(u16)]
    }
}

/// The name of the static that describes a generated type (with its own name in it,
/// so it is unique; the emitter allows its case).
pub fn info_static(rust_name: &str) -> Ident {
    quote::format_ident!("__QMP_INFO_{}", rust_name.trim_start_matches("r#"))
}

/// The static that describes the Rust type `ty` to the runtime: the name its messages
/// give it, its size and alignment, and its `kind` (a `Kind::...` expression).
pub fn type_info(
    info: &Ident,
    name: &impl ToTokens,
    ty: &impl ToTokens,
    kind: TokenStream,
) -> TokenStream {
    let rt = rt();
    quote! {
        #[allow(non_upper_case_globals)]
        static #info: #rt::reflect::TypeInfo = #rt::reflect::TypeInfo {
            name: #name,
            size: size_of::<#ty>(),
            align: align_of::<#ty>(),
            kind: #kind,
        };
    }
}
