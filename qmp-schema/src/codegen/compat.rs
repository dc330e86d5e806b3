//! `BINDINGS` (the bindings' tables of commands and events, for a client that asks the
//! QEMU it is connected to) and `compat` (the comparison with a QEMU's answer to
//! `query-qmp-schema`), both through the runtime's `compat` module.

use super::tokens::{json_value, rt};
use proc_macro2::TokenStream;
use quote::quote;

/// The items, for every schema: bindings without commands (the event document's) compare
/// their events, and have every command of a QEMU reported as one they lack.
pub fn emit() -> TokenStream {
    let rt = rt();
    let value = json_value();
    quote! {
        /// The bindings' tables of commands and events, for code that takes bindings as an
        /// argument: `qmp_client::Client::compat(&BINDINGS)` compares them with the QEMU
        /// it is connected to.
        pub static BINDINGS: #rt::compat::Bindings = #rt::compat::Bindings {
            commands: &__QMP_COMMANDS,
            events: &__QMP_EVENTS,
        };

        /// Compares the bindings with a QEMU's answer to `query-qmp-schema` (the list, or
        /// an object holding it under `"query-qmp-schema"`): the commands and events the
        /// bindings have and this QEMU lacks, the arguments it requires that the bindings
        /// do not know, the members the bindings require that it does not send, and what
        /// it has that the bindings lack, each by wire path and said breaking or
        /// compatible.
        pub fn compat(introspection: &#value) -> #rt::compat::Report {
            BINDINGS.compare(introspection)
        }
    }
}
