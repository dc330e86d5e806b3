//! NETDEV_VHOST_USER_CONNECTED and NETDEV_VHOST_USER_DISCONNECTED (QEMU 10.0
//! and later) from a `vhost-user` netdev whose backend connects and then
//! hangs up.
//!
//! A vhost-user netdev hands a NIC's queues to another process, the backend,
//! over a unix socket. The backend here is the test's `VhostUserBackend`,
//! which does just enough of the protocol for QEMU to set the netdev up. The
//! chardev and netdev are added over QMP: at start-up QEMU would connect
//! before this test's QMP client does and its events would be lost.

use qmp_live_qemu::{EventLog, VhostUserBackend};
use serde_json::json;

use crate::{execute, expect_data, finish, qemu_command, start};

/// VHOST_USER_GET_FEATURES, the request QEMU's set-up starts with.
const GET_FEATURES: u32 = 1;

#[test]
fn vhost_user_backend_connecting_and_hanging_up_emits_netdev_vhost_user_events() {
    let scenario = "netdev_vhost_user";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let backend = VhostUserBackend::listen(&command.dir().join("vhost-user.sock"))
        .unwrap_or_else(|err| panic!("vhost-user backend: {err}"));
    let command = command.args(["-S"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);
    let qemu = log
        .qemu_version()
        .unwrap_or_else(|| panic!("QEMU's greeting has no version"));
    let (netdev, chardev) = ("vhost0", "vhost-chr0");

    execute(
        &mut qmp,
        "chardev-add",
        Some(json!({
            "id": chardev,
            "backend": {
                "type": "socket",
                "data": {
                    "addr": { "type": "unix", "data": { "path": backend.socket() } },
                    "server": false,
                },
            },
        })),
    );
    // Returns once QEMU has set the netdev up with the backend.
    execute(
        &mut qmp,
        "netdev_add",
        Some(json!({ "type": "vhost-user", "id": netdev, "chardev": chardev })),
    );
    if qemu.major < 10 {
        eprintln!("{scenario}: QEMU {qemu} has no vhost-user netdev events (10.0 added them)");
        finish(scenario, &log);
        return;
    }
    let connected = log.wait_for(&mut qmp, "NETDEV_VHOST_USER_CONNECTED");
    expect_data(&connected, "/netdev-id", netdev);
    expect_data(&connected, "/chardev-id", chardev);

    let requests = backend
        .hang_up()
        .unwrap_or_else(|err| panic!("vhost-user backend: {err}"));
    assert_eq!(requests.first(), Some(&GET_FEATURES), "{requests:?}");
    let disconnected = log.wait_for(&mut qmp, "NETDEV_VHOST_USER_DISCONNECTED");
    expect_data(&disconnected, "/netdev-id", netdev);
    finish(scenario, &log);
}
