//! COLO_EXIT from the secondary of a COLO pair whose primary dies.
//!
//! COLO (COarse-grained LOck-stepping) keeps a secondary VM in step with a
//! primary through a migration that never ends. A migration with the `x-colo`
//! capability brings the secondary into COLO mode; when its primary goes
//! away, the secondary leaves COLO mode, says so with COLO_EXIT (reason
//! `error`: nobody asked for it) and runs on as the VM. The pair is two
//! QEMUs of this test, migrating over a unix socket; the primary is killed.
//! The events recorded are the secondary's.
//! (With QEMU 10.0.2 the primary's migration completes instead of going on
//! in COLO mode, which ends the same way for the secondary; killing the
//! primary covers a QEMU whose primary stays.)

use qmp_live_qemu::{EventLog, qemu_or_skip};
use serde_json::{Value, json};

use crate::{command_for, execute, expect_data, finish, start};

fn enable_colo(qmp: &mut qmp_client::Client) {
    let capabilities: Vec<Value> = ["x-colo", "events"]
        .into_iter()
        .map(|capability| json!({ "capability": capability, "state": true }))
        .collect();
    execute(
        qmp,
        "migrate-set-capabilities",
        Some(json!({ "capabilities": capabilities })),
    );
}

#[test]
fn colo_secondary_losing_its_primary_emits_colo_exit() {
    let scenario = "colo_exit";
    let Some(binary) = qemu_or_skip(scenario) else {
        return;
    };
    // Both paused and small: the VM's state is all the migration carries.
    let secondary_command = command_for(&binary).args(["-S", "-m", "32M", "-incoming", "defer"]);
    let primary_command = command_for(&binary).args(["-S", "-m", "32M"]);
    let uri = format!(
        "unix:{}",
        secondary_command.dir().join("colo.sock").display()
    );
    let (_secondary, mut secondary_qmp) = start(&secondary_command);
    let mut secondary_log = EventLog::new(&secondary_qmp);
    let (primary, mut primary_qmp) = start(&primary_command);

    enable_colo(&mut secondary_qmp);
    execute(
        &mut secondary_qmp,
        "migrate-incoming",
        Some(json!({ "uri": uri })),
    );
    enable_colo(&mut primary_qmp);
    execute(&mut primary_qmp, "migrate", Some(json!({ "uri": uri })));
    secondary_log.wait_for_matching(&mut secondary_qmp, "MIGRATION", |event| {
        event.data()["status"] == "colo"
    });
    // Dropping the process kills QEMU and reaps it.
    drop(primary_qmp);
    drop(primary);

    let exit = secondary_log.wait_for(&mut secondary_qmp, "COLO_EXIT");
    expect_data(&exit, "/mode", "secondary");
    expect_data(&exit, "/reason", "error");
    let status = execute(&mut secondary_qmp, "query-status", None);
    assert_eq!(
        status["running"], true,
        "the secondary takes over: {status}"
    );
    finish(scenario, &secondary_log);
}
