//! `qmp-codegen`: check QEMU's QMP event document, print its model, generate Rust from it.

mod check;
mod diff;
mod doc;
mod generate;
mod output;
mod schema;

use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Typed Rust from QEMU's QMP event document.
#[derive(Parser)]
#[command(name = "qmp-codegen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and check documents; one summary line per file, diagnostics on stderr.
    Check {
        /// The documents to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Generate Rust bindings from a document.
    Generate {
        /// The document.
        file: PathBuf,
        /// Write the code here (only if it changed) instead of to stdout.
        #[arg(short, long, value_name = "OUT", conflicts_with = "check")]
        output: Option<PathBuf>,
        /// Compare with this file instead of writing: exit 1, showing the difference,
        /// when it is out of date.
        #[arg(long, value_name = "OUT")]
        check: Option<PathBuf>,
    },
    /// Print a document's model as JSON.
    Schema {
        /// The document.
        file: PathBuf,
    },
    /// Say what changes for code using the bindings when OLD is replaced by NEW: exit 0
    /// if every change is compatible, 2 if any breaks, 1 on errors.
    Diff {
        /// The document the current bindings were generated from.
        old: PathBuf,
        /// The document to regenerate them from.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: diff::Format,
    },
    /// Write a self-contained HTML reference page of every event in a document.
    Doc {
        /// The document.
        file: PathBuf,
        /// Write the page here (only if it changed) instead of to stdout.
        #[arg(short, long, value_name = "PAGE")]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            files,
            deny_warnings,
        } => check::run(&files, deny_warnings),
        Command::Generate {
            file,
            output,
            check,
        } => generate::run(&file, output.as_deref(), check.as_deref()),
        Command::Schema { file } => schema::run(&file),
        Command::Diff { old, new, format } => diff::run(&old, &new, format),
        Command::Doc { file, output } => doc::run(&file, output.as_deref()),
    }
}

/// Whether diagnostics on stderr should be colored.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
