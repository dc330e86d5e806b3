//! The form of one doc comment, as QEMU 10's `parser.py` reads it (`get_doc`): the
//! lines of a comment, after its first, are parts. A definition's comment has
//! descriptions (`@member: text`, then indented lines), a `Features:` line and its
//! feature descriptions, tagged sections (`Returns:`, `Errors:`, `Since:`, `TODO:`, and
//! before 9.1 `Note:` and `Example:`) and plain paragraphs; a free-form comment has text
//! and, first, an `=` heading.
//!
//! Everything here is a warning: QEMU's older releases wrote doc comments in older forms
//! (QEMU did not check them before 2.9), and what is irregular is still read by `doc.rs`.
//! The `Note:` and `Example:` sections QEMU 9.1 dropped are not warned about, as every
//! release before used them. QEMU's checks on the lines of a comment (`#` and a space,
//! the closing `##`) are the syntax layer's.

use super::super::Reading;
use super::super::syntax::DocComment;

/// Warns about what QEMU 10 would refuse in the form of `comment`. Returns whether the
/// comment has a `Note:` or `Example:` section, which only releases before 9.1 wrote.
pub fn check(comment: &DocComment<'_>, cx: &mut Reading<'_>) -> bool {
    let Some((first, rest)) = comment.lines.split_first() else {
        return false;
    };
    match first.strip_prefix('@') {
        Some(symbol) => {
            symbol_line(first, symbol, cx);
            let mut definition = Definition::default();
            definition.read(rest, cx);
            definition.tags.contains(&Tag::Old)
        }
        None => {
            free_form(&comment.lines, cx);
            false
        }
    }
}

/// `@NAME:`, alone on the first line.
fn symbol_line(line: &str, symbol: &str, cx: &mut Reading<'_>) {
    if symbol.is_empty() || symbol.starts_with(':') {
        cx.warning(
            line,
            "a name is needed after '@' on a doc comment's first line",
        );
        return;
    }
    let name_end = symbol
        .find(|c: char| c == ':' || c.is_whitespace())
        .unwrap_or(symbol.len());
    let name = &symbol[..name_end];
    match symbol[name_end..].strip_prefix(':') {
        None => cx.warning(
            name,
            format!("'@{name}' should be followed by ':' on a doc comment's first line"),
        ),
        Some(text) if !text.trim().is_empty() => cx.warning(
            text.trim(),
            format!(
                "the first line of a doc comment is '@{name}:' alone; the text after it \
                 belongs on the lines that follow"
            ),
        ),
        Some(_) => {}
    }
}

/// Free-form documentation has no member descriptions. (QEMU 10 also wants an `=`
/// heading first in its comment; QEMU 2.9 to 8.x split a comment at each heading, and
/// their schemas have headings further down, so that is not warned about.)
fn free_form(lines: &[&str], cx: &mut Reading<'_>) {
    for line in lines {
        if let Some(name) = description(line) {
            cx.warning(
                line,
                format!(
                    "'@{name}:' describes a member, which free-form documentation (a doc \
                     comment that does not start with '@NAME:') cannot"
                ),
            );
        }
    }
}

/// The kinds of tagged sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Returns,
    Errors,
    Since,
    Todo,
    /// `Note:`, `Notes:`, `Example:`, `Examples:`: sections until QEMU 9.1.
    Old,
}

impl Tag {
    fn name(self) -> &'static str {
        match self {
            Tag::Returns => "Returns",
            Tag::Errors => "Errors",
            Tag::Since => "Since",
            Tag::Todo => "TODO",
            Tag::Old => "",
        }
    }
}

/// What has been read of a definition's doc comment.
#[derive(Default)]
struct Definition<'a> {
    /// The members described.
    members: Vec<&'a str>,
    /// The features described.
    features: Vec<&'a str>,
    /// Whether a `Features:` line was read.
    features_line: bool,
    /// The tagged sections read.
    tags: Vec<Tag>,
    /// Whether a description may still come (none after features or sections).
    closed: bool,
}

impl<'a> Definition<'a> {
    /// Reads the lines after the first, part by part.
    fn read(&mut self, lines: &[&'a str], cx: &mut Reading<'_>) {
        let mut at = 0;
        while at < lines.len() {
            let line = lines[at];
            if line.is_empty() {
                at += 1;
            } else if line == "Features:" {
                at = self.features_part(lines, at, cx);
            } else if description(line).is_some() {
                if self.closed {
                    let name = description(line).unwrap_or_default();
                    cx.warning(
                        line,
                        format!(
                            "the description of '@{name}:' follows a section; member \
                             descriptions come first, then 'Features:', then sections"
                        ),
                    );
                }
                while let Some(name) = lines.get(at).and_then(|line| description(line)) {
                    self.describe_member(lines[at], name, cx);
                    at = indented(lines, at, cx).0;
                }
                self.closed = true;
            } else if let Some((tag, text)) = tagged(line) {
                at = self.section(lines, at, tag, text, cx);
            } else if line.starts_with('=') {
                cx.warning(
                    line,
                    "an '=' heading belongs in free-form documentation, not in a \
                     definition's doc comment",
                );
                at += 1;
            } else {
                // A plain paragraph, to the next blank line.
                while lines.get(at).is_some_and(|line| !line.is_empty()) {
                    at += 1;
                }
            }
        }
    }

    /// `Features:` and the feature descriptions that follow; returns where reading goes on.
    fn features_part(&mut self, lines: &[&'a str], at: usize, cx: &mut Reading<'_>) -> usize {
        let heading = lines[at];
        if self.features_line {
            cx.warning(heading, "'Features:' is written twice in one doc comment");
        }
        self.features_line = true;
        let mut at = at + 1;
        while lines.get(at).is_some_and(|line| line.is_empty()) {
            at += 1;
        }
        let mut described = false;
        while let Some(name) = lines.get(at).and_then(|line| description(line)) {
            let line = lines[at];
            if name.is_empty() {
                cx.warning(line, "a feature description needs a name after '@'");
            } else if self.features.contains(&name) {
                cx.warning(line, format!("feature '{name}' is described twice"));
            }
            self.features.push(name);
            described = true;
            at = indented(lines, at, cx).0;
        }
        if !described {
            let after = lines.get(at).copied().unwrap_or(heading);
            cx.warning(
                after,
                "'Features:' must be followed by feature descriptions",
            );
        }
        self.closed = true;
        at
    }

    fn describe_member(&mut self, line: &'a str, name: &'a str, cx: &mut Reading<'_>) {
        if name.is_empty() {
            cx.warning(line, "a member description needs a name after '@'");
        } else if self.members.contains(&name) {
            cx.warning(line, format!("member '{name}' is described twice"));
        }
        self.members.push(name);
    }

    /// A tagged section; returns where reading goes on.
    fn section(
        &mut self,
        lines: &[&'a str],
        at: usize,
        tag: Tag,
        text: &str,
        cx: &mut Reading<'_>,
    ) -> usize {
        let line = lines[at];
        if matches!(tag, Tag::Returns | Tag::Errors | Tag::Since) && self.tags.contains(&tag) {
            cx.warning(
                line,
                format!("'{}:' is written twice in one doc comment", tag.name()),
            );
        }
        self.tags.push(tag);
        let (next, has_text) = indented(lines, at, cx);
        if tag != Tag::Old && text.trim().is_empty() && !has_text {
            cx.warning(
                line,
                format!(
                    "'{}:' needs text after it, on its line or on indented lines below",
                    tag.name()
                ),
            );
        }
        self.closed = true;
        next
    }
}

/// The lines that continue the part starting at `at`: blank lines, then lines indented
/// like the first non-blank one (QEMU's `get_doc_indented`). Returns where the part
/// ends, and whether it has text beyond its first line.
///
/// Releases before QEMU 8.2 also continued a part on the margin, on the very next line:
/// such lines continue it here too (QEMU 10 would take them for a paragraph, and a
/// description after it for one that follows a section).
fn indented(lines: &[&str], at: usize, cx: &mut Reading<'_>) -> (usize, bool) {
    let next = at + 1;
    let mut at = next;
    while lines.get(at).is_some_and(|line| line.is_empty()) {
        at += 1;
    }
    let Some(first) = lines.get(at) else {
        return (at, false);
    };
    let mut indent = indentation(first);
    if indent == 0 {
        if at != next || starts_part(first) {
            return (at, false);
        }
        while lines
            .get(at)
            .is_some_and(|line| !line.is_empty() && !starts_part(line))
        {
            at += 1;
        }
        while lines.get(at).is_some_and(|line| line.is_empty()) {
            at += 1;
        }
        return (at, true);
    }
    at += 1;
    // QEMU holds a line to the indentation only right after the first indented one; it
    // ends the part at a shallower line further down. So does this, but for a paragraph
    // still indented after a blank line: releases before 4.0 indented a description's
    // further paragraphs less than its first.
    let mut first_continuation = true;
    while let Some(line) = lines.get(at) {
        if description(line).is_some() {
            break;
        }
        let after_blank = lines.get(at - 1).is_some_and(|line| line.is_empty());
        if !line.is_empty() && indentation(line) < indent {
            // A new section right after: older releases wrote no blank line before it.
            if starts_part(line) {
                break;
            }
            if after_blank && indentation(line) > 0 {
                indent = indentation(line);
                at += 1;
                continue;
            }
            if first_continuation {
                cx.warning(
                    line,
                    format!(
                        "this line is indented less than the line before it ({indent} \
                         spaces), which continues the same part"
                    ),
                );
            }
            break;
        }
        first_continuation = false;
        at += 1;
    }
    (at, true)
}

/// Whether a line on the margin starts a part of its own.
fn starts_part(line: &str) -> bool {
    description(line).is_some()
        || line == "Features:"
        || tagged(line).is_some()
        || line.starts_with('=')
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The name of a description line, `@name: text` (QEMU: `@([^:]*): *`).
fn description(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('@')?;
    let end = rest.find(':')?;
    Some(&rest[..end])
}

/// A tagged section's line: its tag and the text after it.
fn tagged(line: &str) -> Option<(Tag, &str)> {
    let (word, rest) = line.split_once(':')?;
    if rest.starts_with(':') {
        // `Note::` is rST markup, not a section.
        return None;
    }
    let tag = match word {
        "Returns" => Tag::Returns,
        "Errors" => Tag::Errors,
        "Since" => Tag::Since,
        "TODO" => Tag::Todo,
        "Note" | "Notes" | "Example" | "Examples" => Tag::Old,
        _ => return None,
    };
    Some((tag, rest))
}
