//! What the commands that turn a document into a file share: reading it with its
//! diagnostics shown, and writing the result to stdout or a file.

use qmp_schema::{Document, output};
use std::path::Path;
use std::process::ExitCode;

/// Reads and checks a document, printing its diagnostics; `None` when it has errors, so
/// that nothing is produced from it.
pub fn read_without_errors(file: &Path) -> Option<Document> {
    let document = crate::read_document(file);
    let report = &document.report;
    if !report.diagnostics.is_empty() {
        eprint!("{}", report.render(crate::stderr_color()));
    }
    if report.has_errors() {
        eprintln!(
            "qmp-codegen: {}: errors in the document; nothing was written",
            file.display()
        );
        return None;
    }
    Some(document)
}

/// The document's file name, as generated files mention it.
pub fn file_name(file: &Path) -> String {
    file.file_name().map_or_else(
        || file.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Prints `text`, or writes it to `out` (whole, and only if it changed).
pub fn emit(text: &str, out: Option<&Path>) -> ExitCode {
    match out {
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Some(out) => match output::write_if_changed(out, text) {
            Ok(_) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("qmp-codegen: cannot write {}: {error}", out.display());
                ExitCode::FAILURE
            }
        },
    }
}
