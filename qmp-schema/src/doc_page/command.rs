//! The commands' entries: names, Rust types, badges and flags, description, arguments,
//! what a success returns, errors, notes, examples.
//!
//! The names are the code generator's own plan ([`crate::codegen::plan`]), as for events
//! and types, so that `commands::QueryStatus` and its `Returns` are what the bindings
//! define.

use super::event::{badges, features};
use super::fields::{fields_table, qapi_type_words};
use super::{annotation_badges, badge, command_anchor, entry_open, html, type_link};
use crate::codegen::plan::{CommandArguments, CommandPlan, Plan, plan};
use crate::diff::api::{Api, rust_type_text};
use crate::docs::{Inline, Markdown, command_behaviour, note_doc, transcript_text};
use crate::model::{Command, Schema};
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

/// The schema's commands as the bindings plan them.
pub(super) struct Commands<'s> {
    schema: &'s Schema,
    plan: Plan<'s>,
}

impl<'s> Commands<'s> {
    /// Plans the bindings of `schema` for its commands.
    pub(super) fn new(schema: &'s Schema) -> Commands<'s> {
        Commands {
            schema,
            plan: plan(schema),
        }
    }

    /// Every command, in schema order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &CommandPlan<'s>> {
        self.plan.commands.iter()
    }

    /// The names the filter box matches: the wire name and `commands::` with the struct.
    pub(super) fn names(&self, command: &CommandPlan<'_>) -> Vec<String> {
        vec![
            command.command.name.clone(),
            format!("commands::{}", command.name),
        ]
    }

    /// The anchor of the command's entry.
    pub(super) fn anchor(&self, command: &CommandPlan<'_>) -> String {
        command_anchor(self.schema, &command.command.name)
    }

    /// Every command's entry, in schema order.
    pub(super) fn entries(&self, api: &Api<'_>) -> Markdown {
        let mut doc = Markdown::new();
        for command in self.iter() {
            doc.append(&self.entry(api, command));
        }
        doc
    }

    fn entry(&self, api: &Api<'_>, planned: &CommandPlan<'_>) -> Markdown {
        let command = planned.command;
        let mut doc = Markdown::new();
        entry_open(&mut doc, "command", &self.names(planned));
        let level = HeadingLevel::H2;
        doc.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(self.anchor(planned))),
            classes: Vec::new(),
            attrs: Vec::new(),
        }));
        doc.push(Event::Text(CowStr::from(command.name.clone())));
        doc.push(Event::End(TagEnd::Heading(level)));
        rust_names(&mut doc, planned);
        command_badges(&mut doc, command);
        doc.prose(&command.description);
        doc.append(&command_behaviour(command));
        features(&mut doc, &command.features);
        self.arguments(&mut doc, api, planned);
        returns(&mut doc, command);
        if !command.errors_doc.trim().is_empty() {
            doc.heading(HeadingLevel::H3, "Errors");
            doc.prose(&command.errors_doc);
        }
        for note in &command.notes {
            doc.push(Event::Start(Tag::BlockQuote(Some(BlockQuoteKind::Note))));
            doc.append(&note_doc(note));
            doc.push(Event::End(TagEnd::BlockQuote(Some(BlockQuoteKind::Note))));
        }
        if !command.examples.is_empty() {
            let title = if command.examples.len() == 1 {
                "Example"
            } else {
                "Examples"
            };
            doc.heading(HeadingLevel::H3, title);
            for example in &command.examples {
                if let Some(label) = &example.label {
                    doc.paragraph(&format!("{label}:"));
                }
                doc.code_block("text", &transcript_text(example));
            }
        }
        html(&mut doc, "</section>\n");
        doc
    }

    /// The arguments: a table of them, the named type a boxed command holds, or none.
    fn arguments(&self, doc: &mut Markdown, api: &Api<'_>, planned: &CommandPlan<'_>) {
        let command = planned.command;
        doc.heading(HeadingLevel::H3, "Arguments");
        match &planned.arguments {
            CommandArguments::Boxed(_) => {
                doc.push(Event::Start(Tag::Paragraph));
                doc.push(Event::Text(CowStr::Borrowed(
                    "The arguments are the named type ",
                )));
                type_link(doc, command.arguments_type.as_deref().unwrap_or_default());
                doc.push(Event::Text(CowStr::Borrowed(
                    " (boxed): the command's struct holds it whole.",
                )));
                doc.push(Event::End(TagEnd::Paragraph));
            }
            CommandArguments::Fields(index) => {
                if let Some(named) = &command.arguments_type {
                    doc.push(Event::Start(Tag::Paragraph));
                    doc.push(Event::Text(CowStr::Borrowed(
                        "The members of the named type ",
                    )));
                    type_link(doc, named);
                    doc.push(Event::Text(CowStr::Borrowed(".")));
                    doc.push(Event::End(TagEnd::Paragraph));
                }
                match self.plan.structs.get(*index) {
                    Some(arguments) if !arguments.fields.is_empty() => {
                        doc.append(&fields_table(api, &arguments.fields));
                    }
                    _ => {
                        doc.paragraph("None.");
                    }
                }
            }
        }
    }
}

/// `commands::QueryStatus` and `type Returns = StatusInfo`: the struct and what its
/// `Command` implementation says a success returns.
fn rust_names(doc: &mut Markdown, planned: &CommandPlan<'_>) {
    let name = match &planned.arguments {
        CommandArguments::Boxed(held) => format!("commands::{}({held})", planned.name),
        CommandArguments::Fields(_) => format!("commands::{}", planned.name),
    };
    let returns = format!(
        "type Returns = {}",
        planned
            .returns
            .as_ref()
            .map_or_else(|| "Empty".to_owned(), rust_type_text)
    );
    html(doc, "<div class=\"rust-names\">\n");
    doc.rich_paragraph(&[
        Inline::Text("Rust: "),
        Inline::Code(&name),
        Inline::Text(", "),
        Inline::Code(&returns),
    ]);
    html(doc, "</div>\n");
}

/// The badges of when QEMU has the command, then of how it takes it: the flags a
/// client has to know about.
fn command_badges(doc: &mut Markdown, command: &Command) {
    let flags = flags(command);
    if flags.is_empty() {
        badges(
            doc,
            command.since.as_deref(),
            &command.features,
            command.condition.as_ref(),
        );
        return;
    }
    html(doc, "<div class=\"badges\">\n");
    annotation_badges(
        doc,
        command.since.as_deref(),
        &command.features,
        command.condition.as_ref(),
    );
    for flag in flags {
        badge(doc, "<span class=\"badge flag\">", flag);
    }
    html(doc, "\n</div>\n");
}

/// The command's flags worth a badge, in words.
fn flags(command: &Command) -> Vec<&'static str> {
    let mut flags = Vec::new();
    if !command.generated {
        flags.push("takes any properties");
    }
    if !command.success_response {
        flags.push("no success response");
    }
    if command.allow_oob {
        flags.push("allow-oob");
    }
    if command.allow_preconfig {
        flags.push("allow-preconfig");
    }
    flags
}

/// What a success returns: its type as the schema writes it, linked, and what the
/// schema says of it; or that QEMU answers an empty object.
fn returns(doc: &mut Markdown, command: &Command) {
    doc.heading(HeadingLevel::H3, "Returns");
    match &command.returns {
        Some(ty) => {
            doc.push(Event::Start(Tag::Paragraph));
            qapi_type_words(doc, ty);
            doc.push(Event::End(TagEnd::Paragraph));
        }
        None => {
            doc.rich_paragraph(&[
                Inline::Text("Nothing: QEMU answers "),
                Inline::Code("{\"return\": {}}"),
                Inline::Text("."),
            ]);
        }
    }
    doc.prose(&command.returns_doc);
}
