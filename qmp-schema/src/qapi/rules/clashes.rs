//! Names that collide: two members of one object (its own, its base's, a union branch's
//! beside the union's common members), two values of an enum, two alternatives, two
//! features of one thing. Names collide when QEMU's C spells them alike (`a-b` and
//! `a_b` are both `a_b`): on the wire two members of one name are ambiguous, and in
//! generated code two fields or variants of one name do not compile. Errors.

use super::super::expr::{Body, Data, Definition, MemberDef, TypeRef};
use super::super::index::Index;
use super::Rules;
use super::names::c_name;
use super::walk::{common_members, struct_members, union_base_members};
use crate::model::{Feature, Span};
use std::collections::HashMap;

/// How deep union branches of union type are followed: containment loops are reported
/// by `types.rs`, and QEMU's schemas nest two levels.
const MAX_BRANCH_DEPTH: usize = 16;

/// The names already seen in one scope, by C name: as written, and where each comes from
/// for messages (`'Base'`, `the union's base`; `None`: the definition being checked).
type Seen = HashMap<String, (String, Option<String>)>;

/// Checks the names of one definition's scopes.
pub fn check(rules: &mut Rules<'_, '_>, definition: &Definition) {
    let index = rules.index;
    match &definition.body {
        Body::Enum { values } => {
            let mut seen = Seen::new();
            for value in values {
                if let Some(message) = clash(&mut seen, &value.value, None, "value") {
                    rules.error(definition, value.span, message);
                }
                check_features(rules, definition, &value.features);
            }
        }
        Body::Struct { members, .. } => {
            let mut seen = Seen::new();
            for declared in struct_members(index, &definition.name) {
                let own = std::ptr::eq(declared.declared_in, definition);
                if !own {
                    note(&mut seen, &declared.member.name, &declared.declared_in.name);
                    continue;
                }
                if let Some(message) = clash(&mut seen, &declared.member.name, None, "member") {
                    rules.error(definition, declared.member.span, message);
                }
            }
            check_member_scopes(rules, definition, members);
        }
        Body::Union {
            discriminator: Some(_),
            branches,
            base,
        } => {
            let mut seen = Seen::new();
            for declared in union_base_members(index, definition) {
                if !std::ptr::eq(declared.declared_in, definition) {
                    // A named base's members, checked in the base.
                    note(&mut seen, &declared.member.name, &declared.declared_in.name);
                } else if let Some(message) =
                    clash(&mut seen, &declared.member.name, None, "member")
                {
                    rules.error(definition, declared.member.span, message);
                }
            }
            // In a branch's messages, the inline base is named so.
            for (_, from) in seen.values_mut() {
                from.get_or_insert_with(|| "the union's base".to_owned());
            }
            for branch in branches {
                if let TypeRef::Name(name) = &branch.ty {
                    let found = branch_clashes(index, &name.name, seen.clone(), 0);
                    for message in found {
                        let message = format!("branch '{}': {message}", branch.name);
                        rules.error(definition, branch.span, message);
                    }
                }
            }
            if let Some(super::super::expr::UnionBase::Inline(members)) = base {
                check_member_scopes(rules, definition, members);
            }
        }
        Body::Union { .. } => {}
        Body::Alternate { alternatives } => {
            let mut seen = Seen::new();
            for alternative in alternatives {
                if let Some(message) = clash(&mut seen, &alternative.name, None, "alternative") {
                    rules.error(definition, alternative.span, message);
                }
            }
        }
        Body::Command { data, .. } | Body::Event { data, .. } => {
            if let Some(Data::Inline(members)) = data {
                let mut seen = Seen::new();
                for member in members {
                    if let Some(message) = clash(&mut seen, &member.name, None, "member") {
                        rules.error(definition, member.span, message);
                    }
                }
                check_member_scopes(rules, definition, members);
            }
        }
    }
    check_features(rules, definition, &definition.features);
}

/// The scopes inside members: their features, and the members of nested anonymous
/// structs.
fn check_member_scopes(rules: &mut Rules<'_, '_>, definition: &Definition, members: &[MemberDef]) {
    for member in members {
        check_features(rules, definition, &member.features);
        if let TypeRef::Object(nested) = &member.ty {
            let mut seen = Seen::new();
            for inner in nested {
                if let Some(message) = clash(&mut seen, &inner.name, None, "member") {
                    rules.error(definition, inner.span, message);
                }
            }
            check_member_scopes(rules, definition, nested);
        }
    }
}

fn check_features(rules: &mut Rules<'_, '_>, definition: &Definition, features: &[Feature]) {
    let mut seen = Seen::new();
    for feature in features {
        if let Some(message) = clash(&mut seen, &feature.name, None, "feature") {
            let span = if feature.span == Span::default() {
                definition.span
            } else {
                feature.span
            };
            rules.error(definition, span, message);
        }
    }
}

/// What the members of a branch type (and, for a union, of each of its branches) clash
/// with among the union's common members `seen`.
fn branch_clashes(index: &Index<'_>, name: &str, mut seen: Seen, depth: usize) -> Vec<String> {
    let mut found = Vec::new();
    if depth > MAX_BRANCH_DEPTH {
        return found;
    }
    for declared in common_members(index, name) {
        let from = Some(format!("'{}'", declared.declared_in.name));
        if let Some(message) = clash(&mut seen, &declared.member.name, from, "member") {
            found.push(message);
        }
    }
    if let Some(Definition {
        body:
            Body::Union {
                discriminator: Some(_),
                branches,
                ..
            },
        ..
    }) = index.get(name)
    {
        for branch in branches {
            if let TypeRef::Name(inner) = &branch.ty {
                found.extend(branch_clashes(index, &inner.name, seen.clone(), depth + 1));
            }
        }
    }
    found
}

/// Enters a name into a scope without checking it (a base's members, checked in the
/// base).
fn note(seen: &mut Seen, name: &str, from: &str) {
    seen.entry(c_name(name))
        .or_insert_with(|| (name.to_owned(), Some(format!("'{from}'"))));
}

/// Enters a name into a scope; the message when it collides with one seen before.
fn clash(seen: &mut Seen, name: &str, from: Option<String>, role: &str) -> Option<String> {
    let key = c_name(name);
    let Some((earlier, earlier_from)) = seen.get(&key) else {
        seen.insert(key, (name.to_owned(), from));
        return None;
    };
    let earlier_from = earlier_from.as_deref();
    let from = from.as_deref();
    let whose = |from: Option<&str>| from.map(|from| format!(" of {from}")).unwrap_or_default();
    Some(
        if *earlier == name && from.is_none() && earlier_from.is_none() {
            format!("{role} '{name}' is listed twice")
        } else {
            format!(
                "{role} '{name}'{} collides with {role} '{earlier}'{}{}",
                whose(from),
                whose(earlier_from),
                if *earlier == name {
                    String::new()
                } else {
                    format!(" (both are '{key}' in generated code)")
                }
            )
        },
    )
}
