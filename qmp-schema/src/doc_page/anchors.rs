//! The anchors of the page's entries, which links from elsewhere keep using: an event's
//! is its wire name (`BLOCK_IO_ERROR`), a named type's is `type-` and its name
//! (`type-SocketAddress`: a type and an event could share a name), a command's is its
//! wire name (`query-block`) unless something else on the page has that id already.

use crate::model::Schema;

/// The ids of the page's own elements (its parts and the filter box), which no entry may
/// take.
pub(super) const PAGE_IDS: &[&str] = &["commands", "events", "types", "filter", "filter-count"];

/// The anchor of a named type's entry.
pub(super) fn type_anchor(name: &str) -> String {
    format!("type-{name}")
}

/// The anchor of a command's entry: its wire name, or `command.` and its wire name when
/// an event, a type's anchor or the page itself has that id (a dot is in no QAPI name, so
/// that one is free).
pub(super) fn command_anchor(schema: &Schema, name: &str) -> String {
    let taken = PAGE_IDS.contains(&name)
        || name.starts_with("type-")
        || schema.events().any(|(event, _)| event.name == name);
    if taken {
        format!("command.{name}")
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, MemoryFiles};

    #[test]
    fn a_command_named_like_another_id_gets_a_dotted_anchor() {
        let files = MemoryFiles::new().with(
            "qapi/schema.json",
            "{ 'command': 'query-x' }\n{ 'command': 'types' }\n{ 'command': 'type-Foo' }\n",
        );
        let document = Document::from_loader("qapi/schema.json", None, &files);
        let schema = &document.schema;
        assert_eq!(command_anchor(schema, "query-x"), "query-x");
        assert_eq!(command_anchor(schema, "types"), "command.types");
        assert_eq!(command_anchor(schema, "type-Foo"), "command.type-Foo");
        assert_eq!(type_anchor("Foo"), "type-Foo");
    }
}
