//! A legacy (virtio 0.9) PCI device driven as a guest driver drives it, by
//! port I/O through HMP: a legacy device keeps all its registers in an I/O
//! BAR. Enough to bring one queue up and hand it one request.

use qmp_client::Error;

use crate::guest_io::GuestIo;
use crate::virtqueue::{PAGE, VirtqueueRequest};

/// Legacy virtio registers, from the start of the I/O BAR.
const GUEST_FEATURES: u16 = 4;
const QUEUE_PFN: u16 = 8;
const QUEUE_NUM: u16 = 12;
const QUEUE_SELECT: u16 = 14;
const QUEUE_NOTIFY: u16 = 16;
const DEVICE_STATUS: u16 = 18;

/// Device status bits a driver sets in turn.
pub(crate) const STATUS_ACKNOWLEDGE: u8 = 1;
pub(crate) const STATUS_DRIVER: u8 = 2;
pub(crate) const STATUS_DRIVER_OK: u8 = 4;

/// A legacy virtio PCI device whose BAR0 is mapped at an I/O port (see
/// [`GuestIo::map_io_bar0`], which also turns on the bus mastering without
/// which QEMU keeps the device disabled).
#[derive(Debug, Clone, Copy)]
pub struct LegacyVirtioPci {
    io_base: u16,
}

impl LegacyVirtioPci {
    /// The device whose registers start at I/O port `io_base`.
    pub fn at(io_base: u16) -> Self {
        LegacyVirtioPci { io_base }
    }

    /// Brings the device up the way a guest driver does: acknowledge,
    /// accept `features`, give queue `queue` the memory of `request` (which
    /// must already be in guest RAM), set DRIVER_OK, then notify the queue.
    /// The device then serves the request. (QEMU already looks at the queues
    /// when the driver is ready; the notify is what a driver does anyway.)
    pub fn submit(
        &self,
        io: &mut GuestIo<'_>,
        features: u32,
        queue: u16,
        request: &VirtqueueRequest,
    ) -> Result<(), Error> {
        let base = self.io_base;
        io.out8(base + DEVICE_STATUS, 0)?;
        io.out8(base + DEVICE_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER)?;
        io.out32(base + GUEST_FEATURES, features)?;
        io.out16(base + QUEUE_SELECT, queue)?;
        let size = io.in16(base + QUEUE_NUM)?;
        if size != request.queue_size() {
            return Err(Error::Protocol(format!(
                "queue {queue} has {size} entries, the request was laid out for {}",
                request.queue_size()
            )));
        }
        let page = u32::try_from(request.descriptors() / PAGE)
            .map_err(|_| Error::Protocol(format!("queue address {:#x}", request.descriptors())))?;
        io.out32(base + QUEUE_PFN, page)?;
        io.out8(
            base + DEVICE_STATUS,
            STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_DRIVER_OK,
        )?;
        io.out16(base + QUEUE_NOTIFY, queue)
    }
}
