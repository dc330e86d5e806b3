//! `qmp-codegen`: check QEMU's description of its QMP events (a QAPI schema or the event
//! document), print its model, generate Rust from it, compare two versions.

mod check;
mod compat;
mod diff;
mod doc;
mod generate;
mod output;
mod schema;

use clap::{Parser, Subcommand, ValueEnum};
use qmp_schema::{Document, Format};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

/// Typed Rust from QEMU's description of its QMP events: a QAPI schema
/// (`qapi/qapi-schema.json`) or the event document (`qmp-events.txt`).
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
        #[command(flatten)]
        input: Input,
    },
    /// Generate Rust bindings from a document, or from several releases' schemas merged
    /// into one set of bindings.
    Generate {
        /// The document; several QAPI schemas (one per QEMU release) give merged bindings.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Name the releases of the schemas, in the order given (default: a `VERSION`
        /// file beside the schema's folder, or the version in the folder's name).
        #[arg(long = "release", value_name = "NAME")]
        releases: Vec<String>,
        /// Write the code here (only if it changed) instead of to stdout.
        #[arg(short, long, value_name = "OUT", conflicts_with = "check")]
        output: Option<PathBuf>,
        /// Compare with this file instead of writing: exit 1, showing the difference,
        /// when it is out of date.
        #[arg(long, value_name = "OUT")]
        check: Option<PathBuf>,
        #[command(flatten)]
        selection: SelectionArgs,
        #[command(flatten)]
        input: Input,
    },
    /// Print a document's model as JSON.
    Schema {
        /// The document.
        file: PathBuf,
        #[command(flatten)]
        input: Input,
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
        /// Read both as this format instead of telling it from their content (`--format`
        /// is taken by the output format here).
        #[arg(long, value_enum, value_name = "FORMAT")]
        input_format: Option<InputFormat>,
    },
    /// Write a self-contained HTML reference page of every command, event and named type in a document, with a filter box.
    Doc {
        /// The document.
        file: PathBuf,
        /// Write the page here (only if it changed) instead of to stdout.
        #[arg(short, long, value_name = "PAGE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        input: Input,
    },
    /// Compare the bindings of a document with a QEMU's answer to query-qmp-schema: exit
    /// 0 if nothing breaks, 2 if something does, 1 on errors.
    Compat(compat::Args),
}

/// Which part of the schema the bindings hold (all of it by default).
#[derive(clap::Args)]
struct SelectionArgs {
    /// Generate the events only (and the types they reach), for small, fast builds.
    #[arg(long, conflicts_with = "commands")]
    events_only: bool,
    /// Generate the events and these commands only (wire names, comma-separated).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    commands: Option<Vec<String>>,
}

impl SelectionArgs {
    fn selection(self) -> qmp_schema::Selection {
        match (self.events_only, self.commands) {
            (true, _) => qmp_schema::Selection::EventsOnly,
            (false, Some(names)) => qmp_schema::Selection::Commands(names),
            (false, None) => qmp_schema::Selection::Whole,
        }
    }
}

/// How the input is read.
#[derive(clap::Args)]
struct Input {
    /// Read the input as this format instead of telling it from its content (a QAPI
    /// schema's first token is `{`).
    #[arg(long, value_enum)]
    format: Option<InputFormat>,
}

/// The two texts QEMU describes its events in.
#[derive(Clone, Copy, ValueEnum)]
enum InputFormat {
    /// The event document, `qmp-events.txt` (QEMU 0.13 to 2.8).
    Text,
    /// The QAPI schema: the root file, usually `qapi/qapi-schema.json` (QEMU 2.1 on).
    Qapi,
}

/// The input format forced on the command line, if any; set once, before any reading.
static FORCED_FORMAT: OnceLock<Option<Format>> = OnceLock::new();

/// Reads a document as the command line says: in the forced format, or in the one its
/// content shows.
pub fn read_document(path: &Path) -> Document {
    Document::read_as(path, FORCED_FORMAT.get().copied().flatten())
}

fn force_format(format: Option<InputFormat>) {
    let format = format.map(|format| match format {
        InputFormat::Text => Format::Text,
        InputFormat::Qapi => Format::Qapi,
    });
    // Only main calls this, once.
    let _ = FORCED_FORMAT.set(format);
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            files,
            deny_warnings,
            input,
        } => {
            force_format(input.format);
            check::run(&files, deny_warnings)
        }
        Command::Generate {
            files,
            releases,
            output,
            check,
            selection,
            input,
        } => {
            force_format(input.format);
            generate::run(
                &files,
                &releases,
                &selection.selection(),
                output.as_deref(),
                check.as_deref(),
            )
        }
        Command::Schema { file, input } => {
            force_format(input.format);
            schema::run(&file)
        }
        Command::Diff {
            old,
            new,
            format,
            input_format,
        } => {
            force_format(input_format);
            diff::run(&old, &new, format)
        }
        Command::Doc {
            file,
            output,
            input,
        } => {
            force_format(input.format);
            doc::run(&file, output.as_deref())
        }
        Command::Compat(args) => compat::run(args),
    }
}

/// Whether diagnostics on stderr should be colored.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
