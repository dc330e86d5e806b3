//! Splits incoming bytes into QMP lines, independent of how they are read.
//!
//! QMP sends one JSON document per line, ended by `\r\n`. A line can be very
//! long (a `query-qmp-schema` return is hundreds of kilobytes), so lines grow as
//! needed; an optional limit guards against a peer that never ends one. The
//! blocking and the tokio readers both feed their buffered bytes through here.

use crate::error::Error;

/// The line being assembled; survives read timeouts so no data is lost.
#[derive(Debug)]
pub(crate) struct LineAssembler {
    pending: Vec<u8>,
    /// Set once the current line went over `max_len`: its rest is dropped.
    skipping_long_line: bool,
    max_len: Option<usize>,
}

impl LineAssembler {
    pub(crate) fn new(max_len: Option<usize>) -> Self {
        LineAssembler {
            pending: Vec::new(),
            skipping_long_line: false,
            max_len,
        }
    }

    /// Takes bytes from `available`, up to and including the first `\n`.
    /// Returns how many bytes were taken and, if a line ended, the line
    /// without its `\n` or `\r\n`. A line over the limit comes out as
    /// [`Error::LineTooLong`] once its end arrives, so the next line starts
    /// cleanly.
    pub(crate) fn feed(&mut self, available: &[u8]) -> (usize, Option<Result<String, Error>>) {
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
        if line_ended {
            (chunk_len + 1, Some(self.finish_line()))
        } else {
            (chunk_len, None)
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

/// Sorts a read error: `None` to retry (interrupted), else the error to report.
/// QEMU exiting (after `quit`, say) can reset the socket rather than close it;
/// either way the peer is gone, so a reset is [`Error::Disconnected`].
pub(crate) fn classify_read_error(err: std::io::Error) -> Option<Error> {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::Interrupted => None,
        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => Some(Error::Disconnected),
        _ => Some(err.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `input` in `chunk`-byte pieces, collecting every line outcome.
    fn feed_all(input: &[u8], chunk: usize, max_len: Option<usize>) -> Vec<Result<String, Error>> {
        let mut assembler = LineAssembler::new(max_len);
        let mut lines = Vec::new();
        for mut piece in input.chunks(chunk) {
            while !piece.is_empty() {
                let (taken, line) = assembler.feed(piece);
                piece = &piece[taken..];
                lines.extend(line);
            }
        }
        lines
    }

    #[test]
    fn strips_crlf_and_lf() {
        let lines = feed_all(b"one\r\ntwo\n", 64, None);
        let lines: Vec<_> = lines.into_iter().map(Result::ok).collect();
        assert_eq!(lines, [Some("one".to_owned()), Some("two".to_owned())]);
    }

    #[test]
    fn line_over_limit_is_reported_once_then_reading_resumes() {
        let lines = feed_all(b"0123456789\r\nok\r\n", 3, Some(4));
        assert_eq!(lines.len(), 2);
        assert!(matches!(lines[0], Err(Error::LineTooLong { limit: 4 })));
        assert_eq!(lines[1].as_ref().ok().map(String::as_str), Some("ok"));
    }

    #[test]
    fn line_arriving_in_small_pieces_comes_out_whole() {
        let long = "x".repeat(100_000);
        let lines = feed_all(format!("{long}\r\n").as_bytes(), 16, None);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].as_ref().ok(), Some(&long));
    }

    #[test]
    fn invalid_utf8_is_a_protocol_error() {
        let lines = feed_all(b"\xff\xfe\r\nnext\r\n", 64, None);
        assert!(matches!(lines[0], Err(Error::Protocol(_))));
        assert_eq!(lines[1].as_ref().ok().map(String::as_str), Some("next"));
    }

    #[test]
    fn connection_reset_is_a_disconnect_and_interrupt_a_retry() {
        use std::io::{Error as IoError, ErrorKind};
        assert!(matches!(
            classify_read_error(IoError::from(ErrorKind::ConnectionReset)),
            Some(Error::Disconnected)
        ));
        assert!(classify_read_error(IoError::from(ErrorKind::Interrupted)).is_none());
        assert!(matches!(
            classify_read_error(IoError::from(ErrorKind::WouldBlock)),
            Some(Error::Timeout)
        ));
    }
}
