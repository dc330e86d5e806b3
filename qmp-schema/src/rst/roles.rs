//! Interpreted text and its roles (`` :role:`text` ``, `` `text`:role: ``): code for
//! names and literals, emphasis or text for the rest.

use super::ast::{Inline, text};
use super::inline::{End, InlineParser};
use super::recognition::{Suffix, interpreted_end, unescape};
use super::urls::embedded_target;

impl InlineParser<'_, '_> {
    /// `:role:` before interpreted text.
    pub(super) fn role_prefix(&mut self, at: usize) -> Option<usize> {
        let role = role_name(&self.src[at..], |after| {
            after.starts_with('`') && !after.starts_with("``")
        })?;
        self.interpreted(at + role.len() + 2, Some(role), None)
    }

    /// Interpreted text or a hyperlink reference from the backtick at `tick`.
    pub(super) fn interpreted(
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
}

/// A role's name at the start of `text` (`:name:`, without the colons) for which
/// `accept` holds of the text after it. Names are words joined by single `-`, `_`, `.`,
/// `+` or `:` (`qapi:ref`); the shortest acceptable one is taken.
pub(super) fn role_name(text: &str, accept: impl Fn(&str) -> bool) -> Option<&str> {
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
