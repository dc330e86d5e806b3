//! What merged bindings say about their releases: which releases have each member,
//! enumeration value, branch, event and command (bits in the runtime's tables), the
//! `RELEASES` they were made from, and the validators that check against one of them
//! or say which accept a message. Bindings of one schema have none of it: every part is
//! in their one release, as the runtime's defaults say.

use super::tokens::{json_value, rt};
use crate::model::{Field, ReleaseSet, Schema};
use proc_macro2::TokenStream;
use quote::quote;

/// Every release of a merged model, as bits; 0 for one schema.
pub fn every(schema: &Schema) -> ReleaseSet {
    match schema.releases.len() {
        0 | 1 => 0,
        n if n >= 64 => u64::MAX,
        n => (1u64 << n) - 1,
    }
}

/// `.in_releases(..)` after a member's `Member::new(..)`, when some release of `every`
/// lacks it or leaves it out where the member is `optional` in the bindings.
pub fn member(field: &Field, optional: bool, every: ReleaseSet) -> TokenStream {
    let Some(presence) = field.releases.filter(|_| every != 0) else {
        return TokenStream::new();
    };
    let (releases, required_in) = (presence.releases & every, presence.required_in & every);
    let default_required = if optional { 0 } else { every };
    if releases == every && required_in == default_required {
        return TokenStream::new();
    }
    quote! { .in_releases(#releases, #required_in) }
}

/// A table's list of releases by entry (`&[]`, every release has every entry, unless
/// some entry is only in some).
pub fn by_entry(masks: impl Iterator<Item = Option<ReleaseSet>>, every: ReleaseSet) -> TokenStream {
    let masks: Vec<ReleaseSet> = masks.map(|m| m.unwrap_or(every) & every).collect();
    if every == 0 || masks.iter().all(|m| *m == every) {
        return quote! { &[] };
    }
    quote! { &[#(#masks),*] }
}

/// `RELEASES` and the validators by release, for merged bindings (nothing otherwise).
pub fn emit(schema: &Schema) -> TokenStream {
    if every(schema) == 0 {
        return TokenStream::new();
    }
    let rt = rt();
    let value = json_value();
    let names = &schema.releases;
    let result = quote! { ::core::result::Result<(), ::std::vec::Vec<Violation>> };
    let list = quote! { ::std::vec::Vec<&'static str> };
    quote! {
        /// The QEMU releases these bindings were merged from, oldest first: what the
        /// `_in` validators take and the `*_releases` functions answer with.
        pub const RELEASES: &[&str] = &[#(#names),*];

        /// As [`validate`], against what `release` (one of [`RELEASES`]) sends: its
        /// events, members, required members, enumeration values and branches.
        pub fn validate_in(release: &str, message: &#value) -> #result {
            #rt::__private::validate_event_in(&__QMP_EVENTS, RELEASES, release, message)
        }

        /// The releases of [`RELEASES`] whose schema accepts an event message, oldest
        /// first (none: no release sends it so).
        pub fn event_releases(message: &#value) -> #list {
            #rt::__private::event_releases(&__QMP_EVENTS, RELEASES, message)
        }

        /// As [`validate_command`], against what `release` (one of [`RELEASES`]) accepts.
        pub fn validate_command_in(release: &str, message: &#value) -> #result {
            #rt::__private::validate_command_in(&__QMP_COMMANDS, RELEASES, release, message)
        }

        /// The releases of [`RELEASES`] whose schema accepts a command message, oldest
        /// first.
        pub fn command_releases(message: &#value) -> #list {
            #rt::__private::command_releases(&__QMP_COMMANDS, RELEASES, message)
        }

        /// As [`validate_return`], against what `release` (one of [`RELEASES`]) returns.
        pub fn validate_return_in(release: &str, command: &str, value: &#value) -> #result {
            #rt::__private::validate_return_in(&__QMP_COMMANDS, RELEASES, release, command, value)
        }

        /// The releases of [`RELEASES`] whose schema has `command` return `value`, oldest
        /// first.
        pub fn return_releases(command: &str, value: &#value) -> #list {
            #rt::__private::return_releases(&__QMP_COMMANDS, RELEASES, command, value)
        }
    }
}
