//! QMP commands: the [`Command`] trait every generated command implements, the messages
//! a client sends (`{"execute": NAME, "arguments": {...}}`), QEMU's answers (a return,
//! or an [`QmpError`]), and the enum of all commands for code that receives them.

use crate::decode::decode;
use crate::drop::drop_value;
use crate::encode::encode;
use crate::error::DecodeError;
use crate::json::{Reader, Writer};
use crate::reflect::ReleaseSet;
use crate::reflect::{EnumInfo, Kind, Member, Reflect, StructInfo, Tagged, TypeInfo, set_tag, tag};
use crate::validate::{
    Place, Release, Report, Violation, check, kind_of, pointer_to, releases_accepting,
};
use serde_json::{Map, Value};
use std::fmt;
use std::mem::{MaybeUninit, offset_of};

/// A QMP command: its arguments as a value, its wire name, and the type of its return.
///
/// Generated bindings implement it for each command (`commands::QueryStatus`); a client
/// runs any of them with `execute(&command)` and gets `C::Returns`.
pub trait Command:
    Reflect + serde::Serialize + serde::de::DeserializeOwned + Clone + fmt::Debug + PartialEq
{
    /// The wire name (`query-status`).
    const NAME: &'static str;
    /// What a success returns, decoded leniently ([`Empty`] for a command without
    /// `returns`, which answers `{}`).
    type Returns: Reflect
        + serde::Serialize
        + serde::de::DeserializeOwned
        + Clone
        + fmt::Debug
        + PartialEq;
    /// Whether QEMU answers at all: `false` for the guest agent's `guest-shutdown` and
    /// the like, which are done once written.
    const SUCCESS_RESPONSE: bool = true;
    /// Whether the command may run out of band (`exec-oob`).
    const ALLOW_OOB: bool = false;

    /// The message that runs the command, as QEMU reads it:
    /// `{"execute": "eject", "arguments": {"id": "ide1-cd0"}}` (no `arguments` for a
    /// command without any).
    fn execute_json(&self) -> String {
        execute_line(self, None)
    }
}

/// Code run for each command type of a set of bindings, through their generated
/// `for_each_command`: generic over the command, so it can build, run or decode it.
pub trait CommandVisitor {
    /// Called once per command type, in schema order.
    fn visit<C: Command>(&mut self);
}

/// What a command without `returns` returns: `{}`, with whatever members a newer QEMU
/// adds kept.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Empty {
    /// Members QEMU sent, which the schema does not describe (normally none).
    pub unknown_fields: Map<String, Value>,
}

static EMPTY: TypeInfo = TypeInfo {
    name: "an empty object",
    size: size_of::<Empty>(),
    align: align_of::<Empty>(),
    kind: Kind::Struct(&StructInfo {
        members: &[],
        unknown: Some(offset_of!(Empty, unknown_fields)),
    }),
};

// SAFETY: the description is of `Empty`'s one field.
unsafe impl Reflect for Empty {
    const INFO: &'static TypeInfo = &EMPTY;
}

crate::__serde_impls!(Empty);

/// The class of a QMP error, as QEMU names it (`QapiErrorClass`); a class a newer QEMU
/// sends is kept in `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum ErrorClass {
    /// Most errors: the description says what went wrong.
    GenericError,
    /// The command does not exist (or this QEMU was built without it).
    CommandNotFound,
    /// A device has no driver loaded.
    DeviceNotActive,
    /// The requested device has not been found.
    DeviceNotFound,
    /// The requested operation can't be fulfilled because a required KVM capability is
    /// missing.
    KVMMissingCap,
    /// A class this runtime does not know, as sent.
    Other(String),
}

static ERROR_CLASS: TypeInfo = TypeInfo {
    name: "QapiErrorClass",
    size: size_of::<ErrorClass>(),
    align: align_of::<ErrorClass>(),
    kind: Kind::Enum(&EnumInfo {
        values: &[
            "GenericError",
            "CommandNotFound",
            "DeviceNotActive",
            "DeviceNotFound",
            "KVMMissingCap",
        ],
        other: offset_of!(Tagged<String>, value),
        releases: &[],
    }),
};

// SAFETY: `ErrorClass` is `#[repr(u16)]` with its variants in the table's order.
unsafe impl Reflect for ErrorClass {
    const INFO: &'static TypeInfo = &ERROR_CLASS;
}

impl ErrorClass {
    /// The class as QEMU names it.
    pub fn as_str(&self) -> &str {
        enum_str(self)
    }
}

impl From<&str> for ErrorClass {
    /// The class QEMU names so; a name this runtime does not know is kept in `Other`.
    fn from(name: &str) -> ErrorClass {
        enum_from_str(name)
    }
}

impl fmt::Display for ErrorClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

crate::__serde_impls!(ErrorClass);

/// QMP's error answer: `{"error": {"class": ..., "desc": ...}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct QmpError {
    /// The class.
    pub class: ErrorClass,
    /// What went wrong, for people.
    pub desc: String,
    /// Members QEMU sent besides these (none today), kept.
    pub unknown_fields: Map<String, Value>,
}

static QMP_ERROR: TypeInfo = TypeInfo {
    name: "QMP error",
    size: size_of::<QmpError>(),
    align: align_of::<QmpError>(),
    kind: Kind::Struct(&StructInfo {
        members: &[
            Member::new("class", offset_of!(QmpError, class), &ERROR_CLASS, false),
            Member::new("desc", offset_of!(QmpError, desc), String::INFO, false),
        ],
        unknown: Some(offset_of!(QmpError, unknown_fields)),
    }),
};

// SAFETY: the description is of `QmpError`'s fields.
unsafe impl Reflect for QmpError {
    const INFO: &'static TypeInfo = &QMP_ERROR;
}

crate::__serde_impls!(QmpError);

impl fmt::Display for QmpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.class, self.desc)
    }
}

impl std::error::Error for QmpError {}

/// The wire string of a value of a generated enumeration.
pub fn enum_str<T: Reflect>(value: &T) -> &str {
    let Kind::Enum(info) = &T::INFO.kind else {
        return "";
    };
    let src: *const u8 = std::ptr::from_ref(value).cast();
    // SAFETY: `T` is the `#[repr(u16)]` enum `info` describes.
    unsafe {
        match info.values.get(usize::from(tag(src))) {
            Some(value) => value,
            None => &*src.add(info.other).cast::<String>(),
        }
    }
}

/// The discriminator's value of a generated union (its branches enum, or the enum that
/// is the union).
pub fn discriminator_of<T: Reflect>(value: &T) -> &str {
    let branches = match &T::INFO.kind {
        Kind::Branches(branches) => branches,
        Kind::Struct(info) => match info.members.first().map(|member| &member.ty.kind) {
            Some(Kind::Branches(branches)) => branches,
            _ => return "",
        },
        _ => return "",
    };
    let src: *const u8 = std::ptr::from_ref(value).cast();
    // SAFETY: `T` is the `#[repr(u16)]` enum `branches` describes.
    unsafe {
        match branches.variant(usize::from(tag(src))) {
            Some(variant) => variant.value,
            None => &*src.add(branches.other_value).cast::<String>(),
        }
    }
}

/// The value of a generated enumeration a wire string denotes (`Other` for one the
/// schema does not list).
///
/// # Panics
///
/// If `T` is not an enumeration: generated code calls it for enumerations only.
pub fn enum_from_str<T: Reflect>(text: &str) -> T {
    let Kind::Enum(info) = &T::INFO.kind else {
        panic!("{} is not an enumeration", T::INFO.name);
    };
    let mut slot = MaybeUninit::<T>::uninit();
    let dst: *mut u8 = slot.as_mut_ptr().cast();
    // SAFETY: `T` is the `#[repr(u16)]` enum `info` describes; the variant written is
    // whole.
    unsafe {
        match info.values.iter().position(|value| *value == text) {
            Some(index) => set_tag(dst, index as u16),
            None => {
                dst.add(info.other).cast::<String>().write(text.to_owned());
                set_tag(dst, info.values.len() as u16);
            }
        }
        slot.assume_init()
    }
}

/// The commands a schema's `AnyCommand` enum holds.
///
/// # Safety
///
/// [`CommandSet::COMMANDS`] must describe `Self`, a `#[repr(u16)]` enum with a variant
/// per command in the table's order, then
/// `Unknown { name: String, arguments: Option<Map<String, Value>> }`.
pub unsafe trait CommandSet: Sized + 'static {
    /// The commands.
    const COMMANDS: &'static CommandSetInfo;
}

/// A schema's commands, by variant.
#[derive(Debug)]
pub struct CommandSetInfo {
    /// One per variant, in order.
    pub commands: &'static [CommandInfo],
    /// Where `Unknown`'s name is.
    pub unknown_name: usize,
    /// Where `Unknown`'s arguments are.
    pub unknown_arguments: usize,
    /// The releases that have each command, by variant (empty: every release has every
    /// command).
    pub releases: &'static [ReleaseSet],
}

/// One command.
#[derive(Debug)]
pub struct CommandInfo {
    /// The wire name.
    pub name: &'static str,
    /// Its arguments' type (a struct).
    pub arguments: &'static TypeInfo,
    /// Where the variant's field (the arguments) is.
    pub offset: usize,
    /// Its return's type.
    pub returns: &'static TypeInfo,
    /// Whether QEMU checks the arguments against the schema: `false` for a command the
    /// schema marks `'gen': false` (`device_add`, which takes any property of the
    /// device), whose arguments a comparison with QEMU ([`crate::compat`]) leaves alone.
    pub arguments_checked: bool,
}

/// A command as a client sends it: the command, and the `id` QEMU copies into its
/// answer. A schema's bindings name it `CommandMessage`
/// (`qmp_runtime::CommandMessage<AnyCommand>`).
#[derive(Debug, Clone, PartialEq)]
pub struct CommandMessage<C> {
    /// The command, with its arguments.
    pub command: C,
    /// The message's `id`, if it has one.
    pub id: Option<Value>,
    /// Whether it was sent with `exec-oob` (out of band) rather than `execute`.
    pub out_of_band: bool,
    /// Whether the message had an `arguments` member. A command whose arguments are all
    /// absent is written without one unless it had, so that `{"execute": "eject",
    /// "arguments": {}}` is given back as it came.
    pub arguments_sent: bool,
}

impl<C: CommandSet> CommandMessage<C> {
    /// Decodes one line as a client sends it.
    pub fn from_json(line: &str) -> Result<Self, DecodeError> {
        let mut command = MaybeUninit::<C>::uninit();
        let mut r = Reader::new(line);
        // SAFETY: the slot is a `C`'s memory, which `C::COMMANDS` describes.
        let (id, out_of_band, arguments_sent) =
            unsafe { decode_command(C::COMMANDS, command.as_mut_ptr().cast(), &mut r) }
                .map_err(|e| e.located(line))?;
        if let Err(error) = r.end() {
            // SAFETY: the command was decoded and is not returned.
            unsafe { drop_command(C::COMMANDS, command.as_mut_ptr().cast()) };
            return Err(error.located(line));
        }
        Ok(CommandMessage {
            // SAFETY: decoding succeeded.
            command: unsafe { command.assume_init() },
            id,
            out_of_band,
            arguments_sent,
        })
    }

    /// The message as one line of JSON.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        // SAFETY: the command is a valid `C`.
        unsafe {
            write_command(
                C::COMMANDS,
                std::ptr::from_ref(&self.command).cast(),
                self.out_of_band,
                self.arguments_sent,
                &mut w,
            );
        }
        if let Some(id) = &self.id {
            w.key("id");
            w.value(id);
        }
        w.end_object();
        w.into_string()
    }
}

/// Writes `{"execute": NAME, "arguments": ...` of a command in a set, leaving the object
/// open; `arguments` is left out when it is `{}`, unless `empty_arguments` asks for it.
///
/// # Safety
///
/// `src` is a valid value of the enum `set` describes.
unsafe fn write_command(
    set: &'static CommandSetInfo,
    src: *const u8,
    oob: bool,
    empty_arguments: bool,
    w: &mut Writer,
) {
    w.begin_object();
    w.key(if oob { "exec-oob" } else { "execute" });
    // SAFETY: as the caller promises.
    unsafe {
        match set.commands.get(usize::from(tag(src))) {
            Some(info) => {
                w.str(info.name);
                write_arguments(info.arguments, src.add(info.offset), empty_arguments, w);
            }
            None => {
                w.str(&*src.add(set.unknown_name).cast::<String>());
                if let Some(arguments) = &*src
                    .add(set.unknown_arguments)
                    .cast::<Option<Map<String, Value>>>()
                {
                    w.key("arguments");
                    w.begin_object();
                    w.members(arguments);
                    w.end_object();
                }
            }
        }
    }
}

/// Writes `"arguments": {...}`, unless the arguments are `{}` and `empty` is false.
///
/// # Safety
///
/// `src` is a valid value of `ty`.
unsafe fn write_arguments(ty: &TypeInfo, src: *const u8, empty: bool, w: &mut Writer) {
    let mut arguments = Writer::new();
    // SAFETY: as the caller promises.
    unsafe { encode(ty, src, &mut arguments) };
    let text = arguments.into_string();
    if empty || text != "{}" {
        w.key("arguments");
        w.raw(&text);
    }
}

/// The line that runs a command: `{"execute": NAME, "arguments": {...}, "id": ID}`.
pub fn execute_line<C: Command>(command: &C, id: Option<&Value>) -> String {
    let mut w = Writer::new();
    w.begin_object();
    w.key("execute");
    w.str(C::NAME);
    // SAFETY: the command is a valid `C`.
    unsafe { write_arguments(C::INFO, std::ptr::from_ref(command).cast(), false, &mut w) };
    if let Some(id) = id {
        w.key("id");
        w.value(id);
    }
    w.end_object();
    w.into_string()
}

/// Decodes a command message into `dst`; gives its `id`, whether it was out of band and
/// whether it had `arguments`.
///
/// # Safety
///
/// `dst` is memory for the enum `set` describes.
unsafe fn decode_command(
    set: &'static CommandSetInfo,
    dst: *mut u8,
    r: &mut Reader<'_>,
) -> Result<(Option<Value>, bool, bool), DecodeError> {
    let start = r.offset_of_next()?;
    let mut name: Option<(Result<usize, String>, bool)> = None;
    let mut arguments_at: Option<Reader<'_>> = None;
    let mut id: Option<Value> = None;
    let mut key = r.begin_object()?.map(str::to_owned);
    while let Some(member) = key {
        match member.as_str() {
            "execute" | "exec-oob" => {
                if name.is_some() {
                    return Err(r.fail("the message names its command twice"));
                }
                let wire = r.str()?;
                let found = set
                    .commands
                    .iter()
                    .position(|c| c.name == wire)
                    .ok_or_else(|| wire.to_owned());
                name = Some((found, member == "exec-oob"));
            }
            "arguments" => {
                if arguments_at.is_some() {
                    return Err(r.fail("field `arguments` appears twice"));
                }
                arguments_at = Some(r.clone());
                r.skip()?;
            }
            "id" => {
                if id.is_some() {
                    return Err(r.fail("field `id` appears twice"));
                }
                id = Some(r.value()?);
            }
            other => {
                return Err(r.fail(format!(
                    "member `{other}` is not part of a QMP command, which has execute (or exec-oob), arguments and id"
                )));
            }
        }
        key = r.next_key()?.map(str::to_owned);
    }
    let Some((found, oob)) = name else {
        return Err(DecodeError::new("missing field `execute`", start));
    };
    let arguments_sent = arguments_at.is_some();
    match found {
        Ok(index) => {
            let info = &set.commands[index];
            // SAFETY: the variant's field is at `offset`.
            let field = unsafe { dst.add(info.offset) };
            let decoded = match arguments_at.as_mut() {
                // SAFETY: as above.
                Some(ahead) => unsafe { decode(info.arguments, field, ahead) }
                    .map_err(|e| e.in_member("arguments")),
                // SAFETY: as above.
                None => unsafe { crate::codec::decode_text(info.arguments, field, "{}") }
                    .map_err(|e| DecodeError::new(e.message().to_owned(), start)),
            };
            decoded.map_err(|e| e.within(format!("command {}", info.name)))?;
            // SAFETY: the field is written.
            unsafe { set_tag(dst, index as u16) };
        }
        Err(wire) => {
            let arguments = match arguments_at.as_mut() {
                Some(ahead) => {
                    let first = ahead.begin_object()?.map(str::to_owned);
                    Some(
                        ahead
                            .object_from(first)
                            .map_err(|e| e.in_member("arguments"))?,
                    )
                }
                None => None,
            };
            // SAFETY: `Unknown`'s fields are at these offsets.
            unsafe {
                dst.add(set.unknown_name).cast::<String>().write(wire);
                dst.add(set.unknown_arguments)
                    .cast::<Option<Map<String, Value>>>()
                    .write(arguments);
                set_tag(dst, set.commands.len() as u16);
            }
        }
    }
    Ok((id, oob, arguments_sent))
}

/// # Safety
///
/// `dst` holds a valid value of the enum `set` describes.
unsafe fn drop_command(set: &'static CommandSetInfo, dst: *mut u8) {
    // SAFETY: as the caller promises.
    unsafe {
        match set.commands.get(usize::from(tag(dst))) {
            Some(info) => drop_value(info.arguments, dst.add(info.offset)),
            None => {
                std::ptr::drop_in_place(dst.add(set.unknown_name).cast::<String>());
                std::ptr::drop_in_place(
                    dst.add(set.unknown_arguments)
                        .cast::<Option<Map<String, Value>>>(),
                );
            }
        }
    }
}

/// The wire name of a command of a set.
pub fn command_name<C: CommandSet>(command: &C) -> &str {
    let src: *const u8 = std::ptr::from_ref(command).cast();
    let set = C::COMMANDS;
    // SAFETY: `command` is a valid `C`.
    unsafe {
        match set.commands.get(usize::from(tag(src))) {
            Some(info) => info.name,
            None => &*src.add(set.unknown_name).cast::<String>(),
        }
    }
}

/// A command of a set as the message that runs it: `{"execute": ..., "arguments": ...}`.
pub fn command_to_json<C: CommandSet>(command: &C) -> String {
    let mut w = Writer::new();
    // SAFETY: `command` is a valid `C`.
    unsafe {
        write_command(
            C::COMMANDS,
            std::ptr::from_ref(command).cast(),
            false,
            false,
            &mut w,
        )
    };
    w.end_object();
    w.into_string()
}

/// A command of a set from the message that runs it (its `id` is read and left out).
pub fn command_from_json<C: CommandSet>(text: &str) -> Result<C, DecodeError> {
    CommandMessage::<C>::from_json(text).map(|message| message.command)
}

/// QEMU's answer to a command.
#[derive(Debug, Clone, PartialEq)]
pub enum Response<T> {
    /// `{"return": ...}`, decoded.
    Return(T),
    /// `{"error": ...}`
    Error(QmpError),
}

/// Decodes an answer (`{"return": ...}` or `{"error": ...}`) to `command`; gives the
/// answer and its `id`. A return that does not fit `T` is an error naming the command,
/// with a pointer into the return value.
pub fn read_response<T: Reflect>(
    line: &str,
    command: &str,
) -> Result<(Response<T>, Option<Value>), DecodeError> {
    let mut slot = MaybeUninit::<T>::uninit();
    // SAFETY: the slot is a `T`'s memory.
    let (answer, id) = unsafe {
        decode_response(T::INFO, slot.as_mut_ptr().cast(), line, command)
            .map_err(|e| e.located(line))?
    };
    let response = match answer {
        // SAFETY: the return was decoded into the slot.
        Answer::Return => Response::Return(unsafe { slot.assume_init() }),
        Answer::Error(error) => Response::Error(error),
    };
    Ok((response, id))
}

enum Answer {
    Return,
    Error(QmpError),
}

/// # Safety
///
/// `dst` is memory for a `ty`; it holds one when the answer is a return.
unsafe fn decode_response(
    ty: &'static TypeInfo,
    dst: *mut u8,
    line: &str,
    command: &str,
) -> Result<(Answer, Option<Value>), DecodeError> {
    let mut r = Reader::new(line);
    let start = r.offset_of_next()?;
    let mut answer: Option<Answer> = None;
    let mut id = None;
    let result = (|| {
        let mut key = r.begin_object()?.map(str::to_owned);
        while let Some(member) = key {
            match member.as_str() {
                "return" | "error" if answer.is_some() => {
                    return Err(r.fail("the answer has both a return and an error, or one twice"));
                }
                "return" => {
                    // SAFETY: as the caller promises.
                    unsafe { decode(ty, dst, &mut r) }
                        .map_err(|e| e.within(format!("the return of {command}")))?;
                    answer = Some(Answer::Return);
                }
                "error" => {
                    let mut error = MaybeUninit::<QmpError>::uninit();
                    // SAFETY: the slot is a `QmpError`'s memory.
                    unsafe {
                        decode(&QMP_ERROR, error.as_mut_ptr().cast(), &mut r)
                            .map_err(|e| e.in_member("error"))?;
                        answer = Some(Answer::Error(error.assume_init()));
                    }
                }
                "id" => id = Some(r.value()?),
                // Read, not skipped: skipping checks only the grammar, and a number out
                // of `f64`'s range, which serde_json refuses, would pass.
                _ => drop(r.value()?),
            }
            key = r.next_key()?.map(str::to_owned);
        }
        r.end()
    })();
    match (result, answer) {
        (Ok(()), Some(answer)) => Ok((answer, id)),
        (Ok(()), None) => Err(DecodeError::new(
            "the answer has neither `return` nor `error`",
            start,
        )),
        (Err(error), answer) => {
            if let Some(Answer::Return) = answer {
                // SAFETY: the return was decoded and is not returned.
                unsafe { drop_value(ty, dst) };
            }
            Err(error)
        }
    }
}

/// Checks a whole command message (`{"execute": ..., "arguments": ...}`) strictly
/// against a schema's commands.
pub fn validate_command(
    set: &'static CommandSetInfo,
    message: &Value,
) -> Result<(), Vec<Violation>> {
    check_command(set, Report::new(None), message)
}

/// Checks a whole command message strictly against what one of the bindings' releases
/// (`releases`, oldest first) accepts.
pub fn validate_command_in(
    set: &'static CommandSetInfo,
    releases: &[&'static str],
    release: &str,
    message: &Value,
) -> Result<(), Vec<Violation>> {
    let release = Release::find(releases, release)?;
    check_command(set, Report::new(Some(release)), message)
}

/// The bindings' releases (oldest first) that accept a whole command message.
pub fn command_releases(
    set: &'static CommandSetInfo,
    releases: &[&'static str],
    message: &Value,
) -> Vec<&'static str> {
    releases_accepting(releases, |release| {
        check_command(set, Report::new(Some(release)), message)
    })
}

/// The command of `set` named `name`, if the release checked against has it.
fn find_command(
    set: &'static CommandSetInfo,
    report: &Report,
    name: &str,
) -> Option<&'static CommandInfo> {
    set.commands
        .iter()
        .position(|c| c.name == name)
        .filter(|index| report.has_at(set.releases, *index))
        .map(|index| &set.commands[index])
}

fn check_command(
    set: &'static CommandSetInfo,
    mut report: Report,
    message: &Value,
) -> Result<(), Vec<Violation>> {
    let root = Place::Root("");
    let Value::Object(members) = message else {
        report.add(
            &root,
            format!(
                "a QMP command message is an object, found {}",
                kind_of(message)
            ),
        );
        return report.finish();
    };
    let name_key = if members.contains_key("exec-oob") {
        "exec-oob"
    } else {
        "execute"
    };
    let mut info = None;
    match members.get(name_key) {
        None => report.add(&root, "missing required member 'execute'".to_owned()),
        Some(Value::String(name)) => match find_command(set, &report, name) {
            Some(found) => info = Some(found),
            None => {
                let message = format!("command '{name}' is not in {}", report.schema_name());
                report.violations.push(Violation {
                    pointer: pointer_to("", name_key),
                    message,
                });
            }
        },
        Some(other) => report.violations.push(Violation {
            pointer: pointer_to("", name_key),
            message: format!("expected a string, found {}", kind_of(other)),
        }),
    }
    for name in members.keys() {
        if !["execute", "exec-oob", "arguments", "id"].contains(&name.as_str()) {
            report.violations.push(Violation {
                pointer: pointer_to("", name),
                message: "member not in the QMP command format".to_owned(),
            });
        }
    }
    if let Some(info) = info {
        let empty = Value::Object(Map::new());
        let arguments = members.get("arguments").unwrap_or(&empty);
        check(
            arguments,
            info.arguments,
            &Place::Root("/arguments"),
            &mut report,
        );
    }
    report.finish()
}

/// Checks a command's `return` value strictly against what the schema says it returns.
pub fn validate_return(
    set: &'static CommandSetInfo,
    command: &str,
    value: &Value,
) -> Result<(), Vec<Violation>> {
    check_return(set, Report::new(None), command, value)
}

/// Checks a command's `return` value strictly against what one of the bindings'
/// releases (`releases`, oldest first) returns.
pub fn validate_return_in(
    set: &'static CommandSetInfo,
    releases: &[&'static str],
    release: &str,
    command: &str,
    value: &Value,
) -> Result<(), Vec<Violation>> {
    let release = Release::find(releases, release)?;
    check_return(set, Report::new(Some(release)), command, value)
}

/// The bindings' releases (oldest first) that return `value` for `command`.
pub fn return_releases(
    set: &'static CommandSetInfo,
    releases: &[&'static str],
    command: &str,
    value: &Value,
) -> Vec<&'static str> {
    releases_accepting(releases, |release| {
        check_return(set, Report::new(Some(release)), command, value)
    })
}

fn check_return(
    set: &'static CommandSetInfo,
    mut report: Report,
    command: &str,
    value: &Value,
) -> Result<(), Vec<Violation>> {
    match find_command(set, &report, command) {
        Some(info) => check(value, info.returns, &Place::Root(""), &mut report),
        None => {
            let message = format!("command '{command}' is not in {}", report.schema_name());
            report.add(&Place::Root(""), message);
        }
    }
    report.finish()
}

#[doc(hidden)]
pub fn serialize_command<C: CommandSet, S: serde::Serializer>(
    command: &C,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    crate::serde_bridge::serialize_text(&command_to_json(command), serializer)
}

#[doc(hidden)]
pub fn deserialize_command<'de, C: CommandSet, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<C, D::Error> {
    let text = crate::serde_bridge::raw_text(deserializer)?;
    command_from_json(&text).map_err(serde::de::Error::custom)
}
