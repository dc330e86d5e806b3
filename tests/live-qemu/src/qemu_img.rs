//! Disk images for block scenarios, made with qemu-img and qemu-io.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::qemu_binary::find_tool;

/// The image tools from Debian's qemu-utils.
#[derive(Debug, Clone)]
pub struct QemuImg {
    qemu_img: PathBuf,
    qemu_io: PathBuf,
}

impl QemuImg {
    /// Finds `qemu-img` and `qemu-io` on `PATH`; panics naming the package if
    /// they are missing, since a machine with QEMU but no image tools is set
    /// up wrong rather than a reason to skip.
    pub fn find() -> Self {
        let tool = |name: &str| {
            find_tool(name).unwrap_or_else(|| {
                panic!("{name} is not on PATH (Debian: apt-get install qemu-utils)")
            })
        };
        QemuImg {
            qemu_img: tool("qemu-img"),
            qemu_io: tool("qemu-io"),
        }
    }

    /// Creates an empty image of `format` (`qcow2`, `raw`) and `size` bytes.
    pub fn create(&self, path: &Path, format: &str, size: u64) {
        run(Command::new(&self.qemu_img)
            .args(["create", "-q", "-f", format])
            .arg(path)
            .arg(size.to_string()));
    }

    /// Creates a qcow2 overlay at `path` whose backing file is `backing`, an
    /// image of `backing_format`.
    pub fn create_overlay(&self, path: &Path, backing: &Path, backing_format: &str) {
        run(Command::new(&self.qemu_img)
            .args(["create", "-q", "-f", "qcow2", "-F", backing_format, "-b"])
            .arg(backing)
            .arg(path));
    }

    /// Fills `len` bytes from `offset` of a qcow2 image with `pattern`, so that
    /// the clusters are allocated and a stream job has data to copy.
    pub fn fill_qcow2(&self, path: &Path, pattern: u8, offset: u64, len: u64) {
        self.fill(path, "qcow2", pattern, offset, len);
    }

    /// Fills `len` bytes from `offset` of an image of `format` with `pattern`.
    pub fn fill(&self, path: &Path, format: &str, pattern: u8, offset: u64, len: u64) {
        run(Command::new(&self.qemu_io)
            .args(["-f", format, "-c"])
            .arg(format!("write -q -P {pattern:#x} {offset} {len}"))
            .arg(path));
    }

    /// Writes `len` bytes at `offset` of the NBD export `export` served on
    /// the unix socket `socket`, as an NBD client (qemu-io) that connects,
    /// writes and disconnects.
    pub fn write_over_nbd(&self, socket: &Path, export: &str, offset: u64, len: u64) {
        run(Command::new(&self.qemu_io)
            .args(["-f", "raw", "-c"])
            .arg(format!("write -q {offset} {len}"))
            .arg(format!("nbd+unix:///{export}?socket={}", socket.display())));
    }

    /// Points the first L1 entry of a qcow2 image at `l2_offset`, which
    /// QEMU's consistency checks reject when it is not cluster-aligned: the
    /// next access through that entry reports the image corrupted. The image
    /// must have its first L2 table allocated (write to its first cluster).
    pub fn corrupt_first_l1_entry(&self, path: &Path, l2_offset: u64) {
        corrupt_first_l1_entry(path, l2_offset)
            .unwrap_or_else(|err| panic!("corrupting {}: {err}", path.display()));
    }
}

/// Where a qcow2 header keeps the L1 table's offset (big-endian u64).
const QCOW2_L1_TABLE_OFFSET: u64 = 40;
/// The flag of an L1 entry whose L2 table is not shared with a snapshot.
const QCOW2_OFLAG_COPIED: u64 = 1 << 63;

fn corrupt_first_l1_entry(path: &Path, l2_offset: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom, Write};
    let mut image = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)?;
    let mut word = [0u8; 8];
    image.seek(SeekFrom::Start(QCOW2_L1_TABLE_OFFSET))?;
    image.read_exact(&mut word)?;
    let l1_table = u64::from_be_bytes(word);
    image.seek(SeekFrom::Start(l1_table))?;
    image.read_exact(&mut word)?;
    if u64::from_be_bytes(word) == 0 {
        return Err(std::io::Error::other("the first L1 entry is not allocated"));
    }
    image.seek(SeekFrom::Start(l1_table))?;
    image.write_all(&(QCOW2_OFLAG_COPIED | l2_offset).to_be_bytes())?;
    image.sync_all()
}

fn run(command: &mut Command) {
    let output = command
        .output()
        .unwrap_or_else(|err| panic!("could not run {command:?}: {err}"));
    assert!(
        output.status.success(),
        "{command:?} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}
