//! The guest's RAM as a file that QEMU maps shared, so that the test can
//! write guest memory as a guest driver would (virtqueues, requests) and read
//! back what devices wrote there.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// The memory backend's id on QEMU's command line.
const BACKEND_ID: &str = "guest-ram";

/// A file holding all of a PC's RAM, which QEMU maps with `share=on`: what
/// the test writes is in guest memory at once, and the reverse. The file is
/// sparse, so only the pages written take space.
///
/// Guest-physical addresses are file offsets for RAM below the PC's PCI
/// hole, which is all of it for the small machines of the tests.
#[derive(Debug)]
pub struct GuestRam {
    file: File,
    path: PathBuf,
    size: u64,
}

impl GuestRam {
    /// Creates the file for `size` bytes of RAM (whole MiB) in `dir`.
    pub fn create(dir: &Path, size: u64) -> io::Result<Self> {
        assert_eq!(
            size % (1 << 20),
            0,
            "guest RAM of {size} bytes is not whole MiB"
        );
        let path = dir.join("guest-ram");
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        file.set_len(size)?;
        Ok(GuestRam { file, path, size })
    }

    /// QEMU arguments that make the file the machine's RAM (`-m` included,
    /// since it must match the backend's size), with room for memory devices
    /// up to `maxmem` bytes in all if given. `-m` counts in MiB.
    pub fn qemu_args(&self, maxmem: Option<u64>) -> Vec<String> {
        let mib = |bytes: u64| format!("{}M", bytes >> 20);
        let memory = match maxmem {
            Some(maxmem) => format!("{},maxmem={}", mib(self.size), mib(maxmem)),
            None => mib(self.size),
        };
        vec![
            "-m".to_owned(),
            memory,
            "-object".to_owned(),
            format!(
                "memory-backend-file,id={BACKEND_ID},size={},mem-path={},share=on",
                self.size,
                self.path.display()
            ),
            "-machine".to_owned(),
            format!("memory-backend={BACKEND_ID}"),
        ]
    }

    /// Writes `bytes` at guest-physical `address`.
    pub fn write(&self, address: u64, bytes: &[u8]) -> io::Result<()> {
        self.check_range(address, bytes.len())?;
        self.file.write_all_at(bytes, address)
    }

    /// Reads `len` bytes at guest-physical `address`.
    pub fn read(&self, address: u64, len: usize) -> io::Result<Vec<u8>> {
        self.check_range(address, len)?;
        let mut bytes = vec![0; len];
        self.file.read_exact_at(&mut bytes, address)?;
        Ok(bytes)
    }

    fn check_range(&self, address: u64, len: usize) -> io::Result<()> {
        let end = address.checked_add(len as u64);
        if end.is_some_and(|end| end <= self.size) {
            Ok(())
        } else {
            Err(io::Error::other(format!(
                "{len} bytes at {address:#x} are outside the guest's {} bytes of RAM",
                self.size
            )))
        }
    }
}
