//! `qmp-codegen generate`

use qmp_schema::{Document, codegen, output};
use std::path::Path;
use std::process::ExitCode;

/// Lines of difference shown by `--check` before the rest is summarized.
const MAX_DIFF_LINES: usize = 80;

/// Generates bindings for `file` to stdout or `out`; with `check`, compares instead.
pub fn run(file: &Path, out: Option<&Path>, check: Option<&Path>) -> ExitCode {
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
    let code = codegen::generate_file(&document.schema, &name);
    if let Some(existing) = check {
        return compare(&code, existing, file);
    }
    match out {
        None => {
            print!("{code}");
            ExitCode::SUCCESS
        }
        Some(out) => match output::write_if_changed(out, &code) {
            Ok(_) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("qmp-codegen: cannot write {}: {error}", out.display());
                ExitCode::FAILURE
            }
        },
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
