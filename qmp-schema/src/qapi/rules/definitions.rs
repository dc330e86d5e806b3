//! A name is defined once: types, commands and events share one namespace, which the
//! built-in types are part of. A second definition would give two models (and two
//! generated items) one name.

use super::super::index::builtin;
use super::Rules;

/// Reports every definition of a name defined before, or of a built-in type's name.
pub fn check(rules: &mut Rules<'_, '_>) {
    let index = rules.index;
    for (position, documented) in index.definitions.iter().enumerate() {
        let definition = &documented.definition;
        if builtin(&definition.name).is_some() {
            let kind = if definition.name == "QType" {
                "the built-in enum"
            } else {
                "a built-in type"
            };
            let message = format!(
                "'{}' is {kind} and cannot be defined again",
                definition.name
            );
            rules.error(definition, definition.span, message);
            continue;
        }
        let Some(first) = index
            .position(&definition.name)
            .filter(|&first| first != position)
        else {
            continue;
        };
        let first = &index.definitions[first].definition;
        let place = if first.span.file == definition.span.file {
            format!("line {}", first.span.line)
        } else {
            let path = rules
                .sources
                .get(first.span.file)
                .map_or("", |source| source.path.as_str());
            format!("{path}:{}", first.span.line)
        };
        let message = format!(
            "'{}' is already defined, as {} at {place}",
            definition.name,
            first.meta(),
        );
        rules.error(definition, definition.span, message);
    }
}
