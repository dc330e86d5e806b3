//! Simple unions (no discriminator: QEMU before 6.2) rewritten as the flat unions QEMU
//! made of them: discriminator `type` of an implicit enum `NameKind`, each branch a
//! wrapper struct whose one member `data` holds the branch's value. The rules check the
//! schema as written, before this; the model builder reads it after.

use super::Documented;
use super::expr::{Body, Definition, MemberDef, TypeName, TypeRef, UnionBase};
use crate::model::EnumValue;
use std::collections::HashSet;

/// Rewrites simple unions (no discriminator: QEMU before 6.2) as the flat unions QEMU
/// made of them: discriminator `type` of an implicit enum `NameKind`, each branch a
/// wrapper struct whose one member `data` holds the branch's value.
pub fn simple_unions(definitions: &mut Vec<Documented>) {
    let mut implicit: Vec<Definition> = Vec::new();
    let mut wrappers: HashSet<String> = HashSet::new();
    for documented in definitions.iter_mut() {
        let definition = &mut documented.definition;
        let Body::Union {
            base,
            discriminator: discriminator @ None,
            branches,
        } = &mut definition.body
        else {
            continue;
        };
        let span = definition.span;
        let kind_name = format!("{}Kind", definition.name);
        implicit.push(Definition {
            name: kind_name.clone(),
            span,
            body: Body::Enum {
                values: branches
                    .iter()
                    .map(|branch| EnumValue {
                        value: branch.name.clone(),
                        condition: branch.condition.clone(),
                        span: branch.span,
                        ..EnumValue::default()
                    })
                    .collect(),
            },
            condition: definition.condition.clone(),
            features: Vec::new(),
        });
        let tag = MemberDef {
            name: "type".to_owned(),
            optional: false,
            ty: TypeRef::Name(TypeName {
                name: kind_name,
                span,
            }),
            condition: None,
            features: Vec::new(),
            span,
        };
        *base = Some(match base.take() {
            None => UnionBase::Inline(vec![tag]),
            Some(UnionBase::Inline(mut members)) => {
                members.push(tag);
                UnionBase::Inline(members)
            }
            // A named base of a simple union: its members, then the tag. Kept as an
            // inline base that names the struct's members through a nested reference.
            Some(UnionBase::Named(name)) => UnionBase::Inline(vec![
                MemberDef {
                    name: String::new(),
                    optional: false,
                    ty: TypeRef::Name(name),
                    condition: None,
                    features: Vec::new(),
                    span,
                },
                tag,
            ]),
        });
        *discriminator = Some(("type".to_owned(), span));
        for branch in branches.iter_mut() {
            let (type_label, span) = match &branch.ty {
                TypeRef::Name(name) => (name.name.clone(), name.span),
                TypeRef::Array(name) => (format!("{}List", name.name), name.span),
                TypeRef::Object(_) => (format!("{}-{}", definition.name, branch.name), branch.span),
            };
            let wrapper = format!("q_obj_{type_label}-wrapper");
            if wrappers.insert(wrapper.clone()) {
                implicit.push(Definition {
                    name: wrapper.clone(),
                    span,
                    body: Body::Struct {
                        base: None,
                        members: vec![MemberDef {
                            name: "data".to_owned(),
                            optional: false,
                            ty: branch.ty.clone(),
                            condition: None,
                            features: Vec::new(),
                            span,
                        }],
                    },
                    condition: None,
                    features: Vec::new(),
                });
            }
            branch.ty = TypeRef::Name(TypeName {
                name: wrapper,
                span,
            });
        }
    }
    definitions.extend(implicit.into_iter().map(|definition| Documented {
        definition,
        doc: None,
        follows_doc: false,
    }));
}
