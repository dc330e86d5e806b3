//! The byte streams a [`Client`](crate::Client) can talk over.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

#[cfg(unix)]
use std::os::unix::net::UnixStream;

/// A connected, bidirectional byte stream whose reads can time out.
///
/// Implemented for [`TcpStream`] and (on Unix) `UnixStream`; implement it for
/// anything else, such as a TLS stream, to hand it to
/// [`ClientBuilder::from_transport`](crate::ClientBuilder::from_transport).
pub trait Transport: Read + Write + Send {
    /// Makes later reads fail with `WouldBlock` or `TimedOut` after `timeout`;
    /// `None` makes them block until data arrives.
    fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()>;
}

impl Transport for TcpStream {
    fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        TcpStream::set_read_timeout(self, timeout)
    }
}

#[cfg(unix)]
impl Transport for UnixStream {
    fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        UnixStream::set_read_timeout(self, timeout)
    }
}
