//! STOP, RESUME, RESET, POWERDOWN and SHUTDOWN from monitor commands, and
//! SHUTDOWN then STOP from a guest power-off under `-no-shutdown`.

use std::time::Duration;

use crate::{execute, finish, qemu_command, start};
use qmp_api::{Event, ShutdownCause};
use qmp_client::Error;
use qmp_live_qemu::{EventLog, GuestIo};

#[test]
fn stop_cont_reset_powerdown_quit_emit_stop_resume_reset_powerdown_shutdown() {
    let scenario = "stop_cont_reset_powerdown_quit";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let (mut qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);

    execute(&mut qmp, "stop", None);
    let stop = log.wait_for(&mut qmp, "STOP");
    assert_eq!(payload!(stop, Stop).unknown_fields, None, "{}", stop.line());
    execute(&mut qmp, "cont", None);
    let resume = log.wait_for(&mut qmp, "RESUME");
    assert_eq!(
        payload!(resume, Resume).unknown_fields,
        None,
        "{}",
        resume.line()
    );
    execute(&mut qmp, "system_reset", None);
    let reset = log.wait_for(&mut qmp, "RESET");
    // Who reset, and why.
    let why = payload!(reset, Reset);
    expect_cause(
        (why.guest, &why.reason),
        (false, ShutdownCause::HostQmpSystemReset),
        reset.line(),
    );

    // The ACPI power button: a guest OS would power off, the firmware
    // ignores it. POWERDOWN has no data.
    execute(&mut qmp, "system_powerdown", None);
    let powerdown = log.wait_for(&mut qmp, "POWERDOWN");
    match powerdown.event() {
        Event::Powerdown(payload) => {
            assert_eq!(payload.unknown_fields, None, "{}", powerdown.line());
        }
        other => panic!("POWERDOWN decoded as {other:?}"),
    }

    // QEMU may close the socket before its return arrives; both are fine.
    match qmp.execute_raw("quit", None) {
        Ok(_) | Err(Error::Disconnected) => {}
        Err(err) => panic!("quit: {err}"),
    }
    let shutdown = log.wait_for(&mut qmp, "SHUTDOWN");
    let why = payload!(shutdown, Shutdown);
    expect_cause(
        (why.guest, &why.reason),
        (false, ShutdownCause::HostQmpQuit),
        shutdown.line(),
    );
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
    let mut log = EventLog::new(&qmp);

    GuestIo::new(&mut qmp)
        .map_piix4_pm_registers()
        .unwrap_or_else(|err| panic!("mapping PM registers: {err}"));
    execute(&mut qmp, "cont", None);
    log.wait_for(&mut qmp, "RESUME");
    GuestIo::new(&mut qmp)
        .request_acpi_soft_off()
        .unwrap_or_else(|err| panic!("ACPI soft-off: {err}"));

    let shutdown = log.wait_for(&mut qmp, "SHUTDOWN");
    let why = payload!(shutdown, Shutdown);
    expect_cause(
        (why.guest, &why.reason),
        (true, ShutdownCause::GuestShutdown),
        shutdown.line(),
    );
    // The document: with -no-shutdown, a STOP follows the SHUTDOWN.
    log.wait_for(&mut qmp, "STOP");
    assert!(qemu.is_running(), "QEMU exited despite -no-shutdown");
    let status = execute(&mut qmp, "query-status", None);
    assert_eq!(status["status"], "shutdown", "{status}");
    finish(scenario, &log);
}

/// Who asked for a RESET or SHUTDOWN (the guest, or not) and why.
fn expect_cause(
    (guest, reason): (bool, &ShutdownCause),
    expected: (bool, ShutdownCause),
    line: &str,
) {
    assert_eq!((guest, reason), (expected.0, &expected.1), "{line}");
}
