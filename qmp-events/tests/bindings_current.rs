//! The checked-in bindings (`src/qemu_2012.rs`) are exactly what the generator makes of
//! the bundled document now. CI checks the same with `qmp-codegen generate
//! events-spec/qmp-events.txt --check qmp-events/src/qemu_2012.rs`.

use std::path::Path;

#[test]
fn checked_in_bindings_are_what_the_generator_makes_of_the_document() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let document = qmp_schema::Document::read(here.join("../events-spec/qmp-events.txt"));
    assert!(!document.report.has_errors(), "{}", document.report);
    let generated = qmp_schema::codegen::generate_file(&document.schema, "qmp-events.txt");
    let checked_in = std::fs::read_to_string(here.join("src/qemu_2012.rs")).expect("the bindings");
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
            "src/qemu_2012.rs is out of date with events-spec/qmp-events.txt (they differ \
             from {line}); regenerate from the repository's root with `cargo run -p \
             qmp-schema --bin qmp-codegen -- generate events-spec/qmp-events.txt -o \
             qmp-events/src/qemu_2012.rs`"
        );
    }
}
