//! The smallest VNC (RFB 3.8) client that makes QEMU report a session:
//! version, security type None, ClientInit, ServerInit. That is enough for
//! VNC_CONNECTED (on accept), VNC_INITIALIZED (after ClientInit) and, when the
//! session is dropped, VNC_DISCONNECTED.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::Duration;

const PROTOCOL_VERSION: &[u8; 12] = b"RFB 003.008\n";
const SECURITY_NONE: u8 = 1;
const SHARED_SESSION: u8 = 1;

/// An initialised RFB session; dropping it closes the connection.
#[derive(Debug)]
pub struct RfbSession {
    stream: TcpStream,
    /// The desktop name from ServerInit (QEMU says `QEMU`, or `-name`).
    pub desktop_name: String,
    /// Framebuffer width from ServerInit.
    pub width: u16,
    /// Framebuffer height from ServerInit.
    pub height: u16,
}

impl RfbSession {
    /// Connects and completes the handshake up to ServerInit.
    pub fn handshake(address: SocketAddr, timeout: Duration) -> io::Result<Self> {
        let mut stream = TcpStream::connect_timeout(&address, timeout)?;
        stream.set_read_timeout(Some(timeout))?;

        let server_version: [u8; 12] = read_array(&mut stream)?;
        if !server_version.starts_with(b"RFB ") {
            return Err(invalid(format!("not an RFB server: {server_version:?}")));
        }
        stream.write_all(PROTOCOL_VERSION)?;

        let [type_count] = read_array(&mut stream)?;
        if type_count == 0 {
            return Err(invalid(format!(
                "server refused: {}",
                read_reason(&mut stream)?
            )));
        }
        let types = read_vec(&mut stream, usize::from(type_count))?;
        if !types.contains(&SECURITY_NONE) {
            return Err(invalid(format!(
                "security type None not offered: {types:?}"
            )));
        }
        stream.write_all(&[SECURITY_NONE])?;

        let result = u32::from_be_bytes(read_array(&mut stream)?);
        if result != 0 {
            return Err(invalid(format!(
                "security failed: {}",
                read_reason(&mut stream)?
            )));
        }
        stream.write_all(&[SHARED_SESSION])?;

        let width = u16::from_be_bytes(read_array(&mut stream)?);
        let height = u16::from_be_bytes(read_array(&mut stream)?);
        let _pixel_format: [u8; 16] = read_array(&mut stream)?;
        let name_len = u32::from_be_bytes(read_array(&mut stream)?);
        let name = read_vec(&mut stream, usize::try_from(name_len).unwrap_or(usize::MAX))?;
        Ok(RfbSession {
            stream,
            desktop_name: String::from_utf8_lossy(&name).into_owned(),
            width,
            height,
        })
    }

    /// Our end of the connection, as QEMU reports it in the client part of
    /// its events.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.stream.local_addr()
    }

    /// Closes the connection now rather than at drop.
    pub fn close(self) {
        // The peer may have gone already; closing is then a no-op for us.
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

fn read_array<const N: usize>(stream: &mut TcpStream) -> io::Result<[u8; N]> {
    let mut bytes = [0; N];
    stream.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// Reads `len` bytes; the length comes from the server, so it is read in
/// bounded steps rather than trusted to size one allocation.
fn read_vec(stream: &mut TcpStream, len: usize) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    stream.take(len as u64).read_to_end(&mut bytes)?;
    if bytes.len() != len {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(bytes)
}

fn read_reason(stream: &mut TcpStream) -> io::Result<String> {
    let len = u32::from_be_bytes(read_array(stream)?);
    let reason = read_vec(stream, usize::try_from(len).unwrap_or(usize::MAX))?;
    Ok(String::from_utf8_lossy(&reason).into_owned())
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}
