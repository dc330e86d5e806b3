//! The table of contents: for a QAPI schema every command, then every event name, then
//! every named type, each linked to its entry, with its first sentence. Each line
//! carries its entry's names, so that the filter box narrows the contents too.

use super::command::Commands;
use super::event::event_names;
use super::types::type_names;
use super::{attribute, html, link, type_anchor};
use crate::diff::api::Api;
use crate::docs::Markdown;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

/// The contents list, in document order (the names of one section each get a line).
pub(super) fn contents(api: &Api<'_>, commands: &Commands<'_>) -> Markdown {
    let schema = api.schema();
    let mut doc = Markdown::new();
    html(&mut doc, "<nav class=\"contents\">\n");
    if !schema.commands.is_empty() {
        group(&mut doc, "Commands", |doc| {
            for command in commands.iter() {
                line(
                    doc,
                    &commands.names(command),
                    &commands.anchor(command),
                    &command.command.name,
                    &command.command.description,
                );
            }
        });
    }
    group(&mut doc, "Events", |doc| {
        for (name, section) in schema.events() {
            line(
                doc,
                &event_names(api, |event| event.wire == name.name),
                &name.name,
                &name.name,
                &section.description,
            );
        }
    });
    if !schema.types.is_empty() {
        group(&mut doc, "Named types", |doc| {
            for named in schema.types.values() {
                line(
                    doc,
                    &type_names(api, named),
                    &type_anchor(&named.name),
                    &named.name,
                    &named.description,
                );
            }
        });
    }
    html(&mut doc, "</nav>\n");
    doc
}

/// A heading and its list, together, so that the filter hides the heading of a list it
/// empties.
fn group(doc: &mut Markdown, heading: &str, lines: impl FnOnce(&mut Markdown)) {
    html(doc, "<div class=\"group\" data-group>\n");
    doc.heading(HeadingLevel::H2, heading);
    doc.push(Event::Start(Tag::List(None)));
    lines(doc);
    doc.push(Event::End(TagEnd::List(false)));
    html(doc, "</div>\n");
}

/// One line: the entry's name linked to its anchor, and the description's first
/// sentence. The `<li>` is the page's own tag, to carry the names the filter matches.
fn line(doc: &mut Markdown, names: &[String], anchor: &str, name: &str, description: &str) {
    doc.push(Event::InlineHtml(CowStr::from(format!(
        "<li data-names=\"{}\">",
        attribute(&names.join(" "))
    ))));
    link(doc, anchor, name);
    let summary = first_sentence(description);
    if !summary.is_empty() {
        doc.push(Event::Text(CowStr::from(format!(" {summary}"))));
    }
    doc.push(Event::InlineHtml(CowStr::Borrowed("</li>\n")));
}

/// The description's first sentence (its first paragraph when no sentence ends in it).
fn first_sentence(description: &str) -> &str {
    let paragraph = description.split("\n\n").next().unwrap_or_default().trim();
    match paragraph.find(". ") {
        Some(end) => &paragraph[..=end],
        None => paragraph,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_stops_at_the_first_full_stop() {
        assert_eq!(
            first_sentence("Emitted when a VNC client connects. Data follows.\n\nMore."),
            "Emitted when a VNC client connects."
        );
        assert_eq!(first_sentence("No full stop\n\nhere."), "No full stop");
        assert_eq!(first_sentence(""), "");
    }
}
