//! Guest port I/O made from the monitor (HMP `o` and `i`), standing in for a
//! guest OS: it makes devices act as if a guest had programmed them.
//!
//! HMP's `o` writes 4 bytes unless told a size, which spills into the next
//! ports, so every write here names its size (`/b` 1, `/h` 2, `/w` 4 bytes).

use qmp_client::{Client, Error};

/// CMOS/RTC index and data ports of the PC.
const CMOS_INDEX: u16 = 0x70;
const CMOS_DATA: u16 = 0x71;

/// Primary IDE channel command block.
const IDE_PRIMARY: u16 = 0x1f0;
const ATA_READ_SECTORS: u8 = 0x20;

/// The ib700 watchdog's arm register; the value picks the timeout.
const IB700_ARM: u16 = 0x443;

/// PCI configuration mechanism #1.
const PCI_CONFIG_ADDRESS: u16 = 0xcf8;
const PCI_CONFIG_DATA: u16 = 0xcfc;

/// The PIIX4 power-management function of `-machine pc`: 00:01.3.
const PIIX4_PM: (u8, u8, u8) = (0, 1, 3);
const PIIX4_PMBA: u8 = 0x40;
const PIIX4_PMREGMISC: u8 = 0x80;
/// Where SeaBIOS puts the PM registers too, so the two agree.
const PM_IO_BASE: u16 = 0x600;
/// PM1a control register offset, its SLP_EN bit and where SLP_TYP sits.
const PM1_CNT: u16 = 0x04;
const PM1_CNT_SLEEP_ENABLE: u16 = 1 << 13;
const PM1_CNT_SLEEP_TYPE_SHIFT: u16 = 10;

/// The pvpanic ISA device's port: reads give the events it supports, a
/// write reports events (bits of [`PvpanicEvent`]).
const PVPANIC_PORT: u16 = 0x505;

/// The ACPI memory hotplug registers of the PC (QEMU's
/// `ACPI_MEMORY_HOTPLUG_BASE`), which a guest's ACPI tables drive: slot
/// selector, the _OST event and status of the selected slot, and a control
/// byte whose bit 3 ejects it.
const MEMORY_HOTPLUG_BASE: u16 = 0xa00;
const MEMORY_HOTPLUG_SELECTOR: u16 = 0x0;
const MEMORY_HOTPLUG_OST_EVENT: u16 = 0x4;
const MEMORY_HOTPLUG_OST_STATUS: u16 = 0x8;
const MEMORY_HOTPLUG_CONTROL: u16 = 0x14;
const MEMORY_HOTPLUG_EJECT: u8 = 1 << 3;

/// PCI configuration registers: the command register (bit 0 enables I/O
/// decoding, bit 2 bus mastering, which virtio devices need to work) and the
/// first base address register.
const PCI_COMMAND: u8 = 0x04;
const PCI_COMMAND_IO: u8 = 1;
const PCI_COMMAND_MASTER: u8 = 1 << 2;
const PCI_BAR0: u8 = 0x10;

/// The ACPI sleep states a guest requests through PM1_CNT, by their SLP_TYP
/// value on QEMU's PIIX4 (whose `s4_val` property defaults to 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SleepState {
    /// Suspend to RAM: QEMU stops the VM and emits SUSPEND.
    S3 = 1,
    /// Suspend to disk: QEMU emits SUSPEND_DISK and shuts down.
    S4 = 2,
    /// Soft-off: QEMU emits SHUTDOWN.
    S5 = 0,
}

/// The events a guest reports through pvpanic, as bits of the port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PvpanicEvent {
    /// The guest panicked: GUEST_PANICKED.
    Panicked = 1,
    /// The guest loaded a crash kernel: GUEST_CRASHLOADED.
    CrashLoaded = 2,
    /// The guest asks to be shut down: GUEST_PVSHUTDOWN (QEMU 9.1 and later).
    Shutdown = 4,
}

impl PvpanicEvent {
    /// The event's bit in the pvpanic port.
    pub fn bit(self) -> u8 {
        self as u8
    }
}

/// Issues port I/O through a QMP client's human monitor.
#[derive(Debug)]
pub struct GuestIo<'a> {
    client: &'a mut Client,
}

impl<'a> GuestIo<'a> {
    /// Port I/O through `client`.
    pub fn new(client: &'a mut Client) -> Self {
        GuestIo { client }
    }

    /// Writes one byte to an I/O port.
    pub fn out8(&mut self, port: u16, value: u8) -> Result<(), Error> {
        self.out("b", port, u32::from(value))
    }

    /// Writes two bytes to an I/O port.
    pub fn out16(&mut self, port: u16, value: u16) -> Result<(), Error> {
        self.out("h", port, u32::from(value))
    }

    /// Writes four bytes to an I/O port.
    pub fn out32(&mut self, port: u16, value: u32) -> Result<(), Error> {
        self.out("w", port, value)
    }

    /// Reads one byte from an I/O port.
    pub fn in8(&mut self, port: u16) -> Result<u8, Error> {
        let value = self.input("b", port)?;
        u8::try_from(value).map_err(|_| Error::Protocol(format!("a byte read gave {value:#x}")))
    }

    /// Reads two bytes from an I/O port.
    pub fn in16(&mut self, port: u16) -> Result<u16, Error> {
        let value = self.input("h", port)?;
        u16::try_from(value).map_err(|_| Error::Protocol(format!("a 2-byte read gave {value:#x}")))
    }

    /// Reads four bytes from an I/O port.
    pub fn in32(&mut self, port: u16) -> Result<u32, Error> {
        self.input("w", port)
    }

    fn input(&mut self, size: &str, port: u16) -> Result<u32, Error> {
        let command = format!("i /{size} {port:#x}");
        let output = self.client.human_monitor_command(&command)?;
        // HMP answers `portb[0x0505] = 0x07` (portw, portl for wider reads).
        output
            .trim()
            .rsplit_once("= 0x")
            .and_then(|(_, hex)| u32::from_str_radix(hex, 16).ok())
            .ok_or_else(|| Error::Protocol(format!("HMP `{command}` said: {}", output.trim())))
    }

    fn out(&mut self, size: &str, port: u16, value: u32) -> Result<(), Error> {
        let command = format!("o /{size} {port:#x} {value:#x}");
        let output = self.client.human_monitor_command(&command)?;
        // Success prints nothing; anything else is HMP explaining a refusal.
        if output.trim().is_empty() {
            Ok(())
        } else {
            Err(Error::Protocol(format!(
                "HMP `{command}` said: {}",
                output.trim()
            )))
        }
    }

    /// Writes a CMOS register; writing a clock register changes the guest RTC.
    pub fn cmos_write(&mut self, index: u8, value: u8) -> Result<(), Error> {
        self.out8(CMOS_INDEX, index)?;
        self.out8(CMOS_DATA, value)
    }

    /// Starts a PIO READ SECTORS of one sector at `lba` on the primary master,
    /// as a guest driver would; the device model then reads from its drive.
    pub fn ide_read_sector(&mut self, lba: u32) -> Result<(), Error> {
        let [lba0, lba1, lba2, lba3] = lba.to_le_bytes();
        // Drive/head: LBA mode, master, LBA bits 24..27.
        self.out8(IDE_PRIMARY + 6, 0xe0 | (lba3 & 0x0f))?;
        self.out8(IDE_PRIMARY + 2, 1)?;
        self.out8(IDE_PRIMARY + 3, lba0)?;
        self.out8(IDE_PRIMARY + 4, lba1)?;
        self.out8(IDE_PRIMARY + 5, lba2)?;
        self.out8(IDE_PRIMARY + 7, ATA_READ_SECTORS)
    }

    /// Arms the ib700 watchdog. `code` 0..=15 picks 30, 28, ... 2, 0 seconds.
    pub fn ib700_arm(&mut self, code: u8) -> Result<(), Error> {
        self.out8(IB700_ARM, code)
    }

    /// Maps the PIIX4 power-management registers at the address the firmware
    /// would use, so a power-off request works before the firmware has run.
    pub fn map_piix4_pm_registers(&mut self) -> Result<(), Error> {
        let (bus, device, function) = PIIX4_PM;
        self.pci_config_write32(bus, device, function, PIIX4_PMBA, u32::from(PM_IO_BASE) | 1)?;
        self.pci_config_write8(bus, device, function, PIIX4_PMREGMISC, 1)
    }

    /// Requests ACPI soft-off (S5) the way a guest OS powers off; needs the PM
    /// registers mapped. QEMU then emits SHUTDOWN as a guest shutdown.
    pub fn request_acpi_soft_off(&mut self) -> Result<(), Error> {
        self.request_acpi_sleep(SleepState::S5)
    }

    /// Enters an ACPI sleep state the way a guest OS does, by writing its
    /// SLP_TYP with SLP_EN to PM1_CNT; needs the PM registers mapped.
    pub fn request_acpi_sleep(&mut self, state: SleepState) -> Result<(), Error> {
        let sleep_type = state as u16;
        self.out16(
            PM_IO_BASE + PM1_CNT,
            PM1_CNT_SLEEP_ENABLE | sleep_type << PM1_CNT_SLEEP_TYPE_SHIFT,
        )
    }

    /// The events the pvpanic device supports (bits of [`PvpanicEvent`]), as
    /// a guest driver reads them before using the device.
    pub fn pvpanic_supported_events(&mut self) -> Result<u8, Error> {
        self.in8(PVPANIC_PORT)
    }

    /// Reports `event` through the pvpanic device, as a guest kernel does.
    pub fn pvpanic_report(&mut self, event: PvpanicEvent) -> Result<(), Error> {
        self.out8(PVPANIC_PORT, event.bit())
    }

    /// Selects a slot of the ACPI memory hotplug registers, for the _OST and
    /// eject writes that follow.
    pub fn memory_hotplug_select(&mut self, slot: u32) -> Result<(), Error> {
        self.out32(MEMORY_HOTPLUG_BASE + MEMORY_HOTPLUG_SELECTOR, slot)
    }

    /// Reports the selected slot's _OST (OSPM status indication): the ACPI
    /// event it answers (1 device check, 3 eject request) and the status
    /// (0 success; 0x80 and up for eject requests). QEMU emits ACPI_DEVICE_OST.
    pub fn memory_hotplug_ost(&mut self, event: u32, status: u32) -> Result<(), Error> {
        self.out32(MEMORY_HOTPLUG_BASE + MEMORY_HOTPLUG_OST_EVENT, event)?;
        self.out32(MEMORY_HOTPLUG_BASE + MEMORY_HOTPLUG_OST_STATUS, status)
    }

    /// Ejects the DIMM in the selected slot, as a guest's _EJ0 method does
    /// once it has offlined the memory. QEMU unplugs it: DEVICE_DELETED.
    pub fn memory_hotplug_eject(&mut self) -> Result<(), Error> {
        self.out8(
            MEMORY_HOTPLUG_BASE + MEMORY_HOTPLUG_CONTROL,
            MEMORY_HOTPLUG_EJECT,
        )
    }

    /// Maps BAR0 of PCI function `device`.0 on bus 0 at I/O port `base` and
    /// enables its I/O decoding and bus mastering, as firmware and a driver
    /// do; a legacy virtio device then has its registers at `base`.
    pub fn map_io_bar0(&mut self, device: u8, base: u16) -> Result<(), Error> {
        self.pci_config_write32(0, device, 0, PCI_BAR0, u32::from(base))?;
        self.pci_config_write8(
            0,
            device,
            0,
            PCI_COMMAND,
            PCI_COMMAND_IO | PCI_COMMAND_MASTER,
        )
    }

    /// Enables bus mastering of PCI function `device`.0 on bus 0, as a
    /// driver does; QEMU keeps a virtio device disabled without it.
    pub fn enable_bus_master(&mut self, device: u8) -> Result<(), Error> {
        self.pci_config_write8(0, device, 0, PCI_COMMAND, PCI_COMMAND_MASTER)
    }

    pub(crate) fn pci_config_read8(
        &mut self,
        bus: u8,
        device: u8,
        function: u8,
        register: u8,
    ) -> Result<u8, Error> {
        self.out32(
            PCI_CONFIG_ADDRESS,
            pci_config_address(bus, device, function, register),
        )?;
        self.in8(PCI_CONFIG_DATA + u16::from(register & 3))
    }

    pub(crate) fn pci_config_read32(
        &mut self,
        bus: u8,
        device: u8,
        function: u8,
        register: u8,
    ) -> Result<u32, Error> {
        self.out32(
            PCI_CONFIG_ADDRESS,
            pci_config_address(bus, device, function, register),
        )?;
        self.in32(PCI_CONFIG_DATA)
    }

    pub(crate) fn pci_config_write32(
        &mut self,
        bus: u8,
        device: u8,
        function: u8,
        register: u8,
        value: u32,
    ) -> Result<(), Error> {
        self.out32(
            PCI_CONFIG_ADDRESS,
            pci_config_address(bus, device, function, register),
        )?;
        self.out32(PCI_CONFIG_DATA, value)
    }

    pub(crate) fn pci_config_write16(
        &mut self,
        bus: u8,
        device: u8,
        function: u8,
        register: u8,
        value: u16,
    ) -> Result<(), Error> {
        self.out32(
            PCI_CONFIG_ADDRESS,
            pci_config_address(bus, device, function, register),
        )?;
        self.out16(PCI_CONFIG_DATA + u16::from(register & 2), value)
    }

    pub(crate) fn pci_config_write8(
        &mut self,
        bus: u8,
        device: u8,
        function: u8,
        register: u8,
        value: u8,
    ) -> Result<(), Error> {
        self.out32(
            PCI_CONFIG_ADDRESS,
            pci_config_address(bus, device, function, register),
        )?;
        self.out8(PCI_CONFIG_DATA + u16::from(register & 3), value)
    }
}

/// The CONFIG_ADDRESS word selecting a dword of a function's config space.
fn pci_config_address(bus: u8, device: u8, function: u8, register: u8) -> u32 {
    (1 << 31)
        | u32::from(bus) << 16
        | u32::from(device & 0x1f) << 11
        | u32::from(function & 0x7) << 8
        | u32::from(register & 0xfc)
}
