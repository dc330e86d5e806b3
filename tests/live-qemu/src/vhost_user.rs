//! The least of a vhost-user backend that lets QEMU set up a `vhost-user`
//! netdev: enough for NETDEV_VHOST_USER_CONNECTED, and, when it hangs up,
//! NETDEV_VHOST_USER_DISCONNECTED. No queue is ever started, so no packet
//! flows and no guest memory is shared.
//!
//! At set-up QEMU asks for the backend's features (GET_FEATURES, twice) and
//! sends SET_OWNER, SET_VRING_CALL and SET_VRING_ERR for each queue. Without
//! the protocol-features feature, which this backend does not offer, only
//! GET_FEATURES wants an answer. The eventfds QEMU passes with some messages
//! are dropped unread (a plain read discards them).

use std::io::{self, Read, Write};
use std::net::Shutdown;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How long the backend waits for QEMU to connect.
const ACCEPT_TIMEOUT: Duration = Duration::from_secs(30);

const VHOST_USER_GET_FEATURES: u32 = 1;
/// Header flags: protocol version 1, and the reply bit.
const VHOST_USER_VERSION: u32 = 0x1;
const VHOST_USER_REPLY: u32 = 0x4;
/// The features offered: virtio 1.0, nothing else.
const OFFERED_FEATURES: u64 = 1 << 32;
/// A message header: request, flags, payload size (all u32, little-endian).
const HEADER_LEN: usize = 12;
/// No set-up message carries more than this.
const MAX_PAYLOAD: usize = 4096;

/// A backend listening on a unix socket, serving the one QEMU that connects,
/// in a thread of its own. Dropping it hangs up and joins the thread.
#[derive(Debug)]
pub struct VhostUserBackend {
    socket: PathBuf,
    connection: Arc<Mutex<Option<UnixStream>>>,
    stop: Arc<AtomicBool>,
    server: Option<JoinHandle<io::Result<Vec<u32>>>>,
}

impl VhostUserBackend {
    /// Listens on `socket` (for a QEMU `chardev` socket client).
    pub fn listen(socket: &Path) -> io::Result<Self> {
        let listener = UnixListener::bind(socket)?;
        listener.set_nonblocking(true)?;
        let connection = Arc::new(Mutex::new(None));
        let stop = Arc::new(AtomicBool::new(false));
        let (shared, stopping) = (Arc::clone(&connection), Arc::clone(&stop));
        let server = thread::spawn(move || serve(&listener, &shared, &stopping));
        Ok(VhostUserBackend {
            socket: socket.to_owned(),
            connection,
            stop,
            server: Some(server),
        })
    }

    /// The socket QEMU connects to.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Closes the connection, as a backend that goes away; returns the
    /// requests QEMU sent, in order.
    pub fn hang_up(mut self) -> io::Result<Vec<u32>> {
        self.shut_down();
        match self.server.take().map(JoinHandle::join) {
            Some(Ok(requests)) => requests,
            Some(Err(_)) => Err(io::Error::other("the vhost-user backend thread panicked")),
            None => Ok(Vec::new()),
        }
    }

    fn shut_down(&self) {
        self.stop.store(true, Ordering::Relaxed);
        let connection = self
            .connection
            .lock()
            .unwrap_or_else(|err| err.into_inner());
        if let Some(stream) = connection.as_ref() {
            // Already closed by QEMU is fine too.
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

impl Drop for VhostUserBackend {
    fn drop(&mut self) {
        self.shut_down();
        if let Some(server) = self.server.take() {
            let _ = server.join();
        }
    }
}

/// Accepts QEMU's connection and answers until it ends; returns the
/// requests seen.
fn serve(
    listener: &UnixListener,
    connection: &Mutex<Option<UnixStream>>,
    stop: &AtomicBool,
) -> io::Result<Vec<u32>> {
    let mut stream = accept(listener, stop)?;
    stream.set_nonblocking(false)?;
    *connection.lock().unwrap_or_else(|err| err.into_inner()) = Some(stream.try_clone()?);
    let mut requests = Vec::new();
    let mut header = [0u8; HEADER_LEN];
    loop {
        if stream.read_exact(&mut header).is_err() {
            // QEMU hung up, or `hang_up` shut the socket down: the end.
            return Ok(requests);
        }
        let word = |at: usize| {
            u32::from_le_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
        };
        let (request, size) = (word(0), word(8) as usize);
        if size > MAX_PAYLOAD {
            return Err(io::Error::other(format!(
                "request {request} with {size} bytes"
            )));
        }
        let mut payload = vec![0u8; size];
        stream.read_exact(&mut payload)?;
        requests.push(request);
        if request == VHOST_USER_GET_FEATURES {
            let mut reply = Vec::with_capacity(HEADER_LEN + 8);
            reply.extend_from_slice(&request.to_le_bytes());
            reply.extend_from_slice(&(VHOST_USER_VERSION | VHOST_USER_REPLY).to_le_bytes());
            reply.extend_from_slice(&8u32.to_le_bytes());
            reply.extend_from_slice(&OFFERED_FEATURES.to_le_bytes());
            stream.write_all(&reply)?;
        }
    }
}

/// Waits for QEMU's connection, until told to stop or the timeout.
fn accept(listener: &UnixListener, stop: &AtomicBool) -> io::Result<UnixStream> {
    let deadline = Instant::now() + ACCEPT_TIMEOUT;
    loop {
        match listener.accept() {
            Ok((stream, _)) => return Ok(stream),
            Err(err)
                if err.kind() == io::ErrorKind::WouldBlock
                    && Instant::now() < deadline
                    && !stop.load(Ordering::Relaxed) =>
            {
                thread::sleep(Duration::from_millis(20));
            }
            Err(err) => return Err(err),
        }
    }
}
