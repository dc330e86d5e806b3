//! Writing JSON text in QEMU's compact form, as serde_json writes it.
//!
//! Commas are the writer's business: every value sets `pending_comma`, and the next member
//! or element writes one first. Strings are escaped as serde_json escapes them, so that
//! `to_json` and `serde_json::to_string` give the same text.

use serde_json::{Map, Number, Value};

/// JSON text being written.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    pending_comma: bool,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Writer {
        Writer::default()
    }

    /// The text written.
    pub fn into_string(self) -> String {
        self.out
    }

    /// The text written so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    fn comma(&mut self) {
        if self.pending_comma {
            self.out.push(',');
        }
        self.pending_comma = false;
    }

    /// `null`
    pub fn null(&mut self) {
        self.comma();
        self.out.push_str("null");
        self.pending_comma = true;
    }

    /// `true` or `false`
    pub fn bool(&mut self, value: bool) {
        self.comma();
        self.out.push_str(if value { "true" } else { "false" });
        self.pending_comma = true;
    }

    /// A signed integer.
    pub fn i64(&mut self, value: i64) {
        self.comma();
        self.out.push_str(itoa::Buffer::new().format(value));
        self.pending_comma = true;
    }

    /// An unsigned integer.
    pub fn u64(&mut self, value: u64) {
        self.comma();
        self.out.push_str(itoa::Buffer::new().format(value));
        self.pending_comma = true;
    }

    /// A C double as QEMU prints it (`%.17g`): an integral value without a fraction
    /// (`5`, not `5.0`), so that a line decoded and encoded again gives the same JSON
    /// value; others in the shortest form that reads back to the same bits.
    pub fn f64(&mut self, value: f64) {
        self.comma();
        // Integral values within i64 are exact both ways; larger ones stay floats, as
        // serde_json reads QEMU's digits for them.
        if value.fract() == 0.0
            && value.abs() < 9.0e18
            && !(value == 0.0 && value.is_sign_negative())
        {
            self.out.push_str(itoa::Buffer::new().format(value as i64));
        } else if value.is_finite() {
            self.out.push_str(zmij::Buffer::new().format_finite(value));
        } else {
            // JSON has no infinities or NaN; serde_json writes them as null too.
            self.out.push_str("null");
        }
        self.pending_comma = true;
    }

    /// A number as serde_json writes it.
    pub fn number(&mut self, value: &Number) {
        self.comma();
        if let Some(value) = value.as_u64() {
            self.out.push_str(itoa::Buffer::new().format(value));
        } else if let Some(value) = value.as_i64() {
            self.out.push_str(itoa::Buffer::new().format(value));
        } else {
            self.out.push_str(&value.to_string());
        }
        self.pending_comma = true;
    }

    /// A string.
    pub fn str(&mut self, value: &str) {
        self.comma();
        escape_into(&mut self.out, value);
        self.pending_comma = true;
    }

    /// Starts an object.
    pub fn begin_object(&mut self) {
        self.comma();
        self.out.push('{');
    }

    /// A member's name; its value comes next.
    pub fn key(&mut self, name: &str) {
        self.comma();
        escape_into(&mut self.out, name);
        self.out.push(':');
    }

    /// Ends an object.
    pub fn end_object(&mut self) {
        self.out.push('}');
        self.pending_comma = true;
    }

    /// Starts an array.
    pub fn begin_array(&mut self) {
        self.comma();
        self.out.push('[');
    }

    /// Ends an array.
    pub fn end_array(&mut self) {
        self.out.push(']');
        self.pending_comma = true;
    }

    /// JSON text written as it is (a value encoded on its own).
    pub fn raw(&mut self, json: &str) {
        self.comma();
        self.out.push_str(json);
        self.pending_comma = true;
    }

    /// Members kept as a map, written into the object being written.
    pub fn members(&mut self, members: &Map<String, Value>) {
        for (name, value) in members {
            self.key(name);
            self.value(value);
        }
    }

    /// Any JSON value.
    pub fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.null(),
            Value::Bool(flag) => self.bool(*flag),
            Value::Number(number) => self.number(number),
            Value::String(text) => self.str(text),
            Value::Array(items) => {
                self.begin_array();
                for item in items {
                    self.value(item);
                }
                self.end_array();
            }
            Value::Object(members) => {
                self.begin_object();
                self.members(members);
                self.end_object();
            }
        }
    }
}

/// Writes `value` as a JSON string, escaping as serde_json does: `"`, `\`, and control
/// characters (the common ones by their short escapes, the others as `\u00XX`).
fn escape_into(out: &mut String, value: &str) {
    out.push('"');
    let bytes = value.as_bytes();
    let mut start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let escape: &str = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&value[start..index]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        } else {
            out.push_str(escape);
        }
        start = index + 1;
    }
    out.push_str(&value[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn objects_and_arrays_get_their_commas() {
        let mut w = Writer::new();
        w.begin_object();
        w.key("a");
        w.begin_array();
        w.i64(1);
        w.u64(2);
        w.begin_object();
        w.end_object();
        w.end_array();
        w.key("b");
        w.str("x\"y");
        w.end_object();
        assert_eq!(w.into_string(), r#"{"a":[1,2,{}],"b":"x\"y"}"#);
    }

    #[test]
    fn doubles_are_written_as_qemu_prints_them() {
        let text = |value: f64| {
            let mut w = Writer::new();
            w.f64(value);
            w.into_string()
        };
        assert_eq!(text(5.0), "5");
        assert_eq!(text(0.5), "0.5");
        assert_eq!(text(-0.0), "-0.0");
        // As serde_json writes them.
        assert_eq!(text(1e300), serde_json::to_string(&1e300).unwrap());
        assert_eq!(text(0.1), serde_json::to_string(&0.1).unwrap());
    }

    proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(text in any::<String>()) {
            let mut w = Writer::new();
            w.str(&text);
            prop_assert_eq!(w.into_string(), serde_json::to_string(&text).unwrap());
        }
    }
}
