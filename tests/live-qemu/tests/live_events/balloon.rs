//! BALLOON_CHANGE from a legacy virtio balloon whose guest side is played by
//! port I/O: the host asks with `balloon`, the "guest" answers by writing the
//! number of pages it gave back into the device's config space.
//!
//! A legacy (virtio 0.9) device keeps its registers and config in an I/O BAR,
//! so HMP's `i` and `o` reach all of it once BAR0 is mapped, as firmware
//! would map it. QEMU emits BALLOON_CHANGE when the guest updates `actual`;
//! no virtqueue is involved.

use qmp_live_qemu::{EventLog, GuestIo};
use serde_json::json;

use crate::{execute, expect_data, finish, qemu_command, start};

const MIB: u64 = 1 << 20;
const RAM: u64 = 128 * MIB;
const TARGET: u64 = 64 * MIB;
/// The balloon counts in 4 KiB pages whatever the guest's page size.
const BALLOON_PAGE: u64 = 4096;

/// PCI slot of the balloon, and where its BAR0 goes.
const BALLOON_SLOT: u8 = 5;
const BALLOON_IO: u16 = 0xc000;
/// Legacy virtio: the device config follows 20 bytes of common registers
/// (24 with MSI-X on, which no guest has turned on here). The balloon's
/// config is `num_pages` (requested by the host) then `actual`.
const CONFIG: u16 = BALLOON_IO + 20;
const NUM_PAGES: u16 = CONFIG;
const ACTUAL: u16 = CONFIG + 4;

#[test]
fn guest_balloon_update_emits_balloon_change() {
    let scenario = "balloon_change";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let balloon =
        format!("virtio-balloon-pci,id=balloon0,addr={BALLOON_SLOT:#x},disable-modern=on");
    let command = command.args(["-S", "-machine", "pc", "-m", "128M", "-device", &balloon]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);
    GuestIo::new(&mut qmp)
        .map_io_bar0(BALLOON_SLOT, BALLOON_IO)
        .unwrap_or_else(|err| panic!("mapping the balloon's BAR0: {err}"));

    execute(&mut qmp, "balloon", Some(json!({ "value": TARGET })));
    let requested = GuestIo::new(&mut qmp)
        .in32(NUM_PAGES)
        .unwrap_or_else(|err| panic!("reading num_pages: {err}"));
    let pages = (RAM - TARGET) / BALLOON_PAGE;
    assert_eq!(u64::from(requested), pages, "pages the host asks for");

    let actual = u32::try_from(pages).unwrap_or_else(|_| panic!("{pages} pages"));
    GuestIo::new(&mut qmp)
        .out32(ACTUAL, actual)
        .unwrap_or_else(|err| panic!("writing actual: {err}"));
    let change = log.wait_for(&mut qmp, "BALLOON_CHANGE");
    // `actual` in the event is the guest's memory left, in bytes.
    expect_data(&change, "/actual", TARGET);
    let info = execute(&mut qmp, "query-balloon", None);
    assert_eq!(info["actual"], TARGET, "{info}");
    finish(scenario, &log);
}
