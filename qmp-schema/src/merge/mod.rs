//! Bindings of several QEMU releases in one: the schemas merged into one model.
//!
//! A management tool meets many QEMUs, and bindings of one release fail on the others
//! (10.0's `BLOCK_IO_ERROR` requires `qom-path`, which 7.2 never sends). [`merge`] makes
//! one [`Schema`] whose events, commands and named types are the union of the releases':
//!
//! - a member present and required in every release that has its definition stays
//!   required; one that some releases lack or leave optional becomes optional;
//! - events, commands, members, enumeration values and union branches that only some
//!   releases have are kept;
//! - a member whose type differs gets one that reads every release's values (the wider
//!   integer, the union of an enumeration's values, the merged object), or any JSON
//!   value, with a warning, when no schema type can;
//! - a named type renamed between releases (the same place in an event or command holds
//!   `OldName` in one and `NewName` in the other, neither release having the other's
//!   name) is one type, under the newest release's name.
//!
//! Every difference is written into the docs of what it concerns ("Only in QEMU 10.0.2,
//! where it is required."), so the generated rustdoc says which releases send what.
//! Descriptions, since-versions, features and spans come from the newest release that has
//! the definition; the spans of definitions only older releases have point into those
//! releases' files.
//!
//! ```
//! use qmp_schema::{Document, merge};
//! let old = Document::from_text(
//!     "old.json",
//!     "{ 'event': 'BLOCK_IO_ERROR', 'data': { 'device': 'str' } }\n",
//! );
//! let new = Document::from_text(
//!     "new.json",
//!     "{ 'event': 'BLOCK_IO_ERROR', 'data': { 'device': 'str', 'qom-path': 'str' } }\n",
//! );
//! let merged = merge::merge(vec![
//!     merge::Release::new("7.2", old.schema),
//!     merge::Release::new("10.0", new.schema),
//! ]);
//! let data = merged.schema.sections[0].data.fields();
//! assert!(!data[0].optional);
//! assert!(data[1].optional);
//! assert!(data[1].description.contains("Only in QEMU 10.0, where it is required"));
//! ```

mod fields;
mod release;
mod renames;
mod types;

pub use release::{compare_releases, release_of};

use crate::model::{Command, Data, Example, Schema, Section, Transcript, Type};
use fields::Merger;
use std::collections::{BTreeMap, BTreeSet};

/// One release's schema, named as the merged docs name it (`10.0.2`).
#[derive(Debug, Clone)]
pub struct Release {
    /// The release's name: `7.2.22`, or whatever the user calls it.
    pub name: String,
    /// Its schema.
    pub schema: Schema,
}

impl Release {
    /// A release named `name` with this schema.
    pub fn new(name: impl Into<String>, schema: Schema) -> Release {
        Release {
            name: name.into(),
            schema,
        }
    }
}

/// The merged model and what merging had to give up.
#[derive(Debug, Clone)]
pub struct Merged {
    /// One schema holding every release's events, commands and types.
    pub schema: Schema,
    /// The releases' names, oldest first.
    pub releases: Vec<String>,
    /// Where releases disagree in a way no schema type can express (a member that is a
    /// string in one and an object in another): such a member is kept as any JSON value.
    pub warnings: Vec<String>,
}

/// A set of releases, by their index in oldest-first order.
pub(crate) type Releases = u64;

/// Merges the schemas of several releases (in any order: they are sorted by version
/// where their names are versions, else kept as given, oldest first). At most 64.
pub fn merge(mut releases: Vec<Release>) -> Merged {
    releases.truncate(64);
    releases.sort_by(|a, b| compare_releases(&a.name, &b.name));
    let names: Vec<String> = releases.iter().map(|r| r.name.clone()).collect();
    let schemas: Vec<&Schema> = releases.iter().map(|r| &r.schema).collect();
    let renames = renames::find(&schemas);
    let mut merger = Merger::new(&names, &schemas, &renames);
    let types = types::merge_types(&mut merger, &schemas);
    let sections = merge_events(&mut merger, &schemas);
    let commands = merge_commands(&mut merger, &schemas);
    let newest = schemas.last().copied();
    let schema = Schema {
        title: newest.and_then(|s| s.title.clone()),
        files: newest.map(|s| s.files.clone()).unwrap_or_default(),
        sections,
        commands,
        types,
        releases: names.clone(),
    };
    let warnings = merger.warnings;
    Merged {
        schema,
        releases: names,
        warnings,
    }
}

/// Names of items in the order the newest release lists them, then those only older
/// releases have, newest first.
fn ordered_names<'s, T: 's>(
    schemas: &[&'s Schema],
    items: impl Fn(&'s Schema) -> Vec<(&'s str, &'s T)>,
) -> Vec<(String, Vec<(usize, &'s T)>)> {
    let mut order: Vec<String> = Vec::new();
    let mut by_name: BTreeMap<String, Vec<(usize, &'s T)>> = BTreeMap::new();
    for (index, schema) in schemas.iter().enumerate().rev() {
        for (name, item) in items(schema) {
            let entry = by_name.entry(name.to_owned()).or_default();
            if entry.is_empty() {
                order.push(name.to_owned());
            }
            entry.insert(0, (index, item));
        }
    }
    order
        .into_iter()
        .map(|name| {
            let entries = by_name.remove(&name).unwrap_or_default();
            (name, entries)
        })
        .collect()
}

fn merge_events(merger: &mut Merger<'_>, schemas: &[&Schema]) -> Vec<Section> {
    // A QAPI section documents one event; the text document's may name several, which
    // are merged as one by their first name.
    let events = ordered_names(schemas, |schema| {
        schema
            .sections
            .iter()
            .filter_map(|s| Some((s.names.first()?.name.as_str(), s)))
            .collect()
    });
    events
        .into_iter()
        .map(|(name, entries)| merge_event(merger, &name, &entries))
        .collect()
}

fn merge_event(merger: &mut Merger<'_>, name: &str, entries: &[(usize, &Section)]) -> Section {
    let (_, newest) = entries[entries.len() - 1];
    let present = mask(entries);
    let mut section = newest.clone();
    section.description = merger.with_presence(&newest.description, present, merger.all());
    let data: Vec<(usize, &Data)> = entries.iter().map(|(i, s)| (*i, &s.data)).collect();
    section.data = merger.merge_data(name, &data, present);
    let data_types: BTreeSet<Option<String>> = entries
        .iter()
        .map(|(i, s)| s.data_type.as_ref().map(|t| merger.canonical(*i, t)))
        .collect();
    section.data_type = match data_types.into_iter().collect::<Vec<_>>().as_slice() {
        [Some(one)] => Some(one.clone()),
        _ => None,
    };
    section.examples = union_examples(entries.iter().rev().map(|(_, s)| &s.examples[..]));
    section.releases = Some(present);
    section
}

fn merge_commands(merger: &mut Merger<'_>, schemas: &[&Schema]) -> Vec<Command> {
    let commands = ordered_names(schemas, |schema| {
        schema
            .commands
            .iter()
            .map(|c| (c.name.as_str(), c))
            .collect()
    });
    commands
        .into_iter()
        .map(|(name, entries)| merge_command(merger, &name, &entries))
        .collect()
}

fn merge_command(merger: &mut Merger<'_>, name: &str, entries: &[(usize, &Command)]) -> Command {
    let (_, newest) = entries[entries.len() - 1];
    let present = mask(entries);
    let mut command = newest.clone();
    command.description = merger.with_presence(&newest.description, present, merger.all());
    let arguments: Vec<(usize, &[crate::model::Field])> = entries
        .iter()
        .map(|(i, c)| (*i, &c.arguments[..]))
        .collect();
    command.arguments = merger.merge_fields(&format!("{name}: arguments"), &arguments, present);
    let boxed_types: BTreeSet<Option<String>> = entries
        .iter()
        .map(|(i, c)| {
            c.arguments_type
                .as_ref()
                .filter(|_| c.boxed)
                .map(|t| merger.canonical(*i, t))
        })
        .collect();
    (command.arguments_type, command.boxed) =
        match boxed_types.into_iter().collect::<Vec<_>>().as_slice() {
            [Some(one)] => (Some(one.clone()), true),
            _ => (None, false),
        };
    let returns: Vec<(usize, &Type)> = entries
        .iter()
        .filter_map(|(i, c)| Some((*i, c.returns.as_ref()?)))
        .collect();
    command.returns = if returns.is_empty() {
        None
    } else if returns.len() < entries.len() {
        // Some releases answer `{}`, others a value of a type.
        merger.warn(format!(
            "{name}: returns nothing in some releases and a value in others; its return \
             is kept as any JSON value"
        ));
        Some(Type::Value)
    } else {
        let (ty, note) = merger.merge_type(&format!("{name}: returns"), &returns);
        if let Some(note) = note {
            command.returns_doc = fields::add_paragraph(&command.returns_doc, &note);
        }
        Some(ty)
    };
    command.generated = entries.iter().all(|(_, c)| c.generated);
    command.examples = union_transcripts(entries.iter().rev().map(|(_, c)| &c.examples[..]));
    command.releases = Some(present);
    command
}

/// The releases of these entries.
pub(crate) fn mask<T>(entries: &[(usize, T)]) -> Releases {
    entries.iter().fold(0, |m, (i, _)| m | (1 << i))
}

/// Every release's examples, newest first, each text once.
fn union_examples<'a>(lists: impl Iterator<Item = &'a [Example]>) -> Vec<Example> {
    let mut seen = BTreeSet::new();
    lists
        .flatten()
        .filter(|e| seen.insert(e.text.clone()))
        .cloned()
        .collect()
}

/// Every release's command examples, newest first, each transcript once.
fn union_transcripts<'a>(lists: impl Iterator<Item = &'a [Transcript]>) -> Vec<Transcript> {
    let mut seen = BTreeSet::new();
    lists
        .flatten()
        .filter(|t| {
            let text: Vec<&str> = t.messages.iter().map(|m| m.text.as_str()).collect();
            seen.insert(text.join("\n"))
        })
        .cloned()
        .collect()
}
