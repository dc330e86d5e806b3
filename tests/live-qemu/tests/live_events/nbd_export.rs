//! BLOCK_WRITE_THRESHOLD and BLOCK_EXPORT_DELETED from a node exported over
//! NBD on a unix socket, written to by an NBD client.
//!
//! The write comes from outside, through QEMU's own NBD server, as it would
//! from a storage client; `qemu-io` (already needed for the images) is that
//! client. Its write lands a known distance past the threshold, so the
//! event's amount is exact. Deleting the export in `hard` mode then ends it
//! whether or not the client's disconnect has been noticed yet.

use qmp_live_qemu::{EventLog, QemuImg};
use serde_json::json;

use crate::{execute, expect_data, finish, qemu_command, start};

const KIB: u64 = 1 << 10;
const MIB: u64 = 1 << 20;

#[test]
fn nbd_client_write_past_threshold_and_export_del_emit_write_threshold_and_export_deleted() {
    let scenario = "nbd_export_write_threshold";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let images = QemuImg::find();
    let image = command.dir().join("disk.raw");
    images.create(&image, "raw", 4 * MIB);
    let socket = command.dir().join("nbd.sock");
    // -S: the export needs no guest.
    let command = command.args(["-S"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);
    let (node, export) = ("disk0", "export0");
    let threshold = MIB;
    let (offset, len) = (MIB, 64 * KIB);

    execute(
        &mut qmp,
        "blockdev-add",
        Some(json!({
            "driver": "raw",
            "node-name": node,
            "file": { "driver": "file", "filename": image },
        })),
    );
    execute(
        &mut qmp,
        "block-set-write-threshold",
        Some(json!({ "node-name": node, "write-threshold": threshold })),
    );
    execute(
        &mut qmp,
        "nbd-server-start",
        Some(json!({ "addr": { "type": "unix", "data": { "path": socket } } })),
    );
    execute(
        &mut qmp,
        "block-export-add",
        Some(json!({
            "type": "nbd", "id": export, "node-name": node, "name": node,
            "writable": true,
        })),
    );

    images.write_over_nbd(&socket, node, offset, len);
    let crossed = log.wait_for(&mut qmp, "BLOCK_WRITE_THRESHOLD");
    expect_data(&crossed, "/node-name", node);
    expect_data(&crossed, "/write-threshold", threshold);
    // The write ends `offset + len`: that far past the threshold.
    expect_data(&crossed, "/amount-exceeded", offset + len - threshold);
    // The threshold is one-shot: QEMU has cleared it.
    let nodes = execute(&mut qmp, "query-named-block-nodes", None);
    let disk = nodes
        .as_array()
        .and_then(|nodes| nodes.iter().find(|n| n["node-name"] == node))
        .unwrap_or_else(|| panic!("no node {node}: {nodes}"));
    assert_eq!(disk["write_threshold"], 0, "{disk}");

    execute(
        &mut qmp,
        "block-export-del",
        Some(json!({ "id": export, "mode": "hard" })),
    );
    let deleted = log.wait_for(&mut qmp, "BLOCK_EXPORT_DELETED");
    expect_data(&deleted, "/id", export);
    execute(&mut qmp, "nbd-server-stop", None);
    finish(scenario, &log);
}
