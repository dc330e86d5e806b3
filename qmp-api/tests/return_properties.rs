//! Any JSON value as the return of any command: it decodes into the command's `Returns`
//! or gives an error naming what did not fit, never a panic; and what decodes encodes
//! back to the same value (lenient decoding keeps what the schema does not describe).
//!
//! Every command of the bindings is tried on each value, through
//! `qmp_api::for_each_command`. Random JSON seldom fits a structured return, so the
//! values are also drawn from the returns of the schema's own command examples, with a
//! member added or a value replaced somewhere.

#[path = "properties/message.rs"]
#[allow(dead_code)] // the event strategies are for properties.rs
mod message;

use message::{any_json, string};
use proptest::prelude::*;
use proptest::sample::Index;
use qmp_runtime::{Command, CommandVisitor};
use serde_json::Value;

/// Decodes `value` as the return of each command; counts those it fits.
struct DecodeAsEveryReturn<'a> {
    value: &'a Value,
    fitted: usize,
    failure: Option<String>,
}

impl CommandVisitor for DecodeAsEveryReturn<'_> {
    fn visit<C: Command>(&mut self) {
        if self.failure.is_some() {
            return;
        }
        match qmp_runtime::from_value::<C::Returns>(self.value.clone()) {
            Ok(typed) => {
                self.fitted += 1;
                let back = qmp_runtime::to_value(&typed);
                if &back != self.value {
                    self.failure = Some(format!(
                        "{}: {} encodes back as {back}",
                        C::NAME,
                        self.value
                    ));
                }
            }
            Err(error) => {
                if error.to_string().is_empty() {
                    self.failure = Some(format!("{}: an empty error", C::NAME));
                }
            }
        }
    }
}

fn check(value: &Value) -> Result<usize, TestCaseError> {
    let mut visitor = DecodeAsEveryReturn {
        value,
        fitted: 0,
        failure: None,
    };
    qmp_api::for_each_command(&mut visitor);
    match visitor.failure {
        Some(failure) => Err(TestCaseError::fail(failure)),
        None => Ok(visitor.fitted),
    }
}

/// The `return` values of the schema's command examples that are whole JSON.
fn example_returns() -> Vec<Value> {
    qmp_api::COMMAND_EXAMPLES
        .iter()
        .filter_map(|(_, _, answer)| serde_json::from_str::<Value>(answer).ok())
        .filter_map(|answer| answer.get("return").cloned())
        .collect()
}

/// Replaces or adds something at one place of `value`, chosen by `at`.
fn disturb(value: &mut Value, at: usize, name: String, noise: Value) {
    let mut places = Vec::new();
    collect(value, String::new(), &mut places);
    let place = &places[at % places.len()];
    let Some(target) = value.pointer_mut(place) else {
        return;
    };
    match target {
        Value::Object(members) => {
            members.insert(name, noise);
        }
        other => *other = noise,
    }
}

fn collect(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                let escaped = name.replace('~', "~0").replace('/', "~1");
                collect(member, format!("{pointer}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect(item, format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(pointer);
}

proptest! {
    #[test]
    fn any_json_as_any_return_decodes_exactly_or_errors(value in any_json()) {
        check(&value)?;
    }

    #[test]
    fn disturbed_example_returns_decode_exactly_or_error(
        example in any::<Index>(),
        at in any::<usize>(),
        name in string(),
        noise in any_json(),
    ) {
        let examples = example_returns();
        let mut value = example.get(&examples).clone();
        disturb(&mut value, at, name, noise);
        check(&value)?;
    }
}

#[test]
fn the_example_returns_fit_commands() {
    let examples = example_returns();
    assert!(examples.len() > 100, "{} example returns", examples.len());
    let fitted: usize = examples
        .iter()
        .map(|value| check(value).unwrap_or_else(|error| panic!("{error}")))
        .sum();
    // Each example return fits its own command at least, and `{}` fits many.
    assert!(fitted >= examples.len(), "{fitted} fits");
}
