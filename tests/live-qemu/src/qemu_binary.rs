//! Finding QEMU's programs, and deciding whether a live test runs or skips.

use std::env;
use std::path::{Path, PathBuf};

/// Set to `1` to make a missing QEMU a test failure (CI sets it).
pub const REQUIRE_ENV: &str = "QMP_REQUIRE_QEMU";

/// Names a `qemu-system-x86_64` to use instead of the one on `PATH`.
pub const BINARY_ENV: &str = "QMP_QEMU_BINARY";

const QEMU_SYSTEM: &str = "qemu-system-x86_64";

/// The QEMU binary for a live test, or `None` after printing why `test` is
/// skipped. Panics instead of skipping when `QMP_REQUIRE_QEMU=1`.
pub fn qemu_or_skip(test: &str) -> Option<PathBuf> {
    if let Some(path) = env::var_os(BINARY_ENV) {
        let path = PathBuf::from(path);
        assert!(
            is_executable(&path),
            "{BINARY_ENV}={} is not an executable file",
            path.display()
        );
        return Some(path);
    }
    if let Some(path) = find_tool(QEMU_SYSTEM) {
        return Some(path);
    }
    let required = env::var(REQUIRE_ENV).is_ok_and(|value| value == "1");
    assert!(
        !required,
        "{test}: {QEMU_SYSTEM} is not on PATH but {REQUIRE_ENV}=1 requires it \
         (Debian: apt-get install qemu-system-x86 qemu-utils)"
    );
    say_skipped(&format!(
        "{test}: {QEMU_SYSTEM} is not on PATH \
         (install qemu-system-x86 and qemu-utils; set {REQUIRE_ENV}=1 to fail instead of skipping)"
    ));
    None
}

/// Tells that a test is skipped. The test harness captures `eprintln!` of
/// passing tests, so this writes to stderr directly, where it is always seen.
fn say_skipped(message: &str) {
    use std::io::Write;
    // A lost message is no reason to fail the test.
    let _ = writeln!(std::io::stderr(), "SKIPPED {message}");
}

/// The first executable called `name` on `PATH`.
pub fn find_tool(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

/// Set to `1` to skip the SPICE scenario even when QEMU is required.
pub const SKIP_SPICE_ENV: &str = "QMP_SKIP_SPICE";

/// Whether the SPICE scenario can run with `binary`; if not, prints why
/// `test` is skipped. A QEMU without SPICE fails instead when
/// `QMP_REQUIRE_QEMU=1`, unless `QMP_SKIP_SPICE=1` says SPICE is not wanted,
/// so that a required run never drops the scenario silently.
pub fn spice_or_skip(test: &str, binary: &Path) -> bool {
    if env::var(SKIP_SPICE_ENV).is_ok_and(|value| value == "1") {
        say_skipped(&format!("{test}: {SKIP_SPICE_ENV}=1"));
        return false;
    }
    if qemu_supports_spice(binary) {
        return true;
    }
    let required = env::var(REQUIRE_ENV).is_ok_and(|value| value == "1");
    assert!(
        !required,
        "{test}: {} has no SPICE support but {REQUIRE_ENV}=1 \
         (Debian: qemu-system-modules-spice; or set {SKIP_SPICE_ENV}=1)",
        binary.display()
    );
    say_skipped(&format!(
        "{test}: {} has no SPICE support",
        binary.display()
    ));
    false
}

/// Whether `binary` has SPICE: it then lists the `-spice` options (and exits
/// with status 1 all the same, so the status says nothing).
fn qemu_supports_spice(binary: &Path) -> bool {
    std::process::Command::new(binary)
        .args(["-spice", "help"])
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).contains("spice options"))
}
