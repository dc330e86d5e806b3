//! A small blocking client for the QEMU Machine Protocol (QMP).
//!
//! It connects to QEMU's monitor socket, reads the greeting, negotiates
//! capabilities, runs commands and hands out events, either as received
//! ([`RawEvent`]) or decoded into any serde type. For typed events, iterate
//! `qmp.events::<qmp_events::EventMessage>()`, with `EventMessage` from the
//! `qmp-events` crate (the bindings of QEMU's event document) or from
//! bindings you generate yourself with `qmp-schema`. Without bindings, any
//! serde type will do:
//!
//! ```no_run
//! use qmp_client::Client;
//!
//! let mut qmp = Client::connect_unix("/tmp/vm.qmp")?;
//! qmp.execute("stop", None)?;
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
//! The crate depends on serde and serde_json only, like the generated event
//! types; the bindings in turn do not depend on this crate, so a consumer that
//! does not need a client is not made to build one. The feature `tokio` adds
//! `AsyncClient`, the same client on tokio. The `watch` example of
//! `qmp-events` shows the two together.

#![warn(missing_docs)]

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

pub use builder::ClientBuilder;
pub use client::Client;
pub use error::{CommandError, DecodeError, Error};
pub use events::{Events, RawEvents};
pub use greeting::{Greeting, QemuVersion};
pub use raw_event::RawEvent;
#[cfg(feature = "tokio")]
pub use tokio_client::{AsyncClient, AsyncTransport};
pub use transport::Transport;
