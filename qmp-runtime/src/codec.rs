//! The typed entry points: JSON text or a parsed value to any generated type and back,
//! and strict validation. Each is a thin generic shell around the erased code, so a crate
//! calling them compiles next to nothing.

use crate::decode::decode;
use crate::encode::encode;
use crate::error::DecodeError;
use crate::json::{Reader, Writer};
use crate::reflect::{Reflect, TypeInfo};
use crate::validate::{Place, Report, Violation, check};
use serde_json::Value;
use std::mem::MaybeUninit;

/// Decodes JSON text (one whole value) into a `T`, leniently: what the schema does not
/// describe is kept.
pub fn from_json<T: Reflect>(text: &str) -> Result<T, DecodeError> {
    let mut slot = MaybeUninit::<T>::uninit();
    // SAFETY: the slot is memory for a `T`, which `T::INFO` describes; on success it
    // holds a valid `T`.
    unsafe {
        decode_text(T::INFO, slot.as_mut_ptr().cast(), text)?;
        Ok(slot.assume_init())
    }
}

/// As [`from_json`], from bytes, which must be UTF-8 (as QMP's are).
pub fn from_json_slice<T: Reflect>(bytes: &[u8]) -> Result<T, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => from_json(text),
        Err(error) => Err(DecodeError::syntax(
            format!("the text is not UTF-8 ({error})"),
            error.valid_up_to(),
        )),
    }
}

/// As [`from_json`], from a parsed value.
pub fn from_value<T: Reflect>(value: Value) -> Result<T, DecodeError> {
    from_json(&value.to_string())
}

/// Decodes `text` into `dst`; not generic, so compiled once.
///
/// # Safety
///
/// `dst` is memory for a value of the type `ty` describes.
pub(crate) unsafe fn decode_text(
    ty: &'static TypeInfo,
    dst: *mut u8,
    text: &str,
) -> Result<(), DecodeError> {
    let mut r = Reader::new(text);
    // SAFETY: as the caller promises.
    unsafe { decode(ty, dst, &mut r) }.map_err(|error| error.located(text))?;
    if let Err(error) = r.end() {
        // SAFETY: `decode` succeeded, so `dst` holds a value that is not returned.
        unsafe { crate::drop::drop_value(ty, dst) };
        return Err(error.located(text));
    }
    Ok(())
}

/// Encodes a `T` as one line of JSON, as QEMU would send it.
pub fn to_json<T: Reflect>(value: &T) -> String {
    // SAFETY: `value` is a valid `T`, which `T::INFO` describes.
    unsafe { encode_text(T::INFO, std::ptr::from_ref(value).cast()) }
}

/// As [`to_json`], as a parsed value.
pub fn to_value<T: Reflect>(value: &T) -> Value {
    let text = to_json(value);
    // What the writer writes is JSON.
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// # Safety
///
/// `src` holds a valid value of the type `ty` describes.
pub(crate) unsafe fn encode_text(ty: &TypeInfo, src: *const u8) -> String {
    let mut w = Writer::new();
    // SAFETY: as the caller promises.
    unsafe { encode(ty, src, &mut w) };
    w.into_string()
}

/// Checks a parsed value strictly against `T`'s schema type: unknown members, missing
/// required ones, wrong JSON types, values outside an enumeration, integers out of range.
/// Every violation is reported, each with a JSON pointer.
pub fn validate<T: Reflect>(value: &Value) -> Result<(), Vec<Violation>> {
    validate_as(T::INFO, value)
}

/// As [`validate`], against a type's description.
pub fn validate_as(ty: &'static TypeInfo, value: &Value) -> Result<(), Vec<Violation>> {
    let mut report = Report::new(None);
    check(value, ty, &Place::Root(""), &mut report);
    report.finish()
}
