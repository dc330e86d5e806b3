//! `qmp-codegen diff`

use qmp_schema::{Document, diff};
use std::path::Path;
use std::process::ExitCode;

/// Exit status when some change breaks code written against the old bindings (1 is
/// taken by errors, as for the other commands).
const EXIT_BREAKING: u8 = 2;

/// How the diff is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text grouped by event, with a verdict line at the end.
    Text,
    /// JSON for tools (its shape is in the README).
    Json,
}

/// Compares two documents and prints what changes for code using their bindings: exit
/// 0 when everything is compatible, 2 when something breaks, 1 when a document cannot
/// be read or has errors.
pub fn run(old: &Path, new: &Path, format: Format) -> ExitCode {
    let (Some(old_document), Some(new_document)) = (read(old), read(new)) else {
        return ExitCode::FAILURE;
    };
    let changes = diff::diff(&old_document.schema, &new_document.schema);
    let (old_name, new_name) = (old.display().to_string(), new.display().to_string());
    match format {
        Format::Text => print!("{}", diff::render::text(&changes, &old_name, &new_name)),
        Format::Json => println!("{}", diff::render::json(&changes, &old_name, &new_name)),
    }
    if changes.is_breaking() {
        ExitCode::from(EXIT_BREAKING)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads a document; prints its diagnostics and gives `None` if it has errors. Warnings
/// are only counted: the diff is about the API, `check` shows them.
pub fn read(path: &Path) -> Option<Document> {
    let document = crate::read_document(path);
    let report = &document.report;
    if report.has_errors() {
        eprint!("{}", report.render(crate::stderr_color()));
        eprintln!(
            "qmp-codegen: {}: errors in the document; nothing compared",
            path.display()
        );
        return None;
    }
    let warnings = report.warnings().count();
    if warnings > 0 {
        eprintln!(
            "qmp-codegen: {}: {warnings} warning{} (see `qmp-codegen check {}`)",
            path.display(),
            if warnings == 1 { "" } else { "s" },
            path.display()
        );
    }
    Some(document)
}
