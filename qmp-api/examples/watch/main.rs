//! Prints QMP events as they arrive, one readable line each: UTC time, event
//! name, then the typed members of `qmp_api::EventMessage` as `name=value`,
//! with `+` before members QEMU 10.0's schema does not describe.
//!
//! ```text
//! cargo run --example watch -- /path/to/qmp.sock   # watch a running QEMU
//! cargo run --example watch -- --spawn             # start one and poke it
//! ```
//!
//! `--spawn` starts `qemu-system-x86_64` (or `$QMP_QEMU_BINARY`) on a socket in
//! a temporary directory and makes it emit a few events (see
//! `spawned_qemu::trigger_events`), ending with `quit`.

mod event_line;
mod fields;
mod spawned_qemu;
mod utc_time;

use std::process::ExitCode;

use qmp_api::EventMessage;
use qmp_client::Client;

const USAGE: &str = "usage: watch SOCKET | watch --spawn";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag] if flag == "--spawn" => watch_spawned(),
        [flag] if flag == "-h" || flag == "--help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        [socket] => Client::connect_unix(socket)
            .map_err(|err| format!("connecting to {socket}: {err}"))
            .map(|mut client| {
                say_connected(&client);
                watch(&mut client);
            }),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("watch: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Prints events until QEMU closes the connection.
fn watch(client: &mut Client) {
    for message in client.events::<EventMessage>() {
        match message {
            Ok(message) => println!("{}", event_line::format_message(&message)),
            // An event that does not fit its type is reported, naming it, and
            // watching goes on; the iterator ends when the connection is gone.
            Err(err) => eprintln!("watch: {err}"),
        }
    }
}

fn say_connected(client: &Client) {
    if let Some(version) = client.greeting().version() {
        eprintln!("connected to QEMU {version}");
    }
}

fn watch_spawned() -> Result<(), String> {
    let (_qemu, mut client) = spawned_qemu::SpawnedQemu::start()?;
    say_connected(&client);
    spawned_qemu::trigger_events(&mut client)?;
    watch(&mut client);
    Ok(())
}
