//! The nom parser: document text to [`Schema`], with diagnostics.
//!
//! The grammar, from the outside in: an optional title underlined with `=`; sections,
//! each a heading line underlined with `-` and a body running to the next heading (a
//! lone line of event names between blank lines is a heading that lost its underline:
//! reported, and read as a heading so that the rest of the document reads normally);
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
use lines::{blank_line, is_blank, line, text_line, underline};
use nom::branch::alt;
use nom::combinator::{eof, peek, verify};
use nom::sequence::terminated;
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

    pub fn error_span(&mut self, span: Span, message: String) {
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
    // The preamble starts a paragraph, so a heading that lost its underline can open it.
    let (mut input, preamble) = body(input, true);
    let _ = section::parse_body(&mut cx, preamble);
    let mut sections = Vec::new();
    while let Ok((rest, heading)) = heading(input) {
        let (rest, body_text) = body(rest, heading.underline.is_none());
        sections.push(read_section(&mut cx, heading, body_text));
        input = rest;
    }
    cx.event = None;
    if sections.is_empty() {
        let (at, message) = match text.find(|c: char| !c.is_whitespace()) {
            None => (0, "the document is empty"),
            Some(at) => (
                at,
                "the document has no sections: no heading underlined with '-' was found",
            ),
        };
        cx.push(Diagnostic::error(source.point(at), message.to_owned()));
    }
    (
        Schema {
            title,
            sections,
            ..Schema::default()
        },
        cx.diagnostics,
    )
}

/// A title line underlined with `=`.
fn title(input: &str) -> IResult<&str, &str> {
    let (rest, (title, _)) = (text_line, underline('=')).parse(input)?;
    Ok((rest, title))
}

/// A section heading as found in the text.
struct Heading<'a> {
    /// The line naming the events.
    line: &'a str,
    /// Its `-` underline; `None` for a heading that lost it (an error, but the section is
    /// still read as one, so that one mistake gives one message).
    underline: Option<&'a str>,
}

/// A heading line and its `-` underline, or a lone line of event names.
fn heading(input: &str) -> IResult<&str, Heading<'_>> {
    alt((
        underlined_heading,
        lone_heading.map(|line| Heading {
            line,
            underline: None,
        }),
    ))
    .parse(input)
}

fn underlined_heading(input: &str) -> IResult<&str, Heading<'_>> {
    (line, underline('-'))
        .map(|(line, underline)| Heading {
            line,
            underline: Some(underline),
        })
        .parse(input)
}

/// A line holding nothing but event names, followed by a blank line or the end: a
/// heading whose underline is missing. (Only where a paragraph may start; see [`body`].)
fn lone_heading(input: &str) -> IResult<&str, &str> {
    terminated(
        verify(text_line, heading::is_heading_line),
        peek(alt((blank_line, eof))),
    )
    .parse(input)
}

/// Lines up to the next heading: an underlined one anywhere, or a lone line of names at
/// the start of a paragraph. `at_paragraph_start` says whether the first line starts one.
fn body(input: &str, at_paragraph_start: bool) -> (&str, &str) {
    let mut rest = input;
    let mut paragraph_start = at_paragraph_start;
    while let Ok((next, text)) = line(rest) {
        // `underlined_heading(rest)`, reusing the line just read.
        if underline('-')(next).is_ok() || (paragraph_start && lone_heading(rest).is_ok()) {
            break;
        }
        paragraph_start = is_blank(text);
        rest = next;
    }
    (rest, &input[..input.len() - rest.len()])
}

fn read_section<'a>(cx: &mut Context<'a>, heading: Heading<'a>, body_text: &'a str) -> Section {
    let names = read_heading(cx, &heading);
    cx.event = names.first().map(|n| n.name.clone());
    let span = match heading.underline {
        Some(underline) if is_blank(heading.line) => cx.span(underline),
        _ => cx.span(heading.line),
    };
    let body = section::parse_body(cx, body_text);
    Section {
        description: body.description,
        data: body.data,
        examples: body.examples,
        notes: body.notes,
        ..Section::new(names, span)
    }
}

fn read_heading<'a>(cx: &mut Context<'a>, heading: &Heading<'a>) -> Vec<EventName> {
    cx.event = None;
    let line = heading.line;
    let Some(underline) = heading.underline else {
        cx.error_at(
            line.trim(),
            format!(
                "'{}' looks like a section heading, but has no '-' underline",
                line.trim()
            ),
        );
        return event_names(cx, line);
    };
    if is_blank(line) {
        cx.error_at(
            underline.trim_start(),
            "a section with no name: the line above this underline is empty".to_owned(),
        );
        return Vec::new();
    }
    if heading::heading_names(line).is_err() {
        cx.error_at(
            line.trim_start(),
            format!(
                "a section heading must name events (like BLOCK_IO_ERROR), found '{}'",
                line.trim()
            ),
        );
    }
    event_names(cx, line)
}

/// The event names of a heading line (none when it is not a list of names).
fn event_names<'a>(cx: &Context<'a>, line: &'a str) -> Vec<EventName> {
    match heading::heading_names(line) {
        Ok((_, names)) => names
            .into_iter()
            .map(|name| EventName {
                name: name.to_owned(),
                span: cx.span(name),
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}
