//! Directives (`.. name:: argument`): admonitions, version notes, QAPI's examples, code,
//! and the rest, each as the blocks Markdown has for it.

use super::ast::{Block, Inline, labelled, text};
use super::blocks::BlockParser;
use super::lines::{Line, dedent, with_first_line};
use super::lists::field_marker;
use super::literal::{code_block_in, code_block_language};

impl BlockParser<'_> {
    /// A directive: what it means, in blocks Markdown has.
    pub(super) fn directive(
        &self,
        name: &str,
        argument: &str,
        body: &[Line<'_>],
        depth: usize,
        out: &mut Vec<Block>,
    ) {
        let body = dedent(body);
        let (options, content) = split_options(&body);
        let name = name.to_ascii_lowercase();
        match name.as_str() {
            "note" | "warning" | "caution" | "attention" | "danger" | "error" | "hint"
            | "important" | "tip" | "seealso" | "todo" => {
                // These take no argument: text on the directive's line starts the content,
                // and lines right under it continue that paragraph.
                let lines = content_after(argument, &body, content);
                let label = match name.as_str() {
                    "seealso" => "See also:".to_owned(),
                    other => format!("{}:", capitalized(other)),
                };
                let blocks = self.blocks(&lines, depth + 1);
                out.extend(labelled(vec![Inline::Strong(vec![text(label)])], blocks));
            }
            "admonition" => {
                let mut title = self.inlines(argument);
                if !argument.ends_with(|c: char| c.is_ascii_punctuation()) {
                    title.push(text(":"));
                }
                let blocks = self.blocks(content, depth + 1);
                out.extend(labelled(vec![Inline::Strong(title)], blocks));
            }
            "versionadded" | "versionchanged" | "deprecated" | "versionremoved" => {
                let (version, explanation) = argument
                    .split_once(char::is_whitespace)
                    .unwrap_or((argument, ""));
                let what = match name.as_str() {
                    "versionadded" => "Added in version",
                    "versionchanged" => "Changed in version",
                    "deprecated" => "Deprecated since version",
                    _ => "Removed in version",
                };
                let lines = content_after(explanation.trim(), &body, content);
                let blocks = self.blocks(&lines, depth + 1);
                let label = format!("{what} {version}");
                if blocks.is_empty() {
                    out.push(Block::Paragraph(vec![Inline::Emphasis(vec![text(
                        label + ".",
                    )])]));
                } else {
                    out.extend(labelled(
                        vec![Inline::Emphasis(vec![text(label + ":")])],
                        blocks,
                    ));
                }
            }
            "qmp-example" => {
                let mut label = vec![Inline::Strong(vec![text("Example:")])];
                let title = options.iter().find(|(name, _)| *name == "title");
                if let Some((_, title)) = title {
                    label.push(text(" "));
                    label.extend(self.inlines(title));
                }
                if options.iter().any(|(name, _)| *name == "annotated") {
                    // The prose of an untitled annotated example follows its label.
                    let blocks = self.blocks(content, depth + 1);
                    if title.is_some() {
                        out.push(Block::Paragraph(label));
                        out.extend(blocks);
                    } else {
                        out.extend(labelled(label, blocks));
                    }
                } else {
                    out.push(Block::Paragraph(label));
                    out.extend(code_block_in("json", content));
                }
            }
            "code-block" | "code" | "sourcecode" => {
                out.extend(code_block_in(code_block_language(argument), content));
            }
            "parsed-literal" | "math" | "productionlist" | "csv-table" => {
                if name == "csv-table" && !argument.is_empty() {
                    out.push(self.title(argument));
                }
                let mut lines = Vec::new();
                if name != "csv-table" && !argument.is_empty() {
                    lines.push(Line {
                        indent: 0,
                        text: argument,
                    });
                    lines.push(Line {
                        indent: 0,
                        text: "",
                    });
                }
                lines.extend_from_slice(content);
                out.extend(code_block_in("text", &lines));
            }
            "rubric" => {
                if !argument.is_empty() {
                    out.push(self.title(argument));
                }
            }
            "topic" | "sidebar" | "table" | "list-table" => {
                if !argument.is_empty() {
                    out.push(self.title(argument));
                }
                self.push_blocks(content, depth + 1, out);
            }
            // Containers: their content, without the argument (a condition, class
            // names, an image).
            "figure" | "only" | "ifconfig" | "container" | "class" | "compound" | "epigraph"
            | "highlights" | "pull-quote" | "hlist" => self.push_blocks(content, depth + 1, out),
            // What renders as nothing readable here, or cannot be followed: images, raw
            // output, tables of contents, indexes, includes, settings.
            "image" | "raw" | "include" | "literalinclude" | "contents" | "toctree" | "index"
            | "sectnum" | "section-numbering" | "meta" | "title" | "header" | "footer"
            | "highlight" | "default-role" | "role" | "target-notes" | "tabularcolumns"
            | "sectionauthor" | "moduleauthor" | "codeauthor" | "default-domain"
            | "currentmodule" | "module" => {}
            _ => {
                // `centered` and directives this converter does not know: their argument
                // and content, as plain text.
                if !argument.is_empty() {
                    out.push(Block::Paragraph(self.inlines(argument)));
                }
                self.push_blocks(content, depth + 1, out);
            }
        }
    }
}

/// `word` with its first letter in upper case.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The content of a directive whose text may start on the directive's line, `first`:
/// then the lines right under it continue that text, so the whole body (what would
/// read as options too) follows it. Without such text, the content after the options.
fn content_after<'a>(first: &'a str, body: &[Line<'a>], content: &[Line<'a>]) -> Vec<Line<'a>> {
    if first.is_empty() {
        content.to_vec()
    } else {
        with_first_line(first, body)
    }
}

/// A directive's leading options (`:name: value` lines before any blank line) and the
/// content after them.
fn split_options<'l, 'a>(body: &'l [Line<'a>]) -> (Vec<(&'a str, &'a str)>, &'l [Line<'a>]) {
    let mut options = Vec::new();
    let mut at = 0;
    while let Some(line) = body.get(at) {
        if line.is_blank() {
            break;
        }
        match field_marker(line.text) {
            Some((name, value)) if line.indent == 0 => options.push((name, value)),
            _ => break,
        }
        at += 1;
    }
    if options.is_empty() {
        return (options, body);
    }
    (options, &body[at..])
}
