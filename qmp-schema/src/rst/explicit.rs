//! Explicit markup (`..`): comments, footnotes and citations, and the start of a
//! directive.

use super::ast::{Block, Inline, labelled, text};
use super::blocks::BlockParser;
use super::lines::{Line, indented_end};

impl BlockParser<'_> {
    /// `..` at the start of a block: a directive, a hyperlink target, a footnote, a
    /// substitution definition or a comment.
    pub(super) fn explicit_markup(
        &self,
        lines: &[Line<'_>],
        at: usize,
        base: usize,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> usize {
        let text = lines[at].text;
        let rest = text[2..].trim_start();
        // An empty comment followed by a blank line does not take the indented block
        // after it.
        let end = if rest.is_empty() && lines.get(at + 1).is_none_or(Line::is_blank) {
            at + 1
        } else {
            indented_end(lines, at + 1, base).max(at + 1)
        };
        let body = &lines[at + 1..end];
        if rest.starts_with('_') || rest.starts_with('|') {
            // Targets and substitution definitions were collected beforehand.
            return end;
        }
        if let Some(label) = rest.strip_prefix('[').and_then(footnote_label) {
            let first = rest[label.len() + 2..].trim_start();
            let blocks = self.item_body(first, body, depth);
            out.extend(labelled(vec![text_of_label(label)], blocks));
            return end;
        }
        if let Some((name, argument)) = directive(rest) {
            self.directive(name, argument, body, depth, out);
        }
        end
    }
}

/// `name:: argument` after `.. `: a directive's name and the text after `::`.
fn directive(rest: &str) -> Option<(&str, &str)> {
    let mut from = 0;
    while let Some(offset) = rest[from..].find("::") {
        let colons = from + offset;
        let name = &rest[..colons];
        let after = &rest[colons + 2..];
        let valid_name = name.chars().next().is_some_and(|c| c.is_alphanumeric())
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '+' | '.'));
        if !valid_name {
            return None;
        }
        if after.is_empty() || after.starts_with(' ') {
            return Some((name, after.trim()));
        }
        from = colons + 1;
    }
    None
}

/// The label of a footnote or citation (`1`, `#`, `#name`, `*`, `CIT2002`) before the
/// `]` that closes it, followed by a space or the end of the line.
fn footnote_label(rest: &str) -> Option<&str> {
    let (label, after) = rest.split_once(']')?;
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    is_footnote_label(label).then_some(label)
}

/// Whether a footnote or citation label is one.
pub(super) fn is_footnote_label(label: &str) -> bool {
    let name = label.strip_prefix('#').unwrap_or(label);
    label == "*"
        || label == "#"
        || (!name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-')))
}

/// A footnote or citation label as text: `[1]`.
pub(super) fn text_of_label(label: &str) -> Inline {
    text(format!("[{label}]"))
}
