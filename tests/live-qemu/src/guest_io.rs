//! Guest port writes made from the monitor (HMP `o`), standing in for a guest
//! OS: they make devices act as if a guest had programmed them.
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
/// PM1a control register offset, and its SLP_EN bit; SLP_TYP 0 is soft-off.
const PM1_CNT: u16 = 0x04;
const PM1_CNT_SLEEP_ENABLE: u16 = 1 << 13;

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
        self.out16(PM_IO_BASE + PM1_CNT, PM1_CNT_SLEEP_ENABLE)
    }

    fn pci_config_write32(
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

    fn pci_config_write8(
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
