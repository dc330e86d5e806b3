//! `--spawn`: a throwaway QEMU to watch, killed when the example ends.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use qmp_client::{Client, Error};
use serde_json::json;
use tempfile::TempDir;

/// How long QEMU gets to open its QMP socket.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A QEMU started by the example; dropping it kills and reaps it.
pub struct SpawnedQemu {
    child: Child,
    _dir: TempDir,
}

impl SpawnedQemu {
    /// Starts QEMU with a QMP socket in a temporary directory and connects.
    pub fn start() -> Result<(SpawnedQemu, Client), String> {
        let binary = std::env::var_os("QMP_QEMU_BINARY")
            .map_or_else(|| PathBuf::from("qemu-system-x86_64"), PathBuf::from);
        let dir = TempDir::new().map_err(|err| format!("temporary directory: {err}"))?;
        let socket = dir.path().join("qmp.sock");
        let child = Command::new(&binary)
            .args(["-accel", "tcg", "-nodefaults", "-display", "none"])
            .args(["-machine", "pc", "-drive", "if=ide,index=2,media=cdrom"])
            .arg("-qmp")
            .arg(format!("unix:{},server=on,wait=off", socket.display()))
            .stdin(Stdio::null())
            .spawn()
            .map_err(|err| format!("starting {}: {err}", binary.display()))?;
        let mut qemu = SpawnedQemu { child, _dir: dir };
        eprintln!(
            "started {} with QMP on {}",
            binary.display(),
            socket.display()
        );
        let client = qemu.connect(&socket)?;
        Ok((qemu, client))
    }

    fn connect(&mut self, socket: &std::path::Path) -> Result<Client, String> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("QEMU exited early: {status}"));
            }
            match Client::connect_unix(socket) {
                Ok(client) => return Ok(client),
                Err(Error::Io(_)) if Instant::now() < deadline => {
                    thread::sleep(Duration::from_millis(20));
                }
                Err(err) => return Err(format!("connecting to QEMU: {err}")),
            }
        }
    }
}

impl Drop for SpawnedQemu {
    fn drop(&mut self) {
        // kill() fails only if QEMU already exited; wait() then just reaps it.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Makes QEMU emit STOP, RESUME, RESET, DEVICE_TRAY_MOVED and SHUTDOWN; they
/// queue up in the client until the watch loop prints them.
pub fn trigger_events(client: &mut Client) -> Result<(), String> {
    let commands = [
        ("stop", None),
        ("cont", None),
        ("system_reset", None),
        ("eject", Some(json!({ "device": "ide1-cd0" }))),
        ("quit", None),
    ];
    for (command, arguments) in commands {
        eprintln!("> {command}");
        match client.execute(command, arguments) {
            Ok(_) => {}
            // QEMU may hang up on `quit` before its return is read.
            Err(Error::Disconnected) if command == "quit" => {}
            Err(err) => return Err(err.to_string()),
        }
    }
    Ok(())
}
