// The seed document, through the derive, used the way a consumer would.
#![deny(missing_docs)]
//! A consumer.

mod qmp {
    #[derive(qmp_derive::QmpEvents)]
    #[qmp(spec = "documents/qmp-events.txt")]
    pub struct Qmp;
}

fn main() {
    let line = r#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}}"#;
    let message: qmp::EventMessage = serde_json::from_str(line).unwrap();
    assert_eq!(message.event.name(), "STOP");
}
