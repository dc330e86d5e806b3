//! Typed Rust for QEMU's QMP events, generated from the text QEMU describes them in:
//! its QAPI schema (`qapi/qapi-schema.json` and the files it includes, QEMU 2.1 to
//! today) or its older event document (`qmp-events.txt`, 2009 to 2017).
//!
//! Each text is read by a nom parser of its own into one model, a [`Schema`], which is
//! checked (every example must agree with its event) and turned into Rust. The format is
//! told from the content: a QAPI schema's first token is `{`.
//!
//! ```
//! let document = qmp_schema::Document::from_text(
//!     "events.txt",
//!     "STOP\n----\n\nEmitted when the VM is stopped.\n\nData: None.\n",
//! );
//! assert!(!document.report.has_errors());
//! assert_eq!(document.schema.sections[0].names[0].name, "STOP");
//!
//! let document = qmp_schema::Document::from_text(
//!     "qapi-schema.json",
//!     "##\n# @STOP:\n#\n# Emitted when the VM is stopped.\n##\n{ 'event': 'STOP' }\n",
//! );
//! assert!(!document.report.has_errors());
//! assert_eq!(document.schema.sections[0].description, "Emitted when the VM is stopped.");
//! ```

mod builder;
pub mod check;
pub mod codegen;
#[cfg(feature = "compat")]
pub mod compat;
pub mod derive;
pub mod diagnostic;
pub mod diff;
pub mod doc_page;
pub mod docs;
mod json_brackets;
pub mod loader;
pub mod merge;
pub mod model;
pub mod output;
mod qapi;
mod rst;
pub mod select;
pub mod source;
mod text;

pub use builder::{BuildError, Builder};
pub use diagnostic::{Diagnostic, Report, Severity};
pub use loader::{DiskLoader, FileLoader, MemoryFiles};
pub use model::{
    Alternative, Command, Condition, Data, Direction, EnumValue, EventName, Example, Feature,
    Field, IntegerType, NamedType, Note, Schema, Section, Span, Transcript, TranscriptMessage,
    Type, TypeKind, UnionBranch,
};
pub use select::Selection;
pub use source::SourceFile;

use std::path::Path;

/// The two texts QEMU describes its events in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// The event document, `qmp-events.txt` (QEMU 0.13 to 2.8).
    Text,
    /// The QAPI schema, `qapi-schema.json` and the files it includes (QEMU 2.1 on).
    Qapi,
}

impl Format {
    /// Tells the format from a file's content: a QAPI schema's first token (after
    /// blank lines and `#` comments) is `{`; anything else is read as the document.
    pub fn detect(content: &[u8]) -> Format {
        let mut rest = content;
        loop {
            let start = rest
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(rest.len());
            rest = &rest[start..];
            match rest.first() {
                Some(b'#') => {
                    let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |end| end + 1);
                    rest = &rest[end..];
                }
                Some(b'{') => return Format::Qapi,
                _ => return Format::Text,
            }
        }
    }
}

/// A document read, parsed and checked: its model and every problem found in it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The model, as complete as the text allows (empty when the file could not be read).
    pub schema: Schema,
    /// Errors and warnings, in document order.
    pub report: Report,
}

impl Document {
    /// Parses and checks an event document (`qmp-events.txt`) already in memory.
    pub fn from_source(source: SourceFile) -> Document {
        let (schema, diagnostics) = text::parse(&source);
        Document::checked(schema, vec![source], diagnostics)
    }

    /// Parses and checks text, in the format its content shows; `path` is the name
    /// diagnostics use, and for a QAPI schema, the place its includes are relative to
    /// (they are read from the disk).
    pub fn from_text(path: impl Into<String>, text: &str) -> Document {
        Document::from_bytes(path, text.as_bytes())
    }

    /// Parses and checks raw bytes (which must be UTF-8), as [`Document::from_text`].
    pub fn from_bytes(path: impl Into<String>, bytes: &[u8]) -> Document {
        let path = path.into();
        match Format::detect(bytes) {
            Format::Text => match SourceFile::from_bytes(path, bytes) {
                Ok(source) => Document::from_source(source),
                Err(report) => Document::unreadable(*report),
            },
            Format::Qapi => {
                let root = MemoryFiles::new().with(&path, bytes);
                let loader = RootFirst {
                    root: &root,
                    rest: &DiskLoader,
                };
                Document::from_loader(&path, Some(Format::Qapi), &loader)
            }
        }
    }

    /// Reads, parses and checks a file from the disk, in the format its content shows;
    /// a QAPI schema's includes are read too. A file that cannot be read gives a document
    /// with no sections and an error in its report.
    pub fn read(path: impl AsRef<Path>) -> Document {
        Document::read_as(path, None)
    }

    /// As [`Document::read`], in the given format (`None`: told from the content).
    pub fn read_as(path: impl AsRef<Path>, format: Option<Format>) -> Document {
        Document::from_loader(path, format, &DiskLoader)
    }

    /// Reads, parses and checks the file at `path` and (for a QAPI schema) the files it
    /// includes, all through `loader`.
    pub fn from_loader(
        path: impl AsRef<Path>,
        format: Option<Format>,
        loader: &dyn FileLoader,
    ) -> Document {
        let path = path.as_ref();
        let format = match format {
            Some(format) => format,
            None => match loader.load(path) {
                Ok(bytes) => Format::detect(&bytes),
                Err(error) => return Document::unreadable(unreadable_report(path, &error)),
            },
        };
        match format {
            Format::Text => match loader.load(path) {
                Ok(bytes) => match SourceFile::from_bytes(path.display().to_string(), &bytes) {
                    Ok(source) => Document::from_source(source),
                    Err(report) => Document::unreadable(*report),
                },
                Err(error) => Document::unreadable(unreadable_report(path, &error)),
            },
            Format::Qapi => {
                let (schema, sources, diagnostics) = qapi::read(path, loader);
                Document::checked(schema, sources, diagnostics)
            }
        }
    }

    /// Runs the checks every model gets, whatever its text, and gathers the report.
    fn checked(
        schema: Schema,
        sources: Vec<SourceFile>,
        mut diagnostics: Vec<Diagnostic>,
    ) -> Document {
        diagnostics.extend(check::check(&schema, &sources));
        diagnostics.sort_by_key(|d| (d.span.file, d.span.start, d.span.line, d.span.column));
        Document {
            schema,
            report: Report::new(sources, diagnostics),
        }
    }

    fn unreadable(report: Report) -> Document {
        Document {
            schema: Schema::default(),
            report,
        }
    }

    /// The paths of every file read, the root first: what a build must be rerun for.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.report
            .sources
            .iter()
            .map(|source| source.path.as_str())
    }
}

fn unreadable_report(path: &Path, error: &std::io::Error) -> Report {
    let message = format!("cannot read the document: {error}");
    Report::new(
        vec![SourceFile::new(path.display().to_string(), "")],
        vec![Diagnostic::error(Span::default(), message)],
    )
}

/// A loader that serves one file from memory and every other from another loader:
/// a QAPI root held as text, whose includes are on the disk.
struct RootFirst<'a> {
    root: &'a MemoryFiles,
    rest: &'a dyn FileLoader,
}

impl FileLoader for RootFirst<'_> {
    fn load(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        self.root.load(path).or_else(|_| self.rest.load(path))
    }
}
