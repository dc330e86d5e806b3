//! Decoder (d), the floor: for each event, one plain `#[derive(Deserialize)]` struct
//! with exactly the members its lines carry (the document's and QEMU 10's extras alike,
//! `Option` where some lines lack them), no dispatch on the name and no place for
//! anything unexpected. It can only decode lines it was written for, so it is run on
//! the lines of one event at a time, and the generated decoder on the same lines.
//!
//! The structs also derive `Serialize`, so that a test can check that each one really
//! holds every member of its lines (encoding gives the line's JSON value back).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Number;

/// `timestamp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timestamp {
    /// Seconds since the epoch.
    pub seconds: i64,
    /// Microseconds within the second.
    pub microseconds: i64,
}

/// A line of one event: its name (borrowed: it has no escapes), its data and timestamp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line<'a, D> {
    /// The event's name.
    pub event: &'a str,
    /// Its data (a missing `Option` member decodes as `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<D>,
    /// When QEMU sent it.
    pub timestamp: Timestamp,
}

/// Data no line carries (`STOP`, `RESUME`, `POWERDOWN`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nothing {}

/// `read` or `write`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Operation {
    Read,
    Write,
}

/// What was done about an I/O error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum ErrorAction {
    Ignore,
    Report,
    Stop,
}

/// An address family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Family {
    Ipv4,
    Ipv6,
}

/// A watchdog action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum WatchdogAction {
    Reset,
    Shutdown,
    Poweroff,
    Pause,
    Debug,
    None,
}

/// A block job type: the values the lines carry (the 2012 document lists `stream` only;
/// QEMU 10's recordings include `mirror` jobs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum JobType {
    Stream,
    Mirror,
}

/// `BLOCK_IO_ERROR`, with QEMU 10's members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct BlockIoError {
    pub device: String,
    #[serde(rename = "node-name", default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[serde(rename = "qom-path", default, skip_serializing_if = "Option::is_none")]
    pub qom_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nospace: Option<bool>,
    pub operation: Operation,
    pub action: ErrorAction,
}

/// `DEVICE_TRAY_MOVED`, with QEMU 10's `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct DeviceTrayMoved {
    pub device: String,
    #[serde(rename = "tray-open")]
    pub tray_open: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// `RESET` and `SHUTDOWN` as QEMU 10 sends them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct GuestReason {
    pub guest: bool,
    pub reason: String,
}

/// `RTC_CHANGE`, with QEMU 10's `qom-path`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct RtcChange {
    pub offset: Number,
    #[serde(rename = "qom-path", default, skip_serializing_if = "Option::is_none")]
    pub qom_path: Option<String>,
}

/// A VNC server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct VncServer {
    pub host: String,
    pub service: String,
    pub family: Family,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub websocket: Option<bool>,
}

/// A VNC client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct VncClient {
    pub host: String,
    pub service: String,
    pub family: Family,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub websocket: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x509_dname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sasl_username: Option<String>,
}

/// `VNC_CONNECTED`, `VNC_DISCONNECTED`, `VNC_INITIALIZED`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Vnc {
    pub server: VncServer,
    pub client: VncClient,
}

/// A SPICE server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct SpiceServer {
    pub host: String,
    pub port: String,
    pub family: Family,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<String>,
}

/// A SPICE client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct SpiceClient {
    pub host: String,
    pub port: String,
    pub family: Family,
    #[serde(
        rename = "connection-id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub connection_id: Option<i64>,
    #[serde(
        rename = "channel-type",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub channel_type: Option<i64>,
    #[serde(
        rename = "channel-id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub channel_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<bool>,
}

/// `SPICE_CONNECTED`, `SPICE_DISCONNECTED`, `SPICE_INITIALIZED`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Spice {
    pub server: SpiceServer,
    pub client: SpiceClient,
}

/// `WATCHDOG`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Watchdog {
    pub action: WatchdogAction,
}

/// `BLOCK_JOB_COMPLETED` and `BLOCK_JOB_CANCELLED`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct BlockJob {
    #[serde(rename = "type")]
    pub type_: JobType,
    pub device: String,
    pub len: i64,
    pub offset: i64,
    pub speed: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `JOB_STATUS_CHANGE` (QEMU 10; not in the document).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct JobStatusChange {
    pub status: String,
    pub id: String,
}

/// Decodes one line with the floor struct of `event`; `None` for an event it has no
/// struct for. The match picks a function once per batch in the benchmarks (see
/// [`decoder_for`]), never per line.
pub fn decoder_for(event: &str) -> Option<fn(&str) -> serde_json::Result<()>> {
    fn run<D: DeserializeOwned>(line: &str) -> serde_json::Result<()> {
        let decoded: Line<'_, D> = serde_json::from_str(line)?;
        std::hint::black_box(&decoded);
        Ok(())
    }
    Some(match event {
        "BLOCK_IO_ERROR" => run::<BlockIoError>,
        "DEVICE_TRAY_MOVED" => run::<DeviceTrayMoved>,
        "RESET" | "SHUTDOWN" => run::<GuestReason>,
        "RESUME" | "STOP" | "POWERDOWN" => run::<Nothing>,
        "RTC_CHANGE" => run::<RtcChange>,
        "VNC_CONNECTED" | "VNC_DISCONNECTED" | "VNC_INITIALIZED" => run::<Vnc>,
        "SPICE_CONNECTED" | "SPICE_DISCONNECTED" | "SPICE_INITIALIZED" => run::<Spice>,
        "WATCHDOG" => run::<Watchdog>,
        "BLOCK_JOB_COMPLETED" | "BLOCK_JOB_CANCELLED" => run::<BlockJob>,
        "JOB_STATUS_CHANGE" => run::<JobStatusChange>,
        _ => return None,
    })
}

/// Encodes a line decoded with the floor struct of `event` back to a JSON value (for the
/// test that the floor holds every member).
pub fn round_trip(event: &str, line: &str) -> Option<serde_json::Value> {
    fn run<D: DeserializeOwned + Serialize>(line: &str) -> Option<serde_json::Value> {
        let decoded: Line<'_, D> = serde_json::from_str(line).ok()?;
        serde_json::to_value(&decoded).ok()
    }
    match event {
        "BLOCK_IO_ERROR" => run::<BlockIoError>(line),
        "DEVICE_TRAY_MOVED" => run::<DeviceTrayMoved>(line),
        "RESET" | "SHUTDOWN" => run::<GuestReason>(line),
        "RESUME" | "STOP" | "POWERDOWN" => run::<Nothing>(line),
        "RTC_CHANGE" => run::<RtcChange>(line),
        "VNC_CONNECTED" | "VNC_DISCONNECTED" | "VNC_INITIALIZED" => run::<Vnc>(line),
        "SPICE_CONNECTED" | "SPICE_DISCONNECTED" | "SPICE_INITIALIZED" => run::<Spice>(line),
        "WATCHDOG" => run::<Watchdog>(line),
        "BLOCK_JOB_COMPLETED" | "BLOCK_JOB_CANCELLED" => run::<BlockJob>(line),
        "JOB_STATUS_CHANGE" => run::<JobStatusChange>(line),
        _ => None,
    }
}
