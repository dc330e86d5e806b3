//! The body of a section: blocks separated by blank lines.
//!
//! A body is read into [`Block`]s first (description paragraphs, the `Data:` block, field
//! lists, notes, examples); [`assemble`] then gives each block its meaning from its
//! neighbours (a paragraph ending with `:` right before an example is that example's
//! label; prose right after an empty `Data:` describes the data).

use super::Context;
use super::fields::{
    join_words, looks_like_item, parse_field_list, skip_blank_lines, starts_field_item,
};
use super::heading::is_lone_heading;
use super::lines::{Label, is_blank, json_start, label, line};
use crate::json_brackets::Brackets;
use crate::model::{Data, Example, Field, Note};
use nom::Parser;
use nom::bytes::complete::take_till;
use nom::character::complete::space0;

/// A block of a section body, as read.
enum Block<'a> {
    /// Free text.
    Paragraph(&'a str),
    /// `Description: ...`
    Description(&'a str),
    /// `Data: ...`: the label, and the text after its colon (with continuation lines).
    Data { label: &'a str, text: &'a str },
    /// A field list.
    Fields(Vec<Field>, &'a str),
    /// `Example:` or `Examples:`
    ExampleLabel,
    /// `Note: ...`
    Note { label: &'a str, text: &'a str },
    /// A JSON example (possibly broken).
    Json(&'a str),
}

/// What a section's body says.
pub struct Body {
    /// Description paragraphs joined by blank lines.
    pub description: String,
    /// The data block.
    pub data: Data,
    /// Examples in order.
    pub examples: Vec<Example>,
    /// Notes in order.
    pub notes: Vec<Note>,
}

/// Reads a section body.
pub fn parse_body<'a>(cx: &mut Context<'a>, body: &'a str) -> Body {
    let blocks = read_blocks(cx, body);
    assemble(cx, blocks)
}

fn read_blocks<'a>(cx: &mut Context<'a>, mut input: &'a str) -> Vec<Block<'a>> {
    let mut blocks = Vec::new();
    loop {
        input = skip_blank_lines(input);
        let Ok((after_line, text)) = line(input) else {
            break;
        };
        if let Ok((after_label, kind)) = label(input) {
            let label_text = &input[..input.len() - after_label.len()];
            let (rest, block) = read_labelled(label_text, after_label, kind);
            blocks.push(block);
            input = rest;
        } else if json_start(input).is_ok() {
            let (rest, example) = read_json_block(input);
            blocks.push(Block::Json(example));
            input = rest;
        } else if starts_field_item(text) || (opens_data_list(&blocks) && looks_like_item(text)) {
            let (rest, fields) = parse_field_list(cx, input);
            blocks.push(Block::Fields(fields, text));
            // A list that could not read a single line would not advance.
            input = if rest.len() == input.len() {
                after_line
            } else {
                rest
            };
        } else {
            let (rest, paragraph) = read_paragraph(input, starts_block_or_fields);
            if is_lone_heading(paragraph) {
                cx.error_at(
                    paragraph.trim_end(),
                    format!(
                        "'{}' looks like a section heading, but has no '-' underline",
                        paragraph.trim()
                    ),
                );
            }
            blocks.push(Block::Paragraph(paragraph));
            input = rest;
        }
    }
    blocks
}

/// Reads a block that starts with a label: `label_text` is the label with its colon,
/// `input` what follows it.
fn read_labelled<'a>(label_text: &'a str, input: &'a str, kind: Label) -> (&'a str, Block<'a>) {
    let label_end = input;
    match kind {
        Label::Example => {
            // Anything after `Example:` on its line is a label's afterthought; the
            // examples are the JSON blocks that follow.
            let rest = line(input).map_or(input, |(rest, _)| rest);
            (rest, Block::ExampleLabel)
        }
        Label::Description => {
            let (rest, text) = read_paragraph(input, starts_block);
            (rest, Block::Description(text))
        }
        Label::Data => {
            // After `Data:`, any dashed line starts the field list, so that a malformed
            // item is reported as one rather than read as prose.
            let (rest, text) = read_paragraph(input, starts_block_or_items);
            (
                rest,
                Block::Data {
                    label: label_text,
                    text,
                },
            )
        }
        Label::Note => {
            let (rest, text) = read_paragraph(input, starts_block);
            (
                rest,
                Block::Note {
                    label: label_end,
                    text,
                },
            )
        }
    }
}

/// Whether a line after the first of a paragraph starts another block.
fn starts_block(text: &str) -> bool {
    label(text).is_ok() || json_start(text).is_ok()
}

/// Prose (free paragraphs, the text after `Data:`) also stops at a field list.
fn starts_block_or_fields(text: &str) -> bool {
    starts_block(text) || starts_field_item(text)
}

/// Text after `Data:` stops at any list item.
fn starts_block_or_items(text: &str) -> bool {
    starts_block(text) || looks_like_item(text)
}

/// Whether the blocks read so far end with a `Data:` label that says nothing else, so
/// that what follows is its field list.
fn opens_data_list(blocks: &[Block<'_>]) -> bool {
    matches!(blocks.last(), Some(Block::Data { text, .. }) if is_blank(text))
}

/// Reads lines up to a blank line or a line for which `ends` holds (the first line is
/// always taken). Returns the rest and the paragraph as one slice, without its final
/// line end.
fn read_paragraph(input: &str, ends: fn(&str) -> bool) -> (&str, &str) {
    let mut rest = match line(input) {
        Ok((rest, _)) => rest,
        Err(_) => return (input, ""),
    };
    while let Ok((after, text)) = line(rest) {
        if is_blank(text) || ends(text) {
            break;
        }
        rest = after;
    }
    let taken = &input[..input.len() - rest.len()];
    (rest, taken.strip_suffix('\n').unwrap_or(taken))
}

/// Reads a JSON example. It runs to the blank line after its braces balance, so text
/// glued to it (a stray brace) stays with it and makes it invalid, and an unbalanced one
/// goes on across blank lines only while the next line still looks like JSON.
fn read_json_block(input: &str) -> (&str, &str) {
    let mut depth: i64 = 0;
    let mut rest = input;
    let mut first = true;
    while let Ok((after, text)) = line(rest) {
        if !first && (label(text).is_ok() || starts_field_item(text)) {
            break;
        }
        if is_blank(text) {
            if depth <= 0 || !next_line_continues_json(after) {
                break;
            }
        } else {
            depth += brace_balance(text);
        }
        first = false;
        rest = after;
    }
    let taken = &input[..input.len() - rest.len()];
    (rest, taken.trim_end())
}

/// Whether the next non-blank line reads as more of an unfinished JSON value.
fn next_line_continues_json(input: &str) -> bool {
    let input = skip_blank_lines(input);
    let Ok((text, _)) = space0::<&str, nom::error::Error<&str>>.parse(input) else {
        return false;
    };
    let Ok((_, first_line)) =
        take_till::<_, &str, nom::error::Error<&str>>(|c| c == '\n').parse(text)
    else {
        return false;
    };
    let starts_indented = input.starts_with([' ', '\t']);
    starts_indented && first_line.starts_with(['"', '}', ']', ','])
}

/// `{` and `[` opened minus closed on a line, outside strings.
fn brace_balance(text: &str) -> i64 {
    let mut brackets = Brackets::default();
    let mut rest = text;
    // Feeding stops where the outermost bracket closes; the rest of the line counts too.
    while let Some(end) = brackets.feed(rest) {
        rest = &rest[end..];
    }
    brackets.depth()
}

/// Gives the blocks their meaning.
fn assemble<'a>(cx: &mut Context<'a>, blocks: Vec<Block<'a>>) -> Body {
    let mut description: Vec<String> = Vec::new();
    let mut data: Option<Data> = None;
    let mut data_label: Option<&'a str> = None;
    let mut awaiting_data = false;
    let mut examples = Vec::new();
    let mut notes = Vec::new();
    let mut pending_label: Option<String> = None;
    let next_is_json: Vec<bool> = (0..blocks.len())
        .map(|i| matches!(blocks.get(i + 1), Some(Block::Json(_))))
        .collect();
    for (index, block) in blocks.into_iter().enumerate() {
        let was_awaiting = std::mem::take(&mut awaiting_data);
        match block {
            Block::Paragraph(text) if next_is_json[index] && text.trim_end().ends_with(':') => {
                let label = join_words(text.lines());
                pending_label = Some(label.trim_end_matches(':').trim_end().to_owned());
            }
            Block::Paragraph(text) if was_awaiting => {
                data = Some(Data::Undescribed {
                    text: join_words(text.lines()),
                });
            }
            Block::Paragraph(text) | Block::Description(text) => {
                let text = join_words(text.lines());
                if !text.is_empty() {
                    description.push(text);
                }
            }
            Block::Data { label, text } => {
                match data_label {
                    // Read on as more data: a field list is kept whichever label it
                    // follows, so one message covers the mistake.
                    Some(first) => cx.warning_at(
                        label,
                        format!(
                            "a second 'Data:' in one section (the first is at line {})",
                            cx.span(first).line
                        ),
                    ),
                    None => data_label = Some(label),
                }
                let prose = join_words(text.lines());
                let said = if prose.is_empty() {
                    awaiting_data = true;
                    None
                } else if prose.trim_end_matches('.').eq_ignore_ascii_case("none") {
                    Some(Data::None)
                } else {
                    Some(Data::Undescribed { text: prose })
                };
                if let Some(said) = said
                    && !matches!(data, Some(Data::Fields(_)))
                {
                    data = Some(said);
                }
            }
            Block::Fields(fields, first_line) => match &mut data {
                Some(Data::Fields(existing)) => existing.extend(fields),
                Some(Data::None) if !was_awaiting => {
                    cx.warning_at(
                        first_line.trim_start(),
                        "'Data: None.' is followed by fields; the fields are used".to_owned(),
                    );
                    data = Some(Data::Fields(fields));
                }
                _ => {
                    if data_label.is_none() {
                        cx.warning_at(
                            first_line.trim_start(),
                            "a field list without a 'Data:' label".to_owned(),
                        );
                    }
                    data = Some(Data::Fields(fields));
                }
            },
            Block::ExampleLabel => {}
            Block::Note { label, text } => notes.push(Note {
                text: join_words(text.lines()),
                span: cx.span(label),
            }),
            Block::Json(text) => {
                examples.push(read_example(cx, text, pending_label.take()));
            }
        }
    }
    Body {
        description: description.join("\n\n"),
        data: data.unwrap_or(Data::Undescribed {
            text: String::new(),
        }),
        examples,
        notes,
    }
}

/// Parses an example's JSON; text that is not JSON is kept, with a warning at the spot
/// where it stops being JSON.
fn read_example(cx: &mut Context<'_>, text: &str, label: Option<String>) -> Example {
    // `<-` marks a message from the server in QMP transcripts; blanking it keeps every
    // offset of the text valid.
    let json_text = text.replacen("<-", "  ", usize::from(text.trim_start().starts_with("<-")));
    let json = match serde_json::from_str::<serde_json::Value>(&json_text) {
        Ok(value) => Some(value),
        Err(err) => {
            // At the end of the text, serde_json can only say "EOF"; the bracket that is
            // never closed is the useful place to point at.
            let (at, message) = match unclosed_bracket(text) {
                Some((at, what)) if err.is_eof() => (
                    at,
                    format!("example is not valid JSON: this {what} is never closed"),
                ),
                _ => (
                    offset_of_line_column(text, err.line(), err.column()),
                    format!("example is not valid JSON: {}", json_error_message(&err)),
                ),
            };
            let start = cx.offset(text) + at;
            cx.warning_span(cx.source.span(start, start + 1), message);
            None
        }
    };
    Example {
        label,
        text: text.to_owned(),
        json,
        span: cx.span(text),
        line_starts: Vec::new(),
    }
}

/// What is left open at the end of an example's text, innermost first: a string, or
/// else a `{` or `[` (outside strings); with its offset and how messages name it.
fn unclosed_bracket(text: &str) -> Option<(usize, &'static str)> {
    let mut open: Vec<(usize, &'static str)> = Vec::new();
    let mut string_start = None;
    let mut escaped = false;
    for (offset, c) in text.char_indices() {
        if string_start.is_some() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                // JSON strings end on their line; serde_json reports a newline in one.
                '"' | '\n' => string_start = None,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => string_start = Some(offset),
            '{' => open.push((offset, "'{'")),
            '[' => open.push((offset, "'['")),
            '}' | ']' => {
                open.pop();
            }
            _ => {}
        }
    }
    string_start.map(|at| (at, "string")).or(open.pop())
}

/// serde_json's message without its ` at line L column C` suffix (we give our own).
fn json_error_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message,
    }
}

/// The byte offset in `text` of serde_json's 1-based line and column (its column counts
/// bytes, and is 0 at a line's end-of-line position).
fn offset_of_line_column(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (index, line_text) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            let column = column
                .saturating_sub(1)
                .min(line_text.trim_end_matches('\n').len());
            return offset + column;
        }
        offset += line_text.len();
    }
    text.len().saturating_sub(1)
}
