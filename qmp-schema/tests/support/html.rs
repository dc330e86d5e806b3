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

/// Checks that a page needs nothing from outside itself: no element that loads anything
/// (the one script is inline), links only within the page or to addresses its text
/// cites, and a style sheet and script that fetch nothing (no `url(`, `@import`, font,
/// request or module import).
pub fn assert_self_contained(page: &Html) {
    for css in [
        "link", "img", "iframe", "object", "embed", "[src]", "[srcset]",
    ] {
        assert_eq!(page.select(&selector(css)).count(), 0, "{css}");
    }
    // A link is followed only when clicked: the page's own links stay on the page, and
    // the only others are addresses the document's text gives (QEMU's doc comments
    // cite a few manuals), shown as links.
    for link in page.select(&selector("[href]")) {
        let href = link.value().attr("href").unwrap_or_default();
        let cited = link.value().name() == "a"
            && (href.starts_with("https://") || href.starts_with("http://"))
            && link.text().collect::<String>() == href;
        assert!(
            href.starts_with('#') || cited,
            "only links within the page, or addresses the text gives: {href}"
        );
    }
    let style = texts(page.root_element(), "style").join("");
    assert!(style.contains("section.event"), "the style sheet is inline");
    for fetch in ["url(", "@import", "@font-face"] {
        assert!(
            !style.contains(fetch),
            "the style sheet fetches nothing: {fetch}"
        );
    }
    let scripts = texts(page.root_element(), "script");
    assert_eq!(scripts.len(), 1, "one script, the filter box's");
    for fetch in [
        "http:",
        "https:",
        "fetch(",
        "XMLHttpRequest",
        "import",
        "src",
        "FontFace",
    ] {
        assert!(
            !scripts[0].contains(fetch),
            "the script fetches nothing: {fetch}"
        );
    }
}
