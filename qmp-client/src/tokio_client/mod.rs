//! The async client on tokio (feature `tokio`): the same protocol handling as
//! the blocking [`Client`](crate::Client), over tokio's sockets.

mod agent;
mod line_reader;

pub use agent::AsyncGuestAgent;

use std::path::Path;
use std::time::Duration;

use qmp_runtime::Command;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpStream, ToSocketAddrs, UnixStream};

use crate::builder::ClientBuilder;
use crate::error::Error;
use crate::greeting::Greeting;
use crate::message::parse_message;
use crate::raw_event::RawEvent;
use crate::session::{PendingCommand, Session, classify_write_error, typed_return};
use line_reader::AsyncLineReader;

/// A connected async byte stream; any tokio stream qualifies.
pub trait AsyncTransport: AsyncRead + AsyncWrite + Send + Unpin {}

impl<T: AsyncRead + AsyncWrite + Send + Unpin> AsyncTransport for T {}

/// A QMP connection in command mode, driven by tokio.
///
/// Behaves like [`Client`](crate::Client): commands run one at a time, events
/// arriving meanwhile are queued, a bad event line is an [`Error::Decode`] and
/// reading goes on. The read timeout bounds each wait for a line; a timed-out
/// (or otherwise cancelled) read keeps the partial line for the next one.
pub struct AsyncClient {
    lines: AsyncLineReader<BufReader<Box<dyn AsyncTransport>>>,
    greeting: Greeting,
    session: Session,
}

impl std::fmt::Debug for AsyncClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncClient")
            .field("greeting", &self.greeting)
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Connects to QEMU's unix socket with tokio; see [`AsyncClient`].
    pub async fn connect_unix_async(self, path: impl AsRef<Path>) -> Result<AsyncClient, Error> {
        let stream = UnixStream::connect(path).await.map_err(Error::Io)?;
        self.from_async_transport(stream).await
    }

    /// Connects to QEMU's TCP socket with tokio; keep it on loopback, as QMP
    /// has no authentication.
    pub async fn connect_tcp_async(
        self,
        address: impl ToSocketAddrs,
    ) -> Result<AsyncClient, Error> {
        let stream = TcpStream::connect(address).await.map_err(Error::Io)?;
        self.from_async_transport(stream).await
    }

    /// Reads the greeting from a connected async stream and negotiates
    /// capabilities.
    pub async fn from_async_transport<T: AsyncTransport + 'static>(
        self,
        transport: T,
    ) -> Result<AsyncClient, Error> {
        let boxed: Box<dyn AsyncTransport> = Box::new(transport);
        let lines =
            AsyncLineReader::new(BufReader::new(boxed), self.read_timeout, self.max_line_len);
        AsyncClient::handshake(lines).await
    }
}

impl AsyncClient {
    /// Connects to a unix socket with default options.
    pub async fn connect_unix(path: impl AsRef<Path>) -> Result<AsyncClient, Error> {
        ClientBuilder::new().connect_unix_async(path).await
    }

    /// Connects over TCP with default options.
    pub async fn connect_tcp(address: impl ToSocketAddrs) -> Result<AsyncClient, Error> {
        ClientBuilder::new().connect_tcp_async(address).await
    }

    async fn handshake(
        mut lines: AsyncLineReader<BufReader<Box<dyn AsyncTransport>>>,
    ) -> Result<AsyncClient, Error> {
        let greeting = Session::expect_greeting(parse_message(lines.read_line().await?)?)?;
        let mut client = AsyncClient {
            lines,
            greeting,
            session: Session::new(),
        };
        client.execute_raw("qmp_capabilities", None).await?;
        Ok(client)
    }

    /// The greeting QEMU sent on connect.
    pub fn greeting(&self) -> &Greeting {
        &self.greeting
    }

    /// Changes how long reads wait for a line; `None` waits forever.
    pub fn set_read_timeout(&mut self, timeout: Option<Duration>) {
        self.lines.set_timeout(timeout);
    }

    /// Runs a typed command and returns its typed return; see
    /// [`Client::execute`](crate::Client::execute).
    pub async fn execute<C: Command>(&mut self, command: &C) -> Result<C::Returns, Error> {
        let pending = self.session.start_typed(command);
        let (_, line) = self.run(&pending).await?;
        typed_return::<C>(line)
    }

    /// Runs a command given by name and returns its `"return"` value as JSON; see
    /// [`Client::execute_raw`](crate::Client::execute_raw).
    pub async fn execute_raw(
        &mut self,
        command: &str,
        arguments: Option<Value>,
    ) -> Result<Value, Error> {
        let pending = self.session.start_command(command, arguments);
        self.run(&pending).await.map(|(value, _)| value)
    }

    /// Sends a command's line and reads until its answer: the return and its line.
    async fn run(&mut self, pending: &PendingCommand) -> Result<(Value, String), Error> {
        let stream = self.lines.get_mut();
        let written = match stream.write_all(pending.line.as_bytes()).await {
            Ok(()) => stream.flush().await,
            Err(err) => Err(err),
        };
        written.map_err(classify_write_error)?;
        loop {
            let message = parse_message(self.lines.read_line().await?)?;
            if let Some(outcome) = self.session.on_message_for_command(pending, message) {
                return outcome;
            }
        }
    }

    /// Asks QEMU what it supports (`query-qmp-schema`) and compares it with a set of
    /// bindings; see [`Client::compat`](crate::Client::compat).
    pub async fn compat(
        &mut self,
        bindings: &qmp_runtime::compat::Bindings,
    ) -> Result<qmp_runtime::compat::Report, Error> {
        let answer = self.execute_raw("query-qmp-schema", None).await?;
        Ok(crate::greeting::compat_report(
            bindings,
            &answer,
            &self.greeting,
        ))
    }

    /// Runs an HMP command through `human-monitor-command`; returns its text.
    pub async fn human_monitor_command(&mut self, command_line: &str) -> Result<String, Error> {
        let output = self
            .execute_raw(
                "human-monitor-command",
                Some(json!({ "command-line": command_line })),
            )
            .await?;
        Ok(output.as_str().unwrap_or_default().to_owned())
    }

    /// Events received but not yet handed out, oldest first.
    pub fn queued_events(&self) -> impl ExactSizeIterator<Item = &RawEvent> {
        self.session.queued_events()
    }

    /// The next event as received, queued ones first. [`Error::Disconnected`]
    /// marks the end of the stream.
    pub async fn next_raw_event(&mut self) -> Result<RawEvent, Error> {
        if let Some(event) = self.session.pop_queued_event() {
            return Ok(event);
        }
        loop {
            let message = parse_message(self.lines.read_line().await?)?;
            if let Some(event) = Session::on_message_for_event(message) {
                return event;
            }
        }
    }

    /// The next event decoded as `E`; a line that does not decode is consumed
    /// and reported as [`Error::Decode`], and the next call reads on.
    pub async fn next_event<E: DeserializeOwned>(&mut self) -> Result<E, Error> {
        let event = self.next_raw_event().await?;
        event.decode().map_err(Error::Decode)
    }
}
