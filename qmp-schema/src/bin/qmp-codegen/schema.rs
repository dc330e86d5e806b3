//! `qmp-codegen schema`

use std::path::Path;
use std::process::ExitCode;

/// Prints the model of a document as JSON; fails, printing the diagnostics, if the
/// document has errors.
pub fn run(file: &Path) -> ExitCode {
    let document = crate::read_document(file);
    if document.report.has_errors() {
        eprint!("{}", document.report.render(crate::stderr_color()));
        return ExitCode::FAILURE;
    }
    match serde_json::to_string_pretty(&document.schema) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("qmp-codegen: cannot serialize the model: {err}");
            ExitCode::FAILURE
        }
    }
}
