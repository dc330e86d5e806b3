//! What Markdown would read as markup rST did not mean, escaped; code spans and fences.

use super::md;
use crate::rst::escape::code_span;

#[test]
fn markdown_specials_are_escaped() {
    assert_eq!(
        md("<- { \"event\" } and Vec<u8> and <foo> and [22] | a\\\\b & &amp; &#38;"),
        "\\<- { \"event\" } and Vec\\<u8\\> and \\<foo\\> and \\[22\\] \\| a\\\\b & \\&amp; \\&#38;"
    );
    assert_eq!(md("# not a heading"), "\\# not a heading");
    assert_eq!(md("~tilde~ and $x$"), "\\~tilde\\~ and \\$x\\$");
}

#[test]
fn continuation_lines_never_start_blocks() {
    assert_eq!(
        md(
            "image options amend job type, see (since\n5.1) or\n- not a list\n1. nor this\n+ nor\n# this\n>quote\n====\n    indented"
        ),
        "image options amend job type, see (since\n5.1) or\n\\- not a list\n1\\. nor this\n\\+ nor\n\\# this\n\\>quote\n\\====\n\nindented"
    );
    assert_eq!(
        md("offset (as specified by\n-rtc base)"),
        "offset (as specified by\n-rtc base)"
    );
}

#[test]
fn code_spans_get_enough_backticks() {
    assert_eq!(code_span("a`b"), "``a`b``");
    assert_eq!(code_span("`x"), "`` `x ``");
    assert_eq!(code_span(" a "), "`  a  `");
    assert_eq!(md("``a``b``"), "`a``b`");
}

#[test]
fn code_fences_outgrow_backticks_inside() {
    assert_eq!(
        md("x::\n\n  ```\n  ````"),
        "x:\n\n`````text\n```\n````\n`````"
    );
}
