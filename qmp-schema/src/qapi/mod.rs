//! The QAPI schema front end: `qapi/*.json` with `##` doc comments, as QEMU has defined
//! its events since 2.1, to the [`Schema`] model.
//!
//! The layers, each a file: `syntax` (nom: a file to expressions and doc comments),
//! `doc` (a doc comment to its parts) and `examples` (the events in its examples),
//! `expr` (an expression to a definition, its shape checked) and `pragma` (the pragma
//! directive), `rules` (QEMU's rules for the whole schema: names, types, clashes,
//! unions, alternates, commands, features, doc comments), `desugar` (simple unions as
//! QEMU rewrote them) and `resolve` (every file's definitions to the model, through the
//! name table of `index`). This file reads the files, following includes, and gives
//! each definition the doc comment before it.

mod desugar;
mod doc;
mod examples;
mod expr;
mod index;
mod pragma;
mod resolve;
mod rules;
mod syntax;

use crate::diagnostic::Diagnostic;
use crate::loader::{FileLoader, include_path, normalize};
use crate::model::{Example, Note, Schema, Span, Transcript};
use crate::source::SourceFile;
use expr::{Definition, Expression};
use pragma::Pragmas;
use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use syntax::{Item, Problem};

/// How many files a schema may be made of (QEMU 10.0's has 43): past this, an include
/// chain is more likely runaway or hostile than real.
pub const MAX_FILES: usize = 1_000;

/// How deeply includes may nest (QEMU 10.0's go three files deep): reading follows them
/// recursively, and the limit keeps a chain of includes from exhausting the stack.
pub const MAX_INCLUDE_DEPTH: usize = 32;

/// Reads the schema whose root file is `root`, following includes through `loader`.
///
/// Returns the model, every file read (the root first), and every problem found.
pub fn read(root: &Path, loader: &dyn FileLoader) -> (Schema, Vec<SourceFile>, Vec<Diagnostic>) {
    let mut reader = SchemaReader {
        loader,
        sources: Vec::new(),
        seen: HashSet::new(),
        diagnostics: Vec::new(),
        definitions: Vec::new(),
        examples: Vec::new(),
        pragmas: Pragmas::default(),
        era: rules::Era::default(),
        reading: Vec::new(),
    };
    let root = normalize(root);
    reader.seen.insert(root.clone());
    reader.reading.push(root.clone());
    reader.read_file(&root, None);
    // Every file has been read: the reader holds the only references left.
    let sources: Vec<SourceFile> = reader
        .sources
        .into_iter()
        .map(|source| Rc::try_unwrap(source).unwrap_or_else(|shared| (*shared).clone()))
        .collect();
    let mut definitions = reader.definitions;
    let mut diagnostics = reader.diagnostics;
    rules::check(
        &definitions,
        &reader.pragmas,
        reader.era,
        &sources,
        &mut diagnostics,
    );
    desugar::simple_unions(&mut definitions);
    let schema = resolve::resolve(&definitions, reader.examples, &sources, &mut diagnostics);
    (schema, sources, diagnostics)
}

/// A definition with the doc comment that precedes it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Documented {
    /// The definition.
    pub definition: Definition,
    /// Its documentation, when a doc comment naming it precedes it.
    pub doc: Option<DocRef>,
    /// Whether a doc comment (its own, another's, or free-form) precedes it.
    pub follows_doc: bool,
}

/// Where a definition's doc comment is, and the names it describes: what every
/// definition needs. The comment is read whole only when an event reaches the
/// definition (see `resolve`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DocRef {
    /// The file.
    pub file: usize,
    /// The comment's byte range in the file.
    pub text: Range<usize>,
    /// The byte ranges of the `@member:` names it describes.
    pub members: Vec<Range<usize>>,
    /// The byte ranges of the `@feature:` names it describes.
    pub features: Vec<Range<usize>>,
    /// The byte range of its first `Returns:` line, if any.
    pub returns: Option<Range<usize>>,
    /// The byte range of its first `Errors:` line, if any.
    pub errors: Option<Range<usize>>,
}

impl DocRef {
    /// The doc comment, read whole.
    pub fn read(&self, sources: &[SourceFile]) -> Option<DefinitionDoc> {
        let source = sources.get(self.file)?;
        let comment = syntax::reread_doc_comment(source.text.get(self.text.clone())?);
        let doc = doc::read(&comment);
        Some(definition_doc(&doc, source))
    }

    /// A command's examples: the `->` / `<-` transcripts of its doc comment. What is
    /// wrong with them goes to `diagnostics`.
    pub fn transcripts(
        &self,
        command: &str,
        sources: &[SourceFile],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<Transcript> {
        let Some(source) = sources.get(self.file) else {
            return Vec::new();
        };
        let Some(text) = source.text.get(self.text.clone()) else {
            return Vec::new();
        };
        let comment = syntax::reread_doc_comment(text);
        let doc = doc::read(&comment);
        let mut cx = Reading::new(source, diagnostics);
        cx.context = Some(("command", command.to_owned()));
        examples::transcripts(&doc, &comment, &mut cx)
    }
}

/// The byte range of a slice of a file's text.
fn range_of(source: &SourceFile, slice: &str) -> Range<usize> {
    let start = source.offset_of(slice);
    start..start + slice.len()
}

/// A doc comment, with spans.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct DefinitionDoc {
    /// The description.
    pub description: String,
    /// `@member:` descriptions: name, where the name stands, text.
    pub members: Vec<(String, Span, String)>,
    /// `@feature:` descriptions.
    pub features: Vec<(String, Span, String)>,
    /// `Since:`
    pub since: Option<String>,
    /// `Returns:`
    pub returns: String,
    /// `Errors:`
    pub errors: String,
    /// Notes.
    pub notes: Vec<Note>,
}

/// An event example found in a doc comment, with the definition the comment documents.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FoundExample {
    /// The example.
    pub example: Example,
    /// The definition whose doc comment holds it, if any.
    pub documented: Option<String>,
}

struct SchemaReader<'l> {
    loader: &'l dyn FileLoader,
    sources: Vec<Rc<SourceFile>>,
    seen: HashSet<PathBuf>,
    diagnostics: Vec<Diagnostic>,
    definitions: Vec<Documented>,
    examples: Vec<FoundExample>,
    /// The pragmas of every file read so far.
    pragmas: Pragmas,
    /// What the files read so far tell of the release they are from.
    era: rules::Era,
    /// The file being read and the files that include it, the root first: including
    /// one of them again is a loop. Each is a level of recursion of `read_file`.
    reading: Vec<PathBuf>,
}

impl SchemaReader<'_> {
    /// Reads a file and, depth first, the files it includes (so that definitions keep
    /// the order QEMU gives them).
    fn read_file(&mut self, path: &Path, included_from: Option<Span>) {
        let id = self.sources.len();
        let shown = path.display().to_string();
        let bytes = match self.loader.load(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                let message = match included_from {
                    Some(_) => format!("cannot read included file {shown}: {error}"),
                    None => format!("cannot read the schema: {error}"),
                };
                let span = included_from.unwrap_or_default();
                self.diagnostics.push(Diagnostic::error(span, message));
                if included_from.is_none() {
                    let stand_in = SourceFile::new(shown, "").with_origin(id, None);
                    self.sources.push(Rc::new(stand_in));
                }
                return;
            }
        };
        let source = match SourceFile::from_vec(shown, bytes) {
            Ok(source) => source.with_origin(id, included_from),
            Err(report) => {
                let report = *report;
                let source = report
                    .sources
                    .into_iter()
                    .next()
                    .map(|s| s.with_origin(id, included_from));
                let source = source.unwrap_or_else(|| {
                    SourceFile::new(path.display().to_string(), "").with_origin(id, included_from)
                });
                self.diagnostics
                    .extend(report.diagnostics.into_iter().map(|mut d| {
                        d.span.file = id;
                        d
                    }));
                self.sources.push(Rc::new(source));
                return;
            }
        };
        // Shared, not copied: the file is read while the files it includes join the list.
        let source = Rc::new(source);
        self.sources.push(Rc::clone(&source));
        let (items, problems) = syntax::parse_file(&source.text);
        let mut cx = Reading::new(&source, &mut self.diagnostics);
        for problem in problems {
            cx.problem(problem);
        }
        let mut pending: Option<PendingDoc> = None;
        for item in &items {
            let mut cx = Reading::new(&source, &mut self.diagnostics);
            match item {
                Item::Doc(comment) => {
                    self.era.doc_sections_before_9_1 |=
                        rules::doc_comments::check(comment, &mut cx);
                    if let Some(earlier) = pending.take() {
                        earlier.not_followed(&mut cx, "by its definition");
                    }
                    if examples::has_event_example(comment) {
                        let doc = doc::read(comment);
                        let documented = doc.symbol.map(str::to_owned);
                        for example in examples::event_examples(&doc, comment, &mut cx) {
                            self.examples.push(FoundExample {
                                example,
                                documented: documented.clone(),
                            });
                        }
                    }
                    pending = Some(PendingDoc::new(&source, id, comment));
                }
                Item::Expression(value) => {
                    let expression = expr::read_expression(&mut cx, value, &mut self.pragmas);
                    let doc = pending.take();
                    match expression {
                        Some(Expression::Include {
                            path: include,
                            span,
                        }) => {
                            if let Some(doc) = doc {
                                doc.not_followed(&mut cx, "by its definition but by an include");
                            }
                            self.include(path, &include, span);
                        }
                        Some(Expression::Pragma) => {
                            if let Some(doc) = doc {
                                doc.not_followed(&mut cx, "by its definition but by a pragma");
                            }
                        }
                        None => {}
                        Some(Expression::Definition(definition)) => {
                            let follows_doc = doc.is_some();
                            let doc = doc.and_then(|doc| doc.for_definition(&mut cx, &definition));
                            self.definitions.push(Documented {
                                definition: *definition,
                                doc,
                                follows_doc,
                            });
                        }
                    }
                }
            }
        }
        if let Some(doc) = pending {
            let mut cx = Reading::new(&source, &mut self.diagnostics);
            doc.not_followed(&mut cx, "by its definition");
        }
    }

    fn include(&mut self, from: &Path, include: &str, span: Span) {
        let path = include_path(from, include);
        if self.reading.contains(&path) {
            // QEMU refuses a loop, though reading would end (the file has been read).
            let chain: Vec<String> = self
                .reading
                .iter()
                .skip_while(|reading| **reading != path)
                .map(|reading| reading.display().to_string())
                .collect();
            let message = format!(
                "including {include} makes a loop of includes: {} -> {}",
                chain.join(" -> "),
                path.display()
            );
            self.diagnostics.push(Diagnostic::error(span, message));
            return;
        }
        // "Multiple includes of the same file are idempotent".
        if !self.seen.insert(path.clone()) {
            return;
        }
        if self.sources.len() >= MAX_FILES {
            let message =
                format!("the schema includes more than {MAX_FILES} files; {include} is not read");
            self.diagnostics.push(Diagnostic::error(span, message));
            return;
        }
        // Each level of includes is a level of recursion here.
        if self.reading.len() > MAX_INCLUDE_DEPTH {
            let message = format!(
                "includes nest more than {MAX_INCLUDE_DEPTH} files deep; {include} is not read"
            );
            self.diagnostics.push(Diagnostic::error(span, message));
            return;
        }
        self.reading.push(path.clone());
        self.read_file(&path, Some(span));
        self.reading.pop();
    }
}

/// A doc comment read, waiting for what follows it.
struct PendingDoc {
    /// The comment, when it names a definition (its first line is `@NAME:`).
    doc: Option<(DocRef, String, Span)>,
    /// Where the comment opens.
    opening: Span,
}

impl PendingDoc {
    fn new(source: &SourceFile, file: usize, comment: &syntax::DocComment<'_>) -> PendingDoc {
        let outline = doc::outline(comment);
        let ranges = |items: &[doc::Described<'_>]| {
            items
                .iter()
                .map(|item| range_of(source, item.name))
                .collect()
        };
        let doc = outline.symbol.map(|symbol| {
            let doc = DocRef {
                file,
                text: range_of(source, comment.text),
                members: ranges(&outline.members),
                features: ranges(&outline.features),
                returns: outline.returns_at.map(|line| range_of(source, line)),
                errors: outline.errors_at.map(|line| range_of(source, line)),
            };
            (doc, symbol.to_owned(), source.span_of(symbol))
        });
        PendingDoc {
            doc,
            opening: source.span_of(comment.start),
        }
    }

    /// A definition's comment followed by something else (`what`) is a warning; a
    /// free-form comment may be followed by anything but a definition.
    fn not_followed(self, cx: &mut Reading<'_>, what: &str) {
        if let Some((_, name, span)) = self.doc {
            let message = format!("the documentation of '{name}' is not followed {what}");
            cx.warning_span(span, message);
        }
    }

    /// The comment of `definition`, if it is its own; a comment for another definition,
    /// or a free-form one, right before a definition is a warning, as QEMU refuses them.
    fn for_definition(self, cx: &mut Reading<'_>, definition: &Definition) -> Option<DocRef> {
        match self.doc {
            Some((doc, name, _)) if name == definition.name => Some(doc),
            Some((_, name, _)) => {
                let message = format!(
                    "the doc comment before {} '{}' is for '{name}'",
                    definition.meta(),
                    definition.name
                );
                cx.warning_span(definition.span, message);
                None
            }
            None => {
                let message = format!(
                    "this free-form doc comment stands right before {} '{}', whose doc \
                     comment would start with '@{}:'",
                    definition.meta(),
                    definition.name,
                    definition.name
                );
                cx.warning_span(self.opening, message);
                None
            }
        }
    }
}

/// The doc comment's parts, with spans.
fn definition_doc(doc: &doc::Doc<'_>, source: &SourceFile) -> DefinitionDoc {
    let described = |items: &[doc::Described<'_>]| {
        items
            .iter()
            .map(|item| {
                (
                    item.name.to_owned(),
                    source.span_of(item.name),
                    item.text.clone(),
                )
            })
            .collect()
    };
    DefinitionDoc {
        description: doc.description.clone(),
        members: described(&doc.members),
        features: described(&doc.features),
        since: doc.since.clone(),
        returns: doc.returns.clone(),
        errors: doc.errors.clone(),
        notes: doc
            .notes
            .iter()
            .map(|(text, at)| Note {
                text: text.clone(),
                span: source.span_of(at),
            })
            .collect(),
    }
}

/// Reading one file: its source and where problems go.
pub(crate) struct Reading<'r> {
    pub source: &'r SourceFile,
    pub diagnostics: &'r mut Vec<Diagnostic>,
    /// The definition being read, for messages: its kind (`struct`) and name.
    pub context: Option<(&'static str, String)>,
}

impl<'r> Reading<'r> {
    fn new(source: &'r SourceFile, diagnostics: &'r mut Vec<Diagnostic>) -> Reading<'r> {
        Reading {
            source,
            diagnostics,
            context: None,
        }
    }

    /// The span of a slice of this file's text.
    pub fn span(&self, slice: &str) -> Span {
        self.source.span_of(slice)
    }

    /// An error at a slice of the text.
    pub fn error(&mut self, at: &str, message: impl Into<String>) {
        let span = self.span(at);
        self.push(Diagnostic::error(span, message));
    }

    /// A warning at a slice of the text.
    pub fn warning(&mut self, at: &str, message: impl Into<String>) {
        let span = self.span(at);
        self.push(Diagnostic::warning(span, message));
    }

    /// A warning at a span of this file.
    pub fn warning_span(&mut self, span: Span, message: impl Into<String>) {
        self.push(Diagnostic::warning(span, message));
    }

    fn problem(&mut self, problem: Problem<'_>) {
        let span = self.span(problem.at);
        self.push(if problem.is_error {
            Diagnostic::error(span, problem.message)
        } else {
            Diagnostic::warning(span, problem.message)
        });
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        let diagnostic = match &self.context {
            Some((kind, name)) => diagnostic.in_definition(kind, name),
            None => diagnostic,
        };
        self.diagnostics.push(diagnostic);
    }
}
