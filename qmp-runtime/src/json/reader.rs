//! Reading JSON text a value at a time, straight from its bytes.
//!
//! The decoder asks for what the schema says comes next (an object, a string, an
//! integer), so nothing is built that the bindings do not keep. Strings without escapes
//! (nearly all of QMP's) are handed out as slices of the text, numbers are scanned once,
//! and reading ahead (for a union's discriminator) is a copy of an offset. Errors carry
//! the byte offset where they happened; the decoder adds the JSON pointer as it unwinds.
//! The grammar is RFC 8259's, as serde_json reads it: no comments, no trailing commas,
//! no leading zeros, control characters escaped in strings.

use super::value;
use crate::error::DecodeError;
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
    text: &'a str,
    /// The offset of the next byte to read.
    index: usize,
    depth: usize,
    /// The last string read that had escapes, unescaped (strings without escapes are
    /// slices of `text`).
    scratch: String,
}

/// A reader at the same place, for reading ahead: the offset is all it copies.
impl Clone for Reader<'_> {
    fn clone(&self) -> Self {
        Reader {
            text: self.text,
            index: self.index,
            depth: self.depth,
            scratch: String::new(),
        }
    }
}

/// Where a string just read is: in the text, or unescaped into the scratch buffer.
enum Read {
    Slice(usize, usize),
    Scratch,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            index: 0,
            depth: 0,
            scratch: String::new(),
        }
    }

    /// The byte offset of the next thing to read.
    pub fn offset(&self) -> usize {
        self.index
    }

    /// An error at the next thing to read.
    pub fn fail(&self, message: impl Into<String>) -> DecodeError {
        DecodeError::new(message, self.index)
    }

    /// A grammar error at the next thing to read.
    #[cold]
    fn syntax(&self, message: &str) -> DecodeError {
        DecodeError::syntax(message, self.index)
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The next byte after whitespace, without taking it.
    #[inline]
    fn next_byte(&mut self) -> Option<u8> {
        let bytes = self.bytes();
        while let Some(&byte) = bytes.get(self.index) {
            match byte {
                b' ' | b'\n' | b'\t' | b'\r' => self.index += 1,
                _ => return Some(byte),
            }
        }
        None
    }

    /// What the next value is.
    #[inline]
    pub fn peek(&mut self) -> Result<Kind, DecodeError> {
        Ok(match self.next_byte() {
            Some(b'"') => Kind::String,
            Some(b'{') => Kind::Object,
            Some(b'[') => Kind::Array,
            Some(b'-' | b'0'..=b'9') => Kind::Number,
            Some(b't' | b'f') => Kind::Bool,
            Some(b'n') => Kind::Null,
            Some(_) => return Err(self.syntax("expected value")),
            None => return Err(self.syntax("EOF while parsing a value")),
        })
    }

    /// An error saying the next value is not what was expected.
    #[cold]
    pub fn wrong_type(&mut self, expected: &str) -> DecodeError {
        match self.peek() {
            Ok(kind) => self.fail(format!("expected {expected}, found {}", kind.describe())),
            Err(error) => error,
        }
    }

    /// Takes `word` (the rest of a literal whose first byte has been peeked).
    fn literal(&mut self, word: &[u8]) -> Result<(), DecodeError> {
        if self.bytes()[self.index..].starts_with(word) {
            self.index += word.len();
            Ok(())
        } else {
            Err(self.syntax("expected ident"))
        }
    }

    /// Reads `null`.
    pub fn null(&mut self) -> Result<(), DecodeError> {
        if self.peek()? != Kind::Null {
            return Err(self.wrong_type("null"));
        }
        self.literal(b"null")
    }

    /// Reads `true` or `false`.
    pub fn bool(&mut self) -> Result<bool, DecodeError> {
        match self.next_byte() {
            Some(b't') => self.literal(b"true").map(|()| true),
            Some(b'f') => self.literal(b"false").map(|()| false),
            _ => Err(self.wrong_type("a boolean")),
        }
    }

    /// Reads a number's text, as written.
    pub fn number_text(&mut self) -> Result<&'a str, DecodeError> {
        if self.peek()? != Kind::Number {
            return Err(self.wrong_type("a number"));
        }
        let start = self.index;
        let bytes = self.bytes();
        let mut at = start;
        if bytes[at] == b'-' {
            at += 1;
        }
        match bytes.get(at) {
            Some(b'0') => {
                at += 1;
                if bytes.get(at).is_some_and(u8::is_ascii_digit) {
                    self.index = at;
                    return Err(self.syntax("invalid number"));
                }
            }
            Some(b'1'..=b'9') => at = digits(bytes, at),
            _ => {
                self.index = at;
                return Err(self.syntax("invalid number"));
            }
        }
        if bytes.get(at) == Some(&b'.') {
            let fraction = digits(bytes, at + 1);
            if fraction == at + 1 {
                self.index = fraction;
                return Err(self.syntax("invalid number"));
            }
            at = fraction;
        }
        if let Some(b'e' | b'E') = bytes.get(at) {
            at += 1;
            if let Some(b'+' | b'-') = bytes.get(at) {
                at += 1;
            }
            let exponent = digits(bytes, at);
            if exponent == at {
                self.index = at;
                return Err(self.syntax("invalid number"));
            }
            at = exponent;
        }
        self.index = at;
        // The number is ASCII, so its ends are character boundaries.
        Ok(&self.text[start..at])
    }

    /// Reads an integer within `min..=max` (`i128` holds every QAPI width's range);
    /// `what` names the type for messages (`uint8`).
    pub fn integer(&mut self, min: i128, max: i128, what: &str) -> Result<i128, DecodeError> {
        if self.peek()? != Kind::Number {
            return Err(self.wrong_type(&format!("an integer ({what})")));
        }
        let at = self.index;
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
    #[inline]
    pub fn str(&mut self) -> Result<&str, DecodeError> {
        if self.peek()? != Kind::String {
            return Err(self.wrong_type("a string"));
        }
        let read = self.read_string()?;
        Ok(self.resolve(read))
    }

    /// Reads a string into a `String`.
    pub fn string(&mut self) -> Result<String, DecodeError> {
        self.str().map(str::to_owned)
    }

    fn resolve(&self, read: Read) -> &str {
        match read {
            Read::Slice(start, end) => &self.text[start..end],
            Read::Scratch => &self.scratch,
        }
    }

    /// Reads the string whose opening quote is the next byte.
    #[inline]
    fn read_string(&mut self) -> Result<Read, DecodeError> {
        let bytes = self.bytes();
        let start = self.index + 1;
        let end = special_byte(bytes, start);
        if bytes.get(end) == Some(&b'"') {
            self.index = end + 1;
            return Ok(Read::Slice(start, end));
        }
        self.read_escaped(start, end)
    }

    /// The rest of a string from its first escape (or bad byte) at `at`, unescaped into
    /// the scratch buffer.
    fn read_escaped(&mut self, start: usize, mut at: usize) -> Result<Read, DecodeError> {
        let text = self.text;
        let bytes = text.as_bytes();
        self.scratch.clear();
        let mut from = start;
        loop {
            match bytes.get(at) {
                Some(b'"') => {
                    self.scratch.push_str(&text[from..at]);
                    self.index = at + 1;
                    return Ok(Read::Scratch);
                }
                Some(b'\\') => {
                    self.scratch.push_str(&text[from..at]);
                    self.index = at;
                    at = self.unescape(at + 1)?;
                    from = at;
                }
                Some(_) => {
                    self.index = at;
                    return Err(self.syntax(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
                None => {
                    self.index = at;
                    return Err(self.syntax("EOF while parsing a string"));
                }
            }
            at = special_byte(bytes, at);
        }
    }

    /// Appends the character of the escape whose letter is at `at` to the scratch
    /// buffer; where the string goes on.
    fn unescape(&mut self, at: usize) -> Result<usize, DecodeError> {
        let bytes = self.bytes();
        let Some(&letter) = bytes.get(at) else {
            self.index = at;
            return Err(self.syntax("EOF while parsing a string"));
        };
        let unescaped = match letter {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let (character, next) = self.unicode_escape(at + 1)?;
                self.scratch.push(character);
                return Ok(next);
            }
            _ => {
                self.index = at;
                return Err(self.syntax("invalid escape"));
            }
        };
        self.scratch.push(unescaped);
        Ok(at + 1)
    }

    /// The character of `\uXXXX` (and of the low surrogate's escape after a high one)
    /// whose hex digits start at `at`, and where the string goes on.
    fn unicode_escape(&mut self, at: usize) -> Result<(char, usize), DecodeError> {
        let high = self.hex4(at)?;
        let after = at + 4;
        let (code, next) = match high {
            0xD800..=0xDBFF => {
                if self.bytes().get(after..after + 2) != Some(b"\\u") {
                    self.index = after;
                    return Err(self.syntax("lone leading surrogate in hex escape"));
                }
                let low = self.hex4(after + 2)?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    self.index = after + 2;
                    return Err(self.syntax("lone leading surrogate in hex escape"));
                }
                (
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00),
                    after + 6,
                )
            }
            code => (code, after),
        };
        // A pair always makes a character; a low surrogate alone does not.
        match char::from_u32(code) {
            Some(character) => Ok((character, next)),
            None => {
                self.index = at;
                Err(self.syntax("invalid unicode code point"))
            }
        }
    }

    /// The four hex digits at `at`.
    fn hex4(&mut self, at: usize) -> Result<u32, DecodeError> {
        let digits = self.bytes().get(at..at + 4);
        let value = digits.and_then(|digits| {
            digits.iter().try_fold(0u32, |value, &digit| {
                Some(value * 16 + char::from(digit).to_digit(16)?)
            })
        });
        value.ok_or_else(|| {
            self.index = at;
            self.syntax("invalid escape")
        })
    }

    /// Reads the key that must come next (after `{` or `,`), and the colon after it.
    fn key(&mut self) -> Result<&str, DecodeError> {
        match self.next_byte() {
            Some(b'"') => {}
            Some(_) => return Err(self.syntax("key must be a string")),
            None => return Err(self.syntax("EOF while parsing an object")),
        }
        let read = self.read_string()?;
        match self.next_byte() {
            Some(b':') => self.index += 1,
            Some(_) => return Err(self.syntax("expected `:`")),
            None => return Err(self.syntax("EOF while parsing an object")),
        }
        Ok(self.resolve(read))
    }

    /// Takes the `}` or `]` that is the next byte: the object or array ends.
    fn close(&mut self) {
        self.index += 1;
        self.depth -= 1;
    }

    /// Starts reading an object: its first key, or `None` when it is empty.
    pub fn begin_object(&mut self) -> Result<Option<&str>, DecodeError> {
        if self.peek()? != Kind::Object {
            return Err(self.wrong_type("an object"));
        }
        self.enter()?;
        self.index += 1;
        if self.next_byte() == Some(b'}') {
            self.close();
            return Ok(None);
        }
        self.key().map(Some)
    }

    /// The object's next key, or `None` at its end.
    pub fn next_key(&mut self) -> Result<Option<&str>, DecodeError> {
        match self.next_byte() {
            Some(b',') => {
                self.index += 1;
                self.key().map(Some)
            }
            Some(b'}') => {
                self.close();
                Ok(None)
            }
            Some(_) => Err(self.syntax("expected `,` or `}`")),
            None => Err(self.syntax("EOF while parsing an object")),
        }
    }

    /// Starts reading an array: whether it has a first element.
    pub fn begin_array(&mut self) -> Result<bool, DecodeError> {
        if self.peek()? != Kind::Array {
            return Err(self.wrong_type("an array"));
        }
        self.enter()?;
        self.index += 1;
        match self.next_byte() {
            Some(b']') => {
                self.close();
                Ok(false)
            }
            Some(_) => Ok(true),
            None => Err(self.syntax("EOF while parsing a list")),
        }
    }

    /// Whether the array has another element.
    pub fn next_element(&mut self) -> Result<bool, DecodeError> {
        match self.next_byte() {
            Some(b',') => {
                self.index += 1;
                Ok(true)
            }
            Some(b']') => {
                self.close();
                Ok(false)
            }
            Some(_) => Err(self.syntax("expected `,` or `]`")),
            None => Err(self.syntax("EOF while parsing a list")),
        }
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

    /// Skips the next value (checking that it is JSON; nesting is bounded as when
    /// reading).
    pub fn skip(&mut self) -> Result<(), DecodeError> {
        match self.peek()? {
            Kind::Null => self.null(),
            Kind::Bool => self.bool().map(drop),
            Kind::Number => self.number_text().map(drop),
            Kind::String => self.read_string().map(drop),
            Kind::Array => {
                let mut more = self.begin_array()?;
                while more {
                    self.skip()?;
                    more = self.next_element()?;
                }
                Ok(())
            }
            Kind::Object => {
                let mut more = self.begin_object()?.is_some();
                while more {
                    self.skip()?;
                    more = self.next_key()?.is_some();
                }
                Ok(())
            }
        }
    }

    /// Moves past the next value by its brackets and quotes alone, without checking its
    /// grammar: for reading ahead over text that is read properly afterwards (a union's
    /// members before its discriminator), which is where any error is then reported.
    /// Nesting is counted, not recursed into, so it needs no bound.
    fn pass_over(&mut self) -> Result<(), DecodeError> {
        let bytes = self.bytes();
        let mut at = self.index;
        let mut depth = 0usize;
        // Between strings, QMP's text has only a byte or two (`:`, `,`), so they are
        // looked at one by one; strings are crossed eight bytes at a time.
        loop {
            let Some(&byte) = bytes.get(at) else {
                self.index = at;
                return Err(self.syntax("EOF while parsing a value"));
            };
            match byte {
                b'"' => {
                    at = special_byte(bytes, at + 1);
                    loop {
                        match bytes.get(at) {
                            Some(b'"') => break,
                            Some(b'\\') => at = special_byte(bytes, at + 2),
                            Some(_) => at = special_byte(bytes, at + 1),
                            None => {
                                self.index = at.min(bytes.len());
                                return Err(self.syntax("EOF while parsing a string"));
                            }
                        }
                    }
                    at += 1;
                    if depth == 0 {
                        break;
                    }
                }
                b'{' | b'[' => {
                    depth += 1;
                    at += 1;
                }
                b'}' | b']' => {
                    if depth == 0 {
                        // The end of the object around the value: the value is missing,
                        // which the reading proper reports.
                        break;
                    }
                    depth -= 1;
                    at += 1;
                    if depth == 0 {
                        break;
                    }
                }
                b',' if depth == 0 => break,
                _ => at += 1,
            }
        }
        self.index = at;
        Ok(())
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
        match self.next_byte() {
            None => Ok(()),
            Some(_) => Err(self.syntax("trailing characters")),
        }
    }

    /// The offset where the next value starts (after whitespace).
    pub fn offset_of_next(&mut self) -> Result<usize, DecodeError> {
        self.peek()?;
        Ok(self.index)
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
            ahead.pass_over()?;
            found = match ahead.next_key()? {
                Some(key) => key == name,
                None => return Ok(None),
            };
        }
    }
}

/// Where the run of ASCII digits at `at` ends.
#[inline]
fn digits(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_digit) {
        at += 1;
    }
    at
}

/// The offset of the first byte from `at` on that ends a plain run of string text (a
/// quote, a backslash or a control character), or the text's length. Eight bytes at a
/// time: a byte of a word is flagged when it equals a quote or a backslash or is below
/// 0x20 (the classic "has zero byte" and "has byte less than" tricks). A flag can be
/// wrong only above a byte that is rightly flagged, so the lowest one is exact.
#[inline]
fn special_byte(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const fn zero_bytes(word: u64) -> u64 {
        word.wrapping_sub(ONES) & !word & HIGH
    }
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let flags = zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word ^ (ONES * u64::from(b'\\')))
            | (word.wrapping_sub(ONES * 0x20) & !word & HIGH);
        if flags != 0 {
            return at + (flags.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&byte) = bytes.get(at) {
        if byte == b'"' || byte == b'\\' || byte < 0x20 {
            return at;
        }
        at += 1;
    }
    at
}

/// The value of a JSON number that is an integer of at most 18 digits and not `-0`
/// (the reader has checked the grammar: no leading zeros, a digit after `-`); `None` for
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

    #[test]
    fn strings_are_slices_of_the_text_unless_escaped() {
        let text = r#"["plain text past eight bytes", "tab\tand \"quotes\"", "\u00e9\ud83d\ude00/\/", ""]"#;
        let mut r = Reader::new(text);
        assert!(r.begin_array().unwrap());
        let plain = r.str().unwrap();
        assert_eq!(plain, "plain text past eight bytes");
        assert!(std::ptr::eq(plain.as_ptr(), text[2..].as_ptr()));
        assert!(r.next_element().unwrap());
        assert_eq!(r.str().unwrap(), "tab\tand \"quotes\"");
        assert!(r.next_element().unwrap());
        assert_eq!(r.str().unwrap(), "\u{e9}\u{1f600}//");
        assert!(r.next_element().unwrap());
        assert_eq!(r.str().unwrap(), "");
        assert!(!r.next_element().unwrap());
        r.end().unwrap();
    }

    #[test]
    fn every_position_of_a_special_byte_in_a_word_is_found() {
        for special in [b'"', b'\\', b'\n', 0x1f, 0] {
            for at in 0..20 {
                let mut bytes = vec![b'a'; 20];
                bytes[at] = special;
                assert_eq!(special_byte(&bytes, 0), at, "{special} at {at}");
            }
        }
        // Bytes of multi-byte characters (0x80 and above) and 0x20 itself are plain.
        let plain = "é ü  €€ abc";
        assert_eq!(special_byte(plain.as_bytes(), 0), plain.len());
    }

    #[test]
    fn grammar_errors_are_syntax_errors_at_their_offset() {
        for (text, message, offset) in [
            ("", "EOF while parsing a value", 0),
            ("  x", "expected value", 2),
            ("nul", "expected ident", 0),
            ("[1 2]", "expected `,` or `]`", 3),
            (r#"{"a" 1}"#, "expected `:`", 5),
            (r#"{"a": 1,}"#, "key must be a string", 8),
            (r#"{"a": 1"#, "EOF while parsing an object", 7),
            ("01", "invalid number", 1),
            ("1.", "invalid number", 2),
            ("-", "invalid number", 1),
            ("1e+", "invalid number", 3),
            (r#""a\u12""#, "invalid escape", 4),
            ("\"a\\x\"", "invalid escape", 3),
            ("\"\\ud800\"", "lone leading surrogate in hex escape", 7),
            (
                "\"a\u{1}\"",
                "control character (\\u0000-\\u001F) found while parsing a string",
                2,
            ),
            ("\"abc", "EOF while parsing a string", 4),
            ("[1] 2", "trailing characters", 4),
        ] {
            let mut r = Reader::new(text);
            let error = r.skip().and_then(|()| r.end()).unwrap_err();
            assert_eq!(
                (error.message(), error.offset()),
                (message, offset),
                "{text:?}"
            );
            assert!(error.is_syntax(), "{text:?}");
        }
    }

    #[test]
    fn passing_over_a_value_lands_where_skipping_it_does() {
        for text in [
            r#"{"a": [1, {"b": "]}\"\\"}], "t": "x"}"#,
            r#"{"a": "x\\", "t": "y"}"#,
            r#"{"a": 12.5e3 , "t": "z"}"#,
            r#"{"a": {}, "b": [[], {"c": null}], "t": "w"}"#,
        ] {
            let mut skipped = Reader::new(text);
            let mut passed = Reader::new(text);
            assert!(skipped.begin_object().unwrap().is_some());
            assert!(passed.begin_object().unwrap().is_some());
            skipped.skip().unwrap();
            passed.pass_over().unwrap();
            // Either may stop before the whitespace after the value.
            assert_eq!(passed.next_byte(), skipped.next_byte(), "{text}");
            assert_eq!(passed.index, skipped.index, "{text}");
            let r = Reader::new(text);
            assert!(r.find_string_member("t").unwrap().is_some(), "{text}");
        }
        // Unterminated text ends the look ahead with an error, not a loop or a panic.
        for text in [r#"{"a": [1, "#, r#"{"a": "x"#, r#"{"a": "x\"#] {
            let r = Reader::new(text);
            assert!(r.find_string_member("t").is_err(), "{text}");
        }
    }
}
