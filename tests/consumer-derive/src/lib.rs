//! QMP event bindings from `#[derive(QmpEvents)]` over `events-spec/qmp-events.txt`, in
//! [`qemu_10_0`] over QEMU 10.0.2's QAPI schema, in [`qga_10_0`] over its guest
//! agent's schema, and in [`qemu_7_2_and_10_0`] over 7.2.22's and 10.0.2's merged.
#![deny(missing_docs, warnings)]

/// The bindings, emitted beside this struct.
#[derive(qmp_derive::QmpEvents)]
#[qmp(spec = "../../events-spec/qmp-events.txt")]
pub struct Qmp;

/// The bindings of QEMU 10.0.2's QAPI schema (`events-spec/qapi/qemu-10.0.2/`), from
/// its root file; the crate is rebuilt when any file of the schema changes.
pub mod qemu_10_0 {
    /// The bindings, emitted beside this struct.
    #[derive(qmp_derive::QmpEvents)]
    #[qmp(spec = "../../events-spec/qapi/qemu-10.0.2/qapi-schema.json")]
    pub struct Qmp;
}

/// The bindings of QEMU 10.0.2's guest agent schema (`events-spec/qapi/qga-10.0.2/`):
/// the same as `qga-api` holds, from the derive.
pub mod qga_10_0 {
    /// The bindings, emitted beside this struct.
    #[derive(qmp_derive::QmpEvents)]
    #[qmp(spec = "../../events-spec/qapi/qga-10.0.2/qapi-schema.json")]
    pub struct Qga;
}

/// The bindings of QEMU 7.2.22's and 10.0.2's QAPI schemas merged into one, from two
/// `spec` keys: what either release sends decodes.
pub mod qemu_7_2_and_10_0 {
    /// The bindings, emitted beside this struct.
    #[derive(qmp_derive::QmpEvents)]
    #[qmp(
        spec = "../../events-spec/qapi/qemu-7.2.22/qapi-schema.json",
        spec = "../../events-spec/qapi/qemu-10.0.2/qapi-schema.json"
    )]
    pub struct Qmp;
}
