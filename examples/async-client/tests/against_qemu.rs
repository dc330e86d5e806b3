//! qmp-client's README program for tokio, run against the QEMU command line that README
//! shows: it stops the guest and prints the STOP event.

const QEMU_SH: &str = include_str!("../../client/qemu.sh");

include!("../../readme_qemu.rs");

#[test]
fn the_program_stops_the_guest_and_prints_the_event() {
    let Some(qemu) = ReadmeQemu::start("the_program_stops_the_guest_and_prints_the_event") else {
        return;
    };
    assert_eq!(
        qemu.run(env!("CARGO_BIN_EXE_example-async-client")),
        "STOP\n"
    );
}
