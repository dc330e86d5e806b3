//! Comparing a QAPI schema's named types: each type both documents have is compared
//! once, by what the bindings generate for it (a struct's fields, an enum's variants, a
//! union's variants over its discriminator, an alternate's variants by JSON type), and
//! its changes form one group naming every event and command that reaches it. The
//! phrases of its changes are worded for how it is used: decoded (events, what commands
//! return), built by the caller (commands' arguments), or both.
//!
//! A type only one document has is no group of its own: it came or went with the change
//! that made an event or member use it (an event added, a member's type changed), which
//! is reported there.

use super::api::{Api, kind_word, rust_type_text, variant_payload_text};
use super::change::{ChangeKind, TypeChanges};
use super::classify::Uses;
use super::compare::Comparison;
use super::reach::{commands_by_type, events_by_type};
use super::rename::same_words;
use crate::codegen::plan::{AlternatePlan, UnionPlan, UnionVariantPlan};
use crate::model::{NamedType, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// The changes of every named type both schemas have, in name order.
pub(crate) fn compare_types(old: &Api<'_>, new: &Api<'_>) -> Vec<TypeChanges> {
    let event_reach = [events_by_type(old.schema()), events_by_type(new.schema())];
    let (old_arguments, old_returns) = commands_by_type(old.schema());
    let (new_arguments, new_returns) = commands_by_type(new.schema());
    let argument_reach = [old_arguments, new_arguments];
    let return_reach = [old_returns, new_returns];
    let mut groups = Vec::new();
    for (name, new_type) in &new.schema().types {
        let Some(old_type) = old.schema().named(name) else {
            continue;
        };
        let events = users(&event_reach, name);
        let arguments_of = users(&argument_reach, name);
        let returned_by = users(&return_reach, name);
        let mut comparison = Comparison::new(old, new);
        comparison.uses = Uses {
            events: !events.is_empty(),
            returns: !returned_by.is_empty(),
            arguments: !arguments_of.is_empty(),
        };
        named_type(&mut comparison, old, new, old_type, new_type);
        if comparison.changes.is_empty() {
            continue;
        }
        groups.push(TypeChanges {
            name: name.clone(),
            rust: rust_name(new, name),
            kind: kind_word(new_type),
            events,
            arguments_of,
            returned_by,
            changes: comparison.changes,
        });
    }
    groups
}

/// The events or commands that reach a type in either schema, sorted.
fn users(reach: &[BTreeMap<&str, BTreeSet<&str>>; 2], name: &str) -> Vec<String> {
    let users: BTreeSet<&str> = reach
        .iter()
        .filter_map(|reach| reach.get(name))
        .flatten()
        .copied()
        .collect();
    users.into_iter().map(str::to_owned).collect()
}

/// The Rust name of a named type (its schema name should the plan lack it).
fn rust_name(api: &Api<'_>, name: &str) -> String {
    api.named_rust_name(name).unwrap_or(name).to_owned()
}

/// One type both schemas have: the type itself, then what it holds.
fn named_type<'s>(
    comparison: &mut Comparison<'_, 's>,
    old_api: &Api<'s>,
    new_api: &Api<'s>,
    old: &NamedType,
    new: &NamedType,
) {
    let (old_rust, new_rust) = (rust_name(old_api, &old.name), rust_name(new_api, &new.name));
    if old_rust != new_rust {
        let kind = ChangeKind::TypeRenamed {
            old: old_rust.clone(),
            new: new_rust.clone(),
        };
        comparison.push("", Some(new_rust.clone()), kind);
    }
    if kind_word(old) != kind_word(new) {
        let kind = ChangeKind::TypeKindChanged {
            old: kind_word(old).to_owned(),
            new: kind_word(new).to_owned(),
        };
        comparison.push("", Some(new_rust), kind);
        return;
    }
    if !same_words(&old.description, &new.description) {
        let kind = ChangeKind::DescriptionChanged {
            old: old.description.clone(),
            new: new.description.clone(),
        };
        comparison.push("", Some(new_rust.clone()), kind);
    }
    comparison.annotations(
        "",
        &new_rust,
        (&old.features, &new.features),
        (&old.condition, &new.condition),
    );
    match (&old.kind, &new.kind) {
        (TypeKind::Struct { .. }, TypeKind::Struct { .. }) => {
            if let (Some(old_struct), Some(new_struct)) = (
                old_api.named_struct(&old.name),
                new_api.named_struct(&new.name),
            ) {
                comparison.fields(
                    &old_struct.fields,
                    &new_struct.fields,
                    "",
                    &old_rust,
                    &new_struct.name,
                );
            }
        }
        (TypeKind::Enum { .. }, TypeKind::Enum { .. }) => {
            if let (Some(old_enum), Some(new_enum)) =
                (old_api.named_enum(&old.name), new_api.named_enum(&new.name))
            {
                comparison.enum_values(old_enum, new_enum, "");
            }
        }
        (TypeKind::Union { .. }, TypeKind::Union { .. }) => {
            if let (Some(old_union), Some(new_union)) = (
                old_api.union_named(&old.name),
                new_api.union_named(&new.name),
            ) {
                union(comparison, (old_api, old_union), (new_api, new_union));
            }
        }
        (TypeKind::Alternate { .. }, TypeKind::Alternate { .. }) => {
            if let (Some(old_alternate), Some(new_alternate)) = (
                old_api.alternate_named(&old.name),
                new_api.alternate_named(&new.name),
            ) {
                alternate(comparison, old_alternate, new_alternate);
            }
        }
        _ => {}
    }
}

/// Two unions: the discriminator, the common members (once, though every variant's
/// struct has them), then the variants by discriminator value. A branch type's own
/// members are the branch type's changes.
fn union<'s>(
    comparison: &mut Comparison<'_, 's>,
    (old_api, old): (&Api<'s>, &UnionPlan<'s>),
    (new_api, new): (&Api<'s>, &UnionPlan<'s>),
) {
    if old.discriminator != new.discriminator {
        let kind = ChangeKind::DiscriminatorChanged {
            old: old.discriminator.to_owned(),
            new: new.discriminator.to_owned(),
        };
        comparison.push("", Some(new.name.clone()), kind);
    }
    let (old_common, old_owner) = old_api.union_common_fields(old);
    let (new_common, new_owner) = new_api.union_common_fields(new);
    comparison.fields(
        old_common,
        new_common,
        "",
        old_owner.unwrap_or(&old.name),
        new_owner.unwrap_or(&new.name),
    );
    for new_variant in &new.variants {
        let rust = format!("{}::{}", new.name, new_variant.variant);
        let value = &new_variant.value.value;
        let Some(old_variant) = old.variants.iter().find(|v| v.value.value == *value) else {
            let kind = ChangeKind::UnionVariantAdded {
                value: value.clone(),
                rust_type: variant_payload(new, new_variant),
            };
            comparison.push("", Some(rust), kind);
            continue;
        };
        if old_variant.variant != new_variant.variant {
            let kind = ChangeKind::EnumVariantRenamed {
                value: value.clone(),
                old: old_variant.variant.clone(),
                new: new_variant.variant.clone(),
            };
            comparison.push("", Some(rust.clone()), kind);
        }
        let (old_branch, new_branch) = (branch_type(old, value), branch_type(new, value));
        let (old_payload, new_payload) = (
            variant_payload(old, old_variant),
            variant_payload(new, new_variant),
        );
        if old_branch != new_branch || old_payload != new_payload {
            let kind = ChangeKind::UnionVariantChanged {
                value: value.clone(),
                old_branch,
                new_branch,
                old_rust: old_payload,
                new_rust: new_payload,
            };
            comparison.push("", Some(rust.clone()), kind);
        }
        let branch_condition = |union: &UnionPlan<'_>| match &union.named.kind {
            TypeKind::Union { branches, .. } => branches
                .iter()
                .find(|branch| branch.value == *value)
                .and_then(|branch| branch.condition.clone()),
            _ => None,
        };
        comparison.annotations(
            "",
            &rust,
            (&[], &[]),
            (&branch_condition(old), &branch_condition(new)),
        );
    }
    for old_variant in &old.variants {
        let value = &old_variant.value.value;
        if new.variants.iter().any(|v| v.value.value == *value) {
            continue;
        }
        let kind = ChangeKind::UnionVariantRemoved {
            value: value.clone(),
            rust_type: variant_payload(old, old_variant),
        };
        let rust = format!("{}::{}", old.name, old_variant.variant);
        comparison.push("", Some(rust), kind);
    }
}

/// The schema type of a union's branch for a discriminator value, if it has one.
fn branch_type(union: &UnionPlan<'_>, value: &str) -> Option<String> {
    match &union.named.kind {
        TypeKind::Union { branches, .. } => branches
            .iter()
            .find(|branch| branch.value == value)
            .map(|branch| branch.ty.clone()),
        _ => None,
    }
}

/// What a union's variant holds, as the bindings spell it (`()` for a unit variant).
fn variant_payload(union: &UnionPlan<'_>, variant: &UnionVariantPlan<'_>) -> String {
    variant_payload_text(union, variant).unwrap_or_else(|| "()".to_owned())
}

/// Two alternates, alternative by alternative (matched by their names in the schema).
fn alternate<'s>(
    comparison: &mut Comparison<'_, 's>,
    old: &AlternatePlan<'s>,
    new: &AlternatePlan<'s>,
) {
    for (new_variant, new_alternative, new_type) in &new.variants {
        let rust = format!("{}::{new_variant}", new.name);
        let old_match = old
            .variants
            .iter()
            .find(|(_, alternative, _)| alternative.name == new_alternative.name);
        let Some((old_variant, old_alternative, old_type)) = old_match else {
            let kind = ChangeKind::AlternativeAdded {
                name: new_alternative.name.clone(),
                rust_type: rust_type_text(new_type),
            };
            comparison.push(&new_alternative.name, Some(rust), kind);
            continue;
        };
        if old_variant != new_variant {
            let kind = ChangeKind::EnumVariantRenamed {
                value: new_alternative.name.clone(),
                old: old_variant.clone(),
                new: new_variant.clone(),
            };
            comparison.push(&new_alternative.name, Some(rust.clone()), kind);
        }
        comparison.types(
            (old_type, &old_alternative.ty),
            (new_type, &new_alternative.ty),
            &new_alternative.name,
            &rust,
        );
        comparison.annotations(
            &new_alternative.name,
            &rust,
            (&[], &[]),
            (&old_alternative.condition, &new_alternative.condition),
        );
    }
    for (old_variant, old_alternative, old_type) in &old.variants {
        if new
            .variants
            .iter()
            .any(|(_, alternative, _)| alternative.name == old_alternative.name)
        {
            continue;
        }
        let kind = ChangeKind::AlternativeRemoved {
            name: old_alternative.name.clone(),
            rust_type: rust_type_text(old_type),
        };
        let rust = format!("{}::{old_variant}", old.name);
        comparison.push(&old_alternative.name, Some(rust), kind);
    }
}
