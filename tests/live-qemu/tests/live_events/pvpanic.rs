//! GUEST_CRASHLOADED, GUEST_PANICKED and GUEST_PVSHUTDOWN from the pvpanic
//! device, told by guest-style port I/O what a guest kernel would tell it.
//!
//! pvpanic is how a guest reports its own crash: Linux writes to its port
//! when it panics, when it has loaded a crash kernel, and (QEMU 9.1 and
//! later) to ask for a shutdown. Reading the port first, as the guest driver
//! does, says which of these the device supports, so a QEMU older than 9.1
//! runs the scenario without the shutdown request.

use std::time::Duration;

use qmp_live_qemu::{EventLog, GuestIo, PvpanicEvent};

use crate::{execute, expect_data, finish, qemu_command, start};

#[test]
fn pvpanic_reports_emit_guest_crashloaded_panicked_and_pvshutdown() {
    let scenario = "pvpanic";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    // No -S: a panic pauses a running VM, so that STOP follows GUEST_PANICKED.
    let command = command.args([
        "-machine",
        "pc",
        "-device",
        "pvpanic",
        "-action",
        "panic=pause",
    ]);
    let (mut qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);
    let report = |qmp: &mut qmp_client::Client, event: PvpanicEvent| {
        GuestIo::new(qmp)
            .pvpanic_report(event)
            .unwrap_or_else(|err| panic!("pvpanic {event:?}: {err}"));
    };

    let supported = GuestIo::new(&mut qmp)
        .pvpanic_supported_events()
        .unwrap_or_else(|err| panic!("reading the pvpanic port: {err}"));
    for event in [PvpanicEvent::Panicked, PvpanicEvent::CrashLoaded] {
        assert_ne!(
            supported & event.bit(),
            0,
            "pvpanic lacks {event:?}: {supported:#x}"
        );
    }

    // A crash kernel is loaded: QEMU notes it and lets the guest run.
    report(&mut qmp, PvpanicEvent::CrashLoaded);
    let loaded = log.wait_for(&mut qmp, "GUEST_CRASHLOADED");
    expect_data(&loaded, "/action", "run");

    report(&mut qmp, PvpanicEvent::Panicked);
    let panicked = log.wait_for(&mut qmp, "GUEST_PANICKED");
    // -action panic=pause.
    expect_data(&panicked, "/action", "pause");
    log.wait_for(&mut qmp, "STOP");
    let status = execute(&mut qmp, "query-status", None);
    assert_eq!(status["status"], "guest-panicked", "{status}");
    execute(&mut qmp, "cont", None);
    log.wait_for(&mut qmp, "RESUME");

    if supported & PvpanicEvent::Shutdown.bit() == 0 {
        eprintln!("{scenario}: this pvpanic has no shutdown request (QEMU 9.1 added it)");
        finish(scenario, &log);
        return;
    }
    report(&mut qmp, PvpanicEvent::Shutdown);
    let pvshutdown = log.wait_for(&mut qmp, "GUEST_PVSHUTDOWN");
    assert_eq!(pvshutdown.raw.data(), None, "{}", pvshutdown.line());
    // The request is a guest shutdown like any other, and QEMU then quits.
    let shutdown = log.wait_for(&mut qmp, "SHUTDOWN");
    expect_data(&shutdown, "/guest", true);
    expect_data(&shutdown, "/reason", "guest-shutdown");
    assert!(
        qemu.wait_for_exit(Duration::from_secs(10)).is_some(),
        "QEMU still runs after the guest's shutdown request"
    );
    finish(scenario, &log);
}
