//! Paragraphs, literal blocks, block quotes, titles, tables and line blocks.

use super::md;

#[test]
fn literal_block_after_double_colon_is_fenced() {
    assert_eq!(
        md("The histogram looks like::\n\n  5|   *\n   +----\n\nAfter."),
        "The histogram looks like:\n\n```text\n5|   *\n +----\n```\n\nAfter."
    );
}

#[test]
fn qmp_literal_block_is_json() {
    assert_eq!(
        md("Remove all::\n\n -> { \"execute\": \"x\" }\n <- { \"return\": {} }"),
        "Remove all:\n\n```json\n-> { \"execute\": \"x\" }\n<- { \"return\": {} }\n```"
    );
}

#[test]
fn lone_double_colon_paragraph_disappears() {
    assert_eq!(
        md("Intervals:\n\n::\n\n  [0, 10)"),
        "Intervals:\n\n```text\n[0, 10)\n```"
    );
    assert_eq!(
        md("Expanded ::\n\n  code"),
        "Expanded\n\n```text\ncode\n```"
    );
}

#[test]
fn double_colon_without_block_becomes_colon() {
    assert_eq!(md("Only text::"), "Only text:");
}

#[test]
fn definitions_and_block_quotes_flow_as_paragraphs() {
    assert_eq!(
        md(
            "set new histograms with the following intervals:\n  read, flush: [0, 10)\n  write: [0, 1000)"
        ),
        "set new histograms with the following intervals:\n\nread, flush: \\[0, 10)\nwrite: \\[0, 1000)"
    );
    assert_eq!(md("Para.\n\n    Quoted para."), "Para.\n\nQuoted para.");
}

#[test]
fn headings_become_bold_paragraphs() {
    assert_eq!(md("= Block devices"), "**Block devices**");
    assert_eq!(
        md("== Additional block stuff (VM related)"),
        "**Additional block stuff (VM related)**"
    );
    assert_eq!(md("Title\n=====\n\nText."), "**Title**\n\nText.");
    assert_eq!(md("-----\nTitle\n-----\nText."), "**Title**\n\nText.");
    assert_eq!(md("Before.\n\n----\n\nAfter."), "Before.\n\n___\n\nAfter.");
}

#[test]
fn tables_keep_their_layout() {
    let rst = ".. table:: Valid combinations\n   :widths: auto\n\n   =====  =====\n   a      b\n   =====  =====\n   x      y\n   =====  =====\n\nAfter.";
    assert_eq!(
        md(rst),
        "**Valid combinations**\n\n```text\n=====  =====\na      b\n=====  =====\nx      y\n=====  =====\n```\n\nAfter."
    );
    assert_eq!(
        md("+---+---+\n| a | b |\n+---+---+"),
        "```text\n+---+---+\n| a | b |\n+---+---+\n```"
    );
}

#[test]
fn line_blocks_keep_their_lines() {
    assert_eq!(
        md("| one\n| two\n  continued\n|\n| three"),
        "one\\\ntwo continued\n\nthree"
    );
}
