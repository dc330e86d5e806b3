//! Which members must be boxed: types that contain themselves through a member
//! (`ImageInfo`'s `backing-image`, `BlockdevOptions` through `BlockdevRef`) are legal in
//! QAPI, and in Rust a value cannot hold itself by value.
//!
//! The named types and what they hold by value (members, `Option`s of them, union
//! branches, alternatives; not array elements, which a `Vec` holds on the heap) make a
//! graph; an edge inside a strongly connected component of it closes a cycle. Members
//! and alternatives inside a component are boxed; a union branch is boxed only if a
//! cycle remains without them (QEMU's schemas have none), so that variants keep their
//! plain types where they can.

use crate::model::{Schema, Type, TypeKind};
use std::collections::{BTreeMap, HashSet};

/// What holds a type by value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Edge {
    /// A member, by wire name (nested anonymous structs' members count as their named
    /// type's, by their dotted path).
    Member(String),
    /// A union's branch, by discriminator value.
    Branch(String),
    /// An alternate's alternative, by name.
    Alternative(String),
}

/// The edges to box, by the named type that holds them.
#[derive(Debug, Default)]
pub struct Boxing {
    boxed: HashSet<(String, Edge)>,
}

impl Boxing {
    /// Whether `holder`'s edge must hold a `Box`.
    pub fn is_boxed(&self, holder: &str, edge: &Edge) -> bool {
        self.boxed.contains(&(holder.to_owned(), edge.clone()))
    }

    /// Computes the boxes a schema's named types need.
    pub fn of(schema: &Schema) -> Boxing {
        let names: Vec<&str> = schema.types.keys().map(String::as_str).collect();
        let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut edges: Vec<Vec<(usize, Edge)>> = vec![Vec::new(); names.len()];
        for (from, name) in names.iter().enumerate() {
            let Some(named) = schema.named(name) else {
                continue;
            };
            let mut add = |to: &str, edge: Edge| {
                if let Some(&to) = index.get(to) {
                    edges[from].push((to, edge));
                }
            };
            match &named.kind {
                TypeKind::Struct { members, .. } | TypeKind::Union { members, .. } => {
                    for field in members {
                        held(&field.ty, &field.name, &mut |to, path| {
                            add(to, Edge::Member(path));
                        });
                    }
                }
                TypeKind::Enum { .. } => {}
                TypeKind::Alternate { alternatives } => {
                    for alternative in alternatives {
                        if let Type::Named(to) = &alternative.ty {
                            add(to, Edge::Alternative(alternative.name.clone()));
                        }
                    }
                }
            }
            if let TypeKind::Union { branches, .. } = &named.kind {
                for branch in branches {
                    add(&branch.ty, Edge::Branch(branch.value.clone()));
                }
            }
        }
        let mut boxing = Boxing::default();
        // First the members and alternatives inside a component.
        let component = components(&edges, &HashSet::new());
        for (from, out) in edges.iter().enumerate() {
            for (to, edge) in out {
                if component[from] == component[*to] && !matches!(edge, Edge::Branch(_)) {
                    boxing.boxed.insert((names[from].to_owned(), edge.clone()));
                }
            }
        }
        // Then branches, where cycles remain through them alone.
        let cut: HashSet<(usize, Edge)> = edges
            .iter()
            .enumerate()
            .flat_map(|(from, out)| out.iter().map(move |(_, edge)| (from, edge.clone())))
            .filter(|(from, edge)| boxing.is_boxed(names[*from], edge))
            .collect();
        let component = components(&edges, &cut);
        for (from, out) in edges.iter().enumerate() {
            for (to, edge) in out {
                if component[from] == component[*to] && !cut.contains(&(from, edge.clone())) {
                    boxing.boxed.insert((names[from].to_owned(), edge.clone()));
                }
            }
        }
        boxing
    }
}

/// The named types a member's type holds by value, with the member's path (a nested
/// anonymous struct's members are `outer.inner`).
fn held(ty: &Type, path: &str, found: &mut dyn FnMut(&str, String)) {
    match ty {
        Type::Named(name) => found(name, path.to_owned()),
        Type::Object(fields) => {
            for field in fields {
                held(&field.ty, &format!("{path}.{}", field.name), found);
            }
        }
        // A `Vec` holds its elements on the heap.
        _ => {}
    }
}

/// The strongly connected component of each node (Tarjan's algorithm, iterative so that
/// a deep chain of types cannot overflow the stack), leaving out the `cut` edges. A node
/// alone in its component without a loop gets a component of its own all the same; an
/// edge inside one component closes a cycle.
fn components(edges: &[Vec<(usize, Edge)>], cut: &HashSet<(usize, Edge)>) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let count = edges.len();
    let mut order = vec![UNSEEN; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNSEEN; count];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..count {
        if order[root] != UNSEEN {
            continue;
        }
        // Frames of the walk: node, index of its next edge.
        let mut walk = vec![(root, 0)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut next)) = walk.last_mut() {
            if let Some((to, edge)) = edges[node].get(*next) {
                *next += 1;
                if cut.contains(&(node, edge.clone())) {
                    continue;
                }
                let to = *to;
                if order[to] == UNSEEN {
                    order[to] = next_order;
                    low[to] = next_order;
                    next_order += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    walk.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(order[to]);
                }
                continue;
            }
            walk.pop();
            if let Some(&(parent, _)) = walk.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    fn boxing(text: &str) -> (Schema, Boxing) {
        let document = Document::from_text("schema.json", text);
        assert!(
            !document.report.has_errors(),
            "{}",
            document.report.render(false)
        );
        let boxing = Boxing::of(&document.schema);
        (document.schema, boxing)
    }

    #[test]
    fn a_type_that_holds_itself_is_boxed_there_only() {
        let (_, boxing) = boxing(
            "{ 'command': 'q', 'returns': 'Info' }\n\
             { 'struct': 'Info', 'data': { 'name': 'str', '*backing': 'Info', 'list': ['Info'], 'other': 'Leaf' } }\n\
             { 'struct': 'Leaf', 'data': { 'x': 'int' } }",
        );
        assert!(boxing.is_boxed("Info", &Edge::Member("backing".into())));
        assert!(!boxing.is_boxed("Info", &Edge::Member("list".into())));
        assert!(!boxing.is_boxed("Info", &Edge::Member("other".into())));
    }

    #[test]
    fn a_cycle_through_a_union_and_an_alternate_boxes_the_alternative() {
        let (_, boxing) = boxing(
            "{ 'command': 'add', 'data': 'Options', 'boxed': true }\n\
             { 'enum': 'Driver', 'data': [ 'file', 'qcow2' ] }\n\
             { 'union': 'Options', 'base': { 'driver': 'Driver' }, 'discriminator': 'driver',\n\
               'data': { 'file': 'File', 'qcow2': 'Qcow2' } }\n\
             { 'struct': 'File', 'data': { 'filename': 'str' } }\n\
             { 'struct': 'Qcow2', 'data': { '*backing': 'Ref' } }\n\
             { 'alternate': 'Ref', 'data': { 'definition': 'Options', 'reference': 'str' } }",
        );
        assert!(boxing.is_boxed("Qcow2", &Edge::Member("backing".into())));
        assert!(boxing.is_boxed("Ref", &Edge::Alternative("definition".into())));
        assert!(!boxing.is_boxed("Options", &Edge::Branch("qcow2".into())));
        assert!(!boxing.is_boxed("Options", &Edge::Branch("file".into())));
    }
}
