//! The checked-in bindings (`src/qemu_10_0.rs`, `src/qemu_2012.rs`) are exactly what the
//! generator makes of the bundled schema and document now. CI checks the same with
//! `qmp-codegen generate ... --check`.

use std::path::Path;

/// Compares `src/{module}.rs` with what the generator makes of `events-spec/{spec}`.
fn assert_current(module: &str, spec: &str) {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let document = qmp_schema::Document::read(here.join("../events-spec").join(spec));
    assert!(!document.report.has_errors(), "{}", document.report);
    let name = Path::new(spec)
        .file_name()
        .map_or(spec.into(), |name| name.to_string_lossy());
    let generated = qmp_schema::codegen::generate_file(&document.schema, &name);
    let checked_in =
        std::fs::read_to_string(here.join(format!("src/{module}.rs"))).expect("the bindings");
    if checked_in != generated {
        let line = checked_in
            .lines()
            .zip(generated.lines())
            .position(|(old, new)| old != new)
            .map_or_else(
                || "the end".to_owned(),
                |index| format!("line {}", index + 1),
            );
        panic!(
            "src/{module}.rs is out of date with events-spec/{spec} (they differ from \
             {line}); regenerate from the repository's root with `cargo run -p qmp-schema \
             --bin qmp-codegen -- generate events-spec/{spec} -o qmp-api/src/{module}.rs`"
        );
    }
}

#[test]
fn checked_in_bindings_of_qemu_10_0_are_what_the_generator_makes_of_its_schema() {
    assert_current("qemu_10_0", "qapi/qemu-10.0.2/qapi-schema.json");
}

#[test]
fn checked_in_bindings_of_2012_are_what_the_generator_makes_of_the_document() {
    assert_current("qemu_2012", "qmp-events.txt");
}
