//! Commands and events.
//!
//! Their `data` names a struct, or with `'boxed': true` a union (whose branches the
//! arguments then are); a conditional argument needs `'boxed': true`, as QEMU's
//! generated C can only then leave it out. Errors: QEMU never accepted otherwise.
//!
//! A command returns an object or an array of objects, so that it can grow, unless the
//! pragma `command-returns-exceptions` lists it. A warning: the bindings decode any
//! return, and QEMU before 2.9 had no such list for its exceptions.

use super::super::expr::{Body, Data, Definition, TypeRef};
use super::super::index::LEGACY_ANY;
use super::walk::struct_members;
use super::{Rules, article};

/// Checks a command or an event.
pub fn check(rules: &mut Rules<'_, '_>, definition: &Definition) {
    let (data, boxed) = match &definition.body {
        Body::Command { data, flags, .. } => (data, flags.boxed),
        Body::Event { data, boxed } => (data, *boxed),
        _ => return,
    };
    match data {
        Some(Data::Named(name)) => {
            let Some(meta) = rules.index.meta(&name.name) else {
                return;
            };
            let fits = meta == "struct" || (boxed && meta == "union");
            if !fits {
                let wanted = if boxed {
                    "a struct or a union"
                } else {
                    "a struct (a union needs 'boxed': true)"
                };
                let message = format!(
                    "'data' names '{}', which is {}; it must be {wanted}",
                    name.name,
                    article(meta)
                );
                rules.error(definition, name.span, message);
            } else if !boxed
                && let Some(conditional) = struct_members(rules.index, &name.name)
                    .into_iter()
                    .find(|declared| declared.member.condition.is_some())
            {
                let message = format!(
                    "the arguments of '{}' are conditional (member '{}' has an 'if'), which \
                     needs 'boxed': true",
                    name.name, conditional.member.name
                );
                rules.error(definition, name.span, message);
            }
        }
        Some(Data::Inline(members)) if !boxed => {
            if let Some(member) = members.iter().find(|member| member.condition.is_some()) {
                let message = format!(
                    "argument '{}' is conditional, which needs the arguments in a struct of \
                     their own and 'boxed': true",
                    member.name
                );
                rules.error(definition, member.span, message);
            }
        }
        _ => {}
    }
    if let Body::Command {
        returns: Some(returns),
        ..
    } = &definition.body
    {
        check_returns(rules, definition, returns);
    }
}

/// A command returns an object, or an array of objects, unless the pragmas exempt it.
fn check_returns(rules: &mut Rules<'_, '_>, definition: &Definition, returns: &TypeRef) {
    if rules.pragmas.permits_any_returns(&definition.name) {
        return;
    }
    let (name, array) = match returns {
        TypeRef::Name(name) => (name, false),
        TypeRef::Array(name) => (name, true),
        TypeRef::Object(_) => return,
    };
    if LEGACY_ANY.contains(&name.name.as_str()) {
        return;
    }
    let Some(meta) = rules.index.meta(&name.name) else {
        return;
    };
    if meta != "struct" && meta != "union" {
        let what = match (array, meta) {
            (true, _) => format!("an array of '{}'", name.name),
            (false, "built-in") => format!("the built-in type '{}'", name.name),
            (false, meta) => format!("{} '{}'", article(meta), name.name),
        };
        let message = format!(
            "'returns' is {what}; a command returns an object or an array of objects, unless \
             the pragma 'command-returns-exceptions' lists it"
        );
        rules.warning(definition, name.span, message);
    }
}
