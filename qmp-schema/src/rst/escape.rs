//! Writing inline pieces as Markdown: text with everything Markdown would read as markup
//! escaped, code spans, emphasis, links and autolinks.

use super::ast::Inline;
use super::recognition::is_escaped;
use super::urls::{is_autolink, url_end};

/// Writes inline pieces as Markdown, escaping text.
pub(super) struct InlineWriter {
    out: String,
    /// Whether the next character starts a line (where Markdown reads block markers).
    line_start: bool,
}

impl InlineWriter {
    pub(super) fn new() -> InlineWriter {
        InlineWriter {
            out: String::new(),
            line_start: true,
        }
    }

    pub(super) fn finish(mut self) -> String {
        self.trim_line_end();
        self.out
    }

    pub(super) fn inlines(&mut self, inlines: &[Inline]) {
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
pub(super) fn code_span(code: &str) -> String {
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

/// The lengths of the runs of backticks in `text`.
pub(super) fn backtick_runs(text: &str) -> Vec<usize> {
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
