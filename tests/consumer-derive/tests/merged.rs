//! QEMU 7.2.22's and 10.0.2's schemas merged by the derive (two `spec` keys): both
//! releases' examples, and 7.2's `BLOCK_IO_ERROR`, which lacks 10.0's `qom-path`.
use consumer_derive::qemu_7_2_and_10_0 as qapi;

include!("../../shared/qapi_examples.rs");

#[test]
fn a_block_io_error_of_7_2_decodes_exactly_and_validates() {
    let line = r##"{"event": "BLOCK_IO_ERROR", "data": {"device": "ide0-hd1", "node-name": "#block212",
        "operation": "write", "action": "stop", "reason": "No space left on device"},
        "timestamp": {"seconds": 1265044230, "microseconds": 450486}}"##;
    let value: serde_json::Value = serde_json::from_str(line).unwrap();
    let message: qapi::EventMessage = serde_json::from_str(line).expect("decodes");
    let qapi::Event::BlockIoError(data) = &message.event else {
        panic!("{message:?}");
    };
    assert_eq!(data.qom_path, None);
    assert_eq!(serde_json::to_value(&message).unwrap(), value);
    assert_eq!(qapi::validate(&value), Ok(()));
}
