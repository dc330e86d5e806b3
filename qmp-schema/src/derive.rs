//! The expansion behind `#[derive(QmpEvents)]` (the qmp-derive crate only forwards to
//! [`expand`]), kept here so that it can be tested like any function.

use crate::{Document, Schema, Selection, codegen};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use std::path::{Path, PathBuf};
use syn::spanned::Spanned;
use syn::{Attribute, DeriveInput, LitStr};

/// Expands `#[derive(QmpEvents)] #[qmp(spec = "path")] struct S;` into the bindings for
/// the document at `path`, relative to `manifest_dir` (the consumer's
/// `CARGO_MANIFEST_DIR`).
///
/// Errors come out as `compile_error!` at the place they concern (the attribute, or the
/// spec string for document errors, carrying `file:line:col: message`), next to stand-in
/// bindings for an empty document, so that one mistake gives one message rather than one
/// per use of the bindings.
pub fn expand(input: TokenStream, manifest_dir: &Path) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let Options { spec, selection } = match options(&input) {
        Ok(options) => options,
        Err(error) => return with_fallback(error.to_compile_error()),
    };
    let path = manifest_dir.join(spec.value());
    let document = Document::read(&path);
    let report = &document.report;
    if report.has_errors() {
        let errors = report.errors().map(|diagnostic| {
            // Messages name files as the attribute does, relative to the crate, as rustc
            // names source files; a QAPI schema's error may be in an included file.
            let file = report
                .source_of(&diagnostic.span)
                .map_or(report.root(), |source| source.path.as_str());
            let shown = Path::new(file).strip_prefix(manifest_dir).map_or_else(
                |_| file.to_owned(),
                |relative| relative.display().to_string(),
            );
            // rustc says "error:" itself; the message is QEMU's `file:line:col: message`.
            let message = match diagnostic.span.line {
                0 => format!("{shown}: {}", diagnostic.message),
                line => format!(
                    "{shown}:{line}:{}: {}",
                    diagnostic.span.column, diagnostic.message
                ),
            };
            quote_spanned! {spec.span()=> ::core::compile_error!(#message);}
        });
        return with_fallback(quote! { #(#errors)* });
    }
    let unknown = selection.unknown_commands(&document.schema);
    if !unknown.is_empty() {
        let message = format!(
            "{}: no command {}",
            spec.value(),
            unknown
                .iter()
                .map(|name| format!("'{name}'"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return with_fallback(quote_spanned! {spec.span()=> ::core::compile_error!(#message);});
    }
    let bindings = codegen::generate_selected(&document.schema, &selection);
    let rebuild = document
        .files()
        .map(|file| rebuild_trigger(Path::new(file)));
    quote! {
        #(#rebuild)*
        #bindings
    }
}

/// The `spec` value of the one `#[qmp(spec = "...")]` attribute.
/// What `#[qmp(...)]` says: the schema, and which part of it to generate.
struct Options {
    spec: LitStr,
    selection: Selection,
}

fn options(input: &DeriveInput) -> syn::Result<Options> {
    let attributes: Vec<&Attribute> = input
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("qmp"))
        .collect();
    let Some(attribute) = attributes.first() else {
        return Err(syn::Error::new(
            Span::call_site(),
            "#[derive(QmpEvents)] needs #[qmp(spec = \"path/to/qmp-events.txt\")]",
        ));
    };
    if let Some(second) = attributes.get(1) {
        return Err(syn::Error::new(
            second.span(),
            "only one #[qmp(...)] attribute is allowed",
        ));
    }
    let mut spec = None;
    let mut selection: Option<Selection> = None;
    attribute.parse_nested_meta(|meta| {
        if meta.path.is_ident("spec") {
            if spec.is_some() {
                return Err(meta.error("`spec` is given twice"));
            }
            spec = Some(meta.value()?.parse::<LitStr>()?);
            Ok(())
        } else if meta.path.is_ident("events_only") {
            if selection.is_some() {
                return Err(meta.error("give `events_only` or `commands`, once"));
            }
            selection = Some(Selection::EventsOnly);
            Ok(())
        } else if meta.path.is_ident("commands") {
            if selection.is_some() {
                return Err(meta.error("give `events_only` or `commands`, once"));
            }
            let names = meta.value()?.parse::<LitStr>()?.value();
            selection = Some(Selection::commands(
                names
                    .split(',')
                    .map(str::trim)
                    .filter(|name| !name.is_empty()),
            ));
            Ok(())
        } else {
            Err(meta.error(
                "unknown qmp attribute; expected `spec = \"path\"`, `events_only` or \
                 `commands = \"name,name\"`",
            ))
        }
    })?;
    let spec = spec.ok_or_else(|| {
        syn::Error::new(
            attribute.span(),
            "missing `spec = \"path/to/qapi-schema.json\"`",
        )
    })?;
    Ok(Options {
        spec,
        selection: selection.unwrap_or_default(),
    })
}

/// pest_derive's trick: including a file makes cargo rebuild the crate whenever the file
/// changes. A QAPI schema gets one per file it is made of.
fn rebuild_trigger(path: &Path) -> TokenStream {
    let absolute: PathBuf = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let absolute = absolute.to_string_lossy().into_owned();
    quote! {
        const _: &str = ::core::include_str!(#absolute);
    }
}

/// An error with the bindings of an empty document, so that uses of `Event`,
/// `EventMessage` and friends do not each add an error of their own.
fn with_fallback(errors: TokenStream) -> TokenStream {
    let empty = Schema::default();
    let bindings = codegen::generate(&empty);
    quote! {
        #errors
        #bindings
    }
}
