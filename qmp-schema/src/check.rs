//! Checks of a parsed document against itself: names declared once, and every example
//! agreeing with its section's field list.
//!
//! Examples are walked as a span-carrying JSON tree (jsonc-parser's AST), so a warning
//! points at the very member that disagrees.

use crate::diagnostic::Diagnostic;
use crate::model::{Data, Example, Field, Schema, Section, Span, Type};
use crate::source::SourceFile;
use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};
use std::collections::HashMap;

/// How many events a document may describe.
///
/// Generated code grows by several kilobytes per event (a struct, its serde code and
/// docs): past this, generation takes long and gives more code than rustc builds in
/// reasonable time, so a document that long is more likely hostile or broken than real.
pub const MAX_EVENTS: usize = 1_000;

/// Checks a schema; returns what it finds, in document order.
pub fn check(schema: &Schema, source: &SourceFile) -> Vec<Diagnostic> {
    let mut checker = Checker {
        source,
        diagnostics: Vec::new(),
        event: None,
    };
    checker.check_event_count(schema);
    checker.check_event_names(schema);
    for section in &schema.sections {
        checker.event = section.names.first().map(|n| n.name.clone());
        checker.check_field_names(section.data.fields());
        for example in &section.examples {
            checker.check_example(section, example);
        }
    }
    checker.diagnostics
}

struct Checker<'a> {
    source: &'a SourceFile,
    diagnostics: Vec<Diagnostic>,
    event: Option<String>,
}

impl Checker<'_> {
    fn push(&mut self, diagnostic: Diagnostic) {
        let diagnostic = match &self.event {
            Some(event) => diagnostic.in_event(event.clone()),
            None => diagnostic,
        };
        self.diagnostics.push(diagnostic);
    }

    fn check_event_count(&mut self, schema: &Schema) {
        let count = schema.event_count();
        if let Some((first_beyond, _)) = schema.events().nth(MAX_EVENTS) {
            let message = format!(
                "the document describes {count} events; bindings can be generated for at \
                 most {MAX_EVENTS} (QEMU's own documents describe fewer than 100)"
            );
            self.push(Diagnostic::error(first_beyond.span, message));
        }
    }

    fn check_event_names(&mut self, schema: &Schema) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for (name, _) in schema.events() {
            if let Some(first) = seen.get(name.name.as_str()) {
                let message = format!(
                    "event '{}' is documented twice (first at line {}, column {})",
                    name.name, first.line, first.column
                );
                self.push(Diagnostic::error(name.span, message).in_event(name.name.clone()));
            } else {
                seen.insert(&name.name, name.span);
            }
        }
    }

    fn check_field_names(&mut self, fields: &[Field]) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for field in fields {
            if let Some(first) = seen.get(field.name.as_str()) {
                let message = format!(
                    "field '{}' is listed twice in one object (first at line {})",
                    field.name, first.line
                );
                self.push(Diagnostic::error(field.name_span, message));
            } else {
                seen.insert(&field.name, field.name_span);
            }
            if let Some(members) = object_members(&field.ty) {
                self.check_field_names(members);
            }
        }
    }

    fn check_example(&mut self, section: &Section, example: &Example) {
        // Not JSON: already reported by the parser. Agreeing (as nearly every example
        // does): nothing to report, and no need for the spanned tree, which costs a
        // second parse of the example.
        match &example.json {
            Some(json) if !fast::example_agrees(section, json) => {}
            _ => return,
        }
        let text = example.text.replacen(
            "<-",
            "  ",
            usize::from(example.text.trim_start().starts_with("<-")),
        );
        let parse_options = ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            allow_bare_decimal_point_numbers: false,
            allow_extended_string_escapes: false,
            allow_non_finite_numbers: false,
        };
        let Ok(parsed) =
            jsonc_parser::parse_to_ast(&text, &CollectOptions::default(), &parse_options)
        else {
            return;
        };
        let locate = ExampleLocator {
            source: self.source,
            base: example.span.start,
        };
        let Some(Value::Object(message)) = parsed.value else {
            self.push(Diagnostic::warning(
                example.span,
                "example is not a JSON object",
            ));
            return;
        };
        match message.get("event").map(|prop| &prop.value) {
            None => self.push(Diagnostic::warning(
                example.span,
                "example has no \"event\" member",
            )),
            Some(Value::StringLit(event)) => {
                if !section.names.iter().any(|n| n.name == *event.value) {
                    let documented: Vec<&str> =
                        section.names.iter().map(|n| n.name.as_str()).collect();
                    let message = format!(
                        "example is for event '{}', but this section documents {}",
                        event.value,
                        documented.join(", ")
                    );
                    self.push(Diagnostic::warning(locate.span(event), message));
                }
            }
            Some(other) => {
                let message = "example's \"event\" is not a string";
                self.push(Diagnostic::warning(locate.span(other), message));
            }
        }
        let data = message.get("data").map(|prop| &prop.value);
        match (&section.data, data) {
            (Data::None, Some(data)) => {
                let message = "example has \"data\", but the section says 'Data: None.'";
                self.push(Diagnostic::warning(locate.span(data), message));
            }
            (Data::Fields(fields), Some(Value::Object(object))) => {
                self.check_object(&locate, fields, object, "data");
            }
            (Data::Fields(_), Some(other)) => {
                let message = format!(
                    "example's \"data\" should be an object, found {}",
                    kind_of(other)
                );
                self.push(Diagnostic::warning(locate.span(other), message));
            }
            (Data::Fields(fields), None) => {
                if let Some(required) = fields.iter().find(|f| !f.optional) {
                    let text = format!(
                        "example has no \"data\", but field '{}' is required",
                        required.name
                    );
                    self.push(Diagnostic::warning(locate.span(&message), text));
                }
            }
            (Data::None | Data::Undescribed { .. }, None) | (Data::Undescribed { .. }, Some(_)) => {
            }
        }
    }

    fn check_object(
        &mut self,
        locate: &ExampleLocator<'_>,
        fields: &[Field],
        object: &Object<'_>,
        path: &str,
    ) {
        for field in fields {
            if !field.optional && object.get(&field.name).is_none() {
                let message = format!("example lacks required field '{path}/{}'", field.name);
                self.push(Diagnostic::warning(locate.span(object), message));
            }
        }
        for prop in &object.properties {
            let name = prop.name.as_str();
            let Some(field) = fields.iter().find(|f| f.name == name) else {
                let message =
                    format!("example has field '{path}/{name}', which the section does not list");
                self.push(Diagnostic::warning(locate.span(&prop.name), message));
                continue;
            };
            self.check_value(locate, field, &prop.value, &format!("{path}/{name}"));
        }
    }

    fn check_value(
        &mut self,
        locate: &ExampleLocator<'_>,
        field: &Field,
        value: &Value<'_>,
        path: &str,
    ) {
        let fits = match (&field.ty, value) {
            (Type::Value, _) => true,
            (Type::String, Value::StringLit(_)) => true,
            (Type::Bool, Value::BooleanLit(_)) => true,
            (Type::Int, Value::NumberLit(number)) => is_integer(number.value),
            (Type::Number, Value::NumberLit(_)) => true,
            (Type::Array(element), Value::Array(array)) => {
                let element_field = Field {
                    ty: (**element).clone(),
                    ..field.clone()
                };
                for (index, item) in array.elements.iter().enumerate() {
                    self.check_value(locate, &element_field, item, &format!("{path}/{index}"));
                }
                true
            }
            // A json-object whose members the document does not list may hold anything.
            (Type::Object(members), Value::Object(_)) if members.is_empty() => true,
            (Type::Object(members), Value::Object(object)) => {
                self.check_object(locate, members, object, path);
                true
            }
            (Type::Enum(values), Value::StringLit(text)) => {
                if !values.iter().any(|v| v.value == *text.value) {
                    let listed: Vec<String> =
                        values.iter().map(|v| format!("\"{}\"", v.value)).collect();
                    let message = format!(
                        "example's '{path}' is \"{}\", which is not one of {}",
                        text.value,
                        listed.join(", ")
                    );
                    self.push(Diagnostic::warning(locate.span(value), message));
                }
                true
            }
            _ => false,
        };
        if !fits {
            let message = format!(
                "example's '{path}' should be {}, found {}",
                field.ty.json_name(),
                kind_of(value)
            );
            self.push(Diagnostic::warning(locate.span(value), message));
        }
    }
}

/// A quick yes to "does this example agree with its section?", on the parsed value.
///
/// It answers no whenever the spanned walk above could find something, and may answer
/// no when it would not (a number too large for an integer, say); a no only means the
/// spanned walk runs and decides.
mod fast {
    use crate::model::{Data, Field, Section, Type};
    use serde_json::Value;

    pub fn example_agrees(section: &Section, message: &Value) -> bool {
        let Some(members) = message.as_object() else {
            return false;
        };
        let Some(event) = members.get("event").and_then(Value::as_str) else {
            return false;
        };
        if !section.names.iter().any(|name| name.name == event) {
            return false;
        }
        match (&section.data, members.get("data")) {
            (Data::None, Some(_)) => false,
            (Data::Fields(fields), Some(data)) => object_agrees(fields, data),
            (Data::Fields(fields), None) => fields.iter().all(|field| field.optional),
            (Data::None | Data::Undescribed { .. }, None) | (Data::Undescribed { .. }, Some(_)) => {
                true
            }
        }
    }

    fn object_agrees(fields: &[Field], value: &Value) -> bool {
        let Some(object) = value.as_object() else {
            return false;
        };
        fields
            .iter()
            .all(|field| field.optional || object.contains_key(&field.name))
            && object.iter().all(|(name, member)| {
                fields
                    .iter()
                    .find(|field| field.name == *name)
                    .is_some_and(|field| value_agrees(&field.ty, member))
            })
    }

    fn value_agrees(ty: &Type, value: &Value) -> bool {
        match (ty, value) {
            (Type::Value, _)
            | (Type::String, Value::String(_))
            | (Type::Bool, Value::Bool(_))
            | (Type::Number, Value::Number(_)) => true,
            (Type::Int, Value::Number(number)) => !number.is_f64(),
            (Type::Array(element), Value::Array(items)) => {
                items.iter().all(|item| value_agrees(element, item))
            }
            (Type::Object(members), Value::Object(_)) if members.is_empty() => true,
            (Type::Object(members), object @ Value::Object(_)) => object_agrees(members, object),
            (Type::Enum(values), Value::String(text)) => values.iter().any(|v| v.value == *text),
            _ => false,
        }
    }
}

/// Maps ranges of an example's text to spans of the document.
struct ExampleLocator<'a> {
    source: &'a SourceFile,
    base: usize,
}

impl ExampleLocator<'_> {
    fn span(&self, node: &impl Ranged) -> Span {
        let range = node.range();
        self.source
            .span(self.base + range.start, self.base + range.end)
    }
}

fn object_members(ty: &Type) -> Option<&[Field]> {
    match ty {
        Type::Object(members) => Some(members),
        Type::Array(element) => object_members(element),
        _ => None,
    }
}

fn is_integer(number: &str) -> bool {
    !number.contains(['.', 'e', 'E'])
}

/// How a JSON value is named in messages.
fn kind_of(value: &Value<'_>) -> &'static str {
    match value {
        Value::StringLit(_) => "a string",
        Value::NumberLit(number) if is_integer(number.value) => "an integer",
        Value::NumberLit(_) => "a floating-point number",
        Value::BooleanLit(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}
