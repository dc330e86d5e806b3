//! `{ 'pragma': { ... } }`: the directive that tunes QEMU's rules for a schema.
//!
//! QEMU keeps one set of pragmas for the whole schema and checks every definition after
//! every file has been read, so a pragma counts wherever it stands. A pragma written
//! again replaces the earlier value, as in QEMU.
//!
//! Two names are those of QEMU 2.9 to 5.2 (`returns-whitelist`, `name-case-whitelist`).
//! QEMU 6.0 forbade `_` in names and listed its exceptions in `member-name-exceptions`
//! and `command-name-exceptions`: only a schema that declares those is held to the rule
//! (see `rules/names.rs`), as the schemas of every release before have names with `_`
//! and no list of them.

use super::Reading;
use super::syntax::{Kind, Value};

/// The pragmas of a schema.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pragmas {
    /// `doc-required`: every definition needs its doc comment.
    pub doc_required: bool,
    /// `command-name-exceptions`: commands whose names may use `_`.
    pub command_name_exceptions: Vec<String>,
    /// `command-returns-exceptions` (`returns-whitelist` before 6.0): commands that may
    /// return something other than an object or an array of objects.
    pub command_returns_exceptions: Vec<String>,
    /// `member-name-exceptions`: definitions whose members (or values) may use upper
    /// case and `_`.
    pub member_name_exceptions: Vec<String>,
    /// `name-case-whitelist` (2.9 to 5.2): definitions whose members may use upper case.
    pub name_case_whitelist: Vec<String>,
    /// `documentation-exceptions`: definitions whose members need no description. Read
    /// so that the pragma is known; undocumented members are not checked.
    pub documentation_exceptions: Vec<String>,
    /// Whether a pragma of QEMU 2.9 to 5.2 was met.
    pub before_6_0: bool,
    /// Whether `member-name-exceptions` or `command-name-exceptions` was met: the schema
    /// is of QEMU 6.0 on, whose names do not use `_` unless listed.
    pub names_without_underscores: bool,
}

impl Pragmas {
    /// Reads the members of a pragma directive's object into `self`; what is wrong with
    /// them is an error, as in QEMU.
    pub fn read(&mut self, cx: &mut Reading<'_>, pragma: &Value<'_>) {
        let Some(members) = pragma.as_dict() else {
            cx.error(
                pragma.text,
                format!("'pragma' must be an object, found {}", pragma.kind_name()),
            );
            return;
        };
        for member in members {
            let value = &member.value;
            match member.key.as_ref() {
                "doc-required" => match value.kind {
                    Kind::Bool(required) => self.doc_required = required,
                    _ => cx.error(
                        value.text,
                        format!(
                            "pragma 'doc-required' must be true or false, found {}",
                            value.kind_name()
                        ),
                    ),
                },
                "command-name-exceptions" => {
                    self.command_name_exceptions = names(cx, &member.key, value);
                    self.names_without_underscores = true;
                }
                "command-returns-exceptions" => {
                    self.command_returns_exceptions = names(cx, &member.key, value);
                }
                "returns-whitelist" => {
                    self.command_returns_exceptions = names(cx, &member.key, value);
                    self.before_6_0 = true;
                }
                "member-name-exceptions" => {
                    self.member_name_exceptions = names(cx, &member.key, value);
                    self.names_without_underscores = true;
                }
                "name-case-whitelist" => {
                    self.name_case_whitelist = names(cx, &member.key, value);
                    self.before_6_0 = true;
                }
                "documentation-exceptions" => {
                    self.documentation_exceptions = names(cx, &member.key, value);
                }
                other => cx.error(
                    member.key_text,
                    format!(
                        "unknown pragma '{other}'; QEMU knows doc-required, \
                         command-name-exceptions, command-returns-exceptions, \
                         member-name-exceptions and documentation-exceptions"
                    ),
                ),
            }
        }
    }

    /// Whether the members (or values) of `definition` may use upper case. QEMU 2.9
    /// to 5.2 listed a union's inline base by the name of its implicit type,
    /// `q_obj_NAME-base`.
    pub fn permits_upper_case_members(&self, definition: &str) -> bool {
        let implicit_base = format!("q_obj_{definition}-base");
        self.member_name_exceptions
            .iter()
            .any(|name| name == definition)
            || self
                .name_case_whitelist
                .iter()
                .any(|name| *name == definition || *name == implicit_base)
    }

    /// Whether names in general may use `_` (the schema predates the rule).
    pub fn permits_underscores(&self) -> bool {
        self.before_6_0 || !self.names_without_underscores
    }

    /// Whether the members (or values) of `definition` may use `_`.
    pub fn permits_underscore_members(&self, definition: &str) -> bool {
        self.permits_underscores()
            || self
                .member_name_exceptions
                .iter()
                .any(|name| name == definition)
    }

    /// Whether the command `name` may use `_`.
    pub fn permits_underscore_command(&self, name: &str) -> bool {
        self.permits_underscores() || self.command_name_exceptions.iter().any(|n| n == name)
    }

    /// Whether the command `name` may return a type that is not an object.
    pub fn permits_any_returns(&self, name: &str) -> bool {
        self.command_returns_exceptions.iter().any(|n| n == name)
    }
}

/// A pragma's list of names.
fn names(cx: &mut Reading<'_>, pragma: &str, value: &Value<'_>) -> Vec<String> {
    let Kind::List(items) = &value.kind else {
        cx.error(
            value.text,
            format!(
                "pragma '{pragma}' must be a list of names, found {}",
                value.kind_name()
            ),
        );
        return Vec::new();
    };
    let mut names = Vec::with_capacity(items.len());
    for item in items {
        match item.as_str() {
            Some(name) => names.push(name.to_owned()),
            None => cx.error(
                item.text,
                format!(
                    "pragma '{pragma}' must be a list of names, but this item is {}",
                    item.kind_name()
                ),
            ),
        }
    }
    names
}
