// Included by the tests that run a README program against the QEMU command line the
// README shows beside it (`examples/client/qemu.sh`, with the socket moved to a temporary
// folder), after `const QEMU_SH: &str = include_str!("<path to qemu.sh>");`.
//
// Without `qemu-system-x86_64` the tests say `SKIPPED` and pass, unless
// `QMP_REQUIRE_QEMU=1` (as in CI).

use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How long QEMU gets to listen, and then to quit.
const DEADLINE: Duration = Duration::from_secs(30);

/// A QEMU started as the README says, killed and reaped when the test ends, however it
/// ends; its socket lives in a temporary folder that goes with it.
struct ReadmeQemu {
    child: Child,
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl ReadmeQemu {
    /// Starts `qemu.sh` and waits until QEMU listens, or says why `test` is skipped.
    fn start(test: &str) -> Option<ReadmeQemu> {
        let binary = qmp_live_qemu::qemu_or_skip(test)?;
        let dir = tempfile::tempdir().expect("a temporary folder");
        let socket = dir.path().join("vm0.qmp");
        let child = readme_command_line(&binary, &socket)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("QEMU starts");
        let mut qemu = ReadmeQemu {
            child,
            socket,
            _dir: dir,
        };
        qemu.wait_until_listening();
        Some(qemu)
    }

    /// Waits until QEMU accepts connections (the probe connection is closed again at once;
    /// QEMU then listens for the next one).
    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + DEADLINE;
        while UnixStream::connect(&self.socket).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("QEMU exited before listening: {status}");
            }
            assert!(Instant::now() < deadline, "QEMU did not listen on {:?}", self.socket);
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Runs `program` with the socket as its argument; returns what it printed.
    fn run(&self, program: &str) -> String {
        let output = Command::new(program)
            .arg(&self.socket)
            .output()
            .expect("the program runs");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).expect("UTF-8")
    }

    /// Waits until QEMU has quit (for programs that end it; the others leave it to the
    /// guard).
    #[allow(dead_code)]
    fn wait_for_exit(&mut self) {
        let deadline = Instant::now() + DEADLINE;
        while self.child.try_wait().expect("QEMU can be waited for").is_none() {
            assert!(Instant::now() < deadline, "QEMU did not quit");
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for ReadmeQemu {
    fn drop(&mut self) {
        // kill() fails only if QEMU already exited; wait() then just reaps it.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `qemu.sh` as a command: `binary` for `qemu-system-x86_64`, `socket` for the README's
/// `/tmp/vm0.qmp`.
fn readme_command_line(binary: &Path, socket: &Path) -> Command {
    let script = QEMU_SH.replace("\\\n", " ");
    let words: Vec<&str> = script.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"qemu-system-x86_64"), "{script}");
    assert!(script.contains("/tmp/vm0.qmp"), "{script}");
    let socket = socket.to_str().expect("a UTF-8 path");
    let mut command = Command::new(binary);
    command.args(words[1..].iter().map(|word| word.replace("/tmp/vm0.qmp", socket)));
    command
}
