//! The type annotation of a field: the parenthesized group holding a `json-*` type.
//!
//! The group is a list of parts separated by commas or semicolons, in any order: the
//! type (`json-string`), the word `optional`, and quoted enumeration values with optional
//! prose around them (`"read" or "write"`, `"stream" for image streaming`,
//! `currently always "pause"`). Quoted words *outside* the group are description text,
//! never values: SPICE's `channel-type` says `"1" is the main control channel` and is a
//! json-int. A group followed by a colon is a lead-in: the enumeration values follow it,
//! as a prose list on the next lines or as indented `"value": meaning` lines.

use super::lines::quoted;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_till1, take_while1};
use nom::character::complete::{char, multispace0};
use nom::combinator::recognize;
use nom::multi::many0;
use nom::sequence::preceded;
use nom::{IResult, Parser};

/// One token inside an annotation group or a prose list of values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    /// `json-...`, the whole word.
    JsonType(&'a str),
    /// A quoted string's contents.
    Quoted(&'a str),
    /// `,` or `;`
    Separator,
    /// Any other word.
    Word(&'a str),
}

fn token(input: &str) -> IResult<&str, Token<'_>> {
    preceded(
        multispace0,
        alt((
            recognize((tag("json-"), take_while1(is_word_char))).map(Token::JsonType),
            quoted.map(Token::Quoted),
            alt((char(','), char(';'))).map(|_| Token::Separator),
            take_till1(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '"'))
                .map(Token::Word),
            // A lone quote that does not close on its line is just a character of prose.
            tag("\"").map(Token::Word),
        )),
    )
    .parse(input)
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn tokens(input: &str) -> Vec<Token<'_>> {
    match many0(token).parse(input) {
        Ok((_, tokens)) => tokens,
        // `token` accepts every non-space character, so this cannot fail; an empty list
        // is the honest answer if it ever did.
        Err(_) => Vec::new(),
    }
}

/// A quoted enumeration value found in an annotation or a prose list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueToken<'a> {
    /// The value, a slice of the document (so its position is known).
    pub value: &'a str,
    /// Prose after the value that says what it means (`for image streaming` gives
    /// `image streaming`); empty when there is none.
    pub meaning: String,
}

/// What an annotation group says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Annotation<'a> {
    /// The `json-*` word naming the type (a slice of the document), if any.
    pub type_word: Option<&'a str>,
    /// With `json-array of json-X`, the element's type word.
    pub element_type_word: Option<&'a str>,
    /// Whether the group says `optional`.
    pub optional: bool,
    /// The quoted values in the group.
    pub values: Vec<ValueToken<'a>>,
    /// Parts of the group that are a single word the annotation does not know
    /// (`optinal`): slices of the document, each a likely typo.
    pub unknown_words: Vec<&'a str>,
}

/// The parts of a field's text around its annotation group.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldText<'a> {
    /// Text before the group (or all the text when there is no group).
    pub before: &'a str,
    /// The annotation, when the text holds a group with a `json-*` type.
    pub annotation: Option<Annotation<'a>>,
    /// The whole group, parentheses included.
    pub group: Option<&'a str>,
    /// Whether the group lacks its closing parenthesis.
    pub unclosed: bool,
    /// Text after the group: more description, or after a lead-in, the value list.
    pub after: &'a str,
    /// Whether the text introduces values that follow it (`...(json-string):`, or with
    /// no group, text ending with `following:`).
    pub lead_in: bool,
}

/// Splits a field's text (first line after the name's colon, plus continuation lines)
/// into description, annotation group and what follows.
pub fn split_field_text(text: &str) -> FieldText<'_> {
    let Some((open, close)) = find_annotation_group(text) else {
        return FieldText {
            before: text,
            lead_in: text.trim_end().ends_with(':'),
            ..FieldText::default()
        };
    };
    let unclosed = close.is_none();
    let end = close.map_or(text.len(), |close| close + 1);
    let inside = &text[open + 1..close.unwrap_or(text.len())];
    let after = &text[end..];
    let trimmed_after = after.trim_start();
    let lead_in = trimmed_after.starts_with(':');
    let after = if lead_in { &trimmed_after[1..] } else { after };
    FieldText {
        before: &text[..open],
        annotation: Some(parse_annotation(inside)),
        group: Some(&text[open..end]),
        unclosed,
        after,
        lead_in,
    }
}

/// Whether a field's text introduces values that follow it: what
/// [`split_field_text`]'s `lead_in` says, without reading the annotation (the list
/// parser asks this for every line of an item).
pub fn is_lead_in(text: &str) -> bool {
    match find_annotation_group(text) {
        None => text.trim_end().ends_with(':'),
        Some((_, close)) => {
            let end = close.map_or(text.len(), |close| close + 1);
            text[end..].trim_start().starts_with(':')
        }
    }
}

/// Finds the first parenthesized group that holds a `json-` word: returns the offsets of
/// `(` and of the matching `)` (`None` when it is never closed).
fn find_annotation_group(text: &str) -> Option<(usize, Option<usize>)> {
    let mut search_from = 0;
    while let Some(relative) = text[search_from..].find('(') {
        let open = search_from + relative;
        let close = matching_paren(text, open);
        let inside_end = close.unwrap_or(text.len());
        let inside = &text[open + 1..inside_end];
        if contains_json_type(inside) {
            return Some((open, close));
        }
        search_from = open + 1;
    }
    None
}

fn contains_json_type(text: &str) -> bool {
    // Most groups hold no such word at all; the tokens say where one really starts.
    if !text.contains("json-") {
        return false;
    }
    let mut input = text;
    // Every token consumes input, so this ends; it stops at the first type word, without
    // collecting the tokens.
    while let Ok((rest, token)) = token(input) {
        if matches!(token, Token::JsonType(_)) {
            return true;
        }
        input = rest;
    }
    false
}

/// The offset of the `)` closing the `(` at `open`, skipping nested groups and quoted
/// strings.
fn matching_paren(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_quote = false;
    for (offset, c) in text[open..].char_indices() {
        match c {
            '"' => in_quote = !in_quote,
            '\n' => in_quote = false,
            '(' if !in_quote => depth += 1,
            ')' if !in_quote => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + offset);
                }
            }
            _ => {}
        }
    }
    None
}

/// Reads the inside of an annotation group.
fn parse_annotation(inside: &str) -> Annotation<'_> {
    let tokens = tokens(inside);
    let mut annotation = Annotation {
        values: values_in(&tokens),
        ..Annotation::default()
    };
    // A part between separators that is one lone word is meant as a keyword; prose
    // parts have several words or a quoted value.
    for part in tokens.split(|token| *token == Token::Separator) {
        if let [Token::Word(word)] = part
            && !word.eq_ignore_ascii_case("optional")
        {
            annotation.unknown_words.push(word);
        }
    }
    let mut index = 0;
    while index < tokens.len() {
        match tokens[index] {
            Token::JsonType(word) if annotation.type_word.is_none() => {
                annotation.type_word = Some(word);
                // `json-array of json-string`
                if let (Some(Token::Word(of)), Some(Token::JsonType(element))) =
                    (tokens.get(index + 1), tokens.get(index + 2))
                    && of.eq_ignore_ascii_case("of")
                {
                    annotation.element_type_word = Some(element);
                    index += 2;
                }
            }
            Token::Word(word) if word.eq_ignore_ascii_case("optional") => {
                annotation.optional = true;
            }
            _ => {}
        }
        index += 1;
    }
    annotation
}

/// The quoted values of a prose list (`"reset", "shutdown", ..., or "none"`).
pub fn prose_list_values(text: &str) -> Vec<ValueToken<'_>> {
    values_in(&tokens(text))
}

/// Every quoted token with the prose that follows it up to the next value, separator or
/// type word.
fn values_in<'a>(tokens: &[Token<'a>]) -> Vec<ValueToken<'a>> {
    let mut values = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let Token::Quoted(value) = *token else {
            continue;
        };
        let words: Vec<&str> = tokens[index + 1..]
            .iter()
            .map_while(|t| match t {
                Token::Word(word) => Some(*word),
                _ => None,
            })
            .collect();
        values.push(ValueToken {
            value,
            meaning: meaning_of(&words),
        });
    }
    values
}

/// Prose after a value, without connecting words: `for image streaming` means
/// `image streaming`; a bare `or` means nothing.
fn meaning_of(words: &[&str]) -> String {
    let connectors = ["for", "-", ":", "=", "is", "means"];
    let words = match words.first() {
        Some(first) if connectors.contains(&first.to_ascii_lowercase().as_str()) => &words[1..],
        _ => words,
    };
    let conjunctions = ["or", "and", "and/or"];
    let meaningful: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !conjunctions.contains(&w.to_ascii_lowercase().as_str()))
        .collect();
    if meaningful.is_empty() {
        String::new()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values<'a>(annotation: &Annotation<'a>) -> Vec<&'a str> {
        annotation.values.iter().map(|v| v.value).collect()
    }

    #[test]
    fn plain_type_closes_the_line() {
        let text = split_field_text(" device name (json-string)");
        assert_eq!(text.before, " device name ");
        let annotation = text.annotation.unwrap();
        assert_eq!(annotation.type_word, Some("json-string"));
        assert!(!annotation.optional);
        assert!(!text.lead_in);
    }

    #[test]
    fn optional_marker_after_type() {
        let text = split_field_text(" TLS dname (json-string, optional)");
        assert!(text.annotation.unwrap().optional);
    }

    #[test]
    fn inline_values_after_the_type() {
        let text = split_field_text(" I/O operation (json-string, \"read\" or \"write\")");
        let annotation = text.annotation.unwrap();
        assert_eq!(values(&annotation), ["read", "write"]);
        assert!(annotation.values.iter().all(|v| v.meaning.is_empty()));
    }

    #[test]
    fn values_before_the_type_with_meanings() {
        let text = split_field_text(" Job type (\"stream\" for image streaming, json-string)");
        let annotation = text.annotation.unwrap();
        assert_eq!(annotation.type_word, Some("json-string"));
        assert_eq!(values(&annotation), ["stream"]);
        assert_eq!(annotation.values[0].meaning, "image streaming");
    }

    #[test]
    fn values_after_a_semicolon_across_lines() {
        let text = split_field_text(
            " Job type (json-string; \"stream\" for image streaming\n        \"commit\" for block commit)",
        );
        let annotation = text.annotation.unwrap();
        assert_eq!(values(&annotation), ["stream", "commit"]);
        assert_eq!(annotation.values[1].meaning, "block commit");
    }

    #[test]
    fn lead_in_with_prose_list_of_values() {
        let text = split_field_text(
            " Action, it's one of the following (json-string):\n  \"reset\", \"shutdown\", or \"none\"",
        );
        assert!(text.lead_in);
        let listed: Vec<&str> = prose_list_values(text.after)
            .iter()
            .map(|v| v.value)
            .collect();
        assert_eq!(listed, ["reset", "shutdown", "none"]);
    }

    #[test]
    fn quoted_words_outside_the_group_are_not_values() {
        let text = split_field_text(
            " channel type.  \"1\" is the main control channel, filter for\n   this one (json-int)",
        );
        let annotation = text.annotation.unwrap();
        assert_eq!(annotation.type_word, Some("json-int"));
        assert!(annotation.values.is_empty());
    }

    #[test]
    fn description_continues_after_the_group() {
        let text =
            split_field_text(" Error message (json-string, optional)\n  Only present on failure.");
        assert!(text.after.contains("Only present on failure."));
        assert!(!text.lead_in);
    }

    #[test]
    fn parentheses_without_a_type_are_description() {
        let text = split_field_text(" Informative message (e.g., reason) (json-string)");
        assert_eq!(text.before, " Informative message (e.g., reason) ");
    }

    #[test]
    fn unclosed_group_is_reported() {
        let text = split_field_text(" name (json-string, optional");
        assert!(text.unclosed);
        assert!(text.annotation.unwrap().optional);
    }

    #[test]
    fn array_of_element_type() {
        let annotation = split_field_text(" ids (json-array of json-int)")
            .annotation
            .unwrap();
        assert_eq!(annotation.type_word, Some("json-array"));
        assert_eq!(annotation.element_type_word, Some("json-int"));
    }

    #[test]
    fn lead_in_without_a_group() {
        let text = split_field_text(" action that has been taken, it's one of the following:");
        assert!(text.annotation.is_none());
        assert!(text.lead_in);
    }
}
