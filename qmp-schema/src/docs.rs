//! Documentation built from the document, as Markdown events (pulldown-cmark).
//!
//! The same events become rustdoc comments (rendered back to CommonMark, which escapes
//! whatever Markdown would misread, such as `[22]` or `*`) and HTML pages.

use crate::model::{
    Command, Condition, Direction, EnumValue, Example, Feature, Field, NamedType, Note, Section,
    Transcript,
};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

/// A piece of documentation under construction.
#[derive(Debug, Default, Clone)]
pub struct Markdown {
    events: Vec<Event<'static>>,
}

impl Markdown {
    /// Empty documentation.
    pub fn new() -> Markdown {
        Markdown::default()
    }

    /// Appends a paragraph of plain text (escaped on output).
    pub fn paragraph(&mut self, text: &str) -> &mut Markdown {
        if text.trim().is_empty() {
            return self;
        }
        self.events.push(Event::Start(Tag::Paragraph));
        self.events.push(Event::Text(CowStr::from(text.to_owned())));
        self.events.push(Event::End(TagEnd::Paragraph));
        self
    }

    /// Appends prose written in reStructuredText, as QEMU writes its doc comments (`@name`,
    /// ``` ``literal`` ```, `::` blocks, lists, directives), converted to Markdown. The
    /// event document's plain prose reads the same way: paragraphs, with what Markdown
    /// would misread escaped.
    pub fn prose(&mut self, text: &str) -> &mut Markdown {
        if text.trim().is_empty() {
            return self;
        }
        let markdown = crate::rst::rst_to_markdown(text);
        self.events.extend(
            pulldown_cmark::Parser::new_ext(&markdown, pulldown_cmark::Options::empty())
                .map(Event::into_static),
        );
        self
    }

    /// Appends a paragraph made of plain text and inline code spans, in order.
    pub fn rich_paragraph(&mut self, parts: &[Inline<'_>]) -> &mut Markdown {
        self.events.push(Event::Start(Tag::Paragraph));
        for part in parts {
            self.events.push(match part {
                Inline::Text(text) => Event::Text(CowStr::from((*text).to_owned())),
                Inline::Code(code) => Event::Code(CowStr::from((*code).to_owned())),
            });
        }
        self.events.push(Event::End(TagEnd::Paragraph));
        self
    }

    /// Appends a heading.
    pub fn heading(&mut self, level: HeadingLevel, text: &str) -> &mut Markdown {
        self.events.push(Event::Start(Tag::Heading {
            level,
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        }));
        self.events.push(Event::Text(CowStr::from(text.to_owned())));
        self.events.push(Event::End(TagEnd::Heading(level)));
        self
    }

    /// Appends a fenced code block.
    pub fn code_block(&mut self, language: &str, code: &str) -> &mut Markdown {
        let mut code = code.to_owned();
        if !code.ends_with('\n') {
            code.push('\n');
        }
        self.events
            .push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
                CowStr::from(language.to_owned()),
            ))));
        self.events.push(Event::Text(CowStr::from(code)));
        self.events.push(Event::End(TagEnd::CodeBlock));
        self
    }

    /// Appends another piece of documentation.
    pub fn append(&mut self, other: &Markdown) -> &mut Markdown {
        self.events.extend(other.events.iter().cloned());
        self
    }

    /// Appends one Markdown event, for structure the builders above do not make
    /// (tables, lists, links, block quotes); text given as [`Event::Text`] is escaped on
    /// output like every other text.
    pub fn push(&mut self, event: Event<'static>) -> &mut Markdown {
        self.events.push(event);
        self
    }

    /// The Markdown events.
    pub fn events(&self) -> &[Event<'static>] {
        &self.events
    }

    /// CommonMark text, for doc comments.
    pub fn to_commonmark(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail; an error would leave what was written so far.
        let _ = pulldown_cmark_to_cmark::cmark(
            self.events.iter(),
            &mut out,
            pulldown_cmark::Options::empty(),
        );
        out
    }

    /// HTML, for reference pages.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, self.events.iter().cloned());
        out
    }
}

/// A part of a rich paragraph.
#[derive(Debug, Clone, Copy)]
pub enum Inline<'a> {
    /// Plain text.
    Text(&'a str),
    /// Inline code.
    Code(&'a str),
}

/// A section's prose: its description paragraphs, notes, and when QEMU has the event
/// (no examples).
pub fn section_prose(section: &Section) -> Markdown {
    let mut doc = section_description(section);
    for note in &section.notes {
        doc.append(&note_doc(note));
    }
    doc.append(&availability(
        section.since.as_deref(),
        &section.features,
        section.condition.as_ref(),
    ));
    doc
}

/// When QEMU has a definition: `Since QEMU 2.1.`, its features (`deprecated` and
/// `unstable` said in words, with what the schema says of them), and the build
/// condition (`Only when QEMU is built with CONFIG_SPICE.`). Empty when the schema says
/// none of it, as the event document never does.
pub fn availability(
    since: Option<&str>,
    features: &[Feature],
    condition: Option<&Condition>,
) -> Markdown {
    let mut doc = Markdown::new();
    for feature in features {
        let what = if feature.is_deprecated() {
            "Deprecated".to_owned()
        } else if feature.is_unstable() {
            "Unstable".to_owned()
        } else {
            format!("Feature {}", feature.name)
        };
        let mut text = match &feature.condition {
            Some(condition) => format!("{what} (when QEMU is built with {condition})."),
            None => format!("{what}."),
        };
        if !feature.description.trim().is_empty() {
            text.push(' ');
            text.push_str(feature.description.trim());
        }
        doc.prose(&text);
    }
    if let Some(condition) = condition {
        doc.paragraph(&format!("Only when QEMU is built with {condition}."));
    }
    if let Some(since) = since {
        doc.paragraph(&format!("Since QEMU {since}."));
    }
    doc
}

/// A section's description paragraphs.
pub fn section_description(section: &Section) -> Markdown {
    let mut doc = Markdown::new();
    doc.prose(&section.description);
    doc
}

/// A note, as the paragraph `Note: ...`.
pub fn note_doc(note: &Note) -> Markdown {
    let mut doc = Markdown::new();
    doc.prose(&format!("Note: {}", note.text));
    doc
}

/// An example: its label as a paragraph, if it has one, then a `json` code block.
pub fn example_doc(example: &Example) -> Markdown {
    let mut doc = Markdown::new();
    if let Some(label) = &example.label {
        doc.paragraph(&format!("{label}:"));
    }
    doc.code_block("json", &example.text);
    doc
}

/// The documentation of a section's payload type: summary, prose, and examples.
pub fn section_doc(section: &Section) -> Markdown {
    let mut doc = Markdown::new();
    let names: Vec<&str> = section.names.iter().map(|n| n.name.as_str()).collect();
    let mut parts = vec![Inline::Text("The data of the ")];
    for (index, name) in names.iter().enumerate() {
        if index > 0 {
            parts.push(Inline::Text(if index + 1 == names.len() {
                " and "
            } else {
                ", "
            }));
        }
        parts.push(Inline::Code(name));
    }
    parts.push(Inline::Text(if names.len() > 1 {
        " events."
    } else {
        " event."
    }));
    doc.rich_paragraph(&parts);
    doc.append(&section_prose(section));
    if !section.examples.is_empty() {
        doc.heading(HeadingLevel::H1, "Examples");
        for example in &section.examples {
            doc.append(&example_doc(example));
        }
    }
    doc
}

/// The documentation of a field: its description, what it means to be optional, and
/// when QEMU has it. `optional` says whether the Rust field is an `Option` (a required
/// member under a condition is one: a QEMU built without it does not send it).
pub fn field_doc(field: &Field, optional: bool) -> Markdown {
    let mut doc = field_description(field);
    doc.append(&availability(
        None,
        &field.features,
        field.condition.as_ref(),
    ));
    let mut wire = vec![Inline::Text("On the wire: "), Inline::Code(&field.name)];
    if !field.optional && optional {
        wire.extend([
            Inline::Text(", sent by every QEMU built so (absent, "),
            Inline::Code("None"),
            Inline::Text(", from one built without it)."),
        ]);
    } else if field.optional {
        wire.extend([
            Inline::Text(", optional (absent when "),
            Inline::Code("None"),
            Inline::Text(")."),
        ]);
    } else {
        wire.push(Inline::Text("."));
    }
    doc.rich_paragraph(&wire);
    doc
}

/// A field's description paragraphs, or `The `name` member.` when it has none.
pub fn field_description(field: &Field) -> Markdown {
    let mut doc = Markdown::new();
    doc.prose(&field.description);
    if field.description.trim().is_empty() {
        doc.rich_paragraph(&[
            Inline::Text("The "),
            Inline::Code(&field.name),
            Inline::Text(" member."),
        ]);
    }
    doc
}

/// The documentation of a command: its description, what it returns, its errors, notes,
/// when QEMU has it, and its examples.
pub fn command_doc(command: &Command) -> Markdown {
    let mut doc = Markdown::new();
    doc.rich_paragraph(&[
        Inline::Text("The "),
        Inline::Code(&command.name),
        Inline::Text(" command."),
    ]);
    doc.prose(&command.description);
    if !command.returns_doc.trim().is_empty() {
        doc.prose(&format!("Returns: {}", command.returns_doc.trim()));
    }
    if !command.errors_doc.trim().is_empty() {
        doc.heading(HeadingLevel::H1, "Errors");
        doc.prose(&command.errors_doc);
    }
    for note in &command.notes {
        doc.append(&note_doc(note));
    }
    doc.append(&command_behaviour(command));
    doc.append(&availability(
        command.since.as_deref(),
        &command.features,
        command.condition.as_ref(),
    ));
    if !command.examples.is_empty() {
        doc.heading(HeadingLevel::H1, "Examples");
        for example in &command.examples {
            if let Some(label) = &example.label {
                doc.paragraph(&format!("{label}:"));
            }
            doc.code_block("text", &transcript_text(example));
        }
    }
    doc
}

/// What is unusual about how QEMU takes a command: it does not check the arguments
/// (`'gen': false`), or does not answer (`'success-response': false`). Empty for most.
pub fn command_behaviour(command: &Command) -> Markdown {
    let mut doc = Markdown::new();
    if !command.generated {
        doc.paragraph(
            "QEMU does not check its arguments against the schema: members the schema does not list go in `unknown_fields` and are sent as they are.",
        );
    }
    if !command.success_response {
        doc.paragraph("QEMU does not answer it: it is done once sent.");
    }
    doc
}

/// A command example as its transcript: each message after its arrow (`->` sent to
/// QEMU, `<-` sent by it), continuation lines indented under the message.
pub fn transcript_text(example: &Transcript) -> String {
    let text: Vec<String> = example
        .messages
        .iter()
        .map(|message| {
            let arrow = match message.direction {
                Direction::ToQemu => "->",
                Direction::FromQemu => "<-",
            };
            let indented = message.text.replace('\n', "\n   ");
            format!("{arrow} {indented}")
        })
        .collect();
    text.join("\n")
}

/// The documentation of one of a QAPI schema's named types: its description, and when
/// QEMU has it.
pub fn named_type_doc(named: &NamedType) -> Markdown {
    let mut doc = Markdown::new();
    let description = named.description.trim();
    if description.is_empty() {
        doc.rich_paragraph(&[
            Inline::Text("The "),
            Inline::Code(&named.name),
            Inline::Text(" type of QEMU's QAPI schema."),
        ]);
    } else {
        doc.prose(description);
    }
    doc.append(&availability(
        named.since.as_deref(),
        &named.features,
        named.condition.as_ref(),
    ));
    doc
}

/// The documentation of an enumeration value.
pub fn enum_value_doc(value: &EnumValue) -> Markdown {
    let mut doc = Markdown::new();
    doc.rich_paragraph(&[Inline::Code(&value.value)]);
    doc.prose(&value.description);
    doc.append(&availability(
        None,
        &value.features,
        value.condition.as_ref(),
    ));
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_specials_are_escaped() {
        let mut doc = Markdown::new();
        doc.paragraph("path /machine/unattached/device[22] is *here* <b>");
        let text = doc.to_commonmark();
        assert!(text.contains(r"device\[22\]"), "{text}");
        assert!(text.contains(r"\*here\*"), "{text}");
        assert!(text.contains(r"\<b>"), "{text}");
    }

    #[test]
    fn examples_are_json_code_blocks() {
        let mut doc = Markdown::new();
        doc.code_block("json", "{ \"event\": \"STOP\" }");
        let text = doc.to_commonmark();
        assert!(text.contains("json\n{ \"event\": \"STOP\" }\n"), "{text}");
    }
}
