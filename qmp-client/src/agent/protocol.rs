//! The guest agent's protocol without its I/O, shared by the blocking and the tokio
//! client: what to write to resynchronise or run a command, and what the bytes read so
//! far say (still waiting, in sync, the answer with our id, or out of step).

use qmp_runtime::Command;
use serde_json::{Value, json};

use std::io;

use crate::error::Error;
use crate::session::classify_write_error;

/// The byte the agent writes before its answer to `guest-sync-delimited`, and that a
/// client writes to reset the agent's JSON parser (it is never valid JSON).
const SYNC_BYTE: u8 = 0xFF;

/// The longest line taken from the agent (`guest-file-read` answers carry base64 data).
pub(crate) const MAX_LINE: usize = 64 << 20;

/// Where a resynchronisation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Discarding everything up to the agent's 0xFF.
    AwaitSyncByte,
    /// Reading answers until the one with the sync id.
    AwaitSyncAnswer,
}

/// The state of one connection to an agent.
#[derive(Debug)]
pub(crate) struct AgentState {
    /// Bytes read and not yet taken.
    buffer: Vec<u8>,
    in_sync: bool,
    phase: Phase,
    next_id: u64,
}

impl AgentState {
    /// A connection not yet in sync, whose ids start from `first_id`.
    pub(crate) fn new(first_id: u64) -> AgentState {
        AgentState {
            buffer: Vec::new(),
            in_sync: false,
            phase: Phase::AwaitSyncByte,
            next_id: first_id,
        }
    }

    pub(crate) fn in_sync(&self) -> bool {
        self.in_sync
    }

    /// The connection is out of step on purpose: an async call is in flight (a future
    /// dropped halfway may leave half a line written or an answer unread), or its read
    /// timed out.
    #[cfg(feature = "tokio")]
    pub(crate) fn lose_sync(&mut self) {
        self.in_sync = false;
    }

    /// The exchange that made the connection out of sync on purpose (an async call in
    /// flight) is over: the connection is in step again.
    #[cfg(feature = "tokio")]
    pub(crate) fn regain_sync(&mut self) {
        self.in_sync = true;
    }

    /// Adds bytes read from the agent.
    fn feed(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// Takes the outcome of one read into `chunk`, for both clients: the bytes are kept;
    /// the end of the stream, a timeout or an error put the connection out of sync.
    pub(crate) fn take_read(&mut self, read: io::Result<usize>, chunk: &[u8]) -> Result<(), Error> {
        match read {
            Ok(n) if n > 0 => {
                self.feed(&chunk[..n]);
                Ok(())
            }
            Ok(_) => {
                self.in_sync = false;
                Err(Error::Disconnected)
            }
            Err(error) => {
                self.in_sync = false;
                Err(match error.kind() {
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Error::Timeout,
                    _ => Error::Io(error),
                })
            }
        }
    }

    /// A write that failed: the agent may hold half a line, so the connection is out of
    /// sync.
    pub(crate) fn write_failed(&mut self, error: io::Error) -> Error {
        self.in_sync = false;
        classify_write_error(error)
    }

    /// Starts a resynchronisation: the bytes to write (0xFF, which resets the agent's
    /// parser should half a command sit in it, then `guest-sync-delimited` with a fresh
    /// id) and that id. What was read before is dropped.
    pub(crate) fn start_sync(&mut self) -> (u64, Vec<u8>) {
        self.in_sync = false;
        self.phase = Phase::AwaitSyncByte;
        self.buffer.clear();
        let id = self.take_id();
        let mut bytes = vec![SYNC_BYTE];
        bytes.extend_from_slice(
            format!(
                "{}\n",
                json!({"execute": "guest-sync-delimited", "arguments": {"id": id}})
            )
            .as_bytes(),
        );
        (id, bytes)
    }

    /// Whether the bytes read so far complete the resynchronisation with `id`: `false`
    /// to read more. Garbage and answers of other ids are discarded.
    pub(crate) fn sync_done(&mut self, id: u64) -> Result<bool, Error> {
        if self.phase == Phase::AwaitSyncByte {
            match self.buffer.iter().position(|&b| b == SYNC_BYTE) {
                Some(at) => {
                    self.buffer.drain(..=at);
                    self.phase = Phase::AwaitSyncAnswer;
                }
                None => {
                    // Nothing before the agent's 0xFF is kept: a stale answer can be
                    // megabytes of base64.
                    self.buffer.clear();
                    return Ok(false);
                }
            }
        }
        while let Some(line) = self.next_line()? {
            let answer = serde_json::from_str::<Value>(&line).ok();
            if answer.and_then(|a| a.get("return").and_then(Value::as_u64)) == Some(id) {
                self.in_sync = true;
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// A typed command's line, with a fresh id, and that id.
    pub(crate) fn command_line<C: Command>(&mut self, command: &C) -> (u64, String) {
        let id = self.take_id();
        let mut line = qmp_runtime::execute_line(command, Some(&Value::from(id)));
        line.push('\n');
        (id, line)
    }

    /// An untyped command's line, with a fresh id, and that id.
    pub(crate) fn raw_line(&mut self, command: &str, arguments: Option<Value>) -> (u64, String) {
        let id = self.take_id();
        let mut message = json!({"execute": command, "id": id});
        if let Some(arguments) = arguments {
            message["arguments"] = arguments;
        }
        (id, format!("{message}\n"))
    }

    /// The answer with `id`, if the bytes read so far hold it: an answer with another id
    /// (left unread after an earlier timeout) is skipped; any other line puts the
    /// connection out of sync.
    pub(crate) fn answer(&mut self, id: u64) -> Result<Option<String>, Error> {
        while let Some(line) = self.next_line()? {
            match serde_json::from_str::<Value>(&line) {
                Ok(answer) if answer.get("id").and_then(Value::as_u64) == Some(id) => {
                    return Ok(Some(line));
                }
                Ok(answer) if answer.get("id").is_some() => continue,
                _ => {
                    self.in_sync = false;
                    return Err(Error::Protocol(format!(
                        "not an answer of the agent: {line}"
                    )));
                }
            }
        }
        Ok(None)
    }

    fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1) & ((1 << 53) - 1);
        id
    }

    /// The next whole line, without its end; blank lines are skipped.
    fn next_line(&mut self) -> Result<Option<String>, Error> {
        while let Some(end) = self.buffer.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.buffer.drain(..=end).collect();
            let text = String::from_utf8_lossy(&line).trim().to_owned();
            if !text.is_empty() {
                return Ok(Some(text));
            }
        }
        if self.buffer.len() > MAX_LINE {
            self.in_sync = false;
            self.buffer.clear();
            return Err(Error::LineTooLong { limit: MAX_LINE });
        }
        Ok(None)
    }
}

/// The untyped return of an answer line, or its error.
pub(crate) fn raw_return(command: &str, line: &str) -> Result<Value, Error> {
    let mut answer: Value = serde_json::from_str(line)
        .map_err(|error| Error::Protocol(format!("{command}: the answer is not JSON: {error}")))?;
    if let Some(value) = answer.get_mut("return") {
        return Ok(value.take());
    }
    match qmp_runtime::read_response::<Value>(line, command) {
        Ok((qmp_runtime::Response::Error(error), _)) => Err(Error::Command(crate::CommandError {
            command: command.to_owned(),
            class: error.class,
            desc: error.desc,
        })),
        _ => Err(Error::Protocol(format!("{command}: not an answer: {line}"))),
    }
}

/// What a command the agent never answers returns: its `Returns` (`Empty`) read from
/// `{}`.
pub(crate) fn unanswered<C: Command>() -> Result<C::Returns, Error> {
    qmp_runtime::from_json("{}").map_err(|error| {
        Error::Protocol(format!(
            "{} gets no answer, but its return type is not empty: {error}",
            C::NAME
        ))
    })
}

/// A first command id that differs from one connection to the next, so that an answer
/// meant for an earlier client on the same agent is not taken for ours. Ids stay below
/// 2^53, which every JSON reader holds exactly.
pub(crate) fn first_id() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |t| t.as_nanos() as u64);
    (nanos ^ (u64::from(std::process::id()) << 32)) & ((1 << 52) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_discards_what_precedes_the_agents_ff_and_other_answers() {
        let mut state = AgentState::new(7);
        let (id, bytes) = state.start_sync();
        assert_eq!(bytes[0], SYNC_BYTE);
        assert!(String::from_utf8_lossy(&bytes[1..]).contains(r#""id":7"#));
        state.feed(b"{\"return\": {\"buf-b64\": \"AAAA");
        assert!(!state.sync_done(id).unwrap());
        state.feed(b"AAAA\"}, \"id\": 3}\n\xff{\"return\": 6}\n");
        assert!(!state.sync_done(id).unwrap());
        assert!(!state.in_sync());
        state.feed(b"{\"return\": 7}\n");
        assert!(state.sync_done(id).unwrap());
        assert!(state.in_sync());
    }

    #[test]
    fn answers_are_matched_by_id_and_anything_else_loses_sync() {
        let mut state = AgentState::new(100);
        let (id, line) = state.raw_line("guest-ping", None);
        assert!(line.ends_with('\n'));
        state.feed(b"{\"return\": {}, \"id\": 99}\n{\"return\": {}, \"id\": 100}\n");
        assert_eq!(
            state.answer(id).unwrap().as_deref(),
            Some(r#"{"return": {}, "id": 100}"#)
        );
        state.feed(b"{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error\"}}\n");
        assert!(state.answer(id + 1).is_err());
        assert!(!state.in_sync());
        assert!(matches!(
            raw_return(
                "guest-x",
                r#"{"error": {"class": "CommandNotFound", "desc": "no"}}"#
            ),
            Err(Error::Command(_))
        ));
    }
}
