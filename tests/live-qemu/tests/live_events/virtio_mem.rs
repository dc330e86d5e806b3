//! MEMORY_DEVICE_SIZE_CHANGE from a virtio-mem device whose guest-less
//! driver plugs one block of its memory.
//!
//! virtio-mem grows a guest's memory in blocks: management raises the
//! device's `requested-size`, the guest driver plugs blocks with requests on
//! the device's queue, and QEMU reports each change of the plugged size.
//! virtio-mem is a virtio 1.0 device only, driven here through the PCI
//! configuration access capability (`ModernVirtioPci`); the request and its
//! queue are written into guest RAM (`GuestRam`) after the driver has read
//! where the device's memory is.

use qmp_live_qemu::{
    EventLog, GuestIo, GuestRam, ModernVirtioPci, VIRTIO_F_VERSION_1, VirtqueueRequest,
};
use serde_json::json;

use crate::{execute, expect_data, finish, qemu_command, start};

const MIB: u64 = 1 << 20;
const RAM: u64 = 128 * MIB;
const DEVICE_MEMORY: u64 = 256 * MIB;
const REQUESTED: u64 = 16 * MIB;
const MEM_SLOT: u8 = 9;
const QUEUE_ADDRESS: u64 = 0x10_0000;
const QUEUE_SIZE: u16 = 128;
/// The device's one queue, for guest requests.
const REQUEST_QUEUE: u16 = 0;
/// Features a driver may accept: ACPI proximity domains, and the promise
/// not to touch unplugged memory (which QEMU on x86 insists on).
const VIRTIO_MEM_F_ACPI_PXM: u64 = 1 << 0;
const VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE: u64 = 1 << 1;
/// `struct virtio_mem_config`: block size, then the device memory's address.
const CONFIG_BLOCK_SIZE: u32 = 0;
const CONFIG_ADDR: u32 = 16;
/// Request and response types.
const VIRTIO_MEM_REQ_PLUG: u16 = 0;
const VIRTIO_MEM_RESP_ACK: u16 = 0;
/// `struct virtio_mem_resp`: type, padding, then a 2-byte union.
const RESPONSE_LEN: usize = 10;

const DEVICE: &str = "vmem0";

/// `struct virtio_mem_req` for plugging `blocks` blocks at `address`.
fn plug_request(address: u64, blocks: u16) -> Vec<u8> {
    let mut request = Vec::new();
    request.extend_from_slice(&VIRTIO_MEM_REQ_PLUG.to_le_bytes());
    request.extend_from_slice(&[0; 6]);
    request.extend_from_slice(&address.to_le_bytes());
    request.extend_from_slice(&blocks.to_le_bytes());
    request.extend_from_slice(&[0; 6]);
    request
}

#[test]
fn driver_plugging_a_block_emits_memory_device_size_change() {
    let scenario = "memory_device_size_change";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let ram =
        GuestRam::create(command.dir(), RAM).unwrap_or_else(|err| panic!("guest RAM file: {err}"));
    let backend = format!("memory-backend-ram,id=vmem-ram,size={DEVICE_MEMORY}");
    let device = format!(
        "virtio-mem-pci,id={DEVICE},memdev=vmem-ram,requested-size={REQUESTED},addr={MEM_SLOT:#x}"
    );
    let command = command
        .args(["-S", "-machine", "pc"])
        .args(ram.qemu_args(Some(RAM + DEVICE_MEMORY)))
        .args(["-object", &backend, "-device", &device]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);

    let mut guest = GuestIo::new(&mut qmp);
    let virtio_mem = ModernVirtioPci::find(&mut guest, MEM_SLOT)
        .unwrap_or_else(|err| panic!("finding the device: {err}"));
    let wanted = VIRTIO_F_VERSION_1 | VIRTIO_MEM_F_ACPI_PXM | VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE;
    let read_config = |guest: &mut GuestIo<'_>, offset| {
        virtio_mem
            .read_device_config64(guest, offset)
            .unwrap_or_else(|err| panic!("reading the config: {err}"))
    };
    virtio_mem
        .negotiate(&mut guest, wanted)
        .unwrap_or_else(|err| panic!("negotiating features: {err}"));
    let block_size = read_config(&mut guest, CONFIG_BLOCK_SIZE);
    let address = read_config(&mut guest, CONFIG_ADDR);

    let request = VirtqueueRequest::new(QUEUE_ADDRESS, QUEUE_SIZE)
        .readable(&plug_request(address, 1))
        .writable(RESPONSE_LEN);
    request
        .write_to(&ram)
        .unwrap_or_else(|err| panic!("writing the queue: {err}"));
    virtio_mem
        .submit(&mut guest, REQUEST_QUEUE, &request)
        .unwrap_or_else(|err| panic!("plugging a block: {err}"));
    let change = log.wait_for(&mut qmp, "MEMORY_DEVICE_SIZE_CHANGE");
    expect_data(&change, "/id", DEVICE);
    expect_data(&change, "/size", block_size);
    expect_data(
        &change,
        "/qom-path",
        format!("/machine/peripheral/{DEVICE}"),
    );
    let response = request
        .reply(&ram, 1)
        .unwrap_or_else(|err| panic!("reading the response: {err}"));
    assert_eq!(
        response[..2],
        VIRTIO_MEM_RESP_ACK.to_le_bytes(),
        "response {response:?}"
    );
    let devices = execute(&mut qmp, "query-memory-devices", None);
    assert_eq!(devices[0]["data"]["size"], json!(block_size), "{devices}");
    finish(scenario, &log);
}
