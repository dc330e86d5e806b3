//! `Event`, `EventMessage`, the payloads the schema leaves open, aliases for sections
//! with several events, `EXAMPLES` and `EVENT_NAMES`.

use super::names::UNKNOWN_FIELDS;
use super::plan::{EventPlan, PayloadPlan, PayloadShape, Plan};
use super::tokens::{
    data_enum_attrs, doc_attrs, doc_line, ident, info_static, json_map, json_value, rt,
};
use crate::docs::{Inline, Markdown, example_doc, section_doc, section_prose};
use crate::model::Schema;
use proc_macro2::TokenStream;
use quote::quote;

/// Everything about events as a whole, in chunks of items (see `codegen::chunks`).
pub fn emit(plan: &Plan<'_>, schema: &Schema, mut sink: impl FnMut(TokenStream)) {
    sink(emit_event_enum(plan, schema));
    sink(emit_constants(schema));
    for payload in &plan.payloads {
        sink(emit_open_payload(payload));
        sink(emit_aliases(payload));
    }
}

fn emit_event_enum(plan: &Plan<'_>, schema: &Schema) -> TokenStream {
    let rt = rt();
    let releases = super::releases::by_entry(
        plan.events
            .iter()
            .map(|event| schema.section_for(event.wire).and_then(|s| s.releases)),
        super::releases::every(schema),
    );
    let value = json_value();
    let variants = plan.events.iter().map(|event| {
        let variant = ident(&event.variant);
        let ty = ident(&event.type_name);
        let doc = doc_attrs(&event_variant_doc(plan, event));
        quote! { #doc #variant(#ty), }
    });
    let infos = plan.events.iter().map(|event| {
        let wire = event.wire;
        let ty = ident(&event.type_name);
        let unknown = ident(UNKNOWN_FIELDS);
        let data = match plan.payloads.get(event.payload).map(|p| (&p.shape, p)) {
            Some((PayloadShape::Open { data_none }, _)) => {
                let which = if *data_none {
                    quote! { None }
                } else {
                    quote! { Open }
                };
                quote! { #rt::EventData::#which(::core::mem::offset_of!(#ty, #unknown)) }
            }
            Some((_, payload)) => {
                let info = info_static(&payload.name);
                quote! { #rt::EventData::Typed(&#info) }
            }
            None => quote! { #rt::EventData::Open(0) },
        };
        quote! {
            #rt::EventInfo {
                name: #wire,
                data: #data,
                offset: ::core::mem::offset_of!(#rt::reflect::Tagged<#ty>, value),
            }
        }
    });
    let attrs = data_enum_attrs();
    let unknown_layout =
        quote! { #rt::reflect::Tagged2<::std::string::String, ::core::option::Option<#value>> };
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
                data: ::core::option::Option<#value>,
            },
        }

        impl Event {
            /// The event's wire name (`BLOCK_IO_ERROR`).
            pub fn name(&self) -> &str {
                #rt::__private::name_of(self)
            }
        }

        /// One QMP event message: the event and when QEMU sent it.
        ///
        /// `EventMessage::from_json(line)` decodes a line in any member order (as does
        /// `serde_json::from_str`, more slowly); `to_json` gives the line's JSON value back.
        pub type EventMessage = #rt::EventMessage<Event>;

        #[allow(non_upper_case_globals)]
        static __QMP_EVENTS: #rt::EventSetInfo = #rt::EventSetInfo {
            events: &[#(#infos),*],
            unknown_name: ::core::mem::offset_of!(#unknown_layout, first),
            unknown_data: ::core::mem::offset_of!(#unknown_layout, second),
            releases: #releases,
        };

        // SAFETY: `repr(u16)`, a variant per event in the table's order, then `Unknown`.
        unsafe impl #rt::EventSet for Event {
            const EVENTS: &'static #rt::EventSetInfo = &__QMP_EVENTS;
        }

        impl #rt::__private::serde::Serialize for Event {
            fn serialize<S: #rt::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                #rt::__private::serialize_event(self, serializer)
            }
        }

        impl<'de> #rt::__private::serde::Deserialize<'de> for Event {
            fn deserialize<D: #rt::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                #rt::__private::deserialize_event(deserializer)
            }
        }

        /// Checks a raw QMP event message strictly against the schema: unknown events,
        /// missing required members, wrong JSON types, values outside an enumeration,
        /// members the schema does not describe, integers out of range. Every violation
        /// is reported, each with a JSON pointer to where it is.
        ///
        /// Decoding with [`EventMessage`] is lenient and keeps what the schema does not
        /// describe; this is the strict counterpart.
        pub fn validate(
            message: &#value,
        ) -> ::core::result::Result<(), ::std::vec::Vec<Violation>> {
            #rt::__private::validate_event(&__QMP_EVENTS, message)
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

/// A payload whose members the schema does not list: it keeps whatever data is sent.
fn emit_open_payload(payload: &PayloadPlan<'_>) -> TokenStream {
    let PayloadShape::Open { data_none } = payload.shape else {
        return quote! {};
    };
    let rt = rt();
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

        impl #rt::__private::serde::Serialize for #name {
            fn serialize<S: #rt::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match &self.#unknown {
                    ::core::option::Option::Some(members) => {
                        #rt::__private::serde::Serialize::serialize(members, serializer)
                    }
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

        /// The schema's event examples that are valid JSON: (event name, JSON text), in
        /// schema order, so that tests can decode them.
        pub const EXAMPLES: &[(&str, &str)] = &[#(#examples),*];
    }
}
