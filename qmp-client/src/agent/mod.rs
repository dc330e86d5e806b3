//! A blocking client of the QEMU guest agent (`qemu-ga`), which speaks QAPI commands as
//! QMP does but its own protocol around them: no greeting and no `qmp_capabilities`, a
//! resynchronisation with `guest-sync-delimited` (the agent answers after a 0xFF byte,
//! so whatever came before it, a stale reply or garbage, is discarded), and commands
//! that get no answer (`'success-response': false`: guest-shutdown, guest-suspend-*).
//!
//! The agent is reached through a unix socket (QEMU's host-side chardev of the
//! virtio-serial port, or `qemu-ga -m unix-listen`) or, inside a guest, through the
//! serial device's path.

mod protocol;

use std::io::{ErrorKind, Read, Write};
use std::path::Path;
use std::time::Duration;

use qmp_runtime::Command;
use serde_json::Value;

use crate::error::Error;
use crate::session::typed_return;
use crate::transport::Transport;
pub(crate) use protocol::{AgentState, first_id, raw_return, unanswered};

/// How long a read waits by default before the agent is taken to be gone or busy.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection to a guest agent, in sync after [`GuestAgent::connect_unix`].
///
/// Each command waits for its answer (except those the schema says get none). After a
/// timeout, or a line that is not an answer, the connection is out of sync and the next
/// command first resynchronises.
pub struct GuestAgent {
    stream: Box<dyn Transport>,
    state: AgentState,
}

impl std::fmt::Debug for GuestAgent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuestAgent")
            .field("state", &self.state)
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
            state: AgentState::new(first_id()),
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
        self.state.in_sync()
    }

    /// Resynchronises with `guest-sync-delimited`: writes 0xFF (which resets the
    /// agent's parser, should a half-written command sit in it), then the command with
    /// a fresh id, discards everything up to the agent's 0xFF, then every answer that is
    /// not the one with that id.
    pub fn sync(&mut self) -> Result<(), Error> {
        let (id, bytes) = self.state.start_sync();
        self.write(&bytes)?;
        while !self.state.sync_done(id)? {
            self.fill()?;
        }
        Ok(())
    }

    /// Runs a typed command (`qga_api::commands::GuestInfo`, or one of bindings you
    /// generate from an agent's schema) and returns its typed return.
    ///
    /// A command the schema marks `'success-response': false` returns as soon as it is
    /// written, with the empty return: the agent never answers it. The agent's
    /// `{"error": ...}` answer becomes [`Error::Command`]; a return that does not fit
    /// `C::Returns` becomes [`Error::Return`] and the connection stays in sync.
    pub fn execute<C: Command>(&mut self, command: &C) -> Result<C::Returns, Error> {
        if !self.state.in_sync() {
            self.sync()?;
        }
        let (id, line) = self.state.command_line(command);
        self.write(line.as_bytes())?;
        if !C::SUCCESS_RESPONSE {
            return unanswered::<C>();
        }
        typed_return::<C>(self.answer(id)?)
    }

    /// Runs a command given by name, with JSON arguments, and returns its `"return"`
    /// value as JSON: for commands the bindings lack. It waits for an answer.
    pub fn execute_raw(&mut self, command: &str, arguments: Option<Value>) -> Result<Value, Error> {
        if !self.state.in_sync() {
            self.sync()?;
        }
        let (id, line) = self.state.raw_line(command, arguments);
        self.write(line.as_bytes())?;
        raw_return(command, &self.answer(id)?)
    }

    fn answer(&mut self, id: u64) -> Result<String, Error> {
        loop {
            if let Some(line) = self.state.answer(id)? {
                return Ok(line);
            }
            self.fill()?;
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let written = self
            .stream
            .write_all(bytes)
            .and_then(|()| self.stream.flush());
        written.map_err(|error| self.state.write_failed(error))
    }

    /// Reads more bytes; a timeout or an error leaves the connection out of sync.
    fn fill(&mut self) -> Result<(), Error> {
        let mut chunk = [0u8; 8192];
        let read = loop {
            match self.stream.read(&mut chunk) {
                Err(error) if error.kind() == ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        self.state.take_read(read, &chunk)
    }
}
