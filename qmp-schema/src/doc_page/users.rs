//! Who uses each named type: the commands whose arguments or returns reach it, and the
//! events whose data reach it (through members, union branches and discriminators,
//! alternatives and array elements, however deep), for the "Used by" back-links.

use crate::diff::reach::{commands_by_type, events_by_type};
use crate::model::Schema;
use std::collections::{BTreeMap, BTreeSet};

/// The commands and events (wire names, sorted) that reach one named type.
#[derive(Default)]
pub(super) struct Users<'s> {
    pub(super) commands: BTreeSet<&'s str>,
    pub(super) events: BTreeSet<&'s str>,
}

/// For each named type that some command or event reaches, who reaches it: the walk
/// `diff` classifies changes by, so the page and the diff agree on who uses a type.
pub(super) fn users_by_type(schema: &Schema) -> BTreeMap<&str, Users<'_>> {
    let mut users: BTreeMap<&str, Users<'_>> = BTreeMap::new();
    for (name, events) in events_by_type(schema) {
        users.entry(name).or_default().events = events;
    }
    let (arguments, returns) = commands_by_type(schema);
    for (name, commands) in arguments.into_iter().chain(returns) {
        users.entry(name).or_default().commands.extend(commands);
    }
    users
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
