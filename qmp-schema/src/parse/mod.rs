//! The nom parser: document text to [`Schema`], with diagnostics.
//!
//! The grammar, from the outside in: an optional title underlined with `=`; sections,
//! each a heading line underlined with `-` and a body running to the next heading;
//! a body made of blocks (see [`section`]); field lists (see [`fields`]) whose items end
//! in a type annotation (see [`annotation`]).

mod annotation;
mod fields;
mod heading;
mod lines;
mod section;

use crate::diagnostic::Diagnostic;
use crate::model::{EventName, Schema, Section, Span};
use crate::source::SourceFile;
use fields::skip_blank_lines;
use lines::{line, text_line, underline};
use nom::combinator::{not, peek, recognize};
use nom::multi::many0;
use nom::{IResult, Parser};

/// State shared by the parsers of one document: the source (to turn slices into spans)
/// and the diagnostics gathered so far.
pub(crate) struct Context<'a> {
    pub source: &'a SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    /// The event whose section is being read, for the diagnostics' context line.
    pub event: Option<String>,
}

impl<'a> Context<'a> {
    fn new(source: &'a SourceFile) -> Context<'a> {
        Context {
            source,
            diagnostics: Vec::new(),
            event: None,
        }
    }

    /// The byte offset of a slice of the source text.
    pub fn offset(&self, slice: &str) -> usize {
        self.source.offset_of(slice)
    }

    /// The span of a slice of the source text.
    pub fn span(&self, slice: &str) -> Span {
        self.source.span_of(slice)
    }

    pub fn error_at(&mut self, slice: &str, message: String) {
        let span = self.span(slice);
        self.push(Diagnostic::error(span, message));
    }

    pub fn warning_at(&mut self, slice: &str, message: String) {
        let span = self.span(slice);
        self.warning_span(span, message);
    }

    pub fn warning_span(&mut self, span: Span, message: String) {
        self.push(Diagnostic::warning(span, message));
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        let diagnostic = match &self.event {
            Some(event) => diagnostic.in_event(event.clone()),
            None => diagnostic,
        };
        self.diagnostics.push(diagnostic);
    }
}

/// Parses a document into its model. The model is always returned, as complete as the
/// text allows; the diagnostics say what could not be read.
pub fn parse(source: &SourceFile) -> (Schema, Vec<Diagnostic>) {
    let mut cx = Context::new(source);
    let text = source.text.as_str();
    let input = skip_blank_lines(text);
    let (input, title) = match title(input) {
        Ok((rest, title)) => (rest, Some(title.trim().to_owned())),
        Err(_) => (input, None),
    };
    let (mut input, preamble) = body(input).unwrap_or((input, ""));
    // A preamble is free text, but a heading that lost its underline lands here too.
    let _ = section::parse_body(&mut cx, preamble);
    let mut sections = Vec::new();
    while let Ok((rest, (heading_line, underline_line))) = heading(input) {
        let (rest, body_text) = body(rest).unwrap_or((rest, ""));
        sections.push(read_section(
            &mut cx,
            heading_line,
            underline_line,
            body_text,
        ));
        input = rest;
    }
    cx.event = None;
    if sections.is_empty() {
        let message = if text.trim().is_empty() {
            "the document is empty"
        } else {
            "the document has no sections: no heading underlined with '-' was found"
        };
        cx.push(Diagnostic::error(source.span(0, 0), message.to_owned()));
    }
    (Schema { title, sections }, cx.diagnostics)
}

/// A title line underlined with `=`.
fn title(input: &str) -> IResult<&str, &str> {
    let (rest, (title, _)) = (text_line, underline('=')).parse(input)?;
    Ok((rest, title))
}

/// A heading line and its `-` underline.
fn heading(input: &str) -> IResult<&str, (&str, &str)> {
    (line, underline('-')).parse(input)
}

/// Lines up to the next heading.
fn body(input: &str) -> IResult<&str, &str> {
    recognize(many0((not(peek(heading)), line))).parse(input)
}

fn read_section<'a>(
    cx: &mut Context<'a>,
    heading_line: &'a str,
    underline_line: &'a str,
    body_text: &'a str,
) -> Section {
    let names = read_heading(cx, heading_line, underline_line);
    cx.event = names.first().map(|n| n.name.clone());
    let span = if heading_line.trim().is_empty() {
        cx.span(underline_line)
    } else {
        cx.span(heading_line)
    };
    let body = section::parse_body(cx, body_text);
    Section {
        names,
        span,
        description: body.description,
        data: body.data,
        examples: body.examples,
        notes: body.notes,
    }
}

fn read_heading<'a>(
    cx: &mut Context<'a>,
    heading_line: &'a str,
    underline_line: &'a str,
) -> Vec<EventName> {
    cx.event = None;
    if heading_line.trim().is_empty() {
        cx.error_at(
            underline_line.trim_start(),
            "a section with no name: the line above this underline is empty".to_owned(),
        );
        return Vec::new();
    }
    match heading::heading_names(heading_line) {
        Ok((_, names)) => names
            .into_iter()
            .map(|name| EventName {
                name: name.to_owned(),
                span: cx.span(name),
            })
            .collect(),
        Err(_) => {
            cx.error_at(
                heading_line.trim_start(),
                format!(
                    "a section heading must name events (like BLOCK_IO_ERROR), found '{}'",
                    heading_line.trim()
                ),
            );
            Vec::new()
        }
    }
}
