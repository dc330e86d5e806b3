//! The protocol state shared by the blocking and the tokio clients: command
//! ids, the event queue, and what each incoming message means for a waiter.

use std::collections::VecDeque;

use qmp_runtime::{Command, Response};
use serde_json::Value;

use crate::error::{CommandError, Error, ReturnError};
use crate::greeting::Greeting;
use crate::message::{Message, command_line};
use crate::raw_event::RawEvent;

/// Events received but not yet handed out, and the next command id.
#[derive(Debug)]
pub(crate) struct Session {
    queued_events: VecDeque<RawEvent>,
    /// Each command carries a fresh `"id"` so that a return arriving after its
    /// command timed out is recognised and dropped, not taken for the next one.
    next_command_id: u64,
}

/// A command sent and waiting for its return.
#[derive(Debug)]
pub(crate) struct PendingCommand {
    id: u64,
    command: String,
    /// The line to send, ending in `\r\n`.
    pub(crate) line: String,
}

impl Session {
    pub(crate) fn new() -> Self {
        Session {
            queued_events: VecDeque::new(),
            next_command_id: 1,
        }
    }

    /// The first message must be the greeting.
    pub(crate) fn expect_greeting(message: Message) -> Result<Greeting, Error> {
        match message {
            Message::Greeting(raw) => Ok(Greeting { raw }),
            other => Err(Error::Protocol(format!(
                "expected the {{\"QMP\": ...}} greeting, got {other:?}"
            ))),
        }
    }

    /// Numbers a command given by name and JSON arguments, and renders its line.
    pub(crate) fn start_command(
        &mut self,
        command: &str,
        arguments: Option<Value>,
    ) -> PendingCommand {
        let id = self.next_id();
        PendingCommand {
            id,
            command: command.to_owned(),
            line: command_line(command, arguments, id),
        }
    }

    /// Numbers a typed command and renders its line.
    pub(crate) fn start_typed<C: Command>(&mut self, command: &C) -> PendingCommand {
        let id = self.next_id();
        let mut line = qmp_runtime::execute_line(command, Some(&Value::from(id)));
        line.push_str("\r\n");
        PendingCommand {
            id,
            command: C::NAME.to_owned(),
            line,
        }
    }

    fn next_id(&mut self) -> u64 {
        let id = self.next_command_id;
        self.next_command_id += 1;
        id
    }

    /// Handles a message while `pending` waits: `Some` once its answer (or a
    /// protocol error) is in, `None` to keep reading. Events are queued. A return
    /// comes with its line.
    pub(crate) fn on_message_for_command(
        &mut self,
        pending: &PendingCommand,
        message: Message,
    ) -> Option<Result<(Value, String), Error>> {
        match message {
            Message::Event(event) => {
                self.queued_events.push_back(event);
                None
            }
            // The late answer to an earlier command that timed out.
            Message::Response {
                id: Some(answered), ..
            } if answered != pending.id => None,
            Message::Response { outcome, line, .. } => Some(
                outcome
                    .map(|value| (value, line))
                    .map_err(|error| command_error(&pending.command, error)),
            ),
            Message::Greeting(_) => Some(Err(Error::Protocol(
                "a second greeting arrived while waiting for a return".to_owned(),
            ))),
        }
    }

    /// Handles a message while an event is awaited: `Some` for an event (or a
    /// protocol error), `None` to keep reading.
    pub(crate) fn on_message_for_event(message: Message) -> Option<Result<RawEvent, Error>> {
        match message {
            Message::Event(event) => Some(Ok(event)),
            // The late answer to a command that timed out.
            Message::Response { .. } => None,
            Message::Greeting(_) => Some(Err(Error::Protocol(
                "a second greeting arrived while waiting for events".to_owned(),
            ))),
        }
    }

    pub(crate) fn pop_queued_event(&mut self) -> Option<RawEvent> {
        self.queued_events.pop_front()
    }

    pub(crate) fn queued_events(&self) -> impl ExactSizeIterator<Item = &RawEvent> {
        self.queued_events.iter()
    }
}

fn command_error(command: &str, error: qmp_runtime::QmpError) -> Error {
    Error::Command(CommandError {
        command: command.to_owned(),
        class: error.class,
        desc: error.desc,
    })
}

/// Decodes the return of `C` from the line that carries it. A return that does not fit
/// `C::Returns` is [`Error::Return`], naming the command and the JSON pointer; the
/// connection stays usable.
pub(crate) fn typed_return<C: Command>(line: String) -> Result<C::Returns, Error> {
    match qmp_runtime::read_response::<C::Returns>(&line, C::NAME) {
        Ok((Response::Return(value), _)) => Ok(value),
        Ok((Response::Error(error), _)) => Err(command_error(C::NAME, error)),
        Err(error) => Err(Error::Return(ReturnError {
            command: C::NAME.to_owned(),
            error,
            line,
        })),
    }
}

/// A peer that has gone makes writes fail with a broken pipe or a reset; that
/// is the same disconnect a read would report.
pub(crate) fn classify_write_error(err: std::io::Error) -> Error {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::BrokenPipe | ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => {
            Error::Disconnected
        }
        _ => Error::from(err),
    }
}
