//! Encoding a value described by its [`TypeInfo`] as JSON, in the schema's member order
//! (a union's common members, its discriminator among them, then its branch's), with the
//! members decoding kept last, so that what was decoded encodes back to the same value.

use crate::json::Writer;
use crate::reflect::{IntWidth, Kind, Payload, StructInfo, TypeInfo, tag};
use serde_json::{Map, Number, Value};

/// Writes the value at `src` as JSON.
///
/// # Safety
///
/// `src` holds a valid value of the type `ty` describes.
pub(crate) unsafe fn encode(ty: &TypeInfo, src: *const u8, w: &mut Writer) {
    // SAFETY (throughout): `src` is a valid `ty`, whose kind says its Rust type.
    unsafe {
        match &ty.kind {
            Kind::Bool => w.bool(src.cast::<bool>().read()),
            Kind::Int(width) => match width {
                IntWidth::I8 => w.i64(src.cast::<i8>().read().into()),
                IntWidth::I16 => w.i64(src.cast::<i16>().read().into()),
                IntWidth::I32 => w.i64(src.cast::<i32>().read().into()),
                IntWidth::I64 => w.i64(src.cast::<i64>().read()),
                IntWidth::U8 => w.u64(src.cast::<u8>().read().into()),
                IntWidth::U16 => w.u64(src.cast::<u16>().read().into()),
                IntWidth::U32 => w.u64(src.cast::<u32>().read().into()),
                IntWidth::U64 => w.u64(src.cast::<u64>().read()),
            },
            Kind::Float => w.f64(src.cast::<f64>().read()),
            Kind::Number => w.number(&*src.cast::<Number>()),
            Kind::String => w.str(&*src.cast::<String>()),
            Kind::Value => w.value(&*src.cast::<Value>()),
            Kind::Null => w.null(),
            Kind::Map => {
                w.begin_object();
                w.members(&*src.cast::<Map<String, Value>>());
                w.end_object();
            }
            Kind::Option(option) => {
                let inner = (option.get)(src);
                if inner.is_null() {
                    w.null();
                } else {
                    encode(option.inner, inner, w);
                }
            }
            Kind::Vec(vec) => {
                let (data, len, _) = (vec.raw)(src);
                w.begin_array();
                for index in 0..len {
                    encode(vec.element, data.add(index * vec.element.size), w);
                }
                w.end_array();
            }
            Kind::Box(boxed) => encode(boxed.inner, (boxed.raw)(src), w),
            Kind::Struct(info) => {
                w.begin_object();
                let mut maps = Vec::new();
                encode_members(info, src, w, &mut maps);
                for map in maps {
                    w.members(&*map);
                }
                w.end_object();
            }
            Kind::Enum(info) => match info.values.get(usize::from(tag(src))) {
                Some(value) => w.str(value),
                None => w.str(&*src.add(info.other).cast::<String>()),
            },
            Kind::Alternate(info) => match info.alternatives.get(usize::from(tag(src))) {
                Some((alternative, offset)) => encode(alternative, src.add(*offset), w),
                None => w.value(&*src.add(info.other).cast::<Value>()),
            },
            // A union's branches are written by the struct that holds them.
            Kind::Branches(_) => w.null(),
        }
    }
}

/// Writes a struct's members into the object being written, then the members of the
/// branches its discriminators select; collects the maps of unknown members, which go
/// last.
///
/// # Safety
///
/// `base` is a valid struct described by `info`.
pub(crate) unsafe fn encode_members(
    info: &StructInfo,
    base: *const u8,
    w: &mut Writer,
    maps: &mut Vec<*const Map<String, Value>>,
) {
    let mut branches = Vec::new();
    // SAFETY (throughout): the members are at their offsets in `base`.
    unsafe {
        for member in info.members {
            let field = base.add(member.offset);
            match &member.ty.kind {
                Kind::Branches(selected) => {
                    let tag = usize::from(tag(field));
                    if let Some(untagged) = &selected.untagged
                        && tag == selected.untagged_tag()
                    {
                        // Sent without the discriminator: written back so.
                        branches.push((&untagged.variant.payload, field));
                        continue;
                    }
                    w.key(member.name);
                    match selected.variants.get(tag) {
                        Some(variant) => {
                            w.str(variant.value);
                            branches.push((&variant.payload, field));
                        }
                        None => {
                            w.str(&*field.add(selected.other_value).cast::<String>());
                            if let Some(offset) = selected.other_members {
                                maps.push(field.add(offset).cast());
                            }
                        }
                    }
                }
                Kind::Option(option) => {
                    let inner = (option.get)(field);
                    if !inner.is_null() {
                        w.key(member.name);
                        encode(option.inner, inner, w);
                    }
                }
                _ => {
                    w.key(member.name);
                    encode(member.ty, field, w);
                }
            }
        }
        if let Some(offset) = info.unknown {
            maps.push(base.add(offset).cast());
        }
        for (payload, field) in branches {
            match payload {
                Payload::Unit => {}
                Payload::Members(offset) => maps.push(field.add(*offset).cast()),
                Payload::Type(ty, offset) => {
                    if let Kind::Struct(inner) = &ty.kind {
                        encode_members(inner, field.add(*offset), w, maps);
                    }
                }
            }
        }
    }
}
