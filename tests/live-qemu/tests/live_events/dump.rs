//! DUMP_COMPLETED from a detached `dump-guest-memory` to a file.
//!
//! With `detach` the command returns at once and the dump runs in its own
//! thread; the event is how a client learns that it has finished. The VM is
//! small (32 MiB) so the file stays small and quick to write.

use qmp_live_qemu::EventLog;
use serde_json::json;

use crate::{execute, expect_data, finish, qemu_command, start};

const RAM: u64 = 32 << 20;

#[test]
fn detached_guest_memory_dump_emits_dump_completed() {
    let scenario = "dump_completed";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let dump = command.dir().join("vm.dump");
    let command = command.args(["-S", "-m", "32M"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);

    execute(
        &mut qmp,
        "dump-guest-memory",
        Some(json!({
            "paging": false,
            "protocol": format!("file:{}", dump.display()),
            "detach": true,
        })),
    );
    let completed = log.wait_for(&mut qmp, "DUMP_COMPLETED");
    expect_data(&completed, "/result/status", "completed");
    let result = &completed.data()["result"];
    assert_eq!(result["completed"], result["total"], "{}", completed.line());
    // All of RAM, and the firmware's ROM regions on top.
    assert!(
        result["total"].as_u64().is_some_and(|total| total >= RAM),
        "{}",
        completed.line()
    );
    assert!(
        completed.data().get("error").is_none(),
        "{}",
        completed.line()
    );
    let written = std::fs::metadata(&dump).map_or(0, |meta| meta.len());
    assert!(written >= RAM, "the dump file has {written} bytes");
    finish(scenario, &log);
}
