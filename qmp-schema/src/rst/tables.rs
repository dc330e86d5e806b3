//! Tables, grid and simple: kept as laid out, in a text block.

use super::ast::Block;
use super::lines::{Line, paragraph_end, run_end};
use super::literal::text_block;

/// `+---+---+`: a border of a grid table.
pub(super) fn is_grid_table_border(text: &str) -> bool {
    text.len() >= 3
        && text.starts_with('+')
        && text.ends_with('+')
        && text.contains(['-', '='])
        && text.chars().all(|c| matches!(c, '+' | '-' | '='))
}

/// `=====  =====`: at least two columns.
pub(super) fn is_simple_table_border(text: &str) -> bool {
    text.starts_with('=') && text.contains(' ') && text.chars().all(|c| c == '=' || c == ' ')
}

/// A grid or simple table, kept as laid out in a text block.
pub(super) fn table(lines: &[Line<'_>], at: usize, base: usize, out: &mut Vec<Block>) -> usize {
    let end = if is_grid_table_border(lines[at].text) {
        run_end(lines, at, |line| line.text.starts_with(['+', '|']))
    } else {
        // A simple table ends at a border followed by a blank line or the end.
        let mut end = None;
        for index in at + 1..lines.len() {
            let line = lines[index];
            if line.indent == base
                && is_simple_table_border(line.text)
                && lines.get(index + 1).is_none_or(Line::is_blank)
            {
                end = Some(index + 1);
                break;
            }
        }
        end.unwrap_or_else(|| paragraph_end(lines, at))
    };
    out.push(text_block(&lines[at..end]));
    end
}
