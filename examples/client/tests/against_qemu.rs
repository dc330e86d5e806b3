//! The README's qmp-client program, run against the QEMU command line the README shows
//! beside it: it prints QEMU's version, the run state and the tray event, and QEMU quits.

const QEMU_SH: &str = include_str!("../qemu.sh");

include!("../../readme_qemu.rs");

#[test]
fn the_program_ejects_the_cdrom_and_quits_qemu() {
    let Some(mut qemu) = ReadmeQemu::start("the_program_ejects_the_cdrom_and_quits_qemu") else {
        return;
    };
    let stdout = qemu.run(env!("CARGO_BIN_EXE_example-client"));
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines.first().is_some_and(|line| line.starts_with("QEMU ")),
        "{stdout}"
    );
    assert_eq!(
        lines[1..],
        ["running: true, status: running", "ide1-cd0 tray open: true"],
        "{stdout}"
    );
    qemu.wait_for_exit();
}
