//! `qmp-codegen generate`

use crate::output::{emit, file_name, read_without_errors};
use qmp_schema::{Selection, codegen};
use std::path::Path;
use std::process::ExitCode;

/// Lines of difference shown by `--check` before the rest is summarized.
const MAX_DIFF_LINES: usize = 80;

/// Generates bindings for `file` (the part `selection` holds) to stdout or `out`; with
/// `check`, compares instead.
pub fn run(
    file: &Path,
    selection: &Selection,
    out: Option<&Path>,
    check: Option<&Path>,
) -> ExitCode {
    let Some(document) = read_without_errors(file) else {
        return ExitCode::FAILURE;
    };
    let unknown = selection.unknown_commands(&document.schema);
    if !unknown.is_empty() {
        eprintln!(
            "qmp-codegen: {}: no command {}",
            file.display(),
            unknown
                .iter()
                .map(|name| format!("'{name}'"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::FAILURE;
    }
    let schema = selection.apply(&document.schema);
    let code = codegen::generate_file(&schema, &file_name(file));
    match check {
        Some(existing) => compare(&code, existing, file),
        None => emit(&code, out, &schema),
    }
}

/// Says whether `existing` holds what `file` generates now, and if not, how it differs.
fn compare(code: &str, existing: &Path, file: &Path) -> ExitCode {
    let current = match std::fs::read_to_string(existing) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("qmp-codegen: cannot read {}: {error}", existing.display());
            return ExitCode::FAILURE;
        }
    };
    if current == code {
        println!("{}: up to date with {}", existing.display(), file.display());
        return ExitCode::SUCCESS;
    }
    println!(
        "{}: out of date with {}; regenerate with `qmp-codegen generate {} -o {}`",
        existing.display(),
        file.display(),
        file.display(),
        existing.display()
    );
    let diff = similar::TextDiff::from_lines(current.as_str(), code);
    let unified = diff
        .unified_diff()
        .context_radius(2)
        .header(&existing.display().to_string(), "generated")
        .to_string();
    let lines: Vec<&str> = unified.lines().collect();
    for line in lines.iter().take(MAX_DIFF_LINES) {
        println!("{line}");
    }
    if lines.len() > MAX_DIFF_LINES {
        println!(
            "... {} more lines of difference",
            lines.len() - MAX_DIFF_LINES
        );
    }
    ExitCode::FAILURE
}
