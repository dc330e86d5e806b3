//! Which part of a schema the bindings hold: by default all of it; for users who want
//! small, fast builds, only the events, or the events and a few named commands.
//!
//! A selection prunes the commands and keeps the named types the rest still reach, so
//! every later stage (generation, docs) sees a schema like any other.

use crate::model::{Schema, Type, TypeKind};
use std::collections::BTreeSet;

/// What the bindings hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selection {
    /// Every event and every command of the schema.
    #[default]
    Whole,
    /// The events only, and the types they reach.
    EventsOnly,
    /// The events and these commands (by wire name), and the types they reach.
    Commands(Vec<String>),
}

impl Selection {
    /// The events and the named commands.
    pub fn commands<I, S>(names: I) -> Selection
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Selection::Commands(names.into_iter().map(Into::into).collect())
    }

    /// Whether the selection holds every command.
    pub fn is_whole(&self) -> bool {
        matches!(self, Selection::Whole)
    }

    /// The command names the selection asks for that `schema` does not define.
    pub fn unknown_commands<'a>(&'a self, schema: &Schema) -> Vec<&'a str> {
        match self {
            Selection::Commands(names) => names
                .iter()
                .filter(|name| schema.command(name).is_none())
                .map(String::as_str)
                .collect(),
            Selection::Whole | Selection::EventsOnly => Vec::new(),
        }
    }

    /// As [`Selection::apply`], borrowing `schema` when the selection is the whole.
    pub fn applied<'s>(&self, schema: &'s Schema) -> std::borrow::Cow<'s, Schema> {
        if self.is_whole() {
            std::borrow::Cow::Borrowed(schema)
        } else {
            std::borrow::Cow::Owned(self.apply(schema))
        }
    }

    /// The part of `schema` this selection holds. Command names the schema lacks are
    /// ignored (see [`Selection::unknown_commands`]).
    pub fn apply(&self, schema: &Schema) -> Schema {
        if self.is_whole() {
            return schema.clone();
        }
        let mut selected = schema.clone();
        match self {
            Selection::EventsOnly => selected.commands.clear(),
            Selection::Commands(names) => selected
                .commands
                .retain(|command| names.contains(&command.name)),
            Selection::Whole => {}
        }
        let reached = reached_types(&selected);
        selected.types.retain(|name, _| reached.contains(name));
        selected
    }
}

/// The names of the named types that a schema's events and commands reach.
pub fn reached_types(schema: &Schema) -> BTreeSet<String> {
    let mut walk = Walk {
        schema,
        reached: BTreeSet::new(),
        pending: Vec::new(),
    };
    for section in &schema.sections {
        for field in section.data.fields() {
            walk.ty(&field.ty);
        }
        if let Some(name) = &section.data_type {
            walk.name(name);
        }
    }
    for command in &schema.commands {
        for field in &command.arguments {
            walk.ty(&field.ty);
        }
        if let Some(name) = &command.arguments_type {
            walk.name(name);
        }
        if let Some(returns) = &command.returns {
            walk.ty(returns);
        }
    }
    walk.finish()
}

struct Walk<'s> {
    schema: &'s Schema,
    reached: BTreeSet<String>,
    pending: Vec<&'s str>,
}

impl<'s> Walk<'s> {
    fn name(&mut self, name: &'s str) {
        if self.reached.insert(name.to_owned()) {
            self.pending.push(name);
        }
    }

    fn ty(&mut self, ty: &'s Type) {
        match ty {
            Type::Named(name) => self.name(name),
            Type::Array(element) => self.ty(element),
            Type::Object(fields) => {
                for field in fields {
                    self.ty(&field.ty);
                }
            }
            _ => {}
        }
    }

    /// Follows what each reached type reaches, without recursion (types may nest deeply
    /// and refer to each other).
    fn finish(mut self) -> BTreeSet<String> {
        while let Some(name) = self.pending.pop() {
            let Some(named) = self.schema.named(name) else {
                continue;
            };
            match &named.kind {
                TypeKind::Struct { base, members } => {
                    if let Some(base) = base {
                        self.name(base);
                    }
                    for field in members {
                        self.ty(&field.ty);
                    }
                }
                TypeKind::Enum { .. } => {}
                TypeKind::Union {
                    base,
                    members,
                    discriminator_type,
                    branches,
                    ..
                } => {
                    if let Some(base) = base {
                        self.name(base);
                    }
                    self.name(discriminator_type);
                    for field in members {
                        self.ty(&field.ty);
                    }
                    for branch in branches {
                        self.name(&branch.ty);
                    }
                }
                TypeKind::Alternate { alternatives } => {
                    for alternative in alternatives {
                        self.ty(&alternative.ty);
                    }
                }
            }
        }
        self.reached.remove("");
        self.reached
    }
}

#[cfg(test)]
mod tests {
    use super::Selection;
    use crate::Document;

    const SCHEMA: &str = "{ 'event': 'E', 'data': { 'a': 'A' } }\n\
        { 'command': 'c', 'returns': 'B' }\n\
        { 'command': 'd', 'data': { 'c': 'C' } }\n\
        { 'struct': 'A', 'data': { 'x': 'int' } }\n\
        { 'struct': 'B', 'data': { 'a': ['A'], 'e': 'En' } }\n\
        { 'enum': 'En', 'data': [ 'one' ] }\n\
        { 'struct': 'C', 'data': { 's': 'str' } }\n";

    fn names(selection: &Selection) -> (Vec<String>, Vec<String>) {
        let document = Document::from_text("schema.json", SCHEMA);
        assert!(
            !document.report.has_errors(),
            "{}",
            document.report.render(false)
        );
        let schema = selection.apply(&document.schema);
        let commands = schema.commands.iter().map(|c| c.name.clone()).collect();
        (commands, schema.types.keys().cloned().collect())
    }

    #[test]
    fn the_whole_schema_keeps_what_anything_reaches() {
        let (commands, types) = names(&Selection::Whole);
        assert_eq!(commands, ["c", "d"]);
        assert_eq!(types, ["A", "B", "C", "En"]);
    }

    #[test]
    fn events_only_keeps_what_events_reach() {
        assert_eq!(
            names(&Selection::EventsOnly),
            (vec![], vec!["A".to_owned()])
        );
    }

    #[test]
    fn named_commands_keep_the_events_and_what_both_reach() {
        let (commands, types) = names(&Selection::commands(["c", "nope"]));
        assert_eq!(commands, ["c"]);
        assert_eq!(types, ["A", "B", "En"]);
        let document = Document::from_text("schema.json", SCHEMA);
        assert_eq!(
            Selection::commands(["c", "nope"]).unknown_commands(&document.schema),
            ["nope"]
        );
    }
}
