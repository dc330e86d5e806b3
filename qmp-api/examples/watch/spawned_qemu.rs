//! `--spawn`: a throwaway QEMU to watch, killed when the example ends.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use qmp_client::{Client, Error};
use serde_json::json;
use tempfile::TempDir;

/// HMP port writes standing in for a guest: select CMOS register 9 (the
/// year in the century, BCD) through port 0x70, then write 99 through 0x71.
const CMOS_SELECT_YEAR: &str = "o /b 0x70 0x09";
const CMOS_WRITE_2099: &str = "o /b 0x71 0x99";

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
            // -S: the firmware stays put, so it does not use the CMOS ports
            // while the RTC write below does.
            .args([
                "-S",
                "-machine",
                "pc",
                "-drive",
                "if=ide,index=2,media=cdrom",
            ])
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

/// Makes QEMU emit RTC_CHANGE, RESUME, STOP, DEVICE_TRAY_MOVED, RESET,
/// POWERDOWN (which the document lacks) and SHUTDOWN; they queue up in the
/// client until the watch loop prints them.
pub fn trigger_events(client: &mut Client) -> Result<(), String> {
    eprintln!("> set the guest's clock to 2099 (CMOS year register)");
    for port_write in [CMOS_SELECT_YEAR, CMOS_WRITE_2099] {
        let output = client
            .human_monitor_command(port_write)
            .map_err(|err| format!("{port_write}: {err}"))?;
        // HMP prints nothing on success, and its reason otherwise.
        if !output.trim().is_empty() {
            return Err(format!("{port_write}: {}", output.trim()));
        }
    }
    let commands = [
        ("cont", None),
        ("stop", None),
        ("eject", Some(json!({ "device": "ide1-cd0" }))),
        ("system_reset", None),
        ("system_powerdown", None),
        ("quit", None),
    ];
    for (command, arguments) in commands {
        eprintln!("> {command}");
        match client.execute_raw(command, arguments) {
            Ok(_) => {}
            // QEMU may hang up on `quit` before its return is read.
            Err(Error::Disconnected) if command == "quit" => {}
            Err(err) => return Err(format!("{command}: {err}")),
        }
    }
    Ok(())
}
