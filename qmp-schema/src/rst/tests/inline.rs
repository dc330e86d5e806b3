//! Inline markup: literals, emphasis, roles, references, URLs and escapes.

use super::md;

#[test]
fn at_name_becomes_code() {
    assert_eq!(
        md("The @ShutdownCause of the RESET, see @vfu-qom-path."),
        "The `ShutdownCause` of the RESET, see `vfu-qom-path`."
    );
    assert_eq!(md("member @__com.redhat_x."), "member `__com.redhat_x`.");
    assert_eq!(md("mail qemu@nongnu.org"), "mail qemu@nongnu.org");
}

#[test]
fn double_backtick_literal_becomes_code() {
    assert_eq!(
        md("If the option ``-no-shutdown`` has been specified"),
        "If the option `-no-shutdown` has been specified"
    );
    assert_eq!(md("``a`b`` and ``c``d``"), "``a`b`` and `c``d`");
    assert_eq!(
        md("``x``y is not a literal"),
        "\\`\\`x\\`\\`y is not a literal"
    );
}

#[test]
fn strong_and_emphasis_stay() {
    assert_eq!(md("**bold** and *soft* text"), "**bold** and *soft* text");
    assert_eq!(md("*see @foo*"), "*see `foo`*");
}

#[test]
fn lone_star_and_underscore_are_escaped() {
    assert_eq!(
        md("2 * 3 and a*b* and _x_"),
        "2 \\* 3 and a\\*b\\* and \\_x\\_"
    );
    assert_eq!(md("vm_ram_size stays"), "vm_ram_size stays");
    assert_eq!(md("ACPI _OST method"), "ACPI \\_OST method");
    assert_eq!(md("(*) and \"*\""), "(\\*) and \"\\*\"");
}

#[test]
fn roles_become_code_or_text() {
    assert_eq!(
        md(":ref:`the manual <qemu-manual>` and :qapi:ref:`BlockdevOptions`"),
        "the manual and `BlockdevOptions`"
    );
    assert_eq!(
        md("see :doc:`/interop/qmp-spec`"),
        "see `/interop/qmp-spec`"
    );
    assert_eq!(
        md("`query-status` and `x`:qapi:type:"),
        "`query-status` and `x`"
    );
    assert_eq!(md(":emphasis:`this` :strong:`that`"), "*this* **that**");
    assert_eq!(
        md(":rfc:`1918` :abbr:`QMP (QEMU Machine Protocol)`"),
        "RFC 1918 QMP (QEMU Machine Protocol)"
    );
    assert_eq!(md(":qapi:ref:`~a.b.Name`"), "`Name`");
}

#[test]
fn urls_become_autolinks() {
    assert_eq!(
        md(
            "projects, specifically https://gitlab.com/kraxel/virt-firmware and\nhttps://github.com/awslabs/python-uefivars."
        ),
        "projects, specifically <https://gitlab.com/kraxel/virt-firmware> and\n<https://github.com/awslabs/python-uefivars>."
    );
    assert_eq!(
        md("(see https://en.wikipedia.org/wiki/A_(b))"),
        "(see <https://en.wikipedia.org/wiki/A_(b)>)"
    );
    assert_eq!(md("<https://qemu.org>"), "<https://qemu.org>");
    assert_eq!(
        md("escaped https\\://qemu.org"),
        "escaped <https://qemu.org>"
    );
    assert_eq!(md("``https://qemu.org``"), "`https://qemu.org`");
}

#[test]
fn rst_hyperlinks_become_markdown_links() {
    assert_eq!(
        md("See `the QEMU site <https://qemu.org/a(b)>`_ and `<https://x.org>`__."),
        "See [the QEMU site](https://qemu.org/a\\(b\\)) and <https://x.org>."
    );
    assert_eq!(
        md(
            "Read `the spec`_ and qemu_ docs.\n\n.. _the spec: https://x.org/spec\n.. _qemu: https://qemu.org"
        ),
        "Read [the spec](https://x.org/spec) and [qemu](https://qemu.org) docs."
    );
    assert_eq!(
        md("An `unknown target`_ and a `local <other_>`_."),
        "An unknown target and a local."
    );
    assert_eq!(
        md("Wow!`site <https://x.org>`_"),
        "Wow\\![site](https://x.org)"
    );
}

#[test]
fn substitutions_and_footnotes_are_text() {
    assert_eq!(
        md("|QEMU| and |x|_ and [1]_\n\n.. |QEMU| replace:: *the* emulator\n.. [1] A note."),
        "*the* emulator and x and \\[1\\]\n\n\\[1\\] A note."
    );
}

#[test]
fn adjacent_code_spans_merge() {
    assert_eq!(md("``a``\\ ``b``"), "`ab`");
}

#[test]
fn emphasis_never_starts_with_a_space() {
    assert_eq!(md("*\\  x*"), "*x*");
}

#[test]
fn escapes_and_crlf_are_read() {
    assert_eq!(
        md("\\*not emphasis\\* a\\ b\r\nnext"),
        "\\*not emphasis\\* ab\nnext"
    );
    assert_eq!(md("tab\there"), "tab     here");
}
