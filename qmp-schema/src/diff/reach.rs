//! Which events and commands reach each named type: through their data, arguments and
//! return values, members, union branches and discriminators, alternatives and array
//! elements, however deep.

use crate::model::{Field, Schema, Type, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// For each named type that some event reaches, those events' wire names (sorted).
pub(crate) fn events_by_type(schema: &Schema) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut reached: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (event, section) in schema.events() {
        let mut types = BTreeSet::new();
        if let Some(data_type) = &section.data_type {
            visit_named(schema, data_type, &mut types);
        }
        visit_fields(schema, section.data.fields(), &mut types);
        for name in types {
            reached.entry(name).or_default().insert(event.name.as_str());
        }
    }
    reached
}

/// For each named type that some commands reach, those commands' wire names (sorted):
/// through their arguments (`.0`: the caller builds the type) and through what they
/// return (`.1`: the caller decodes it).
pub(crate) type CommandReach<'s> = (
    BTreeMap<&'s str, BTreeSet<&'s str>>,
    BTreeMap<&'s str, BTreeSet<&'s str>>,
);

/// Which commands reach each named type, by arguments and by return value.
pub(crate) fn commands_by_type(schema: &Schema) -> CommandReach<'_> {
    let mut arguments: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut returns: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for command in &schema.commands {
        let mut types = BTreeSet::new();
        // A named type given as `data` is the arguments' definition, boxed or not.
        if let Some(arguments_type) = &command.arguments_type {
            visit_named(schema, arguments_type, &mut types);
        }
        visit_fields(schema, &command.arguments, &mut types);
        for name in types {
            arguments
                .entry(name)
                .or_default()
                .insert(command.name.as_str());
        }
        let mut types = BTreeSet::new();
        if let Some(ty) = &command.returns {
            visit_type(schema, ty, &mut types);
        }
        for name in types {
            returns
                .entry(name)
                .or_default()
                .insert(command.name.as_str());
        }
    }
    (arguments, returns)
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

    fn schema(text: &str) -> Schema {
        let files = MemoryFiles::new().with("qapi/schema.json", text);
        let document = Document::from_loader("qapi/schema.json", None, &files);
        assert!(!document.report.has_errors(), "{}", document.report);
        document.schema
    }

    #[test]
    fn types_are_reached_through_branches_discriminators_and_arrays() {
        let schema = schema(
            "{ 'enum': 'Kind', 'data': [ 'a', 'b' ] }\n\
             { 'struct': 'A', 'data': { 'items': [ 'Item' ] } }\n\
             { 'struct': 'Item', 'data': { 'n': 'int' } }\n\
             { 'union': 'U', 'base': { 'kind': 'Kind' }, 'discriminator': 'kind', \
               'data': { 'a': 'A' } }\n\
             { 'event': 'E1', 'data': { 'u': 'U' } }\n\
             { 'event': 'E2', 'data': { 'items': [ 'Item' ] } }\n\
             { 'event': 'E3' }",
        );
        let reached = events_by_type(&schema);
        let events = |name: &str| -> Vec<&str> {
            reached
                .get(name)
                .map(|events| events.iter().copied().collect())
                .unwrap_or_default()
        };
        assert_eq!(events("U"), ["E1"]);
        assert_eq!(events("Kind"), ["E1"]);
        assert_eq!(events("A"), ["E1"]);
        assert_eq!(events("Item"), ["E1", "E2"]);
    }

    #[test]
    fn commands_reach_types_by_arguments_and_by_return_value() {
        let schema = schema(
            "{ 'struct': 'Opts', 'data': { 'n': 'int' } }\n\
             { 'struct': 'Info', 'data': { 'opts': 'Opts' } }\n\
             { 'struct': 'Args', 'data': { 'o': 'Opts' } }\n\
             { 'command': 'set', 'data': { 'opts': 'Opts' } }\n\
             { 'command': 'set-boxed', 'data': 'Args', 'boxed': true }\n\
             { 'command': 'query', 'returns': [ 'Info' ] }",
        );
        let (arguments, returns) = commands_by_type(&schema);
        let names = |map: &BTreeMap<&str, BTreeSet<&str>>, name: &str| -> Vec<String> {
            map.get(name)
                .map(|set| set.iter().map(|s| (*s).to_owned()).collect())
                .unwrap_or_default()
        };
        assert_eq!(names(&arguments, "Opts"), ["set", "set-boxed"]);
        assert_eq!(names(&arguments, "Args"), ["set-boxed"]);
        assert_eq!(names(&returns, "Opts"), ["query"]);
        assert_eq!(names(&returns, "Info"), ["query"]);
        assert!(names(&arguments, "Info").is_empty());
    }
}
