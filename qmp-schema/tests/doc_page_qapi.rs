//! `qmp-codegen doc` on a QAPI schema (QEMU 10.0.2's): the page parses as HTML without
//! errors (html5ever, through scraper), has a card per command with its arguments,
//! returns, errors, badges, flags and examples, a card per event with every member,
//! since, build condition, feature, note and example, an entry per named type with every
//! member, value, variant and alternative, links between them that all land on the page,
//! an anchor of its own for each entry, and needs nothing from outside itself.

mod support;

use qmp_schema::model::{Field, NamedType, Section, Type, TypeKind};
use qmp_schema::{Document, MemoryFiles, Schema, doc_page};
use scraper::{ElementRef, Html};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::html::{assert_self_contained, parse, schema_of, selector, texts};

const BIN: &str = env!("CARGO_BIN_EXE_qmp-codegen");

fn qemu_10_0() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../events-spec/qapi/qemu-10.0.2/qapi-schema.json")
}

/// The `href` of every link matching `css` under `root`.
fn links(root: ElementRef<'_>, css: &str) -> Vec<String> {
    root.select(&selector(css))
        .filter_map(|element| element.value().attr("href").map(str::to_owned))
        .collect()
}

/// The named type a member's type names, through arrays.
fn named_type_of(ty: &Type) -> Option<&str> {
    match ty {
        Type::Named(name) => Some(name),
        Type::Array(element) => named_type_of(element),
        _ => None,
    }
}

/// The page of QEMU 10.0.2's schema, parsed, with its schema.
fn qemu_10_0_page() -> (Schema, Html) {
    let schema = schema_of(&qemu_10_0());
    let page = parse(&doc_page::page(&schema, "qapi-schema.json"));
    (schema, page)
}

/// The type entry of a named type, found by its anchor.
fn type_entry<'p>(page: &'p Html, name: &str) -> ElementRef<'p> {
    let heading = page
        .select(&selector(&format!("section.type h2[id=\"type-{name}\"]")))
        .next()
        .unwrap_or_else(|| panic!("no entry for {name}"));
    heading
        .parent()
        .and_then(ElementRef::wrap)
        .expect("the heading sits in its entry")
}

/// Checks one event card against its section: members, their named types' links,
/// badges, notes, examples.
fn assert_card_shows_section(card: ElementRef<'_>, section: &Section) {
    let heading = texts(card, "h2").join("");
    let members = texts(card, "td:first-child > code");
    let fields: &[Field] = section.data.fields();
    for field in fields {
        assert!(
            members.contains(&field.name),
            "{heading}: member {}",
            field.name
        );
        if let Some(named) = named_type_of(&field.ty) {
            let href = format!("#type-{named}");
            assert!(
                links(card, "td:nth-child(2) a").contains(&href),
                "{heading}: {} links to {named}",
                field.name
            );
        }
        if let Some(condition) = &field.condition {
            let shown = texts(card, "td .badge.condition");
            assert!(
                shown.contains(&format!("if {condition}")),
                "{heading}: {shown:?}"
            );
        }
    }
    assert_eq!(texts(card, "tbody tr").len(), fields.len(), "{heading}");
    let badges = texts(card, ".badges .badge");
    if let Some(since) = &section.since {
        assert!(
            badges.contains(&format!("since {since}")),
            "{heading}: {badges:?}"
        );
    }
    if let Some(condition) = &section.condition {
        assert!(
            badges.contains(&format!("if {condition}")),
            "{heading}: {badges:?}"
        );
    }
    for feature in &section.features {
        assert!(badges.contains(&feature.name), "{heading}: {badges:?}");
    }
    if let Some(data_type) = &section.data_type {
        let href = format!("#type-{data_type}");
        assert!(
            links(card, "p a").contains(&href),
            "{heading} names its data type"
        );
    }
    let examples = texts(card, "pre > code");
    assert_eq!(examples.len(), section.examples.len(), "{heading}");
    for (shown, example) in examples.iter().zip(&section.examples) {
        assert_eq!(shown.trim_end(), example.text.trim_end(), "{heading}");
    }
    let notes = texts(card, "blockquote");
    assert_eq!(notes.len(), section.notes.len(), "{heading}");
}

/// Checks one named type's entry: everything it holds, by kind.
fn assert_entry_shows_type(entry: ElementRef<'_>, named: &NamedType) {
    let name = &named.name;
    match &named.kind {
        TypeKind::Struct { members, .. } => {
            let shown = texts(entry, "td:first-child > code");
            for member in members {
                assert!(
                    shown.contains(&member.name),
                    "{name}: member {}",
                    member.name
                );
            }
            assert_eq!(texts(entry, "tbody tr").len(), members.len(), "{name}");
        }
        TypeKind::Enum { values } => {
            let shown = texts(entry, ".values li > p:first-child > code");
            let expected: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
            assert_eq!(shown, expected, "{name}: every value, in order");
        }
        TypeKind::Union {
            members,
            discriminator_type,
            branches,
            ..
        } => {
            let shown = texts(entry, "td:first-child > code");
            for member in members {
                assert!(
                    shown.contains(&member.name),
                    "{name}: member {}",
                    member.name
                );
            }
            let values = texts(entry, ".variants td:first-child > code");
            for branch in branches {
                assert!(values.contains(&branch.value), "{name}: {}", branch.value);
                let href = format!("#type-{}", branch.ty);
                assert!(
                    links(entry, ".variants a").contains(&href),
                    "{name}: {href}"
                );
            }
            let href = format!("#type-{discriminator_type}");
            assert!(links(entry, "p a").contains(&href), "{name}: discriminator");
        }
        TypeKind::Alternate { alternatives } => {
            let shown = texts(entry, ".values li > p:first-child > code");
            for alternative in alternatives {
                assert!(
                    shown.contains(&alternative.name),
                    "{name}: {}",
                    alternative.name
                );
            }
        }
    }
    if let Some(since) = &named.since {
        let badges = texts(entry, ".badges .badge");
        assert!(
            badges.contains(&format!("since {since}")),
            "{name}: {badges:?}"
        );
    }
}

#[test]
fn qemu_10_0_page_shows_every_event_with_its_members_and_badges() {
    let (schema, page) = qemu_10_0_page();
    let cards: Vec<ElementRef<'_>> = page.select(&selector("section.event")).collect();
    assert_eq!(cards.len(), schema.sections.len());
    assert_eq!(cards.len(), 56, "QEMU 10.0.2 has 56 events");
    let contents = links(page.root_element(), "nav.contents a[href]");
    for (section, card) in schema.sections.iter().zip(&cards) {
        let name = &section.names[0].name;
        assert_eq!(texts(*card, "h2").join(""), *name);
        assert!(
            contents.contains(&format!("#{name}")),
            "{name} in the contents"
        );
        assert_card_shows_section(*card, section);
    }
}

#[test]
fn qemu_10_0_page_has_an_entry_per_named_type() {
    let (schema, page) = qemu_10_0_page();
    let entries = page.select(&selector("section.type")).count();
    assert_eq!(entries, schema.types.len());
    let contents = links(page.root_element(), "nav.contents a[href]");
    for named in schema.types.values() {
        assert!(
            contents.contains(&format!("#type-{}", named.name)),
            "{} in the contents",
            named.name
        );
        assert_entry_shows_type(type_entry(&page, &named.name), named);
    }
    // A few by name, so that a schema read wrongly cannot pass.
    let job_status = texts(
        type_entry(&page, "JobStatus"),
        ".values li > p:first-child > code",
    );
    assert!(
        job_status.contains(&"concluded".to_owned()),
        "{job_status:?}"
    );
    let rust = texts(
        type_entry(&page, "SocketAddress"),
        ".variants td:nth-child(3) code",
    );
    assert!(
        rust.contains(&"SocketAddress::Fd(FdSocketAddress)".to_owned()),
        "{rust:?}"
    );
}

#[test]
fn a_type_entry_links_back_to_the_events_that_use_it() {
    let (schema, page) = qemu_10_0_page();
    for (event, section) in schema.events() {
        for field in section.data.fields() {
            let Some(named) = named_type_of(&field.ty) else {
                continue;
            };
            let back = links(type_entry(&page, named), ".used-by a");
            assert!(
                back.contains(&format!("#{}", event.name)),
                "{named} is used by {}",
                event.name
            );
        }
    }
    // Reached only through another type: SocketAddress's branches.
    let back = links(type_entry(&page, "InetSocketAddress"), ".used-by a");
    assert!(
        back.contains(&"#NETDEV_STREAM_CONNECTED".to_owned()),
        "{back:?}"
    );
}

#[test]
fn every_link_lands_on_the_page_and_nothing_is_fetched() {
    let (_, page) = qemu_10_0_page();
    let ids: HashSet<&str> = page
        .select(&selector("[id]"))
        .filter_map(|element| element.value().attr("id"))
        .collect();
    let all = links(page.root_element(), "a[href]");
    assert!(all.len() > 200, "{} links", all.len());
    // The addresses QEMU's doc comments cite are links out (assert_self_contained checks
    // they are only those); every other link lands on the page.
    for href in all.iter().filter(|href| !href.starts_with("http")) {
        let anchor = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only links within the page: {href}"));
        assert!(ids.contains(anchor), "{href} lands nowhere");
    }
    assert_self_contained(&page);
}

#[test]
fn conditions_features_and_value_badges_of_a_small_schema() {
    let files = MemoryFiles::new().with(
        "qapi/schema.json",
        "##\n# @Mode:\n#\n# How.\n#\n# @a: the first\n#\n# @b: the second\n#\n# Since: 9.0\n##\n\
         { 'enum': 'Mode', 'data': [ 'a', { 'name': 'b', 'if': 'CONFIG_B', 'features': [ 'deprecated' ] } ] }\n\
         { 'event': 'E', 'data': { 'm': { 'type': 'Mode', 'features': [ 'unstable' ] }, '*n': [ 'int' ] },\n\
           'if': { 'not': 'CONFIG_X' }, 'features': [ 'deprecated' ] }",
    );
    let document = Document::from_loader("qapi/schema.json", None, &files);
    assert!(
        !document.report.has_errors(),
        "{}",
        document.report.render(false)
    );
    let page = parse(&doc_page::page(&document.schema, "schema.json"));
    let card = page
        .select(&selector("section.event"))
        .next()
        .expect("a card");
    assert_eq!(texts(card, ".badges .badge.condition"), ["if not CONFIG_X"]);
    assert_eq!(texts(card, ".badges .badge.deprecated"), ["deprecated"]);
    assert_eq!(texts(card, "td .badge.unstable"), ["unstable"]);
    // QAPI's own words for types: an array of int is written as the schema writes it.
    let types = texts(card, "td:nth-child(2)");
    assert!(types[1].starts_with("[int]"), "{types:?}");
    let mode = type_entry(&page, "Mode");
    assert_eq!(texts(mode, ".values .badge.condition"), ["if CONFIG_B"]);
    assert_eq!(texts(mode, ".values .badge.deprecated"), ["deprecated"]);
    assert_eq!(texts(mode, ".badges .badge.since"), ["since 9.0"]);
    assert_eq!(texts(mode, ".values .rust code"), ["Mode::A", "Mode::B"]);
}

#[test]
fn command_writes_the_page_of_a_qapi_schema() {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let out = directory.path().join("qemu-10.0.html");
    let status = Command::new(BIN)
        .arg("doc")
        .arg(qemu_10_0())
        .arg("-o")
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("qmp-codegen runs");
    assert!(status.success());
    let written = std::fs::read_to_string(&out).expect("the page was written");
    let schema = schema_of(&qemu_10_0());
    assert_eq!(written, doc_page::page(&schema, "qapi-schema.json"));
}
