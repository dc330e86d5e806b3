//! Documents to parse and generate from: the seed, and synthetic documents made of the
//! seed's sections repeated with renamed events (`BLOCK_IO_ERROR` becomes
//! `BLOCK_IO_ERROR_2` in the second copy, in its heading, underline and examples), so
//! that they stay free of errors and every copy is real work for the checks and the
//! generator.

/// The seed document's text.
pub const SEED: &str = include_str!("../../events-spec/qmp-events.txt");

/// The sizes of the synthetic documents, in bytes (each document is the first whole
/// section at or past its size).
pub const SIZES: &[(&str, usize)] = &[
    ("10KB", 10_000),
    ("100KB", 100_000),
    ("1MB", 1_000_000),
    ("10MB", 10_000_000),
];

/// A section of the seed: its event names and its text from the heading on.
struct Section<'a> {
    names: Vec<&'a str>,
    body: &'a str,
}

/// A document of at least `size` bytes: the seed's title, then its sections, copy after
/// copy, with copy `n` (from 2) renaming every event `NAME` to `NAME_n`.
pub fn synthetic(size: usize) -> String {
    let (title, sections) = split(SEED);
    let mut text = String::with_capacity(size + SEED.len());
    text.push_str(title);
    let mut copy = 1usize;
    while text.len() < size {
        for section in &sections {
            if copy == 1 {
                text.push_str(section.body);
            } else {
                text.push_str(&renamed(section, copy));
            }
            if text.len() >= size {
                break;
            }
        }
        copy += 1;
    }
    text
}

/// Splits a document into its title block and its sections (a section starts at a line
/// followed by a line of dashes).
fn split(document: &str) -> (&str, Vec<Section<'_>>) {
    let lines: Vec<(usize, &str)> = document
        .split_inclusive('\n')
        .scan(0usize, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line))
        })
        .collect();
    let starts: Vec<usize> = lines
        .windows(2)
        .filter(|pair| is_underline(pair[1].1) && !pair[0].1.trim().is_empty())
        .filter(|pair| !pair[0].1.starts_with(' '))
        .map(|pair| pair[0].0)
        .collect();
    let Some(&first) = starts.first() else {
        return (document, Vec::new());
    };
    let mut sections = Vec::new();
    for (index, &start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(document.len());
        let body = &document[start..end];
        let heading = body.lines().next().unwrap_or_default();
        let names = heading.split(',').map(str::trim).collect();
        sections.push(Section { names, body });
    }
    (&document[..first], sections)
}

fn is_underline(line: &str) -> bool {
    let line = line.trim_end();
    !line.is_empty() && line.chars().all(|c| c == '-')
}

/// A section with its events renamed for copy `copy`.
fn renamed(section: &Section<'_>, copy: usize) -> String {
    let mut lines = section.body.split_inclusive('\n');
    let _heading = lines.next();
    let _underline = lines.next();
    let rest: String = lines.collect();
    let names: Vec<String> = section
        .names
        .iter()
        .map(|name| format!("{name}_{copy}"))
        .collect();
    let heading = names.join(", ");
    let mut rest = rest;
    for (old, new) in section.names.iter().zip(&names) {
        rest = rest.replace(&format!("\"{old}\""), &format!("\"{new}\""));
    }
    format!("{heading}\n{}\n{rest}", "-".repeat(heading.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitting_the_seed_finds_its_sections() {
        let (title, sections) = split(SEED);
        assert!(title.contains("QEMU Monitor Protocol Events"));
        assert_eq!(sections.len(), 15);
        let rebuilt: String = std::iter::once(title)
            .chain(sections.iter().map(|s| s.body))
            .collect();
        assert_eq!(rebuilt, SEED);
    }

    #[test]
    fn synthetic_documents_are_free_of_errors_and_of_the_asked_size() {
        let text = synthetic(100_000);
        assert!(
            text.len() >= 100_000 && text.len() < 101_000,
            "{}",
            text.len()
        );
        let document = qmp_schema::Document::from_text("synthetic.txt", &text);
        let errors: Vec<String> = document
            .report
            .errors()
            .map(|d| d.message.clone())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        let events = document.schema.events().count();
        assert!(events > 16 * 9, "{events}");
        assert!(
            document
                .schema
                .events()
                .any(|(name, _)| name.name == "BLOCK_IO_ERROR_3")
        );
    }
}
