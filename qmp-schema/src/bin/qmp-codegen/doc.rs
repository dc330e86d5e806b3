//! `qmp-codegen doc`

use crate::output::{emit, file_name, read_without_errors};
use qmp_schema::doc_page;
use std::path::Path;
use std::process::ExitCode;

/// Writes the reference page of `file` to `out` (only if it changed), or to stdout.
pub fn run(file: &Path, out: Option<&Path>) -> ExitCode {
    let Some(document) = read_without_errors(file) else {
        return ExitCode::FAILURE;
    };
    let page = doc_page::page(&document.schema, &file_name(file));
    emit(&page, out, &document.schema)
}
