//! A reference page of every event: one self-contained HTML file (inline CSS, nothing
//! fetched), written by `qmp-codegen doc`.
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

use crate::diff::api::Api;
use crate::docs::Markdown;
use crate::model::Schema;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

/// The page's style sheet, inlined into its `<head>`.
const STYLE: &str = include_str!("style.css");

/// The title used when the document has none.
const DEFAULT_TITLE: &str = "QEMU Monitor Protocol Events";

/// The whole page for a schema; `source_name` names the document it was read from.
pub fn page(schema: &Schema, source_name: &str) -> String {
    let api = Api::new(schema);
    let title = schema.title.as_deref().unwrap_or(DEFAULT_TITLE);
    let mut body = Markdown::new();
    html(&mut body, "<div class=\"page\">\n<header>\n");
    body.heading(HeadingLevel::H1, title);
    body.push(Event::Start(Tag::Paragraph));
    body.push(Event::Text(CowStr::from(format!(
        "{} events in {} sections, from ",
        schema.event_count(),
        schema.sections.len()
    ))));
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

/// Escapes text for the `<title>` element, which the Markdown body does not cover.
fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
