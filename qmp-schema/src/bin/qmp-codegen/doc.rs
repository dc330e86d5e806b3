//! `qmp-codegen doc`

use qmp_schema::{Document, doc_page, output};
use std::path::Path;
use std::process::ExitCode;

/// Writes the reference page of `file` to `out` (only if it changed), or to stdout.
pub fn run(file: &Path, out: Option<&Path>) -> ExitCode {
    let document = Document::read(file);
    let report = &document.report;
    if !report.diagnostics.is_empty() {
        eprint!("{}", report.render(crate::stderr_color()));
    }
    if report.has_errors() {
        eprintln!(
            "qmp-codegen: {}: errors in the document; nothing was written",
            file.display()
        );
        return ExitCode::FAILURE;
    }
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let html = doc_page::page(&document.schema, &name);
    match out {
        None => {
            print!("{html}");
            ExitCode::SUCCESS
        }
        Some(out) => match output::write_if_changed(out, &html) {
            Ok(_) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("qmp-codegen: cannot write {}: {error}", out.display());
                ExitCode::FAILURE
            }
        },
    }
}
