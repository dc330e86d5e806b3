//! Documentation comments: the `##` blocks of a QAPI schema, read into their parts.
//!
//! The syntax is `qapi-code-gen.rst`'s "Documentation comments": a first line `@NAME:`
//! naming the definition documented (free-form blocks start otherwise, often with a
//! `= Heading`); an overview; `@member:` descriptions whose further lines are indented;
//! `Features:` followed by `@feature:` descriptions; tagged sections (`Since:`,
//! `Returns:`, `Errors:`, `TODO:`, and before QEMU 9.1 `Example:`, `Examples:`, `Note:`,
//! `Notes:`); and since 9.1 the rST directives `.. qmp-example::` (with `:title:` and
//! `:annotated:` options) and `.. note::` / `.. admonition::`.
//!
//! Older schemas are less regular (descriptions continue on lines that are not
//! indented, the name may lack its colon): what can be read is read. QEMU's rules for
//! the form of a doc comment are checked by `rules/doc_comments.rs`, not here.

use super::syntax::DocComment;

/// A documentation comment, read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doc<'a> {
    /// The name after `@` on the first line, for a definition's documentation.
    pub symbol: Option<&'a str>,
    /// The overview and any plain text after the member descriptions, as rST lines
    /// (blank lines between paragraphs).
    pub description: String,
    /// `@member:` descriptions, in order.
    pub members: Vec<Described<'a>>,
    /// `@feature:` descriptions under `Features:`.
    pub features: Vec<Described<'a>>,
    /// The `Since:` text (`1.1`).
    pub since: Option<String>,
    /// The `Returns:` section, as rST lines.
    pub returns: String,
    /// The `Errors:` section, as rST lines.
    pub errors: String,
    /// The line of the first `Returns:` section, if any.
    pub returns_at: Option<&'a str>,
    /// The line of the first `Errors:` section, if any.
    pub errors_at: Option<&'a str>,
    /// Notes: `Note:` sections and `.. note::` / `.. admonition::` directives, each with
    /// its first line.
    pub notes: Vec<(String, &'a str)>,
    /// Example sections and `.. qmp-example::` directives, in order.
    pub examples: Vec<ExampleBlock<'a>>,
}

/// An `@name: text` description.
#[derive(Debug, Clone, PartialEq)]
pub struct Described<'a> {
    /// The name, a slice of the file (so that a warning can point at it).
    pub name: &'a str,
    /// The description, as rST lines.
    pub text: String,
}

/// The lines of one example section or directive.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleBlock<'a> {
    /// The title (`:title:`), or the words after `Example:` on its line.
    pub title: Option<String>,
    /// The lines of the example, slices of the file.
    pub lines: Vec<&'a str>,
}

/// What a line of the block belongs to while it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The overview, or plain text elsewhere.
    Description,
    /// The `@member:` description at this index.
    Member(usize),
    /// The `@feature:` description at this index.
    Feature(usize),
    /// `Features:` read, no feature description yet.
    FeaturesHeading,
    /// `Since:`
    Since,
    /// `Returns:`
    Returns,
    /// `Errors:`
    Errors,
    /// `TODO:` and other sections nothing has a use for.
    Ignored,
    /// A note, at this index of `notes`.
    Note(usize),
    /// An example, at this index of `examples`.
    Example(usize),
}

/// The section tags, as `qapi-code-gen.rst` and older releases spell them.
const TAGS: &[&str] = &[
    "Since", "Returns", "Errors", "TODO", "Example", "Examples", "Note", "Notes",
];

/// Reads a doc comment.
pub fn read<'a>(comment: &DocComment<'a>) -> Doc<'a> {
    read_with(comment, false)
}

/// Reads only what every doc comment is read for: the name it documents and the names
/// of the members and features it describes (their texts stay empty). A schema has
/// thousands of doc comments, and its events reach the definitions of a few dozen:
/// those are read whole, when they are reached.
pub fn outline<'a>(comment: &DocComment<'a>) -> Doc<'a> {
    read_with(comment, true)
}

fn read_with<'a>(comment: &DocComment<'a>, outline: bool) -> Doc<'a> {
    let mut reader = Reader {
        outline,
        ..Reader::default()
    };
    let mut lines = comment.lines.iter().copied();
    if let Some(first) = lines.next() {
        reader.first_line(first);
    }
    for line in lines {
        reader.line(line);
    }
    reader.finish()
}

#[derive(Default)]
struct Reader<'a> {
    /// Whether only the outline is read (see [`outline`]).
    outline: bool,
    doc: Doc<'a>,
    part: Option<Part>,
    /// Lines of the description, of each member and feature, of the since section and
    /// of each note, gathered before they are joined.
    description: Vec<&'a str>,
    members: Vec<Vec<&'a str>>,
    features: Vec<Vec<&'a str>>,
    since: Vec<&'a str>,
    returns: Vec<&'a str>,
    errors: Vec<&'a str>,
    notes: Vec<Vec<&'a str>>,
    /// Whether the previous line was blank (a new paragraph starts).
    after_blank: bool,
    /// The indentation of the directive the current part began with, if it did: its
    /// body is every line indented deeper (or blank).
    directive_indent: Option<usize>,
}

impl<'a> Reader<'a> {
    fn first_line(&mut self, line: &'a str) {
        let Some(rest) = line.strip_prefix('@') else {
            // Free-form documentation (a heading and its text): nothing an event needs.
            self.part = Some(Part::Ignored);
            return;
        };
        let name_end = rest
            .find(|c: char| c == ':' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        let after = &rest[name_end..];
        if name.is_empty() {
            self.part = Some(Part::Ignored);
            return;
        }
        self.doc.symbol = Some(name);
        if let Some(text) = after
            .strip_prefix(':')
            .filter(|text| !text.trim().is_empty())
        {
            // Old schemas put the overview's first words here.
            self.description.push(text.trim());
        }
        self.part = Some(Part::Description);
    }

    fn line(&mut self, line: &'a str) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            self.push_to_part(line);
            self.after_blank = true;
            return;
        }
        let indent = line.len() - trimmed.len();
        if let Some(directive_indent) = self.directive_indent {
            if indent > directive_indent {
                self.push_to_part(line);
                self.after_blank = false;
                return;
            }
            self.directive_indent = None;
            self.part = Some(Part::Description);
        }
        if indent == 0 && self.starts_part(line) {
            self.after_blank = false;
            return;
        }
        // A line on the margin after a blank line ends a description or tagged section
        // (their further paragraphs are indented); it is plain text again. Examples
        // written as sections run to the next section whatever their layout.
        let continues = match self.part {
            Some(Part::Example(_) | Part::Ignored | Part::Description) | None => true,
            Some(_) => indent > 0 || !self.after_blank,
        };
        if !continues {
            self.part = Some(Part::Description);
        }
        self.push_to_part(line);
        self.after_blank = false;
    }

    /// Starts a new part if the line (on the margin) opens one.
    fn starts_part(&mut self, line: &'a str) -> bool {
        if let Some(rest) = line.strip_prefix('@') {
            return self.description_line(rest);
        }
        if line.trim_end() == "Features:" {
            self.part = Some(Part::FeaturesHeading);
            return true;
        }
        if let Some(directive) = line.strip_prefix(".. ") {
            return self.directive(line, directive);
        }
        // QEMU's own checker takes these as plain text, so they are no mistake to
        // report; the version is worth keeping.
        if let Some(version) = since_without_colon(line) {
            self.part = Some(Part::Since);
            self.since.push(version);
            return true;
        }
        let Some((tag, rest)) = line.split_once(':') else {
            return false;
        };
        if !TAGS.contains(&tag) {
            return false;
        }
        let rest = rest.trim();
        match tag {
            "Since" => {
                self.part = Some(Part::Since);
                if !rest.is_empty() {
                    self.since.push(rest);
                }
            }
            "Returns" | "Errors" => {
                let (part, at) = if tag == "Returns" {
                    (Part::Returns, &mut self.doc.returns_at)
                } else {
                    (Part::Errors, &mut self.doc.errors_at)
                };
                at.get_or_insert(line);
                self.part = Some(part);
                if !rest.is_empty() {
                    self.push_to_part(rest);
                }
            }
            "Example" | "Examples" => {
                self.doc.examples.push(ExampleBlock {
                    title: (!rest.is_empty()).then(|| rest.to_owned()),
                    lines: Vec::new(),
                });
                self.part = Some(Part::Example(self.doc.examples.len() - 1));
            }
            "Note" | "Notes" => {
                self.notes.push(if rest.is_empty() {
                    Vec::new()
                } else {
                    vec![rest]
                });
                self.doc.notes.push((String::new(), line));
                self.part = Some(Part::Note(self.notes.len() - 1));
            }
            _ => self.part = Some(Part::Ignored),
        }
        true
    }

    /// `@name: text`: a member's description, or a feature's under `Features:`.
    fn description_line(&mut self, rest: &'a str) -> bool {
        let Some((name, text)) = rest.split_once(':') else {
            return false;
        };
        if name.is_empty() || name.contains(char::is_whitespace) {
            return false;
        }
        let name = &rest[..name.len()];
        let first = if text.trim().is_empty() {
            Vec::new()
        } else {
            vec![text.trim_start()]
        };
        let described = Described {
            name,
            text: String::new(),
        };
        match self.part {
            Some(Part::FeaturesHeading | Part::Feature(_)) => {
                self.doc.features.push(described);
                self.features.push(first);
                self.part = Some(Part::Feature(self.features.len() - 1));
            }
            _ => {
                self.doc.members.push(described);
                self.members.push(first);
                self.part = Some(Part::Member(self.members.len() - 1));
            }
        }
        true
    }

    /// `.. name:: argument` on the margin.
    fn directive(&mut self, line: &'a str, directive: &'a str) -> bool {
        let Some((name, argument)) = directive.split_once("::") else {
            return false;
        };
        let argument = argument.trim();
        match name.trim() {
            "qmp-example" => {
                self.doc.examples.push(ExampleBlock {
                    title: None,
                    lines: Vec::new(),
                });
                self.part = Some(Part::Example(self.doc.examples.len() - 1));
            }
            "note" | "admonition" | "caution" | "warning" | "important" | "tip" | "hint"
            | "attention" | "danger" | "error" => {
                self.notes.push(if argument.is_empty() {
                    Vec::new()
                } else {
                    vec![argument]
                });
                self.doc.notes.push((String::new(), line));
                self.part = Some(Part::Note(self.notes.len() - 1));
            }
            _ => return false,
        }
        self.directive_indent = Some(0);
        true
    }

    fn push_to_part(&mut self, line: &'a str) {
        if self.outline {
            return;
        }
        match self.part {
            Some(Part::Description) | None => self.description.push(line),
            Some(Part::Member(index)) => push_at(&mut self.members, index, line),
            Some(Part::Feature(index)) => push_at(&mut self.features, index, line),
            Some(Part::Since) => self.since.push(line),
            Some(Part::Returns) => self.returns.push(line),
            Some(Part::Errors) => self.errors.push(line),
            Some(Part::Note(index)) => push_at(&mut self.notes, index, line),
            Some(Part::Example(index)) => {
                if let Some(example) = self.doc.examples.get_mut(index) {
                    // A directive's options come first: `:title:` names the example.
                    if let Some(title) = line.trim_start().strip_prefix(":title:") {
                        example.title = Some(title.trim().to_owned());
                    } else if line.trim_start() != ":annotated:" {
                        example.lines.push(line);
                    }
                }
            }
            Some(Part::FeaturesHeading | Part::Ignored) => {}
        }
    }

    fn finish(mut self) -> Doc<'a> {
        if self.outline {
            return self.doc;
        }
        self.doc.description = join_lines(&self.description);
        for (described, lines) in self.doc.members.iter_mut().zip(&self.members) {
            described.text = without_optional_marker(&join_lines(lines)).to_owned();
        }
        for (described, lines) in self.doc.features.iter_mut().zip(&self.features) {
            described.text = join_lines(lines);
        }
        self.doc.returns = join_lines(&self.returns);
        self.doc.errors = join_lines(&self.errors);
        for ((note, _), lines) in self.doc.notes.iter_mut().zip(&self.notes) {
            *note = join_lines(lines);
        }
        let since = join_lines(&self.since);
        let since = since
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .trim_end_matches('.');
        self.doc.since = (!since.is_empty()).then(|| since.to_owned());
        self.doc
    }
}

/// A description without the `#optional` that schemas before QEMU 2.10 put first in
/// an optional member's description (the `*` of its name says it already).
fn without_optional_marker(text: &str) -> &str {
    match text.strip_prefix("#optional") {
        Some(rest) => rest.trim_start_matches([',', ':']).trim_start(),
        None => text,
    }
}

/// The version of a `Since 2.6` line, as schemas sometimes write the section (2.x often,
/// 10.0 still once): the word and a version, nothing else.
fn since_without_colon(line: &str) -> Option<&str> {
    let version = line.strip_prefix("Since ")?.trim();
    let looks_like_a_version = version.starts_with(|c: char| c.is_ascii_digit())
        && version
            .trim_end_matches('.')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.');
    looks_like_a_version.then_some(version)
}

fn push_at<'a>(lists: &mut [Vec<&'a str>], index: usize, line: &'a str) {
    if let Some(list) = lists.get_mut(index) {
        list.push(line);
    }
}

/// Lines as text: the common indentation of all lines but the first removed (a
/// description's first line follows its `@name:`), blank lines at either end dropped.
pub fn join_lines(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            if index == 0 {
                line.trim()
            } else {
                line.get(indent..).unwrap_or(line.trim_start()).trim_end()
            }
        })
        .collect();
    while out.last().is_some_and(|line| line.is_empty()) {
        out.pop();
    }
    let start = out
        .iter()
        .position(|line| !line.is_empty())
        .unwrap_or(out.len());
    out[start..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(lines: &[&'static str]) -> Doc<'static> {
        let comment = DocComment {
            start: "##",
            text: "",
            lines: lines.to_vec(),
        };
        read(&comment)
    }

    #[test]
    fn members_features_since_and_overview() {
        let doc = doc(&[
            "@BLOCK_IO_ERROR:",
            "",
            "Emitted when a disk I/O error occurs",
            "",
            "@device: device name.  This is always present for",
            "    compatibility reasons",
            "",
            "@nospace: true if I/O error was caused due to a no-space",
            "    condition.",
            "",
            "Features:",
            "",
            "@deprecated: Member @device is deprecated.",
            "",
            "Since: 0.13",
        ]);
        assert_eq!(doc.symbol, Some("BLOCK_IO_ERROR"));
        assert_eq!(doc.description, "Emitted when a disk I/O error occurs");
        assert_eq!(doc.members.len(), 2);
        assert_eq!(doc.members[0].name, "device");
        assert_eq!(
            doc.members[0].text,
            "device name.  This is always present for\ncompatibility reasons"
        );
        assert_eq!(doc.features[0].name, "deprecated");
        assert_eq!(doc.since.as_deref(), Some("0.13"));
    }

    #[test]
    fn qmp_example_directive_with_title() {
        let doc = doc(&[
            "@STOP:",
            "",
            "Emitted when the virtual machine is stopped",
            "",
            "Since: 0.12",
            "",
            ".. qmp-example::",
            "   :title: Stopping",
            "",
            "    <- { \"event\": \"STOP\",",
            "         \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }",
        ]);
        assert_eq!(doc.examples.len(), 1);
        assert_eq!(doc.examples[0].title.as_deref(), Some("Stopping"));
        assert_eq!(
            doc.examples[0]
                .lines
                .iter()
                .filter(|l| !l.trim().is_empty())
                .count(),
            2
        );
        assert_eq!(doc.since.as_deref(), Some("0.12"));
    }

    #[test]
    fn old_example_and_note_sections() {
        let doc = doc(&[
            "@RESUME:",
            "",
            "Emitted when the virtual machine resumes execution",
            "",
            "Note: This event is rate-limited.",
            "",
            "Since: 0.12.0",
            "",
            "Example:",
            "",
            "<- { \"event\": \"RESUME\",",
            "     \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }",
        ]);
        assert_eq!(doc.notes[0].0, "This event is rate-limited.");
        assert_eq!(doc.examples[0].lines.len(), 3);
        assert_eq!(doc.since.as_deref(), Some("0.12.0"));
    }

    #[test]
    fn old_descriptions_continue_on_the_margin() {
        let doc = doc(&[
            "@X:",
            "",
            "@device: the device name, which",
            "is continued here",
            "",
            "A plain paragraph.",
        ]);
        assert_eq!(
            doc.members[0].text,
            "the device name, which\nis continued here"
        );
        assert_eq!(doc.description, "A plain paragraph.");
    }

    #[test]
    fn note_directive_and_text_after_it() {
        let doc = doc(&[
            "@X:",
            "",
            ".. note:: If action is \"stop\", a STOP event will eventually",
            "   follow.",
            "",
            "Since: 1.0",
        ]);
        assert_eq!(
            doc.notes[0].0,
            "If action is \"stop\", a STOP event will eventually\nfollow."
        );
        assert_eq!(doc.since.as_deref(), Some("1.0"));
    }

    #[test]
    fn the_optional_marker_of_old_schemas_is_dropped() {
        let doc = doc(&[
            "@X:",
            "",
            "@device: #optional, device name",
            "",
            "@id: #optional id",
        ]);
        assert_eq!(doc.members[0].text, "device name");
        assert_eq!(doc.members[1].text, "id");
    }

    #[test]
    fn since_without_its_colon_is_read() {
        let comment = DocComment {
            start: "##",
            text: "",
            lines: vec!["@X:", "", "Text.", "", "Since 2.6"],
        };
        let doc = read(&comment);
        assert_eq!(doc.since.as_deref(), Some("2.6"));
        assert_eq!(doc.description, "Text.");
        let comment = DocComment {
            start: "##",
            text: "",
            lines: vec!["@X:", "", "Since the guest asked, it stops."],
        };
        assert_eq!(read(&comment).since, None);
    }

    #[test]
    fn a_name_without_its_colon_still_names_the_definition() {
        let comment = DocComment {
            start: "##",
            text: "",
            lines: vec!["@SHUTDOWN", "", "text"],
        };
        assert_eq!(read(&comment).symbol, Some("SHUTDOWN"));
    }
}
