//! STOP, RESUME, RESET and SHUTDOWN, from monitor commands and from a guest
//! power-off under `-no-shutdown`.

use std::time::Duration;

use crate::{execute, finish, qemu_command, start};
use qmp_client::Error;
use qmp_live_qemu::{EventLog, GuestIo};

#[test]
fn stop_cont_reset_quit_emit_stop_resume_reset_shutdown() {
    let scenario = "stop_cont_reset_quit";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let (mut qemu, mut qmp) = start(&command);
    let mut log = EventLog::new();

    execute(&mut qmp, "stop", None);
    log.wait_for(&mut qmp, "STOP");
    execute(&mut qmp, "cont", None);
    log.wait_for(&mut qmp, "RESUME");
    execute(&mut qmp, "system_reset", None);
    let reset = log.wait_for(&mut qmp, "RESET");
    // Newer QEMUs say who reset; the document's QEMU sent no data.
    if let Some(guest) = reset.data().and_then(|d| d.get("guest")) {
        assert_eq!(guest, false, "{}", reset.line);
    }

    // QEMU may close the socket before its return arrives; both are fine.
    match qmp.execute("quit", None) {
        Ok(_) | Err(Error::Disconnected) => {}
        Err(err) => panic!("quit: {err}"),
    }
    log.wait_for(&mut qmp, "SHUTDOWN");
    assert!(
        qemu.wait_for_exit(Duration::from_secs(10)).is_some(),
        "QEMU still runs after quit"
    );
    finish(scenario, &log);
}

#[test]
fn guest_power_off_under_no_shutdown_emits_shutdown_then_stop() {
    let scenario = "guest_power_off_no_shutdown";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    // -S: the PM registers are mapped before the firmware runs, so our PCI
    // config writes do not interleave with its own.
    let command = command.args(["-S", "-machine", "pc", "-no-shutdown"]);
    let (mut qemu, mut qmp) = start(&command);
    let mut log = EventLog::new();

    GuestIo::new(&mut qmp)
        .map_piix4_pm_registers()
        .unwrap_or_else(|err| panic!("mapping PM registers: {err}"));
    execute(&mut qmp, "cont", None);
    log.wait_for(&mut qmp, "RESUME");
    GuestIo::new(&mut qmp)
        .request_acpi_soft_off()
        .unwrap_or_else(|err| panic!("ACPI soft-off: {err}"));

    let shutdown = log.wait_for(&mut qmp, "SHUTDOWN");
    // Newer QEMUs say why; the document's QEMU sent no data.
    if let Some(why) = shutdown.data() {
        assert_eq!(why["guest"], true, "{}", shutdown.line);
        assert_eq!(why["reason"], "guest-shutdown", "{}", shutdown.line);
    }
    // The document: with -no-shutdown, a STOP follows the SHUTDOWN.
    log.wait_for(&mut qmp, "STOP");
    assert!(qemu.is_running(), "QEMU exited despite -no-shutdown");
    let status = execute(&mut qmp, "query-status", None);
    assert_eq!(status["status"], "shutdown", "{status}");
    finish(scenario, &log);
}
