//! The `commands` module (a struct per command, each a `Command`), `AnyCommand` for code
//! that receives commands, `CommandMessage`, `validate_command`, `validate_return`,
//! `COMMAND_NAMES` and `COMMAND_EXAMPLES`.

use super::plan::{CommandArguments, CommandPlan, Plan};
use super::structs::emit_struct;
use super::tables::Tables;
use super::tokens::{
    data_enum_attrs, doc_attrs, ident, info_static, json_map, json_value, rt, rust_type_in,
};
use crate::docs::{Inline, Markdown, command_doc};
use crate::model::{Direction, Schema};
use proc_macro2::TokenStream;
use quote::quote;

/// The `commands` module (empty for bindings without commands, so that the API, and
/// the docs that link to it, are the same for every selection).
pub fn emit_module(plan: &Plan<'_>, tables: &mut Tables) -> TokenStream {
    let items = plan
        .commands
        .iter()
        .map(|command| emit_command(plan, command, tables));
    quote! {
        /// The schema's commands: a struct per command, holding its arguments, which
        /// implements [`Command`] (its wire name and what it
        /// returns). Each is serialized as the `arguments` object QEMU takes.
        pub mod commands {
            #(#items)*
        }
    }
}

fn emit_command(plan: &Plan<'_>, command: &CommandPlan<'_>, tables: &mut Tables) -> TokenStream {
    let rt = rt();
    let name = ident(&command.name);
    let model = command.command;
    let definition = match &command.arguments {
        CommandArguments::Fields(index) => match plan.structs.get(*index) {
            Some(arguments) => emit_struct(arguments, tables, true),
            None => TokenStream::new(),
        },
        CommandArguments::Boxed(type_name) => {
            let doc = doc_attrs(&command_doc(model));
            let ty = ident(type_name);
            let info = info_static(type_name);
            let field_doc = format!(" The arguments: a [`{type_name}`](super::{type_name}).");
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                #[repr(transparent)]
                pub struct #name(#[doc = #field_doc] pub super::#ty);

                // SAFETY: a transparent struct is laid out as the type it holds.
                unsafe impl #rt::Reflect for #name {
                    const INFO: &'static #rt::reflect::TypeInfo = &super::#info;
                }

                #rt::__serde_impls!(#name);
            }
        }
    };
    let returns = match &command.returns {
        Some(ty) => rust_type_in(ty, &quote! { super:: }),
        None => quote! { #rt::Empty },
    };
    let wire = &model.name;
    let success = model.success_response;
    let oob = model.allow_oob;
    quote! {
        #definition

        impl #rt::Command for #name {
            const NAME: &'static str = #wire;
            type Returns = #returns;
            const SUCCESS_RESPONSE: bool = #success;
            const ALLOW_OOB: bool = #oob;
        }
    }
}

/// `AnyCommand`, `CommandMessage`, the validators and the constants.
pub fn emit_set(plan: &Plan<'_>, schema: &Schema, tables: &mut Tables) -> TokenStream {
    let rt = rt();
    let releases = super::releases::by_entry(
        plan.commands.iter().map(|command| command.command.releases),
        tables.releases,
    );
    let value = json_value();
    let map = json_map();
    let variants = plan.commands.iter().map(|command| {
        let name = ident(&command.name);
        let mut doc = Markdown::new();
        doc.rich_paragraph(&[
            Inline::Text("The "),
            Inline::Code(&command.command.name),
            Inline::Text(" command."),
        ]);
        let doc = doc_attrs(&doc);
        quote! { #doc #name(commands::#name), }
    });
    let infos: Vec<TokenStream> = plan
        .commands
        .iter()
        .map(|command| {
            let name = ident(&command.name);
            let wire = &command.command.name;
            let checked = command.command.generated;
            let returns = match &command.returns {
                Some(ty) => tables.member_info(ty, false, false),
                None => quote! { <#rt::Empty as #rt::Reflect>::INFO },
            };
            quote! {
                #rt::CommandInfo {
                    name: #wire,
                    arguments: <commands::#name as #rt::Reflect>::INFO,
                    offset: ::core::mem::offset_of!(#rt::reflect::Tagged<commands::#name>, value),
                    returns: #returns,
                    arguments_checked: #checked,
                }
            }
        })
        .collect();
    let names = schema.commands.iter().map(|command| command.name.as_str());
    let visits = plan.commands.iter().map(|command| {
        let name = ident(&command.name);
        quote! { visitor.visit::<commands::#name>(); }
    });
    let examples = command_examples(schema);
    let attrs = data_enum_attrs();
    let unknown_layout =
        quote! { #rt::reflect::Tagged2<::std::string::String, ::core::option::Option<#map>> };
    quote! {
        /// A QMP command as a client sends it, decoded into its struct of [`commands`],
        /// for code that receives commands (a proxy, a test double of QEMU).
        ///
        /// Commands the schema does not describe decode as [`AnyCommand::Unknown`].
        #attrs
        pub enum AnyCommand {
            #(#variants)*
            /// A command the schema does not describe, kept as sent.
            Unknown {
                /// The command's wire name.
                name: ::std::string::String,
                /// Its `arguments` member, if it had one.
                arguments: ::core::option::Option<#map>,
            },
        }

        impl AnyCommand {
            /// The command's wire name (`query-status`).
            pub fn name(&self) -> &str {
                #rt::__private::command_name(self)
            }
        }

        /// A command message: the command, its `id`, and whether it runs out of band.
        pub type CommandMessage = #rt::CommandMessage<AnyCommand>;

        #[allow(non_upper_case_globals)]
        static __QMP_COMMANDS: #rt::CommandSetInfo = #rt::CommandSetInfo {
            commands: &[#(#infos),*],
            unknown_name: ::core::mem::offset_of!(#unknown_layout, first),
            unknown_arguments: ::core::mem::offset_of!(#unknown_layout, second),
            releases: #releases,
        };

        // SAFETY: `repr(u16)`, a variant per command in the table's order, then `Unknown`.
        unsafe impl #rt::CommandSet for AnyCommand {
            const COMMANDS: &'static #rt::CommandSetInfo = &__QMP_COMMANDS;
        }

        impl #rt::__private::serde::Serialize for AnyCommand {
            fn serialize<S: #rt::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                #rt::__private::serialize_command(self, serializer)
            }
        }

        impl<'de> #rt::__private::serde::Deserialize<'de> for AnyCommand {
            fn deserialize<D: #rt::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                #rt::__private::deserialize_command(deserializer)
            }
        }

        /// Checks a whole command message (`{"execute": ..., "arguments": ...}`) strictly
        /// against the schema; every violation is reported with a JSON pointer.
        pub fn validate_command(
            message: &#value,
        ) -> ::core::result::Result<(), ::std::vec::Vec<Violation>> {
            #rt::__private::validate_command(&__QMP_COMMANDS, message)
        }

        /// Checks the `return` value of `command` strictly against the type the schema
        /// gives it; every violation is reported with a JSON pointer into the value.
        pub fn validate_return(
            command: &str,
            value: &#value,
        ) -> ::core::result::Result<(), ::std::vec::Vec<Violation>> {
            #rt::__private::validate_return(&__QMP_COMMANDS, command, value)
        }

        /// Calls `visitor.visit::<C>()` for each command of [`commands`], in schema order:
        /// for code generic over commands (a test that runs every query, a table of
        /// them) that would otherwise name each.
        #[allow(unused_variables)] // bindings without commands visit none
        pub fn for_each_command<V: #rt::CommandVisitor>(visitor: &mut V) {
            #(#visits)*
        }

        /// The wire names of the commands the schema describes, in schema order.
        pub const COMMAND_NAMES: &[&str] = &[#(#names),*];

        /// The schema's command examples whose messages are whole JSON: (command, the
        /// message that runs it, QEMU's answer or `""` when the example shows none), in
        /// schema order, so that tests can decode them.
        pub const COMMAND_EXAMPLES: &[(&str, &str, &str)] = &[#(#examples),*];
    }
}

/// (command, request, answer) of each example request of a command the schema has.
fn command_examples(schema: &Schema) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for command in &schema.commands {
        for transcript in &command.examples {
            let messages = &transcript.messages;
            for (index, message) in messages.iter().enumerate() {
                let Some(json) = &message.json else { continue };
                if message.direction != Direction::ToQemu {
                    continue;
                }
                let Some(name) = json
                    .get("execute")
                    .or_else(|| json.get("exec-oob"))
                    .and_then(serde_json::Value::as_str)
                else {
                    continue;
                };
                if schema.command(name).is_none() {
                    continue;
                }
                // The answer is the next message from QEMU that is not an event, if it is
                // whole JSON.
                let answer = messages[index + 1..]
                    .iter()
                    .take_while(|m| m.direction == Direction::FromQemu)
                    .find(|m| m.json.as_ref().is_none_or(|j| j.get("event").is_none()));
                let answer = match answer {
                    Some(answer) => match &answer.json {
                        Some(json) => json.to_string(),
                        None => continue,
                    },
                    None => String::new(),
                };
                let request = json.to_string();
                out.push(quote! { (#name, #request, #answer) });
            }
        }
    }
    out
}
