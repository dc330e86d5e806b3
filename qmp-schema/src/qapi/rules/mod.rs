//! QEMU's rules for a schema, checked on its definitions as the author wrote them
//! (before simple unions are desugared), once every file has been read.
//!
//! QEMU splits its checks between `expr.py` (the shape of each expression, here
//! `expr.rs`) and `schema.py` (what needs the whole schema, here): one file per concern.
//! `definitions` (a name defined twice), `names` (what a name may be), `types` (what a
//! type reference may name, and types that contain themselves), `clashes` (members,
//! values, branches and features that collide), `unions`, `alternates`, `commands`
//! (commands and events), `features`, and `docs` (a doc comment against its
//! definition); `doc_comments` checks the shape of one doc comment as it is read.
//!
//! Errors are for what makes the model or generated code wrong, and for what QEMU
//! rejects structurally; the rules of naming style and of doc comments, which QEMU's own
//! older releases break, are warnings (see each file).

mod alternates;
mod clashes;
mod commands;
mod definitions;
pub mod doc_comments;
mod docs;
mod features;
mod names;
mod types;
mod unions;
mod walk;

use super::Documented;
use super::expr::{Body, Definition};
use super::index::Index;
use super::pragma::Pragmas;
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use crate::source::SourceFile;

/// Checks every definition of a schema read from `sources`; problems go to
/// `diagnostics`.
pub fn check(
    definitions: &[Documented],
    pragmas: &Pragmas,
    era: Era,
    sources: &[SourceFile],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let index = Index::new(definitions);
    let mut rules = Rules {
        index: &index,
        pragmas,
        era,
        sources,
        diagnostics,
    };
    definitions::check(&mut rules);
    for documented in definitions {
        let definition = &documented.definition;
        names::check(&mut rules, definition);
        types::check(&mut rules, definition);
        clashes::check(&mut rules, definition);
        match &definition.body {
            Body::Union { .. } => unions::check(&mut rules, definition),
            Body::Alternate { .. } => alternates::check(&mut rules, definition),
            Body::Command { .. } | Body::Event { .. } => commands::check(&mut rules, definition),
            Body::Enum { .. } | Body::Struct { .. } => {}
        }
        features::check(&mut rules, definition);
        docs::check(&mut rules, documented);
    }
    types::check_containment(&mut rules);
    features::check_count(&mut rules);
}

/// What a schema tells of the QEMU release it is from, for the rules QEMU made later
/// than the schema (those of pragmas are [`Pragmas::before_6_0`]'s).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Era {
    /// Whether a doc comment has a `Note:` or `Example:` section, as releases before 9.1
    /// wrote: a schema of before 9.0, when `Errors:` took over from `Returns:` the
    /// description of a command's failures, may have `Returns:` for a command that
    /// returns nothing.
    pub doc_sections_before_9_1: bool,
}

/// What every rule works with: the schema's definitions by name, its pragmas, its
/// files, and where problems go.
pub struct Rules<'a, 'd> {
    /// Every definition by name.
    pub index: &'a Index<'d>,
    /// The schema's pragmas.
    pub pragmas: &'a Pragmas,
    /// What the schema tells of the release it is from.
    pub era: Era,
    /// The files read, for doc comments and for messages that name another file.
    pub sources: &'a [SourceFile],
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Rules<'_, '_> {
    /// An error inside `definition`.
    pub fn error(&mut self, definition: &Definition, span: Span, message: impl Into<String>) {
        self.diagnostics.push(
            Diagnostic::error(span, message).in_definition(definition.meta(), &definition.name),
        );
    }

    /// A warning inside `definition`.
    pub fn warning(&mut self, definition: &Definition, span: Span, message: impl Into<String>) {
        self.diagnostics.push(
            Diagnostic::warning(span, message).in_definition(definition.meta(), &definition.name),
        );
    }
}

/// A kind of definition with its article, for messages: `an enum`, `a built-in type`.
pub fn article(meta: &str) -> String {
    match meta {
        "enum" | "event" | "alternate" | "array" => format!("an {meta}"),
        "built-in" => "a built-in type".to_owned(),
        _ => format!("a {meta}"),
    }
}
