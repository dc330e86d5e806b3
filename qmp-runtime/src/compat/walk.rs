//! The comparison: every command and event of the bindings against the answer, by wire
//! name, following types on both sides.
//!
//! Which way values go decides what breaks: a command's arguments go to QEMU, which must
//! take every value the bindings can send; its return and event data come from QEMU,
//! and the bindings must decode every value QEMU can send. Each (bindings type, QEMU
//! type, direction) is compared once, where the walk first meets it; the commands and
//! events that reach it later are listed in each finding's `also`.

use super::introspection::{Introspection, Json, NO_TYPE, QemuMember, QemuObject, QemuType};
use super::report::{Finding, FindingKind, Report, Subject};
use super::{Api, DataShape, Field, Shape};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Which way values go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Flow {
    /// A command's arguments: the bindings send, QEMU takes.
    ToQemu,
    /// A return or an event's data: QEMU sends, the bindings decode.
    FromQemu,
}

pub(crate) fn compare<A: Api>(api: &A, answer: &Value) -> Report {
    let qemu = Introspection::read(answer);
    let mut walk = Walk {
        api,
        qemu: &qemu,
        subject: Subject::Event(String::new()),
        findings: Vec::new(),
        pairs: HashMap::new(),
        edges: Vec::new(),
        current: None,
        roots: Vec::new(),
        undefined: BTreeSet::new(),
    };
    walk.events();
    walk.commands();
    let also = walk.reached_by();
    let mut findings: Vec<Finding> = walk
        .findings
        .into_iter()
        .map(|(mut finding, owner)| {
            if let Some(subjects) = owner.and_then(|pair| also.get(&pair)) {
                finding.also = subjects
                    .iter()
                    .filter(|subject| **subject != finding.subject)
                    .cloned()
                    .collect();
            }
            finding
        })
        .collect();
    // Events, then commands, each by wire name; a group keeps its walk order.
    findings.sort_by(|a, b| a.subject.cmp(&b.subject));
    let mut problems = qemu.problems.clone();
    problems.extend(
        walk.undefined
            .iter()
            .map(|name| format!("type \"{name}\" is used but not defined")),
    );
    Report {
        qemu: qemu.version.clone(),
        findings,
        problems,
    }
}

struct Walk<'a, 'v, A: Api> {
    api: &'a A,
    qemu: &'a Introspection<'v>,
    /// The command or event being walked.
    subject: Subject,
    /// Each finding, with the pair whose comparison found it.
    findings: Vec<(Finding, Option<usize>)>,
    /// The pairs compared so far, by (bindings type, QEMU type, direction).
    pairs: HashMap<(A::Key, &'v str, Flow), usize>,
    /// The pairs each pair's comparison compared, or met already compared.
    edges: Vec<Vec<usize>>,
    /// The pair being compared.
    current: Option<usize>,
    /// The pairs each command and event compared, or met already compared.
    roots: Vec<(Subject, Vec<usize>)>,
    /// Type names the answer uses without defining them.
    undefined: BTreeSet<&'v str>,
}

/// `path.name`
fn join(path: &str, name: &str) -> String {
    format!("{path}.{name}")
}

/// The JSON type of a bindings type's values.
fn json_of<T>(shape: &Shape<'_, T>) -> Json {
    match shape {
        Shape::Bool => Json::Boolean,
        Shape::Int => Json::Int,
        Shape::Float => Json::Number,
        Shape::Number => Json::Exact,
        Shape::String | Shape::Enum(_) | Shape::Branches(_) => Json::String,
        Shape::Null => Json::Null,
        Shape::Any | Shape::Alternate(_) => Json::Value,
        Shape::Map | Shape::Struct(_) => Json::Object,
        Shape::Array(_) => Json::Array,
    }
}

impl<'a, 'v, A: Api> Walk<'a, 'v, A> {
    fn start(&mut self, subject: Subject) {
        self.roots.push((subject.clone(), Vec::new()));
        self.subject = subject;
        self.current = None;
    }

    fn found(&mut self, kind: FindingKind, path: &str) {
        let finding = Finding {
            kind,
            subject: self.subject.clone(),
            path: path.to_owned(),
            also: Vec::new(),
        };
        self.findings.push((finding, self.current));
    }

    fn events(&mut self) {
        let api = self.api;
        let qemu = self.qemu;
        let mut events = api.events();
        events.sort_by(|a, b| a.name.cmp(b.name));
        for event in &events {
            self.start(Subject::Event(event.name.to_owned()));
            let Some(&data) = qemu.events.get(event.name) else {
                self.found(FindingKind::EventNotInQemu, "");
                continue;
            };
            match event.data {
                DataShape::Typed(ty) => self.compare(ty, data, Flow::FromQemu, "data"),
                DataShape::None => self.unknown_members(data, Flow::FromQemu, "data"),
                DataShape::Open => {}
            }
        }
        let known: HashSet<&str> = events.iter().map(|event| event.name).collect();
        let mut others: Vec<&str> = qemu
            .events
            .keys()
            .copied()
            .filter(|name| !known.contains(name))
            .collect();
        others.sort_unstable();
        for name in others {
            self.start(Subject::Event(name.to_owned()));
            self.found(FindingKind::EventNotInBindings, "");
        }
    }

    fn commands(&mut self) {
        let api = self.api;
        let qemu = self.qemu;
        let mut commands = api.commands();
        commands.sort_by(|a, b| a.name.cmp(b.name));
        for command in &commands {
            self.start(Subject::Command(command.name.to_owned()));
            let Some(theirs) = qemu.commands.get(command.name) else {
                self.found(FindingKind::CommandNotInQemu, "");
                continue;
            };
            if let Some(arguments) = command.arguments {
                self.compare(arguments, theirs.arguments, Flow::ToQemu, "arguments");
            }
            self.compare(command.returns, theirs.returns, Flow::FromQemu, "return");
        }
        let known: HashSet<&str> = commands.iter().map(|command| command.name).collect();
        let mut others: Vec<&str> = qemu
            .commands
            .keys()
            .copied()
            .filter(|name| !known.contains(name))
            .collect();
        others.sort_unstable();
        for name in others {
            self.start(Subject::Command(name.to_owned()));
            self.found(FindingKind::CommandNotInBindings, "");
        }
    }

    /// Compares a bindings type with a QEMU type, once per pair and direction for the
    /// types that hold others (enums too, whose values are many), every time for the
    /// others: a leaf's description is a constant, which need not have one address.
    fn compare(&mut self, ours: A::Type, theirs: &'v str, flow: Flow, path: &str) {
        let api = self.api;
        let shape = api.shape(ours);
        if !matches!(
            shape,
            Shape::Struct(_) | Shape::Enum(_) | Shape::Branches(_) | Shape::Alternate(_)
        ) {
            self.compare_types(ours, shape, theirs, flow, path);
            return;
        }
        let key = (self.api.key(ours), theirs, flow);
        let (pair, new) = match self.pairs.get(&key) {
            Some(&pair) => (pair, false),
            None => {
                let pair = self.edges.len();
                self.edges.push(Vec::new());
                self.pairs.insert(key, pair);
                (pair, true)
            }
        };
        match self.current {
            Some(parent) => self.edges[parent].push(pair),
            None => {
                if let Some((_, roots)) = self.roots.last_mut() {
                    roots.push(pair);
                }
            }
        }
        if !new {
            return;
        }
        let parent = self.current.replace(pair);
        self.compare_types(ours, shape, theirs, flow, path);
        self.current = parent;
    }

    fn compare_types(
        &mut self,
        ours: A::Type,
        shape: Shape<'a, A::Type>,
        theirs: &'v str,
        flow: Flow,
        path: &str,
    ) {
        let qemu = self.qemu;
        let Some(their_type) = qemu.get(theirs) else {
            self.undefined.insert(theirs);
            return;
        };
        if matches!(shape, Shape::Any) || matches!(their_type, QemuType::Builtin(Json::Value)) {
            return;
        }
        if matches!(shape, Shape::Alternate(_)) || matches!(their_type, QemuType::Alternate(_)) {
            self.alternatives(ours, shape, their_type, theirs, flow, path);
            return;
        }
        let (our_json, their_json) = (json_of(&shape), their_type.json());
        let fits = match flow {
            Flow::ToQemu => their_json.takes(our_json),
            Flow::FromQemu => our_json.takes(their_json),
        };
        if !fits {
            self.found(
                FindingKind::TypeMismatch {
                    bindings: our_json.name().to_owned(),
                    qemu: their_json.name().to_owned(),
                },
                path,
            );
            return;
        }
        match (shape, their_type) {
            (Shape::Enum(values), QemuType::Enum(their_values)) => {
                self.values(&values, their_values, flow, path);
            }
            (Shape::Struct(fields), QemuType::Object(object)) => {
                self.object(&fields, object, flow, path);
            }
            (Shape::Array(element), QemuType::Array(their_element)) => {
                self.compare(element, their_element, flow, &format!("{path}[]"));
            }
            // A string and an enum, a number and an integer, a map and an object: the
            // JSON types agree, and there is nothing inside to compare.
            _ => {}
        }
    }

    /// An alternate on either side: each value the sender can send must be taken by an
    /// alternative of the receiver, matched by JSON type.
    fn alternatives(
        &mut self,
        ours: A::Type,
        shape: Shape<'a, A::Type>,
        their_type: &'a QemuType<'v>,
        theirs: &'v str,
        flow: Flow,
        path: &str,
    ) {
        let api = self.api;
        let qemu = self.qemu;
        let our_alternate = matches!(shape, Shape::Alternate(_));
        let our_json = json_of(&shape);
        let ours: Vec<(A::Type, Json)> = match shape {
            Shape::Alternate(types) => types
                .into_iter()
                .map(|ty| (ty, json_of(&api.shape(ty))))
                .collect(),
            _ => vec![(ours, our_json)],
        };
        let names: Vec<&'v str> = match their_type {
            QemuType::Alternate(names) => names.clone(),
            _ => vec![theirs],
        };
        let mut their_list: Vec<(&'v str, Json)> = Vec::new();
        for name in names {
            match qemu.get(name) {
                Some(ty) => their_list.push((name, ty.json())),
                None => {
                    self.undefined.insert(name);
                }
            }
        }
        // The receiver's alternative for a sent JSON type: the same type first.
        fn pick<T: Copy>(receivers: &[(T, Json)], sent: Json) -> Option<T> {
            receivers
                .iter()
                .find(|(_, json)| *json == sent)
                .or_else(|| receivers.iter().find(|(_, json)| json.takes(sent)))
                .map(|(receiver, _)| *receiver)
        }
        match flow {
            Flow::FromQemu => {
                for &(name, json) in &their_list {
                    match pick(&ours, json) {
                        Some(ty) => self.compare(ty, name, flow, path),
                        None if our_alternate => self.found(
                            FindingKind::AlternativeNotInBindings {
                                json: json.name().to_owned(),
                            },
                            path,
                        ),
                        None => self.found(
                            FindingKind::TypeMismatch {
                                bindings: our_json.name().to_owned(),
                                qemu: json.name().to_owned(),
                            },
                            path,
                        ),
                    }
                }
            }
            Flow::ToQemu => {
                let mut used = HashSet::new();
                for &(ty, json) in &ours {
                    match pick(&their_list, json) {
                        Some(name) => {
                            used.insert(name);
                            self.compare(ty, name, flow, path);
                        }
                        None if our_alternate => self.found(
                            FindingKind::AlternativeNotInQemu {
                                json: json.name().to_owned(),
                            },
                            path,
                        ),
                        None => {
                            let theirs: Vec<&str> =
                                their_list.iter().map(|(_, json)| json.name()).collect();
                            self.found(
                                FindingKind::TypeMismatch {
                                    bindings: json.name().to_owned(),
                                    qemu: theirs.join(" or "),
                                },
                                path,
                            );
                        }
                    }
                }
                for &(name, json) in &their_list {
                    if !used.contains(name) {
                        self.found(
                            FindingKind::AlternativeNotInBindings {
                                json: json.name().to_owned(),
                            },
                            path,
                        );
                    }
                }
            }
        }
    }

    /// An enum's values: those this QEMU has and the bindings lack decode as `Other`;
    /// those the bindings can send and this QEMU lacks matter in arguments only.
    fn values(&mut self, ours: &[&str], theirs: &[&'v str], flow: Flow, path: &str) {
        if flow == Flow::ToQemu {
            for value in ours.iter().filter(|value| !theirs.contains(value)) {
                let value = (*value).to_owned();
                self.found(FindingKind::ValueNotInQemu { value }, path);
            }
        }
        for value in theirs.iter().filter(|value| !ours.contains(value)) {
            let value = (*value).to_owned();
            self.found(FindingKind::ValueNotInBindings { value }, path);
        }
    }

    /// A struct against an object: members by name, and a union's branches.
    fn object(
        &mut self,
        fields: &[Field<'a, A::Type>],
        object: &'a QemuObject<'v>,
        flow: Flow,
        path: &str,
    ) {
        let api = self.api;
        let union = fields.iter().find_map(|field| match api.shape(field.ty) {
            Shape::Branches(variants) => Some((*field, variants)),
            _ => None,
        });
        let Some((discriminator_field, variants)) = union else {
            // A struct (or a union QEMU has and the bindings do not): every member an
            // object of QEMU's may have.
            let members = self.flattened(object);
            self.members(fields, &members, flow, path, &HashSet::new());
            return;
        };
        let discriminator = discriminator_field.name;
        let common: Vec<Field<'a, A::Type>> = fields
            .iter()
            .filter(|field| field.name != discriminator)
            .copied()
            .collect();
        if object.tag == Some(discriminator) {
            let members: Vec<QemuMember<'v>> = object
                .members
                .iter()
                .filter(|member| member.name != discriminator)
                .copied()
                .collect();
            self.members(&common, &members, flow, path, &HashSet::new());
            self.branches(discriminator, variants, &object.variants, flow, path);
            return;
        }
        // A union of the bindings that this QEMU has as a struct (or as a union on
        // another member): the branches' members are looked for among its members.
        let members = self.flattened(object);
        let mut in_branches = HashSet::new();
        for (_, payload) in &variants {
            if let Some(Shape::Struct(branch)) = payload.map(|ty| api.shape(ty)) {
                in_branches.extend(branch.iter().map(|field| field.name));
            }
        }
        let discriminator_member = members.iter().find(|m| m.name == discriminator).copied();
        let others: Vec<QemuMember<'v>> = members
            .iter()
            .filter(|member| member.name != discriminator)
            .copied()
            .collect();
        self.members(&common, &others, flow, path, &in_branches);
        let Some(discriminator_member) = discriminator_member else {
            self.only_ours(&discriminator_field, flow, &join(path, discriminator));
            return;
        };
        let values: Option<Vec<&'v str>> = match self.qemu.get(discriminator_member.ty) {
            Some(QemuType::Enum(values)) => Some(values.clone()),
            _ => None,
        };
        let taken: HashSet<&str> = common.iter().map(|field| field.name).collect();
        let at = join(path, discriminator);
        let has = |value: &str| values.as_ref().is_none_or(|values| values.contains(&value));
        if flow == Flow::ToQemu {
            for (value, _) in variants.iter().filter(|(value, _)| !has(value)) {
                let value = (*value).to_owned();
                self.found(FindingKind::BranchNotInQemu { value }, &at);
            }
        }
        for value in values.iter().flatten() {
            if !variants.iter().any(|(ours, _)| ours == value) {
                let value = (*value).to_owned();
                self.found(FindingKind::BranchNotInBindings { value }, &at);
            }
        }
        for (value, payload) in variants.iter().filter(|(value, _)| has(value)) {
            let Some(Shape::Struct(branch)) = payload.map(|ty| api.shape(ty)) else {
                continue;
            };
            let case = format!("{path}[{discriminator}={value}]");
            for field in &branch {
                if matches!(api.shape(field.ty), Shape::Branches(_)) {
                    continue;
                }
                match others
                    .iter()
                    .find(|m| m.name == field.name && !taken.contains(m.name))
                {
                    Some(member) => self.matched(field, member, flow, &case),
                    None => self.only_ours(field, flow, &join(&case, field.name)),
                }
            }
        }
    }

    /// A union's branches against QEMU's variants, over the same discriminator.
    fn branches(
        &mut self,
        discriminator: &str,
        variants: Vec<(&'a str, Option<A::Type>)>,
        theirs: &[(&'v str, &'v str)],
        flow: Flow,
        path: &str,
    ) {
        let at = join(path, discriminator);
        // The discriminator's values first, then what each branch holds.
        let mut common = Vec::new();
        for (value, payload) in &variants {
            match theirs.iter().find(|(case, _)| case == value) {
                Some(&(_, their_branch)) => common.push((*value, *payload, their_branch)),
                None if flow == Flow::ToQemu => {
                    let value = (*value).to_owned();
                    self.found(FindingKind::BranchNotInQemu { value }, &at);
                }
                None => {}
            }
        }
        for (case, _) in theirs {
            if !variants.iter().any(|(value, _)| value == case) {
                let value = (*case).to_owned();
                self.found(FindingKind::BranchNotInBindings { value }, &at);
            }
        }
        for (value, payload, their_branch) in common {
            let case = format!("{path}[{discriminator}={value}]");
            match payload {
                Some(ty) => self.compare(ty, their_branch, flow, &case),
                None => self.unknown_members(their_branch, flow, &case),
            }
        }
    }

    /// Members by name: each of the bindings' with QEMU's of the same name, or alone;
    /// then QEMU's that the bindings lack (but those named in `elsewhere`, which the
    /// bindings have in a union's branch).
    fn members(
        &mut self,
        fields: &[Field<'a, A::Type>],
        members: &[QemuMember<'v>],
        flow: Flow,
        path: &str,
        elsewhere: &HashSet<&str>,
    ) {
        for field in fields {
            match members.iter().find(|member| member.name == field.name) {
                Some(member) => self.matched(field, member, flow, path),
                None => self.only_ours(field, flow, &join(path, field.name)),
            }
        }
        for member in members {
            let known = fields.iter().any(|field| field.name == member.name);
            if !known && !elsewhere.contains(member.name) {
                self.only_theirs(member, flow, &join(path, member.name));
            }
        }
    }

    /// A member both have: whether it may be absent, and its type.
    fn matched(
        &mut self,
        field: &Field<'a, A::Type>,
        member: &QemuMember<'v>,
        flow: Flow,
        path: &str,
    ) {
        let at = join(path, field.name);
        match flow {
            Flow::ToQemu if field.optional && !member.optional => {
                self.found(FindingKind::ArgumentOptionalInBindings, &at);
            }
            Flow::FromQemu if !field.optional && member.optional => {
                self.found(FindingKind::MemberOptionalInQemu, &at);
            }
            _ => {}
        }
        self.compare(field.ty, member.ty, flow, &at);
    }

    fn only_ours(&mut self, field: &Field<'a, A::Type>, flow: Flow, at: &str) {
        let required = !field.optional;
        let kind = match flow {
            Flow::ToQemu => FindingKind::ArgumentNotInQemu { required },
            Flow::FromQemu => FindingKind::MemberNotInQemu { required },
        };
        self.found(kind, at);
    }

    fn only_theirs(&mut self, member: &QemuMember<'v>, flow: Flow, at: &str) {
        let kind = match flow {
            Flow::ToQemu => FindingKind::ArgumentNotInBindings {
                required: !member.optional,
            },
            Flow::FromQemu => FindingKind::MemberNotInBindings,
        };
        self.found(kind, at);
    }

    /// The members of a QEMU object where the bindings describe none (an event without
    /// data, a union's value without a branch): each one the bindings lack.
    fn unknown_members(&mut self, theirs: &'v str, flow: Flow, path: &str) {
        let qemu = self.qemu;
        match qemu.get(theirs) {
            Some(QemuType::Object(object)) => {
                for member in self.flattened(object) {
                    self.only_theirs(&member, flow, &join(path, member.name));
                }
            }
            Some(_) => {}
            None => {
                self.undefined.insert(theirs);
            }
        }
    }

    /// Every member an object of QEMU's may have: its own, and for a union those of its
    /// variants, optional unless every variant requires them.
    fn flattened(&self, object: &QemuObject<'v>) -> Vec<QemuMember<'v>> {
        let qemu = self.qemu;
        let mut members = object.members.clone();
        let mut required_in: HashMap<&str, usize> = HashMap::new();
        let mut cases = 0;
        for &(_, variant) in &object.variants {
            if variant == NO_TYPE {
                continue;
            }
            cases += 1;
            let Some(QemuType::Object(branch)) = qemu.get(variant) else {
                continue;
            };
            for member in &branch.members {
                if !member.optional {
                    *required_in.entry(member.name).or_default() += 1;
                }
                if !members.iter().any(|m| m.name == member.name) {
                    members.push(*member);
                }
            }
        }
        let own = object.members.len();
        for member in &mut members[own..] {
            member.optional = required_in.get(member.name) != Some(&cases);
        }
        members
    }

    /// For each pair with findings, the commands and events whose walk reaches it.
    fn reached_by(&self) -> HashMap<usize, Vec<Subject>> {
        let owners: HashSet<usize> = self.findings.iter().filter_map(|(_, o)| *o).collect();
        let mut reached: HashMap<usize, BTreeSet<Subject>> = HashMap::new();
        for (subject, roots) in &self.roots {
            let mut seen = HashSet::new();
            let mut stack: Vec<usize> = roots.clone();
            while let Some(pair) = stack.pop() {
                if !seen.insert(pair) {
                    continue;
                }
                if owners.contains(&pair) {
                    reached.entry(pair).or_default().insert(subject.clone());
                }
                stack.extend(&self.edges[pair]);
            }
        }
        reached
            .into_iter()
            .map(|(pair, subjects)| (pair, subjects.into_iter().collect()))
            .collect()
    }
}
