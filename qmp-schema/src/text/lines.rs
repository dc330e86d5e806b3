//! Line-level building blocks of the grammar: lines, blank lines, underlines, labels.
//!
//! The document is line-oriented (headings are underlined, blocks are separated by blank
//! lines), so every parser here consumes whole lines, line end included.

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_till, take_while, take_while1};
use nom::character::complete::{char, space0};
use nom::combinator::{opt, recognize, verify};
use nom::error::{Error, ErrorKind};
use nom::{Err, IResult, Parser};

/// One line without its line end; fails at the end of input so that `many0(line)`
/// terminates.
pub fn line(input: &str) -> IResult<&str, &str> {
    if input.is_empty() {
        return Err(Err::Error(Error::new(input, ErrorKind::Eof)));
    }
    // Every block parser reads lines, most of them more than once: finding the line end
    // with memchr rather than char by char is most of the parser's speed.
    Ok(match memchr::memchr(b'\n', input.as_bytes()) {
        Some(end) => (&input[end + 1..], &input[..end]),
        None => ("", input),
    })
}

/// A line holding only spaces and tabs.
pub fn blank_line(input: &str) -> IResult<&str, &str> {
    verify(line, is_blank).parse(input)
}

/// A line with something on it.
pub fn text_line(input: &str) -> IResult<&str, &str> {
    verify(line, |text: &str| !is_blank(text)).parse(input)
}

/// Whether a line holds only whitespace.
pub fn is_blank(text: &str) -> bool {
    // As `trim().is_empty()`, but stops at the first character that is not whitespace
    // instead of trimming both ends (asked of nearly every line, several times).
    text.chars().all(char::is_whitespace)
}

/// A line made of at least three `mark` characters, possibly indented, with trailing
/// spaces allowed: the underline of a title (`=`) or of a section heading (`-`).
pub fn underline(mark: char) -> impl Fn(&str) -> IResult<&str, &str> {
    move |input| {
        verify(line, |text: &str| {
            // Most lines fail at their first character; only candidates are trimmed.
            if !text.trim_start().starts_with(mark) {
                return false;
            }
            let marks = text.trim();
            marks.len() >= 3 && marks.chars().all(|c| c == mark)
        })
        .parse(input)
    }
}

/// A line that starts a JSON example: optional indentation, an optional `<-` arrow (as
/// QMP transcripts mark what the server sends), then `{`.
pub fn json_start(input: &str) -> IResult<&str, &str> {
    recognize((space0, opt((tag("<-"), space0)), char('{'))).parse(input)
}

/// The block labels the document uses at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// `Description:` (the earliest documents).
    Description,
    /// `Data:`
    Data,
    /// `Example:` or `Examples:`
    Example,
    /// `Note:` or `Notes:`
    Note,
}

/// A label at the left margin followed by a colon; returns the label and the rest of the
/// line after the colon (not consumed).
pub fn label(input: &str) -> IResult<&str, Label> {
    // Asked of nearly every line, and most lines start with no label's letter.
    if !input.starts_with(['d', 'D', 'e', 'E', 'n', 'N']) {
        return Err(Err::Error(Error::new(input, ErrorKind::Tag)));
    }
    let word = |name: &'static str, label: Label| {
        (tag_no_case(name), opt(tag_no_case("s")), space0, char(':')).map(move |_| label)
    };
    alt((
        word("description", Label::Description),
        word("data", Label::Data),
        word("example", Label::Example),
        word("note", Label::Note),
    ))
    .parse(input)
}

/// Leading spaces and tabs of a line.
pub fn indentation(input: &str) -> IResult<&str, &str> {
    take_while(|c| c == ' ' || c == '\t')(input)
}

/// A double- or single-quoted string on one line, returning its contents.
pub fn quoted(input: &str) -> IResult<&str, &str> {
    alt((
        (char('"'), take_till(|c| c == '"' || c == '\n'), char('"')).map(|(_, s, _)| s),
        (
            char('\''),
            take_till(|c| c == '\'' || c == '\n'),
            char('\''),
        )
            .map(|(_, s, _)| s),
    ))
    .parse(input)
}

/// An identifier-like word of event-name characters.
pub fn event_name(input: &str) -> IResult<&str, &str> {
    verify(
        take_while1(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')),
        |name: &str| {
            name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && !name.chars().any(|c| c.is_ascii_lowercase())
        },
    )
    .parse(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_takes_text_and_its_end() {
        assert_eq!(line("ab\ncd"), Ok(("cd", "ab")));
        assert_eq!(line("ab"), Ok(("", "ab")));
        assert!(line("").is_err());
    }

    #[test]
    fn underline_needs_three_marks_and_nothing_else() {
        assert!(underline('-')("---\n").is_ok());
        assert!(underline('-')("   -----   \n").is_ok());
        assert!(underline('-')("--\n").is_err());
        assert!(underline('-')("--- x\n").is_err());
        assert!(underline('=')("-----\n").is_err());
    }

    #[test]
    fn labels_are_case_insensitive_and_may_be_plural() {
        assert_eq!(label("Examples:").map(|r| r.1), Ok(Label::Example));
        assert_eq!(label("NOTE: x").map(|r| r.1), Ok(Label::Note));
        assert_eq!(label("Data : None.").map(|r| r.1), Ok(Label::Data));
        assert!(label("Database: x").is_err());
    }

    #[test]
    fn event_names_are_upper_case_words() {
        assert_eq!(event_name("BLOCK_IO_ERROR,"), Ok((",", "BLOCK_IO_ERROR")));
        assert_eq!(event_name("__COM.REDHAT_X"), Ok(("", "__COM.REDHAT_X")));
        assert!(event_name("Block").is_err());
        assert!(event_name("1X").is_err());
    }
}
