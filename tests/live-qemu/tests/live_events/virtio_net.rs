//! NIC_RX_FILTER_CHANGED from a virtio-net receive-mode command that a
//! guest-less driver sends.
//!
//! A guest driver switches its NIC to promiscuous mode with a command on the
//! control queue; QEMU then tells management that the receive filter changed
//! (once, until `query-rx-filter` reads it). As in `virtio_serial`, the test
//! writes the command and its queue into guest RAM and brings the legacy
//! device up by port I/O.

use qmp_live_qemu::{EventLog, GuestIo, GuestRam, LegacyVirtioPci, VirtqueueRequest};
use serde_json::json;

use crate::{execute, expect_data, finish, qemu_command, start};

const RAM: u64 = 128 << 20;
const NIC_SLOT: u8 = 7;
const NIC_IO: u16 = 0xc000;
const QUEUE_ADDRESS: u64 = 0x10_0000;
/// Queues: receive (0), transmit (1), control (2).
const CONTROL_QUEUE: u16 = 2;
const CONTROL_QUEUE_SIZE: u16 = 64;
/// The control queue, and receive-mode commands on it.
const VIRTIO_NET_F_CTRL_VQ: u32 = 1 << 17;
const VIRTIO_NET_F_CTRL_RX: u32 = 1 << 18;
/// Command class VIRTIO_NET_CTRL_RX, command VIRTIO_NET_CTRL_RX_PROMISC,
/// and the device's answer for success.
const CTRL_RX: u8 = 0;
const CTRL_RX_PROMISC: u8 = 0;
const VIRTIO_NET_OK: u8 = 0;

const NIC: &str = "net0";

#[test]
fn guest_setting_promiscuous_mode_emits_nic_rx_filter_changed() {
    let scenario = "nic_rx_filter_changed";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let ram =
        GuestRam::create(command.dir(), RAM).unwrap_or_else(|err| panic!("guest RAM file: {err}"));
    // No netdev: the NIC needs no peer for its filter (QEMU warns).
    let nic = format!("virtio-net-pci,id={NIC},addr={NIC_SLOT:#x},disable-modern=on");
    let command = command
        .args(["-S", "-machine", "pc"])
        .args(ram.qemu_args(None))
        .args(["-device", &nic]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);

    // The command header, its argument (on), and the byte the device
    // answers in.
    let request = VirtqueueRequest::new(QUEUE_ADDRESS, CONTROL_QUEUE_SIZE)
        .readable(&[CTRL_RX, CTRL_RX_PROMISC])
        .readable(&[1])
        .writable(1);
    request
        .write_to(&ram)
        .unwrap_or_else(|err| panic!("writing the queue: {err}"));
    let mut guest = GuestIo::new(&mut qmp);
    guest
        .map_io_bar0(NIC_SLOT, NIC_IO)
        .and_then(|()| {
            LegacyVirtioPci::at(NIC_IO).submit(
                &mut guest,
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
    let answer = request
        .reply(&ram, 2)
        .unwrap_or_else(|err| panic!("reading the answer: {err}"));
    assert_eq!(answer, [VIRTIO_NET_OK], "the device's answer");
    let filter = execute(&mut qmp, "query-rx-filter", Some(json!({ "name": NIC })));
    assert_eq!(filter[0]["promiscuous"], true, "{filter}");
    finish(scenario, &log);
}
