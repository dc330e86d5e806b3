//! The README's qmp-client program, run against the QEMU command line the README shows
//! beside it (`qemu.sh`, with the socket moved to a temporary folder): it prints QEMU's
//! version, the run state and the tray event, and QEMU quits.
//!
//! Without `qemu-system-x86_64` the test says `SKIPPED` and passes, unless
//! `QMP_REQUIRE_QEMU=1` (as in CI).

use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How long QEMU gets to listen, and then to quit.
const DEADLINE: Duration = Duration::from_secs(30);

/// A QEMU that is killed and reaped when the test ends, however it ends.
struct Qemu(Child);

impl Drop for Qemu {
    fn drop(&mut self) {
        // kill() fails only if QEMU already exited; wait() then just reaps it.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `qemu.sh` as a command: `binary` for `qemu-system-x86_64`, `socket` for the README's
/// `/tmp/vm0.qmp`.
fn readme_command_line(binary: &Path, socket: &Path) -> Command {
    let script = include_str!("../qemu.sh").replace("\\\n", " ");
    let words: Vec<&str> = script.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"qemu-system-x86_64"), "{script}");
    assert!(script.contains("/tmp/vm0.qmp"), "{script}");
    let socket = socket.to_str().expect("a UTF-8 path");
    let mut command = Command::new(binary);
    command.args(
        words[1..]
            .iter()
            .map(|word| word.replace("/tmp/vm0.qmp", socket)),
    );
    command
}

/// Waits until QEMU accepts connections on `socket` (the probe connection is closed
/// again at once; QEMU then listens for the next one).
fn wait_until_listening(qemu: &mut Qemu, socket: &Path) {
    let deadline = Instant::now() + DEADLINE;
    while UnixStream::connect(socket).is_err() {
        if let Ok(Some(status)) = qemu.0.try_wait() {
            panic!("QEMU exited before listening: {status}");
        }
        assert!(
            Instant::now() < deadline,
            "QEMU did not listen on {socket:?}"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_program_ejects_the_cdrom_and_quits_qemu() {
    let test = "the_program_ejects_the_cdrom_and_quits_qemu";
    let Some(binary) = qmp_live_qemu::qemu_or_skip(test) else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let socket = dir.path().join("vm0.qmp");
    let child = readme_command_line(&binary, &socket)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("QEMU starts");
    let mut qemu = Qemu(child);
    wait_until_listening(&mut qemu, &socket);

    let output = Command::new(env!("CARGO_BIN_EXE_example-client"))
        .arg(&socket)
        .output()
        .expect("the program runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines.first().is_some_and(|line| line.starts_with("QEMU ")),
        "{stdout}"
    );
    assert_eq!(
        lines[1..],
        ["running: true", "ide1-cd0 tray open: true"],
        "{stdout}"
    );

    let deadline = Instant::now() + DEADLINE;
    while qemu.0.try_wait().expect("QEMU can be waited for").is_none() {
        assert!(Instant::now() < deadline, "QEMU did not quit");
        thread::sleep(Duration::from_millis(20));
    }
}
