//! Generated types described as data: where each member is, what type it has, how a
//! union's branches and an alternate's alternatives are laid out.
//!
//! Every generated type is data plus a short call into this crate: its [`TypeInfo`]
//! (a `static` the generator writes, with `offset_of!` for each member) is what the
//! decoder, the encoder, the strict validator and the erased drop read, so that a
//! schema of a thousand types compiles to tables rather than a thousand decoders (see
//! BENCHMARKS.md for what that does to build times).
//!
//! # Layout contract
//!
//! A `TypeInfo` must describe its Rust type exactly: sizes, alignments and offsets from
//! `size_of`/`align_of`/`offset_of!` of that type, member types that are the members'
//! own, and for enums `#[repr(u16)]` with variants in the order the tables list them,
//! so that the layout is the one the Rust reference defines for primitive
//! representations (a tag, then each variant's fields as a `repr(C)` struct would place
//! them; [`Tagged`] and friends compute those offsets). [`Reflect`] is an `unsafe
//! trait` for that reason: only qmp-schema's generator and this crate implement it.

use serde_json::{Map, Number, Value};

/// A type the runtime can decode, encode, validate and drop from its description.
///
/// # Safety
///
/// [`Reflect::INFO`] must describe `Self` exactly (see the module's layout contract).
pub unsafe trait Reflect: Sized + 'static {
    /// The type's description.
    const INFO: &'static TypeInfo;
}

/// A type's description.
#[derive(Debug)]
pub struct TypeInfo {
    /// The name messages use: the schema's for a named type (`BlockIoError`), QAPI's for
    /// a built-in one (`str`, `uint8`).
    pub name: &'static str,
    /// `size_of` the type.
    pub size: usize,
    /// `align_of` the type.
    pub align: usize,
    /// What it is.
    pub kind: Kind,
}

/// The kinds of types.
#[derive(Debug)]
pub enum Kind {
    /// `bool`
    Bool,
    /// An integer of a QAPI width, as the Rust integer of that width.
    Int(IntWidth),
    /// `f64`: QAPI's `number`, written as QEMU prints a double.
    Float,
    /// `serde_json::Number`: any JSON number, kept exactly.
    Number,
    /// `String`
    String,
    /// `serde_json::Value`: QAPI's `any`.
    Value,
    /// `()`: QAPI's `null`.
    Null,
    /// `serde_json::Map<String, Value>`: an object whose members the schema leaves open.
    Map,
    /// `Option<T>`: an optional member.
    Option(OptionInfo),
    /// `Vec<T>`: an array.
    Vec(VecInfo),
    /// `Box<T>`: a type that contains itself.
    Box(BoxInfo),
    /// A struct: members at offsets.
    Struct(&'static StructInfo),
    /// An enumeration of strings.
    Enum(&'static EnumInfo),
    /// The branches of a union: the discriminator's value selects a variant, whose
    /// payload adds members to the union's object. Only a union's discriminator member
    /// has this type.
    Branches(&'static BranchesInfo),
    /// An alternate: the JSON type of a value selects an alternative.
    Alternate(&'static AlternateInfo),
}

/// The integer widths of QAPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntWidth {
    /// `int8`
    I8,
    /// `int16`
    I16,
    /// `int32`
    I32,
    /// `int`, `int64`
    I64,
    /// `uint8`
    U8,
    /// `uint16`
    U16,
    /// `uint32`
    U32,
    /// `uint64`, `size`
    U64,
}

impl IntWidth {
    /// The smallest and largest value.
    pub fn range(self) -> (i128, i128) {
        match self {
            IntWidth::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntWidth::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntWidth::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntWidth::I64 => (i64::MIN.into(), i64::MAX.into()),
            IntWidth::U8 => (0, u8::MAX.into()),
            IntWidth::U16 => (0, u16::MAX.into()),
            IntWidth::U32 => (0, u32::MAX.into()),
            IntWidth::U64 => (0, u64::MAX.into()),
        }
    }
}

/// How to handle an `Option<T>` without knowing `T`.
#[derive(Debug)]
pub struct OptionInfo {
    /// `T`
    pub inner: &'static TypeInfo,
    /// Moves the `T` at the second pointer into the `Option<T>` at the first, as `Some`.
    pub some: unsafe fn(*mut u8, *mut u8),
    /// Writes `None` into the `Option<T>` at the pointer.
    pub none: unsafe fn(*mut u8),
    /// The `T` inside the `Option<T>` at the pointer, or null for `None`.
    pub get: unsafe fn(*const u8) -> *const u8,
}

/// How to handle a `Vec<T>` without knowing `T`: its elements are laid out one after the
/// other, `inner.size` apart, in memory of the global allocator.
#[derive(Debug)]
pub struct VecInfo {
    /// `T`
    pub element: &'static TypeInfo,
    /// Writes `Vec::from_raw_parts(ptr, len, capacity)` into the `Vec<T>` at the first
    /// pointer.
    pub from_raw: unsafe fn(*mut u8, *mut u8, usize, usize),
    /// The pointer, length and capacity of the `Vec<T>` at the pointer.
    pub raw: unsafe fn(*const u8) -> (*mut u8, usize, usize),
}

/// How to handle a `Box<T>` without knowing `T`.
#[derive(Debug)]
pub struct BoxInfo {
    /// `T`
    pub inner: &'static TypeInfo,
    /// Writes `Box::from_raw(ptr)` into the `Box<T>` at the first pointer.
    pub from_raw: unsafe fn(*mut u8, *mut u8),
    /// The `T` the `Box<T>` at the pointer owns.
    pub raw: unsafe fn(*const u8) -> *mut u8,
}

/// A struct's members.
#[derive(Debug)]
pub struct StructInfo {
    /// The members the schema lists, in its order (a union's discriminator among them).
    pub members: &'static [Member],
    /// Where the map of members the schema does not describe is, if the struct has one.
    pub unknown: Option<usize>,
}

/// A set of the releases bindings were made from: bit `i` is the `i`-th of the
/// bindings' `RELEASES` (oldest first). Bindings of one schema have one release; merged
/// bindings up to 64.
pub type ReleaseSet = u64;

/// Every release.
pub const EVERY_RELEASE: ReleaseSet = u64::MAX;

/// One member of a struct.
#[derive(Debug)]
pub struct Member {
    /// The wire name.
    pub name: &'static str,
    /// Where the field is.
    pub offset: usize,
    /// The field's type: `Option<T>` for an optional member.
    pub ty: &'static TypeInfo,
    /// Whether the member may be absent (its field is an `Option`).
    pub optional: bool,
    /// The releases whose schema has the member.
    pub releases: ReleaseSet,
    /// The releases whose schema requires it (merged bindings make a member optional
    /// when some release may leave it out).
    pub required_in: ReleaseSet,
}

impl Member {
    /// A member of every release (for generated tables).
    pub const fn new(
        name: &'static str,
        offset: usize,
        ty: &'static TypeInfo,
        optional: bool,
    ) -> Member {
        Member {
            name,
            offset,
            ty,
            optional,
            releases: EVERY_RELEASE,
            required_in: if optional { 0 } else { EVERY_RELEASE },
        }
    }

    /// The member as only some releases have or require it (for merged bindings).
    pub const fn in_releases(self, releases: ReleaseSet, required_in: ReleaseSet) -> Member {
        Member {
            releases,
            required_in,
            ..self
        }
    }
}

/// A `#[repr(u16)]` enum of strings: a unit variant per value, in order, then
/// `Other(String)`.
#[derive(Debug)]
pub struct EnumInfo {
    /// The values, in variant order.
    pub values: &'static [&'static str],
    /// Where `Other`'s string is.
    pub other: usize,
    /// The releases that have each value, by value (empty: every release has every
    /// value).
    pub releases: &'static [ReleaseSet],
}

/// A union's branches: a `#[repr(u16)]` enum with a variant per discriminator value,
/// in order, then `Other`.
#[derive(Debug)]
pub struct BranchesInfo {
    /// The variants, by tag.
    pub variants: &'static [Variant],
    /// Where `Other`'s value (the discriminator's string) is.
    pub other_value: usize,
    /// Where `Other`'s map of the other members is, when the union keeps them there
    /// (a union without common members, which is its branches enum itself).
    pub other_members: Option<usize>,
    /// The releases that have each variant, by tag (empty: every release has every
    /// variant).
    pub releases: &'static [ReleaseSet],
    /// The variant of an object sent without the discriminator, by a release whose type
    /// was a struct before it became this union (merged bindings); its tag follows
    /// `Other`'s.
    pub untagged: Option<Untagged>,
}

impl BranchesInfo {
    /// The variant with this tag (`None` for `Other`).
    pub fn variant(&self, tag: usize) -> Option<&Variant> {
        match (self.variants.get(tag), &self.untagged) {
            (Some(variant), _) => Some(variant),
            (None, Some(untagged)) if tag == self.untagged_tag() => Some(&untagged.variant),
            _ => None,
        }
    }

    /// The tag of the variant without a discriminator ([`BranchesInfo::untagged`]).
    pub fn untagged_tag(&self) -> usize {
        self.variants.len() + 1
    }
}

/// A union's variant for objects that come without the discriminator.
#[derive(Debug)]
pub struct Untagged {
    /// What the object holds: `value` names the branch whose members these are.
    pub variant: Variant,
    /// The releases that send the object so.
    pub releases: ReleaseSet,
}

/// One variant of a union's branches.
#[derive(Debug)]
pub struct Variant {
    /// The discriminator's value.
    pub value: &'static str,
    /// What the variant holds.
    pub payload: Payload,
}

/// What a union's variant holds.
#[derive(Debug)]
pub enum Payload {
    /// Nothing: the value has no branch, and members besides the common ones go to the
    /// union's map of unknown members.
    Unit,
    /// A map of the members sent besides the discriminator (a value without a branch, in
    /// a union without common members), at this offset.
    Members(usize),
    /// The branch's type (a struct, or a union), at this offset.
    Type(&'static TypeInfo, usize),
}

/// An alternate: a `#[repr(u16)]` enum with a variant per alternative, in order, then
/// `Other(Value)`.
#[derive(Debug)]
pub struct AlternateInfo {
    /// Each alternative's type and where its value is, by tag.
    pub alternatives: &'static [(&'static TypeInfo, usize)],
    /// Where `Other`'s value is.
    pub other: usize,
}

/// The layout of a `#[repr(u16)]` enum's variant with one field: the offset of
/// `value` is where the field is.
#[repr(C)]
pub struct Tagged<T> {
    /// The variant's tag.
    pub tag: u16,
    /// Its field.
    pub value: T,
}

/// The layout of a `#[repr(u16)]` enum's variant with two fields.
#[repr(C)]
pub struct Tagged2<A, B> {
    /// The variant's tag.
    pub tag: u16,
    /// Its first field.
    pub first: A,
    /// Its second field.
    pub second: B,
}

/// Reads the tag of a `#[repr(u16)]` enum.
///
/// # Safety
///
/// `ptr` points to a valid value of such an enum.
pub(crate) unsafe fn tag(ptr: *const u8) -> u16 {
    // SAFETY: the primitive representation puts a `u16` tag first.
    unsafe { ptr.cast::<u16>().read() }
}

/// Writes the tag of a `#[repr(u16)]` enum whose variant's fields are written.
///
/// # Safety
///
/// `ptr` points to memory for such an enum.
pub(crate) unsafe fn set_tag(ptr: *mut u8, tag: u16) {
    // SAFETY: as for `tag`.
    unsafe { ptr.cast::<u16>().write(tag) }
}

macro_rules! leaf {
    ($ty:ty, $name:literal, $kind:expr) => {
        // SAFETY: a leaf kind describes exactly this type.
        unsafe impl Reflect for $ty {
            const INFO: &'static TypeInfo = &TypeInfo {
                name: $name,
                size: size_of::<$ty>(),
                align: align_of::<$ty>(),
                kind: $kind,
            };
        }
    };
}

leaf!(bool, "bool", Kind::Bool);
leaf!(i8, "int8", Kind::Int(IntWidth::I8));
leaf!(i16, "int16", Kind::Int(IntWidth::I16));
leaf!(i32, "int32", Kind::Int(IntWidth::I32));
leaf!(i64, "int", Kind::Int(IntWidth::I64));
leaf!(u8, "uint8", Kind::Int(IntWidth::U8));
leaf!(u16, "uint16", Kind::Int(IntWidth::U16));
leaf!(u32, "uint32", Kind::Int(IntWidth::U32));
leaf!(u64, "uint64", Kind::Int(IntWidth::U64));
leaf!(f64, "number", Kind::Float);
leaf!(Number, "number", Kind::Number);
leaf!(String, "str", Kind::String);
leaf!(Value, "any", Kind::Value);
leaf!((), "null", Kind::Null);
leaf!(Map<String, Value>, "object", Kind::Map);

// SAFETY: the functions are `Option<T>`'s own operations.
unsafe impl<T: Reflect> Reflect for Option<T> {
    const INFO: &'static TypeInfo = &optional::<T>(T::INFO);
}

/// The description of `Option<T>`, given `T`'s.
///
/// A type that contains itself (through a `Box`) cannot have its description built by
/// constants, which may not depend on themselves: the generator writes such descriptions
/// as `static`s, which may, with this and [`array()`] and [`boxed()`]. `inner` must describe
/// `T`.
pub const fn optional<T>(inner: &'static TypeInfo) -> TypeInfo {
    TypeInfo {
        // Not `inner.name`: reading a static that is still being built is the cycle this
        // function is there to avoid. Messages name the inner type.
        name: "optional",
        size: size_of::<Option<T>>(),
        align: align_of::<Option<T>>(),
        kind: Kind::Option(OptionInfo {
            inner,
            some: option_some::<T>,
            none: option_none::<T>,
            get: option_get::<T>,
        }),
    }
}

unsafe fn option_some<T>(dst: *mut u8, src: *mut u8) {
    // SAFETY: the caller passes an `Option<T>`'s memory and a valid `T`, which moves.
    unsafe { dst.cast::<Option<T>>().write(Some(src.cast::<T>().read())) }
}

unsafe fn option_none<T>(dst: *mut u8) {
    // SAFETY: the caller passes an `Option<T>`'s memory.
    unsafe { dst.cast::<Option<T>>().write(None) }
}

unsafe fn option_get<T>(ptr: *const u8) -> *const u8 {
    // SAFETY: the caller passes a valid `Option<T>`.
    match unsafe { &*ptr.cast::<Option<T>>() } {
        Some(value) => std::ptr::from_ref(value).cast(),
        None => std::ptr::null(),
    }
}

// SAFETY: the functions are `Vec<T>`'s own operations.
unsafe impl<T: Reflect> Reflect for Vec<T> {
    const INFO: &'static TypeInfo = &array::<T>(T::INFO);
}

/// The description of `Vec<T>`, given `T`'s (see [`optional`]).
pub const fn array<T>(element: &'static TypeInfo) -> TypeInfo {
    TypeInfo {
        name: "array",
        size: size_of::<Vec<T>>(),
        align: align_of::<Vec<T>>(),
        kind: Kind::Vec(VecInfo {
            element,
            from_raw: vec_from_raw::<T>,
            raw: vec_raw::<T>,
        }),
    }
}

unsafe fn vec_from_raw<T>(dst: *mut u8, ptr: *mut u8, len: usize, capacity: usize) {
    // SAFETY: the caller allocated `ptr` for `capacity` `T`s with `T`'s layout (or
    // passes a dangling pointer and no capacity) and initialized `len` of them.
    unsafe {
        dst.cast::<Vec<T>>()
            .write(Vec::from_raw_parts(ptr.cast::<T>(), len, capacity));
    }
}

unsafe fn vec_raw<T>(ptr: *const u8) -> (*mut u8, usize, usize) {
    // SAFETY: the caller passes a valid `Vec<T>`.
    let vec = unsafe { &*ptr.cast::<Vec<T>>() };
    (vec.as_ptr().cast_mut().cast(), vec.len(), vec.capacity())
}

// SAFETY: the functions are `Box<T>`'s own operations.
unsafe impl<T: Reflect> Reflect for Box<T> {
    const INFO: &'static TypeInfo = &boxed::<T>(T::INFO);
}

/// The description of `Box<T>`, given `T`'s (see [`optional`]).
pub const fn boxed<T>(inner: &'static TypeInfo) -> TypeInfo {
    TypeInfo {
        name: "boxed",
        size: size_of::<Box<T>>(),
        align: align_of::<Box<T>>(),
        kind: Kind::Box(BoxInfo {
            inner,
            from_raw: box_from_raw::<T>,
            raw: box_raw::<T>,
        }),
    }
}

unsafe fn box_from_raw<T>(dst: *mut u8, ptr: *mut u8) {
    // SAFETY: the caller allocated `ptr` with `T`'s layout and initialized it.
    unsafe { dst.cast::<Box<T>>().write(Box::from_raw(ptr.cast::<T>())) }
}

unsafe fn box_raw<T>(ptr: *const u8) -> *mut u8 {
    // SAFETY: the caller passes a valid `Box<T>`.
    let boxed = unsafe { &*ptr.cast::<Box<T>>() };
    std::ptr::from_ref::<T>(boxed).cast_mut().cast()
}
