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
        // The event document has no commands and no named types.
        let (types, examples) = if schema.files.is_empty() {
            (
                String::new(),
                format!("{} examples", schema.example_count()),
            )
        } else {
            (
                format!(
                    ", {} commands, {} named types",
                    schema.commands.len(),
                    schema.types.len()
                ),
                format!(
                    "{} event examples, {} command examples",
                    schema.example_count(),
                    schema.command_example_count()
                ),
            )
        };
        println!(
            "{}: {shape}, {} events{types}, {examples}, {errors} errors, {warnings} warnings",
            file.display(),
            schema.event_count(),
        );
        failed |= errors > 0 || (deny_warnings && warnings > 0);
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
