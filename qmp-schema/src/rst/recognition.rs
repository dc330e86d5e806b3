//! rST's recognition rules for inline markup: what may come before a start-string and
//! after an end-string, and where the end-string of each kind of markup is.

use super::roles::role_name;

/// Whether inline markup may start after `prev`: rST wants the start of the text,
/// whitespace, an opening bracket or quote, or a delimiter.
pub(super) fn starts_markup(prev: Option<char>) -> bool {
    prev.is_none_or(|c| {
        c.is_whitespace() || matches!(c, '\'' | '"' | '<' | '(' | '[' | '{') || is_delimiter(c)
    })
}

/// Whether inline markup may end before `next`.
pub(super) fn ends_markup(next: Option<char>) -> bool {
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
pub(super) fn quoted(prev: Option<char>, next: char) -> bool {
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
pub(super) fn is_escaped(src: &str, at: usize) -> bool {
    src[..at].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// Where the end-string `delimiter` of inline markup whose content starts at `from` is:
/// the first one after non-empty content, not after whitespace (nor escaped, unless the
/// content is literal), and followed by what may end markup.
pub(super) fn find_end(src: &str, from: usize, delimiter: &str, literal: bool) -> Option<usize> {
    let mut search = from;
    while let Some(offset) = src.get(search..)?.find(delimiter) {
        let at = search + offset;
        let after = src[at + delimiter.len()..].chars().next();
        if closes_content(src, from, at) && (literal || !is_escaped(src, at)) && ends_markup(after)
        {
            return Some(at);
        }
        search = at + 1;
    }
    None
}

/// Whether an end-string at `at` may close content that starts at `from`: the content
/// is not empty and does not end with whitespace.
fn closes_content(src: &str, from: usize, at: usize) -> bool {
    at > from
        && src[..at]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace())
}

/// The length of the `_` or `__` that makes what comes before it a hyperlink reference;
/// 0 when there is none.
pub(super) fn reference_suffix(rest: &str) -> usize {
    if rest.starts_with("__") {
        2
    } else if rest.starts_with('_') {
        1
    } else {
        0
    }
}

/// What follows interpreted text.
#[derive(Debug, Clone, Copy)]
pub(super) enum Suffix<'a> {
    None,
    /// `_` or `__`: a hyperlink reference.
    Reference,
    /// `:role:`
    Role(&'a str),
}

/// The end of interpreted text whose content starts at `from`: the closing backtick's
/// index, the index after its suffix, and the suffix (none when `with_role`, the role
/// having come first).
pub(super) fn interpreted_end(
    src: &str,
    from: usize,
    with_role: bool,
) -> Option<(usize, usize, Suffix<'_>)> {
    let mut search = from;
    loop {
        let end = search + src[search..].find('`')?;
        search = end + 1;
        if !closes_content(src, from, end)
            || is_escaped(src, end)
            || src[end + 1..].starts_with('`')
        {
            continue;
        }
        let mut after = end + 1;
        let mut suffix = Suffix::None;
        if !with_role {
            let underscores = reference_suffix(&src[after..]);
            if underscores > 0 {
                suffix = Suffix::Reference;
                after += underscores;
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
pub(super) fn substitution_end(src: &str, from: usize) -> Option<(usize, usize)> {
    let mut search = from;
    loop {
        let end = search + src[search..].find('|')?;
        search = end + 1;
        if !closes_content(src, from, end) || is_escaped(src, end) {
            continue;
        }
        let after = end + 1 + reference_suffix(&src[end + 1..]);
        if ends_markup(src[after..].chars().next()) {
            return Some((end, after));
        }
    }
}

/// Text with rST's backslash escapes resolved: `\x` is `x`, an escaped space is
/// nothing.
pub(super) fn unescape(text: &str) -> String {
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
