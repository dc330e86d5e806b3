//! FAILOVER_NEGOTIATED and UNPLUG_PRIMARY from a virtio-net failover pair
//! whose guest-less driver accepts the STANDBY feature, then a migration.
//!
//! A NIC with `failover=on` is the standby half of a failover pair; the
//! primary (usually a VFIO NIC, here an emulated e1000e) names it in
//! `failover_pair_id` and stays hidden until the guest driver accepts
//! VIRTIO_NET_F_STANDBY: QEMU then reports FAILOVER_NEGOTIATED and plugs the
//! primary. A migration unplugs the primary first (UNPLUG_PRIMARY) and waits
//! for the guest to let it go, which no guest does here, so the test cancels
//! it. STANDBY is bit 62, beyond what a legacy device offers, so the driver
//! speaks virtio 1.0 through the PCI configuration access capability
//! (`ModernVirtioPci`). The primary must sit on a PCI Express port: q35.

use qmp_live_qemu::{EventLog, GuestIo, ModernVirtioPci, VIRTIO_F_VERSION_1};
use serde_json::json;

use crate::migration::migration_uri;
use crate::{execute, expect_data, finish, qemu_command, start};

const STANDBY_SLOT: u8 = 8;
const VIRTIO_NET_F_STANDBY: u64 = 1 << 62;
const STANDBY: &str = "standby0";
const PRIMARY: &str = "primary0";

#[test]
fn failover_pair_negotiated_then_migrated_emits_failover_negotiated_and_unplug_primary() {
    let scenario = "failover";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let state = command.dir().join("vm.state");
    let standby = format!("virtio-net-pci,id={STANDBY},addr={STANDBY_SLOT:#x},failover=on");
    let primary = format!("e1000e,id={PRIMARY},bus=port0,failover_pair_id={STANDBY}");
    let command = command.args([
        "-S",
        "-machine",
        "q35",
        "-device",
        &standby,
        "-device",
        "pcie-root-port,id=port0,chassis=1",
        "-device",
        &primary,
    ]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);

    let mut guest = GuestIo::new(&mut qmp);
    let accepted = ModernVirtioPci::find(&mut guest, STANDBY_SLOT)
        .and_then(|nic| nic.negotiate(&mut guest, VIRTIO_F_VERSION_1 | VIRTIO_NET_F_STANDBY))
        .unwrap_or_else(|err| panic!("negotiating features: {err}"));
    assert_ne!(accepted & VIRTIO_NET_F_STANDBY, 0, "{accepted:#x}");
    let negotiated = log.wait_for(&mut qmp, "FAILOVER_NEGOTIATED");
    expect_data(&negotiated, "/device-id", STANDBY);

    execute(
        &mut qmp,
        "migrate-set-capabilities",
        Some(json!({ "capabilities": [{ "capability": "events", "state": true }] })),
    );
    let qemu = log
        .qemu_version()
        .unwrap_or_else(|| panic!("QEMU's greeting has no version"));
    execute(
        &mut qmp,
        "migrate",
        Some(json!({ "uri": migration_uri(qemu, &state) })),
    );
    let unplug = log.wait_for(&mut qmp, "UNPLUG_PRIMARY");
    expect_data(&unplug, "/device-id", PRIMARY);
    log.wait_for_matching(&mut qmp, "MIGRATION", |event| {
        event.data()["status"] == "wait-unplug"
    });
    execute(&mut qmp, "migrate_cancel", None);
    log.wait_for_matching(&mut qmp, "MIGRATION", |event| {
        event.data()["status"] == "cancelling"
    });
    finish(scenario, &log);
}
