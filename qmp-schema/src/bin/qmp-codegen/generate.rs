//! `qmp-codegen generate`

use crate::output::{emit, file_name, read_without_errors};
use qmp_schema::merge::{self, Release};
use qmp_schema::{Selection, codegen};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Lines of difference shown by `--check` before the rest is summarized.
const MAX_DIFF_LINES: usize = 80;

/// Generates bindings for `files` (one document, or several releases' schemas merged;
/// the part `selection` holds) to stdout or `out`; with `check`, compares instead.
pub fn run(
    files: &[PathBuf],
    releases: &[String],
    selection: &Selection,
    out: Option<&Path>,
    check: Option<&Path>,
) -> ExitCode {
    if releases.len() > files.len() {
        eprintln!(
            "qmp-codegen: {} --release names for {} schemas",
            releases.len(),
            files.len()
        );
        return ExitCode::FAILURE;
    }
    let mut read = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let Some(document) = read_without_errors(file) else {
            return ExitCode::FAILURE;
        };
        let name = releases
            .get(index)
            .cloned()
            .unwrap_or_else(|| merge::release_of(file));
        read.push(Release::new(name, document.schema));
    }
    let whole = if read.len() == 1 {
        read.remove(0).schema
    } else {
        let merged = merge::merge(read);
        for warning in &merged.warnings {
            eprintln!("qmp-codegen: warning: {warning}");
        }
        merged.schema
    };
    let first = &files[0];
    let unknown = selection.unknown_commands(&whole);
    if !unknown.is_empty() {
        eprintln!(
            "qmp-codegen: {}: no command {}",
            first.display(),
            unknown
                .iter()
                .map(|name| format!("'{name}'"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::FAILURE;
    }
    let schema = selection.apply(&whole);
    let source_name: Vec<String> = files.iter().map(|f| file_name(f)).collect();
    let code = codegen::generate_file(&schema, &source_name.join(" + "));
    let shown: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let shown = shown.join(" ");
    match check {
        Some(existing) => compare(&code, existing, &shown),
        None => emit(&code, out, &schema),
    }
}

/// Says whether `existing` holds what `file` generates now, and if not, how it differs.
fn compare(code: &str, existing: &Path, file: &str) -> ExitCode {
    let current = match std::fs::read_to_string(existing) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("qmp-codegen: cannot read {}: {error}", existing.display());
            return ExitCode::FAILURE;
        }
    };
    if current == code {
        println!("{}: up to date with {}", existing.display(), file);
        return ExitCode::SUCCESS;
    }
    println!(
        "{}: out of date with {}; regenerate with `qmp-codegen generate {} -o {}`",
        existing.display(),
        file,
        file,
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
