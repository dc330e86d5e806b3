//! Bindings against the QEMU they talk to: what a QEMU says it supports
//! (`query-qmp-schema`, its introspection) compared with what the bindings expect.
//!
//! A tool meets many QEMUs, and bindings of one schema may expect what another release
//! does not send (10.0's `BLOCK_IO_ERROR` requires `qom-path`, which 7.2 never sends),
//! or leave out what it requires. [`compare`] walks every command and event of the
//! bindings by wire name, into arguments, returns and event data, following types on
//! both sides (QEMU's are masked as numbers), and reports each difference with its path
//! (`query-block: return[].inserted.active`) and whether it breaks: a call built from
//! the bindings that this QEMU refuses, or a reply or event of this QEMU that the
//! bindings cannot decode. What this QEMU has and the bindings lack is compatible:
//! decoding keeps it as unknown.
//!
//! Generated bindings expose their tables as `BINDINGS` (a [`Bindings`]) and the check
//! as `compat(&answer)`; `qmp_client::Client::compat(&qmp_api::BINDINGS)` asks the
//! connected QEMU; `qmp-codegen compat SCHEMA --introspection FILE` runs the same
//! comparison from a schema.
//!
//! # One comparison, two sources
//!
//! The comparison is written once, generic over [`Api`]: what it needs to know of the
//! bindings (their commands and events, and the [`Shape`] of each type). Generated
//! bindings describe themselves by their tables ([`Bindings`] implements [`Api`]);
//! qmp-schema's command line, which has the schema's model and no compiled tables,
//! implements [`Api`] over the code generator's plan, the same plan the tables are
//! written from. The tables could not be built at run time instead: they hold `&'static`
//! references in cycles (a type that contains itself), offsets and functions of compiled
//! types.

mod introspection;
mod report;
mod tables;
mod walk;

pub use report::{Finding, FindingKind, Report, Subject};

use crate::command::CommandSetInfo;
use crate::event::EventSetInfo;
use serde_json::Value;
use std::hash::Hash;

/// The tables of a set of generated bindings: what [`compare`] reads of them.
///
/// Generated bindings have one, `BINDINGS` (`qmp_api::BINDINGS`), for clients that take
/// bindings as an argument (`qmp_client::Client::compat`).
#[derive(Debug, Clone, Copy)]
pub struct Bindings {
    /// The commands (`AnyCommand`'s table).
    pub commands: &'static CommandSetInfo,
    /// The events (`Event`'s table).
    pub events: &'static EventSetInfo,
}

impl Bindings {
    /// Compares these bindings with a QEMU's answer to `query-qmp-schema`: the bare list,
    /// or an object holding it under `"query-qmp-schema"` (and, optionally, the answer to
    /// `query-version` under `"query-version"`).
    pub fn compare(&self, introspection: &Value) -> Report {
        compare(self, introspection)
    }
}

/// Compares bindings with a QEMU's answer to `query-qmp-schema` (see
/// [`Bindings::compare`] for what the answer may be).
///
/// An answer that cannot be read, in whole or in part, is said in
/// [`Report::problems`], and such a report [`is_breaking`](Report::is_breaking): the
/// comparison cannot vouch for what it could not read.
pub fn compare<A: Api>(bindings: &A, introspection: &Value) -> Report {
    walk::compare(bindings, introspection)
}

/// What the comparison reads of a set of bindings.
///
/// Implemented by [`Bindings`] (generated tables) and by qmp-schema over its model, so
/// that one comparison serves the bindings at run time and the schema on the command
/// line.
pub trait Api {
    /// A handle on one of the bindings' types.
    type Type: Copy;
    /// What identifies a type: the comparison compares each (type, QEMU type) pair once,
    /// which also ends the walk through a type that contains itself.
    type Key: Eq + Hash;

    /// The commands, with their wire names.
    fn commands(&self) -> Vec<CommandShape<'_, Self::Type>>;
    /// The events, with their wire names.
    fn events(&self) -> Vec<EventShape<'_, Self::Type>>;
    /// What a type is (an optional member's type is the type it holds).
    fn shape(&self, ty: Self::Type) -> Shape<'_, Self::Type>;
    /// The type's identity.
    fn key(&self, ty: Self::Type) -> Self::Key;
}

/// A command of the bindings.
#[derive(Debug, Clone, Copy)]
pub struct CommandShape<'a, T> {
    /// The wire name.
    pub name: &'a str,
    /// Its arguments' type (a struct, or a union for `'boxed': true`), or `None` when
    /// QEMU does not check the arguments against the schema (`'gen': false`:
    /// `device_add` takes any property of the device).
    pub arguments: Option<T>,
    /// What a success returns (an empty struct for a command without `returns`).
    pub returns: T,
}

/// An event of the bindings.
#[derive(Debug, Clone, Copy)]
pub struct EventShape<'a, T> {
    /// The wire name.
    pub name: &'a str,
    /// What its `data` holds.
    pub data: DataShape<T>,
}

/// What an event's `data` holds, for the bindings.
#[derive(Debug, Clone, Copy)]
pub enum DataShape<T> {
    /// Nothing, the schema says; members a QEMU sends anyway are kept.
    None,
    /// Members the schema does not describe (an event document's prose), kept.
    Open,
    /// A value of this type.
    Typed(T),
}

/// What a type of the bindings is, as far as the wire is concerned.
#[derive(Debug, Clone)]
pub enum Shape<'a, T> {
    /// `bool`
    Bool,
    /// An integer of any width.
    Int,
    /// A double (QAPI `number`): integers and fractions.
    Float,
    /// Any JSON number kept exactly as written (`serde_json::Number`), as bindings merged
    /// from releases whose integers differ in width (`int`, `uint64`) hold them: it goes
    /// where QEMU takes an integer, and where it takes a number.
    Number,
    /// A string.
    String,
    /// `null`
    Null,
    /// Any value (QAPI `any`).
    Any,
    /// An object whose members the bindings leave open (kept as a map).
    Map,
    /// A string from these values (others decode as `Other`).
    Enum(Vec<&'a str>),
    /// An array of this type.
    Array(T),
    /// An object of these members, in order; a union's discriminator among them, with
    /// the type [`Shape::Branches`].
    Struct(Vec<Field<'a, T>>),
    /// The type of a union's discriminator: each value the bindings know, with the
    /// struct (or union) of members it adds, if any.
    Branches(Vec<(&'a str, Option<T>)>),
    /// An alternate: a value of one of these types, told apart by JSON type.
    Alternate(Vec<T>),
}

/// A member of a struct of the bindings.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a, T> {
    /// The wire name.
    pub name: &'a str,
    /// Its type.
    pub ty: T,
    /// Whether the bindings let it be absent (its field is an `Option`).
    pub optional: bool,
}
