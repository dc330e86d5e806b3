//! Why a message did not decode: what was wrong, where (a JSON pointer, and the line and
//! column in the text), and in what (an event, a command, a command's return).

use std::fmt;

/// A value that does not fit its type, or text that is not JSON.
///
/// The pointer is built as decoding unwinds, each level adding the member or index it
/// was reading, so that a message that decodes costs nothing for it.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError {
    inner: Box<Inner>,
}

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    message: String,
    /// Byte offset in the text.
    offset: usize,
    /// Pointer segments, innermost first (they are added while unwinding).
    path: Vec<Segment>,
    /// Whether the text is not JSON at all (rather than JSON of the wrong shape).
    syntax: bool,
    /// What was being decoded: `event BLOCK_IO_ERROR`, `the return of query-status`.
    context: Option<String>,
    /// Line and column, once the error is placed in its text.
    position: Option<(usize, usize)>,
}

#[derive(Clone, PartialEq, Eq)]
enum Segment {
    Member(String),
    Index(usize),
}

impl DecodeError {
    /// An error at byte `offset`.
    #[cold]
    pub fn new(message: impl Into<String>, offset: usize) -> DecodeError {
        DecodeError {
            inner: Box::new(Inner {
                message: message.into(),
                offset,
                path: Vec::new(),
                syntax: false,
                context: None,
                position: None,
            }),
        }
    }

    /// An error saying the text is not JSON.
    #[cold]
    pub fn syntax(message: impl Into<String>, offset: usize) -> DecodeError {
        let mut error = DecodeError::new(message, offset);
        error.inner.syntax = true;
        error
    }

    /// Adds the member the error is inside of (called while unwinding).
    #[cold]
    pub fn in_member(mut self, name: &str) -> DecodeError {
        self.inner.path.push(Segment::Member(name.to_owned()));
        self
    }

    /// Adds the array index the error is inside of (called while unwinding).
    #[cold]
    pub fn in_element(mut self, index: usize) -> DecodeError {
        self.inner.path.push(Segment::Index(index));
        self
    }

    /// Rewrites the message, to say what the value was for.
    #[cold]
    pub(crate) fn reworded(mut self, reword: impl FnOnce(&str) -> String) -> DecodeError {
        self.inner.message = reword(&self.inner.message);
        self
    }

    /// Says what was being decoded (`event BLOCK_IO_ERROR`), if nothing said it yet.
    #[cold]
    pub fn within(mut self, context: impl Into<String>) -> DecodeError {
        if self.inner.context.is_none() {
            self.inner.context = Some(context.into());
        }
        self
    }

    /// Places the error in the text it was read from, for its line and column.
    #[cold]
    pub fn located(mut self, text: &str) -> DecodeError {
        if self.inner.position.is_none() {
            let before = text
                .get(..self.inner.offset.min(text.len()))
                .unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |at| at + 1) + 1;
            self.inner.position = Some((line, column));
        }
        self
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// Where the value that is wrong is: a JSON pointer (RFC 6901) into the text
    /// decoded (`/data/client/family`); empty for the whole text.
    pub fn pointer(&self) -> String {
        let mut pointer = String::new();
        for segment in self.inner.path.iter().rev() {
            pointer.push('/');
            match segment {
                Segment::Member(name) => {
                    pointer.push_str(&name.replace('~', "~0").replace('/', "~1"));
                }
                Segment::Index(index) => pointer.push_str(&index.to_string()),
            }
        }
        pointer
    }

    /// The byte offset in the text.
    pub fn offset(&self) -> usize {
        self.inner.offset
    }

    /// The line and column in the text (1-based), once placed in it.
    pub fn position(&self) -> Option<(usize, usize)> {
        self.inner.position
    }

    /// Whether the text is not JSON at all, rather than JSON that does not fit.
    pub fn is_syntax(&self) -> bool {
        self.inner.syntax
    }

    /// What was being decoded, as in `event BLOCK_IO_ERROR`.
    pub fn context(&self) -> Option<&str> {
        self.inner.context.as_deref()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(context) = &self.inner.context {
            write!(f, "{context}: ")?;
        }
        let pointer = self.pointer();
        if !pointer.is_empty() {
            write!(f, "{pointer}: ")?;
        }
        f.write_str(&self.inner.message)?;
        if let Some((line, column)) = self.inner.position {
            write!(f, " at line {line} column {column}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DecodeError({self})")
    }
}

impl std::error::Error for DecodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pointer_is_built_while_unwinding() {
        let error = DecodeError::new("expected a string, found a number", 20)
            .in_member("family")
            .in_element(0)
            .in_member("a/b~c")
            .within("event VNC_CONNECTED")
            .located("{\n  \"a/b~c\": [ {\"family\": 4} ] }");
        assert_eq!(error.pointer(), "/a~1b~0c/0/family");
        assert_eq!(
            error.to_string(),
            "event VNC_CONNECTED: /a~1b~0c/0/family: expected a string, found a number at line 2 column 19"
        );
    }
}
