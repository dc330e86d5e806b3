//! The text as lines: rST's whitespace rules, indentation, and the runs of lines that
//! make up a construct.

/// The text's lines with rST's whitespace rules applied: CR and CRLF end lines as LF
/// does (Markdown would break lines there too), tabs advance to the next multiple of
/// eight columns, vertical tabs and form feeds are spaces, NUL is U+FFFD.
pub(super) fn normalize(text: &str) -> Vec<String> {
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
pub(super) struct Line<'a> {
    pub(super) indent: usize,
    pub(super) text: &'a str,
}

impl<'a> Line<'a> {
    pub(super) fn new(raw: &'a str) -> Line<'a> {
        let text = raw.trim_start_matches(' ');
        Line {
            indent: raw.len() - text.len(),
            text: text.trim_end(),
        }
    }

    pub(super) fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// The index just past the last non-blank line of the run starting at `from` whose
/// lines are blank or indented deeper than `base`: the body of a construct.
pub(super) fn indented_end(lines: &[Line<'_>], from: usize, base: usize) -> usize {
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
pub(super) fn skip_blank(lines: &[Line<'_>], from: usize) -> usize {
    let mut at = from;
    while at < lines.len() && lines[at].is_blank() {
        at += 1;
    }
    at
}

/// Lines with their common indentation removed.
pub(super) fn dedent<'a>(lines: &[Line<'a>]) -> Vec<Line<'a>> {
    let common = common_indent(lines);
    lines
        .iter()
        .map(|line| Line {
            indent: line.indent.saturating_sub(common),
            text: line.text,
        })
        .collect()
}

pub(super) fn common_indent(lines: &[Line<'_>]) -> usize {
    lines
        .iter()
        .filter(|line| !line.is_blank())
        .map(|line| line.indent)
        .min()
        .unwrap_or(0)
}

/// The index after the lines that run on from `from` to the next blank line.
pub(super) fn paragraph_end(lines: &[Line<'_>], from: usize) -> usize {
    run_end(lines, from, |_| true)
}

/// The index of the first line at or after `from` that is blank or for which `keep`
/// does not hold.
pub(super) fn run_end(lines: &[Line<'_>], from: usize, keep: impl Fn(&Line<'_>) -> bool) -> usize {
    let mut end = from;
    while end < lines.len() && !lines[end].is_blank() && keep(&lines[end]) {
        end += 1;
    }
    end
}

/// `first` as a line of its own, unless it is empty, then `rest`: the content of a
/// construct whose text may start on its marker's line.
pub(super) fn with_first_line<'a>(first: &'a str, rest: &[Line<'a>]) -> Vec<Line<'a>> {
    let mut lines = Vec::with_capacity(rest.len() + 1);
    if !first.is_empty() {
        lines.push(Line {
            indent: 0,
            text: first,
        });
    }
    lines.extend_from_slice(rest);
    lines
}
