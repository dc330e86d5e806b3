//! Test data that is not part of the product: `shared/` beside the workspace's folder
//! (`../shared` from the workspace root). It holds the 113 historical versions of QEMU's
//! event document (`corpus/qmp-events/`) and the 2016 document
//! (`seed/qmp-events-2016-10.txt`).
//!
//! A user's clone has no `../shared`. A test that needs it then passes after saying
//! `SKIPPED ...` on stderr, unless `QMP_REQUIRE_SHARED=1` (as CI sets) makes the missing
//! folder a failure. The folder is found from this crate's manifest, never from the
//! current directory or the target directory.

use std::path::{Path, PathBuf};

/// Set to `1` to make missing shared test data a test failure (CI sets it).
const REQUIRE_ENV: &str = "QMP_REQUIRE_SHARED";

/// `../shared/<relative>` from the workspace root, or `None` after saying why `test` is
/// skipped. Panics instead of skipping when `QMP_REQUIRE_SHARED=1`.
pub fn shared_or_skip(relative: &str, test: &str) -> Option<PathBuf> {
    // This crate's folder, the workspace root, and the folder beside it.
    let beside_workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the workspace root has a parent");
    let path = beside_workspace.join("shared").join(relative);
    if path.exists() {
        return Some(path);
    }
    let required = std::env::var(REQUIRE_ENV).is_ok_and(|value| value == "1");
    assert!(
        !required,
        "{test}: {} is missing, and {REQUIRE_ENV}=1 requires it",
        path.display()
    );
    // The harness captures `eprintln!` of passing tests; stderr itself is always seen.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "SKIPPED {test}: {} is missing (test data kept beside the repository; \
             set {REQUIRE_ENV}=1 to fail instead of skipping)\n",
            path.display()
        )
        .as_bytes(),
    );
    None
}
