//! Connection options and the handshake that turns a stream into a [`Client`].

use std::io::BufReader;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

#[cfg(unix)]
use std::os::unix::net::UnixStream;
#[cfg(unix)]
use std::path::Path;

use crate::client::Client;
use crate::error::Error;
use crate::line_reader::LineReader;
use crate::transport::Transport;

/// Options for a connection, applied before the greeting is read.
///
/// ```no_run
/// use std::time::Duration;
/// let client = qmp_client::Client::builder()
///     .read_timeout(Some(Duration::from_secs(5)))
///     .connect_unix("/run/qemu/vm0.qmp")?;
/// # Ok::<(), qmp_client::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct ClientBuilder {
    pub(crate) read_timeout: Option<Duration>,
    pub(crate) max_line_len: Option<usize>,
}

impl ClientBuilder {
    /// Options with no read timeout and no line length limit.
    pub fn new() -> Self {
        ClientBuilder::default()
    }

    /// How long a read may wait for the next line; `None` (the default) waits
    /// forever. Also applies to the greeting and `qmp_capabilities`.
    pub fn read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// The longest line accepted, in bytes; `None` (the default) accepts any.
    /// Longer lines are skipped and reported as [`Error::LineTooLong`].
    pub fn max_line_len(mut self, max: Option<usize>) -> Self {
        self.max_line_len = max;
        self
    }

    /// Connects to QEMU's `-qmp unix:PATH,server=on` socket.
    #[cfg(unix)]
    pub fn connect_unix(self, path: impl AsRef<Path>) -> Result<Client, Error> {
        let stream = UnixStream::connect(path).map_err(Error::Io)?;
        self.from_transport(stream)
    }

    /// Connects to QEMU's `-qmp tcp:HOST:PORT,server=on` socket. QMP has no
    /// authentication, so the server should listen on loopback only.
    pub fn connect_tcp(self, address: impl ToSocketAddrs) -> Result<Client, Error> {
        let stream = TcpStream::connect(address).map_err(Error::Io)?;
        self.from_transport(stream)
    }

    /// Reads the greeting from an already connected stream and negotiates
    /// capabilities, leaving the connection in command mode.
    pub fn from_transport<T: Transport + 'static>(self, transport: T) -> Result<Client, Error> {
        transport.set_read_timeout(self.read_timeout)?;
        let boxed: Box<dyn Transport> = Box::new(transport);
        let lines = LineReader::new(BufReader::new(boxed), self.max_line_len);
        Client::handshake(lines)
    }
}
