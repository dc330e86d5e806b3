//! The bindings against the QEMU on the socket: `Client::compat` with `qmp-api`'s
//! bindings of 10.0.2's schema.

use std::path::Path;

use crate::machine;

#[test]
fn the_bindings_of_10_0_2_have_nothing_breaking_against_the_live_qemu() {
    let Some((_qemu, mut qmp)) = machine("compat") else {
        return;
    };
    let report = qmp
        .compat(&qmp_api::BINDINGS)
        .unwrap_or_else(|err| panic!("compat: {err}"));
    eprintln!("{report}");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(!report.is_breaking(), "{report}");
    // What any 10.0 build has that the schema puts under a condition the x86 binary
    // lacks: s390x's and ARM's commands are reported as not in this QEMU.
    let missing: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.kind == qmp_runtime::compat::FindingKind::CommandNotInQemu)
        .map(|f| f.subject.name())
        .collect();
    assert!(missing.contains(&"query-gic-capabilities"), "{missing:?}");
    assert!(missing.contains(&"dump-skeys"), "{missing:?}");
    // The saved answer (events-spec/introspection) is this package's: the live QEMU
    // reports the same, but for the version the client takes from the greeting.
    let saved = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../events-spec/introspection/qemu-10.0.2.json");
    let saved: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&saved).unwrap_or_else(|err| panic!("{}: {err}", saved.display())),
    )
    .unwrap_or_else(|err| panic!("the saved answer: {err}"));
    if Some(qmp.greeting().package())
        == saved
            .pointer("/query-version/package")
            .and_then(|p| p.as_str())
    {
        assert_eq!(report, qmp_api::compat(&saved));
    } else {
        eprintln!(
            "not compared with the saved answer: this QEMU is {:?}",
            qmp.greeting().package()
        );
    }
}
