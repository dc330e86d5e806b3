//! The tokio client's protocol handling against the scripted peer.

#![cfg(feature = "tokio")]

mod scripted_peer;

use std::os::unix::net::UnixStream as StdUnixStream;
use std::sync::mpsc;
use std::time::Duration;

use qmp_client::{AsyncClient, Client, Error};
use serde_json::{Value, json};

use scripted_peer::{event_line, spawn_qemu_like_peer};

async fn connect(socket: StdUnixStream, timeout: Option<Duration>) -> AsyncClient {
    socket.set_nonblocking(true).expect("nonblocking");
    let socket = tokio::net::UnixStream::from_std(socket).expect("tokio socket");
    Client::builder()
        .read_timeout(timeout)
        .from_async_transport(socket)
        .await
        .expect("handshake")
}

#[tokio::test]
async fn events_before_a_return_are_queued_and_a_bad_event_does_not_end_the_stream() {
    let (socket, peer) = spawn_qemu_like_peer(|peer| {
        let stop = peer.expect_command("stop");
        peer.send(&event_line("STOP", None));
        peer.reply(&stop, json!({}));
        peer.send(&event_line(
            "RTC_CHANGE",
            Some(json!({ "offset": "not a number" })),
        ));
        peer.send(&event_line("RTC_CHANGE", Some(json!({ "offset": 78 }))));
    });
    let mut client = connect(socket, None).await;
    assert_eq!(client.greeting().package(), "Debian 1:10.0.2");
    assert_eq!(client.execute_raw("stop", None).await.ok(), Some(json!({})));
    assert_eq!(client.queued_events().len(), 1);
    assert_eq!(
        client.next_raw_event().await.map(|e| e.name).ok(),
        Some("STOP".to_owned())
    );

    #[derive(Debug, serde::Deserialize)]
    struct RtcChange {
        data: RtcData,
    }
    #[derive(Debug, serde::Deserialize)]
    struct RtcData {
        offset: i64,
    }
    match client.next_event::<RtcChange>().await {
        Err(Error::Decode(error)) => assert_eq!(error.event, "RTC_CHANGE"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    let good = client.next_event::<RtcChange>().await.expect("good event");
    assert_eq!(good.data.offset, 78);
    assert!(matches!(
        client.next_event::<Value>().await,
        Err(Error::Disconnected)
    ));
    peer.join().expect("peer");
}

#[tokio::test]
async fn timed_out_read_keeps_the_partial_line() {
    let (go_on, wait_for_client) = mpsc::channel::<()>();
    let (socket, peer) = spawn_qemu_like_peer(move |peer| {
        let line = event_line("RESUME", None);
        let (head, tail) = line.split_at(10);
        peer.send_bytes(head.as_bytes());
        wait_for_client.recv().expect("client timed out");
        peer.send(tail);
    });
    let mut client = connect(socket, Some(Duration::from_secs(10))).await;
    client.set_read_timeout(Some(Duration::from_millis(100)));
    assert!(matches!(client.next_raw_event().await, Err(Error::Timeout)));
    go_on.send(()).expect("peer alive");
    client.set_read_timeout(Some(Duration::from_secs(10)));
    assert_eq!(
        client.next_raw_event().await.map(|e| e.name).ok(),
        Some("RESUME".to_owned())
    );
    peer.join().expect("peer");
}

#[tokio::test]
async fn command_error_carries_class_and_desc() {
    let (socket, peer) = spawn_qemu_like_peer(|peer| {
        let command = peer.expect_command("cont");
        let answer = json!({
            "id": command["id"],
            "error": { "class": "GenericError", "desc": "cannot continue" },
        });
        peer.send(&answer.to_string());
    });
    let mut client = connect(socket, None).await;
    match client.execute_raw("cont", None).await {
        Err(Error::Command(error)) => {
            assert_eq!(
                (error.class.to_string().as_str(), error.desc.as_str()),
                ("GenericError", "cannot continue")
            );
        }
        other => panic!("expected a command error, got {other:?}"),
    }
    peer.join().expect("peer");
}

#[tokio::test]
async fn compat_asks_query_qmp_schema_and_reports_what_the_bindings_compat_reports() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../events-spec/introspection/qemu-10.0.2.json"
    );
    let text = std::fs::read_to_string(path).expect("the saved answer");
    let saved: Value = serde_json::from_str(&text).expect("JSON");
    let schema = saved["query-qmp-schema"].clone();
    let (socket, peer) = spawn_qemu_like_peer(move |peer| {
        let query = peer.expect_command("query-qmp-schema");
        peer.reply(&query, schema);
    });
    let mut client = connect(socket, None).await;
    let report = client.compat(&qmp_api::BINDINGS).await.expect("report");
    assert_eq!(report.qemu.as_deref(), Some("10.0.2"));
    assert_eq!(report, qmp_api::compat(&saved));
    assert!(!report.is_breaking(), "{report}");
    peer.join().expect("peer");
}
