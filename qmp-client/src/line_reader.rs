//! Splits the incoming byte stream into QMP lines.
//!
//! QMP sends one JSON document per line, ended by `\r\n`. A line can be very
//! long (a `query-qmp-schema` return is hundreds of kilobytes), so lines grow as
//! needed; an optional limit guards against a peer that never ends one.

use std::io::{self, BufRead};

use crate::error::Error;

/// Reads whole lines, keeping a partial line across read timeouts.
#[derive(Debug)]
pub(crate) struct LineReader<R> {
    inner: R,
    /// Bytes of the line being read; survives a timeout so no data is lost.
    pending: Vec<u8>,
    /// Set once the current line went over `max_len`: its rest is dropped.
    skipping_long_line: bool,
    max_len: Option<usize>,
}

impl<R: BufRead> LineReader<R> {
    pub(crate) fn new(inner: R, max_len: Option<usize>) -> Self {
        LineReader {
            inner,
            pending: Vec::new(),
            skipping_long_line: false,
            max_len,
        }
    }

    /// The underlying reader, to write on the same stream or change its timeout.
    pub(crate) fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// Reads the next line, without its `\n` or `\r\n`.
    ///
    /// On [`Error::Timeout`] the bytes read so far are kept for the next call.
    /// A line over the limit yields [`Error::LineTooLong`] once its end arrives,
    /// so the following call starts cleanly at the next line.
    pub(crate) fn read_line(&mut self) -> Result<String, Error> {
        loop {
            let available = match self.inner.fill_buf() {
                Ok(bytes) => bytes,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                // QEMU exiting (after `quit`, say) can reset the socket
                // rather than close it; either way the peer is gone.
                Err(err)
                    if matches!(
                        err.kind(),
                        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted
                    ) =>
                {
                    return Err(Error::Disconnected);
                }
                Err(err) => return Err(err.into()),
            };
            if available.is_empty() {
                return Err(Error::Disconnected);
            }
            let (chunk_len, line_ended) = match available.iter().position(|&b| b == b'\n') {
                Some(newline) => (newline, true),
                None => (available.len(), false),
            };
            if !self.skipping_long_line {
                self.pending.extend_from_slice(&available[..chunk_len]);
                if self.max_len.is_some_and(|max| self.pending.len() > max) {
                    self.pending = Vec::new();
                    self.skipping_long_line = true;
                }
            }
            let consumed = if line_ended { chunk_len + 1 } else { chunk_len };
            self.inner.consume(consumed);
            if line_ended {
                return self.finish_line();
            }
        }
    }

    fn finish_line(&mut self) -> Result<String, Error> {
        if self.skipping_long_line {
            self.skipping_long_line = false;
            return Err(Error::LineTooLong {
                limit: self.max_len.unwrap_or(usize::MAX),
            });
        }
        let mut line = std::mem::take(&mut self.pending);
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        String::from_utf8(line).map_err(|err| Error::Protocol(format!("line is not UTF-8: {err}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn reader(bytes: &[u8], max_len: Option<usize>) -> LineReader<Cursor<Vec<u8>>> {
        LineReader::new(Cursor::new(bytes.to_vec()), max_len)
    }

    #[test]
    fn strips_crlf_and_lf() {
        let mut lines = reader(b"one\r\ntwo\n", None);
        assert_eq!(lines.read_line().ok(), Some("one".to_owned()));
        assert_eq!(lines.read_line().ok(), Some("two".to_owned()));
        assert!(matches!(lines.read_line(), Err(Error::Disconnected)));
    }

    #[test]
    fn line_over_limit_is_reported_once_then_reading_resumes() {
        let mut lines = reader(b"0123456789\r\nok\r\n", Some(4));
        assert!(matches!(
            lines.read_line(),
            Err(Error::LineTooLong { limit: 4 })
        ));
        assert_eq!(lines.read_line().ok(), Some("ok".to_owned()));
    }

    #[test]
    fn line_longer_than_the_read_buffer_arrives_whole() {
        let long = "x".repeat(100_000);
        let input = format!("{long}\r\n");
        let mut lines = LineReader::new(
            io::BufReader::with_capacity(16, Cursor::new(input.into_bytes())),
            None,
        );
        assert_eq!(lines.read_line().ok(), Some(long));
    }

    #[test]
    fn invalid_utf8_is_a_protocol_error() {
        let mut lines = reader(b"\xff\xfe\r\nnext\r\n", None);
        assert!(matches!(lines.read_line(), Err(Error::Protocol(_))));
        assert_eq!(lines.read_line().ok(), Some("next".to_owned()));
    }
}
