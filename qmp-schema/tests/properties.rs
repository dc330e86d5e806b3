//! Property tests: whatever the input, reading it gives a model or diagnostics (never a
//! panic), and every diagnostic points inside the document.

use proptest::prelude::*;
use qmp_schema::Document;

mod support;

use support::assert_diagnostics_within;

const SEED: &str = include_str!("../../events-spec/qmp-events.txt");

/// Reads text and checks what every document must satisfy.
fn read_text(text: &str) -> Document {
    let document = Document::from_text("prop.txt", text);
    assert_diagnostics_within(&document.report);
    // The model must serialize whatever was read.
    serde_json::to_string(&document.schema).expect("the model serializes");
    // An event document without sections is an error; a QAPI schema (told by its
    // file list) may define no event.
    if document.schema.sections.is_empty() && document.schema.files.is_empty() {
        assert!(document.report.has_errors(), "no sections but no error");
    }
    document
}

/// Lines of the seed, mutated: some deleted, some duplicated, some with characters
/// inserted.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Insert {
        line: usize,
        at: usize,
        text: String,
    },
}

fn apply(lines: &mut Vec<String>, mutation: &Mutation) {
    if lines.is_empty() {
        return;
    }
    match mutation {
        Mutation::Delete(index) => {
            lines.remove(index % lines.len());
        }
        Mutation::Duplicate(index) => {
            let index = index % lines.len();
            let copy = lines[index].clone();
            lines.insert(index, copy);
        }
        Mutation::Insert { line, at, text } => {
            let count = lines.len();
            let line = &mut lines[line % count];
            let boundaries: Vec<usize> = line
                .char_indices()
                .map(|(i, _)| i)
                .chain([line.len()])
                .collect();
            let at = boundaries[at % boundaries.len()];
            line.insert_str(at, text);
        }
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // Characters that matter to the grammar, plus some that are hard on byte indexing.
    let inserted = prop::collection::vec(
        prop::sample::select(vec![
            "-",
            "\"",
            "'",
            ":",
            "(",
            ")",
            "{",
            "}",
            "[",
            "]",
            ",",
            ";",
            "\t",
            " ",
            "\n",
            "json-",
            "json-int",
            "json-object",
            "optional",
            "<-",
            "é",
            "→",
            "\u{feff}",
            "\r",
            "\r\n",
            "===",
            "----",
            "Data:",
            "Example:",
            "Note:",
            "None.",
            "\\",
        ]),
        1..4,
    )
    .prop_map(|parts| parts.concat());
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>(), inserted).prop_map(|(line, at, text)| Mutation::Insert {
            line,
            at,
            text
        }),
    ]
}

/// Text made of the grammar's pieces, so that the parser gets deep into its rules.
fn grammar_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "STOP\n",
            "SPICE_CONNECTED, SPICE_DISCONNECTED\n",
            "1 SHUTDOWN\n",
            "----\n",
            "-\n",
            "====\n",
            "\n",
            "Data:\n",
            "Data: None.\n",
            "Example:\n",
            "Examples:\n",
            "Note: x\n",
            "Description: y\n",
            "- \"a\": b (json-string)\n",
            "- \"a\": b (json-string, \"r\" or \"w\")\n",
            "  - \"c\": d (json-int)\n",
            "\t- \"e\": f (json-object)\n",
            "- 'g': h (json-bool, optional)\n",
            "- \"h\": lead (json-string):\n",
            "    \"v\": meaning\n",
            "  \"x\", \"y\", or \"z\"\n",
            "- \"i\": (\"s\" for t, json-string)\n",
            "- \"j\": k (json-foo\n",
            "- \"l\n",
            "- m: n\n",
            "{ \"event\": \"STOP\",\n",
            "  \"data\": { \"a\": 1 } }\n",
            "}\n",
            "<- { \"event\": \"STOP\" }\n",
            "Read operation:\n",
            "  continued (json-array)\n",
            "é→\t",
            "\r\n",
            "\u{feff}",
        ]),
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

// 256 cases each by default; `PROPTEST_CASES=100000` searches harder.
proptest! {
    #[test]
    fn any_string_gives_a_model_or_diagnostics(text in any::<String>()) {
        read_text(&text);
    }

    #[test]
    fn any_bytes_give_a_model_or_diagnostics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let document = Document::from_bytes("prop.txt", &bytes);
        assert_diagnostics_within(&document.report);
        if std::str::from_utf8(&bytes).is_err() || bytes.contains(&0) {
            prop_assert!(document.report.has_errors());
        }
    }

    #[test]
    fn grammar_pieces_in_any_order(text in grammar_soup()) {
        read_text(&text);
    }

    #[test]
    fn mutations_of_the_seed(mutations in prop::collection::vec(mutation(), 1..12)) {
        let mut lines: Vec<String> = SEED.lines().map(str::to_owned).collect();
        for mutation in &mutations {
            apply(&mut lines, mutation);
        }
        read_text(&lines.join("\n"));
    }
}

/// How deep a field list nests.
fn depth(fields: &[qmp_schema::Field]) -> usize {
    fields
        .iter()
        .map(|field| match &field.ty {
            qmp_schema::Type::Object(members) => 1 + depth(members),
            _ => 1,
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn nesting_is_bounded_so_that_walking_the_model_cannot_overflow_the_stack() {
    let mut text = String::from("STOP\n----\n\nData:\n\n");
    for level in 0..100 {
        text.push_str(&" ".repeat(level));
        text.push_str(&format!("- \"m{level}\": member (json-object)\n"));
    }
    let document = read_text(&text);
    let errors: Vec<_> = document.report.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].message,
        "field 'm32' is nested more than 32 levels deep"
    );
    assert_eq!((errors[0].span.line, errors[0].span.column), (38, 33));
    assert_eq!(depth(document.schema.sections[0].data.fields()), 32);
}

#[test]
fn a_long_field_description_is_read_in_reasonable_time() {
    let mut text = String::from("STOP\n----\n\nData:\n\n- \"a\": start\n");
    for _ in 0..20_000 {
        text.push_str("  more words of description\n");
    }
    text.push_str("  (json-string)\n");
    let started = std::time::Instant::now();
    let document = read_text(&text);
    assert!(!document.report.has_errors());
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );
}
