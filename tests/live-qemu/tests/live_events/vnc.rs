//! VNC_CONNECTED, VNC_INITIALIZED and VNC_DISCONNECTED from an RFB 3.8 client
//! with security type None.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use qmp_api::NetworkAddressFamily;
use qmp_live_qemu::{EventLog, RfbSession};

use crate::{execute, finish, qemu_command};

/// Checks the server and client parts every VNC event carries, as the
/// document lists them; each event has its own generated types, alike in
/// shape, hence a macro. Evaluates to the payload.
macro_rules! check_peers {
    ($event:expr, $variant:ident, $server_family:expr, $client_family:expr, $ports:expr) => {{
        let (server_port, client_port): (u16, u16) = $ports;
        let line = $event.line();
        let data = payload!($event, $variant);
        assert_eq!(data.server.host, "127.0.0.1", "{line}");
        assert_eq!(data.server.service, server_port.to_string(), "{line}");
        assert_eq!(data.server.family, $server_family, "{line}");
        assert_eq!(data.client.host, "127.0.0.1", "{line}");
        assert_eq!(data.client.service, client_port.to_string(), "{line}");
        assert_eq!(data.client.family, $client_family, "{line}");
        // A plain RFB connection, not a websocket.
        assert!(!data.server.websocket && !data.client.websocket, "{line}");
        data
    }};
}

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
    let mut log = EventLog::new(&qmp);

    let server = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let session = RfbSession::handshake(server, Duration::from_secs(10))
        .unwrap_or_else(|err| panic!("RFB handshake: {err}"));
    assert!(session.width > 0 && session.height > 0, "{session:?}");
    let client_port = session
        .local_addr()
        .unwrap_or_else(|err| panic!("local address: {err}"))
        .port();
    let ports = (port, client_port);

    let connected = log.wait_for(&mut qmp, "VNC_CONNECTED");
    check_peers!(
        connected,
        VncConnected,
        NetworkAddressFamily::Ipv4,
        NetworkAddressFamily::Ipv4,
        ports
    );
    let initialized = log.wait_for(&mut qmp, "VNC_INITIALIZED");
    let data = check_peers!(
        initialized,
        VncInitialized,
        NetworkAddressFamily::Ipv4,
        NetworkAddressFamily::Ipv4,
        ports
    );
    assert_eq!(
        data.server.auth.as_deref(),
        Some("none"),
        "{}",
        initialized.line()
    );
    session.close();
    let disconnected = log.wait_for(&mut qmp, "VNC_DISCONNECTED");
    check_peers!(
        disconnected,
        VncDisconnected,
        NetworkAddressFamily::Ipv4,
        NetworkAddressFamily::Ipv4,
        ports
    );
    finish(scenario, &log);
}
