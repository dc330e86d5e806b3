//! NETDEV_STREAM_CONNECTED and NETDEV_STREAM_DISCONNECTED from two `stream`
//! netdevs of one QEMU connected to each other over a unix socket.
//!
//! A stream netdev is one end of a socket that carries a NIC's frames. Both
//! ends live in the same QEMU here, added with `netdev_add`, the server
//! first so that the client finds it listening: each end reports the
//! connection, and when the client is deleted the server reports losing it.
//! Nothing leaves the temporary directory.

use qmp_live_qemu::{EventLog, LiveEvent};
use serde_json::json;

use crate::{execute, expect_data, finish, qemu_command, start};

#[test]
fn stream_netdevs_connecting_and_parting_emit_netdev_stream_events() {
    let scenario = "netdev_stream";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let socket = command.dir().join("net.sock");
    let command = command.args(["-S"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);
    let address = json!({ "type": "unix", "path": socket });

    for (id, server) in [("server0", true), ("client0", false)] {
        execute(
            &mut qmp,
            "netdev_add",
            Some(json!({ "type": "stream", "id": id, "server": server, "addr": address })),
        );
    }
    // Both ends report the connection, in either order.
    let mut connected: Vec<LiveEvent> = (0..2)
        .map(|_| log.wait_for(&mut qmp, "NETDEV_STREAM_CONNECTED"))
        .collect();
    connected.sort_by_key(|event| event.data()["netdev-id"].as_str().map(str::to_owned));
    for (event, id) in connected.iter().zip(["client0", "server0"]) {
        expect_data(event, "/netdev-id", id);
        expect_data(event, "/addr", address.clone());
    }

    execute(&mut qmp, "netdev_del", Some(json!({ "id": "client0" })));
    let disconnected = log.wait_for(&mut qmp, "NETDEV_STREAM_DISCONNECTED");
    expect_data(&disconnected, "/netdev-id", "server0");
    finish(scenario, &log);
}
