//! The expansion behind `#[derive(QmpEvents)]` (the qmp-derive crate only forwards to
//! [`expand`]), kept here so that it can be tested like any function.

use crate::merge::{self, Release};
use crate::{Document, Schema, Selection, codegen};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use std::path::{Path, PathBuf};
use syn::spanned::Spanned;
use syn::{Attribute, DeriveInput, LitStr};

/// Expands `#[derive(QmpEvents)] #[qmp(spec = "path")] struct S;` into the bindings for
/// the document at `path`, relative to `manifest_dir` (the consumer's
/// `CARGO_MANIFEST_DIR`). Several `spec` keys give the bindings of several QEMU releases
/// merged into one ([`merge`]), each release named by a `release = "7.2"` key after its
/// `spec`, or else as [`merge::release_of`] finds it.
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
    let Options { specs, selection } = match options(&input) {
        Ok(options) => options,
        Err(error) => return with_fallback(error.to_compile_error()),
    };
    let mut documents = Vec::new();
    for (spec, _) in &specs {
        let document = Document::read(manifest_dir.join(spec.value()));
        if document.report.has_errors() {
            return with_fallback(document_errors(&document, spec, manifest_dir));
        }
        documents.push(document);
    }
    let files: Vec<String> = documents
        .iter()
        .flat_map(|d| d.files().map(str::to_owned))
        .collect();
    let schema = if documents.len() == 1 {
        documents.remove(0).schema
    } else {
        let releases = specs
            .iter()
            .zip(documents)
            .map(|((spec, release), document)| {
                let name = release
                    .as_ref()
                    .map(LitStr::value)
                    .unwrap_or_else(|| merge::release_of(&manifest_dir.join(spec.value())));
                Release::new(name, document.schema)
            })
            .collect();
        // What merging gave up is in the bindings' docs; a derive has no warnings to
        // print it to.
        merge::merge(releases).schema
    };
    let spec = &specs[0].0;
    let unknown = selection.unknown_commands(&schema);
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
    let bindings = codegen::generate_selected(&schema, &selection);
    let rebuild = files.iter().map(|file| rebuild_trigger(Path::new(file)));
    quote! {
        #(#rebuild)*
        #bindings
    }
}

/// A document's errors as `compile_error!`s at its `spec` string.
fn document_errors(document: &Document, spec: &LitStr, manifest_dir: &Path) -> TokenStream {
    let report = &document.report;
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
    quote! { #(#errors)* }
}
/// What `#[qmp(...)]` says: the schema (several: one per QEMU release, each maybe
/// named by a `release` key after it), and which part of it to generate.
struct Options {
    specs: Vec<(LitStr, Option<LitStr>)>,
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
    let mut specs: Vec<(LitStr, Option<LitStr>)> = Vec::new();
    let mut selection: Option<Selection> = None;
    attribute.parse_nested_meta(|meta| {
        if meta.path.is_ident("spec") {
            let spec = meta.value()?.parse::<LitStr>()?;
            if specs.iter().any(|(s, _)| s.value() == spec.value()) {
                return Err(meta.error(format!("`spec = \"{}\"` is given twice", spec.value())));
            }
            specs.push((spec, None));
            Ok(())
        } else if meta.path.is_ident("release") {
            let name = meta.value()?.parse::<LitStr>()?;
            match specs.last_mut() {
                Some((_, release @ None)) => {
                    *release = Some(name);
                    Ok(())
                }
                Some(_) => Err(meta.error("`release` names the `spec` before it, once")),
                None => Err(meta.error("`release` names the `spec` before it; give `spec` first")),
            }
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
                "unknown qmp attribute; expected `spec = \"path\"` (one or more), \
                 `release = \"name\"`, `events_only` or `commands = \"name,name\"`",
            ))
        }
    })?;
    if specs.is_empty() {
        return Err(syn::Error::new(
            attribute.span(),
            "missing `spec = \"path/to/qapi-schema.json\"`",
        ));
    }
    Ok(Options {
        specs,
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
