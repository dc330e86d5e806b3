//! The runtime of the QMP bindings that [qmp-schema](https://docs.rs/qmp-schema)
//! generates, shared by every generated crate and by `qmp-client`, as `prost` is by
//! prost-build's output.
//!
//! Generated types are data: each has a [`reflect::TypeInfo`] that says where its members
//! are and what types they have, and this crate decodes, encodes, validates and drops
//! them from that description, once for all types. What a user meets of it:
//!
//! - [`Command`], which every generated command implements (its wire name and what it
//!   returns), so that one client runs commands from bindings of any schema;
//! - [`Timestamp`], [`Violation`], [`DecodeError`], and QMP's error answer,
//!   [`QmpError`] with its [`ErrorClass`];
//! - [`from_json`], [`to_json`] and [`validate`] for any generated type (each type also
//!   implements serde's traits);
//! - [`compat`]: bindings compared with what a QEMU says it supports (its answer to
//!   `query-qmp-schema`).

#![warn(missing_docs)]

mod codec;
mod command;
pub mod compat;
mod decode;
mod drop;
mod encode;
mod error;
mod event;
pub mod json;
mod memory;
pub mod reflect;
mod serde_bridge;
mod timestamp;
mod validate;

pub use codec::{from_json, from_json_slice, from_value, to_json, to_value, validate, validate_as};
pub use command::{
    Command, CommandInfo, CommandMessage, CommandSet, CommandSetInfo, CommandVisitor, Empty,
    ErrorClass, QmpError, Response, execute_line, read_response,
};
pub use error::DecodeError;
pub use event::{EventData, EventInfo, EventMessage, EventSet, EventSetInfo};
pub use reflect::Reflect;
pub use timestamp::Timestamp;
pub use validate::Violation;

/// What generated code uses; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use crate::command::{
        command_from_json, command_name, command_releases, command_to_json, deserialize_command,
        discriminator_of, enum_from_str, enum_str, return_releases, serialize_command,
        validate_command, validate_command_in, validate_return, validate_return_in,
    };
    pub use crate::event::{
        deserialize_event, event_from_json, event_releases, event_to_json, name_of,
        serialize_event, validate_event, validate_event_in,
    };
    pub use crate::serde_bridge::{deserialize, serialize};
    pub use serde;
    pub use serde_json;
}
