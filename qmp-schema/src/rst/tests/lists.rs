//! Bullet, enumerated and field lists, and how their Markdown stays lists.

use super::md;

#[test]
fn bullet_lists_nest() {
    assert_eq!(
        md(
            "Instances:\n\n- nbd block device:\n  the client\n\n  - nested one\n  - nested two\n\n- chardev\n\nAfter."
        ),
        "Instances:\n\n- nbd block device:\n  the client\n  * nested one\n  * nested two\n- chardev\n\nAfter."
    );
    assert_eq!(
        md("* one\n\n  second paragraph\n* two"),
        "- one\n\n  second paragraph\n\n- two"
    );
}

#[test]
fn enumerated_lists_are_numbered() {
    assert_eq!(md("3. three\n4. four"), "3. three\n4. four");
    assert_eq!(md("#. auto\n#. again"), "1. auto\n2. again");
    assert_eq!(md("1) paren\n2) paren"), "1) paren\n2) paren");
    assert_eq!(md("a) first\nb) second"), "- a) first\n- b) second");
    assert_eq!(md("(i) one\n(ii) two"), "- (i) one\n- (ii) two");
}

#[test]
fn enumerator_without_list_is_text() {
    assert_eq!(
        md("A. Einstein was\na physicist."),
        "A. Einstein was\na physicist."
    );
    assert_eq!(
        md("1. Not a list\nsince this line is not indented"),
        "1\\. Not a list\nsince this line is not indented"
    );
}

#[test]
fn field_lists_become_labelled_paragraphs() {
    assert_eq!(
        md(":since: 2.0\n:note: with *text*"),
        "**since:** 2.0\n\n**note:** with *text*"
    );
}

#[test]
fn adjacent_lists_get_different_markers() {
    assert_eq!(md("- a\n\n+ b"), "- a\n\n* b");
    assert_eq!(md("1. a\n\n1) b"), "1. a\n\n1) b");
    assert_eq!(md("1. a\n\n..\n\n1. b"), "1. a\n\n1) b");
}

#[test]
fn nested_lists_never_read_as_rules_or_headings() {
    // `- - -` and `- ---` would be thematic breaks, `a)` over `-` a heading.
    assert_eq!(md("- - - x"), "- * - x");
    assert_eq!(md("- ----"), "- ___");
    assert_eq!(md("a) -"), "- a)\n\n  *");
}

#[test]
fn deep_nesting_is_bounded() {
    let rst = "- ".repeat(200) + "deep";
    let markdown = md(&rst);
    assert!(markdown.ends_with("deep"), "{markdown}");
}

#[test]
fn the_largest_item_number_does_not_overflow() {
    for text in [
        "18446744073709551615. a\n0. b",
        "18446744073709551615. a\n\n#. b",
    ] {
        // No overflow (a panic in debug builds), and both items are kept.
        let out = md(text);
        assert!(out.contains('a') && out.contains('b'), "{out}");
    }
}
