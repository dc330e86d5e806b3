//! Typed Rust for QEMU's QMP events, generated from QEMU's own event document
//! (`qmp-events.txt`).
//!
//! The document is read by a nom parser into a [`Schema`], checked against itself
//! (every example must agree with its field list), and turned into Rust.
//!
//! ```
//! let document = qmp_schema::Document::from_text(
//!     "events.txt",
//!     "STOP\n----\n\nEmitted when the VM is stopped.\n\nData: None.\n",
//! );
//! assert!(!document.report.has_errors());
//! assert_eq!(document.schema.sections[0].names[0].name, "STOP");
//! ```

mod builder;
pub mod check;
pub mod codegen;
pub mod derive;
pub mod diagnostic;
pub mod diff;
pub mod doc_page;
pub mod docs;
pub mod model;
pub mod output;
mod parse;
pub mod source;

pub use builder::{BuildError, Builder};
pub use diagnostic::{Diagnostic, Report, Severity};
pub use model::{Data, EnumValue, EventName, Example, Field, Note, Schema, Section, Span, Type};
pub use source::SourceFile;

use std::path::Path;

/// A document read, parsed and checked: its model and every problem found in it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The model, as complete as the text allows (empty when the file could not be read).
    pub schema: Schema,
    /// Errors and warnings, in document order.
    pub report: Report,
}

impl Document {
    /// Parses and checks a document already in memory.
    pub fn from_source(source: SourceFile) -> Document {
        let (schema, mut diagnostics) = parse::parse(&source);
        diagnostics.extend(check::check(&schema, &source));
        diagnostics.sort_by_key(|d| (d.span.start, d.span.line, d.span.column));
        Document {
            schema,
            report: Report {
                source,
                diagnostics,
            },
        }
    }

    /// Parses and checks text; `path` is the name diagnostics use.
    pub fn from_text(path: impl Into<String>, text: &str) -> Document {
        Document::from_source(SourceFile::new(path, text))
    }

    /// Parses and checks raw bytes (which must be UTF-8).
    pub fn from_bytes(path: impl Into<String>, bytes: &[u8]) -> Document {
        match SourceFile::from_bytes(path, bytes) {
            Ok(source) => Document::from_source(source),
            Err(report) => Document::unreadable(*report),
        }
    }

    /// Reads, parses and checks a file. A file that cannot be read gives a document with
    /// no sections and an error in its report.
    pub fn read(path: impl AsRef<Path>) -> Document {
        match SourceFile::read(path.as_ref()) {
            Ok(source) => Document::from_source(source),
            Err(report) => Document::unreadable(*report),
        }
    }

    fn unreadable(report: Report) -> Document {
        Document {
            schema: Schema {
                title: None,
                sections: Vec::new(),
            },
            report,
        }
    }
}
