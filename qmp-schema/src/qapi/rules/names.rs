//! What a name may be (QEMU's `check_name_*`).
//!
//! A QAPI name is letters, digits, `-` and `_`, starting with a letter (an enum value may
//! start with a digit), after an optional downstream prefix `__RFQDN_` and an
//! experimental prefix `x-`. A name outside that grammar is an error: it has no faithful
//! identifier in generated code.
//!
//! The rest is naming style, and warnings: QEMU's own older releases break it, and must
//! read without errors.
//! - `.` in a name outside the prefix: enum values of QEMU 2.1 to 2.4 had one.
//! - Case: events upper case, commands, members, values, branches and features lower
//!   case, types CamelCase; words joined by `-`. The pragma `member-name-exceptions`
//!   (and 2.9 to 5.2's `name-case-whitelist`, for case) exempt a struct's members or an
//!   enum's values, `command-name-exceptions` a command's `_`. QEMU checked `_` only
//!   from 6.0 on, when it began to list its exceptions: only a schema that declares
//!   those pragmas is held to it (see `pragma.rs`).
//! - Reserved: names whose C form starts with `q_` (QEMU's own), members `u` and
//!   `has-*` (fields of QEMU's generated C), type names ending in `List` (QEMU's
//!   generated array types).

use super::super::expr::{Body, Branch, Data, Definition, MemberDef, TypeRef, UnionBase};
use super::Rules;
use crate::model::{Feature, Span};

/// What a name names, for messages and for the rules that apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Event,
    Command,
    Type,
    /// A member; the flag says whether the definition's exceptions apply.
    Member {
        exempt: bool,
    },
    Value,
    Branch,
    Alternative,
    Feature,
}

impl Role {
    fn describe(self, name: &str) -> String {
        let what = match self {
            Role::Event => "event",
            Role::Command => "command",
            Role::Type => "type",
            Role::Member { .. } => "member",
            Role::Value => "value",
            Role::Branch => "branch",
            Role::Alternative => "alternative",
            Role::Feature => "feature",
        };
        format!("{what} '{name}'")
    }
}

/// Checks every name a definition introduces.
pub fn check(rules: &mut Rules<'_, '_>, definition: &Definition) {
    let role = match definition.body {
        Body::Event { .. } => Role::Event,
        Body::Command { .. } => Role::Command,
        _ => Role::Type,
    };
    check_name(rules, definition, &definition.name, definition.span, role);
    let exempt = Role::Member { exempt: true };
    match &definition.body {
        Body::Enum { values } => {
            for value in values {
                check_name(rules, definition, &value.value, value.span, Role::Value);
                check_features(rules, definition, &value.features);
            }
        }
        Body::Struct { members, .. } => check_members(rules, definition, members, exempt),
        Body::Union {
            base,
            discriminator,
            branches,
        } => {
            if let Some(UnionBase::Inline(members)) = base {
                check_members(rules, definition, members, exempt);
            }
            // A flat union's branch names are its enum's values, checked there.
            if discriminator.is_none() {
                check_branches(rules, definition, branches, Role::Branch);
            }
        }
        Body::Alternate { alternatives } => {
            check_branches(rules, definition, alternatives, Role::Alternative);
        }
        Body::Command { data, .. } | Body::Event { data, .. } => {
            if let Some(Data::Inline(members)) = data {
                let role = Role::Member { exempt: false };
                check_members(rules, definition, members, role);
            }
        }
    }
    check_features(rules, definition, &definition.features);
}

fn check_members(
    rules: &mut Rules<'_, '_>,
    definition: &Definition,
    members: &[MemberDef],
    role: Role,
) {
    for member in members {
        check_name(rules, definition, &member.name, member.span, role);
        if let Some(reserved) = reserved_member(&member.name) {
            let message = format!(
                "member '{}' {reserved}, which QEMU reserves for the fields of its generated C",
                member.name
            );
            rules.warning(definition, member.span, message);
        }
        check_features(rules, definition, &member.features);
        if let TypeRef::Object(nested) = &member.ty {
            check_members(rules, definition, nested, role);
        }
    }
}

fn check_branches(
    rules: &mut Rules<'_, '_>,
    definition: &Definition,
    branches: &[Branch],
    role: Role,
) {
    for branch in branches {
        check_name(rules, definition, &branch.name, branch.span, role);
    }
}

fn check_features(rules: &mut Rules<'_, '_>, definition: &Definition, features: &[Feature]) {
    for feature in features {
        check_name(
            rules,
            definition,
            &feature.name,
            feature.span,
            Role::Feature,
        );
    }
}

/// Checks one name: its grammar (an error), then its style (warnings).
fn check_name(
    rules: &mut Rules<'_, '_>,
    definition: &Definition,
    name: &str,
    span: Span,
    role: Role,
) {
    let stem = match stem(name, role == Role::Value) {
        Ok(stem) => stem,
        Err(why) => {
            let message = format!("{} is not a valid QAPI name: {why}", role.describe(name));
            rules.error(definition, span, message);
            return;
        }
    };
    if stem.contains('.') {
        let message = format!(
            "{} has a '.', which QEMU since 2.5 allows only in a downstream prefix such as \
             '__com.example_'",
            role.describe(name)
        );
        rules.warning(definition, span, message);
    }
    if c_name(name).starts_with("q_") {
        let message = format!(
            "{} starts with 'q-' or 'q_', which QEMU reserves for its own names",
            role.describe(name)
        );
        rules.warning(definition, span, message);
    }
    if let Some(style) = style_problem(rules, definition, stem, role) {
        rules.warning(definition, span, format!("{} {style}", role.describe(name)));
    }
    if role == Role::Type && name.ends_with("List") {
        let message = format!(
            "type '{name}' ends in 'List', which QEMU reserves for the names of its array types"
        );
        rules.warning(definition, span, message);
    }
}

/// What is wrong with the style of a name's stem, if anything.
fn style_problem(
    rules: &Rules<'_, '_>,
    definition: &Definition,
    stem: &str,
    role: Role,
) -> Option<&'static str> {
    let pragmas = rules.pragmas;
    let upper = stem.contains(|c: char| c.is_ascii_uppercase());
    let underscore = stem.contains('_');
    match role {
        Role::Event => stem
            .contains(|c: char| c.is_ascii_lowercase() || c == '-')
            .then_some("should be upper case, words joined by '_'"),
        Role::Type => (!is_camel_case(stem)).then_some("should be CamelCase"),
        Role::Command => {
            // Before 6.0 QEMU let commands use upper case, and did not check '_'.
            let upper = upper && !pragmas.before_6_0;
            let underscore = underscore && !pragmas.permits_underscore_command(&definition.name);
            (upper || underscore).then_some(LOWER_CASE)
        }
        Role::Value | Role::Member { exempt: true } => {
            let upper = upper && !pragmas.permits_upper_case_members(&definition.name);
            let underscore = underscore && !pragmas.permits_underscore_members(&definition.name);
            (upper || underscore).then_some(LOWER_CASE)
        }
        Role::Member { exempt: false } | Role::Branch | Role::Alternative | Role::Feature => {
            let underscore = underscore && !pragmas.permits_underscores();
            (upper || underscore).then_some(LOWER_CASE)
        }
    }
}

const LOWER_CASE: &str = "should be lower case, words joined by '-'";

/// A name without its prefixes, or why it is not a QAPI name.
fn stem(name: &str, leading_digit: bool) -> Result<&str, String> {
    let mut rest = name;
    if let Some(after) = rest.strip_prefix("__") {
        // `__RFQDN_`: a reversed domain name, then '_'.
        let end = after.find('_').unwrap_or(0);
        let domain = &after[..end];
        if domain.is_empty()
            || !domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        {
            return Err("'__' starts a downstream prefix such as '__com.example_'".to_owned());
        }
        rest = &after[end + 1..];
    }
    if let Some(after) = rest.strip_prefix("x-").or_else(|| rest.strip_prefix("X-")) {
        rest = after;
    }
    let mut chars = rest.chars();
    match chars.next() {
        None => return Err("it is empty".to_owned()),
        Some(c) if c.is_ascii_alphabetic() || (leading_digit && c.is_ascii_digit()) => {}
        Some(c) => {
            let what = if leading_digit {
                "a letter or a digit"
            } else {
                "a letter"
            };
            return Err(format!("it must start with {what}, not '{c}'"));
        }
    }
    if let Some(c) = chars.find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        return Err(format!(
            "'{c}' is not allowed (letters, digits, '-' and '_' are)"
        ));
    }
    Ok(rest)
}

/// `[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*`, as QEMU wants a type's name.
fn is_camel_case(stem: &str) -> bool {
    stem.starts_with(|c: char| c.is_ascii_uppercase())
        && stem.chars().all(|c| c.is_ascii_alphanumeric())
        && stem.chars().skip(1).any(|c| c.is_ascii_lowercase())
}

/// Why a member's name is reserved, if it is.
fn reserved_member(name: &str) -> Option<&'static str> {
    let c = c_name(name);
    if c == "u" {
        Some("is named 'u'")
    } else if c.starts_with("has_") {
        Some("starts with 'has-' or 'has_'")
    } else {
        None
    }
}

/// A name as QEMU's generated C spells it: every character that is not a letter or a
/// digit becomes `_`. Two names of one scope with the same C name collide.
pub fn c_name(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_taken_off_the_stem() {
        assert_eq!(stem("__com.redhat_reason", false), Ok("reason"));
        assert_eq!(stem("x-foo", false), Ok("foo"));
        assert_eq!(stem("__org.qemu_x-bar", false), Ok("bar"));
        assert_eq!(stem("1080p", true), Ok("1080p"));
    }

    #[test]
    fn names_outside_the_grammar_are_refused() {
        assert!(stem("*oops", false).is_err());
        assert!(stem("_oops", false).is_err());
        assert!(stem("not\\possible", false).is_err());
        assert!(stem("1080p", false).is_err());
        assert!(stem("", false).is_err());
        assert!(stem("__com.redhat", false).is_err());
    }

    #[test]
    fn camel_case_needs_a_lower_case_letter_after_the_first() {
        assert!(is_camel_case("BlockInfo"));
        assert!(is_camel_case("X86CPURegister32"));
        assert!(!is_camel_case("ABC"));
        assert!(!is_camel_case("block-info"));
    }

    #[test]
    fn c_names_and_reserved_members() {
        assert_eq!(c_name("a-b.c"), "a_b_c");
        assert_eq!(
            reserved_member("has-a"),
            Some("starts with 'has-' or 'has_'")
        );
        assert_eq!(reserved_member("u"), Some("is named 'u'"));
        assert_eq!(reserved_member("hash"), None);
    }
}
