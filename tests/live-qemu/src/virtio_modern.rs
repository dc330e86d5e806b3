//! A virtio 1.0 PCI device driven as a guest driver drives it, with port I/O
//! only. Its registers live in a memory BAR, which HMP cannot write; but
//! every virtio 1.0 PCI device also has the "PCI configuration access"
//! capability (VIRTIO_PCI_CAP_PCI_CFG), a window in PCI config space through
//! which a driver reaches any BAR, and config space is port I/O (0xcf8/0xcfc).

use qmp_client::Error;

use crate::guest_io::GuestIo;
use crate::virtio_legacy::{STATUS_ACKNOWLEDGE, STATUS_DRIVER, STATUS_DRIVER_OK};
use crate::virtqueue::VirtqueueRequest;

/// The PCI capability list: its start, and the vendor-specific capability
/// ID that virtio uses for each of its structures.
const PCI_CAPABILITY_LIST: u8 = 0x34;
const PCI_CAP_ID_VENDOR: u8 = 0x09;

/// `cfg_type` of the virtio capabilities used here.
const CAP_COMMON_CFG: u8 = 1;
const CAP_NOTIFY_CFG: u8 = 2;
const CAP_DEVICE_CFG: u8 = 4;
const CAP_PCI_CFG: u8 = 5;

/// Fields of a virtio capability, from its start in config space.
const CAP_CFG_TYPE: u8 = 3;
const CAP_BAR: u8 = 4;
const CAP_OFFSET: u8 = 8;
const CAP_LENGTH: u8 = 12;
const NOTIFY_OFF_MULTIPLIER: u8 = 16;
/// The access window's data, after the capability's own fields.
const WINDOW_DATA: u8 = 16;

/// The common configuration structure.
const DEVICE_FEATURE_SELECT: u32 = 0;
const DEVICE_FEATURE: u32 = 4;
const DRIVER_FEATURE_SELECT: u32 = 8;
const DRIVER_FEATURE: u32 = 12;
const DEVICE_STATUS: u32 = 20;
const QUEUE_SELECT: u32 = 22;
const QUEUE_SIZE: u32 = 24;
const QUEUE_ENABLE: u32 = 28;
const QUEUE_NOTIFY_OFF: u32 = 30;
const QUEUE_DESC: u32 = 32;
const QUEUE_DRIVER: u32 = 40;
const QUEUE_DEVICE: u32 = 48;

const STATUS_FEATURES_OK: u8 = 8;

/// The feature every virtio 1.0 driver accepts.
pub const VIRTIO_F_VERSION_1: u64 = 1 << 32;

/// Where a virtio structure is: a BAR and an offset into it.
#[derive(Debug, Clone, Copy)]
struct Region {
    bar: u8,
    offset: u32,
}

/// A virtio 1.0 device in PCI slot `slot` of bus 0, reached through its
/// configuration access window.
#[derive(Debug, Clone, Copy)]
pub struct ModernVirtioPci {
    slot: u8,
    window: u8,
    common: Region,
    device: Region,
    notify: Region,
    notify_multiplier: u32,
}

impl ModernVirtioPci {
    /// Finds the device's virtio structures in its capability list, and
    /// turns on bus mastering, without which QEMU keeps it disabled.
    pub fn find(io: &mut GuestIo<'_>, slot: u8) -> Result<Self, Error> {
        let mut window = None;
        let (mut common, mut device, mut notify) = (None, None, None);
        let mut notify_multiplier = 0;
        let mut cap = io.pci_config_read8(0, slot, 0, PCI_CAPABILITY_LIST)? & 0xfc;
        // A capability list has at most 48 entries in 256 bytes.
        for _ in 0..48 {
            if cap == 0 {
                break;
            }
            if io.pci_config_read8(0, slot, 0, cap)? == PCI_CAP_ID_VENDOR {
                let region = Region {
                    bar: io.pci_config_read8(0, slot, 0, cap + CAP_BAR)?,
                    offset: io.pci_config_read32(0, slot, 0, cap + CAP_OFFSET)?,
                };
                match io.pci_config_read8(0, slot, 0, cap + CAP_CFG_TYPE)? {
                    CAP_COMMON_CFG => common = Some(region),
                    CAP_DEVICE_CFG => device = Some(region),
                    CAP_NOTIFY_CFG => {
                        notify = Some(region);
                        notify_multiplier =
                            io.pci_config_read32(0, slot, 0, cap + NOTIFY_OFF_MULTIPLIER)?;
                    }
                    CAP_PCI_CFG => window = Some(cap),
                    _ => {}
                }
            }
            cap = io.pci_config_read8(0, slot, 0, cap + 1)? & 0xfc;
        }
        let missing = |what: &str| Error::Protocol(format!("slot {slot}: no virtio {what}"));
        let found = ModernVirtioPci {
            slot,
            window: window.ok_or_else(|| missing("PCI configuration access capability"))?,
            common: common.ok_or_else(|| missing("common configuration"))?,
            device: device.ok_or_else(|| missing("device configuration"))?,
            notify: notify.ok_or_else(|| missing("notification structure"))?,
            notify_multiplier,
        };
        io.enable_bus_master(slot)?;
        Ok(found)
    }

    /// Negotiates features as a driver does: reset, acknowledge, accept the
    /// device's features that are in `wanted`, then FEATURES_OK, which the
    /// device may refuse. Returns the accepted features.
    pub fn negotiate(&self, io: &mut GuestIo<'_>, wanted: u64) -> Result<u64, Error> {
        self.write_common(io, DEVICE_STATUS, 1, 0)?;
        self.write_common(
            io,
            DEVICE_STATUS,
            1,
            u32::from(STATUS_ACKNOWLEDGE | STATUS_DRIVER),
        )?;
        let mut offered = 0u64;
        for half in 0..2 {
            self.write_common(io, DEVICE_FEATURE_SELECT, 4, half)?;
            offered |= u64::from(self.read_common(io, DEVICE_FEATURE, 4)?) << (32 * half);
        }
        let accepted = offered & wanted;
        for half in 0..2 {
            self.write_common(io, DRIVER_FEATURE_SELECT, 4, half)?;
            self.write_common(io, DRIVER_FEATURE, 4, (accepted >> (32 * half)) as u32)?;
        }
        let status = STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK;
        self.write_common(io, DEVICE_STATUS, 1, u32::from(status))?;
        if self.read_common(io, DEVICE_STATUS, 1)? & u32::from(STATUS_FEATURES_OK) == 0 {
            return Err(Error::Protocol(format!(
                "slot {}: the device refused features {accepted:#x} (offered {offered:#x})",
                self.slot
            )));
        }
        Ok(accepted)
    }

    /// Reads `len` (1, 2 or 4) bytes of the device-specific configuration.
    pub fn read_device_config(
        &self,
        io: &mut GuestIo<'_>,
        offset: u32,
        len: u8,
    ) -> Result<u32, Error> {
        self.read(io, self.device, offset, len)
    }

    /// Reads a 64-bit field of the device-specific configuration.
    pub fn read_device_config64(&self, io: &mut GuestIo<'_>, offset: u32) -> Result<u64, Error> {
        let low = self.read_device_config(io, offset, 4)?;
        let high = self.read_device_config(io, offset + 4, 4)?;
        Ok(u64::from(high) << 32 | u64::from(low))
    }

    /// After [`negotiate`](Self::negotiate): gives queue `queue` the memory
    /// of `request` (already in guest RAM), enables it, sets DRIVER_OK and
    /// notifies the queue, after which the device serves the request.
    pub fn submit(
        &self,
        io: &mut GuestIo<'_>,
        queue: u16,
        request: &VirtqueueRequest,
    ) -> Result<(), Error> {
        self.write_common(io, QUEUE_SELECT, 2, u32::from(queue))?;
        let max = self.read_common(io, QUEUE_SIZE, 2)?;
        if max < u32::from(request.queue_size()) {
            return Err(Error::Protocol(format!(
                "queue {queue} has {max} entries, the request was laid out for {}",
                request.queue_size()
            )));
        }
        // A virtio 1.0 driver may shrink a queue to the size it laid out.
        self.write_common(io, QUEUE_SIZE, 2, u32::from(request.queue_size()))?;
        for (field, address) in [
            (QUEUE_DESC, request.descriptors()),
            (QUEUE_DRIVER, request.available_ring()),
            (QUEUE_DEVICE, request.used_ring()),
        ] {
            self.write_common(io, field, 4, address as u32)?;
            self.write_common(io, field + 4, 4, (address >> 32) as u32)?;
        }
        self.write_common(io, QUEUE_ENABLE, 2, 1)?;
        let status = STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK | STATUS_DRIVER_OK;
        self.write_common(io, DEVICE_STATUS, 1, u32::from(status))?;
        let notify_off = self.read_common(io, QUEUE_NOTIFY_OFF, 2)?;
        let notify_at = notify_off * self.notify_multiplier;
        self.write(io, self.notify, notify_at, 2, u32::from(queue))
    }

    fn read_common(&self, io: &mut GuestIo<'_>, offset: u32, len: u8) -> Result<u32, Error> {
        self.read(io, self.common, offset, len)
    }

    fn write_common(
        &self,
        io: &mut GuestIo<'_>,
        offset: u32,
        len: u8,
        value: u32,
    ) -> Result<(), Error> {
        self.write(io, self.common, offset, len, value)
    }

    /// Points the window at `len` bytes at `offset` into `region`.
    fn aim(&self, io: &mut GuestIo<'_>, region: Region, offset: u32, len: u8) -> Result<(), Error> {
        let (slot, window) = (self.slot, self.window);
        io.pci_config_write8(0, slot, 0, window + CAP_BAR, region.bar)?;
        io.pci_config_write32(0, slot, 0, window + CAP_OFFSET, region.offset + offset)?;
        io.pci_config_write32(0, slot, 0, window + CAP_LENGTH, u32::from(len))
    }

    fn read(
        &self,
        io: &mut GuestIo<'_>,
        region: Region,
        offset: u32,
        len: u8,
    ) -> Result<u32, Error> {
        self.aim(io, region, offset, len)?;
        let data = io.pci_config_read32(0, self.slot, 0, self.window + WINDOW_DATA)?;
        Ok(match len {
            1 => data & 0xff,
            2 => data & 0xffff,
            _ => data,
        })
    }

    fn write(
        &self,
        io: &mut GuestIo<'_>,
        region: Region,
        offset: u32,
        len: u8,
        value: u32,
    ) -> Result<(), Error> {
        self.aim(io, region, offset, len)?;
        let (slot, data) = (self.slot, self.window + WINDOW_DATA);
        match len {
            1 => io.pci_config_write8(0, slot, 0, data, value as u8),
            2 => io.pci_config_write16(0, slot, 0, data, value as u16),
            _ => io.pci_config_write32(0, slot, 0, data, value),
        }
    }
}
