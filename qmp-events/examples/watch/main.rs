//! Prints QMP events as they arrive, one readable line each:
//! UTC time, event name, then the data fields as `key=value`.
//!
//! ```text
//! cargo run --example watch -- /path/to/qmp.sock   # watch a running QEMU
//! cargo run --example watch -- --spawn             # start one and poke it
//! ```
//!
//! `--spawn` starts `qemu-system-x86_64` (or `$QMP_QEMU_BINARY`) on a socket in
//! a temporary directory, then stops, resumes, resets it, opens its CD-ROM tray
//! and quits it, so there is something to watch.

mod event_line;
mod spawned_qemu;

use std::process::ExitCode;

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
            .and_then(|mut client| {
                say_connected(&client);
                watch(&mut client)
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
fn watch(client: &mut Client) -> Result<(), String> {
    for event in client.raw_events() {
        match event {
            Ok(event) => println!("{}", event_line::format_event(&event)),
            // A bad line is reported and watching goes on; the iterator ends
            // by itself when the connection is gone.
            Err(err) => eprintln!("watch: {err}"),
        }
    }
    Ok(())
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
    watch(&mut client)
}
