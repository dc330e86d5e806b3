//! One request on a split virtqueue, laid out in guest RAM as a guest driver
//! would lay it out, for devices driven without a guest OS.

use std::io;

use crate::guest_ram::GuestRam;

/// Queues are placed on a page; with the legacy layout the used ring starts
/// on the next page boundary after the available ring.
pub(crate) const PAGE: u64 = 4096;
/// Where the request's buffers go, after the descriptors (one page with the
/// available ring) and the used ring (the next page).
const BUFFERS_OFFSET: u64 = 2 * PAGE;

const DESCRIPTOR_LEN: u64 = 16;
const DESC_F_NEXT: u16 = 1;
const DESC_F_WRITE: u16 = 2;

/// A virtqueue whose first available entry is one request: a chain of
/// buffers the device reads, then buffers it writes. The layout is the
/// legacy one (descriptors, available ring, used ring on the next page),
/// which a virtio 1.0 driver may use too.
#[derive(Debug, Clone)]
pub struct VirtqueueRequest {
    address: u64,
    queue_size: u16,
    buffers: Vec<(Vec<u8>, bool)>,
}

impl VirtqueueRequest {
    /// A request on a queue of `queue_size` entries (the device's: a legacy
    /// driver cannot change it) placed at the page-aligned `address`.
    pub fn new(address: u64, queue_size: u16) -> Self {
        assert_eq!(address % PAGE, 0, "a virtqueue here is page-aligned");
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

    /// The number of entries the queue was laid out for.
    pub fn queue_size(&self) -> u16 {
        self.queue_size
    }

    /// Where the descriptor table starts (the queue's address).
    pub fn descriptors(&self) -> u64 {
        self.address
    }

    /// Where the available ring starts.
    pub fn available_ring(&self) -> u64 {
        self.address + DESCRIPTOR_LEN * u64::from(self.queue_size)
    }

    /// Where the used ring starts.
    pub fn used_ring(&self) -> u64 {
        self.address + PAGE
    }

    /// Writes the queue and the request into guest RAM: the descriptors, an
    /// available ring offering the request as entry 0, an empty used ring,
    /// and the buffers.
    pub fn write_to(&self, ram: &GuestRam) -> io::Result<()> {
        ram.write(self.address, &self.memory_image())
    }

    /// What the device wrote into the request's buffer `index` (a writable
    /// one), read back from guest RAM.
    pub fn reply(&self, ram: &GuestRam, index: usize) -> io::Result<Vec<u8>> {
        let offset: usize = self.buffers[..index]
            .iter()
            .map(|(bytes, _)| bytes.len())
            .sum();
        let len = self.buffers[index].0.len();
        ram.read(self.address + BUFFERS_OFFSET + offset as u64, len)
    }

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
        let available = to_index(self.available_ring() - self.address);
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
        assert_eq!(request.available_ring(), 0x10_0400);
        assert_eq!(u16_at(&image, 64 * 16 + 2), 1);
        assert_eq!(u16_at(&image, 64 * 16 + 4), 0);
        assert_eq!(request.used_ring(), 0x10_1000);
        assert_eq!(&image[0x2000..], &[7, 8, 0]);
    }
}
