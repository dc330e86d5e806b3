//! VNC_CONNECTED, VNC_INITIALIZED and VNC_DISCONNECTED from an RFB 3.8 client
//! with security type None.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use qmp_client::RawEvent;
use qmp_live_qemu::{EventLog, RfbSession};

use crate::{data, execute, finish, qemu_command};

#[test]
fn rfb_handshake_emits_vnc_connected_initialized_disconnected() {
    let scenario = "vnc_session";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    // VNC takes a display number, port 5900 + N; free ports are far above it.
    let (_qemu, mut qmp, port) = command
        .spawn_with_port(|port| {
            vec![
                "-vnc".to_owned(),
                format!("127.0.0.1:{}", port.saturating_sub(5900)),
            ]
        })
        .unwrap_or_else(|err| panic!("{err}"));
    let vnc = execute(&mut qmp, "query-vnc", None);
    assert_eq!(vnc["service"], port.to_string(), "{vnc}");
    let mut log = EventLog::new();

    let server = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let session = RfbSession::handshake(server, Duration::from_secs(10))
        .unwrap_or_else(|err| panic!("RFB handshake: {err}"));
    assert!(session.width > 0 && session.height > 0, "{session:?}");
    let client_port = session
        .local_addr()
        .unwrap_or_else(|err| panic!("local address: {err}"))
        .port();

    let connected = log.wait_for(&mut qmp, "VNC_CONNECTED");
    check_peers(&connected, port, client_port);
    let initialized = log.wait_for(&mut qmp, "VNC_INITIALIZED");
    check_peers(&initialized, port, client_port);
    assert_eq!(
        data(&initialized)["server"]["auth"],
        "none",
        "{}",
        initialized.line
    );
    session.close();
    let disconnected = log.wait_for(&mut qmp, "VNC_DISCONNECTED");
    check_peers(&disconnected, port, client_port);
    finish(scenario, &log);
}

/// The server and client parts every VNC event carries, as the document lists.
fn check_peers(event: &RawEvent, server_port: u16, client_port: u16) {
    let fields = data(event);
    let (server, client) = (&fields["server"], &fields["client"]);
    assert_eq!(server["host"], "127.0.0.1", "{}", event.line);
    assert_eq!(server["service"], server_port.to_string(), "{}", event.line);
    assert_eq!(server["family"], "ipv4", "{}", event.line);
    assert_eq!(client["host"], "127.0.0.1", "{}", event.line);
    assert_eq!(client["service"], client_port.to_string(), "{}", event.line);
    assert_eq!(client["family"], "ipv4", "{}", event.line);
}
