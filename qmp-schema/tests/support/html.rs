//! Reading a generated reference page in tests: html5ever through scraper.

use qmp_schema::{Document, Schema};
use scraper::{ElementRef, Html, Selector};
use std::path::Path;

/// The model of a document or schema that must read without errors.
pub fn schema_of(path: &Path) -> Schema {
    let document = Document::read(path);
    assert!(!document.report.has_errors(), "{}", document.report);
    document.schema
}

/// A CSS selector, which the tests write correctly.
pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|error| panic!("{css}: {error}"))
}

/// Parses a page, failing on any HTML parse error.
pub fn parse(html: &str) -> Html {
    let page = Html::parse_document(html);
    assert!(page.errors.is_empty(), "parse errors: {:?}", page.errors);
    page
}

/// The text of every element matching `css` under `root`.
pub fn texts(root: ElementRef<'_>, css: &str) -> Vec<String> {
    root.select(&selector(css))
        .map(|element| element.text().collect::<String>())
        .collect()
}
