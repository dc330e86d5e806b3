//! A reference page of every command and event: one self-contained HTML file (inline
//! CSS and script, nothing fetched), written by `qmp-codegen doc`.
//!
//! For a QAPI schema the page has a part per kind: the commands, the events, then an
//! entry per named type (struct, enum, union, alternate) they reach: a member, argument
//! or return of a named type links to the type's entry, which lists its members, values,
//! variants or alternatives once and links back to every command and event that uses
//! it. Since, build conditions and features show as badges on commands, events, types,
//! members and values.
//!
//! With a thousand entries (QEMU 10.0's), the page needs a way to find one: a filter box
//! at the top narrows the entries and the contents to the names holding what is typed.
//! Its script is inline, so it works from `file://` with nothing fetched; without
//! script the box stays hidden and everything shows. Every entry has an anchor of its
//! own: the wire name for commands and events, `type-` and the name for types.
//!
//! The page is Markdown events rendered by pulldown-cmark's HTML renderer, and its text
//! comes from the same builders as the generated doc comments ([`crate::docs`]): what
//! a reader sees on the page is what rustdoc shows for the bindings. A few raw HTML tags
//! give the layout (the cards, badges); every piece of document text goes through
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

mod anchors;
mod command;
mod contents;
mod event;
mod fields;
mod filter;
mod types;
mod users;

use crate::diff::api::Api;
use crate::docs::Markdown;
use crate::model::{Condition, Feature, Schema};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use anchors::{command_anchor, type_anchor};

/// The page's style sheet, inlined into its `<head>`.
const STYLE: &str = include_str!("style.css");

/// The title used when the document has none: the event document's, and a schema's
/// with commands.
const DEFAULT_TITLE: &str = "QEMU Monitor Protocol Events";
const DEFAULT_TITLE_WITH_COMMANDS: &str = "QEMU Monitor Protocol";

/// The whole page for a schema; `source_name` names the document it was read from.
pub fn page(schema: &Schema, source_name: &str) -> String {
    let api = Api::new(schema);
    let commands = command::Commands::new(schema);
    let title = schema
        .title
        .as_deref()
        .unwrap_or(if schema.commands.is_empty() {
            DEFAULT_TITLE
        } else {
            DEFAULT_TITLE_WITH_COMMANDS
        });
    let mut body = Markdown::new();
    html(&mut body, "<div class=\"page\">\n<header>\n");
    body.heading(HeadingLevel::H1, title);
    body.push(Event::Start(Tag::Paragraph));
    let counts = if api.is_qapi() {
        format!(
            "{} commands, {} events and {} named types, from ",
            schema.commands.len(),
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
    filter::filter_box(&mut body);
    html(&mut body, "</header>\n");
    body.append(&contents::contents(&api, &commands));
    html(&mut body, "<main>\n");
    // The text document has events only: its page keeps them without a part heading.
    let parts = !schema.commands.is_empty();
    if parts {
        html(&mut body, "<div class=\"part\" data-group>\n");
        html(
            &mut body,
            "<h2 class=\"part\" id=\"commands\">Commands</h2>\n",
        );
        body.append(&commands.entries(&api));
        html(&mut body, "</div>\n");
    }
    html(&mut body, "<div class=\"part\" data-group>\n");
    if parts {
        html(&mut body, "<h2 class=\"part\" id=\"events\">Events</h2>\n");
    }
    for (index, section) in schema.sections.iter().enumerate() {
        body.append(&event::event_entry(&api, index, section));
    }
    html(&mut body, "</div>\n");
    body.append(&types::type_entries(&api));
    html(&mut body, "</main>\n</div>\n");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n{}<script>\n{}</script>\n\
         </body>\n</html>\n",
        escape_text(title),
        body.to_html(),
        filter::SCRIPT
    )
}

/// The opening tag of an entry: its card, with the names the filter box matches (wire
/// and Rust names, space-separated; no name holds a space).
fn entry_open(doc: &mut Markdown, class: &str, names: &[String]) {
    doc.push(Event::Html(CowStr::from(format!(
        "<section class=\"{class}\" data-names=\"{}\">\n",
        attribute(&names.join(" "))
    ))));
}

/// Text for an attribute value in double quotes.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// Appends raw HTML: only for the page's own tags, never for document text.
fn html(doc: &mut Markdown, tags: &'static str) {
    doc.push(Event::Html(CowStr::Borrowed(tags)));
}

/// Appends raw inline HTML: only for the page's own tags, never for document text.
fn inline_html(doc: &mut Markdown, tags: &'static str) {
    doc.push(Event::InlineHtml(CowStr::Borrowed(tags)));
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
