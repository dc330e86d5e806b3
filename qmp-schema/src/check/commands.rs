//! Command examples against their commands: each `->` message's arguments against the
//! command it runs, and each `<-` return against what that command returns.
//!
//! A transcript may run several commands (a query before the command it shows); each
//! answer is checked against the command run last. Messages QEMU abbreviated (`...`)
//! are not JSON and are not checked; events in a transcript are checked as examples of
//! their events.

use super::{Checker, ExampleLocator, fast, spanned};
use crate::diagnostic::Diagnostic;
use crate::model::{Command, Direction, Field, TranscriptMessage, Type, TypeKind};
use jsonc_parser::ast::{Object, Value};

/// The members of a QMP command message.
const COMMAND_MEMBERS: [&str; 5] = ["execute", "exec-oob", "arguments", "id", "control"];

impl<'a> Checker<'a> {
    /// Checks the examples of a command.
    pub(super) fn check_command(&mut self, command: &'a Command) {
        self.command = Some(command.name.clone());
        for transcript in &command.examples {
            let mut running: Option<&'a Command> = None;
            for message in &transcript.messages {
                let Some(json) = &message.json else {
                    continue;
                };
                match message.direction {
                    Direction::ToQemu => running = self.check_execute(message, json),
                    Direction::FromQemu => {
                        if let (Some(ran), Some(value)) = (running, json.get("return")) {
                            self.check_return(ran, message, value);
                        }
                    }
                }
            }
        }
        self.command = None;
    }

    /// Checks a `->` message; gives the command it runs, if the schema has it.
    fn check_execute(
        &mut self,
        message: &TranscriptMessage,
        json: &serde_json::Value,
    ) -> Option<&'a Command> {
        let name = json
            .get("execute")
            .or_else(|| json.get("exec-oob"))
            .and_then(serde_json::Value::as_str)?;
        let schema = self.schema;
        let Some(ran) = schema.command(name) else {
            let text = format!("example runs command '{name}', which the schema does not define");
            self.push(Diagnostic::warning(message.span, text));
            return None;
        };
        if !fast::command_agrees(schema, ran, json) {
            self.walk_message(message, |checker, locate, object| {
                checker.check_command_message(locate, ran, object);
            });
        }
        Some(ran)
    }

    fn check_return(
        &mut self,
        ran: &Command,
        message: &TranscriptMessage,
        value: &serde_json::Value,
    ) {
        let agrees = match &ran.returns {
            None => value.as_object().is_some_and(serde_json::Map::is_empty),
            Some(ty) => fast::value_agrees(self.schema, ty, value),
        };
        if agrees {
            return;
        }
        self.walk_message(message, |checker, locate, object| {
            let Some(value) = object.get("return").map(|prop| &prop.value) else {
                return;
            };
            match &ran.returns {
                Some(ty) => checker.check_type(locate, ty, value, "return"),
                None => {
                    let text = format!(
                        "example returns {}, but '{}' has no 'returns': QEMU answers {{}}",
                        super::kind_of(value),
                        ran.name
                    );
                    checker.push(Diagnostic::warning(locate.span(value), text));
                }
            }
        });
    }

    /// Parses a message again with spans and hands its object to `walk`.
    fn walk_message(
        &mut self,
        message: &TranscriptMessage,
        walk: impl FnOnce(&mut Self, &ExampleLocator<'_>, &Object<'_>),
    ) {
        let Some(Value::Object(object)) = spanned(&message.text) else {
            return;
        };
        let Some(source) = self
            .sources
            .iter()
            .find(|source| source.id == message.span.file)
        else {
            return;
        };
        let locate = ExampleLocator {
            source,
            base: message.span.start,
            line_starts: &message.line_starts,
            text: &message.text,
        };
        walk(self, &locate, &object);
    }

    fn check_command_message(
        &mut self,
        locate: &ExampleLocator<'_>,
        ran: &Command,
        message: &Object<'_>,
    ) {
        for prop in &message.properties {
            let name = prop.name.as_str();
            if !COMMAND_MEMBERS.contains(&name) {
                let text =
                    format!("example has member '{name}', which is not part of a QMP command");
                self.push(Diagnostic::warning(locate.span(&prop.name), text));
            }
        }
        let arguments = message.get("arguments").map(|prop| &prop.value);
        let union = ran.boxed
            && ran.arguments_type.as_deref().is_some_and(|name| {
                matches!(
                    self.schema.named(name).map(|t| &t.kind),
                    Some(TypeKind::Union { .. })
                )
            });
        match arguments {
            Some(value) if union => {
                let ty = Type::Named(ran.arguments_type.clone().unwrap_or_default());
                self.check_type(locate, &ty, value, "arguments");
            }
            Some(Value::Object(object)) if ran.generated => {
                self.check_object(locate, &ran.arguments, object, "arguments");
            }
            Some(Value::Object(object)) => {
                self.check_open_arguments(locate, &ran.arguments, object)
            }
            Some(other) => {
                let text = format!(
                    "example's \"arguments\" should be an object, found {}",
                    super::kind_of(other)
                );
                self.push(Diagnostic::warning(locate.span(other), text));
            }
            None => {
                if let Some(required) = ran.arguments.iter().find(|field| !field.optional) {
                    let text = format!(
                        "example has no \"arguments\", but argument '{}' is required",
                        required.name
                    );
                    self.push(Diagnostic::warning(locate.span(message), text));
                }
            }
        }
    }

    /// The arguments of a command QEMU does not check (`'gen': false`): those the schema
    /// lists are checked; others are the command's to take (`device_add`'s properties).
    fn check_open_arguments(
        &mut self,
        locate: &ExampleLocator<'_>,
        fields: &[Field],
        object: &Object<'_>,
    ) {
        for field in fields {
            match object.get(&field.name) {
                Some(prop) => {
                    let path = format!("arguments/{}", field.name);
                    self.check_type(locate, &field.ty, &prop.value, &path);
                }
                None if !field.optional => {
                    let text = format!("example lacks required member 'arguments/{}'", field.name);
                    self.push(Diagnostic::warning(locate.span(object), text));
                }
                None => {}
            }
        }
    }
}
