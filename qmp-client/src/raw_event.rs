//! An event as it came off the wire, before any typed decoding.

use std::time::{Duration, SystemTime};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::DecodeError;

/// One QMP event line: its name, the parsed JSON and the text QEMU sent.
///
/// Keeping the text lets a consumer log exactly what arrived when typed decoding
/// fails, or store lines as test fixtures.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEvent {
    /// The `"event"` member, such as `STOP` or `BLOCK_JOB_COMPLETED`.
    pub name: String,
    /// The whole message: `{"event": ..., "data": ..., "timestamp": ...}`.
    pub message: Value,
    /// The line as QEMU sent it, without the line ending.
    pub line: String,
}

impl RawEvent {
    /// The `"data"` member, absent for events that carry none (such as `STOP`).
    pub fn data(&self) -> Option<&Value> {
        self.message.get("data")
    }

    /// When QEMU emitted the event, from its `"timestamp"` member; `None` when
    /// the member is missing or negative (QEMU sends -1 if its clock failed).
    pub fn timestamp(&self) -> Option<SystemTime> {
        let stamp = self.message.get("timestamp")?;
        let seconds = stamp.get("seconds")?.as_u64()?;
        let microseconds = stamp.get("microseconds")?.as_u64()?;
        SystemTime::UNIX_EPOCH
            .checked_add(Duration::from_secs(seconds))?
            .checked_add(Duration::from_micros(microseconds))
    }

    /// Decodes the whole message into the caller's event type, such as a
    /// generated `EventMessage`.
    pub fn decode<E: DeserializeOwned>(&self) -> Result<E, DecodeError> {
        E::deserialize(&self.message).map_err(|err| DecodeError {
            event: self.name.clone(),
            message: err.to_string(),
            line: self.line.clone(),
        })
    }
}
