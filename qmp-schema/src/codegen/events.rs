//! `Event`, `EventMessage`, the payloads the schema leaves open, aliases for sections
//! with several events, `EXAMPLES` and `EVENT_NAMES`.

use super::names::UNKNOWN_FIELDS;
use super::plan::{EventPlan, PayloadPlan, PayloadShape, Plan};
use super::tokens::{data_enum_attrs, doc_attrs, doc_line, ident, json_map};
use crate::docs::{Inline, Markdown, example_doc, section_doc, section_prose};
use crate::model::Schema;
use proc_macro2::TokenStream;
use quote::quote;

/// Everything about events as a whole, in chunks of items (see `codegen::chunks`).
pub fn emit(plan: &Plan<'_>, schema: &Schema, mut sink: impl FnMut(TokenStream)) {
    sink(emit_event_enum(plan));
    sink(emit_event_set(plan));
    sink(emit_message());
    sink(emit_constants(schema));
    for payload in &plan.payloads {
        sink(emit_open_payload(payload));
        sink(emit_aliases(payload));
    }
}

fn emit_event_enum(plan: &Plan<'_>) -> TokenStream {
    let variants = plan.events.iter().map(|event| {
        let variant = ident(&event.variant);
        let ty = ident(&event.type_name);
        let doc = doc_attrs(&event_variant_doc(plan, event));
        quote! { #doc #variant(#ty), }
    });
    let names = plan.events.iter().map(|event| {
        let variant = ident(&event.variant);
        let wire = event.wire;
        quote! { Event::#variant(_) => #wire, }
    });
    let attrs = data_enum_attrs();
    quote! {
        /// A QMP event, decoded into the type the schema gives it.
        ///
        /// Events the schema does not describe decode as [`Event::Unknown`], so a newer
        /// QEMU's events are kept rather than rejected.
        #attrs
        pub enum Event {
            #(#variants)*
            /// An event the schema does not describe, kept as sent.
            Unknown {
                /// The event's wire name.
                name: ::std::string::String,
                /// Its `data` member, if it had one.
                data: ::core::option::Option<::serde_json::Value>,
            },
        }

        impl Event {
            /// The event's wire name (`BLOCK_IO_ERROR`).
            pub fn name(&self) -> &str {
                match self {
                    #(#names)*
                    Event::Unknown { name, .. } => name,
                }
            }
        }

        impl ::serde::Serialize for Event {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(::core::option::Option::None)?;
                map.serialize_entry("event", self.name())?;
                __qmp_runtime::EventSet::serialize_data(self, &mut map)?;
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for Event {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let mut event = ::core::option::Option::None;
                deserializer.deserialize_map(__qmp_runtime::MessageVisitor(&mut event))?;
                event.ok_or_else(|| ::serde::de::Error::missing_field("event"))
            }
        }
    }
}

fn event_variant_doc(plan: &Plan<'_>, event: &EventPlan<'_>) -> Markdown {
    let mut doc = Markdown::new();
    doc.rich_paragraph(&[
        Inline::Text("The "),
        Inline::Code(event.wire),
        Inline::Text(" event."),
    ]);
    match plan.payloads.get(event.payload) {
        // The payload is a named type documented as that type: the event's own prose
        // and examples go here.
        Some(PayloadPlan {
            shape: PayloadShape::Named { .. },
            section,
            ..
        }) => {
            doc.append(&section_prose(section));
            for example in &section.examples {
                doc.append(&example_doc(example));
            }
        }
        Some(payload) => {
            let first = payload
                .section
                .description
                .split("\n\n")
                .next()
                .unwrap_or_default();
            doc.prose(first);
        }
        None => {}
    }
    doc
}

fn emit_event_set(plan: &Plan<'_>) -> TokenStream {
    let kinds: Vec<_> = plan
        .events
        .iter()
        .map(|event| ident(&event.variant))
        .collect();
    let wires: Vec<&str> = plan.events.iter().map(|event| event.wire).collect();
    let decode_arms = plan.events.iter().map(|event| decode_arm(plan, event));
    let buffered_arms = plan.events.iter().map(|event| buffered_arm(plan, event));
    let serialize_arms = plan.events.iter().map(|event| serialize_arm(plan, event));
    quote! {
        #[doc(hidden)]
        pub enum __EventKind {
            #(#kinds,)*
            Unknown(::std::string::String),
        }

        impl __qmp_runtime::EventSet for Event {
            type Kind = __EventKind;

            fn kind(name: &str) -> __EventKind {
                match name {
                    #(#wires => __EventKind::#kinds,)*
                    other => __EventKind::Unknown(::std::string::ToString::to_string(other)),
                }
            }

            fn decode_data<'de, A: ::serde::de::MapAccess<'de>>(
                kind: __EventKind,
                map: &mut A,
                slot: &mut ::core::option::Option<Self>,
            ) -> ::core::result::Result<(), A::Error> {
                // Each arm writes the slot itself, so that the event is built in place
                // rather than in a temporary the size of `Event` and then copied.
                match kind {
                    #(#decode_arms)*
                    __EventKind::Unknown(name) => {
                        let data = map.next_value()?;
                        *slot = ::core::option::Option::Some(Event::Unknown {
                            name,
                            data: ::core::option::Option::Some(data),
                        });
                    }
                }
                ::core::result::Result::Ok(())
            }

            fn from_buffered<E: ::serde::de::Error>(
                kind: __EventKind,
                data: ::core::option::Option<::serde_json::Value>,
                slot: &mut ::core::option::Option<Self>,
            ) -> ::core::result::Result<(), E> {
                match kind {
                    #(#buffered_arms)*
                    __EventKind::Unknown(name) => {
                        *slot = ::core::option::Option::Some(Event::Unknown { name, data });
                    }
                }
                ::core::result::Result::Ok(())
            }

            fn wire_name(&self) -> &str {
                self.name()
            }

            fn serialize_data<M: ::serde::ser::SerializeMap>(
                &self,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match self {
                    #(#serialize_arms)*
                    Event::Unknown { data: ::core::option::Option::Some(data), .. } => {
                        map.serialize_entry("data", data)
                    }
                    Event::Unknown { data: ::core::option::Option::None, .. } => {
                        ::core::result::Result::Ok(())
                    }
                }
            }
        }
    }
}

fn payload<'p, 's>(plan: &'p Plan<'s>, event: &EventPlan<'_>) -> Option<&'p PayloadPlan<'s>> {
    plan.payloads.get(event.payload)
}

fn decode_arm(plan: &Plan<'_>, event: &EventPlan<'_>) -> TokenStream {
    let variant = ident(&event.variant);
    let ty = ident(&event.type_name);
    let wire = event.wire;
    let unknown = ident(UNKNOWN_FIELDS);
    let map_type = json_map();
    match payload(plan, event).map(|p| &p.shape) {
        Some(PayloadShape::Open { .. }) => quote! {
            __EventKind::#variant => {
                let members = map
                    .next_value::<#map_type>()
                    .map_err(|error| __qmp_runtime::event_error(#wire, error))?;
                *slot = ::core::option::Option::Some(Event::#variant(#ty {
                    #unknown: ::core::option::Option::Some(members),
                }));
            }
        },
        _ => quote! {
            __EventKind::#variant => {
                let payload = map
                    .next_value::<#ty>()
                    .map_err(|error| __qmp_runtime::event_error(#wire, error))?;
                *slot = ::core::option::Option::Some(Event::#variant(payload));
            }
        },
    }
}

fn buffered_arm(plan: &Plan<'_>, event: &EventPlan<'_>) -> TokenStream {
    let variant = ident(&event.variant);
    let ty = ident(&event.type_name);
    let wire = event.wire;
    let unknown = ident(UNKNOWN_FIELDS);
    match payload(plan, event).map(|p| &p.shape) {
        Some(PayloadShape::Open { .. }) => quote! {
            __EventKind::#variant => {
                let members = match data {
                    ::core::option::Option::Some(data) => {
                        ::core::option::Option::Some(__qmp_runtime::open_from_value(#wire, data)?)
                    }
                    ::core::option::Option::None => ::core::option::Option::None,
                };
                *slot = ::core::option::Option::Some(Event::#variant(#ty { #unknown: members }));
            }
        },
        Some(shape @ (PayloadShape::Fields(_) | PayloadShape::Named { .. })) => {
            let all_optional = match shape {
                PayloadShape::Fields(index) => {
                    plan.structs.get(*index).is_some_and(|s| s.all_optional())
                }
                PayloadShape::Named { all_optional, .. } => *all_optional,
                PayloadShape::Open { .. } => false,
            };
            let absent = if all_optional {
                quote! {
                    __qmp_runtime::payload_from_value(#wire, ::serde_json::Value::Object(::serde_json::Map::new()))?
                }
            } else {
                quote! { return ::core::result::Result::Err(__qmp_runtime::missing_data(#wire)) }
            };
            quote! {
                __EventKind::#variant => {
                    let payload = match data {
                        ::core::option::Option::Some(data) => __qmp_runtime::payload_from_value(#wire, data)?,
                        ::core::option::Option::None => #absent,
                    };
                    *slot = ::core::option::Option::Some(Event::#variant(payload));
                }
            }
        }
        None => quote! {},
    }
}

fn serialize_arm(plan: &Plan<'_>, event: &EventPlan<'_>) -> TokenStream {
    let variant = ident(&event.variant);
    let unknown = ident(UNKNOWN_FIELDS);
    match payload(plan, event).map(|p| &p.shape) {
        Some(PayloadShape::Open { .. }) => quote! {
            Event::#variant(payload) => match &payload.#unknown {
                ::core::option::Option::Some(members) => map.serialize_entry("data", members),
                ::core::option::Option::None => ::core::result::Result::Ok(()),
            },
        },
        _ => quote! {
            Event::#variant(payload) => map.serialize_entry("data", payload),
        },
    }
}

/// A payload whose members the schema does not list: it keeps whatever data is sent.
fn emit_open_payload(payload: &PayloadPlan<'_>) -> TokenStream {
    let PayloadShape::Open { data_none } = payload.shape else {
        return quote! {};
    };
    let name = ident(&payload.name);
    let unknown = ident(UNKNOWN_FIELDS);
    let map = json_map();
    let doc = doc_attrs(&section_doc(payload.section));
    let field_doc = if data_none {
        doc_line(
            "The `data` member, which the schema says this event does not carry; a newer QEMU may send one anyway. `None` when absent.",
        )
    } else {
        doc_line(
            "The `data` member, whose members the schema does not list, kept as sent. `None` when absent.",
        )
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #field_doc
            pub #unknown: ::core::option::Option<#map>,
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match &self.#unknown {
                    ::core::option::Option::Some(members) => ::serde::Serialize::serialize(members, serializer),
                    ::core::option::Option::None => serializer.serialize_unit(),
                }
            }
        }
    }
}

fn emit_aliases(payload: &PayloadPlan<'_>) -> TokenStream {
    let target = ident(&payload.name);
    let aliases = payload.aliases.iter().map(|(alias, wire)| {
        let alias = ident(alias);
        let mut doc = Markdown::new();
        doc.rich_paragraph(&[
            Inline::Text("The data of the "),
            Inline::Code(wire),
            Inline::Text(" event, which it shares with "),
            Inline::Code(
                payload
                    .section
                    .names
                    .first()
                    .map_or("", |n| n.name.as_str()),
            ),
            Inline::Text("."),
        ]);
        let doc = doc_attrs(&doc);
        quote! { #doc pub type #alias = #target; }
    });
    quote! { #(#aliases)* }
}

fn emit_message() -> TokenStream {
    quote! {
        /// One QMP event message: the event and when QEMU sent it.
        ///
        /// `serde_json::from_str::<EventMessage>(line)` decodes a line in any member order;
        /// `serde_json::to_value` of the result equals the line's JSON value.
        #[derive(Debug, Clone, PartialEq)]
        pub struct EventMessage {
            /// The event, with its data.
            pub event: Event,
            /// When QEMU sent it.
            pub timestamp: Timestamp,
        }

        impl EventMessage {
            /// Decodes one line as QEMU sends it: the same as
            /// `serde_json::from_str::<EventMessage>`, but not generic, so the decoder
            /// is compiled once, in the crate that holds the bindings, rather than again
            /// in every crate that decodes (which matters when the bindings come from a
            /// crate of their own, such as `qmp-events`).
            pub fn from_json(line: &str) -> ::core::result::Result<Self, ::serde_json::Error> {
                ::serde_json::from_str(line)
            }

            /// As [`EventMessage::from_json`], from bytes (which must be UTF-8, as QMP's are).
            pub fn from_json_slice(
                line: &[u8],
            ) -> ::core::result::Result<Self, ::serde_json::Error> {
                // Through `from_json` rather than `serde_json::from_slice`, which would
                // compile the whole decoder a second time, for serde_json's byte reader.
                match ::core::str::from_utf8(line) {
                    ::core::result::Result::Ok(line) => Self::from_json(line),
                    ::core::result::Result::Err(error) => ::core::result::Result::Err(
                        <::serde_json::Error as ::serde::de::Error>::custom(error),
                    ),
                }
            }

            /// As [`EventMessage::from_json`], from a parsed value.
            pub fn from_value(
                value: ::serde_json::Value,
            ) -> ::core::result::Result<Self, ::serde_json::Error> {
                ::serde_json::from_value(value)
            }

            /// The message as QEMU would send it, one line of JSON.
            pub fn to_json(&self) -> ::std::string::String {
                // Every generated type serializes without failing.
                ::serde_json::to_string(self).unwrap_or_default()
            }
        }

        impl ::serde::Serialize for EventMessage {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(::core::option::Option::None)?;
                map.serialize_entry("event", self.event.name())?;
                __qmp_runtime::EventSet::serialize_data(&self.event, &mut map)?;
                map.serialize_entry("timestamp", &self.timestamp)?;
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for EventMessage {
            // Inlined into the caller, the message is built where the caller keeps it
            // rather than copied there (an `EventMessage` is a few hundred bytes).
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                // The visitor decodes the event into this slot rather than returning it:
                // see `__qmp_runtime::EventSet::decode_data`.
                let mut event = ::core::option::Option::None;
                let timestamp =
                    deserializer.deserialize_map(__qmp_runtime::MessageVisitor(&mut event))?;
                match (event, timestamp) {
                    (::core::option::Option::Some(event), ::core::option::Option::Some(timestamp)) => {
                        ::core::result::Result::Ok(EventMessage { event, timestamp })
                    }
                    (::core::option::Option::Some(event), ::core::option::Option::None) => {
                        ::core::result::Result::Err(::serde::de::Error::custom(::core::format_args!(
                            "event {}: missing field `timestamp`",
                            event.name()
                        )))
                    }
                    (::core::option::Option::None, _) => {
                        ::core::result::Result::Err(::serde::de::Error::missing_field("event"))
                    }
                }
            }
        }
    }
}

fn emit_constants(schema: &Schema) -> TokenStream {
    let names = schema.events().map(|(name, _)| name.name.as_str());
    let examples = schema.sections.iter().flat_map(|section| {
        section.examples.iter().filter_map(move |example| {
            let json = example.json.as_ref()?;
            let event = json
                .get("event")
                .and_then(|e| e.as_str())
                .or_else(|| section.names.first().map(|n| n.name.as_str()))?;
            let text = example
                .text
                .trim_start()
                .strip_prefix("<-")
                .unwrap_or(&example.text)
                .trim();
            Some(quote! { (#event, #text) })
        })
    });
    quote! {
        /// The wire names of the events the schema describes, in schema order.
        pub const EVENT_NAMES: &[&str] = &[#(#names),*];

        /// The schema's examples that are valid JSON: (event name, JSON text), in
        /// schema order, so that tests can decode them.
        pub const EXAMPLES: &[(&str, &str)] = &[#(#examples),*];
    }
}
