// The support code of generated bindings.
//
// This file is not compiled as part of qmp-schema's library: the generator parses it and
// emits it, unchanged, as the hidden module `__qmp_runtime` of every generated file, so
// that bindings need nothing at run time but serde and serde_json. It is written like any
// module (and compiled as one in qmp-schema's tests) so that it is checked and readable.
// Everything in it is generic; what depends on the document is generated beside it.

use ::core::fmt;
use ::serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use ::serde::ser::SerializeMap;
use ::serde_json::{Map, Value};
use ::std::string::{String, ToString};
use ::std::vec::Vec;

/// When QEMU sent an event: seconds and microseconds since the Unix epoch, both `-1` when
/// QEMU could not read its clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Timestamp {
    /// Whole seconds since the Unix epoch (`-1`: unknown).
    pub seconds: i64,
    /// Microseconds within the second (`-1`: unknown).
    pub microseconds: i64,
}

impl Timestamp {
    /// The timestamp QEMU sends when it has no clock.
    pub const UNKNOWN: Timestamp = Timestamp {
        seconds: -1,
        microseconds: -1,
    };

    /// Whether QEMU knew the time (it sends `-1` for both members when it does not).
    pub fn is_known(&self) -> bool {
        *self != Timestamp::UNKNOWN
    }

    /// The time as a `SystemTime`; `None` when QEMU had no clock, or when the members
    /// are out of range (negative, or microseconds past a second).
    pub fn to_system_time(self) -> ::core::option::Option<::std::time::SystemTime> {
        let seconds = u64::try_from(self.seconds).ok()?;
        let microseconds = u64::try_from(self.microseconds)
            .ok()
            .filter(|us| *us < 1_000_000)?;
        ::std::time::SystemTime::UNIX_EPOCH
            .checked_add(::core::time::Duration::from_secs(seconds))?
            .checked_add(::core::time::Duration::from_micros(microseconds))
    }
}

impl ::serde::Serialize for Timestamp {
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::core::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(::core::option::Option::Some(2))?;
        map.serialize_entry("seconds", &self.seconds)?;
        map.serialize_entry("microseconds", &self.microseconds)?;
        map.end()
    }
}

impl<'de> ::serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::core::result::Result<Self, D::Error> {
        struct TimestampVisitor;
        impl<'de> Visitor<'de> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp object with seconds and microseconds")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> ::core::result::Result<Timestamp, A::Error> {
                let mut seconds = ::core::option::Option::None;
                let mut microseconds = ::core::option::Option::None;
                let members = |name: &str| match name {
                    "seconds" => ::core::option::Option::Some(0),
                    "microseconds" => ::core::option::Option::Some(1),
                    _ => ::core::option::Option::None,
                };
                while let ::core::option::Option::Some(key) = map.next_key_seed(KeySeed(members))? {
                    match key {
                        Key::Known(0) => set_field(&mut seconds, &mut map, "seconds")?,
                        Key::Known(1) => set_field(&mut microseconds, &mut map, "microseconds")?,
                        Key::Known(_) => {
                            map.next_value::<IgnoredAny>()?;
                        }
                        // The timestamp belongs to the QMP protocol, not to the document:
                        // it has no room for more members, and dropping one would lose it.
                        Key::Unknown(name) => {
                            return ::core::result::Result::Err(de::Error::custom(format_args!(
                                "member `{name}` is not part of a timestamp, which has seconds and microseconds"
                            )));
                        }
                    }
                }
                ::core::result::Result::Ok(Timestamp {
                    seconds: required(seconds, "seconds")?,
                    microseconds: required(microseconds, "microseconds")?,
                })
            }
        }
        deserializer.deserialize_map(TimestampVisitor)
    }
}

/// One way in which a message disagrees with the schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    /// Where: a JSON pointer into the message (`/data/client/family`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

impl ::std::error::Error for Violation {}

/// A member name read while decoding an object: one of the names the schema lists
/// (by position), or another one, kept.
pub enum Key {
    /// The member at this index of the known names.
    Known(usize),
    /// A member the schema does not describe.
    Unknown(String),
}

/// Reads a member name without allocating unless it is unknown. `F` gives the index of
/// a known name: generated code passes a closure holding a `match` on the names, which
/// compiles to a switch on the length and a few comparisons instead of a scan of them
/// all.
pub struct KeySeed<F>(pub F);

impl<'de, F: FnOnce(&str) -> ::core::option::Option<usize>> DeserializeSeed<'de> for KeySeed<F> {
    type Value = Key;
    fn deserialize<D: ::serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> ::core::result::Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de, F: FnOnce(&str) -> ::core::option::Option<usize>> Visitor<'de> for KeySeed<F> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E: de::Error>(self, name: &str) -> ::core::result::Result<Key, E> {
        ::core::result::Result::Ok(match (self.0)(name) {
            ::core::option::Option::Some(index) => Key::Known(index),
            ::core::option::Option::None => Key::Unknown(String::from(name)),
        })
    }
    fn visit_string<E: de::Error>(self, name: String) -> ::core::result::Result<Key, E> {
        ::core::result::Result::Ok(match (self.0)(&name) {
            ::core::option::Option::Some(index) => Key::Known(index),
            ::core::option::Option::None => Key::Unknown(name),
        })
    }
}

/// Decodes a member's value into its slot; a member given twice is an error, and a bad
/// value's error names the member.
pub fn set_field<'de, T, A>(
    slot: &mut ::core::option::Option<T>,
    map: &mut A,
    name: &str,
) -> ::core::result::Result<(), A::Error>
where
    T: ::serde::Deserialize<'de>,
    A: MapAccess<'de>,
{
    if slot.is_some() {
        return ::core::result::Result::Err(de::Error::custom(format_args!(
            "field `{name}` appears twice"
        )));
    }
    match map.next_value() {
        ::core::result::Result::Ok(value) => {
            *slot = ::core::option::Option::Some(value);
            ::core::result::Result::Ok(())
        }
        ::core::result::Result::Err(error) => ::core::result::Result::Err(field_error(name, error)),
    }
}

/// The value of a required member, or the error naming it.
pub fn required<T, E: de::Error>(
    slot: ::core::option::Option<T>,
    name: &'static str,
) -> ::core::result::Result<T, E> {
    slot.ok_or_else(|| de::Error::missing_field(name))
}

/// Keeps an undescribed member; a member given twice is an error, as for known ones.
pub fn keep_unknown<'de, A: MapAccess<'de>>(
    unknown: &mut Map<String, Value>,
    map: &mut A,
    name: String,
) -> ::core::result::Result<(), A::Error> {
    match unknown.entry(name) {
        ::serde_json::map::Entry::Vacant(entry) => {
            entry.insert(map.next_value()?);
            ::core::result::Result::Ok(())
        }
        ::serde_json::map::Entry::Occupied(entry) => ::core::result::Result::Err(
            de::Error::custom(format_args!("field `{}` appears twice", entry.key())),
        ),
    }
}

/// An error inside member `name`: nested members join into one dotted path
/// (``field `server.family`: ...``).
// Off the hot path: keeps the decoding loops small.
#[cold]
#[inline(never)]
pub fn field_error<E: de::Error>(name: &str, error: E) -> E {
    let message = error.to_string();
    let message = without_position(&message);
    match message.strip_prefix("field `") {
        ::core::option::Option::Some(inner) => E::custom(format_args!("field `{name}.{inner}")),
        ::core::option::Option::None => E::custom(format_args!("field `{name}`: {message}")),
    }
}

/// An error in the data of event `event`.
// Off the hot path: keeps the decoding loops small.
#[cold]
#[inline(never)]
pub fn event_error<E: de::Error>(event: &str, error: E) -> E {
    let message = error.to_string();
    E::custom(format_args!(
        "event {event}: {}",
        without_position(&message)
    ))
}

/// serde_json appends ` at line L column C` to an error once it bubbles out of the
/// deserializer; the outermost error gets it again, so inner copies are dropped.
fn without_position(message: &str) -> &str {
    let Some(at) = message.rfind(" at line ") else {
        return message;
    };
    let tail = &message[at + " at line ".len()..];
    let mut parts = tail.splitn(3, ' ');
    let line_ok = parts
        .next()
        .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()));
    let column_word = parts.next() == ::core::option::Option::Some("column");
    let column_ok = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if line_ok && column_word && column_ok {
        &message[..at]
    } else {
        message
    }
}

/// The generated half of message decoding: how the schema's events are told apart and
/// decoded.
pub trait EventSet: Sized {
    /// Which event a name denotes.
    type Kind;
    /// The kind of the event with this wire name.
    fn kind(name: &str) -> Self::Kind;
    /// Decodes the `data` member's value (the next value of `map`) for `kind` into
    /// `slot`. Writing into the caller's slot, rather than returning the event, spares
    /// copies of the whole `Event` (the size of its largest variant) through each layer
    /// of serde_json's return values.
    fn decode_data<'de, A: MapAccess<'de>>(
        kind: Self::Kind,
        map: &mut A,
        slot: &mut ::core::option::Option<Self>,
    ) -> ::core::result::Result<(), A::Error>;
    /// Decodes data that was read before the event's name (buffered as a `Value`), or
    /// absent (`None`), into `slot`.
    fn from_buffered<E: de::Error>(
        kind: Self::Kind,
        data: ::core::option::Option<Value>,
        slot: &mut ::core::option::Option<Self>,
    ) -> ::core::result::Result<(), E>;
    /// The event's wire name.
    fn wire_name(&self) -> &str;
    /// Writes the `data` member, if the event has one.
    fn serialize_data<M: SerializeMap>(&self, map: &mut M) -> ::core::result::Result<(), M::Error>;
}

/// Reads an event name straight into its kind.
struct KindSeed<E>(::core::marker::PhantomData<E>);

impl<'de, E: EventSet> DeserializeSeed<'de> for KindSeed<E> {
    type Value = E::Kind;
    fn deserialize<D: ::serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> ::core::result::Result<E::Kind, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, E: EventSet> Visitor<'de> for KindSeed<E> {
    type Value = E::Kind;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an event name")
    }
    fn visit_str<Er: de::Error>(self, name: &str) -> ::core::result::Result<E::Kind, Er> {
        ::core::result::Result::Ok(E::kind(name))
    }
}

/// The members of a message: `event`, `data`, `timestamp`.
const MESSAGE_MEMBERS: &[&str] = &["event", "data", "timestamp"];

/// The index of a message member in [`MESSAGE_MEMBERS`].
fn message_member(name: &str) -> ::core::option::Option<usize> {
    match name {
        "event" => ::core::option::Option::Some(0),
        "data" => ::core::option::Option::Some(1),
        "timestamp" => ::core::option::Option::Some(2),
        _ => ::core::option::Option::None,
    }
}

/// Decodes a QMP event message in any member order into the event slot it holds, and
/// gives the timestamp (if there was one). With the name first (as QEMU sends it),
/// `data` is decoded straight into its type; data that comes before the name is
/// buffered as a `Value` and decoded once the name is known. On success the slot holds
/// the event.
pub struct MessageVisitor<'s, E>(pub &'s mut ::core::option::Option<E>);

impl<'de, E: EventSet> Visitor<'de> for MessageVisitor<'_, E> {
    type Value = ::core::option::Option<Timestamp>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a QMP event message")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> ::core::result::Result<Self::Value, A::Error> {
        let slot = self.0;
        // The kind is taken when the data is decoded; `named` remembers that the name was
        // read, for the duplicate check.
        let mut kind: ::core::option::Option<E::Kind> = ::core::option::Option::None;
        let mut named = false;
        let mut has_data = false;
        let mut buffered: ::core::option::Option<Value> = ::core::option::Option::None;
        let mut timestamp: ::core::option::Option<Timestamp> = ::core::option::Option::None;
        while let ::core::option::Option::Some(key) = map.next_key_seed(KeySeed(message_member))? {
            match key {
                Key::Known(0) => {
                    if named {
                        return ::core::result::Result::Err(de::Error::duplicate_field("event"));
                    }
                    named = true;
                    kind = ::core::option::Option::Some(
                        map.next_value_seed(KindSeed::<E>(::core::marker::PhantomData))?,
                    );
                }
                Key::Known(1) => {
                    if has_data {
                        return ::core::result::Result::Err(de::Error::duplicate_field("data"));
                    }
                    has_data = true;
                    match kind.take() {
                        ::core::option::Option::Some(kind) => E::decode_data(kind, &mut map, slot)?,
                        ::core::option::Option::None => {
                            buffered = ::core::option::Option::Some(map.next_value()?)
                        }
                    }
                }
                Key::Known(_) => {
                    if timestamp.is_some() {
                        return ::core::result::Result::Err(de::Error::duplicate_field(
                            "timestamp",
                        ));
                    }
                    timestamp = ::core::option::Option::Some(map.next_value()?);
                }
                // The envelope belongs to the QMP protocol, not to the document (what
                // the document describes is kept however much a newer QEMU adds to it):
                // `EventMessage` has no room for more members, and dropping one would
                // lose it.
                Key::Unknown(name) => {
                    return ::core::result::Result::Err(de::Error::custom(format_args!(
                        "member `{name}` is not part of a QMP event message, which has event, data and timestamp"
                    )));
                }
            }
        }
        // Still holding the kind: the data came before the name, or never.
        if let ::core::option::Option::Some(kind) = kind {
            E::from_buffered(kind, buffered, slot)?;
        }
        if slot.is_none() {
            return ::core::result::Result::Err(de::Error::missing_field("event"));
        }
        ::core::result::Result::Ok(timestamp)
    }
}

/// Decodes a buffered `data` value into a payload type, naming the event in errors.
pub fn payload_from_value<T: ::serde::de::DeserializeOwned, E: de::Error>(
    event: &str,
    data: Value,
) -> ::core::result::Result<T, E> {
    T::deserialize(data).map_err(|error| {
        E::custom(format_args!(
            "event {event}: {}",
            without_position(&error.to_string())
        ))
    })
}

/// An object's members taken from a buffered value, for payloads the schema leaves
/// open.
pub fn open_from_value<E: de::Error>(
    event: &str,
    data: Value,
) -> ::core::result::Result<Map<String, Value>, E> {
    match data {
        Value::Object(members) => ::core::result::Result::Ok(members),
        other => ::core::result::Result::Err(E::custom(format_args!(
            "event {event}: invalid type: {}, expected an object",
            kind_of(&other)
        ))),
    }
}

/// The error for a payload whose required `data` member is absent.
// Off the hot path: keeps the decoding loops small.
#[cold]
#[inline(never)]
pub fn missing_data<E: de::Error>(event: &str) -> E {
    E::custom(format_args!("event {event}: missing field `data`"))
}

/// How a JSON value is named in messages.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(number) if number.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The type of a member, as the schema gives it.
pub enum Shape {
    /// json-string
    String,
    /// json-bool
    Bool,
    /// json-int (must fit in an i64)
    Int,
    /// An integer of a QAPI width: its name and range.
    Integer {
        /// The QAPI name (`uint8`).
        name: &'static str,
        /// The smallest value.
        min: i64,
        /// The largest value.
        max: u64,
    },
    /// json-number
    Number,
    /// JSON null
    Null,
    /// json-value: anything
    Value,
    /// json-array of the given element type
    Array(&'static Shape),
    /// json-object with the given members
    Object(&'static [FieldShape]),
    /// json-string restricted to the given values
    Enum(&'static [&'static str]),
    /// A named type, whose shape is given once (types may refer to each other).
    Ref(&'static Shape),
    /// A union: common members, and more selected by the discriminator's value.
    Union(&'static UnionShape),
    /// An alternate: the value must fit the alternative its JSON type selects.
    Alternate(&'static [Shape]),
}

/// A QAPI union, as the schema gives it.
pub struct UnionShape {
    /// The discriminator's wire name.
    pub discriminator: &'static str,
    /// The common members, the discriminator among them.
    pub common: &'static [FieldShape],
    /// The members each discriminator value adds (an object, or another union).
    pub branches: &'static [(&'static str, Shape)],
}

/// Encodes a float as QEMU prints a double (`%.17g`): an integral value without a
/// fraction (`5`, not `5.0`), so that decoding a line and encoding it gives the same JSON.
pub struct QemuNumber<'a, T: ?Sized>(pub &'a T);

impl ::serde::Serialize for QemuNumber<'_, f64> {
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::core::result::Result<S::Ok, S::Error> {
        let value = *self.0;
        // Integral values within i64 are exact both ways; larger ones stay floats, as
        // serde_json reads QEMU's digits for them.
        if value.fract() == 0.0 && value.abs() < 9.0e18 {
            serializer.serialize_i64(value as i64)
        } else {
            serializer.serialize_f64(value)
        }
    }
}

impl<T> ::serde::Serialize for QemuNumber<'_, Vec<T>>
where
    for<'b> QemuNumber<'b, T>: ::serde::Serialize,
{
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::core::result::Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(QemuNumber))
    }
}

/// Reads a union's object: its members, and the discriminator's value taken out of them.
pub fn union_members<'de, D: ::serde::Deserializer<'de>>(
    deserializer: D,
    discriminator: &str,
) -> ::core::result::Result<(String, Map<String, Value>), D::Error> {
    let mut members = <Map<String, Value> as ::serde::Deserialize>::deserialize(deserializer)?;
    match members.remove(discriminator) {
        ::core::option::Option::Some(Value::String(value)) => {
            ::core::result::Result::Ok((value, members))
        }
        ::core::option::Option::Some(other) => {
            ::core::result::Result::Err(de::Error::custom(format_args!(
                "field `{discriminator}`: invalid type: {}, expected a string",
                kind_of(&other)
            )))
        }
        ::core::option::Option::None => ::core::result::Result::Err(de::Error::custom(
            format_args!("missing field `{discriminator}`"),
        )),
    }
}

/// Writes members kept as a JSON map into a map being serialized.
pub fn serialize_members<M: SerializeMap>(
    members: &Map<String, Value>,
    map: &mut M,
) -> ::core::result::Result<(), M::Error> {
    for (key, value) in members {
        map.serialize_entry(key, value)?;
    }
    ::core::result::Result::Ok(())
}

/// Decodes the members of a union (less its discriminator) into the branch's type.
pub fn branch_from_members<T: ::serde::de::DeserializeOwned, E: de::Error>(
    members: Map<String, Value>,
) -> ::core::result::Result<T, E> {
    T::deserialize(Value::Object(members))
        .map_err(|error| E::custom(without_position(&error.to_string())))
}

/// Decodes an alternate's value into the type of the alternative its JSON type selects.
pub fn alternative_from_value<T: ::serde::de::DeserializeOwned, E: de::Error>(
    value: Value,
) -> ::core::result::Result<T, E> {
    T::deserialize(value).map_err(|error| E::custom(without_position(&error.to_string())))
}

/// A member of an object, as the schema gives it.
pub struct FieldShape {
    /// The wire name.
    pub name: &'static str,
    /// Whether it may be left out.
    pub optional: bool,
    /// Its type.
    pub shape: Shape,
}

/// What an event's `data` may hold, as the schema gives it.
pub enum DataShape {
    /// `Data: None.`: no `data` member.
    None,
    /// Data the schema does not describe member by member: anything goes.
    Open,
    /// An object with these members.
    Fields(&'static [FieldShape]),
    /// A value of a named type (a struct, or a union).
    Type {
        /// The type's shape.
        shape: &'static Shape,
        /// Whether `data` must be there (some member is required).
        required: bool,
    },
}

/// Checks a raw message against the schema's events; reports every violation.
pub fn validate_message(
    message: &Value,
    events: &[(&str, &DataShape)],
) -> ::core::result::Result<(), Vec<Violation>> {
    let mut violations = Vec::new();
    let mut report =
        |pointer: String, message: String| violations.push(Violation { pointer, message });
    let Value::Object(members) = message else {
        report(
            String::new(),
            ::std::format!(
                "a QMP event message is an object, found {}",
                kind_of(message)
            ),
        );
        return ::core::result::Result::Err(violations);
    };
    let mut shape = ::core::option::Option::None;
    match members.get("event") {
        ::core::option::Option::None => report(
            String::new(),
            String::from("missing required member 'event'"),
        ),
        ::core::option::Option::Some(Value::String(name)) => match events
            .iter()
            .find(|(known, _)| known == name)
        {
            ::core::option::Option::Some((_, data)) => shape = ::core::option::Option::Some(data),
            ::core::option::Option::None => report(
                String::from("/event"),
                ::std::format!("event '{name}' is not in the schema"),
            ),
        },
        ::core::option::Option::Some(other) => report(
            String::from("/event"),
            ::std::format!("expected a string, found {}", kind_of(other)),
        ),
    }
    match members.get("timestamp") {
        ::core::option::Option::None => report(
            String::new(),
            String::from("missing required member 'timestamp'"),
        ),
        ::core::option::Option::Some(timestamp) => {
            const TIMESTAMP: &[FieldShape] = &[
                FieldShape {
                    name: "seconds",
                    optional: false,
                    shape: Shape::Int,
                },
                FieldShape {
                    name: "microseconds",
                    optional: false,
                    shape: Shape::Int,
                },
            ];
            check_value(
                timestamp,
                &Shape::Object(TIMESTAMP),
                &Place::Root("/timestamp"),
                &mut report,
            );
        }
    }
    for name in members.keys() {
        if !MESSAGE_MEMBERS.contains(&name.as_str()) {
            report(
                pointer_to("", name),
                String::from("member not in the QMP event format"),
            );
        }
    }
    match (shape, members.get("data")) {
        (::core::option::Option::Some(DataShape::None), ::core::option::Option::Some(_)) => {
            report(
                String::from("/data"),
                String::from("the schema says this event carries no data"),
            );
        }
        // Members the document does not list may be anything, but `data` is an object.
        (::core::option::Option::Some(DataShape::Open), ::core::option::Option::Some(data))
            if !data.is_object() =>
        {
            report(
                String::from("/data"),
                ::std::format!("expected json-object, found {}", kind_of(data)),
            );
        }
        (
            ::core::option::Option::Some(DataShape::Fields(fields)),
            ::core::option::Option::Some(data),
        ) => {
            check_value(
                data,
                &Shape::Object(fields),
                &Place::Root("/data"),
                &mut report,
            );
        }
        (::core::option::Option::Some(DataShape::Fields(fields)), ::core::option::Option::None)
            if fields.iter().any(|field| !field.optional) =>
        {
            report(
                String::new(),
                String::from("missing required member 'data'"),
            );
        }
        (
            ::core::option::Option::Some(DataShape::Type { shape, .. }),
            ::core::option::Option::Some(data),
        ) => {
            check_value(data, shape, &Place::Root("/data"), &mut report);
        }
        (
            ::core::option::Option::Some(DataShape::Type { required: true, .. }),
            ::core::option::Option::None,
        ) => {
            report(
                String::new(),
                String::from("missing required member 'data'"),
            );
        }
        _ => {}
    }
    if violations.is_empty() {
        ::core::result::Result::Ok(())
    } else {
        ::core::result::Result::Err(violations)
    }
}

/// Where a value sits in the message. The JSON pointer is only written out when a
/// violation is reported: building one for every member checked was most of the cost of
/// validating a message that has none.
enum Place<'a> {
    /// A pointer written out (`/data`).
    Root(&'static str),
    /// A member of the object at the parent place.
    Member(&'a Place<'a>, &'a str),
    /// An element of the array at the parent place.
    Index(&'a Place<'a>, usize),
}

impl Place<'_> {
    fn pointer(&self) -> String {
        match self {
            Place::Root(pointer) => String::from(*pointer),
            Place::Member(parent, name) => pointer_to(&parent.pointer(), name),
            Place::Index(parent, index) => ::std::format!("{}/{index}", parent.pointer()),
        }
    }
}

fn check_value(
    value: &Value,
    shape: &Shape,
    place: &Place<'_>,
    report: &mut impl FnMut(String, String),
) {
    match (shape, value) {
        (Shape::Value, _)
        | (Shape::String, Value::String(_))
        | (Shape::Bool, Value::Bool(_))
        | (Shape::Null, Value::Null)
        | (Shape::Number, Value::Number(_)) => {}
        (Shape::Ref(inner), _) => check_value(value, inner, place, report),
        (Shape::Integer { name, min, max }, Value::Number(number)) => {
            let fits = match (number.as_i64(), number.as_u64()) {
                (::core::option::Option::Some(n), _) => n >= *min && (n < 0 || n as u64 <= *max),
                (::core::option::Option::None, ::core::option::Option::Some(n)) => n <= *max,
                _ => false,
            };
            if !fits {
                report(
                    place.pointer(),
                    ::std::format!("{number} is not a {name} (from {min} to {max})"),
                );
            }
        }
        (Shape::Union(_), Value::Object(members)) => {
            let mut fields = Vec::new();
            object_fields(shape, members, &mut fields);
            check_members(members, &fields, place, report);
        }
        (Shape::Alternate(alternatives), _) => {
            match alternatives
                .iter()
                .find(|alternative| takes(alternative, value))
            {
                ::core::option::Option::Some(alternative) => {
                    check_value(value, alternative, place, report);
                }
                ::core::option::Option::None => {
                    let names: Vec<&str> = alternatives.iter().map(shape_name).collect();
                    report(
                        place.pointer(),
                        ::std::format!(
                            "expected one of {}, found {}",
                            names.join(", "),
                            kind_of(value)
                        ),
                    );
                }
            }
        }
        (Shape::Int, Value::Number(number)) => {
            if number.as_i64().is_none() {
                let message = if number.is_f64() {
                    ::std::format!("expected json-int, found the number {number}")
                } else {
                    ::std::format!(
                        "{number} is out of range for json-int (a signed 64-bit integer)"
                    )
                };
                report(place.pointer(), message);
            }
        }
        (Shape::Enum(values), Value::String(text)) => {
            if !values.contains(&text.as_str()) {
                let listed: Vec<String> = values.iter().map(|v| ::std::format!("'{v}'")).collect();
                report(
                    place.pointer(),
                    ::std::format!("'{text}' is not one of {}", listed.join(", ")),
                );
            }
        }
        (Shape::Array(element), Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                check_value(item, element, &Place::Index(place, index), report);
            }
        }
        (Shape::Object(fields), Value::Object(members)) => {
            check_members(members, &[fields], place, report);
        }
        _ => report(
            place.pointer(),
            ::std::format!("expected {}, found {}", shape_name(shape), kind_of(value)),
        ),
    }
}

/// Checks an object's members against the members its shape allows (several lists for
/// a union: the common members and those of the selected branch).
fn check_members(
    members: &Map<String, Value>,
    fields: &[&[FieldShape]],
    place: &Place<'_>,
    report: &mut impl FnMut(String, String),
) {
    for field in fields.iter().flat_map(|list| list.iter()) {
        match members.get(field.name) {
            ::core::option::Option::Some(member) => check_value(
                member,
                &field.shape,
                &Place::Member(place, field.name),
                report,
            ),
            ::core::option::Option::None if !field.optional => {
                report(
                    place.pointer(),
                    ::std::format!("missing required field '{}'", field.name),
                );
            }
            ::core::option::Option::None => {}
        }
    }
    for name in members.keys() {
        if !fields
            .iter()
            .flat_map(|list| list.iter())
            .any(|field| field.name == name)
        {
            report(
                Place::Member(place, name).pointer(),
                String::from("member not in the schema"),
            );
        }
    }
}

/// The member lists an object of this shape may have, given its members (a union's
/// discriminator selects a branch, which may be a union in turn).
fn object_fields<'s>(
    shape: &'s Shape,
    members: &Map<String, Value>,
    out: &mut Vec<&'s [FieldShape]>,
) {
    // Unions of unions are shallow in QEMU's schemas; the bound keeps a union that
    // selects itself from looping.
    if out.len() > 32 {
        return;
    }
    match shape {
        Shape::Object(fields) => out.push(fields),
        Shape::Ref(inner) => object_fields(inner, members, out),
        Shape::Union(union) => {
            out.push(union.common);
            let selected = members.get(union.discriminator).and_then(Value::as_str);
            if let ::core::option::Option::Some((_, branch)) = union
                .branches
                .iter()
                .find(|(value, _)| ::core::option::Option::Some(*value) == selected)
            {
                object_fields(branch, members, out);
            }
        }
        _ => {}
    }
}

/// Whether an alternate's alternative of this shape takes a value of this JSON type.
fn takes(shape: &Shape, value: &Value) -> bool {
    match (shape, value) {
        (Shape::Ref(inner), _) => takes(inner, value),
        (Shape::Value, _)
        | (Shape::String | Shape::Enum(_), Value::String(_))
        | (Shape::Bool, Value::Bool(_))
        | (Shape::Null, Value::Null)
        | (Shape::Int | Shape::Integer { .. } | Shape::Number, Value::Number(_))
        | (Shape::Array(_), Value::Array(_))
        | (Shape::Object(_) | Shape::Union(_), Value::Object(_)) => true,
        (Shape::Alternate(alternatives), _) => alternatives.iter().any(|a| takes(a, value)),
        _ => false,
    }
}

fn shape_name(shape: &Shape) -> &'static str {
    match shape {
        Shape::String | Shape::Enum(_) => "json-string",
        Shape::Bool => "json-bool",
        Shape::Int | Shape::Integer { .. } => "json-int",
        Shape::Number => "json-number",
        Shape::Null => "null",
        Shape::Value | Shape::Alternate(_) => "json-value",
        Shape::Array(_) => "json-array",
        Shape::Object(_) | Shape::Union(_) => "json-object",
        Shape::Ref(inner) => shape_name(inner),
    }
}

/// A JSON pointer to member `name` of the object at `pointer` (RFC 6901 escaping).
fn pointer_to(pointer: &str, name: &str) -> String {
    ::std::format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1"))
}
