//! The snippets of the READMEs and docs pages are code that is built and tested.
//!
//! A fenced block right after `<!-- file: PATH -->` must be the file at PATH (relative to
//! the repository's root), a file of one of the crates under `examples/` that the
//! workspace builds, lints and tests. For a `Cargo.toml` the block is the crate's
//! dependency tables as a registry user writes them: the same lines, without the `path`
//! that points into this workspace. Every Rust block is either such a file or says why not
//! with `<!-- not compiled: REASON -->`.

use std::path::{Path, PathBuf};

/// The pages whose snippets are checked, relative to the repository's root.
fn pages() -> Vec<PathBuf> {
    let root = root();
    let mut pages: Vec<PathBuf> = [
        "README.md",
        "qmp-schema/README.md",
        "qmp-derive/README.md",
        "qmp-api/README.md",
        "qmp-client/README.md",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    let docs = std::fs::read_dir(root.join("docs")).expect("the docs folder");
    let mut docs: Vec<PathBuf> = docs
        .map(|entry| entry.expect("a docs entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| {
            path.strip_prefix(&root)
                .expect("under the root")
                .to_path_buf()
        })
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("tests/readme sits two folders below the root")
        .to_path_buf()
}

fn read(relative: &Path) -> String {
    std::fs::read_to_string(root().join(relative))
        .unwrap_or_else(|error| panic!("{}: {error}", relative.display()))
}

/// A fenced block of a page: where it starts, its info string, its text, and the comment
/// line just before it, if any.
struct Block {
    line: usize,
    language: String,
    text: String,
    marker: Option<String>,
}

fn blocks(page: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut lines = page.lines().enumerate();
    let mut previous: Option<&str> = None;
    while let Some((index, line)) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            if !line.trim().is_empty() {
                previous = Some(line);
            }
            continue;
        };
        let mut text = String::new();
        for (_, inner) in lines.by_ref() {
            if inner.starts_with("```") {
                break;
            }
            text.push_str(inner);
            text.push('\n');
        }
        let marker = previous
            .and_then(|line| line.trim().strip_prefix("<!--"))
            .and_then(|comment| comment.strip_suffix("-->"))
            .map(|comment| comment.trim().to_owned());
        blocks.push(Block {
            line: index + 1,
            language: info.trim().to_owned(),
            text,
            marker,
        });
        previous = None;
    }
    blocks
}

/// A manifest's `[dependencies]` and `[build-dependencies]` tables as a snippet shows
/// them: `path = "..."` taken out, and `{ version = "X" }` written as `"X"`.
fn dependency_tables(manifest: &str) -> String {
    let mut shown = Vec::new();
    let mut in_dependencies = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]" || line == "[build-dependencies]";
            if in_dependencies && !shown.is_empty() {
                shown.push(String::new());
            }
        }
        if in_dependencies && !line.trim().is_empty() {
            shown.push(without_path(line));
        }
    }
    shown.join("\n") + "\n"
}

/// `x = { version = "1", path = "../x", features = [...] }` as
/// `x = { version = "1", features = [...] }`, and `x = { version = "1", path = "../x" }`
/// as `x = "1"`.
fn without_path(line: &str) -> String {
    let Some(start) = line.find("path = \"") else {
        return line.to_owned();
    };
    let value_end = line[start + 8..].find('"').expect("a closed path string") + start + 9;
    let mut rest = line[value_end..].trim_start();
    rest = rest.strip_prefix(',').map_or(rest, str::trim_start);
    let mut before = line[..start].trim_end();
    if rest.starts_with('}') {
        before = before.strip_suffix(',').unwrap_or(before);
    }
    let joined = format!("{before} {rest}");
    match joined.split_once(" = { version = \"") {
        Some((name, version)) if version.ends_with("\" }") && !version.contains(',') => {
            format!("{name} = \"{}", &version[..version.len() - 2])
        }
        _ => joined,
    }
}

#[test]
fn without_path_leaves_what_a_registry_user_writes() {
    assert_eq!(without_path("serde = \"1\""), "serde = \"1\"");
    assert_eq!(
        without_path("qmp-derive = { version = \"0.1\", path = \"../../qmp-derive\" }"),
        "qmp-derive = \"0.1\""
    );
    assert_eq!(
        without_path(
            "qmp-schema = { version = \"0.1\", path = \"../../qmp-schema\", default-features = false }"
        ),
        "qmp-schema = { version = \"0.1\", default-features = false }"
    );
    assert_eq!(
        without_path("x = { version = \"1\", path = \"../x\", features = [\"tokio\"] }"),
        "x = { version = \"1\", features = [\"tokio\"] }"
    );
}

#[test]
fn every_marked_snippet_is_the_file_it_names_and_every_rust_snippet_is_marked() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for page in pages() {
        for block in blocks(&read(&page)) {
            let place = format!("{}:{}", page.display(), block.line);
            let marker = block.marker.as_deref().unwrap_or("");
            if let Some(file) = marker.strip_prefix("file:").map(str::trim) {
                let contents = read(Path::new(file));
                let expected = if file.ends_with("Cargo.toml") {
                    dependency_tables(&contents)
                } else {
                    contents
                };
                if block.text != expected {
                    failures.push(format!(
                        "{place}: the snippet is not {file}; it should read:\n{expected}"
                    ));
                }
                checked += 1;
            } else if block.language == "rust" && !marker.starts_with("not compiled:") {
                failures.push(format!(
                    "{place}: a Rust snippet that no build checks: copy it from a crate \
                     under examples/ with <!-- file: ... -->, or say <!-- not compiled: why -->"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(checked >= 15, "only {checked} snippets are checked");
}

#[test]
fn the_three_ways_in_share_the_main_rs_the_readme_shows_once() {
    let shown = read(Path::new("examples/derive/src/main.rs"));
    for way in ["build-script", "checked-in"] {
        let main = format!("examples/{way}/src/main.rs");
        assert!(
            read(Path::new(&main)) == shown,
            "{main} differs from examples/derive/src/main.rs, which the README shows for all three"
        );
    }
}

/// The seed's model, as the commands read it.
fn seed() -> qmp_schema::Schema {
    read_schema("events-spec/qmp-events.txt")
}

fn seed_bindings() -> String {
    qmp_schema::codegen::generate_file(&seed(), "qmp-events.txt")
}

/// QEMU 10.0.2's schema, which the examples' `qapi/` folders link to.
fn qemu_10_0_bindings() -> String {
    let schema = read_schema("events-spec/qapi/qemu-10.0.2/qapi-schema.json");
    qmp_schema::codegen::generate_file(&schema, "qapi-schema.json")
}

/// QEMU 7.2.22's and 10.0.2's bundled schemas merged, as `generate A B` writes them.
fn merged_bindings() -> String {
    let root = root();
    qmp_schema::Builder::new(root.join("events-spec/qapi/qemu-7.2.22/qapi-schema.json"))
        .schema(root.join("events-spec/qapi/qemu-10.0.2/qapi-schema.json"))
        .cargo_output(false)
        .generate()
        .expect("the bundled schemas merge")
}

fn read_schema(relative: &str) -> qmp_schema::Schema {
    let document = qmp_schema::Document::read(root().join(relative));
    assert!(!document.report.has_errors(), "{}", document.report);
    document.schema
}

#[test]
fn the_checked_in_example_is_what_the_readme_command_writes() {
    let example = read(Path::new("examples/checked-in/src/qmp.rs"));
    assert!(
        example == qemu_10_0_bindings(),
        "examples/checked-in/src/qmp.rs is out of date: run `qmp-codegen generate \
         qapi/qapi-schema.json -o src/qmp.rs` in examples/checked-in"
    );
}

/// `5559` as `5,559`, as the commands print counts.
fn with_commas(n: usize) -> String {
    match n {
        0..1000 => n.to_string(),
        _ => format!("{},{:03}", n / 1000, n % 1000),
    }
}

#[test]
fn what_the_pages_quote_of_the_commands_for_the_seed_is_what_they_say() {
    let rust = with_commas(seed_bindings().lines().count());
    let qapi_rust = with_commas(qemu_10_0_bindings().lines().count());
    let merged_rust = with_commas(merged_bindings().lines().count());
    let html = with_commas(
        qmp_schema::doc_page::page(&seed(), "qmp-events.txt")
            .lines()
            .count(),
    );
    let mut quoted = 0;
    for page in pages() {
        for (index, line) in read(&page).lines().enumerate() {
            // `created src/qmp.rs: 16 events, 5,559 lines`, `... is up to date: ...`
            for (suffix, lines) in [
                (".rs: 16 events, ", &rust),
                (".html: 16 events, ", &html),
                (".rs: 56 events, 240 commands, ", &qapi_rust),
                (".rs: 58 events, 242 commands, ", &merged_rust),
            ] {
                let Some(at) = line.find(suffix) else {
                    continue;
                };
                let claim = &line[at + suffix.len()..];
                assert!(
                    claim.starts_with(&format!("{lines} lines")),
                    "{}:{}: says `{suffix}{claim}`, but the command says {lines} lines",
                    page.display(),
                    index + 1
                );
                quoted += 1;
            }
        }
    }
    assert!(
        quoted >= 5,
        "only {quoted} quotes of what `qmp-codegen ... -o` says"
    );
}
