//! One request on a virtqueue of a legacy (virtio 0.9) PCI device, made
//! without a guest OS: the queue's memory is loaded into guest RAM when QEMU
//! starts (`-device loader`), and the driver's register writes are port I/O
//! through HMP, since a legacy device keeps its registers in an I/O BAR.
//!
//! That is enough for requests a guest driver sends once, such as a
//! virtio-serial port opening or a virtio-net receive-mode command.

use std::path::Path;

use qmp_client::Error;

use crate::guest_io::GuestIo;

/// Legacy virtio registers, from the start of the I/O BAR.
const GUEST_FEATURES: u16 = 4;
const QUEUE_PFN: u16 = 8;
const QUEUE_NUM: u16 = 12;
const QUEUE_SELECT: u16 = 14;
const QUEUE_NOTIFY: u16 = 16;
const DEVICE_STATUS: u16 = 18;

/// Device status bits a driver sets in turn.
const STATUS_ACKNOWLEDGE: u8 = 1;
const STATUS_DRIVER: u8 = 2;
const STATUS_DRIVER_OK: u8 = 4;

/// Legacy queues are page-aligned and their used ring starts on a page.
const PAGE: u64 = 4096;
/// Where the request's buffers go, after the descriptors (one page with the
/// available ring) and the used ring (the next page).
const BUFFERS_OFFSET: u64 = 2 * PAGE;

const DESCRIPTOR_LEN: u64 = 16;
const DESC_F_NEXT: u16 = 1;
const DESC_F_WRITE: u16 = 2;

/// A virtqueue in guest memory whose first available entry is one request:
/// a chain of buffers the device reads, then buffers it writes.
#[derive(Debug, Clone)]
pub struct VirtqueueRequest {
    address: u64,
    queue_size: u16,
    buffers: Vec<(Vec<u8>, bool)>,
}

impl VirtqueueRequest {
    /// A request on a queue of `queue_size` entries (the device's, which a
    /// legacy driver cannot change) placed at the page-aligned `address`.
    pub fn new(address: u64, queue_size: u16) -> Self {
        assert_eq!(address % PAGE, 0, "a legacy virtqueue is page-aligned");
        VirtqueueRequest {
            address,
            queue_size,
            buffers: Vec::new(),
        }
    }

    /// Appends a buffer the device reads.
    pub fn readable(mut self, bytes: &[u8]) -> Self {
        self.buffers.push((bytes.to_vec(), false));
        self
    }

    /// Appends a zeroed buffer of `len` bytes for the device to write.
    pub fn writable(mut self, len: usize) -> Self {
        self.buffers.push((vec![0; len], true));
        self
    }

    /// The `-device` argument that loads the queue's memory, written to
    /// `file` first, into guest RAM.
    pub fn loader_device(&self, file: &Path) -> std::io::Result<String> {
        std::fs::write(file, self.memory_image())?;
        Ok(format!(
            "loader,file={},addr={:#x},force-raw=on",
            file.display(),
            self.address
        ))
    }

    /// The queue's memory: descriptor table, available ring with the
    /// request as entry 0, an empty used ring, then the buffers.
    fn memory_image(&self) -> Vec<u8> {
        let buffers_len: usize = self.buffers.iter().map(|(bytes, _)| bytes.len()).sum();
        let mut image = vec![0u8; to_index(BUFFERS_OFFSET) + buffers_len];
        let mut buffer_offset = BUFFERS_OFFSET;
        for (index, (bytes, device_writes)) in self.buffers.iter().enumerate() {
            let is_last = index + 1 == self.buffers.len();
            let mut flags = if *device_writes { DESC_F_WRITE } else { 0 };
            let mut next = 0u16;
            if !is_last {
                flags |= DESC_F_NEXT;
                next = u16::try_from(index + 1).unwrap_or_else(|_| panic!("{index} buffers"));
            }
            let length = u32::try_from(bytes.len()).unwrap_or_else(|_| panic!("buffer {index}"));
            let descriptor = to_index(DESCRIPTOR_LEN * index as u64);
            put(
                &mut image,
                descriptor,
                &(self.address + buffer_offset).to_le_bytes(),
            );
            put(&mut image, descriptor + 8, &length.to_le_bytes());
            put(&mut image, descriptor + 12, &flags.to_le_bytes());
            put(&mut image, descriptor + 14, &next.to_le_bytes());
            put(&mut image, to_index(buffer_offset), bytes);
            buffer_offset += bytes.len() as u64;
        }
        // Available ring: flags 0, idx 1 (one entry), ring[0] = descriptor 0.
        let available = to_index(DESCRIPTOR_LEN * u64::from(self.queue_size));
        put(&mut image, available + 2, &1u16.to_le_bytes());
        image
    }
}

fn to_index(offset: u64) -> usize {
    usize::try_from(offset).unwrap_or_else(|_| panic!("offset {offset:#x}"))
}

fn put(image: &mut [u8], at: usize, bytes: &[u8]) {
    image[at..at + bytes.len()].copy_from_slice(bytes);
}

impl GuestIo<'_> {
    /// Drives a legacy virtio device whose registers are at `io_base` the way
    /// a guest driver brings it up: acknowledge, accept `features`, give
    /// queue `queue` the memory of `request`, set DRIVER_OK, then notify the
    /// queue. The device then serves the request (QEMU already looks at the
    /// queues when the driver is ready; the notify is what a driver does).
    /// The device must have bus mastering on (see [`GuestIo::map_io_bar0`]),
    /// or QEMU keeps it disabled.
    pub fn legacy_virtio_submit(
        &mut self,
        io_base: u16,
        features: u32,
        queue: u16,
        request: &VirtqueueRequest,
    ) -> Result<(), Error> {
        self.out8(io_base + DEVICE_STATUS, 0)?;
        self.out8(io_base + DEVICE_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER)?;
        self.out32(io_base + GUEST_FEATURES, features)?;
        self.out16(io_base + QUEUE_SELECT, queue)?;
        let size = self.in16(io_base + QUEUE_NUM)?;
        if size != request.queue_size {
            return Err(Error::Protocol(format!(
                "queue {queue} has {size} entries, the request was laid out for {}",
                request.queue_size
            )));
        }
        let page = u32::try_from(request.address / PAGE)
            .map_err(|_| Error::Protocol(format!("queue address {:#x}", request.address)))?;
        self.out32(io_base + QUEUE_PFN, page)?;
        self.out8(
            io_base + DEVICE_STATUS,
            STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_DRIVER_OK,
        )?;
        self.out16(io_base + QUEUE_NOTIFY, queue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u16_at(image: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([image[at], image[at + 1]])
    }

    fn u64_at(image: &[u8], at: usize) -> u64 {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&image[at..at + 8]);
        u64::from_le_bytes(bytes)
    }

    #[test]
    fn request_image_chains_its_buffers_and_offers_entry_zero() {
        let request = VirtqueueRequest::new(0x10_0000, 64)
            .readable(&[7, 8])
            .writable(1);
        let image = request.memory_image();
        // Descriptor 0: the readable buffer, chained to descriptor 1.
        assert_eq!(u64_at(&image, 0), 0x10_2000);
        assert_eq!(u16_at(&image, 8), 2);
        assert_eq!(u16_at(&image, 12), DESC_F_NEXT);
        assert_eq!(u16_at(&image, 14), 1);
        // Descriptor 1: the writable byte right after it, last in the chain.
        assert_eq!(u64_at(&image, 16), 0x10_2002);
        assert_eq!(u16_at(&image, 24), 1);
        assert_eq!(u16_at(&image, 28), DESC_F_WRITE);
        // The available ring after 64 descriptors: one entry, descriptor 0.
        assert_eq!(u16_at(&image, 64 * 16 + 2), 1);
        assert_eq!(u16_at(&image, 64 * 16 + 4), 0);
        assert_eq!(&image[0x2000..], &[7, 8, 0]);
    }
}
