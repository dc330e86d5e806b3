//! The checked-in bindings (`src/qga_10_0.rs`) are exactly what the generator makes of
//! the bundled guest agent schema now. CI checks the same with `qmp-codegen generate ...
//! --check`.

use std::path::Path;

#[test]
fn checked_in_bindings_of_qga_10_0_are_what_the_generator_makes_of_its_schema() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = "qapi/qga-10.0.2/qapi-schema.json";
    let document = qmp_schema::Document::read(here.join("../events-spec").join(spec));
    assert!(!document.report.has_errors(), "{}", document.report);
    assert!(
        document.report.warnings().next().is_none(),
        "the agent's schema checks clean: {}",
        document.report
    );
    let generated = qmp_schema::codegen::generate_file(&document.schema, "qapi-schema.json");
    let checked_in = std::fs::read_to_string(here.join("src/qga_10_0.rs")).expect("the bindings");
    assert!(
        checked_in == generated,
        "src/qga_10_0.rs is out of date with events-spec/{spec}; regenerate from the \
         repository's root with `cargo run -p qmp-schema --bin qmp-codegen -- generate \
         events-spec/{spec} -o qga-api/src/qga_10_0.rs`"
    );
}
