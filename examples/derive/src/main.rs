#[allow(dead_code)] // a program uses only part of the bindings
#[rustfmt::skip] // generated code stays as the generator wrote it
mod qmp;

fn main() -> Result<(), serde_json::Error> {
    let line = r#"{"event": "DEVICE_TRAY_MOVED", "data": {"device": "ide1-cd0", "tray-open": true},
                   "timestamp": {"seconds": 1700000000, "microseconds": 0}}"#;
    let message: qmp::EventMessage = serde_json::from_str(line)?;
    if let qmp::Event::DeviceTrayMoved(tray) = &message.event {
        println!("{} tray open: {}", tray.device, tray.tray_open);
    }
    Ok(())
}
