//! The entries of a QAPI schema's named types, after the events: each type once, with
//! what it holds and the commands and events that use it.

use super::event::{badges, features};
use super::fields::{Row, fields_table, members_table, qapi_type_words, rust_note};
use super::users::{Users, users_by_type};
use super::{command_anchor, entry_open, html, link, type_anchor, type_link};
use crate::codegen::plan::{AlternatePlan, UnionPlan};
use crate::diff::api::{Api, kind_word, rust_type_text, variant_payload_text};
use crate::docs::{Inline, Markdown, enum_value_doc, named_type_doc};
use crate::model::{EnumValue, NamedType, TypeKind};
use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Tag, TagEnd};

/// Every named type's entry, in name order, under a heading of their own; nothing for a
/// schema without named types.
pub(super) fn type_entries(api: &Api<'_>) -> Markdown {
    let mut doc = Markdown::new();
    let schema = api.schema();
    if schema.types.is_empty() {
        return doc;
    }
    let users = users_by_type(schema);
    let nobody = Users::default();
    html(&mut doc, "<div class=\"part\" data-group>\n");
    html(
        &mut doc,
        "<h2 class=\"part\" id=\"types\">Named types</h2>\n",
    );
    for named in schema.types.values() {
        let users = users.get(named.name.as_str()).unwrap_or(&nobody);
        doc.append(&type_entry(api, named, users));
    }
    html(&mut doc, "</div>\n");
    doc
}

/// One named type's entry.
fn type_entry(api: &Api<'_>, named: &NamedType, users: &Users<'_>) -> Markdown {
    let mut doc = Markdown::new();
    entry_open(&mut doc, "type", &type_names(api, named));
    let level = HeadingLevel::H2;
    doc.push(Event::Start(Tag::Heading {
        level,
        id: Some(CowStr::from(type_anchor(&named.name))),
        classes: Vec::new(),
        attrs: Vec::new(),
    }));
    doc.push(Event::Text(CowStr::from(named.name.clone())));
    doc.push(Event::End(TagEnd::Heading(level)));
    let rust = api.named_rust_name(&named.name).unwrap_or(&named.name);
    let rust_line = format!("{} {rust}", rust_keyword(named));
    html(&mut doc, "<div class=\"rust-names\">\n");
    doc.rich_paragraph(&[
        Inline::Text(kind_word(named)),
        Inline::Text(", Rust: "),
        Inline::Code(&rust_line),
    ]);
    html(&mut doc, "</div>\n");
    badges(
        &mut doc,
        named.since.as_deref(),
        &named.features,
        named.condition.as_ref(),
    );
    doc.append(&named_type_doc(named));
    features(&mut doc, &named.features);
    match &named.kind {
        TypeKind::Struct { base, .. } => struct_body(&mut doc, api, named, base.as_deref()),
        TypeKind::Enum { values } => enum_body(&mut doc, api, named, values),
        TypeKind::Union { .. } => {
            if let Some(union) = api.union_named(&named.name) {
                union_body(&mut doc, api, union);
            }
        }
        TypeKind::Alternate { .. } => {
            if let Some(alternate) = api.alternate_named(&named.name) {
                alternate_body(&mut doc, alternate);
            }
        }
    }
    used_by(&mut doc, api, users);
    html(&mut doc, "</section>\n");
    doc
}

/// The names the filter box matches for a type: its schema and Rust names.
pub(super) fn type_names(api: &Api<'_>, named: &NamedType) -> Vec<String> {
    let mut names = vec![named.name.clone()];
    if let Some(rust) = api
        .named_rust_name(&named.name)
        .filter(|rust| *rust != named.name)
    {
        names.push(rust.to_owned());
    }
    names
}

/// `struct` or `enum`: what the bindings make of the type.
fn rust_keyword(named: &NamedType) -> &'static str {
    match named.kind {
        TypeKind::Struct { .. } => "struct",
        _ => "enum",
    }
}

/// A struct's members, its base's first.
fn struct_body(doc: &mut Markdown, api: &Api<'_>, named: &NamedType, base: Option<&str>) {
    doc.heading(HeadingLevel::H3, "Members");
    if let Some(base) = base {
        doc.push(Event::Start(Tag::Paragraph));
        doc.push(Event::Text(CowStr::Borrowed("The members of its base ")));
        type_link(doc, base);
        doc.push(Event::Text(CowStr::Borrowed(" come first.")));
        doc.push(Event::End(TagEnd::Paragraph));
    }
    match api.named_struct(&named.name) {
        Some(plan) if !plan.fields.is_empty() => doc.append(&fields_table(api, &plan.fields)),
        _ => doc.paragraph("None."),
    };
}

/// An enum's values, each with its Rust variant, meaning and badges.
fn enum_body(doc: &mut Markdown, api: &Api<'_>, named: &NamedType, values: &[EnumValue]) {
    doc.heading(HeadingLevel::H3, "Values");
    let plan = api.named_enum(&named.name);
    html(doc, "<div class=\"values\">\n");
    doc.push(Event::Start(Tag::List(None)));
    for value in values {
        doc.push(Event::Start(Tag::Item));
        doc.append(&enum_value_doc(value));
        let variant = plan.and_then(|plan| {
            plan.variants
                .iter()
                .find(|(_, v)| v.value == value.value)
                .map(|(variant, _)| format!("{}::{variant}", plan.name))
        });
        if let Some(variant) = variant {
            rust_note(doc, &variant);
        }
        super::annotation_badges(doc, None, &value.features, value.condition.as_ref());
        doc.push(Event::End(TagEnd::Item));
    }
    doc.push(Event::End(TagEnd::List(false)));
    html(doc, "</div>\n");
}

/// A union: its common members (the discriminator among them), then a variant per value
/// of the discriminator with the branch whose members it adds.
fn union_body(doc: &mut Markdown, api: &Api<'_>, union: &UnionPlan<'_>) {
    let TypeKind::Union {
        members,
        discriminator_type,
        branches,
        ..
    } = &union.named.kind
    else {
        return;
    };
    doc.heading(HeadingLevel::H3, "Common members");
    doc.push(Event::Start(Tag::Paragraph));
    doc.push(Event::Text(CowStr::Borrowed("The value of ")));
    doc.push(Event::Code(CowStr::from(union.discriminator.to_owned())));
    doc.push(Event::Text(CowStr::Borrowed(", of the enum ")));
    type_link(doc, discriminator_type);
    doc.push(Event::Text(CowStr::Borrowed(
        ", selects the variant and the members it adds.",
    )));
    doc.push(Event::End(TagEnd::Paragraph));
    let (common, _) = api.union_common_fields(union);
    let rows: Vec<Row<'_, '_>> = members
        .iter()
        .map(|field| Row {
            field,
            plan: common.iter().find(|plan| plan.field.name == field.name),
        })
        .collect();
    doc.append(&members_table(api, &rows));

    doc.heading(HeadingLevel::H3, "Variants");
    html(doc, "<div class=\"variants\">\n");
    let headings = ["Value", "Members added", "Rust variant", "Description"];
    doc.push(Event::Start(Tag::Table(vec![
        Alignment::None;
        headings.len()
    ])));
    doc.push(Event::Start(Tag::TableHead));
    for heading in headings {
        cell(doc, |doc| {
            doc.push(Event::Text(CowStr::Borrowed(heading)));
        });
    }
    doc.push(Event::End(TagEnd::TableHead));
    for variant in &union.variants {
        let branch = branches.iter().find(|b| b.value == variant.value.value);
        doc.push(Event::Start(Tag::TableRow));
        cell(doc, |doc| {
            doc.push(Event::Code(CowStr::from(variant.value.value.clone())));
        });
        cell(doc, |doc| match branch {
            Some(branch) => type_link(doc, &branch.ty),
            None => {
                doc.push(Event::Text(CowStr::Borrowed("none")));
            }
        });
        cell(doc, |doc| {
            let text = match variant_payload_text(union, variant) {
                Some(payload) => format!("{}::{}({payload})", union.enum_name, variant.variant),
                None => format!("{}::{}", union.enum_name, variant.variant),
            };
            doc.push(Event::Code(CowStr::from(text)));
        });
        cell(doc, |doc| {
            let condition = branch.and_then(|b| b.condition.as_ref());
            super::annotation_badges(doc, None, &variant.value.features, condition);
            if !variant.value.description.trim().is_empty() {
                doc.prose(&variant.value.description);
            }
        });
        doc.push(Event::End(TagEnd::TableRow));
    }
    doc.push(Event::End(TagEnd::Table));
    html(doc, "</div>\n");
}

/// An alternate: one variant per alternative, told apart by JSON type.
fn alternate_body(doc: &mut Markdown, alternate: &AlternatePlan<'_>) {
    doc.heading(HeadingLevel::H3, "Alternatives");
    html(doc, "<div class=\"values\">\n");
    doc.push(Event::Start(Tag::List(None)));
    for (variant, alternative, ty) in &alternate.variants {
        doc.push(Event::Start(Tag::Item));
        doc.push(Event::Start(Tag::Paragraph));
        doc.push(Event::Code(CowStr::from(alternative.name.clone())));
        doc.push(Event::Text(CowStr::Borrowed(": ")));
        qapi_type_words(doc, &alternative.ty);
        doc.push(Event::End(TagEnd::Paragraph));
        rust_note(
            doc,
            &format!("{}::{variant}({})", alternate.name, rust_type_text(ty)),
        );
        super::annotation_badges(doc, None, &[], alternative.condition.as_ref());
        doc.push(Event::End(TagEnd::Item));
    }
    doc.push(Event::End(TagEnd::List(false)));
    html(doc, "</div>\n");
}

/// The commands and events that reach the type, linked: `Used by the commands a, b and
/// the events C.`
fn used_by(doc: &mut Markdown, api: &Api<'_>, users: &Users<'_>) {
    let schema = api.schema();
    let commands: Vec<(String, &str)> = users
        .commands
        .iter()
        .map(|name| (command_anchor(schema, name), *name))
        .collect();
    let events: Vec<(String, &str)> = users
        .events
        .iter()
        .map(|name| ((*name).to_owned(), *name))
        .collect();
    if commands.is_empty() && events.is_empty() {
        return;
    }
    html(doc, "<div class=\"used-by\">\n");
    doc.push(Event::Start(Tag::Paragraph));
    doc.push(Event::Text(CowStr::Borrowed("Used by")));
    let mut first = true;
    for (kind, users) in [("command", &commands), ("event", &events)] {
        if users.is_empty() {
            continue;
        }
        let plural = if users.len() == 1 { "" } else { "s" };
        let joint = if first { " the" } else { " and the" };
        first = false;
        doc.push(Event::Text(CowStr::from(format!(
            "{joint} {kind}{plural} "
        ))));
        for (index, (anchor, name)) in users.iter().enumerate() {
            if index > 0 {
                doc.push(Event::Text(CowStr::Borrowed(", ")));
            }
            link(doc, anchor, name);
        }
    }
    doc.push(Event::Text(CowStr::Borrowed(".")));
    doc.push(Event::End(TagEnd::Paragraph));
    html(doc, "</div>\n");
}

fn cell(doc: &mut Markdown, content: impl FnOnce(&mut Markdown)) {
    doc.push(Event::Start(Tag::TableCell));
    content(doc);
    doc.push(Event::End(TagEnd::TableCell));
}
