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

    /// Creates a qcow2 overlay of `path` whose backing file is the qcow2 `backing`.
    pub fn create_overlay(&self, path: &Path, backing: &Path) {
        run(Command::new(&self.qemu_img)
            .args(["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b"])
            .arg(backing)
            .arg(path));
    }

    /// Fills `len` bytes from `offset` of a qcow2 image with `pattern`, so that
    /// the clusters are allocated and a stream job has data to copy.
    pub fn fill_qcow2(&self, path: &Path, pattern: u8, offset: u64, len: u64) {
        run(Command::new(&self.qemu_io)
            .args(["-f", "qcow2", "-c"])
            .arg(format!("write -q -P {pattern:#x} {offset} {len}"))
            .arg(path));
    }
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
