//! The table of an event's members: one row per member, nested objects' members in rows
//! under their object (`server.host`), enumeration values listed with their meanings.

use super::inline_html;
use crate::codegen::plan::{FieldPlan, RustType};
use crate::diff::api::{Api, field_type_text, json_type_text};
use crate::docs::{Markdown, enum_value_doc, field_description};
use crate::model::Type;
use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

/// The column headings.
const HEADINGS: [&str; 4] = ["Member", "Type", "Presence", "Description"];

/// The table of a payload's members (`fields` of its planned struct).
pub(super) fn fields_table(api: &Api<'_>, fields: &[FieldPlan<'_>]) -> Markdown {
    let mut doc = Markdown::new();
    doc.push(Event::Start(Tag::Table(vec![
        Alignment::None;
        HEADINGS.len()
    ])));
    doc.push(Event::Start(Tag::TableHead));
    for heading in HEADINGS {
        doc.push(Event::Start(Tag::TableCell));
        doc.push(Event::Text(CowStr::Borrowed(heading)));
        doc.push(Event::End(TagEnd::TableCell));
    }
    doc.push(Event::End(TagEnd::TableHead));
    rows(&mut doc, api, fields, "");
    doc.push(Event::End(TagEnd::Table));
    doc
}

/// A row per member, each followed by the rows of its members when it is an object (or
/// an array of objects).
fn rows(doc: &mut Markdown, api: &Api<'_>, fields: &[FieldPlan<'_>], parent: &str) {
    for member in fields {
        row(doc, member, parent);
        let (nested, marker) = object_members(&member.ty);
        if let Some(members) = nested.and_then(|name| api.struct_named(name)) {
            let path = format!("{parent}{}{marker}.", member.field.name);
            rows(doc, api, &members.fields, &path);
        }
    }
}

/// The struct a member's type names (through arrays), and `[]` per array level crossed.
fn object_members(ty: &RustType) -> (Option<&str>, String) {
    match ty {
        RustType::Named(name) => (Some(name), String::new()),
        RustType::Vec(element) => {
            let (name, marker) = object_members(element);
            (name, format!("[]{marker}"))
        }
        _ => (None, String::new()),
    }
}

fn row(doc: &mut Markdown, member: &FieldPlan<'_>, parent: &str) {
    let field = member.field;
    doc.push(Event::Start(Tag::TableRow));

    cell(doc, |doc| {
        if !parent.is_empty() {
            inline_html(doc, "<span class=\"parent\">");
            doc.push(Event::Text(CowStr::from(parent.to_owned())));
            inline_html(doc, "</span>");
        }
        doc.push(Event::Code(CowStr::from(field.name.clone())));
        // The Rust name is worth a line only where it is not the wire name.
        if member.ident != field.name {
            rust_note(doc, &member.ident);
        }
    });

    cell(doc, |doc| {
        // A field the document gives no type is any JSON value; say so rather than
        // show a `json-value` the document never wrote.
        let words = if field.type_annotated {
            json_type_text(&field.ty)
        } else {
            "not given (any JSON value)".to_owned()
        };
        doc.push(Event::Text(CowStr::from(words)));
        rust_note(doc, &field_type_text(&member.ty, field.optional));
    });

    cell(doc, |doc| {
        inline_html(
            doc,
            if field.optional {
                "<span class=\"badge optional\">optional</span>"
            } else {
                "<span class=\"badge required\">required</span>"
            },
        );
    });

    cell(doc, |doc| {
        doc.append(&field_description(field));
        if let Some(values) = enum_values(&field.ty) {
            doc.push(Event::Start(Tag::List(None)));
            for value in values {
                doc.push(Event::Start(Tag::Item));
                doc.append(&enum_value_doc(value));
                doc.push(Event::End(TagEnd::Item));
            }
            doc.push(Event::End(TagEnd::List(false)));
        }
    });

    doc.push(Event::End(TagEnd::TableRow));
}

fn cell(doc: &mut Markdown, content: impl FnOnce(&mut Markdown)) {
    doc.push(Event::Start(Tag::TableCell));
    content(doc);
    doc.push(Event::End(TagEnd::TableCell));
}

/// A Rust name under the document's name, set smaller.
fn rust_note(doc: &mut Markdown, rust: &str) {
    inline_html(doc, "<span class=\"rust\">");
    doc.push(Event::Code(CowStr::from(rust.to_owned())));
    inline_html(doc, "</span>");
}

/// The values of an enumeration, or of an array of them.
fn enum_values(ty: &Type) -> Option<&[crate::model::EnumValue]> {
    match ty {
        Type::Enum(values) => Some(values),
        Type::Array(element) => enum_values(element),
        _ => None,
    }
}
