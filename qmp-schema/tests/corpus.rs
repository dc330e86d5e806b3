//! Every version of QEMU's event document, 2009 to 2017 (`events-spec/corpus/`, copied
//! unmodified from qemu.git's history): each must read with no errors and with the
//! number of sections its index gives. This guards against a parser written to one file.

use qmp_schema::{Document, Field, Type};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../events-spec/corpus/qmp-events")
}

/// One row of INDEX.tsv.
struct Entry {
    file: String,
    sections: usize,
}

fn index() -> Vec<Entry> {
    let index = std::fs::read_to_string(corpus_dir().join("INDEX.tsv")).expect("INDEX.tsv");
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next().expect("a header").split('\t').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("INDEX.tsv has no {name} column"))
    };
    let (file, sections) = (column("file"), column("sections"));
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            Entry {
                file: cells[file].to_owned(),
                sections: cells[sections].parse().expect("a section count"),
            }
        })
        .collect()
}

fn read(file: &str) -> Document {
    let bytes = std::fs::read(corpus_dir().join(file)).expect("a corpus document");
    Document::from_bytes(file, &bytes)
}

fn count_fields(fields: &[Field]) -> usize {
    fields
        .iter()
        .map(|field| {
            1 + match &field.ty {
                Type::Object(members) => count_fields(members),
                Type::Array(element) => match element.as_ref() {
                    Type::Object(members) => count_fields(members),
                    _ => 0,
                },
                _ => 0,
            }
        })
        .sum()
}

/// The kind of a warning: its message with quoted names taken out.
fn kind(message: &str) -> String {
    let mut kind = String::new();
    let mut quote = None;
    for c in message.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                kind.push('_');
            }
            None => kind.push(c),
        }
    }
    kind
}

#[test]
fn the_index_lists_every_document() {
    let entries = index();
    assert_eq!(entries.len(), 113);
    let mut on_disk: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("the corpus")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".txt"))
        .collect();
    on_disk.sort();
    let listed: Vec<String> = entries.into_iter().map(|e| e.file).collect();
    assert_eq!(on_disk, listed);
}

#[test]
fn every_document_reads_without_errors_and_with_its_section_count() {
    let mut failures = Vec::new();
    for entry in index() {
        let read = std::panic::catch_unwind(|| read(&entry.file));
        let Ok(document) = read else {
            failures.push(format!("{}: panicked", entry.file));
            continue;
        };
        if document.report.has_errors() {
            failures.push(format!("{}: errors:\n{}", entry.file, document.report));
        }
        if document.schema.sections.len() != entry.sections {
            failures.push(format!(
                "{}: {} sections, INDEX.tsv says {}",
                entry.file,
                document.schema.sections.len(),
                entry.sections
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn warnings_are_few_and_of_the_kinds_qemu_deserved() {
    let mut kinds = BTreeSet::new();
    let mut total = 0;
    for entry in index() {
        let document = read(&entry.file);
        let schema = &document.schema;
        let fields: usize = schema
            .sections
            .iter()
            .map(|s| count_fields(s.data.fields()))
            .sum();
        let warnings: Vec<_> = document.report.warnings().collect();
        // Each warning is about one field or one example (a field with no type in a
        // section that says 'Data: None.' can give two).
        assert!(
            warnings.len() <= 2 * fields + schema.example_count(),
            "{}: {} warnings for {} fields and {} examples:\n{}",
            entry.file,
            warnings.len(),
            fields,
            schema.example_count(),
            document.report
        );
        // Every section of every version has a name.
        assert!(schema.sections.iter().all(|s| !s.names.is_empty()));
        for warning in warnings {
            kinds.insert(kind(&warning.message));
            total += 1;
        }
    }
    let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
    assert_eq!(
        kinds,
        [
            "_ is followed by fields; the fields are used",
            "example is for event _, but this section documents STOP",
            "example is for event _, but this section documents WAKEUP",
            "example is not valid JSON: expected `,` or `}`",
            "example is not valid JSON: trailing characters",
            "field _ has no type; assuming json-string",
            "field _ has no type; assuming json-value",
        ]
    );
    assert!(total > 0 && total < 1000, "{total} warnings in the corpus");
}

#[test]
fn qemus_real_mistakes_are_found() {
    let warnings = |file: &str| -> Vec<(usize, String)> {
        read(file)
            .report
            .warnings()
            .map(|w| (w.span.line, w.message.clone()))
            .collect()
    };
    // 2010-2011: STOP's example was SHUTDOWN's.
    assert!(warnings("007-5ab5750651c5.txt").contains(&(
        65,
        "example is for event 'SHUTDOWN', but this section documents STOP".to_owned()
    )));
    // 2010: BLOCK_IO_ERROR's action listed its values but gave no type.
    assert_eq!(
        warnings("005-d585a8d1b6d7.txt"),
        [(
            55,
            "field 'action' has no type; assuming json-string".to_owned()
        )]
    );
}

#[test]
fn the_bundled_documents_are_in_the_corpus() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../events-spec");
    for (bundled, version) in [
        ("qmp-events.txt", "021-9286af569dbe.txt"),
        ("qmp-events-2016-10.txt", "148-e0a2365c63d0.txt"),
    ] {
        assert_eq!(
            std::fs::read(spec.join(bundled)).expect("a bundled document"),
            std::fs::read(corpus_dir().join(version)).expect("a corpus document"),
            "{bundled} differs from {version}"
        );
    }
}
