//! The build.rs way in: [`Builder`].

use crate::merge::{self, Release};
use crate::{Document, Report, Schema, Selection, Severity, codegen, output};
use std::fmt;
use std::path::{Path, PathBuf};

/// How many of a schema's warnings a build script shows.
const SHOWN_WARNINGS: usize = 5;

/// Generates bindings from a build script, prost-build style.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
///     qmp_schema::Builder::new("events-spec/qmp-events.txt")
///         .generate_to(out_dir.join("qmp.rs"))?;
///     Ok(())
/// }
/// ```
///
/// and in the crate: `include!(concat!(env!("OUT_DIR"), "/qmp.rs"));`
///
/// Bindings of several QEMU releases in one (see [`merge`]): name each schema, oldest or
/// newest first as you like.
///
/// ```no_run
/// qmp_schema::Builder::new("qapi-7.2/qapi-schema.json")
///     .schema("qapi-10.0/qapi-schema.json")
///     .generate_to(std::path::PathBuf::from(std::env::var("OUT_DIR")?).join("qmp.rs"))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    /// The schemas, each with the release name given by [`Builder::release`].
    specs: Vec<(PathBuf, Option<String>)>,
    cargo_output: bool,
    deny_warnings: bool,
    selection: Selection,
}

impl Builder {
    /// A builder for the document at `spec` (relative paths are relative to the current
    /// directory, which for a build script is the package's directory).
    pub fn new(spec: impl AsRef<Path>) -> Builder {
        Builder {
            specs: vec![(spec.as_ref().to_path_buf(), None)],
            cargo_output: true,
            deny_warnings: false,
            selection: Selection::Whole,
        }
    }

    /// Adds the schema of another QEMU release: the bindings then hold every release's
    /// events, commands and types in one (see [`merge`] for how they are merged).
    pub fn schema(mut self, spec: impl AsRef<Path>) -> Builder {
        self.specs.push((spec.as_ref().to_path_buf(), None));
        self
    }

    /// Names the release of the schema given last (by [`Builder::new`] or
    /// [`Builder::schema`]), as the merged bindings' docs name it. Without it the name
    /// comes from a `VERSION` file beside the schema's folder, or from a version in the
    /// folder's name (`qemu-10.0.2`): see [`merge::release_of`].
    pub fn release(mut self, name: impl Into<String>) -> Builder {
        if let Some(last) = self.specs.last_mut() {
            last.1 = Some(name.into());
        }
        self
    }

    /// Whether to print `cargo:rerun-if-changed=` and `cargo:warning=` lines (on by
    /// default; turn off outside build scripts).
    pub fn cargo_output(mut self, enabled: bool) -> Builder {
        self.cargo_output = enabled;
        self
    }

    /// Whether the document's warnings fail the build (off by default): for the CI of a
    /// schema's author, whose schema should keep to QEMU's rules of naming and doc
    /// comments, which are warnings (see `docs/qmp-codegen.md`). Leave it off for QEMU's
    /// own schemas, whose examples and older forms carry warnings their users cannot fix.
    pub fn deny_warnings(mut self, enabled: bool) -> Builder {
        self.deny_warnings = enabled;
        self
    }

    /// Generates the events only, and the types they reach: no commands (a smaller,
    /// faster build for code that only watches events).
    pub fn events_only(mut self) -> Builder {
        self.selection = Selection::EventsOnly;
        self
    }

    /// Generates the events and the commands named (by wire name, such as `query-status`),
    /// with the types they reach. A name the schema lacks fails the build.
    pub fn commands<I, S>(mut self, names: I) -> Builder
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.selection = Selection::commands(names);
        self
    }

    /// Reads and checks the document (a QAPI schema's root, or the event document), or
    /// each release's, and returns the formatted bindings.
    pub fn generate(&self) -> Result<String, BuildError> {
        let mut releases = Vec::new();
        for (spec, release) in &self.specs {
            let document = self.read(spec)?;
            let name = release.clone().unwrap_or_else(|| merge::release_of(spec));
            releases.push(Release::new(name, document.schema));
        }
        let schema = if releases.len() == 1 {
            releases.remove(0).schema
        } else {
            self.merged(releases)
        };
        let unknown = self.selection.unknown_commands(&schema);
        if !unknown.is_empty() {
            return Err(BuildError::UnknownCommands(
                self.specs[0].0.clone(),
                unknown.into_iter().map(str::to_owned).collect(),
            ));
        }
        let names: Vec<String> = self
            .specs
            .iter()
            .map(|(spec, _)| {
                spec.file_name().map_or_else(
                    || spec.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            })
            .collect();
        Ok(codegen::generate_file_selected(
            &schema,
            &names.join(" + "),
            &self.selection,
        ))
    }

    /// Reads and checks one schema, printing what cargo should know of it.
    fn read(&self, spec: &Path) -> Result<Document, BuildError> {
        let document = Document::read(spec);
        let report = &document.report;
        if self.cargo_output {
            // Every file read, a QAPI schema's includes among them: editing any of them
            // regenerates the bindings.
            for file in document.files() {
                println!("cargo:rerun-if-changed={file}");
            }
            // QEMU's own schemas carry dozens of warnings about their examples, which a
            // user of the schema cannot fix: a few show, the rest are counted.
            let warnings: Vec<_> = report.warnings().collect();
            for warning in warnings.iter().take(SHOWN_WARNINGS) {
                println!("cargo:warning={}", report.headline(warning));
            }
            if warnings.len() > SHOWN_WARNINGS {
                println!(
                    "cargo:warning={} more warnings about {}: `qmp-codegen check` lists them all",
                    warnings.len() - SHOWN_WARNINGS,
                    spec.display()
                );
            }
        }
        let denied = self.deny_warnings && report.warnings().next().is_some();
        if report.has_errors() || denied {
            return Err(BuildError::Document(Box::new(document.report)));
        }
        Ok(document)
    }

    /// The releases' schemas merged, with what merging gave up as cargo warnings.
    fn merged(&self, releases: Vec<Release>) -> Schema {
        let merged = merge::merge(releases);
        if self.cargo_output {
            for warning in merged.warnings.iter().take(SHOWN_WARNINGS) {
                println!("cargo:warning={warning}");
            }
            if merged.warnings.len() > SHOWN_WARNINGS {
                println!(
                    "cargo:warning={} more differences between releases no type can hold: \
                     `qmp-codegen generate` lists them all",
                    merged.warnings.len() - SHOWN_WARNINGS
                );
            }
        }
        merged.schema
    }

    /// Generates the bindings into `out`, writing only if they changed (see
    /// [`output::write_file`]: missing directories are created, a new file gets the usual
    /// mode and a rewritten one keeps its own).
    pub fn generate_to(&self, out: impl AsRef<Path>) -> Result<(), BuildError> {
        let code = self.generate()?;
        let out = out.as_ref();
        output::write_if_changed(out, &code)
            .map(|_| ())
            .map_err(|error| BuildError::Write(out.to_path_buf(), error))
    }
}

/// Why a build could not generate bindings.
///
/// Its `Debug` form is its `Display` form, so that `fn main() -> Result<(), Box<dyn
/// Error>>` in a build script prints the diagnostics rather than a struct dump.
pub enum BuildError {
    /// The document has errors (or warnings, with `deny_warnings`).
    Document(Box<Report>),
    /// [`Builder::commands`] named commands the schema does not define.
    UnknownCommands(PathBuf, Vec<String>),
    /// The output could not be written.
    Write(PathBuf, std::io::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Document(report) => {
                let errors = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                if errors == 0 {
                    let warnings = report.warnings().count();
                    writeln!(
                        f,
                        "{}: the schema has {warnings} warning(s), which deny_warnings(true) \
                         refuses; no bindings were generated",
                        report.root()
                    )?;
                } else {
                    writeln!(
                        f,
                        "{}: the schema has {errors} error(s); no bindings were generated",
                        report.root()
                    )?;
                }
                f.write_str(&report.render(false))
            }
            BuildError::UnknownCommands(spec, names) => write!(
                f,
                "{}: no command {}; no bindings were generated",
                spec.display(),
                names
                    .iter()
                    .map(|name| format!("'{name}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            BuildError::Write(path, error) => write!(f, "cannot write {}: {error}", path.display()),
        }
    }
}

impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Document(report) => Some(report.as_ref()),
            BuildError::UnknownCommands(..) => None,
            BuildError::Write(_, error) => Some(error),
        }
    }
}
