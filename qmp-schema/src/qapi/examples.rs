//! Event examples in doc comments: `<- { "event": ... }` messages, the lines QMP
//! transcripts mark as sent by QEMU.
//!
//! Any doc comment may hold them (a command's example often shows the events it
//! causes), in an `Example:` section, a `.. qmp-example::` directive, or a `::` block.
//! A message runs from its `{` over as many lines as it takes to close it. Messages
//! QEMU sends that are not events (`<- { "return": ... }`) are not examples of events.
//!
//! The `"event"` member need not come first (QEMU 10.0's MIGRATION_PASS puts the
//! timestamp first). Some examples of QEMU 2.9 to 7.2 leave out the arrow
//! (`{ "event": "QUORUM_REPORT_BAD", ... }`): inside an example section, a message
//! without `<-` is an example too when it is JSON with an `"event"` member.

use super::Reading;
use super::doc::{Doc, ExampleBlock};
use super::syntax::DocComment;
use crate::json_brackets::Brackets;
use crate::model::{Direction, Example, Transcript, TranscriptMessage};

/// The event examples of a doc comment, in order. Text that starts like an event but is
/// not JSON (an elision `...`, a missing comma) is kept without its JSON, with a warning.
pub fn event_examples(
    doc: &Doc<'_>,
    comment: &DocComment<'_>,
    cx: &mut Reading<'_>,
) -> Vec<Example> {
    let mut examples = Vec::new();
    let lines = &comment.lines;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        // Only events are examples of events: a command's `return` is skipped unread.
        let arrowed = message_start(line);
        let Some(message) = arrowed.or_else(|| bare_message_start(doc, line)) else {
            index += 1;
            continue;
        };
        let (end, complete) = message_end(lines, index, message);
        // The message starts after `<- `; its further lines are indented to match, and
        // lose that much indentation so that the text reads as the JSON it is.
        let column = line.len() - message.len();
        let pieces: Vec<&str> = std::iter::once(message)
            .chain(lines[index + 1..end].iter().map(|next| {
                let blanks = next.bytes().take(column).take_while(|b| *b == b' ').count();
                &next[blanks..]
            }))
            .collect();
        index = end;
        let text = pieces.join("\n");
        let parsed = serde_json::from_str::<serde_json::Value>(&text);
        // An event message has an `"event"` member (not always first: some put the
        // timestamp first). Text that is not JSON is taken for an event's only when it
        // starts like one, after the arrow.
        let is_event = match &parsed {
            Ok(json) => json.get("event").is_some(),
            Err(_) => arrowed.is_some_and(starts_with_event_key),
        };
        if !is_event {
            continue;
        }
        let json = match parsed {
            Ok(json) => Some(json),
            Err(error) => {
                not_json(
                    cx,
                    &pieces,
                    &error,
                    complete,
                    "it is not checked against its event",
                );
                None
            }
        };
        examples.push(Example {
            label: title_of(doc, line),
            text,
            json,
            span: cx.span(&message[..1]),
            line_starts: pieces
                .iter()
                .map(|piece| cx.source.offset_of(piece))
                .collect(),
        });
    }
    examples
}

/// Warns that an example's text (`pieces`, its lines) is not JSON, where serde_json
/// found it not to be.
fn not_json(
    cx: &mut Reading<'_>,
    pieces: &[&str],
    error: &serde_json::Error,
    complete: bool,
    consequence: &str,
) {
    let Some(first) = pieces.first() else {
        return;
    };
    let at = pieces
        .get(error.line().saturating_sub(1))
        .and_then(|piece| piece.get(error.column().saturating_sub(1)..))
        .filter(|rest| complete && !rest.is_empty())
        .unwrap_or(first);
    let at = &at[..at.chars().next().map_or(0, char::len_utf8)];
    let detail = if complete {
        without_position(&error.to_string())
    } else {
        "its braces are not closed".to_owned()
    };
    cx.warning(
        at,
        format!("example text is not JSON ({detail}); {consequence}"),
    );
}

/// A serde_json message without its " at line L column C", which is the example's
/// position and not the file's.
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// Whether a doc comment may hold an event example: the quick look every comment gets.
pub fn has_event_example(comment: &DocComment<'_>) -> bool {
    let lines = &comment.lines;
    lines.iter().any(|line| line.contains("\"event\""))
        && lines
            .iter()
            .any(|line| message_start(line).is_some() || line.trim_start().starts_with('{'))
}

/// A message without the arrow: a line of an example section that starts with `{`.
fn bare_message_start<'a>(doc: &Doc<'_>, line: &'a str) -> Option<&'a str> {
    let message = line.trim_start();
    (message.starts_with('{') && example_block_of(doc, line).is_some()).then_some(message)
}

/// The example block (section or directive) holding `line`, if any.
fn example_block_of<'d>(doc: &'d Doc<'_>, line: &str) -> Option<&'d ExampleBlock<'d>> {
    doc.examples
        .iter()
        .find(|block| block.lines.iter().any(|held| std::ptr::eq(*held, line)))
}

/// The message on a `<- {` line: from its `{`.
fn message_start(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("<-")?;
    let message = rest.trim_start();
    message.starts_with('{').then_some(message)
}

/// Whether a message's first member is `"event"`, as in nearly every example.
fn starts_with_event_key(message: &str) -> bool {
    message[1..].trim_start().starts_with("\"event\"")
}

/// The index of the line after the message that starts at line `start` (its text from
/// `first`), and whether its braces closed. Counting skips strings, so a brace inside a
/// string does not count; a message is also ended by a blank line or a new `<-`/`->`.
fn message_end(lines: &[&str], start: usize, first: &str) -> (usize, bool) {
    let mut brackets = Brackets::default();
    let mut index = start;
    let mut text = first;
    loop {
        if brackets.feed(text).is_some() {
            return (index + 1, true);
        }
        index += 1;
        match lines.get(index) {
            Some(next) if !next.trim().is_empty() && !is_transcript_line(next) => text = next,
            _ => return (index, false),
        }
    }
}

/// Whether a line after a closed message looks like more of it: JSON members or closing
/// brackets, not prose or another message.
fn continues_message(line: &str) -> bool {
    line.starts_with('"') || line.starts_with('}') || line.starts_with(']')
}

fn is_transcript_line(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with("<-") || trimmed.starts_with("->")
}

/// The title of the example block holding `line`, if the block has one.
fn title_of(doc: &Doc<'_>, line: &str) -> Option<String> {
    example_block_of(doc, line).and_then(|block| block.title.clone())
}

/// The command examples of a doc comment: each example block (an `Example:` section or
/// a `.. qmp-example::` directive) that holds `->` or `<-` messages is one transcript.
/// A comment without example blocks is read whole, as QEMU 2.x wrote examples in plain
/// text. A message QEMU abbreviated (`...` in place of members) is kept, marked, and
/// not warned about; other text that is not JSON is warned about.
pub fn transcripts(
    doc: &Doc<'_>,
    comment: &DocComment<'_>,
    cx: &mut Reading<'_>,
) -> Vec<Transcript> {
    let blocks: Vec<(Option<String>, &[&str])> = if doc.examples.is_empty() {
        vec![(None, comment.lines.as_slice())]
    } else {
        doc.examples
            .iter()
            .map(|block| (block.title.clone(), block.lines.as_slice()))
            .collect()
    };
    let mut transcripts = Vec::new();
    for (label, lines) in blocks {
        let messages = transcript_messages(lines, cx);
        if let Some(first) = messages.first() {
            transcripts.push(Transcript {
                label,
                span: first.span,
                messages,
            });
        }
    }
    transcripts
}

/// The `->` / `<-` messages of an example's lines, in order.
fn transcript_messages(lines: &[&str], cx: &mut Reading<'_>) -> Vec<TranscriptMessage> {
    let mut messages = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let trimmed = line.trim_start();
        let (direction, rest) = if let Some(rest) = trimmed.strip_prefix("->") {
            (Direction::ToQemu, rest)
        } else if let Some(rest) = trimmed.strip_prefix("<-") {
            (Direction::FromQemu, rest)
        } else {
            index += 1;
            continue;
        };
        let message = rest.trim_start();
        if !message.starts_with('{') {
            index += 1;
            continue;
        }
        let (mut end, complete) = message_end(lines, index, message);
        // A brace closed too early (`-> {"execute": "x"}` with the arguments on the
        // next line) leaves JSON-looking lines behind: they belong to the message,
        // which is then not JSON, rather than to nothing.
        while complete
            && lines
                .get(end)
                .is_some_and(|next| continues_message(next.trim_start()))
        {
            end += 1;
        }
        let column = line.len() - message.len();
        let pieces: Vec<&str> = std::iter::once(message)
            .chain(lines[index + 1..end].iter().map(|next| {
                let blanks = next.bytes().take(column).take_while(|b| *b == b' ').count();
                &next[blanks..]
            }))
            .collect();
        index = end;
        let text = pieces.join("\n");
        let parsed = serde_json::from_str::<serde_json::Value>(&text);
        let abbreviated = parsed.is_err() && text.contains("...");
        let json = match parsed {
            Ok(json) => Some(json),
            Err(_) if abbreviated => None,
            // An event's message is warned about as an example of its event.
            Err(_) if direction == Direction::FromQemu && starts_with_event_key(message) => None,
            Err(error) => {
                not_json(cx, &pieces, &error, complete, "it is not checked");
                None
            }
        };
        messages.push(TranscriptMessage {
            direction,
            text,
            json,
            abbreviated,
            span: cx.span(&message[..1]),
            line_starts: pieces
                .iter()
                .map(|piece| cx.source.offset_of(piece))
                .collect(),
        });
    }
    messages
}
