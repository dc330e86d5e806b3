//! What becomes a code block: literal blocks, and the text and language of code.

use super::ast::Block;
use super::lines::{Line, common_indent, indented_end, paragraph_end, skip_blank};

/// The literal block a paragraph ending in `::` introduces, if one follows the
/// paragraph's last line (before `end`): the block and the index after it.
pub(super) fn literal_block(lines: &[Line<'_>], end: usize, base: usize) -> Option<(Block, usize)> {
    let next = skip_blank(lines, end);
    if next < lines.len() && lines[next].indent > base {
        let block_end = indented_end(lines, next, base);
        return Some((code_block(&lines[next..block_end]), block_end));
    }
    if next > end
        && next < lines.len()
        && let Some(quote) = lines[next].text.chars().next()
        && quote.is_ascii_punctuation()
    {
        // A quoted literal block: unindented lines that all start with one character.
        let block_end = paragraph_end(lines, next);
        if lines[next..block_end]
            .iter()
            .all(|line| line.indent == base && line.text.starts_with(quote))
        {
            return Some((code_block(&lines[next..block_end]), block_end));
        }
    }
    None
}

/// Lines as a code block in the language their text reads as.
fn code_block(lines: &[Line<'_>]) -> Block {
    let text = code_text(lines);
    Block::Code {
        language: code_language(&text),
        text,
    }
}

/// Lines as a code block in `language`; none when they hold no text.
pub(super) fn code_block_in(language: &'static str, lines: &[Line<'_>]) -> Option<Block> {
    let text = code_text(lines);
    (!text.is_empty()).then_some(Block::Code { language, text })
}

/// Lines as a code block of plain text.
pub(super) fn text_block(lines: &[Line<'_>]) -> Block {
    Block::Code {
        language: "text",
        text: code_text(lines),
    }
}

/// Lines as the text of a code block: common indentation removed, the rest kept, blank
/// lines at either end dropped.
fn code_text(lines: &[Line<'_>]) -> String {
    let common = common_indent(lines);
    let mut out: Vec<String> = lines
        .iter()
        .map(|line| {
            if line.is_blank() {
                String::new()
            } else {
                format!("{}{}", " ".repeat(line.indent - common), line.text)
            }
        })
        .collect();
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    let start = out.iter().position(|line| !line.is_empty()).unwrap_or(0);
    out[start..].join("\n")
}

/// `json` for a block of QMP (`->` and `<-` lines) or JSON, `text` otherwise. (A code
/// block without a language would be a Rust doctest.)
fn code_language(text: &str) -> &'static str {
    let first = text.trim_start();
    if first.starts_with("->") || first.starts_with("<-") {
        return "json";
    }
    if first.starts_with(['{', '[']) && serde_json::from_str::<serde_json::Value>(text).is_ok() {
        return "json";
    }
    "text"
}

/// The language of a `code-block`: kept when it is a common one (rustdoc would take
/// `rust`, `ignore` and their kin as doctests), `text` otherwise.
pub(super) fn code_block_language(argument: &str) -> &'static str {
    let language = argument.split_whitespace().next().unwrap_or("");
    match language.to_ascii_lowercase().as_str() {
        "json" | "qmp" | "javascript" | "js" => "json",
        "c" => "c",
        "cpp" | "c++" => "cpp",
        "sh" | "bash" | "shell" | "shell-session" => "sh",
        "console" => "console",
        "python" | "py" | "python3" => "python",
        "yaml" => "yaml",
        "xml" => "xml",
        "ini" => "ini",
        "make" | "makefile" => "make",
        "diff" => "diff",
        _ => "text",
    }
}
