//! What several test files share: the checks every report of the property tests gets,
//! golden files, and reading reference pages. Each test file uses part of it.
#![allow(dead_code)]

pub mod golden;
pub mod html;

use qmp_schema::Report;

/// Every diagnostic's line and column lie within the (normalized) document, and its byte
/// range lies on character boundaries, so that rendering it cannot go wrong.
pub fn assert_diagnostics_within(report: &Report) {
    for diagnostic in &report.diagnostics {
        let span = diagnostic.span;
        let source = report
            .source_of(&span)
            .unwrap_or_else(|| panic!("no file {} for {diagnostic:?}", span.file));
        let text = &source.text;
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(!diagnostic.message.is_empty());
        if span.line == 0 {
            // Only a file that could not be read has no position.
            assert_eq!(span.column, 0, "{diagnostic:?}");
            continue;
        }
        assert!(
            span.line <= lines.len(),
            "line out of range: {diagnostic:?}"
        );
        let line = lines[span.line - 1];
        // Columns expand tabs, so a line is at most 8 columns per character wide; the
        // column after the last character is a valid place (an unexpected end).
        let widest = line.chars().count() * 8 + 1;
        assert!(
            span.column >= 1 && span.column <= widest,
            "column out of range: {diagnostic:?} in {line:?}"
        );
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{diagnostic:?}"
        );
        assert!(text.is_char_boundary(span.start), "{diagnostic:?}");
        assert!(text.is_char_boundary(span.end), "{diagnostic:?}");
        // Rendering must not panic, and must name the place.
        let rendered = diagnostic.render_in(&report.sources, false);
        let place = format!(":{}:{}: ", span.line, span.column);
        assert!(rendered.contains(&place), "{rendered}");
    }
}
