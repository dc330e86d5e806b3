//! URLs in the text, and the targets of hyperlinks.

/// Where a URL starting at `at` ends, if one does: `http://`, `https://` or `ftp://`
/// and what follows up to whitespace, without trailing punctuation (a closing
/// parenthesis stays when it closes one of the URL's).
pub(super) fn url_end(src: &str, at: usize) -> Option<usize> {
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
pub(super) fn is_url(target: &str) -> bool {
    let lower = target.to_ascii_lowercase();
    ["http://", "https://", "ftp://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
}

/// Whether a URL can be written as a CommonMark autolink.
pub(super) fn is_autolink(url: &str) -> bool {
    is_url(url)
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

/// `title <target>` in interpreted text or a reference: the title (possibly empty) and
/// the target, whitespace removed.
pub(super) fn embedded_target(text: &str) -> Option<(&str, String)> {
    let inner = text.trim_end().strip_suffix('>')?;
    let open = inner.rfind('<')?;
    let title = &inner[..open];
    if !title.is_empty() && !title.ends_with(char::is_whitespace) {
        return None;
    }
    let target: String = inner[open + 1..].split_whitespace().collect();
    (!target.is_empty()).then(|| (title.trim(), target))
}
