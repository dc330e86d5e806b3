//! WATCHDOG from an ib700 watchdog armed by a guest-style port write and left
//! to expire, with the event the document says follows each action.

use qmp_api::WatchdogAction;
use qmp_live_qemu::{EventLog, GuestIo};

use crate::{finish, qemu_command, start};

/// ib700 timeout code for 0 seconds: the watchdog fires at once.
const EXPIRE_NOW: u8 = 15;

fn run(scenario: &str, action: WatchdogAction, follow_up: &str) {
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let action_arg = format!("watchdog={action}");
    let command = command.args(["-machine", "pc", "-device", "ib700", "-action", &action_arg]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);

    GuestIo::new(&mut qmp)
        .ib700_arm(EXPIRE_NOW)
        .unwrap_or_else(|err| panic!("arming ib700: {err}"));
    let fired = log.wait_for(&mut qmp, "WATCHDOG");
    assert_eq!(payload!(fired, Watchdog).action, action, "{}", fired.line());
    log.wait_for(&mut qmp, follow_up);
    finish(scenario, &log);
}

#[test]
fn expired_watchdog_with_action_pause_emits_watchdog_then_stop() {
    run("watchdog_pause", WatchdogAction::Pause, "STOP");
}

#[test]
fn expired_watchdog_with_action_reset_emits_watchdog_then_reset() {
    run("watchdog_reset", WatchdogAction::Reset, "RESET");
}
