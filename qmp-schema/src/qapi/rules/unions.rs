//! Unions. A flat union's discriminator is a common member of enum type, required and
//! unconditional (its value picks the branch, so it must always be there); each branch
//! is a value of that enum and an object type, whose members join the common ones. The
//! enum's values without a branch add no members, so a union may list no branch at all,
//! but its enum needs a value. Errors: the model and the generated decoder go by these.
//!
//! A simple union (before QEMU 6.2) needs a branch, and its implicit enum `NameKind`
//! must not be defined by the schema too.

use super::super::expr::{Body, Branch, Definition, TypeRef, UnionBase};
use super::super::index::QTYPE_VALUES;
use super::walk::union_base_members;
use super::{Rules, article};

/// Checks a union.
pub fn check(rules: &mut Rules<'_, '_>, definition: &Definition) {
    let Body::Union {
        discriminator,
        branches,
        ..
    } = &definition.body
    else {
        return;
    };
    let Some((discriminator, span)) = discriminator else {
        check_simple(rules, definition, branches);
        return;
    };
    for branch in branches {
        check_branch_type(rules, definition, branch);
    }
    // Without a base that is a struct (reported), there is nothing to look for.
    let base_is_struct = match &definition.body {
        Body::Union {
            base: Some(UnionBase::Named(name)),
            ..
        } => rules.index.meta(&name.name) == Some("struct"),
        Body::Union { base, .. } => base.is_some(),
        _ => false,
    };
    if !base_is_struct {
        return;
    }
    let members = union_base_members(rules.index, definition);
    let Some(declared) = members
        .iter()
        .find(|declared| declared.member.name == *discriminator)
    else {
        let message =
            format!("discriminator '{discriminator}' is not a member of the union's base");
        rules.error(definition, *span, message);
        return;
    };
    let member = declared.member;
    if member.optional {
        let message = format!("discriminator '{discriminator}' must not be optional");
        rules.error(definition, *span, message);
    }
    if member.condition.is_some() {
        let message = format!(
            "discriminator '{discriminator}' must not be conditional: every value of the \
             union has it"
        );
        rules.error(definition, *span, message);
    }
    let enum_name = match &member.ty {
        TypeRef::Name(name) if rules.index.meta(&name.name) == Some("enum") => name.name.clone(),
        _ => {
            let message = format!("discriminator '{discriminator}' must be of an enum type");
            rules.error(definition, *span, message);
            return;
        }
    };
    let values: Vec<&str> = match rules.index.get(&enum_name).map(|d| &d.body) {
        Some(Body::Enum { values }) => values.iter().map(|value| value.value.as_str()).collect(),
        _ => QTYPE_VALUES.to_vec(),
    };
    for branch in branches {
        if !values.contains(&branch.name.as_str()) {
            let message = format!(
                "branch '{}' is not a value of the discriminator's enum '{enum_name}'",
                branch.name
            );
            rules.error(definition, branch.span, message);
        }
    }
    if branches.is_empty() && values.is_empty() {
        let message = format!(
            "the union has no branches: it lists none, and its discriminator's enum \
             '{enum_name}' has no values"
        );
        rules.error(definition, definition.span, message);
    }
}

/// A flat union's branch is an object type: a struct, or (since QEMU 8.2's
/// `MigrationAddress`) a union, whose members the branch adds.
fn check_branch_type(rules: &mut Rules<'_, '_>, definition: &Definition, branch: &Branch) {
    let TypeRef::Name(name) = &branch.ty else {
        return;
    };
    let Some(meta) = rules.index.meta(&name.name) else {
        // Unknown, reported by types.rs.
        return;
    };
    if meta != "struct" && meta != "union" {
        let message = format!(
            "branch '{}' must be a struct or a union, but '{}' is {}",
            branch.name,
            name.name,
            article(meta)
        );
        rules.error(definition, name.span, message);
    }
}

fn check_simple(rules: &mut Rules<'_, '_>, definition: &Definition, branches: &[Branch]) {
    if branches.is_empty() {
        rules.error(
            definition,
            definition.span,
            "a union needs at least one branch",
        );
    }
    let kind = format!("{}Kind", definition.name);
    if let Some(defined) = rules.index.get(&kind) {
        let message = format!(
            "'{kind}' is defined as {} at line {}, but a simple union '{}' implies an enum \
             of that name",
            article(defined.meta()),
            defined.span.line,
            definition.name
        );
        rules.error(definition, definition.span, message);
    }
}
