//! Computing the change list of two documents, event by event, member by member.
//!
//! A member whose type is one of a QAPI schema's named types is compared by the type's
//! name only: what changed inside the type is reported once, in the type's own group
//! (see `types.rs`), whatever the events that reach it.

use super::api::{Api, field_type_text, rust_type_text};
use super::change::{Change, ChangeKind, DataShape, EventChanges};
use super::classify::{Uses, classify};
use super::rename::{possible_renames, same_words};
use crate::codegen::plan::{EnumPlan, EventPlan, FieldPlan, RustType};
use crate::model::{Condition, Data, Example, Feature, Note, Section, Type};

/// Every change from `old` to `new`, grouped by event, groups in wire-name order.
pub(crate) fn compare(old: &Api<'_>, new: &Api<'_>) -> Vec<EventChanges> {
    let renames = possible_renames(old, new);
    // Events that changed alike because they share a section in both documents are
    // reported once; the key says which sections they come from.
    let mut groups: Vec<(Option<usize>, Option<usize>, EventChanges)> = Vec::new();
    for new_event in new.events() {
        let renamed_from = renames
            .iter()
            .find(|(_, to)| *to == new_event.wire)
            .and_then(|(from, _)| old.event(from));
        let old_event = old.event(new_event.wire).or(renamed_from);
        let mut comparison = Comparison::new(old, new);
        match old_event {
            Some(old_event) => {
                comparison.event(old_event, new_event, renamed_from.is_some());
            }
            None => comparison.push(
                "",
                Some(format!("Event::{}", new_event.variant)),
                ChangeKind::EventAdded {
                    payload: new_event.type_name.clone(),
                },
            ),
        }
        let key = (old_event.map(|e| e.payload), Some(new_event.payload));
        add_to_groups(&mut groups, key, new_event.wire, comparison.changes);
    }
    for old_event in old.events() {
        let renamed = renames.iter().any(|(from, _)| *from == old_event.wire);
        if new.event(old_event.wire).is_some() || renamed {
            continue;
        }
        let mut comparison = Comparison::new(old, new);
        comparison.push(
            "",
            Some(format!("Event::{}", old_event.variant)),
            ChangeKind::EventRemoved {
                payload: old_event.type_name.clone(),
                was_deprecated: old
                    .section(old_event)
                    .is_some_and(|section| deprecated(&section.features)),
            },
        );
        let key = (Some(old_event.payload), None);
        add_to_groups(&mut groups, key, old_event.wire, comparison.changes);
    }
    let mut groups: Vec<EventChanges> = groups.into_iter().map(|(_, _, group)| group).collect();
    groups.sort_by(|a, b| a.names.cmp(&b.names));
    groups
}

/// Adds an event's changes to the group of an event from the same sections with the
/// same changes, or as a group of its own.
fn add_to_groups(
    groups: &mut Vec<(Option<usize>, Option<usize>, EventChanges)>,
    (old_section, new_section): (Option<usize>, Option<usize>),
    wire: &str,
    changes: Vec<Change>,
) {
    if changes.is_empty() {
        return;
    }
    let same = groups.iter_mut().find(|(old, new, group)| {
        *old == old_section && *new == new_section && group.changes == changes
    });
    match same {
        Some((_, _, group)) => group.names.push(wire.to_owned()),
        None => groups.push((
            old_section,
            new_section,
            EventChanges {
                names: vec![wire.to_owned()],
                changes,
            },
        )),
    }
}

/// The changes of one event, command or named type, collected as they are found.
pub(super) struct Comparison<'a, 's> {
    pub(super) old: &'a Api<'s>,
    pub(super) new: &'a Api<'s>,
    /// Where what is compared is used (an event's data unless told otherwise): the
    /// verdicts' phrases depend on it.
    pub(super) uses: Uses,
    /// The changes found so far, in order.
    pub(super) changes: Vec<Change>,
}

impl<'a, 's> Comparison<'a, 's> {
    pub(super) fn new(old: &'a Api<'s>, new: &'a Api<'s>) -> Comparison<'a, 's> {
        Comparison {
            old,
            new,
            uses: Uses::EVENTS,
            changes: Vec::new(),
        }
    }

    /// Records a change with its verdict.
    pub(super) fn push(&mut self, path: &str, rust: Option<String>, kind: ChangeKind) {
        let (compatibility, why) = classify(&kind, rust.as_deref(), self.uses);
        self.changes.push(Change {
            path: path.to_owned(),
            rust,
            compatibility,
            why,
            kind,
        });
    }

    /// An event present in both documents (under another name when `renamed`).
    fn event(&mut self, old: &EventPlan<'s>, new: &EventPlan<'s>, renamed: bool) {
        let variant = Some(format!("Event::{}", new.variant));
        if renamed {
            self.push(
                "",
                variant,
                ChangeKind::EventPossiblyRenamed {
                    old_name: old.wire.to_owned(),
                    old_variant: old.variant.clone(),
                },
            );
        } else {
            if old.variant != new.variant {
                let kind = ChangeKind::VariantRenamed {
                    old: old.variant.clone(),
                    new: new.variant.clone(),
                };
                self.push("", variant, kind);
            }
            let (old_type, new_type) = (self.old.payload_type(old), self.new.payload_type(new));
            if old_type != new_type {
                let rust = Some(new_type.name.clone());
                let kind = ChangeKind::PayloadTypeRenamed {
                    old: old_type,
                    new: new_type,
                };
                self.push("", rust, kind);
            }
        }
        let (Some(old_section), Some(new_section)) = (self.old.section(old), self.new.section(new))
        else {
            return;
        };
        if !same_words(&old_section.description, &new_section.description) {
            let kind = ChangeKind::DescriptionChanged {
                old: old_section.description.clone(),
                new: new_section.description.clone(),
            };
            self.push("", None, kind);
        }
        self.annotations(
            "",
            &format!("Event::{}", new.variant),
            (&old_section.features, &new_section.features),
            (&old_section.condition, &new_section.condition),
        );
        self.data(old, new, old_section, new_section);
        self.examples(&old_section.examples, &new_section.examples);
        self.notes(&old_section.notes, &new_section.notes);
    }

    /// The payload: how it is described, then its members.
    fn data(
        &mut self,
        old: &EventPlan<'s>,
        new: &EventPlan<'s>,
        old_section: &Section,
        new_section: &Section,
    ) {
        let (old_shape, new_shape) = (data_shape(&old_section.data), data_shape(&new_section.data));
        if old_shape != new_shape {
            let rust = Some(self.new.payload_type(new).struct_name().to_owned());
            let kind = ChangeKind::DataChanged {
                old: old_shape,
                new: new_shape,
            };
            self.push("data", rust, kind);
        }
        if old_section.data_type.is_some() && old_section.data_type == new_section.data_type {
            // The data is the same named type in both: its changes are the type's.
            return;
        }
        let old_struct = self.old.payload_struct(old);
        let new_struct = self.new.payload_struct(new);
        let old_fields = old_struct.map_or(&[][..], |s| &s.fields[..]);
        let new_fields = new_struct.map_or(&[][..], |s| &s.fields[..]);
        let old_owner = self.old.payload_type(old).struct_name().to_owned();
        let new_owner = self.new.payload_type(new).struct_name().to_owned();
        self.fields(old_fields, new_fields, "data", &old_owner, &new_owner);
    }

    /// The members of two objects, matched by wire name: added and changed ones in the
    /// new document's order, then removed ones. `path` is the objects' wire path (empty
    /// for a named type's own members).
    pub(super) fn fields(
        &mut self,
        old: &[FieldPlan<'s>],
        new: &[FieldPlan<'s>],
        path: &str,
        old_owner: &str,
        new_owner: &str,
    ) {
        for new_field in new {
            let field_path = join(path, &new_field.field.name);
            let rust = format!("{new_owner}.{}", new_field.ident);
            match old.iter().find(|f| f.field.name == new_field.field.name) {
                Some(old_field) => self.field(old_field, new_field, &field_path, rust),
                None => {
                    let kind = ChangeKind::FieldAdded {
                        optional: new_field.field.optional,
                        rust_type: field_type_text(&new_field.ty, new_field.field.optional),
                    };
                    self.push(&field_path, Some(rust), kind);
                }
            }
        }
        for old_field in old {
            if new.iter().any(|f| f.field.name == old_field.field.name) {
                continue;
            }
            let kind = ChangeKind::FieldRemoved {
                optional: old_field.field.optional,
                rust_type: field_type_text(&old_field.ty, old_field.field.optional),
                was_deprecated: deprecated(&old_field.field.features),
            };
            let rust = format!("{old_owner}.{}", old_field.ident);
            self.push(&join(path, &old_field.field.name), Some(rust), kind);
        }
    }

    /// One member present in both documents.
    fn field(&mut self, old: &FieldPlan<'s>, new: &FieldPlan<'s>, path: &str, rust: String) {
        if old.ident != new.ident {
            let kind = ChangeKind::FieldRenamed {
                old: old.ident.clone(),
                new: new.ident.clone(),
            };
            self.push(path, Some(rust.clone()), kind);
        }
        if old.field.optional != new.field.optional {
            let rust_type = rust_type_text(&new.ty);
            let kind = if new.field.optional {
                ChangeKind::MadeOptional { rust_type }
            } else {
                ChangeKind::MadeRequired { rust_type }
            };
            self.push(path, Some(rust.clone()), kind);
        }
        if !same_words(&old.field.description, &new.field.description) {
            let kind = ChangeKind::DescriptionChanged {
                old: old.field.description.clone(),
                new: new.field.description.clone(),
            };
            self.push(path, Some(rust.clone()), kind);
        }
        self.annotations(
            path,
            &rust,
            (&old.field.features, &new.field.features),
            (&old.field.condition, &new.field.condition),
        );
        self.types(
            (&old.ty, &old.field.ty),
            (&new.ty, &new.field.ty),
            path,
            &rust,
        );
    }

    /// The features and build condition of one item (`rust` names it).
    pub(super) fn annotations(
        &mut self,
        path: &str,
        rust: &str,
        (old_features, new_features): (&[Feature], &[Feature]),
        (old_condition, new_condition): (&Option<Condition>, &Option<Condition>),
    ) {
        for feature in new_features {
            if !old_features.iter().any(|old| old.name == feature.name) {
                let kind = ChangeKind::FeatureAdded {
                    feature: feature.name.clone(),
                };
                self.push(path, Some(rust.to_owned()), kind);
            }
        }
        for feature in old_features {
            if !new_features.iter().any(|new| new.name == feature.name) {
                let kind = ChangeKind::FeatureRemoved {
                    feature: feature.name.clone(),
                };
                self.push(path, Some(rust.to_owned()), kind);
            }
        }
        if old_condition != new_condition {
            let kind = ChangeKind::ConditionChanged {
                old: old_condition.as_ref().map(Condition::to_string),
                new: new_condition.as_ref().map(Condition::to_string),
            };
            self.push(path, Some(rust.to_owned()), kind);
        }
    }

    /// A member's (or an alternative's) types, each as the Rust type and the document's
    /// type.
    pub(super) fn types(
        &mut self,
        old: (&RustType, &Type),
        new: (&RustType, &Type),
        path: &str,
        rust: &str,
    ) {
        if matches!(old.1, Type::Named(_)) || matches!(new.1, Type::Named(_)) {
            // A named type is compared where it is defined; here only which one it is.
            if old.1 != new.1 {
                self.type_changed(old, new, path, rust);
            }
            return;
        }
        match (old.0, new.0) {
            (RustType::Vec(old_element), RustType::Vec(new_element)) => self.types(
                (old_element, element_type(old.1)),
                (new_element, element_type(new.1)),
                &format!("{path}[]"),
                rust,
            ),
            (RustType::Named(old_name), RustType::Named(new_name)) => {
                self.named_types(old_name, new_name, (old.1, new.1), path, rust);
            }
            // `int` and `int64`, `uint64` and `size` are one Rust type each.
            (old_type, new_type) if rust_type_text(old_type) == rust_type_text(new_type) => {}
            _ => self.type_changed(old, new, path, rust),
        }
    }

    /// Two generated types in the same place: structs compare member by member, enums
    /// value by value; a struct that became an enum (or the reverse) is a type change.
    fn named_types(
        &mut self,
        old_name: &str,
        new_name: &str,
        types: (&Type, &Type),
        path: &str,
        rust: &str,
    ) {
        let renamed = || ChangeKind::TypeRenamed {
            old: old_name.to_owned(),
            new: new_name.to_owned(),
        };
        if let (Some(old), Some(new)) = (
            self.old.struct_named(old_name),
            self.new.struct_named(new_name),
        ) {
            if old_name != new_name {
                self.push(path, Some(new_name.to_owned()), renamed());
            }
            self.fields(&old.fields, &new.fields, path, old_name, new_name);
        } else if let (Some(old), Some(new)) =
            (self.old.enum_named(old_name), self.new.enum_named(new_name))
        {
            if old_name != new_name {
                self.push(path, Some(new_name.to_owned()), renamed());
            }
            self.enum_values(old, new, path);
        } else {
            let (old_rust, new_rust) = (
                RustType::Named(old_name.to_owned()),
                RustType::Named(new_name.to_owned()),
            );
            self.type_changed((&old_rust, types.0), (&new_rust, types.1), path, rust);
        }
    }

    fn type_changed(
        &mut self,
        old: (&RustType, &Type),
        new: (&RustType, &Type),
        path: &str,
        rust: &str,
    ) {
        let kind = ChangeKind::TypeChanged {
            old_json: self.old.document_type_text(old.1),
            new_json: self.new.document_type_text(new.1),
            old_rust: rust_type_text(old.0),
            new_rust: rust_type_text(new.0),
        };
        self.push(path, Some(rust.to_owned()), kind);
    }

    /// The values of two enumerations, matched by wire value.
    pub(super) fn enum_values(&mut self, old: &EnumPlan<'s>, new: &EnumPlan<'s>, path: &str) {
        for (new_variant, new_value) in &new.variants {
            let rust = Some(format!("{}::{new_variant}", new.name));
            let old_value = old
                .variants
                .iter()
                .find(|(_, v)| v.value == new_value.value);
            let Some((old_variant, old_value)) = old_value else {
                let kind = ChangeKind::EnumValueAdded {
                    value: new_value.value.clone(),
                };
                self.push(path, rust, kind);
                continue;
            };
            if old_variant != new_variant {
                let kind = ChangeKind::EnumVariantRenamed {
                    value: new_value.value.clone(),
                    old: old_variant.clone(),
                    new: new_variant.clone(),
                };
                self.push(path, rust.clone(), kind);
            }
            if !same_words(&old_value.description, &new_value.description) {
                let kind = ChangeKind::EnumValueDescriptionChanged {
                    value: new_value.value.clone(),
                    old: old_value.description.clone(),
                    new: new_value.description.clone(),
                };
                self.push(path, rust.clone(), kind);
            }
            self.annotations(
                path,
                rust.as_deref().unwrap_or_default(),
                (&old_value.features, &new_value.features),
                (&old_value.condition, &new_value.condition),
            );
        }
        for (old_variant, old_value) in &old.variants {
            if new.variants.iter().any(|(_, v)| v.value == old_value.value) {
                continue;
            }
            let kind = ChangeKind::EnumValueRemoved {
                value: old_value.value.clone(),
                was_deprecated: deprecated(&old_value.features),
            };
            self.push(path, Some(format!("{}::{old_variant}", old.name)), kind);
        }
    }

    /// Examples have no names: they are compared by position.
    fn examples(&mut self, old: &[Example], new: &[Example]) {
        for index in 0..old.len().max(new.len()) {
            let kind = match (old.get(index), new.get(index)) {
                (Some(old), Some(new)) if same_example(old, new) => continue,
                (Some(_), Some(_)) => ChangeKind::ExampleChanged { index: index + 1 },
                (None, Some(_)) => ChangeKind::ExampleAdded { index: index + 1 },
                (Some(_), None) => ChangeKind::ExampleRemoved { index: index + 1 },
                (None, None) => continue,
            };
            self.push("", None, kind);
        }
    }

    /// Notes have no names either: compared by position.
    pub(super) fn notes(&mut self, old: &[Note], new: &[Note]) {
        for index in 0..old.len().max(new.len()) {
            let kind = match (old.get(index), new.get(index)) {
                (Some(old), Some(new)) if same_words(&old.text, &new.text) => continue,
                (Some(_), Some(_)) => ChangeKind::NoteChanged { index: index + 1 },
                (None, Some(_)) => ChangeKind::NoteAdded { index: index + 1 },
                (Some(_), None) => ChangeKind::NoteRemoved { index: index + 1 },
                (None, None) => continue,
            };
            self.push("", None, kind);
        }
    }
}

/// Whether features mark their item deprecated.
fn deprecated(features: &[Feature]) -> bool {
    features.iter().any(Feature::is_deprecated)
}

/// A member's wire path: `data.server` and `host` give `data.server.host`; a named
/// type's own members have no prefix.
fn join(path: &str, member: &str) -> String {
    if path.is_empty() {
        member.to_owned()
    } else {
        format!("{path}.{member}")
    }
}

/// The element type of an array type (the type itself otherwise, which the plan never
/// pairs with a `Vec`).
fn element_type(ty: &Type) -> &Type {
    match ty {
        Type::Array(element) => element,
        other => other,
    }
}

fn data_shape(data: &Data) -> DataShape {
    match data {
        Data::None => DataShape::None,
        Data::Fields(_) => DataShape::Fields,
        Data::Undescribed { .. } => DataShape::Undescribed,
    }
}

/// Examples are alike when they have the same label and hold the same JSON (however it
/// is laid out), or, when either is not JSON, the same words.
fn same_example(old: &Example, new: &Example) -> bool {
    let same_label = match (&old.label, &new.label) {
        (Some(old), Some(new)) => same_words(old, new),
        (old, new) => old.is_none() && new.is_none(),
    };
    let same_message = match (&old.json, &new.json) {
        (Some(old), Some(new)) => old == new,
        _ => same_words(&old.text, &new.text),
    };
    same_label && same_message
}
