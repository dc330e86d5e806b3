//! What the comparison found: [`Report`], its [`Finding`]s, and their text (grouped by
//! event, then by command, ending in a verdict, as `qmp-codegen diff` prints) and JSON.

use serde::ser::{SerializeMap, Serializer};
use std::collections::HashSet;
use std::fmt;

/// Where a finding's description starts, after its verdict.
const INDENT: &str = "              ";

/// The differences between a set of bindings and a QEMU, from the bindings' side.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The QEMU's version (`7.2.22`), when the answer came with `query-version`'s or the
    /// client read it from the greeting.
    pub qemu: Option<String>,
    /// The differences, grouped by event, then by command (each in wire-name order),
    /// each group in the order the comparison walked it.
    pub findings: Vec<Finding>,
    /// What could not be read of the answer: a report with problems cannot vouch for
    /// what it did not see, and counts as breaking.
    pub problems: Vec<String>,
}

impl Report {
    /// Whether code using the bindings fails against this QEMU somewhere: a difference
    /// that breaks, or an answer that could not be read whole.
    pub fn is_breaking(&self) -> bool {
        !self.problems.is_empty() || self.findings.iter().any(Finding::is_breaking)
    }

    /// How many differences break.
    pub fn breaking_count(&self) -> usize {
        self.findings.iter().filter(|f| f.is_breaking()).count()
    }

    /// How many differences are compatible.
    pub fn compatible_count(&self) -> usize {
        self.findings.len() - self.breaking_count()
    }

    /// The findings about one command or event (by wire name), in walk order.
    pub fn about<'r>(&'r self, name: &'r str) -> impl Iterator<Item = &'r Finding> + 'r {
        self.findings
            .iter()
            .filter(move |finding| finding.subject.name() == name)
    }

    /// The report as text, headed `comparing BINDINGS with QEMU`: one block per event,
    /// then one per command (`command NAME`), each finding on a line with its verdict;
    /// under a breaking one, why it breaks; under a compatible one, a note the first
    /// time its kind appears; the other commands and events that reach the same place
    /// (a type they share); the verdict line last.
    pub fn text(&self, bindings: &str, qemu: &str) -> String {
        let mut out = format!("comparing {bindings} with {qemu}\n");
        let mut notes_given = HashSet::new();
        let mut current: Option<&Subject> = None;
        for finding in &self.findings {
            if current != Some(&finding.subject) {
                out.push('\n');
                out.push_str(&finding.subject.heading());
                out.push('\n');
                current = Some(&finding.subject);
            }
            let verdict = if finding.is_breaking() {
                "breaking"
            } else {
                "compatible"
            };
            out.push_str(&format!("  {verdict:<12}{}\n", finding.headline()));
            let why = finding.why();
            if finding.is_breaking() {
                out.push_str(&format!("{INDENT}why: {why}\n"));
            } else if notes_given.insert(why) {
                out.push_str(&format!("{INDENT}note: {why}\n"));
            }
            if !finding.also.is_empty() {
                let also: Vec<String> = finding.also.iter().map(Subject::heading).collect();
                out.push_str(&format!("{INDENT}also reached from: {}\n", also.join(", ")));
            }
        }
        if !self.problems.is_empty() {
            out.push('\n');
            for problem in &self.problems {
                out.push_str(&format!("problem: {problem}\n"));
            }
        }
        out.push('\n');
        out.push_str(&self.verdict());
        out.push('\n');
        out
    }

    /// `verdict: 3 breaking differences, 12 compatible; ...`
    pub fn verdict(&self) -> String {
        if self.findings.is_empty() && self.problems.is_empty() {
            return "verdict: no differences; the bindings describe what this QEMU supports"
                .to_owned();
        }
        let breaking = self.breaking_count();
        let plural = if breaking == 1 { "" } else { "s" };
        let problems = match self.problems.len() {
            0 => String::new(),
            1 => ", 1 problem reading the answer".to_owned(),
            n => format!(", {n} problems reading the answer"),
        };
        let consequence = if self.is_breaking() {
            "code using the bindings fails against this QEMU where a difference breaks"
        } else {
            "code using the bindings works with this QEMU"
        };
        format!(
            "verdict: {breaking} breaking difference{plural}, {} compatible{problems}; {consequence}",
            self.compatible_count()
        )
    }
}

impl fmt::Display for Report {
    /// The report as [`Report::text`] writes it, for "the bindings" and "QEMU 7.2.22"
    /// (or "this QEMU" when the version is unknown).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let qemu = match &self.qemu {
            Some(version) => format!("QEMU {version}"),
            None => "this QEMU".to_owned(),
        };
        f.write_str(&self.text("the bindings", &qemu))
    }
}

/// A command or an event, by wire name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// An event (`BLOCK_IO_ERROR`); events come first in a report.
    Event(String),
    /// A command (`query-block`).
    Command(String),
}

impl Subject {
    /// The wire name.
    pub fn name(&self) -> &str {
        match self {
            Subject::Event(name) | Subject::Command(name) => name,
        }
    }

    /// `BLOCK_IO_ERROR`, or `command query-block`, as a group of the text is headed.
    fn heading(&self) -> String {
        match self {
            Subject::Event(name) => name.clone(),
            Subject::Command(name) => format!("command {name}"),
        }
    }
}

/// One difference between the bindings and the QEMU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What differs.
    pub kind: FindingKind,
    /// The command or event where the comparison found it.
    pub subject: Subject,
    /// Where, within the subject: `arguments.driver`, `return[].inserted.active`,
    /// `data.qom-path`, `arguments[driver=file].filename` (a union's branch); empty for
    /// the command or event itself.
    pub path: String,
    /// The other commands and events that reach the same place, through a type they
    /// share (each pair of types is compared once, where the walk first meets it).
    pub also: Vec<Subject>,
}

impl Finding {
    /// Whether it breaks code using the bindings (see [`FindingKind::is_breaking`]).
    pub fn is_breaking(&self) -> bool {
        self.kind.is_breaking()
    }

    /// `query-block: return[].inserted.active`, or the subject's name alone.
    pub fn wire_path(&self) -> String {
        if self.path.is_empty() {
            self.subject.name().to_owned()
        } else {
            format!("{}: {}", self.subject.name(), self.path)
        }
    }

    /// Where (within the subject) and what, in a line.
    pub fn headline(&self) -> String {
        let what = self.kind.describe();
        if self.path.is_empty() {
            what
        } else {
            format!("{}: {what}", self.path)
        }
    }

    /// Whether the finding is in what a call sends (a command's arguments).
    fn in_arguments(&self) -> bool {
        matches!(self.subject, Subject::Command(_)) && self.path.starts_with("arguments")
    }

    /// Why it breaks, or what it means when it does not.
    pub fn why(&self) -> &'static str {
        let event = matches!(self.subject, Subject::Event(_));
        match &self.kind {
            FindingKind::CommandNotInQemu => "calling it fails with CommandNotFound",
            FindingKind::EventNotInQemu => "this QEMU never sends it",
            FindingKind::CommandNotInBindings => {
                "the bindings have no struct for it; it runs by name, with JSON arguments"
            }
            FindingKind::EventNotInBindings => "it decodes as `Event::Unknown`",
            FindingKind::ArgumentNotInBindings { required: true } => {
                "every call built from the bindings leaves it out, and this QEMU refuses such a call"
            }
            FindingKind::ArgumentNotInBindings { required: false } => {
                "calls leave it out; a struct's `unknown_fields` can send it"
            }
            FindingKind::ArgumentNotInQemu { required: true } => {
                "every call built from the bindings sends it, and this QEMU refuses the call"
            }
            FindingKind::ArgumentNotInQemu { required: false }
            | FindingKind::ValueNotInQemu { .. }
            | FindingKind::BranchNotInQemu { .. }
            | FindingKind::AlternativeNotInQemu { .. } => "a call that uses it is refused",
            FindingKind::ArgumentOptionalInBindings => "a call that leaves it out is refused",
            FindingKind::MemberNotInQemu { required: true } if event => {
                "events without it (as this QEMU sends them) do not decode"
            }
            FindingKind::MemberNotInQemu { required: true } => {
                "replies without it (as this QEMU sends them) do not decode"
            }
            FindingKind::MemberNotInQemu { required: false } => "it is always `None`",
            FindingKind::MemberOptionalInQemu if event => {
                "events that leave it out (as this QEMU may) do not decode"
            }
            FindingKind::MemberOptionalInQemu => {
                "replies that leave it out (as this QEMU may) do not decode"
            }
            FindingKind::MemberNotInBindings => "it is kept in `unknown_fields`",
            FindingKind::ValueNotInBindings { .. } => "it decodes as `Other`",
            FindingKind::BranchNotInBindings { .. } => {
                "it decodes as `Other`, with its members kept"
            }
            FindingKind::AlternativeNotInBindings { .. } => "`Other` holds such a value",
            FindingKind::TypeMismatch { .. } if self.in_arguments() => {
                "values the bindings send are refused"
            }
            FindingKind::TypeMismatch { .. } => "values this QEMU sends do not decode",
        }
    }
}

impl fmt::Display for Finding {
    /// `query-block: return[].inserted.active: required member this QEMU does not send`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.wire_path(), self.kind.describe())
    }
}

/// What differs between the bindings and the QEMU.
///
/// "In the bindings" and "in this QEMU" say who has it; arguments are what a call
/// sends, members what a reply or an event holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingKind {
    /// The bindings have a command this QEMU lacks: calling it fails with
    /// CommandNotFound (compatible: code that does not call it is unaffected).
    CommandNotInQemu,
    /// The bindings have an event this QEMU never sends (compatible).
    EventNotInQemu,
    /// This QEMU has a command the bindings lack (compatible).
    CommandNotInBindings,
    /// This QEMU has an event the bindings lack: it decodes as `Event::Unknown`
    /// (compatible).
    EventNotInBindings,
    /// This QEMU takes an argument the bindings do not know; breaking when QEMU
    /// requires it, since no call built from the bindings has it.
    ArgumentNotInBindings {
        /// Whether this QEMU requires it.
        required: bool,
    },
    /// The bindings have an argument this QEMU does not take; breaking when the bindings
    /// require it, since every call sends it.
    ArgumentNotInQemu {
        /// Whether the bindings require it.
        required: bool,
    },
    /// This QEMU requires an argument the bindings let a call leave out (compatible: set
    /// it).
    ArgumentOptionalInBindings,
    /// The bindings have a member of a reply or an event that this QEMU does not send;
    /// breaking when the bindings require it.
    MemberNotInQemu {
        /// Whether the bindings require it.
        required: bool,
    },
    /// The bindings require a member of a reply or an event that this QEMU may leave
    /// out (breaking).
    MemberOptionalInQemu,
    /// This QEMU sends a member the bindings lack: kept as unknown (compatible).
    MemberNotInBindings,
    /// This QEMU has an enum value the bindings lack: it decodes as `Other`
    /// (compatible).
    ValueNotInBindings {
        /// The value.
        value: String,
    },
    /// The bindings can send an enum value this QEMU does not take (compatible: a call
    /// using it is refused). Reported in arguments only.
    ValueNotInQemu {
        /// The value.
        value: String,
    },
    /// This QEMU has a union branch the bindings lack: it decodes as `Other`
    /// (compatible).
    BranchNotInBindings {
        /// The discriminator's value.
        value: String,
    },
    /// The bindings can send a union branch this QEMU does not take (compatible: a call
    /// using it is refused). Reported in arguments only.
    BranchNotInQemu {
        /// The discriminator's value.
        value: String,
    },
    /// This QEMU's alternate takes a JSON type the bindings' alternate lacks; `Other`
    /// holds such a value (compatible).
    AlternativeNotInBindings {
        /// The JSON type (`string`, `int`, `object`, ...).
        json: String,
    },
    /// The bindings' alternate can send a JSON type this QEMU does not take
    /// (compatible: a call using it is refused).
    AlternativeNotInQemu {
        /// The JSON type.
        json: String,
    },
    /// The two have different JSON types there (breaking).
    TypeMismatch {
        /// The bindings' JSON type.
        bindings: String,
        /// This QEMU's.
        qemu: String,
    },
}

impl FindingKind {
    /// Whether it breaks: a call built from the bindings that this QEMU refuses, or a
    /// reply or event of this QEMU that the bindings cannot decode.
    pub fn is_breaking(&self) -> bool {
        matches!(
            self,
            FindingKind::ArgumentNotInBindings { required: true }
                | FindingKind::ArgumentNotInQemu { required: true }
                | FindingKind::MemberNotInQemu { required: true }
                | FindingKind::MemberOptionalInQemu
                | FindingKind::TypeMismatch { .. }
        )
    }

    /// The kind's name in JSON (`member-not-in-qemu`).
    pub fn name(&self) -> &'static str {
        match self {
            FindingKind::CommandNotInQemu => "command-not-in-qemu",
            FindingKind::EventNotInQemu => "event-not-in-qemu",
            FindingKind::CommandNotInBindings => "command-not-in-bindings",
            FindingKind::EventNotInBindings => "event-not-in-bindings",
            FindingKind::ArgumentNotInBindings { .. } => "argument-not-in-bindings",
            FindingKind::ArgumentNotInQemu { .. } => "argument-not-in-qemu",
            FindingKind::ArgumentOptionalInBindings => "argument-optional-in-bindings",
            FindingKind::MemberNotInQemu { .. } => "member-not-in-qemu",
            FindingKind::MemberOptionalInQemu => "member-optional-in-qemu",
            FindingKind::MemberNotInBindings => "member-not-in-bindings",
            FindingKind::ValueNotInBindings { .. } => "value-not-in-bindings",
            FindingKind::ValueNotInQemu { .. } => "value-not-in-qemu",
            FindingKind::BranchNotInBindings { .. } => "branch-not-in-bindings",
            FindingKind::BranchNotInQemu { .. } => "branch-not-in-qemu",
            FindingKind::AlternativeNotInBindings { .. } => "alternative-not-in-bindings",
            FindingKind::AlternativeNotInQemu { .. } => "alternative-not-in-qemu",
            FindingKind::TypeMismatch { .. } => "type-mismatch",
        }
    }

    /// What differs, in words.
    pub fn describe(&self) -> String {
        let required = |required: bool| if required { "required" } else { "optional" };
        match self {
            FindingKind::CommandNotInQemu => "command not in this QEMU".to_owned(),
            FindingKind::EventNotInQemu => "event not in this QEMU".to_owned(),
            FindingKind::CommandNotInBindings => "command the bindings lack".to_owned(),
            FindingKind::EventNotInBindings => "event the bindings lack".to_owned(),
            FindingKind::ArgumentNotInBindings { required: r } => {
                format!("{} argument the bindings lack", required(*r))
            }
            FindingKind::ArgumentNotInQemu { required: r } => {
                format!("{} argument this QEMU does not take", required(*r))
            }
            FindingKind::ArgumentOptionalInBindings => {
                "argument this QEMU requires, optional in the bindings".to_owned()
            }
            FindingKind::MemberNotInQemu { required: r } => {
                format!("{} member this QEMU does not send", required(*r))
            }
            FindingKind::MemberOptionalInQemu => {
                "required member this QEMU may leave out".to_owned()
            }
            FindingKind::MemberNotInBindings => "member the bindings lack".to_owned(),
            FindingKind::ValueNotInBindings { value } => {
                format!("value \"{value}\" the bindings lack")
            }
            FindingKind::ValueNotInQemu { value } => {
                format!("value \"{value}\" this QEMU does not take")
            }
            FindingKind::BranchNotInBindings { value } => {
                format!("branch \"{value}\" the bindings lack")
            }
            FindingKind::BranchNotInQemu { value } => {
                format!("branch \"{value}\" this QEMU does not take")
            }
            FindingKind::AlternativeNotInBindings { json } => {
                format!("alternative of JSON type {json} the bindings lack")
            }
            FindingKind::AlternativeNotInQemu { json } => {
                format!("alternative of JSON type {json} this QEMU does not take")
            }
            FindingKind::TypeMismatch { bindings, qemu } => {
                format!("JSON type {bindings} in the bindings, {qemu} in this QEMU")
            }
        }
    }
}

/// `{"qemu": "7.2.22", "verdict": "breaking", "breaking": 12, "compatible": 340,
/// "problems": [], "findings": [...]}`; each finding is `{"message", "kind", "event"` or
/// `"command", "path", "breaking", "also"}` and the kind's detail (`"required"`,
/// `"value"`, `"json"`, or `"bindings"` and `"qemu"`).
impl serde::Serialize for Report {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let verdict = if self.is_breaking() {
            "breaking"
        } else if self.findings.is_empty() {
            "same"
        } else {
            "compatible"
        };
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("qemu", &self.qemu)?;
        map.serialize_entry("verdict", verdict)?;
        map.serialize_entry("breaking", &self.breaking_count())?;
        map.serialize_entry("compatible", &self.compatible_count())?;
        map.serialize_entry("problems", &self.problems)?;
        map.serialize_entry("findings", &self.findings)?;
        map.end()
    }
}

impl serde::Serialize for Finding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("message", &self.to_string())?;
        map.serialize_entry("kind", self.kind.name())?;
        match &self.subject {
            Subject::Event(name) => map.serialize_entry("event", name)?,
            Subject::Command(name) => map.serialize_entry("command", name)?,
        }
        map.serialize_entry("path", &self.path)?;
        map.serialize_entry("breaking", &self.is_breaking())?;
        match &self.kind {
            FindingKind::ArgumentNotInBindings { required }
            | FindingKind::ArgumentNotInQemu { required }
            | FindingKind::MemberNotInQemu { required } => {
                map.serialize_entry("required", required)?;
            }
            FindingKind::ValueNotInBindings { value }
            | FindingKind::ValueNotInQemu { value }
            | FindingKind::BranchNotInBindings { value }
            | FindingKind::BranchNotInQemu { value } => map.serialize_entry("value", value)?,
            FindingKind::AlternativeNotInBindings { json }
            | FindingKind::AlternativeNotInQemu { json } => map.serialize_entry("json", json)?,
            FindingKind::TypeMismatch { bindings, qemu } => {
                map.serialize_entry("bindings", bindings)?;
                map.serialize_entry("qemu", qemu)?;
            }
            _ => {}
        }
        let also: Vec<&str> = self.also.iter().map(Subject::name).collect();
        map.serialize_entry("also", &also)?;
        map.end()
    }
}
