//! MEMORY_FAILURE from machine checks injected with HMP's `mce`.
//!
//! `mce` raises a machine check on a guest CPU as failing hardware would.
//! Without a guest OS nothing has enabled machine checks (CR4.MCE), so an
//! uncorrected error makes QEMU reset the machine (action `reset`, then a
//! guest RESET), while a corrected one is just logged in the bank for the
//! guest to find (action `inject`).

use qmp_live_qemu::EventLog;

use crate::{expect_data, finish, qemu_command, start};

/// MCi_STATUS bits: the entry is valid, and the error uncorrected.
const MCI_STATUS_VAL: u64 = 1 << 63;
const MCI_STATUS_UC: u64 = 1 << 61;

/// Injects a machine check into bank 1 of CPU 0; returns what HMP said.
fn inject_mce(qmp: &mut qmp_client::Client, status: u64) -> String {
    qmp.human_monitor_command(&format!("mce 0 1 {status:#x} 0 0 0"))
        .unwrap_or_else(|err| panic!("mce: {err}"))
}

#[test]
fn injected_machine_checks_emit_memory_failure() {
    let scenario = "memory_failure";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    // -S: the firmware never runs, so it never enables machine checks.
    let command = command.args(["-S", "-machine", "pc"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);

    let said = inject_mce(&mut qmp, MCI_STATUS_VAL | MCI_STATUS_UC);
    assert!(said.contains("triple fault"), "{said}");
    let fatal = log.wait_for(&mut qmp, "MEMORY_FAILURE");
    expect_data(&fatal, "/recipient", "guest");
    expect_data(&fatal, "/action", "reset");
    expect_data(&fatal, "/flags/action-required", false);
    expect_data(&fatal, "/flags/recursive", false);
    let reset = log.wait_for(&mut qmp, "RESET");
    expect_data(&reset, "/guest", true);
    expect_data(&reset, "/reason", "guest-reset");

    inject_mce(&mut qmp, MCI_STATUS_VAL);
    let corrected = log.wait_for(&mut qmp, "MEMORY_FAILURE");
    expect_data(&corrected, "/recipient", "guest");
    expect_data(&corrected, "/action", "inject");
    finish(scenario, &log);
}
