//! `features`: a list of names, or of `{ 'name', 'if' }`.

use super::super::Reading;
use super::super::syntax::{Kind, Value};
use super::condition::read_condition;
use crate::model::Feature;

/// Reads a `features` list; broken items are reported and left out.
pub fn read_features(cx: &mut Reading<'_>, value: &Value<'_>) -> Vec<Feature> {
    let Kind::List(items) = &value.kind else {
        cx.error(
            value.text,
            format!("'features' must be a list, found {}", value.kind_name()),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let (span, name, condition) = match &item.kind {
                Kind::Str(name) => (cx.span(item.text), name.to_string(), None),
                Kind::Dict(members) => {
                    for member in members {
                        if !matches!(member.key.as_ref(), "name" | "if") {
                            cx.error(
                                member.key_text,
                                format!(
                                    "a feature has no key '{}' (its keys: name, if)",
                                    member.key
                                ),
                            );
                        }
                    }
                    let Some(name) = item.get("name") else {
                        cx.error(item.text, "a feature written as an object needs a 'name'");
                        return None;
                    };
                    let Some(text) = name.as_str() else {
                        cx.error(
                            name.text,
                            format!(
                                "a feature's 'name' must be a string, found {}",
                                name.kind_name()
                            ),
                        );
                        return None;
                    };
                    let condition = item
                        .get("if")
                        .and_then(|condition| read_condition(cx, condition));
                    (cx.span(name.text), text.to_owned(), condition)
                }
                _ => {
                    cx.error(
                        item.text,
                        format!("a feature must be a name, found {}", item.kind_name()),
                    );
                    return None;
                }
            };
            Some(Feature {
                name,
                condition,
                description: String::new(),
                span,
            })
        })
        .collect()
}
