//! BLOCK_IMAGE_CORRUPTED from reads of a qcow2 image whose L1 table points
//! at an unaligned L2 table.
//!
//! The image is made with qemu-img and qemu-io (one written cluster, so the
//! first L1 entry is in use), then that entry is overwritten on disk. QEMU's
//! qcow2 driver checks L2 offsets on access, so HMP's `qemu-io` read of the
//! first sector finds the corruption. Opened read-only, QEMU cannot mark the
//! image corrupt (`fatal: false`); opened read-write, it does (`fatal: true`).

use std::path::{Path, PathBuf};

use qmp_live_qemu::{EventLog, QemuCommand, QemuImg};
use serde_json::json;

use crate::{execute, expect_data, finish, qemu_command, start};

/// Not a multiple of the cluster size; QEMU's own message names it.
const BAD_L2_OFFSET: u64 = 0x2a2a_2a00;

fn corrupted_image(command: &QemuCommand, name: &str) -> PathBuf {
    let images = QemuImg::find();
    let path = command.dir().join(name);
    images.create(&path, "qcow2", 1 << 20);
    images.fill_qcow2(&path, 0x5a, 0, 64 << 10);
    images.corrupt_first_l1_entry(&path, BAD_L2_OFFSET);
    path
}

fn qcow2_node(name: &str, path: &Path, read_only: bool) -> serde_json::Value {
    json!({
        "driver": "qcow2",
        "node-name": name,
        "read-only": read_only,
        "file": { "driver": "file", "filename": path },
    })
}

#[test]
fn reading_a_corrupted_qcow2_emits_block_image_corrupted() {
    let scenario = "block_image_corrupted";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    // Two copies: QEMU's image locking keeps one file from being opened
    // read-only and read-write at once.
    let read_only = corrupted_image(&command, "read-only.qcow2");
    let read_write = corrupted_image(&command, "read-write.qcow2");
    let command = command.args(["-S"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);

    for (node, path, fatal) in [
        ("corrupt-ro", &read_only, false),
        ("corrupt-rw", &read_write, true),
    ] {
        execute(
            &mut qmp,
            "blockdev-add",
            Some(qcow2_node(node, path, !fatal)),
        );
        // The read fails; qemu-io says so on QEMU's stderr, not to HMP.
        qmp.human_monitor_command(&format!("qemu-io {node} \"read 0 512\""))
            .unwrap_or_else(|err| panic!("qemu-io read of {node}: {err}"));
        let corrupted = log.wait_for(&mut qmp, "BLOCK_IMAGE_CORRUPTED");
        // No guest device, so no device name: QEMU sends "" as documented.
        expect_data(&corrupted, "/device", "");
        expect_data(&corrupted, "/node-name", node);
        expect_data(&corrupted, "/fatal", fatal);
        let message = corrupted.data()["msg"].as_str().unwrap_or_default();
        assert!(
            message.contains(&format!("{BAD_L2_OFFSET:#x}")),
            "the message should name the bad offset: {}",
            corrupted.line()
        );
    }
    finish(scenario, &log);
}
