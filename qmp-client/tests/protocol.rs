//! The client's protocol handling against a scripted peer on a real socket pair.

mod scripted_peer;

use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use qmp_api::commands::{Eject, QueryStatus};
use qmp_api::{RunState, StatusInfo};
use qmp_client::{Client, Error, ErrorClass};
use serde::Deserialize;
use serde_json::json;

use scripted_peer::{event_line, spawn_peer, spawn_qemu_like_peer};

#[test]
fn greeting_is_kept_and_capabilities_are_negotiated() {
    let (socket, peer) = spawn_qemu_like_peer(|_| {});
    let client = Client::from_transport(socket).expect("handshake");
    let greeting = client.greeting();
    assert_eq!(
        greeting.version().map(|v| v.to_string()),
        Some("10.0.2".to_owned())
    );
    assert_eq!(greeting.package(), "Debian 1:10.0.2");
    assert_eq!(greeting.capabilities(), vec!["oob"]);
    peer.join().expect("peer");
}

#[test]
fn a_first_message_other_than_a_greeting_is_a_protocol_error() {
    let (socket, peer) = spawn_peer(|peer| peer.send(r#"{"return": {}}"#));
    let result = Client::from_transport(socket);
    assert!(matches!(result, Err(Error::Protocol(_))), "{result:?}");
    peer.join().expect("peer");
}

#[test]
fn events_arriving_before_a_return_are_queued_in_order() {
    let (socket, peer) = spawn_qemu_like_peer(|peer| {
        let stop = peer.expect_command("stop");
        peer.send(&event_line("STOP", None));
        peer.send(&event_line("RESUME", None));
        peer.reply(&stop, json!({}));
    });
    let mut client = Client::from_transport(socket).expect("handshake");
    assert_eq!(client.execute_raw("stop", None).ok(), Some(json!({})));
    assert_eq!(client.queued_events().len(), 2);
    let names: Vec<String> = client
        .raw_events()
        .map(|event| event.expect("event").name)
        .collect();
    assert_eq!(names, ["STOP", "RESUME"]);
    peer.join().expect("peer");
}

#[test]
fn a_typed_command_is_sent_as_its_arguments_and_its_return_is_typed() {
    let (socket, peer) = spawn_qemu_like_peer(|peer| {
        let query = peer.expect_command("query-status");
        assert_eq!(query.get("arguments"), None, "no arguments: {query}");
        peer.reply(
            &query,
            json!({"running": false, "status": "paused", "new-member": 1}),
        );
        let eject = peer.expect_command("eject");
        assert_eq!(eject["arguments"], json!({"id": "ide1-cd0", "force": true}));
        peer.reply(&eject, json!({}));
    });
    let mut client = Client::from_transport(socket).expect("handshake");
    let status: StatusInfo = client
        .execute(&QueryStatus::default())
        .expect("typed return");
    assert_eq!(status.status, RunState::Paused);
    assert!(!status.running);
    // What the schema does not describe is kept.
    assert_eq!(status.unknown_fields["new-member"], json!(1));
    let eject = Eject {
        id: Some("ide1-cd0".to_owned()),
        force: Some(true),
        ..Eject::default()
    };
    client.execute(&eject).expect("an empty return");
    peer.join().expect("peer");
}

#[test]
fn a_return_that_does_not_fit_names_the_command_and_the_pointer_and_the_client_goes_on() {
    let (socket, peer) = spawn_qemu_like_peer(|peer| {
        let query = peer.expect_command("query-status");
        peer.reply(&query, json!({"running": "yes", "status": "paused"}));
        let again = peer.expect_command("query-status");
        peer.reply(&again, json!({"running": true, "status": "running"}));
    });
    let mut client = Client::from_transport(socket).expect("handshake");
    match client.execute(&QueryStatus::default()) {
        Err(Error::Return(error)) => {
            assert_eq!(error.command, "query-status");
            // Inside the return value, as `validate_return` points.
            assert_eq!(error.pointer(), "/running");
            assert!(error.to_string().contains("query-status"), "{error}");
        }
        other => panic!("expected a return error, got {other:?}"),
    }
    let status = client
        .execute(&QueryStatus::default())
        .expect("the next one");
    assert_eq!(status.status, RunState::Running);
    peer.join().expect("peer");
}

#[test]
fn a_typed_command_refused_gives_the_typed_class() {
    let (socket, peer) = spawn_qemu_like_peer(|peer| {
        let command = peer.expect_command("eject");
        let answer = json!({
            "id": command["id"],
            "error": { "class": "SomeNewClass", "desc": "no" },
        });
        peer.send(&answer.to_string());
    });
    let mut client = Client::from_transport(socket).expect("handshake");
    match client.execute(&Eject::default()) {
        Err(Error::Command(error)) => {
            assert_eq!(error.command, "eject");
            assert_eq!(error.class, ErrorClass::Other("SomeNewClass".to_owned()));
        }
        other => panic!("expected a command error, got {other:?}"),
    }
    peer.join().expect("peer");
}

#[test]
fn command_error_carries_class_and_desc() {
    let (socket, peer) = spawn_qemu_like_peer(|peer| {
        let command = peer.expect_command("eject");
        let answer = json!({
            "id": command["id"],
            "error": { "class": "DeviceNotFound", "desc": "Device 'cd9' not found" },
        });
        peer.send(&answer.to_string());
    });
    let mut client = Client::from_transport(socket).expect("handshake");
    match client.execute_raw("eject", Some(json!({ "id": "cd9" }))) {
        Err(Error::Command(error)) => {
            assert_eq!(error.command, "eject");
            assert_eq!(error.class, ErrorClass::DeviceNotFound);
            assert_eq!(error.desc, "Device 'cd9' not found");
        }
        other => panic!("expected a command error, got {other:?}"),
    }
    peer.join().expect("peer");
}

#[test]
fn arguments_are_sent_and_hmp_output_is_returned_as_text() {
    let (socket, peer) = spawn_qemu_like_peer(|peer| {
        let command = peer.expect_command("human-monitor-command");
        assert_eq!(command["arguments"]["command-line"], "info status");
        peer.reply(&command, json!("VM status: running\r\n"));
    });
    let mut client = Client::from_transport(socket).expect("handshake");
    let output = client.human_monitor_command("info status").expect("hmp");
    assert_eq!(output, "VM status: running\r\n");
    peer.join().expect("peer");
}

#[test]
fn late_return_of_a_timed_out_command_is_not_taken_for_the_next() {
    let (go_on, wait_for_client) = mpsc::channel::<()>();
    let (socket, peer) = spawn_qemu_like_peer(move |peer| {
        let slow = peer.expect_command("query-slow");
        wait_for_client.recv().expect("client timed out");
        peer.reply(&slow, json!("late"));
        let fast = peer.expect_command("query-fast");
        peer.reply(&fast, json!("mine"));
    });
    let mut client = Client::from_transport(socket).expect("handshake");
    client
        .set_read_timeout(Some(Duration::from_millis(100)))
        .expect("timeout");
    let slow = client.execute_raw("query-slow", None);
    assert!(matches!(slow, Err(Error::Timeout)), "{slow:?}");
    go_on.send(()).expect("peer alive");
    client.set_read_timeout(None).expect("timeout");
    assert_eq!(
        client.execute_raw("query-fast", None).ok(),
        Some(json!("mine"))
    );
    peer.join().expect("peer");
}

#[test]
fn read_timeout_keeps_a_partial_line() {
    let (go_on, wait_for_client) = mpsc::channel::<()>();
    let (socket, peer) = spawn_qemu_like_peer(move |peer| {
        let line = event_line("RESET", None);
        let (head, tail) = line.split_at(line.len() / 2);
        peer.send_bytes(head.as_bytes());
        wait_for_client.recv().expect("client timed out");
        peer.send(tail);
    });
    let mut client = Client::from_transport(socket).expect("handshake");
    client
        .set_read_timeout(Some(Duration::from_millis(100)))
        .expect("timeout");
    assert!(matches!(client.next_raw_event(), Err(Error::Timeout)));
    go_on.send(()).expect("peer alive");
    client
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let event = client.next_raw_event().expect("whole event");
    assert_eq!(event.name, "RESET");
    peer.join().expect("peer");
}

#[test]
fn a_line_of_several_megabytes_arrives_whole() {
    let big = "x".repeat(4 << 20);
    let expected = big.clone();
    let (socket, peer) = spawn_qemu_like_peer(move |peer| {
        peer.send(&event_line("BIG", Some(json!({ "blob": big }))));
    });
    let mut client = Client::from_transport(socket).expect("handshake");
    let event = client.next_raw_event().expect("event");
    assert_eq!(
        event.data().and_then(|d| d["blob"].as_str()),
        Some(expected.as_str())
    );
    peer.join().expect("peer");
}

#[test]
fn a_line_over_the_configured_limit_is_skipped_and_reported() {
    let (socket, peer) = spawn_qemu_like_peer(|peer| {
        peer.send(&event_line(
            "BIG",
            Some(json!({ "blob": "x".repeat(5000) })),
        ));
        peer.send(&event_line("STOP", None));
    });
    let mut client = Client::builder()
        .max_line_len(Some(1000))
        .from_transport(socket)
        .expect("handshake");
    assert!(matches!(
        client.next_raw_event(),
        Err(Error::LineTooLong { limit: 1000 })
    ));
    assert_eq!(
        client.next_raw_event().map(|e| e.name).ok(),
        Some("STOP".to_owned())
    );
    peer.join().expect("peer");
}

/// A typed event, as a consumer's generated code would declare it.
#[derive(Debug, PartialEq, Deserialize)]
struct TrayMoved {
    event: String,
    data: TrayData,
}

#[derive(Debug, PartialEq, Deserialize)]
struct TrayData {
    device: String,
    #[serde(rename = "tray-open")]
    tray_open: bool,
}

#[test]
fn an_undecodable_event_names_itself_and_the_stream_goes_on() {
    let bad_event = event_line(
        "DEVICE_TRAY_MOVED",
        Some(json!({ "device": "ide1-cd0", "tray-open": "yes" })),
    );
    let bad_line = bad_event.clone();
    let (socket, peer) = spawn_qemu_like_peer(move |peer| {
        let tray = |open| {
            event_line(
                "DEVICE_TRAY_MOVED",
                Some(json!({ "device": "ide1-cd0", "tray-open": open })),
            )
        };
        peer.send(&tray(true));
        peer.send(&bad_line);
        peer.send("this is not JSON");
        peer.send(&tray(false));
    });
    let mut client = Client::from_transport(socket).expect("handshake");
    let items: Vec<Result<TrayMoved, Error>> = client.events().collect();
    assert_eq!(items.len(), 4, "{items:?}");
    assert!(matches!(&items[0], Ok(event) if event.data.tray_open));
    match &items[1] {
        Err(Error::Decode(error)) => {
            assert_eq!(error.event, "DEVICE_TRAY_MOVED");
            assert_eq!(error.line, bad_event);
            assert!(error.message.contains("boolean"), "{}", error.message);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(matches!(&items[2], Err(Error::Protocol(_))));
    assert!(
        matches!(&items[3], Ok(event) if !event.data.tray_open && event.data.device == "ide1-cd0")
    );
    peer.join().expect("peer");
}

#[test]
fn event_timestamp_becomes_system_time() {
    let (socket, peer) = spawn_qemu_like_peer(|peer| peer.send(&event_line("STOP", None)));
    let mut client = Client::from_transport(socket).expect("handshake");
    let event = client.next_raw_event().expect("event");
    let expected =
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000) + Duration::from_micros(250);
    assert_eq!(event.timestamp(), Some(expected));
    assert_eq!(event.data(), None);
    peer.join().expect("peer");
}

#[test]
fn disconnect_ends_the_event_stream_and_is_reported_by_next_event() {
    let (socket, peer) = spawn_qemu_like_peer(|_| {});
    let mut client = Client::from_transport(socket).expect("handshake");
    peer.join().expect("peer");
    assert_eq!(client.raw_events().count(), 0);
    assert!(matches!(
        client.next_event::<serde_json::Value>(),
        Err(Error::Disconnected)
    ));
}

#[test]
fn peer_hanging_up_on_a_command_is_a_disconnect() {
    // Like QEMU on `quit`: it may close before reading or answering, which
    // resets the socket instead of ending it cleanly.
    let (socket, peer) = spawn_qemu_like_peer(|_| {
        std::thread::sleep(Duration::from_millis(100));
    });
    let mut client = Client::from_transport(socket).expect("handshake");
    let quit = client.execute_raw("quit", None);
    assert!(matches!(quit, Err(Error::Disconnected)), "{quit:?}");
    let again = client.execute_raw("quit", None);
    assert!(matches!(again, Err(Error::Disconnected)), "{again:?}");
    peer.join().expect("peer");
}

/// The saved answers of QEMU 10.0.2 (`query-version` and `query-qmp-schema`).
fn saved_introspection() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../events-spec/introspection/qemu-10.0.2.json"
    );
    let text = std::fs::read_to_string(path).expect("the saved answer");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn compat_asks_query_qmp_schema_and_reports_what_the_bindings_compat_reports() {
    let saved = saved_introspection();
    let schema = saved["query-qmp-schema"].clone();
    let (socket, peer) = spawn_qemu_like_peer(move |peer| {
        let query = peer.expect_command("query-qmp-schema");
        peer.reply(&query, schema);
    });
    let mut client = Client::from_transport(socket).expect("handshake");
    let report = client.compat(&qmp_api::BINDINGS).expect("report");
    // The bare list carries no version: the client takes the greeting's.
    assert_eq!(report.qemu.as_deref(), Some("10.0.2"));
    assert_eq!(report, qmp_api::compat(&saved));
    assert!(!report.is_breaking(), "{report}");
    peer.join().expect("peer");
}
