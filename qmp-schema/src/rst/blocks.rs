//! Reading blocks: which construct a line starts, paragraphs, and line blocks.

use super::ast::{Block, Inline};
use super::enumerators::enumerator;
use super::inline::{InlineParser, Mode};
use super::lines::{Line, common_indent, indented_end, paragraph_end, run_end};
use super::lists::{bullet, field_marker, starts_enumerated_list};
use super::literal::{literal_block, text_block};
use super::tables::{is_grid_table_border, is_simple_table_border, table};
use super::targets::References;
use super::titles::{is_adornment, qapi_heading, section_title};

/// How deep lists, directives and indented blocks may nest before their content is
/// written as a plain paragraph: documentation nests two or three levels; the limit
/// bounds the recursion on hostile input.
const MAX_DEPTH: usize = 16;

/// Reads rST blocks from lines.
pub(super) struct BlockParser<'r> {
    pub(super) references: &'r References,
}

impl BlockParser<'_> {
    pub(super) fn blocks(&self, lines: &[Line<'_>], depth: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        self.push_blocks(lines, depth, &mut blocks);
        blocks
    }

    pub(super) fn push_blocks(&self, lines: &[Line<'_>], depth: usize, out: &mut Vec<Block>) {
        if depth > MAX_DEPTH {
            let texts: Vec<&str> = lines
                .iter()
                .filter(|line| !line.is_blank())
                .map(|line| line.text)
                .collect();
            if !texts.is_empty() {
                out.push(Block::Paragraph(self.inlines(&texts.join("\n"))));
            }
            return;
        }
        let base = common_indent(lines);
        let mut at = 0;
        while at < lines.len() {
            if lines[at].is_blank() {
                at += 1;
                continue;
            }
            let next = self.block(lines, at, base, depth, out);
            at = next.max(at + 1);
        }
    }

    /// Reads the block starting at line `at` (not blank); returns the index after it.
    fn block(
        &self,
        lines: &[Line<'_>],
        at: usize,
        base: usize,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> usize {
        let line = lines[at];
        if line.indent > base {
            // A block quote, or the definition under a term: Markdown has neither without
            // changing the look, so the content flows on at this level.
            let end = indented_end(lines, at, base);
            self.push_blocks(&lines[at..end], depth + 1, out);
            return end;
        }
        let text = line.text;
        if text == ".." || text.starts_with(".. ") {
            return self.explicit_markup(lines, at, base, depth, out);
        }
        if let Some((marker, _)) = bullet(text) {
            return self.bullet_list(lines, at, base, marker, depth, out);
        }
        if let Some(first) = enumerator(text, None)
            && starts_enumerated_list(lines, at, base, &first)
        {
            return self.enumerated_list(lines, at, base, first, depth, out);
        }
        if field_marker(text).is_some() {
            return self.field_list(lines, at, base, depth, out);
        }
        if text == "|" || text.starts_with("| ") {
            return self.line_block(lines, at, base, out);
        }
        if is_grid_table_border(text) || is_simple_table_border(text) {
            return table(lines, at, base, out);
        }
        if text == ">>>" || text.starts_with(">>> ") {
            // A doctest block.
            let end = paragraph_end(lines, at);
            out.push(text_block(&lines[at..end]));
            return end;
        }
        if let Some(title) = qapi_heading(text) {
            out.push(self.title(title));
            return at + 1;
        }
        if let Some((title, end)) = section_title(lines, at, base) {
            out.push(self.title(title));
            return end;
        }
        if is_adornment(text) && text.chars().count() >= 4 {
            out.push(Block::Rule);
            return at + 1;
        }
        self.paragraph(lines, at, base, out)
    }

    /// The inline pieces of a text.
    pub(super) fn inlines(&self, text: &str) -> Vec<Inline> {
        InlineParser::new(text, self.references, Mode::Full).parse()
    }

    /// A title, or what stands for one: a paragraph of its bold text.
    pub(super) fn title(&self, text: &str) -> Block {
        Block::Paragraph(vec![Inline::Strong(self.inlines(text))])
    }

    /// A paragraph, and the literal block its `::` introduces.
    fn paragraph(&self, lines: &[Line<'_>], at: usize, base: usize, out: &mut Vec<Block>) -> usize {
        let end = run_end(lines, at, |line| line.indent == base);
        let texts: Vec<&str> = lines[at..end].iter().map(|line| line.text).collect();
        let mut joined = texts.join("\n");
        let literal = joined.ends_with("::");
        if literal {
            let before = &joined[..joined.len() - 2];
            if before.is_empty() {
                joined.clear();
            } else if before.ends_with(char::is_whitespace) {
                // `text ::`: both colons go.
                joined.truncate(before.trim_end().len());
            } else {
                joined.pop();
            }
        }
        if !joined.is_empty() {
            out.push(Block::Paragraph(self.inlines(&joined)));
        }
        if !literal {
            return end;
        }
        match literal_block(lines, end, base) {
            Some((block, block_end)) => {
                out.push(block);
                block_end
            }
            None => end,
        }
    }

    /// A line block: `| ` lines, each kept as a line; indented lines continue the one
    /// before.
    fn line_block(
        &self,
        lines: &[Line<'_>],
        at: usize,
        base: usize,
        out: &mut Vec<Block>,
    ) -> usize {
        let mut texts: Vec<String> = Vec::new();
        let mut end = at;
        while end < lines.len() && !lines[end].is_blank() {
            let line = lines[end];
            if line.indent == base {
                let Some(rest) = line.text.strip_prefix('|') else {
                    break;
                };
                if !(rest.is_empty() || rest.starts_with(' ')) {
                    break;
                }
                texts.push(rest.trim().to_owned());
            } else if let Some(last) = texts.last_mut() {
                last.push(' ');
                last.push_str(line.text);
            }
            end += 1;
        }
        let parsed = texts
            .iter()
            .map(|line| {
                if line.is_empty() {
                    Vec::new()
                } else {
                    self.inlines(line)
                }
            })
            .collect();
        out.push(Block::Lines(parsed));
        end
    }
}
