//! Golden negative tests of the QAPI front end, one malformed schema per kind of mistake:
//! `tests/malformed-qapi/NAME.json` is the root of the schema (files it includes are in
//! `tests/malformed-qapi/included/`) and `NAME.err` the exact diagnostics it must give:
//! "In file included from" lines, `path:line:col: severity: message`, the source line
//! and a caret. Run with `QMP_BLESS=1` to rewrite the `.err` files after a deliberate
//! change, then review the diff.

mod support;

use qmp_schema::{Document, MemoryFiles};
use std::path::{Path, PathBuf};
use support::golden::{assert_matches_golden, golden_tests};

fn malformed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed-qapi")
}

/// Every file of the folder, held in memory under `malformed-qapi/...`, so that the
/// paths in the diagnostics do not depend on where the tests run.
fn files() -> MemoryFiles {
    let dir = malformed_dir();
    let mut files = MemoryFiles::new();
    for folder in [dir.clone(), dir.join("included")] {
        for entry in std::fs::read_dir(&folder).expect("the folder exists") {
            let path = entry.expect("a directory entry").path();
            if path
                .extension()
                .is_some_and(|extension| extension == "json")
            {
                let relative = path
                    .strip_prefix(dir.parent().expect("a parent"))
                    .expect("inside");
                files.insert(relative, std::fs::read(&path).expect("readable"));
            }
        }
    }
    files
}

/// Reads `NAME.json` and compares its rendered diagnostics with `NAME.err`.
fn check_golden(name: &str) {
    let document = Document::from_loader(format!("malformed-qapi/{name}.json"), None, &files());
    assert!(
        !document.report.diagnostics.is_empty(),
        "{name}.json gives no diagnostic at all"
    );
    let golden = malformed_dir().join(format!("{name}.err"));
    assert_matches_golden(&document.report.render(false), &golden);
}

golden_tests! {
    array_of_two_types => "array-of-two-types",
    base_not_a_struct => "base-not-a-struct",
    boxed_without_a_type => "boxed-without-a-type",
    condition_with_unknown_key => "condition-with-unknown-key",
    doc_for_another_definition => "doc-for-another-definition",
    doc_for_missing_member => "doc-for-missing-member",
    doc_missing_space_after_hash => "doc-missing-space-after-hash",
    doc_not_closed => "doc-not-closed",
    double_quoted_string => "double-quoted-string",
    duplicate_definition_across_files => "duplicate-definition-across-files",
    duplicate_enum_value => "duplicate-enum-value",
    duplicate_key => "duplicate-key",
    duplicate_member => "duplicate-member",
    enum_data_not_a_list => "enum-data-not-a-list",
    error_in_nested_include => "error-in-nested-include",
    event_data_not_a_struct => "event-data-not-a-struct",
    example_message_incomplete => "example-message-incomplete",
    example_missing_member => "example-missing-member",
    example_not_json => "example-not-json",
    example_of_unknown_event => "example-of-unknown-event",
    example_unknown_member => "example-unknown-member",
    example_value_not_in_enum => "example-value-not-in-enum",
    example_wrong_type => "example-wrong-type",
    expression_of_no_kind => "expression-of-no-kind",
    missing_colon => "missing-colon",
    missing_comma => "missing-comma",
    missing_include => "missing-include",
    non_string_key => "non-string-key",
    null_value => "null-value",
    number_value => "number-value",
    stray_closing_brace => "stray-closing-brace",
    struct_without_data => "struct-without-data",
    top_level_not_an_object => "top-level-not-an-object",
    unclosed_brace_at_end => "unclosed-brace-at-end",
    unclosed_brace_before_next => "unclosed-brace-before-next",
    unclosed_bracket => "unclosed-bracket",
    unclosed_string => "unclosed-string",
    union_branch_not_a_struct => "union-branch-not-a-struct",
    union_branch_not_an_enum_value => "union-branch-not-an-enum-value",
    union_discriminator_not_an_enum => "union-discriminator-not-an-enum",
    union_discriminator_not_in_base => "union-discriminator-not-in-base",
    unknown_array_element_type => "unknown-array-element-type",
    unknown_escape => "unknown-escape",
    unknown_key => "unknown-key",
    unknown_type => "unknown-type",
    values_nested_too_deep => "values-nested-too-deep",
}

#[test]
fn every_malformed_schema_has_a_test() {
    for entry in std::fs::read_dir(malformed_dir()).expect("the folder exists") {
        let path = entry.expect("a directory entry").path();
        if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("a UTF-8 name");
            assert!(
                NAMES.contains(&name),
                "{name}.json has no test in malformed_qapi.rs"
            );
        }
    }
}
