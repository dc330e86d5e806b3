//! ACPI_DEVICE_OST and DEVICE_DELETED from a hot-plugged DIMM that a
//! guest-style writer of the ACPI memory hotplug registers acknowledges and
//! then ejects.
//!
//! Unplugging a DIMM needs the guest's consent: QEMU asks through ACPI, the
//! guest's ACPI methods report progress with _OST and finally eject the slot
//! by writing these registers. Port writes through HMP do what those methods
//! would, so the whole exchange happens without a guest OS.

use qmp_live_qemu::{EventLog, GuestIo, LiveEvent};
use serde_json::json;

use crate::{execute, expect_data, finish, qemu_command, start};

/// ACPI _OST source events: a device check (after a hot-add) and an eject
/// request (after `device_del`).
const OST_DEVICE_CHECK: u32 = 0x1;
const OST_EJECT_REQUEST: u32 = 0x3;
/// ACPI _OST status codes: success, and "ejection in progress".
const OST_SUCCESS: u32 = 0x0;
const OST_EJECT_IN_PROGRESS: u32 = 0x84;

const DIMM: &str = "dimm1";

fn expect_ost(event: &LiveEvent, source: u32, status: u32) {
    expect_data(event, "/info/device", DIMM);
    expect_data(event, "/info/slot-type", "DIMM");
    expect_data(event, "/info/slot", "0");
    expect_data(event, "/info/source", source);
    expect_data(event, "/info/status", status);
}

#[test]
fn dimm_hotplug_ost_and_eject_emit_acpi_device_ost_and_device_deleted() {
    let scenario = "memory_hotplug";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    // One DIMM slot; -S keeps the firmware from touching the registers.
    let command = command.args(["-S", "-machine", "pc", "-m", "128M,slots=1,maxmem=256M"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);

    execute(
        &mut qmp,
        "object-add",
        Some(json!({ "qom-type": "memory-backend-ram", "id": "mem1", "size": 128 << 20 })),
    );
    execute(
        &mut qmp,
        "device_add",
        Some(json!({ "driver": "pc-dimm", "id": DIMM, "memdev": "mem1" })),
    );
    let mut guest = GuestIo::new(&mut qmp);
    guest
        .memory_hotplug_select(0)
        .and_then(|()| guest.memory_hotplug_ost(OST_DEVICE_CHECK, OST_SUCCESS))
        .unwrap_or_else(|err| panic!("_OST of the hot-add: {err}"));
    let added = log.wait_for(&mut qmp, "ACPI_DEVICE_OST");
    expect_ost(&added, OST_DEVICE_CHECK, OST_SUCCESS);

    // device_del only asks the guest; the DIMM stays until it is ejected.
    execute(&mut qmp, "device_del", Some(json!({ "id": DIMM })));
    let devices = execute(&mut qmp, "query-memory-devices", None);
    assert_eq!(devices[0]["data"]["id"], DIMM, "{devices}");
    GuestIo::new(&mut qmp)
        .memory_hotplug_ost(OST_EJECT_REQUEST, OST_EJECT_IN_PROGRESS)
        .unwrap_or_else(|err| panic!("_OST of the eject request: {err}"));
    let ejecting = log.wait_for(&mut qmp, "ACPI_DEVICE_OST");
    expect_ost(&ejecting, OST_EJECT_REQUEST, OST_EJECT_IN_PROGRESS);

    GuestIo::new(&mut qmp)
        .memory_hotplug_eject()
        .unwrap_or_else(|err| panic!("eject: {err}"));
    let deleted = log.wait_for(&mut qmp, "DEVICE_DELETED");
    expect_data(&deleted, "/device", DIMM);
    expect_data(&deleted, "/path", format!("/machine/peripheral/{DIMM}"));
    let devices = execute(&mut qmp, "query-memory-devices", None);
    assert_eq!(devices, json!([]), "the DIMM is still there");
    finish(scenario, &log);
}
