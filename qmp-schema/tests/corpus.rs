//! Every version of QEMU's event document, 2009 to 2017 (`../shared/corpus/qmp-events/`,
//! copied unmodified from qemu.git's history): each must read with no errors and with the
//! number of sections its index gives. This guards against a parser written to one file.
//!
//! The corpus is test data kept beside the repository (see `shared_data`): without it
//! these tests say `SKIPPED` and pass, unless `QMP_REQUIRE_SHARED=1`.

mod shared_data;

use qmp_schema::{Document, Field, Type};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The corpus folder, or `None` (after saying so) when the shared test data is absent.
fn corpus_dir(test: &str) -> Option<PathBuf> {
    shared_data::shared_or_skip("corpus/qmp-events", test)
}

/// One row of INDEX.tsv.
struct Entry {
    file: String,
    sections: usize,
}

fn index(corpus: &Path) -> Vec<Entry> {
    let index = std::fs::read_to_string(corpus.join("INDEX.tsv")).expect("INDEX.tsv");
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

fn read(corpus: &Path, file: &str) -> Document {
    let bytes = std::fs::read(corpus.join(file)).expect("a corpus document");
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
    let Some(corpus) = corpus_dir("the_index_lists_every_document") else {
        return;
    };
    let entries = index(&corpus);
    assert_eq!(entries.len(), 113);
    let mut on_disk: Vec<String> = std::fs::read_dir(&corpus)
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
    let Some(corpus) = corpus_dir("every_document_reads_without_errors_and_with_its_section_count")
    else {
        return;
    };
    let mut failures = Vec::new();
    for entry in index(&corpus) {
        let read = std::panic::catch_unwind(|| read(&corpus, &entry.file));
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
    let Some(corpus) = corpus_dir("warnings_are_few_and_of_the_kinds_qemu_deserved") else {
        return;
    };
    let mut kinds = BTreeSet::new();
    let mut total = 0;
    for entry in index(&corpus) {
        let document = read(&corpus, &entry.file);
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
            "example lacks _, which QEMU sends with every event",
            "field _ has no type; assuming json-string",
            "field _ has no type; assuming json-value",
        ]
    );
    // 1,022 today, 186 of them examples without a timestamp (ACPI_DEVICE_OST's,
    // DUMP_COMPLETED's and GUEST_PANICKED's from 2014 on).
    assert!(total > 0 && total < 1100, "{total} warnings in the corpus");
}

#[test]
fn qemus_real_mistakes_are_found() {
    let Some(corpus) = corpus_dir("qemus_real_mistakes_are_found") else {
        return;
    };
    let warnings = |file: &str| -> Vec<(usize, String)> {
        read(&corpus, file)
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
fn the_documents_used_as_test_data_are_in_the_corpus() {
    let test = "the_documents_used_as_test_data_are_in_the_corpus";
    let (Some(corpus), Some(qemu_2016)) = (
        corpus_dir(test),
        shared_data::shared_or_skip("seed/qmp-events-2016-10.txt", test),
    ) else {
        return;
    };
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("../events-spec/qmp-events.txt");
    for (document, version) in [
        (bundled, "021-9286af569dbe.txt"),
        (qemu_2016, "148-e0a2365c63d0.txt"),
    ] {
        assert_eq!(
            std::fs::read(&document).expect("a document"),
            std::fs::read(corpus.join(version)).expect("a corpus document"),
            "{} differs from {version}",
            document.display()
        );
    }
}
