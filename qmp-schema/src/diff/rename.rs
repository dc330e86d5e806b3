//! Spotting events that were possibly renamed: one left, another with exactly the same
//! payload arrived.

use super::api::Api;
use crate::model::{Data, Field, Section, Type};

/// Pairs (old wire name, new wire name) of removed and added events whose payloads are
/// the same: same members, types, optionality and enumeration values, descriptions
/// aside. Only one-to-one matches count, and data-less events must also have the same
/// description (two events without data are otherwise alike by nature).
pub(crate) fn possible_renames<'s>(old: &Api<'s>, new: &Api<'s>) -> Vec<(&'s str, &'s str)> {
    let removed: Vec<(&'s str, &'s Section)> = old
        .events()
        .iter()
        .filter(|event| new.event(event.wire).is_none())
        .filter_map(|event| Some((event.wire, old.section(event)?)))
        .collect();
    let added: Vec<(&'s str, &'s Section)> = new
        .events()
        .iter()
        .filter(|event| old.event(event.wire).is_none())
        .filter_map(|event| Some((event.wire, new.section(event)?)))
        .collect();
    let mut pairs = Vec::new();
    for (old_name, old_section) in &removed {
        let candidates: Vec<&str> = added
            .iter()
            .filter(|(_, new_section)| alike(old_section, new_section))
            .map(|(name, _)| *name)
            .collect();
        let [new_name] = candidates[..] else { continue };
        let rivals = removed
            .iter()
            .filter(|(_, other)| added.iter().any(|(n, s)| *n == new_name && alike(other, s)))
            .count();
        if rivals == 1 {
            pairs.push((*old_name, new_name));
        }
    }
    pairs
}

/// Whether two sections could document the same event under two names.
fn alike(old: &Section, new: &Section) -> bool {
    if !same_data(&old.data, &new.data) {
        return false;
    }
    !old.data.fields().is_empty() || same_words(&old.description, &new.description)
}

/// Whether two texts have the same words, however their lines wrap.
pub(crate) fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

fn same_data(old: &Data, new: &Data) -> bool {
    match (old, new) {
        (Data::None, Data::None) | (Data::Undescribed { .. }, Data::Undescribed { .. }) => true,
        (Data::Fields(old), Data::Fields(new)) => same_fields(old, new),
        _ => false,
    }
}

/// Same members by name (in any order), each with the same optionality and type.
fn same_fields(old: &[Field], new: &[Field]) -> bool {
    old.len() == new.len()
        && old.iter().all(|field| {
            new.iter().any(|other| {
                other.name == field.name
                    && other.optional == field.optional
                    && same_type(&field.ty, &other.ty)
            })
        })
}

fn same_type(old: &Type, new: &Type) -> bool {
    match (old, new) {
        (Type::Array(old), Type::Array(new)) => same_type(old, new),
        (Type::Object(old), Type::Object(new)) => same_fields(old, new),
        (Type::Enum(old), Type::Enum(new)) => {
            old.len() == new.len() && old.iter().all(|v| new.iter().any(|w| w.value == v.value))
        }
        (Type::Named(old), Type::Named(new)) => old == new,
        (Type::Integer(old), Type::Integer(new)) => old == new,
        (Type::String, Type::String)
        | (Type::Bool, Type::Bool)
        | (Type::Int, Type::Int)
        | (Type::Number, Type::Number)
        | (Type::Double, Type::Double)
        | (Type::Null, Type::Null)
        | (Type::Value, Type::Value) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    fn schema(text: &str) -> crate::Schema {
        Document::from_text("test.txt", text).schema
    }

    const FOO: &str = "FOO\n---\n\nSomething happened.\n\nData:\n\n- \"id\": the id (json-int)\n";
    const BAR: &str = "BAR\n---\n\nSomething happened.\n\nData:\n\n- \"id\": its id (json-int)\n";
    const BAZ: &str = "BAZ\n---\n\nOther.\n\nData:\n\n- \"id\": an id (json-string)\n";

    #[test]
    fn same_fields_under_a_new_name_pair_up() {
        let old = schema(FOO);
        let new = schema(BAR);
        let (old, new) = (Api::new(&old), Api::new(&new));
        assert_eq!(possible_renames(&old, &new), vec![("FOO", "BAR")]);
    }

    #[test]
    fn a_different_type_is_no_rename() {
        let old = schema(FOO);
        let new = schema(BAZ);
        let (old, new) = (Api::new(&old), Api::new(&new));
        assert!(possible_renames(&old, &new).is_empty());
    }

    #[test]
    fn two_candidates_make_no_pair() {
        let old = schema(FOO);
        let new = schema(&format!("{BAR}\n{}", BAR.replace("BAR\n---", "QUX\n---")));
        let (old, new) = (Api::new(&old), Api::new(&new));
        assert!(possible_renames(&old, &new).is_empty());
    }

    #[test]
    fn data_less_events_pair_only_with_the_same_description() {
        let old = schema("STOP\n----\n\nStopped.\n\nData: None.\n");
        let same = schema("HALT\n----\n\nStopped.\n\nData: None.\n");
        let other = schema("HALT\n----\n\nHalted.\n\nData: None.\n");
        let old = Api::new(&old);
        assert_eq!(
            possible_renames(&old, &Api::new(&same)),
            vec![("STOP", "HALT")]
        );
        assert!(possible_renames(&old, &Api::new(&other)).is_empty());
    }
}
