//! The filter box at the top of the page, and the inline script that makes it work.
//!
//! Every entry (`section[data-names]`) and every line of the contents carries the wire
//! and Rust names it answers to; the script hides those whose names do not hold what is
//! typed. The box is written `hidden`, and the script shows it: a page read without
//! script has no box that does nothing, and shows every entry.

use super::html;
use crate::docs::Markdown;

/// The script, inlined at the end of the `<body>` (nothing is fetched: the page works
/// from `file://`).
pub(super) const SCRIPT: &str = include_str!("filter.js");

/// Appends the filter box: a search field and the count of entries it lets through.
pub(super) fn filter_box(doc: &mut Markdown) {
    html(
        doc,
        "<div class=\"filter\" hidden>\n\
         <input type=\"search\" id=\"filter\" placeholder=\"Filter by wire or Rust name\" aria-label=\"Filter the entries by name\" \
         autocomplete=\"off\" spellcheck=\"false\">\n\
         <span id=\"filter-count\" aria-live=\"polite\"></span>\n</div>\n",
    );
}
