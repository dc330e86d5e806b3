//! The guest agent: a real `qemu-ga` (Debian's qemu-guest-agent) started on the test
//! machine itself, driven through `qmp_client::GuestAgent` with the commands of
//! `qga-api`.
//!
//! Safety: the agent runs as root on the machine that runs the tests. It is started with
//! `--allow-rpcs` naming only commands that read, the file commands (used on a file in
//! the test's own temporary folder) and guest-exec / guest-exec-status (used on
//! `/bin/echo` only), with `QGA_CONF` naming an empty file so that no system
//! configuration widens the list, and its socket, state folder and pidfile in that
//! temporary folder. It is ended by its PID.
//!
//! Without `qemu-ga` the tests skip, unless `QMP_REQUIRE_QEMU=1`.

use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use qga_api::commands::{GuestExec, GuestExecStatus, GuestGetDevices, GuestPing};
use qmp_client::{Error, ErrorClass, GuestAgent};
use qmp_runtime::{Command, CommandVisitor};
use serde_json::{Value, json};

/// Commands that only read, and may run on the test machine.
const READS: &[&str] = &[
    "guest-info",
    "guest-ping",
    "guest-get-osinfo",
    "guest-get-time",
    "guest-get-timezone",
    "guest-get-host-name",
    "guest-get-users",
    "guest-get-vcpus",
    "guest-get-load",
    "guest-get-fsinfo",
    "guest-get-disks",
    "guest-get-memory-blocks",
    "guest-get-memory-block-info",
    "guest-get-cpustats",
    "guest-get-diskstats",
    "guest-network-get-interfaces",
    "guest-network-get-route",
    "guest-fsfreeze-status",
    "guest-sync",
    "guest-sync-delimited",
];

/// Used on a file in the test's temporary folder, and on `/bin/echo`, only.
const CONFINED: &[&str] = &[
    "guest-file-open",
    "guest-file-write",
    "guest-file-seek",
    "guest-file-read",
    "guest-file-close",
    "guest-exec",
    "guest-exec-status",
];

/// A running `qemu-ga`, ended by its PID when dropped.
struct Agent {
    child: Child,
    dir: tempfile::TempDir,
    socket: PathBuf,
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent_or_skip(test: &str) -> Option<Agent> {
    let Some(binary) = qmp_live_qemu::find_tool("qemu-ga") else {
        let required = std::env::var(qmp_live_qemu::REQUIRE_ENV).is_ok_and(|v| v == "1");
        assert!(
            !required,
            "{test}: qemu-ga is not on PATH but {}=1 (Debian: qemu-guest-agent)",
            qmp_live_qemu::REQUIRE_ENV
        );
        eprintln!("SKIPPED {test}: qemu-ga is not on PATH");
        return None;
    };
    let dir = tempfile::Builder::new()
        .prefix("qga-live-")
        .tempdir()
        .expect("a temporary folder");
    let socket = dir.path().join("qga.sock");
    let state = dir.path().join("state");
    std::fs::create_dir(&state).expect("the state folder");
    let config = dir.path().join("qemu-ga.conf");
    std::fs::write(&config, "").expect("an empty configuration");
    let allowed: Vec<&str> = READS.iter().chain(CONFINED).copied().collect();
    let child = Process::new(binary)
        .env("QGA_CONF", &config)
        .arg("-m")
        .arg("unix-listen")
        .arg("-p")
        .arg(&socket)
        .arg("-t")
        .arg(&state)
        .arg("-f")
        .arg(dir.path().join("qemu-ga.pid"))
        .arg(format!("--allow-rpcs={}", allowed.join(",")))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("qemu-ga starts");
    let agent = Agent { child, dir, socket };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !agent.socket.exists() {
        assert!(Instant::now() < deadline, "qemu-ga made no socket");
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(agent)
}

fn connect(agent: &Agent) -> GuestAgent {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match GuestAgent::connect_unix(&agent.socket) {
            Ok(client) => return client,
            Err(error) if Instant::now() < deadline => {
                eprintln!("connecting: {error}");
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(error) => panic!("connecting to qemu-ga: {error}"),
        }
    }
}

/// Runs each allowed read command that takes no required argument, typed, and checks
/// its return; gives the returned and refused ones.
struct RunReads<'a> {
    agent: &'a mut GuestAgent,
    returned: Vec<&'static str>,
    refused: Vec<(&'static str, ErrorClass, String)>,
}

impl CommandVisitor for RunReads<'_> {
    fn visit<C: Command>(&mut self) {
        if !READS.contains(&C::NAME) {
            return;
        }
        let Ok(command) = qmp_runtime::from_json::<C>("{}") else {
            return; // required arguments (guest-sync's id)
        };
        match self.agent.execute(&command) {
            Ok(typed) => {
                let value = qmp_runtime::to_value(&typed);
                // The same command untyped: the typed return gives back what came.
                let raw = self
                    .agent
                    .execute_raw(C::NAME, None)
                    .unwrap_or_else(|e| panic!("{}: {e}", C::NAME));
                let again: C::Returns = qmp_runtime::from_value(raw.clone())
                    .unwrap_or_else(|e| panic!("{}: {e}\n{raw}", C::NAME));
                assert_eq!(qmp_runtime::to_value(&again), raw, "{}", C::NAME);
                if let Err(violations) = qga_api::validate_return(C::NAME, &raw) {
                    panic!("{}: validate_return: {violations:?}\n{raw}", C::NAME);
                }
                assert!(!value.is_null() || raw.is_null(), "{}", C::NAME);
                self.returned.push(C::NAME);
            }
            Err(Error::Command(error)) => self.refused.push((C::NAME, error.class, error.desc)),
            Err(error) => panic!("{}: {error}", C::NAME),
        }
    }
}

#[test]
fn every_allowed_read_runs_typed_and_a_command_outside_the_list_is_not_found() {
    let Some(agent) = agent_or_skip("guest agent reads") else {
        return;
    };
    let mut client = connect(&agent);
    let mut reads = RunReads {
        agent: &mut client,
        returned: Vec::new(),
        refused: Vec::new(),
    };
    qga_api::for_each_command(&mut reads);
    eprintln!("returned: {:?}", reads.returned);
    eprintln!("refused: {:?}", reads.refused);
    assert!(reads.returned.len() >= 12, "{:?}", reads.returned);
    for name in [
        "guest-info",
        "guest-ping",
        "guest-get-osinfo",
        "guest-get-time",
    ] {
        assert!(reads.returned.contains(&name), "{name} did not return");
    }
    for (name, class, desc) in &reads.refused {
        assert!(
            !matches!(class, ErrorClass::Other(_)),
            "{name}: {class} {desc}"
        );
    }
    // guest-info lists the allow-list as enabled and everything else as disabled.
    let info = client
        .execute(&qga_api::commands::GuestInfo::default())
        .expect("guest-info");
    let enabled: Vec<&str> = info
        .supported_commands
        .iter()
        .filter(|c| c.enabled)
        .map(|c| c.name.as_str())
        .collect();
    for name in &enabled {
        assert!(
            READS.contains(name) || CONFINED.contains(name),
            "{name} is enabled"
        );
    }
    assert!(!enabled.contains(&"guest-shutdown"));
    // A read-only command left out of the list is refused as not found, typed.
    match client.execute(&GuestGetDevices::default()) {
        Err(Error::Command(error)) => {
            assert_eq!(error.class, ErrorClass::CommandNotFound, "{}", error.desc);
        }
        other => panic!("guest-get-devices outside the list: {other:?}"),
    }
    assert!(client.in_sync());
}

#[test]
fn a_file_in_the_temporary_folder_round_trips_bytes_and_echo_runs() {
    let Some(agent) = agent_or_skip("guest agent files and exec") else {
        return;
    };
    let mut client = connect(&agent);
    let path = agent.dir.path().join("file.bin");
    let run = |client: &mut GuestAgent, name: &str, arguments: Value| {
        client
            .execute_raw(name, Some(arguments))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let open: qga_api::commands::GuestFileOpen =
        qmp_runtime::from_value(json!({"path": path.to_str().unwrap(), "mode": "w+"})).unwrap();
    let handle = client.execute(&open).expect("guest-file-open");
    // "hello, agent\n" in base64.
    let bytes = "aGVsbG8sIGFnZW50Cg==";
    let write: qga_api::commands::GuestFileWrite =
        qmp_runtime::from_value(json!({"handle": handle, "buf-b64": bytes})).unwrap();
    let written = client.execute(&write).expect("guest-file-write");
    assert_eq!(written.count, 13);
    let seek: qga_api::commands::GuestFileSeek =
        qmp_runtime::from_value(json!({"handle": handle, "offset": 0, "whence": "set"})).unwrap();
    assert_eq!(client.execute(&seek).expect("guest-file-seek").position, 0);
    let read: qga_api::commands::GuestFileRead =
        qmp_runtime::from_value(json!({"handle": handle, "count": 64})).unwrap();
    let got = client.execute(&read).expect("guest-file-read");
    assert_eq!(
        (got.count, got.buf_b64.as_str(), got.eof),
        (13, bytes, true)
    );
    run(&mut client, "guest-file-close", json!({"handle": handle}));
    assert_eq!(std::fs::read(&path).unwrap(), b"hello, agent\n");

    let exec: GuestExec = qmp_runtime::from_value(json!({
        "path": "/bin/echo", "arg": ["hello"], "capture-output": true
    }))
    .unwrap();
    let pid = client.execute(&exec).expect("guest-exec").pid;
    let status = GuestExecStatus {
        pid,
        unknown_fields: Default::default(),
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    let done = loop {
        let now = client.execute(&status).expect("guest-exec-status");
        if now.exited {
            break now;
        }
        assert!(Instant::now() < deadline, "echo did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(done.exitcode, Some(0));
    assert_eq!(done.out_data.as_deref(), Some("aGVsbG8K")); // "hello\n"
}

#[test]
fn garbage_and_an_unread_reply_are_recovered_from_by_guest_sync_delimited() {
    let Some(agent) = agent_or_skip("guest agent resynchronisation") else {
        return;
    };
    let stream = UnixStream::connect(&agent.socket).expect("the agent's socket");
    let mut side = stream.try_clone().expect("a second handle on the socket");
    let mut client = GuestAgent::from_transport(stream).expect("in sync at connect");
    client.execute(&GuestPing::default()).expect("guest-ping");

    // Half a command, then garbage, written behind the client's back.
    use std::io::Write;
    side.write_all(b"{\"execute\": \"guest-pi").unwrap();
    side.write_all(b"\x01 not json }}}\n").unwrap();
    let first = client.execute(&GuestPing::default());
    eprintln!("after garbage: {first:?}");
    if first.is_err() {
        assert!(
            !client.in_sync(),
            "an error that leaves the line unknown resynchronises"
        );
    }
    client
        .execute(&GuestPing::default())
        .expect("the command after garbage succeeds");
    assert!(client.in_sync());

    // A reply nobody waits for (a command written behind the client's back, with an
    // id of its own) is skipped: the client matches answers by id.
    side.write_all(b"{\"execute\": \"guest-ping\", \"id\": \"stray\"}\n")
        .unwrap();
    client
        .execute(&GuestPing::default())
        .expect("a stray answer before ours is skipped");
    assert!(client.in_sync());

    // A reply left unread after a timeout: the agent takes a while to read and
    // base64-encode 32 MB of a file in the temporary folder, longer than the
    // millisecond the client waits; the answer arrives later, and the next command
    // resynchronises past it.
    let big = agent.dir.path().join("big.bin");
    std::fs::write(&big, vec![0u8; 32 << 20]).unwrap();
    let open: qga_api::commands::GuestFileOpen =
        qmp_runtime::from_value(json!({"path": big.to_str().unwrap(), "mode": "r"})).unwrap();
    let handle = client.execute(&open).expect("guest-file-open");
    let read: qga_api::commands::GuestFileRead =
        qmp_runtime::from_value(json!({"handle": handle, "count": 32 << 20})).unwrap();
    client
        .set_read_timeout(Some(Duration::from_millis(1)))
        .unwrap();
    let timed_out = matches!(client.execute(&read), Err(Error::Timeout));
    client
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    assert!(timed_out, "reading 32 MB was answered within a millisecond");
    assert!(!client.in_sync(), "a timeout leaves the line unknown");
    let info = client
        .execute(&qga_api::commands::GuestGetOsinfo::default())
        .expect("the command after a timeout succeeds");
    assert!(info.kernel_release.is_some());
    assert!(client.in_sync());
    // The reply of the command that timed out was discarded, not taken for this one.
    let ping = client.execute_raw("guest-ping", None).expect("guest-ping");
    assert_eq!(ping, json!({}));
    client
        .execute_raw("guest-file-close", Some(json!({"handle": handle})))
        .expect("guest-file-close");
}

#[test]
fn the_tokio_agent_runs_typed_commands_and_recovers_from_a_timeout_and_a_cancelled_call() {
    let Some(agent) = agent_or_skip("guest agent on tokio") else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let mut client = qmp_client::AsyncGuestAgent::connect_unix(&agent.socket)
            .await
            .expect("in sync at connect");
        let info = client
            .execute(&qga_api::commands::GuestInfo::default())
            .await
            .expect("guest-info");
        assert!(info.version.starts_with("10."), "{}", info.version);

        // A call dropped while it waits (here by a timeout around it) leaves the
        // connection out of step; the next call resynchronises past the late answer.
        let big = agent.dir.path().join("big.bin");
        std::fs::write(&big, vec![0u8; 32 << 20]).unwrap();
        let open: qga_api::commands::GuestFileOpen =
            qmp_runtime::from_value(json!({"path": big.to_str().unwrap(), "mode": "r"})).unwrap();
        let handle = client.execute(&open).await.expect("guest-file-open");
        let read: qga_api::commands::GuestFileRead =
            qmp_runtime::from_value(json!({"handle": handle, "count": 32 << 20})).unwrap();
        let cancelled = tokio::time::timeout(Duration::from_millis(1), client.execute(&read)).await;
        assert!(
            cancelled.is_err(),
            "reading 32 MB was answered within a millisecond"
        );
        assert!(!client.in_sync());
        client
            .execute(&GuestPing::default())
            .await
            .expect("after a cancelled call");
        assert!(client.in_sync());

        // The client's own read timeout, on the same read from the start of the file.
        client
            .execute_raw(
                "guest-file-seek",
                Some(json!({"handle": handle, "offset": 0, "whence": "set"})),
            )
            .await
            .expect("guest-file-seek");
        client.set_read_timeout(Some(Duration::from_millis(1)));
        let timed_out = client.execute(&read).await;
        assert!(matches!(timed_out, Err(Error::Timeout)), "{timed_out:?}");
        client.set_read_timeout(Some(Duration::from_secs(10)));
        let status = client
            .execute(&qga_api::commands::GuestFsfreezeStatus::default())
            .await
            .expect("after a timeout");
        assert_eq!(qmp_runtime::to_value(&status), json!("thawed"));
        client
            .execute_raw("guest-file-close", Some(json!({"handle": handle})))
            .await
            .expect("guest-file-close");
    });
}
