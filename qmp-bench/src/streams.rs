//! The event streams every decoder is measured on.
//!
//! Lines come from two places: the seed document's own examples (compacted to one line
//! each, in their own member order: `event` first, or `timestamp` first for SPICE), and
//! lines recorded from a real QEMU 10.0.2 (`fixtures/qemu-10.0.2/`, written by the live
//! tests and by `system_powerdown`), which put `timestamp` first and carry members and
//! events the 2012 document lacks. Templates are repeated, each copy with its own
//! timestamp, until a stream holds [`STREAM_LINES`] lines.
//!
//! Three streams: [`qemu_10_0`] (every recorded line, for QEMU 10.0.2's bindings),
//! and for the 2012 document's bindings [`documented`] and [`mix`].

use crate::qmp;

/// How many lines each stream holds.
pub const STREAM_LINES: usize = 10_080;

/// The folder of the recorded lines, relative to this crate.
pub const CAPTURE_DIR: &str = "fixtures/qemu-10.0.2";

/// Every file of [`CAPTURE_DIR`], by name, with its text.
macro_rules! captures {
    ($($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!("../fixtures/qemu-10.0.2/", $file)))),*]
    };
}

/// The lines recorded from QEMU 10.0.2, file by file (name, text): every file of the
/// folder (a test checks that none is missing).
pub const QEMU_CAPTURES: &[(&str, &str)] = captures![
    "acpi_suspend_disk.jsonl",
    "acpi_suspend_wakeup.jsonl",
    "async_client.jsonl",
    "balloon_change.jsonl",
    "block_image_corrupted.jsonl",
    "block_io_error_report.jsonl",
    "block_io_error_stop.jsonl",
    "block_job_cancelled.jsonl",
    "block_job_completed.jsonl",
    "block_job_error_report.jsonl",
    "block_job_error_stop.jsonl",
    "block_job_ready_pending.jsonl",
    "colo_exit.jsonl",
    "device_tray_moved.jsonl",
    "dump_completed.jsonl",
    "failover.jsonl",
    "guest_power_off_no_shutdown.jsonl",
    "memory_device_size_change.jsonl",
    "memory_failure.jsonl",
    "memory_hotplug.jsonl",
    "migration.jsonl",
    "nbd_export_write_threshold.jsonl",
    "netdev_stream.jsonl",
    "netdev_vhost_user.jsonl",
    "nic_rx_filter_changed.jsonl",
    "powerdown_stop_reset.jsonl",
    "pr_manager_status_changed.jsonl",
    "pvpanic.jsonl",
    "quorum_failure.jsonl",
    "quorum_report_bad.jsonl",
    "rtc_change.jsonl",
    "spice_migrate_completed.jsonl",
    "spice_session.jsonl",
    "stop_cont_reset_quit.jsonl",
    "vnc_session.jsonl",
    "vserport_change.jsonl",
    "watchdog_pause.jsonl",
    "watchdog_reset.jsonl",
];

/// A stream of event lines, and what it holds.
#[derive(Debug, Clone)]
pub struct Stream {
    /// A short name for reports.
    pub name: &'static str,
    /// One QMP event message per entry, without the newline.
    pub lines: Vec<String>,
}

impl Stream {
    /// The bytes of all lines (what MB/s figures count).
    pub fn bytes(&self) -> usize {
        self.lines.iter().map(String::len).sum()
    }

    /// The lines of one event, in stream order.
    pub fn lines_of(&self, event: &str) -> Vec<String> {
        self.lines
            .iter()
            .filter(|line| event_name(line) == Some(event))
            .cloned()
            .collect()
    }
}

/// The QEMU 10.0.2 stream: every recorded line, as QEMU 10.0.2 sent it, repeated.
pub fn qemu_10_0() -> Stream {
    Stream {
        name: "qemu-10.0.2",
        lines: repeat(&qemu_lines(), STREAM_LINES),
    }
}

/// Stream 1: only events the document describes, as the document shows them and as
/// QEMU 10 sends them (with the members the document lacks).
pub fn documented() -> Stream {
    let templates: Vec<String> = qemu_lines()
        .into_iter()
        .chain(example_lines())
        .filter(|line| event_name(line).is_some_and(is_documented))
        .collect();
    Stream {
        name: "documented",
        lines: repeat(&templates, STREAM_LINES),
    }
}

/// Stream 2: the full mix: stream 1's templates, QEMU 10's events the document lacks
/// (`JOB_STATUS_CHANGE`, `POWERDOWN`, `MIGRATION` and 32 more), and a few lines whose `data` comes before
/// `event` (legal JSON that QEMU does not send, the decoder's slow path).
pub fn mix() -> Stream {
    let mut templates: Vec<String> = qemu_lines().into_iter().chain(example_lines()).collect();
    let reordered: Vec<String> = templates
        .iter()
        .filter(|line| line.contains("\"data\""))
        .step_by(7)
        .filter_map(|line| data_first(line))
        .collect();
    templates.extend(reordered);
    Stream {
        name: "mix",
        lines: repeat(&templates, STREAM_LINES),
    }
}

/// Whether the seed document describes an event.
pub fn is_documented(name: &str) -> bool {
    qmp::EVENT_NAMES.contains(&name)
}

/// Every captured QEMU line, in capture order.
pub fn qemu_lines() -> Vec<String> {
    QEMU_CAPTURES
        .iter()
        .flat_map(|(_, text)| text.lines())
        .filter(|line| !line.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// The document's examples, each on one line with QEMU's spacing.
pub fn example_lines() -> Vec<String> {
    qmp::EXAMPLES
        .iter()
        .map(|(_, text)| compact(text))
        .collect()
}

/// The event name of a line (a cheap scan, enough for the lines used here).
pub fn event_name(line: &str) -> Option<&str> {
    let start = line.find("\"event\": \"")? + "\"event\": \"".len();
    let length = line[start..].find('"')?;
    Some(&line[start..start + length])
}

/// Rewrites JSON onto one line as QEMU prints it: `": "` and `", "` between members,
/// no other whitespace outside strings.
pub fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            ':' | ',' => {
                out.push(c);
                out.push(' ');
            }
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// The same message with `data` moved in front of everything else, textually (so the
/// other members keep their order and spelling).
fn data_first(line: &str) -> Option<String> {
    const KEY: &str = ", \"data\": ";
    let at = line.find(KEY)?;
    let value_start = at + KEY.len();
    let value_end = value_start + data_len(&line[value_start..])?;
    let data = &line[value_start..value_end];
    let others = format!("{}{}", &line[..at], &line[value_end..]);
    let others = others.strip_prefix('{')?;
    Some(format!("{{\"data\": {data}, {others}"))
}

/// The length of the JSON value at the start of `text` (brace matching; strings
/// respected).
fn data_len(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (index, c) in text.char_indices() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(index + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Cycles through the templates until `count` lines, giving each line its own
/// timestamp so that no two lines are alike.
fn repeat(templates: &[String], count: usize) -> Vec<String> {
    let mut seconds: i64 = 1_795_560_461;
    let mut microseconds: i64 = 0;
    (0..count)
        .map(|index| {
            microseconds += 7_919;
            if microseconds >= 1_000_000 {
                microseconds -= 1_000_000;
                seconds += 1;
            }
            let template = &templates[index % templates.len()];
            with_timestamp(template, seconds, microseconds)
        })
        .collect()
}

/// Replaces the numbers of a line's timestamp.
fn with_timestamp(line: &str, seconds: i64, microseconds: i64) -> String {
    let line = replace_number_after(line, "\"seconds\": ", seconds);
    replace_number_after(&line, "\"microseconds\": ", microseconds)
}

fn replace_number_after(line: &str, key: &str, value: i64) -> String {
    let Some(at) = line.rfind(key) else {
        return line.to_owned();
    };
    let start = at + key.len();
    let length = line[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == '-'))
        .unwrap_or(line.len() - start);
    format!("{}{value}{}", &line[..start], &line[start + length..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_large_enough_and_parse_as_json() {
        for stream in [qemu_10_0(), documented(), mix()] {
            assert!(stream.lines.len() >= 10_000, "{}", stream.name);
            for line in &stream.lines {
                let value: serde_json::Value = serde_json::from_str(line).expect(line);
                assert!(value.get("timestamp").is_some(), "{line}");
            }
        }
    }

    #[test]
    fn documented_stream_holds_only_documented_events_with_extras() {
        let stream = documented();
        assert!(
            stream
                .lines
                .iter()
                .all(|l| event_name(l).is_some_and(is_documented))
        );
        assert!(stream.lines.iter().any(|l| l.contains("\"qom-path\"")));
        assert!(stream.lines.iter().any(|l| l.starts_with("{\"timestamp\"")));
        assert!(stream.lines.iter().any(|l| l.starts_with("{\"event\"")));
    }

    #[test]
    fn mix_holds_undocumented_events_and_data_first_lines() {
        let stream = mix();
        assert!(!stream.lines_of("JOB_STATUS_CHANGE").is_empty());
        assert!(!stream.lines_of("POWERDOWN").is_empty());
        assert!(stream.lines.iter().any(|l| l.starts_with("{\"data\"")));
    }

    #[test]
    fn every_recorded_file_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(CAPTURE_DIR);
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("the recordings")
            .map(|entry| {
                entry
                    .expect("a file")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name.ends_with(".jsonl"))
            .collect();
        files.sort();
        let listed: Vec<&str> = QEMU_CAPTURES.iter().map(|(name, _)| *name).collect();
        assert_eq!(files, listed);
    }

    #[test]
    fn qemu_stream_holds_every_recorded_event() {
        let stream = qemu_10_0();
        assert_eq!(stream.lines.len(), STREAM_LINES);
        let mut events: Vec<&str> = stream.lines.iter().filter_map(|l| event_name(l)).collect();
        events.sort_unstable();
        events.dedup();
        assert_eq!(events.len(), 51, "{events:?}");
        let templates = qemu_lines();
        assert!(stream.lines.len() >= 10 * templates.len());
    }

    #[test]
    fn data_first_keeps_the_message() {
        let line = r#"{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "WATCHDOG", "data": {"action": "pause"}}"#;
        let moved = data_first(line).unwrap();
        assert!(
            moved.starts_with(r#"{"data": {"action": "pause"}, "timestamp""#),
            "{moved}"
        );
        let a: serde_json::Value = serde_json::from_str(line).unwrap();
        let b: serde_json::Value = serde_json::from_str(&moved).unwrap();
        assert_eq!(a, b);
    }
}
