//! The server end of a socket pair, driven by a test's script, so the client's
//! protocol handling can be tested without QEMU.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::thread::JoinHandle;

use serde_json::{Value, json};

/// A greeting shaped like QEMU 10.0's.
pub const GREETING: &str = r#"{"QMP": {"version": {"qemu": {"micro": 2, "minor": 0, "major": 10}, "package": "Debian 1:10.0.2"}, "capabilities": ["oob"]}}"#;

/// What the script sees: the server side of the socket.
pub struct Peer {
    reader: BufReader<UnixStream>,
    writer: UnixStream,
}

impl Peer {
    /// Sends one line, adding QMP's `\r\n`.
    pub fn send(&mut self, line: &str) {
        self.send_bytes(format!("{line}\r\n").as_bytes());
    }

    /// Sends raw bytes, for lines split across writes.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("peer write");
        self.writer.flush().expect("peer flush");
    }

    /// Reads the client's next command and checks its name.
    pub fn expect_command(&mut self, name: &str) -> Value {
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("peer read");
        let command: Value = serde_json::from_str(&line).expect("client sent JSON");
        assert_eq!(command["execute"], name, "client sent {line}");
        command
    }

    /// Answers `command` with `{"return": value}` and the command's id.
    pub fn reply(&mut self, command: &Value, value: Value) {
        let answer = json!({ "return": value, "id": command["id"] });
        self.send(&answer.to_string());
    }

    /// Answers the client's `qmp_capabilities`.
    pub fn accept_capabilities(&mut self) {
        let command = self.expect_command("qmp_capabilities");
        self.reply(&command, json!({}));
    }
}

/// Starts `script` on a thread with the server end; returns the client end.
/// The server end closes when the script returns.
pub fn spawn_peer(script: impl FnOnce(&mut Peer) + Send + 'static) -> (UnixStream, JoinHandle<()>) {
    let (client_end, server_end) = UnixStream::pair().expect("socket pair");
    let handle = std::thread::spawn(move || {
        let mut peer = Peer {
            reader: BufReader::new(server_end.try_clone().expect("clone")),
            writer: server_end,
        };
        script(&mut peer);
    });
    (client_end, handle)
}

/// Starts a peer that greets, accepts capabilities, then runs `script`.
pub fn spawn_qemu_like_peer(
    script: impl FnOnce(&mut Peer) + Send + 'static,
) -> (UnixStream, JoinHandle<()>) {
    spawn_peer(move |peer| {
        peer.send(GREETING);
        peer.accept_capabilities();
        script(peer);
    })
}

/// An event line with a fixed timestamp.
pub fn event_line(name: &str, data: Option<Value>) -> String {
    let mut event = json!({
        "event": name,
        "timestamp": { "seconds": 1_700_000_000, "microseconds": 250 },
    });
    if let Some(data) = data {
        event["data"] = data;
    }
    event.to_string()
}
