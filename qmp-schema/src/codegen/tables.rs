//! The descriptions (`qmp_runtime::reflect::TypeInfo`) of the generated types' members:
//! tokens that name the description of a Rust type.
//!
//! A built-in type or a container of one is described by a constant of the runtime
//! (`<String as Reflect>::INFO`). A generated type is described by a `static` of its own,
//! and containers of one (`Vec<T>`, `Option<T>`, `Box<T>`) by statics made here and
//! written once at the end of the file: a constant may not depend on itself, and a type
//! that contains itself would make the constants of its containers do so; statics may
//! refer to each other in a cycle.

use super::plan::RustType;
use super::tokens::{field_type_in, info_static, rt, rust_type_in};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::HashMap;

/// The container statics made so far, each written once.
///
/// A static's name comes from the type it describes (`__QMP_OPTIONAL_ARRAY_BlockInfo`),
/// so that parts of a file generated apart (on two threads, each with its own `Tables`)
/// name the same static alike; [`Tables::take_uses`] says which statics each part uses,
/// so that they can be written once, in the order one `Tables` would have written them.
#[derive(Default)]
pub struct Tables {
    /// Every release of merged bindings, as bits (0 for one schema's).
    pub releases: crate::model::ReleaseSet,
    made: HashMap<String, proc_macro2::Ident>,
    /// The statics made, in the order they were, by key.
    statics: Vec<(String, TokenStream)>,
    /// Whether to record `uses`.
    recording: bool,
    /// The keys of the statics used since the last `take_uses`, in the order of use.
    uses: Vec<String>,
}

/// Where a description is.
enum Info {
    /// A static of the file's top level.
    Static(proc_macro2::Ident),
    /// A constant expression of the runtime.
    Const(TokenStream),
}

impl Info {
    /// The `&'static TypeInfo`, from the top level or (with `super::`) the `commands`
    /// module.
    fn tokens(&self, prefix: &TokenStream) -> TokenStream {
        match self {
            Info::Static(name) => quote! { &#prefix #name },
            Info::Const(tokens) => tokens.clone(),
        }
    }
}

impl Tables {
    /// Tokens of a `&'static TypeInfo` for a member's type (an `Option` when
    /// `optional`); `inner` says whether they are used inside the `commands` module.
    pub fn member_info(&mut self, ty: &RustType, optional: bool, inner: bool) -> TokenStream {
        let prefix = if inner {
            quote! { super:: }
        } else {
            TokenStream::new()
        };
        let info = if optional {
            self.optional(ty)
        } else {
            self.info(ty)
        };
        info.tokens(&prefix)
    }

    /// The description of `Option<ty>`.
    fn optional(&mut self, ty: &RustType) -> Info {
        if !names_generated(ty) {
            let ty = field_type_in(ty, true, &TokenStream::new());
            let rt = rt();
            return Info::Const(quote! { <#ty as #rt::Reflect>::INFO });
        }
        let inner = self.info(ty);
        self.container("optional", ty, inner)
    }

    /// The description of a type: for a generated type (or a container of one), a
    /// static; otherwise the runtime's constant.
    fn info(&mut self, ty: &RustType) -> Info {
        let rt = rt();
        match ty {
            RustType::Named(name) => Info::Static(info_static(name)),
            RustType::Vec(element) if names_generated(element) => {
                let inner = self.info(element);
                self.container("array", element, inner)
            }
            RustType::Boxed(boxed) => {
                let inner = self.info(boxed);
                self.container("boxed", boxed, inner)
            }
            other => {
                let ty = rust_type_in(other, &TokenStream::new());
                Info::Const(quote! { <#ty as #rt::Reflect>::INFO })
            }
        }
    }

    /// The static `function::<inner>(inner's description)`, made once.
    fn container(&mut self, function: &str, inner: &RustType, inner_info: Info) -> Info {
        let key = format!("{}_{}", function.to_uppercase(), container_name(inner));
        if self.recording {
            self.uses.push(key.clone());
        }
        if let Some(name) = self.made.get(&key) {
            return Info::Static(name.clone());
        }
        let name = format_ident!("__QMP_{}", key);
        let rt = rt();
        let function = format_ident!("{}", function);
        let inner = rust_type_in(inner, &TokenStream::new());
        let inner_info = inner_info.tokens(&TokenStream::new());
        self.statics.push((
            key.clone(),
            quote! {
                #[allow(non_upper_case_globals)]
                static #name: #rt::reflect::TypeInfo = #rt::reflect::#function::<#inner>(#inner_info);
            },
        ));
        self.made.insert(key, name.clone());
        Info::Static(name)
    }

    /// The container statics, to be written once at the file's top level.
    pub fn take_statics(&mut self) -> TokenStream {
        let statics = std::mem::take(&mut self.statics)
            .into_iter()
            .map(|(_, s)| s);
        quote! { #(#statics)* }
    }

    /// Starts recording which statics are used (see [`Tables::take_uses`]).
    pub fn record_uses(&mut self) {
        self.recording = true;
    }

    /// The keys of the statics used since the last call, in the order of first use.
    pub fn take_uses(&mut self) -> Vec<String> {
        std::mem::take(&mut self.uses)
    }

    /// The statics made, by key, each as `format` gives it.
    pub fn take_formatted_statics(
        &mut self,
        format: impl Fn(&TokenStream) -> String,
    ) -> HashMap<String, String> {
        std::mem::take(&mut self.statics)
            .into_iter()
            .map(|(key, tokens)| (key, format(&tokens)))
            .collect()
    }
}

/// The part of a container static's name that says what it contains: the generated
/// type's name, after `ARRAY_` or `BOXED_` for each container around it (generated
/// names are UpperCamelCase, so these cannot collide).
fn container_name(ty: &RustType) -> String {
    match ty {
        RustType::Named(name) => name.trim_start_matches("r#").to_owned(),
        RustType::Vec(inner) => format!("ARRAY_{}", container_name(inner)),
        RustType::Boxed(inner) => format!("BOXED_{}", container_name(inner)),
        // Not reached: containers are made only of generated types.
        other => format!("{other:?}").replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
    }
}

/// Whether a type names a generated type (whose description is a static).
fn names_generated(ty: &RustType) -> bool {
    match ty {
        RustType::Named(_) => true,
        RustType::Vec(inner) | RustType::Boxed(inner) => names_generated(inner),
        _ => false,
    }
}
