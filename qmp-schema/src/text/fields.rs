//! Field lists: `- "name": description (json-type)` items, nested by indentation, with
//! their continuation lines and `"value": meaning` enumeration lines.
//!
//! Lines are classified with nom parsers; the list is then folded into a tree by the
//! indentation of each item's dash (display columns, so tabs and spaces mix).

use super::Context;
use super::annotation::{FieldText, ValueToken, is_lead_in, prose_list_values, split_field_text};
use super::lines::{blank_line, indentation, is_blank, json_start, label, line, quoted};
use crate::model::{EnumValue, Field, Type};
use nom::bytes::complete::take_till;
use nom::character::complete::{char, space0, space1};
use nom::combinator::{opt, peek, recognize};
use nom::multi::many0;
use nom::{IResult, Parser};

/// The head of a field item: `  - "name":`, with the rest of its line.
struct ItemHead<'a> {
    dash: &'a str,
    name: &'a str,
    text: &'a str,
}

/// How a line starting with a dash failed to be an item head.
struct MalformedItem<'a> {
    /// The text to point at.
    at: &'a str,
    message: String,
}

fn item_head(input: &str) -> IResult<&str, ItemHead<'_>> {
    let (input, _) = indentation(input)?;
    let (after_dash, dash) = recognize(char('-')).parse(input)?;
    let (input, _) = (space1, peek(nom::character::complete::none_of("\n"))).parse(after_dash)?;
    let (input, name) = quoted(input)?;
    let (input, _) = (space0, char(':')).parse(input)?;
    let (input, text) = take_till(|c| c == '\n').parse(input)?;
    Ok((input, ItemHead { dash, name, text }))
}

/// Whether a line starts like a list item (`- ` followed by something).
pub fn looks_like_item(text: &str) -> bool {
    let trimmed = text.trim_start();
    trimmed.starts_with("- ") || trimmed.starts_with("-\t")
}

/// Whether a line starts like a field item: a dash then a quote.
pub fn starts_field_item(text: &str) -> bool {
    looks_like_item(text)
        && matches!(
            text.trim_start()[1..].trim_start().chars().next(),
            Some('"' | '\'')
        )
}

/// Says why a dashed line is not an item head, and where.
fn diagnose_item(text: &str) -> MalformedItem<'_> {
    let after_dash = text.trim_start()[1..].trim_start();
    let Some(quote) = after_dash
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))
    else {
        let word_end = after_dash
            .find(|c: char| c == ':' || c.is_whitespace())
            .unwrap_or(after_dash.len());
        let word = &after_dash[..word_end];
        return MalformedItem {
            at: if word.is_empty() { after_dash } else { word },
            message: format!("expected a quoted field name after '-', found '{word}'"),
        };
    };
    let name_and_rest = &after_dash[1..];
    let Some(close) = name_and_rest.find(quote) else {
        return MalformedItem {
            at: &after_dash[..1],
            message: "the field name's quote is never closed".to_owned(),
        };
    };
    let name = &name_and_rest[..close];
    let after_name = &name_and_rest[close + 1..];
    let next = after_name.trim_start();
    if !next.starts_with(':') {
        let at = next
            .chars()
            .next()
            .map_or(after_name, |c| &next[..c.len_utf8()]);
        return MalformedItem {
            at,
            message: format!("expected ':' after field name '{name}'"),
        };
    }
    // The name and its colon are fine: the line's indentation or spacing is not.
    MalformedItem {
        at: text.trim_start(),
        message: "cannot read this list item; expected - \"name\": description (json-type)"
            .to_owned(),
    }
}

/// An indented `"value": meaning` line.
fn enum_value_line(input: &str) -> IResult<&str, (&str, &str, &str)> {
    let (input, indent) = indentation(input)?;
    let (input, value) = quoted(input)?;
    let (input, _) = (space0, char(':'), space0).parse(input)?;
    let (input, meaning) = take_till(|c| c == '\n').parse(input)?;
    Ok((input, (indent, value, meaning)))
}

/// A line that ends the list because it starts another block.
fn starts_other_block(text: &str) -> bool {
    label(text).is_ok() || json_start(text).is_ok()
}

/// One `"value": meaning` line with the lines continuing its meaning.
struct RawEnumLine<'a> {
    value: &'a str,
    meaning: Vec<&'a str>,
}

/// An item as read from the lines, before nesting.
struct RawItem<'a> {
    dash: &'a str,
    indent: usize,
    name: &'a str,
    /// Offsets of the item's text (after the name's colon through its last continuation).
    text_start: usize,
    text_end: usize,
    enum_lines: Vec<RawEnumLine<'a>>,
}

/// An item with its type worked out as far as it can be without its children.
struct PendingField<'a> {
    field: Field,
    dash: &'a str,
    indent: usize,
    children: Vec<PendingField<'a>>,
}

/// Parses a field list starting at `input` (whose first line is an item) and returns
/// the rest of the input after the list with the fields.
pub fn parse_field_list<'a>(cx: &mut Context<'a>, input: &'a str) -> (&'a str, Vec<Field>) {
    let (rest, raw_items) = read_items(cx, input);
    let pending: Vec<PendingField<'a>> = raw_items
        .into_iter()
        .map(|raw| read_item(cx, raw))
        .collect();
    let nested = nest(cx, pending);
    let fields = nested.into_iter().map(|p| finish(cx, p)).collect();
    (rest, fields)
}

/// Reads the list's lines into raw items. Returns the input after the list.
fn read_items<'a>(cx: &mut Context<'a>, mut input: &'a str) -> (&'a str, Vec<RawItem<'a>>) {
    let mut items: Vec<RawItem<'a>> = Vec::new();
    // Lines after a malformed item belong to it and are skipped with it.
    let mut skipping_malformed = false;
    while let Ok((after_line, text)) = line(input) {
        if is_blank(text) {
            // Blank lines end the list unless another item follows them, or the values
            // that the last item's lead-in promised.
            let Ok((after_blanks, _)) = many0(blank_line).parse(input) else {
                break;
            };
            let values_follow = enum_value_line(after_blanks).is_ok()
                && items.last().is_some_and(|item| expects_values(cx, item));
            match line(after_blanks) {
                // Inside a list, a dashed line is an item even when it is malformed.
                Ok((_, next)) if looks_like_item(next) || values_follow => {
                    input = after_blanks;
                    continue;
                }
                _ => break,
            }
        }
        if looks_like_item(text) {
            match item_head(input) {
                Ok((_, head)) => {
                    skipping_malformed = false;
                    let text_start = cx.offset(head.text);
                    items.push(RawItem {
                        dash: head.dash,
                        indent: cx.source.span_of(head.dash).column,
                        name: head.name,
                        text_start,
                        text_end: text_start + head.text.len(),
                        enum_lines: Vec::new(),
                    });
                }
                Err(_) => {
                    let malformed = diagnose_item(text);
                    cx.error_at(malformed.at, malformed.message);
                    skipping_malformed = true;
                }
            }
            input = after_line;
            continue;
        }
        if starts_other_block(text) {
            break;
        }
        if skipping_malformed {
            input = after_line;
            continue;
        }
        let Some(item) = items.last_mut() else {
            break;
        };
        let expects_values = expects_values(cx, item);
        match enum_value_line(input) {
            Ok((_, (_, value, meaning))) if expects_values => {
                item.enum_lines.push(RawEnumLine {
                    value,
                    meaning: vec![meaning],
                });
            }
            _ => match item.enum_lines.last_mut() {
                // Text after value lines continues the last value's meaning.
                Some(last) => last.meaning.push(text),
                None => item.text_end = cx.offset(text) + text.len(),
            },
        }
        input = after_line;
    }
    (input, items)
}

/// Whether `"value": meaning` lines may follow an item: it has some already, or its
/// text ends in a lead-in (`... (json-string):`).
fn expects_values(cx: &Context<'_>, item: &RawItem<'_>) -> bool {
    let text = cx
        .source
        .text
        .get(item.text_start..item.text_end)
        .unwrap_or_default();
    !item.enum_lines.is_empty() || is_lead_in(text)
}

/// Works out an item's name, description, type and optionality from its text.
fn read_item<'a>(cx: &mut Context<'a>, raw: RawItem<'a>) -> PendingField<'a> {
    let source = cx.source;
    let text = source
        .text
        .get(raw.text_start..raw.text_end)
        .unwrap_or_default();
    let parts = split_field_text(text);
    if parts.unclosed
        && let Some(group) = parts.group
    {
        cx.error_at(
            group,
            "the type annotation's parenthesis is never closed".to_owned(),
        );
    }
    if !is_field_name(raw.name) {
        let at = if raw.name.is_empty() {
            raw.dash
        } else {
            raw.name
        };
        cx.error_at(
            at,
            format!(
                "'{}' is not a field name: use letters, digits, '-', '_' and '.', \
                 starting with a letter or '_'",
                raw.name
            ),
        );
    }
    let mut values: Vec<EnumValue> = Vec::new();
    // `Some(None)`: a `json-*` word that names no type (already reported).
    let mut resolved: Option<Option<Type>> = None;
    let mut optional = false;
    if let Some(annotation) = &parts.annotation {
        for word in &annotation.unknown_words {
            cx.warning_at(word, unknown_word_message(word));
        }
        optional = annotation.optional;
        resolved = annotation
            .type_word
            .map(|word| resolve_type(cx, word, annotation.element_type_word));
        values.extend(annotation.values.iter().map(|v| enum_value(cx, v)));
    }
    if parts.lead_in {
        values.extend(
            prose_list_values(parts.after)
                .iter()
                .map(|v| enum_value(cx, v)),
        );
    }
    values.extend(raw.enum_lines.iter().map(|line| EnumValue {
        value: line.value.to_owned(),
        description: join_words(line.meaning.iter().copied()),
        span: cx.span(line.value),
        ..EnumValue::default()
    }));
    let description = description_of(&parts);
    let type_annotated = resolved.is_some();
    let unknown_type = matches!(resolved, Some(None));
    let ty = match resolved.flatten() {
        // One mistake, one message: the unknown type's error says it all.
        _ if unknown_type => Type::Value,
        Some(ty) if values.is_empty() => ty,
        Some(Type::String) | None if !values.is_empty() => Type::Enum(values),
        Some(ty) => {
            cx.warning_at(
                raw.name,
                format!(
                    "field '{}' lists values, but its type {} cannot hold them; the values are ignored",
                    raw.name,
                    ty.json_name()
                ),
            );
            ty
        }
        None => Type::Value,
    };
    PendingField {
        field: Field {
            name: raw.name.to_owned(),
            description,
            ty,
            optional,
            type_annotated,
            span: cx.span(raw.dash),
            name_span: cx.span(raw.name),
            ..Field::default()
        },
        dash: raw.dash,
        indent: raw.indent,
        children: Vec::new(),
    }
}

fn enum_value(cx: &Context<'_>, token: &ValueToken<'_>) -> EnumValue {
    EnumValue {
        value: token.value.to_owned(),
        description: token.meaning.clone(),
        span: cx.span(token.value),
        ..EnumValue::default()
    }
}

/// The description: text before the annotation, and, as a second paragraph, text after
/// it unless that text is the value list of a lead-in.
fn description_of(parts: &FieldText<'_>) -> String {
    let before = join_words(parts.before.trim_end().trim_end_matches(':').lines());
    let after = if parts.lead_in {
        String::new()
    } else {
        join_words(parts.after.lines())
    };
    match (before.is_empty(), after.is_empty()) {
        (_, true) => before,
        (true, false) => after,
        (false, false) => format!("{before}\n\n{after}"),
    }
}

/// Whether a quoted name can be a QMP member name (QAPI's rule, which vendor names like
/// `__com.redhat_reason` also follow). Anything else could not become an identifier.
fn is_field_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Joins lines of prose into one line with single spaces.
pub fn join_words<'a>(lines: impl Iterator<Item = &'a str> + Clone) -> String {
    // Sized up front: the words never take more room than the lines they come from.
    let mut out = String::with_capacity(lines.clone().map(str::len).sum());
    for line in lines {
        // ASCII text (nearly all of it) splits on ASCII whitespace, byte by byte; other
        // text on any Unicode whitespace, as before.
        let words: &mut dyn Iterator<Item = &str> = if line.is_ascii() {
            &mut line.split_ascii_whitespace()
        } else {
            &mut line.split_whitespace()
        };
        for word in words {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// The type a `json-*` word names; `None` (reported) when it names none.
/// The words a type annotation knows besides its `json-*` type and quoted values.
const ANNOTATION_WORDS: &[&str] = &["optional"];

/// A warning for a lone unknown word in an annotation, naming the known word it is
/// closest to when it is close enough to be a typo of it.
fn unknown_word_message(word: &str) -> String {
    let closest = ANNOTATION_WORDS
        .iter()
        .map(|known| {
            (
                strsim::damerau_levenshtein(&word.to_ascii_lowercase(), known),
                known,
            )
        })
        .min();
    match closest {
        Some((distance, known)) if distance <= known.len() / 3 => format!(
            "unknown word '{word}' in the type annotation is ignored; did you mean '{known}'?"
        ),
        _ => format!(
            "unknown word '{word}' in the type annotation is ignored; an annotation holds a \
             json-* type, 'optional' and quoted values"
        ),
    }
}

fn resolve_type(cx: &mut Context<'_>, word: &str, element: Option<&str>) -> Option<Type> {
    Some(match word {
        "json-string" => Type::String,
        "json-bool" => Type::Bool,
        "json-int" => Type::Int,
        "json-number" => Type::Number,
        "json-value" => Type::Value,
        "json-object" => Type::Object(Vec::new()),
        "json-array" => {
            let element = match element {
                Some(element) => resolve_type(cx, element, None)?,
                None => Type::Value,
            };
            Type::Array(Box::new(element))
        }
        _ => {
            cx.error_at(
                word,
                format!(
                    "unknown type '{word}'; expected json-string, json-bool, json-int, \
                     json-number, json-object, json-array or json-value"
                ),
            );
            return None;
        }
    })
}

/// How deep objects may nest. QEMU's documents go three levels deep; the limit keeps the
/// recursive walks over the model (checks, serialization, code generation) off the end of
/// the stack whatever the input.
pub const MAX_NESTING: usize = 32;

/// Folds the flat item list into a tree: an item indented deeper than the item before it
/// is that item's member.
fn nest<'a>(cx: &mut Context<'a>, items: Vec<PendingField<'a>>) -> Vec<PendingField<'a>> {
    let mut stack: Vec<(usize, Vec<PendingField<'a>>)> = Vec::new();
    let mut reported_depth = false;
    for item in items {
        while stack.len() > 1
            && stack
                .last()
                .is_some_and(|(indent, _)| item.indent < *indent)
        {
            pop_level(&mut stack);
        }
        let deeper = stack
            .last()
            .is_some_and(|(indent, level)| item.indent > *indent && !level.is_empty());
        if deeper && stack.len() >= MAX_NESTING && !std::mem::replace(&mut reported_depth, true) {
            cx.error_at(
                item.dash,
                format!(
                    "field '{}' is nested more than {MAX_NESTING} levels deep",
                    item.field.name
                ),
            );
        }
        let too_deep = stack.len() >= MAX_NESTING;
        match stack.last_mut() {
            Some(_) if deeper && !too_deep => stack.push((item.indent, vec![item])),
            // Too deep: kept as a sibling, already reported.
            Some((_, level)) => level.push(item),
            None => stack.push((item.indent, vec![item])),
        }
    }
    while stack.len() > 1 {
        pop_level(&mut stack);
    }
    stack.pop().map(|(_, level)| level).unwrap_or_default()
}

fn pop_level(stack: &mut Vec<(usize, Vec<PendingField<'_>>)>) {
    if let Some((_, children)) = stack.pop()
        && let Some(parent) = stack.last_mut().and_then(|(_, level)| level.last_mut())
    {
        parent.children.extend(children);
    }
}

/// Gives an item its members and reports what its type annotation leaves open.
fn finish(cx: &mut Context<'_>, pending: PendingField<'_>) -> Field {
    let PendingField {
        mut field,
        children,
        ..
    } = pending;
    let members: Vec<Field> = children.into_iter().map(|c| finish(cx, c)).collect();
    if !field.type_annotated {
        let assumed = match (&field.ty, members.is_empty()) {
            (Type::Enum(_), _) => "json-string",
            (_, false) => "json-object",
            _ => "json-value",
        };
        cx.warning_span(
            field.name_span,
            format!("field '{}' has no type; assuming {assumed}", field.name),
        );
    }
    if members.is_empty() {
        return field;
    }
    field.ty = match field.ty {
        Type::Object(_) | Type::Value => Type::Object(members),
        Type::Array(element) if *element == Type::Value => {
            Type::Array(Box::new(Type::Object(members)))
        }
        other => {
            // The member is where the text goes wrong: it is indented under a field that
            // cannot hold it (or the parent's type is wrong; the message names both).
            let member = &members[0];
            cx.error_span(
                member.span,
                format!(
                    "field '{}' is indented under '{}', which is {}, not json-object",
                    member.name,
                    field.name,
                    other.json_name()
                ),
            );
            other
        }
    };
    field
}

/// Skips an optional run of blank lines.
pub fn skip_blank_lines(input: &str) -> &str {
    match opt(many0(blank_line)).parse(input) {
        Ok((rest, _)) => rest,
        Err(_) => input,
    }
}
