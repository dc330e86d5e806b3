//! Lists: bullet lists, enumerated lists and field lists, and the bodies of their items.

use super::ast::{Block, Inline, List, ListKind, labelled, text};
use super::blocks::BlockParser;
use super::enumerators::{Enumerator, Format, Sequence, enumerator, enumerator_label};
use super::lines::{Line, dedent, indented_end, skip_blank, with_first_line};

impl BlockParser<'_> {
    /// The body of a list item or field: the text after its marker, then the lines
    /// indented under it (with their own common indentation removed, as docutils does).
    pub(super) fn item_body(&self, first: &str, rest: &[Line<'_>], depth: usize) -> Vec<Block> {
        self.blocks(&with_first_line(first, &dedent(rest)), depth + 1)
    }

    /// The items from line `at` on that start at `base` with what `marker` reads (a
    /// label and the text after it), each with the lines indented under it; and the
    /// index after the last item.
    fn marked_items<'a, L>(
        &self,
        lines: &[Line<'a>],
        at: usize,
        base: usize,
        depth: usize,
        marker: impl Fn(&'a str) -> Option<(L, &'a str)>,
    ) -> (Vec<(L, Vec<Block>)>, usize) {
        let mut items = Vec::new();
        let mut at = at;
        let mut end = at;
        while at < lines.len() && lines[at].indent == base {
            let Some((label, first)) = marker(lines[at].text) else {
                break;
            };
            end = indented_end(lines, at + 1, base).max(at + 1);
            items.push((label, self.item_body(first, &lines[at + 1..end], depth)));
            at = skip_blank(lines, end);
        }
        (items, end)
    }

    pub(super) fn bullet_list(
        &self,
        lines: &[Line<'_>],
        at: usize,
        base: usize,
        marker: char,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> usize {
        let (items, end) = self.marked_items(lines, at, base, depth, |text| {
            bullet(text).filter(|(this, _)| *this == marker)
        });
        out.push(Block::List(List {
            kind: ListKind::Bullet,
            items: items.into_iter().map(|(_, body)| body).collect(),
        }));
        end
    }

    pub(super) fn enumerated_list(
        &self,
        lines: &[Line<'_>],
        at: usize,
        base: usize,
        first: Enumerator<'_>,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> usize {
        let sequence = first.sequence;
        let format = first.format;
        let start = if sequence == Sequence::Auto {
            1
        } else {
            first.ordinal
        };
        let mut items = Vec::new();
        let mut ordinal = start;
        let mut current = Some(first);
        let mut end = at;
        let mut at = at;
        while let Some(item) = current {
            end = indented_end(lines, at + 1, base).max(at + 1);
            let body = self.item_body(item.rest, &lines[at + 1..end], depth);
            items.push((ordinal, body));
            at = skip_blank(lines, end);
            current = None;
            if at < lines.len()
                && lines[at].indent == base
                && let Some(next) = enumerator(lines[at].text, Some(sequence))
                && next.follows(sequence, format, ordinal)
            {
                current = Some(next);
                // An `#.` item after the largest number ends the count, not the list.
                ordinal = ordinal.saturating_add(1);
            }
        }
        // Markdown numbers lists with arabic numerals of up to nine digits; other lists
        // keep their enumerators as text at the start of bullet items.
        let numbered =
            matches!(sequence, Sequence::Arabic | Sequence::Auto) && ordinal < 1_000_000_000;
        let kind = if numbered {
            ListKind::Ordered {
                start,
                delimiter: if format == Format::Period { '.' } else { ')' },
            }
        } else {
            ListKind::Bullet
        };
        let items = items
            .into_iter()
            .map(|(ordinal, body)| {
                if numbered {
                    body
                } else {
                    labelled(
                        vec![text(enumerator_label(sequence, format, ordinal))],
                        body,
                    )
                }
            })
            .collect();
        out.push(Block::List(List { kind, items }));
        end
    }

    /// A field list (`:name: body`): each field a paragraph opening with its bold name.
    pub(super) fn field_list(
        &self,
        lines: &[Line<'_>],
        at: usize,
        base: usize,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> usize {
        let (fields, end) = self.marked_items(lines, at, base, depth, field_marker);
        for (name, body) in fields {
            let mut label = self.inlines(name);
            label.push(text(":"));
            out.extend(labelled(vec![Inline::Strong(label)], body));
        }
        end
    }
}

/// A bullet list item's marker and the text after it.
pub(super) fn bullet(text: &str) -> Option<(char, &str)> {
    let mut chars = text.chars();
    let marker = chars.next()?;
    if !matches!(marker, '-' | '*' | '+' | '•' | '‣' | '⁃') {
        return None;
    }
    let rest = chars.as_str();
    if rest.is_empty() {
        return Some((marker, ""));
    }
    rest.starts_with(' ').then(|| (marker, rest.trim_start()))
}

/// `:name: text`: a field's name and the text after it.
pub(super) fn field_marker(text: &str) -> Option<(&str, &str)> {
    let after = text.strip_prefix(':')?;
    if after.starts_with([' ', ':']) {
        return None;
    }
    let mut escaped = false;
    for (index, c) in after.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            ':' => {
                let rest = &after[index + 1..];
                if rest.starts_with('`') {
                    // `:role:`text``: interpreted text, not a field.
                    return None;
                }
                if rest.is_empty() || rest.starts_with(' ') {
                    let name = &after[..index];
                    if name.is_empty() || name.ends_with(' ') {
                        return None;
                    }
                    return Some((name, rest.trim_start()));
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether an enumerator starts a list rather than a paragraph that happens to begin
/// like one ("A. Einstein was..."): as docutils decides, the next line must be blank,
/// indented, missing, or the next item.
pub(super) fn starts_enumerated_list(
    lines: &[Line<'_>],
    at: usize,
    base: usize,
    first: &Enumerator<'_>,
) -> bool {
    let Some(next) = lines.get(at + 1) else {
        return true;
    };
    if next.is_blank() || next.indent > base {
        return true;
    }
    enumerator(next.text, Some(first.sequence))
        .is_some_and(|second| second.follows(first.sequence, first.format, first.ordinal))
}
