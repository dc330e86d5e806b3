//! The table of an event's (or a named type's) members: one row per member, nested
//! objects' members in rows under their object (`server.host`), enumeration values listed
//! with their meanings. A member of one of a QAPI schema's named types links to the
//! type's own entry rather than repeating its members (they may be shared by many
//! events, or reach the type itself).

use super::{annotation_badges, inline_html, type_link};
use crate::codegen::plan::{FieldPlan, RustType};
use crate::diff::api::{Api, field_type_text, json_type_text};
use crate::docs::{Markdown, enum_value_doc, field_description};
use crate::model::{Field, Type};
use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

/// The column headings.
const HEADINGS: [&str; 4] = ["Member", "Type", "Presence", "Description"];

/// A member as the table shows it: the schema's member, and its Rust field name and type
/// where the bindings have one (a union's discriminator is no field of its own).
pub(super) struct Row<'a, 's> {
    /// The member.
    pub(super) field: &'s Field,
    /// The planned Rust field.
    pub(super) plan: Option<&'a FieldPlan<'s>>,
}

/// The table of a payload's members (`fields` of its planned struct).
pub(super) fn fields_table(api: &Api<'_>, fields: &[FieldPlan<'_>]) -> Markdown {
    let rows: Vec<Row<'_, '_>> = fields
        .iter()
        .map(|plan| Row {
            field: plan.field,
            plan: Some(plan),
        })
        .collect();
    members_table(api, &rows)
}

/// The table of members given as rows.
pub(super) fn members_table(api: &Api<'_>, members: &[Row<'_, '_>]) -> Markdown {
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
    rows(&mut doc, api, members, "");
    doc.push(Event::End(TagEnd::Table));
    doc
}

/// A row per member, each followed by the rows of its members when it is a nested
/// object (or an array of them).
fn rows(doc: &mut Markdown, api: &Api<'_>, members: &[Row<'_, '_>], parent: &str) {
    for member in members {
        row(doc, api, member, parent);
        if !holds_nested_object(&member.field.ty) {
            continue;
        }
        let Some(plan) = member.plan else { continue };
        let (nested, marker) = object_members(&plan.ty);
        if let Some(nested) = nested.and_then(|name| api.struct_named(name)) {
            let path = format!("{parent}{}{marker}.", member.field.name);
            let nested_rows: Vec<Row<'_, '_>> = nested
                .fields
                .iter()
                .map(|plan| Row {
                    field: plan.field,
                    plan: Some(plan),
                })
                .collect();
            rows(doc, api, &nested_rows, &path);
        }
    }
}

/// Whether a member's type is an object described in place (through arrays): the text
/// document's nested objects, not a QAPI schema's named types.
fn holds_nested_object(ty: &Type) -> bool {
    match ty {
        Type::Object(_) => true,
        Type::Array(element) => holds_nested_object(element),
        _ => false,
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

fn row(doc: &mut Markdown, api: &Api<'_>, member: &Row<'_, '_>, parent: &str) {
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
        if let Some(plan) = member.plan.filter(|plan| plan.ident != field.name) {
            rust_note(doc, &plan.ident);
        }
    });

    cell(doc, |doc| {
        type_words(doc, api, field);
        if let Some(plan) = member.plan {
            rust_note(doc, &field_type_text(&plan.ty, field.optional));
        }
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
        annotation_badges(doc, None, &field.features, field.condition.as_ref());
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

/// The member's type in the document's words; a QAPI named type links to its entry.
fn type_words(doc: &mut Markdown, api: &Api<'_>, field: &Field) {
    if api.is_qapi() {
        qapi_type_words(doc, &field.ty);
        return;
    }
    // A field the document gives no type is any JSON value; say so rather than show a
    // `json-value` the document never wrote.
    let words = if field.type_annotated {
        json_type_text(&field.ty)
    } else {
        "not given (any JSON value)".to_owned()
    };
    doc.push(Event::Text(CowStr::from(words)));
}

/// A QAPI type as the schema writes it (`['SocketAddress']`), named types linked.
pub(super) fn qapi_type_words(doc: &mut Markdown, ty: &Type) {
    match ty {
        Type::Named(name) => type_link(doc, name),
        Type::Array(element) => {
            doc.push(Event::Text(CowStr::Borrowed("[")));
            qapi_type_words(doc, element);
            doc.push(Event::Text(CowStr::Borrowed("]")));
        }
        other => {
            let words = crate::diff::api::qapi_type_text(other);
            doc.push(Event::Code(CowStr::from(words)));
        }
    }
}

fn cell(doc: &mut Markdown, content: impl FnOnce(&mut Markdown)) {
    doc.push(Event::Start(Tag::TableCell));
    content(doc);
    doc.push(Event::End(TagEnd::TableCell));
}

/// A Rust name under the document's name, set smaller.
pub(super) fn rust_note(doc: &mut Markdown, rust: &str) {
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
