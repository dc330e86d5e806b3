//! NETDEV_STREAM_CONNECTED and NETDEV_STREAM_DISCONNECTED from `stream`
//! netdevs whose other end is this test, over unix sockets in the
//! temporary directory.
//!
//! A stream netdev is one end of a socket that carries a NIC's frames; the
//! other end is usually another QEMU. Here it is a plain unix socket of the
//! test, so that no step races: QEMU as server opens its socket in the
//! background after `netdev_add` returns (a QEMU client arriving too early
//! would fail for good), so the test connects once connecting succeeds; QEMU
//! as client connects to a socket the test listens on before adding it. Each
//! netdev reports the connection, and reports it lost when the test hangs up.

use std::io;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use qmp_client::Client;
use qmp_live_qemu::{EventLog, LiveEvent};
use serde_json::{Value, json};

use crate::{execute, expect_data, finish, qemu_command, start};

/// How long QEMU may take to listen or to connect on a loaded machine.
const SOCKET_TIMEOUT: Duration = Duration::from_secs(30);
const POLL_INTERVAL: Duration = Duration::from_millis(20);

fn unix_address(path: &Path) -> Value {
    json!({ "type": "unix", "path": path })
}

fn add_stream_netdev(qmp: &mut Client, id: &str, server: bool, path: &Path) {
    execute(
        qmp,
        "netdev_add",
        Some(json!({ "type": "stream", "id": id, "server": server, "addr": unix_address(path) })),
    );
}

/// Connects to `path` once QEMU listens there: until then the socket is
/// missing or refuses.
fn connect_when_listening(path: &Path) -> UnixStream {
    let deadline = Instant::now() + SOCKET_TIMEOUT;
    loop {
        match UnixStream::connect(path) {
            Ok(stream) => return stream,
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused
                ) && Instant::now() < deadline => {}
            Err(err) => panic!("connecting to {}: {err}", path.display()),
        }
        thread::sleep(POLL_INTERVAL);
    }
}

/// Accepts QEMU's connection to `listener`.
fn accept_within_timeout(listener: &UnixListener) -> UnixStream {
    listener
        .set_nonblocking(true)
        .unwrap_or_else(|err| panic!("non-blocking listener: {err}"));
    let deadline = Instant::now() + SOCKET_TIMEOUT;
    loop {
        match listener.accept() {
            Ok((stream, _)) => return stream,
            Err(err) if err.kind() == io::ErrorKind::WouldBlock && Instant::now() < deadline => {}
            Err(err) => panic!("accepting QEMU's connection: {err}"),
        }
        thread::sleep(POLL_INTERVAL);
    }
}

fn expect_connected(event: &LiveEvent, id: &str, path: &Path) {
    expect_data(event, "/netdev-id", id);
    // For a unix socket both ends name the socket's path.
    expect_data(event, "/addr", unix_address(path));
}

#[test]
fn stream_netdevs_connecting_and_hanging_up_emit_netdev_stream_events() {
    let scenario = "netdev_stream";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let server_socket = command.dir().join("server.sock");
    let client_socket = command.dir().join("client.sock");
    let command = command.args(["-S"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);

    // QEMU listens, the test connects.
    add_stream_netdev(&mut qmp, "server0", true, &server_socket);
    let peer = connect_when_listening(&server_socket);
    let connected = log.wait_for(&mut qmp, "NETDEV_STREAM_CONNECTED");
    expect_connected(&connected, "server0", &server_socket);
    drop(peer);
    let disconnected = log.wait_for(&mut qmp, "NETDEV_STREAM_DISCONNECTED");
    expect_data(&disconnected, "/netdev-id", "server0");

    // The test listens, QEMU connects.
    let listener = UnixListener::bind(&client_socket)
        .unwrap_or_else(|err| panic!("listening on {}: {err}", client_socket.display()));
    add_stream_netdev(&mut qmp, "client0", false, &client_socket);
    let peer = accept_within_timeout(&listener);
    let connected = log.wait_for(&mut qmp, "NETDEV_STREAM_CONNECTED");
    expect_connected(&connected, "client0", &client_socket);
    drop(peer);
    let disconnected = log.wait_for(&mut qmp, "NETDEV_STREAM_DISCONNECTED");
    expect_data(&disconnected, "/netdev-id", "client0");
    finish(scenario, &log);
}
