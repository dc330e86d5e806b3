//! `qmp-codegen doc` lists a QAPI schema's commands (QEMU 10.0.2's 240): a card per
//! command with its Rust names, badges and flags, description, arguments (named types
//! linked, a boxed command's type linked), returns, errors and examples; its anchor and
//! contents line; the types it reaches linking back to it; one id per entry; and the
//! names the filter box matches on every entry and contents line.

mod support;

use qmp_schema::docs::transcript_text;
use qmp_schema::model::{Command, Type};
use qmp_schema::{Document, MemoryFiles, Schema, doc_page};
use scraper::{ElementRef, Html};
use std::collections::HashSet;
use std::path::Path;
use support::html::{parse, schema_of, selector, texts};

/// The page of QEMU 10.0.2's schema, its text, and its schema.
fn qemu_10_0_page() -> (Schema, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../events-spec/qapi/qemu-10.0.2/qapi-schema.json");
    let schema = schema_of(&path);
    let html = doc_page::page(&schema, "qapi-schema.json");
    (schema, html)
}

/// The `href` of every link matching `css` under `root`.
fn links(root: ElementRef<'_>, css: &str) -> Vec<String> {
    root.select(&selector(css))
        .filter_map(|element| element.value().attr("href").map(str::to_owned))
        .collect()
}

/// The entry whose heading has this id.
fn entry<'p>(page: &'p Html, id: &str) -> ElementRef<'p> {
    page.select(&selector(&format!("section > h2[id=\"{id}\"]")))
        .next()
        .and_then(|heading| heading.parent())
        .and_then(ElementRef::wrap)
        .unwrap_or_else(|| panic!("no entry #{id}"))
}

/// The named type a type names, through arrays.
fn named_type_of(ty: &Type) -> Option<&str> {
    match ty {
        Type::Named(name) => Some(name),
        Type::Array(element) => named_type_of(element),
        _ => None,
    }
}

/// Checks one command's card against the command.
fn assert_card_shows_command(card: ElementRef<'_>, command: &Command) {
    let name = &command.name;
    assert_eq!(texts(card, "h2").join(""), *name);
    let sections = texts(card, "h3");
    assert!(sections.contains(&"Arguments".to_owned()), "{name}");
    assert!(sections.contains(&"Returns".to_owned()), "{name}");
    let members = texts(card, "td:first-child > code");
    if command.boxed {
        let typed = command
            .arguments_type
            .as_deref()
            .expect("a boxed command names its type");
        let href = format!("#type-{typed}");
        assert!(links(card, "p a").contains(&href), "{name}: {href}");
        assert!(
            members.is_empty(),
            "{name}: the type's entry lists the members"
        );
    } else {
        for argument in &command.arguments {
            assert!(
                members.contains(&argument.name),
                "{name}: {}",
                argument.name
            );
            if let Some(named) = named_type_of(&argument.ty) {
                let href = format!("#type-{named}");
                assert!(links(card, "td a").contains(&href), "{name}: {href}");
            }
        }
        assert_eq!(
            texts(card, "tbody tr").len(),
            command.arguments.len(),
            "{name}"
        );
    }
    match command.returns.as_ref().and_then(named_type_of) {
        Some(named) => {
            let href = format!("#type-{named}");
            assert!(links(card, "p a").contains(&href), "{name} returns {named}");
        }
        None if command.returns.is_none() => {
            assert!(
                texts(card, "p")
                    .iter()
                    .any(|p| p.starts_with("Nothing: QEMU answers"))
            );
        }
        None => {}
    }
    assert_eq!(
        sections.contains(&"Errors".to_owned()),
        !command.errors_doc.trim().is_empty(),
        "{name}"
    );
    let badges = texts(card, ".badges .badge");
    if let Some(since) = &command.since {
        assert!(
            badges.contains(&format!("since {since}")),
            "{name}: {badges:?}"
        );
    }
    if let Some(condition) = &command.condition {
        assert!(
            badges.contains(&format!("if {condition}")),
            "{name}: {badges:?}"
        );
    }
    for feature in &command.features {
        assert!(badges.contains(&feature.name), "{name}: {badges:?}");
    }
    for (flag, word) in [
        (command.allow_oob, "allow-oob"),
        (command.allow_preconfig, "allow-preconfig"),
        (!command.generated, "takes any properties"),
        (!command.success_response, "no success response"),
    ] {
        assert_eq!(badges.contains(&word.to_owned()), flag, "{name}: {word}");
    }
    let examples = texts(card, "pre > code");
    assert_eq!(examples.len(), command.examples.len(), "{name}");
    for (shown, example) in examples.iter().zip(&command.examples) {
        // The transcript rustdoc shows, arrows and all.
        assert_eq!(shown.trim_end(), transcript_text(example), "{name}");
    }
    let rust = texts(card, ".rust-names code");
    assert_eq!(rust.len(), 2, "{name}: {rust:?}");
    assert!(rust[0].starts_with("commands::"), "{name}: {rust:?}");
    assert!(rust[1].starts_with("type Returns = "), "{name}: {rust:?}");
}

#[test]
fn qemu_10_0_page_has_a_card_per_command_with_its_anchor_and_contents_line() {
    let (schema, html) = qemu_10_0_page();
    let page = parse(&html);
    let cards: Vec<ElementRef<'_>> = page.select(&selector("section.command")).collect();
    assert_eq!(cards.len(), 240, "QEMU 10.0.2 has 240 commands");
    assert_eq!(cards.len(), schema.commands.len());
    let contents = links(page.root_element(), "nav.contents a[href]");
    for (command, card) in schema.commands.iter().zip(&cards) {
        // No command of QEMU 10.0.2 needs the dotted anchor: each is its wire name.
        let heading = card.select(&selector("h2")).next().expect("a heading");
        assert_eq!(heading.value().attr("id"), Some(command.name.as_str()));
        assert!(
            contents.contains(&format!("#{}", command.name)),
            "{}",
            command.name
        );
        assert_card_shows_command(*card, command);
    }
    assert_eq!(
        texts(page.root_element(), "nav.contents h2"),
        ["Commands", "Events", "Named types"]
    );
    assert_eq!(
        texts(page.root_element(), "main h2.part"),
        ["Commands", "Events", "Named types"]
    );
}

#[test]
fn a_few_commands_by_name() {
    let (_, html) = qemu_10_0_page();
    let page = parse(&html);
    let rust = |id: &str| texts(entry(&page, id), ".rust-names code");
    assert_eq!(
        rust("query-status"),
        ["commands::QueryStatus", "type Returns = StatusInfo"]
    );
    assert_eq!(
        rust("query-block"),
        ["commands::QueryBlock", "type Returns = Vec<BlockInfo>"]
    );
    assert_eq!(
        rust("blockdev-add"),
        [
            "commands::BlockdevAdd(BlockdevOptions)",
            "type Returns = Empty"
        ]
    );
    let returns = texts(entry(&page, "query-block"), "h3 + p").join(" | ");
    assert!(returns.contains("[BlockInfo]"), "{returns}");
    let badges = |id: &str| texts(entry(&page, id), ".badges .badge");
    assert!(badges("device_add").contains(&"takes any properties".to_owned()));
    assert!(badges("migrate-pause").contains(&"allow-oob".to_owned()));
    assert!(badges("drive-backup").contains(&"deprecated".to_owned()));
    assert!(badges("request-ebpf").contains(&"if CONFIG_EBPF".to_owned()));
    let errors = entry(&page, "block_resize");
    assert!(texts(errors, "h3").contains(&"Errors".to_owned()));
}

#[test]
fn types_reached_by_commands_have_entries_that_link_back() {
    let (schema, html) = qemu_10_0_page();
    let page = parse(&html);
    assert_eq!(
        page.select(&selector("section.type")).count(),
        schema.types.len()
    );
    for command in &schema.commands {
        let direct = command
            .arguments
            .iter()
            .filter_map(|argument| named_type_of(&argument.ty))
            .chain(command.arguments_type.as_deref())
            .chain(command.returns.as_ref().and_then(named_type_of));
        for named in direct {
            let back = links(entry(&page, &format!("type-{named}")), ".used-by a");
            assert!(
                back.contains(&format!("#{}", command.name)),
                "{named} used by {}",
                command.name
            );
        }
    }
    // Reached only through another type: BlockInfo's members, BlockdevOptions' branches.
    let back = links(entry(&page, "type-BlockDeviceInfo"), ".used-by a");
    assert!(back.contains(&"#query-block".to_owned()), "{back:?}");
    let back = links(entry(&page, "type-BlockdevOptionsQcow2"), ".used-by a");
    assert!(back.contains(&"#blockdev-add".to_owned()), "{back:?}");
    let used_by = texts(entry(&page, "type-BlockInfo"), ".used-by p").join("");
    assert!(used_by.starts_with("Used by the command"), "{used_by}");
}

#[test]
fn every_entry_has_one_id_and_the_names_the_filter_matches() {
    let (schema, html) = qemu_10_0_page();
    let page = parse(&html);
    let mut ids = HashSet::new();
    for element in page.select(&selector("[id]")) {
        let id = element.value().attr("id").unwrap_or_default();
        assert!(ids.insert(id), "the id {id} is given twice");
    }
    let entries: Vec<ElementRef<'_>> = page.select(&selector("main section")).collect();
    assert_eq!(
        entries.len(),
        schema.commands.len() + schema.sections.len() + schema.types.len()
    );
    assert_eq!(
        entries.len(),
        936,
        "240 commands, 56 events, 640 named types"
    );
    for entry in &entries {
        let names = entry.value().attr("data-names").unwrap_or_default();
        let heading = texts(*entry, "h2").join("");
        assert!(
            names.split(' ').any(|name| name == heading),
            "{heading} answers to its own name: {names}"
        );
    }
    let lines = page.select(&selector("nav.contents li")).count();
    assert_eq!(
        page.select(&selector("nav.contents li[data-names]"))
            .count(),
        lines
    );
    assert_eq!(lines, 936);
    let names = |id: &str| -> String {
        entry(&page, id)
            .value()
            .attr("data-names")
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(names("query-status"), "query-status commands::QueryStatus");
    assert_eq!(names("type-BlockInfo"), "BlockInfo");
    assert!(names("BLOCK_JOB_COMPLETED").contains("Event::BlockJobCompleted"));
    // The filter box and its script: inline, at the top.
    assert_eq!(
        page.select(&selector("header input[type=\"search\"]#filter"))
            .count(),
        1
    );
    assert_eq!(
        page.select(&selector("body > script:not([src])")).count(),
        1
    );
}

/// The size of the page, told so that growth is seen: about 2 MB for QEMU 10.0.2.
#[test]
fn qemu_10_0_page_size() {
    let (_, html) = qemu_10_0_page();
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "QEMU 10.0.2 page: {} bytes, {} lines\n",
            html.len(),
            html.lines().count()
        )
        .as_bytes(),
    );
    assert!(html.len() < 4_000_000, "{} bytes", html.len());
}

/// A small schema: every flag's badge, and a command named like one of the page's own
/// ids keeps it free, with a dotted anchor its links use.
#[test]
fn flags_badges_and_an_anchor_that_would_clash() {
    let files = MemoryFiles::new().with(
        "qapi/schema.json",
        "##\n# @quiet:\n#\n# Done once sent.\n#\n# Errors:\n#     - If it fails, GenericError\n#\n\
         # Since: 9.0\n##\n\
         { 'command': 'quiet', 'success-response': false, 'allow-oob': true,\n\
           'allow-preconfig': true, 'if': 'CONFIG_Q', 'features': [ 'unstable' ] }\n\
         { 'struct': 'Info', 'data': { 'n': 'int' } }\n\
         { 'command': 'types', 'returns': [ 'Info' ] }\n",
    );
    let document = Document::from_loader("qapi/schema.json", None, &files);
    assert!(
        !document.report.has_errors(),
        "{}",
        document.report.render(false)
    );
    let page = parse(&doc_page::page(&document.schema, "schema.json"));
    let quiet = entry(&page, "quiet");
    assert_eq!(
        texts(quiet, ".badges .badge"),
        [
            "since 9.0",
            "if CONFIG_Q",
            "unstable",
            "no success response",
            "allow-oob",
            "allow-preconfig"
        ]
    );
    assert!(texts(quiet, "h3").contains(&"Errors".to_owned()));
    assert!(
        texts(quiet, "p")
            .iter()
            .any(|p| p.contains("QEMU does not answer it"))
    );
    let types = entry(&page, "command.types");
    assert_eq!(texts(types, "h2"), ["types"]);
    assert_eq!(
        page.select(&selector("[id=\"types\"]")).count(),
        1,
        "the part heading"
    );
    let back = links(entry(&page, "type-Info"), ".used-by a");
    assert_eq!(back, ["#command.types"]);
    assert!(links(page.root_element(), "nav.contents a").contains(&"#command.types".to_owned()));
    assert_eq!(
        texts(page.root_element(), "header h1"),
        ["QEMU Monitor Protocol"]
    );
}
