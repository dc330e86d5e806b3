//! `serde_json::Value`s read from the text, as serde_json itself would build them: members
//! the schema types as `any`, and members it does not describe at all.

use super::reader::{Kind, Reader};
use crate::error::DecodeError;
use serde_json::{Map, Number, Value};

/// A number's text as serde_json reads it into a `Value`: an integer that fits `u64`
/// (non-negative) or `i64` (negative) stays one; anything else (fractions, exponents,
/// larger integers, `-0`) is a float, parsed by serde_json so that both agree to the bit.
pub fn parse_number(text: &str) -> Number {
    let digits = text.strip_prefix('-').unwrap_or(text);
    // The common case, without serde_json's parser: plain integers that fit.
    if !digits.is_empty()
        && digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.len() == 1 || !digits.starts_with('0'))
    {
        if text.starts_with('-') {
            if digits != "0"
                && let Ok(value) = text.parse::<i64>()
            {
                return Number::from(value);
            }
        } else if let Ok(value) = text.parse::<u64>() {
            return Number::from(value);
        }
    }
    // The text is a JSON number the reader has checked; serde_json refuses only those out of
    // `f64`'s range, which become the largest float of their sign rather than a panic.
    text.parse::<Number>().unwrap_or_else(|_| {
        let infinite = if text.starts_with('-') {
            f64::MIN
        } else {
            f64::MAX
        };
        Number::from_f64(infinite).unwrap_or_else(|| Number::from(0u8))
    })
}

/// Reads the next value.
pub fn read(r: &mut Reader<'_>) -> Result<Value, DecodeError> {
    Ok(match r.peek()? {
        Kind::Null => {
            r.null()?;
            Value::Null
        }
        Kind::Bool => Value::Bool(r.bool()?),
        Kind::Number => {
            let at = r.offset_of_next()?;
            let text = r.number_text()?;
            Value::Number(checked_number(text, at)?)
        }
        Kind::String => Value::String(r.string()?),
        Kind::Array => {
            let mut items = Vec::new();
            let mut more = r.begin_array()?;
            while more {
                items.push(read(r)?);
                more = r.next_element()?;
            }
            Value::Array(items)
        }
        Kind::Object => {
            let first = r.begin_object()?.map(str::to_owned);
            Value::Object(read_members(r, first)?)
        }
    })
}

/// A number as [`parse_number`] gives it, but an error where serde_json would refuse it
/// (out of `f64`'s range), so that decoding agrees with `serde_json::from_str`.
fn checked_number(text: &str, at: usize) -> Result<Number, DecodeError> {
    let number = parse_number(text);
    if number.as_f64().is_some_and(f64::is_finite) && text.parse::<f64>().is_ok_and(f64::is_finite)
    {
        Ok(number)
    } else {
        Err(DecodeError::new(format!("{text} is out of range"), at))
    }
}

/// Reads the members of an object whose first key has been read (`None`: it was empty).
/// A member given twice keeps its last value, as serde_json's `Value` does.
pub fn read_members(
    r: &mut Reader<'_>,
    first: Option<String>,
) -> Result<Map<String, Value>, DecodeError> {
    let mut members = Map::new();
    let mut key = first;
    while let Some(name) = key {
        let value = read(r)?;
        members.insert(name, value);
        key = r.next_key()?.map(str::to_owned);
    }
    Ok(members)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ours(text: &str) -> Result<Value, DecodeError> {
        let mut r = Reader::new(text);
        let value = read(&mut r)?;
        r.end()?;
        Ok(value)
    }

    #[test]
    fn numbers_are_read_as_serde_json_reads_them() {
        for text in [
            "0",
            "-0",
            "1",
            "-1",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1.0",
            "0.1",
            "1e3",
            "-1E-3",
            "123456789012345678",
            "1234567890123456789",
            "0.30000000000000004",
        ] {
            let theirs: Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours(text).unwrap(), theirs, "{text}");
        }
        assert!(ours("1e400").is_err() && serde_json::from_str::<Value>("1e400").is_err());
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_json_reads_as_serde_json_reads_it(value in json_value(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                serde_json::to_string(&value).unwrap()
            };
            let theirs: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(ours(&text).unwrap(), theirs);
        }

        #[test]
        fn any_text_reads_or_errors_without_panicking(text in "\\PC{0,40}") {
            let _ = ours(&text);
        }

        /// Text made of JSON's own characters, mostly not JSON: the reader accepts
        /// exactly what serde_json accepts, and reads it to the same value.
        #[test]
        fn json_like_text_is_accepted_as_serde_json_accepts_it(
            text in r#"[\[\]{}:, "\\/0-9a-funtrlsE.+\-\n\t\x01é]{0,30}"#
        ) {
            let theirs = serde_json::from_str::<Value>(&text);
            match ours(&text) {
                Ok(value) => prop_assert_eq!(Some(value), theirs.ok(), "{:?}", text),
                Err(error) => prop_assert!(theirs.is_err(), "{:?}: {}", text, error),
            }
        }
    }
}
