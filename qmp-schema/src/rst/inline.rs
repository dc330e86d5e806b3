//! Reading inline markup: the parser, and the markup that is neither a role nor a
//! reference (literals, emphasis, escapes, QAPI's `@name`, URLs in the text).

use super::ast::Inline;
use super::recognition::{find_end, quoted, starts_markup};
use super::targets::References;
use super::urls::url_end;

/// What inline markup is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
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
pub(super) enum End {
    Literal,
    Strong,
    Emphasis,
    InternalTarget,
    Interpreted,
    RoleContent,
    Substitution,
}

/// Reads rST inline markup into [`Inline`]s.
pub(super) struct InlineParser<'s, 'r> {
    pub(super) src: &'s str,
    pub(super) references: &'r References,
    mode: Mode,
    inlines: Vec<Inline>,
    /// The text read since the last piece that is not text.
    text: String,
    /// For each kind of end-string, the smallest position a search for one failed
    /// from: none lies after it, so no later search can succeed (this keeps text full
    /// of unclosed `*` or backticks linear).
    no_end_after: [usize; 7],
}

impl<'s, 'r> InlineParser<'s, 'r> {
    pub(super) fn new(
        src: &'s str,
        references: &'r References,
        mode: Mode,
    ) -> InlineParser<'s, 'r> {
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
    pub(super) fn end<T>(
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

    pub(super) fn parse(mut self) -> Vec<Inline> {
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

    pub(super) fn nested(&self, content: &str, mode: Mode) -> Vec<Inline> {
        InlineParser::new(content, self.references, mode).parse()
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.inlines
                .push(Inline::Text(std::mem::take(&mut self.text)));
        }
    }

    pub(super) fn push(&mut self, inline: Inline) {
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
    pub(super) fn content_starts(&self, at: usize, length: usize, prev: Option<char>) -> bool {
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
}
