//! Which QEMU release a schema is: what the merged bindings' docs name.

use std::cmp::Ordering;
use std::path::Path;

/// The release a schema on the disk belongs to, for bindings merged from several.
///
/// A QEMU tree has a `VERSION` file beside `qapi/` (`10.0.2`): it is read from the
/// schema's folder or the folder above it. Failing that, the last folder name on the
/// path that carries a version (`qemu-10.0.2`, `qapi-7.2`) gives it; failing that, the
/// path itself names the release.
pub fn release_of(schema: &Path) -> String {
    let folder = schema.parent().unwrap_or(Path::new(""));
    for dir in [Some(folder), folder.parent()].into_iter().flatten() {
        if let Ok(text) = std::fs::read_to_string(dir.join("VERSION"))
            && let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty())
        {
            return line.to_owned();
        }
    }
    folder
        .components()
        .rev()
        .find_map(|c| version_in(&c.as_os_str().to_string_lossy()))
        .unwrap_or_else(|| schema.display().to_string())
}

/// The first run of digits and dots with at least one dot in `name` (`qemu-10.0.2`
/// gives `10.0.2`), if any.
fn version_in(name: &str) -> Option<String> {
    let bytes = name.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        if bytes[start].is_ascii_digit() {
            let end = bytes[start..]
                .iter()
                .position(|b| !(b.is_ascii_digit() || *b == b'.'))
                .map_or(bytes.len(), |n| start + n);
            let run = name[start..end].trim_end_matches('.');
            if run.contains('.') {
                return Some(run.to_owned());
            }
            start = end;
        } else {
            start += 1;
        }
    }
    None
}

/// Orders release names as versions (`7.2.22` before `10.0.2`) where both are dotted
/// numbers; anything else sorts as given (equal).
pub fn compare_releases(a: &str, b: &str) -> Ordering {
    let numbers = |s: &str| -> Option<Vec<u64>> { s.split('.').map(|p| p.parse().ok()).collect() };
    match (numbers(a), numbers(b)) {
        (Some(a), Some(b)) => a.cmp(&b),
        _ => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_come_from_folder_names() {
        assert_eq!(version_in("qemu-10.0.2").as_deref(), Some("10.0.2"));
        assert_eq!(version_in("qapi-7.2").as_deref(), Some("7.2"));
        assert_eq!(version_in("qapi"), None);
        assert_eq!(version_in("v2"), None);
        assert_eq!(
            release_of(Path::new("events-spec/qapi/qemu-7.2.22/qapi-schema.json")),
            "7.2.22"
        );
        assert_eq!(release_of(Path::new("schema.json")), "schema.json");
    }

    #[test]
    fn a_version_file_beside_qapi_wins() {
        let tree = std::env::temp_dir().join(format!("qmp-release-{}", std::process::id()));
        std::fs::create_dir_all(tree.join("qemu-9.9/qapi")).unwrap();
        std::fs::write(tree.join("qemu-9.9/VERSION"), "9.2.50\n").unwrap();
        let found = release_of(&tree.join("qemu-9.9/qapi/qapi-schema.json"));
        std::fs::remove_dir_all(&tree).unwrap();
        assert_eq!(found, "9.2.50");
    }

    #[test]
    fn releases_order_as_versions() {
        assert_eq!(compare_releases("7.2.22", "10.0.2"), Ordering::Less);
        assert_eq!(compare_releases("10.0", "10.0.2"), Ordering::Less);
        assert_eq!(compare_releases("x", "10.0.2"), Ordering::Equal);
    }
}
