//! The guest agent's client on tokio: the blocking [`GuestAgent`](crate::GuestAgent)'s
//! protocol over a tokio stream, each read bounded by a timeout.

use std::path::Path;
use std::time::Duration;

use qmp_runtime::Command;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;

use super::AsyncTransport;
use crate::agent::{AgentState, DEFAULT_TIMEOUT, first_id, raw_return, unanswered};
use crate::error::Error;
use crate::session::typed_return;

/// A connection to a guest agent driven by tokio; behaves as
/// [`GuestAgent`](crate::GuestAgent). A read that times out, or a call that is
/// cancelled, leaves the connection out of sync: the next command resynchronises.
pub struct AsyncGuestAgent {
    stream: Box<dyn AsyncTransport>,
    state: AgentState,
    timeout: Option<Duration>,
}

impl std::fmt::Debug for AsyncGuestAgent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncGuestAgent")
            .field("state", &self.state)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl AsyncGuestAgent {
    /// Connects to an agent's unix socket and synchronises with it.
    pub async fn connect_unix(path: impl AsRef<Path>) -> Result<AsyncGuestAgent, Error> {
        let stream = UnixStream::connect(path).await.map_err(Error::Io)?;
        AsyncGuestAgent::from_transport(stream).await
    }

    /// Uses an already connected stream (a unix socket, or the agent's serial device
    /// opened with tokio), and synchronises with the agent on it.
    pub async fn from_transport<T: AsyncTransport + 'static>(
        transport: T,
    ) -> Result<AsyncGuestAgent, Error> {
        let mut agent = AsyncGuestAgent {
            stream: Box::new(transport),
            state: AgentState::new(first_id()),
            timeout: Some(DEFAULT_TIMEOUT),
        };
        agent.sync().await?;
        Ok(agent)
    }

    /// Changes how long each read waits for the agent; `None` waits forever.
    pub fn set_read_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    /// Whether the connection is known to be in step with the agent.
    pub fn in_sync(&self) -> bool {
        self.state.in_sync()
    }

    /// Resynchronises with `guest-sync-delimited`, as
    /// [`GuestAgent::sync`](crate::GuestAgent::sync) does.
    pub async fn sync(&mut self) -> Result<(), Error> {
        let (id, bytes) = self.state.start_sync();
        self.write(&bytes).await?;
        while !self.state.sync_done(id)? {
            self.fill().await?;
        }
        Ok(())
    }

    /// Runs a typed command and returns its typed return; a command the agent never
    /// answers returns once written. Errors as for
    /// [`GuestAgent::execute`](crate::GuestAgent::execute).
    pub async fn execute<C: Command>(&mut self, command: &C) -> Result<C::Returns, Error> {
        if !self.state.in_sync() {
            self.sync().await?;
        }
        let (id, line) = self.state.command_line(command);
        // Out of sync until the exchange is over: a future dropped halfway may leave
        // half a line written or an answer unread.
        self.state.lose_sync();
        self.write(line.as_bytes()).await?;
        if !C::SUCCESS_RESPONSE {
            self.state.regain_sync();
            return unanswered::<C>();
        }
        let line = self.answer(id).await?;
        self.state.regain_sync();
        typed_return::<C>(line)
    }

    /// Runs a command given by name, with JSON arguments, and returns its `"return"`
    /// value as JSON.
    pub async fn execute_raw(
        &mut self,
        command: &str,
        arguments: Option<Value>,
    ) -> Result<Value, Error> {
        if !self.state.in_sync() {
            self.sync().await?;
        }
        let (id, line) = self.state.raw_line(command, arguments);
        self.state.lose_sync();
        self.write(line.as_bytes()).await?;
        let line = self.answer(id).await?;
        self.state.regain_sync();
        raw_return(command, &line)
    }

    async fn answer(&mut self, id: u64) -> Result<String, Error> {
        loop {
            if let Some(line) = self.state.answer(id)? {
                return Ok(line);
            }
            self.fill().await?;
        }
    }

    async fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let result = async {
            self.stream.write_all(bytes).await?;
            self.stream.flush().await
        }
        .await;
        result.map_err(|error| self.state.write_failed(error))
    }

    /// Reads more bytes, within the timeout.
    async fn fill(&mut self) -> Result<(), Error> {
        let mut chunk = [0u8; 8192];
        let read = match self.timeout {
            Some(limit) => match tokio::time::timeout(limit, self.stream.read(&mut chunk)).await {
                Ok(read) => read,
                Err(_) => {
                    self.state.lose_sync();
                    return Err(Error::Timeout);
                }
            },
            None => self.stream.read(&mut chunk).await,
        };
        self.state.take_read(read, &chunk)
    }
}
