//! Changes to a generated message, each with the pointer `validate` must report for it:
//! noise that decoding keeps (undescribed members, unknown enumeration values), and
//! single mutations that make a valid message invalid at exactly one place.

use super::message::{Kind, Member, Node, pointer_to};
use proptest::sample::Index;
use serde_json::Value;
use std::collections::BTreeSet;

/// A step from a node to one of its children.
#[derive(Debug, Clone, Copy)]
pub enum Step {
    Member(usize),
    Item(usize),
}

/// One change that makes a valid message invalid at one place.
#[derive(Debug, Clone)]
pub enum Mutation {
    /// Remove a required member; `validate` points at its object.
    Remove { object: Vec<Step>, member: usize },
    /// Replace a value: with one of a wrong type, or a string outside its enumeration.
    Replace { at: Vec<Step>, value: Value },
    /// Add a member the document does not list.
    Add {
        object: Vec<Step>,
        name: String,
        value: Value,
    },
}

/// The random parts of a mutation, drawn by the strategy.
#[derive(Debug, Clone)]
pub struct Ingredients {
    /// The name of an added member (used where the document does not list it).
    pub extra_name: String,
    /// The value of an added member.
    pub extra_value: Value,
    /// A string to put where an enumeration value goes (used where it is not listed).
    pub outside: String,
    /// Which wrong type to use: null, another JSON type, or (for json-int) a float.
    pub wrong_type: u8,
    /// Where an added member goes among its object's members.
    pub position: Index,
}

fn node_at_mut<'a>(node: &'a mut Node, path: &[Step]) -> &'a mut Node {
    let Some((first, rest)) = path.split_first() else {
        return node;
    };
    let child = match (node, first) {
        (Node::Object { members, .. }, Step::Member(index)) => &mut members[*index].node,
        (Node::Array { items }, Step::Item(index)) => &mut items[*index],
        (node, step) => panic!("{step:?} leads nowhere from {node:?}"),
    };
    node_at_mut(child, rest)
}

/// Calls `visit` with every node of `node`, its path and its JSON pointer.
fn walk(
    node: &Node,
    path: &mut Vec<Step>,
    pointer: &str,
    visit: &mut impl FnMut(&Node, &[Step], &str),
) {
    visit(node, path, pointer);
    match node {
        Node::Leaf { .. } => {}
        Node::Array { items } => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Item(index));
                walk(item, path, &format!("{pointer}/{index}"), visit);
                path.pop();
            }
        }
        Node::Object { members, .. } => {
            for (index, member) in members.iter().enumerate() {
                path.push(Step::Member(index));
                walk(
                    &member.node,
                    path,
                    &pointer_to(pointer, &member.name),
                    visit,
                );
                path.pop();
            }
        }
    }
}

/// Every single mutation of a valid `message`, each with the one pointer `validate`
/// must report for it.
pub fn mutations(message: &Node, ingredients: &Ingredients) -> Vec<(Mutation, String)> {
    let mut found = Vec::new();
    walk(message, &mut Vec::new(), "", &mut |node, path, pointer| {
        if !path.is_empty()
            && let Some(value) = wrong_type(node, ingredients.wrong_type)
        {
            let at = path.to_vec();
            found.push((Mutation::Replace { at, value }, pointer.to_owned()));
        }
        match node {
            Node::Leaf {
                kind: Kind::Enum(values),
                ..
            } if !values.contains(&ingredients.outside) => {
                let at = path.to_vec();
                let value = Value::String(ingredients.outside.clone());
                found.push((Mutation::Replace { at, value }, pointer.to_owned()));
            }
            Node::Object {
                members,
                listed: Some(listed),
                ..
            } => {
                for (member, _) in members.iter().enumerate().filter(|(_, m)| m.required) {
                    let object = path.to_vec();
                    found.push((Mutation::Remove { object, member }, pointer.to_owned()));
                }
                if !listed.contains(&ingredients.extra_name) {
                    let added = Mutation::Add {
                        object: path.to_vec(),
                        name: ingredients.extra_name.clone(),
                        value: ingredients.extra_value.clone(),
                    };
                    found.push((added, pointer_to(pointer, &ingredients.extra_name)));
                }
            }
            _ => {}
        }
    });
    found
}

/// A value of a JSON type the document does not allow at `node`; `None` where anything
/// goes.
fn wrong_type(node: &Node, choice: u8) -> Option<Value> {
    let takes_strings = match node {
        Node::Leaf {
            kind: Kind::Any | Kind::Fixed,
            ..
        } => return None,
        Node::Leaf {
            kind: Kind::String | Kind::Enum(_),
            ..
        } => true,
        _ => false,
    };
    let is_int = matches!(
        node,
        Node::Leaf {
            kind: Kind::Int | Kind::Integer,
            ..
        }
    );
    let is_null = matches!(
        node,
        Node::Leaf {
            kind: Kind::Null,
            ..
        }
    );
    Some(match choice % 3 {
        0 if !is_null => Value::Null,
        2 if is_int => Value::from(1.5),
        _ if takes_strings => Value::Bool(true),
        _ => Value::String("wrong".to_owned()),
    })
}

/// Applies a mutation.
pub fn apply(message: &mut Node, mutation: &Mutation, position: Index) {
    match mutation {
        Mutation::Remove { object, member } => {
            if let Node::Object { members, .. } = node_at_mut(message, object) {
                members.remove(*member);
            }
        }
        Mutation::Replace { at, value } => {
            *node_at_mut(message, at) = Node::Leaf {
                value: value.clone(),
                kind: Kind::Any,
            };
        }
        Mutation::Add {
            object,
            name,
            value,
        } => {
            if let Node::Object { members, .. } = node_at_mut(message, object) {
                let at = position.index(members.len() + 1);
                let node = Node::Leaf {
                    value: value.clone(),
                    kind: Kind::Any,
                };
                let required = false;
                let name = name.clone();
                members.insert(
                    at,
                    Member {
                        name,
                        node,
                        required,
                    },
                );
            }
        }
    }
}

/// Noise that decoding keeps: undescribed members added to objects that keep them, and
/// enumeration values replaced by unlisted ones. Returns the pointers `validate` must
/// report for them.
pub fn add_noise(
    message: &mut Node,
    unknown_values: &[(Index, String)],
    extras: &[(Index, String, Value, Index)],
) -> BTreeSet<String> {
    let mut pointers = BTreeSet::new();
    for (choice, outside) in unknown_values {
        let mut leaves = Vec::new();
        walk(message, &mut Vec::new(), "", &mut |node, path, pointer| {
            // An unknown event name changes the whole message; it has tests of its own.
            if let Node::Leaf {
                kind: Kind::Enum(values),
                ..
            } = node
                && pointer != "/event"
                && !values.contains(outside)
            {
                leaves.push((path.to_vec(), pointer.to_owned()));
            }
        });
        if leaves.is_empty() {
            break;
        }
        let (path, pointer) = &leaves[choice.index(leaves.len())];
        if let Node::Leaf { value, .. } = node_at_mut(message, path) {
            *value = Value::String(outside.clone());
        }
        pointers.insert(pointer.clone());
    }
    for (choice, name, value, position) in extras {
        let mut objects = Vec::new();
        walk(message, &mut Vec::new(), "", &mut |node, path, pointer| {
            if let Node::Object {
                members,
                listed: Some(listed),
                extras_kept: true,
            } = node
                && !listed.contains(name)
                && !members.iter().any(|m| &m.name == name)
            {
                objects.push((path.to_vec(), pointer_to(pointer, name)));
            }
        });
        if objects.is_empty() {
            continue;
        }
        let (path, pointer) = &objects[choice.index(objects.len())];
        let added = Mutation::Add {
            object: path.clone(),
            name: name.clone(),
            value: value.clone(),
        };
        apply(message, &added, *position);
        pointers.insert(pointer.clone());
    }
    pointers
}
