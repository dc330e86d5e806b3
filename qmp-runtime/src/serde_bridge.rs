//! `Serialize` and `Deserialize` for generated types, through the erased codec.
//!
//! Deserializing asks the deserializer for the raw JSON text of the value (serde_json's
//! `RawValue` protocol, which `serde_json::from_str`, `from_slice` and `from_value` all
//! speak), and decodes that text; any other deserializer gives a `serde_json::Value`,
//! which is decoded in turn. Serializing encodes the value and replays its JSON into the
//! serializer in the order it was written (serde-transcode), so members come out in the
//! schema's order for any serde format. Both are generic only in the serializer or deserializer, so a
//! thousand generated types share one copy per serde format.

use crate::codec::{decode_text, encode_text};
use crate::reflect::Reflect;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserializer, Serializer};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::mem::MaybeUninit;

/// The name serde_json gives its raw values.
const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// `Serialize::serialize` for a generated type.
pub fn serialize<T: Reflect, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    // SAFETY: `value` is a valid value of `T::INFO`'s type.
    let text = unsafe { encode_text(T::INFO, std::ptr::from_ref(value).cast()) };
    serialize_text(&text, serializer)
}

/// Hands JSON the encoder wrote to a serializer, member by member in the text's order
/// (a `serde_json::Value` in between would sort the members by name).
pub(crate) fn serialize_text<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::Deserializer::from_str(text);
    serde_transcode::transcode(&mut json, serializer)
}

/// `Deserialize::deserialize` for a generated type.
pub fn deserialize<'de, T: Reflect, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let text = raw_text(deserializer)?;
    let mut slot = MaybeUninit::<T>::uninit();
    // SAFETY: the slot is memory for a `T`; on success it holds a valid `T`.
    unsafe {
        decode_text(T::INFO, slot.as_mut_ptr().cast(), &text).map_err(de::Error::custom)?;
        Ok(slot.assume_init())
    }
}

/// The JSON text of the value a deserializer holds.
pub(crate) fn raw_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_newtype_struct(RAW_TOKEN, RawText)
}

/// The JSON text of the value being deserialized: serde_json's raw text, or the value
/// any other deserializer gives, written out.
struct RawText;

impl<'de> Visitor<'de> for RawText {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let value = <Value as serde::Deserialize>::deserialize(d)?;
        Ok(Cow::Owned(value.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Some(first) = map.next_key::<Cow<'de, str>>()? else {
            return Ok(Cow::Borrowed("{}"));
        };
        if first == RAW_TOKEN {
            return map.next_value_seed(TextSeed);
        }
        // A deserializer that gave an object as it is: gather it into a value.
        let mut members = serde_json::Map::new();
        members.insert(first.into_owned(), map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            members.insert(key, value);
        }
        Ok(Cow::Owned(Value::Object(members).to_string()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        Ok(Cow::Owned(Value::Array(items).to_string()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(Value::from(v).to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(Value::from(v).to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed("null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed("null"))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.visit_newtype_struct(d)
    }
}

/// The raw text serde_json hands over, borrowed when it can be.
struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON text")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// `Serialize` and `Deserialize` for generated types, through [`serialize`] and
/// [`deserialize`].
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_impls {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::__private::serialize(self, serializer)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::deserialize(deserializer)
            }
        }
    )*};
}
