//! The checks of the typed bindings that every event line gets, whichever
//! scenario provoked it.
//!
//! `qmp_api` holds the bindings of QEMU 10.0.2's QAPI schema. From a QEMU
//! 10.0 (the schema and the sender are the same version) every line must decode
//! to its own typed variant, encode back to its JSON exactly, and pass
//! `validate` without a single violation. From another QEMU the lines must
//! still decode and encode back exactly (decoding keeps what the schema does
//! not describe); what `validate` says of them is printed, not judged.

use qmp_api::{EVENT_NAMES, Event, EventMessage};
use qmp_client::QemuVersion;
use qmp_live_qemu::LiveEvent;
use serde_json::Value;

/// The QEMU whose schema the bindings were generated from.
const BINDINGS_QEMU: (u64, u64) = (10, 0);

/// Decoding the line's text agrees with the client's decoding, encoding gives
/// back the line's JSON, and from QEMU 10.0 every event is typed and valid.
pub fn check_decoding(event: &LiveEvent, qemu: QemuVersion) {
    let line = event.line();
    let from_text: EventMessage = serde_json::from_str(line)
        .unwrap_or_else(|err| panic!("the line does not decode: {err}: {line}"));
    assert_eq!(
        from_text, event.message,
        "decoding the text and the client's decoding differ: {line}"
    );
    check_round_trip(&event.message, line);
    let same_qemu = (qemu.major, qemu.minor) == BINDINGS_QEMU;
    check_variant(event, same_qemu);
    check_validation(event, qemu, same_qemu);
}

fn check_round_trip(message: &EventMessage, line: &str) {
    let sent: Value = serde_json::from_str(line)
        .unwrap_or_else(|err| panic!("the line is not JSON: {err}: {line}"));
    let encoded = serde_json::to_value(message)
        .unwrap_or_else(|err| panic!("the message does not encode: {err}: {line}"));
    assert_eq!(encoded, sent, "encoding does not give back the line");
}

/// An event decodes as `Unknown` exactly when the schema lacks it, and from
/// QEMU 10.0 never.
fn check_variant(event: &LiveEvent, same_qemu: bool) {
    let name = event.name();
    assert_eq!(event.event().name(), name, "{}", event.line());
    let is_unknown = matches!(event.event(), Event::Unknown { .. });
    assert_eq!(
        is_unknown,
        !EVENT_NAMES.contains(&name),
        "{name} should decode as Unknown exactly when the schema lacks it: {}",
        event.line()
    );
    if same_qemu {
        assert!(
            !is_unknown,
            "{name} from QEMU 10.0 is Unknown: {}",
            event.line()
        );
    }
}

fn check_validation(event: &LiveEvent, qemu: QemuVersion, same_qemu: bool) {
    let violations = qmp_api::validate(&event.raw.message)
        .err()
        .unwrap_or_default();
    if same_qemu {
        assert!(
            violations.is_empty(),
            "validate reports {violations:?} for {} from QEMU {qemu}: {}",
            event.name(),
            event.line()
        );
    } else if !violations.is_empty() {
        eprintln!(
            "QEMU {qemu} {}: validate against QEMU 10.0.2's schema reports {:?}",
            event.name(),
            violations.iter().map(|v| &v.pointer).collect::<Vec<_>>()
        );
    }
}
