//! SPICE_CONNECTED, SPICE_INITIALIZED and SPICE_DISCONNECTED from a SPICE main
//! channel link, and SPICE_MIGRATE_COMPLETED from a migration announced to
//! the SPICE server, when the QEMU binary has SPICE.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use qmp_api::NetworkAddressFamily;
use qmp_live_qemu::{EventLog, SpiceMainChannel, qemu_or_skip, spice_or_skip};

use crate::migration::migration_uri;
use crate::{command_for, execute, finish};

/// The main control channel's type, which the document says to filter on.
const CHANNEL_MAIN: i64 = 1;

/// Checks the server and client parts of a SPICE event. SPICE names the port
/// `port` where VNC says `service`. Evaluates to the payload.
macro_rules! check_peers {
    ($event:expr, $variant:ident, $server_family:expr, $client_family:expr, $ports:expr) => {{
        let (server_port, client_port): (u16, u16) = $ports;
        let line = $event.line();
        let data = payload!($event, $variant);
        assert_eq!(data.server.host, "127.0.0.1", "{line}");
        assert_eq!(data.server.port, server_port.to_string(), "{line}");
        assert_eq!(data.server.family, $server_family, "{line}");
        assert_eq!(data.client.host, "127.0.0.1", "{line}");
        assert_eq!(data.client.port, client_port.to_string(), "{line}");
        assert_eq!(data.client.family, $client_family, "{line}");
        data
    }};
}

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
    let mut log = EventLog::new(&qmp);

    let server = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let channel = SpiceMainChannel::link(server, Duration::from_secs(10))
        .unwrap_or_else(|err| panic!("SPICE link: {err}"));
    let client_port = channel
        .local_addr()
        .unwrap_or_else(|err| panic!("local address: {err}"))
        .port();
    let ports = (port, client_port);

    let connected = log.wait_for(&mut qmp, "SPICE_CONNECTED");
    check_peers!(
        connected,
        SpiceConnected,
        NetworkAddressFamily::Ipv4,
        NetworkAddressFamily::Ipv4,
        ports
    );
    let initialized = log.wait_for(&mut qmp, "SPICE_INITIALIZED");
    let data = check_peers!(
        initialized,
        SpiceInitialized,
        NetworkAddressFamily::Ipv4,
        NetworkAddressFamily::Ipv4,
        ports
    );
    let line = initialized.line();
    assert_eq!(data.server.auth.as_deref(), Some("none"), "{line}");
    assert_eq!(data.client.channel_type, CHANNEL_MAIN, "{line}");
    assert_eq!(data.client.channel_id, 0, "{line}");
    assert!(!data.client.tls, "{line}");
    channel.close();
    let disconnected = log.wait_for(&mut qmp, "SPICE_DISCONNECTED");
    // SPICE_DISCONNECTED shares SPICE_CONNECTED's section, hence its types.
    check_peers!(
        disconnected,
        SpiceDisconnected,
        NetworkAddressFamily::Ipv4,
        NetworkAddressFamily::Ipv4,
        ports
    );
    finish(scenario, &log);
}

/// `client_migrate_info` tells the SPICE server where the VM is going, so
/// that it can move its clients along; at the end of the migration the
/// server reports its part done. With no client connected it has nobody to
/// move and reports at once.
#[test]
fn migration_announced_to_spice_emits_spice_migrate_completed() {
    let scenario = "spice_migrate_completed";
    let Some(binary) = qemu_or_skip(scenario) else {
        return;
    };
    if !spice_or_skip(scenario, &binary) {
        return;
    }
    let command = command_for(&binary).args(["-S", "-m", "32M"]);
    let state = command.dir().join("vm.state");
    let (_qemu, mut qmp, port) = command
        .spawn_with_port(|port| {
            vec![
                "-spice".to_owned(),
                format!("port={port},addr=127.0.0.1,disable-ticketing=on"),
            ]
        })
        .unwrap_or_else(|err| panic!("{err}"));
    let mut log = EventLog::new(&qmp);
    let qemu = log
        .qemu_version()
        .unwrap_or_else(|| panic!("QEMU's greeting has no version"));

    execute(
        &mut qmp,
        "migrate-set-capabilities",
        Some(serde_json::json!({
            "capabilities": [{ "capability": "events", "state": true }],
        })),
    );
    // The destination's SPICE address; nobody connects to it here.
    execute(
        &mut qmp,
        "client_migrate_info",
        Some(serde_json::json!({
            "protocol": "spice", "hostname": "127.0.0.1", "port": port,
        })),
    );
    execute(
        &mut qmp,
        "migrate",
        Some(serde_json::json!({ "uri": migration_uri(qemu, &state) })),
    );
    log.wait_for_matching(&mut qmp, "MIGRATION", |event| {
        event.data()["status"] == "completed"
    });
    let completed = log.wait_for(&mut qmp, "SPICE_MIGRATE_COMPLETED");
    assert_eq!(completed.raw.data(), None, "{}", completed.line());
    finish(scenario, &log);
}
