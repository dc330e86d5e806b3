//! A blocking client of the QEMU guest agent (`qemu-ga`), which speaks QAPI commands as
//! QMP does but its own protocol around them: no greeting and no `qmp_capabilities`, a
//! resynchronisation with `guest-sync-delimited` (the agent answers after a 0xFF byte,
//! so whatever came before it, a stale reply or garbage, is discarded), and commands
//! that get no answer (`'success-response': false`: guest-shutdown, guest-suspend-*).
//!
//! The agent is reached through a unix socket (QEMU's host-side chardev of the
//! virtio-serial port, or `qemu-ga -m unix-listen`) or, inside a guest, through the
//! serial device's path.

use std::io::{ErrorKind, Read, Write};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use qmp_runtime::Command;
use serde_json::{Value, json};

use crate::error::Error;
use crate::session::{classify_write_error, typed_return};
use crate::transport::Transport;

/// How long a read waits by default before the agent is taken to be gone or busy.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The byte the agent writes before its answer to `guest-sync-delimited`, and that a
/// client writes to reset the agent's JSON parser (it is never valid JSON).
const SYNC_BYTE: u8 = 0xFF;

/// The longest line taken from the agent (`guest-file-read` answers carry base64 data).
const MAX_LINE: usize = 64 << 20;

/// A connection to a guest agent, in sync after [`GuestAgent::connect_unix`].
///
/// Each command waits for its answer (except those the schema says get none). After a
/// timeout, or a line that is not an answer, the connection is out of sync and the next
/// command first resynchronises.
pub struct GuestAgent {
    stream: Box<dyn Transport>,
    /// Bytes read and not yet taken.
    buffer: Vec<u8>,
    in_sync: bool,
    next_id: u64,
}

impl std::fmt::Debug for GuestAgent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuestAgent")
            .field("in_sync", &self.in_sync)
            .field("buffered", &self.buffer.len())
            .finish_non_exhaustive()
    }
}

/// The agent's serial device inside a guest (`/dev/virtio-ports/org.qemu.guest_agent.0`)
/// as a transport. A file has no read timeout, so reads on it wait for the agent.
struct DeviceFile(std::fs::File);

impl Read for DeviceFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

impl Write for DeviceFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl Transport for DeviceFile {
    fn set_read_timeout(&self, _timeout: Option<Duration>) -> std::io::Result<()> {
        Ok(())
    }
}

impl GuestAgent {
    /// Connects to an agent's unix socket and synchronises with it.
    #[cfg(unix)]
    pub fn connect_unix(path: impl AsRef<Path>) -> Result<GuestAgent, Error> {
        let stream = std::os::unix::net::UnixStream::connect(path)?;
        GuestAgent::from_transport(stream)
    }

    /// Opens the agent's serial device (inside a guest) and synchronises with it. Reads
    /// on a device wait without a timeout.
    pub fn open_device(path: impl AsRef<Path>) -> Result<GuestAgent, Error> {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)?;
        GuestAgent::from_transport(DeviceFile(file))
    }

    /// Uses an already connected stream, and synchronises with the agent on it.
    pub fn from_transport<T: Transport + 'static>(transport: T) -> Result<GuestAgent, Error> {
        transport.set_read_timeout(Some(DEFAULT_TIMEOUT))?;
        let mut agent = GuestAgent {
            stream: Box::new(transport),
            buffer: Vec::new(),
            in_sync: false,
            next_id: first_id(),
        };
        agent.sync()?;
        Ok(agent)
    }

    /// Changes how long reads wait for the agent; `None` waits forever.
    pub fn set_read_timeout(&mut self, timeout: Option<Duration>) -> Result<(), Error> {
        self.stream.set_read_timeout(timeout)?;
        Ok(())
    }

    /// Whether the connection is known to be in step with the agent (false after a
    /// timeout or a line that was not the awaited answer, until the next command).
    pub fn in_sync(&self) -> bool {
        self.in_sync
    }

    /// Resynchronises with `guest-sync-delimited`: writes 0xFF (which resets the
    /// agent's parser, should a half-written command sit in it), then the command with
    /// a fresh id, discards everything up to the agent's 0xFF, then every answer that is
    /// not the one with that id.
    pub fn sync(&mut self) -> Result<(), Error> {
        self.in_sync = false;
        self.buffer.clear();
        let id = self.take_id();
        let line = format!(
            "{}\n",
            json!({"execute": "guest-sync-delimited", "arguments": {"id": id}})
        );
        self.write(&[SYNC_BYTE])?;
        self.write(line.as_bytes())?;
        loop {
            if let Some(at) = self.buffer.iter().position(|&b| b == SYNC_BYTE) {
                self.buffer.drain(..=at);
                break;
            }
            self.buffer.clear();
            self.fill()?;
        }
        loop {
            let line = self.read_line()?;
            let Ok(answer) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            if answer.get("return").and_then(Value::as_u64) == Some(id) {
                self.in_sync = true;
                return Ok(());
            }
        }
    }

    /// Runs a typed command (`qga_api::commands::GuestInfo`, or one of bindings you
    /// generate from an agent's schema) and returns its typed return.
    ///
    /// A command the schema marks `'success-response': false` returns as soon as it is
    /// written, with the empty return: the agent never answers it. The agent's
    /// `{"error": ...}` answer becomes [`Error::Command`]; a return that does not fit
    /// `C::Returns` becomes [`Error::Return`] and the connection stays in sync.
    pub fn execute<C: Command>(&mut self, command: &C) -> Result<C::Returns, Error> {
        if !self.in_sync {
            self.sync()?;
        }
        let id = self.take_id();
        let mut line = qmp_runtime::execute_line(command, Some(&Value::from(id)));
        line.push('\n');
        self.write(line.as_bytes())?;
        if !C::SUCCESS_RESPONSE {
            // No answer comes; what `Returns` is for such a command (`Empty`) reads
            // from `{}`.
            return qmp_runtime::from_json("{}").map_err(|error| {
                Error::Protocol(format!(
                    "{} gets no answer, but its return type is not empty: {error}",
                    C::NAME
                ))
            });
        }
        let line = self.answer(id)?;
        typed_return::<C>(line)
    }

    /// Runs a command given by name, with JSON arguments, and returns its `"return"`
    /// value as JSON: for commands the bindings lack. It waits for an answer.
    pub fn execute_raw(&mut self, command: &str, arguments: Option<Value>) -> Result<Value, Error> {
        if !self.in_sync {
            self.sync()?;
        }
        let id = self.take_id();
        let mut message = json!({"execute": command, "id": id});
        if let Some(arguments) = arguments {
            message["arguments"] = arguments;
        }
        self.write(format!("{message}\n").as_bytes())?;
        let line = self.answer(id)?;
        let mut answer: Value = serde_json::from_str(&line).map_err(|error| {
            Error::Protocol(format!("{command}: the answer is not JSON: {error}"))
        })?;
        if let Some(value) = answer.get_mut("return") {
            return Ok(value.take());
        }
        match qmp_runtime::read_response::<Value>(&line, command) {
            Ok((qmp_runtime::Response::Error(error), _)) => {
                Err(Error::Command(crate::CommandError {
                    command: command.to_owned(),
                    class: error.class,
                    desc: error.desc,
                }))
            }
            _ => Err(Error::Protocol(format!("{command}: not an answer: {line}"))),
        }
    }

    /// Reads the answer with `id`: an answer with another id (left unread after an
    /// earlier timeout) is skipped; anything else puts the connection out of sync.
    fn answer(&mut self, id: u64) -> Result<String, Error> {
        loop {
            let line = match self.read_line() {
                Ok(line) => line,
                Err(error) => {
                    self.in_sync = false;
                    return Err(error);
                }
            };
            match serde_json::from_str::<Value>(&line) {
                Ok(answer) if answer.get("id").and_then(Value::as_u64) == Some(id) => {
                    return Ok(line);
                }
                Ok(answer) if answer.get("id").is_some() => continue,
                _ => {
                    self.in_sync = false;
                    return Err(Error::Protocol(format!(
                        "not an answer of the agent: {line}"
                    )));
                }
            }
        }
    }

    fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1) & ((1 << 53) - 1);
        id
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.stream
            .write_all(bytes)
            .and_then(|()| self.stream.flush())
            .map_err(classify_write_error)
    }

    /// Reads more bytes into the buffer.
    fn fill(&mut self) -> Result<(), Error> {
        let mut chunk = [0u8; 8192];
        match self.stream.read(&mut chunk) {
            Ok(0) => Err(Error::Disconnected),
            Ok(n) => {
                self.buffer.extend_from_slice(&chunk[..n]);
                Ok(())
            }
            Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                Err(Error::Timeout)
            }
            Err(error) if error.kind() == ErrorKind::Interrupted => Ok(()),
            Err(error) => Err(Error::Io(error)),
        }
    }

    /// The next line, without its end; blank lines are skipped.
    fn read_line(&mut self) -> Result<String, Error> {
        loop {
            if let Some(end) = self.buffer.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.buffer.drain(..=end).collect();
                let text = String::from_utf8_lossy(&line).trim().to_owned();
                if text.is_empty() {
                    continue;
                }
                return Ok(text);
            }
            if self.buffer.len() > MAX_LINE {
                self.in_sync = false;
                self.buffer.clear();
                return Err(Error::LineTooLong { limit: MAX_LINE });
            }
            self.fill()?;
        }
    }
}

/// A first command id that differs from one connection to the next, so that an answer
/// meant for an earlier client on the same agent is not taken for ours. Ids stay below
/// 2^53, which every JSON reader holds exactly.
fn first_id() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |t| t.as_nanos() as u64);
    (nanos ^ u64::from(std::process::id()) << 32) & ((1 << 52) - 1)
}
