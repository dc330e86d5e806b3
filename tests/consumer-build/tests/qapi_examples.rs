//! The QAPI schema's bindings of this crate against the schema's own examples.
use consumer_build::qemu_7_2 as qapi;

include!("../../shared/qapi_examples.rs");
