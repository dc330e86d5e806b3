//! The members a type puts on the wire, as the rules need them: inherited and own, each
//! with the definition that declares it.

use super::super::expr::{Body, Definition, MemberDef, UnionBase};
use super::super::index::Index;

/// A member, and the definition that declares it.
#[derive(Debug, Clone, Copy)]
pub struct Declared<'d> {
    /// The member.
    pub member: &'d MemberDef,
    /// The struct, union or command whose text lists it.
    pub declared_in: &'d Definition,
}

/// The members of the struct `name`: its base's first (recursively), then its own.
/// Empty when `name` is no struct. A chain of bases that loops is cut where it loops
/// (`types.rs` reports the loop).
pub fn struct_members<'d>(index: &Index<'d>, name: &str) -> Vec<Declared<'d>> {
    let mut chain: Vec<&str> = Vec::new();
    let mut members = Vec::new();
    collect_struct(index, name, &mut chain, &mut members);
    members
}

fn collect_struct<'d>(
    index: &Index<'d>,
    name: &str,
    chain: &mut Vec<&'d str>,
    members: &mut Vec<Declared<'d>>,
) {
    let Some(definition) = index.get(name) else {
        return;
    };
    let Body::Struct { base, members: own } = &definition.body else {
        return;
    };
    if chain.contains(&definition.name.as_str()) {
        return;
    }
    chain.push(&definition.name);
    if let Some(base) = base {
        collect_struct(index, &base.name, chain, members);
    }
    members.extend(own.iter().map(|member| Declared {
        member,
        declared_in: definition,
    }));
}

/// The common members of `union`: written in it, or those of the struct it names.
pub fn union_base_members<'d>(index: &Index<'d>, union: &'d Definition) -> Vec<Declared<'d>> {
    match &union.body {
        Body::Union {
            base: Some(UnionBase::Inline(members)),
            ..
        } => members
            .iter()
            .map(|member| Declared {
                member,
                declared_in: union,
            })
            .collect(),
        Body::Union {
            base: Some(UnionBase::Named(name)),
            ..
        } => struct_members(index, &name.name),
        _ => Vec::new(),
    }
}

/// The members an object type always has on the wire: a struct's, or a union's common
/// members.
pub fn common_members<'d>(index: &Index<'d>, name: &str) -> Vec<Declared<'d>> {
    match index.get(name) {
        Some(
            definition @ Definition {
                body: Body::Union { .. },
                ..
            },
        ) => union_base_members(index, definition),
        _ => struct_members(index, name),
    }
}
