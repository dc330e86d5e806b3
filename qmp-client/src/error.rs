//! The one error type of the client, and the details some of its variants carry.

use std::fmt;
use std::io;

use qmp_runtime::ErrorClass;

/// Everything that can go wrong while talking QMP.
///
/// Some errors end the conversation and some do not: after [`Error::Decode`],
/// [`Error::Return`], [`Error::Timeout`], [`Error::LineTooLong`], [`Error::Protocol`]
/// and [`Error::Command`] the client is still usable and the next read starts at the
/// next line; after [`Error::Io`] and [`Error::Disconnected`] it is not (see
/// [`Error::is_fatal`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The socket failed (other than by a read timeout).
    Io(io::Error),
    /// No complete line arrived within the read timeout. Bytes of a partial line
    /// already read are kept, so a later read continues the same line.
    Timeout,
    /// The peer closed the connection.
    Disconnected,
    /// A line was longer than the configured maximum; the rest of it is skipped.
    LineTooLong {
        /// The configured maximum, in bytes.
        limit: usize,
    },
    /// The peer said something QMP does not allow here: a bad greeting, a line
    /// that is not a JSON object, a message of no known kind.
    Protocol(String),
    /// QEMU answered a command with `{"error": {"class", "desc"}}`.
    Command(CommandError),
    /// An event line is valid JSON but did not decode into the requested type.
    Decode(DecodeError),
    /// A typed command's return did not decode into its `Returns` type.
    Return(ReturnError),
}

impl Error {
    /// Whether the connection is unusable after this error. Iterators over events
    /// end after yielding a fatal error.
    pub fn is_fatal(&self) -> bool {
        matches!(self, Error::Io(_) | Error::Disconnected)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(err) => write!(f, "QMP socket error: {err}"),
            Error::Timeout => f.write_str("timed out waiting for a QMP message"),
            Error::Disconnected => f.write_str("QMP peer closed the connection"),
            Error::LineTooLong { limit } => {
                write!(f, "QMP line longer than the limit of {limit} bytes")
            }
            Error::Protocol(what) => write!(f, "QMP protocol error: {what}"),
            Error::Command(err) => err.fmt(f),
            Error::Decode(err) => err.fmt(f),
            Error::Return(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(err) => Some(err),
            Error::Command(err) => Some(err),
            Error::Decode(err) => Some(err),
            Error::Return(err) => Some(&err.error),
            _ => None,
        }
    }
}

impl From<io::Error> for Error {
    /// Read timeouts surface from std as `WouldBlock` (Unix) or `TimedOut`
    /// (Windows); both become [`Error::Timeout`] so callers match one variant.
    fn from(err: io::Error) -> Self {
        match err.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Error::Timeout,
            _ => Error::Io(err),
        }
    }
}

/// QEMU's refusal of a command: `{"error": {"class": ..., "desc": ...}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandError {
    /// The command that was refused.
    pub command: String,
    /// QMP's error class, such as `GenericError` or `CommandNotFound` (a class a newer
    /// QEMU adds is kept in [`ErrorClass::Other`]).
    pub class: ErrorClass,
    /// QEMU's human-readable description.
    pub desc: String,
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "QMP command {:?} failed: {}: {}",
            self.command, self.class, self.desc
        )
    }
}

impl std::error::Error for CommandError {}

/// An event line that did not decode into the caller's event type.
///
/// It names the event so a consumer can log and skip it; the stream goes on
/// with the next line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The event's `"event"` name, such as `BLOCK_IO_ERROR`.
    pub event: String,
    /// serde's description of what did not fit.
    pub message: String,
    /// The line as QEMU sent it, without the line ending.
    pub line: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "QMP event {} did not decode: {} (line: {})",
            self.event, self.message, self.line
        )
    }
}

impl std::error::Error for DecodeError {}

/// A return that did not decode into its command's `Returns` type.
///
/// It names the command, and its [`error`](ReturnError::error) holds the JSON pointer of
/// what did not fit inside the return value (`/0/status`, as `validate_return` points),
/// the line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnError {
    /// The command whose return it was.
    pub command: String,
    /// What did not fit, and where.
    pub error: qmp_runtime::DecodeError,
    /// The line as QEMU sent it, without the line ending.
    pub line: String,
}

impl ReturnError {
    /// The JSON pointer of what did not fit, inside the return value.
    pub fn pointer(&self) -> String {
        self.error.pointer()
    }
}

impl fmt::Display for ReturnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QMP return did not decode: {}", self.error)
    }
}

impl std::error::Error for ReturnError {}
