//! A small blocking client for the QEMU Machine Protocol (QMP).
//!
//! It connects to QEMU's monitor socket, reads the greeting, negotiates
//! capabilities, runs commands and hands out events. Commands are typed:
//! [`Client::execute`] runs any [`Command`] (`qmp_api::commands::QueryStatus`, from the
//! `qmp-api` crate, or a command of bindings you generate yourself with `qmp-schema`)
//! and gives its typed return; [`Client::execute_raw`] runs a command by name with JSON.
//! Events come out as received ([`RawEvent`]) or decoded into any serde type: for typed
//! events, iterate `qmp.events::<qmp_api::EventMessage>()`. Without bindings, JSON
//! will do:
//!
//! ```no_run
//! use qmp_client::Client;
//!
//! let mut qmp = Client::connect_unix("/tmp/vm.qmp")?;
//! qmp.execute_raw("stop", None)?;
//! for event in qmp.events::<serde_json::Value>() {
//!     match event {
//!         Ok(event) => println!("{event}"),
//!         // One event that does not fit the type does not end the stream.
//!         Err(err) => eprintln!("{err}"),
//!     }
//! }
//! # Ok::<(), qmp_client::Error>(())
//! ```
//!
//! [`Client::compat`] asks the connected QEMU what it supports (`query-qmp-schema`) and
//! compares it with a set of bindings (`qmp.compat(&qmp_api::BINDINGS)`): what a call
//! built from them would have refused, what they could not decode, and what this QEMU
//! has that they lack.
//!
//! The crate depends on `qmp-runtime` (which defines [`Command`] and
//! [`ErrorClass`]), serde and serde_json; the bindings depend on `qmp-runtime` and not on
//! this crate, so a consumer that does not need a client is not made to build one. The feature `tokio` adds
//! `AsyncClient`, the same client on tokio. The `watch` example of
//! `qmp-api` shows the two together.

#![warn(missing_docs)]

mod agent;
mod builder;
mod client;
mod error;
mod events;
mod greeting;
mod line_assembler;
mod line_reader;
mod message;
mod raw_event;
mod session;
#[cfg(feature = "tokio")]
mod tokio_client;
mod transport;

pub use agent::GuestAgent;
pub use builder::ClientBuilder;
pub use client::Client;
pub use error::{CommandError, DecodeError, Error, ReturnError};
pub use events::{Events, RawEvents};
pub use greeting::{Greeting, QemuVersion};
pub use qmp_runtime::{Command, ErrorClass};
pub use raw_event::RawEvent;
#[cfg(feature = "tokio")]
pub use tokio_client::{AsyncClient, AsyncGuestAgent, AsyncTransport};
pub use transport::Transport;
