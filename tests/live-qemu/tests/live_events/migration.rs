//! MIGRATION and MIGRATION_PASS from a migration to a file.
//!
//! A migration needs no second QEMU when it goes to a file: the source side
//! runs in full and emits every event. QEMU emits MIGRATION only with the
//! `events` capability on. A paused VM of 32 MiB, mostly zero pages, takes a
//! fraction of a second, in a pass over all of RAM and a last pass for what
//! changed meanwhile (nothing, here), each announced by MIGRATION_PASS.

use std::path::Path;

use qmp_client::QemuVersion;
use qmp_live_qemu::EventLog;
use serde_json::json;

use crate::{execute, expect_data, finish, qemu_command, start};

/// `file:` URIs came with QEMU 8.2; before, a shell command writes the file.
pub(crate) fn migration_uri(qemu: QemuVersion, path: &Path) -> String {
    if (qemu.major, qemu.minor) >= (8, 2) {
        format!("file:{}", path.display())
    } else {
        format!("exec:cat > '{}'", path.display())
    }
}

#[test]
fn migration_to_a_file_emits_migration_and_migration_pass() {
    let scenario = "migration";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let state = command.dir().join("vm.state");
    let command = command.args(["-S", "-m", "32M"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);
    let qemu = log
        .qemu_version()
        .unwrap_or_else(|| panic!("QEMU's greeting has no version"));

    execute(
        &mut qmp,
        "migrate-set-capabilities",
        Some(json!({ "capabilities": [{ "capability": "events", "state": true }] })),
    );
    execute(
        &mut qmp,
        "migrate",
        Some(json!({ "uri": migration_uri(qemu, &state) })),
    );
    let setup = log.wait_for(&mut qmp, "MIGRATION");
    expect_data(&setup, "/status", "setup");
    let first_pass = log.wait_for(&mut qmp, "MIGRATION_PASS");
    expect_data(&first_pass, "/pass", 1);
    log.wait_for_matching(&mut qmp, "MIGRATION", |event| {
        event.data()["status"] == "completed"
    });

    let statuses: Vec<&str> = log
        .events()
        .iter()
        .filter(|event| event.name() == "MIGRATION")
        .filter_map(|event| event.data()["status"].as_str())
        .collect();
    assert!(statuses.contains(&"active"), "{statuses:?}");
    let passes: Vec<u64> = log
        .events()
        .iter()
        .filter(|event| event.name() == "MIGRATION_PASS")
        .filter_map(|event| event.data()["pass"].as_u64())
        .collect();
    let counted: Vec<u64> = (1..=passes.len() as u64).collect();
    assert_eq!(passes, counted, "passes count up from 1");
    let info = execute(&mut qmp, "query-migrate", None);
    assert_eq!(info["status"], "completed", "{info}");
    let written = std::fs::metadata(&state).map_or(0, |meta| meta.len());
    assert!(written > 0, "no migration stream in {}", state.display());
    finish(scenario, &log);
}
