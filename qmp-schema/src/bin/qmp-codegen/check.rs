//! `qmp-codegen check`

use std::path::PathBuf;
use std::process::ExitCode;

/// Checks each file, prints a summary line per file, and fails if any has errors (or
/// warnings, with `deny_warnings`).
pub fn run(files: &[PathBuf], deny_warnings: bool) -> ExitCode {
    let mut failed = false;
    for file in files {
        let document = crate::read_document(file);
        let report = &document.report;
        if !report.diagnostics.is_empty() {
            eprint!("{}", report.render(crate::stderr_color()));
        }
        let errors = report.errors().count();
        let warnings = report.warnings().count();
        let schema = &document.schema;
        // A QAPI schema is many files and named types; the document is one file of
        // sections, some naming several events.
        let shape = if schema.files.is_empty() {
            format!("{} sections", schema.sections.len())
        } else {
            format!("{} files", document.report.sources.len())
        };
        let types = if schema.files.is_empty() {
            String::new()
        } else {
            format!(", {} named types", schema.types.len())
        };
        println!(
            "{}: {shape}, {} events{types}, {} examples, {} errors, {} warnings",
            file.display(),
            schema.event_count(),
            schema.example_count(),
            errors,
            warnings
        );
        failed |= errors > 0 || (deny_warnings && warnings > 0);
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
