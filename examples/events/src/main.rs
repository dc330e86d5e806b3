use qmp_api::{BlockErrorAction, Event, EventMessage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A line as QEMU 10.0.2 sends it, with a member a later QEMU might add (`errno`).
    let line = r##"{"timestamp": {"seconds": 1795560461, "microseconds": 721342},
        "event": "BLOCK_IO_ERROR", "data": {"device": "ide0-hd0", "node-name": "#block283",
        "qom-path": "/machine/unattached/device[4]", "reason": "Input/output error",
        "operation": "read", "action": "stop", "errno": 5}}"##;
    // `from_json` decodes with the runtime's decoder; an error names the event and the
    // JSON pointer of what does not fit.
    let message = EventMessage::from_json(line)?;
    if let Event::BlockIoError(error) = &message.event {
        assert_eq!(error.action, BlockErrorAction::Stop);
        // Typed members, and what the schema does not describe kept, not dropped.
        println!(
            "{}: {} ({})",
            error.qom_path, error.reason, error.unknown_fields["errno"]
        );
    }
    // `validate` is the strict counterpart: it points at what the schema lacks.
    for violation in qmp_api::validate(&serde_json::from_str(line)?).unwrap_err() {
        println!("not in the schema: {}", violation.pointer);
    }
    Ok(())
}
