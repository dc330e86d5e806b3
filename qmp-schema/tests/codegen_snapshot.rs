//! The code generated for the seed document, pinned. A change to the generator shows up
//! here as a reviewable diff (`cargo insta review`).

use qmp_schema::{Document, codegen};

#[test]
fn seed_bindings() {
    let document = Document::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../events-spec/qmp-events.txt"
    ));
    assert!(!document.report.has_errors());
    let code = codegen::generate_file(&document.schema, "qmp-events.txt");
    insta::assert_snapshot!(code);
}
