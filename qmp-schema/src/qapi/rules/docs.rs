//! A doc comment against the definition it documents (QEMU's `connect_doc` and
//! `QAPIDoc.check`): it describes only members, values, alternatives and features the
//! definition has, describes every feature, has `Returns:` and `Errors:` only for a
//! command (and, since 9.0, `Returns:` only for one that returns something); and with the pragma
//! `doc-required` every definition has its doc comment.
//!
//! Warnings: documentation does not change the model, and older releases' comments
//! break these rules (the free-form placement rules are the reader's, in `mod.rs`).
//!
//! As in QEMU, the comment of a command or event describes its arguments only when they
//! are written in it: the members of a named `data` type are the type's to describe.

use super::super::Documented;
use super::super::expr::{Body, Data, Definition, MemberDef, TypeRef, UnionBase};
use super::Rules;
use crate::model::Feature;

/// Checks a definition's doc comment.
pub fn check(rules: &mut Rules<'_, '_>, documented: &Documented) {
    let definition = &documented.definition;
    let Some(doc) = &documented.doc else {
        if rules.pragmas.doc_required && !documented.follows_doc {
            let message = format!(
                "{} '{}' has no doc comment, which the pragma 'doc-required' asks of every \
                 definition",
                definition.meta(),
                definition.name
            );
            rules.warning(definition, definition.span, message);
        }
        return;
    };
    let Some(source) = rules.sources.get(doc.file) else {
        return;
    };
    let text = |range: &std::ops::Range<usize>| source.text.get(range.clone()).unwrap_or_default();
    for range in &doc.members {
        let name = text(range);
        if !describes(definition, name) {
            let what = match definition.body {
                Body::Enum { .. } => "value",
                Body::Alternate { .. } => "alternative",
                _ => "member",
            };
            let message = format!(
                "the documentation describes {what} '{name}', which '{}' does not have",
                definition.name
            );
            rules.warning(definition, source.span(range.start, range.end), message);
        }
    }
    let features = all_features(definition);
    let described: Vec<&str> = doc.features.iter().map(text).collect();
    for (range, name) in doc.features.iter().zip(&described) {
        if !features.iter().any(|feature| feature.name == *name) {
            let message = format!(
                "the documentation describes feature '{name}', which '{}' does not have",
                definition.name
            );
            rules.warning(definition, source.span(range.start, range.end), message);
        }
    }
    for feature in &features {
        if !described.contains(&feature.name.as_str()) {
            let message = format!(
                "feature '{}' is not described under 'Features:' in the doc comment",
                feature.name
            );
            let span = if feature.span == Default::default() {
                definition.span
            } else {
                feature.span
            };
            rules.warning(definition, span, message);
        }
    }
    let returns = match &definition.body {
        Body::Command { returns, .. } => Some(returns.is_some()),
        _ => None,
    };
    if let Some(range) = &doc.returns {
        let problem = match returns {
            None => Some(format!(
                "a 'Returns:' section is for commands, and '{}' is {}",
                definition.name,
                super::article(definition.meta())
            )),
            Some(false) if !rules.era.doc_sections_before_9_1 => Some(format!(
                "a 'Returns:' section, but command '{}' returns nothing",
                definition.name
            )),
            Some(_) => None,
        };
        if let Some(message) = problem {
            rules.warning(definition, source.span(range.start, range.end), message);
        }
    }
    if let (Some(range), None) = (&doc.errors, returns) {
        let message = format!(
            "an 'Errors:' section is for commands, and '{}' is {}",
            definition.name,
            super::article(definition.meta())
        );
        rules.warning(definition, source.span(range.start, range.end), message);
    }
}

/// Whether a definition's doc comment may describe `name`: a member written in it, an
/// enum value, an alternative, or (in the comments of older releases' unions) a branch.
fn describes(definition: &Definition, name: &str) -> bool {
    let has_member = |members: &[MemberDef]| members.iter().any(|member| member.name == name);
    match &definition.body {
        Body::Enum { values } => values.iter().any(|value| value.value == name),
        Body::Struct { members, .. } => has_member(members),
        Body::Union {
            base,
            branches,
            discriminator,
        } => {
            matches!(base, Some(UnionBase::Inline(members)) if has_member(members))
                || branches.iter().any(|branch| branch.name == name)
                // A simple union's implicit discriminator.
                || (discriminator.is_none() && name == "type")
        }
        Body::Alternate { alternatives } => alternatives
            .iter()
            .any(|alternative| alternative.name == name),
        Body::Command { data, .. } | Body::Event { data, .. } => match data {
            Some(Data::Inline(members)) => has_member(members),
            Some(Data::Named(_)) | None => false,
        },
    }
}

/// Every feature a definition's doc comment describes: its own, its members' and its
/// values'.
fn all_features(definition: &Definition) -> Vec<&Feature> {
    let mut features: Vec<&Feature> = definition.features.iter().collect();
    let mut stack: Vec<&MemberDef> = match &definition.body {
        Body::Enum { values } => {
            features.extend(values.iter().flat_map(|value| &value.features));
            Vec::new()
        }
        Body::Struct { members, .. }
        | Body::Union {
            base: Some(UnionBase::Inline(members)),
            ..
        }
        | Body::Command {
            data: Some(Data::Inline(members)),
            ..
        }
        | Body::Event {
            data: Some(Data::Inline(members)),
            ..
        } => members.iter().collect(),
        _ => Vec::new(),
    };
    while let Some(member) = stack.pop() {
        features.extend(&member.features);
        if let TypeRef::Object(nested) = &member.ty {
            stack.extend(nested);
        }
    }
    features
}
