//! Golden files: what a malformed input must give, kept beside it and compared exactly.

use std::path::Path;

/// Compares `rendered` with the golden file, or with `QMP_BLESS=1` rewrites the golden
/// file (review the diff after a deliberate change).
pub fn assert_matches_golden(rendered: &str, golden: &Path) {
    let name = golden.display();
    if std::env::var_os("QMP_BLESS").is_some() {
        std::fs::write(golden, rendered).expect("the golden file is writable");
        return;
    }
    let expected = std::fs::read_to_string(golden)
        .unwrap_or_else(|_| panic!("{name} is missing; run with QMP_BLESS=1 to create it"));
    assert!(
        rendered == expected,
        "diagnostics differ from {name}\n--- expected\n{expected}\n--- got\n{rendered}"
    );
}

/// A test per golden case, each calling the test file's `check_golden(NAME)`, and
/// `NAMES`, every case, for the test that each input file has its test.
#[allow(unused_macros)] // test files that keep no golden files do not use it
macro_rules! golden_tests {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_golden($name);
            }
        )*

        /// Every case above, by file name without its extension.
        const NAMES: &[&str] = &[$($name),*];
    };
}
#[allow(unused_imports)] // test files that keep no golden files do not use it
pub(crate) use golden_tests;
