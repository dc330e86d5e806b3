//! Golden negative tests, one malformed document per kind of mistake, as QEMU's schema
//! checker has them: `tests/malformed/NAME.txt` is the document and `NAME.err` the exact
//! diagnostics it must give (`path:line:col: severity: message`, the source line, a caret
//! under the spot). Run with `QMP_BLESS=1` to rewrite the `.err` files after a deliberate
//! change, then review the diff.

mod support;

use qmp_schema::Document;
use std::path::{Path, PathBuf};
use support::golden::{assert_matches_golden, golden_tests};

fn malformed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed")
}

/// Reads `NAME.txt` and compares its rendered diagnostics with `NAME.err`.
fn check_golden(name: &str) {
    let dir = malformed_dir();
    let bytes = std::fs::read(dir.join(format!("{name}.txt"))).expect("the document exists");
    // A fixed display path keeps the golden files independent of where tests run.
    let document = Document::from_bytes(format!("malformed/{name}.txt"), &bytes);
    assert!(
        !document.report.diagnostics.is_empty(),
        "{name}.txt gives no diagnostic at all"
    );
    let golden = malformed_dir().join(format!("{name}.err"));
    assert_matches_golden(&document.report.render(false), &golden);
}

golden_tests! {
    no_underline => "no-underline",
    section_without_name => "section-without-name",
    heading_that_is_not_event_names => "heading-not-event-names",
    heading_with_lower_case_name => "heading-lower-case-name",
    example_unclosed => "example-unclosed",
    example_string_never_closed => "example-string-never-closed",
    example_not_json => "example-not-json",
    example_stray_brace => "example-stray-brace",
    unknown_type => "unknown-type",
    annotation_word_typo => "annotation-word-typo",
    unknown_array_element_type => "unknown-array-element-type",
    unclosed_type_annotation => "unclosed-type-annotation",
    field_name_quote_not_closed => "field-name-quote-not-closed",
    missing_colon_after_field_name => "missing-colon-after-field-name",
    unquoted_field_name => "unquoted-field-name",
    unquoted_first_field_name => "unquoted-first-field-name",
    field_name_that_is_not_a_name => "field-name-not-a-name",
    duplicate_event_in_two_sections => "duplicate-event-in-two-sections",
    duplicate_event_in_one_heading => "duplicate-event-in-one-heading",
    duplicate_field => "duplicate-field",
    duplicate_nested_field => "duplicate-nested-field",
    example_with_unknown_field => "example-unknown-field",
    example_missing_required_field => "example-missing-required-field",
    example_missing_data => "example-missing-data",
    example_data_not_an_object => "example-data-not-an-object",
    example_string_for_int => "example-string-for-int",
    example_float_for_int => "example-float-for-int",
    example_unknown_enum_value => "example-unknown-enum-value",
    example_wrong_nested_type => "example-wrong-nested-type",
    example_for_another_event => "example-wrong-event",
    example_without_event => "example-without-event",
    example_data_for_data_none => "example-data-for-data-none",
    data_none_followed_by_fields => "data-none-followed-by-fields",
    second_data_label => "second-data-label",
    field_list_without_data_label => "field-list-without-data-label",
    field_without_type => "field-without-type",
    values_on_an_int_field => "values-on-an-int-field",
    members_under_string_field => "members-under-string-field",
    invalid_utf8 => "invalid-utf8",
    invalid_utf8_in_text => "invalid-utf8-in-text",
    nul_byte => "nul-byte",
    empty_file => "empty",
    whitespace_only => "whitespace-only",
    title_only => "title-only",
    prose_only => "prose-only",
}

#[test]
fn every_malformed_document_has_a_test_and_a_golden_file() {
    let mut on_disk: Vec<String> = std::fs::read_dir(malformed_dir())
        .expect("tests/malformed exists")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "txt").then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = NAMES.iter().map(|n| (*n).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(NAMES.len() >= 25);
    for name in NAMES {
        assert!(
            malformed_dir().join(format!("{name}.err")).exists()
                || std::env::var_os("QMP_BLESS").is_some(),
            "{name}.err is missing"
        );
    }
}

#[test]
fn every_golden_file_starts_with_a_located_diagnostic() {
    for name in NAMES {
        let Ok(golden) = std::fs::read_to_string(malformed_dir().join(format!("{name}.err")))
        else {
            continue;
        };
        let headline = golden
            .lines()
            .find(|line| !line.ends_with("':") || !line.contains(": In event '"))
            .unwrap_or_default();
        let rest = headline
            .strip_prefix(&format!("malformed/{name}.txt:"))
            .unwrap_or_else(|| panic!("{name}.err: {headline}"));
        let mut parts = rest.splitn(3, ':');
        let line: usize = parts.next().and_then(|l| l.parse().ok()).expect("a line");
        let column: usize = parts.next().and_then(|c| c.parse().ok()).expect("a column");
        let message = parts.next().unwrap_or_default();
        assert!(line >= 1 && column >= 1, "{name}.err: {headline}");
        assert!(
            message.starts_with(" error: ") || message.starts_with(" warning: "),
            "{name}.err: {headline}"
        );
    }
}

#[test]
fn missing_file() {
    let path = malformed_dir().join("no-such-document.txt");
    let document = Document::read(&path);
    let diagnostics = &document.report.diagnostics;
    assert_eq!(diagnostics.len(), 1);
    // No line or column: there is no text to point into.
    assert_eq!(
        (diagnostics[0].span.line, diagnostics[0].span.column),
        (0, 0)
    );
    assert!(
        diagnostics[0]
            .message
            .starts_with("cannot read the document: "),
        "{}",
        diagnostics[0].message
    );
    assert_eq!(
        document.report.render(false),
        format!("{}: error: {}\n", path.display(), diagnostics[0].message)
    );
    assert!(document.schema.sections.is_empty());
}
