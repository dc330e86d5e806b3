//! `qemu-pr-helper`, the privileged helper that performs SCSI persistent
//! reservations for QEMU, started on a socket in a temporary directory and
//! gone when the test ends, however it ends.

use std::fs::File;
use std::io;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::qemu_binary::find_tool;

/// How long the helper gets to listen, on a loaded machine.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A running `qemu-pr-helper`. Dropping it kills and reaps it.
#[derive(Debug)]
pub struct PrHelper {
    child: Child,
    socket: PathBuf,
}

impl PrHelper {
    /// Starts `qemu-pr-helper` listening on `pr-helper.sock` in `dir`, and
    /// returns once it accepts connections. Panics naming the package if
    /// the helper is not on `PATH`: it comes with QEMU's system emulators.
    pub fn start(dir: &Path) -> io::Result<Self> {
        let binary = find_tool("qemu-pr-helper").unwrap_or_else(|| {
            panic!("qemu-pr-helper is not on PATH (Debian: apt-get install qemu-system-common)")
        });
        let socket = dir.join("pr-helper.sock");
        let log = File::create(dir.join("pr-helper.log"))?;
        let child = Command::new(binary)
            .arg("-k")
            .arg(&socket)
            .arg("-f")
            .arg(dir.join("pr-helper.pid"))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()?;
        let mut helper = PrHelper { child, socket };
        helper.wait_until_listening()?;
        Ok(helper)
    }

    /// The helper's socket, for `pr-manager-helper`'s `path`.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Connects once and hangs up: the helper handles each connection on
    /// its own, so this probe leaves no trace for the real client.
    fn wait_until_listening(&mut self) -> io::Result<()> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait()? {
                return Err(io::Error::other(format!("qemu-pr-helper exited: {status}")));
            }
            match UnixStream::connect(&self.socket) {
                Ok(_) => return Ok(()),
                Err(err) if Instant::now() >= deadline => {
                    return Err(io::Error::other(format!(
                        "qemu-pr-helper not listening within {START_TIMEOUT:?}: {err}"
                    )));
                }
                Err(_) => thread::sleep(Duration::from_millis(20)),
            }
        }
    }
}

impl Drop for PrHelper {
    fn drop(&mut self) {
        // kill() fails only if the helper already exited; wait() reaps it.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
