//! QEMU 7.2.22's and 10.0.2's schemas merged into one set of bindings (build.rs's
//! `Builder::new(7.2).schema(10.0)`): what either release sends decodes, typed, exactly
//! and valid.
use consumer_build::qemu_7_2_and_10_0 as qapi;
use serde_json::Value;

include!("../../shared/qapi_examples.rs");

/// Decodes an event line, checks it is the event named, encodes back exactly and
/// validates.
fn event_fits(line: &str, event: &str) -> qapi::EventMessage {
    let value: Value = serde_json::from_str(line).expect("JSON");
    let message: qapi::EventMessage =
        serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}"));
    assert_eq!(message.event.name(), event);
    assert!(
        !matches!(message.event, qapi::Event::Unknown { .. }),
        "{line}"
    );
    assert_eq!(serde_json::to_value(&message).unwrap(), value, "{line}");
    assert_eq!(qapi::validate(&value), Ok(()), "{line}");
    message
}

/// 7.2 never sends `qom-path`, which 10.0 requires: the merged member is optional.
#[test]
fn a_block_io_error_of_7_2_without_qom_path_decodes_and_one_of_10_0_with_it() {
    let old = r##"{"event": "BLOCK_IO_ERROR", "data": {"device": "ide0-hd1", "node-name": "#block212",
        "operation": "write", "action": "stop", "reason": "No space left on device"},
        "timestamp": {"seconds": 1265044230, "microseconds": 450486}}"##;
    let qapi::Event::BlockIoError(data) = event_fits(old, "BLOCK_IO_ERROR").event else {
        panic!("not BLOCK_IO_ERROR");
    };
    assert_eq!(data.qom_path, None);
    assert_eq!(data.device, "ide0-hd1");
    let new = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../qmp-bench/fixtures/qemu-10.0.2/block_io_error_stop.jsonl"
    ))
    .expect("the live tests' recording");
    let line = new.lines().next().expect("a line");
    let qapi::Event::BlockIoError(data) = event_fits(line, "BLOCK_IO_ERROR").event else {
        panic!("not BLOCK_IO_ERROR");
    };
    assert_eq!(
        data.qom_path.as_deref(),
        Some("/machine/unattached/device[4]")
    );
}

/// Events one release has and the other lacks are both there.
#[test]
fn events_of_either_release_are_present() {
    // MEM_UNPLUG_ERROR went in 9.1; DEVICE_UNPLUG_GUEST_ERROR came in 6.2;
    // VFIO_MIGRATION came in 9.1.
    for name in [
        "MEM_UNPLUG_ERROR",
        "DEVICE_UNPLUG_GUEST_ERROR",
        "VFIO_MIGRATION",
    ] {
        assert!(qapi::EVENT_NAMES.contains(&name), "{name}");
    }
    // 7.2's x-query-rdma and 10.0's query-stats-schemas... both are commands of the
    // merged bindings.
    for name in [
        "x-query-rdma",
        "x-query-profile",
        "query-cryptodev",
        "query-stats",
    ] {
        assert!(qapi::COMMAND_NAMES.contains(&name), "{name}");
    }
}

/// Every event line the live tests recorded from QEMU 10.0.2.
#[test]
fn the_live_tests_lines_of_10_0_2_decode_exactly_and_validate() {
    let folder = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../qmp-bench/fixtures/qemu-10.0.2"
    );
    let mut lines = 0;
    for entry in std::fs::read_dir(folder).expect("the recordings") {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let value: Value = serde_json::from_str(line).unwrap();
            let event = value["event"].as_str().unwrap().to_owned();
            event_fits(line, &event);
            lines += 1;
        }
    }
    assert!(lines > 100, "{lines} lines");
}

/// Decodes a recorded return as `C::Returns` when it is `C`'s.
struct Recorded<'a> {
    command: &'a str,
    value: &'a Value,
    decoded: bool,
}

impl qmp_runtime::CommandVisitor for Recorded<'_> {
    fn visit<C: qmp_runtime::Command>(&mut self) {
        if C::NAME != self.command {
            return;
        }
        let typed = qmp_runtime::from_value::<C::Returns>(self.value.clone())
            .unwrap_or_else(|error| panic!("{}: {error}", self.command));
        assert_eq!(
            &qmp_runtime::to_value(&typed),
            self.value,
            "{}",
            self.command
        );
        self.decoded = true;
    }
}

/// The returns the live tests recorded from QEMU 10.0.2 (query-qmp-schema's 230 KB
/// among them) decode as the merged commands' returns, encode back and validate.
#[test]
fn the_live_tests_returns_of_10_0_2_decode_exactly_and_validate() {
    let folder = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../qmp-bench/fixtures/qemu-10.0.2/returns"
    );
    let mut checked = 0;
    for entry in std::fs::read_dir(folder).expect("the recordings") {
        let path = entry.unwrap().path();
        let command = path.file_stem().unwrap().to_string_lossy().into_owned();
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(qapi::validate_return(&command, &value), Ok(()), "{command}");
        let mut recorded = Recorded {
            command: &command,
            value: &value,
            decoded: false,
        };
        qapi::for_each_command(&mut recorded);
        assert!(recorded.decoded, "{command} is a command of the bindings");
        checked += 1;
    }
    assert_eq!(checked, 5);
}

/// The docs say which releases send what.
#[test]
fn the_docs_name_the_releases() {
    let code = include_str!(concat!(env!("OUT_DIR"), "/qemu_7_2_and_10_0.rs"));
    assert!(code.contains("Only in QEMU 10.0.2, where it is required (not in 7.2.22)."));
    assert!(code.contains("Only in QEMU 7.2.22 (not in 10.0.2)."));
}

/// The merged validators accept what either release's own validators accept, and the
/// validators by release accept what that release's own validators accept: every
/// example of both schemas, events and commands and returns, that 7.2.22's bindings
/// (`qemu_7_2`) or 10.0.2's (`qmp-api`) accept. `query-sev`'s return among them: its
/// `SevInfo` is a struct in 7.2 and a union on a member 7.2 lacks (`sev-type`) in 10.0,
/// read as the union's untagged variant when `sev-type` is absent.
#[test]
fn validate_accepts_what_either_release_accepts_and_says_which() {
    use consumer_build::qemu_7_2 as old;
    use qmp_api::qemu_10_0 as new;
    // What each release's own bindings say, against what the merged ones say of it.
    let mut disagree: Vec<String> = Vec::new();
    let mut agree = |by_own: [bool; 2],
                     by_merged: Result<(), Vec<qapi::Violation>>,
                     releases: Vec<&str>,
                     what: &str| {
        if by_own.iter().any(|ok| *ok) {
            assert_eq!(by_merged, Ok(()), "{what}");
        }
        for (ok, release) in by_own.iter().zip(["7.2.22", "10.0.2"]) {
            if *ok && !releases.contains(&release) {
                disagree.push(format!("{release}: {what}"));
            }
        }
    };
    let mut accepted = 0;
    let mut sev = 0;
    for text in old::EXAMPLES.iter().chain(new::EXAMPLES).map(|(_, t)| *t) {
        let value: Value = serde_json::from_str(text).unwrap();
        let own = [old::validate(&value).is_ok(), new::validate(&value).is_ok()];
        agree(
            own,
            qapi::validate(&value),
            qapi::event_releases(&value),
            text,
        );
        accepted += usize::from(own.iter().any(|ok| *ok));
    }
    for (command, request, answer) in old::COMMAND_EXAMPLES.iter().chain(new::COMMAND_EXAMPLES) {
        let request: Value = serde_json::from_str(request).unwrap();
        let own = [
            old::validate_command(&request).is_ok(),
            new::validate_command(&request).is_ok(),
        ];
        let what = request.to_string();
        agree(
            own,
            qapi::validate_command(&request),
            qapi::command_releases(&request),
            &what,
        );
        accepted += usize::from(own.iter().any(|ok| *ok));
        let Ok(Value::Object(answer)) = serde_json::from_str::<Value>(answer) else {
            continue;
        };
        let Some(returned) = answer.get("return") else {
            continue;
        };
        let own = [
            old::validate_return(command, returned).is_ok(),
            new::validate_return(command, returned).is_ok(),
        ];
        let what = format!("{command}: {returned}");
        agree(
            own,
            qapi::validate_return(command, returned),
            qapi::return_releases(command, returned),
            &what,
        );
        accepted += usize::from(own.iter().any(|ok| *ok));
        sev += usize::from(*command == "query-sev" && own.iter().any(|ok| *ok));
    }
    // The one place the generator warns two releases' types differ beyond what one
    // type holds and keeps the newest: ChardevBackend's `pty` branch (both schemas have
    // the example).
    disagree.sort();
    disagree.dedup();
    for what in &disagree {
        assert!(
            what.starts_with("7.2.22: ") && what.contains(r#""type":"pty""#),
            "{what}"
        );
    }
    assert!(disagree.len() <= 2, "{disagree:#?}");
    assert!(accepted > 700, "{accepted} examples accepted");
    assert_eq!(sev, 2, "query-sev's example of each release");
}

/// 7.2's `SevInfo` (a struct) and 10.0's (a union on `sev-type`) both decode, typed,
/// exactly, and the validators say which release sends each.
#[test]
fn query_sev_of_either_release_decodes_and_says_which() {
    let old = r#"{"enabled": false, "api-minor": 0, "api-major": 0, "build-id": 0, "policy": 0, "state": "uninit", "handle": 0}"#;
    let value: Value = serde_json::from_str(old).unwrap();
    let info: qapi::SevInfo = qmp_runtime::from_json(old).unwrap();
    match &info.sev_type {
        qapi::SevInfoBranch::Untagged(guest) => assert_eq!((guest.policy, guest.handle), (0, 0)),
        other => panic!("7.2's answer read as {other:?}"),
    }
    assert_eq!(info.sev_type.discriminator(), "sev");
    assert_eq!(
        qmp_runtime::to_value(&info),
        value,
        "written back without sev-type"
    );
    assert_eq!(qapi::return_releases("query-sev", &value), ["7.2.22"]);
    let refused = qapi::validate_return_in("10.0.2", "query-sev", &value).unwrap_err();
    assert_eq!(refused[0].to_string(), "missing required field 'sev-type'");

    let new = r#"{"enabled": true, "api-minor": 1, "api-major": 1, "build-id": 2, "state": "running", "sev-type": "sev", "policy": 3, "handle": 4}"#;
    let value: Value = serde_json::from_str(new).unwrap();
    let info: qapi::SevInfo = qmp_runtime::from_json(new).unwrap();
    assert!(matches!(&info.sev_type, qapi::SevInfoBranch::Sev(guest) if guest.handle == 4));
    assert_eq!(qmp_runtime::to_value(&info), value);
    assert_eq!(qapi::return_releases("query-sev", &value), ["10.0.2"]);
    let refused = qapi::validate_return_in("7.2.22", "query-sev", &value).unwrap_err();
    assert_eq!(
        refused[0].to_string(),
        "/sev-type: member not in QEMU 7.2.22's schema"
    );
}

/// The validators by release: what only one release sends, and a release the bindings
/// do not hold.
#[test]
fn validators_by_release_say_which_release_sends_a_message() {
    assert_eq!(qapi::RELEASES, ["7.2.22", "10.0.2"]);
    let old = serde_json::json!({
        "event": "BLOCK_IO_ERROR",
        "data": {"device": "ide0-hd0", "node-name": "n", "operation": "write", "action": "report", "nospace": false, "reason": "x"},
        "timestamp": {"seconds": 1, "microseconds": 2}
    });
    let mut new = old.clone();
    new["data"]["qom-path"] = "/machine/peripheral/d".into();
    assert_eq!(qapi::event_releases(&old), ["7.2.22"]);
    assert_eq!(qapi::event_releases(&new), ["10.0.2"]);
    assert_eq!(qapi::validate(&old), Ok(()));
    let refused = qapi::validate_in("10.0.2", &old).unwrap_err();
    assert_eq!(
        refused[0].to_string(),
        "/data: missing required field 'qom-path'"
    );
    let refused = qapi::validate_in("7.2.22", &new).unwrap_err();
    assert_eq!(
        refused[0].to_string(),
        "/data/qom-path: member not in QEMU 7.2.22's schema"
    );

    let gone = serde_json::json!({
        "event": "MEM_UNPLUG_ERROR",
        "data": {"device": "dimm1", "msg": "no"},
        "timestamp": {"seconds": 1, "microseconds": 2}
    });
    assert_eq!(qapi::event_releases(&gone), ["7.2.22"]);
    let refused = qapi::validate_in("10.0.2", &gone).unwrap_err();
    assert_eq!(
        refused[0].to_string(),
        "/event: event 'MEM_UNPLUG_ERROR' is not in QEMU 10.0.2's schema"
    );

    let request = serde_json::json!({"execute": "query-stats-schemas"});
    assert_eq!(qapi::command_releases(&request), ["7.2.22", "10.0.2"]);
    let unknown = qapi::validate_in("9.9", &old).unwrap_err();
    assert_eq!(
        unknown[0].to_string(),
        "the bindings hold no release '9.9' (they hold 7.2.22, 10.0.2)"
    );
}

/// What a real QEMU answered to `query-qmp-schema` (events-spec/introspection/).
fn saved_answer(version: &str) -> Value {
    let path = format!(
        "{}/../../events-spec/introspection/qemu-{version}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("the saved answer")).unwrap()
}

/// The check at connect time: the merged bindings against what QEMU 7.2.22 and 10.0.2
/// say they support. Nothing breaks against either (query-sev's `sev-type`, the
/// discriminator of 10.0's `SevInfo` union that 7.2's struct lacks, may be absent: the
/// union's untagged variant reads 7.2's), where 10.0.2's bindings alone break in 17
/// places against 7.2.22.
#[test]
fn merged_bindings_break_against_neither_release() {
    for version in ["7.2.22", "10.0.2"] {
        let report = qapi::compat(&saved_answer(version));
        let breaking: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.is_breaking())
            .map(|f| f.headline())
            .collect();
        assert_eq!(breaking, Vec::<String>::new(), "against {version}");
        assert!(report.compatible_count() > 0, "against {version}");
        eprintln!(
            "against {version}: {} compatible",
            report.compatible_count()
        );
    }
    let alone = qmp_api::qemu_10_0::compat(&saved_answer("7.2.22"));
    assert_eq!(alone.breaking_count(), 17);
}
