//! SPICE_CONNECTED, SPICE_INITIALIZED and SPICE_DISCONNECTED from a SPICE main
//! channel link, when the QEMU binary has SPICE.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use qmp_client::RawEvent;
use qmp_live_qemu::{EventLog, SpiceMainChannel, qemu_or_skip, spice_or_skip};

use crate::{command_for, data, execute, finish};

/// The main control channel's type, which the document says to filter on.
const CHANNEL_MAIN: u64 = 1;

#[test]
fn spice_link_emits_spice_connected_initialized_disconnected() {
    let scenario = "spice_session";
    let Some(binary) = qemu_or_skip(scenario) else {
        return;
    };
    if !spice_or_skip(scenario, &binary) {
        return;
    }
    let command = command_for(&binary);
    let (_qemu, mut qmp, port) = command
        .spawn_with_port(|port| {
            vec![
                "-spice".to_owned(),
                format!("port={port},addr=127.0.0.1,disable-ticketing=on"),
            ]
        })
        .unwrap_or_else(|err| panic!("{err}"));
    let spice = execute(&mut qmp, "query-spice", None);
    assert_eq!(spice["port"], port, "{spice}");
    let mut log = EventLog::new();

    let server = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let channel = SpiceMainChannel::link(server, Duration::from_secs(10))
        .unwrap_or_else(|err| panic!("SPICE link: {err}"));
    let client_port = channel
        .local_addr()
        .unwrap_or_else(|err| panic!("local address: {err}"))
        .port();

    let connected = log.wait_for(&mut qmp, "SPICE_CONNECTED");
    check_peers(&connected, port, client_port);
    let initialized = log.wait_for(&mut qmp, "SPICE_INITIALIZED");
    check_peers(&initialized, port, client_port);
    let client = &data(&initialized)["client"];
    assert_eq!(client["channel-type"], CHANNEL_MAIN, "{}", initialized.line);
    assert_eq!(client["channel-id"], 0, "{}", initialized.line);
    assert_eq!(client["tls"], false, "{}", initialized.line);
    assert!(client["connection-id"].is_i64(), "{}", initialized.line);
    channel.close();
    let disconnected = log.wait_for(&mut qmp, "SPICE_DISCONNECTED");
    check_peers(&disconnected, port, client_port);
    finish(scenario, &log);
}

/// SPICE names the port `port`, where VNC says `service`.
fn check_peers(event: &RawEvent, server_port: u16, client_port: u16) {
    let fields = data(event);
    let (server, client) = (&fields["server"], &fields["client"]);
    assert_eq!(server["host"], "127.0.0.1", "{}", event.line);
    assert_eq!(server["port"], server_port.to_string(), "{}", event.line);
    assert_eq!(server["family"], "ipv4", "{}", event.line);
    assert_eq!(client["host"], "127.0.0.1", "{}", event.line);
    assert_eq!(client["port"], client_port.to_string(), "{}", event.line);
    assert_eq!(client["family"], "ipv4", "{}", event.line);
}
