//! Writing Markdown: blocks, with blank lines between them, and lists.

use super::ast::{Block, Inline, List, ListKind};
use super::escape::{InlineWriter, backtick_runs};

/// The marker of the list last written, so that a list right after it gets the other
/// marker (Markdown would merge two adjacent lists with the same one).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Marker {
    Bullet(char),
    Ordered(char),
}

/// Writes blocks as lines; `parent` is the bullet of the list item they are in.
pub(super) fn write_blocks(blocks: &[Block], parent: Option<char>, out: &mut Vec<String>) {
    let mut previous = None;
    for block in blocks {
        let mut lines = Vec::new();
        let mut marker = None;
        match block {
            Block::Paragraph(inlines) => lines = paragraph_lines(inlines),
            Block::Lines(stanzas) => write_line_block(stanzas, &mut lines),
            Block::Code { language, text } => write_code(language, text, &mut lines),
            Block::List(list) => marker = Some(write_list(list, parent, previous, &mut lines)),
            // Not `---`, which a `- ` list marker before it would join.
            Block::Rule => lines.push("___".to_owned()),
        }
        if lines.is_empty() {
            continue;
        }
        previous = marker;
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(lines);
    }
}

fn paragraph_lines(inlines: &[Inline]) -> Vec<String> {
    let mut writer = InlineWriter::new();
    writer.inlines(inlines);
    writer
        .finish()
        .split('\n')
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

fn write_line_block(lines: &[Vec<Inline>], out: &mut Vec<String>) {
    for stanza in lines.split(Vec::is_empty) {
        let rendered: Vec<String> = stanza
            .iter()
            .map(|line| paragraph_lines(line).join(" "))
            .filter(|line| !line.is_empty())
            .collect();
        if rendered.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(String::new());
        }
        let last = rendered.len() - 1;
        for (index, line) in rendered.into_iter().enumerate() {
            // A backslash at the end of a line is a hard line break.
            out.push(if index < last { line + "\\" } else { line });
        }
    }
}

fn write_code(language: &str, text: &str, out: &mut Vec<String>) {
    if text.trim().is_empty() {
        return;
    }
    let longest = backtick_runs(text).into_iter().max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    out.push(format!("{fence}{language}"));
    out.extend(text.split('\n').map(str::to_owned));
    out.push(fence);
}

fn write_list(
    list: &List,
    parent: Option<char>,
    previous: Option<Marker>,
    out: &mut Vec<String>,
) -> Marker {
    let marker = match list.kind {
        // Not the bullet of the list just before (Markdown would merge the two lists),
        // nor that of the item around (`- - -` would be a thematic break).
        ListKind::Bullet => {
            let bullet = ['-', '*', '+']
                .into_iter()
                .find(|&c| Some(c) != parent && previous != Some(Marker::Bullet(c)));
            Marker::Bullet(bullet.unwrap_or('-'))
        }
        ListKind::Ordered { delimiter, .. } => {
            let other = if delimiter == '.' { ')' } else { '.' };
            Marker::Ordered(if previous == Some(Marker::Ordered(delimiter)) {
                other
            } else {
                delimiter
            })
        }
    };
    let tight = list.items.iter().all(|item| is_tight_item(item));
    let bullet = match marker {
        Marker::Bullet(c) => Some(c),
        Marker::Ordered(_) => None,
    };
    for (index, item) in list.items.iter().enumerate() {
        let prefix = match (marker, list.kind) {
            (Marker::Ordered(delimiter), ListKind::Ordered { start, .. }) => {
                format!("{}{delimiter} ", start.saturating_add(index as u64))
            }
            (Marker::Bullet(c) | Marker::Ordered(c), _) => format!("{c} "),
        };
        let mut lines = Vec::new();
        if tight {
            for block in item {
                let mut block_lines = Vec::new();
                write_blocks(std::slice::from_ref(block), bullet, &mut block_lines);
                // An empty item under a paragraph line would underline it as a heading.
                if !lines.is_empty() && block_lines.first().is_some_and(|line| is_bare_marker(line))
                {
                    lines.push(String::new());
                }
                lines.extend(block_lines);
            }
        } else {
            write_blocks(item, bullet, &mut lines);
        }
        if !tight && index > 0 {
            out.push(String::new());
        }
        let indent = " ".repeat(prefix.len());
        let mut lines = lines.into_iter();
        match lines.next() {
            Some(first) => out.push(format!("{prefix}{first}")),
            None => out.push(prefix.trim_end().to_owned()),
        }
        for line in lines {
            out.push(if line.is_empty() {
                line
            } else {
                format!("{indent}{line}")
            });
        }
    }
    marker
}

/// Whether a line is a list marker alone: an empty item.
fn is_bare_marker(line: &str) -> bool {
    let marker = line.trim_end_matches([')', '.']);
    matches!(line, "-" | "*" | "+")
        || (marker.len() < line.len()
            && !marker.is_empty()
            && marker.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether an item can be written without blank lines: one block, or a paragraph and
/// a list that may start right under it.
fn is_tight_item(item: &[Block]) -> bool {
    match item {
        [] | [_] => true,
        [Block::Paragraph(_), Block::List(list)] => list.interrupts_paragraph(),
        _ => false,
    }
}
