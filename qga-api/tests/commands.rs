//! The guest agent's commands as the bindings type them: names by the contract, the
//! commands that get no answer, arguments and returns both ways, and the validators.

use qga_api::commands::{GuestExec, GuestFileRead, GuestShutdown, GuestSyncDelimited};
use qga_api::{Command, GuestOsInfo};
use serde_json::{Value, json};

#[test]
fn every_command_is_named_and_typed_and_only_shutdown_and_suspend_go_unanswered() {
    struct Collect(Vec<(&'static str, bool)>);
    impl qmp_runtime::CommandVisitor for Collect {
        fn visit<C: Command>(&mut self) {
            self.0.push((C::NAME, C::SUCCESS_RESPONSE));
        }
    }
    let mut all = Collect(Vec::new());
    qga_api::for_each_command(&mut all);
    assert_eq!(all.0.len(), 44);
    assert_eq!(
        all.0.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
        qga_api::COMMAND_NAMES
    );
    let mut unanswered: Vec<&str> = all.0.iter().filter(|(_, s)| !s).map(|(n, _)| *n).collect();
    unanswered.sort_unstable();
    assert_eq!(
        unanswered,
        [
            "guest-shutdown",
            "guest-suspend-disk",
            "guest-suspend-hybrid",
            "guest-suspend-ram"
        ]
    );
    assert!(!answered::<GuestShutdown>());
    assert!(answered::<GuestSyncDelimited>());
}

/// Whether QEMU's agent answers `C`, as a client generic over commands asks.
fn answered<C: Command>() -> bool {
    C::SUCCESS_RESPONSE
}

#[test]
fn arguments_encode_as_the_agent_takes_them_and_decode_back() {
    let sync = GuestSyncDelimited {
        id: 4_242,
        unknown_fields: Default::default(),
    };
    assert_eq!(qmp_runtime::to_value(&sync), json!({"id": 4242}));
    let read: GuestFileRead = qmp_runtime::from_value(json!({"handle": 1000, "count": 4096}))
        .expect("guest-file-read's arguments");
    assert_eq!((read.handle, read.count), (1000, Some(4096)));
    // A member the schema does not describe is kept and given back.
    let newer = json!({"path": "/bin/echo", "arg": ["hi"], "timeout": 5});
    let exec: GuestExec = qmp_runtime::from_value(newer.clone()).expect("guest-exec");
    assert_eq!(exec.unknown_fields["timeout"], 5);
    assert_eq!(qmp_runtime::to_value(&exec), newer);
}

#[test]
fn a_return_as_qemu_ga_sends_it_decodes_and_is_given_back_exactly() {
    // guest-get-osinfo as qemu-ga 10.0 answers on Debian 12.
    let answer = json!({
        "name": "Debian GNU/Linux", "kernel-release": "6.1.0-28-amd64",
        "version": "12 (bookworm)", "pretty-name": "Debian GNU/Linux 12 (bookworm)",
        "version-id": "12", "kernel-version": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1",
        "machine": "x86_64", "id": "debian"
    });
    let info: GuestOsInfo = qmp_runtime::from_value(answer.clone()).expect("GuestOSInfo");
    assert_eq!(info.id.as_deref(), Some("debian"));
    assert_eq!(qmp_runtime::to_value(&info), answer);
    assert!(qga_api::validate_return("guest-get-osinfo", &answer).is_ok());
}

#[test]
fn the_validators_point_at_what_the_schema_does_not_allow() {
    let message = json!({"execute": "guest-exec", "arguments": {"path": 7}});
    let violations = qga_api::validate_command(&message).unwrap_err();
    assert_eq!(violations[0].pointer, "/arguments/path", "{violations:?}");
    let unknown = json!({"execute": "guest-reboot-now"});
    assert!(qga_api::validate_command(&unknown).is_err());
    let status = json!({"exited": "yes"});
    let violations = qga_api::validate_return("guest-exec-status", &status).unwrap_err();
    assert!(
        violations.iter().any(|v| v.pointer == "/exited"),
        "{violations:?}"
    );
    let fine: Value = json!({"exited": true, "exitcode": 0});
    assert!(qga_api::validate_return("guest-exec-status", &fine).is_ok());
}
