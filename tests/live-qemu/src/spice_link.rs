//! The smallest SPICE client that makes QEMU report a session: the link
//! handshake of the main channel with SPICE ticket authentication.
//!
//! SPICE_CONNECTED comes on accept, SPICE_INITIALIZED once the link succeeds,
//! SPICE_DISCONNECTED when the channel is dropped. Even with
//! `disable-ticketing=on` the server insists on decrypting a ticket, so an
//! empty one is RSA-OAEP(SHA-1) encrypted with the key the server sends.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::Duration;

use rsa::pkcs8::DecodePublicKey;
use rsa::{Oaep, RsaPublicKey};

const MAGIC: &[u8; 4] = b"REDQ";
const MAJOR_VERSION: u32 = 2;
const MINOR_VERSION: u32 = 2;
const CHANNEL_MAIN: u8 = 1;
/// Common capability bits: the client selects the auth mechanism, and that
/// mechanism is SPICE tickets.
const CAP_PROTOCOL_AUTH_SELECTION: u32 = 0;
const CAP_AUTH_SPICE: u32 = 1;
/// Bytes of the fixed part of SpiceLinkMess, where the capabilities start.
const LINK_MESS_LEN: u32 = 18;
/// DER size of the 1024-bit public key in SpiceLinkReply.
const PUBLIC_KEY_LEN: usize = 162;
/// Largest link reply accepted: the fixed part plus room for capabilities.
const MAX_REPLY_LEN: u32 = 4096;

/// A linked SPICE main channel; dropping it disconnects.
#[derive(Debug)]
pub struct SpiceMainChannel {
    stream: TcpStream,
}

impl SpiceMainChannel {
    /// Connects and links the main channel.
    pub fn link(address: SocketAddr, timeout: Duration) -> io::Result<Self> {
        let mut stream = TcpStream::connect_timeout(&address, timeout)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.write_all(&link_message())?;

        let header: [u8; 16] = read_array(&mut stream)?;
        if &header[..4] != MAGIC || le_u32(&header[4..8]) != MAJOR_VERSION {
            return Err(invalid(format!(
                "not a SPICE {MAJOR_VERSION} link reply: {header:?}"
            )));
        }
        let size = le_u32(&header[12..16]);
        if size > MAX_REPLY_LEN || (size as usize) < 4 + PUBLIC_KEY_LEN {
            return Err(invalid(format!("implausible link reply size {size}")));
        }
        let mut reply = vec![0; size as usize];
        stream.read_exact(&mut reply)?;
        let error = le_u32(&reply[..4]);
        if error != 0 {
            return Err(invalid(format!("server refused the link: error {error}")));
        }
        let public_key = RsaPublicKey::from_public_key_der(&reply[4..4 + PUBLIC_KEY_LEN])
            .map_err(|err| invalid(format!("bad public key: {err}")))?;

        stream.write_all(&CAP_AUTH_SPICE.to_le_bytes())?;
        let ticket = public_key
            .encrypt(&mut rsa::rand_core::OsRng, Oaep::new::<sha1::Sha1>(), b"\0")
            .map_err(|err| invalid(format!("encrypting the ticket failed: {err}")))?;
        stream.write_all(&ticket)?;

        let result = u32::from_le_bytes(read_array(&mut stream)?);
        if result != 0 {
            return Err(invalid(format!("link failed: error {result}")));
        }
        Ok(SpiceMainChannel { stream })
    }

    /// Our end of the connection, as QEMU reports it in the client part of
    /// its events.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.stream.local_addr()
    }

    /// Disconnects now rather than at drop.
    pub fn close(self) {
        // The peer may have gone already; closing is then a no-op for us.
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// SpiceLinkHeader followed by SpiceLinkMess and one word of common caps.
fn link_message() -> Vec<u8> {
    let common_caps: u32 = (1 << CAP_PROTOCOL_AUTH_SELECTION) | (1 << CAP_AUTH_SPICE);
    let mut body = Vec::new();
    body.extend_from_slice(&0u32.to_le_bytes()); // connection id: a new session
    body.push(CHANNEL_MAIN);
    body.push(0); // channel id
    body.extend_from_slice(&1u32.to_le_bytes()); // number of common caps words
    body.extend_from_slice(&0u32.to_le_bytes()); // number of channel caps words
    body.extend_from_slice(&LINK_MESS_LEN.to_le_bytes()); // caps offset
    body.extend_from_slice(&common_caps.to_le_bytes());

    let mut message = Vec::new();
    message.extend_from_slice(MAGIC);
    message.extend_from_slice(&MAJOR_VERSION.to_le_bytes());
    message.extend_from_slice(&MINOR_VERSION.to_le_bytes());
    let body_len = u32::try_from(body.len()).unwrap_or(u32::MAX);
    message.extend_from_slice(&body_len.to_le_bytes());
    message.extend_from_slice(&body);
    message
}

fn le_u32(bytes: &[u8]) -> u32 {
    let mut word = [0; 4];
    word.copy_from_slice(&bytes[..4]);
    u32::from_le_bytes(word)
}

fn read_array<const N: usize>(stream: &mut TcpStream) -> io::Result<[u8; N]> {
    let mut bytes = [0; N];
    stream.read_exact(&mut bytes)?;
    Ok(bytes)
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}
