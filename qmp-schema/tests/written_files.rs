//! Files that `qmp-codegen generate -o`, `qmp-codegen doc -o` and `Builder::generate_to`
//! write: missing folders are created, the commands say on stderr what they did, a new
//! file gets the mode any new file gets, and a rewritten file keeps the mode it had.

use qmp_schema::Builder;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../events-spec/qmp-events.txt")
}

/// Runs `qmp-codegen COMMAND SEED -o OUT` in `dir`.
fn write_with(command: &str, dir: &Path, out: &str) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_qmp-codegen"))
        .arg(command)
        .arg(seed())
        .args(["-o", out])
        .current_dir(dir)
        .output()
        .expect("qmp-codegen runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(output.stdout, b"", "nothing goes to stdout with -o");
    output
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8")
}

fn lines_of(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .expect("written")
        .lines()
        .count()
}

/// A count between 1,000 and 999,999 as the commands print it: `5548` as `5,548`.
fn thousands(n: usize) -> String {
    assert!((1000..1_000_000).contains(&n), "{n}");
    format!("{},{:03}", n / 1000, n % 1000)
}

#[test]
fn generate_creates_missing_folders_and_says_what_it_wrote() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("new/dir/x.rs");

    let first = write_with("generate", dir.path(), "new/dir/x.rs");
    let lines = thousands(lines_of(&out));
    assert!(
        lines.contains(','),
        "the seed's bindings run to thousands of lines"
    );
    assert_eq!(
        stderr(&first),
        format!("created new/dir/x.rs: 16 events, {lines} lines\n")
    );

    let modified = std::fs::metadata(&out).and_then(|m| m.modified()).unwrap();
    let second = write_with("generate", dir.path(), "new/dir/x.rs");
    assert_eq!(
        stderr(&second),
        format!("new/dir/x.rs is up to date: 16 events, {lines} lines\n")
    );
    let unchanged = std::fs::metadata(&out).and_then(|m| m.modified()).unwrap();
    assert_eq!(modified, unchanged, "an unchanged file is not touched");

    std::fs::write(&out, "// an older version\n").unwrap();
    let third = write_with("generate", dir.path(), "new/dir/x.rs");
    assert_eq!(
        stderr(&third),
        format!("updated new/dir/x.rs: 16 events, {lines} lines\n")
    );
}

#[test]
fn doc_creates_missing_folders_and_says_what_it_wrote() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = write_with("doc", dir.path(), "site/events.html");
    let lines = lines_of(&dir.path().join("site/events.html"));
    assert_eq!(
        stderr(&first),
        format!("created site/events.html: 16 events, {lines} lines\n")
    );
    let second = write_with("doc", dir.path(), "site/events.html");
    assert_eq!(
        stderr(&second),
        format!("site/events.html is up to date: 16 events, {lines} lines\n")
    );
}

#[test]
fn builder_creates_missing_folders() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("generated/qmp/qmp.rs");
    Builder::new(seed())
        .cargo_output(false)
        .generate_to(&out)
        .expect("generates");
    assert!(lines_of(&out) > 1000);
}

#[cfg(unix)]
mod modes {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("exists")
            .permissions()
            .mode()
            & 0o7777
    }

    fn set_mode(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }

    /// The mode this process's umask gives a plain new file (0644 under the usual 022).
    fn new_file_mode(dir: &Path) -> u32 {
        let plain = dir.join("plain");
        std::fs::write(&plain, "").expect("writable");
        mode(&plain)
    }

    #[test]
    fn generate_gives_a_new_file_the_usual_mode_and_keeps_the_mode_of_an_old_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("src/qmp.rs");
        write_with("generate", dir.path(), "src/qmp.rs");
        assert_eq!(mode(&out), new_file_mode(dir.path()));

        for kept in [0o644, 0o664, 0o640] {
            std::fs::write(&out, "// an older version\n").unwrap();
            set_mode(&out, kept);
            let output = write_with("generate", dir.path(), "src/qmp.rs");
            assert!(stderr(&output).starts_with("updated "), "{output:?}");
            assert_eq!(mode(&out), kept, "{kept:o}");
        }
    }

    #[test]
    fn doc_gives_a_new_file_the_usual_mode_and_keeps_the_mode_of_an_old_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("events.html");
        write_with("doc", dir.path(), "events.html");
        assert_eq!(mode(&out), new_file_mode(dir.path()));
        std::fs::write(&out, "old").unwrap();
        set_mode(&out, 0o604);
        write_with("doc", dir.path(), "events.html");
        assert_eq!(mode(&out), 0o604);
    }

    #[test]
    fn builder_gives_a_new_file_the_usual_mode_and_keeps_the_mode_of_an_old_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("qmp.rs");
        let builder = Builder::new(seed()).cargo_output(false);
        builder.generate_to(&out).expect("generates");
        assert_eq!(mode(&out), new_file_mode(dir.path()));
        std::fs::write(&out, "old").unwrap();
        set_mode(&out, 0o640);
        builder.generate_to(&out).expect("generates");
        assert_eq!(mode(&out), 0o640);
    }
}
