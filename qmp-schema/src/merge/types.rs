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
        // A branch whose members such a release sends without the discriminator (see
        // `untagged_branch`) is sent there: its members are that release's too.
        let untagged: Vec<(String, u64)> = branches
            .iter()
            .filter(|b| b.untagged_in != 0)
            .map(|b| (b.ty.clone(), b.untagged_in))
            .collect();
        let branch_types: Vec<(String, u64)> = branches
            .iter()
            .map(|b| (b.ty.clone(), as_struct & !b.untagged_in))
            .filter(|(_, not_sent)| *not_sent != 0)
            .collect();
        for (ty, not_sent) in branch_types {
            let note = format!(
                "Not sent by {}, where `{name}` is a struct without branches.",
                merger.describe(not_sent)
            );
            if let Some(TypeKind::Struct { members, .. }) = merged.get_mut(&ty).map(|t| &mut t.kind)
            {
                for member in members.iter_mut().filter(|m| !m.optional) {
                    member.optional = true;
                    member.description = add_paragraph(&member.description, &note);
                }
            }
        }
        for (ty, releases) in untagged {
            if let Some(TypeKind::Struct { members, .. }) = merged.get_mut(&ty).map(|t| &mut t.kind)
            {
                for member in members.iter_mut() {
                    if let Some(presence) = &mut member.releases {
                        presence.releases |= releases;
                        if !member.optional {
                            presence.required_in |= releases;
                        }
                    }
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
            // Releases of a struct without the discriminator, and the branch whose
            // members they send.
            let mut untagged: Vec<(usize, String)> = Vec::new();
            let mut same_tag = true;
            for (release, ty) in entries {
                same_tag &= match &ty.kind {
                    TypeKind::Union {
                        discriminator: d, ..
                    } => d == discriminator,
                    TypeKind::Struct { members, .. } => {
                        members
                            .iter()
                            .any(|m| m.name == *discriminator && !m.optional)
                            || untagged_branch(merger, newest_release, &newest.kind, members)
                                .map(|value| untagged.push((*release, value)))
                                .is_some()
                    }
                    _ => false,
                };
            }
            if !same_tag {
                merger.warn(format!(
                    "type {name}: its discriminator differs between releases; the newest \
                     release's definition is kept"
                ));
                merged.kind = canonical_kind(merger, newest_release, &newest.kind);
                return merged;
            }
            let (mut branches, note) = merge_branches(merger, name, entries, all);
            if let Some(note) = note {
                merged.description = add_paragraph(&merged.description, &note);
            }
            for (release, value) in &untagged {
                if let Some(branch) = branches.iter_mut().find(|b| b.value == *value) {
                    branch.untagged_in |= 1 << release;
                }
                let note = format!(
                    "{} sends it without `{discriminator}` (a struct there): its members \
                     beside the common ones are then those of branch `{value}`.",
                    merger.describe(1 << release)
                );
                merged.description = add_paragraph(&merged.description, &note);
            }
            // The members a struct release sends for the untagged branch are the
            // branch's, not common ones.
            let newest_common: Vec<&str> = match &newest.kind {
                TypeKind::Union { members, .. } => {
                    members.iter().map(|m| m.name.as_str()).collect()
                }
                _ => Vec::new(),
            };
            let common_lists: Vec<(usize, Vec<Field>)> = member_lists(entries)
                .into_iter()
                .map(|(release, fields)| {
                    let fields = fields
                        .iter()
                        .filter(|f| {
                            !untagged.iter().any(|(r, _)| *r == release)
                                || newest_common.contains(&f.name.as_str())
                        })
                        .cloned()
                        .collect();
                    (release, fields)
                })
                .collect();
            let common_lists: Vec<(usize, &[Field])> =
                common_lists.iter().map(|(r, f)| (*r, &f[..])).collect();
            let mut members = merger.merge_fields(name, &common_lists, all);
            // The discriminator is where the branches enum goes, whichever releases
            // send it; its presence says which do.
            if let Some(tag) = members.iter_mut().find(|m| m.name == *discriminator) {
                tag.optional = false;
            }
            TypeKind::Union {
                base: same_base(merger, entries),
                members,
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

/// The branch of `union` (the newest release's, `release`) whose members are those of
/// the struct `members` beside the union's common ones: how a release where the type was
/// that struct is read. Only a union with common members besides its discriminator
/// takes such objects (its branches are a field of a struct).
fn untagged_branch(
    merger: &Merger<'_>,
    release: usize,
    union: &TypeKind,
    members: &[Field],
) -> Option<String> {
    let TypeKind::Union {
        members: common,
        discriminator,
        branches,
        ..
    } = union
    else {
        return None;
    };
    if !common.iter().any(|m| m.name != *discriminator) {
        return None;
    }
    let mut extra: Vec<&str> = members
        .iter()
        .map(|m| m.name.as_str())
        .filter(|name| !common.iter().any(|c| c.name == *name))
        .collect();
    extra.sort_unstable();
    let mut found =
        branches.iter().filter(
            |branch| match merger.named(release, &branch.ty).map(|t| &t.kind) {
                Some(TypeKind::Struct { members, .. }) => {
                    let mut names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
                    names.sort_unstable();
                    names == extra
                }
                _ => false,
            },
        );
    match (found.next(), found.next()) {
        (Some(branch), None) => Some(branch.value.clone()),
        _ => None,
    }
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
                        untagged_in: 0,
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
