//! Merging members, their types and enumeration values across releases.

use super::Releases;
use super::renames::Renames;
use crate::diff::api::qapi_type_text;
use crate::model::{Data, EnumValue, Field, IntegerType, Presence, Schema, Type, TypeKind};

/// What every merge step shares: the releases' names and schemas, the renamed types,
/// the warnings.
pub(crate) struct Merger<'a> {
    names: &'a [String],
    schemas: &'a [&'a Schema],
    renames: &'a Renames,
    pub(crate) warnings: Vec<String>,
}

impl<'a> Merger<'a> {
    pub(crate) fn new(
        names: &'a [String],
        schemas: &'a [&'a Schema],
        renames: &'a Renames,
    ) -> Merger<'a> {
        Merger {
            names,
            schemas,
            renames,
            warnings: Vec::new(),
        }
    }

    /// Whether release `a`'s type `a_name` and release `b`'s `b_name` have the same
    /// members (names, optionality, types by name): two names of one shape, as 7.2's
    /// `String` (`{'str': 'str'}`) and 10.0's `FdSocketAddress` where a socket address
    /// is a file descriptor. Only structs compare: anything else is told apart by name.
    pub(crate) fn same_shape(&self, a: usize, a_name: &str, b: usize, b_name: &str) -> bool {
        let members = |release: usize, name: &str| -> Option<Vec<(String, bool, Type)>> {
            match &self.schemas.get(release)?.named(name)?.kind {
                TypeKind::Struct { members, .. } => Some(
                    members
                        .iter()
                        .map(|f| {
                            (
                                f.name.clone(),
                                f.optional,
                                self.canonical_type(release, &f.ty),
                            )
                        })
                        .collect(),
                ),
                _ => None,
            }
        };
        match (members(a, a_name), members(b, b_name)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
    }

    /// Release `release`'s named type `name` (by that release's name for it).
    pub(crate) fn named(&self, release: usize, name: &str) -> Option<&'a crate::model::NamedType> {
        self.schemas.get(release)?.named(name)
    }

    /// Whether release `release`'s type `name` is an enumeration.
    fn is_enum(&self, release: usize, name: &str) -> bool {
        self.schemas
            .get(release)
            .and_then(|s| s.named(name))
            .is_some_and(|t| matches!(t.kind, TypeKind::Enum { .. }))
    }

    /// Every release.
    pub(crate) fn all(&self) -> Releases {
        if self.names.len() >= 64 {
            u64::MAX
        } else {
            (1u64 << self.names.len()) - 1
        }
    }

    pub(crate) fn warn(&mut self, message: String) {
        self.warnings.push(message);
    }

    /// The merged name of release `release`'s type `name` (the newest name of a renamed
    /// type).
    pub(crate) fn canonical(&self, release: usize, name: &str) -> String {
        self.renames.canonical(release, name).to_owned()
    }

    /// Release `release`'s own name for the type merged as `name`.
    fn original(&self, release: usize, name: &str) -> String {
        self.renames.original(release, name).to_owned()
    }

    /// `ty` of release `release` with its named types under their merged names.
    pub(crate) fn canonical_type(&self, release: usize, ty: &Type) -> Type {
        match ty {
            Type::Named(name) => Type::Named(self.canonical(release, name)),
            Type::Array(element) => Type::Array(Box::new(self.canonical_type(release, element))),
            Type::Object(fields) => Type::Object(
                fields
                    .iter()
                    .map(|f| Field {
                        ty: self.canonical_type(release, &f.ty),
                        ..f.clone()
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// "QEMU 7.2.22", "QEMU 7.2.22 and 8.2.0", "QEMU 7.2, 8.2 and 9.1".
    pub(crate) fn describe(&self, releases: Releases) -> String {
        let names: Vec<&str> = (0..self.names.len())
            .filter(|i| releases & (1 << i) != 0)
            .map(|i| self.names[i].as_str())
            .collect();
        let list = match names.as_slice() {
            [] => String::new(),
            [one] => (*one).to_owned(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        };
        format!("QEMU {list}")
    }

    /// `description` with a paragraph saying which releases have the definition, when
    /// not all of `all` do.
    pub(crate) fn with_presence(
        &self,
        description: &str,
        present: Releases,
        all: Releases,
    ) -> String {
        if present == all {
            return description.to_owned();
        }
        let note = format!(
            "Only in {} (not in {}).",
            self.describe(present),
            self.describe(all & !present).trim_start_matches("QEMU ")
        );
        add_paragraph(description, &note)
    }

    /// Merges an event's data across the releases that have the event (`all`).
    pub(crate) fn merge_data(
        &mut self,
        event: &str,
        entries: &[(usize, &Data)],
        all: Releases,
    ) -> Data {
        if let Some((_, undescribed)) = entries
            .iter()
            .rev()
            .find(|(_, d)| matches!(d, Data::Undescribed { .. }))
        {
            return (*undescribed).clone();
        }
        if entries.iter().all(|(_, d)| matches!(d, Data::None)) {
            return Data::None;
        }
        // A release without data has none of the members.
        let fields: Vec<(usize, &[Field])> =
            entries.iter().map(|(i, d)| (*i, d.fields())).collect();
        Data::Fields(self.merge_fields(&format!("{event}: data"), &fields, all))
    }

    /// Merges one object's members across the releases that have the object (`all`;
    /// a release of `all` absent from `entries` has none of them).
    pub(crate) fn merge_fields(
        &mut self,
        place: &str,
        entries: &[(usize, &[Field])],
        all: Releases,
    ) -> Vec<Field> {
        let mut order: Vec<&str> = Vec::new();
        for (_, fields) in entries.iter().rev() {
            for field in *fields {
                if !order.contains(&field.name.as_str()) {
                    order.push(&field.name);
                }
            }
        }
        order
            .into_iter()
            .map(|name| {
                let versions: Vec<(usize, &Field)> = entries
                    .iter()
                    .filter_map(|(i, fields)| Some((*i, fields.iter().find(|f| f.name == name)?)))
                    .collect();
                self.merge_field(&format!("{place}.{name}"), &versions, all)
            })
            .collect()
    }

    fn merge_field(&mut self, place: &str, versions: &[(usize, &Field)], all: Releases) -> Field {
        let (_, newest) = versions[versions.len() - 1];
        let present = super::mask(versions);
        let required = versions
            .iter()
            .filter(|(_, f)| !f.optional)
            .fold(0, |m, (i, _)| m | (1 << i));
        let types: Vec<(usize, &Type)> = versions.iter().map(|(i, f)| (*i, &f.ty)).collect();
        let (ty, type_note) = self.merge_type(place, &types);
        let mut description = newest.description.clone();
        if let Some(note) = self.member_note(present, required, all) {
            description = add_paragraph(&description, &note);
        }
        if let Some(note) = type_note {
            description = add_paragraph(&description, &note);
        }
        let condition = versions.iter().rev().find_map(|(_, f)| f.condition.clone());
        Field {
            ty,
            optional: present != all || required != all,
            description,
            condition,
            releases: Some(Presence {
                releases: present,
                required_in: required,
            }),
            ..newest.clone()
        }
    }

    /// Which releases send a member and which require it, when they differ.
    fn member_note(&self, present: Releases, required: Releases, all: Releases) -> Option<String> {
        let optional = present & !required;
        if present == all {
            return (required != 0 && optional != 0).then(|| {
                format!(
                    "Required in {}; optional in {}.",
                    self.describe(required),
                    self.describe(optional).trim_start_matches("QEMU ")
                )
            });
        }
        let absent = self.describe(all & !present);
        let absent = absent.trim_start_matches("QEMU ");
        let has = self.describe(present);
        Some(if required == present {
            format!("Only in {has}, where it is required (not in {absent}).")
        } else if required == 0 {
            format!("Only in {has} (not in {absent}).")
        } else {
            format!(
                "Only in {has} (not in {absent}); required in {}.",
                self.describe(required).trim_start_matches("QEMU ")
            )
        })
    }

    /// One type that reads every release's values of `versions`, and a note for the
    /// docs when they differ.
    pub(crate) fn merge_type(
        &mut self,
        place: &str,
        versions: &[(usize, &Type)],
    ) -> (Type, Option<String>) {
        let types: Vec<(usize, Type)> = versions
            .iter()
            .map(|(i, t)| (*i, self.canonical_type(*i, t)))
            .collect();
        let (newest_release, newest) = types[types.len() - 1].clone();
        if types.iter().all(|(_, t)| *t == newest) {
            return (newest, None);
        }
        if let Type::Named(newest_name) = &newest
            && types.iter().all(|(i, t)| match t {
                Type::Named(name) => {
                    name == newest_name
                        || self.same_shape(
                            *i,
                            &versions_name(versions, *i),
                            newest_release,
                            newest_name,
                        )
                }
                _ => false,
            })
        {
            return (newest, None);
        }
        let note = self.type_note(&types);
        let merged = match self.widen(place, &types) {
            Some(merged) => merged,
            None => {
                self.warn(format!(
                    "{place}: {}; kept as any JSON value",
                    note.trim_end_matches('.')
                ));
                Type::Value
            }
        };
        // Inline enumerations and objects merged member by member say so in their
        // members' docs; other changes of type are worth a line.
        let structural = matches!(merged, Type::Enum(_) | Type::Object(_));
        (merged, (!structural).then_some(note))
    }

    /// "uint64 in QEMU 10.0.2; int in 7.2.22."
    fn type_note(&self, types: &[(usize, Type)]) -> String {
        let mut groups: Vec<(String, Releases)> = Vec::new();
        for (i, ty) in types.iter().rev() {
            let name = qapi_type_text(ty);
            match groups.iter_mut().find(|(n, _)| *n == name) {
                Some((_, mask)) => *mask |= 1 << i,
                None => groups.push((name, 1 << i)),
            }
        }
        let parts: Vec<String> = groups
            .iter()
            .enumerate()
            .map(|(n, (name, mask))| {
                let releases = self.describe(*mask);
                let releases = if n == 0 {
                    releases.as_str()
                } else {
                    releases.trim_start_matches("QEMU ")
                };
                format!("`{name}` in {releases}")
            })
            .collect();
        format!("The type differs: {}.", parts.join("; "))
    }

    /// A type whose values include every one of `types`', if the schema language has one.
    fn widen(&mut self, place: &str, types: &[(usize, Type)]) -> Option<Type> {
        let all_of = |f: fn(&Type) -> bool| types.iter().all(|(_, t)| f(t));
        if all_of(|t| matches!(t, Type::Int | Type::Integer(_))) {
            return Some(covering_integer(types.iter().map(|(_, t)| t)));
        }
        if all_of(|t| {
            matches!(
                t,
                Type::Int | Type::Integer(_) | Type::Number | Type::Double
            )
        }) {
            return Some(Type::Number);
        }
        let stringly = |(i, t): &(usize, Type)| match t {
            Type::String | Type::Enum(_) => true,
            Type::Named(name) => self.is_enum(*i, &self.original(*i, name)),
            _ => false,
        };
        if types.iter().all(stringly) {
            return Some(Type::String);
        }
        if all_of(|t| matches!(t, Type::Array(_))) {
            let elements: Vec<(usize, &Type)> = types
                .iter()
                .filter_map(|(i, t)| match t {
                    Type::Array(element) => Some((*i, &**element)),
                    _ => None,
                })
                .collect();
            let (element, _) = self.merge_type(&format!("{place}[]"), &elements);
            return Some(Type::Array(Box::new(element)));
        }
        if all_of(|t| matches!(t, Type::Enum(_))) {
            let lists: Vec<(usize, &[EnumValue])> = types
                .iter()
                .filter_map(|(i, t)| match t {
                    Type::Enum(values) => Some((*i, &values[..])),
                    _ => None,
                })
                .collect();
            let all = super::mask(&lists);
            return Some(Type::Enum(self.merge_values(&lists, all)));
        }
        if all_of(|t| matches!(t, Type::Object(_))) {
            let lists: Vec<(usize, &[Field])> = types
                .iter()
                .filter_map(|(i, t)| match t {
                    Type::Object(fields) => Some((*i, &fields[..])),
                    _ => None,
                })
                .collect();
            let all = super::mask(&lists);
            return Some(Type::Object(self.merge_fields(place, &lists, all)));
        }
        None
    }

    /// The union of enumeration values across the releases that have the enumeration
    /// (`all`), in the newest order, each with a note when not every release has it.
    pub(crate) fn merge_values(
        &mut self,
        entries: &[(usize, &[EnumValue])],
        all: Releases,
    ) -> Vec<EnumValue> {
        let mut merged: Vec<(EnumValue, Releases)> = Vec::new();
        for (i, values) in entries.iter().rev() {
            for value in *values {
                match merged.iter_mut().find(|(v, _)| v.value == value.value) {
                    Some((_, mask)) => *mask |= 1 << i,
                    None => merged.push((value.clone(), 1 << i)),
                }
            }
        }
        merged
            .into_iter()
            .map(|(mut value, present)| {
                value.description = self.with_presence(&value.description, present, all);
                value.releases = Some(present);
                value
            })
            .collect()
    }
}

/// The name release `release` gives the named type of `versions` (before renaming).
fn versions_name(versions: &[(usize, &Type)], release: usize) -> String {
    versions
        .iter()
        .find_map(|(i, t)| match t {
            Type::Named(name) if *i == release => Some(name.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// The narrowest integer type whose range holds every one of `types`' (`int`, QAPI's
/// 64-bit signed integer, for `int64`); a JSON number where none does (`int64` and
/// `uint64`).
fn covering_integer<'t>(types: impl Iterator<Item = &'t Type>) -> Type {
    let (mut min, mut max) = (0i128, 0i128);
    let mut newest = Type::Int;
    for ty in types {
        newest = ty.clone();
        let (lo, hi) = match ty {
            Type::Integer(integer) => integer.range(),
            _ => IntegerType::I64.range(),
        };
        min = min.min(lo);
        max = max.max(hi);
    }
    IntegerType::ALL
        .into_iter()
        .filter(|t| *t != IntegerType::Size)
        .find(|t| {
            let (lo, hi) = t.range();
            lo <= min && max <= hi
        })
        .map_or(newest, |t| {
            if t == IntegerType::I64 {
                Type::Int
            } else {
                Type::Integer(t)
            }
        })
}

/// `text` with `paragraph` after a blank line (or alone).
pub(crate) fn add_paragraph(text: &str, paragraph: &str) -> String {
    if text.trim().is_empty() {
        paragraph.to_owned()
    } else {
        format!("{}\n\n{paragraph}", text.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_widen_to_the_narrowest_type_that_holds_both() {
        let u8_ = Type::Integer(IntegerType::U8);
        let i8_ = Type::Integer(IntegerType::I8);
        let u64_ = Type::Integer(IntegerType::U64);
        assert_eq!(
            covering_integer([&u8_, &i8_].into_iter()),
            Type::Integer(IntegerType::I16)
        );
        // No integer type holds int64 and uint64: the newest release's (the last) wins.
        assert_eq!(covering_integer([&Type::Int, &u64_].into_iter()), u64_);
        assert_eq!(covering_integer([&u64_, &Type::Int].into_iter()), Type::Int);
        assert_eq!(
            covering_integer([&Type::Integer(IntegerType::U32), &Type::Int].into_iter()),
            Type::Int
        );
    }
}
