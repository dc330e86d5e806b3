//! One section's entry: names, Rust types, when QEMU has it, description, data, notes,
//! examples.

use super::{annotation_badges, attribute, entry_open, fields, html, type_link};
use crate::codegen::plan::EventPlan;
use crate::diff::api::Api;
use crate::docs::{Inline, Markdown, example_doc, note_doc, section_description};
use crate::model::{Data, Feature, Section};
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

/// The entry of the section at `index`.
pub(super) fn event_entry(api: &Api<'_>, index: usize, section: &Section) -> Markdown {
    let mut doc = Markdown::new();
    entry_open(
        &mut doc,
        "event",
        &event_names(api, |event| event.payload == index),
    );
    heading(&mut doc, section);
    rust_names(&mut doc, api, index);
    badges(
        &mut doc,
        section.since.as_deref(),
        &section.features,
        section.condition.as_ref(),
    );
    doc.append(&section_description(section));
    features(&mut doc, &section.features);
    data(&mut doc, api, index, section);
    for note in &section.notes {
        doc.push(Event::Start(Tag::BlockQuote(Some(BlockQuoteKind::Note))));
        doc.append(&note_doc(note));
        doc.push(Event::End(TagEnd::BlockQuote(Some(BlockQuoteKind::Note))));
    }
    if !section.examples.is_empty() {
        let title = if section.examples.len() == 1 {
            "Example"
        } else {
            "Examples"
        };
        doc.heading(HeadingLevel::H3, title);
        for example in &section.examples {
            doc.append(&example_doc(example));
        }
    }
    html(&mut doc, "</section>\n");
    doc
}

/// The heading names every event of the section; each name is a link target.
fn heading(doc: &mut Markdown, section: &Section) {
    for extra in section.names.iter().skip(1) {
        // A heading has one id: the other names get an empty anchor of their own.
        doc.push(Event::Html(CowStr::from(format!(
            "<span id=\"{}\"></span>\n",
            attribute(&extra.name)
        ))));
    }
    let names: Vec<&str> = section.names.iter().map(|n| n.name.as_str()).collect();
    let level = HeadingLevel::H2;
    doc.push(Event::Start(Tag::Heading {
        level,
        id: names.first().map(|first| CowStr::from((*first).to_owned())),
        classes: Vec::new(),
        attrs: Vec::new(),
    }));
    doc.push(Event::Text(CowStr::from(names.join(", "))));
    doc.push(Event::End(TagEnd::Heading(level)));
}

/// The names the filter box matches for the events `which` picks: each wire name, its
/// `Event::` variant and the type the variant holds.
pub(super) fn event_names(api: &Api<'_>, which: impl Fn(&EventPlan<'_>) -> bool) -> Vec<String> {
    let mut names = Vec::new();
    for event in api.events().iter().filter(|event| which(event)) {
        names.push(event.wire.to_owned());
        names.push(format!("Event::{}", event.variant));
        names.push(api.payload_type(event).name);
    }
    names
}

/// `Event::BlockIoError(BlockIoError)`, for each event of the section.
fn rust_names(doc: &mut Markdown, api: &Api<'_>, index: usize) {
    let items: Vec<String> = api
        .events()
        .iter()
        .filter(|event| event.payload == index)
        .map(|event| {
            let payload = api.payload_type(event);
            match payload.alias_of {
                Some(target) => format!("Event::{}({} = {target})", event.variant, payload.name),
                None => format!("Event::{}({})", event.variant, payload.name),
            }
        })
        .collect();
    let mut parts = vec![Inline::Text("Rust: ")];
    for (position, item) in items.iter().enumerate() {
        if position > 0 {
            parts.push(Inline::Text(", "));
        }
        parts.push(Inline::Code(item));
    }
    html(doc, "<div class=\"rust-names\">\n");
    doc.rich_paragraph(&parts);
    html(doc, "</div>\n");
}

/// The badges of an event or a named type, in a line of their own.
pub(super) fn badges(
    doc: &mut Markdown,
    since: Option<&str>,
    features: &[Feature],
    condition: Option<&crate::model::Condition>,
) {
    if since.is_none() && features.is_empty() && condition.is_none() {
        return;
    }
    html(doc, "<div class=\"badges\">\n");
    annotation_badges(doc, since, features, condition);
    html(doc, "\n</div>\n");
}

/// What the definition's doc comment says about its features, when it says anything.
pub(super) fn features(doc: &mut Markdown, features: &[Feature]) {
    if features.iter().all(|f| f.description.trim().is_empty()) {
        return;
    }
    doc.heading(HeadingLevel::H3, "Features");
    doc.push(Event::Start(Tag::List(None)));
    for feature in features {
        doc.push(Event::Start(Tag::Item));
        doc.rich_paragraph(&[Inline::Code(&feature.name)]);
        doc.prose(&feature.description);
        doc.push(Event::End(TagEnd::Item));
    }
    doc.push(Event::End(TagEnd::List(false)));
}

/// What the event's `data` holds: a table of its members, or a sentence.
fn data(doc: &mut Markdown, api: &Api<'_>, index: usize, section: &Section) {
    doc.heading(HeadingLevel::H3, "Data");
    if let Some(data_type) = &section.data_type {
        doc.push(Event::Start(Tag::Paragraph));
        doc.push(Event::Text(CowStr::Borrowed("The data is the named type ")));
        type_link(doc, data_type);
        doc.push(Event::Text(CowStr::Borrowed(
            ", which the event's variant holds.",
        )));
        doc.push(Event::End(TagEnd::Paragraph));
    }
    match &section.data {
        Data::None => {
            doc.rich_paragraph(&[
                Inline::Text("None: the event carries no "),
                Inline::Code("data"),
                Inline::Text(" member."),
            ]);
        }
        Data::Undescribed { text } => {
            doc.rich_paragraph(&[
                Inline::Text("The document does not list the members of "),
                Inline::Code("data"),
                Inline::Text("; the bindings keep them as sent."),
            ]);
            doc.prose(text);
        }
        Data::Fields(_) => {
            let payload = api
                .events()
                .iter()
                .find(|event| event.payload == index)
                .and_then(|event| api.payload_struct(event));
            if let Some(payload) = payload {
                doc.append(&fields::fields_table(api, &payload.fields));
            }
        }
    }
}
