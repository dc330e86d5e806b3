//! Decoding JSON into a value described by its [`TypeInfo`], leniently: members,
//! enumeration values and union branches the schema does not describe are kept, so that
//! a newer QEMU's messages decode and encode back as they came.
//!
//! An object is read in one pass. A union's discriminator is looked up first (wherever
//! it stands among the members), which says what the object's other members are: the
//! union's own, its branch's, and a nested union's. Those member lists are the object's
//! *layers*; each key goes to the layer that lists it, or to the map of unknown members.

use crate::error::DecodeError;
use crate::json::{Kind as JsonKind, Reader};
use crate::memory::{ArrayBuffer, HeapBlock, with_scratch};
use crate::reflect::{
    AlternateInfo, BranchesInfo, EnumInfo, IntWidth, Kind, Member, Payload, StructInfo, TypeInfo,
    Variant, set_tag,
};
use serde_json::{Map, Value};
use smallvec::SmallVec;

/// Decodes the next value of `r` into `dst`, as a `ty`.
///
/// # Safety
///
/// `dst` is valid for writes of a `ty` and `ty` describes its Rust type. On success
/// `dst` holds a valid value; on failure it holds nothing that needs dropping.
pub(crate) unsafe fn decode(
    ty: &'static TypeInfo,
    dst: *mut u8,
    r: &mut Reader<'_>,
) -> Result<(), DecodeError> {
    // SAFETY (for every write below): `dst` is a `ty`, whose kind says its Rust type.
    unsafe {
        match &ty.kind {
            Kind::Bool => dst.cast::<bool>().write(r.bool()?),
            Kind::Int(width) => write_integer(*width, dst, r, ty.name)?,
            Kind::Float => dst.cast::<f64>().write(r.f64()?),
            Kind::Number => dst.cast::<serde_json::Number>().write(r.number()?),
            Kind::String => dst.cast::<String>().write(r.string()?),
            Kind::Value => dst.cast::<Value>().write(r.value()?),
            Kind::Null => r.null()?,
            Kind::Map => {
                let first = r.begin_object()?.map(str::to_owned);
                dst.cast::<Map<String, Value>>()
                    .write(r.object_from(first)?);
            }
            Kind::Option(option) => {
                let inner = option.inner;
                with_scratch(inner, |scratch| {
                    decode(inner, scratch, r)?;
                    (option.some)(dst, scratch);
                    Ok::<(), DecodeError>(())
                })?;
            }
            Kind::Vec(vec) => {
                let mut buffer = ArrayBuffer::new(vec.element);
                let mut more = r.begin_array()?;
                while more {
                    let index = buffer.len;
                    let Some(slot) = buffer.next_slot() else {
                        buffer.discard();
                        return Err(r.fail("the array is too large"));
                    };
                    if let Err(error) = decode(vec.element, slot, r) {
                        buffer.discard();
                        return Err(error.in_element(index));
                    }
                    buffer.len += 1;
                    more = match r.next_element() {
                        Ok(more) => more,
                        Err(error) => {
                            buffer.discard();
                            return Err(error);
                        }
                    };
                }
                (vec.from_raw)(dst, buffer.ptr, buffer.len, buffer.capacity);
            }
            Kind::Box(boxed) => {
                let block = HeapBlock::new(boxed.inner);
                decode(boxed.inner, block.ptr, r)?;
                (boxed.from_raw)(dst, block.take());
            }
            Kind::Struct(info) => decode_object(info, dst, r, ty.name)?,
            Kind::Enum(info) => decode_enum(info, dst, r)?,
            Kind::Alternate(info) => decode_alternate(info, dst, r)?,
            Kind::Branches(_) => {
                return Err(r.fail(format!("{} is read as part of its union", ty.name)));
            }
        }
    }
    Ok(())
}

unsafe fn write_integer(
    width: IntWidth,
    dst: *mut u8,
    r: &mut Reader<'_>,
    name: &str,
) -> Result<(), DecodeError> {
    let (min, max) = width.range();
    let value = r.integer(min, max, name)?;
    // SAFETY: `dst` is an integer of `width`; `value` is within its range, so the
    // conversions below are exact.
    unsafe {
        match width {
            IntWidth::I8 => dst.cast::<i8>().write(value as i8),
            IntWidth::I16 => dst.cast::<i16>().write(value as i16),
            IntWidth::I32 => dst.cast::<i32>().write(value as i32),
            IntWidth::I64 => dst.cast::<i64>().write(value as i64),
            IntWidth::U8 => dst.cast::<u8>().write(value as u8),
            IntWidth::U16 => dst.cast::<u16>().write(value as u16),
            IntWidth::U32 => dst.cast::<u32>().write(value as u32),
            IntWidth::U64 => dst.cast::<u64>().write(value as u64),
        }
    }
    Ok(())
}

unsafe fn decode_enum(
    info: &EnumInfo,
    dst: *mut u8,
    r: &mut Reader<'_>,
) -> Result<(), DecodeError> {
    let text = r.str()?;
    match info.values.iter().position(|value| *value == text) {
        // SAFETY: `dst` is the enum; a unit variant is its tag alone.
        Some(index) => unsafe { set_tag(dst, index as u16) },
        None => {
            let other = text.to_owned();
            // SAFETY: `Other(String)` is the variant after the values.
            unsafe {
                dst.add(info.other).cast::<String>().write(other);
                set_tag(dst, info.values.len() as u16);
            }
        }
    }
    Ok(())
}

unsafe fn decode_alternate(
    info: &AlternateInfo,
    dst: *mut u8,
    r: &mut Reader<'_>,
) -> Result<(), DecodeError> {
    let kind = r.peek()?;
    let chosen = info
        .alternatives
        .iter()
        .position(|(alternative, _)| takes(alternative, kind));
    match chosen {
        Some(index) => {
            let (alternative, offset) = info.alternatives[index];
            // SAFETY: the variant's field is at `offset`; the tag is written once it is.
            unsafe {
                decode(alternative, dst.add(offset), r)?;
                set_tag(dst, index as u16);
            }
        }
        None => {
            let value = r.value()?;
            // SAFETY: `Other(Value)` is the variant after the alternatives.
            unsafe {
                dst.add(info.other).cast::<Value>().write(value);
                set_tag(dst, info.alternatives.len() as u16);
            }
        }
    }
    Ok(())
}

/// Whether a value of this JSON kind is one of `ty`, as QEMU's alternates decide: by
/// the JSON type alone.
pub(crate) fn takes(ty: &TypeInfo, kind: JsonKind) -> bool {
    match &ty.kind {
        Kind::Value => true,
        Kind::Bool => kind == JsonKind::Bool,
        Kind::Int(_) | Kind::Float | Kind::Number => kind == JsonKind::Number,
        Kind::String | Kind::Enum(_) => kind == JsonKind::String,
        Kind::Null => kind == JsonKind::Null,
        Kind::Map | Kind::Struct(_) | Kind::Branches(_) => kind == JsonKind::Object,
        Kind::Vec(_) => kind == JsonKind::Array,
        Kind::Option(option) => takes(option.inner, kind),
        Kind::Box(boxed) => takes(boxed.inner, kind),
        Kind::Alternate(info) => info.alternatives.iter().any(|(a, _)| takes(a, kind)),
    }
}

/// One member list of an object, and where its fields are.
struct Layer {
    info: &'static StructInfo,
    base: *mut u8,
    seen: Seen,
}

/// Which members of a layer were read.
struct Seen {
    bits: u64,
    more: Vec<u64>,
}

impl Seen {
    fn new(count: usize) -> Seen {
        Seen {
            bits: 0,
            more: if count > 64 {
                vec![0; (count - 64).div_ceil(64)]
            } else {
                Vec::new()
            },
        }
    }

    fn get(&self, index: usize) -> bool {
        match index.checked_sub(64) {
            None => self.bits & (1 << index) != 0,
            Some(rest) => self.more[rest / 64] & (1 << (rest % 64)) != 0,
        }
    }

    fn set(&mut self, index: usize) {
        match index.checked_sub(64) {
            None => self.bits |= 1 << index,
            Some(rest) => self.more[rest / 64] |= 1 << (rest % 64),
        }
    }
}

/// A union's discriminator that selected a variant: written once the object is read.
struct Selection {
    /// The branches enum.
    target: *mut u8,
    tag: u16,
}

/// Values written before the members are read (maps, an unknown discriminator's string),
/// dropped if the object fails.
struct Extra {
    ptr: *mut u8,
    ty: &'static TypeInfo,
}

/// An object being decoded: its layers, what it selected, where unknown members go.
///
/// The lists live inline (most objects have one or two layers and one map) so that an
/// object costs no allocation of its own: with a `Vec` each, the allocator was a fifth
/// of the time of decoding `query-qmp-schema`'s return.
struct Object {
    layers: SmallVec<[Layer; 4]>,
    selections: SmallVec<[Selection; 2]>,
    extras: SmallVec<[Extra; 4]>,
    /// The map unknown members go to.
    sink: Option<*mut Map<String, Value>>,
}

impl Object {
    /// Drops what was decoded into the object so far.
    fn discard(self) {
        for layer in &self.layers {
            for (index, member) in layer.info.members.iter().enumerate() {
                if layer.seen.get(index) && !matches!(member.ty.kind, Kind::Branches(_)) {
                    // SAFETY: a member marked seen holds a decoded value.
                    unsafe { crate::drop::drop_value(member.ty, layer.base.add(member.offset)) };
                }
            }
        }
        for extra in &self.extras {
            // SAFETY: extras were written before the members were read.
            unsafe { crate::drop::drop_value(extra.ty, extra.ptr) };
        }
    }
}

/// Decodes an object (a struct, a union, or a union's branch) into `dst`.
///
/// # Safety
///
/// As [`decode`], for a struct described by `info`.
unsafe fn decode_object(
    info: &'static StructInfo,
    dst: *mut u8,
    r: &mut Reader<'_>,
    name: &str,
) -> Result<(), DecodeError> {
    let start = r.offset_of_next()?;
    if r.peek()? != JsonKind::Object {
        return Err(r.wrong_type(&format!("an object ({name})")));
    }
    let mut object = Object {
        layers: SmallVec::new(),
        selections: SmallVec::new(),
        extras: SmallVec::new(),
        sink: None,
    };
    // SAFETY: `dst` is a struct described by `info`.
    if let Err(error) = unsafe { plan(info, dst, r, &mut object) } {
        object.discard();
        return Err(error);
    }
    // SAFETY: the layers describe `dst` and what its selections hold.
    match unsafe { read_members(&mut object, r, name) } {
        // SAFETY: as above.
        Ok(()) => match unsafe { finish(&object, start) } {
            Ok(()) => Ok(()),
            Err(error) => {
                object.discard();
                Err(error)
            }
        },
        Err(error) => {
            object.discard();
            Err(error)
        }
    }
}

/// Adds the layers of a struct, and of the branches its discriminators select (found
/// ahead in the object), to `object`; initializes its maps.
///
/// # Safety
///
/// `base` is a struct described by `info`.
unsafe fn plan(
    info: &'static StructInfo,
    base: *mut u8,
    r: &Reader<'_>,
    object: &mut Object,
) -> Result<(), DecodeError> {
    if object.layers.len() > 32 {
        return Err(r.fail("unions nest more than 32 deep"));
    }
    if let Some(offset) = info.unknown {
        // SAFETY: the struct's map of unknown members is at `offset`.
        unsafe {
            let map = base.add(offset);
            map.cast::<Map<String, Value>>().write(Map::new());
            object.extras.push(Extra {
                ptr: map,
                ty: <Map<String, Value> as crate::Reflect>::INFO,
            });
            object.sink.get_or_insert(map.cast());
        }
    }
    let layer = object.layers.len();
    object.layers.push(Layer {
        info,
        base,
        seen: Seen::new(info.members.len()),
    });
    for (index, member) in info.members.iter().enumerate() {
        let Kind::Branches(branches) = &member.ty.kind else {
            continue;
        };
        let Some(value) = r.find_string_member(member.name)? else {
            if let Some(untagged) = &branches.untagged {
                // A release whose type was a struct sends the branch's members alone.
                object.layers[layer].seen.set(index);
                // SAFETY: the branches enum is at the member's offset.
                unsafe {
                    select_variant(
                        branches.untagged_tag(),
                        &untagged.variant,
                        base.add(member.offset),
                        r,
                        object,
                    )?
                };
                continue;
            }
            return Err(r.fail(format!(
                "missing field `{}`, which says what the other members are",
                member.name
            )));
        };
        // SAFETY: the branches enum is at the member's offset.
        unsafe { select(branches, base.add(member.offset), &value, r, object)? };
    }
    Ok(())
}

/// Chooses the variant of a union's branches for the discriminator's value.
///
/// # Safety
///
/// `target` is the branches enum described by `branches`.
unsafe fn select(
    branches: &'static BranchesInfo,
    target: *mut u8,
    value: &str,
    r: &Reader<'_>,
    object: &mut Object,
) -> Result<(), DecodeError> {
    let map_info = <Map<String, Value> as crate::Reflect>::INFO;
    match branches.variants.iter().position(|v| v.value == value) {
        // SAFETY: as this function's.
        Some(index) => unsafe {
            select_variant(index, &branches.variants[index], target, r, object)?;
        },
        None => {
            object.selections.push(Selection {
                target,
                tag: branches.variants.len() as u16,
            });
            // SAFETY: `Other`'s fields are at these offsets.
            unsafe {
                let string = target.add(branches.other_value);
                string.cast::<String>().write(value.to_owned());
                object.extras.push(Extra {
                    ptr: string,
                    ty: <String as crate::Reflect>::INFO,
                });
                if let Some(offset) = branches.other_members {
                    let map = target.add(offset);
                    map.cast::<Map<String, Value>>().write(Map::new());
                    object.extras.push(Extra {
                        ptr: map,
                        ty: map_info,
                    });
                    object.sink.get_or_insert(map.cast());
                }
            }
        }
    }
    Ok(())
}

/// Selects `variant`, whose tag is `tag`, and plans what its payload holds.
///
/// # Safety
///
/// `target` is the branches enum of which `variant` is a variant.
unsafe fn select_variant(
    tag: usize,
    variant: &'static Variant,
    target: *mut u8,
    r: &Reader<'_>,
    object: &mut Object,
) -> Result<(), DecodeError> {
    object.selections.push(Selection {
        target,
        tag: tag as u16,
    });
    match &variant.payload {
        Payload::Unit => {}
        // SAFETY: the variant's map is at `offset`.
        Payload::Members(offset) => unsafe {
            let map = target.add(*offset);
            map.cast::<Map<String, Value>>().write(Map::new());
            object.extras.push(Extra {
                ptr: map,
                ty: <Map<String, Value> as crate::Reflect>::INFO,
            });
            object.sink.get_or_insert(map.cast());
        },
        Payload::Type(ty, offset) => match &ty.kind {
            // SAFETY: the variant's field, a struct, is at `offset`.
            Kind::Struct(info) => unsafe { plan(info, target.add(*offset), r, object)? },
            _ => {
                return Err(r.fail(format!(
                    "branch '{}' is not an object type, and cannot be read",
                    variant.value
                )));
            }
        },
    }
    Ok(())
}

/// Where a member name is among the layers: layer, index.
fn find(object: &Object, name: &str, hint: (usize, usize)) -> Option<(usize, usize)> {
    // QEMU sends members in the schema's order: the one after the last is most likely.
    let (layer, index) = hint;
    if let Some(member) = object
        .layers
        .get(layer)
        .and_then(|l| l.info.members.get(index))
        && member.name == name
    {
        return Some(hint);
    }
    for (layer, l) in object.layers.iter().enumerate() {
        if let Some(index) = l.info.members.iter().position(|m| m.name == name) {
            return Some((layer, index));
        }
    }
    None
}

/// Reads every member of the object into its layer, or into the map of unknown members.
///
/// # Safety
///
/// The layers describe the memory their bases point to.
unsafe fn read_members(
    object: &mut Object,
    r: &mut Reader<'_>,
    name_of_type: &str,
) -> Result<(), DecodeError> {
    let mut hint = (0, 0);
    let mut key = r
        .begin_object()?
        .map(|name| find(object, name, hint).ok_or_else(|| name.to_owned()));
    while let Some(found) = key {
        match found {
            Ok((layer, index)) => {
                let l = &mut object.layers[layer];
                let member: &'static Member = &l.info.members[index];
                if l.seen.get(index) {
                    return Err(r.fail(format!("field `{}` appears twice", member.name)));
                }
                if matches!(member.ty.kind, Kind::Branches(_)) {
                    // Read ahead already: its value selected the layers.
                    r.skip()?;
                } else {
                    // SAFETY: the layer's field for `member` is at its offset.
                    let field = unsafe { l.base.add(member.offset) };
                    unsafe { decode(member.ty, field, r) }
                        .map_err(|error| error.in_member(member.name))?;
                }
                object.layers[layer].seen.set(index);
                hint = if index + 1 < object.layers[layer].info.members.len() {
                    (layer, index + 1)
                } else {
                    (layer + 1, 0)
                };
            }
            Err(name) => {
                let value = r.value().map_err(|error| error.in_member(&name))?;
                let Some(sink) = object.sink else {
                    return Err(r.fail(format!("member `{name}` is not part of {name_of_type}")));
                };
                // SAFETY: the sink is a map initialized by `plan`.
                let map = unsafe { &mut *sink };
                if map.contains_key(&name) {
                    return Err(r.fail(format!("field `{name}` appears twice")));
                }
                map.insert(name, value);
            }
        }
        key = r
            .next_key()?
            .map(|name| find(object, name, hint).ok_or_else(|| name.to_owned()));
    }
    Ok(())
}

/// Checks that every required member came, fills the absent optional ones, and writes
/// the selected variants' tags.
///
/// # Safety
///
/// The layers describe the memory their bases point to; their seen members hold values.
unsafe fn finish(object: &Object, start: usize) -> Result<(), DecodeError> {
    for layer in &object.layers {
        for (index, member) in layer.info.members.iter().enumerate() {
            if !layer.seen.get(index) && !member.optional {
                return Err(DecodeError::new(
                    format!("missing field `{}`", member.name),
                    start,
                ));
            }
        }
    }
    for layer in &object.layers {
        for (index, member) in layer.info.members.iter().enumerate() {
            if layer.seen.get(index) {
                continue;
            }
            if let Kind::Option(option) = &member.ty.kind {
                // SAFETY: an optional member's field is an `Option` at its offset.
                unsafe { (option.none)(layer.base.add(member.offset)) };
            }
        }
    }
    for selection in &object.selections {
        // SAFETY: the variant's fields were written; the tag makes the enum valid.
        unsafe { set_tag(selection.target, selection.tag) };
    }
    Ok(())
}
