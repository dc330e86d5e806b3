//! `qmp-codegen compat`

use qmp_runtime::compat::Report;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit status when code using the bindings fails against the QEMU somewhere (as for
/// `diff`, 1 is taken by errors).
const EXIT_BREAKING: u8 = 2;

/// `qmp-codegen compat SCHEMA --introspection FILE`: what the bindings of SCHEMA meet in
/// the QEMU that gave FILE.
#[derive(clap::Args)]
pub struct Args {
    /// The document the bindings are (or would be) generated from.
    schema: PathBuf,
    /// A QEMU's answer to `query-qmp-schema`: the list, or an object holding it under
    /// "query-qmp-schema" (and "query-version"'s answer beside it).
    #[arg(long, value_name = "FILE")]
    introspection: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: crate::diff::Format,
    /// Read the document as this format instead of telling it from its content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<crate::InputFormat>,
    #[command(flatten)]
    selection: crate::SelectionArgs,
}

/// The JSON output: the report, and what was compared.
#[derive(Serialize)]
struct JsonOutput<'a> {
    bindings: String,
    introspection: String,
    #[serde(flatten)]
    report: &'a Report,
}

/// Compares the bindings of a document with a QEMU's introspection and prints what
/// differs: exit 0 when nothing breaks, 2 when something does, 1 when the document or
/// the answer cannot be read (the report is printed for an answer read only in part).
pub fn run(args: Args) -> ExitCode {
    crate::force_format(args.input_format);
    let Some(document) = crate::diff::read(&args.schema) else {
        return ExitCode::FAILURE;
    };
    let Some(answer) = read_answer(&args.introspection) else {
        return ExitCode::FAILURE;
    };
    let selection = args.selection.selection();
    let report = qmp_schema::compat::compare(&document.schema, &selection, &answer);
    let (schema, file) = (args.schema.display(), args.introspection.display());
    match args.format {
        crate::diff::Format::Text => {
            let qemu = match &report.qemu {
                Some(version) => format!("{file} (QEMU {version})"),
                None => file.to_string(),
            };
            print!(
                "{}",
                report.text(&format!("the bindings of {schema}"), &qemu)
            );
        }
        crate::diff::Format::Json => {
            let output = JsonOutput {
                bindings: schema.to_string(),
                introspection: file.to_string(),
                report: &report,
            };
            // Strings, numbers and lists: serializing cannot fail.
            println!(
                "{}",
                serde_json::to_string_pretty(&output).unwrap_or_default()
            );
        }
    }
    if !report.problems.is_empty() {
        ExitCode::FAILURE
    } else if report.is_breaking() {
        ExitCode::from(EXIT_BREAKING)
    } else {
        ExitCode::SUCCESS
    }
}

fn read_answer(path: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| eprintln!("qmp-codegen: {}: {err}", path.display()))
        .ok()?;
    serde_json::from_str(&text)
        .map_err(|err| eprintln!("qmp-codegen: {}: not JSON: {err}", path.display()))
        .ok()
}
