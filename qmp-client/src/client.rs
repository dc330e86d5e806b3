//! The connected blocking client: commands, their returns, and the event queue.

use std::io::{BufReader, Write};
use std::net::ToSocketAddrs;
use std::time::Duration;

#[cfg(unix)]
use std::path::Path;

use qmp_runtime::Command;
use qmp_runtime::compat::{Bindings, Report};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::builder::ClientBuilder;
use crate::error::Error;
use crate::events::{Events, RawEvents};
use crate::greeting::{Greeting, compat_report};
use crate::line_reader::LineReader;
use crate::message::parse_message;
use crate::raw_event::RawEvent;
use crate::session::{PendingCommand, Session, classify_write_error, typed_return};
use crate::transport::Transport;

/// A QMP connection in command mode.
///
/// Commands run one at a time; events that arrive while a command waits for
/// its return are queued and handed out by the event methods in order.
pub struct Client {
    lines: LineReader<BufReader<Box<dyn Transport>>>,
    greeting: Greeting,
    session: Session,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("greeting", &self.greeting)
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Options for a new connection (timeouts, line limit).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// Connects to a unix socket with default options; see [`ClientBuilder`].
    #[cfg(unix)]
    pub fn connect_unix(path: impl AsRef<Path>) -> Result<Client, Error> {
        ClientBuilder::new().connect_unix(path)
    }

    /// Connects over TCP with default options; see [`ClientBuilder::connect_tcp`].
    pub fn connect_tcp(address: impl ToSocketAddrs) -> Result<Client, Error> {
        ClientBuilder::new().connect_tcp(address)
    }

    /// Uses an already connected stream with default options.
    pub fn from_transport<T: Transport + 'static>(transport: T) -> Result<Client, Error> {
        ClientBuilder::new().from_transport(transport)
    }

    pub(crate) fn handshake(
        mut lines: LineReader<BufReader<Box<dyn Transport>>>,
    ) -> Result<Client, Error> {
        let greeting = Session::expect_greeting(parse_message(lines.read_line()?)?)?;
        let mut client = Client {
            lines,
            greeting,
            session: Session::new(),
        };
        client.execute_raw("qmp_capabilities", None)?;
        Ok(client)
    }

    /// The greeting QEMU sent on connect.
    pub fn greeting(&self) -> &Greeting {
        &self.greeting
    }

    /// Changes how long reads wait for a line; `None` waits forever.
    pub fn set_read_timeout(&mut self, timeout: Option<Duration>) -> Result<(), Error> {
        self.lines.get_mut().get_ref().set_read_timeout(timeout)?;
        Ok(())
    }

    /// Runs a typed command (`qmp_api::commands::QueryStatus`, or one of bindings you
    /// generate) and returns its typed return.
    ///
    /// QEMU's `{"error": ...}` answer becomes [`Error::Command`], with its
    /// [`ErrorClass`](qmp_runtime::ErrorClass); a return that does not fit
    /// `C::Returns` becomes [`Error::Return`], naming the command and the JSON pointer,
    /// and the client stays usable. Events that arrive meanwhile are queued for the
    /// event methods.
    pub fn execute<C: Command>(&mut self, command: &C) -> Result<C::Returns, Error> {
        let pending = self.session.start_typed(command);
        let (_, line) = self.run(&pending)?;
        typed_return::<C>(line)
    }

    /// Runs a command given by name, with JSON arguments, and returns its `"return"`
    /// value as JSON: for commands the bindings lack. Errors as for
    /// [`execute`](Client::execute).
    pub fn execute_raw(&mut self, command: &str, arguments: Option<Value>) -> Result<Value, Error> {
        let pending = self.session.start_command(command, arguments);
        self.run(&pending).map(|(value, _)| value)
    }

    /// Sends a command's line and reads until its answer: the return and its line.
    fn run(&mut self, pending: &PendingCommand) -> Result<(Value, String), Error> {
        let stream = self.lines.get_mut().get_mut();
        stream
            .write_all(pending.line.as_bytes())
            .and_then(|()| stream.flush())
            .map_err(classify_write_error)?;
        loop {
            let message = parse_message(self.lines.read_line()?)?;
            if let Some(outcome) = self.session.on_message_for_command(pending, message) {
                return outcome;
            }
        }
    }

    /// Asks QEMU what it supports (`query-qmp-schema`) and compares it with a set of
    /// bindings (`&qmp_api::BINDINGS`, or the `BINDINGS` of bindings you generate):
    /// the commands and events the bindings have that this QEMU lacks, the arguments it
    /// requires that the bindings do not know, the members the bindings require that it
    /// does not send, and what it has that the bindings lack, each said breaking or
    /// compatible. The report names the QEMU's version from the greeting.
    pub fn compat(&mut self, bindings: &Bindings) -> Result<Report, Error> {
        let answer = self.execute_raw("query-qmp-schema", None)?;
        Ok(compat_report(bindings, &answer, &self.greeting))
    }

    /// Runs an HMP (human monitor) command through `human-monitor-command`
    /// and returns its text output.
    pub fn human_monitor_command(&mut self, command_line: &str) -> Result<String, Error> {
        let output = self.execute_raw(
            "human-monitor-command",
            Some(json!({ "command-line": command_line })),
        )?;
        Ok(output.as_str().unwrap_or_default().to_owned())
    }

    /// Events received but not yet handed out, oldest first.
    pub fn queued_events(&self) -> impl ExactSizeIterator<Item = &RawEvent> {
        self.session.queued_events()
    }

    /// The next event as received, queued ones first.
    pub fn next_raw_event(&mut self) -> Result<RawEvent, Error> {
        if let Some(event) = self.session.pop_queued_event() {
            return Ok(event);
        }
        loop {
            let message = parse_message(self.lines.read_line()?)?;
            if let Some(event) = Session::on_message_for_event(message) {
                return event;
            }
        }
    }

    /// The next event decoded as `E` (such as `qmp_api::EventMessage`, or
    /// `serde_json::Value`). A line that does not decode is consumed and
    /// reported as [`Error::Decode`] naming the event; the next call reads on.
    pub fn next_event<E: DeserializeOwned>(&mut self) -> Result<E, Error> {
        let event = self.next_raw_event()?;
        event.decode().map_err(Error::Decode)
    }

    /// Iterates over events decoded as `E`; see [`Events`].
    pub fn events<E: DeserializeOwned>(&mut self) -> Events<'_, E> {
        Events::new(self)
    }

    /// Iterates over events as received; see [`RawEvents`].
    pub fn raw_events(&mut self) -> RawEvents<'_> {
        RawEvents::new(self)
    }
}
