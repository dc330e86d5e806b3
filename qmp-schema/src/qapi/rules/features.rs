//! Features. `deprecated` and `unstable` mean something for commands, events, members and
//! enum values, but not for a whole type (QEMU: "not supported for types"); and a schema
//! has at most 64 different features, the two special ones included, as QEMU keeps them
//! in one 64-bit mask. Errors, as in QEMU.

use super::super::expr::{Body, Data, Definition, MemberDef, TypeRef, UnionBase};
use super::Rules;
use crate::model::{Feature, Span};
use std::collections::HashSet;

/// The features QEMU gives a meaning of its own.
const SPECIAL: [&str; 2] = ["deprecated", "unstable"];

/// How many different features a schema may have.
const MAX_FEATURES: usize = 64;

/// Checks a definition's own features.
pub fn check(rules: &mut Rules<'_, '_>, definition: &Definition) {
    if !definition.is_type() {
        return;
    }
    for feature in &definition.features {
        if SPECIAL.contains(&feature.name.as_str()) {
            let message = format!(
                "feature '{}' is for commands, events, members and enum values, not for \
                 types",
                feature.name
            );
            rules.error(definition, span_of(feature, definition), message);
        }
    }
}

/// Reports the first feature past the 64 a schema may have.
pub fn check_count(rules: &mut Rules<'_, '_>) {
    let index = rules.index;
    let mut seen: HashSet<&str> = SPECIAL.into_iter().collect();
    for documented in index.definitions {
        let definition = &documented.definition;
        for feature in features_in_order(definition) {
            if seen.insert(feature.name.as_str()) && seen.len() > MAX_FEATURES {
                let message = format!(
                    "feature '{}' is the schema's {}th different feature; QEMU allows \
                     {MAX_FEATURES}, 'deprecated' and 'unstable' included",
                    feature.name,
                    seen.len()
                );
                rules.error(definition, span_of(feature, definition), message);
                return;
            }
        }
    }
}

/// Every feature of a definition, in the order QEMU meets them: its own, then its
/// members' or values'.
fn features_in_order(definition: &Definition) -> Vec<&Feature> {
    let mut features: Vec<&Feature> = definition.features.iter().collect();
    match &definition.body {
        Body::Enum { values } => {
            for value in values {
                features.extend(&value.features);
            }
        }
        Body::Struct { members, .. }
        | Body::Union {
            base: Some(UnionBase::Inline(members)),
            ..
        }
        | Body::Command {
            data: Some(Data::Inline(members)),
            ..
        }
        | Body::Event {
            data: Some(Data::Inline(members)),
            ..
        } => add_member_features(members, &mut features),
        _ => {}
    }
    features
}

/// The features of members, and of the members of nested anonymous structs, in order.
fn add_member_features<'d>(members: &'d [MemberDef], features: &mut Vec<&'d Feature>) {
    let mut stack: Vec<&MemberDef> = members.iter().rev().collect();
    while let Some(member) = stack.pop() {
        features.extend(&member.features);
        if let TypeRef::Object(nested) = &member.ty {
            stack.extend(nested.iter().rev());
        }
    }
}

/// Where a feature stands, or its definition's name when that is not known.
fn span_of(feature: &Feature, definition: &Definition) -> Span {
    if feature.span == Span::default() {
        definition.span
    } else {
        feature.span
    }
}
