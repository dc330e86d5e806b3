//! The QAPI schema's bindings of this crate against the schema's own examples.
use consumer_derive::qemu_10_0 as qapi;

include!("../../shared/qapi_examples.rs");
