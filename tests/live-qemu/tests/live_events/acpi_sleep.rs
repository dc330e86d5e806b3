//! SUSPEND, WAKEUP and SUSPEND_DISK from ACPI sleep requests written to the
//! PIIX4's PM1 control register, as a guest OS enters S3 or S4.
//!
//! As for the guest power-off in `lifecycle`, the PM registers are mapped
//! under -S, before the firmware runs, and the VM then runs: QEMU only
//! suspends a running VM. S4 ends the VM, so it has a QEMU of its own.

use std::time::Duration;

use qmp_live_qemu::{EventLog, GuestIo, SleepState};

use crate::{execute, expect_data, finish, qemu_command, start};

/// Starts a PC with its PM registers mapped and lets it run.
fn running_pc(
    scenario: &str,
) -> Option<(qmp_live_qemu::QemuProcess, qmp_client::Client, EventLog)> {
    let command = qemu_command(scenario)?.args(["-S", "-machine", "pc"]);
    let (qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);
    GuestIo::new(&mut qmp)
        .map_piix4_pm_registers()
        .unwrap_or_else(|err| panic!("mapping PM registers: {err}"));
    execute(&mut qmp, "cont", None);
    log.wait_for(&mut qmp, "RESUME");
    Some((qemu, qmp, log))
}

#[test]
fn acpi_s3_then_system_wakeup_emit_suspend_and_wakeup() {
    let scenario = "acpi_suspend_wakeup";
    let Some((_qemu, mut qmp, mut log)) = running_pc(scenario) else {
        return;
    };
    GuestIo::new(&mut qmp)
        .request_acpi_sleep(SleepState::S3)
        .unwrap_or_else(|err| panic!("ACPI S3: {err}"));
    let suspend = log.wait_for(&mut qmp, "SUSPEND");
    assert_eq!(suspend.raw.data(), None, "{}", suspend.line());
    let status = execute(&mut qmp, "query-status", None);
    assert_eq!(status["status"], "suspended", "{status}");

    // What a keyboard or RTC alarm would do; the firmware then finds no OS
    // to resume and resets the machine, which is no concern of this test.
    execute(&mut qmp, "system_wakeup", None);
    let wakeup = log.wait_for(&mut qmp, "WAKEUP");
    assert_eq!(wakeup.raw.data(), None, "{}", wakeup.line());
    finish(scenario, &log);
}

#[test]
fn acpi_s4_emits_suspend_disk_then_shutdown() {
    let scenario = "acpi_suspend_disk";
    let Some((mut qemu, mut qmp, mut log)) = running_pc(scenario) else {
        return;
    };
    GuestIo::new(&mut qmp)
        .request_acpi_sleep(SleepState::S4)
        .unwrap_or_else(|err| panic!("ACPI S4: {err}"));
    let suspend = log.wait_for(&mut qmp, "SUSPEND_DISK");
    assert_eq!(suspend.raw.data(), None, "{}", suspend.line());
    // QEMU leaves saving the memory to the guest: S4 is a guest shutdown.
    let shutdown = log.wait_for(&mut qmp, "SHUTDOWN");
    expect_data(&shutdown, "/guest", true);
    expect_data(&shutdown, "/reason", "guest-shutdown");
    assert!(
        qemu.wait_for_exit(Duration::from_secs(10)).is_some(),
        "QEMU still runs after S4"
    );
    finish(scenario, &log);
}
