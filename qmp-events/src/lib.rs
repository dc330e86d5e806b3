//! Typed Rust for the events of QEMU's QMP event document, ready to use.
//!
//! The types are generated at build time by `qmp-schema` from the document
//! bundled with this project (`events-spec/qmp-events.txt`, QEMU 2012): one
//! struct per event, an enum per enumerated field, [`Event`] over all of them
//! and [`EventMessage`] for a whole line as QEMU sends it.
//!
//! ```
//! use qmp_events::{BlockIoErrorAction, Event, EventMessage};
//! use serde_json::Value;
//!
//! // A line from QEMU 10, which sends more than the 2012 document describes.
//! let line = r#"{"timestamp": {"seconds": 1795560461, "microseconds": 721342},
//!     "event": "BLOCK_IO_ERROR", "data": {"device": "ide0-hd0",
//!     "reason": "Input/output error", "operation": "read", "action": "stop"}}"#;
//!
//! let message: EventMessage = serde_json::from_str(line)?;
//! let Event::BlockIoError(error) = &message.event else {
//!     panic!("expected BLOCK_IO_ERROR, got {}", message.event.name());
//! };
//! assert_eq!(error.device, "ide0-hd0");
//! assert_eq!(error.action, BlockIoErrorAction::Stop);
//! // What the document does not describe is kept, not dropped...
//! assert_eq!(error.unknown_fields["reason"], "Input/output error");
//! // ...so encoding gives back the line's JSON exactly.
//! assert_eq!(serde_json::to_value(&message)?, serde_json::from_str::<Value>(line)?);
//!
//! // `validate` is the strict counterpart: it points at what the document lacks.
//! let violations = qmp_events::validate(&serde_json::from_str(line)?).unwrap_err();
//! assert_eq!(violations.len(), 1);
//! assert_eq!(violations[0].pointer, "/data/reason");
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! Decoding is lenient, because QEMU keeps adding to its events: fields the
//! document does not list land in each struct's `unknown_fields`, values an
//! enumeration does not list in its `Other` variant, and events the document
//! does not describe (such as `JOB_STATUS_CHANGE` or `POWERDOWN`) in
//! [`Event::Unknown`]. The document's own examples are in [`EXAMPLES`].
//!
//! # Talking to QEMU
//!
//! This crate only holds the types and depends on serde and serde_json alone.
//! To connect to a QEMU, run commands and read its events, use the
//! `qmp-client` crate, whose event iterators decode into any serde type:
//!
//! ```no_run
//! use qmp_client::Client;
//! use qmp_events::{Event, EventMessage};
//!
//! let mut qmp = Client::connect_unix("/run/qemu/vm0.qmp")?;
//! for message in qmp.events::<EventMessage>() {
//!     match message {
//!         Ok(EventMessage { event: Event::Shutdown(_), .. }) => break,
//!         Ok(message) => println!("{}", message.event.name()),
//!         // An event that does not decode is reported and the stream goes on.
//!         Err(err) => eprintln!("{err}"),
//!     }
//! }
//! # Ok::<(), qmp_client::Error>(())
//! ```
//!
//! The `watch` example (`cargo run --example watch -- --spawn`) prints the
//! events of a QEMU as one readable line each.
//!
//! For bindings of another version of the document, generate your own with
//! `qmp_schema::Builder` in a build script or `#[derive(qmp_derive::QmpEvents)]`.

#![deny(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/qmp.rs"));
