//! The schema model: what the event document says, as plain data.
//!
//! Every node carries the [`Span`] it was read from, so that checks, diagnostics and
//! generated doc comments can point back at the document. The model serializes to the
//! JSON shape printed by `qmp-codegen schema` (documented in the README).

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

/// A place in the document: 1-based line and column (columns count tab stops of 8,
/// as QEMU's schema checker does), plus the byte range in the normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
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
        let mut s = serializer.serialize_struct("Span", 2)?;
        s.serialize_field("line", &self.line)?;
        s.serialize_field("column", &self.column)?;
        s.end()
    }
}

/// A whole event document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schema {
    /// The title underlined with `=`, if the document has one.
    pub title: Option<String>,
    /// The sections in document order.
    pub sections: Vec<Section>,
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

    /// How many examples the document holds.
    pub fn example_count(&self) -> usize {
        self.sections.iter().map(|s| s.examples.len()).sum()
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

/// One section of the document: a heading naming one or more events that share a payload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The event names of the heading (`SPICE_CONNECTED, SPICE_DISCONNECTED` gives two).
    pub names: Vec<EventName>,
    /// The heading line.
    pub span: Span,
    /// The description paragraphs, joined with blank lines.
    pub description: String,
    /// What the event's `data` member holds.
    pub data: Data,
    /// The examples, in document order.
    pub examples: Vec<Example>,
    /// The `Note:` paragraphs, without their label.
    pub notes: Vec<Note>,
}

/// What an event's `data` member holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    /// `Data: None.`: the event carries no `data` member.
    None,
    /// A list of fields.
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

/// One member of an object: a `- "name": description (json-type)` item.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The wire name, exactly as the document quotes it (`tray-open`, `__com.redhat_reason`).
    pub name: String,
    /// The description, with continuation lines joined by single spaces.
    pub description: String,
    /// The field's type. A field without a type annotation is [`Type::Value`].
    pub ty: Type,
    /// Whether the annotation says `optional`.
    pub optional: bool,
    /// Whether the document gave a `json-*` type for this field.
    pub type_annotated: bool,
    /// Where the field's item starts (the `-`).
    pub span: Span,
    /// Where the field's name stands.
    pub name_span: Span,
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
        let mut s = serializer.serialize_struct("Field", 6)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("optional", &self.optional)?;
        s.serialize_field("type", &self.ty)?;
        s.serialize_field("description", &self.description)?;
        if !meanings.is_empty() {
            s.serialize_field("enum_meanings", &EnumMeanings(&meanings))?;
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
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// `json-string`
    String,
    /// `json-bool`
    Bool,
    /// `json-int`
    Int,
    /// `json-number`: an integer or a float.
    Number,
    /// `json-value`, or a field the document gives no type: any JSON value.
    Value,
    /// `json-array`, with its element type (`Value` when the document does not say).
    Array(Box<Type>),
    /// `json-object` with its member fields.
    Object(Vec<Field>),
    /// A `json-string` restricted to the listed values.
    Enum(Vec<EnumValue>),
}

impl Type {
    /// The JSON type name the document uses for this type (`json-string`, ...).
    pub fn json_name(&self) -> &'static str {
        match self {
            Type::String | Type::Enum(_) => "json-string",
            Type::Bool => "json-bool",
            Type::Int => "json-int",
            Type::Number => "json-number",
            Type::Value => "json-value",
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
            Type::Number => serializer.serialize_str("number"),
            Type::Value => serializer.serialize_str("value"),
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
        }
    }
}

/// One value of an enumeration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The value on the wire, e.g. `read`.
    pub value: String,
    /// What the value means (empty when the document only lists it).
    pub description: String,
    /// Where the quoted value stands.
    pub span: Span,
}

/// One example message of a section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// A prose label written just before it ("Read operation:"), without the colon.
    pub label: Option<String>,
    /// The example exactly as written (lines joined with `\n`).
    pub text: String,
    /// The parsed JSON, or `None` when the text is not valid JSON.
    pub json: Option<serde_json::Value>,
    /// Where the example starts.
    pub span: Span,
}

/// A `Note:` paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The note's text without its label, lines joined by single spaces.
    pub text: String,
    /// Where the note starts.
    pub span: Span,
}
