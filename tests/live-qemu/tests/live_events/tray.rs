//! DEVICE_TRAY_MOVED from `eject` and the tray commands on an IDE CD-ROM.

use qmp_live_qemu::EventLog;
use serde_json::json;

use crate::{execute, finish, qemu_command, start};

/// `-drive if=ide,index=2` is the secondary master, which QEMU names
/// `ide1-cd0` as in the document's example.
const CDROM: &str = "ide1-cd0";

#[test]
fn eject_and_tray_commands_emit_device_tray_moved() {
    let scenario = "device_tray_moved";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let command = command.args(["-machine", "pc", "-drive", "if=ide,index=2,media=cdrom"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);
    let device = json!({ "device": CDROM });

    execute(&mut qmp, "eject", Some(device.clone()));
    expect_tray(&mut log, &mut qmp, true);
    execute(&mut qmp, "blockdev-close-tray", Some(device.clone()));
    expect_tray(&mut log, &mut qmp, false);
    execute(&mut qmp, "blockdev-open-tray", Some(device));
    expect_tray(&mut log, &mut qmp, true);
    finish(scenario, &log);
}

fn expect_tray(log: &mut EventLog, qmp: &mut qmp_client::Client, open: bool) {
    let moved = log.wait_for(qmp, "DEVICE_TRAY_MOVED");
    let tray = payload!(moved, DeviceTrayMoved);
    assert_eq!(tray.device, CDROM, "{}", moved.line());
    assert_eq!(tray.tray_open, open, "{}", moved.line());
}
