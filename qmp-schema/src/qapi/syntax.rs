//! The first layer of the QAPI schema language: a file as a sequence of top-level
//! expressions and documentation comments.
//!
//! Expressions are JSON with QAPI's differences (`qapi-code-gen.rst`, "Schema syntax"):
//! single-quoted strings, `#` comments to the end of the line, `true`/`false`, and no
//! numbers or `null`. A comment block that starts and ends with a `##` line is a
//! documentation comment; its lines are kept (without their `#`) for `doc.rs`.
//!
//! Every problem is reported with its place and the reading goes on: after a syntax
//! error the parser resumes at the next line that starts a top-level expression (`{` at
//! the left margin) or a documentation comment, so that one run reports every broken
//! expression of every file.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_till, take_while};
use nom::character::complete::{char, satisfy};
use nom::combinator::{recognize, value as constant};
use nom::error::{ErrorKind, ParseError};
use nom::{Err, IResult, Parser};
use std::borrow::Cow;

/// How deeply values may nest. QEMU's schemas nest four levels at most; the limit keeps
/// hostile input from exhausting the stack.
pub const MAX_NESTING: usize = 32;

/// A value of the expression language, with the text it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Value<'a> {
    /// What the value is.
    pub kind: Kind<'a>,
    /// The value's text, from its first character to its last (for spans).
    pub text: &'a str,
}

/// The kinds of values.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind<'a> {
    /// A string, escapes resolved (borrowed from the file when it has none, as
    /// nearly every string has).
    Str(Cow<'a, str>),
    /// `true` or `false`.
    Bool(bool),
    /// `[ ... ]`
    List(Vec<Value<'a>>),
    /// `{ ... }`, members in their order.
    Dict(Vec<Member<'a>>),
}

/// One `key: value` member of a dict.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    /// The key, escapes resolved.
    pub key: Cow<'a, str>,
    /// The key's text, quotes included.
    pub key_text: &'a str,
    /// The value.
    pub value: Value<'a>,
}

impl<'a> Value<'a> {
    /// The string, if the value is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(text) => Some(text),
            _ => None,
        }
    }

    /// The members, if the value is a dict.
    pub fn as_dict(&self) -> Option<&[Member<'a>]> {
        match &self.kind {
            Kind::Dict(members) => Some(members),
            _ => None,
        }
    }

    /// The member with this key, if the value is a dict that has it.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.as_dict()?
            .iter()
            .find(|member| member.key == key)
            .map(|member| &member.value)
    }

    /// How the value's kind is named in messages.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Str(_) => "a string",
            Kind::Bool(_) => "a boolean",
            Kind::List(_) => "a list",
            Kind::Dict(_) => "an object",
        }
    }
}

/// A documentation comment: the lines between its `##` lines.
#[derive(Debug, Clone, PartialEq)]
pub struct DocComment<'a> {
    /// The opening `##`.
    pub start: &'a str,
    /// The whole comment, from its opening `##` to the end of its closing one.
    pub text: &'a str,
    /// Each line's text after `#` and the one space that follows it.
    pub lines: Vec<&'a str>,
}

/// What a file holds, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item<'a> {
    /// A top-level expression (an object, as the grammar requires).
    Expression(Value<'a>),
    /// A documentation comment.
    Doc(DocComment<'a>),
}

/// A problem found while reading, with the text it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem<'a> {
    /// Where: a slice of the file (possibly empty, at the end of the file).
    pub at: &'a str,
    /// What, in one sentence without a final period.
    pub message: String,
    /// An error (the expression is lost) or a warning (an irregular doc comment).
    pub is_error: bool,
}

/// Reads a file's items; problems are returned beside them.
pub fn parse_file(text: &str) -> (Vec<Item<'_>>, Vec<Problem<'_>>) {
    let mut items = Vec::new();
    let mut problems = Vec::new();
    let mut input = text;
    loop {
        input = skip_blanks(input);
        if input.is_empty() {
            break;
        }
        if let Some(rest) = doc_opening(input) {
            let (rest, doc) = doc_comment(input, rest, &mut problems);
            items.push(Item::Doc(doc));
            input = rest;
        } else if input.starts_with("##") {
            // QEMU takes any line starting with '##' for a doc comment's opening, and
            // refuses the text after it; QEMU 2.x's schemas wrote `## @NAME` so.
            let line = current_line(input);
            problems.push(warning(
                line,
                "a doc comment opens with a line that is '##' alone; this line is read as \
                 a plain comment",
            ));
            input = skip_line(input);
        } else if input.starts_with('#') {
            input = skip_line(input);
        } else if input.starts_with('{') {
            match value(input, 0) {
                Ok((rest, expression)) => {
                    old_escapes(&expression, &mut problems);
                    items.push(Item::Expression(expression));
                    input = rest;
                    if let Some(stray) = stray_after_expression(input) {
                        problems.push(error(
                            stray,
                            "expected a new top-level expression after '}' (another '{')",
                        ));
                        input = resume_point(text, stray);
                    }
                }
                Err(Err::Error(problem) | Err::Failure(problem)) => {
                    problems.push(problem.into_problem());
                    // The next expression after the broken one's first line: an unclosed
                    // bracket is found at the next expression, which is then read.
                    input = resume_point(text, input);
                }
                Err(Err::Incomplete(_)) => break,
            }
        } else {
            let token = token_text(input);
            problems.push(error(
                token,
                format!(
                    "expected '{{' to start a top-level expression, found {}",
                    describe(token)
                ),
            ));
            input = resume_point(text, &input[token.len().max(1).min(input.len())..]);
        }
    }
    (items, problems)
}

fn error<'a>(at: &'a str, message: impl Into<String>) -> Problem<'a> {
    Problem {
        at,
        message: message.into(),
        is_error: true,
    }
}

fn warning<'a>(at: &'a str, message: impl Into<String>) -> Problem<'a> {
    Problem {
        at,
        message: message.into(),
        is_error: false,
    }
}

/// Whitespace and line ends.
fn skip_blanks(input: &str) -> &str {
    // A byte loop: `trim_start_matches` with a set of characters decodes each one.
    let blanks = input
        .bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\x0b'))
        .count();
    &input[blanks..]
}

/// The rest after the current line.
fn skip_line(input: &str) -> &str {
    match memchr::memchr(b'\n', input.as_bytes()) {
        Some(end) => &input[end + 1..],
        None => "",
    }
}

/// The current line, without its end.
fn current_line(input: &str) -> &str {
    match memchr::memchr(b'\n', input.as_bytes()) {
        Some(end) => &input[..end],
        None => input,
    }
}

/// Where reading resumes after a problem at `at`: the next line of `text` after the one
/// holding `at` that starts (at the left margin) an expression or a doc comment.
fn resume_point<'a>(text: &'a str, at: &'a str) -> &'a str {
    let offset = (at.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len());
    let mut rest = skip_line(&text[offset..]);
    while !rest.is_empty() {
        if rest.starts_with('{') || doc_opening(rest).is_some() {
            return rest;
        }
        rest = skip_line(rest);
    }
    rest
}

/// Something other than whitespace, comments or `{` right after an expression, on its
/// last line (`} }` or `}]`, say): a sign of an unbalanced expression.
fn stray_after_expression(input: &str) -> Option<&str> {
    let line = current_line(input);
    let trimmed = line.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('{') {
        return None;
    }
    Some(token_text(trimmed))
}

/// If `input` starts a doc comment (a line that is exactly `##`, trailing blanks
/// allowed), the rest after that line.
fn doc_opening(input: &str) -> Option<&str> {
    let line = current_line(input);
    (line.trim_end() == "##").then(|| skip_line(input))
}

/// Reads a doc comment whose `##` line is `start` and whose lines begin at `rest`.
///
/// Irregular comments (QEMU's schemas before 2.9 were not checked) are warnings: a line
/// without a space after `#` keeps its text; a comment that ends without its closing
/// `##` ends where its comment lines do.
fn doc_comment<'a>(
    start: &'a str,
    mut rest: &'a str,
    problems: &mut Vec<Problem<'a>>,
) -> (&'a str, DocComment<'a>) {
    // Most doc comments are a few dozen lines: one allocation holds them.
    let mut lines = Vec::with_capacity(32);
    let finish = |rest: &'a str, lines| {
        let comment = DocComment {
            start: &start[..2],
            text: &start[..start.len() - rest.len()],
            lines,
        };
        (rest, comment)
    };
    // The comment's last line so far, to point at when the file ends inside it.
    let mut last_line = current_line(start);
    loop {
        let line = current_line(rest);
        let content = trim_blanks_start(line);
        // A blank line is whitespace between the comment's lines, as QEMU's lexer
        // reads it, not the comment's end.
        if content.trim_end().is_empty() && !rest.is_empty() {
            rest = skip_line(rest);
            continue;
        }
        // A line starting with '##' ends the comment, as in QEMU, which refuses text
        // after it.
        if content.starts_with("##") {
            if content.trim_end() != "##" {
                problems.push(warning(
                    content.trim_end(),
                    "a doc comment ends with a line that is '##' alone",
                ));
            }
            return finish(skip_line(rest), lines);
        }
        let Some(after_hash) = content.strip_prefix('#') else {
            let at = if rest.is_empty() {
                &last_line[last_line.len()..]
            } else if content.is_empty() {
                &rest[..0]
            } else {
                token_text(content)
            };
            problems.push(warning(at, "documentation comment must end with '##'"));
            return finish(rest, lines);
        };
        last_line = line;
        let text = match after_hash.strip_prefix(' ') {
            Some(text) => text,
            None if after_hash.trim().is_empty() => &after_hash[after_hash.len()..],
            None => {
                problems.push(warning(
                    &content[..1],
                    "missing space after '#' in documentation comment",
                ));
                after_hash
            }
        };
        lines.push(trim_blanks_end(text));
        rest = skip_line(rest);
    }
}

/// Warns about the escapes in an expression's strings other than `\\`: QEMU since 5.0
/// refuses them, older releases took JSON's.
fn old_escapes<'a>(value: &Value<'a>, problems: &mut Vec<Problem<'a>>) {
    let mut escapes_in = |text: &'a str| {
        let mut rest = text;
        while let Some(at) = memchr::memchr(b'\\', rest.as_bytes()) {
            let escape = rest.get(at..at + 2).unwrap_or(&rest[at..]);
            if escape != "\\\\" {
                problems.push(warning(
                    escape,
                    format!("QEMU since 5.0 knows no escape but \\\\, and refuses {escape}"),
                ));
            }
            rest = &rest[(at + escape.len()).min(rest.len())..];
        }
    };
    // Values nest at most `MAX_NESTING` levels: a stack of them is small.
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match &value.kind {
            Kind::Str(Cow::Owned(_)) => escapes_in(value.text),
            Kind::List(items) => stack.extend(items),
            Kind::Dict(members) => {
                for member in members {
                    if member.key_text.contains('\\') {
                        escapes_in(member.key_text);
                    }
                    stack.push(&member.value);
                }
            }
            Kind::Str(Cow::Borrowed(_)) | Kind::Bool(_) => {}
        }
    }
}

/// Reads again a doc comment whose whole text ([`DocComment::text`]) is `text`, without
/// its warnings, which were reported the first time.
pub fn reread_doc_comment(text: &str) -> DocComment<'_> {
    doc_comment(text, skip_line(text), &mut Vec::new()).1
}

/// `text` without its trailing spaces and tabs.
fn trim_blanks_end(text: &str) -> &str {
    let blanks = text
        .bytes()
        .rev()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    &text[..text.len() - blanks]
}

/// `line` without its leading spaces and tabs.
fn trim_blanks_start(line: &str) -> &str {
    let blanks = line
        .bytes()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    &line[blanks..]
}

/// The token at the start of `input`, for messages: a word, or one character.
fn token_text(input: &str) -> &str {
    let word = input
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
        .unwrap_or(input.len());
    if word > 0 {
        &input[..word]
    } else {
        input
            .chars()
            .next()
            .map_or(&input[..0], |c| &input[..c.len_utf8()])
    }
}

/// How a token is named in messages.
fn describe(token: &str) -> String {
    if token.is_empty() {
        "the end of the file".to_owned()
    } else if token == "'" {
        "a string".to_owned()
    } else {
        format!("'{token}'")
    }
}

/// A syntax error while reading a value. Errors are always fatal to the expression
/// (`Err::Failure`); nom's own error kinds only appear for "no such token here".
#[derive(Debug)]
struct SyntaxError<'a> {
    at: &'a str,
    message: String,
}

impl<'a> SyntaxError<'a> {
    fn failure(at: &'a str, message: impl Into<String>) -> Err<SyntaxError<'a>> {
        Err::Failure(SyntaxError {
            at,
            message: message.into(),
        })
    }

    fn into_problem(self) -> Problem<'a> {
        error(self.at, self.message)
    }
}

impl<'a> ParseError<&'a str> for SyntaxError<'a> {
    fn from_error_kind(input: &'a str, _kind: ErrorKind) -> Self {
        SyntaxError {
            at: token_text(input),
            message: format!("unexpected {}", describe(token_text(input))),
        }
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }
}

type Parsed<'a, T> = IResult<&'a str, T, SyntaxError<'a>>;

/// Whitespace and comments inside an expression (where `##` is an ordinary comment).
fn space(input: &str) -> Parsed<'_, ()> {
    let mut input = input;
    loop {
        let rest = skip_blanks(input);
        if rest.starts_with('#') {
            input = skip_line(rest);
        } else {
            return Ok((rest, ()));
        }
    }
}

/// A value: string, boolean, list or dict.
fn value(input: &str, depth: usize) -> Parsed<'_, Value<'_>> {
    if depth > MAX_NESTING {
        return Err(SyntaxError::failure(
            &input[..input.len().min(1)],
            format!("values nest more than {MAX_NESTING} levels deep"),
        ));
    }
    match input.chars().next() {
        Some('\'') => {
            let (rest, text) = string(input)?;
            Ok((
                rest,
                Value {
                    kind: Kind::Str(text),
                    text: &input[..input.len() - rest.len()],
                },
            ))
        }
        Some('{') => dict(input, depth),
        Some('[') => list(input, depth),
        Some('"') => Err(SyntaxError::failure(
            &input[..1],
            "strings are quoted with ' in a QAPI schema, not with \"",
        )),
        Some(c) if c.is_ascii_digit() || c == '-' || c == '+' => Err(SyntaxError::failure(
            token_text(input),
            format!(
                "numbers are not part of the QAPI schema language ({})",
                describe(token_text(input))
            ),
        )),
        _ => match boolean(input) {
            Ok((rest, flag)) => Ok((
                rest,
                Value {
                    kind: Kind::Bool(flag),
                    text: &input[..input.len() - rest.len()],
                },
            )),
            Err(_) => {
                let token = token_text(input);
                let message = if token == "null" {
                    "null is not part of the QAPI schema language".to_owned()
                } else {
                    format!(
                        "expected a value (a 'string', true, false, [ or {{), found {}",
                        describe(token)
                    )
                };
                Err(SyntaxError::failure(token, message))
            }
        },
    }
}

/// `true` or `false`, as whole words.
fn boolean(input: &str) -> Parsed<'_, bool> {
    let (rest, flag) =
        alt((constant(true, tag("true")), constant(false, tag("false")))).parse(input)?;
    if rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        return Err(Err::Error(SyntaxError::from_error_kind(
            input,
            ErrorKind::Tag,
        )));
    }
    Ok((rest, flag))
}

/// A single-quoted string. QEMU 10 allows only `\\` as an escape; older releases also
/// took JSON's escapes, which are accepted so that their schemas read.
fn string(input: &str) -> Parsed<'_, Cow<'_, str>> {
    let (mut rest, _) = char('\'').parse(input)?;
    let mut out: Option<String> = None;
    loop {
        let (after, plain) =
            take_till(|c: char| c == '\'' || c == '\\' || c == '\n' || is_funny(c))(rest)?;
        rest = after;
        match rest.chars().next() {
            Some('\'') => {
                let text = match out {
                    None => Cow::Borrowed(plain),
                    Some(mut out) => {
                        out.push_str(plain);
                        Cow::Owned(out)
                    }
                };
                return Ok((&rest[1..], text));
            }
            Some('\\') => {
                let (after, escaped) = escape(rest)?;
                let out = out.get_or_insert_with(String::new);
                out.push_str(plain);
                out.push(escaped);
                rest = after;
            }
            Some(c) if c != '\n' => {
                return Err(SyntaxError::failure(
                    &rest[..c.len_utf8()],
                    format!(
                        "strings hold printable ASCII only, as QEMU reads them; this one has \
                         {}",
                        describe_char(c)
                    ),
                ));
            }
            // A newline or the end of the file: the string is not closed.
            _ => {
                return Err(SyntaxError::failure(
                    &input[..1],
                    "missing terminating ' (strings end on their line)",
                ));
            }
        }
    }
}

/// A character QEMU does not take in a string: a control character, DEL, or anything
/// beyond ASCII.
fn is_funny(c: char) -> bool {
    c != '\n' && !(' '..'\u{7f}').contains(&c)
}

/// A character as a message names it.
fn describe_char(c: char) -> String {
    if c.is_control() {
        format!("the control character U+{:04X}", u32::from(c))
    } else {
        format!("'{c}' (U+{:04X})", u32::from(c))
    }
}

/// One backslash escape.
fn escape(input: &str) -> Parsed<'_, char> {
    let (rest, kind) = recognize((char('\\'), satisfy(|c| c != '\n')))
        .parse(input)
        .map_err(|_: Err<SyntaxError<'_>>| {
            SyntaxError::failure(
                &input[..1],
                "missing terminating ' (strings end on their line)",
            )
        })?;
    let escaped = match &kind[1..] {
        "\\" => '\\',
        "'" => '\'',
        "\"" => '"',
        "/" => '/',
        "b" => '\u{8}',
        "f" => '\u{c}',
        "n" => '\n',
        "r" => '\r',
        "t" => '\t',
        "u" => {
            let (_, digits) = take_while(|c: char| c.is_ascii_hexdigit())(rest)?;
            let code = digits
                .get(..4)
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .and_then(char::from_u32);
            return match code {
                Some(c) => Ok((&rest[4..], c)),
                None => Err(SyntaxError::failure(
                    kind,
                    "\\u must be followed by four hexadecimal digits of a character",
                )),
            };
        }
        other => {
            return Err(SyntaxError::failure(
                kind,
                format!("unknown escape \\{other} in a string"),
            ));
        }
    };
    Ok((rest, escaped))
}

/// `{ 'key': value, ... }`
fn dict(input: &str, depth: usize) -> Parsed<'_, Value<'_>> {
    let (mut rest, _) = space(&input[1..])?;
    let mut members: Vec<Member<'_>> = Vec::new();
    if let Some(after) = rest.strip_prefix('}') {
        return Ok((
            after,
            Value {
                kind: Kind::Dict(members),
                text: &input[..input.len() - after.len()],
            },
        ));
    }
    loop {
        if !rest.starts_with('\'') {
            return Err(unexpected(input, rest, "a 'string' key"));
        }
        let (after_key, key) = string(rest)?;
        let key_text = &rest[..rest.len() - after_key.len()];
        if members.iter().any(|member| member.key == key) {
            return Err(SyntaxError::failure(
                key_text,
                format!("duplicate key '{key}'"),
            ));
        }
        let (after, _) = space(after_key)?;
        let Some(after) = after.strip_prefix(':') else {
            let token = token_text(after);
            return Err(SyntaxError::failure(
                token,
                format!("expected ':' after key '{key}', found {}", describe(token)),
            ));
        };
        let (after, _) = space(after)?;
        if after.is_empty() {
            return Err(unexpected(input, after, "a value"));
        }
        let (after, member_value) = value(after, depth + 1)?;
        members.push(Member {
            key,
            key_text,
            value: member_value,
        });
        let (after, _) = space(after)?;
        if let Some(after) = after.strip_prefix('}') {
            return Ok((
                after,
                Value {
                    kind: Kind::Dict(members),
                    text: &input[..input.len() - after.len()],
                },
            ));
        }
        let Some(after) = after.strip_prefix(',') else {
            return Err(unexpected(input, after, "',' or '}'"));
        };
        let (after, _) = space(after)?;
        rest = after;
    }
}

/// `[ value, ... ]`
fn list(input: &str, depth: usize) -> Parsed<'_, Value<'_>> {
    let (mut rest, _) = space(&input[1..])?;
    let mut items = Vec::new();
    if let Some(after) = rest.strip_prefix(']') {
        return Ok((
            after,
            Value {
                kind: Kind::List(items),
                text: &input[..input.len() - after.len()],
            },
        ));
    }
    loop {
        if rest.is_empty() {
            return Err(unexpected(input, rest, "a value"));
        }
        let (after, item) = value(rest, depth + 1)?;
        items.push(item);
        let (after, _) = space(after)?;
        if let Some(after) = after.strip_prefix(']') {
            return Ok((
                after,
                Value {
                    kind: Kind::List(items),
                    text: &input[..input.len() - after.len()],
                },
            ));
        }
        let Some(after) = after.strip_prefix(',') else {
            return Err(unexpected(input, after, "',' or ']'"));
        };
        let (after, _) = space(after)?;
        rest = after;
    }
}

/// The error for finding something other than `expected` at `at` inside the bracket
/// that starts `input` (both suffixes of the file's text).
///
/// Finding the end of the file, or a `{` at the left margin (the next top-level
/// expression), means the bracket was never closed: the error then points at the
/// bracket, which is where the fix goes.
fn unexpected<'a>(input: &'a str, at: &'a str, expected: &str) -> Err<SyntaxError<'a>> {
    let open = &input[..1];
    let between = &input[..input.len() - at.len()];
    let token = token_text(at);
    if at.is_empty() {
        SyntaxError::failure(
            open,
            format!("'{open}' is never closed: the file ends first"),
        )
    } else if at.starts_with('{') && between.ends_with('\n') {
        SyntaxError::failure(
            open,
            format!("'{open}' is never closed: a new top-level expression starts before it is"),
        )
    } else {
        SyntaxError::failure(
            token,
            format!("expected {expected}, found {}", describe(token)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expression(text: &str) -> Value<'_> {
        match parse_file(text) {
            (mut items, problems) if problems.is_empty() && items.len() == 1 => {
                match items.remove(0) {
                    Item::Expression(value) => value,
                    Item::Doc(doc) => panic!("a doc comment: {doc:?}"),
                }
            }
            other => panic!("{other:?}"),
        }
    }

    fn problems(text: &str) -> Vec<(String, String)> {
        parse_file(text)
            .1
            .into_iter()
            .map(|p| (p.at.to_owned(), p.message))
            .collect()
    }

    #[test]
    fn single_quoted_strings_lists_dicts_and_booleans() {
        let value = expression("{ 'enum': 'A', 'data': [ 'x', 'y' ], 'gen': false }");
        assert_eq!(value.get("enum").and_then(Value::as_str), Some("A"));
        assert!(
            matches!(value.get("data").map(|v| &v.kind), Some(Kind::List(items)) if items.len() == 2)
        );
        assert_eq!(value.get("gen").map(|v| &v.kind), Some(&Kind::Bool(false)));
    }

    #[test]
    fn comments_inside_an_expression_are_skipped() {
        let value = expression("{ 'struct': 'S', # the name\n  'data': {} ## not a doc\n}");
        assert_eq!(value.get("struct").and_then(Value::as_str), Some("S"));
    }

    #[test]
    fn escapes_of_old_releases_are_read_and_warned_about() {
        let (items, problems) = parse_file(r"{ 'a': 'x\\y\'z\u0041' }");
        let Some(Item::Expression(value)) = items.first() else {
            panic!("{items:?}");
        };
        assert_eq!(value.get("a").and_then(Value::as_str), Some("x\\y'zA"));
        let found: Vec<(&str, bool)> = problems.iter().map(|p| (p.at, p.is_error)).collect();
        assert_eq!(found, [("\\'", false), ("\\u", false)]);
    }

    #[test]
    fn doc_comment_lines_lose_their_hash_and_space() {
        let (items, problems) = parse_file("##\n# @X:\n#\n# text\n##\n{ 'event': 'X' }\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(items.len(), 2);
        let Item::Doc(doc) = &items[0] else { panic!() };
        assert_eq!(doc.lines, ["@X:", "", "text"]);
    }

    #[test]
    fn an_unclosed_string_ends_at_its_line() {
        assert_eq!(
            problems("{ 'enum': 'A }\n{ 'enum': 'B', 'data': [] }\n"),
            [(
                "'".to_owned(),
                "missing terminating ' (strings end on their line)".to_owned()
            )]
        );
    }

    #[test]
    fn an_unclosed_brace_is_named_at_the_next_expression() {
        let found = problems("{ 'enum': 'A', 'data': []\n{ 'enum': 'B', 'data': [] }\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0],
            (
                "{".to_owned(),
                "'{' is never closed: a new top-level expression starts before it is".to_owned()
            )
        );
    }

    #[test]
    fn numbers_and_null_are_not_values() {
        assert!(problems("{ 'a': 12 }")[0].1.contains("numbers"));
        assert!(problems("{ 'a': null }")[0].1.contains("null"));
    }

    #[test]
    fn keys_are_strings_and_unique() {
        assert!(
            problems("{ a: 'b' }")[0]
                .1
                .contains("expected a 'string' key")
        );
        assert_eq!(problems("{ 'a': 'b', 'a': 'c' }")[0].1, "duplicate key 'a'");
    }

    #[test]
    fn reading_resumes_at_the_next_expression() {
        let (items, problems) = parse_file("{ 'a': 1 }\n{ 'b': 'c' }\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(items.len(), 1);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("{{ 'a': {}{} }}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(problems(&text)[0].1.contains("nest more than"));
    }

    #[test]
    fn an_unterminated_doc_comment_is_a_warning() {
        let (items, problems) = parse_file("##\n# @X:\n{ 'event': 'X' }\n");
        assert_eq!(items.len(), 2);
        assert_eq!(problems.len(), 1);
        assert!(!problems[0].is_error);
    }
}
