//! Decoder (c): the seed's events modelled by hand the way qapi-rs generates them, made
//! as lossless as serde's derive allows.
//!
//! qapi-rs emits one `#[derive(Serialize, Deserialize)]` struct per event payload and
//! `#[serde(tag = "event")] enum Event { X { data: X, timestamp: Timestamp }, .. }`,
//! with `#[serde(rename)]` for wire names, `Option` plus `default` and
//! `skip_serializing_if` for optional members, and derived unit enums for enumerations.
//! On top of that, as a user who wants nothing lost would write it:
//! - every payload struct keeps undescribed members in `#[serde(flatten)] extra`;
//! - events that carry no data in the document keep a `data` member when one is sent;
//! - events the document lacks are kept by an `#[serde(untagged)]` fallback around the
//!   tagged enum ([`Message`]).
//!
//! What it still loses: an enumeration value the document does not list fails the line
//! (qapi-rs' enums are closed; the generated enums have `Other(String)`), and a known
//! event whose data does not fit silently falls back to [`Message::Unknown`].

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

/// Undescribed members, kept.
pub type Extra = Map<String, Value>;

/// `timestamp`, as `qapi_spec::Timestamp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timestamp {
    /// Seconds since the epoch.
    pub seconds: i64,
    /// Microseconds within the second.
    pub microseconds: i64,
}

/// Any event line: a known event, or another one kept as it came.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
// Unboxed, as a hand-written model would have it (and as the generated `Event` is).
#[allow(clippy::large_enum_variant)]
pub enum Message {
    /// An event the model describes.
    Known(Event),
    /// Any other event.
    Unknown {
        /// Its name.
        event: String,
        /// Its data, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        data: Option<Value>,
        /// When QEMU sent it.
        timestamp: Timestamp,
    },
}

/// The events of the seed document, qapi-rs style.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event")]
#[allow(missing_docs)]
pub enum Event {
    #[serde(rename = "BLOCK_IO_ERROR")]
    BlockIoError {
        data: BlockIoError,
        timestamp: Timestamp,
    },
    #[serde(rename = "DEVICE_TRAY_MOVED")]
    DeviceTrayMoved {
        data: DeviceTrayMoved,
        timestamp: Timestamp,
    },
    #[serde(rename = "RESET")]
    Reset {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        data: Option<NoData>,
        timestamp: Timestamp,
    },
    #[serde(rename = "RESUME")]
    Resume {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        data: Option<NoData>,
        timestamp: Timestamp,
    },
    #[serde(rename = "RTC_CHANGE")]
    RtcChange {
        data: RtcChange,
        timestamp: Timestamp,
    },
    #[serde(rename = "SHUTDOWN")]
    Shutdown {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        data: Option<NoData>,
        timestamp: Timestamp,
    },
    #[serde(rename = "STOP")]
    Stop {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        data: Option<NoData>,
        timestamp: Timestamp,
    },
    #[serde(rename = "VNC_CONNECTED")]
    VncConnected {
        data: VncConnected,
        timestamp: Timestamp,
    },
    #[serde(rename = "VNC_DISCONNECTED")]
    VncDisconnected {
        data: VncDisconnected,
        timestamp: Timestamp,
    },
    #[serde(rename = "VNC_INITIALIZED")]
    VncInitialized {
        data: VncDisconnected,
        timestamp: Timestamp,
    },
    #[serde(rename = "SPICE_CONNECTED")]
    SpiceConnected {
        data: SpiceConnected,
        timestamp: Timestamp,
    },
    #[serde(rename = "SPICE_DISCONNECTED")]
    SpiceDisconnected {
        data: SpiceConnected,
        timestamp: Timestamp,
    },
    #[serde(rename = "SPICE_INITIALIZED")]
    SpiceInitialized {
        data: SpiceInitialized,
        timestamp: Timestamp,
    },
    #[serde(rename = "WATCHDOG")]
    Watchdog {
        data: Watchdog,
        timestamp: Timestamp,
    },
    #[serde(rename = "BLOCK_JOB_COMPLETED")]
    BlockJobCompleted {
        data: BlockJobCompleted,
        timestamp: Timestamp,
    },
    #[serde(rename = "BLOCK_JOB_CANCELLED")]
    BlockJobCancelled {
        data: BlockJobCompleted,
        timestamp: Timestamp,
    },
}

/// The data of an event the document says has none (a newer QEMU sends some).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct NoData {
    #[serde(flatten)]
    pub extra: Extra,
}

/// `IoOperationType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum IoOperationType {
    #[serde(rename = "read")]
    Read,
    #[serde(rename = "write")]
    Write,
}

/// `BlockErrorAction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum BlockErrorAction {
    #[serde(rename = "ignore")]
    Ignore,
    #[serde(rename = "report")]
    Report,
    #[serde(rename = "stop")]
    Stop,
}

/// `NetworkAddressFamily`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum NetworkAddressFamily {
    #[serde(rename = "ipv4")]
    Ipv4,
    #[serde(rename = "ipv6")]
    Ipv6,
}

/// `WatchdogAction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum WatchdogAction {
    #[serde(rename = "reset")]
    Reset,
    #[serde(rename = "shutdown")]
    Shutdown,
    #[serde(rename = "poweroff")]
    Poweroff,
    #[serde(rename = "pause")]
    Pause,
    #[serde(rename = "debug")]
    Debug,
    #[serde(rename = "none")]
    None,
}

/// `BlockJobType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum BlockJobType {
    #[serde(rename = "stream")]
    Stream,
}

/// `BLOCK_IO_ERROR`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct BlockIoError {
    #[serde(rename = "device")]
    pub device: String,
    #[serde(rename = "operation")]
    pub operation: IoOperationType,
    #[serde(rename = "action")]
    pub action: BlockErrorAction,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `DEVICE_TRAY_MOVED`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct DeviceTrayMoved {
    #[serde(rename = "device")]
    pub device: String,
    #[serde(rename = "tray-open")]
    pub tray_open: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `RTC_CHANGE`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct RtcChange {
    #[serde(rename = "offset")]
    pub offset: Number,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `VncServerInfo`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct VncServerInfo {
    #[serde(rename = "host")]
    pub host: String,
    #[serde(rename = "service")]
    pub service: String,
    #[serde(rename = "family")]
    pub family: NetworkAddressFamily,
    #[serde(rename = "auth", default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `VncBasicInfo` (the client of `VNC_CONNECTED`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct VncBasicInfo {
    #[serde(rename = "host")]
    pub host: String,
    #[serde(rename = "service")]
    pub service: String,
    #[serde(rename = "family")]
    pub family: NetworkAddressFamily,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `VncClientInfo` (the client of `VNC_DISCONNECTED` and `VNC_INITIALIZED`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct VncClientInfo {
    #[serde(rename = "host")]
    pub host: String,
    #[serde(rename = "service")]
    pub service: String,
    #[serde(rename = "family")]
    pub family: NetworkAddressFamily,
    #[serde(
        rename = "x509_dname",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub x509_dname: Option<String>,
    #[serde(
        rename = "sasl_username",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sasl_username: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `VNC_CONNECTED`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct VncConnected {
    #[serde(rename = "server")]
    pub server: VncServerInfo,
    #[serde(rename = "client")]
    pub client: VncBasicInfo,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `VNC_DISCONNECTED` and `VNC_INITIALIZED`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct VncDisconnected {
    #[serde(rename = "server")]
    pub server: VncServerInfo,
    #[serde(rename = "client")]
    pub client: VncClientInfo,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `SpiceBasicInfo`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct SpiceBasicInfo {
    #[serde(rename = "host")]
    pub host: String,
    #[serde(rename = "port")]
    pub port: String,
    #[serde(rename = "family")]
    pub family: NetworkAddressFamily,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `SPICE_CONNECTED` and `SPICE_DISCONNECTED`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct SpiceConnected {
    #[serde(rename = "server")]
    pub server: SpiceBasicInfo,
    #[serde(rename = "client")]
    pub client: SpiceBasicInfo,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `SpiceServerInfo`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct SpiceServerInfo {
    #[serde(rename = "host")]
    pub host: String,
    #[serde(rename = "port")]
    pub port: String,
    #[serde(rename = "family")]
    pub family: NetworkAddressFamily,
    #[serde(rename = "auth", default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `SpiceChannel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct SpiceChannel {
    #[serde(rename = "host")]
    pub host: String,
    #[serde(rename = "port")]
    pub port: String,
    #[serde(rename = "family")]
    pub family: NetworkAddressFamily,
    #[serde(rename = "connection-id")]
    pub connection_id: i64,
    #[serde(rename = "channel-type")]
    pub channel_type: i64,
    #[serde(rename = "channel-id")]
    pub channel_id: i64,
    #[serde(rename = "tls")]
    pub tls: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `SPICE_INITIALIZED`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct SpiceInitialized {
    #[serde(rename = "server")]
    pub server: SpiceServerInfo,
    #[serde(rename = "client")]
    pub client: SpiceChannel,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `WATCHDOG`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Watchdog {
    #[serde(rename = "action")]
    pub action: WatchdogAction,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `BLOCK_JOB_COMPLETED` and `BLOCK_JOB_CANCELLED`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct BlockJobCompleted {
    #[serde(rename = "type")]
    pub type_: BlockJobType,
    #[serde(rename = "device")]
    pub device: String,
    #[serde(rename = "len")]
    pub len: i64,
    #[serde(rename = "offset")]
    pub offset: i64,
    #[serde(rename = "speed")]
    pub speed: i64,
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}
