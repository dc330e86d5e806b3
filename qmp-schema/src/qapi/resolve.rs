//! The last layer: every file's definitions (simple unions desugared) to the model.
//!
//! The rules have reported what is wrong; this builds the model from what there is,
//! and must not fail on what they reported: an unknown type is modelled as any value,
//! a base that loops is cut where it loops, a name defined twice keeps its first
//! definition. The model keeps the events, the commands, and the types they reach.

use super::expr::{Body, Data, Definition, MemberDef, TypeRef, UnionBase};
use super::index::{Index, QTYPE_VALUES, builtin};
use super::{DefinitionDoc, Documented, FoundExample};
use crate::diagnostic::Diagnostic;
use crate::model::{
    Alternative, Command, Data as EventData, EnumValue, EventName, Feature, Field, NamedType,
    Schema, Section, Span, Type, TypeKind, UnionBranch,
};
use crate::source::SourceFile;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// Builds the model from the definitions of every file, in schema order.
pub fn resolve(
    definitions: &[Documented],
    examples: Vec<FoundExample>,
    sources: &[SourceFile],
    diagnostics: &mut Vec<Diagnostic>,
) -> Schema {
    let index = Index::new(definitions);
    let mut resolver = Resolver {
        definitions,
        index: &index,
        diagnostics,
        types: BTreeMap::new(),
        sources,
        docs: vec![None; definitions.len()],
    };
    // A name defined again is reported by the rules; the model keeps its first definition.
    let first =
        |position: usize| index.position(&definitions[position].definition.name) == Some(position);
    let mut sections: Vec<Section> = definitions
        .iter()
        .enumerate()
        .filter(|&(position, documented)| {
            matches!(documented.definition.body, Body::Event { .. }) && first(position)
        })
        .map(|(position, _)| resolver.event(position))
        .collect();
    let commands: Vec<Command> = (0..definitions.len())
        .filter(|&position| first(position))
        .filter_map(|position| resolver.command(position))
        .collect();
    attach_examples(&mut sections, examples, resolver.diagnostics);
    let types = std::mem::take(&mut resolver.types);
    Schema {
        title: None,
        files: sources.iter().map(|source| source.path.clone()).collect(),
        sections,
        commands,
        types,
        releases: Vec::new(),
    }
}

struct Resolver<'d, 'g> {
    definitions: &'d [Documented],
    /// Every definition by name.
    index: &'g Index<'d>,
    diagnostics: &'g mut Vec<Diagnostic>,
    /// The named types reached from events and commands so far.
    types: BTreeMap<String, NamedType>,
    /// The files read, for doc comments.
    sources: &'g [SourceFile],
    /// The doc comments read whole so far, by definition (`Some(None)`: none to read).
    docs: Vec<Option<Option<Rc<DefinitionDoc>>>>,
}

impl<'d> Resolver<'d, '_> {
    fn lookup(&self, name: &str) -> Option<&'d Definition> {
        self.index.get(name)
    }

    fn union_base_members(
        &mut self,
        definition: &Definition,
        base: Option<&UnionBase>,
    ) -> Vec<Field> {
        match base {
            None => Vec::new(),
            Some(UnionBase::Named(name)) => self.struct_members(&name.name),
            Some(UnionBase::Inline(members)) => self.fields(definition, members, None),
        }
    }

    /// Warns about doc comments that describe members the definition does not have.
    /// asked for.
    fn doc_of(&mut self, index: usize) -> Option<Rc<DefinitionDoc>> {
        if let Some(Some(doc)) = self.docs.get(index) {
            return doc.clone();
        }
        let doc = self.definitions[index]
            .doc
            .as_ref()
            .and_then(|doc| doc.read(self.sources))
            .map(Rc::new);
        if let Some(slot) = self.docs.get_mut(index) {
            *slot = Some(doc.clone());
        }
        doc
    }

    /// Whether a definition's doc comment may describe `name`: a member, an enum value,
    /// a union branch or an alternative. Asked of every name of every doc comment, so it
    /// looks without collecting.
    /// An event as a section of the model; the types its data reaches join the model.
    fn event(&mut self, index: usize) -> Section {
        let definitions = self.definitions;
        let definition = &definitions[index].definition;
        let doc = self.doc_of(index);
        let doc = doc.as_deref();
        let Body::Event { data, .. } = &definition.body else {
            return Section::new(Vec::new(), definition.span);
        };
        let name = EventName {
            name: definition.name.clone(),
            span: definition.span,
        };
        let mut section = Section::new(vec![name], definition.span);
        let (data, data_type) = match data {
            None => (EventData::None, None),
            Some(Data::Inline(members)) if members.is_empty() => (EventData::None, None),
            Some(Data::Inline(members)) => (
                EventData::Fields(self.fields(definition, members, doc)),
                None,
            ),
            Some(Data::Named(type_name)) => {
                self.reach(&type_name.name);
                let members = match self.lookup(&type_name.name).map(|d| &d.body) {
                    Some(Body::Union { base, .. }) => {
                        let base = base.clone();
                        self.union_base_members(definition, base.as_ref())
                    }
                    _ => self.struct_members(&type_name.name),
                };
                let members = describe(members, doc);
                (EventData::Fields(members), Some(type_name.name.clone()))
            }
        };
        section.data = data;
        section.data_type = data_type;
        if let Some(doc) = doc {
            section.description = doc.description.clone();
            section.since = doc.since.clone();
            section.notes = doc.notes.clone();
        }
        section.features = with_docs(&definition.features, doc);
        section.condition = definition.condition.clone();
        section
    }

    /// A command as the model has it; the types its arguments and return reach join the
    /// model.
    fn command(&mut self, index: usize) -> Option<Command> {
        let definitions = self.definitions;
        let documented = &definitions[index];
        let definition = &documented.definition;
        let Body::Command {
            data,
            returns,
            flags,
        } = &definition.body
        else {
            return None;
        };
        let doc = self.doc_of(index);
        let doc = doc.as_deref();
        let (arguments, arguments_type) = match data {
            None => (Vec::new(), None),
            Some(Data::Inline(members)) => (self.fields(definition, members, doc), None),
            Some(Data::Named(type_name)) => {
                self.reach(&type_name.name);
                let members = match self.lookup(&type_name.name).map(|d| &d.body) {
                    Some(Body::Union { base, .. }) => {
                        let base = base.clone();
                        self.union_base_members(definition, base.as_ref())
                    }
                    _ => self.struct_members(&type_name.name),
                };
                (describe(members, doc), Some(type_name.name.clone()))
            }
        };
        let returns = returns
            .as_ref()
            .map(|returns| self.model_type(definition, returns));
        let examples = match &documented.doc {
            Some(doc) => doc.transcripts(&definition.name, self.sources, self.diagnostics),
            None => Vec::new(),
        };
        Some(Command {
            name: definition.name.clone(),
            span: definition.span,
            description: doc.map(|doc| doc.description.clone()).unwrap_or_default(),
            arguments,
            arguments_type,
            boxed: flags.boxed,
            returns,
            returns_doc: doc.map(|doc| doc.returns.clone()).unwrap_or_default(),
            errors_doc: doc.map(|doc| doc.errors.clone()).unwrap_or_default(),
            generated: flags.generated,
            success_response: flags.success_response,
            allow_oob: flags.allow_oob,
            allow_preconfig: flags.allow_preconfig,
            coroutine: flags.coroutine,
            examples,
            notes: doc.map(|doc| doc.notes.clone()).unwrap_or_default(),
            since: doc.and_then(|doc| doc.since.clone()),
            features: with_docs(&definition.features, doc),
            condition: definition.condition.clone(),
            releases: None,
        })
    }

    /// Members as model fields (their types reached), described by `doc`.
    fn fields(
        &mut self,
        definition: &Definition,
        members: &[MemberDef],
        doc: Option<&DefinitionDoc>,
    ) -> Vec<Field> {
        let mut fields: Vec<Field> = Vec::new();
        for member in members {
            // A member listed twice is reported by the checks; the model keeps the first.
            if fields.iter().any(|field| field.name == member.name) {
                continue;
            }
            // A desugared simple union's named base: the struct's members, in place.
            if member.name.is_empty() {
                if let TypeRef::Name(name) = &member.ty {
                    fields.extend(self.struct_members(&name.name));
                }
                continue;
            }
            let ty = self.model_type(definition, &member.ty);
            fields.push(Field {
                name: member.name.clone(),
                description: String::new(),
                ty,
                optional: member.optional,
                type_annotated: true,
                condition: member.condition.clone(),
                features: member.features.clone(),
                span: member.span,
                name_span: member.span,
                releases: None,
            });
        }
        describe(fields, doc)
    }

    /// A type reference as a model type; named types are reached.
    fn model_type(&mut self, definition: &Definition, ty: &TypeRef) -> Type {
        match ty {
            TypeRef::Name(name) => self.named_type(&name.name),
            TypeRef::Array(name) => Type::Array(Box::new(self.named_type(&name.name))),
            TypeRef::Object(members) => Type::Object(self.fields(definition, members, None)),
        }
    }

    fn named_type(&mut self, name: &str) -> Type {
        if let Some(ty) = builtin(name) {
            if name == "QType" {
                self.reach(name);
            }
            return ty;
        }
        if self.lookup(name).is_none() {
            // Reported as an unknown type; any value will do meanwhile.
            return Type::Value;
        }
        self.reach(name);
        Type::Named(name.to_owned())
    }

    /// Adds a named type, and the types it reaches, to the model.
    fn reach(&mut self, name: &str) {
        if self.types.contains_key(name) {
            return;
        }
        if name == "QType" {
            self.types.insert(name.to_owned(), qtype());
            return;
        }
        let Some(index) = self.index.position(name) else {
            return;
        };
        let definitions = self.definitions;
        let definition = &definitions[index].definition;
        let doc = self.doc_of(index);
        let doc = doc.as_deref();
        // A placeholder first, so that a type reaching itself (a tree of nodes) ends.
        let placeholder = NamedType {
            name: name.to_owned(),
            kind: TypeKind::Struct {
                base: None,
                members: Vec::new(),
            },
            description: String::new(),
            since: None,
            features: Vec::new(),
            condition: None,
            span: definition.span,
        };
        self.types.insert(name.to_owned(), placeholder);
        let kind = match &definition.body {
            Body::Enum { values } => TypeKind::Enum {
                values: values
                    .iter()
                    .map(|value| EnumValue {
                        description: doc
                            .and_then(|doc| described(&doc.members, &value.value))
                            .unwrap_or_default(),
                        ..value.clone()
                    })
                    .collect(),
            },
            Body::Struct { base, .. } => {
                // The base joins the model too: the struct names it.
                if let Some(base) = base {
                    self.named_type(&base.name);
                }
                TypeKind::Struct {
                    base: base.as_ref().map(|base| base.name.clone()),
                    members: self.struct_members(name),
                }
            }
            Body::Union {
                base,
                discriminator,
                branches,
            } => {
                if let Some(UnionBase::Named(base)) = base {
                    self.named_type(&base.name);
                }
                let members = self.union_base_members(definition, base.as_ref());
                let discriminator = discriminator
                    .as_ref()
                    .map(|(name, _)| name.clone())
                    .unwrap_or_default();
                let discriminator_type = members
                    .iter()
                    .find(|member| member.name == discriminator)
                    .and_then(|member| match &member.ty {
                        Type::Named(name) => Some(name.clone()),
                        _ => None,
                    })
                    .unwrap_or_default();
                let branches = branches
                    .iter()
                    .map(|branch| {
                        let ty = match &branch.ty {
                            TypeRef::Name(name) | TypeRef::Array(name) => name.name.clone(),
                            TypeRef::Object(_) => String::new(),
                        };
                        self.named_type(&ty);
                        UnionBranch {
                            value: branch.name.clone(),
                            ty,
                            condition: branch.condition.clone(),
                            untagged_in: 0,
                        }
                    })
                    .collect();
                TypeKind::Union {
                    base: match base {
                        Some(UnionBase::Named(name)) => Some(name.name.clone()),
                        _ => None,
                    },
                    members: describe(members, doc),
                    discriminator,
                    discriminator_type,
                    branches,
                }
            }
            Body::Alternate { alternatives } => TypeKind::Alternate {
                alternatives: alternatives
                    .iter()
                    .map(|alternative| Alternative {
                        name: alternative.name.clone(),
                        ty: self.model_type(definition, &alternative.ty),
                        condition: alternative.condition.clone(),
                    })
                    .collect(),
            },
            Body::Command { .. } | Body::Event { .. } => {
                self.types.remove(name);
                return;
            }
        };
        let named = NamedType {
            name: name.to_owned(),
            kind,
            description: doc.map(|doc| doc.description.clone()).unwrap_or_default(),
            since: doc.and_then(|doc| doc.since.clone()),
            features: with_docs(&definition.features, doc),
            condition: definition.condition.clone(),
            span: definition.span,
        };
        self.types.insert(name.to_owned(), named);
    }

    /// A struct's members on the wire: its base's first, then its own, described by the
    /// docs of the struct that declares each.
    fn struct_members(&mut self, name: &str) -> Vec<Field> {
        // The chain of bases, the struct first, cut where it loops (the rules report
        // that). A loop, not recursion: a hostile chain may be as long as the schema.
        let definitions = self.definitions;
        let mut chain: Vec<usize> = Vec::new();
        let mut current = name;
        while let Some(index) = self.index.position(current) {
            let Body::Struct { base, .. } = &definitions[index].definition.body else {
                break;
            };
            if chain.contains(&index) {
                break;
            }
            chain.push(index);
            match base {
                Some(base) => current = &base.name,
                None => break,
            }
        }
        let mut fields = Vec::new();
        for &index in chain.iter().rev() {
            let definition = &definitions[index].definition;
            let Body::Struct { members, .. } = &definition.body else {
                continue;
            };
            let doc = self.doc_of(index);
            fields.extend(self.fields(definition, members, doc.as_deref()));
        }
        fields
    }
}

/// Fields with their descriptions from a doc comment (kept when the doc has none).
fn describe(mut fields: Vec<Field>, doc: Option<&DefinitionDoc>) -> Vec<Field> {
    if let Some(doc) = doc {
        for field in &mut fields {
            if let Some(text) = described(&doc.members, &field.name) {
                field.description = text;
            }
        }
    }
    fields
}

/// Features with their descriptions from a doc comment.
fn with_docs(features: &[Feature], doc: Option<&DefinitionDoc>) -> Vec<Feature> {
    features
        .iter()
        .map(|feature| Feature {
            description: doc
                .and_then(|doc| described(&doc.features, &feature.name))
                .unwrap_or_default(),
            ..feature.clone()
        })
        .collect()
}

fn described(items: &[(String, Span, String)], name: &str) -> Option<String> {
    items
        .iter()
        .find(|(item, _, _)| item == name)
        .map(|(_, _, text)| text.clone())
}

/// The built-in enum `QType`.
fn qtype() -> NamedType {
    NamedType {
        name: "QType".to_owned(),
        kind: TypeKind::Enum {
            values: QTYPE_VALUES
                .iter()
                .map(|value| EnumValue {
                    value: (*value).to_owned(),
                    ..EnumValue::default()
                })
                .collect(),
        },
        description: "The type of a JSON value, as QEMU's QObject names it.".to_owned(),
        since: None,
        features: Vec::new(),
        condition: None,
        span: Span::default(),
    }
}

/// Gives each event example to its event: the one its JSON names, or else the event
/// whose doc comment holds it (the checker then says what is wrong with it).
fn attach_examples(
    sections: &mut [Section],
    examples: Vec<FoundExample>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let index: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .flat_map(|(position, section)| {
            section
                .names
                .iter()
                .map(move |name| (name.name.clone(), position))
        })
        .collect();
    for found in examples {
        let named = found
            .example
            .json
            .as_ref()
            .and_then(|json| json.get("event"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        let target = named
            .as_deref()
            .and_then(|name| index.get(name))
            .or_else(|| found.documented.as_deref().and_then(|name| index.get(name)));
        match (target, named) {
            (Some(&position), _) => sections[position].examples.push(found.example),
            (None, Some(name)) => diagnostics.push(Diagnostic::warning(
                found.example.span,
                format!("example of event '{name}', which the schema does not define"),
            )),
            (None, None) => {}
        }
    }
}
