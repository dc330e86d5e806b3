//! Starting QEMU with a QMP socket in a temporary directory, and making sure it
//! is gone when the test ends, however it ends.

use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use qmp_client::Client;
use tempfile::TempDir;

use crate::ports::free_loopback_port;

/// How long QEMU gets to create its QMP socket and greet; generous because a
/// loaded CI machine with two cores may run several QEMUs at once.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// Read timeout of the QMP client handed to tests.
const QMP_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How often to retry a port that another process took first.
const PORT_ATTEMPTS: usize = 5;

/// A QEMU command line and the temporary directory its files live in.
///
/// Every QEMU gets `-accel tcg -nodefaults -display none` and a QMP unix socket
/// in the directory; scenario arguments come on top. One command can be
/// spawned several times (to retry a port); the directory lives until the
/// command and every process spawned from it are dropped.
#[derive(Debug)]
pub struct QemuCommand {
    binary: PathBuf,
    dir: Arc<TempDir>,
    args: Vec<OsString>,
    attempts: AtomicUsize,
}

impl QemuCommand {
    /// A command for `binary` with a fresh temporary directory.
    pub fn new(binary: &Path) -> io::Result<Self> {
        let dir = tempfile::Builder::new().prefix("qmp-live-").tempdir()?;
        Ok(QemuCommand {
            binary: binary.to_owned(),
            dir: Arc::new(dir),
            args: Vec::new(),
            attempts: AtomicUsize::new(0),
        })
    }

    /// The temporary directory, for disk images and other files QEMU opens.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Adds scenario arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Starts QEMU and connects a QMP client that has negotiated capabilities.
    pub fn spawn(&self) -> Result<(QemuProcess, Client), StartError> {
        self.spawn_with_extra_args(&[])
    }

    /// Starts QEMU with arguments that name a free loopback port, as made by
    /// `port_args(port)`, and tries new ports while QEMU reports the chosen one
    /// taken. Returns the port QEMU listens on.
    pub fn spawn_with_port(
        &self,
        port_args: impl Fn(u16) -> Vec<String>,
    ) -> Result<(QemuProcess, Client, u16), StartError> {
        let mut last_error = None;
        for _ in 0..PORT_ATTEMPTS {
            let port = free_loopback_port();
            let extra: Vec<OsString> = port_args(port).into_iter().map(Into::into).collect();
            match self.spawn_with_extra_args(&extra) {
                Ok((process, client)) => return Ok((process, client, port)),
                Err(err) if err.is_address_in_use() => last_error = Some(err),
                Err(err) => return Err(err),
            }
        }
        Err(last_error.unwrap_or(StartError::TimedOut {
            stderr: String::new(),
        }))
    }

    fn spawn_with_extra_args(
        &self,
        extra: &[OsString],
    ) -> Result<(QemuProcess, Client), StartError> {
        let attempt = self.attempts.fetch_add(1, Ordering::Relaxed);
        let socket = self.dir().join(format!("qmp-{attempt}.sock"));
        let log_path = self.dir().join(format!("qemu-{attempt}.log"));
        let log = File::create(&log_path).map_err(StartError::Spawn)?;
        let log_for_stdout = log.try_clone().map_err(StartError::Spawn)?;
        let mut qmp_arg = OsString::from("unix:");
        qmp_arg.push(&socket);
        qmp_arg.push(",server=on,wait=off");
        let child = Command::new(&self.binary)
            .args(["-accel", "tcg", "-nodefaults", "-display", "none", "-qmp"])
            .arg(qmp_arg)
            .args(&self.args)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(log_for_stdout)
            .stderr(log)
            .spawn()
            .map_err(StartError::Spawn)?;
        let mut process = QemuProcess {
            child,
            log_path,
            _dir: Arc::clone(&self.dir),
        };
        let client = process.connect_qmp(&socket)?;
        Ok((process, client))
    }
}

/// A running QEMU. Dropping it kills QEMU and waits for it, so no test leaves
/// one behind, even when it panics; on a panic QEMU's output is printed.
#[derive(Debug)]
pub struct QemuProcess {
    child: Child,
    log_path: PathBuf,
    /// Keeps the directory (socket, images) alive as long as QEMU runs.
    _dir: Arc<TempDir>,
}

impl QemuProcess {
    fn connect_qmp(&mut self, socket: &Path) -> Result<Client, StartError> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(StartError::Exited {
                    status,
                    stderr: self.output(),
                });
            }
            if socket.exists() {
                match Client::builder()
                    .read_timeout(Some(QMP_READ_TIMEOUT))
                    .connect_unix(socket)
                {
                    Ok(client) => return Ok(client),
                    Err(qmp_client::Error::Io(err))
                        if err.kind() == io::ErrorKind::ConnectionRefused => {}
                    Err(error) => {
                        return Err(StartError::Qmp {
                            error,
                            stderr: self.output(),
                        });
                    }
                }
            }
            if Instant::now() >= deadline {
                return Err(StartError::TimedOut {
                    stderr: self.output(),
                });
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits up to `timeout` for QEMU to exit by itself (after `quit`, say).
    pub fn wait_for_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether QEMU is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// What QEMU printed on stdout and stderr so far.
    pub fn output(&self) -> String {
        fs::read_to_string(&self.log_path).unwrap_or_default()
    }
}

impl Drop for QemuProcess {
    fn drop(&mut self) {
        // kill() fails only if QEMU already exited; wait() then just reaps it.
        let _ = self.child.kill();
        let _ = self.child.wait();
        if thread::panicking() {
            eprintln!(
                "--- QEMU output ---\n{}--- end of QEMU output ---",
                self.output()
            );
        }
    }
}

/// Why QEMU could not be started and connected to.
#[derive(Debug)]
pub enum StartError {
    /// The binary could not be run, or the log file not created.
    Spawn(io::Error),
    /// QEMU exited before its QMP socket answered.
    Exited {
        /// How it exited.
        status: ExitStatus,
        /// What it printed, usually the reason.
        stderr: String,
    },
    /// The socket answered but the QMP handshake failed.
    Qmp {
        /// The client's error.
        error: qmp_client::Error,
        /// What QEMU printed.
        stderr: String,
    },
    /// No QMP socket appeared in time.
    TimedOut {
        /// What QEMU printed.
        stderr: String,
    },
}

impl StartError {
    /// Whether QEMU gave up because a port it was told to use was taken.
    pub fn is_address_in_use(&self) -> bool {
        matches!(self, StartError::Exited { stderr, .. } if stderr.contains("Address already in use"))
    }
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Spawn(err) => write!(f, "could not start QEMU: {err}"),
            StartError::Exited { status, stderr } => {
                write!(f, "QEMU exited early ({status}):\n{stderr}")
            }
            StartError::Qmp { error, stderr } => {
                write!(f, "QMP handshake with QEMU failed: {error}\n{stderr}")
            }
            StartError::TimedOut { stderr } => {
                write!(f, "QEMU's QMP socket did not appear in time:\n{stderr}")
            }
        }
    }
}

impl std::error::Error for StartError {}
