//! Problems found in a document, and how they are shown.
//!
//! Messages follow QEMU's schema checker: `path:line:col: error: message`, preceded by
//! `path: In event 'NAME':` when the problem lies inside an event's section, and
//! followed by the source line with a caret under the spot (drawn by annotate-snippets).

use crate::model::Span;
use crate::source::SourceFile;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document disagrees with itself, but can still be modelled faithfully.
    Warning,
    /// The document cannot be modelled faithfully; nothing is generated from it.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem at one place in the document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence without a final period.
    pub message: String,
    /// Where it is.
    pub span: Span,
    /// The event whose section holds the problem, if any.
    pub event: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, span, message)
    }

    /// A warning at `span`.
    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, span, message)
    }

    fn new(severity: Severity, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            message: message.into(),
            span,
            event: None,
        }
    }

    /// Names the event whose section holds the problem.
    pub fn in_event(mut self, event: impl Into<String>) -> Diagnostic {
        self.event = Some(event.into());
        self
    }

    /// The one-line form: `path:line:col: error: message`.
    pub fn headline(&self, path: &str) -> String {
        if self.span.line == 0 {
            format!("{path}: {}: {}", self.severity, self.message)
        } else {
            format!(
                "{path}:{}:{}: {}: {}",
                self.span.line, self.span.column, self.severity, self.message
            )
        }
    }

    /// The full form: context line, headline, and the source line with a caret.
    pub fn render(&self, source: &SourceFile, color: bool) -> String {
        let mut out = String::new();
        if let Some(event) = &self.event {
            out.push_str(&format!("{}: In event '{event}':\n", source.path));
        }
        out.push_str(&self.headline(&source.path));
        out.push('\n');
        if self.span.line == 0 {
            return out;
        }
        let line = source.line_text(self.span.line);
        let line_start = source.line_start(self.span.line);
        // Spans made by the parser lie on character boundaries of their line; a span built
        // by hand might not, and rendering must not panic on it.
        let mut start = self.span.start.saturating_sub(line_start).min(line.len());
        while !line.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = self
            .span
            .end
            .saturating_sub(line_start)
            .clamp(start, line.len());
        while !line.is_char_boundary(end) {
            end += 1;
        }
        // A caret needs at least one character to stand under; an empty span points at
        // the character after it.
        if end == start {
            end = line
                .get(start..)
                .and_then(|rest| rest.chars().next())
                .map_or(start, |c| start + c.len_utf8());
        }
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let snippet = Snippet::source(line)
            .line_start(self.span.line)
            .fold(false)
            .annotation(AnnotationKind::Primary.span(start..end));
        let report = &[Group::with_level(level).element(snippet)];
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        out.push_str(&renderer.render(report));
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_in_qemu_style() {
        let span = Span {
            line: 3,
            column: 7,
            start: 20,
            end: 24,
        };
        let diagnostic = Diagnostic::error(span, "unknown type 'json-foo'");
        assert_eq!(
            diagnostic.headline("events.txt"),
            "events.txt:3:7: error: unknown type 'json-foo'"
        );
        let unplaced = Diagnostic::warning(Span::default(), "no position");
        assert_eq!(unplaced.headline("x"), "x: warning: no position");
    }

    #[test]
    fn render_names_the_event_and_draws_a_caret() {
        let source = SourceFile::new("events.txt", "STOP\n----\n\n- \"a\": x (json-foo)\n");
        let diagnostic =
            Diagnostic::error(source.span(21, 29), "unknown type 'json-foo'").in_event("STOP");
        assert_eq!(
            diagnostic.render(&source, false),
            "events.txt: In event 'STOP':\n\
             events.txt:4:11: error: unknown type 'json-foo'\n  \
             |\n4 | - \"a\": x (json-foo)\n  |           ^^^^^^^^\n"
        );
    }

    #[test]
    fn render_survives_a_span_inside_a_character() {
        let source = SourceFile::new("x", "é\n");
        let span = Span {
            line: 1,
            column: 1,
            start: 1,
            end: 1,
        };
        let rendered = Diagnostic::error(span, "m").render(&source, false);
        assert!(rendered.contains("x:1:1: error: m"), "{rendered}");
    }
}

/// Every diagnostic found in one document, with the document they point into.
#[derive(Debug, Clone)]
pub struct Report {
    /// The document.
    pub source: SourceFile,
    /// Its problems, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// All diagnostics in their full form, one after another.
    pub fn render(&self, color: bool) -> String {
        self.diagnostics
            .iter()
            .map(|d| d.render(&self.source, color))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for Report {}
