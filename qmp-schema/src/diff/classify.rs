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
//!
//! A QAPI schema's commands add a direction: the caller builds a command's arguments and
//! decodes what it returns. A change is judged by the same rule wherever it is (a member
//! removed breaks, an optional one added does not), but worded for the code concerned:
//! code *setting* an argument, code *reading* a returned member, replies or events that
//! no longer decode ([`Uses`]).

use super::change::{ChangeKind, Compatibility, DataShape, PayloadType};
use crate::model::IntegerType;

/// Where the item a change concerns is used, which decides what the change does to its
/// users. Events and returns are *decoded*: what an older QEMU sends must still decode.
/// Command arguments are *built* by the caller: what the caller writes must still
/// compile, and carry what QEMU requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Uses {
    /// In events' data.
    pub(crate) events: bool,
    /// In what commands return.
    pub(crate) returns: bool,
    /// In commands' arguments.
    pub(crate) arguments: bool,
}

impl Uses {
    /// An event's own data.
    pub(crate) const EVENTS: Uses = Uses {
        events: true,
        returns: false,
        arguments: false,
    };
    /// A command's own arguments.
    pub(crate) const ARGUMENTS: Uses = Uses {
        events: false,
        returns: false,
        arguments: true,
    };
    /// What a command returns.
    pub(crate) const RETURNS: Uses = Uses {
        events: false,
        returns: true,
        arguments: false,
    };

    /// Whether code decodes the item (it is not only built). An item used nowhere (a base
    /// struct, whose members the structs built on it carry) is taken as decoded, as the
    /// diff did before it knew commands.
    fn decoded(self) -> bool {
        self.events || self.returns || !self.arguments
    }

    /// What is decoded, as a plural noun: `events`, `replies`, `events and replies`.
    fn decoded_noun(self) -> &'static str {
        match (self.events, self.returns) {
            (true, true) => "events and replies",
            (false, true) => "replies",
            _ => "events",
        }
    }

    /// What code does with a field: `reading`, `setting`, `reading or setting`.
    fn verb(self) -> &'static str {
        match (self.decoded(), self.arguments) {
            (true, true) => "reading or setting",
            (false, _) => "setting",
            (true, false) => "reading",
        }
    }
}

/// The verdict on one change, and a short phrase: why it breaks, or what a consumer of a
/// compatible change may want to know. `uses` says where the item is used: the same
/// change is worded for the code that decodes it, builds it, or both.
pub(crate) fn classify(
    kind: &ChangeKind,
    rust: Option<&str>,
    uses: Uses,
) -> (Compatibility, String) {
    use Compatibility::{Breaking, Compatible};
    let item = rust.unwrap_or("it");
    match kind {
        ChangeKind::CommandAdded { .. } => (
            Compatible,
            "new `commands` struct and `AnyCommand` variant; these commands used to decode as \
             `AnyCommand::Unknown`"
                .to_owned(),
        ),
        ChangeKind::CommandRemoved { was_deprecated, .. } => (
            Breaking,
            format!(
                "code naming `{item}` stops compiling{}",
                announced(*was_deprecated)
            ),
        ),
        ChangeKind::ArgumentsChanged { old, .. } => (
            Breaking,
            format!(
                "code building `{item}` {} stops compiling",
                if old == "fields" {
                    "with its fields".to_owned()
                } else {
                    format!("from a `{old}`")
                }
            ),
        ),
        ChangeKind::ReturnsChanged { old_rust, .. } => (
            Breaking,
            format!("code using the result as `{old_rust}` stops compiling"),
        ),
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
        ChangeKind::FieldAdded { optional: true, .. } => {
            (Compatible, optional_field_added_phrase(uses))
        }
        ChangeKind::FieldAdded {
            optional: false, ..
        } => (Breaking, required_field_added_phrase(uses, item)),
        ChangeKind::FieldRemoved { was_deprecated, .. } => (
            Breaking,
            format!(
                "code {} `{item}` stops compiling{}",
                uses.verb(),
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
                if uses.decoded() {
                    narrowing(old_json, new_json)
                } else {
                    String::new()
                }
            ),
        ),
        ChangeKind::TypeRenamed { old, .. } => {
            (Breaking, format!("code naming `{old}` stops compiling"))
        }
        ChangeKind::MadeOptional { rust_type } => (
            Breaking,
            format!(
                "`{item}` becomes `Option<{rust_type}>`: code {} it as `{rust_type}` stops compiling",
                uses.verb()
            ),
        ),
        ChangeKind::MadeRequired { rust_type } => {
            (Breaking, made_required_phrase(uses, item, rust_type))
        }
        ChangeKind::EnumValueAdded { value } => (
            Compatible,
            if uses.decoded() {
                format!("new variant; \"{value}\" used to decode as `Other(\"{value}\")`")
            } else {
                format!(
                    "new variant; code that sent \"{value}\" as `Other(\"{value}\")` may name it"
                )
            },
        ),
        ChangeKind::EnumValueRemoved {
            value,
            was_deprecated,
        } => (
            Breaking,
            format!(
                "code naming `{item}` stops compiling{}{}",
                if uses.decoded() {
                    format!(" (\"{value}\" now decodes as `Other`)")
                } else {
                    String::new()
                },
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

/// Why an optional field added is compatible. Decoded, the member used to be kept in
/// `unknown_fields`; built, callers need not set it, though a struct literal that lists
/// every field must now name it too (only a struct whose fields are all optional has a
/// `Default` to end a literal with).
fn optional_field_added_phrase(uses: Uses) -> String {
    let decoded = "new optional field; the member used to land in `unknown_fields`";
    let built = "struct literals must name it (`None`) unless they end in `..Default::default()`";
    match (uses.decoded(), uses.arguments) {
        (true, false) => decoded.to_owned(),
        (true, true) => format!("{decoded}; {built}"),
        (false, _) => format!("new optional argument: callers need not set it, but {built}"),
    }
}

/// Why a required field added breaks: what an older QEMU sends no longer decodes, and
/// code that builds the struct must give the new field.
fn required_field_added_phrase(uses: Uses, item: &str) -> String {
    let decoded = format!(
        "{} without it (as an older QEMU sends them) no longer decode",
        uses.decoded_noun()
    );
    let owner = item.rsplit_once('.').map_or(item, |(owner, _)| owner);
    let built =
        format!("callers must give it: struct literals of `{owner}` without it stop compiling");
    match (uses.decoded(), uses.arguments) {
        (true, false) => decoded,
        (true, true) => format!("{decoded}; {built}"),
        (false, _) => built,
    }
}

/// Why an optional field made required breaks.
fn made_required_phrase(uses: Uses, item: &str, rust_type: &str) -> String {
    let decoded = format!(
        "`{item}` is now `{rust_type}`, not an `Option`, and {} without it no longer decode",
        uses.decoded_noun()
    );
    let built = "callers must give it";
    match (uses.decoded(), uses.arguments) {
        (true, false) => decoded,
        (true, true) => format!("{decoded}; {built}"),
        (false, _) => format!(
            "`{item}` is now `{rust_type}`, not an `Option`: code setting it as an `Option` stops compiling, and {built}"
        ),
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
        classify(&kind, Some("Item"), Uses::EVENTS).0
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
        let (verdict, why) = classify(
            &ChangeKind::PayloadTypeRenamed { old, new },
            None,
            Uses::EVENTS,
        );
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
