//! Reads whole QMP lines from a blocking stream.

use std::io::BufRead;

use crate::error::Error;
use crate::line_assembler::{LineAssembler, classify_read_error};

/// Reads whole lines, keeping a partial line across read timeouts.
#[derive(Debug)]
pub(crate) struct LineReader<R> {
    inner: R,
    assembler: LineAssembler,
}

impl<R: BufRead> LineReader<R> {
    pub(crate) fn new(inner: R, max_len: Option<usize>) -> Self {
        LineReader {
            inner,
            assembler: LineAssembler::new(max_len),
        }
    }

    /// The underlying reader, to write on the same stream or change its timeout.
    pub(crate) fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// Reads the next line, without its `\n` or `\r\n`; on [`Error::Timeout`]
    /// the bytes read so far are kept for the next call.
    pub(crate) fn read_line(&mut self) -> Result<String, Error> {
        loop {
            let available = match self.inner.fill_buf() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Cursor};

    #[test]
    fn reads_lines_through_a_small_buffer_then_reports_the_end() {
        let input = format!("{}\r\nshort\r\n", "y".repeat(1000));
        let mut lines = LineReader::new(BufReader::with_capacity(7, Cursor::new(input)), None);
        assert_eq!(lines.read_line().ok().map(|l| l.len()), Some(1000));
        assert_eq!(lines.read_line().ok(), Some("short".to_owned()));
        assert!(matches!(lines.read_line(), Err(Error::Disconnected)));
    }
}
