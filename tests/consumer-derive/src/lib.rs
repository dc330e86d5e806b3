//! QMP event bindings from `#[derive(QmpEvents)]` over `events-spec/qmp-events.txt`.
#![deny(missing_docs, warnings)]

/// The bindings, emitted beside this struct.
#[derive(qmp_derive::QmpEvents)]
#[qmp(spec = "../../events-spec/qmp-events.txt")]
pub struct Qmp;
