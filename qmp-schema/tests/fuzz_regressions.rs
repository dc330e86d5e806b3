//! Inputs the document fuzz target (`fuzz/`, see RELIABILITY.md) found, replayed with the
//! same checks: whatever the bytes, reading gives diagnostics that render, and a
//! document without errors generates code that syn parses (as a file and as tokens),
//! compares equal to itself and has a reference page.
//!
//! Each input is a file in `tests/fuzz-regressions/document/`, named as libFuzzer saved
//! it; a new crash is added by copying its file there.

use qmp_schema::{Document, codegen, diff, doc_page};
use std::path::Path;

/// What `qmp_fuzz::document` checks, for one input.
fn check_document(bytes: &[u8]) -> Result<(), String> {
    let document = Document::from_bytes("fuzz.txt", bytes);
    let _rendered = document.report.render(false);
    if document.report.has_errors() {
        return Ok(());
    }
    let code = codegen::generate_file(&document.schema, "fuzz.txt");
    if let Err(error) = syn::parse_file(&code) {
        return Err(format!("generated code does not parse: {error}"));
    }
    if let Err(error) = syn::parse2::<syn::File>(codegen::generate(&document.schema)) {
        return Err(format!("generated tokens do not parse: {error}"));
    }
    let changes = diff::diff(&document.schema, &document.schema);
    if !changes.is_empty() {
        return Err(format!("a document differs from itself: {changes:?}"));
    }
    let _page = doc_page::page(&document.schema, "fuzz.txt");
    Ok(())
}

#[test]
fn saved_document_inputs_pass() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions/document");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("the regression inputs are in the repository")
        .map(|entry| entry.expect("a readable directory entry").path())
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "no inputs in {}", dir.display());
    let failures: Vec<String> = entries
        .iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).expect("a readable input");
            check_document(&bytes)
                .err()
                .map(|error| format!("{}: {error}", path.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
