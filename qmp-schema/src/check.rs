//! Checks of a parsed document against itself: names declared once, and every example
//! agreeing with its section's field list.
//!
//! Examples are walked as a span-carrying JSON tree (jsonc-parser's AST), so a warning
//! points at the very member that disagrees.

use crate::diagnostic::Diagnostic;
use crate::model::{Data, Example, Field, Schema, Section, Span, Type, TypeKind};
use crate::source::SourceFile;
use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};
use std::collections::HashMap;

mod commands;

/// How many events a document may describe.
///
/// Generated code grows by several kilobytes per event (a struct, its serde code and
/// docs): past this, generation takes long and gives more code than rustc builds in
/// reasonable time, so a document that long is more likely hostile or broken than real.
pub const MAX_EVENTS: usize = 1_000;

/// Checks a schema read from `sources` (indexed by [`Span::file`]); returns what it
/// finds, in document order.
pub fn check(schema: &Schema, sources: &[SourceFile]) -> Vec<Diagnostic> {
    let mut checker = Checker {
        schema,
        sources,
        diagnostics: Vec::new(),
        event: None,
        command: None,
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
    checker.event = None;
    for command in &schema.commands {
        checker.check_command(command);
    }
    checker.diagnostics
}

struct Checker<'a> {
    schema: &'a Schema,
    sources: &'a [SourceFile],
    diagnostics: Vec<Diagnostic>,
    event: Option<String>,
    /// The command whose examples are being checked.
    command: Option<String>,
}

impl Checker<'_> {
    fn push(&mut self, diagnostic: Diagnostic) {
        let diagnostic = match (&self.event, &self.command) {
            (Some(event), _) => diagnostic.in_event(event.clone()),
            (None, Some(command)) => diagnostic.in_definition("command", command),
            (None, None) => diagnostic,
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
            Some(json) if !fast::example_agrees(self.schema, section, json) => {}
            _ => return,
        }
        let text = example.text.replacen(
            "<-",
            "  ",
            usize::from(example.text.trim_start().starts_with("<-")),
        );
        let Some(parsed) = spanned(&text) else {
            return;
        };
        let Some(source) = self
            .sources
            .iter()
            .find(|source| source.id == example.span.file)
        else {
            return;
        };
        let locate = ExampleLocator {
            source,
            base: example.span.start,
            line_starts: &example.line_starts,
            text: &text,
        };
        let Value::Object(message) = parsed else {
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
        self.check_envelope(&locate, &message);
        let data = message.get("data").map(|prop| &prop.value);
        // Data of a union type is checked against the union; other data by its members.
        if let (Some(name), Some(data)) = (&section.data_type, data)
            && matches!(
                self.schema.named(name).map(|t| &t.kind),
                Some(TypeKind::Union { .. })
            )
        {
            self.check_type(&locate, &Type::Named(name.clone()), data, "data");
            return;
        }
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

    /// The parts of the message that belong to QMP, not to the event: a `timestamp`
    /// with integer `seconds` and `microseconds`, and no members but `event`, `data`
    /// and `timestamp`. The bindings refuse a message without them, so an example
    /// lacking them (as some of QEMU 5 to 7's command examples do) is not one they
    /// could decode.
    fn check_envelope(&mut self, locate: &ExampleLocator<'_>, message: &Object<'_>) {
        match message.get("timestamp").map(|prop| &prop.value) {
            None => self.push(Diagnostic::warning(
                locate.span(message),
                "example lacks \"timestamp\", which QEMU sends with every event",
            )),
            Some(Value::Object(timestamp)) if timestamp_fits(timestamp) => {}
            Some(other) => self.push(Diagnostic::warning(
                locate.span(other),
                "example's \"timestamp\" should be an object of \"seconds\" and \"microseconds\", each a 64-bit integer",
            )),
        }
        for prop in &message.properties {
            let name = prop.name.as_str();
            if !MESSAGE_MEMBERS.contains(&name) {
                let text = format!(
                    "example has member '{name}', which is not part of a QMP event message"
                );
                self.push(Diagnostic::warning(locate.span(&prop.name), text));
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
                let message = format!("example lacks required member '{path}/{}'", field.name);
                self.push(Diagnostic::warning(locate.span(object), message));
            }
        }
        for prop in &object.properties {
            let name = prop.name.as_str();
            let Some(field) = fields.iter().find(|f| f.name == name) else {
                let message = format!(
                    "example has member '{path}/{name}', which the schema does not describe"
                );
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
        self.check_type(locate, &field.ty, value, path);
    }

    /// Checks a value against a type, reporting each disagreement at its place.
    fn check_type(
        &mut self,
        locate: &ExampleLocator<'_>,
        ty: &Type,
        value: &Value<'_>,
        path: &str,
    ) {
        let fits = match (ty, value) {
            (Type::Value, _) => true,
            (Type::String, Value::StringLit(_)) => true,
            (Type::Bool, Value::BooleanLit(_)) => true,
            (Type::Null, Value::NullKeyword(_)) => true,
            (Type::Int, Value::NumberLit(number)) => is_integer(number.value),
            (Type::Integer(integer), Value::NumberLit(number)) if is_integer(number.value) => {
                let (min, max) = integer.range();
                if !number
                    .value
                    .parse::<i128>()
                    .is_ok_and(|n| (min..=max).contains(&n))
                {
                    let message = format!(
                        "example's '{path}' is {}, which is out of range for {} ({min} to {max})",
                        number.value,
                        integer.name()
                    );
                    self.push(Diagnostic::warning(locate.span(value), message));
                }
                true
            }
            (Type::Number | Type::Double, Value::NumberLit(_)) => true,
            (Type::Array(element), Value::Array(array)) => {
                for (index, item) in array.elements.iter().enumerate() {
                    self.check_type(locate, element, item, &format!("{path}/{index}"));
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
                let listed: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                self.check_enum_value(locate, &listed, value, &text.value, path);
                true
            }
            (Type::Named(name), _) => return self.check_named(locate, name, value, path),
            _ => false,
        };
        if !fits {
            let message = format!(
                "example's '{path}' should be {}, found {}",
                expected_kind(self.schema, ty),
                kind_of(value)
            );
            self.push(Diagnostic::warning(locate.span(value), message));
        }
    }

    fn check_enum_value(
        &mut self,
        locate: &ExampleLocator<'_>,
        listed: &[&str],
        value: &Value<'_>,
        text: &str,
        path: &str,
    ) {
        if !listed.contains(&text) {
            let listed: Vec<String> = listed.iter().map(|v| format!("\"{v}\"")).collect();
            let message = format!(
                "example's '{path}' is \"{text}\", which is not one of {}",
                listed.join(", ")
            );
            self.push(Diagnostic::warning(locate.span(value), message));
        }
    }

    /// Checks a value against a named type.
    fn check_named(
        &mut self,
        locate: &ExampleLocator<'_>,
        name: &str,
        value: &Value<'_>,
        path: &str,
    ) {
        let Some(named) = self.schema.named(name) else {
            return;
        };
        let fits = match (&named.kind, value) {
            (TypeKind::Struct { members, .. }, Value::Object(object)) => {
                self.check_object(locate, members, object, path);
                true
            }
            (TypeKind::Enum { values }, Value::StringLit(text)) => {
                let listed: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                self.check_enum_value(locate, &listed, value, &text.value, path);
                true
            }
            (TypeKind::Union { .. }, Value::Object(object)) => {
                let members = union_members(self.schema, &named.kind, object, 0);
                self.check_object(locate, &members, object, path);
                true
            }
            (TypeKind::Alternate { alternatives }, _) => {
                match alternatives
                    .iter()
                    .find(|alternative| alternative_takes(self.schema, &alternative.ty, value))
                {
                    Some(alternative) => {
                        self.check_type(locate, &alternative.ty, value, path);
                        true
                    }
                    None => false,
                }
            }
            _ => false,
        };
        if !fits {
            let message = format!(
                "example's '{path}' should be {}, found {}",
                expected_kind(self.schema, &Type::Named(name.to_owned())),
                kind_of(value)
            );
            self.push(Diagnostic::warning(locate.span(value), message));
        }
    }
}

/// The members a union's object may have: the common ones, and those of the branch its
/// discriminator selects (a branch that is itself a union adds its own selection).
fn union_members(
    schema: &Schema,
    kind: &TypeKind,
    object: &Object<'_>,
    depth: usize,
) -> Vec<Field> {
    match kind {
        TypeKind::Struct { members, .. } => members.clone(),
        // A union may (wrongly) be its own branch; the walk stops.
        TypeKind::Union { .. } if depth > 32 => Vec::new(),
        TypeKind::Union {
            members,
            discriminator,
            branches,
            ..
        } => {
            let selected = match object.get(discriminator).map(|prop| &prop.value) {
                Some(Value::StringLit(text)) => Some(text.value.as_ref()),
                _ => None,
            };
            let branch = branches
                .iter()
                .find(|branch| Some(branch.value.as_str()) == selected);
            let mut all = members.clone();
            if let Some(branch) = branch.and_then(|branch| schema.named(&branch.ty)) {
                all.extend(union_members(schema, &branch.kind, object, depth + 1));
            }
            all
        }
        TypeKind::Enum { .. } | TypeKind::Alternate { .. } => Vec::new(),
    }
}

/// Whether an alternate's alternative of type `ty` takes a JSON value of this kind.
fn alternative_takes(schema: &Schema, ty: &Type, value: &Value<'_>) -> bool {
    match (ty, value) {
        (Type::Value, _) => true,
        (Type::String | Type::Enum(_), Value::StringLit(_))
        | (Type::Bool, Value::BooleanLit(_))
        | (Type::Null, Value::NullKeyword(_))
        | (Type::Int | Type::Integer(_) | Type::Number | Type::Double, Value::NumberLit(_))
        | (Type::Array(_), Value::Array(_))
        | (Type::Object(_), Value::Object(_)) => true,
        (Type::Named(name), _) => match schema.named(name).map(|t| &t.kind) {
            Some(TypeKind::Enum { .. }) => matches!(value, Value::StringLit(_)),
            Some(TypeKind::Struct { .. } | TypeKind::Union { .. }) => {
                matches!(value, Value::Object(_))
            }
            Some(TypeKind::Alternate { alternatives }) => alternatives
                .iter()
                .any(|alternative| alternative_takes(schema, &alternative.ty, value)),
            None => true,
        },
        _ => false,
    }
}

/// How the type a value should have is named in messages.
fn expected_kind(schema: &Schema, ty: &Type) -> String {
    match ty {
        Type::Named(name) => match schema.named(name).map(|t| &t.kind) {
            Some(TypeKind::Struct { .. } | TypeKind::Union { .. }) => format!("an object ({name})"),
            Some(TypeKind::Enum { .. }) => format!("a string ({name})"),
            Some(TypeKind::Alternate { .. }) | None => name.clone(),
        },
        Type::Integer(integer) => format!("an integer ({})", integer.name()),
        Type::Int => "an integer".to_owned(),
        Type::Number | Type::Double => "a number".to_owned(),
        Type::String | Type::Enum(_) => "a string".to_owned(),
        Type::Bool => "a boolean".to_owned(),
        Type::Null => "null".to_owned(),
        Type::Array(_) => "an array".to_owned(),
        Type::Object(_) => "an object".to_owned(),
        Type::Value => "any value".to_owned(),
    }
}

/// A quick yes to "does this example agree with its section?", on the parsed value.
///
/// It answers no whenever the spanned walk above could find something, and may answer
/// no when it would not (a number too large for an integer, say); a no only means the
/// spanned walk runs and decides.
mod fast {
    use crate::model::{Command, Data, Field, Schema, Section, Type, TypeKind};
    use serde_json::Value;

    pub fn example_agrees(schema: &Schema, section: &Section, message: &Value) -> bool {
        let Some(members) = message.as_object() else {
            return false;
        };
        let Some(event) = members.get("event").and_then(Value::as_str) else {
            return false;
        };
        if !section.names.iter().any(|name| name.name == event) || !envelope_agrees(members) {
            return false;
        }
        if section.data_type.is_some()
            && matches!(
                section
                    .data_type
                    .as_deref()
                    .and_then(|name| schema.named(name))
                    .map(|t| &t.kind),
                Some(TypeKind::Union { .. })
            )
        {
            return false;
        }
        match (&section.data, members.get("data")) {
            (Data::None, Some(_)) => false,
            (Data::Fields(fields), Some(data)) => object_agrees(schema, fields, data),
            (Data::Fields(fields), None) => fields.iter().all(|field| field.optional),
            (Data::None | Data::Undescribed { .. }, None) | (Data::Undescribed { .. }, Some(_)) => {
                true
            }
        }
    }

    fn envelope_agrees(members: &serde_json::Map<String, Value>) -> bool {
        let integer = |timestamp: &serde_json::Map<String, Value>, name: &str| {
            timestamp.get(name).is_some_and(serde_json::Value::is_i64)
        };
        members
            .keys()
            .all(|name| super::MESSAGE_MEMBERS.contains(&name.as_str()))
            && members
                .get("timestamp")
                .and_then(Value::as_object)
                .is_some_and(|timestamp| {
                    timestamp.len() == 2
                        && integer(timestamp, "seconds")
                        && integer(timestamp, "microseconds")
                })
    }

    /// Whether a command message agrees with the command it runs, as far as a quick
    /// look can tell (unions are left to the spanned walk).
    pub(super) fn command_agrees(schema: &Schema, command: &Command, message: &Value) -> bool {
        let Some(members) = message.as_object() else {
            return false;
        };
        if !members.keys().all(|name| {
            ["execute", "exec-oob", "arguments", "id", "control"].contains(&name.as_str())
        }) {
            return false;
        }
        let union = command.arguments_type.as_deref().is_some_and(|name| {
            matches!(
                schema.named(name).map(|t| &t.kind),
                Some(TypeKind::Union { .. })
            )
        });
        if union {
            return false;
        }
        match members.get("arguments") {
            None => command.arguments.iter().all(|field| field.optional),
            Some(arguments) if command.generated => {
                object_agrees(schema, &command.arguments, arguments)
            }
            Some(_) => false,
        }
    }

    fn object_agrees(schema: &Schema, fields: &[Field], value: &Value) -> bool {
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
                    .is_some_and(|field| value_agrees(schema, &field.ty, member))
            })
    }

    pub(super) fn value_agrees(schema: &Schema, ty: &Type, value: &Value) -> bool {
        match (ty, value) {
            (Type::Value, _)
            | (Type::String, Value::String(_))
            | (Type::Bool, Value::Bool(_))
            | (Type::Null, Value::Null)
            | (Type::Number | Type::Double, Value::Number(_)) => true,
            (Type::Int, Value::Number(number)) => !number.is_f64(),
            (Type::Integer(integer), Value::Number(number)) => {
                let (min, max) = integer.range();
                let n = number
                    .as_i64()
                    .map(i128::from)
                    .or(number.as_u64().map(i128::from));
                n.is_some_and(|n| (min..=max).contains(&n))
            }
            (Type::Array(element), Value::Array(items)) => {
                items.iter().all(|item| value_agrees(schema, element, item))
            }
            (Type::Object(members), Value::Object(_)) if members.is_empty() => true,
            (Type::Object(members), object @ Value::Object(_)) => {
                object_agrees(schema, members, object)
            }
            (Type::Enum(values), Value::String(text)) => values.iter().any(|v| v.value == *text),
            // Unions and alternates are left to the spanned walk.
            (Type::Named(name), _) => match (schema.named(name).map(|t| &t.kind), value) {
                (Some(TypeKind::Struct { members, .. }), object @ Value::Object(_)) => {
                    object_agrees(schema, members, object)
                }
                (Some(TypeKind::Enum { values }), Value::String(text)) => {
                    values.iter().any(|v| v.value == *text)
                }
                _ => false,
            },
            _ => false,
        }
    }
}

/// An example's text parsed again, as strict JSON, into a tree whose nodes know where
/// they are.
fn spanned(text: &str) -> Option<Value<'_>> {
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
    jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &parse_options)
        .ok()?
        .value
}

/// Maps ranges of an example's text to spans of its file.
struct ExampleLocator<'a> {
    source: &'a SourceFile,
    /// Where the text starts in the file, when it is one piece of it.
    base: usize,
    /// Where each line of the text starts in the file, when its lines are apart there.
    line_starts: &'a [usize],
    /// The text the ranges are in.
    text: &'a str,
}

impl ExampleLocator<'_> {
    fn span(&self, node: &impl Ranged) -> Span {
        let range = node.range();
        self.source
            .span(self.offset(range.start), self.offset(range.end))
    }

    /// The file offset of an offset into the text.
    fn offset(&self, at: usize) -> usize {
        if self.line_starts.is_empty() {
            return self.base + at;
        }
        let before = self.text.get(..at).unwrap_or(self.text);
        let line = before.matches('\n').count();
        let column = before.len() - before.rfind('\n').map_or(0, |newline| newline + 1);
        self.line_starts
            .get(line)
            .map_or(self.base + at, |start| start + column)
    }
}

/// The members of a QMP event message.
const MESSAGE_MEMBERS: [&str; 3] = ["event", "data", "timestamp"];

/// Whether a timestamp has exactly integer `seconds` and `microseconds`, each within
/// the `i64` the bindings' `Timestamp` holds.
fn timestamp_fits(timestamp: &Object<'_>) -> bool {
    let integer = |name: &str| {
        matches!(timestamp.get(name).map(|prop| &prop.value),
            Some(Value::NumberLit(number)) if number.value.parse::<i64>().is_ok())
    };
    timestamp.properties.len() == 2 && integer("seconds") && integer("microseconds")
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
