#[allow(dead_code)] // a program uses only part of the bindings
#[rustfmt::skip] // generated code stays as the generator wrote it
mod qmp;

fn main() -> Result<(), serde_json::Error> {
    // A line as QEMU 10.0.2 sends it when a CD-ROM's tray opens.
    let line = r#"{"timestamp": {"seconds": 1795560462, "microseconds": 239774},
        "event": "DEVICE_TRAY_MOVED", "data": {"device": "ide1-cd0", "tray-open": true,
        "id": "/machine/unattached/device[4]"}}"#;
    let message: qmp::EventMessage = serde_json::from_str(line)?;
    if let qmp::Event::DeviceTrayMoved(tray) = &message.event {
        println!("{} tray open: {}", tray.device, tray.tray_open);
    }
    Ok(())
}
