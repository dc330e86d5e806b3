//! Property tests of the QAPI front end: whatever bytes a root file or an included file
//! holds, reading gives a model or diagnostics (never a panic), and every diagnostic
//! points inside the file it names.

use proptest::prelude::*;
use qmp_schema::{Document, MemoryFiles};

mod support;

use support::assert_diagnostics_within;

/// A real schema file to mutate: QEMU 10.0.2's run-state.json (events, enums, structs,
/// unions, doc comments of both eras' shapes).
const RUN_STATE: &str = include_str!("../../events-spec/qapi/qemu-10.0.2/run-state.json");

/// Reads a root (and optionally one file it includes as `inc.json`) from memory.
fn read(root: &[u8], included: Option<&[u8]>) -> Document {
    let mut files = MemoryFiles::new().with("q/root.json", root);
    if let Some(included) = included {
        files.insert("q/inc.json", included);
    }
    let document = Document::from_loader("q/root.json", None, &files);
    assert_diagnostics_within(&document.report);
    let _ = document.report.render(false);
    serde_json::to_string(&document.schema).expect("the model serializes");
    document
}

/// Text made of the language's pieces, so that the parser gets deep into its rules.
fn schema_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "{ 'event': 'E'",
            "{ 'event': 'F', 'data': { 'a': 'str' } }\n",
            "{ 'struct': 'S', 'data': { '*m': 'int', 'n': ['S'] } }\n",
            "{ 'struct': 'T', 'base': 'S', 'data': {} }\n",
            "{ 'enum': 'K', 'data': [ 'a', { 'name': 'b', 'if': 'X' } ] }\n",
            "{ 'union': 'U', 'base': { 'k': 'K' }, 'discriminator': 'k', 'data': { 'a': 'S' } }\n",
            "{ 'union': 'V', 'data': { 'x': 'str' } }\n",
            "{ 'alternate': 'A', 'data': { 'p': 'str', 'q': 'S' } }\n",
            "{ 'event': 'G', 'data': 'U', 'boxed': true }\n",
            "{ 'event': 'H', 'data': 'T' }\n",
            "{ 'include': 'inc.json' }\n",
            "{ 'command': 'c', 'returns': 'S' }\n",
            "'if': { 'all': [ 'A', { 'not': 'B' } ] }",
            "'features': [ 'deprecated' ]",
            "##\n",
            "# @E:\n",
            "# @a: member\n#     more\n",
            "# Since: 1.0\n",
            "# .. qmp-example::\n",
            "#     <- { \"event\": \"E\", \"data\": { \"a\": 1 },\n",
            "#          \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n",
            "# Example:\n# <- { \"event\": \"F\" ... }\n",
            "# .. note:: x\n",
            "#\n",
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "'",
            "\\",
            "\n",
            " ",
            "true",
            "null",
            "7",
            "é→\t",
            "\r\n",
        ]),
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn any_bytes_as_the_root(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        // A leading `{` makes most of these read as QAPI rather than as the document.
        let mut root = b"{".to_vec();
        root.extend(bytes);
        read(&root, None);
    }

    #[test]
    fn any_bytes_as_an_included_file(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let document = read(b"{ 'include': 'inc.json' }\n{ 'event': 'ROOT' }\n", Some(&bytes));
        prop_assert!(document.schema.section_for("ROOT").is_some());
    }

    #[test]
    fn language_pieces_in_any_order(root in schema_soup(), included in schema_soup()) {
        read(root.as_bytes(), Some(included.as_bytes()));
    }

    #[test]
    fn cuts_and_splices_of_a_real_schema_file(
        cut in 0..RUN_STATE.len(),
        length in 0..2_000usize,
        insert in schema_soup(),
    ) {
        let mut text = RUN_STATE.as_bytes().to_vec();
        let end = (cut + length).min(text.len());
        text.splice(cut..end, insert.bytes());
        read(&text, None);
    }
}
