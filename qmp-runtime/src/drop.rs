//! Dropping a value known only by its [`TypeInfo`]: what a failed decode does with the
//! members it had read. It frees what the compiler's drop glue for the type would.

use crate::memory::free_array;
use crate::reflect::{Kind, Payload, TypeInfo, tag};
use serde_json::{Map, Number, Value};

/// Drops the value at `ptr` in place.
///
/// # Safety
///
/// `ptr` holds a valid value of the type `ty` describes, which is not used afterwards.
pub(crate) unsafe fn drop_value(ty: &TypeInfo, ptr: *mut u8) {
    // SAFETY (throughout): `ptr` is a valid `ty`, whose kind says its Rust type.
    unsafe {
        match &ty.kind {
            Kind::Bool | Kind::Int(_) | Kind::Float | Kind::Null => {}
            Kind::Number => std::ptr::drop_in_place(ptr.cast::<Number>()),
            Kind::String => std::ptr::drop_in_place(ptr.cast::<String>()),
            Kind::Value => std::ptr::drop_in_place(ptr.cast::<Value>()),
            Kind::Map => std::ptr::drop_in_place(ptr.cast::<Map<String, Value>>()),
            Kind::Option(option) => {
                let inner = (option.get)(ptr);
                if !inner.is_null() {
                    drop_value(option.inner, inner.cast_mut());
                }
            }
            Kind::Vec(vec) => {
                let (data, len, capacity) = (vec.raw)(ptr);
                let size = vec.element.size;
                for index in 0..len {
                    drop_value(vec.element, data.add(index * size));
                }
                free_array(vec.element, data, capacity);
            }
            Kind::Box(boxed) => {
                let inner = (boxed.raw)(ptr);
                drop_value(boxed.inner, inner);
                free_array(boxed.inner, inner, 1);
            }
            Kind::Struct(info) => {
                for member in info.members {
                    drop_value(member.ty, ptr.add(member.offset));
                }
                if let Some(offset) = info.unknown {
                    std::ptr::drop_in_place(ptr.add(offset).cast::<Map<String, Value>>());
                }
            }
            Kind::Enum(info) => {
                if usize::from(tag(ptr)) == info.values.len() {
                    std::ptr::drop_in_place(ptr.add(info.other).cast::<String>());
                }
            }
            Kind::Branches(info) => match info.variant(usize::from(tag(ptr))) {
                Some(variant) => match &variant.payload {
                    Payload::Unit => {}
                    Payload::Members(offset) => {
                        std::ptr::drop_in_place(ptr.add(*offset).cast::<Map<String, Value>>());
                    }
                    Payload::Type(ty, offset) => drop_value(ty, ptr.add(*offset)),
                },
                None => {
                    std::ptr::drop_in_place(ptr.add(info.other_value).cast::<String>());
                    if let Some(offset) = info.other_members {
                        std::ptr::drop_in_place(ptr.add(offset).cast::<Map<String, Value>>());
                    }
                }
            },
            Kind::Alternate(info) => match info.alternatives.get(usize::from(tag(ptr))) {
                Some((alternative, offset)) => drop_value(alternative, ptr.add(*offset)),
                None => std::ptr::drop_in_place(ptr.add(info.other).cast::<Value>()),
            },
        }
    }
}
