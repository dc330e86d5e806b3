//! Who uses each named type: the commands whose arguments or returns reach it, and the
//! events whose data reach it (through members, union branches and discriminators,
//! alternatives and array elements, however deep), for the "Used by" back-links.

use crate::diff::reach::events_by_type;
use crate::model::{Field, Schema, Type, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// The commands and events (wire names, sorted) that reach one named type.
#[derive(Default)]
pub(super) struct Users<'s> {
    pub(super) commands: BTreeSet<&'s str>,
    pub(super) events: BTreeSet<&'s str>,
}

/// For each named type that some command or event reaches, who reaches it.
pub(super) fn users_by_type(schema: &Schema) -> BTreeMap<&str, Users<'_>> {
    let mut users: BTreeMap<&str, Users<'_>> = BTreeMap::new();
    for (name, events) in events_by_type(schema) {
        users.entry(name).or_default().events = events;
    }
    for command in &schema.commands {
        let mut reached = BTreeSet::new();
        if let Some(name) = &command.arguments_type {
            visit_named(schema, name, &mut reached);
        }
        visit_fields(schema, &command.arguments, &mut reached);
        if let Some(returns) = &command.returns {
            visit_type(schema, returns, &mut reached);
        }
        for name in reached {
            users
                .entry(name)
                .or_default()
                .commands
                .insert(command.name.as_str());
        }
    }
    users
}

fn visit_fields<'s>(schema: &'s Schema, fields: &'s [Field], seen: &mut BTreeSet<&'s str>) {
    for field in fields {
        visit_type(schema, &field.ty, seen);
    }
}

fn visit_type<'s>(schema: &'s Schema, ty: &'s Type, seen: &mut BTreeSet<&'s str>) {
    match ty {
        Type::Named(name) => visit_named(schema, name, seen),
        Type::Array(element) => visit_type(schema, element, seen),
        Type::Object(fields) => visit_fields(schema, fields, seen),
        _ => {}
    }
}

fn visit_named<'s>(schema: &'s Schema, name: &'s str, seen: &mut BTreeSet<&'s str>) {
    // A name the schema lacks (a selection pruned it) is no entry to link back from.
    let Some(named) = schema.named(name) else {
        return;
    };
    if !seen.insert(named.name.as_str()) {
        return;
    }
    match &named.kind {
        TypeKind::Struct { members, .. } => visit_fields(schema, members, seen),
        TypeKind::Enum { .. } => {}
        TypeKind::Union {
            members,
            discriminator_type,
            branches,
            ..
        } => {
            visit_fields(schema, members, seen);
            visit_named(schema, discriminator_type, seen);
            for branch in branches {
                visit_named(schema, &branch.ty, seen);
            }
        }
        TypeKind::Alternate { alternatives } => {
            for alternative in alternatives {
                visit_type(schema, &alternative.ty, seen);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, MemoryFiles};

    #[test]
    fn commands_reach_types_through_arguments_returns_and_branches() {
        let files = MemoryFiles::new().with(
            "qapi/schema.json",
            "{ 'enum': 'Kind', 'data': [ 'a' ] }\n\
             { 'struct': 'A', 'data': { 'n': 'int' } }\n\
             { 'union': 'U', 'base': { 'kind': 'Kind' }, 'discriminator': 'kind', \
               'data': { 'a': 'A' } }\n\
             { 'struct': 'Info', 'data': { 'kind': 'Kind' } }\n\
             { 'command': 'add', 'data': 'U', 'boxed': true }\n\
             { 'command': 'query', 'returns': [ 'Info' ] }\n\
             { 'event': 'E', 'data': { 'a': 'A' } }",
        );
        let document = Document::from_loader("qapi/schema.json", None, &files);
        assert!(!document.report.has_errors(), "{}", document.report);
        let users = users_by_type(&document.schema);
        let commands = |name: &str| -> Vec<&str> { users[name].commands.iter().copied().collect() };
        assert_eq!(commands("U"), ["add"]);
        assert_eq!(commands("A"), ["add"]);
        assert_eq!(commands("Kind"), ["add", "query"]);
        assert_eq!(commands("Info"), ["query"]);
        assert_eq!(users["A"].events.iter().copied().collect::<Vec<_>>(), ["E"]);
    }
}
