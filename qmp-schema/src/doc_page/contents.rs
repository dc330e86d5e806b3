//! The table of contents: every event name, linked to its entry, with its first sentence;
//! then, for a QAPI schema, every named type.

use super::{html, link, type_anchor};
use crate::docs::Markdown;
use crate::model::Schema;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

/// The contents list, in document order (the names of one section each get a line).
pub(super) fn contents(schema: &Schema) -> Markdown {
    let mut doc = Markdown::new();
    html(&mut doc, "<nav class=\"contents\">\n");
    doc.heading(HeadingLevel::H2, "Events");
    doc.push(Event::Start(Tag::List(None)));
    for (name, section) in schema.events() {
        doc.push(Event::Start(Tag::Item));
        doc.push(Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: CowStr::from(format!("#{}", name.name)),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }));
        doc.push(Event::Code(CowStr::from(name.name.clone())));
        doc.push(Event::End(TagEnd::Link));
        let summary = first_sentence(&section.description);
        if !summary.is_empty() {
            doc.push(Event::Text(CowStr::from(format!(" {summary}"))));
        }
        doc.push(Event::End(TagEnd::Item));
    }
    doc.push(Event::End(TagEnd::List(false)));
    if !schema.types.is_empty() {
        doc.heading(HeadingLevel::H2, "Named types");
        doc.push(Event::Start(Tag::List(None)));
        for named in schema.types.values() {
            doc.push(Event::Start(Tag::Item));
            link(&mut doc, &type_anchor(&named.name), &named.name);
            let summary = first_sentence(&named.description);
            if !summary.is_empty() {
                doc.push(Event::Text(CowStr::from(format!(" {summary}"))));
            }
            doc.push(Event::End(TagEnd::Item));
        }
        doc.push(Event::End(TagEnd::List(false)));
    }
    html(&mut doc, "</nav>\n");
    doc
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
