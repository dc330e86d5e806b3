//! Where files come from: the disk, or memory (for tests, and for tools that hold a
//! schema already). A QAPI schema is many files that include each other; every file is
//! read through one [`FileLoader`], so that the derive and `Builder` can list every file
//! they read.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Reads files by path.
pub trait FileLoader {
    /// The bytes of the file at `path` (as the including file's folder joined with the
    /// include's path, lexically normalized).
    fn load(&self, path: &Path) -> io::Result<Vec<u8>>;
}

/// Reads files from the disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiskLoader;

impl FileLoader for DiskLoader {
    fn load(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }
}

/// Files held in memory, by path.
///
/// ```
/// use qmp_schema::loader::MemoryFiles;
/// let files = MemoryFiles::new()
///     .with("qapi/schema.json", "{ 'include': 'events.json' }")
///     .with("qapi/events.json", "{ 'event': 'STOP' }");
/// let document = qmp_schema::Document::from_loader("qapi/schema.json", None, &files);
/// assert_eq!(document.schema.event_count(), 1);
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryFiles {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemoryFiles {
    /// No files.
    pub fn new() -> MemoryFiles {
        MemoryFiles::default()
    }

    /// These files and one more.
    pub fn with(mut self, path: impl AsRef<Path>, contents: impl Into<Vec<u8>>) -> MemoryFiles {
        self.insert(path, contents);
        self
    }

    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl AsRef<Path>, contents: impl Into<Vec<u8>>) {
        self.files.insert(normalize(path.as_ref()), contents.into());
    }
}

impl FileLoader for MemoryFiles {
    fn load(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.files
            .get(&normalize(path))
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }
}

/// A path with `.` dropped and `..` applied where it can be, without asking the disk:
/// what tells two includes of one file apart from two files.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let ends_in_name =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if ends_in_name {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The path of a file included as `include` from the file at `from`.
pub fn include_path(from: &Path, include: &str) -> PathBuf {
    normalize(&from.parent().unwrap_or(Path::new("")).join(include))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_are_relative_to_the_including_file() {
        assert_eq!(
            include_path(Path::new("a/b/root.json"), "../c.json"),
            PathBuf::from("a/c.json")
        );
        assert_eq!(
            include_path(Path::new("root.json"), "./x/y.json"),
            PathBuf::from("x/y.json")
        );
        assert_eq!(
            include_path(Path::new("root.json"), "../up.json"),
            PathBuf::from("../up.json")
        );
    }

    #[test]
    fn memory_files_are_found_by_normalized_path() {
        let files = MemoryFiles::new().with("q/./a.json", "x");
        assert_eq!(files.load(Path::new("q/b/../a.json")).unwrap(), b"x");
        assert!(files.load(Path::new("q/c.json")).is_err());
    }
}
