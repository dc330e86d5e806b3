//! The bindings emitted by `#[derive(QmpEvents)]` behave as the document says.
use consumer_derive as qmp;

include!("../../shared/bindings_behaviour.rs");
