//! QMP event messages: `{"timestamp": ..., "event": NAME, "data": {...}}`, decoded into a
//! schema's generated `Event` enum (a variant per event, `Unknown` for the others).
//!
//! With the name first (as QEMU sends it) `data` is decoded straight into its type; data
//! that comes before the name is skipped, and decoded once the name is known from where
//! it stands in the text.

use crate::decode::decode;
use crate::drop::drop_value;
use crate::encode::encode;
use crate::error::DecodeError;
use crate::json::{Reader, Writer};
use crate::reflect::ReleaseSet;
use crate::reflect::{Kind, Reflect, TypeInfo, set_tag, tag};
use crate::timestamp::Timestamp;
use crate::validate::{
    Place, Release, Report, Violation, check, kind_of, pointer_to, releases_accepting,
};
use serde_json::{Map, Value};
use std::mem::MaybeUninit;

/// The events a schema's `Event` enum holds.
///
/// # Safety
///
/// [`EventSet::EVENTS`] must describe `Self`, a `#[repr(u16)]` enum with a variant per
/// event in the table's order, then `Unknown { name: String, data: Option<Value> }`.
pub unsafe trait EventSet: Sized + 'static {
    /// The events.
    const EVENTS: &'static EventSetInfo;
}

/// A schema's events, by variant.
#[derive(Debug)]
pub struct EventSetInfo {
    /// One per variant, in order.
    pub events: &'static [EventInfo],
    /// Where `Unknown`'s name is.
    pub unknown_name: usize,
    /// Where `Unknown`'s data is.
    pub unknown_data: usize,
    /// The releases that have each event, by variant (empty: every release has every
    /// event).
    pub releases: &'static [ReleaseSet],
}

/// One event.
#[derive(Debug)]
pub struct EventInfo {
    /// The wire name (`BLOCK_IO_ERROR`).
    pub name: &'static str,
    /// What its `data` member holds.
    pub data: EventData,
    /// Where the variant's field (its payload) is.
    pub offset: usize,
}

/// What an event's `data` member holds.
#[derive(Debug)]
pub enum EventData {
    /// The schema says the event has no data; a newer QEMU may send some, kept in the
    /// payload's `Option<Map>` at this offset in it.
    None(usize),
    /// Data the schema does not describe member by member, kept as a map (an
    /// `Option<Map>` at this offset in the payload).
    Open(usize),
    /// A value of this type (the payload itself); `data` may be absent when every
    /// member is optional.
    Typed(&'static TypeInfo),
}

const MESSAGE_MEMBERS: &str = "event, data and timestamp";

/// A member of an event message, by its key.
enum EnvelopeKey {
    Event,
    Data,
    Timestamp,
    /// Not one of an event message's: refused, by name.
    Other(String),
}

impl EnvelopeKey {
    fn of(key: &str) -> EnvelopeKey {
        match key {
            "event" => EnvelopeKey::Event,
            "data" => EnvelopeKey::Data,
            "timestamp" => EnvelopeKey::Timestamp,
            other => EnvelopeKey::Other(other.to_owned()),
        }
    }
}

/// Decodes an event message into the `Event` at `dst`; gives its timestamp, if it had
/// one.
///
/// # Safety
///
/// `dst` is memory for the enum `set` describes.
pub(crate) unsafe fn decode_event(
    set: &'static EventSetInfo,
    dst: *mut u8,
    r: &mut Reader<'_>,
) -> Result<Option<Timestamp>, DecodeError> {
    let start = r.offset_of_next()?;
    let mut event: Option<Result<usize, String>> = None;
    let mut data_read = false;
    let mut data_at: Option<Reader<'_>> = None;
    let mut unknown_data: Option<Value> = None;
    let mut timestamp: Option<Timestamp> = None;
    let outcome = (|| {
        // Keys are classified while borrowed, not copied: three allocations an event
        // otherwise.
        let mut key = r.begin_object()?.map(EnvelopeKey::of);
        while let Some(name) = key {
            match name {
                EnvelopeKey::Event => {
                    if event.is_some() {
                        return Err(r.fail("field `event` appears twice"));
                    }
                    let wire = r.str().map_err(|error| {
                        error.in_member("event").reworded(|message| {
                            message.replacen("expected a string", "expected an event name", 1)
                        })
                    })?;
                    event = Some(
                        set.events
                            .iter()
                            .position(|e| e.name == wire)
                            .ok_or_else(|| wire.to_owned()),
                    );
                }
                EnvelopeKey::Data => {
                    if data_read || data_at.is_some() || unknown_data.is_some() {
                        return Err(r.fail("field `data` appears twice"));
                    }
                    match &event {
                        Some(Ok(index)) => {
                            // SAFETY: the payload is the variant's field.
                            unsafe { decode_data(&set.events[*index], dst, r)? };
                            data_read = true;
                        }
                        Some(Err(_)) => unknown_data = Some(r.value()?),
                        None => {
                            data_at = Some(r.clone());
                            r.skip()?;
                        }
                    }
                }
                EnvelopeKey::Timestamp => {
                    if timestamp.is_some() {
                        return Err(r.fail("field `timestamp` appears twice"));
                    }
                    let mut slot = MaybeUninit::<Timestamp>::uninit();
                    // SAFETY: the slot is a `Timestamp`'s memory.
                    unsafe {
                        decode(Timestamp::INFO, slot.as_mut_ptr().cast(), r)
                            .map_err(|e| e.in_member("timestamp"))?;
                        timestamp = Some(slot.assume_init());
                    }
                }
                EnvelopeKey::Other(other) => {
                    return Err(r.fail(format!(
                        "member `{other}` is not part of a QMP event message, which has {MESSAGE_MEMBERS}"
                    )));
                }
            }
            key = r.next_key()?.map(EnvelopeKey::of);
        }
        Ok(())
    })();
    let fail = |error: DecodeError, data_read: bool| {
        if data_read && let Some(Ok(index)) = &event {
            // SAFETY: the data was decoded into the variant's field, which is dropped
            // rather than returned.
            unsafe { drop_data(&set.events[*index], dst) };
        }
        // The name is written out only for an error: not an allocation per event.
        let error = match &event {
            Some(Ok(index)) => error.within(format!("event {}", set.events[*index].name)),
            Some(Err(name)) => error.within(format!("event {name}")),
            None => error,
        };
        Err(error)
    };
    if let Err(error) = outcome {
        return fail(error, data_read);
    }
    match event {
        None => fail(DecodeError::new("missing field `event`", start), data_read),
        Some(Err(name)) => {
            // Data that came before the name is read now, as a value.
            let unknown_data = match (unknown_data, data_at.as_mut()) {
                (None, Some(ahead)) => match ahead.value() {
                    Ok(value) => Some(value),
                    Err(error) => {
                        return Err(error.in_member("data").within(format!("event {name}")));
                    }
                },
                (data, _) => data,
            };
            // SAFETY: `Unknown`'s fields are at these offsets; its tag follows the events.
            unsafe {
                dst.add(set.unknown_name).cast::<String>().write(name);
                dst.add(set.unknown_data)
                    .cast::<Option<Value>>()
                    .write(unknown_data);
                set_tag(dst, set.events.len() as u16);
            }
            Ok(timestamp)
        }
        Some(Ok(index)) => {
            let info = &set.events[index];
            if !data_read {
                let result = match data_at.as_mut() {
                    // SAFETY: as above.
                    Some(ahead) => unsafe { decode_data(info, dst, ahead) },
                    // SAFETY: as above.
                    None => unsafe { absent_data(info, dst, start) },
                };
                if let Err(error) = result {
                    return fail(error, false);
                }
            }
            // SAFETY: the variant's field is written.
            unsafe { set_tag(dst, index as u16) };
            Ok(timestamp)
        }
    }
}

/// Decodes `data` into the event's payload.
///
/// # Safety
///
/// `dst` is memory for the event enum.
unsafe fn decode_data(
    info: &EventInfo,
    dst: *mut u8,
    r: &mut Reader<'_>,
) -> Result<(), DecodeError> {
    let payload = unsafe { dst.add(info.offset) };
    // SAFETY: the payload (or its map) is where the tables say.
    unsafe {
        match info.data {
            EventData::None(map) | EventData::Open(map) => {
                decode(<Option<Map<String, Value>>>::INFO, payload.add(map), r)
            }
            EventData::Typed(ty) => decode(ty, payload, r),
        }
    }
    .map_err(|error| error.in_member("data"))
}

/// Fills the payload of an event whose message has no `data`.
///
/// # Safety
///
/// As [`decode_data`].
unsafe fn absent_data(info: &EventInfo, dst: *mut u8, start: usize) -> Result<(), DecodeError> {
    // SAFETY: as above.
    unsafe {
        let payload = dst.add(info.offset);
        match info.data {
            EventData::None(map) | EventData::Open(map) => {
                payload
                    .add(map)
                    .cast::<Option<Map<String, Value>>>()
                    .write(None);
                Ok(())
            }
            EventData::Typed(ty) if all_optional(ty) => {
                crate::codec::decode_text(ty, payload, "{}")
            }
            EventData::Typed(_) => Err(DecodeError::new("missing field `data`", start)),
        }
    }
}

fn all_optional(ty: &TypeInfo) -> bool {
    match &ty.kind {
        Kind::Struct(info) => info.members.iter().all(|member| member.optional),
        _ => false,
    }
}

/// # Safety
///
/// The event's payload holds a decoded value.
unsafe fn drop_data(info: &EventInfo, dst: *mut u8) {
    // SAFETY: as the caller promises.
    unsafe {
        let payload = dst.add(info.offset);
        match info.data {
            EventData::None(map) | EventData::Open(map) => {
                drop_value(<Option<Map<String, Value>>>::INFO, payload.add(map));
            }
            EventData::Typed(ty) => drop_value(ty, payload),
        }
    }
}

/// The wire name of the event at `src`.
///
/// # Safety
///
/// `src` is a valid value of the enum `set` describes.
pub(crate) unsafe fn event_name<'a>(set: &'static EventSetInfo, src: *const u8) -> &'a str {
    // SAFETY: as the caller promises.
    unsafe {
        match set.events.get(usize::from(tag(src))) {
            Some(info) => info.name,
            None => &*src.add(set.unknown_name).cast::<String>(),
        }
    }
}

/// Writes the `event` and `data` members of the event at `src`.
///
/// # Safety
///
/// As [`event_name`].
pub(crate) unsafe fn encode_event(set: &'static EventSetInfo, src: *const u8, w: &mut Writer) {
    // SAFETY: as the caller promises.
    unsafe {
        w.key("event");
        w.str(event_name(set, src));
        match set.events.get(usize::from(tag(src))) {
            Some(info) => {
                let payload = src.add(info.offset);
                match info.data {
                    EventData::None(map) | EventData::Open(map) => {
                        if let Some(members) =
                            &*payload.add(map).cast::<Option<Map<String, Value>>>()
                        {
                            w.key("data");
                            w.begin_object();
                            w.members(members);
                            w.end_object();
                        }
                    }
                    EventData::Typed(ty) => {
                        w.key("data");
                        encode(ty, payload, w);
                    }
                }
            }
            None => {
                if let Some(data) = &*src.add(set.unknown_data).cast::<Option<Value>>() {
                    w.key("data");
                    w.value(data);
                }
            }
        }
    }
}

/// One QMP event message: the event and when QEMU sent it.
///
/// `EventMessage::from_json(line)` decodes a line in any member order; `to_json` of the
/// result has the line's JSON value. A schema's bindings name it
/// `EventMessage` (`pub type EventMessage = qmp_runtime::EventMessage<Event>`).
#[derive(Debug, Clone, PartialEq)]
pub struct EventMessage<E> {
    /// The event, with its data.
    pub event: E,
    /// When QEMU sent it.
    pub timestamp: Timestamp,
}

impl<E: EventSet> EventMessage<E> {
    /// Decodes one line as QEMU sends it.
    pub fn from_json(line: &str) -> Result<Self, DecodeError> {
        let mut event = MaybeUninit::<E>::uninit();
        // SAFETY: the slot is an `E`'s memory, which `E::EVENTS` describes.
        let timestamp = unsafe { decode_message(E::EVENTS, event.as_mut_ptr().cast(), line)? };
        Ok(EventMessage {
            // SAFETY: decoding succeeded, so the slot holds an `E`.
            event: unsafe { event.assume_init() },
            timestamp,
        })
    }

    /// As [`EventMessage::from_json`], from bytes (which must be UTF-8, as QMP's are).
    pub fn from_json_slice(line: &[u8]) -> Result<Self, DecodeError> {
        match std::str::from_utf8(line) {
            Ok(line) => Self::from_json(line),
            Err(error) => Err(DecodeError::syntax(
                format!("the line is not UTF-8 ({error})"),
                error.valid_up_to(),
            )),
        }
    }

    /// As [`EventMessage::from_json`], from a parsed value.
    pub fn from_value(value: Value) -> Result<Self, DecodeError> {
        Self::from_json(&value.to_string())
    }

    /// The message as QEMU sends it: one line of JSON.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object();
        w.key("timestamp");
        // SAFETY: both are valid values of the types their descriptions describe.
        unsafe {
            encode(
                Timestamp::INFO,
                std::ptr::from_ref(&self.timestamp).cast(),
                &mut w,
            );
            encode_event(E::EVENTS, std::ptr::from_ref(&self.event).cast(), &mut w);
        }
        w.end_object();
        w.into_string()
    }
}

/// Decodes a whole message into `dst`; its timestamp is required.
///
/// # Safety
///
/// `dst` is memory for the enum `set` describes.
unsafe fn decode_message(
    set: &'static EventSetInfo,
    dst: *mut u8,
    line: &str,
) -> Result<Timestamp, DecodeError> {
    let mut r = Reader::new(line);
    // SAFETY: as the caller promises.
    let timestamp = unsafe { decode_event(set, dst, &mut r) }.map_err(|e| e.located(line))?;
    let name = || unsafe { event_name(set, dst) }.to_owned();
    let finished = match timestamp {
        None => Err(DecodeError::new("missing field `timestamp`", 0)
            .within(format!("event {}", name()))
            .located(line)),
        Some(timestamp) => r.end().map(|()| timestamp).map_err(|e| e.located(line)),
    };
    if finished.is_err() {
        // SAFETY: the event was decoded into `dst`, which is not returned.
        unsafe { drop_value_of_event(set, dst) };
    }
    finished
}

/// Drops the event at `dst`.
///
/// # Safety
///
/// `dst` holds a valid value of the enum `set` describes.
unsafe fn drop_value_of_event(set: &'static EventSetInfo, dst: *mut u8) {
    // SAFETY: as the caller promises.
    unsafe {
        match set.events.get(usize::from(tag(dst))) {
            Some(info) => drop_data(info, dst),
            None => {
                std::ptr::drop_in_place(dst.add(set.unknown_name).cast::<String>());
                std::ptr::drop_in_place(dst.add(set.unknown_data).cast::<Option<Value>>());
            }
        }
    }
}

/// Decodes an event from a message (its timestamp, if any, is read and left out).
pub fn event_from_json<E: EventSet>(text: &str) -> Result<E, DecodeError> {
    let mut event = MaybeUninit::<E>::uninit();
    let mut r = Reader::new(text);
    // SAFETY: the slot is an `E`'s memory.
    unsafe {
        decode_event(E::EVENTS, event.as_mut_ptr().cast(), &mut r).map_err(|e| e.located(text))?;
        if let Err(error) = r.end() {
            drop_value_of_event(E::EVENTS, event.as_mut_ptr().cast());
            return Err(error.located(text));
        }
        Ok(event.assume_init())
    }
}

/// An event as a message without its timestamp: `{"event": ..., "data": ...}`.
pub fn event_to_json<E: EventSet>(event: &E) -> String {
    let mut w = Writer::new();
    w.begin_object();
    // SAFETY: `event` is a valid `E`.
    unsafe { encode_event(E::EVENTS, std::ptr::from_ref(event).cast(), &mut w) };
    w.end_object();
    w.into_string()
}

/// The wire name of an event.
pub fn name_of<E: EventSet>(event: &E) -> &str {
    // SAFETY: `event` is a valid `E`.
    unsafe { event_name(E::EVENTS, std::ptr::from_ref(event).cast()) }
}

/// Checks a raw QMP event message strictly against a schema's events.
pub fn validate_event(set: &'static EventSetInfo, message: &Value) -> Result<(), Vec<Violation>> {
    check_event(set, Report::new(None), message)
}

/// Checks a raw QMP event message strictly against what one of the bindings' releases
/// (`releases`, oldest first) sends.
pub fn validate_event_in(
    set: &'static EventSetInfo,
    releases: &[&'static str],
    release: &str,
    message: &Value,
) -> Result<(), Vec<Violation>> {
    let release = Release::find(releases, release)?;
    check_event(set, Report::new(Some(release)), message)
}

/// The bindings' releases (oldest first) that send a raw QMP event message so.
pub fn event_releases(
    set: &'static EventSetInfo,
    releases: &[&'static str],
    message: &Value,
) -> Vec<&'static str> {
    releases_accepting(releases, |release| {
        check_event(set, Report::new(Some(release)), message)
    })
}

fn check_event(
    set: &'static EventSetInfo,
    mut report: Report,
    message: &Value,
) -> Result<(), Vec<Violation>> {
    let root = Place::Root("");
    let Value::Object(members) = message else {
        report.add(
            &root,
            format!(
                "a QMP event message is an object, found {}",
                kind_of(message)
            ),
        );
        return report.finish();
    };
    let mut info = None;
    match members.get("event") {
        None => report.add(&root, "missing required member 'event'".to_owned()),
        Some(Value::String(name)) => match set
            .events
            .iter()
            .position(|e| e.name == name)
            .filter(|index| report.has_at(set.releases, *index))
        {
            Some(index) => info = Some(&set.events[index]),
            None => {
                let message = format!("event '{name}' is not in {}", report.schema_name());
                report.add(&Place::Root("/event"), message);
            }
        },
        Some(other) => report.add(
            &Place::Root("/event"),
            format!("expected a string, found {}", kind_of(other)),
        ),
    }
    match members.get("timestamp") {
        None => report.add(&root, "missing required member 'timestamp'".to_owned()),
        Some(timestamp) => check(
            timestamp,
            Timestamp::INFO,
            &Place::Root("/timestamp"),
            &mut report,
        ),
    }
    for name in members.keys() {
        if !["event", "data", "timestamp"].contains(&name.as_str()) {
            report.violations.push(Violation {
                pointer: pointer_to("", name),
                message: "member not in the QMP event format".to_owned(),
            });
        }
    }
    let data = Place::Root("/data");
    match (info.map(|i| &i.data), members.get("data")) {
        (Some(EventData::None(_)), Some(_)) => {
            report.add(
                &data,
                "the schema says this event carries no data".to_owned(),
            );
        }
        (Some(EventData::Open(_)), Some(value)) if !value.is_object() => {
            report.add(
                &data,
                format!("expected json-object, found {}", kind_of(value)),
            );
        }
        (Some(EventData::Typed(ty)), Some(value)) => check(value, ty, &data, &mut report),
        (Some(EventData::Typed(ty)), None) if !all_optional(ty) => {
            report.add(&root, "missing required member 'data'".to_owned());
        }
        _ => {}
    }
    report.finish()
}

#[doc(hidden)]
pub fn serialize_event<E: EventSet, S: serde::Serializer>(
    event: &E,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    crate::serde_bridge::serialize_text(&event_to_json(event), serializer)
}

#[doc(hidden)]
pub fn deserialize_event<'de, E: EventSet, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    let text = crate::serde_bridge::raw_text(deserializer)?;
    event_from_json(&text).map_err(serde::de::Error::custom)
}

impl<E: EventSet> serde::Serialize for EventMessage<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value: Value = serde_json::from_str(&self.to_json()).unwrap_or(Value::Null);
        value.serialize(serializer)
    }
}

impl<'de, E: EventSet> serde::Deserialize<'de> for EventMessage<E> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = crate::serde_bridge::raw_text(deserializer)?;
        Self::from_json(&text).map_err(serde::de::Error::custom)
    }
}
