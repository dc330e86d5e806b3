//! `qmp-codegen check`

use qmp_schema::Document;
use std::path::PathBuf;
use std::process::ExitCode;

/// Checks each file, prints a summary line per file, and fails if any has errors (or
/// warnings, with `deny_warnings`).
pub fn run(files: &[PathBuf], deny_warnings: bool) -> ExitCode {
    let mut failed = false;
    for file in files {
        let document = Document::read(file);
        let report = &document.report;
        if !report.diagnostics.is_empty() {
            eprint!("{}", report.render(crate::stderr_color()));
        }
        let errors = report.errors().count();
        let warnings = report.warnings().count();
        let schema = &document.schema;
        println!(
            "{}: {} sections, {} events, {} examples, {} errors, {} warnings",
            file.display(),
            schema.sections.len(),
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
