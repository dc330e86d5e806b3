//! The document as text: decoding, normalization, and mapping byte offsets to lines and
//! columns.

use crate::diagnostic::{Diagnostic, Report};
use crate::model::Span;
use std::path::Path;

/// Width of a tab stop when computing columns, as QEMU's schema checker does.
const TAB_WIDTH: usize = 8;

/// A file ready to parse: valid UTF-8, no byte-order mark, `\n` line ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The name diagnostics use for the file (the path as given, or for an included file,
    /// joined to the including file's folder).
    pub path: String,
    /// The normalized text.
    pub text: String,
    /// The file's index among the files read (see [`Span::file`]); 0 for the root.
    pub id: usize,
    /// Where the file was included from, for an included file: diagnostics in it say
    /// "In file included from ...".
    pub included_from: Option<Span>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Builds a source from text: strips a UTF-8 byte-order mark and turns CRLF and lone
    /// CR line ends into LF, so that the parser sees one line-end convention.
    ///
    /// A lone CR must not survive: document text goes into doc comments, and a `///`
    /// comment holding a bare CR is not valid Rust (the fuzzer found this).
    pub fn new(path: impl Into<String>, text: &str) -> SourceFile {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.to_owned()
        };
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path: path.into(),
            text,
            id: 0,
            included_from: None,
            line_starts,
        }
    }

    /// The same file as the `id`-th of several, included from `included_from`.
    pub fn with_origin(mut self, id: usize, included_from: Option<Span>) -> SourceFile {
        self.id = id;
        self.included_from = included_from;
        self
    }

    /// Builds a source from raw bytes; bytes that are not UTF-8, or a NUL byte, give an
    /// error pointing at the first offending byte (the report's source then holds the
    /// text before it).
    pub fn from_bytes(path: impl Into<String>, bytes: &[u8]) -> Result<SourceFile, Box<Report>> {
        let path = path.into();
        let (text, bad_at) = match std::str::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(err) => {
                let valid = &bytes[..err.valid_up_to()];
                // The prefix is valid UTF-8 by construction.
                (
                    std::str::from_utf8(valid).unwrap_or_default(),
                    Some(err.valid_up_to()),
                )
            }
        };
        if let Some(offset) = bad_at {
            let source = SourceFile::new(path, text);
            let span = source.point(source.text.len());
            let byte = bytes.get(offset).copied().unwrap_or_default();
            let message = format!(
                "the document is not valid UTF-8 (byte 0x{byte:02X} at offset {offset}); \
                 is it a binary file?"
            );
            return Err(Box::new(Report::new(
                vec![source],
                vec![Diagnostic::error(span, message)],
            )));
        }
        let source = SourceFile::new(path, text);
        if let Some(nul) = source.text.find('\0') {
            let span = source.span(nul, nul + 1);
            let message = "the document contains a NUL byte; is it a binary file?";
            return Err(Box::new(Report::new(
                vec![source],
                vec![Diagnostic::error(span, message)],
            )));
        }
        Ok(source)
    }

    /// Reads a document from disk. An I/O failure is a diagnostic too, so that callers
    /// report every problem the same way.
    pub fn read(path: &Path) -> Result<SourceFile, Box<Report>> {
        let shown = path.display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => SourceFile::from_bytes(shown, &bytes),
            Err(err) => {
                let message = format!("cannot read the document: {err}");
                Err(Box::new(Report::new(
                    vec![SourceFile::new(shown, "")],
                    vec![Diagnostic::error(Span::default(), message)],
                )))
            }
        }
    }

    /// The span of a byte range of the normalized text.
    ///
    /// Offsets that fall inside a character (a JSON parser's byte column can) are widened
    /// to the whole character, so that every span can be sliced and rendered.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let start = floor_char_boundary(&self.text, start);
        let end = ceil_char_boundary(&self.text, end.max(start));
        let line_index = self.line_index(start);
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        Span {
            file: self.id,
            line: line_index + 1,
            column: display_column(self.text.get(line_start..start).unwrap_or_default()),
            start,
            end,
        }
    }

    /// The span of a single position.
    pub fn point(&self, offset: usize) -> Span {
        self.span(offset, offset)
    }

    /// The text of the 1-based line `line`, without its line end.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        &self.text[start..end.max(start)]
    }

    /// The byte offset where the 1-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The byte offset of a slice that borrows from this source's text.
    ///
    /// The parser works on subslices of `text`; their address tells where they are.
    pub fn offset_of(&self, slice: &str) -> usize {
        let base = self.text.as_ptr() as usize;
        (slice.as_ptr() as usize)
            .saturating_sub(base)
            .min(self.text.len())
    }

    /// The span of a slice that borrows from this source's text.
    pub fn span_of(&self, slice: &str) -> Span {
        let start = self.offset_of(slice);
        self.span(start, start + slice.len())
    }

    fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(index) => index,
            Err(next) => next.saturating_sub(1),
        }
    }
}

/// The largest character boundary of `text` at or before `offset` (clamped to the text).
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest character boundary of `text` at or after `offset` (clamped to the text).
fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// The 1-based column after `prefix`, with tabs advancing to the next tab stop.
fn display_column(prefix: &str) -> usize {
    // Nearly every line is ASCII without tabs, where the column is the byte count; this
    // is asked for every span the parser makes.
    if !prefix.bytes().any(|b| b == b'\t' || !b.is_ascii()) {
        return prefix.len() + 1;
    }
    prefix.chars().fold(0, |column, c| {
        if c == '\t' {
            (column / TAB_WIDTH + 1) * TAB_WIDTH
        } else {
            column + 1
        }
    }) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_bom_are_normalized() {
        let source = SourceFile::new("x", "\u{feff}a\r\nb\r\n");
        assert_eq!(source.text, "a\nb\n");
        assert_eq!(source.line_text(2), "b");
    }

    #[test]
    fn a_lone_cr_ends_a_line() {
        let source = SourceFile::new("x", "a\rb\r\nc");
        assert_eq!(source.text, "a\nb\nc");
        assert_eq!(source.line_text(3), "c");
    }

    #[test]
    fn columns_count_tab_stops() {
        let source = SourceFile::new("x", "\tab\n  x");
        assert_eq!(source.span(1, 2).column, 9);
        assert_eq!(
            source.span(6, 7),
            Span {
                file: 0,
                line: 2,
                column: 3,
                start: 6,
                end: 7
            }
        );
    }

    #[test]
    fn offsets_inside_a_character_are_widened_to_it() {
        let source = SourceFile::new("x", "{é}");
        assert_eq!(
            source.span(2, 3),
            Span {
                file: 0,
                line: 1,
                column: 2,
                start: 1,
                end: 3
            }
        );
        assert_eq!(
            source.span(1, 2),
            Span {
                file: 0,
                line: 1,
                column: 2,
                start: 1,
                end: 3
            }
        );
        assert_eq!(
            source.span(99, 100),
            Span {
                file: 0,
                line: 1,
                column: 4,
                start: 4,
                end: 4
            }
        );
    }

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let report = SourceFile::from_bytes("x", b"ab\ncd\xff").unwrap_err();
        let err = &report.diagnostics[0];
        assert_eq!((err.span.line, err.span.column), (2, 3));
        assert!(err.message.contains("not valid UTF-8"), "{}", err.message);
    }

    #[test]
    fn nul_byte_is_rejected() {
        let report = SourceFile::from_bytes("x", b"a\0").unwrap_err();
        let err = &report.diagnostics[0];
        assert_eq!((err.span.line, err.span.column), (1, 2));
    }
}
