//! Computing the changes of a QAPI schema's commands, command by command: the command
//! itself, its arguments (which the caller builds), what it returns (which the caller
//! decodes), then its documentation.
//!
//! As for events, a member whose type is a named type is compared by the type's name
//! only, and a boxed command's arguments and a returned named type are compared by name:
//! what changed inside the type is reported once, in the type's own group (`types.rs`),
//! which names the commands that use it and how.

use super::api::{Api, qapi_type_text, returns_text};
use super::change::{ChangeKind, CommandChanges};
use super::classify::Uses;
use super::compare::Comparison;
use super::rename::same_words;
use crate::codegen::plan::{CommandArguments, CommandPlan};
use crate::model::{Transcript, TranscriptMessage};

/// Every command's changes from `old` to `new`, in wire-name order; commands without
/// changes are left out.
pub(crate) fn compare_commands(old: &Api<'_>, new: &Api<'_>) -> Vec<CommandChanges> {
    let mut groups = Vec::new();
    for new_command in new.commands() {
        let wire = new_command.command.name.as_str();
        let rust = rust_path(new_command);
        let mut comparison = Comparison::new(old, new);
        match old.command(wire) {
            Some(old_command) => command(&mut comparison, old_command, new_command),
            None => comparison.push(
                "",
                Some(rust.clone()),
                ChangeKind::CommandAdded {
                    returns: returns_text(new_command),
                },
            ),
        }
        if !comparison.changes.is_empty() {
            groups.push(CommandChanges {
                name: wire.to_owned(),
                rust,
                changes: comparison.changes,
            });
        }
    }
    for old_command in old.commands() {
        let wire = old_command.command.name.as_str();
        if new.command(wire).is_some() {
            continue;
        }
        let rust = rust_path(old_command);
        let mut comparison = Comparison::new(old, new);
        comparison.push(
            "",
            Some(rust.clone()),
            ChangeKind::CommandRemoved {
                returns: returns_text(old_command),
                was_deprecated: old_command.command.is_deprecated(),
            },
        );
        groups.push(CommandChanges {
            name: wire.to_owned(),
            rust,
            changes: comparison.changes,
        });
    }
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    groups
}

/// A command's struct as code names it: `commands::QueryBlock`.
fn rust_path(command: &CommandPlan<'_>) -> String {
    format!("commands::{}", command.name)
}

/// A command present in both documents.
fn command<'s>(comparison: &mut Comparison<'_, 's>, old: &CommandPlan<'s>, new: &CommandPlan<'s>) {
    let rust = rust_path(new);
    let (old_model, new_model) = (old.command, new.command);
    if old.name != new.name {
        let kind = ChangeKind::TypeRenamed {
            old: rust_path(old),
            new: rust.clone(),
        };
        comparison.push("", Some(rust.clone()), kind);
    }
    if !same_words(&old_model.description, &new_model.description) {
        let kind = ChangeKind::DescriptionChanged {
            old: old_model.description.clone(),
            new: new_model.description.clone(),
        };
        comparison.push("", None, kind);
    }
    comparison.annotations(
        "",
        &rust,
        (&old_model.features, &new_model.features),
        (&old_model.condition, &new_model.condition),
    );
    comparison.uses = Uses::ARGUMENTS;
    arguments(comparison, old, new);
    comparison.uses = Uses::RETURNS;
    returns(comparison, old, new);
    if !same_words(&old_model.returns_doc, &new_model.returns_doc) {
        let kind = ChangeKind::DescriptionChanged {
            old: old_model.returns_doc.clone(),
            new: new_model.returns_doc.clone(),
        };
        comparison.push("return", None, kind);
    }
    examples(comparison, &old_model.examples, &new_model.examples);
    comparison.notes(&old_model.notes, &new_model.notes);
}

/// The arguments: field by field when both structs hold them as fields; a boxed
/// command's type is compared by name (its members are the type's changes).
fn arguments<'s>(
    comparison: &mut Comparison<'_, 's>,
    old: &CommandPlan<'s>,
    new: &CommandPlan<'s>,
) {
    match (&old.arguments, &new.arguments) {
        (CommandArguments::Fields(_), CommandArguments::Fields(_)) => {
            // Copies of the references, so that the fields borrow the plans, not the
            // comparison that records their changes.
            let (old_api, new_api) = (comparison.old, comparison.new);
            let old_fields = old_api
                .command_struct(old)
                .map_or(&[][..], |s| &s.fields[..]);
            let new_fields = new_api
                .command_struct(new)
                .map_or(&[][..], |s| &s.fields[..]);
            comparison.fields(
                old_fields,
                new_fields,
                "arguments",
                &rust_path(old),
                &rust_path(new),
            );
        }
        (CommandArguments::Boxed(old_type), CommandArguments::Boxed(new_type))
            if old_type == new_type && old.command.arguments_type == new.command.arguments_type => {
        }
        (old_arguments, new_arguments) => {
            let kind = ChangeKind::ArgumentsChanged {
                old: arguments_shape(old_arguments),
                new: arguments_shape(new_arguments),
            };
            comparison.push("arguments", Some(rust_path(new)), kind);
        }
    }
}

/// How a command's struct holds its arguments, in a word: `fields`, or the boxed type.
fn arguments_shape(arguments: &CommandArguments) -> String {
    match arguments {
        CommandArguments::Fields(_) => "fields".to_owned(),
        CommandArguments::Boxed(name) => name.clone(),
    }
}

/// What the command returns: another `type Returns` is a change; the same named type is
/// none here (what changed inside it is the type's).
fn returns<'s>(comparison: &mut Comparison<'_, 's>, old: &CommandPlan<'s>, new: &CommandPlan<'s>) {
    let (old_rust, new_rust) = (returns_text(old), returns_text(new));
    // `int` and `int64` are one Rust type: only the Rust types count.
    if old_rust == new_rust {
        return;
    }
    let kind = ChangeKind::ReturnsChanged {
        old_json: old.command.returns.as_ref().map(qapi_type_text),
        new_json: new.command.returns.as_ref().map(qapi_type_text),
        old_rust,
        new_rust,
    };
    comparison.push("return", Some(rust_path(new)), kind);
}

/// Examples have no names: they are compared by position.
fn examples(comparison: &mut Comparison<'_, '_>, old: &[Transcript], new: &[Transcript]) {
    for index in 0..old.len().max(new.len()) {
        let kind = match (old.get(index), new.get(index)) {
            (Some(old), Some(new)) if same_transcript(old, new) => continue,
            (Some(_), Some(_)) => ChangeKind::ExampleChanged { index: index + 1 },
            (None, Some(_)) => ChangeKind::ExampleAdded { index: index + 1 },
            (Some(_), None) => ChangeKind::ExampleRemoved { index: index + 1 },
            (None, None) => continue,
        };
        comparison.push("", None, kind);
    }
}

/// Transcripts are alike when they have the same label and the same messages, each
/// compared as JSON when both parse (however laid out), else by their words.
fn same_transcript(old: &Transcript, new: &Transcript) -> bool {
    let same_label = match (&old.label, &new.label) {
        (Some(old), Some(new)) => same_words(old, new),
        (old, new) => old.is_none() && new.is_none(),
    };
    same_label
        && old.messages.len() == new.messages.len()
        && old
            .messages
            .iter()
            .zip(&new.messages)
            .all(|(old, new)| same_message(old, new))
}

fn same_message(old: &TranscriptMessage, new: &TranscriptMessage) -> bool {
    old.direction == new.direction
        && match (&old.json, &new.json) {
            (Some(old), Some(new)) => old == new,
            _ => same_words(&old.text, &new.text),
        }
}
