//! QEMU's timestamps as UTC dates, computed here to keep the example free of a
//! date crate.

use qmp_api::Timestamp;

const SECONDS_PER_DAY: u64 = 86_400;

/// `YYYY-MM-DD HH:MM:SS.uuuuuu` in UTC, or `(no time)` when QEMU had no clock
/// (it sends -1) or sent something that is not a time after 1970.
pub fn format_timestamp(timestamp: &Timestamp) -> String {
    let (Ok(seconds), Ok(microseconds)) = (
        u64::try_from(timestamp.seconds),
        u32::try_from(timestamp.microseconds),
    ) else {
        return "(no time)".to_owned();
    };
    if microseconds >= 1_000_000 {
        return "(no time)".to_owned();
    }
    let (year, month, day) = civil_from_days(seconds / SECONDS_PER_DAY);
    let second_of_day = seconds % SECONDS_PER_DAY;
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{microseconds:06}",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60,
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `civil_from_days`, restricted to dates after the epoch).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64, microseconds: i64) -> String {
        format_timestamp(&Timestamp {
            seconds,
            microseconds,
        })
    }

    #[test]
    fn leap_day_is_a_date() {
        assert_eq!(at(951_782_400, 0), "2000-02-29 00:00:00.000000");
    }

    #[test]
    fn microseconds_are_padded() {
        assert_eq!(at(86_400 * 366, 1), "1971-01-02 00:00:00.000001");
    }

    #[test]
    fn qemu_without_a_clock_has_no_time() {
        assert_eq!(format_timestamp(&Timestamp::UNKNOWN), "(no time)");
        assert_eq!(at(5, 1_000_000), "(no time)");
    }
}
