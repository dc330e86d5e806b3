//! Writing generated files: whole or not at all, and only when their content changes.

use std::io::{self, Write};
use std::path::Path;

/// Writes `contents` to `path` unless the file already holds exactly that; returns whether
/// it wrote.
///
/// Unchanged files keep their modification time, so cargo does not rebuild what includes
/// them. The new content goes to a temporary file in the same directory which is then
/// renamed over the old one: a failure at any point leaves the previous file intact.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<bool> {
    if std::fs::read(path).is_ok_and(|existing| existing == contents.as_bytes()) {
        return Ok(false);
    }
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::NamedTempFile::new_in(directory)?;
    temporary.write_all(contents.as_bytes())?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|err| err.error)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_when_content_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.rs");
        assert!(write_if_changed(&path, "a").unwrap());
        assert!(!write_if_changed(&path, "a").unwrap());
        assert!(write_if_changed(&path, "b").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "b");
    }

    #[test]
    fn failure_leaves_the_previous_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.rs");
        std::fs::write(&path, "old").unwrap();
        // A directory that does not exist cannot take the temporary file.
        let missing = dir.path().join("missing").join("out.rs");
        assert!(write_if_changed(&missing, "new").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    }
}
