//! reStructuredText, as QAPI doc comments write it, turned into CommonMark for rustdoc.
//!
//! QEMU's doc comments are rST (plus QAPI's `@name`, which QEMU's Sphinx extension turns
//! into ``` ``name`` ```); the generated crates' doc comments are Markdown, rendered by
//! rustdoc with `-D warnings`. The text is read as rST's grammar defines it, into blocks
//! (paragraphs, lists, literal blocks, directives, tables) holding inline pieces
//! (literals, emphasis, roles, references, URLs), and each piece is written as the
//! CommonMark that renders like it. Every character Markdown would read as markup that
//! rST did not mean is escaped, so the result has no HTML, no link but explicit rST
//! hyperlinks and URLs (written as autolinks), and nothing rustdoc's lints reject.
//!
//! What Markdown has no form for comes out plainly: block quotes and definitions flow
//! on as ordinary paragraphs, admonitions become a paragraph opening with **Note:**,
//! section titles become bold paragraphs, tables keep their layout in a text block.
//!
//! The files, in the order of the work:
//! - [`lines`]: the text as lines; [`targets`]: its hyperlink targets and substitutions,
//!   collected first.
//! - [`blocks`]: which block a line starts, with a file for each kind: [`lists`] (and
//!   their [`enumerators`]), [`literal`] blocks, [`tables`], [`titles`], [`explicit`]
//!   markup and [`directives`].
//! - [`inline`]: the inline markup of the blocks' text, by rST's [`recognition`] rules,
//!   with [`roles`], [`references`] and [`urls`].
//! - [`ast`]: what is read; [`markdown`] writes its blocks, [`escape`] its inline pieces.

mod ast;
mod blocks;
mod directives;
mod enumerators;
mod escape;
mod explicit;
mod inline;
mod lines;
mod lists;
mod literal;
mod markdown;
mod recognition;
mod references;
mod roles;
mod tables;
mod targets;
mod titles;
mod urls;

#[cfg(test)]
mod tests;

use ast::Block;
use blocks::BlockParser;
use lines::{Line, normalize};
use markdown::write_blocks;
use targets::References;

/// Converts the rST of a QAPI doc text (paragraphs separated by blank lines, relative
/// indentation kept) into CommonMark for a rustdoc comment.
pub(crate) fn rst_to_markdown(text: &str) -> String {
    let blocks = read_blocks(text);
    let mut out = Vec::new();
    write_blocks(&blocks, None, &mut out);
    out.join("\n")
}

/// The blocks of an rST text, as Markdown is written from them.
fn read_blocks(text: &str) -> Vec<Block> {
    let source = normalize(text);
    let lines: Vec<Line<'_>> = source.iter().map(|line| Line::new(line)).collect();
    let references = References::collect(&lines);
    let parser = BlockParser {
        references: &references,
    };
    parser.blocks(&lines, 0)
}
