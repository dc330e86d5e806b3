//! Type references: every name used as a type names one (a built-in type or a type the
//! schema defines, not a command or an event), a base is a struct, and no type contains
//! itself (through its base or, for a union, a branch: the generated types would be of
//! infinite size, and QEMU refuses them as "object contains itself").
//!
//! What kind of type a union's branch, an alternative or a command's data may be is the
//! business of `unions.rs`, `alternates.rs` and `commands.rs`.

use super::super::expr::{Body, Branch, Data, Definition, MemberDef, TypeName, TypeRef, UnionBase};
use super::super::index::{LEGACY_ANY, builtin};
use super::{Rules, article};
use std::collections::HashMap;

/// Checks the type references of a definition.
pub fn check(rules: &mut Rules<'_, '_>, definition: &Definition) {
    match &definition.body {
        Body::Enum { .. } => {}
        Body::Struct { base, members } => {
            if let Some(base) = base {
                struct_base(rules, definition, base);
            }
            check_members(rules, definition, members, false);
        }
        Body::Union { base, branches, .. } => {
            match base {
                Some(UnionBase::Named(name)) => struct_base(rules, definition, name),
                Some(UnionBase::Inline(members)) => {
                    check_members(rules, definition, members, false);
                }
                None => {}
            }
            check_branches(rules, definition, branches);
        }
        Body::Alternate { alternatives } => check_branches(rules, definition, alternatives),
        Body::Command {
            data,
            returns,
            flags,
        } => {
            // QEMU did not check the types of a command it did not generate until 2.5,
            // and its schemas used that: `'*props': '**'`, `'dict'`.
            let legacy = !flags.generated;
            check_data(rules, definition, data.as_ref(), legacy);
            if let Some(returns) = returns {
                check_type_ref(rules, definition, returns, legacy);
            }
        }
        Body::Event { data, .. } => check_data(rules, definition, data.as_ref(), false),
    }
}

fn check_data(
    rules: &mut Rules<'_, '_>,
    definition: &Definition,
    data: Option<&Data>,
    legacy: bool,
) {
    match data {
        Some(Data::Inline(members)) => check_members(rules, definition, members, legacy),
        Some(Data::Named(name)) => {
            is_type(rules, definition, name, legacy);
        }
        None => {}
    }
}

fn check_members(
    rules: &mut Rules<'_, '_>,
    definition: &Definition,
    members: &[MemberDef],
    legacy: bool,
) {
    for member in members {
        check_type_ref(rules, definition, &member.ty, legacy);
    }
}

fn check_branches(rules: &mut Rules<'_, '_>, definition: &Definition, branches: &[Branch]) {
    for branch in branches {
        check_type_ref(rules, definition, &branch.ty, false);
    }
}

fn check_type_ref(rules: &mut Rules<'_, '_>, definition: &Definition, ty: &TypeRef, legacy: bool) {
    match ty {
        TypeRef::Name(name) | TypeRef::Array(name) => {
            is_type(rules, definition, name, legacy);
        }
        TypeRef::Object(members) => check_members(rules, definition, members, legacy),
    }
}

/// Whether `name` names a type; an unknown name (or a command or event) is an error.
fn is_type(
    rules: &mut Rules<'_, '_>,
    definition: &Definition,
    name: &TypeName,
    legacy: bool,
) -> bool {
    if builtin(&name.name).is_some() || (legacy && LEGACY_ANY.contains(&name.name.as_str())) {
        return true;
    }
    match rules.index.meta(&name.name) {
        Some(meta @ ("command" | "event")) => {
            let message = format!("'{}' is {}, not a type", name.name, article(meta));
            rules.error(definition, name.span, message);
            false
        }
        Some(_) => true,
        None => {
            let message = format!("unknown type '{}'", name.name);
            rules.error(definition, name.span, message);
            false
        }
    }
}

/// A base is a struct, whose members come first.
fn struct_base(rules: &mut Rules<'_, '_>, definition: &Definition, name: &TypeName) {
    if !is_type(rules, definition, name, false) {
        return;
    }
    let meta = rules.index.meta(&name.name).unwrap_or("built-in");
    if meta != "struct" {
        let message = format!(
            "its base '{}' must be a struct, but it is {}",
            name.name,
            article(meta)
        );
        rules.error(definition, name.span, message);
    }
}

/// A type contained: how (`base`, `branch`) and which.
type Edge<'d> = (&'static str, &'d str);

/// A type on the path of the walk: its definition, the types it contains, and how many
/// of them have been followed.
type Frame<'d> = (&'d Definition, Vec<Edge<'d>>, usize);

/// The types a type contains (not behind a pointer, in QEMU's C): a struct's or union's
/// base, and a flat union's branch types.
fn contained(definition: &Definition) -> Vec<Edge<'_>> {
    match &definition.body {
        Body::Struct {
            base: Some(base), ..
        } => vec![("base", base.name.as_str())],
        Body::Union {
            base,
            discriminator,
            branches,
        } => {
            let mut contained = Vec::new();
            if let Some(UnionBase::Named(base)) = base {
                contained.push(("base", base.name.as_str()));
            }
            // A simple union's branches are wrapped, each in a struct of its own.
            if discriminator.is_some() {
                for branch in branches {
                    if let TypeRef::Name(name) = &branch.ty {
                        contained.push(("branch", name.name.as_str()));
                    }
                }
            }
            contained
        }
        _ => Vec::new(),
    }
}

/// Reports each type that contains itself, once per loop, at the loop's first type in
/// schema order. The walk is iterative: a hostile schema's chain of bases may be as long
/// as it has definitions.
pub fn check_containment(rules: &mut Rules<'_, '_>) {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum State {
        OnPath,
        Done,
    }
    let index = rules.index;
    let mut state: HashMap<&str, State> = HashMap::new();
    for documented in index.definitions {
        let root = documented.definition.name.as_str();
        if state.contains_key(root) || index.get(root).is_none() {
            continue;
        }
        // Each frame: a type on the path, the edges it contains, the next edge to follow.
        let mut path: Vec<Frame<'_>> = Vec::new();
        if let Some(definition) = index.get(root) {
            state.insert(root, State::OnPath);
            path.push((definition, contained(definition), 0));
        }
        while let Some((definition, edges, next)) = path.last_mut() {
            let name = definition.name.as_str();
            let Some(&(_, target)) = edges.get(*next) else {
                state.insert(name, State::Done);
                path.pop();
                continue;
            };
            *next += 1;
            match (state.get(target), index.get(target)) {
                (Some(State::OnPath), Some(start)) => {
                    let message = loop_message(&path, target);
                    rules.error(start, start.span, message);
                }
                (None, Some(inner)) => {
                    state.insert(target, State::OnPath);
                    path.push((inner, contained(inner), 0));
                }
                _ => {}
            }
        }
    }
}

/// `'A' contains itself: its base 'B' has branch type 'A'`.
fn loop_message(path: &[Frame<'_>], start: &str) -> String {
    let first = path
        .iter()
        .position(|(definition, _, _)| definition.name == start)
        .unwrap_or(0);
    let steps: Vec<String> = path[first..]
        .iter()
        .map(|(definition, edges, next)| {
            let (role, target) = edges
                .get(next.saturating_sub(1))
                .copied()
                .unwrap_or(("", ""));
            format!(
                "{} '{}' has {role} '{target}'",
                definition.meta(),
                definition.name
            )
        })
        .collect();
    format!("'{start}' contains itself: {}", steps.join(", "))
}
