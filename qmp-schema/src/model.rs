//! The schema model: what QEMU's text says about its events, as plain data.
//!
//! Both front ends build it: the event document (`qmp-events.txt`) and the QAPI schema
//! (`qapi/*.json`). Nothing after it (checks, code generation, docs, diff) knows which
//! text it came from. Every node carries the [`Span`] it was read from, so that checks,
//! diagnostics and generated doc comments can point back at the text. The model
//! serializes to the JSON shape printed by `qmp-codegen schema` (documented in
//! `docs/schema-json.md`).

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// A place in the text: the file, 1-based line and column (columns count tab stops of 8,
/// as QEMU's schema checker does), plus the byte range in the file's normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Which file: an index into the files read (0 is the file named by the user; a QAPI
    /// schema's included files follow in the order they were read).
    pub file: usize,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, with tabs expanded to the next multiple of 8.
    pub column: usize,
    /// Byte offset of the first byte in the normalized source text.
    pub start: usize,
    /// Byte offset one past the last byte in the normalized source text.
    pub end: usize,
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Offsets are an implementation detail of the normalized text; line and column
        // are what a reader of the document can use.
        let mut s = serializer.serialize_struct("Span", 3)?;
        // The root file, the only one of a text document, goes without saying.
        if self.file != 0 {
            s.serialize_field("file", &self.file)?;
        }
        s.serialize_field("line", &self.line)?;
        s.serialize_field("column", &self.column)?;
        s.end()
    }
}

/// What QEMU's text says about its events.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Schema {
    /// The title underlined with `=`, if the document has one.
    pub title: Option<String>,
    /// The files read, as [`Span::file`] indexes them: the root first. Empty for a text
    /// document, which is one file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// The sections in document order: one per event for a QAPI schema, one per heading
    /// (which may name several events) for the text document.
    pub sections: Vec<Section>,
    /// The commands, in schema order (a QAPI schema's; the text document has none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<Command>,
    /// The named types the events and commands reach, by name (a QAPI schema's structs,
    /// enums, unions and alternates; the text document has none).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub types: BTreeMap<String, NamedType>,
    /// The releases a merged model was made from, oldest first ([`crate::merge`]): the
    /// bits of the [`ReleaseSet`]s of its parts. Empty for one schema.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub releases: Vec<String>,
}

/// A set of the releases of a merged model: bit `i` is [`Schema::releases`]`[i]`.
pub type ReleaseSet = u64;

/// Which releases of a merged model have a member, and which require it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Presence {
    /// The releases that have the member.
    pub releases: ReleaseSet,
    /// The releases that require it.
    pub required_in: ReleaseSet,
}

impl Schema {
    /// Every event name with the section that documents it, in document order.
    pub fn events(&self) -> impl Iterator<Item = (&EventName, &Section)> {
        self.sections
            .iter()
            .flat_map(|section| section.names.iter().map(move |name| (name, section)))
    }

    /// The section documenting the event with this wire name.
    pub fn section_for(&self, event: &str) -> Option<&Section> {
        self.events()
            .find(|(name, _)| name.name == event)
            .map(|(_, section)| section)
    }

    /// How many event names the document declares (a section may declare several).
    pub fn event_count(&self) -> usize {
        self.sections.iter().map(|s| s.names.len()).sum()
    }

    /// How many event examples the document holds.
    pub fn example_count(&self) -> usize {
        self.sections.iter().map(|s| s.examples.len()).sum()
    }

    /// How many command examples (transcripts) the schema holds.
    pub fn command_example_count(&self) -> usize {
        self.commands.iter().map(|c| c.examples.len()).sum()
    }

    /// The named type a [`Type::Named`] refers to.
    pub fn named(&self, name: &str) -> Option<&NamedType> {
        self.types.get(name)
    }

    /// The command with this wire name.
    pub fn command(&self, name: &str) -> Option<&Command> {
        self.commands.iter().find(|command| command.name == name)
    }
}

/// An event name as written in a section heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventName {
    /// The wire name, e.g. `BLOCK_IO_ERROR`.
    pub name: String,
    /// Where the name stands in the heading.
    pub span: Span,
}

impl Serialize for EventName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

/// One section of the document: a heading naming one or more events that share a payload
/// (the text document), or one event definition (a QAPI schema).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The event names of the heading (`SPICE_CONNECTED, SPICE_DISCONNECTED` gives two).
    pub names: Vec<EventName>,
    /// The heading line, or the event's name in its definition.
    pub span: Span,
    /// The description paragraphs, joined with blank lines.
    pub description: String,
    /// What the event's `data` member holds.
    pub data: Data,
    /// The named struct type whose members are the data, when the definition names one
    /// (`'data': 'HvBalloonInfo'`); [`Section::data`] lists its members all the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_type: Option<String>,
    /// The examples, in document order.
    pub examples: Vec<Example>,
    /// The `Note:` paragraphs, without their label.
    pub notes: Vec<Note>,
    /// The QEMU release that introduced the event (`Since: 1.1` gives `1.1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// The event's features (`deprecated`, `unstable`, or any other name).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<Feature>,
    /// The build condition under which QEMU has the event.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// In a merged model, the releases that have the event (`None`: every release).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub releases: Option<ReleaseSet>,
}

impl Section {
    /// A section with these names and nothing else yet.
    pub fn new(names: Vec<EventName>, span: Span) -> Section {
        Section {
            names,
            span,
            description: String::new(),
            data: Data::None,
            data_type: None,
            examples: Vec::new(),
            notes: Vec::new(),
            since: None,
            features: Vec::new(),
            condition: None,
            releases: None,
        }
    }
}

/// What an event's `data` member holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    /// `Data: None.`, or a QAPI event without data: the event carries no `data` member.
    None,
    /// A list of members.
    Fields(Vec<Field>),
    /// The data is described in prose, or not described at all: its members are unknown.
    Undescribed {
        /// The prose that describes it (empty when the section says nothing).
        text: String,
    },
}

impl Data {
    /// The documented fields (none for [`Data::None`] and [`Data::Undescribed`]).
    pub fn fields(&self) -> &[Field] {
        match self {
            Data::Fields(fields) => fields,
            Data::None | Data::Undescribed { .. } => &[],
        }
    }
}

impl Serialize for Data {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // `null` means "no data member"; an undescribed payload is an object whose
        // members the document does not list, hence the empty list.
        match self {
            Data::None => serializer.serialize_none(),
            Data::Fields(fields) => fields.serialize(serializer),
            Data::Undescribed { .. } => serializer.collect_seq(std::iter::empty::<Field>()),
        }
    }
}

/// One member of an object: a `- "name": description (json-type)` item, or a QAPI
/// member `'*name': 'type'`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Field {
    /// The wire name, exactly as the text has it (`tray-open`, `__com.redhat_reason`).
    pub name: String,
    /// The description, with continuation lines joined by single spaces.
    pub description: String,
    /// The field's type. A field without a type annotation is [`Type::Value`].
    pub ty: Type,
    /// Whether the member may be absent.
    pub optional: bool,
    /// Whether the text gave a type for this field.
    pub type_annotated: bool,
    /// The build condition under which QEMU has the member.
    pub condition: Option<Condition>,
    /// The member's features.
    pub features: Vec<Feature>,
    /// Where the field's item starts (the `-`), or where a QAPI member's name stands.
    pub span: Span,
    /// Where the field's name stands.
    pub name_span: Span,
    /// In a merged model, the releases that have and require the member (`None`: as
    /// [`Field::optional`] says, in every release).
    pub releases: Option<Presence>,
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let meanings: Vec<&EnumValue> = match &self.ty {
            Type::Enum(values) => values
                .iter()
                .filter(|v| !v.description.is_empty())
                .collect(),
            _ => Vec::new(),
        };
        let mut s = serializer.serialize_struct("Field", 8)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("optional", &self.optional)?;
        s.serialize_field("type", &self.ty)?;
        s.serialize_field("description", &self.description)?;
        if !meanings.is_empty() {
            s.serialize_field("enum_meanings", &EnumMeanings(&meanings))?;
        }
        if let Some(condition) = &self.condition {
            s.serialize_field("if", condition)?;
        }
        if !self.features.is_empty() {
            s.serialize_field("features", &self.features)?;
        }
        s.serialize_field("span", &self.span)?;
        s.end()
    }
}

/// Serializes enum value meanings as a JSON object `{"value": "meaning"}`.
struct EnumMeanings<'a>(&'a [&'a EnumValue]);

impl Serialize for EnumMeanings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for value in self.0 {
            map.serialize_entry(&value.value, &value.description)?;
        }
        map.end()
    }
}

/// A field's type.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Type {
    /// `json-string`, QAPI `str`
    String,
    /// `json-bool`, QAPI `bool`
    Bool,
    /// `json-int`, QAPI `int`: a 64-bit signed integer.
    Int,
    /// An integer of a given width: QAPI `int8` .. `uint64`, `size`.
    Integer(IntegerType),
    /// `json-number`: any JSON number, integer or float, kept exact.
    Number,
    /// QAPI `number`: a C double, any JSON number read as a 64-bit float.
    Double,
    /// `json-value`, QAPI `any`, or a field the document gives no type: any JSON value.
    #[default]
    Value,
    /// QAPI `null`: JSON `null`.
    Null,
    /// `json-array`, with its element type (`Value` when the document does not say).
    Array(Box<Type>),
    /// `json-object` with its member fields.
    Object(Vec<Field>),
    /// A `json-string` restricted to the listed values.
    Enum(Vec<EnumValue>),
    /// A named type of [`Schema::types`].
    Named(String),
}

impl Type {
    /// The JSON type name the document uses for this type (`json-string`, ...).
    pub fn json_name(&self) -> &'static str {
        match self {
            Type::String | Type::Enum(_) => "json-string",
            Type::Bool => "json-bool",
            Type::Int | Type::Integer(_) => "json-int",
            Type::Number | Type::Double => "json-number",
            Type::Value | Type::Named(_) => "json-value",
            Type::Null => "json-null",
            Type::Array(_) => "json-array",
            Type::Object(_) => "json-object",
        }
    }
}

impl Serialize for Type {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Type::String => serializer.serialize_str("string"),
            Type::Bool => serializer.serialize_str("bool"),
            Type::Int => serializer.serialize_str("int"),
            Type::Integer(integer) => serializer.serialize_str(integer.name()),
            Type::Number => serializer.serialize_str("number"),
            Type::Double => serializer.serialize_str("double"),
            Type::Value => serializer.serialize_str("value"),
            Type::Null => serializer.serialize_str("null"),
            Type::Array(element) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("array", element)?;
                map.end()
            }
            Type::Object(fields) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("object", fields)?;
                map.end()
            }
            Type::Enum(values) => {
                let names: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("enum", &names)?;
                map.end()
            }
            Type::Named(name) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("ref", name)?;
                map.end()
            }
        }
    }
}

/// An integer type of a given width and signedness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntegerType {
    /// `int8`
    I8,
    /// `int16`
    I16,
    /// `int32`
    I32,
    /// `int64`
    I64,
    /// `uint8`
    U8,
    /// `uint16`
    U16,
    /// `uint32`
    U32,
    /// `uint64`
    U64,
    /// `size`: a byte count, 64 bits unsigned.
    Size,
}

impl IntegerType {
    /// Every integer type, narrowest first.
    pub const ALL: [IntegerType; 9] = [
        IntegerType::I8,
        IntegerType::I16,
        IntegerType::I32,
        IntegerType::I64,
        IntegerType::U8,
        IntegerType::U16,
        IntegerType::U32,
        IntegerType::U64,
        IntegerType::Size,
    ];

    /// The QAPI name (`uint8`).
    pub fn name(self) -> &'static str {
        match self {
            IntegerType::I8 => "int8",
            IntegerType::I16 => "int16",
            IntegerType::I32 => "int32",
            IntegerType::I64 => "int64",
            IntegerType::U8 => "uint8",
            IntegerType::U16 => "uint16",
            IntegerType::U32 => "uint32",
            IntegerType::U64 => "uint64",
            IntegerType::Size => "size",
        }
    }

    /// The type with this QAPI name.
    pub fn from_name(name: &str) -> Option<IntegerType> {
        IntegerType::ALL.into_iter().find(|ty| ty.name() == name)
    }

    /// The smallest and largest value, as `i128` so that both ends of every width fit.
    pub fn range(self) -> (i128, i128) {
        match self {
            IntegerType::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntegerType::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntegerType::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntegerType::I64 => (i64::MIN.into(), i64::MAX.into()),
            IntegerType::U8 => (0, u8::MAX.into()),
            IntegerType::U16 => (0, u16::MAX.into()),
            IntegerType::U32 => (0, u32::MAX.into()),
            IntegerType::U64 | IntegerType::Size => (0, u64::MAX.into()),
        }
    }
}

/// One value of an enumeration.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnumValue {
    /// The value on the wire, e.g. `read`.
    pub value: String,
    /// What the value means (empty when the document only lists it).
    pub description: String,
    /// The build condition under which QEMU has the value.
    pub condition: Option<Condition>,
    /// The value's features.
    pub features: Vec<Feature>,
    /// Where the quoted value stands.
    pub span: Span,
    /// In a merged model, the releases that have the value (`None`: every release).
    pub releases: Option<ReleaseSet>,
}

impl Serialize for EnumValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("EnumValue", 4)?;
        s.serialize_field("name", &self.value)?;
        if !self.description.is_empty() {
            s.serialize_field("description", &self.description)?;
        }
        if let Some(condition) = &self.condition {
            s.serialize_field("if", condition)?;
        }
        if !self.features.is_empty() {
            s.serialize_field("features", &self.features)?;
        }
        s.end()
    }
}

/// A build condition (QAPI's `if`): the definition exists only in a QEMU built so.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Condition {
    /// A configuration symbol, as written (`CONFIG_SPICE`).
    Config(String),
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}

impl std::fmt::Display for Condition {
    /// Reads as a sentence part: `CONFIG_SPICE`, `CONFIG_A and CONFIG_B`,
    /// `not CONFIG_A`, `(CONFIG_A or CONFIG_B) and CONFIG_C`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn operand(condition: &Condition) -> String {
            match condition {
                Condition::All(items) | Condition::Any(items) if items.len() > 1 => {
                    format!("({condition})")
                }
                _ => condition.to_string(),
            }
        }
        let join = |items: &[Condition], word: &str| {
            items.iter().map(operand).collect::<Vec<_>>().join(word)
        };
        match self {
            Condition::Config(name) => f.write_str(name),
            Condition::All(items) => f.write_str(&join(items, " and ")),
            Condition::Any(items) => f.write_str(&join(items, " or ")),
            Condition::Not(inner) => write!(f, "not {}", operand(inner)),
        }
    }
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // QAPI's own spelling, so that the JSON reads like the schema.
        match self {
            Condition::Config(name) => serializer.serialize_str(name),
            Condition::All(items) => single_entry(serializer, "all", items),
            Condition::Any(items) => single_entry(serializer, "any", items),
            Condition::Not(inner) => single_entry(serializer, "not", inner),
        }
    }
}

fn single_entry<S: Serializer, V: Serialize + ?Sized>(
    serializer: S,
    key: &str,
    value: &V,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, value)?;
    map.end()
}

/// A QAPI feature of a definition, member or enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The name as written: `deprecated` and `unstable` have a meaning of their own.
    pub name: String,
    /// The build condition under which QEMU has the feature.
    pub condition: Option<Condition>,
    /// What the definition's doc comment says about the feature.
    pub description: String,
    /// Where the feature's name stands (a default span when the document does not say,
    /// as a text document's features do not exist).
    pub span: Span,
}

impl Feature {
    /// Whether the feature marks its definition deprecated.
    pub fn is_deprecated(&self) -> bool {
        self.name == "deprecated"
    }

    /// Whether the feature marks its definition unstable.
    pub fn is_unstable(&self) -> bool {
        self.name == "unstable"
    }
}

impl Serialize for Feature {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.condition {
            None => serializer.serialize_str(&self.name),
            Some(condition) => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("name", &self.name)?;
                map.serialize_entry("if", condition)?;
                map.end()
            }
        }
    }
}

/// A named type of a QAPI schema.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedType {
    /// The schema's name for it (`VncServerInfo`).
    pub name: String,
    /// What it is.
    #[serde(flatten)]
    pub kind: TypeKind,
    /// Its doc comment's description.
    pub description: String,
    /// The QEMU release that introduced it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Its features.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<Feature>,
    /// The build condition under which QEMU has it.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// Where its name stands in its definition.
    pub span: Span,
}

/// The kinds of named types.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TypeKind {
    /// An object with a fixed set of members.
    Struct {
        /// The struct whose members come first, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        base: Option<String>,
        /// Every member on the wire: the base's first, then its own.
        members: Vec<Field>,
    },
    /// A string from a fixed set of values.
    Enum {
        /// The values, in schema order.
        values: Vec<EnumValue>,
    },
    /// An object whose discriminator member selects more members.
    Union {
        /// The named struct holding the common members, if the union names one.
        #[serde(skip_serializing_if = "Option::is_none")]
        base: Option<String>,
        /// The common members (the discriminator among them).
        members: Vec<Field>,
        /// The name of the common member whose value selects the branch.
        discriminator: String,
        /// The enum type of the discriminator.
        discriminator_type: String,
        /// The branches, in schema order; a discriminator value without one adds no
        /// members.
        branches: Vec<UnionBranch>,
    },
    /// A value of one of several types, told apart by its JSON type.
    Alternate {
        /// The alternatives, in schema order.
        alternatives: Vec<Alternative>,
    },
}

/// One branch of a union: the members added for one discriminator value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionBranch {
    /// The discriminator value.
    pub value: String,
    /// The struct type whose members the branch adds.
    #[serde(rename = "type")]
    pub ty: String,
    /// The build condition under which QEMU has the branch.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// In a merged model, the releases that send this branch's members without the
    /// discriminator: those where the type was a struct of the common members and these
    /// (7.2's `SevInfo`, before 10.0 made it a union on `sev-type`). Empty otherwise.
    #[serde(skip_serializing_if = "is_zero")]
    pub untagged_in: ReleaseSet,
}

fn is_zero(releases: &ReleaseSet) -> bool {
    *releases == 0
}

/// One alternative of an alternate type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    /// The alternative's name in the schema.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// The build condition under which QEMU has it.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
}

/// One example message of a section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// A prose label written just before it ("Read operation:"), without the colon, or
    /// a QAPI example's title.
    pub label: Option<String>,
    /// The example as written (lines joined with `\n`; a QAPI example without the `#`
    /// that starts each comment line).
    pub text: String,
    /// The parsed JSON, or `None` when the text is not valid JSON.
    pub json: Option<serde_json::Value>,
    /// Where the example starts.
    pub span: Span,
    /// Where each line of [`Example::text`] starts in its file, when the lines do not
    /// follow each other there as they do in the text (a QAPI example sits in comment
    /// lines). Empty when the text is one piece of the file.
    #[serde(skip)]
    pub line_starts: Vec<usize>,
}

/// A `Note:` paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The note's text without its label, lines joined by single spaces.
    pub text: String,
    /// Where the note starts.
    pub span: Span,
}

/// A QMP command of a QAPI schema.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Command {
    /// The wire name (`query-status`, `device_add`).
    pub name: String,
    /// Where the name stands in its definition.
    pub span: Span,
    /// The description paragraphs, joined with blank lines.
    pub description: String,
    /// The members of the `arguments` object, as on the wire (a named type's members
    /// flattened, base first; a boxed union's common members).
    pub arguments: Vec<Field>,
    /// The named type whose members are the arguments, when the definition names one
    /// (`'data': 'BlockdevOptions'`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arguments_type: Option<String>,
    /// Whether the arguments are the named type as a whole (`'boxed': true`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
    /// What a success returns: `None` for a command without `returns` (QEMU answers
    /// `{"return": {}}`).
    pub returns: Option<Type>,
    /// The `Returns:` section.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub returns_doc: String,
    /// The `Errors:` section.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub errors_doc: String,
    /// Whether QEMU checks the arguments against the schema (`'gen': false` says it does
    /// not: `device_add` takes any device property).
    pub generated: bool,
    /// Whether QEMU answers at all (`'success-response': false`: the guest agent's
    /// `guest-shutdown`).
    pub success_response: bool,
    /// `'allow-oob': true`: the command may be run out of band.
    pub allow_oob: bool,
    /// `'allow-preconfig': true`: the command may be run before the machine is built.
    pub allow_preconfig: bool,
    /// `'coroutine': true`: QEMU runs it in a coroutine.
    pub coroutine: bool,
    /// The examples: `->` / `<-` transcripts, in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Transcript>,
    /// The notes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The QEMU release that introduced the command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// The command's features (`deprecated`, `unstable`, or any other name).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<Feature>,
    /// The build condition under which QEMU has the command.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// In a merged model, the releases that have the command (`None`: every release).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub releases: Option<ReleaseSet>,
}

impl Command {
    /// Whether the command carries the `deprecated` feature.
    pub fn is_deprecated(&self) -> bool {
        self.features.iter().any(Feature::is_deprecated)
    }

    /// Whether the command carries the `unstable` feature.
    pub fn is_unstable(&self) -> bool {
        self.features.iter().any(Feature::is_unstable)
    }
}

/// One example of a command: the messages a client and QEMU exchange, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transcript {
    /// The example's title, if it has one.
    pub label: Option<String>,
    /// The messages.
    pub messages: Vec<TranscriptMessage>,
    /// Where the example's first message starts.
    pub span: Span,
}

/// Who sends a message of a transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// `->`: the client sends it to QEMU.
    ToQemu,
    /// `<-`: QEMU sends it.
    FromQemu,
}

/// One message of a transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TranscriptMessage {
    /// Who sends it.
    pub direction: Direction,
    /// The message as written, without its arrow.
    pub text: String,
    /// The parsed JSON, or `None` when the text is not JSON.
    pub json: Option<serde_json::Value>,
    /// Whether QEMU's text abbreviates the message (`...`): it is not whole JSON, and
    /// is not checked.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub abbreviated: bool,
    /// Where the message starts (its `{`).
    pub span: Span,
    /// Where each line of [`TranscriptMessage::text`] starts in its file.
    #[serde(skip)]
    pub line_starts: Vec<usize>,
}
