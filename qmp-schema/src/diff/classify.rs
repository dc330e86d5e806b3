//! Breaking or compatible: the rule for each kind of change, and the phrase that says why.
//!
//! The question asked is the one a consumer of checked-in bindings has before
//! regenerating them: does code written against the old bindings still compile against
//! the new ones, and does it still decode (and `validate`) the messages the old document
//! allowed? Code is assumed to use the bindings the usual way: decode, read fields, name
//! types and variants, and `match` with a `_` arm. The generated types are not
//! `#[non_exhaustive]`, so additions (an event, a member, an enumeration value) can
//! still break an exhaustive `match` without `_`, a struct literal or an exhaustive
//! destructuring; those are counted compatible, as the issue asks, and the README says so.

use super::change::{ChangeKind, Compatibility, DataShape, PayloadType};
use crate::model::IntegerType;

/// The verdict on one change, and a short phrase: why it breaks, or what a consumer of a
/// compatible change may want to know.
pub(crate) fn classify(kind: &ChangeKind, rust: Option<&str>) -> (Compatibility, String) {
    use Compatibility::{Breaking, Compatible};
    let item = rust.unwrap_or("it");
    match kind {
        ChangeKind::EventAdded { .. } => (
            Compatible,
            "new `Event` variant; these events used to decode as `Event::Unknown`".to_owned(),
        ),
        ChangeKind::EventRemoved {
            payload,
            was_deprecated,
        } => (
            Breaking,
            format!(
                "code naming `{item}` or `{payload}` stops compiling{}",
                announced(*was_deprecated)
            ),
        ),
        ChangeKind::EventPossiblyRenamed { old_variant, .. } => (
            Breaking,
            format!("`Event::{old_variant}` is gone: code matching it must move to `{item}`"),
        ),
        ChangeKind::VariantRenamed { old, .. } => (
            Breaking,
            format!("code matching `Event::{old}` stops compiling"),
        ),
        ChangeKind::PayloadTypeRenamed { old, new } => (Breaking, payload_type_phrase(old, new)),
        ChangeKind::DataChanged { old, new } => data_change_phrase(*old, *new, item),
        ChangeKind::FieldAdded { optional: true, .. } => (
            Compatible,
            "new optional field; the member used to land in `unknown_fields`".to_owned(),
        ),
        ChangeKind::FieldAdded {
            optional: false, ..
        } => (
            Breaking,
            "events without it (as an older QEMU sends them) no longer decode".to_owned(),
        ),
        ChangeKind::FieldRemoved { was_deprecated, .. } => (
            Breaking,
            format!(
                "code reading `{item}` stops compiling{}",
                announced(*was_deprecated)
            ),
        ),
        ChangeKind::FieldRenamed { old, .. } => (
            Breaking,
            format!("code reading the field as `{old}` stops compiling"),
        ),
        ChangeKind::TypeChanged {
            old_json,
            new_json,
            old_rust,
            ..
        } => (
            Breaking,
            format!(
                "code using `{item}` as `{old_rust}` stops compiling{}",
                narrowing(old_json, new_json)
            ),
        ),
        ChangeKind::TypeRenamed { old, .. } => {
            (Breaking, format!("code naming `{old}` stops compiling"))
        }
        ChangeKind::MadeOptional { rust_type } => (
            Breaking,
            format!(
                "`{item}` becomes `Option<{rust_type}>`: code reading it as `{rust_type}` stops compiling"
            ),
        ),
        ChangeKind::MadeRequired { rust_type } => (
            Breaking,
            format!(
                "`{item}` is now `{rust_type}`, not an `Option`, and events without it no longer decode"
            ),
        ),
        ChangeKind::EnumValueAdded { value } => (
            Compatible,
            format!("new variant; \"{value}\" used to decode as `Other(\"{value}\")`"),
        ),
        ChangeKind::EnumValueRemoved {
            value,
            was_deprecated,
        } => (
            Breaking,
            format!(
                "code naming `{item}` stops compiling (\"{value}\" now decodes as `Other`){}",
                announced(*was_deprecated)
            ),
        ),
        ChangeKind::EnumVariantRenamed { old, .. } => (
            Breaking,
            format!("code naming the variant `{old}` stops compiling"),
        ),
        ChangeKind::DescriptionChanged { .. }
        | ChangeKind::EnumValueDescriptionChanged { .. }
        | ChangeKind::ExampleAdded { .. }
        | ChangeKind::ExampleRemoved { .. }
        | ChangeKind::ExampleChanged { .. }
        | ChangeKind::NoteAdded { .. }
        | ChangeKind::NoteRemoved { .. }
        | ChangeKind::NoteChanged { .. } => (Compatible, "documentation only".to_owned()),
        ChangeKind::FeatureAdded { feature } => (Compatible, feature_added_phrase(feature)),
        ChangeKind::FeatureRemoved { feature } => (Compatible, feature_removed_phrase(feature)),
        ChangeKind::ConditionChanged { new, .. } => (
            Compatible,
            match new {
                Some(condition) => format!(
                    "QEMU has it only when built with {condition}; the bindings have it either way"
                ),
                None => "QEMU now has it in every build".to_owned(),
            },
        ),
        ChangeKind::TypeKindChanged { old, .. } => (
            Breaking,
            format!("code using `{item}` as a {old} stops compiling"),
        ),
        ChangeKind::UnionVariantAdded { value, .. } => (
            Compatible,
            format!(
                "new variant; data with \"{value}\" used to decode as `{}::Other {{ .. }}`",
                owner(item)
            ),
        ),
        ChangeKind::UnionVariantRemoved { value, .. } => (
            Breaking,
            format!("code naming `{item}` stops compiling (\"{value}\" now decodes as `Other`)"),
        ),
        ChangeKind::UnionVariantChanged {
            old_rust, new_rust, ..
        } => (
            Breaking,
            format!(
                "`{item}` holds `{new_rust}`, not `{old_rust}`: code using its value as `{old_rust}` stops compiling"
            ),
        ),
        ChangeKind::DiscriminatorChanged { old, .. } => (
            Breaking,
            format!(
                "data that says its variant in `{old}` (as an older QEMU sends it) no longer decodes"
            ),
        ),
        ChangeKind::AlternativeAdded { .. } => (
            Compatible,
            format!(
                "new variant; such values used to decode as `{}::Other`",
                owner(item)
            ),
        ),
        ChangeKind::AlternativeRemoved { .. } => {
            (Breaking, format!("code naming `{item}` stops compiling"))
        }
    }
}

/// What a removal adds when the old schema had marked the item deprecated.
fn announced(was_deprecated: bool) -> &'static str {
    if was_deprecated {
        "; QEMU had deprecated it"
    } else {
        ""
    }
}

/// The type of a variant's path: `SocketAddress` for `SocketAddress::Fd`.
fn owner(item: &str) -> &str {
    item.rsplit_once("::").map_or(item, |(owner, _)| owner)
}

/// What a feature added means to a user of the bindings.
fn feature_added_phrase(feature: &str) -> String {
    match feature {
        "deprecated" => "QEMU deprecates it: a later QEMU may drop it, and bindings \
                         regenerated then lose it"
            .to_owned(),
        "unstable" => "QEMU marks it unstable: it may change or go in any release".to_owned(),
        _ => format!("QEMU's feature flag `{feature}`; the bindings do not change"),
    }
}

/// What a feature removed means to a user of the bindings.
fn feature_removed_phrase(feature: &str) -> String {
    match feature {
        "deprecated" => "no longer deprecated".to_owned(),
        "unstable" => "no longer unstable".to_owned(),
        _ => format!("QEMU's feature flag `{feature}`; the bindings do not change"),
    }
}

/// For an integer member that became narrower, what no longer decodes (the QAPI names
/// `int`, `uint8`, ..., `size`); empty otherwise.
fn narrowing(old: &str, new: &str) -> String {
    let range = |name: &str| {
        let integer = if name == "int" {
            Some(IntegerType::I64)
        } else {
            IntegerType::from_name(name)
        };
        integer.map(IntegerType::range)
    };
    match (range(old), range(new)) {
        (Some((old_min, old_max)), Some((new_min, new_max)))
            if new_min > old_min || new_max < old_max =>
        {
            format!(", and values outside {new}'s range ({new_min} to {new_max}) no longer decode")
        }
        _ => String::new(),
    }
}

/// Why a payload type that is another one breaks: a new name, or the same name for
/// another type (an alias that became a struct of its own, or the reverse).
fn payload_type_phrase(old: &PayloadType, new: &PayloadType) -> String {
    if old.name != new.name {
        return format!("code naming `{}` stops compiling", old.name);
    }
    match (&old.alias_of, &new.alias_of) {
        (Some(was), None) => format!(
            "`{}` is no longer the same type as `{was}`: code that handles both events' data as one type stops compiling",
            new.name
        ),
        (None, Some(now)) => format!(
            "`{}` becomes another name for `{now}`: trait impls written for both now conflict",
            new.name
        ),
        _ => format!(
            "`{}` now stands for `{}`, not `{}`",
            new.name,
            new.struct_name(),
            old.struct_name()
        ),
    }
}

/// The verdict on a change in how `data` is described.
fn data_change_phrase(old: DataShape, new: DataShape, payload: &str) -> (Compatibility, String) {
    match (old, new) {
        (_, DataShape::None) => (
            Compatibility::Breaking,
            "`validate` now reports any `data` member as a violation".to_owned(),
        ),
        (DataShape::None | DataShape::Undescribed, DataShape::Fields) => (
            Compatibility::Breaking,
            format!("`{payload}` no longer implements `Default` (it has typed fields now)"),
        ),
        (DataShape::Fields, DataShape::Undescribed) => (
            Compatibility::Compatible,
            "the members are no longer listed; they land in `unknown_fields`".to_owned(),
        ),
        (DataShape::None, DataShape::Undescribed) => (
            Compatibility::Compatible,
            "the event may now carry data; it lands in `unknown_fields`".to_owned(),
        ),
        (DataShape::Fields, DataShape::Fields)
        | (DataShape::Undescribed, DataShape::Undescribed) => {
            (Compatibility::Compatible, "no change".to_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(kind: ChangeKind) -> Compatibility {
        classify(&kind, Some("Item")).0
    }

    #[test]
    fn additions_are_compatible_except_required_fields() {
        assert_eq!(
            verdict(ChangeKind::EventAdded {
                payload: "A".into()
            }),
            Compatibility::Compatible
        );
        assert_eq!(
            verdict(ChangeKind::FieldAdded {
                optional: true,
                rust_type: "Option<i64>".into()
            }),
            Compatibility::Compatible
        );
        assert_eq!(
            verdict(ChangeKind::FieldAdded {
                optional: false,
                rust_type: "i64".into()
            }),
            Compatibility::Breaking
        );
        assert_eq!(
            verdict(ChangeKind::EnumValueAdded { value: "x".into() }),
            Compatibility::Compatible
        );
    }

    #[test]
    fn both_directions_of_optionality_break() {
        assert_eq!(
            verdict(ChangeKind::MadeRequired {
                rust_type: "i64".into()
            }),
            Compatibility::Breaking
        );
        assert_eq!(
            verdict(ChangeKind::MadeOptional {
                rust_type: "i64".into()
            }),
            Compatibility::Breaking
        );
    }

    #[test]
    fn an_alias_that_becomes_a_struct_says_which_type_it_was() {
        let old = PayloadType {
            name: "B".into(),
            alias_of: Some("A".into()),
        };
        let new = PayloadType {
            name: "B".into(),
            alias_of: None,
        };
        let (verdict, why) = classify(&ChangeKind::PayloadTypeRenamed { old, new }, None);
        assert_eq!(verdict, Compatibility::Breaking);
        assert!(why.contains("no longer the same type as `A`"), "{why}");
    }

    #[test]
    fn data_none_becoming_undescribed_is_compatible_and_the_reverse_breaks() {
        let loosen = ChangeKind::DataChanged {
            old: DataShape::None,
            new: DataShape::Undescribed,
        };
        let tighten = ChangeKind::DataChanged {
            old: DataShape::Undescribed,
            new: DataShape::None,
        };
        assert_eq!(verdict(loosen), Compatibility::Compatible);
        assert_eq!(verdict(tighten), Compatibility::Breaking);
    }

    #[test]
    fn doc_changes_are_compatible() {
        let kind = ChangeKind::DescriptionChanged {
            old: "a".into(),
            new: "b".into(),
        };
        assert!(kind.is_doc_only());
        assert_eq!(verdict(kind), Compatibility::Compatible);
    }
}
