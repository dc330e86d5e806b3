use qmp_events::{BlockIoErrorAction, Event, EventMessage};

fn main() -> Result<(), serde_json::Error> {
    // A line from QEMU 10, which sends more than the 2012 document describes.
    let line = r#"{"timestamp": {"seconds": 1795560461, "microseconds": 721342},
        "event": "BLOCK_IO_ERROR", "data": {"device": "ide0-hd0",
        "reason": "Input/output error", "operation": "read", "action": "stop"}}"#;
    let message: EventMessage = serde_json::from_str(line)?;
    if let Event::BlockIoError(error) = &message.event {
        assert_eq!(error.action, BlockIoErrorAction::Stop);
        // What the document does not describe is kept, not dropped.
        println!("{}: {}", error.device, error.unknown_fields["reason"]);
    }
    // `validate` is the strict counterpart: it points at what the document lacks.
    for violation in qmp_events::validate(&serde_json::from_str(line)?).unwrap_err() {
        println!("not in the document: {}", violation.pointer);
    }
    Ok(())
}
