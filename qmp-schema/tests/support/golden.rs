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
