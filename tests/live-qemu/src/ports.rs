//! Loopback ports for the servers QEMU opens (VNC, SPICE).

use std::net::{Ipv4Addr, TcpListener};

/// A loopback TCP port that was free a moment ago: the kernel picks it, so
/// tests running in parallel get different ones. Another process can still
/// take it before QEMU binds it; callers retry on "address in use" (see
/// [`QemuCommand::spawn_with_port`](crate::QemuCommand::spawn_with_port)).
pub fn free_loopback_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
    listener.local_addr().expect("bound address").port()
}
