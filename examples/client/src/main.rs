use std::time::Duration;

use qmp_api::commands::{Eject, QueryStatus, Quit};
use qmp_api::{Event, EventMessage};
use qmp_client::{Client, Error};

fn main() -> Result<(), Error> {
    let socket = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/vm0.qmp".to_owned());
    let mut qmp = Client::builder()
        .read_timeout(Some(Duration::from_secs(5)))
        .connect_unix(socket)?;
    if let Some(version) = qmp.greeting().version() {
        println!("QEMU {version}");
    }
    // Typed commands, typed returns.
    let status = qmp.execute(&QueryStatus::default())?;
    println!("running: {}, status: {}", status.running, status.status);
    let eject = Eject {
        device: Some("ide1-cd0".to_owned()),
        ..Eject::default()
    };
    qmp.execute(&eject)?;
    qmp.execute(&Quit::default())?;

    // Events that arrived while a command waited for its return were queued.
    for message in qmp.events::<EventMessage>() {
        match message.map(|message| message.event) {
            Ok(Event::DeviceTrayMoved(tray)) => {
                println!("{} tray open: {}", tray.device, tray.tray_open);
            }
            Ok(Event::Shutdown(_)) => break,
            Ok(other) => println!("{}", other.name()),
            // Still waiting: nothing arrived within the read timeout.
            Err(Error::Timeout) => {}
            // An event that does not fit its type names itself; the stream goes on.
            Err(Error::Decode(err)) => eprintln!("skipped {}: {}", err.event, err.message),
            Err(err) => return Err(err),
        }
    }
    Ok(())
}
