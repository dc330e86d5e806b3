//! Rust names for the document's wire names, in one place: event names to UpperCamelCase
//! types, field names to snake_case fields, values to enum variants, with Rust keywords
//! and clashes handled the way prost-build does.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::HashSet;

/// Rust's keywords, strict and reserved, for all editions.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// The name of the field every generated struct uses for members the document does not
/// describe. Wire fields whose Rust name would be this get a trailing underscore.
pub const UNKNOWN_FIELDS: &str = "unknown_fields";

/// The variant every generated enum uses for values the document does not list.
pub const OTHER_VARIANT: &str = "Other";

/// A type name for a wire name: `BLOCK_IO_ERROR` gives `BlockIoError`.
pub fn type_name(wire: &str) -> String {
    let name = wire.to_upper_camel_case();
    match name.chars().next() {
        None => "Unnamed".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("T{name}"),
        Some(_) => name,
    }
}

/// A field name for a wire name: `tray-open` gives `tray_open`, `type` gives `r#type`
/// (as written in source; see [`ident_tokens`]).
pub fn field_name(wire: &str) -> String {
    let name = wire.to_snake_case();
    let name = match name.chars().next() {
        None => "field".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("_{name}"),
        Some(_) => name,
    };
    if name == UNKNOWN_FIELDS {
        format!("{name}_")
    } else {
        escape_keyword(name)
    }
}

/// A variant name for an enumeration value: `ipv4` gives `Ipv4`; a value that would
/// collide with the catch-all `Other` variant, or is a keyword, gets `Value` appended.
pub fn variant_name(value: &str) -> String {
    let name = value.to_upper_camel_case();
    let name = match name.chars().next() {
        None => "Empty".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("V{name}"),
        Some(_) => name,
    };
    if name == OTHER_VARIANT || KEYWORDS.contains(&name.as_str()) {
        format!("{name}Value")
    } else {
        name
    }
}

/// A keyword becomes a raw identifier (`r#type`), or gets a trailing underscore where Rust
/// has no raw form (`self_`).
fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The identifier tokens for a name made by this module (raw identifiers included).
pub fn ident_tokens(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

/// Hands out names unique within one scope, suffixing a number on a clash.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    /// A namespace with some names already taken.
    pub fn with_reserved(reserved: &[&str]) -> Namespace {
        Namespace {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// `wanted` if it is free, else `wanted` with the first free number appended (after
    /// an underscore for snake_case names).
    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let snake = wanted.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            || wanted.starts_with("r#");
        let base = wanted.trim_start_matches("r#");
        (2..)
            .map(|n| {
                if snake {
                    format!("{base}_{n}")
                } else {
                    format!("{base}{n}")
                }
            })
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_become_upper_camel_case() {
        assert_eq!(type_name("BLOCK_IO_ERROR"), "BlockIoError");
        assert_eq!(type_name("SPICE_CONNECTED"), "SpiceConnected");
        assert_eq!(type_name("__COM.REDHAT_EVENT"), "ComRedhatEvent");
        assert_eq!(type_name("3D_EVENT"), "T3dEvent");
    }

    #[test]
    fn field_names_become_snake_case() {
        assert_eq!(field_name("tray-open"), "tray_open");
        assert_eq!(field_name("x509_dname"), "x509_dname");
        assert_eq!(field_name("__com.redhat_reason"), "com_redhat_reason");
        assert_eq!(field_name("channel-type"), "channel_type");
    }

    #[test]
    fn keywords_are_escaped_like_prost() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("unknown-fields"), "unknown_fields_");
    }

    #[test]
    fn values_become_variants() {
        assert_eq!(variant_name("ipv4"), "Ipv4");
        assert_eq!(variant_name("other"), "OtherValue");
        assert_eq!(variant_name("self"), "SelfValue");
        assert_eq!(variant_name("1"), "V1");
        assert_eq!(variant_name(""), "Empty");
    }

    #[test]
    fn clashes_get_numbers() {
        let mut names = Namespace::with_reserved(&["unknown_fields"]);
        assert_eq!(names.claim("tray_open".into()), "tray_open");
        assert_eq!(names.claim("tray_open".into()), "tray_open_2");
        assert_eq!(names.claim("r#type".into()), "r#type");
        assert_eq!(names.claim("r#type".into()), "type_2");
        let mut types = Namespace::default();
        assert_eq!(types.claim("FooBar".into()), "FooBar");
        assert_eq!(types.claim("FooBar".into()), "FooBar2");
    }
}
