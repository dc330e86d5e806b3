//! Strict validation of a parsed message against the types the schema gives it: the
//! counterpart of lenient decoding, which keeps what the schema does not describe. Every
//! violation is reported, each with a JSON pointer to where it is.

use crate::reflect::{EVERY_RELEASE, Kind, Payload, ReleaseSet, StructInfo, TypeInfo};
use serde_json::{Map, Value};
use std::fmt;

/// One way in which a message disagrees with the schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    /// Where: a JSON pointer into the message (`/data/client/family`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

impl std::error::Error for Violation {}

/// Where a value sits. The JSON pointer is only written out for a violation: building
/// one for every member checked was most of the cost of validating a valid message.
#[derive(Clone, Copy)]
pub(crate) enum Place<'a> {
    /// A pointer written out (`/data`, or empty for the whole value).
    Root(&'a str),
    /// A member of the object at the parent place.
    Member(&'a Place<'a>, &'a str),
    /// An element of the array at the parent place.
    Index(&'a Place<'a>, usize),
}

impl Place<'_> {
    pub(crate) fn pointer(&self) -> String {
        match self {
            Place::Root(pointer) => (*pointer).to_owned(),
            Place::Member(parent, name) => pointer_to(&parent.pointer(), name),
            Place::Index(parent, index) => format!("{}/{index}", parent.pointer()),
        }
    }
}

/// A JSON pointer to member `name` of the object at `pointer` (RFC 6901 escaping).
pub(crate) fn pointer_to(pointer: &str, name: &str) -> String {
    format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1"))
}

/// Collects violations.
pub(crate) struct Report {
    pub violations: Vec<Violation>,
    /// The one release checked against, if one is (else what any release accepts).
    pub release: Option<Release>,
}

/// One release of the bindings' releases: its bit and its name.
#[derive(Clone, Copy)]
pub(crate) struct Release {
    pub bit: ReleaseSet,
    pub name: &'static str,
}

impl Release {
    /// The `index`-th of `releases` (oldest first; a set holds 64).
    fn at(releases: &[&'static str], index: usize) -> Option<Release> {
        let name = releases.get(index).filter(|_| index < 64)?;
        Some(Release {
            bit: 1 << index,
            name,
        })
    }

    /// The release named `name` among `releases` (oldest first), or a violation saying
    /// which there are.
    pub(crate) fn find(releases: &[&'static str], name: &str) -> Result<Release, Vec<Violation>> {
        match releases
            .iter()
            .position(|r| *r == name)
            .and_then(|index| Release::at(releases, index))
        {
            Some(release) => Ok(release),
            None => Err(vec![Violation {
                pointer: String::new(),
                message: format!(
                    "the bindings hold no release '{name}' (they hold {})",
                    releases.join(", ")
                ),
            }]),
        }
    }
}

/// The releases of `releases` (oldest first) for which `validate` finds nothing wrong.
pub(crate) fn releases_accepting(
    releases: &[&'static str],
    validate: impl Fn(Release) -> Result<(), Vec<Violation>>,
) -> Vec<&'static str> {
    (0..releases.len())
        .map_while(|index| Release::at(releases, index))
        .filter(|release| validate(*release).is_ok())
        .map(|release| release.name)
        .collect()
}

impl Report {
    /// A report of what `release` (or, for `None`, any release) accepts.
    pub(crate) fn new(release: Option<Release>) -> Report {
        Report {
            violations: Vec::new(),
            release,
        }
    }

    /// Whether something of `releases` is in the release checked against (anything is,
    /// when no one release is).
    pub(crate) fn has(&self, releases: ReleaseSet) -> bool {
        releases & self.bit() != 0
    }

    /// Whether something of `releases` is in the release checked against, the releases
    /// listed by index (an empty list: in every release).
    pub(crate) fn has_at(&self, releases: &[ReleaseSet], index: usize) -> bool {
        releases.is_empty() || releases.get(index).is_some_and(|r| self.has(*r))
    }

    fn bit(&self) -> ReleaseSet {
        self.release.map_or(EVERY_RELEASE, |r| r.bit)
    }

    /// What the messages call the schema: "QEMU 7.2.22's schema" when checking against
    /// one release, else "the schema".
    pub(crate) fn schema_name(&self) -> String {
        match self.release {
            Some(release) => format!("QEMU {}'s schema", release.name),
            None => "the schema".to_owned(),
        }
    }

    pub(crate) fn add(&mut self, place: &Place<'_>, message: String) {
        self.violations.push(Violation {
            pointer: place.pointer(),
            message,
        });
    }

    pub(crate) fn finish(self) -> Result<(), Vec<Violation>> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(self.violations)
        }
    }
}

/// How a JSON value is named in messages.
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(number) if number.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// How a type is named in messages (`json-string`).
fn expected(ty: &TypeInfo) -> &'static str {
    match &ty.kind {
        Kind::String | Kind::Enum(_) => "json-string",
        Kind::Bool => "json-bool",
        Kind::Int(_) => "json-int",
        Kind::Float | Kind::Number => "json-number",
        Kind::Null => "null",
        Kind::Value | Kind::Alternate(_) => "json-value",
        Kind::Vec(_) => "json-array",
        Kind::Map | Kind::Struct(_) | Kind::Branches(_) => "json-object",
        Kind::Option(option) => expected(option.inner),
        Kind::Box(boxed) => expected(boxed.inner),
    }
}

/// Checks `value` against `ty`.
pub(crate) fn check(value: &Value, ty: &TypeInfo, place: &Place<'_>, report: &mut Report) {
    match (&ty.kind, value) {
        (Kind::Value, _)
        | (Kind::String, Value::String(_))
        | (Kind::Bool, Value::Bool(_))
        | (Kind::Null, Value::Null)
        | (Kind::Float | Kind::Number, Value::Number(_))
        | (Kind::Map, Value::Object(_)) => {}
        (Kind::Option(option), _) => check(value, option.inner, place, report),
        (Kind::Box(boxed), _) => check(value, boxed.inner, place, report),
        (Kind::Int(width), Value::Number(number)) => {
            let (min, max) = width.range();
            let fits = match (number.as_i64(), number.as_u64()) {
                (Some(n), _) => (min..=max).contains(&i128::from(n)),
                (None, Some(n)) => (min..=max).contains(&i128::from(n)),
                _ => false,
            };
            if !fits {
                let message = if number.is_f64() {
                    format!("expected json-int, found the number {number}")
                } else {
                    format!("{number} is out of range for {} ({min} to {max})", ty.name)
                };
                report.add(place, message);
            }
        }
        (Kind::Enum(info), Value::String(text)) => {
            let known = info.values.iter().position(|v| *v == text.as_str());
            if !known.is_some_and(|index| report.has_at(info.releases, index)) {
                let listed: Vec<String> = info
                    .values
                    .iter()
                    .enumerate()
                    .filter(|(index, _)| report.has_at(info.releases, *index))
                    .map(|(_, v)| format!("'{v}'"))
                    .collect();
                report.add(
                    place,
                    format!("'{text}' is not one of {}", listed.join(", ")),
                );
            }
        }
        (Kind::Vec(vec), Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                check(item, vec.element, &Place::Index(place, index), report);
            }
        }
        (Kind::Struct(info), Value::Object(members)) => {
            check_object(members, info, place, report);
        }
        (Kind::Alternate(info), _) => {
            let kind = json_kind(value);
            match info
                .alternatives
                .iter()
                .find(|(alternative, _)| crate::decode::takes(alternative, kind))
            {
                Some((alternative, _)) => check(value, alternative, place, report),
                None => {
                    let names: Vec<&str> =
                        info.alternatives.iter().map(|(a, _)| expected(a)).collect();
                    report.add(
                        place,
                        format!(
                            "expected one of {}, found {}",
                            names.join(", "),
                            kind_of(value)
                        ),
                    );
                }
            }
        }
        _ => report.add(
            place,
            format!("expected {}, found {}", expected(ty), kind_of(value)),
        ),
    }
}

fn json_kind(value: &Value) -> crate::json::Kind {
    use crate::json::Kind as K;
    match value {
        Value::Null => K::Null,
        Value::Bool(_) => K::Bool,
        Value::Number(_) => K::Number,
        Value::String(_) => K::String,
        Value::Array(_) => K::Array,
        Value::Object(_) => K::Object,
    }
}

/// Checks an object's members against a struct's (and, for a union, those of the
/// branch its discriminator selects).
pub(crate) fn check_object(
    members: &Map<String, Value>,
    info: &'static StructInfo,
    place: &Place<'_>,
    report: &mut Report,
) {
    let mut lists: Vec<&'static StructInfo> = Vec::new();
    layers(members, info, &mut lists, place, report);
    for list in &lists {
        for member in list.members {
            if !report.has(member.releases) {
                continue;
            }
            let required = match report.release {
                Some(_) => report.has(member.required_in),
                None => !member.optional,
            };
            match members.get(member.name) {
                Some(value) if !matches!(member.ty.kind, Kind::Branches(_)) => {
                    check(value, member.ty, &Place::Member(place, member.name), report);
                }
                Some(_) => {}
                // A union's discriminator may be absent where a release sends the
                // branch's members alone: `layers` said whether it may.
                None if matches!(member.ty.kind, Kind::Branches(_)) => {}
                None if required => {
                    report.add(place, format!("missing required field '{}'", member.name));
                }
                None => {}
            }
        }
    }
    for name in members.keys() {
        let listed = lists.iter().any(|list| {
            list.members
                .iter()
                .any(|member| member.name == name && report.has(member.releases))
        });
        if !listed {
            let message = format!("member not in {}", report.schema_name());
            report.add(&Place::Member(place, name), message);
        }
    }
}

/// The member lists an object of this struct has, given its members: a union's
/// discriminator selects a branch, which may be a union in turn.
fn layers(
    members: &Map<String, Value>,
    info: &'static StructInfo,
    out: &mut Vec<&'static StructInfo>,
    place: &Place<'_>,
    report: &mut Report,
) {
    // Unions of unions are shallow in QEMU's schemas; the bound keeps a union that
    // selects itself from looping.
    if out.len() > 32 {
        return;
    }
    out.push(info);
    for member in info.members {
        let Kind::Branches(branches) = &member.ty.kind else {
            continue;
        };
        // A release without the discriminator sends none (one sent anyway is a member
        // not in its schema, which `check_object` reports).
        let sent = members
            .get(member.name)
            .filter(|_| report.has(member.releases));
        let value = match sent {
            Some(Value::String(value)) => value,
            Some(other) => {
                report.add(
                    &Place::Member(place, member.name),
                    format!("expected json-string, found {}", kind_of(other)),
                );
                continue;
            }
            None => {
                match &branches.untagged {
                    Some(untagged) if report.has(untagged.releases) => {
                        if let Payload::Type(ty, _) = &untagged.variant.payload
                            && let Kind::Struct(inner) = &ty.kind
                        {
                            layers(members, inner, out, place, report);
                        }
                    }
                    _ if report.release.is_none() || report.has(member.required_in) => {
                        report.add(place, format!("missing required field '{}'", member.name));
                    }
                    _ => {}
                }
                continue;
            }
        };
        let selected = branches
            .variants
            .iter()
            .position(|v| v.value == value.as_str())
            .filter(|index| report.has_at(branches.releases, *index));
        match selected {
            Some(index) => {
                if let Payload::Type(ty, _) = &branches.variants[index].payload
                    && let Kind::Struct(inner) = &ty.kind
                {
                    layers(members, inner, out, place, report);
                }
            }
            None => {
                let listed: Vec<String> = branches
                    .variants
                    .iter()
                    .enumerate()
                    .filter(|(index, _)| report.has_at(branches.releases, *index))
                    .map(|(_, v)| format!("'{}'", v.value))
                    .collect();
                report.add(
                    &Place::Member(place, member.name),
                    format!("'{value}' is not one of {}", listed.join(", ")),
                );
            }
        }
    }
}
