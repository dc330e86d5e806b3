//! Named types renamed between releases: type names are not on the wire, so a type
//! that only changed its name is one type of the merged bindings, under the newest name.
//!
//! A rename is seen where it matters: the same place (an event's data member, a
//! command's argument or return, and so on down through the types) holds `Old` in an
//! older release and `New` in the newest, while the older release has no `New` and the
//! newest no `Old`. Two names that both releases define are two types whose use
//! changed, which the member's merge handles.

use crate::model::{Field, NamedType, Schema, Type, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// For each release, its type names that the newest release calls otherwise.
#[derive(Debug, Default)]
pub(crate) struct Renames {
    per_release: Vec<BTreeMap<String, String>>,
}

impl Renames {
    /// The merged name of release `release`'s type `name`.
    pub(crate) fn canonical<'n>(&'n self, release: usize, name: &'n str) -> &'n str {
        self.per_release
            .get(release)
            .and_then(|renamed| renamed.get(name))
            .map_or(name, String::as_str)
    }

    /// Release `release`'s own name for the type merged as `name`.
    pub(crate) fn original<'n>(&'n self, release: usize, name: &'n str) -> &'n str {
        self.per_release
            .get(release)
            .and_then(|renamed| renamed.iter().find(|(_, new)| *new == name))
            .map_or(name, |(old, _)| old.as_str())
    }
}

/// Finds the renames of every release against the newest (the last of `schemas`).
pub(crate) fn find(schemas: &[&Schema]) -> Renames {
    let Some((newest, older)) = schemas.split_last() else {
        return Renames::default();
    };
    let mut renames = Renames::default();
    for old in older {
        let mut walk = Walk {
            old,
            new: newest,
            found: BTreeMap::new(),
            seen: BTreeSet::new(),
        };
        for (name, section) in old.events() {
            if let Some(new_section) = newest.section_for(&name.name) {
                walk.fields(section.data.fields(), new_section.data.fields());
                if let (Some(a), Some(b)) = (&section.data_type, &new_section.data_type) {
                    walk.named(a, b);
                }
            }
        }
        for command in &old.commands {
            let Some(new_command) = newest.command(&command.name) else {
                continue;
            };
            walk.fields(&command.arguments, &new_command.arguments);
            if let (Some(a), Some(b)) = (&command.arguments_type, &new_command.arguments_type) {
                walk.named(a, b);
            }
            if let (Some(a), Some(b)) = (&command.returns, &new_command.returns) {
                walk.ty(a, b);
            }
        }
        renames.per_release.push(walk.found);
    }
    renames.per_release.push(BTreeMap::new());
    renames
}

/// A walk of one older release's types beside the newest's.
struct Walk<'s> {
    old: &'s Schema,
    new: &'s Schema,
    found: BTreeMap<String, String>,
    seen: BTreeSet<(String, String)>,
}

impl<'s> Walk<'s> {
    fn fields(&mut self, old: &'s [Field], new: &'s [Field]) {
        for field in old {
            if let Some(new_field) = new.iter().find(|f| f.name == field.name) {
                self.ty(&field.ty, &new_field.ty);
            }
        }
    }

    fn ty(&mut self, old: &'s Type, new: &'s Type) {
        match (old, new) {
            (Type::Named(a), Type::Named(b)) => self.named(a, b),
            (Type::Array(a), Type::Array(b)) => self.ty(a, b),
            (Type::Object(a), Type::Object(b)) => self.fields(a, b),
            _ => {}
        }
    }

    fn named(&mut self, old_name: &'s str, new_name: &'s str) {
        if !self.seen.insert((old_name.to_owned(), new_name.to_owned())) {
            return;
        }
        let (Some(old), Some(new)) = (self.old.named(old_name), self.new.named(new_name)) else {
            return;
        };
        if old_name != new_name
            && self.new.named(old_name).is_none()
            && self.old.named(new_name).is_none()
            && same_kind(old, new)
            && !self.found.contains_key(old_name)
        {
            self.found.insert(old_name.to_owned(), new_name.to_owned());
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Struct { members: a, .. }, TypeKind::Struct { members: b, .. }) => {
                self.fields(a, b);
            }
            (
                TypeKind::Union {
                    members: a,
                    branches: branches_a,
                    ..
                },
                TypeKind::Union {
                    members: b,
                    branches: branches_b,
                    ..
                },
            ) => {
                self.fields(a, b);
                for branch in branches_a {
                    if let Some(other) = branches_b.iter().find(|x| x.value == branch.value) {
                        self.named(&branch.ty, &other.ty);
                    }
                }
            }
            (TypeKind::Alternate { alternatives: a }, TypeKind::Alternate { alternatives: b }) => {
                for alternative in a {
                    if let Some(other) = b.iter().find(|x| x.name == alternative.name) {
                        self.ty(&alternative.ty, &other.ty);
                    }
                }
            }
            _ => {}
        }
    }
}

fn same_kind(a: &NamedType, b: &NamedType) -> bool {
    std::mem::discriminant(&a.kind) == std::mem::discriminant(&b.kind)
}
