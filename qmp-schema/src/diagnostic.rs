//! Problems found in a document, and how they are shown.
//!
//! Messages follow QEMU's schema checker: `path:line:col: error: message`, preceded by
//! `In file included from parent.json:12:` for each file that includes the one at fault,
//! then `path: In event 'NAME':` when the problem lies inside an event's definition, and
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
    /// The definition that holds the problem, as the context line names it (`event
    /// 'STOP'`, `struct 'VncServerInfo'`), if any.
    pub context: Option<String>,
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
            context: None,
        }
    }

    /// Names the event whose section holds the problem.
    pub fn in_event(mut self, event: impl Into<String>) -> Diagnostic {
        let event = event.into();
        self.context = Some(format!("event '{event}'"));
        self.event = Some(event);
        self
    }

    /// Names the definition that holds the problem: `kind` as the schema spells it
    /// (`struct`, `union`, `event`, ...) and its name.
    pub fn in_definition(self, kind: &str, name: &str) -> Diagnostic {
        if kind == "event" {
            return self.in_event(name);
        }
        Diagnostic {
            context: Some(format!("{kind} '{name}'")),
            ..self
        }
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

    /// The full form, for a diagnostic of a single-file document: context line,
    /// headline, and the source line with a caret.
    pub fn render(&self, source: &SourceFile, color: bool) -> String {
        self.render_in(std::slice::from_ref(source), color)
    }

    /// The full form, for a diagnostic of a document made of several files (`sources`
    /// indexed by [`Span::file`]): the chain of includes that led to its file, the context
    /// line, the headline, and the source line with a caret.
    pub fn render_in(&self, sources: &[SourceFile], color: bool) -> String {
        let Some(source) = sources
            .iter()
            .find(|source| source.id == self.span.file)
            .or(sources.first())
        else {
            return format!("{}\n", self.headline("<unknown file>"));
        };
        let mut out = include_chain(source, sources);
        if let Some(context) = &self.context {
            out.push_str(&format!("{}: In {context}:\n", source.path));
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

/// `In file included from parent.json:12:` lines, outermost file first, as QEMU's
/// checker (and C compilers) print them.
fn include_chain(source: &SourceFile, sources: &[SourceFile]) -> String {
    let mut lines = Vec::new();
    let mut from = source.included_from;
    // Each step goes to a file read earlier, so the walk ends; the bound keeps a
    // hand-made cycle from looping.
    while let Some(span) = from.take().filter(|_| lines.len() < sources.len()) {
        let Some(parent) = sources.iter().find(|s| s.id == span.file) else {
            break;
        };
        lines.push(format!(
            "In file included from {}:{}:\n",
            parent.path, span.line
        ));
        from = parent.included_from;
    }
    lines.reverse();
    lines.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_in_qemu_style() {
        let span = Span {
            file: 0,
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
            file: 0,
            line: 1,
            column: 1,
            start: 1,
            end: 1,
        };
        let rendered = Diagnostic::error(span, "m").render(&source, false);
        assert!(rendered.contains("x:1:1: error: m"), "{rendered}");
    }
}

/// Every diagnostic found in one document, with the files they point into.
#[derive(Debug, Clone)]
pub struct Report {
    /// The files read: the root first (always present, if only as an empty stand-in for
    /// a file that could not be read), then included files, as [`Span::file`] indexes
    /// them.
    pub sources: Vec<SourceFile>,
    /// Its problems, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// A report on these files.
    pub fn new(sources: Vec<SourceFile>, diagnostics: Vec<Diagnostic>) -> Report {
        Report {
            sources,
            diagnostics,
        }
    }

    /// The root file: the one named by the user.
    pub fn root(&self) -> &str {
        self.sources
            .first()
            .map_or("", |source| source.path.as_str())
    }

    /// The file a span points into.
    pub fn source_of(&self, span: &Span) -> Option<&SourceFile> {
        self.sources.iter().find(|source| source.id == span.file)
    }

    /// A diagnostic's one-line form, `path:line:col: error: message`, with its file's
    /// path.
    pub fn headline(&self, diagnostic: &Diagnostic) -> String {
        let path = self
            .source_of(&diagnostic.span)
            .map_or(self.root(), |source| source.path.as_str());
        diagnostic.headline(path)
    }

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
            .map(|d| d.render_in(&self.sources, color))
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
