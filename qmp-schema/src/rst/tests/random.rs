//! Random strings, of rST pieces and of any characters.

use super::{check_conversion, rustdoc_options};
use crate::rst::rst_to_markdown;
use proptest::prelude::*;
use pulldown_cmark::{Event, Parser};

/// Pieces of rST syntax, to make strings that reach the converter's corners.
const RST_PIECES: &[&str] = &[
    "@name",
    "``",
    "`",
    "*",
    "**",
    "_",
    "__",
    ":ref:",
    "::",
    ":",
    "|",
    "\\",
    "\n",
    "\n\n",
    " ",
    "    ",
    "\t",
    "- ",
    "* ",
    "1. ",
    "#. ",
    "a) ",
    "(ii) ",
    ".. ",
    ".. note:: ",
    ".. admonition:: T\n",
    ".. qmp-example::\n",
    "   :annotated:\n",
    ".. code-block:: ",
    ".. _t: http://x.org\n",
    ".. |s| replace:: *r*\n",
    "<",
    ">",
    "->",
    "[",
    "]",
    "&amp;",
    "#",
    "=",
    "====",
    "---",
    "+--+",
    "===  ===",
    "https://x.org/a",
    "`t <https://x.org>`_",
    "t_",
    "~",
    "$",
    "!",
    "(",
    ")",
    "\"",
    "\r",
    "\u{0}",
    "word",
    "x",
    "12",
    "é",
    "\n  ",
    "\n    ",
    ".. versionadded:: ",
    "   :title: x\n",
    ":emphasis:`",
    "|x|",
    "[1]_",
    ".. [1] ",
    "Title\n=====\n",
    "| ",
    "i. ",
    "(2) ",
    ">>> ",
    ":field: ",
    "`x`_",
    "\\ ",
];

fn rst_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(RST_PIECES).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_rst_piece_sequence_converts_to_clean_markdown(
        pieces in prop::collection::vec(rst_piece(), 0..40)
    ) {
        let rst = pieces.concat();
        let markdown = rst_to_markdown(&rst);
        let checked = check_conversion(&rst, &markdown);
        prop_assert!(checked.is_ok(), "{:?}\n{}\n---\n{}", checked, rst, markdown);
    }

    #[test]
    fn any_string_converts_without_html(rst in any::<String>()) {
        let markdown = rst_to_markdown(&rst);
        let html = Parser::new_ext(&markdown, rustdoc_options())
            .any(|event| matches!(event, Event::Html(_) | Event::InlineHtml(_)));
        prop_assert!(!html, "{}", markdown);
    }
}
