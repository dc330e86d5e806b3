//! NIC_RX_FILTER_CHANGED from a virtio-net receive-mode command that a
//! guest-less driver sends.
//!
//! A guest driver switches its NIC to promiscuous mode with a command on the
//! control queue; QEMU then tells management that the receive filter changed
//! (once, until `query-rx-filter` reads it). As in `virtio_serial`, the
//! command and its queue are loaded into guest RAM at start-up and port I/O
//! brings the legacy device up.

use qmp_live_qemu::{EventLog, GuestIo, VirtqueueRequest};
use serde_json::json;

use crate::{execute, expect_data, finish, qemu_command, start};

const NIC_SLOT: u8 = 7;
const NIC_IO: u16 = 0xc000;
const QUEUE_ADDRESS: u64 = 0x10_0000;
/// Queues: receive (0), transmit (1), control (2).
const CONTROL_QUEUE: u16 = 2;
const CONTROL_QUEUE_SIZE: u16 = 64;
/// The control queue, and receive-mode commands on it.
const VIRTIO_NET_F_CTRL_VQ: u32 = 1 << 17;
const VIRTIO_NET_F_CTRL_RX: u32 = 1 << 18;
/// Command class VIRTIO_NET_CTRL_RX, command VIRTIO_NET_CTRL_RX_PROMISC.
const CTRL_RX: u8 = 0;
const CTRL_RX_PROMISC: u8 = 0;

const NIC: &str = "net0";

#[test]
fn guest_setting_promiscuous_mode_emits_nic_rx_filter_changed() {
    let scenario = "nic_rx_filter_changed";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    // The command header, its argument (on), and the byte the device
    // answers in.
    let request = VirtqueueRequest::new(QUEUE_ADDRESS, CONTROL_QUEUE_SIZE)
        .readable(&[CTRL_RX, CTRL_RX_PROMISC])
        .readable(&[1])
        .writable(1);
    let loader = request
        .loader_device(&command.dir().join("control-queue.bin"))
        .unwrap_or_else(|err| panic!("writing the queue's memory: {err}"));
    // No netdev: the NIC needs no peer for its filter (QEMU warns).
    let nic = format!("virtio-net-pci,id={NIC},addr={NIC_SLOT:#x},disable-modern=on");
    let command = command.args(["-S", "-machine", "pc", "-device", &nic, "-device", &loader]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);

    let mut guest = GuestIo::new(&mut qmp);
    guest
        .map_io_bar0(NIC_SLOT, NIC_IO)
        .and_then(|()| {
            guest.legacy_virtio_submit(
                NIC_IO,
                VIRTIO_NET_F_CTRL_VQ | VIRTIO_NET_F_CTRL_RX,
                CONTROL_QUEUE,
                &request,
            )
        })
        .unwrap_or_else(|err| panic!("sending the command: {err}"));
    let changed = log.wait_for(&mut qmp, "NIC_RX_FILTER_CHANGED");
    expect_data(&changed, "/name", NIC);
    expect_data(
        &changed,
        "/path",
        format!("/machine/peripheral/{NIC}/virtio-backend"),
    );
    let filter = execute(&mut qmp, "query-rx-filter", Some(json!({ "name": NIC })));
    assert_eq!(filter[0]["promiscuous"], true, "{filter}");
    finish(scenario, &log);
}
