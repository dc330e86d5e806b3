//! QEMU 7.2.22's guest agent schema through build.rs: its 42 commands are typed, and
//! the commands 7.2 lacks (10.0 added them) are not there.

use consumer_build::qga_7_2::{self, Command, commands};
use serde_json::json;

#[test]
fn the_agent_schema_of_7_2_generates_every_command_and_no_later_one() {
    assert_eq!(qga_7_2::COMMAND_NAMES.len(), 42);
    assert!(qga_7_2::COMMAND_NAMES.contains(&"guest-exec"));
    // 10.0 added guest-network-get-route and guest-get-load.
    assert!(!qga_7_2::COMMAND_NAMES.contains(&"guest-get-load"));
    assert!(!qga_7_2::COMMAND_NAMES.contains(&"guest-network-get-route"));
    assert_eq!(commands::GuestInfo::NAME, "guest-info");
    assert!(!answered::<commands::GuestSuspendRam>());
}

/// Whether QEMU's agent answers `C`, as a client generic over commands asks.
fn answered<C: Command>() -> bool {
    C::SUCCESS_RESPONSE
}

#[test]
fn a_7_2_return_decodes_typed_and_validates() {
    let status = json!({"exited": true, "exitcode": 0, "out-data": "aGkK"});
    let typed: <commands::GuestExecStatus as Command>::Returns =
        qmp_runtime::from_value(status.clone()).expect("guest-exec-status's return");
    assert_eq!(typed.out_data.as_deref(), Some("aGkK"));
    assert_eq!(qmp_runtime::to_value(&typed), status);
    assert!(qga_7_2::validate_return("guest-exec-status", &status).is_ok());
}
