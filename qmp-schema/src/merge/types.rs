//! Merging the named types: one per name (a renamed type under its newest name), its
//! members, values, branches and alternatives the union of the releases'.

use super::fields::{Merger, add_paragraph};
use super::mask;
use crate::model::{Alternative, EnumValue, Field, NamedType, Schema, TypeKind, UnionBranch};
use std::collections::BTreeMap;

pub(crate) fn merge_types(
    merger: &mut Merger<'_>,
    schemas: &[&Schema],
) -> BTreeMap<String, NamedType> {
    let mut groups: BTreeMap<String, Vec<(usize, &NamedType)>> = BTreeMap::new();
    for (release, schema) in schemas.iter().enumerate() {
        for (name, ty) in &schema.types {
            let entries = groups.entry(merger.canonical(release, name)).or_default();
            // Two older names for one newer type: the first stands for the release.
            if entries.last().is_none_or(|(r, _)| *r != release) {
                entries.push((release, ty));
            }
        }
    }
    let mut merged: BTreeMap<String, NamedType> = groups
        .iter()
        .map(|(name, entries)| (name.clone(), merge_type(merger, name, entries)))
        .collect();
    // A struct that became a union: the releases of the struct send any discriminator
    // value without the branch's members, so those are optional there.
    for (name, entries) in &groups {
        let as_struct: u64 = entries
            .iter()
            .filter(|(_, t)| matches!(t.kind, TypeKind::Struct { .. }))
            .fold(0, |m, (i, _)| m | (1 << i));
        let Some(TypeKind::Union { branches, .. }) = merged.get(name).map(|t| &t.kind) else {
            continue;
        };
        if as_struct == 0 {
            continue;
        }
        let note = format!(
            "Not sent by {}, where `{name}` is a struct without branches.",
            merger.describe(as_struct)
        );
        let branch_types: Vec<String> = branches.iter().map(|b| b.ty.clone()).collect();
        for ty in branch_types {
            if let Some(TypeKind::Struct { members, .. }) = merged.get_mut(&ty).map(|t| &mut t.kind)
            {
                for member in members.iter_mut().filter(|m| !m.optional) {
                    member.optional = true;
                    member.description = add_paragraph(&member.description, &note);
                }
            }
        }
    }
    merged
}

fn merge_type(merger: &mut Merger<'_>, name: &str, entries: &[(usize, &NamedType)]) -> NamedType {
    let (newest_release, newest) = entries[entries.len() - 1];
    let all = mask(entries);
    let mut merged = newest.clone();
    merged.name = name.to_owned();
    let same_kind = entries
        .iter()
        .all(|(_, t)| std::mem::discriminant(&t.kind) == std::mem::discriminant(&newest.kind));
    // A struct that became a union (10.0's `BlockJobInfo`, 7.2's struct): the struct's
    // members join the common members, and its values read as the union's without a
    // branch (its discriminator, a common member, is among them).
    let objects = entries
        .iter()
        .all(|(_, t)| matches!(t.kind, TypeKind::Struct { .. } | TypeKind::Union { .. }));
    let struct_to_union = objects && matches!(newest.kind, TypeKind::Union { .. });
    if !(same_kind || struct_to_union) {
        merger.warn(format!(
            "type {name}: its kind differs between releases; the newest release's \
             definition is kept"
        ));
        merged.kind = canonical_kind(merger, newest_release, &newest.kind);
        return merged;
    }
    merged.kind = match &newest.kind {
        TypeKind::Struct { .. } => {
            let members = member_lists(entries);
            TypeKind::Struct {
                base: same_base(merger, entries),
                members: merger.merge_fields(name, &members, all),
            }
        }
        TypeKind::Enum { .. } => {
            let lists: Vec<(usize, &[EnumValue])> = entries
                .iter()
                .filter_map(|(i, t)| match &t.kind {
                    TypeKind::Enum { values } => Some((*i, &values[..])),
                    _ => None,
                })
                .collect();
            TypeKind::Enum {
                values: merger.merge_values(&lists, all),
            }
        }
        TypeKind::Union {
            discriminator,
            discriminator_type,
            ..
        } => {
            let same_tag = entries.iter().all(|(_, t)| match &t.kind {
                TypeKind::Union {
                    discriminator: d, ..
                } => d == discriminator,
                TypeKind::Struct { members, .. } => members
                    .iter()
                    .any(|m| m.name == *discriminator && !m.optional),
                _ => false,
            });
            if !same_tag {
                merger.warn(format!(
                    "type {name}: its discriminator differs between releases; the newest \
                     release's definition is kept"
                ));
                merged.kind = canonical_kind(merger, newest_release, &newest.kind);
                return merged;
            }
            let (branches, note) = merge_branches(merger, name, entries, all);
            if let Some(note) = note {
                merged.description = add_paragraph(&merged.description, &note);
            }
            TypeKind::Union {
                base: same_base(merger, entries),
                members: merger.merge_fields(name, &member_lists(entries), all),
                discriminator: discriminator.clone(),
                discriminator_type: merger.canonical(newest_release, discriminator_type),
                branches,
            }
        }
        TypeKind::Alternate { .. } => TypeKind::Alternate {
            alternatives: merge_alternatives(merger, name, entries),
        },
    };
    merged
}

/// Each release's members of a struct or union.
fn member_lists<'t>(entries: &[(usize, &'t NamedType)]) -> Vec<(usize, &'t [Field])> {
    entries
        .iter()
        .filter_map(|(i, t)| match &t.kind {
            TypeKind::Struct { members, .. } | TypeKind::Union { members, .. } => {
                Some((*i, &members[..]))
            }
            _ => None,
        })
        .collect()
}

/// The base every release names, if they agree (members are listed flattened anyway).
fn same_base(merger: &Merger<'_>, entries: &[(usize, &NamedType)]) -> Option<String> {
    let bases: Vec<Option<String>> = entries
        .iter()
        .map(|(i, t)| match &t.kind {
            TypeKind::Struct { base, .. } | TypeKind::Union { base, .. } => {
                base.as_ref().map(|b| merger.canonical(*i, b))
            }
            _ => None,
        })
        .collect();
    let first = bases.first().cloned().flatten();
    bases.iter().all(|b| *b == first).then_some(first).flatten()
}

/// The union of the branches, and a note naming the branches only some releases have.
fn merge_branches(
    merger: &mut Merger<'_>,
    name: &str,
    entries: &[(usize, &NamedType)],
    all: u64,
) -> (Vec<UnionBranch>, Option<String>) {
    // Each branch with the releases that have it and the newest of them.
    let mut merged: Vec<(UnionBranch, u64, usize)> = Vec::new();
    for (i, ty) in entries.iter().rev() {
        let TypeKind::Union { branches, .. } = &ty.kind else {
            continue;
        };
        for branch in branches {
            let ty = merger.canonical(*i, &branch.ty);
            match merged.iter_mut().find(|(b, _, _)| b.value == branch.value) {
                Some((existing, releases, newest)) => {
                    *releases |= 1 << i;
                    if existing.ty != ty
                        && !merger.same_shape(*i, &branch.ty, *newest, &existing.ty)
                    {
                        merger.warn(format!(
                            "type {name}: branch '{}' is {} in one release and {ty} in \
                             another; the newest is kept",
                            branch.value, existing.ty
                        ));
                    }
                }
                None => merged.push((
                    UnionBranch {
                        ty,
                        ..branch.clone()
                    },
                    1 << i,
                    *i,
                )),
            }
        }
    }
    let partial: Vec<String> = merged
        .iter()
        .filter(|(_, releases, _)| *releases != all)
        .map(|(branch, releases, _)| format!("`{}` ({})", branch.value, merger.describe(*releases)))
        .collect();
    let note = (!partial.is_empty())
        .then(|| format!("Branches only some releases have: {}.", partial.join(", ")));
    (merged.into_iter().map(|(b, _, _)| b).collect(), note)
}

/// The union of the alternatives, by name; one whose type changed takes the merged type.
fn merge_alternatives(
    merger: &mut Merger<'_>,
    name: &str,
    entries: &[(usize, &NamedType)],
) -> Vec<Alternative> {
    let mut order: Vec<&str> = Vec::new();
    let mut by_name: BTreeMap<&str, Vec<(usize, &Alternative)>> = BTreeMap::new();
    for (i, ty) in entries.iter().rev() {
        let TypeKind::Alternate { alternatives } = &ty.kind else {
            continue;
        };
        for alternative in alternatives {
            let list = by_name.entry(&alternative.name).or_default();
            if list.is_empty() {
                order.push(&alternative.name);
            }
            list.insert(0, (*i, alternative));
        }
    }
    order
        .into_iter()
        .map(|alternative| {
            let versions = &by_name[alternative];
            let types: Vec<(usize, &crate::model::Type)> =
                versions.iter().map(|(i, a)| (*i, &a.ty)).collect();
            let (ty, _) = merger.merge_type(&format!("{name}: alternative {alternative}"), &types);
            Alternative {
                ty,
                ..versions[versions.len() - 1].1.clone()
            }
        })
        .collect()
}

/// A kind with its named types under their merged names.
fn canonical_kind(merger: &Merger<'_>, release: usize, kind: &TypeKind) -> TypeKind {
    let fields = |members: &[Field]| -> Vec<Field> {
        members
            .iter()
            .map(|f| Field {
                ty: merger.canonical_type(release, &f.ty),
                ..f.clone()
            })
            .collect()
    };
    match kind {
        TypeKind::Struct { base, members } => TypeKind::Struct {
            base: base.as_ref().map(|b| merger.canonical(release, b)),
            members: fields(members),
        },
        TypeKind::Enum { values } => TypeKind::Enum {
            values: values.clone(),
        },
        TypeKind::Union {
            base,
            members,
            discriminator,
            discriminator_type,
            branches,
        } => TypeKind::Union {
            base: base.as_ref().map(|b| merger.canonical(release, b)),
            members: fields(members),
            discriminator: discriminator.clone(),
            discriminator_type: merger.canonical(release, discriminator_type),
            branches: branches
                .iter()
                .map(|b| UnionBranch {
                    ty: merger.canonical(release, &b.ty),
                    ..b.clone()
                })
                .collect(),
        },
        TypeKind::Alternate { alternatives } => TypeKind::Alternate {
            alternatives: alternatives
                .iter()
                .map(|a| Alternative {
                    ty: merger.canonical_type(release, &a.ty),
                    ..a.clone()
                })
                .collect(),
        },
    }
}
