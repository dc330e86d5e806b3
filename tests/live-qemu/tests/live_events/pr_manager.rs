//! PR_MANAGER_STATUS_CHANGED from a `pr-manager-helper` object connecting to
//! a real `qemu-pr-helper`.
//!
//! QEMU hands SCSI persistent reservations of pass-through disks to
//! `qemu-pr-helper`, which runs with the privileges QEMU lacks. Adding the
//! manager object makes QEMU connect and exchange the helper's greeting;
//! QEMU then reports the manager connected. (It notices a lost helper only
//! when it next sends it a reservation, which needs a pass-through SCSI
//! disk, so the disconnection is not provoked here.)

use qmp_live_qemu::{EventLog, PrHelper};
use serde_json::json;

use crate::{execute, expect_data, finish, qemu_command, start};

#[test]
fn pr_manager_connecting_to_qemu_pr_helper_emits_pr_manager_status_changed() {
    let scenario = "pr_manager_status_changed";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let helper = PrHelper::start(command.dir())
        .unwrap_or_else(|err| panic!("starting qemu-pr-helper: {err}"));
    let command = command.args(["-S"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);
    let manager = "pr0";

    execute(
        &mut qmp,
        "object-add",
        Some(json!({
            "qom-type": "pr-manager-helper",
            "id": manager,
            "path": helper.socket(),
        })),
    );
    let changed = log.wait_for(&mut qmp, "PR_MANAGER_STATUS_CHANGED");
    expect_data(&changed, "/id", manager);
    expect_data(&changed, "/connected", true);
    let managers = execute(&mut qmp, "query-pr-managers", None);
    assert_eq!(managers, json!([{ "id": manager, "connected": true }]));
    finish(scenario, &log);
}
