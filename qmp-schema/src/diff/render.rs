//! The diff for people (text grouped by event, then by command, then by named type,
//! ending in a verdict) and for tools (JSON).

use super::Diff;
use super::change::{Change, ChangeKind, DataShape, PayloadType, TypeChanges};
use serde::Serialize;
use std::collections::HashSet;

/// Column where a change's description starts, after its verdict.
const INDENT: &str = "              ";

/// The diff as text: one block per event, then one per command (headed `command NAME`),
/// then one per named type (headed `type NAME`, with the events and commands that reach
/// it), each change on a line with its verdict, the reason
/// under each breaking change, a note under compatible ones worth one (each note once,
/// where it first applies: twenty added events need not say twenty times that they used
/// to decode as `Event::Unknown`), and the verdict line last. `old_name` and `new_name`
/// name the documents.
pub fn text(diff: &Diff, old_name: &str, new_name: &str) -> String {
    let mut out = format!("comparing {old_name} (old) with {new_name} (new)\n");
    let mut notes_given = HashSet::new();
    for group in &diff.events {
        out.push('\n');
        out.push_str(&group.names.join(", "));
        out.push('\n');
        push_changes(&mut out, &group.changes, &mut notes_given);
    }
    for group in &diff.commands {
        out.push('\n');
        out.push_str(&format!("command {}", group.name));
        out.push('\n');
        push_changes(&mut out, &group.changes, &mut notes_given);
    }
    for group in &diff.types {
        out.push('\n');
        out.push_str(&type_heading(group));
        out.push('\n');
        push_changes(&mut out, &group.changes, &mut notes_given);
    }
    out.push('\n');
    out.push_str(&verdict_line(diff, old_name, new_name));
    out.push('\n');
    out
}

/// A type group's heading: `type JobType: enum `JobType`, used by BLOCK_JOB_CANCELLED,
/// BLOCK_JOB_COMPLETED, job-cancel (arguments), query-jobs (returns)`: the events, then
/// the commands, each saying whether the caller builds the type (its arguments) or
/// decodes it (what it returns).
pub fn type_heading(group: &TypeChanges) -> String {
    let mut heading = format!("type {}: {} `{}`", group.name, group.kind, group.rust);
    let mut commands: Vec<&str> = group
        .arguments_of
        .iter()
        .chain(&group.returned_by)
        .map(String::as_str)
        .collect();
    commands.sort_unstable();
    commands.dedup();
    let users: Vec<String> = group
        .events
        .iter()
        .cloned()
        .chain(commands.into_iter().map(|command| {
            let arguments = group.arguments_of.iter().any(|c| c == command);
            let returns = group.returned_by.iter().any(|c| c == command);
            let how = match (arguments, returns) {
                (true, true) => "arguments and returns",
                (true, false) => "arguments",
                (false, _) => "returns",
            };
            format!("{command} ({how})")
        }))
        .collect();
    if !users.is_empty() {
        heading.push_str(", used by ");
        heading.push_str(&users.join(", "));
    }
    heading
}

/// Each change on a line with its verdict, and the reason or note under it.
fn push_changes<'d>(out: &mut String, changes: &'d [Change], notes_given: &mut HashSet<&'d str>) {
    for change in changes {
        let verdict = if change.is_breaking() {
            "breaking"
        } else {
            "compatible"
        };
        out.push_str(&format!("  {verdict:<12}{}\n", headline(change)));
        if change.is_breaking() {
            out.push_str(&format!("{INDENT}why: {}\n", change.why));
        } else if !change.kind.is_doc_only() && notes_given.insert(change.why.as_str()) {
            out.push_str(&format!("{INDENT}note: {}\n", change.why));
        }
    }
}

/// `verdict: 3 breaking changes, 12 compatible; ...`
pub fn verdict_line(diff: &Diff, old_name: &str, new_name: &str) -> String {
    if diff.is_empty() {
        return format!("verdict: no changes; {new_name} describes the same API as {old_name}");
    }
    let breaking = diff.breaking_count();
    let compatible = diff.compatible_count();
    let plural = if breaking == 1 { "" } else { "s" };
    let consequence = if breaking > 0 {
        format!("bindings regenerated from {new_name} will break code written against {old_name}")
    } else {
        format!(
            "code written against {old_name} keeps working with bindings regenerated from {new_name}"
        )
    };
    format!("verdict: {breaking} breaking change{plural}, {compatible} compatible; {consequence}")
}

/// One change in a line: where, and what happened.
pub fn headline(change: &Change) -> String {
    let what = describe(change);
    if change.path.is_empty() {
        what
    } else {
        format!("{}: {what}", change.path)
    }
}

/// What happened, in words, naming the Rust items concerned.
pub fn describe(change: &Change) -> String {
    let rust = change.rust.as_deref().unwrap_or("?");
    match &change.kind {
        ChangeKind::EventAdded { payload } => format!("event added: `{rust}({payload})`"),
        ChangeKind::EventRemoved { payload, .. } => format!("event removed: `{rust}({payload})`"),
        ChangeKind::CommandAdded { returns } => {
            format!("command added: `{rust}` (`type Returns = {returns}`)")
        }
        ChangeKind::CommandRemoved { returns, .. } => {
            format!("command removed: `{rust}` (`type Returns = {returns}`)")
        }
        ChangeKind::ArgumentsChanged { old, new } => {
            let shape = |shape: &str| {
                if shape == "fields" {
                    "its fields".to_owned()
                } else {
                    format!("`{rust}(pub {shape})`")
                }
            };
            format!(
                "arguments held another way: {} is now {}",
                shape(old),
                shape(new)
            )
        }
        ChangeKind::ReturnsChanged {
            old_json,
            new_json,
            old_rust,
            new_rust,
        } => {
            let words = |json: &Option<String>| {
                json.as_deref()
                    .map_or_else(|| "nothing".to_owned(), str::to_owned)
            };
            format!(
                "type changed from {} (`type Returns = {old_rust}`) to {} (`type Returns = {new_rust}`)",
                words(old_json),
                words(new_json)
            )
        }
        ChangeKind::EventPossiblyRenamed {
            old_name,
            old_variant,
        } => format!(
            "possibly renamed from {old_name} (same fields): `Event::{old_variant}` is now `{rust}`"
        ),
        ChangeKind::VariantRenamed { old, new } => {
            format!("variant renamed: `Event::{old}` is now `Event::{new}`")
        }
        ChangeKind::PayloadTypeRenamed { old, new } => describe_payload_type(old, new),
        ChangeKind::DataChanged { old, new } => format!(
            "data was {}, now {} (`{rust}`)",
            data_words(*old),
            data_words(*new)
        ),
        ChangeKind::FieldAdded {
            optional,
            rust_type,
        } => {
            format!(
                "{} field added: `{rust}: {rust_type}`",
                required_word(*optional)
            )
        }
        ChangeKind::FieldRemoved {
            optional,
            rust_type,
            ..
        } => {
            format!(
                "{} field removed: `{rust}: {rust_type}`",
                required_word(*optional)
            )
        }
        ChangeKind::FieldRenamed { old, new } => {
            format!("Rust field renamed: `{old}` is now `{new}`")
        }
        ChangeKind::TypeChanged {
            old_json,
            new_json,
            old_rust,
            new_rust,
        } => format!("type changed from {old_json} (`{old_rust}`) to {new_json} (`{new_rust}`)"),
        ChangeKind::TypeRenamed { old, new } => format!("type renamed: `{old}` is now `{new}`"),
        ChangeKind::MadeOptional { rust_type } => {
            format!("made optional: `{rust}: Option<{rust_type}>`")
        }
        ChangeKind::MadeRequired { rust_type } => format!("made required: `{rust}: {rust_type}`"),
        ChangeKind::EnumValueAdded { value } => format!("enum value \"{value}\" added: `{rust}`"),
        ChangeKind::EnumValueRemoved { value, .. } => {
            format!("enum value \"{value}\" removed: `{rust}`")
        }
        ChangeKind::EnumVariantRenamed { value, old, new } => {
            format!("variant of \"{value}\" renamed: `{old}` is now `{new}`")
        }
        ChangeKind::DescriptionChanged { .. } => "description changed".to_owned(),
        ChangeKind::EnumValueDescriptionChanged { value, .. } => {
            format!("meaning of \"{value}\" changed")
        }
        ChangeKind::ExampleAdded { index } => format!("example {index} added"),
        ChangeKind::ExampleRemoved { index } => format!("example {index} removed"),
        ChangeKind::ExampleChanged { index } => format!("example {index} changed"),
        ChangeKind::NoteAdded { index } => format!("note {index} added"),
        ChangeKind::NoteRemoved { index } => format!("note {index} removed"),
        ChangeKind::NoteChanged { index } => format!("note {index} changed"),
        ChangeKind::FeatureAdded { feature } => format!("feature \"{feature}\" added: `{rust}`"),
        ChangeKind::FeatureRemoved { feature } => {
            format!("feature \"{feature}\" removed: `{rust}`")
        }
        ChangeKind::ConditionChanged { old, new } => match (old, new) {
            (None, Some(new)) => format!("build condition added, {new}: `{rust}`"),
            (Some(old), None) => format!("build condition {old} removed: `{rust}`"),
            (old, new) => format!(
                "build condition changed from {} to {}: `{rust}`",
                old.as_deref().unwrap_or("none"),
                new.as_deref().unwrap_or("none")
            ),
        },
        ChangeKind::TypeKindChanged { old, new } => {
            format!("was a {old}, now a {new}: `{rust}`")
        }
        ChangeKind::UnionVariantAdded { value, rust_type } => {
            format!("variant \"{value}\" added: `{rust}({rust_type})`")
        }
        ChangeKind::UnionVariantRemoved { value, rust_type } => {
            format!("variant \"{value}\" removed: `{rust}({rust_type})`")
        }
        ChangeKind::UnionVariantChanged {
            value,
            old_branch,
            new_branch,
            old_rust,
            new_rust,
        } => {
            let branch = |branch: &Option<String>| {
                branch
                    .as_deref()
                    .map_or_else(|| "no branch".to_owned(), |ty| format!("branch {ty}"))
            };
            let why = if old_branch == new_branch {
                "its struct changed".to_owned()
            } else {
                format!("{} became {}", branch(old_branch), branch(new_branch))
            };
            format!(
                "variant \"{value}\" holds another type ({why}): `{rust}({old_rust})` is now `{rust}({new_rust})`"
            )
        }
        ChangeKind::DiscriminatorChanged { old, new } => {
            format!("discriminator changed from `{old}` to `{new}`: `{rust}`")
        }
        ChangeKind::AlternativeAdded { name, rust_type } => {
            format!("alternative \"{name}\" added: `{rust}({rust_type})`")
        }
        ChangeKind::AlternativeRemoved { name, rust_type } => {
            format!("alternative \"{name}\" removed: `{rust}({rust_type})`")
        }
    }
}

fn describe_payload_type(old: &PayloadType, new: &PayloadType) -> String {
    let shown = |ty: &PayloadType| match &ty.alias_of {
        Some(target) => format!("`{}` (an alias of `{target}`)", ty.name),
        None => format!("`{}`", ty.name),
    };
    if old.name != new.name {
        return format!("payload type renamed: {} is now {}", shown(old), shown(new));
    }
    match (&old.alias_of, &new.alias_of) {
        (Some(target), None) => format!(
            "payload type `{}` was an alias of `{target}`, now a struct of its own",
            new.name
        ),
        (None, Some(target)) => format!(
            "payload type `{}` was a struct of its own, now an alias of `{target}`",
            new.name
        ),
        _ => format!("payload type changed: {} is now {}", shown(old), shown(new)),
    }
}

fn data_words(shape: DataShape) -> &'static str {
    match shape {
        DataShape::None => "`Data: None.`",
        DataShape::Fields => "a list of fields",
        DataShape::Undescribed => "not described",
    }
}

fn required_word(optional: bool) -> &'static str {
    if optional { "optional" } else { "required" }
}

/// The diff as JSON (the shape is documented in the README and `docs/diff.md`).
pub fn json(diff: &Diff, old_name: &str, new_name: &str) -> String {
    let report = JsonReport {
        old: old_name,
        new: new_name,
        verdict: if diff.is_breaking() {
            "breaking"
        } else if diff.is_empty() {
            "unchanged"
        } else {
            "compatible"
        },
        breaking: diff.breaking_count(),
        compatible: diff.compatible_count(),
        events: diff
            .events
            .iter()
            .map(|group| JsonGroup {
                names: &group.names,
                changes: json_changes(&group.changes),
            })
            .collect(),
        commands: diff
            .commands
            .iter()
            .map(|group| JsonCommandGroup {
                name: &group.name,
                rust: &group.rust,
                changes: json_changes(&group.changes),
            })
            .collect(),
        types: diff
            .types
            .iter()
            .map(|group| JsonTypeGroup {
                name: &group.name,
                rust: &group.rust,
                kind: group.kind,
                events: &group.events,
                arguments_of: &group.arguments_of,
                returned_by: &group.returned_by,
                changes: json_changes(&group.changes),
            })
            .collect(),
    };
    // Only strings, numbers and plain structs: serializing cannot fail.
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

fn json_changes(changes: &[Change]) -> Vec<JsonChange<'_>> {
    changes
        .iter()
        .map(|change| JsonChange {
            message: headline(change),
            change,
        })
        .collect()
}

#[derive(Serialize)]
struct JsonReport<'a> {
    old: &'a str,
    new: &'a str,
    verdict: &'static str,
    breaking: usize,
    compatible: usize,
    events: Vec<JsonGroup<'a>>,
    commands: Vec<JsonCommandGroup<'a>>,
    types: Vec<JsonTypeGroup<'a>>,
}

#[derive(Serialize)]
struct JsonCommandGroup<'a> {
    name: &'a str,
    rust: &'a str,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonTypeGroup<'a> {
    name: &'a str,
    rust: &'a str,
    kind: &'static str,
    events: &'a [String],
    arguments_of: &'a [String],
    returned_by: &'a [String],
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    names: &'a [String],
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    message: String,
    #[serde(flatten)]
    change: &'a Change,
}
