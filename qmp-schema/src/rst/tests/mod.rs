//! The converter's tests, by what they pin, and the checks every conversion of them
//! passes: Markdown that rustdoc reads without warnings, with the structure meant.

mod blocks;
mod bundled;
mod directives;
mod inline;
mod lists;
mod markdown;
mod random;

use super::ast::Block;
use super::recognition::is_escaped;
use super::urls::is_url;
use super::{read_blocks, rst_to_markdown};
use pulldown_cmark::{BrokenLink, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

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
    let mut counts = [0; 3];
    count(&read_blocks(rst), &mut counts);
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
