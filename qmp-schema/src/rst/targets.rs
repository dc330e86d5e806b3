//! What the document defines for references elsewhere in it: hyperlink targets and
//! substitutions, collected before the blocks are read.

use super::lines::Line;
use super::urls::is_url;
use std::collections::HashMap;

/// What explicit markup defines for references elsewhere in the text: hyperlink targets
/// (`.. _name: https://...`) and `replace` substitutions (`.. |name| replace:: text`).
#[derive(Debug, Default)]
pub(super) struct References {
    targets: HashMap<String, String>,
    pub(super) substitutions: HashMap<String, String>,
}

impl References {
    pub(super) fn collect(lines: &[Line<'_>]) -> References {
        let mut references = References::default();
        for (index, line) in lines.iter().enumerate() {
            let Some(rest) = line.text.strip_prefix(".. ") else {
                continue;
            };
            if let Some(target) = rest.strip_prefix('_') {
                let Some((name, first)) = split_target(target) else {
                    continue;
                };
                // A target's URI may continue on indented lines; whitespace is dropped.
                let mut uri: String = first.split_whitespace().collect();
                for next in &lines[index + 1..] {
                    if next.is_blank() || next.indent <= line.indent {
                        break;
                    }
                    uri.extend(next.text.split_whitespace());
                }
                if !uri.is_empty() && name != "_" {
                    references.targets.insert(reference_name(name), uri);
                }
            } else if let Some(rest) = rest.strip_prefix('|') {
                let Some((name, definition)) = rest.split_once('|') else {
                    continue;
                };
                if let Some(text) = definition.trim_start().strip_prefix("replace::") {
                    references
                        .substitutions
                        .insert(reference_name(name), text.trim().to_owned());
                }
            }
        }
        references
    }

    /// The URL a reference name leads to, through at most a few indirect targets.
    pub(super) fn url(&self, name: &str) -> Option<&str> {
        let mut name = reference_name(name);
        for _ in 0..4 {
            let target = self.targets.get(&name)?;
            match target.strip_suffix('_') {
                Some(indirect) if !is_url(target) => name = reference_name(indirect),
                _ => return is_url(target).then_some(target.as_str()),
            }
        }
        None
    }
}

/// `name: uri` or `` `name`: uri `` after a target's `.. _`.
fn split_target(target: &str) -> Option<(&str, &str)> {
    if let Some(quoted) = target.strip_prefix('`') {
        let (name, rest) = quoted.split_once('`')?;
        return Some((name, rest.strip_prefix(':')?));
    }
    let mut escaped = false;
    for (index, c) in target.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            ':' if !escaped => {
                let rest = &target[index + 1..];
                if rest.is_empty() || rest.starts_with(' ') {
                    return Some((&target[..index], rest));
                }
            }
            _ => escaped = false,
        }
    }
    None
}

/// A reference name as rST compares them: case and runs of whitespace do not count.
pub(super) fn reference_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
