//! QEMU 10.0.2's own regression suite for its schema reader (`tests/qapi-schema/` of its
//! source, kept in `../shared/qemu-qapi-tests/`): 206 schemas, each with what QEMU's
//! generator prints for it; QEMU rejects 198 and accepts 8.
//!
//! - Each schema's diagnostics are pinned by a golden file,
//!   `tests/qemu-qapi-suite/NAME.err` (empty for a schema read clean). Run with
//!   `QMP_BLESS=1` to rewrite them after a deliberate change, then review the diff.
//! - Each schema QEMU rejects has a diagnostic (an error, or a warning for a rule of
//!   style or of doc comments) in the file QEMU names, on its line or inside the
//!   definition or doc comment that starts there; each schema QEMU accepts reads with no
//!   diagnostic at all.
//! - Two of the accepted schemas, `doc-good.json` and `qapi-schema-test.json`, generate
//!   bindings that compile in a consumer crate, pass clippy `-D warnings` under
//!   `#![deny(missing_docs)]`, and document with `RUSTDOCFLAGS=-D warnings`.
//!
//! The suite is test data kept beside the repository (see `shared_data`): without it
//! these tests say `SKIPPED` and pass, unless `QMP_REQUIRE_SHARED=1`.

mod shared_data;
mod support;

use qmp_schema::{Document, Format, MemoryFiles, Severity, codegen};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use support::golden::{assert_matches_golden, golden_tests};

/// The suite's folder under `../shared/`, and the folder its files are read from in
/// memory (so that paths in diagnostics do not depend on where the tests run).
const SUITE: &str = "qemu-qapi-tests";

fn suite_dir(test: &str) -> Option<PathBuf> {
    shared_data::shared_or_skip(SUITE, test)
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/qemu-qapi-suite")
}

/// Every `.json` file of the suite (its `include/` folder too), under `qemu-qapi-tests/`,
/// read once for all tests.
fn files(dir: &Path) -> &'static MemoryFiles {
    static FILES: OnceLock<MemoryFiles> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut files = MemoryFiles::new();
        for folder in [dir.to_path_buf(), dir.join("include")] {
            for entry in std::fs::read_dir(&folder).expect("the suite's folder is readable") {
                let path = entry.expect("a directory entry").path();
                if path
                    .extension()
                    .is_some_and(|extension| extension == "json")
                {
                    let relative = path.strip_prefix(dir).expect("inside the suite");
                    let bytes = std::fs::read(&path).expect("a readable schema");
                    files.insert(Path::new(SUITE).join(relative), bytes);
                }
            }
        }
        files
    })
}

/// Reads the suite's schema `NAME.json` as a QAPI schema (some start with something
/// else than `{`, which is what they test).
fn read(dir: &Path, name: &str) -> Document {
    Document::from_loader(
        format!("{SUITE}/{name}.json"),
        Some(Format::Qapi),
        files(dir),
    )
}

/// The names of the suite's schemas, in `TESTS.txt`'s order.
fn suite_names(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("TESTS.txt"))
        .expect("TESTS.txt")
        .lines()
        .filter_map(|line| line.trim().strip_suffix(".json"))
        .map(str::to_owned)
        .collect()
}

/// Compares the diagnostics of `NAME.json` with our golden file.
fn check_golden(name: &str) {
    let Some(dir) = suite_dir(name) else {
        return;
    };
    let document = read(&dir, name);
    let golden = golden_dir().join(format!("{name}.err"));
    assert_matches_golden(&document.report.render(false), &golden);
}

golden_tests! {
    alternate_any => "alternate-any",
    alternate_array => "alternate-array",
    alternate_base => "alternate-base",
    alternate_branch_if_invalid => "alternate-branch-if-invalid",
    alternate_clash => "alternate-clash",
    alternate_conflict_dict => "alternate-conflict-dict",
    alternate_conflict_enum_bool => "alternate-conflict-enum-bool",
    alternate_conflict_enum_int => "alternate-conflict-enum-int",
    alternate_conflict_lists => "alternate-conflict-lists",
    alternate_conflict_string => "alternate-conflict-string",
    alternate_conflict_bool_string => "alternate-conflict-bool-string",
    alternate_conflict_num_string => "alternate-conflict-num-string",
    alternate_data_invalid => "alternate-data-invalid",
    alternate_empty => "alternate-empty",
    alternate_invalid_dict => "alternate-invalid-dict",
    alternate_nested => "alternate-nested",
    alternate_unknown => "alternate-unknown",
    args_alternate => "args-alternate",
    args_any => "args-any",
    args_array_empty => "args-array-empty",
    args_array_unknown => "args-array-unknown",
    args_bad_boxed => "args-bad-boxed",
    args_boxed_anon => "args-boxed-anon",
    args_boxed_string => "args-boxed-string",
    args_if_implicit => "args-if-implicit",
    args_if_unboxed => "args-if-unboxed",
    args_int => "args-int",
    args_invalid => "args-invalid",
    args_member_array_bad => "args-member-array-bad",
    args_member_case => "args-member-case",
    args_member_unknown => "args-member-unknown",
    args_union => "args-union",
    args_unknown => "args-unknown",
    bad_base => "bad-base",
    bad_data => "bad-data",
    bad_ident => "bad-ident",
    bad_if => "bad-if",
    bad_if_all => "bad-if-all",
    bad_if_empty => "bad-if-empty",
    bad_if_empty_list => "bad-if-empty-list",
    bad_if_key => "bad-if-key",
    bad_if_keys => "bad-if-keys",
    bad_if_list => "bad-if-list",
    bad_if_not => "bad-if-not",
    bad_type_bool => "bad-type-bool",
    bad_type_dict => "bad-type-dict",
    bad_type_int => "bad-type-int",
    base_cycle_direct => "base-cycle-direct",
    base_cycle_indirect => "base-cycle-indirect",
    command_int => "command-int",
    comments => "comments",
    doc_bad_alternate_member => "doc-bad-alternate-member",
    doc_bad_boxed_command_arg => "doc-bad-boxed-command-arg",
    doc_bad_command_arg => "doc-bad-command-arg",
    doc_bad_enum_member => "doc-bad-enum-member",
    doc_bad_event_arg => "doc-bad-event-arg",
    doc_bad_feature => "doc-bad-feature",
    doc_bad_indent => "doc-bad-indent",
    doc_bad_section => "doc-bad-section",
    doc_bad_symbol => "doc-bad-symbol",
    doc_bad_union_member => "doc-bad-union-member",
    doc_before_include => "doc-before-include",
    doc_before_pragma => "doc-before-pragma",
    doc_duplicate_features => "doc-duplicate-features",
    doc_duplicated_arg => "doc-duplicated-arg",
    doc_duplicated_return => "doc-duplicated-return",
    doc_duplicated_since => "doc-duplicated-since",
    doc_empty_arg => "doc-empty-arg",
    doc_empty_features => "doc-empty-features",
    doc_empty_section => "doc-empty-section",
    doc_empty_symbol => "doc-empty-symbol",
    doc_good => "doc-good",
    doc_interleaved_section => "doc-interleaved-section",
    doc_invalid_end => "doc-invalid-end",
    doc_invalid_end2 => "doc-invalid-end2",
    doc_invalid_return => "doc-invalid-return",
    doc_invalid_return2 => "doc-invalid-return2",
    doc_invalid_section => "doc-invalid-section",
    doc_invalid_start => "doc-invalid-start",
    doc_missing_colon => "doc-missing-colon",
    doc_missing_expr => "doc-missing-expr",
    doc_missing_space => "doc-missing-space",
    doc_missing => "doc-missing",
    doc_no_symbol => "doc-no-symbol",
    doc_undoc_feature => "doc-undoc-feature",
    double_type => "double-type",
    duplicate_key => "duplicate-key",
    empty => "empty",
    enum_bad_member => "enum-bad-member",
    enum_bad_name => "enum-bad-name",
    enum_bad_prefix => "enum-bad-prefix",
    enum_clash_member => "enum-clash-member",
    enum_dict_member_unknown => "enum-dict-member-unknown",
    enum_if_invalid => "enum-if-invalid",
    enum_int_member => "enum-int-member",
    enum_member_case => "enum-member-case",
    enum_missing_data => "enum-missing-data",
    enum_wrong_data => "enum-wrong-data",
    event_boxed_empty => "event-boxed-empty",
    event_case => "event-case",
    event_member_invalid_dict => "event-member-invalid-dict",
    event_nest_struct => "event-nest-struct",
    features_too_many => "features-too-many",
    features_bad_type => "features-bad-type",
    features_deprecated_type => "features-deprecated-type",
    features_duplicate_name => "features-duplicate-name",
    features_if_invalid => "features-if-invalid",
    features_missing_name => "features-missing-name",
    features_name_bad_type => "features-name-bad-type",
    features_no_list => "features-no-list",
    features_unknown_key => "features-unknown-key",
    funny_char => "funny-char",
    funny_word => "funny-word",
    ident_with_escape => "ident-with-escape",
    include_before_err => "include-before-err",
    include_cycle => "include-cycle",
    include_extra_junk => "include-extra-junk",
    include_nested_err => "include-nested-err",
    include_no_file => "include-no-file",
    include_non_file => "include-non-file",
    include_repetition => "include-repetition",
    include_self_cycle => "include-self-cycle",
    include_simple => "include-simple",
    indented_expr => "indented-expr",
    leading_comma_list => "leading-comma-list",
    leading_comma_object => "leading-comma-object",
    missing_array_rsqb => "missing-array-rsqb",
    missing_colon => "missing-colon",
    missing_comma_list => "missing-comma-list",
    missing_comma_object => "missing-comma-object",
    missing_object_member_element => "missing-object-member-element",
    missing_type => "missing-type",
    nested_struct_data => "nested-struct-data",
    nested_struct_data_invalid_dict => "nested-struct-data-invalid-dict",
    non_objects => "non-objects",
    oob_coroutine => "oob-coroutine",
    oob_test => "oob-test",
    allow_preconfig_test => "allow-preconfig-test",
    pragma_extra_junk => "pragma-extra-junk",
    pragma_non_dict => "pragma-non-dict",
    pragma_unknown => "pragma-unknown",
    pragma_value_not_bool => "pragma-value-not-bool",
    pragma_value_not_list_of_str => "pragma-value-not-list-of-str",
    pragma_value_not_list => "pragma-value-not-list",
    qapi_schema_test => "qapi-schema-test",
    quoted_structural_chars => "quoted-structural-chars",
    redefined_command => "redefined-command",
    redefined_event => "redefined-event",
    redefined_predefined => "redefined-predefined",
    redefined_type => "redefined-type",
    reserved_command_q => "reserved-command-q",
    reserved_enum_q => "reserved-enum-q",
    reserved_member_has => "reserved-member-has",
    reserved_member_q => "reserved-member-q",
    reserved_member_u => "reserved-member-u",
    reserved_member_underscore => "reserved-member-underscore",
    reserved_type_list => "reserved-type-list",
    returns_alternate => "returns-alternate",
    returns_array_bad => "returns-array-bad",
    returns_bad_type => "returns-bad-type",
    returns_dict => "returns-dict",
    returns_unknown => "returns-unknown",
    string_code_point_31 => "string-code-point-31",
    string_code_point_127 => "string-code-point-127",
    struct_base_clash_deep => "struct-base-clash-deep",
    struct_base_clash => "struct-base-clash",
    struct_data_invalid => "struct-data-invalid",
    struct_data_typename => "struct-data-typename",
    struct_member_if_invalid => "struct-member-if-invalid",
    struct_member_invalid_dict => "struct-member-invalid-dict",
    struct_member_invalid => "struct-member-invalid",
    struct_member_name_clash => "struct-member-name-clash",
    trailing_comma_list => "trailing-comma-list",
    trailing_comma_object => "trailing-comma-object",
    type_bypass_bad_gen => "type-bypass-bad-gen",
    type_case => "type-case",
    unclosed_list => "unclosed-list",
    unclosed_object => "unclosed-object",
    unclosed_string => "unclosed-string",
    union_array_branch => "union-array-branch",
    union_bad_base => "union-bad-base",
    union_bad_discriminator => "union-bad-discriminator",
    union_base_any => "union-base-any",
    union_base_empty => "union-base-empty",
    union_base_no_discriminator => "union-base-no-discriminator",
    union_base_union => "union-base-union",
    union_branch_if_invalid => "union-branch-if-invalid",
    union_branch_invalid_dict => "union-branch-invalid-dict",
    union_clash_member => "union-clash-member",
    union_discriminator_bad_name => "union-discriminator-bad-name",
    union_empty => "union-empty",
    union_inline_invalid_dict => "union-inline-invalid-dict",
    union_int_branch => "union-int-branch",
    union_invalid_base => "union-invalid-base",
    union_invalid_branch_key => "union-invalid-branch-key",
    union_invalid_data => "union-invalid-data",
    union_invalid_discriminator => "union-invalid-discriminator",
    union_invalid_if_discriminator => "union-invalid-if-discriminator",
    union_invalid_union_subfield => "union-invalid-union-subfield",
    union_invalid_union_subtype => "union-invalid-union-subtype",
    union_no_base => "union-no-base",
    union_optional_discriminator => "union-optional-discriminator",
    union_string_discriminator => "union-string-discriminator",
    union_unknown => "union-unknown",
    unknown_escape => "unknown-escape",
    unknown_expr_key => "unknown-expr-key",
}

#[test]
fn every_suite_schema_has_a_golden_test() {
    let Some(dir) = suite_dir("every_suite_schema_has_a_golden_test") else {
        return;
    };
    let names = suite_names(&dir);
    assert_eq!(
        names.len(),
        206,
        "TESTS.txt lists QEMU 10.0.2's 206 schemas"
    );
    assert_eq!(
        names, NAMES,
        "one test per schema of TESTS.txt, in its order"
    );
}

/// Where QEMU reports the problem of a schema it rejects: the file (relative to the
/// suite's folder) and line of its message, after the context lines.
fn qemu_place(err: &str) -> Option<(String, usize)> {
    err.lines()
        .filter(|line| !line.starts_with("In file included from"))
        // `FILE: In struct 'Foo':`
        .filter(|line| {
            line.split_once(": In ")
                .is_none_or(|(file, _)| file.contains(' '))
        })
        .find_map(|line| {
            let mut parts = line.splitn(3, ':');
            let file = parts.next()?;
            let number = parts.next()?.parse().ok()?;
            Some((file.to_owned(), number))
        })
}

/// The lines of the definition or doc comment that starts at `line` (only that line,
/// if none does): a doc comment runs to its closing `##`, an expression to the next
/// line that starts one or a doc comment at the left margin.
fn block(text: &str, line: usize) -> RangeInclusive<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(first) = line.checked_sub(1).and_then(|index| lines.get(index)) else {
        return line..=line;
    };
    let ends_block = |starts: &dyn Fn(&str) -> bool| {
        lines
            .iter()
            .enumerate()
            .skip(line)
            .find(|(_, text)| starts(text))
            .map_or(lines.len(), |(index, _)| index)
    };
    if first.trim_end() == "##" {
        line..=ends_block(&|text| text.starts_with("##")) + 1
    } else if first.starts_with('{') {
        line..=ends_block(&|text| text.starts_with('{') || text.starts_with("##"))
    } else {
        line..=line
    }
}

#[test]
fn each_rejected_schema_is_diagnosed_where_qemu_says_and_each_accepted_one_is_clean() {
    let Some(dir) = suite_dir(
        "each_rejected_schema_is_diagnosed_where_qemu_says_and_each_accepted_one_is_clean",
    ) else {
        return;
    };
    let mut failures = Vec::new();
    let (mut rejected, mut accepted, mut errors, mut warnings) = (0, 0, 0, 0);
    for name in suite_names(&dir) {
        let err = std::fs::read_to_string(dir.join(format!("{name}.err"))).expect("a .err file");
        let document = read(&dir, &name);
        let report = &document.report;
        if err.trim().is_empty() {
            accepted += 1;
            if !report.diagnostics.is_empty() {
                failures.push(format!(
                    "{name}: QEMU accepts it, but:\n{}",
                    report.render(false)
                ));
            }
            continue;
        }
        rejected += 1;
        let Some((file, line)) = qemu_place(&err) else {
            failures.push(format!("{name}: no place in QEMU's message {err:?}"));
            continue;
        };
        let text = std::fs::read_to_string(dir.join(&file)).expect("QEMU's file");
        let lines = block(&text, line);
        let ours = format!("{SUITE}/{file}");
        let hits: Vec<Severity> = report
            .diagnostics
            .iter()
            .filter(|diagnostic| {
                report
                    .source_of(&diagnostic.span)
                    .is_some_and(|source| source.path == ours)
                    && lines.contains(&diagnostic.span.line)
            })
            .map(|diagnostic| diagnostic.severity)
            .collect();
        match hits.iter().max() {
            Some(Severity::Error) => errors += 1,
            Some(Severity::Warning) => warnings += 1,
            None => failures.push(format!(
                "{name}: QEMU says {file}:{line} ({}), we say:\n{}",
                err.trim().lines().last().unwrap_or_default(),
                report.render(false)
            )),
        }
    }
    assert_eq!((rejected, accepted), (198, 8), "QEMU 10.0.2's suite");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The share of warnings: the rules of naming style and of doc comments.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "QEMU's suite: {rejected} rejected schemas diagnosed at QEMU's place ({errors} \
             with an error there, {warnings} with warnings only), {accepted} accepted read clean\n"
        )
        .as_bytes(),
    );
    assert_eq!(errors + warnings, 198);
}

/// Reads one of the suite's accepted schemas and generates its bindings.
fn generated(test: &str, name: &str) -> Option<String> {
    let dir = suite_dir(test)?;
    let document = read(&dir, name);
    assert!(
        document.report.diagnostics.is_empty(),
        "{}",
        document.report
    );
    Some(codegen::generate_file(
        &document.schema,
        &format!("{name}.json"),
    ))
}

/// Checks that the bindings of the suite's two big accepted schemas compile in a
/// consumer crate under `#![deny(missing_docs)]` and `-D warnings`, and document with
/// `RUSTDOCFLAGS=-D warnings`.
fn check_bindings_compile(test: &str, names: &[&str]) {
    let mut modules = Vec::new();
    for name in names {
        let Some(code) = generated(test, name) else {
            return;
        };
        if let Err(error) = syn::parse_file(&code) {
            panic!("the bindings of {name}.json do not parse: {error}\n{code}");
        }
        modules.push((name.replace('-', "_"), code));
    }
    let crate_dir = tempfile::tempdir().expect("temp dir");
    let dir = crate_dir.path();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let runtime = workspace.join("qmp-runtime");
    std::fs::create_dir_all(dir.join("src")).expect("src");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"qapi-suite-bindings\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\nqmp-runtime = {{ path = {runtime:?} }}\n\n[workspace]\n"
        ),
    )
    .expect("manifest");
    // The workspace's lock file pins the same versions, so the build needs no network.
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
    let mut lib = String::from(
        "//! The bindings of QEMU's QAPI suite's accepted schemas.\n#![deny(missing_docs)]\n",
    );
    for (module, code) in &modules {
        lib.push_str(&format!("/// `{module}`.\npub mod {module};\n"));
        std::fs::write(dir.join(format!("src/{module}.rs")), code).expect("module");
    }
    std::fs::write(dir.join("src/lib.rs"), lib).expect("lib.rs");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("qapi-suite-bindings");
    let cargo = |args: &[&str], env: (&str, &str)| {
        let output = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", &target)
            .env(env.0, env.1)
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo {args:?} on the bindings of {names:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    cargo(
        &["clippy", "--offline", "--quiet", "--", "-D", "warnings"],
        ("RUSTFLAGS", ""),
    );
    cargo(
        &["doc", "--offline", "--quiet"],
        ("RUSTDOCFLAGS", "-D warnings"),
    );
}

#[test]
fn doc_good_and_qapi_schema_test_generate_bindings_that_compile_and_document() {
    check_bindings_compile(
        "doc_good_and_qapi_schema_test_generate_bindings_that_compile_and_document",
        &["doc-good", "qapi-schema-test"],
    );
}

/// `doc-good.json` uses every form of doc comment QEMU knows; the rustdoc its bindings
/// carry is pinned here (review the diff of a deliberate change with `cargo insta`).
#[test]
fn doc_good_bindings_rustdoc() {
    let Some(code) = generated("doc_good_bindings_rustdoc", "doc-good") else {
        return;
    };
    // The doc comments and the items they document, without the tables.
    let docs: Vec<&str> = code
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            line.starts_with("///")
                || line.starts_with("//!")
                || line.starts_with("pub struct")
                || line.starts_with("pub enum")
                || line.starts_with("pub mod")
                || line.starts_with("pub fn")
        })
        .collect();
    insta::assert_snapshot!(docs.join("\n"));
}
