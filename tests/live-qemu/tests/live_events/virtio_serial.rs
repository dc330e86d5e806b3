//! VSERPORT_CHANGE from a virtio-serial port that a guest-less driver opens.
//!
//! A guest opens a virtio-serial port (the QEMU guest agent's, say) by
//! sending VIRTIO_CONSOLE_PORT_OPEN on the device's control queue. Here the
//! test writes the message and the queue around it into guest RAM (a file
//! QEMU shares, `GuestRam`) and brings the legacy device up by port I/O as a
//! driver would: QEMU reads the message and reports the port open. (A close
//! would come a second later at the earliest: the event is rate-limited per
//! port.)

use qmp_live_qemu::{EventLog, GuestIo, GuestRam, LegacyVirtioPci, VirtqueueRequest};

use crate::{expect_data, finish, qemu_command, start};

const RAM: u64 = 128 << 20;
/// PCI slot of the device, and where its BAR0 goes.
const SERIAL_SLOT: u8 = 6;
const SERIAL_IO: u16 = 0xc000;
/// Guest RAM for the queue: 1 MiB, above what the (never run) firmware uses.
const QUEUE_ADDRESS: u64 = 0x10_0000;
/// Queues: port 0 in and out, then control in (2) and control out (3).
const CONTROL_OUT_QUEUE: u16 = 3;
const CONTROL_QUEUE_SIZE: u16 = 32;
/// The feature that gives the device control queues and several ports.
const VIRTIO_CONSOLE_F_MULTIPORT: u32 = 1 << 1;
/// `struct virtio_console_control`: port id, event, value.
const PORT_OPEN: u16 = 6;

const PORT: &str = "port0";

#[test]
fn guest_opening_a_virtio_serial_port_emits_vserport_change() {
    let scenario = "vserport_change";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let ram =
        GuestRam::create(command.dir(), RAM).unwrap_or_else(|err| panic!("guest RAM file: {err}"));
    let serial = format!("virtio-serial-pci,id=vser0,addr={SERIAL_SLOT:#x},disable-modern=on");
    let port = format!("virtserialport,bus=vser0.0,chardev=chr0,id={PORT},name=org.example.port0");
    // -S: the firmware would drive the device and use the RAM itself.
    let command = command
        .args(["-S", "-machine", "pc"])
        .args(ram.qemu_args(None))
        .args([
            "-chardev",
            "null,id=chr0",
            "-device",
            &serial,
            "-device",
            &port,
        ]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);

    // virtserialport takes port number 1: 0 is kept for a console.
    let port_number: u32 = 1;
    let mut message = Vec::new();
    message.extend_from_slice(&port_number.to_le_bytes());
    message.extend_from_slice(&PORT_OPEN.to_le_bytes());
    message.extend_from_slice(&1u16.to_le_bytes());
    let request = VirtqueueRequest::new(QUEUE_ADDRESS, CONTROL_QUEUE_SIZE).readable(&message);
    request
        .write_to(&ram)
        .unwrap_or_else(|err| panic!("writing the queue: {err}"));
    let mut guest = GuestIo::new(&mut qmp);
    guest
        .map_io_bar0(SERIAL_SLOT, SERIAL_IO)
        .and_then(|()| {
            LegacyVirtioPci::at(SERIAL_IO).submit(
                &mut guest,
                VIRTIO_CONSOLE_F_MULTIPORT,
                CONTROL_OUT_QUEUE,
                &request,
            )
        })
        .unwrap_or_else(|err| panic!("opening the port: {err}"));
    let change = log.wait_for(&mut qmp, "VSERPORT_CHANGE");
    expect_data(&change, "/id", PORT);
    expect_data(&change, "/open", true);
    finish(scenario, &log);
}
