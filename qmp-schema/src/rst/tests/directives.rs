//! Directives and the rest of explicit markup.

use super::md;

#[test]
fn note_directive_becomes_bold_label() {
    assert_eq!(
        md(".. note:: If action is \"stop\", a STOP event will\n   follow.\n\nAfter."),
        "**Note:** If action is \"stop\", a STOP event will\nfollow.\n\nAfter."
    );
    assert_eq!(
        md(".. caution::\n\n   Errors were not reliably returned.\n\n   More."),
        "**Caution:** Errors were not reliably returned.\n\nMore."
    );
}

#[test]
fn admonition_title_is_the_label() {
    assert_eq!(
        md(".. admonition:: Notes\n\n    1. The first.\n\n    2. The second,\n       continued."),
        "**Notes:**\n\n1. The first.\n2. The second,\n   continued."
    );
}

#[test]
fn code_block_directive_is_fenced() {
    assert_eq!(
        md(".. code-block:: c\n   :linenos:\n\n   int x;\n     y;"),
        "```c\nint x;\n  y;\n```"
    );
    assert_eq!(
        md(".. code-block:: rust\n\n   fn f() {}"),
        "```text\nfn f() {}\n```"
    );
}

#[test]
fn qmp_example_is_a_json_block() {
    assert_eq!(
        md(".. qmp-example::\n   :title: Stopping\n\n    <- { \"event\": \"STOP\" }"),
        "**Example:** Stopping\n\n```json\n<- { \"event\": \"STOP\" }\n```"
    );
}

#[test]
fn annotated_qmp_example_keeps_its_prose() {
    let rst = ".. qmp-example::\n   :annotated:\n\n   Set new histograms with the following intervals:\n\n   - read, flush: [0, 10), [10, 50)\n   - write: [0, 1000)\n\n   ::\n\n    -> { \"execute\": \"block-latency-histogram-set\" }\n    <- { \"return\": {} }";
    assert_eq!(
        md(rst),
        "**Example:** Set new histograms with the following intervals:\n\n- read, flush: \\[0, 10), \\[10, 50)\n- write: \\[0, 1000)\n\n```json\n-> { \"execute\": \"block-latency-histogram-set\" }\n<- { \"return\": {} }\n```"
    );
}

#[test]
fn version_directives_become_sentences() {
    assert_eq!(md(".. versionadded:: 9.1"), "*Added in version 9.1.*");
    assert_eq!(
        md(".. deprecated:: 8.0 Use @foo instead."),
        "*Deprecated since version 8.0:* Use `foo` instead."
    );
}

#[test]
fn comments_and_targets_are_dropped() {
    assert_eq!(
        md("Before.\n\n.. a comment\n   going on\n\nAfter."),
        "Before.\n\nAfter."
    );
    assert_eq!(
        md("..\n\n   Quoted.\n\n.. _qemu: https://qemu.org"),
        "Quoted."
    );
    assert_eq!(md(".. image:: x.png\n   :alt: x\n\nText."), "Text.");
}

#[test]
fn unknown_directive_is_plain_text() {
    assert_eq!(
        md(".. frobnicate:: <arg>\n\n   Body *here*."),
        "\\<arg\\>\n\nBody *here*."
    );
}
