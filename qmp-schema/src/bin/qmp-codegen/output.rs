//! What the commands that turn a document into a file share: reading it with its
//! diagnostics shown, and writing the result to stdout or a file.

use qmp_schema::output::{self, Written};
use qmp_schema::{Document, Schema};
use std::path::Path;
use std::process::ExitCode;

/// Reads and checks a document, printing its diagnostics; `None` when it has errors, so
/// that nothing is produced from it.
pub fn read_without_errors(file: &Path) -> Option<Document> {
    let document = crate::read_document(file);
    let report = &document.report;
    // Errors are shown whole; warnings, which QEMU's own schemas have dozens of (about
    // their examples), are counted, and `check` shows them.
    if report.has_errors() {
        eprint!("{}", report.render(crate::stderr_color()));
    } else {
        let warnings = report.warnings().count();
        if warnings > 0 {
            eprintln!(
                "qmp-codegen: {}: {warnings} warning{} (see `qmp-codegen check {}`)",
                file.display(),
                if warnings == 1 { "" } else { "s" },
                file.display()
            );
        }
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

/// Prints `text`, or writes it to `out` (whole, and only if it changed, creating missing
/// directories) and says on stderr what was done: `created OUT: 16 events, 5,548 lines`,
/// `updated OUT: ...` or `OUT is up to date: ...`.
pub fn emit(text: &str, out: Option<&Path>, schema: &Schema) -> ExitCode {
    let Some(out) = out else {
        print!("{text}");
        return ExitCode::SUCCESS;
    };
    match output::write_file(out, text) {
        Ok(written) => {
            eprintln!("{}", written_message(written, out, schema, text));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("qmp-codegen: cannot write {}: {error}", out.display());
            ExitCode::FAILURE
        }
    }
}

/// What [`emit`] says it did with `out`.
fn written_message(written: Written, out: &Path, schema: &Schema, text: &str) -> String {
    let out = out.display();
    // The event document has no commands: its summary leaves them out.
    let commands = if schema.commands.is_empty() {
        String::new()
    } else {
        format!("{}, ", count(schema.commands.len(), "command"))
    };
    let what = format!(
        "{}, {commands}{}",
        count(schema.event_count(), "event"),
        count(text.lines().count(), "line")
    );
    match written {
        Written::Created => format!("created {out}: {what}"),
        Written::Updated => format!("updated {out}: {what}"),
        Written::Unchanged => format!("{out} is up to date: {what}"),
    }
}

/// `5548, "line"` as `5,548 lines`.
fn count(n: usize, noun: &str) -> String {
    let plural = if n == 1 { "" } else { "s" };
    format!("{} {noun}{plural}", thousands(n))
}

/// `5548` as `5,548`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::{count, thousands};

    #[test]
    fn thousands_are_grouped_with_commas() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(5548), "5,548");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn counts_say_one_or_many() {
        assert_eq!(count(1, "event"), "1 event");
        assert_eq!(count(0, "event"), "0 events");
        assert_eq!(count(5548, "line"), "5,548 lines");
    }
}
