//! An event as QEMU sent it together with its typed decoding.

use qmp_api::{Event, EventMessage};
use qmp_client::{DecodeError, RawEvent};
use serde_json::Value;

/// What [`LiveEvent::data`] gives for an event without data.
static NO_DATA: Value = Value::Null;

/// One event a scenario read: the line QEMU sent and what the bindings of
/// `events-spec/qmp-events.txt` make of it.
#[derive(Debug, Clone)]
pub struct LiveEvent {
    /// As received: name, parsed JSON, the line's text.
    pub raw: RawEvent,
    /// Decoded by the client's typed path, the one `Client::events` uses.
    pub message: EventMessage,
}

impl LiveEvent {
    /// Decodes a received event into the generated [`EventMessage`].
    pub fn decode(raw: RawEvent) -> Result<LiveEvent, DecodeError> {
        let message = raw.decode::<EventMessage>()?;
        Ok(LiveEvent { raw, message })
    }

    /// The event's wire name, such as `BLOCK_IO_ERROR`.
    pub fn name(&self) -> &str {
        &self.raw.name
    }

    /// The typed event.
    pub fn event(&self) -> &Event {
        &self.message.event
    }

    /// The `"data"` member as QEMU sent it, or `null` for an event without
    /// data, so that `event.data()["node-name"]` reads any member. For events
    /// the typed bindings do not describe yet, this is the way to their data.
    pub fn data(&self) -> &Value {
        self.raw.data().unwrap_or(&NO_DATA)
    }

    /// The line QEMU sent, for assertion messages.
    pub fn line(&self) -> &str {
        &self.raw.line
    }
}
