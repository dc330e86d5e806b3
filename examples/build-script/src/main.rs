#[allow(dead_code)] // a program uses only part of the bindings
#[rustfmt::skip] // generated code stays as the generator wrote it
mod qmp;

use qmp::Command as _;

fn main() -> Result<(), qmp::DecodeError> {
    // A line as QEMU 10.0.2 sends it when a CD-ROM's tray opens.
    let line = r#"{"timestamp": {"seconds": 1795560462, "microseconds": 239774},
        "event": "DEVICE_TRAY_MOVED", "data": {"device": "ide1-cd0", "tray-open": true,
        "id": "/machine/unattached/device[4]"}}"#;
    let message = qmp::EventMessage::from_json(line)?;
    if let qmp::Event::DeviceTrayMoved(tray) = &message.event {
        println!("{} tray open: {}", tray.device, tray.tray_open);
    }
    // A typed command, as a client writes it.
    let eject = qmp::commands::Eject {
        id: Some("ide1-cd0".to_owned()),
        ..Default::default()
    };
    println!("{}", eject.execute_json());
    Ok(())
}
