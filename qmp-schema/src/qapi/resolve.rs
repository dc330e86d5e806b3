//! The third layer: every file's definitions to the model.
//!
//! Names are looked up in one table (types, commands and events share QEMU's
//! namespace); bases are checked and flattened (base members first); unions are checked
//! against their discriminator's enum; simple unions of old schemas are desugared as
//! QEMU did (an implicit `NameKind` enum and `q_obj_T-wrapper` structs with one member
//! `data`). The model keeps the events, the commands, and the types they reach.

use super::expr::{Body, Branch, Data, Definition, MemberDef, TypeName, TypeRef, UnionBase};
use super::{DefinitionDoc, Documented, FoundExample};
use crate::diagnostic::Diagnostic;
use crate::model::{
    Alternative, Command, Data as EventData, EnumValue, EventName, Feature, Field, IntegerType,
    NamedType, Schema, Section, Span, Type, TypeKind, UnionBranch,
};
use crate::source::SourceFile;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

/// The values of the built-in enum `QType`.
const QTYPE_VALUES: &[&str] = &[
    "none", "qnull", "qnum", "qstring", "qdict", "qlist", "qbool",
];

/// Builds the model from the definitions of every file, in schema order.
pub fn resolve(
    mut definitions: Vec<Documented>,
    examples: Vec<FoundExample>,
    sources: &[SourceFile],
    diagnostics: &mut Vec<Diagnostic>,
) -> Schema {
    desugar_simple_unions(&mut definitions);
    let mut resolver = Resolver {
        definitions: &definitions,
        table: HashMap::new(),
        diagnostics,
        types: BTreeMap::new(),
        flattening: HashSet::new(),
        reaching: false,
        legacy_any: false,
        sources,
        docs: vec![None; definitions.len()],
    };
    resolver.build_table();
    for documented in &definitions {
        resolver.check_definition(documented);
    }
    // Checks look at types too; only what events reach joins the model.
    resolver.reaching = true;
    let mut sections: Vec<Section> = definitions
        .iter()
        .enumerate()
        .filter(|(_, documented)| matches!(documented.definition.body, Body::Event { .. }))
        .map(|(index, _)| resolver.event(index))
        .collect();
    let commands: Vec<Command> = definitions
        .iter()
        .enumerate()
        .filter_map(|(index, _)| resolver.command(index))
        .collect();
    attach_examples(&mut sections, examples, resolver.diagnostics);
    let types = std::mem::take(&mut resolver.types);
    Schema {
        title: None,
        files: sources.iter().map(|source| source.path.clone()).collect(),
        sections,
        commands,
        types,
    }
}

/// What QEMU's schemas wrote for "anything" before `any` (2.5), in commands with
/// `'gen': 'no'`, whose types QEMU did not check.
const LEGACY_ANY: [&str; 3] = ["**", "dict", "visitor"];

/// A built-in type's model type, by QAPI name.
fn builtin(name: &str) -> Option<Type> {
    Some(match name {
        "str" => Type::String,
        "number" => Type::Double,
        "int" => Type::Int,
        "bool" => Type::Bool,
        "null" => Type::Null,
        "any" => Type::Value,
        "QType" => Type::Named("QType".to_owned()),
        other => Type::Integer(IntegerType::from_name(other)?),
    })
}

/// Rewrites simple unions (no discriminator: QEMU before 6.2) as the flat unions QEMU
/// made of them: discriminator `type` of an implicit enum `NameKind`, each branch a
/// wrapper struct whose one member `data` holds the branch's value.
fn desugar_simple_unions(definitions: &mut Vec<Documented>) {
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
    }));
}

struct Resolver<'d, 'g> {
    definitions: &'d [Documented],
    /// Every definition by name.
    table: HashMap<&'d str, usize>,
    diagnostics: &'g mut Vec<Diagnostic>,
    /// The named types reached from events so far.
    types: BTreeMap<String, NamedType>,
    /// The structs whose members are being flattened, to catch a base cycle.
    flattening: HashSet<String>,
    /// Whether named types met are added to the model (while events are read).
    reaching: bool,
    /// Whether [`LEGACY_ANY`] names are types (in a command QEMU does not generate).
    legacy_any: bool,
    /// The files read, for messages that name another file, and for doc comments.
    sources: &'g [SourceFile],
    /// The doc comments read whole so far, by definition (`Some(None)`: none to read).
    docs: Vec<Option<Option<Rc<DefinitionDoc>>>>,
}

impl<'d> Resolver<'d, '_> {
    fn error(&mut self, definition: &Definition, span: Span, message: impl Into<String>) {
        self.diagnostics.push(
            Diagnostic::error(span, message).in_definition(definition.meta(), &definition.name),
        );
    }

    fn warning(&mut self, definition: &Definition, span: Span, message: impl Into<String>) {
        self.diagnostics.push(
            Diagnostic::warning(span, message).in_definition(definition.meta(), &definition.name),
        );
    }

    fn build_table(&mut self) {
        for (index, documented) in self.definitions.iter().enumerate() {
            let definition = &documented.definition;
            if builtin(&definition.name).is_some() {
                let message = format!(
                    "'{}' is a built-in type and cannot be defined again",
                    definition.name
                );
                self.error(definition, definition.span, message);
                continue;
            }
            match self.table.get(definition.name.as_str()) {
                Some(&first) => {
                    let first = &self.definitions[first].definition;
                    let place = if first.span.file == definition.span.file {
                        format!("line {}", first.span.line)
                    } else {
                        let path = self
                            .sources
                            .get(first.span.file)
                            .map_or("", |s| s.path.as_str());
                        format!("{path}:{}", first.span.line)
                    };
                    let message = format!(
                        "'{}' is already defined, as {} at {place}",
                        definition.name,
                        first.meta(),
                    );
                    self.error(definition, definition.span, message);
                }
                None => {
                    self.table.insert(&definition.name, index);
                }
            }
        }
    }

    fn lookup(&self, name: &str) -> Option<&'d Definition> {
        self.table
            .get(name)
            .map(|&index| &self.definitions[index].definition)
    }

    /// Checks what a definition refers to.
    fn check_definition(&mut self, documented: &'d Documented) {
        let definition = &documented.definition;
        match &definition.body {
            Body::Enum { values } => {
                // Lists are short: a scan costs less than a set.
                for (index, value) in values.iter().enumerate() {
                    if values[..index]
                        .iter()
                        .any(|earlier| earlier.value == value.value)
                    {
                        let message = format!("value '{}' is listed twice", value.value);
                        self.error(definition, value.span, message);
                    }
                }
            }
            Body::Struct { base, members } => {
                if let Some(base) = base {
                    self.check_struct_name(definition, base, "its base");
                }
                self.check_members(definition, members);
            }
            Body::Union {
                base,
                discriminator,
                branches,
            } => {
                self.check_union(definition, base.as_ref(), discriminator.as_ref(), branches);
            }
            Body::Alternate { alternatives } => {
                for alternative in alternatives {
                    self.check_type_ref(definition, &alternative.ty);
                }
            }
            Body::Command {
                data,
                returns,
                flags,
            } => {
                // QEMU did not check the types of a command it did not generate until
                // 2.5, and its schemas used that: `'*props': '**'`, `'dict'`.
                self.legacy_any = !flags.generated;
                if let Some(data) = data {
                    self.check_data(definition, data, true);
                }
                if let Some(returns) = returns {
                    self.check_type_ref(definition, returns);
                }
                self.legacy_any = false;
            }
            Body::Event { data, boxed } => {
                if let Some(data) = data {
                    self.check_data(definition, data, *boxed);
                }
            }
        }
        self.check_doc(documented);
    }

    fn check_members(&mut self, definition: &Definition, members: &[MemberDef]) {
        for (index, member) in members.iter().enumerate() {
            let repeated = members[..index]
                .iter()
                .any(|earlier| earlier.name == member.name);
            if !member.name.is_empty() && repeated {
                let message = format!("member '{}' is listed twice", member.name);
                self.error(definition, member.span, message);
            }
            self.check_type_ref(definition, &member.ty);
        }
    }

    fn check_type_ref(&mut self, definition: &Definition, ty: &TypeRef) {
        match ty {
            TypeRef::Name(name) | TypeRef::Array(name) => {
                self.check_type_name(definition, name);
            }
            TypeRef::Object(members) => self.check_members(definition, members),
        }
    }

    /// Whether `name` names a type; an unknown name (or a command or event) is an error.
    fn check_type_name(&mut self, definition: &Definition, name: &TypeName) -> bool {
        if builtin(&name.name).is_some()
            || (self.legacy_any && LEGACY_ANY.contains(&name.name.as_str()))
        {
            return true;
        }
        match self.lookup(&name.name).map(Definition::meta) {
            Some("command" | "event") => {
                let meta = self.lookup(&name.name).map_or("", Definition::meta);
                let message = format!(
                    "'{}' is {} {meta}, not a type",
                    name.name,
                    if meta == "event" { "an" } else { "a" }
                );
                self.error(definition, name.span, message);
                false
            }
            Some(_) => true,
            None => {
                let message = format!("unknown type '{}'", name.name);
                self.error(definition, name.span, message);
                false
            }
        }
    }

    /// Checks that `name` names a struct.
    fn check_struct_name(&mut self, definition: &Definition, name: &TypeName, role: &str) {
        if !self.check_type_name(definition, name) {
            return;
        }
        let meta = self
            .lookup(&name.name)
            .map_or("built-in type", Definition::meta);
        if meta != "struct" {
            let message = format!(
                "{role} '{}' must be a struct, but it is {}",
                name.name,
                article(meta)
            );
            self.error(definition, name.span, message);
        }
    }

    /// A union branch's type must be an object type: a struct, or (since QEMU 8.2's
    /// `MigrationAddress`) another union, whose members the branch adds.
    fn check_branch_type(&mut self, definition: &Definition, branch: &Branch) {
        let name = match &branch.ty {
            TypeRef::Name(name) => name,
            TypeRef::Array(name) => {
                let message = format!(
                    "branch '{}' must be a struct or a union, not an array",
                    branch.name
                );
                self.error(definition, name.span, message);
                return;
            }
            TypeRef::Object(_) => return,
        };
        if !self.check_type_name(definition, name) {
            return;
        }
        let meta = self
            .lookup(&name.name)
            .map_or("built-in type", Definition::meta);
        if meta != "struct" && meta != "union" {
            let message = format!(
                "branch '{}' must be a struct or a union, but '{}' is {}",
                branch.name,
                name.name,
                article(meta)
            );
            self.error(definition, name.span, message);
        }
    }

    fn check_data(&mut self, definition: &Definition, data: &Data, boxed: bool) {
        match data {
            Data::Inline(members) => self.check_members(definition, members),
            Data::Named(name) => {
                if !self.check_type_name(definition, name) {
                    return;
                }
                let meta = self
                    .lookup(&name.name)
                    .map_or("built-in type", Definition::meta);
                let fits = meta == "struct" || (boxed && meta == "union");
                if !fits {
                    let wanted = if boxed {
                        "a struct or a union"
                    } else {
                        "a struct (a union needs 'boxed': true)"
                    };
                    let message = format!(
                        "'data' names '{}', which is {}; it must be {wanted}",
                        name.name,
                        article(meta)
                    );
                    self.error(definition, name.span, message);
                }
            }
        }
    }

    fn check_union(
        &mut self,
        definition: &Definition,
        base: Option<&UnionBase>,
        discriminator: Option<&(String, Span)>,
        branches: &[Branch],
    ) {
        match base {
            Some(UnionBase::Named(name)) => self.check_struct_name(definition, name, "its base"),
            Some(UnionBase::Inline(members)) => self.check_members(definition, members),
            None => {}
        }
        for branch in branches {
            self.check_branch_type(definition, branch);
        }
        let Some((discriminator, span)) = discriminator else {
            return;
        };
        let members = self.union_base_members(definition, base);
        let Some(member) = members.iter().find(|member| &member.name == discriminator) else {
            let message =
                format!("discriminator '{discriminator}' is not a member of the union's base");
            self.error(definition, *span, message);
            return;
        };
        if member.optional {
            let message = format!("discriminator '{discriminator}' must not be optional");
            self.error(definition, *span, message);
        }
        let enum_name = match &member.ty {
            Type::Named(name) if self.lookup(name).is_some_and(|d| d.meta() == "enum") => {
                name.clone()
            }
            _ => {
                let message = format!("discriminator '{discriminator}' must be of an enum type");
                self.error(definition, *span, message);
                return;
            }
        };
        let Some(Body::Enum { values }) = self.lookup(&enum_name).map(|d| &d.body) else {
            return;
        };
        let values: HashSet<&str> = values.iter().map(|value| value.value.as_str()).collect();
        for branch in branches {
            if !values.contains(branch.name.as_str()) {
                let message = format!(
                    "branch '{}' is not a value of the discriminator's enum '{enum_name}'",
                    branch.name
                );
                self.error(definition, branch.span, message);
            }
        }
    }

    /// A union's common members, with its base's members when it names a struct.
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
    fn check_doc(&mut self, documented: &Documented) {
        let Some(doc) = &documented.doc else {
            return;
        };
        let Some(source) = self.sources.get(doc.file) else {
            return;
        };
        let definition = &documented.definition;
        for range in &doc.members {
            let name = source.text.get(range.clone()).unwrap_or_default();
            if !self.describes(definition, name) {
                let span = &source.span(range.start, range.end);
                let what = match definition.body {
                    Body::Enum { .. } => "value",
                    Body::Alternate { .. } => "alternative",
                    _ => "member",
                };
                let message = format!(
                    "the documentation describes {what} '{name}', which '{}' does not have",
                    definition.name
                );
                self.warning(definition, *span, message);
            }
        }
    }

    /// The doc comment of the definition at `index`, read whole the first time it is
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
    fn describes(&mut self, definition: &Definition, name: &str) -> bool {
        let has_member = |members: &[MemberDef]| members.iter().any(|member| member.name == name);
        match &definition.body {
            Body::Enum { values } => values.iter().any(|value| value.value == name),
            Body::Struct { members, .. } => has_member(members),
            Body::Union { base, branches, .. } => {
                matches!(base, Some(UnionBase::Inline(members)) if has_member(members))
                    || branches.iter().any(|branch| branch.name == name)
            }
            Body::Alternate { alternatives } => alternatives
                .iter()
                .any(|alternative| alternative.name == name),
            Body::Command { data, .. } | Body::Event { data, .. } => match data {
                Some(Data::Inline(members)) => has_member(members),
                Some(Data::Named(type_name)) => self
                    .struct_members(&type_name.name)
                    .iter()
                    .any(|member| member.name == name),
                None => false,
            },
        }
    }

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
        self.legacy_any = !flags.generated;
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
        self.legacy_any = false;
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
        if !self.reaching || self.types.contains_key(name) {
            return;
        }
        if name == "QType" {
            self.types.insert(name.to_owned(), qtype());
            return;
        }
        let Some(&index) = self.table.get(name) else {
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
        let Some(&index) = self.table.get(name) else {
            return Vec::new();
        };
        let documented = &self.definitions[index];
        let definition = &documented.definition;
        let Body::Struct { base, members } = &definition.body else {
            return Vec::new();
        };
        if !self.flattening.insert(name.to_owned()) {
            let message = format!("'{name}' is its own base, through its chain of bases");
            self.error(definition, definition.span, message);
            return Vec::new();
        }
        let mut fields = match base {
            Some(base)
                if self
                    .lookup(&base.name)
                    .is_some_and(|d| d.meta() == "struct") =>
            {
                self.struct_members(&base.name)
            }
            _ => Vec::new(),
        };
        // Descriptions are for the model; checks only need the members.
        let doc = if self.reaching {
            self.doc_of(index)
        } else {
            None
        };
        fields.extend(self.fields(definition, members, doc.as_deref()));
        self.flattening.remove(name);
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

fn article(meta: &str) -> String {
    match meta {
        "enum" | "event" | "alternate" => format!("an {meta}"),
        _ => format!("a {meta}"),
    }
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
