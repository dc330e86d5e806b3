//! Reads whole QMP lines from a tokio stream, with a per-line timeout.

use std::time::Duration;

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

use crate::error::Error;
use crate::line_assembler::{LineAssembler, classify_read_error};

/// Reads whole lines; the partial line lives in the assembler, not in the
/// future, so a timed-out or cancelled read loses nothing.
#[derive(Debug)]
pub(crate) struct AsyncLineReader<R> {
    inner: R,
    assembler: LineAssembler,
    timeout: Option<Duration>,
}

impl<R: AsyncBufRead + Unpin> AsyncLineReader<R> {
    pub(crate) fn new(inner: R, timeout: Option<Duration>, max_len: Option<usize>) -> Self {
        AsyncLineReader {
            inner,
            assembler: LineAssembler::new(max_len),
            timeout,
        }
    }

    pub(crate) fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    pub(crate) fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    /// The next line, or [`Error::Timeout`] if none completes in time.
    pub(crate) async fn read_line(&mut self) -> Result<String, Error> {
        match self.timeout {
            Some(limit) => tokio::time::timeout(limit, self.read_line_untimed())
                .await
                .unwrap_or(Err(Error::Timeout)),
            None => self.read_line_untimed().await,
        }
    }

    async fn read_line_untimed(&mut self) -> Result<String, Error> {
        loop {
            // fill_buf is cancel-safe, and bytes move to the assembler only
            // together with consume(), so cancelling between awaits is safe.
            let available = match self.inner.fill_buf().await {
                Ok(bytes) => bytes,
                Err(err) => match classify_read_error(err) {
                    None => continue,
                    Some(error) => return Err(error),
                },
            };
            if available.is_empty() {
                return Err(Error::Disconnected);
            }
            let (taken, line) = self.assembler.feed(available);
            self.inner.consume(taken);
            if let Some(line) = line {
                return line;
            }
        }
    }
}
