//! The change list: what differs between two documents, in terms of the generated API.

use serde::Serialize;

/// Whether a change breaks code written against the bindings of the old document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compatibility {
    /// Code written against the old bindings keeps compiling and keeps decoding what
    /// it decoded before.
    Compatible,
    /// Code written against the old bindings may stop compiling, or messages it
    /// decoded or validated before may now be rejected.
    Breaking,
}

/// The changes that concern one event, or several events that changed alike (the
/// events of one section, in both documents).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventChanges {
    /// The events' wire names (the new name for an event that was possibly renamed).
    pub names: Vec<String>,
    /// The changes, event-level first, then the payload's members in document order.
    pub changes: Vec<Change>,
}

/// The changes that concern one command of a QAPI schema (the text document has none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommandChanges {
    /// The command's wire name (`query-block`).
    pub name: String,
    /// Its struct in the new bindings' `commands` module (`commands::QueryBlock`), or in
    /// the old ones' for a command removed.
    pub rust: String,
    /// The changes: to the command itself first (path `""`), then its arguments (paths
    /// `arguments.NAME`) in the new document's order, then removed ones, then what it
    /// returns (path `return`), then its examples and notes.
    pub changes: Vec<Change>,
}

/// The changes to one of a QAPI schema's named types (a struct, enum, union or alternate
/// that both documents have), reported once however many events reach it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeChanges {
    /// The schema's name for the type (`SocketAddress`).
    pub name: String,
    /// Its Rust name in the new bindings (`SocketAddress`, `AcpiostInfo`).
    pub rust: String,
    /// What it is in the new document: `struct`, `enum`, `union` or `alternate`.
    pub kind: &'static str,
    /// The events whose data reach the type, in either document, in wire-name order.
    pub events: Vec<String>,
    /// The commands whose arguments reach the type (the caller builds it), in either
    /// document, in wire-name order.
    pub arguments_of: Vec<String>,
    /// The commands whose return value reaches the type (the caller decodes it), in
    /// either document, in wire-name order.
    pub returned_by: Vec<String>,
    /// The changes: to the type itself first (path `""`), then its members, values,
    /// variants or alternatives in the new document's order, then removed ones. Paths
    /// are wire paths within the type (`host`, `addresses[]`).
    pub changes: Vec<Change>,
}

/// One change, classified.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Where in the event: empty for the event itself, else a wire path such as
    /// `data.server.host` (`[]` stands for the elements of an array).
    pub path: String,
    /// The Rust item concerned, as the bindings name it: `Event::BalloonChange`,
    /// `BlockIoError.node_name`, `BlockJobCompletedType::Commit`.
    pub rust: Option<String>,
    /// Breaking or compatible.
    pub compatibility: Compatibility,
    /// Why it breaks, or for a compatible change what a consumer may want to know; a
    /// short phrase.
    pub why: String,
    /// What changed.
    #[serde(flatten)]
    pub kind: ChangeKind,
}

impl Change {
    /// Whether the change breaks code written against the old bindings.
    pub fn is_breaking(&self) -> bool {
        self.compatibility == Compatibility::Breaking
    }
}

/// How an event's `data` is described.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DataShape {
    /// `Data: None.`
    None,
    /// A list of fields.
    Fields,
    /// Prose, or nothing: the members are not listed.
    Undescribed,
}

/// The Rust type an event's variant holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PayloadType {
    /// The name the `Event` variant uses.
    pub name: String,
    /// The struct it is an alias of, when the event shares a section with others and
    /// is not the section's first event.
    pub alias_of: Option<String>,
}

impl PayloadType {
    /// The struct behind the name.
    pub fn struct_name(&self) -> &str {
        self.alias_of.as_deref().unwrap_or(&self.name)
    }
}

/// What changed. Rust types are written as the bindings spell them (`Option<String>`,
/// `Vec<i64>`, `serde_json::Value`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    /// The new document has an event the old one lacks.
    EventAdded {
        /// Its payload type.
        payload: String,
    },
    /// The old document had an event the new one lacks.
    EventRemoved {
        /// Its payload type.
        payload: String,
        /// Whether the old schema marked it deprecated (QEMU announced its removal).
        #[serde(skip_serializing_if = "is_false")]
        was_deprecated: bool,
    },
    /// An event left and another with exactly the same fields arrived.
    EventPossiblyRenamed {
        /// The old wire name.
        old_name: String,
        /// The old `Event` variant.
        old_variant: String,
    },
    /// The same wire name has another `Event` variant (a name clash resolved anew).
    VariantRenamed {
        /// The old variant.
        old: String,
        /// The new variant.
        new: String,
    },
    /// The type the event's variant holds is another one.
    PayloadTypeRenamed {
        /// Before.
        old: PayloadType,
        /// After.
        new: PayloadType,
    },
    /// The way `data` is described changed (none, fields, prose).
    DataChanged {
        /// Before.
        old: DataShape,
        /// After.
        new: DataShape,
    },
    /// A member was added.
    FieldAdded {
        /// Whether the member is optional.
        optional: bool,
        /// Its Rust type, `Option<..>` included.
        rust_type: String,
    },
    /// A member was removed.
    FieldRemoved {
        /// Whether the member was optional.
        optional: bool,
        /// Its Rust type, `Option<..>` included.
        rust_type: String,
        /// Whether the old schema marked it deprecated.
        #[serde(skip_serializing_if = "is_false")]
        was_deprecated: bool,
    },
    /// A member keeps its wire name but has another Rust name (a clash resolved anew).
    FieldRenamed {
        /// The old Rust field name.
        old: String,
        /// The new Rust field name.
        new: String,
    },
    /// A member, or the elements of an array member, has another type.
    TypeChanged {
        /// The document's type before (`json-string`, `json-array of json-int`, ...).
        old_json: String,
        /// The document's type after.
        new_json: String,
        /// The Rust type before.
        old_rust: String,
        /// The Rust type after.
        new_rust: String,
    },
    /// A nested struct or enum has another name (it is named after its place).
    TypeRenamed {
        /// The old name.
        old: String,
        /// The new name.
        new: String,
    },
    /// A required member became optional.
    MadeOptional {
        /// The Rust type, now wrapped in `Option`.
        rust_type: String,
    },
    /// An optional member became required.
    MadeRequired {
        /// The Rust type, no longer wrapped in `Option`.
        rust_type: String,
    },
    /// An enumeration gained a value.
    EnumValueAdded {
        /// The wire value.
        value: String,
    },
    /// An enumeration lost a value.
    EnumValueRemoved {
        /// The wire value.
        value: String,
        /// Whether the old schema marked it deprecated.
        #[serde(skip_serializing_if = "is_false")]
        was_deprecated: bool,
    },
    /// An enumeration value has another variant name (a clash resolved anew).
    EnumVariantRenamed {
        /// The wire value.
        value: String,
        /// The old variant.
        old: String,
        /// The new variant.
        new: String,
    },
    /// An event's or a member's description changed (ignoring how lines wrap).
    DescriptionChanged {
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// The meaning given for an enumeration value changed.
    EnumValueDescriptionChanged {
        /// The wire value.
        value: String,
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// An example was added (1-based position in the new document's section).
    ExampleAdded {
        /// Its position.
        index: usize,
    },
    /// An example was removed (1-based position in the old document's section).
    ExampleRemoved {
        /// Its position.
        index: usize,
    },
    /// An example's text changed (1-based position).
    ExampleChanged {
        /// Its position.
        index: usize,
    },
    /// A note was added (1-based position in the new document's section).
    NoteAdded {
        /// Its position.
        index: usize,
    },
    /// A note was removed (1-based position in the old document's section).
    NoteRemoved {
        /// Its position.
        index: usize,
    },
    /// A note's text changed (1-based position).
    NoteChanged {
        /// Its position.
        index: usize,
    },
    /// The new document has a command the old one lacks.
    CommandAdded {
        /// What it returns, as `type Returns` spells it (`Vec<BlockInfo>`, `Empty`).
        returns: String,
    },
    /// The old document had a command the new one lacks.
    CommandRemoved {
        /// What it returned.
        returns: String,
        /// Whether the old schema marked it deprecated (QEMU announced its removal).
        #[serde(skip_serializing_if = "is_false")]
        was_deprecated: bool,
    },
    /// A command's struct holds its arguments another way: as fields, or as one named
    /// type (`'boxed': true`, `struct X(pub T)`), or another named type.
    ArgumentsChanged {
        /// Before: `fields`, or the boxed type's Rust name.
        old: String,
        /// After.
        new: String,
    },
    /// A command returns another type (`type Returns` is another Rust type).
    ReturnsChanged {
        /// The schema's type before (`['BlockInfo']`), or `None` for no `returns`.
        old_json: Option<String>,
        /// After.
        new_json: Option<String>,
        /// `type Returns` before (`Empty` for no `returns`).
        old_rust: String,
        /// After.
        new_rust: String,
    },
    /// An event, member, enumeration value or named type gained a QAPI feature.
    FeatureAdded {
        /// The feature's name (`deprecated`, `unstable`, ...).
        feature: String,
    },
    /// An event, member, enumeration value or named type lost a QAPI feature.
    FeatureRemoved {
        /// The feature's name.
        feature: String,
    },
    /// The build condition under which QEMU has an event, member, value, branch or type
    /// changed (appeared, went, or became another).
    ConditionChanged {
        /// Before, as a sentence part (`CONFIG_SPICE`, `TARGET_S390X and CONFIG_KVM`), or
        /// `None` when QEMU had it in every build.
        old: Option<String>,
        /// After.
        new: Option<String>,
    },
    /// A named type is another kind of type (a struct became a union, ...).
    TypeKindChanged {
        /// The kind before: `struct`, `enum`, `union` or `alternate`.
        old: String,
        /// The kind after.
        new: String,
    },
    /// A union gained a variant (its discriminator enum gained a value).
    UnionVariantAdded {
        /// The discriminator value.
        value: String,
        /// What the variant holds (a JSON map for a value without a branch).
        rust_type: String,
    },
    /// A union lost a variant.
    UnionVariantRemoved {
        /// The discriminator value.
        value: String,
        /// What the variant held.
        rust_type: String,
    },
    /// A union's variant holds another type: its branch appeared, went, or names another
    /// type (or the union's common members changed what the variant's struct is).
    UnionVariantChanged {
        /// The discriminator value.
        value: String,
        /// The branch's schema type before, or `None` when the value had no branch.
        old_branch: Option<String>,
        /// The branch's schema type after.
        new_branch: Option<String>,
        /// What the variant held.
        old_rust: String,
        /// What it holds now.
        new_rust: String,
    },
    /// A union's discriminator is another member.
    DiscriminatorChanged {
        /// The member's wire name before.
        old: String,
        /// After.
        new: String,
    },
    /// An alternate gained an alternative.
    AlternativeAdded {
        /// The alternative's name in the schema.
        name: String,
        /// The Rust type its variant holds.
        rust_type: String,
    },
    /// An alternate lost an alternative.
    AlternativeRemoved {
        /// The alternative's name in the schema.
        name: String,
        /// The Rust type its variant held.
        rust_type: String,
    },
}

/// Leaves `false` flags out of the JSON: the text document has no features, and its
/// diff keeps the shape it always had.
fn is_false(flag: &bool) -> bool {
    !flag
}

impl ChangeKind {
    /// Whether the change is to documentation only (descriptions, examples, notes).
    pub fn is_doc_only(&self) -> bool {
        matches!(
            self,
            ChangeKind::DescriptionChanged { .. }
                | ChangeKind::EnumValueDescriptionChanged { .. }
                | ChangeKind::ExampleAdded { .. }
                | ChangeKind::ExampleRemoved { .. }
                | ChangeKind::ExampleChanged { .. }
                | ChangeKind::NoteAdded { .. }
                | ChangeKind::NoteRemoved { .. }
                | ChangeKind::NoteChanged { .. }
        )
    }
}
