//! The bindings of QEMU 10.0.2's schema (`qmp_api::compat`) against what real QEMUs
//! answered to `query-qmp-schema` (`events-spec/introspection/`): nothing breaks against
//! 10.0.2; against 7.2.22, what breaks is what `qmp-codegen diff` 7.2.22 -> 10.0.2 says
//! breaks in replies and events, seen from this side. The comparison from the schema
//! (`qmp_schema::compat`, what `qmp-codegen compat` prints) gives the same report as the
//! generated tables.

use qmp_runtime::compat::{Finding, FindingKind, Report, Subject};
use qmp_schema::diff::{self, ChangeKind, Compatibility};
use qmp_schema::{Schema, Selection, TypeKind};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const QEMU_10_0: &str = "qapi/qemu-10.0.2/qapi-schema.json";
const QEMU_7_2: &str = "qapi/qemu-7.2.22/qapi-schema.json";

fn saved(version: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../events-spec/introspection/qemu-{version}.json"));
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn schema(spec: &str) -> Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../events-spec")
        .join(spec);
    let document = qmp_schema::Document::read(path);
    assert!(!document.report.has_errors(), "{}", document.report);
    document.schema
}

/// How many findings of each kind (by its JSON name), and how many break.
fn counts(report: &Report) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for finding in &report.findings {
        *counts.entry(finding.kind.name()).or_default() += 1;
    }
    counts
}

fn find<'r>(report: &'r Report, wire_path: &str) -> &'r Finding {
    report
        .findings
        .iter()
        .find(|finding| finding.wire_path() == wire_path)
        .unwrap_or_else(|| panic!("no finding at {wire_path}:\n{report}"))
}

fn names_of(report: &Report, kind: &FindingKind) -> BTreeSet<String> {
    report
        .findings
        .iter()
        .filter(|finding| finding.kind == *kind)
        .map(|finding| finding.subject.name().to_owned())
        .collect()
}

#[test]
fn the_bindings_of_10_0_2_have_nothing_breaking_against_the_saved_10_0_2_answer() {
    let report = qmp_api::compat(&saved("10.0.2"));
    assert_eq!(report.qemu.as_deref(), Some("10.0.2"));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(!report.is_breaking(), "{report}");
    assert_eq!(report.breaking_count(), 0);
    // Measured: what the x86 binary lacks of what the schema has under a condition.
    assert_eq!(report.compatible_count(), 37, "{report}");
    let expected = BTreeMap::from([
        // s390x's and ARM's commands and event, and Windows' get-win32-socket.
        ("command-not-in-qemu", 7),
        ("event-not-in-qemu", 1),
        // Block drivers, chardev and netdev backends of other builds (io_uring, vmnet,
        // af-xdp, console, ...), through every command that reaches them.
        ("branch-not-in-qemu", 20),
        // The block drivers as values of BlockdevDriver, and multifd compressions.
        ("value-not-in-qemu", 8),
        // query-cpu-model-expansion's s390x-only deprecated-props.
        ("member-not-in-qemu", 1),
    ]);
    assert_eq!(counts(&report), expected, "{report}");
    let missing = names_of(&report, &FindingKind::CommandNotInQemu);
    assert!(missing.contains("query-gic-capabilities"), "{missing:?}");
    assert!(missing.contains("dump-skeys"), "{missing:?}");
    assert_eq!(
        find(&report, "CPU_POLARIZATION_CHANGE").kind,
        FindingKind::EventNotInQemu
    );
    let deprecated = find(
        &report,
        "query-cpu-model-expansion: return.deprecated-props",
    );
    assert_eq!(
        deprecated.kind,
        FindingKind::MemberNotInQemu { required: false }
    );
    // A branch the bindings can send and this build refuses, once, where the walk first
    // meets BlockdevOptions, with the other commands that reach it.
    let io_uring = report
        .findings
        .iter()
        .find(|f| {
            f.wire_path() == "blockdev-add: arguments.driver"
                && f.kind
                    == FindingKind::BranchNotInQemu {
                        value: "io_uring".to_owned(),
                    }
        })
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(
        io_uring.also,
        [
            Subject::Command("blockdev-create".to_owned()),
            Subject::Command("blockdev-reopen".to_owned())
        ]
    );
    // device_add is 'gen': false: QEMU takes any property, its arguments are not compared.
    assert_eq!(report.about("device_add").count(), 0);
}

/// The breaking findings of 10.0.2's bindings against QEMU 7.2.22, measured: each a
/// member the bindings require that 7.2 does not send.
const BREAKING_AGAINST_7_2: &[&str] = &[
    "BLOCK_IO_ERROR: data.qom-path",
    "query-block: return[].inserted.active",
    "query-block: return[].inserted.image.format-specific[type=qcow2].data.encrypt[format=luks].detached-header",
    "query-block-jobs: return[][type=mirror].actively-synced",
    "query-blockstats: return[].stats.zone_append_bytes",
    "query-blockstats: return[].stats.zone_append_operations",
    "query-blockstats: return[].stats.zone_append_total_time_ns",
    "query-blockstats: return[].stats.zone_append_merged",
    "query-blockstats: return[].stats.failed_zone_append_operations",
    "query-blockstats: return[].stats.invalid_zone_append_operations",
    "query-blockstats: return[].stats.timed_stats[].min_zone_append_latency_ns",
    "query-blockstats: return[].stats.timed_stats[].max_zone_append_latency_ns",
    "query-blockstats: return[].stats.timed_stats[].avg_zone_append_latency_ns",
    "query-blockstats: return[].stats.timed_stats[].avg_zone_append_queue_depth",
    "query-dirty-rate: return.calc-time-unit",
    "query-machines: return[].acpi",
    "query-sev: return.sev-type",
];

#[test]
fn the_bindings_of_10_0_2_break_against_7_2_22_where_its_replies_and_events_lack_members() {
    let report = qmp_api::compat(&saved("7.2.22"));
    assert_eq!(report.qemu.as_deref(), Some("7.2.22"));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(report.is_breaking());
    let breaking: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.is_breaking())
        .map(Finding::wire_path)
        .collect();
    assert_eq!(breaking, BREAKING_AGAINST_7_2, "{report}");
    for finding in report.findings.iter().filter(|f| f.is_breaking()) {
        assert_eq!(
            finding.kind,
            FindingKind::MemberNotInQemu { required: true },
            "{finding}"
        );
    }
    // Measured.
    assert_eq!(
        (report.breaking_count(), report.compatible_count()),
        (17, 199)
    );
    // BlockDeviceInfo is shared: reported once, naming the other command.
    let active = find(&report, "query-block: return[].inserted.active");
    assert_eq!(
        active.also,
        [Subject::Command("query-named-block-nodes".to_owned())]
    );
    // Compatible, from this side: 7.2 requires migrate's uri, which 10.0 made optional
    // (diff calls that breaking: code setting it as a String stops compiling).
    assert_eq!(
        find(&report, "migrate: arguments.uri").kind,
        FindingKind::ArgumentOptionalInBindings
    );
    // 7.2 sends what 10.0 dropped: kept as unknown.
    assert_eq!(
        find(&report, "query-status: return.singlestep").kind,
        FindingKind::MemberNotInBindings
    );
    assert_eq!(
        find(&report, "MEM_UNPLUG_ERROR").kind,
        FindingKind::EventNotInBindings
    );
}

/// Whether a member of one of the schema's named types is under a build condition
/// (the bindings then make it optional: a QEMU built without it does not send it).
fn conditional(schema: &Schema, type_name: &str, member: &str) -> bool {
    let members = match schema.named(type_name).map(|named| &named.kind) {
        Some(TypeKind::Struct { members, .. } | TypeKind::Union { members, .. }) => members,
        _ => return false,
    };
    members
        .iter()
        .any(|field| field.name == member && field.condition.is_some())
}

/// Whether a finding is about one of these commands and events (where the walk met it,
/// or one of the others that reach it).
fn reached_from(finding: &Finding, users: &BTreeSet<&str>) -> bool {
    users.contains(finding.subject.name()) || finding.also.iter().any(|s| users.contains(s.name()))
}

#[test]
fn against_7_2_22_compat_breaks_where_diff_says_decoding_breaks_and_nowhere_else() {
    let (old, new) = (schema(QEMU_7_2), schema(QEMU_10_0));
    let changes = diff::diff(&old, &new);
    let report = qmp_api::compat(&saved("7.2.22"));
    let breaking: Vec<&Finding> = report.findings.iter().filter(|f| f.is_breaking()).collect();
    let mut explained: BTreeSet<String> = BTreeSet::new();
    let expect = |finding: Option<&&Finding>, what: String| match finding {
        Some(finding) => finding.wire_path(),
        None => panic!("diff says {what} breaks, compat finds nothing breaking:\n{report}"),
    };
    // A required member added to an event's data: events of 7.2 lack it.
    for group in &changes.events {
        for change in &group.changes {
            if let ChangeKind::FieldAdded {
                optional: false, ..
            } = change.kind
            {
                for name in &group.names {
                    let wire = format!("{name}: {}", change.path);
                    explained.insert(expect(
                        breaking.iter().find(|f| f.wire_path() == wire),
                        wire,
                    ));
                }
            }
        }
    }
    // A required member added to a type that replies or events hold, or a struct made a
    // union (whose discriminator or branches add required members).
    for group in &changes.types {
        let users: BTreeSet<&str> = group
            .returned_by
            .iter()
            .chain(&group.events)
            .map(String::as_str)
            .collect();
        if users.is_empty() {
            continue;
        }
        for change in &group.changes {
            match &change.kind {
                ChangeKind::FieldAdded {
                    optional: false, ..
                } => {
                    let suffix = format!(".{}", change.path);
                    let found = report.findings.iter().find(|f| {
                        f.path.ends_with(&suffix)
                            && reached_from(f, &users)
                            && matches!(f.kind, FindingKind::MemberNotInQemu { .. })
                    });
                    let what = format!("{}.{}", group.name, change.path);
                    if conditional(&new, &group.name, &change.path) {
                        // diff compares the schemas, where the member is required under a
                        // condition; the bindings make it optional, as one build of QEMU
                        // (this one: x86) does not send it: compatible here.
                        let found = found.unwrap_or_else(|| panic!("{what}:\n{report}"));
                        assert!(!found.is_breaking(), "{found}");
                    } else {
                        explained.insert(expect(found.filter(|f| f.is_breaking()).as_ref(), what));
                    }
                }
                ChangeKind::TypeKindChanged { old, new } if old == "struct" && new == "union" => {
                    let found = breaking.iter().find(|f| reached_from(f, &users));
                    explained.insert(expect(found, format!("{} made a union", group.name)));
                    for finding in breaking.iter().filter(|f| reached_from(f, &users)) {
                        explained.insert(finding.wire_path());
                    }
                }
                _ => {}
            }
        }
    }
    // The other way round: nothing breaks that diff does not explain.
    let unexplained: Vec<String> = breaking
        .iter()
        .map(|f| f.wire_path())
        .filter(|wire| !explained.contains(wire))
        .collect();
    assert!(unexplained.is_empty(), "{unexplained:?}");

    // Commands and events added since 7.2 are not in 7.2 (compatible: a call fails with
    // CommandNotFound, the event never comes). Those not in this QEMU for other reasons
    // are under a build condition this x86 build lacks.
    let missing = names_of(&report, &FindingKind::CommandNotInQemu);
    let mut added = BTreeSet::new();
    let mut removed = BTreeSet::new();
    for group in &changes.commands {
        for change in &group.changes {
            match change.kind {
                ChangeKind::CommandAdded { .. } => added.insert(group.name.clone()),
                ChangeKind::CommandRemoved { .. } => removed.insert(group.name.clone()),
                _ => false,
            };
        }
    }
    assert!(added.is_subset(&missing), "{added:?} {missing:?}");
    for name in missing.difference(&added) {
        let command = new.command(name).expect("a command of the schema");
        assert!(
            command.condition.is_some(),
            "{name} is missing unconditioned"
        );
    }
    let events_missing = names_of(&report, &FindingKind::EventNotInQemu);
    let events_kept = names_of(&report, &FindingKind::EventNotInBindings);
    for group in &changes.events {
        for change in &group.changes {
            match change.kind {
                ChangeKind::EventAdded { .. } => {
                    assert!(group.names.iter().all(|n| events_missing.contains(n)));
                }
                ChangeKind::EventRemoved { .. } => {
                    assert!(group.names.iter().all(|n| events_kept.contains(n)));
                }
                _ => {}
            }
        }
    }
    // Removed commands this 7.2 build has are commands the bindings lack.
    let theirs = names_of(&report, &FindingKind::CommandNotInBindings);
    let answer = saved("7.2.22");
    let built: BTreeSet<&str> = answer["query-qmp-schema"]
        .as_array()
        .expect("the list")
        .iter()
        .filter(|entry| entry["meta-type"] == "command")
        .filter_map(|entry| entry["name"].as_str())
        .collect();
    for name in &removed {
        assert_eq!(
            theirs.contains(name),
            built.contains(name.as_str()),
            "{name}"
        );
    }
    // diff's breaking changes that do not break on the wire: arguments made optional or
    // removed, enum values and branches removed, int made uint64 (all `int` to QEMU).
    let diff_breaking = changes
        .changes()
        .filter(|c| c.compatibility == Compatibility::Breaking)
        .count();
    assert_eq!(
        diff_breaking, 81,
        "diff's count, which docs/compat.md quotes"
    );
}

#[test]
fn the_schema_and_the_generated_tables_give_the_same_report() {
    let schema = schema(QEMU_10_0);
    for version in ["10.0.2", "7.2.22"] {
        let answer = saved(version);
        let from_schema = qmp_schema::compat::compare(&schema, &Selection::Whole, &answer);
        assert_eq!(from_schema, qmp_api::compat(&answer), "against {version}");
        // And the same JSON, which `qmp-codegen compat --format json` prints.
        assert_eq!(
            serde_json::to_value(&from_schema).ok(),
            serde_json::to_value(qmp_api::compat(&answer)).ok()
        );
    }
}

#[test]
fn the_event_document_s_bindings_compare_their_events_only() {
    let schema = schema("qmp-events.txt");
    let report = qmp_schema::compat::compare(&schema, &Selection::Whole, &saved("10.0.2"));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // Every command of QEMU is one these bindings lack.
    assert_eq!(
        names_of(&report, &FindingKind::CommandNotInBindings).len(),
        233
    );
    assert!(names_of(&report, &FindingKind::CommandNotInQemu).is_empty());
    #[cfg(feature = "qemu-2012")]
    assert_eq!(report, qmp_api::qemu_2012::compat(&saved("10.0.2")));
}
