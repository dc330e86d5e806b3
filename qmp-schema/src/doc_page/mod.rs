//! A reference page of every event: one self-contained HTML file (inline CSS, nothing
//! fetched), written by `qmp-codegen doc`.
//!
//! For a QAPI schema the page also has an entry per named type (struct, enum, union,
//! alternate) the events reach, after the events: a member of a named type links to the
//! type's entry, which lists its members, values, variants or alternatives once and
//! links back to every event that uses it. Since, build conditions and features show as
//! badges on events, types, members and values.
//!
//! The page is Markdown events rendered by pulldown-cmark's HTML renderer, and its text
//! comes from the same builders as the generated doc comments ([`crate::docs`]): what
//! a reader sees on the page is what rustdoc shows for the bindings. A few raw HTML tags
//! give the layout (the event cards, badges); every piece of document text goes through
//! the renderer's escaping.
//!
//! ```
//! let document = qmp_schema::Document::from_text(
//!     "events.txt",
//!     "STOP\n----\n\nEmitted when the VM is stopped.\n\nData: None.\n",
//! );
//! let html = qmp_schema::doc_page::page(&document.schema, "events.txt");
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("<h2 id=\"STOP\""));
//! ```

mod contents;
mod event;
mod fields;
mod types;

use crate::diff::api::Api;
use crate::docs::Markdown;
use crate::model::{Condition, Feature, Schema};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

/// The page's style sheet, inlined into its `<head>`.
const STYLE: &str = include_str!("style.css");

/// The title used when the document has none.
const DEFAULT_TITLE: &str = "QEMU Monitor Protocol Events";

/// The whole page for a schema; `source_name` names the document it was read from.
pub fn page(schema: &Schema, source_name: &str) -> String {
    // The page lists the events and the types they reach; commands are not listed yet.
    let schema = &crate::select::Selection::EventsOnly.apply(schema);
    let api = Api::new(schema);
    let title = schema.title.as_deref().unwrap_or(DEFAULT_TITLE);
    let mut body = Markdown::new();
    html(&mut body, "<div class=\"page\">\n<header>\n");
    body.heading(HeadingLevel::H1, title);
    body.push(Event::Start(Tag::Paragraph));
    let counts = if api.is_qapi() {
        format!(
            "{} events and {} named types, from ",
            schema.event_count(),
            schema.types.len()
        )
    } else {
        format!(
            "{} events in {} sections, from ",
            schema.event_count(),
            schema.sections.len()
        )
    };
    body.push(Event::Text(CowStr::from(counts)));
    body.push(Event::Code(CowStr::from(source_name.to_owned())));
    body.push(Event::Text(CowStr::from(
        ". Rust names are those of the bindings qmp-codegen generates from it.",
    )));
    body.push(Event::End(TagEnd::Paragraph));
    html(&mut body, "</header>\n");
    body.append(&contents::contents(schema));
    html(&mut body, "<main>\n");
    for (index, section) in schema.sections.iter().enumerate() {
        body.append(&event::event_entry(&api, index, section));
    }
    body.append(&types::type_entries(&api));
    html(&mut body, "</main>\n</div>\n");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        escape_text(title),
        body.to_html()
    )
}

/// Appends raw HTML: only for the page's own tags, never for document text.
fn html(doc: &mut Markdown, tags: &'static str) {
    doc.push(Event::Html(CowStr::Borrowed(tags)));
}

/// Appends raw inline HTML: only for the page's own tags, never for document text.
fn inline_html(doc: &mut Markdown, tags: &'static str) {
    doc.push(Event::InlineHtml(CowStr::Borrowed(tags)));
}

/// The anchor of a named type's entry (event names, in capitals, cannot take it).
fn type_anchor(name: &str) -> String {
    format!("type-{name}")
}

/// A link to a named type's entry, showing its name as code.
fn type_link(doc: &mut Markdown, name: &str) {
    link(doc, &type_anchor(name), name);
}

/// A link to an anchor of the page, showing `text` as code.
fn link(doc: &mut Markdown, anchor: &str, text: &str) {
    doc.push(Event::Start(Tag::Link {
        link_type: LinkType::Inline,
        dest_url: CowStr::from(format!("#{anchor}")),
        title: CowStr::Borrowed(""),
        id: CowStr::Borrowed(""),
    }));
    doc.push(Event::Code(CowStr::from(text.to_owned())));
    doc.push(Event::End(TagEnd::Link));
}

/// Badges for when QEMU has a thing: the release it came in, the build condition, and
/// its features (`deprecated` and `unstable` stand out). Nothing when there is none.
fn annotation_badges(
    doc: &mut Markdown,
    since: Option<&str>,
    features: &[Feature],
    condition: Option<&Condition>,
) {
    if let Some(since) = since {
        badge(
            doc,
            "<span class=\"badge since\">",
            &format!("since {since}"),
        );
    }
    if let Some(condition) = condition {
        badge(
            doc,
            "<span class=\"badge condition\">",
            &format!("if {condition}"),
        );
    }
    for feature in features {
        let open = if feature.is_deprecated() {
            "<span class=\"badge deprecated\">"
        } else if feature.is_unstable() {
            "<span class=\"badge unstable\">"
        } else {
            "<span class=\"badge feature\">"
        };
        badge(doc, open, &feature.name);
    }
}

/// One badge: the page's own tag around document text, which is escaped.
fn badge(doc: &mut Markdown, open: &'static str, text: &str) {
    inline_html(doc, open);
    doc.push(Event::Text(CowStr::from(text.to_owned())));
    inline_html(doc, "</span> ");
}

/// Escapes text for the `<title>` element, which the Markdown body does not cover.
fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
