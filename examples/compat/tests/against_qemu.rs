//! The README's check of the QEMU on the socket, run against the QEMU command line of
//! qmp-client's README: QEMU 10.0.2 has nothing that breaks qmp-api's bindings of its
//! schema.

const QEMU_SH: &str = include_str!("../../client/qemu.sh");

include!("../../readme_qemu.rs");

#[test]
fn the_program_finds_nothing_breaking_in_qemu_10_0_2() {
    let Some(qemu) = ReadmeQemu::start("the_program_finds_nothing_breaking_in_qemu_10_0_2") else {
        return;
    };
    let stdout = qemu.run(env!("CARGO_BIN_EXE_example-compat"));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("QEMU 10.0."), "{stdout}");
    assert!(
        lines[1].starts_with("verdict: 0 breaking differences, "),
        "{stdout}"
    );
}
