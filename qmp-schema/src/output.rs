//! Writing generated files: whole or not at all, and only when their content changes.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// What [`write_file`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// There was no file; it was created.
    Created,
    /// The file held something else; it was replaced.
    Updated,
    /// The file already held exactly the content; it was left alone.
    Unchanged,
}

/// Writes `contents` to `path` unless the file already holds exactly that, and says what
/// it did.
///
/// Missing parent directories are created. Unchanged files keep their modification time,
/// so cargo does not rebuild what includes them. The new content goes to a temporary file
/// in the same directory which is then renamed over the old one: a failure at any point
/// leaves the previous file intact.
///
/// A replaced file keeps the permissions it had; a new file gets those any new file gets
/// (on Unix, `0o666` less the umask: `0o644` under the usual `022`), not the owner-only
/// mode of a temporary file.
pub fn write_file(path: &Path, contents: &str) -> io::Result<Written> {
    let existing = fs::metadata(path).ok();
    if existing.is_some() && fs::read(path).is_ok_and(|bytes| bytes == contents.as_bytes()) {
        return Ok(Written::Unchanged);
    }
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(directory)?;
    let mut temporary = temporary_file(directory)?;
    temporary.write_all(contents.as_bytes())?;
    if let Some(existing) = &existing {
        fs::set_permissions(temporary.path(), existing.permissions())?;
    }
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|err| err.error)?;
    Ok(match existing {
        Some(_) => Written::Updated,
        None => Written::Created,
    })
}

/// Writes `contents` to `path` unless the file already holds exactly that (see
/// [`write_file`]); returns whether it wrote.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<bool> {
    write_file(path, contents).map(|written| written != Written::Unchanged)
}

/// A temporary file in `directory`, created with the mode a new file normally gets.
fn temporary_file(directory: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".qmp-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Passed to open(2), so the umask applies, as it does to any new file.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(directory)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_when_content_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.rs");
        assert_eq!(write_file(&path, "a").unwrap(), Written::Created);
        assert_eq!(write_file(&path, "a").unwrap(), Written::Unchanged);
        assert_eq!(write_file(&path, "b").unwrap(), Written::Updated);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "b");
        assert!(!write_if_changed(&path, "b").unwrap());
        assert!(write_if_changed(&path, "c").unwrap());
    }

    #[test]
    fn creates_missing_parent_directories() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new").join("dir").join("out.rs");
        assert_eq!(write_file(&path, "a").unwrap(), Written::Created);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a");
    }

    #[test]
    fn leaves_no_temporary_file_behind() {
        let dir = tempfile::tempdir().unwrap();
        write_file(&dir.path().join("out.rs"), "a").unwrap();
        write_file(&dir.path().join("out.rs"), "b").unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.rs"]);
    }

    #[test]
    fn failure_leaves_the_previous_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.rs");
        std::fs::write(&path, "old").unwrap();
        // A file where the parent directory should be: nothing can be created below it.
        let blocked = path.join("out.rs");
        assert!(write_file(&blocked, "new").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_mode_of_any_new_file() {
        let dir = tempfile::tempdir().unwrap();
        // What the umask of this process makes of a plain new file.
        let plain = dir.path().join("plain");
        std::fs::write(&plain, "").unwrap();
        let path = dir.path().join("out.rs");
        write_file(&path, "a").unwrap();
        assert_eq!(mode(&path), mode(&plain));
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.rs");
        for kept in [0o644, 0o640, 0o664, 0o755] {
            std::fs::write(&path, "old").unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(kept)).unwrap();
            assert_eq!(write_file(&path, "new").unwrap(), Written::Updated);
            assert_eq!(mode(&path), kept, "{kept:o}");
        }
    }
}
