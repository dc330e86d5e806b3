//! References in the text: hyperlink references, substitutions, footnotes and inline
//! targets, as links where they lead to a URL and as text otherwise.

use super::ast::{Inline, text};
use super::explicit::{is_footnote_label, text_of_label};
use super::inline::{End, InlineParser, Mode};
use super::recognition::{ends_markup, find_end, reference_suffix, substitution_end, unescape};
use super::targets::reference_name;
use super::urls::{embedded_target, is_autolink, is_url};

impl InlineParser<'_, '_> {
    /// A hyperlink reference: a link when it leads to a URL, its text otherwise.
    pub(super) fn reference(&mut self, content: &str) {
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
        self.named_reference(content);
    }

    /// A reference by name: a link when a target defines the name, its text otherwise.
    fn named_reference(&mut self, name: &str) {
        match self.references.url(name) {
            Some(url) => self.push(Inline::Link {
                text: name.to_owned(),
                url: url.to_owned(),
            }),
            None => self.push(text(name)),
        }
    }

    /// `` _`target` ``: an inline target, shown as its text.
    pub(super) fn internal_target(&mut self, at: usize) -> Option<usize> {
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
    pub(super) fn substitution(&mut self, at: usize, prev: Option<char>) -> Option<usize> {
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
    pub(super) fn footnote_reference(&mut self, at: usize) -> Option<usize> {
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
    pub(super) fn simple_reference(&mut self, at: usize) -> Option<usize> {
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
        let underscores = reference_suffix(&src[end..]);
        if underscores == 0 {
            return None;
        }
        let after = end + underscores;
        if !ends_markup(src[after..].chars().next()) {
            return None;
        }
        self.named_reference(&src[at..end]);
        Some(after)
    }
}
