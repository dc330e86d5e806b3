//! An event's data as `name=value` words, written from the typed payload.
//!
//! The words come from serializing the typed value with a serializer of our own
//! ([`WordWriter`]): members in the schema's order (the generated structs
//! serialize them so), enums as their wire values, numbers as numbers. Nested
//! objects give dotted names (`server.host=127.0.0.1`), arrays are joined with
//! commas. A member the schema does not describe is marked with a leading `+`:
//! which ones they are, `validate` says.

use serde::ser::{self, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt;

/// The words of a value, in serialization order; `undescribed` holds the dotted
/// paths to mark.
pub fn words(value: &impl Serialize, undescribed: &BTreeSet<String>) -> Vec<String> {
    let mut writer = WordWriter {
        words: Vec::new(),
        path: Vec::new(),
        undescribed,
    };
    // The generated types only serialize as maps, sequences and scalars, which
    // the writer takes; a failure would leave the words written so far.
    let _ = value.serialize(&mut writer);
    writer.words
}

/// The dotted path of a JSON pointer (`/data/server/host` gives
/// `data.server.host`).
pub fn path_of(pointer: &str) -> String {
    let parts: Vec<String> = pointer
        .trim_start_matches('/')
        .split('/')
        .map(|part| part.replace("~1", "/").replace("~0", "~"))
        .collect();
    parts.join(".")
}

/// Collects words while a value serializes into it.
pub struct WordWriter<'a> {
    words: Vec<String>,
    /// The names leading to the value being written.
    path: Vec<String>,
    undescribed: &'a BTreeSet<String>,
}

impl WordWriter<'_> {
    fn word(&mut self, value: String) {
        let path = self.path.join(".");
        let marked = self
            .path
            .iter()
            .enumerate()
            .any(|(end, _)| self.undescribed.contains(&self.path[..=end].join(".")));
        let mark = if marked { "+" } else { "" };
        self.words.push(format!("{mark}{path}={value}"));
    }
}

/// Why writing words stopped (never, for the generated types).
#[derive(Debug)]
pub struct Unsupported(String);

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Unsupported(message.to_string())
    }
}

/// Plain words stay bare; strings that are empty or hold spaces, `=` or `"` are
/// quoted, so the line still splits into fields.
fn text_word(text: &str) -> String {
    let plain =
        !text.is_empty() && !text.contains(|c: char| c.is_whitespace() || c == '=' || c == '"');
    if plain {
        text.to_owned()
    } else {
        Value::from(text).to_string()
    }
}

impl<'w, 'a> ser::Serializer for &'w mut WordWriter<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Sequence<'w, 'a>;
    type SerializeTuple = ser::Impossible<(), Unsupported>;
    type SerializeTupleStruct = ser::Impossible<(), Unsupported>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = Members<'w, 'a>;
    type SerializeStruct = ser::Impossible<(), Unsupported>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.word(v.to_string());
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        self.word(v.to_string());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        self.word(v.to_string());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        self.word(v.to_string());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.serialize_str(&v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.word(text_word(v));
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(ser::Error::custom("bytes"))
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.word("null".to_owned());
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Sequence<'w, 'a>, Unsupported> {
        Ok(Sequence {
            writer: self,
            items: Vec::new(),
        })
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(ser::Error::custom("tuple"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(ser::Error::custom("tuple struct"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(ser::Error::custom("tuple variant"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Members<'w, 'a>, Unsupported> {
        Ok(Members {
            writer: self,
            key: None,
        })
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        Err(ser::Error::custom("struct"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(ser::Error::custom("struct variant"))
    }
}

/// An object's members: each value is written under its key.
pub struct Members<'w, 'a> {
    writer: &'w mut WordWriter<'a>,
    key: Option<String>,
}

impl ser::SerializeMap for Members<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.key = match serde_json::to_value(key) {
            Ok(Value::String(key)) => Some(key),
            _ => return Err(ser::Error::custom("a key that is not a string")),
        };
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Unsupported> {
        let key = self.key.take().unwrap_or_default();
        self.writer.path.push(key);
        let written = value.serialize(&mut *self.writer);
        self.writer.path.pop();
        written
    }

    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

/// An array: written as one word, its items as JSON joined with commas.
pub struct Sequence<'w, 'a> {
    writer: &'w mut WordWriter<'a>,
    items: Vec<String>,
}

impl ser::SerializeSeq for Sequence<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Unsupported> {
        let item = serde_json::to_value(value).map_err(ser::Error::custom)?;
        self.items.push(match item {
            Value::String(text) => text_word(&text),
            other => other.to_string(),
        });
        Ok(())
    }

    fn end(self) -> Result<(), Unsupported> {
        self.writer.word(self.items.join(","));
        Ok(())
    }
}
