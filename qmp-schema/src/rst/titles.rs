//! Section titles, QAPI's headings and transitions.

use super::lines::Line;

/// A line made of one punctuation character repeated: a section adornment or a
/// transition.
pub(super) fn is_adornment(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_punctuation() && chars.all(|c| c == first))
}

/// A section title: underlined, or overlined and underlined with the same character.
/// Returns the title and the index after the adornment.
pub(super) fn section_title<'a>(
    lines: &[Line<'a>],
    at: usize,
    base: usize,
) -> Option<(&'a str, usize)> {
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
pub(super) fn qapi_heading(text: &str) -> Option<&str> {
    let title = text.trim_start_matches('=');
    if title.len() == text.len() || !title.starts_with(' ') {
        return None;
    }
    let title = title.trim();
    (!title.is_empty()).then_some(title)
}
