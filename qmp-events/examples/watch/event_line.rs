//! Formats an event as one line: time, name, data fields.

use std::time::{SystemTime, UNIX_EPOCH};

use qmp_client::RawEvent;
use serde_json::Value;

/// `2026-11-24 22:32:47.123456 DEVICE_TRAY_MOVED device=ide1-cd0 tray-open=true`
pub fn format_event(event: &RawEvent) -> String {
    let time = event
        .timestamp()
        .map_or_else(|| "(no time)".to_owned(), format_utc);
    let mut line = format!("{time} {}", event.name);
    if let Some(data) = event.data() {
        let mut fields = Vec::new();
        flatten_fields("", data, &mut fields);
        for (key, value) in fields {
            line.push_str(&format!(" {key}={value}"));
        }
    }
    line
}

/// Nested objects become dotted keys (`server.host=127.0.0.1`), so every field
/// of, say, VNC_CONNECTED stays on the one line.
fn flatten_fields(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(members) if !members.is_empty() => {
            for (key, member) in members {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten_fields(&path, member, out);
            }
        }
        _ => out.push((prefix.to_owned(), format_value(value))),
    }
}

/// Plain words stay bare; strings with spaces or `=` are quoted so the line
/// still splits into fields.
fn format_value(value: &Value) -> String {
    match value {
        Value::String(text)
            if !text.is_empty()
                && !text.contains(|c: char| c.is_whitespace() || c == '=' || c == '"') =>
        {
            text.clone()
        }
        other => other.to_string(),
    }
}

/// UTC `YYYY-MM-DD HH:MM:SS.uuuuuu`, computed here to keep the example free of
/// a date crate.
fn format_utc(time: SystemTime) -> String {
    let Ok(since_epoch) = time.duration_since(UNIX_EPOCH) else {
        return "(before 1970)".to_owned();
    };
    let seconds = since_epoch.as_secs();
    let (year, month, day) = civil_from_days(seconds / 86_400);
    let second_of_day = seconds % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{:06}",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60,
        since_epoch.subsec_micros()
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
    use serde_json::json;
    use std::time::Duration;

    fn raw(message: Value) -> RawEvent {
        RawEvent {
            name: message["event"].as_str().unwrap_or_default().to_owned(),
            line: message.to_string(),
            message,
        }
    }

    #[test]
    fn nested_fields_become_dotted_keys_on_one_line() {
        let event = raw(json!({
            "event": "VNC_CONNECTED",
            "timestamp": { "seconds": 1_262_976_601, "microseconds": 975_795 },
            "data": {
                "server": { "host": "0.0.0.0", "service": "5901" },
                "client": { "host": "127.0.0.1" },
            },
        }));
        assert_eq!(
            format_event(&event),
            "2010-01-08 18:50:01.975795 VNC_CONNECTED client.host=127.0.0.1 \
             server.host=0.0.0.0 server.service=5901"
        );
    }

    #[test]
    fn strings_with_spaces_are_quoted_and_events_without_data_end_at_the_name() {
        let error = raw(json!({
            "event": "BLOCK_IO_ERROR",
            "timestamp": { "seconds": 0, "microseconds": 0 },
            "data": { "reason": "Input/output error", "nospace": false },
        }));
        assert_eq!(
            format_event(&error),
            "1970-01-01 00:00:00.000000 BLOCK_IO_ERROR nospace=false reason=\"Input/output error\""
        );
        let stop = raw(
            json!({ "event": "STOP", "timestamp": { "seconds": 86_400 * 366, "microseconds": 1 } }),
        );
        assert_eq!(format_event(&stop), "1971-01-02 00:00:00.000001 STOP");
    }

    #[test]
    fn leap_day_is_a_date() {
        let leap_day = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(format_utc(leap_day), "2000-02-29 00:00:00.000000");
    }
}
