//! What a consumer sees when the derive cannot do its job: one message at the right place,
//! not a cascade.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass_seed.rs");
    cases.compile_fail("tests/ui/missing_file.rs");
    cases.compile_fail("tests/ui/malformed_document.rs");
    cases.compile_fail("tests/ui/unknown_attribute.rs");
    cases.compile_fail("tests/ui/missing_attribute.rs");
    cases.compile_fail("tests/ui/spec_not_a_string.rs");
}
