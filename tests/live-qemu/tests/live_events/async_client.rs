//! The tokio client against a live QEMU: commands, their returns, STOP and
//! RESUME read as received, and RESET read typed, on a second QMP socket of
//! the same QEMU.

use std::time::Duration;

use qmp_api::{Event, EventMessage};
use qmp_client::{AsyncClient, Client, RawEvent};
use qmp_live_qemu::EventLog;

use crate::{finish, qemu_command, start};

#[test]
fn async_client_runs_commands_and_reads_their_events() {
    let scenario = "async_client";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    // QEMU serves one client per QMP socket; the harness's blocking client
    // keeps the first, so the async client gets a socket of its own.
    let async_socket = command.dir().join("async-qmp.sock");
    let command = command.args([
        "-qmp".to_owned(),
        format!("unix:{},server=on,wait=off", async_socket.display()),
    ]);
    let (_qemu, blocking_qmp) = start(&command);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("tokio runtime: {err}"));

    let (events, reset) = runtime.block_on(async {
        let mut qmp = Client::builder()
            .read_timeout(Some(Duration::from_secs(30)))
            .connect_unix_async(&async_socket)
            .await
            .unwrap_or_else(|err| panic!("async connect: {err}"));
        let status = qmp.execute_raw("query-status", None).await;
        assert_eq!(status.ok().map(|s| s["running"].clone()), Some(true.into()));
        let mut events = Vec::new();
        for (command, expected) in [("stop", "STOP"), ("cont", "RESUME")] {
            if let Err(err) = qmp.execute_raw(command, None).await {
                panic!("{command}: {err}");
            }
            events.push(wait_for(&mut qmp, expected).await);
        }
        if let Err(err) = qmp.execute_raw("system_reset", None).await {
            panic!("system_reset: {err}");
        }
        (events, wait_for_typed(&mut qmp, "RESET").await)
    });

    // The typed read has no line to keep, so RESET is checked here and the
    // log (checked by `finish`) holds the two events read as received.
    assert!(matches!(reset.event, Event::Reset(_)), "{reset:?}");
    assert!(reset.timestamp.is_known(), "{reset:?}");
    let mut log = EventLog::new(&blocking_qmp);
    for event in events {
        log.record(event);
    }
    assert_eq!(log.names(), ["STOP", "RESUME"]);
    finish(scenario, &log);
}

async fn wait_for(qmp: &mut AsyncClient, name: &str) -> RawEvent {
    loop {
        match qmp.next_raw_event().await {
            Ok(event) if event.name == name => return event,
            Ok(_) => {}
            Err(err) => panic!("waiting for {name}: {err}"),
        }
    }
}

/// Reads events through the client's typed path until one called `name`.
async fn wait_for_typed(qmp: &mut AsyncClient, name: &str) -> EventMessage {
    loop {
        match qmp.next_event::<EventMessage>().await {
            Ok(message) if message.event.name() == name => return message,
            Ok(_) => {}
            Err(err) => panic!("waiting for {name}: {err}"),
        }
    }
}
