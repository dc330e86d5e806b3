//! RTC_CHANGE from a guest-style write to the CMOS clock.

use qmp_live_qemu::{EventLog, GuestIo};

use crate::{finish, qemu_command, start};

/// CMOS register of the year within the century, BCD by default.
const CMOS_YEAR: u8 = 0x09;

/// Seventy years: the clock moves to 2099 from a present no later than 2029.
const SEVENTY_YEARS: i64 = 70 * 365 * 86_400;

#[test]
fn cmos_year_write_emits_rtc_change() {
    let scenario = "rtc_change";
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    // -S keeps the firmware from using the CMOS ports while we do.
    let command = command.args(["-S", "-machine", "pc"]);
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);

    GuestIo::new(&mut qmp)
        .cmos_write(CMOS_YEAR, 0x99)
        .unwrap_or_else(|err| panic!("CMOS write: {err}"));
    let change = log.wait_for(&mut qmp, "RTC_CHANGE");
    let offset = payload!(change, RtcChange).offset;
    assert!(
        offset > SEVENTY_YEARS,
        "RTC moved to 2099 but the offset is not decades ahead: {}",
        change.line()
    );
    finish(scenario, &log);
}
