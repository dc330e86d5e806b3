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

use std::collections::HashMap;

/// How deep lists, directives and indented blocks may nest before their content is
/// written as a plain paragraph: documentation nests two or three levels; the limit
/// bounds the recursion on hostile input.
const MAX_DEPTH: usize = 16;

/// Converts the rST of a QAPI doc text (paragraphs separated by blank lines, relative
/// indentation kept) into CommonMark for a rustdoc comment.
pub(crate) fn rst_to_markdown(text: &str) -> String {
    let source = normalize(text);
    let lines: Vec<Line<'_>> = source.iter().map(|line| Line::new(line)).collect();
    let references = References::collect(&lines);
    let parser = BlockParser {
        references: &references,
    };
    let blocks = parser.blocks(&lines, 0);
    let mut out = Vec::new();
    write_blocks(&blocks, None, &mut out);
    out.join("\n")
}

// ---------------------------------------------------------------------------------------
// Lines

/// The text's lines with rST's whitespace rules applied: CR and CRLF end lines as LF
/// does (Markdown would break lines there too), tabs advance to the next multiple of
/// eight columns, vertical tabs and form feeds are spaces, NUL is U+FFFD.
fn normalize(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.split('\n').map(expand_tabs).collect()
}

fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut column = 0;
    for c in line.chars() {
        match c {
            '\t' => {
                let width = 8 - column % 8;
                out.push_str(&" ".repeat(width));
                column += width;
            }
            '\x0b' | '\x0c' => {
                out.push(' ');
                column += 1;
            }
            '\0' => {
                out.push('\u{fffd}');
                column += 1;
            }
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// A line: its indentation in columns and its text without the indentation or trailing
/// whitespace (empty for a blank line).
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Line<'a> {
        let text = raw.trim_start_matches(' ');
        Line {
            indent: raw.len() - text.len(),
            text: text.trim_end(),
        }
    }

    fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// The index just past the last non-blank line of the run starting at `from` whose
/// lines are blank or indented deeper than `base`: the body of a construct.
fn indented_end(lines: &[Line<'_>], from: usize, base: usize) -> usize {
    let mut end = from;
    for (index, line) in lines.iter().enumerate().skip(from) {
        if line.is_blank() {
            continue;
        }
        if line.indent <= base {
            break;
        }
        end = index + 1;
    }
    end
}

/// The index of the first non-blank line at or after `from`.
fn skip_blank(lines: &[Line<'_>], from: usize) -> usize {
    let mut at = from;
    while at < lines.len() && lines[at].is_blank() {
        at += 1;
    }
    at
}

/// Lines with their common indentation removed.
fn dedent<'a>(lines: &[Line<'a>]) -> Vec<Line<'a>> {
    let common = common_indent(lines);
    lines
        .iter()
        .map(|line| Line {
            indent: line.indent.saturating_sub(common),
            text: line.text,
        })
        .collect()
}

fn common_indent(lines: &[Line<'_>]) -> usize {
    lines
        .iter()
        .filter(|line| !line.is_blank())
        .map(|line| line.indent)
        .min()
        .unwrap_or(0)
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

// ---------------------------------------------------------------------------------------
// The document's hyperlink targets and substitutions

/// What explicit markup defines for references elsewhere in the text: hyperlink targets
/// (`.. _name: https://...`) and `replace` substitutions (`.. |name| replace:: text`).
#[derive(Debug, Default)]
struct References {
    targets: HashMap<String, String>,
    substitutions: HashMap<String, String>,
}

impl References {
    fn collect(lines: &[Line<'_>]) -> References {
        let mut references = References::default();
        for (index, line) in lines.iter().enumerate() {
            let Some(rest) = line.text.strip_prefix(".. ") else {
                continue;
            };
            if let Some(target) = rest.strip_prefix('_') {
                let Some((name, first)) = split_target(target) else {
                    continue;
                };
                // A target's URI may continue on indented lines; whitespace is dropped.
                let mut uri: String = first.split_whitespace().collect();
                for next in &lines[index + 1..] {
                    if next.is_blank() || next.indent <= line.indent {
                        break;
                    }
                    uri.extend(next.text.split_whitespace());
                }
                if !uri.is_empty() && name != "_" {
                    references.targets.insert(reference_name(name), uri);
                }
            } else if let Some(rest) = rest.strip_prefix('|') {
                let Some((name, definition)) = rest.split_once('|') else {
                    continue;
                };
                if let Some(text) = definition.trim_start().strip_prefix("replace::") {
                    references
                        .substitutions
                        .insert(reference_name(name), text.trim().to_owned());
                }
            }
        }
        references
    }

    /// The URL a reference name leads to, through at most a few indirect targets.
    fn url(&self, name: &str) -> Option<&str> {
        let mut name = reference_name(name);
        for _ in 0..4 {
            let target = self.targets.get(&name)?;
            match target.strip_suffix('_') {
                Some(indirect) if !is_url(target) => name = reference_name(indirect),
                _ => return is_url(target).then_some(target.as_str()),
            }
        }
        None
    }
}

/// `name: uri` or `` `name`: uri `` after a target's `.. _`.
fn split_target(target: &str) -> Option<(&str, &str)> {
    if let Some(quoted) = target.strip_prefix('`') {
        let (name, rest) = quoted.split_once('`')?;
        return Some((name, rest.strip_prefix(':')?));
    }
    let mut escaped = false;
    for (index, c) in target.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            ':' if !escaped => {
                let rest = &target[index + 1..];
                if rest.is_empty() || rest.starts_with(' ') {
                    return Some((&target[..index], rest));
                }
            }
            _ => escaped = false,
        }
    }
    None
}

/// A reference name as rST compares them: case and runs of whitespace do not count.
fn reference_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

// ---------------------------------------------------------------------------------------
// Blocks

/// The blocks Markdown is written from.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Paragraph(Vec<Inline>),
    /// An rST line block: lines kept as they break; an empty line separates stanzas.
    Lines(Vec<Vec<Inline>>),
    Code {
        language: &'static str,
        text: String,
    },
    List(List),
    /// A transition.
    Rule,
}

#[derive(Debug, Clone, PartialEq)]
struct List {
    kind: ListKind,
    items: Vec<Vec<Block>>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum ListKind {
    Bullet,
    /// Numbered from `start`; `delimiter` is `.` or `)`.
    Ordered {
        start: u64,
        delimiter: char,
    },
}

impl List {
    /// Whether the list can start right under a paragraph line, as the nested list of a
    /// tight item must: CommonMark lets only a non-empty bullet item or item 1 interrupt
    /// a paragraph.
    fn interrupts_paragraph(&self) -> bool {
        let starts_right = match self.kind {
            ListKind::Bullet => true,
            ListKind::Ordered { start, .. } => start == 1,
        };
        starts_right && self.items.first().is_some_and(|item| !item.is_empty())
    }
}

/// The inline pieces of a paragraph.
#[derive(Debug, Clone, PartialEq)]
enum Inline {
    /// Plain text, escaped when written; `\n` is a soft line break.
    Text(String),
    Code(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    /// An explicit hyperlink: `text <url>`_.
    Link {
        text: String,
        url: String,
    },
    /// A URL written in the text, made an autolink.
    Url(String),
}

fn text(text: impl Into<String>) -> Inline {
    Inline::Text(text.into())
}

/// A label (**Note:**) put before the first paragraph of some blocks, or as a paragraph
/// of its own when they do not start with one.
fn labelled(label: Vec<Inline>, mut blocks: Vec<Block>) -> Vec<Block> {
    match blocks.first_mut() {
        Some(Block::Paragraph(inlines)) => {
            let rest = std::mem::replace(inlines, label);
            inlines.push(text(" "));
            inlines.extend(rest);
        }
        _ => blocks.insert(0, Block::Paragraph(label)),
    }
    blocks
}

/// Reads rST blocks from lines.
struct BlockParser<'r> {
    references: &'r References,
}

impl BlockParser<'_> {
    fn blocks(&self, lines: &[Line<'_>], depth: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        self.push_blocks(lines, depth, &mut blocks);
        blocks
    }

    fn push_blocks(&self, lines: &[Line<'_>], depth: usize, out: &mut Vec<Block>) {
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
            let end = paragraph_end(lines, at);
            out.push(Block::Code {
                language: "text",
                text: code_text(&lines[at..end]),
            });
            return end;
        }
        if let Some(title) = qapi_heading(text) {
            out.push(Block::Paragraph(vec![Inline::Strong(self.inlines(title))]));
            return at + 1;
        }
        if let Some((title, end)) = section_title(lines, at, base) {
            out.push(Block::Paragraph(vec![Inline::Strong(self.inlines(title))]));
            return end;
        }
        if is_adornment(text) && text.chars().count() >= 4 {
            out.push(Block::Rule);
            return at + 1;
        }
        self.paragraph(lines, at, base, out)
    }

    fn inlines(&self, text: &str) -> Vec<Inline> {
        InlineParser::new(text, self.references, Mode::Full).parse()
    }

    /// A paragraph, and the literal block its `::` introduces.
    fn paragraph(&self, lines: &[Line<'_>], at: usize, base: usize, out: &mut Vec<Block>) -> usize {
        let mut end = at;
        while end < lines.len() && !lines[end].is_blank() && lines[end].indent == base {
            end += 1;
        }
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
        let next = skip_blank(lines, end);
        if next < lines.len() && lines[next].indent > base {
            let block_end = indented_end(lines, next, base);
            let text = code_text(&lines[next..block_end]);
            out.push(Block::Code {
                language: code_language(&text),
                text,
            });
            return block_end;
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
                let text = code_text(&lines[next..block_end]);
                out.push(Block::Code {
                    language: code_language(&text),
                    text,
                });
                return block_end;
            }
        }
        end
    }

    /// The body of a list item or field: the text after its marker, then the lines
    /// indented under it (with their own common indentation removed, as docutils does).
    fn item_body(&self, first: &str, rest: &[Line<'_>], depth: usize) -> Vec<Block> {
        let mut body = Vec::with_capacity(rest.len() + 1);
        if !first.is_empty() {
            body.push(Line {
                indent: 0,
                text: first,
            });
        }
        body.extend(dedent(rest));
        self.blocks(&body, depth + 1)
    }

    fn bullet_list(
        &self,
        lines: &[Line<'_>],
        at: usize,
        base: usize,
        marker: char,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> usize {
        let mut items = Vec::new();
        let mut at = at;
        let mut end = at;
        while at < lines.len() && lines[at].indent == base {
            let Some((_, first)) = bullet(lines[at].text).filter(|(this, _)| *this == marker)
            else {
                break;
            };
            end = indented_end(lines, at + 1, base).max(at + 1);
            items.push(self.item_body(first, &lines[at + 1..end], depth));
            at = skip_blank(lines, end);
        }
        out.push(Block::List(List {
            kind: ListKind::Bullet,
            items,
        }));
        end
    }

    fn enumerated_list(
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
                && next.format == format
                && (next.sequence == Sequence::Auto
                    || (next.sequence == sequence && next.ordinal == ordinal + 1))
            {
                current = Some(next);
                ordinal += 1;
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
    fn field_list(
        &self,
        lines: &[Line<'_>],
        at: usize,
        base: usize,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> usize {
        let mut at = at;
        let mut end = at;
        while at < lines.len() && lines[at].indent == base {
            let Some((name, first)) = field_marker(lines[at].text) else {
                break;
            };
            end = indented_end(lines, at + 1, base).max(at + 1);
            let body = self.item_body(first, &lines[at + 1..end], depth);
            let mut label = self.inlines(name);
            label.push(text(":"));
            out.extend(labelled(vec![Inline::Strong(label)], body));
            at = skip_blank(lines, end);
        }
        end
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

    /// `..` at the start of a block: a directive, a hyperlink target, a footnote, a
    /// substitution definition or a comment.
    fn explicit_markup(
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

    fn directive(
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
                let mut lines = Vec::new();
                let content = if argument.is_empty() {
                    content
                } else {
                    lines.push(Line {
                        indent: 0,
                        text: argument,
                    });
                    &body[..]
                };
                lines.extend_from_slice(content);
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
                let mut lines = Vec::new();
                let explanation = explanation.trim();
                let content = if explanation.is_empty() {
                    content
                } else {
                    lines.push(Line {
                        indent: 0,
                        text: explanation,
                    });
                    &body[..]
                };
                lines.extend_from_slice(content);
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
                    let text = code_text(content);
                    if !text.is_empty() {
                        out.push(Block::Code {
                            language: "json",
                            text,
                        });
                    }
                }
            }
            "code-block" | "code" | "sourcecode" => {
                let text = code_text(content);
                if !text.is_empty() {
                    out.push(Block::Code {
                        language: code_block_language(argument),
                        text,
                    });
                }
            }
            "parsed-literal" | "math" | "productionlist" | "csv-table" => {
                if name == "csv-table" && !argument.is_empty() {
                    out.push(Block::Paragraph(vec![Inline::Strong(
                        self.inlines(argument),
                    )]));
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
                let text = code_text(&lines);
                if !text.is_empty() {
                    out.push(Block::Code {
                        language: "text",
                        text,
                    });
                }
            }
            "rubric" => {
                if !argument.is_empty() {
                    out.push(Block::Paragraph(vec![Inline::Strong(
                        self.inlines(argument),
                    )]));
                }
            }
            "topic" | "sidebar" | "table" | "list-table" => {
                if !argument.is_empty() {
                    out.push(Block::Paragraph(vec![Inline::Strong(
                        self.inlines(argument),
                    )]));
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

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The index after the lines that run on from `from` to the next blank line.
fn paragraph_end(lines: &[Line<'_>], from: usize) -> usize {
    let mut end = from;
    while end < lines.len() && !lines[end].is_blank() {
        end += 1;
    }
    end
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

fn is_footnote_label(label: &str) -> bool {
    let name = label.strip_prefix('#').unwrap_or(label);
    label == "*"
        || label == "#"
        || (!name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-')))
}

fn text_of_label(label: &str) -> Inline {
    text(format!("[{label}]"))
}

/// A bullet list item's marker and the text after it.
fn bullet(text: &str) -> Option<(char, &str)> {
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
fn field_marker(text: &str) -> Option<(&str, &str)> {
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

/// What an enumerated list counts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sequence {
    Arabic,
    LowerAlpha,
    UpperAlpha,
    LowerRoman,
    UpperRoman,
    /// `#`
    Auto,
}

/// How an enumerator is punctuated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// `1.`
    Period,
    /// `1)`
    Paren,
    /// `(1)`
    Parens,
}

/// An enumerated list item's start.
#[derive(Debug, Clone, Copy)]
struct Enumerator<'a> {
    sequence: Sequence,
    format: Format,
    ordinal: u64,
    /// The text after the enumerator.
    rest: &'a str,
}

/// Reads an enumerator at the start of `text`; `expected` is the sequence of the list
/// it would continue (which tells `i` the letter from `i` the numeral).
fn enumerator(text: &str, expected: Option<Sequence>) -> Option<Enumerator<'_>> {
    let (format, inner, after) = if let Some(rest) = text.strip_prefix('(') {
        let close = rest.find(')')?;
        (Format::Parens, &rest[..close], &rest[close + 1..])
    } else {
        let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))?;
        let format = match text[end..].chars().next()? {
            '.' => Format::Period,
            ')' => Format::Paren,
            _ => return None,
        };
        (format, &text[..end], &text[end + 1..])
    };
    if !(after.is_empty() || after.starts_with(' ')) || inner.is_empty() {
        return None;
    }
    let (sequence, ordinal) = ordinal(inner, expected)?;
    Some(Enumerator {
        sequence,
        format,
        ordinal,
        rest: after.trim_start(),
    })
}

fn ordinal(inner: &str, expected: Option<Sequence>) -> Option<(Sequence, u64)> {
    if inner == "#" {
        return Some((Sequence::Auto, 0));
    }
    if inner.bytes().all(|b| b.is_ascii_digit()) {
        return Some((Sequence::Arabic, inner.parse().ok()?));
    }
    let mut chars = inner.chars();
    if let (Some(letter), None) = (chars.next(), chars.next()) {
        let alpha = if letter.is_ascii_lowercase() {
            Sequence::LowerAlpha
        } else if letter.is_ascii_uppercase() {
            Sequence::UpperAlpha
        } else {
            return None;
        };
        let roman = matches!(letter, 'i' | 'I') && expected != Some(alpha);
        let continues_roman = expected.is_some_and(|sequence| {
            matches!(sequence, Sequence::LowerRoman | Sequence::UpperRoman)
        });
        if !roman && !continues_roman {
            let ordinal = u64::from(letter.to_ascii_lowercase() as u8 - b'a') + 1;
            return Some((alpha, ordinal));
        }
    }
    let sequence = if inner.bytes().all(|b| b"ivxlcdm".contains(&b)) {
        Sequence::LowerRoman
    } else if inner.bytes().all(|b| b"IVXLCDM".contains(&b)) {
        Sequence::UpperRoman
    } else {
        return None;
    };
    let value = roman_value(&inner.to_ascii_lowercase())?;
    Some((sequence, value))
}

/// The value of a well-formed lowercase roman numeral below 4000.
fn roman_value(numeral: &str) -> Option<u64> {
    if numeral.len() > 15 {
        return None;
    }
    let digit = |c: u8| match c {
        b'i' => 1,
        b'v' => 5,
        b'x' => 10,
        b'l' => 50,
        b'c' => 100,
        b'd' => 500,
        b'm' => 1000,
        _ => 0,
    };
    let bytes = numeral.as_bytes();
    let mut value = 0i64;
    for (index, &c) in bytes.iter().enumerate() {
        let this = digit(c);
        if bytes.get(index + 1).is_some_and(|&next| digit(next) > this) {
            value -= this;
        } else {
            value += this;
        }
    }
    let value = u64::try_from(value)
        .ok()
        .filter(|v| (1..4000).contains(v))?;
    (roman_numeral(value) == numeral).then_some(value)
}

fn roman_numeral(mut value: u64) -> String {
    const NUMERALS: [(u64, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (step, numeral) in NUMERALS {
        while value >= step {
            out.push_str(numeral);
            value -= step;
        }
    }
    out
}

/// An enumerator written out, for lists Markdown cannot number (`b)`, `(iv)`, `C.`).
fn enumerator_label(sequence: Sequence, format: Format, ordinal: u64) -> String {
    let letter = |base: u8| {
        u8::try_from(ordinal.saturating_sub(1))
            .ok()
            .filter(|offset| *offset < 26)
            .map_or_else(
                || ordinal.to_string(),
                |offset| char::from(base + offset).to_string(),
            )
    };
    let inner = match sequence {
        Sequence::Arabic | Sequence::Auto => ordinal.to_string(),
        Sequence::LowerAlpha => letter(b'a'),
        Sequence::UpperAlpha => letter(b'A'),
        Sequence::LowerRoman => roman_numeral(ordinal),
        Sequence::UpperRoman => roman_numeral(ordinal).to_ascii_uppercase(),
    };
    match format {
        Format::Period => format!("{inner}."),
        Format::Paren => format!("{inner})"),
        Format::Parens => format!("({inner})"),
    }
}

/// Whether an enumerator starts a list rather than a paragraph that happens to begin
/// like one ("A. Einstein was..."): as docutils decides, the next line must be blank,
/// indented, missing, or the next item.
fn starts_enumerated_list(
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
    enumerator(next.text, Some(first.sequence)).is_some_and(|second| {
        second.format == first.format
            && (second.sequence == Sequence::Auto
                || (second.sequence == first.sequence && second.ordinal == first.ordinal + 1))
    })
}

/// A line made of one punctuation character repeated: a section adornment or a
/// transition.
fn is_adornment(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_punctuation() && chars.all(|c| c == first))
}

/// A section title: underlined, or overlined and underlined with the same character.
/// Returns the title and the index after the adornment.
fn section_title<'a>(lines: &[Line<'a>], at: usize, base: usize) -> Option<(&'a str, usize)> {
    let line = lines[at];
    if is_adornment(line.text) {
        let title = lines.get(at + 1)?;
        let under = lines.get(at + 2)?;
        let adornment = line.text.chars().next()?;
        let matches = !title.is_blank()
            && under.indent == base
            && is_adornment(under.text)
            && under.text.starts_with(adornment);
        return matches.then(|| (title.text, at + 3));
    }
    let under = lines.get(at + 1)?;
    if under.indent != base || !is_adornment(under.text) {
        return None;
    }
    let length = under.text.chars().count();
    // docutils takes a short underline for one if it has at least four characters.
    (length >= line.text.chars().count() || length >= 4).then_some((line.text, at + 2))
}

/// QAPI's `= Heading` / `== Subheading` lines.
fn qapi_heading(text: &str) -> Option<&str> {
    let title = text.trim_start_matches('=');
    if title.len() == text.len() || !title.starts_with(' ') {
        return None;
    }
    let title = title.trim();
    (!title.is_empty()).then_some(title)
}

fn is_grid_table_border(text: &str) -> bool {
    text.len() >= 3
        && text.starts_with('+')
        && text.ends_with('+')
        && text.contains(['-', '='])
        && text.chars().all(|c| matches!(c, '+' | '-' | '='))
}

/// `=====  =====`: at least two columns.
fn is_simple_table_border(text: &str) -> bool {
    text.starts_with('=') && text.contains(' ') && text.chars().all(|c| c == '=' || c == ' ')
}

/// A grid or simple table, kept as laid out in a text block.
fn table(lines: &[Line<'_>], at: usize, base: usize, out: &mut Vec<Block>) -> usize {
    let end = if is_grid_table_border(lines[at].text) {
        let mut end = at;
        while end < lines.len() && !lines[end].is_blank() && lines[end].text.starts_with(['+', '|'])
        {
            end += 1;
        }
        end
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
    out.push(Block::Code {
        language: "text",
        text: code_text(&lines[at..end]),
    });
    end
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
fn code_block_language(argument: &str) -> &'static str {
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

// ---------------------------------------------------------------------------------------
// Inline markup

/// Whether inline markup may start after `prev`: rST wants the start of the text,
/// whitespace, an opening bracket or quote, or a delimiter.
fn starts_markup(prev: Option<char>) -> bool {
    prev.is_none_or(|c| {
        c.is_whitespace() || matches!(c, '\'' | '"' | '<' | '(' | '[' | '{') || is_delimiter(c)
    })
}

/// Whether inline markup may end before `next`.
fn ends_markup(next: Option<char>) -> bool {
    next.is_none_or(|c| {
        c.is_whitespace() || matches!(c, '\'' | '"' | ')' | ']' | '}' | '>') || is_delimiter(c)
    })
}

/// rST's delimiters: dashes and "other" punctuation (ASCII, and any non-ASCII
/// character that is not a letter, digit or space).
fn is_delimiter(c: char) -> bool {
    matches!(
        c,
        '-' | '!'
            | '"'
            | '#'
            | '%'
            | '&'
            | '\''
            | '*'
            | ','
            | '.'
            | '/'
            | ':'
            | ';'
            | '?'
            | '@'
            | '\\'
    ) || (!c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace())
}

/// rST's exception: markup start-strings between matching quotes or brackets, as in
/// `"*"` or `(*)`, are text.
fn quoted(prev: Option<char>, next: char) -> bool {
    matches!(
        (prev, next),
        (Some('\''), '\'')
            | (Some('"'), '"')
            | (Some('<'), '>')
            | (Some('('), ')')
            | (Some('['), ']')
            | (Some('{'), '}')
    )
}

/// Whether the character at `at` is escaped by an odd number of backslashes.
fn is_escaped(src: &str, at: usize) -> bool {
    src[..at].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// Where the end-string `delimiter` of inline markup whose content starts at `from` is:
/// the first one after non-empty content, not after whitespace (nor escaped, unless the
/// content is literal), and followed by what may end markup.
fn find_end(src: &str, from: usize, delimiter: &str, literal: bool) -> Option<usize> {
    let mut search = from;
    while let Some(offset) = src.get(search..)?.find(delimiter) {
        let at = search + offset;
        let before = src[..at].chars().next_back();
        let after = src[at + delimiter.len()..].chars().next();
        if at > from
            && before.is_some_and(|c| !c.is_whitespace())
            && (literal || !is_escaped(src, at))
            && ends_markup(after)
        {
            return Some(at);
        }
        search = at + 1;
    }
    None
}

/// What follows interpreted text.
#[derive(Debug, Clone, Copy)]
enum Suffix<'a> {
    None,
    /// `_` or `__`: a hyperlink reference.
    Reference,
    /// `:role:`
    Role(&'a str),
}

/// The end of interpreted text whose content starts at `from`: the closing backtick's
/// index, the index after its suffix, and the suffix (none when `with_role`, the role
/// having come first).
fn interpreted_end(src: &str, from: usize, with_role: bool) -> Option<(usize, usize, Suffix<'_>)> {
    let mut search = from;
    loop {
        let end = search + src[search..].find('`')?;
        search = end + 1;
        let before = src[..end].chars().next_back();
        if end == from
            || before.is_none_or(char::is_whitespace)
            || is_escaped(src, end)
            || src[end + 1..].starts_with('`')
        {
            continue;
        }
        let mut after = end + 1;
        let mut suffix = Suffix::None;
        if !with_role {
            if src[after..].starts_with("__") {
                suffix = Suffix::Reference;
                after += 2;
            } else if src[after..].starts_with('_') {
                suffix = Suffix::Reference;
                after += 1;
            } else if let Some(name) =
                role_name(&src[after..], |rest| ends_markup(rest.chars().next()))
            {
                suffix = Suffix::Role(name);
                after += name.len() + 2;
            }
        }
        if ends_markup(src[after..].chars().next()) {
            return Some((end, after, suffix));
        }
    }
}

/// The end of a substitution reference whose name starts at `from`: the closing `|`'s
/// index and the index after it and any `_` or `__`.
fn substitution_end(src: &str, from: usize) -> Option<(usize, usize)> {
    let mut search = from;
    loop {
        let end = search + src[search..].find('|')?;
        search = end + 1;
        let before = src[..end].chars().next_back();
        if end == from || before.is_none_or(char::is_whitespace) || is_escaped(src, end) {
            continue;
        }
        let mut after = end + 1;
        if src[after..].starts_with("__") {
            after += 2;
        } else if src[after..].starts_with('_') {
            after += 1;
        }
        if ends_markup(src[after..].chars().next()) {
            return Some((end, after));
        }
    }
}

/// Text with rST's backslash escapes resolved: `\x` is `x`, an escaped space is
/// nothing.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(next) if next.is_whitespace() => {}
            Some(next) => out.push(next),
            None => out.push('\\'),
        }
    }
    out
}

/// Where a URL starting at `at` ends, if one does: `http://`, `https://` or `ftp://`
/// and what follows up to whitespace, without trailing punctuation (a closing
/// parenthesis stays when it closes one of the URL's).
fn url_end(src: &str, at: usize) -> Option<usize> {
    let rest = &src[at..];
    let scheme = ["https://", "http://", "ftp://"]
        .into_iter()
        .find(|scheme| {
            rest.get(..scheme.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
        })?;
    let start = at + scheme.len();
    let mut end = start;
    for c in src[start..].chars() {
        if c.is_whitespace()
            || c.is_control()
            || matches!(c, '<' | '>' | '"' | '`' | '\\' | '{' | '}' | '|' | '^')
        {
            break;
        }
        end += c.len_utf8();
    }
    while let Some(last) = src[start..end].chars().next_back() {
        let keep = if last == ')' {
            let url = &src[start..end];
            url.matches('(').count() >= url.matches(')').count()
        } else {
            last.is_alphanumeric() || matches!(last, '_' | '~' | '*' | '/' | '=' | '+' | '#')
        };
        if keep {
            break;
        }
        end -= last.len_utf8();
    }
    (end > start).then_some(end)
}

/// Whether a link target is a URL this converter links to.
fn is_url(target: &str) -> bool {
    let lower = target.to_ascii_lowercase();
    ["http://", "https://", "ftp://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
}

/// Whether a URL can be written as a CommonMark autolink.
fn is_autolink(url: &str) -> bool {
    is_url(url)
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

/// `title <target>` in interpreted text or a reference: the title (possibly empty) and
/// the target, whitespace removed.
fn embedded_target(text: &str) -> Option<(&str, String)> {
    let inner = text.trim_end().strip_suffix('>')?;
    let open = inner.rfind('<')?;
    let title = &inner[..open];
    if !title.is_empty() && !title.ends_with(char::is_whitespace) {
        return None;
    }
    let target: String = inner[open + 1..].split_whitespace().collect();
    (!target.is_empty()).then(|| (title.trim(), target))
}

/// What inline markup is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// All of it.
    Full,
    /// All but substitution references: a substitution's replacement text, which must
    /// not refer to itself.
    Replacement,
    /// Inside emphasis or strong emphasis, where rST nests no markup: escapes, `@name`
    /// and URLs only.
    Nested,
}

/// The kinds of end-string an inline parser searches for.
#[derive(Debug, Clone, Copy)]
enum End {
    Literal,
    Strong,
    Emphasis,
    InternalTarget,
    Interpreted,
    RoleContent,
    Substitution,
}

/// Reads rST inline markup into [`Inline`]s.
struct InlineParser<'s, 'r> {
    src: &'s str,
    references: &'r References,
    mode: Mode,
    inlines: Vec<Inline>,
    text: String,
    /// For each kind of end-string, the smallest position a search for one failed
    /// from: none lies after it, so no later search can succeed (this keeps text full
    /// of unclosed `*` or backticks linear).
    no_end_after: [usize; 7],
}

impl<'s, 'r> InlineParser<'s, 'r> {
    fn new(src: &'s str, references: &'r References, mode: Mode) -> InlineParser<'s, 'r> {
        InlineParser {
            src,
            references,
            mode,
            inlines: Vec::new(),
            text: String::new(),
            no_end_after: [usize::MAX; 7],
        }
    }

    /// Searches for an end-string of a kind with `search`, unless one was already
    /// searched for from an earlier position in vain.
    fn end<T>(
        &mut self,
        kind: End,
        from: usize,
        search: impl FnOnce(&'s str, usize) -> Option<T>,
    ) -> Option<T> {
        let failed_from = &mut self.no_end_after[kind as usize];
        if from >= *failed_from {
            return None;
        }
        let found = search(self.src, from);
        if found.is_none() {
            *failed_from = from;
        }
        found
    }

    fn parse(mut self) -> Vec<Inline> {
        let src = self.src;
        let mut at = 0;
        while let Some(c) = src[at..].chars().next() {
            if c == '\\' {
                at = self.escape(at);
            } else if let Some(end) = self.markup(at, c) {
                at = end;
            } else {
                self.text.push(c);
                at += c.len_utf8();
            }
        }
        self.flush();
        self.inlines
    }

    fn nested(&self, content: &str, mode: Mode) -> Vec<Inline> {
        InlineParser::new(content, self.references, mode).parse()
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.inlines
                .push(Inline::Text(std::mem::take(&mut self.text)));
        }
    }

    fn push(&mut self, inline: Inline) {
        match inline {
            Inline::Text(text) => self.text.push_str(&text),
            // Two code spans side by side would merge their backticks: they become one.
            Inline::Code(code)
                if self.text.is_empty()
                    && let Some(Inline::Code(last)) = self.inlines.last_mut() =>
            {
                last.push_str(&code)
            }
            inline => {
                self.flush();
                self.inlines.push(inline);
            }
        }
    }

    /// A backslash: the next character is text, an escaped space or line break is
    /// nothing.
    fn escape(&mut self, at: usize) -> usize {
        let after = at + 1;
        match self.src[after..].chars().next() {
            None => {
                self.text.push('\\');
                after
            }
            Some(c) if c.is_whitespace() => after + c.len_utf8(),
            Some(c) => {
                self.text.push(c);
                after + c.len_utf8()
            }
        }
    }

    /// Inline markup starting at `at`, if any: pushed, and the index after it returned.
    fn markup(&mut self, at: usize, c: char) -> Option<usize> {
        let src = self.src;
        let prev = src[..at].chars().next_back();
        if matches!(c, 'h' | 'H' | 'f' | 'F')
            && let Some(end) = url_end(src, at)
        {
            let url = &src[at..end];
            // `<https://...>` already reads as an autolink: its brackets go.
            if self.text.ends_with('<') && src[end..].starts_with('>') {
                self.text.pop();
                self.push(Inline::Url(url.to_owned()));
                return Some(end + 1);
            }
            self.push(Inline::Url(url.to_owned()));
            return Some(end);
        }
        if c == '@' && !prev.is_some_and(char::is_alphanumeric) {
            return self.qapi_name(at);
        }
        if self.mode == Mode::Nested {
            return None;
        }
        if c.is_alphanumeric() {
            let joined = prev
                .is_some_and(|p| p.is_alphanumeric() || matches!(p, '-' | '.' | '_' | '+' | ':'));
            return if joined {
                None
            } else {
                self.simple_reference(at)
            };
        }
        if !starts_markup(prev) {
            return None;
        }
        let rest = &src[at..];
        match c {
            '`' if rest.starts_with("``") => self.literal(at, prev),
            '`' => self.interpreted(at, None, prev),
            '*' if rest.starts_with("**") => self.strong(at, prev),
            '*' => self.emphasis(at, prev),
            ':' => self.role_prefix(at),
            '_' if rest.starts_with("_`") => self.internal_target(at),
            '|' if self.mode == Mode::Full => self.substitution(at, prev),
            '[' => self.footnote_reference(at),
            _ => None,
        }
    }

    /// QAPI's `@name`, which reads as ``` ``name`` ```.
    fn qapi_name(&mut self, at: usize) -> Option<usize> {
        let rest = &self.src[at + 1..];
        let length = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .unwrap_or(rest.len());
        let name = rest[..length].trim_end_matches(['.', '-']);
        if !name.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        self.push(Inline::Code(name.to_owned()));
        Some(at + 1 + name.len())
    }

    /// The character after the start-string at `at` of length `length`, which must
    /// not be whitespace nor close what precedes the start-string.
    fn content_starts(&self, at: usize, length: usize, prev: Option<char>) -> bool {
        self.src[at + length..]
            .chars()
            .next()
            .is_some_and(|next| !next.is_whitespace() && !quoted(prev, next))
    }

    fn literal(&mut self, at: usize, prev: Option<char>) -> Option<usize> {
        if !self.content_starts(at, 2, prev) {
            return None;
        }
        let end = self.end(End::Literal, at + 2, |src, from| {
            find_end(src, from, "``", true)
        })?;
        self.push(Inline::Code(self.src[at + 2..end].to_owned()));
        Some(end + 2)
    }

    fn strong(&mut self, at: usize, prev: Option<char>) -> Option<usize> {
        let end = if self.content_starts(at, 2, prev) {
            self.end(End::Strong, at + 2, |src, from| {
                find_end(src, from, "**", false)
            })
        } else {
            None
        };
        let Some(end) = end else {
            // Not strong emphasis: both stars are text (one would start emphasis).
            self.text.push_str("**");
            return Some(at + 2);
        };
        let content = self.nested(&self.src[at + 2..end], Mode::Nested);
        self.push(Inline::Strong(content));
        Some(end + 2)
    }

    fn emphasis(&mut self, at: usize, prev: Option<char>) -> Option<usize> {
        if !self.content_starts(at, 1, prev) {
            return None;
        }
        let end = self.end(End::Emphasis, at + 1, |src, from| {
            find_end(src, from, "*", false)
        })?;
        let content = self.nested(&self.src[at + 1..end], Mode::Nested);
        self.push(Inline::Emphasis(content));
        Some(end + 1)
    }

    /// `:role:` before interpreted text.
    fn role_prefix(&mut self, at: usize) -> Option<usize> {
        let role = role_name(&self.src[at..], |after| {
            after.starts_with('`') && !after.starts_with("``")
        })?;
        self.interpreted(at + role.len() + 2, Some(role), None)
    }

    /// Interpreted text or a hyperlink reference from the backtick at `tick`.
    fn interpreted(
        &mut self,
        tick: usize,
        role: Option<&str>,
        prev: Option<char>,
    ) -> Option<usize> {
        if !self.content_starts(tick, 1, if role.is_some() { None } else { prev }) {
            return None;
        }
        let kind = if role.is_some() {
            End::RoleContent
        } else {
            End::Interpreted
        };
        let with_role = role.is_some();
        let (end, after, suffix) = self.end(kind, tick + 1, |src, from| {
            interpreted_end(src, from, with_role)
        })?;
        let content = unescape(&self.src[tick + 1..end]);
        match suffix {
            Suffix::Reference => self.reference(&content),
            Suffix::Role(name) => self.push(interpreted_text(&content, Some(name))),
            Suffix::None => self.push(interpreted_text(&content, role)),
        }
        Some(after)
    }

    /// A hyperlink reference: a link when it leads to a URL, its text otherwise.
    fn reference(&mut self, content: &str) {
        if let Some((title, target)) = embedded_target(content) {
            let url = match target.strip_suffix('_') {
                Some(name) if !is_url(&target) => self.references.url(name).map(str::to_owned),
                _ => is_url(&target).then_some(target.clone()),
            };
            match url {
                Some(url) if title.is_empty() && is_autolink(&url) => self.push(Inline::Url(url)),
                Some(url) => self.push(Inline::Link {
                    text: if title.is_empty() {
                        url.clone()
                    } else {
                        title.to_owned()
                    },
                    url,
                }),
                None => self.push(text(if title.is_empty() {
                    target.as_str()
                } else {
                    title
                })),
            }
            return;
        }
        match self.references.url(content) {
            Some(url) => self.push(Inline::Link {
                text: content.to_owned(),
                url: url.to_owned(),
            }),
            None => self.push(text(content)),
        }
    }

    /// `` _`target` ``: an inline target, shown as its text.
    fn internal_target(&mut self, at: usize) -> Option<usize> {
        if !self.content_starts(at, 2, None) {
            return None;
        }
        let end = self.end(End::InternalTarget, at + 2, |src, from| {
            find_end(src, from, "`", false)
        })?;
        let content = unescape(&self.src[at + 2..end]);
        self.push(text(content));
        Some(end + 1)
    }

    /// `|name|`, `|name|_`: the substitution's text, or its name.
    fn substitution(&mut self, at: usize, prev: Option<char>) -> Option<usize> {
        if !self.content_starts(at, 1, prev) {
            return None;
        }
        let (end, after) = self.end(End::Substitution, at + 1, substitution_end)?;
        let name = unescape(&self.src[at + 1..end]);
        let replacement = self.references.substitutions.get(&reference_name(&name));
        let content = match replacement {
            Some(replacement) => self.nested(replacement, Mode::Replacement),
            None => vec![text(name)],
        };
        for inline in content {
            self.push(inline);
        }
        Some(after)
    }

    /// `[1]_`, `[#note]_`, `[CIT2002]_`: a footnote or citation reference, shown as its
    /// bracketed label.
    fn footnote_reference(&mut self, at: usize) -> Option<usize> {
        let rest = &self.src[at + 1..];
        let close = rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '#' | '*')))
            .filter(|&close| rest[close..].starts_with("]_"))?;
        let label = &rest[..close];
        if !is_footnote_label(label) {
            return None;
        }
        let after = at + 1 + close + 2;
        if !ends_markup(self.src[after..].chars().next()) {
            return None;
        }
        self.push(text_of_label(label));
        Some(after)
    }

    /// `name_` or `name__`: a reference by a simple name, a link when a target defines
    /// it, its text otherwise.
    fn simple_reference(&mut self, at: usize) -> Option<usize> {
        let src = self.src;
        let mut end = at;
        loop {
            let run = src[end..]
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(src.len() - end);
            if run == 0 {
                break;
            }
            end += run;
            let mut chars = src[end..].chars();
            match (chars.next(), chars.next()) {
                (Some(joiner @ ('-' | '.' | '_' | '+' | ':')), Some(next))
                    if next.is_alphanumeric() =>
                {
                    end += joiner.len_utf8();
                }
                _ => break,
            }
        }
        if end == at {
            return None;
        }
        let underscores = if src[end..].starts_with("__") {
            2
        } else if src[end..].starts_with('_') {
            1
        } else {
            return None;
        };
        let after = end + underscores;
        if !ends_markup(src[after..].chars().next()) {
            return None;
        }
        let name = &src[at..end];
        match self.references.url(name) {
            Some(url) => self.push(Inline::Link {
                text: name.to_owned(),
                url: url.to_owned(),
            }),
            None => self.push(text(name)),
        }
        Some(after)
    }
}

/// A role's name at the start of `text` (`:name:`, without the colons) for which
/// `accept` holds of the text after it. Names are words joined by single `-`, `_`, `.`,
/// `+` or `:` (`qapi:ref`); the shortest acceptable one is taken.
fn role_name(text: &str, accept: impl Fn(&str) -> bool) -> Option<&str> {
    let rest = text.strip_prefix(':')?;
    let mut part_start = 0;
    for (index, c) in rest.char_indices() {
        if c.is_ascii_alphanumeric() {
            continue;
        }
        if index == part_start || !matches!(c, '-' | '_' | '.' | '+' | ':') {
            return None;
        }
        if c == ':' && accept(&rest[index + 1..]) {
            return Some(&rest[..index]);
        }
        part_start = index + 1;
    }
    None
}

/// Interpreted text with its role (`None`: the default role, a cross-reference in
/// QEMU's documentation): code for names and literals, text for titles and prose roles.
fn interpreted_text(content: &str, role: Option<&str>) -> Inline {
    let role = role.map(str::to_ascii_lowercase);
    match role.as_deref() {
        Some("emphasis" | "title-reference" | "title" | "t" | "dfn" | "i") => {
            Inline::Emphasis(vec![text(content)])
        }
        Some("strong" | "b") => Inline::Strong(vec![text(content)]),
        Some(
            "literal" | "code" | "samp" | "kbd" | "file" | "command" | "program" | "envvar"
            | "makevar" | "mimetype" | "regexp" | "math",
        ) => Inline::Code(content.to_owned()),
        Some(
            "sup" | "superscript" | "sub" | "subscript" | "abbr" | "guilabel" | "menuselection"
            | "raw",
        ) => text(content),
        Some(name @ ("rfc" | "pep")) => {
            let number = content.split('#').next().unwrap_or(content).trim();
            text(format!("{} {number}", name.to_ascii_uppercase()))
        }
        Some("term") => match embedded_target(content) {
            Some((title, target)) => text(if title.is_empty() {
                target
            } else {
                title.to_owned()
            }),
            None => text(content),
        },
        _ => match embedded_target(content) {
            Some((title, _)) if !title.is_empty() => text(title),
            Some((_, target)) => Inline::Code(cross_reference_text(&target)),
            None => Inline::Code(cross_reference_text(content)),
        },
    }
}

/// What Sphinx shows of a cross-reference target: `!` dropped, `~a.b.c` as `c`.
fn cross_reference_text(target: &str) -> String {
    let target = target.trim().trim_start_matches('!');
    match target.strip_prefix('~') {
        Some(path) => path.rsplit('.').next().unwrap_or(path).to_owned(),
        None => target.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------
// Writing Markdown

/// The marker of the list last written, so that a list right after it gets the other
/// marker (Markdown would merge two adjacent lists with the same one).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Marker {
    Bullet(char),
    Ordered(char),
}

/// Writes blocks as lines; `parent` is the bullet of the list item they are in.
fn write_blocks(blocks: &[Block], parent: Option<char>, out: &mut Vec<String>) {
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
    let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
    out.push(format!("{fence}{language}"));
    out.extend(text.split('\n').map(str::to_owned));
    out.push(fence);
}

fn longest_run(text: &str, wanted: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == wanted {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
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

/// Writes inline pieces as Markdown, escaping text.
struct InlineWriter {
    out: String,
    /// Whether the next character starts a line (where Markdown reads block markers).
    line_start: bool,
}

impl InlineWriter {
    fn new() -> InlineWriter {
        InlineWriter {
            out: String::new(),
            line_start: true,
        }
    }

    fn finish(mut self) -> String {
        self.trim_line_end();
        self.out
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(text) => self.text(text, true),
            Inline::Code(code) => {
                let span = code_span(code);
                if !span.is_empty() {
                    self.line_start = false;
                    self.out.push_str(&span);
                }
            }
            Inline::Emphasis(inner) | Inline::Strong(inner) => {
                let delimiter = if matches!(inline, Inline::Strong(_)) {
                    "**"
                } else {
                    "*"
                };
                // Markdown emphasis neither starts nor ends with whitespace (`* x` is a
                // list item): whatever escaped spaces left there goes.
                let mut writer = InlineWriter {
                    out: String::new(),
                    line_start: false,
                };
                writer.inlines(inner);
                let content = writer.out.trim_matches([' ', '\t', '\n']);
                if content.is_empty() {
                    return;
                }
                self.line_start = false;
                self.out.push_str(delimiter);
                self.out.push_str(content);
                self.out.push_str(delimiter);
            }
            Inline::Link { text, url } => {
                self.line_start = false;
                // `![` would make an image.
                if self.out.ends_with('!') && !is_escaped(&self.out, self.out.len() - 1) {
                    self.out.insert(self.out.len() - 1, '\\');
                }
                self.out.push('[');
                let text = text.replace('\n', " ");
                self.text(text.trim(), false);
                self.out.push_str("](");
                self.out.push_str(&link_destination(url));
                self.out.push(')');
            }
            Inline::Url(url) => {
                self.line_start = false;
                if is_autolink(url) {
                    self.out.push('<');
                    self.out.push_str(url);
                    self.out.push('>');
                } else {
                    self.text(url, false);
                }
            }
        }
    }

    fn trim_line_end(&mut self) {
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(trimmed);
    }

    /// Plain text; URLs in it become autolinks when `links` is set (rustdoc's
    /// `bare_urls` lint wants every URL of the text linked).
    fn text(&mut self, text: &str, links: bool) {
        let mut at = 0;
        while let Some(c) = text[at..].chars().next() {
            if c == '\n' {
                self.trim_line_end();
                self.out.push('\n');
                self.line_start = true;
                at += 1;
                continue;
            }
            if self.line_start {
                if c == ' ' || c == '\t' {
                    at += 1;
                    continue;
                }
                self.line_start = false;
                let consumed = self.line_start_escape(&text[at..]);
                if consumed > 0 {
                    at += consumed;
                    continue;
                }
            }
            if links && let Some(end) = url_end(text, at) {
                self.out.push('<');
                self.out.push_str(&text[at..end]);
                self.out.push('>');
                at = end;
                continue;
            }
            self.escape_char(text, at, c);
            at += c.len_utf8();
        }
    }

    /// Escapes what would start a block at the start of a line: an ATX heading, a list
    /// item, a thematic break or setext underline. Returns the bytes written for.
    fn line_start_escape(&mut self, rest: &str) -> usize {
        let line = rest.split('\n').next().unwrap_or(rest);
        let mut chars = line.chars();
        let Some(first) = chars.next() else {
            return 0;
        };
        let next = chars.next();
        let only = |allowed: &[char]| line.chars().all(|c| allowed.contains(&c));
        let escape = match first {
            '#' => true,
            '=' => only(&['=', ' ', '\t']),
            '-' | '+' => next.is_none_or(|c| c == ' ' || c == '\t') || only(&[first, ' ', '\t']),
            '0'..='9' => {
                let digits = line.bytes().take_while(u8::is_ascii_digit).count();
                let after = &line[digits..];
                let mut after_chars = after.chars();
                if matches!(after_chars.next(), Some('.' | ')'))
                    && after_chars.next().is_none_or(|c| c == ' ' || c == '\t')
                {
                    self.out.push_str(&line[..digits]);
                    self.out.push('\\');
                    self.out.push_str(&after[..1]);
                    return digits + 1;
                }
                false
            }
            _ => false,
        };
        if !escape {
            return 0;
        }
        self.out.push('\\');
        self.out.push(first);
        first.len_utf8()
    }

    fn escape_char(&mut self, text: &str, at: usize, c: char) {
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' | '$' => {
                self.out.push('\\');
                self.out.push(c);
            }
            '_' => {
                // An underscore inside a word never delimits emphasis.
                let before = self
                    .out
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
                let after = text[at + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
                if !(before && after) {
                    self.out.push('\\');
                }
                self.out.push('_');
            }
            '&' if is_entity(&text[at + 1..]) => self.out.push_str("\\&"),
            c => self.out.push(c),
        }
    }
}

/// Whether text after `&` would read as an HTML entity (`&amp;`, `&#38;`, `&#x26;`).
fn is_entity(rest: &str) -> bool {
    let Some(end) = rest.find(';') else {
        return false;
    };
    let name = &rest[..end];
    if let Some(number) = name.strip_prefix('#') {
        return match number.strip_prefix(['x', 'X']) {
            Some(hex) => (1..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()),
            None => (1..=7).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit()),
        };
    }
    (1..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A code span holding `code` on one line, with enough backticks around it.
fn code_span(code: &str) -> String {
    let code = code.replace('\n', " ");
    if code.is_empty() {
        return code;
    }
    // The shortest fence no run of backticks inside matches.
    let runs = backtick_runs(&code);
    let length = (1..).find(|length| !runs.contains(length)).unwrap_or(1);
    let fence = "`".repeat(length);
    let pad = code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty());
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{code}{pad}{fence}")
}

fn backtick_runs(text: &str) -> Vec<usize> {
    let mut runs = Vec::new();
    let mut run = 0;
    for c in text.chars().chain(std::iter::once(' ')) {
        if c == '`' {
            run += 1;
        } else if run > 0 {
            runs.push(run);
            run = 0;
        }
    }
    runs
}

/// A URL as a link destination: characters that would end or break it escaped.
fn link_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("%5C"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            c if c.is_control() || c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use pulldown_cmark::{
        BrokenLink, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd,
    };

    fn md(rst: &str) -> String {
        let markdown = rst_to_markdown(rst);
        if let Err(problem) = check_conversion(rst, &markdown) {
            panic!("{problem}\n--- rST:\n{rst}\n--- Markdown:\n{markdown}");
        }
        markdown
    }

    /// [`check_markdown`], and that Markdown reads with as many lists, code blocks and
    /// rules as the converter meant to write: an accidental list (a line starting `1.`),
    /// code block (an indented line) or rule (`---`) would show.
    fn check_conversion(rst: &str, markdown: &str) -> Result<(), String> {
        check_markdown(markdown)?;
        let meant = structure_of_blocks(rst);
        let read = structure_of_markdown(markdown);
        if meant != read {
            return Err(format!(
                "lists, code blocks, rules: meant {meant:?}, read {read:?}"
            ));
        }
        Ok(())
    }

    /// What rustdoc enables when it renders documentation.
    fn rustdoc_options() -> Options {
        Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_SMART_PUNCTUATION
    }

    /// Checks Markdown as rustdoc would read it: no HTML, no link but autolinks and
    /// explicit links to URLs, no reference rustdoc would try as an intra-doc link, no
    /// bare URL, no code block it would take for a doctest, no `[` or `]` unescaped
    /// outside code and links, and none of the structure the converter never means to
    /// make (headings, block quotes, tables, footnotes, task lists, strikethrough).
    fn check_markdown(markdown: &str) -> Result<(), String> {
        let mut broken = Vec::new();
        let mut callback = |link: BrokenLink<'_>| {
            broken.push(link.reference.to_string());
            None
        };
        let parser =
            Parser::new_with_broken_link_callback(markdown, rustdoc_options(), Some(&mut callback));
        let mut exempt = Vec::new();
        let mut in_link_or_code = 0usize;
        for (event, range) in parser.into_offset_iter() {
            match &event {
                Event::Html(_) | Event::InlineHtml(_) => return Err(format!("HTML: {event:?}")),
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }) => {
                    let explicit = *link_type == LinkType::Inline && is_url(dest_url);
                    if *link_type != LinkType::Autolink && !explicit {
                        return Err(format!("link: {event:?}"));
                    }
                    in_link_or_code += 1;
                    exempt.push(range);
                }
                Event::End(TagEnd::Link | TagEnd::CodeBlock) => in_link_or_code -= 1,
                Event::Start(Tag::CodeBlock(kind)) => {
                    match kind {
                        CodeBlockKind::Fenced(language) if !language.is_empty() => {}
                        _ => return Err(format!("code block rustdoc would test: {event:?}")),
                    }
                    in_link_or_code += 1;
                    exempt.push(range);
                }
                Event::Code(_) => exempt.push(range),
                Event::Text(text) if in_link_or_code == 0 && has_bare_url(text) => {
                    return Err(format!("bare URL: {text:?}"));
                }
                Event::Start(
                    Tag::Heading { .. }
                    | Tag::Image { .. }
                    | Tag::BlockQuote(_)
                    | Tag::Table(_)
                    | Tag::FootnoteDefinition(_)
                    | Tag::Strikethrough,
                )
                | Event::FootnoteReference(_)
                | Event::TaskListMarker(_) => return Err(format!("unintended: {event:?}")),
                _ => {}
            }
        }
        if !broken.is_empty() {
            return Err(format!("references rustdoc would resolve: {broken:?}"));
        }
        for (at, byte) in markdown.bytes().enumerate() {
            if (byte == b'[' || byte == b']')
                && !is_escaped(markdown, at)
                && !exempt.iter().any(|range| range.contains(&at))
            {
                return Err(format!("unescaped {:?} at {at}", byte as char));
            }
        }
        Ok(())
    }

    /// Whether rustdoc's `bare_urls` lint would find a URL in text: `http://` or
    /// `https://` then a host name with a dot and a top-level domain of letters.
    fn has_bare_url(text: &str) -> bool {
        ["http://", "https://"].iter().any(|scheme| {
            text.match_indices(scheme).any(|(at, _)| {
                let host: String = text[at + scheme.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || "-@:%._+~#=".contains(*c))
                    .collect();
                host.match_indices('.').any(|(dot, _)| {
                    dot >= 2
                        && host[dot + 1..]
                            .bytes()
                            .take_while(u8::is_ascii_alphabetic)
                            .count()
                            >= 2
                })
            })
        })
    }

    #[test]
    fn at_name_becomes_code() {
        assert_eq!(
            md("The @ShutdownCause of the RESET, see @vfu-qom-path."),
            "The `ShutdownCause` of the RESET, see `vfu-qom-path`."
        );
        assert_eq!(md("member @__com.redhat_x."), "member `__com.redhat_x`.");
        assert_eq!(md("mail qemu@nongnu.org"), "mail qemu@nongnu.org");
    }

    #[test]
    fn double_backtick_literal_becomes_code() {
        assert_eq!(
            md("If the option ``-no-shutdown`` has been specified"),
            "If the option `-no-shutdown` has been specified"
        );
        assert_eq!(md("``a`b`` and ``c``d``"), "``a`b`` and `c``d`");
        assert_eq!(
            md("``x``y is not a literal"),
            "\\`\\`x\\`\\`y is not a literal"
        );
    }

    #[test]
    fn strong_and_emphasis_stay() {
        assert_eq!(md("**bold** and *soft* text"), "**bold** and *soft* text");
        assert_eq!(md("*see @foo*"), "*see `foo`*");
    }

    #[test]
    fn lone_star_and_underscore_are_escaped() {
        assert_eq!(
            md("2 * 3 and a*b* and _x_"),
            "2 \\* 3 and a\\*b\\* and \\_x\\_"
        );
        assert_eq!(md("vm_ram_size stays"), "vm_ram_size stays");
        assert_eq!(md("ACPI _OST method"), "ACPI \\_OST method");
        assert_eq!(md("(*) and \"*\""), "(\\*) and \"\\*\"");
    }

    #[test]
    fn roles_become_code_or_text() {
        assert_eq!(
            md(":ref:`the manual <qemu-manual>` and :qapi:ref:`BlockdevOptions`"),
            "the manual and `BlockdevOptions`"
        );
        assert_eq!(
            md("see :doc:`/interop/qmp-spec`"),
            "see `/interop/qmp-spec`"
        );
        assert_eq!(
            md("`query-status` and `x`:qapi:type:"),
            "`query-status` and `x`"
        );
        assert_eq!(md(":emphasis:`this` :strong:`that`"), "*this* **that**");
        assert_eq!(
            md(":rfc:`1918` :abbr:`QMP (QEMU Machine Protocol)`"),
            "RFC 1918 QMP (QEMU Machine Protocol)"
        );
        assert_eq!(md(":qapi:ref:`~a.b.Name`"), "`Name`");
    }

    #[test]
    fn literal_block_after_double_colon_is_fenced() {
        assert_eq!(
            md("The histogram looks like::\n\n  5|   *\n   +----\n\nAfter."),
            "The histogram looks like:\n\n```text\n5|   *\n +----\n```\n\nAfter."
        );
    }

    #[test]
    fn qmp_literal_block_is_json() {
        assert_eq!(
            md("Remove all::\n\n -> { \"execute\": \"x\" }\n <- { \"return\": {} }"),
            "Remove all:\n\n```json\n-> { \"execute\": \"x\" }\n<- { \"return\": {} }\n```"
        );
    }

    #[test]
    fn lone_double_colon_paragraph_disappears() {
        assert_eq!(
            md("Intervals:\n\n::\n\n  [0, 10)"),
            "Intervals:\n\n```text\n[0, 10)\n```"
        );
        assert_eq!(
            md("Expanded ::\n\n  code"),
            "Expanded\n\n```text\ncode\n```"
        );
    }

    #[test]
    fn double_colon_without_block_becomes_colon() {
        assert_eq!(md("Only text::"), "Only text:");
    }

    #[test]
    fn note_directive_becomes_bold_label() {
        assert_eq!(
            md(".. note:: If action is \"stop\", a STOP event will\n   follow.\n\nAfter."),
            "**Note:** If action is \"stop\", a STOP event will\nfollow.\n\nAfter."
        );
        assert_eq!(
            md(".. caution::\n\n   Errors were not reliably returned.\n\n   More."),
            "**Caution:** Errors were not reliably returned.\n\nMore."
        );
    }

    #[test]
    fn admonition_title_is_the_label() {
        assert_eq!(
            md(
                ".. admonition:: Notes\n\n    1. The first.\n\n    2. The second,\n       continued."
            ),
            "**Notes:**\n\n1. The first.\n2. The second,\n   continued."
        );
    }

    #[test]
    fn code_block_directive_is_fenced() {
        assert_eq!(
            md(".. code-block:: c\n   :linenos:\n\n   int x;\n     y;"),
            "```c\nint x;\n  y;\n```"
        );
        assert_eq!(
            md(".. code-block:: rust\n\n   fn f() {}"),
            "```text\nfn f() {}\n```"
        );
    }

    #[test]
    fn qmp_example_is_a_json_block() {
        assert_eq!(
            md(".. qmp-example::\n   :title: Stopping\n\n    <- { \"event\": \"STOP\" }"),
            "**Example:** Stopping\n\n```json\n<- { \"event\": \"STOP\" }\n```"
        );
    }

    #[test]
    fn annotated_qmp_example_keeps_its_prose() {
        let rst = ".. qmp-example::\n   :annotated:\n\n   Set new histograms with the following intervals:\n\n   - read, flush: [0, 10), [10, 50)\n   - write: [0, 1000)\n\n   ::\n\n    -> { \"execute\": \"block-latency-histogram-set\" }\n    <- { \"return\": {} }";
        assert_eq!(
            md(rst),
            "**Example:** Set new histograms with the following intervals:\n\n- read, flush: \\[0, 10), \\[10, 50)\n- write: \\[0, 1000)\n\n```json\n-> { \"execute\": \"block-latency-histogram-set\" }\n<- { \"return\": {} }\n```"
        );
    }

    #[test]
    fn version_directives_become_sentences() {
        assert_eq!(md(".. versionadded:: 9.1"), "*Added in version 9.1.*");
        assert_eq!(
            md(".. deprecated:: 8.0 Use @foo instead."),
            "*Deprecated since version 8.0:* Use `foo` instead."
        );
    }

    #[test]
    fn comments_and_targets_are_dropped() {
        assert_eq!(
            md("Before.\n\n.. a comment\n   going on\n\nAfter."),
            "Before.\n\nAfter."
        );
        assert_eq!(
            md("..\n\n   Quoted.\n\n.. _qemu: https://qemu.org"),
            "Quoted."
        );
        assert_eq!(md(".. image:: x.png\n   :alt: x\n\nText."), "Text.");
    }

    #[test]
    fn unknown_directive_is_plain_text() {
        assert_eq!(
            md(".. frobnicate:: <arg>\n\n   Body *here*."),
            "\\<arg\\>\n\nBody *here*."
        );
    }

    #[test]
    fn bullet_lists_nest() {
        assert_eq!(
            md(
                "Instances:\n\n- nbd block device:\n  the client\n\n  - nested one\n  - nested two\n\n- chardev\n\nAfter."
            ),
            "Instances:\n\n- nbd block device:\n  the client\n  * nested one\n  * nested two\n- chardev\n\nAfter."
        );
        assert_eq!(
            md("* one\n\n  second paragraph\n* two"),
            "- one\n\n  second paragraph\n\n- two"
        );
    }

    #[test]
    fn enumerated_lists_are_numbered() {
        assert_eq!(md("3. three\n4. four"), "3. three\n4. four");
        assert_eq!(md("#. auto\n#. again"), "1. auto\n2. again");
        assert_eq!(md("1) paren\n2) paren"), "1) paren\n2) paren");
        assert_eq!(md("a) first\nb) second"), "- a) first\n- b) second");
        assert_eq!(md("(i) one\n(ii) two"), "- (i) one\n- (ii) two");
    }

    #[test]
    fn enumerator_without_list_is_text() {
        assert_eq!(
            md("A. Einstein was\na physicist."),
            "A. Einstein was\na physicist."
        );
        assert_eq!(
            md("1. Not a list\nsince this line is not indented"),
            "1\\. Not a list\nsince this line is not indented"
        );
    }

    #[test]
    fn definitions_and_block_quotes_flow_as_paragraphs() {
        assert_eq!(
            md(
                "set new histograms with the following intervals:\n  read, flush: [0, 10)\n  write: [0, 1000)"
            ),
            "set new histograms with the following intervals:\n\nread, flush: \\[0, 10)\nwrite: \\[0, 1000)"
        );
        assert_eq!(md("Para.\n\n    Quoted para."), "Para.\n\nQuoted para.");
    }

    #[test]
    fn field_lists_become_labelled_paragraphs() {
        assert_eq!(
            md(":since: 2.0\n:note: with *text*"),
            "**since:** 2.0\n\n**note:** with *text*"
        );
    }

    #[test]
    fn markdown_specials_are_escaped() {
        assert_eq!(
            md("<- { \"event\" } and Vec<u8> and <foo> and [22] | a\\\\b & &amp; &#38;"),
            "\\<- { \"event\" } and Vec\\<u8\\> and \\<foo\\> and \\[22\\] \\| a\\\\b & \\&amp; \\&#38;"
        );
        assert_eq!(md("# not a heading"), "\\# not a heading");
        assert_eq!(md("~tilde~ and $x$"), "\\~tilde\\~ and \\$x\\$");
    }

    #[test]
    fn continuation_lines_never_start_blocks() {
        assert_eq!(
            md(
                "image options amend job type, see (since\n5.1) or\n- not a list\n1. nor this\n+ nor\n# this\n>quote\n====\n    indented"
            ),
            "image options amend job type, see (since\n5.1) or\n\\- not a list\n1\\. nor this\n\\+ nor\n\\# this\n\\>quote\n\\====\n\nindented"
        );
        assert_eq!(
            md("offset (as specified by\n-rtc base)"),
            "offset (as specified by\n-rtc base)"
        );
    }

    #[test]
    fn urls_become_autolinks() {
        assert_eq!(
            md(
                "projects, specifically https://gitlab.com/kraxel/virt-firmware and\nhttps://github.com/awslabs/python-uefivars."
            ),
            "projects, specifically <https://gitlab.com/kraxel/virt-firmware> and\n<https://github.com/awslabs/python-uefivars>."
        );
        assert_eq!(
            md("(see https://en.wikipedia.org/wiki/A_(b))"),
            "(see <https://en.wikipedia.org/wiki/A_(b)>)"
        );
        assert_eq!(md("<https://qemu.org>"), "<https://qemu.org>");
        assert_eq!(
            md("escaped https\\://qemu.org"),
            "escaped <https://qemu.org>"
        );
        assert_eq!(md("``https://qemu.org``"), "`https://qemu.org`");
    }

    #[test]
    fn rst_hyperlinks_become_markdown_links() {
        assert_eq!(
            md("See `the QEMU site <https://qemu.org/a(b)>`_ and `<https://x.org>`__."),
            "See [the QEMU site](https://qemu.org/a\\(b\\)) and <https://x.org>."
        );
        assert_eq!(
            md(
                "Read `the spec`_ and qemu_ docs.\n\n.. _the spec: https://x.org/spec\n.. _qemu: https://qemu.org"
            ),
            "Read [the spec](https://x.org/spec) and [qemu](https://qemu.org) docs."
        );
        assert_eq!(
            md("An `unknown target`_ and a `local <other_>`_."),
            "An unknown target and a local."
        );
        assert_eq!(
            md("Wow!`site <https://x.org>`_"),
            "Wow\\![site](https://x.org)"
        );
    }

    #[test]
    fn substitutions_and_footnotes_are_text() {
        assert_eq!(
            md("|QEMU| and |x|_ and [1]_\n\n.. |QEMU| replace:: *the* emulator\n.. [1] A note."),
            "*the* emulator and x and \\[1\\]\n\n\\[1\\] A note."
        );
    }

    #[test]
    fn headings_become_bold_paragraphs() {
        assert_eq!(md("= Block devices"), "**Block devices**");
        assert_eq!(
            md("== Additional block stuff (VM related)"),
            "**Additional block stuff (VM related)**"
        );
        assert_eq!(md("Title\n=====\n\nText."), "**Title**\n\nText.");
        assert_eq!(md("-----\nTitle\n-----\nText."), "**Title**\n\nText.");
        assert_eq!(md("Before.\n\n----\n\nAfter."), "Before.\n\n___\n\nAfter.");
    }

    #[test]
    fn tables_keep_their_layout() {
        let rst = ".. table:: Valid combinations\n   :widths: auto\n\n   =====  =====\n   a      b\n   =====  =====\n   x      y\n   =====  =====\n\nAfter.";
        assert_eq!(
            md(rst),
            "**Valid combinations**\n\n```text\n=====  =====\na      b\n=====  =====\nx      y\n=====  =====\n```\n\nAfter."
        );
        assert_eq!(
            md("+---+---+\n| a | b |\n+---+---+"),
            "```text\n+---+---+\n| a | b |\n+---+---+\n```"
        );
    }

    #[test]
    fn line_blocks_keep_their_lines() {
        assert_eq!(
            md("| one\n| two\n  continued\n|\n| three"),
            "one\\\ntwo continued\n\nthree"
        );
    }

    #[test]
    fn adjacent_lists_get_different_markers() {
        assert_eq!(md("- a\n\n+ b"), "- a\n\n* b");
        assert_eq!(md("1. a\n\n1) b"), "1. a\n\n1) b");
        assert_eq!(md("1. a\n\n..\n\n1. b"), "1. a\n\n1) b");
    }

    #[test]
    fn nested_lists_never_read_as_rules_or_headings() {
        // `- - -` and `- ---` would be thematic breaks, `a)` over `-` a heading.
        assert_eq!(md("- - - x"), "- * - x");
        assert_eq!(md("- ----"), "- ___");
        assert_eq!(md("a) -"), "- a)\n\n  *");
    }

    #[test]
    fn adjacent_code_spans_merge() {
        assert_eq!(md("``a``\\ ``b``"), "`ab`");
    }

    #[test]
    fn emphasis_never_starts_with_a_space() {
        assert_eq!(md("*\\  x*"), "*x*");
    }

    #[test]
    fn code_spans_get_enough_backticks() {
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(code_span(" a "), "`  a  `");
        assert_eq!(md("``a``b``"), "`a``b`");
    }

    #[test]
    fn code_fences_outgrow_backticks_inside() {
        assert_eq!(
            md("x::\n\n  ```\n  ````"),
            "x:\n\n`````text\n```\n````\n`````"
        );
    }

    #[test]
    fn escapes_and_crlf_are_read() {
        assert_eq!(
            md("\\*not emphasis\\* a\\ b\r\nnext"),
            "\\*not emphasis\\* ab\nnext"
        );
        assert_eq!(md("tab\there"), "tab     here");
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let rst = "- ".repeat(200) + "deep";
        let markdown = md(&rst);
        assert!(markdown.ends_with("deep"), "{markdown}");
    }

    /// Every doc text of a model.
    fn doc_texts(schema: &crate::Schema) -> Vec<(String, String)> {
        use crate::{Data, Field, Type, TypeKind};
        fn fields(out: &mut Vec<(String, String)>, at: &str, fields: &[Field]) {
            for field in fields {
                let at = format!("{at}.{}", field.name);
                out.push((at.clone(), field.description.clone()));
                for feature in &field.features {
                    out.push((
                        format!("{at}#{}", feature.name),
                        feature.description.clone(),
                    ));
                }
                type_texts(out, &at, &field.ty);
            }
        }
        fn type_texts(out: &mut Vec<(String, String)>, at: &str, ty: &Type) {
            match ty {
                Type::Array(element) => type_texts(out, at, element),
                Type::Object(members) => fields(out, at, members),
                Type::Enum(values) => {
                    for value in values {
                        out.push((format!("{at}={}", value.value), value.description.clone()));
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        for section in &schema.sections {
            let name = &section.names[0].name;
            out.push((name.clone(), section.description.clone()));
            for note in &section.notes {
                out.push((format!("{name} (note)"), note.text.clone()));
            }
            for feature in &section.features {
                out.push((
                    format!("{name}#{}", feature.name),
                    feature.description.clone(),
                ));
            }
            fields(&mut out, name, section.data.fields());
            if let Data::Undescribed { text } = &section.data {
                out.push((format!("{name} (data)"), text.clone()));
            }
        }
        for (name, named) in &schema.types {
            out.push((name.clone(), named.description.clone()));
            for feature in &named.features {
                out.push((
                    format!("{name}#{}", feature.name),
                    feature.description.clone(),
                ));
            }
            match &named.kind {
                TypeKind::Struct { members, .. } | TypeKind::Union { members, .. } => {
                    fields(&mut out, name, members)
                }
                TypeKind::Enum { values } => {
                    for value in values {
                        let at = format!("{name}={}", value.value);
                        out.push((at.clone(), value.description.clone()));
                        for feature in &value.features {
                            out.push((
                                format!("{at}#{}", feature.name),
                                feature.description.clone(),
                            ));
                        }
                    }
                }
                TypeKind::Alternate { .. } => {}
            }
        }
        out.retain(|(_, text)| !text.trim().is_empty());
        out
    }

    fn bundled(version: &str) -> std::path::PathBuf {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../events-spec/qapi")
            .join(format!("qemu-{version}"))
    }

    #[test]
    fn every_doc_text_of_the_bundled_schemas_converts_cleanly() {
        let mut converted = 0;
        for version in ["10.0.2", "7.2.22"] {
            let document = crate::Document::read(bundled(version).join("qapi-schema.json"));
            assert!(!document.schema.sections.is_empty());
            let texts = doc_texts(&document.schema);
            for (at, rst) in &texts {
                let markdown = rst_to_markdown(rst);
                if let Err(problem) = check_conversion(rst, &markdown) {
                    panic!("{version} {at}: {problem}\n--- rST:\n{rst}\n--- Markdown:\n{markdown}");
                }
                converted += 1;
            }
            // Those the conversion changes, to look at (`cargo test -- --nocapture`).
            let changed = texts
                .iter()
                .map(|(at, rst)| (at, rst, rst_to_markdown(rst)))
                .filter(|(_, rst, markdown)| markdown != *rst);
            for (at, rst, markdown) in changed.take(8) {
                println!("== {version} {at}\n{rst}\n-- Markdown:\n{markdown}\n");
            }
        }
        assert!(converted > 700, "{converted}");
    }

    /// The `##` doc comments of a schema file, `#` and one space taken from each line.
    fn raw_doc_comments(text: &str) -> Vec<String> {
        let mut comments = Vec::new();
        let mut current: Option<Vec<&str>> = None;
        for line in text.lines() {
            if line.starts_with("##") {
                match current.take() {
                    Some(lines) => comments.push(lines.join("\n")),
                    None => current = Some(Vec::new()),
                }
            } else if let Some(lines) = current.as_mut() {
                match line.strip_prefix('#') {
                    Some(rest) => lines.push(rest.strip_prefix(' ').unwrap_or(rest)),
                    None => comments.push(current.take().unwrap_or_default().join("\n")),
                }
            }
        }
        comments
    }

    #[test]
    fn every_whole_doc_comment_of_the_bundled_schemas_converts_cleanly() {
        // The model holds the doc texts of what events reach; the files hold much more
        // rST (lists, tables, annotated examples, admonitions): all of it must convert.
        let mut converted = 0;
        let mut shown = 0;
        for version in ["10.0.2", "7.2.22"] {
            let mut paths: Vec<_> = std::fs::read_dir(bundled(version))
                .expect("bundled schema")
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).expect("schema file");
                for rst in raw_doc_comments(&text) {
                    let markdown = rst_to_markdown(&rst);
                    if let Err(problem) = check_conversion(&rst, &markdown) {
                        panic!(
                            "{}: {problem}\n--- rST:\n{rst}\n--- Markdown:\n{markdown}",
                            path.display()
                        );
                    }
                    if shown < 3
                        && (rst.contains(".. admonition::")
                            || rst.contains(":annotated:")
                            || rst.contains(".. table::"))
                    {
                        shown += 1;
                        println!("== {}\n{rst}\n-- Markdown:\n{markdown}\n", path.display());
                    }
                    converted += 1;
                }
            }
        }
        assert!(converted > 1900, "{converted}");
    }

    /// How many lists, code blocks and rules the converter means to write for `rst`.
    fn structure_of_blocks(rst: &str) -> [usize; 3] {
        fn count(blocks: &[Block], counts: &mut [usize; 3]) {
            for block in blocks {
                match block {
                    Block::List(list) => {
                        counts[0] += 1;
                        for item in &list.items {
                            count(item, counts);
                        }
                    }
                    Block::Code { text, .. } if !text.trim().is_empty() => counts[1] += 1,
                    Block::Rule => counts[2] += 1,
                    _ => {}
                }
            }
        }
        let source = normalize(rst);
        let lines: Vec<Line<'_>> = source.iter().map(|line| Line::new(line)).collect();
        let references = References::collect(&lines);
        let blocks = BlockParser {
            references: &references,
        }
        .blocks(&lines, 0);
        let mut counts = [0; 3];
        count(&blocks, &mut counts);
        counts
    }

    /// How many lists, code blocks and rules Markdown has.
    fn structure_of_markdown(markdown: &str) -> [usize; 3] {
        let mut counts = [0; 3];
        for event in Parser::new_ext(markdown, rustdoc_options()) {
            match event {
                Event::Start(Tag::List(_)) => counts[0] += 1,
                Event::Start(Tag::CodeBlock(_)) => counts[1] += 1,
                Event::Rule => counts[2] += 1,
                _ => {}
            }
        }
        counts
    }

    /// Pieces of rST syntax, to make strings that reach the converter's corners.
    const RST_PIECES: &[&str] = &[
        "@name",
        "``",
        "`",
        "*",
        "**",
        "_",
        "__",
        ":ref:",
        "::",
        ":",
        "|",
        "\\",
        "\n",
        "\n\n",
        " ",
        "    ",
        "\t",
        "- ",
        "* ",
        "1. ",
        "#. ",
        "a) ",
        "(ii) ",
        ".. ",
        ".. note:: ",
        ".. admonition:: T\n",
        ".. qmp-example::\n",
        "   :annotated:\n",
        ".. code-block:: ",
        ".. _t: http://x.org\n",
        ".. |s| replace:: *r*\n",
        "<",
        ">",
        "->",
        "[",
        "]",
        "&amp;",
        "#",
        "=",
        "====",
        "---",
        "+--+",
        "===  ===",
        "https://x.org/a",
        "`t <https://x.org>`_",
        "t_",
        "~",
        "$",
        "!",
        "(",
        ")",
        "\"",
        "\r",
        "\u{0}",
        "word",
        "x",
        "12",
        "é",
        "\n  ",
        "\n    ",
        ".. versionadded:: ",
        "   :title: x\n",
        ":emphasis:`",
        "|x|",
        "[1]_",
        ".. [1] ",
        "Title\n=====\n",
        "| ",
        "i. ",
        "(2) ",
        ">>> ",
        ":field: ",
        "`x`_",
        "\\ ",
    ];

    fn rst_piece() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => prop::sample::select(RST_PIECES).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn any_rst_piece_sequence_converts_to_clean_markdown(
            pieces in prop::collection::vec(rst_piece(), 0..40)
        ) {
            let rst = pieces.concat();
            let markdown = rst_to_markdown(&rst);
            let checked = check_conversion(&rst, &markdown);
            prop_assert!(checked.is_ok(), "{:?}\n{}\n---\n{}", checked, rst, markdown);
        }

        #[test]
        fn any_string_converts_without_html(rst in any::<String>()) {
            let markdown = rst_to_markdown(&rst);
            let html = Parser::new_ext(&markdown, rustdoc_options())
                .any(|event| matches!(event, Event::Html(_) | Event::InlineHtml(_)));
            prop_assert!(!html, "{}", markdown);
        }
    }
}
