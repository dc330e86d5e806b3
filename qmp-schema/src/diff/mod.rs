//! What changes for code that uses the generated bindings when the document changes.
//!
//! [`diff`] compares two schemas at the level of the generated API (it asks the code
//! generator's plan for every Rust name), and classifies each change as breaking or
//! compatible with a phrase that says why. [`render`] prints the result as text grouped
//! by event, then by command, ending in a one-line verdict, or as JSON for tools.
//!
//! A QAPI schema's named types are generated once and shared by every event and command
//! that reaches them, so a change to one (a value added to `JobType`) is reported once,
//! in a group of its own that names those events and commands ([`Diff::types`]), not
//! under each of them.
//!
//! ```
//! use qmp_schema::{Document, diff};
//! let old = Document::from_text("old.txt", "STOP\n----\n\nStopped.\n\nData: None.\n");
//! let new = Document::from_text(
//!     "new.txt",
//!     "STOP\n----\n\nStopped.\n\nData: None.\n\nRESUME\n------\n\nResumed.\n\nData: None.\n",
//! );
//! let changes = diff::diff(&old.schema, &new.schema);
//! assert_eq!(changes.compatible_count(), 1);
//! assert!(!changes.is_breaking());
//! ```

pub(crate) mod api;
mod change;
mod classify;
mod commands;
mod compare;
pub(crate) mod reach;
mod rename;
pub mod render;
mod types;

pub use change::{
    Change, ChangeKind, CommandChanges, Compatibility, DataShape, EventChanges, PayloadType,
    TypeChanges,
};

use crate::model::Schema;

/// The changes between two documents, grouped by event, then by command, then by named
/// type.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    /// One group per event (or per set of events that changed alike), in wire-name
    /// order. Events without changes are left out.
    pub events: Vec<EventChanges>,
    /// One group per command of a QAPI schema that changed, came or went, in wire-name
    /// order (always empty for the text document, which has none).
    pub commands: Vec<CommandChanges>,
    /// One group per named type of a QAPI schema that both documents have and that
    /// changed, in name order (always empty for the text document, which has none).
    pub types: Vec<TypeChanges>,
}

impl Diff {
    /// Every change: the events' groups, then the commands', then the types'.
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        let events = self.events.iter().flat_map(|group| group.changes.iter());
        let commands = self.commands.iter().flat_map(|group| group.changes.iter());
        let types = self.types.iter().flat_map(|group| group.changes.iter());
        events.chain(commands).chain(types)
    }

    /// The changes of the group that names this event, if it changed.
    pub fn event(&self, wire: &str) -> Option<&EventChanges> {
        self.events
            .iter()
            .find(|group| group.names.iter().any(|name| name == wire))
    }

    /// The changes of the command with this wire name, if it changed.
    pub fn command(&self, wire: &str) -> Option<&CommandChanges> {
        self.commands.iter().find(|group| group.name == wire)
    }

    /// The changes of the named type with this schema name, if it changed.
    pub fn named_type(&self, name: &str) -> Option<&TypeChanges> {
        self.types.iter().find(|group| group.name == name)
    }

    /// How many changes break code written against the old bindings.
    pub fn breaking_count(&self) -> usize {
        self.changes().filter(|change| change.is_breaking()).count()
    }

    /// How many changes do not.
    pub fn compatible_count(&self) -> usize {
        self.changes()
            .filter(|change| !change.is_breaking())
            .count()
    }

    /// Whether any change breaks code written against the old bindings.
    pub fn is_breaking(&self) -> bool {
        self.changes().any(Change::is_breaking)
    }

    /// Whether the documents describe the same API with the same documentation.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.commands.is_empty() && self.types.is_empty()
    }
}

/// Compares two documents' schemas, as the bindings `generate` makes of each by default
/// (every event and every command).
pub fn diff(old: &Schema, new: &Schema) -> Diff {
    let (old_api, new_api) = (api::Api::new(old), api::Api::new(new));
    Diff {
        events: compare::compare(&old_api, &new_api),
        commands: commands::compare_commands(&old_api, &new_api),
        types: types::compare_types(&old_api, &new_api),
    }
}
