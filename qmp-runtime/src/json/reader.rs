//! Reading JSON text a value at a time, on jiter's pull parser.
//!
//! The decoder asks for what the schema says comes next (an object, a string, an
//! integer), so nothing is built that the bindings do not keep. Errors carry the byte
//! offset where they happened; the decoder adds the JSON pointer as it unwinds.

use super::value;
use crate::error::DecodeError;
use jiter::{Jiter, JiterError, JiterErrorType, Peek};
use serde_json::{Map, Value};

/// How deeply objects and arrays may nest, as serde_json allows: past this, input is
/// more likely hostile than real, and decoding recurses once per level.
pub const MAX_DEPTH: usize = 128;

/// What the next value is, by its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` or `false`
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl Kind {
    /// How messages name a value of this kind.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// A cursor over one JSON text.
pub struct Reader<'a> {
    jiter: Jiter<'a>,
    /// The text `jiter` reads, for reading ahead from where it stands.
    data: &'a [u8],
    /// Where `jiter`'s data starts in the text errors are reported against.
    base: usize,
    depth: usize,
}

/// A reader at the same place: a new parser over the rest of the text, rather than a
/// copy of this one's, which would copy jiter's string tape (an allocation per union
/// object, whose discriminator is read ahead).
impl Clone for Reader<'_> {
    fn clone(&self) -> Self {
        let here = self.jiter.current_index();
        let rest = self.data.get(here..).unwrap_or_default();
        Reader {
            jiter: Jiter::new(rest),
            data: rest,
            base: self.base + here,
            depth: self.depth,
        }
    }
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader {
            jiter: Jiter::new(text.as_bytes()),
            data: text.as_bytes(),
            base: 0,
            depth: 0,
        }
    }

    /// The byte offset of the next thing to read.
    pub fn offset(&self) -> usize {
        self.base + self.jiter.current_index()
    }

    fn error(&self, error: JiterError) -> DecodeError {
        let message = match &error.error_type {
            JiterErrorType::JsonError(kind) => kind.to_string(),
            JiterErrorType::WrongType { expected, actual } => {
                format!("expected {expected}, found {actual}")
            }
        };
        DecodeError::syntax(message, self.base + error.index)
    }

    /// An error at the next thing to read.
    pub fn fail(&self, message: impl Into<String>) -> DecodeError {
        DecodeError::new(message, self.offset())
    }

    /// What the next value is.
    pub fn peek(&mut self) -> Result<Kind, DecodeError> {
        let peek = self.jiter.peek().map_err(|e| self.error(e))?;
        Ok(match peek {
            Peek::Null => Kind::Null,
            Peek::True | Peek::False => Kind::Bool,
            Peek::String => Kind::String,
            Peek::Array => Kind::Array,
            Peek::Object => Kind::Object,
            _ => Kind::Number,
        })
    }

    /// An error saying the next value is not what was expected.
    pub fn wrong_type(&mut self, expected: &str) -> DecodeError {
        match self.peek() {
            Ok(kind) => self.fail(format!("expected {expected}, found {}", kind.describe())),
            Err(error) => error,
        }
    }

    /// Reads `null`.
    pub fn null(&mut self) -> Result<(), DecodeError> {
        if self.peek()? != Kind::Null {
            return Err(self.wrong_type("null"));
        }
        self.jiter.known_null().map_err(|e| self.error(e))
    }

    /// Reads `true` or `false`.
    pub fn bool(&mut self) -> Result<bool, DecodeError> {
        if self.peek()? != Kind::Bool {
            return Err(self.wrong_type("a boolean"));
        }
        self.jiter.next_bool().map_err(|e| self.error(e))
    }

    /// Reads a number's text, as written.
    pub fn number_text(&mut self) -> Result<&'a str, DecodeError> {
        let peek = self.jiter.peek().map_err(|e| self.error(e))?;
        if !peek.is_num() {
            return Err(self.wrong_type("a number"));
        }
        let start = self.jiter.current_index();
        if let Err(e) = self.jiter.known_number_bytes(peek) {
            return Err(self.error(e));
        }
        let end = self.jiter.current_index();
        let text = self.jiter.slice_to_current(start);
        // Numbers are ASCII; the slice is of the UTF-8 input.
        std::str::from_utf8(text).map_err(|_| DecodeError::new("invalid number", self.base + end))
    }

    /// Reads an integer within `min..=max` (`i128` holds every QAPI width's range);
    /// `what` names the type for messages (`uint8`).
    pub fn integer(&mut self, min: i128, max: i128, what: &str) -> Result<i128, DecodeError> {
        if self.peek()? != Kind::Number {
            return Err(self.wrong_type(&format!("an integer ({what})")));
        }
        let at = self.offset_of_next()?;
        let text = self.number_text()?;
        // Most integers are short and plain: their digits are read here rather than by
        // `str::parse::<i128>` after a search for a fraction or exponent.
        if let Some(value) = plain_integer(text) {
            return if (min..=max).contains(&value) {
                Ok(value)
            } else {
                Err(DecodeError::new(
                    format!("{text} is out of range for {what} ({min} to {max})"),
                    at,
                ))
            };
        }
        // `-0` is a float to serde_json (it keeps the sign), so an integer member would
        // give back `0`, not what was sent.
        if text.contains(['.', 'e', 'E']) || text == "-0" {
            return Err(DecodeError::new(
                format!("expected an integer ({what}), found the number {text}"),
                at,
            ));
        }
        match text.parse::<i128>() {
            Ok(value) if (min..=max).contains(&value) => Ok(value),
            _ => Err(DecodeError::new(
                format!("{text} is out of range for {what} ({min} to {max})"),
                at,
            )),
        }
    }

    /// Reads any number as a 64-bit float, as serde_json reads it.
    pub fn f64(&mut self) -> Result<f64, DecodeError> {
        let at = self.offset_of_next()?;
        let text = self.number_text()?;
        value::parse_number(text)
            .as_f64()
            .ok_or_else(|| DecodeError::new(format!("{text} is not a number"), at))
    }

    /// Reads a number exactly as serde_json reads it into a `Value`.
    pub fn number(&mut self) -> Result<serde_json::Number, DecodeError> {
        let text = self.number_text()?;
        Ok(value::parse_number(text))
    }

    /// Reads a string.
    pub fn str(&mut self) -> Result<&str, DecodeError> {
        if self.peek()? != Kind::String {
            return Err(self.wrong_type("a string"));
        }
        let base = self.base;
        self.jiter
            .known_str()
            .map_err(|e| DecodeError::syntax(e.error_type.to_string(), base + e.index))
    }

    /// Reads a string into a `String`.
    pub fn string(&mut self) -> Result<String, DecodeError> {
        self.str().map(str::to_owned)
    }

    /// Starts reading an object: its first key, or `None` when it is empty.
    pub fn begin_object(&mut self) -> Result<Option<&str>, DecodeError> {
        if self.peek()? != Kind::Object {
            return Err(self.wrong_type("an object"));
        }
        self.enter()?;
        let base = self.base;
        let key = self
            .jiter
            .known_object()
            .map_err(|e| DecodeError::syntax(e.error_type.to_string(), base + e.index))?;
        if key.is_none() {
            self.depth -= 1;
        }
        Ok(key)
    }

    /// The object's next key, or `None` at its end.
    pub fn next_key(&mut self) -> Result<Option<&str>, DecodeError> {
        let base = self.base;
        let key = self
            .jiter
            .next_key()
            .map_err(|e| DecodeError::syntax(e.error_type.to_string(), base + e.index))?;
        if key.is_none() {
            self.depth -= 1;
        }
        Ok(key)
    }

    /// Starts reading an array: whether it has a first element.
    pub fn begin_array(&mut self) -> Result<bool, DecodeError> {
        if self.peek()? != Kind::Array {
            return Err(self.wrong_type("an array"));
        }
        self.enter()?;
        let more = self
            .jiter
            .known_array()
            .map_err(|e| self.error(e))?
            .is_some();
        if !more {
            self.depth -= 1;
        }
        Ok(more)
    }

    /// Whether the array has another element.
    pub fn next_element(&mut self) -> Result<bool, DecodeError> {
        let more = self
            .jiter
            .array_step()
            .map_err(|e| self.error(e))?
            .is_some();
        if !more {
            self.depth -= 1;
        }
        Ok(more)
    }

    fn enter(&mut self) -> Result<(), DecodeError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.fail(format!(
                "objects and arrays nest more than {MAX_DEPTH} deep"
            )));
        }
        self.depth += 1;
        Ok(())
    }

    /// Skips the next value (checking that it is JSON).
    pub fn skip(&mut self) -> Result<(), DecodeError> {
        // jiter bounds its own recursion while skipping.
        self.jiter.next_skip().map_err(|e| self.error(e))
    }

    /// Reads the next value into a `Value`, as serde_json would.
    pub fn value(&mut self) -> Result<Value, DecodeError> {
        value::read(self)
    }

    /// The rest of an object whose first key (`key`, just read) is known, as a map.
    pub fn object_from(&mut self, key: Option<String>) -> Result<Map<String, Value>, DecodeError> {
        value::read_members(self, key)
    }

    /// Checks that nothing but whitespace follows.
    pub fn end(&mut self) -> Result<(), DecodeError> {
        self.jiter.finish().map_err(|e| self.error(e))
    }

    /// The offset where the next value starts (after whitespace).
    pub fn offset_of_next(&mut self) -> Result<usize, DecodeError> {
        self.jiter.peek().map_err(|e| self.error(e))?;
        Ok(self.offset())
    }

    /// Looks ahead, without moving, for the string member `name` of the object that comes
    /// next: `Ok(None)` when the object lacks it. Used to find a union's discriminator,
    /// which selects how the other members are read, wherever it stands.
    pub fn find_string_member(&self, name: &str) -> Result<Option<String>, DecodeError> {
        let mut ahead = self.clone();
        let mut found = match ahead.begin_object()? {
            Some(key) => key == name,
            None => return Ok(None),
        };
        loop {
            if found {
                return match ahead.peek()? {
                    Kind::String => ahead.string().map(Some),
                    other => Err(ahead.fail(format!(
                        "member '{name}' must be a string, found {}",
                        other.describe()
                    ))),
                };
            }
            ahead.skip()?;
            found = match ahead.next_key()? {
                Some(key) => key == name,
                None => return Ok(None),
            };
        }
    }
}

/// The value of a JSON number that is an integer of at most 18 digits and not `-0`
/// (jiter has checked the grammar: no leading zeros, a digit after `-`); `None` for
/// anything else, which the general path reads.
fn plain_integer(text: &str) -> Option<i128> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    if digits.is_empty() || digits.len() > 18 || (negative && digits == b"0") {
        return None;
    }
    let mut value: i64 = 0;
    for &digit in digits {
        if !digit.is_ascii_digit() {
            return None;
        }
        value = value * 10 + i64::from(digit - b'0');
    }
    Some(i128::from(if negative { -value } else { value }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_integers_are_read_by_digits_and_the_rest_left_to_the_general_path() {
        assert_eq!(plain_integer("0"), Some(0));
        assert_eq!(plain_integer("-42"), Some(-42));
        assert_eq!(
            plain_integer("999999999999999999"),
            Some(999_999_999_999_999_999)
        );
        assert_eq!(plain_integer("1000000000000000000"), None);
        assert_eq!(plain_integer("-0"), None);
        assert_eq!(plain_integer("1.5"), None);
        assert_eq!(plain_integer("1e3"), None);
        for text in [
            "18446744073709551615",
            "-9223372036854775808",
            "-0",
            "2.0",
            "17",
        ] {
            let mut r = Reader::new(text);
            let read = r.integer(i128::from(i64::MIN), i128::from(u64::MAX), "int");
            let expected = text.parse::<i128>().ok().filter(|_| text != "-0");
            assert_eq!(read.ok(), expected, "{text}");
        }
    }

    #[test]
    fn reads_what_is_asked_for() {
        let mut r = Reader::new(r#" {"a": [1, -2, 3.5], "b": "x\ny", "c": null, "d": true} "#);
        assert_eq!(r.begin_object().unwrap(), Some("a"));
        assert!(r.begin_array().unwrap());
        assert_eq!(r.integer(0, 10, "int").unwrap(), 1);
        assert!(r.next_element().unwrap());
        assert_eq!(r.integer(-10, 10, "int").unwrap(), -2);
        assert!(r.next_element().unwrap());
        assert_eq!(r.f64().unwrap(), 3.5);
        assert!(!r.next_element().unwrap());
        assert_eq!(r.next_key().unwrap(), Some("b"));
        assert_eq!(r.string().unwrap(), "x\ny");
        assert_eq!(r.next_key().unwrap(), Some("c"));
        r.null().unwrap();
        assert_eq!(r.next_key().unwrap(), Some("d"));
        assert!(r.bool().unwrap());
        assert_eq!(r.next_key().unwrap(), None);
        r.end().unwrap();
        assert_eq!(r.depth, 0);
    }

    #[test]
    fn integers_out_of_range_and_floats_are_refused() {
        let mut r = Reader::new("300");
        let error = r.integer(0, 255, "uint8").unwrap_err();
        assert_eq!(error.message(), "300 is out of range for uint8 (0 to 255)");
        let mut r = Reader::new("1.0");
        let error = r.integer(0, 255, "uint8").unwrap_err();
        assert_eq!(
            error.message(),
            "expected an integer (uint8), found the number 1.0"
        );
        let mut r = Reader::new("-0");
        let error = r.integer(-128, 127, "int8").unwrap_err();
        assert_eq!(
            error.message(),
            "expected an integer (int8), found the number -0"
        );
    }

    #[test]
    fn wrong_types_say_what_was_found() {
        let mut r = Reader::new(r#"  "text""#);
        let error = r.bool().unwrap_err();
        assert_eq!(error.message(), "expected a boolean, found a string");
        assert_eq!(error.offset(), 2);
    }

    #[test]
    fn a_member_is_found_ahead_without_moving() {
        let r = Reader::new(r#"{"x": {"t": "no"}, "t": "yes", "y": 1}"#);
        assert_eq!(r.find_string_member("t").unwrap().as_deref(), Some("yes"));
        assert_eq!(r.find_string_member("z").unwrap(), None);
        let mut r = r;
        assert_eq!(r.begin_object().unwrap(), Some("x"));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 1);
        let mut r = Reader::new(&deep);
        let mut result = Ok(true);
        for _ in 0..=MAX_DEPTH {
            result = r.begin_array();
            if result.is_err() {
                break;
            }
        }
        assert!(result.unwrap_err().message().contains("nest more than 128"));
    }
}
