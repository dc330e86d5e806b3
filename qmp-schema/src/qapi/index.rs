//! Every definition of a schema by name: the one table that the rules and the model
//! builder look names up in (types, commands and events share QEMU's namespace).

use super::Documented;
use super::expr::Definition;
use crate::model::{IntegerType, Type};
use std::collections::HashMap;

/// The values of the built-in enum `QType`.
pub const QTYPE_VALUES: &[&str] = &[
    "none", "qnull", "qnum", "qstring", "qdict", "qlist", "qbool",
];

/// What QEMU's schemas wrote for "anything" before `any` (2.5), in commands with
/// `'gen': 'no'`, whose types QEMU did not check.
pub const LEGACY_ANY: [&str; 3] = ["**", "dict", "visitor"];

/// A built-in type's model type, by QAPI name.
pub fn builtin(name: &str) -> Option<Type> {
    Some(match name {
        "str" => Type::String,
        "number" => Type::Double,
        "int" => Type::Int,
        "bool" => Type::Bool,
        "null" => Type::Null,
        "any" => Type::Value,
        "QType" => Type::Named("QType".to_owned()),
        other => Type::Integer(IntegerType::from_name(other)?),
    })
}

/// The definitions of a schema, in schema order, and where each name is defined.
pub struct Index<'d> {
    /// Every definition, the implicit ones of desugared simple unions last.
    pub definitions: &'d [Documented],
    /// The first definition of each name; a built-in name is never entered (defining
    /// one again is an error the rules report).
    by_name: HashMap<&'d str, usize>,
}

impl<'d> Index<'d> {
    /// The table of `definitions`.
    pub fn new(definitions: &'d [Documented]) -> Index<'d> {
        let mut by_name = HashMap::with_capacity(definitions.len());
        for (position, documented) in definitions.iter().enumerate() {
            let name = documented.definition.name.as_str();
            if builtin(name).is_none() {
                by_name.entry(name).or_insert(position);
            }
        }
        Index {
            definitions,
            by_name,
        }
    }

    /// The definition of `name`, if the schema defines it.
    pub fn get(&self, name: &str) -> Option<&'d Definition> {
        self.position(name)
            .map(|position| &self.definitions[position].definition)
    }

    /// Where in [`Index::definitions`] `name` is defined (its first definition).
    pub fn position(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// What kind of definition `name` is, as the schema spells it (`struct`, `enum`,
    /// ...), `built-in` for a built-in type, `None` when nothing defines it.
    pub fn meta(&self, name: &str) -> Option<&'static str> {
        if builtin(name).is_some() {
            return Some(if name == "QType" { "enum" } else { "built-in" });
        }
        self.get(name).map(Definition::meta)
    }
}
