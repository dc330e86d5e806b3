//! `if`: the build condition of a definition, member, branch, enum value or feature.
//!
//! QEMU 6.1 on writes a config symbol (`'CONFIG_SPICE'`) or `{ 'all': [...] }`,
//! `{ 'any': [...] }`, `{ 'not': ... }`, nested. QEMU 3.0 to 6.0 wrote C preprocessor
//! expressions (`'defined(CONFIG_SPICE)'`), read as they are; the same releases
//! documented a list as meaning all of its items, which no release's schema used: it
//! is read so, and warned about.

use super::super::Reading;
use super::super::syntax::{Kind, Value};
use crate::model::Condition;

/// Reads an `if`; `None` when it is too broken to use (the reasons are reported).
pub fn read_condition(cx: &mut Reading<'_>, value: &Value<'_>) -> Option<Condition> {
    // The syntax layer bounds nesting, and with it this recursion.
    match &value.kind {
        Kind::Str(name) => config_symbol(cx, value, name),
        Kind::List(items) => {
            if items.is_empty() {
                cx.error(value.text, "an empty list of conditions is useless as 'if'");
                return None;
            }
            cx.warning(
                value.text,
                "a list as 'if' is a form of QEMU 3.0 to 6.0; write { 'all': [...] }",
            );
            let items: Vec<Condition> = items
                .iter()
                .filter_map(|item| read_condition(cx, item))
                .collect();
            Some(Condition::All(items))
        }
        Kind::Dict(members) => {
            let Some(member) = members.first() else {
                cx.error(
                    value.text,
                    "an 'if' object needs one key, 'all', 'any' or 'not'",
                );
                return None;
            };
            if let Some(second) = members.get(1) {
                cx.error(
                    second.key_text,
                    "an 'if' object has one key, 'all', 'any' or 'not', not several",
                );
                return None;
            }
            match member.key.as_ref() {
                "all" | "any" => operands(cx, &member.key, &member.value),
                "not" => {
                    read_condition(cx, &member.value).map(|inner| Condition::Not(Box::new(inner)))
                }
                other => {
                    cx.error(
                        member.key_text,
                        format!("a condition's key is 'all', 'any' or 'not', found '{other}'"),
                    );
                    None
                }
            }
        }
        Kind::Bool(_) => {
            cx.error(
                value.text,
                "'if' must be a config symbol or an object with one key 'all', 'any' or \
                 'not', found a boolean",
            );
            None
        }
    }
}

/// A condition named by a string.
fn config_symbol(cx: &mut Reading<'_>, value: &Value<'_>, name: &str) -> Option<Condition> {
    if is_config_symbol(name) || is_c_expression(name) {
        return Some(Condition::Config(name.to_owned()));
    }
    let message = if name.trim().is_empty() {
        "an 'if' condition must name a config symbol, found an empty name".to_owned()
    } else {
        format!("'if' condition '{name}' is not a config symbol (upper case letters, digits, '_')")
    };
    cx.error(value.text, message);
    None
}

/// `all` or `any` and its list of conditions.
fn operands(cx: &mut Reading<'_>, operator: &str, value: &Value<'_>) -> Option<Condition> {
    let Kind::List(items) = &value.kind else {
        cx.error(
            value.text,
            format!(
                "'{operator}' takes a list of conditions, found {}",
                value.kind_name()
            ),
        );
        return None;
    };
    if items.is_empty() {
        cx.error(
            value.text,
            format!("'{operator}' needs at least one condition"),
        );
        return None;
    }
    let items: Vec<Condition> = items
        .iter()
        .filter_map(|item| read_condition(cx, item))
        .collect();
    Some(if operator == "all" {
        Condition::All(items)
    } else {
        Condition::Any(items)
    })
}

/// `[A-Z][A-Z0-9_]*`, as QEMU 6.1 on requires.
fn is_config_symbol(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// A C preprocessor expression as QEMU 3.0 to 6.0 wrote them: `defined(CONFIG_X)`,
/// joined by `&&` or `||`, perhaps negated.
fn is_c_expression(name: &str) -> bool {
    name.contains("defined(")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_()!&| ".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_symbols_and_old_c_expressions_are_conditions() {
        assert!(is_config_symbol("CONFIG_SPICE"));
        assert!(!is_config_symbol("foo"));
        assert!(!is_config_symbol(" "));
        assert!(is_c_expression(
            "defined(TARGET_I386) || !defined(CONFIG_KVM)"
        ));
        assert!(!is_c_expression("defined(X); rm"));
    }
}
