//! The typed fields of each event payload as `name=value` words.
//!
//! Every payload type of `qmp-events` says here which fields it has, so the
//! words come from typed values (enums, integers, booleans), not from the raw
//! JSON; only what the document does not describe comes from JSON, from the
//! payload's `unknown_fields`.

use qmp_events::{
    BlockIoError, BlockIoErrorAction, BlockIoErrorOperation, BlockJobCancelled,
    BlockJobCancelledType, BlockJobCompleted, BlockJobCompletedType, DeviceTrayMoved, Reset,
    Resume, RtcChange, Shutdown, SpiceConnected, SpiceConnectedClient, SpiceConnectedClientFamily,
    SpiceConnectedServer, SpiceConnectedServerFamily, SpiceInitialized, SpiceInitializedClient,
    SpiceInitializedClientFamily, SpiceInitializedServer, SpiceInitializedServerFamily, Stop,
    VncConnected, VncConnectedClient, VncConnectedClientFamily, VncConnectedServer,
    VncConnectedServerFamily, VncDisconnected, VncDisconnectedClient, VncDisconnectedClientFamily,
    VncDisconnectedServer, VncDisconnectedServerFamily, VncInitialized, VncInitializedClient,
    VncInitializedClientFamily, VncInitializedServer, VncInitializedServerFamily, Watchdog,
    WatchdogAction,
};
use serde_json::{Map, Number, Value};

/// `name=value` words in field order. Nested structs give dotted names
/// (`server.host=127.0.0.1`); fields the document does not describe are
/// marked with a leading `+` (`+reason=host-qmp-quit`).
#[derive(Debug, Default)]
pub struct FieldWords {
    words: Vec<String>,
}

impl FieldWords {
    /// The words collected so far.
    pub fn into_words(self) -> Vec<String> {
        self.words
    }

    fn documented(&mut self, path: &str, value: &str) {
        self.words.push(format!("{path}={value}"));
    }

    /// Fields the document does not describe, flattened like documented ones.
    fn undocumented(&mut self, path: &str, fields: &Map<String, Value>) {
        for (name, value) in fields {
            self.undocumented_value(&join(path, name), value);
        }
    }

    fn undocumented_value(&mut self, path: &str, value: &Value) {
        match value {
            Value::Object(members) if !members.is_empty() => self.undocumented(path, members),
            _ => self.words.push(format!("+{path}={}", json_word(value))),
        }
    }
}

/// A typed value that can put itself into words at `path`.
pub trait Describe {
    /// Adds this value's words, named from `path` (empty at the top level).
    fn describe(&self, path: &str, words: &mut FieldWords);
}

impl<T: Describe> Describe for Option<T> {
    fn describe(&self, path: &str, words: &mut FieldWords) {
        if let Some(value) = self {
            value.describe(path, words);
        }
    }
}

impl Describe for String {
    fn describe(&self, path: &str, words: &mut FieldWords) {
        words.documented(path, &text_word(self));
    }
}

/// Values whose `Display` is already the word: numbers, booleans, and the
/// generated enums (whose `Display` is the wire value, listed or not).
macro_rules! describe_by_display {
    ($($type:ty),* $(,)?) => {$(
        impl Describe for $type {
            fn describe(&self, path: &str, words: &mut FieldWords) {
                words.documented(path, &self.to_string());
            }
        }
    )*};
}

describe_by_display!(
    bool,
    i64,
    Number,
    BlockIoErrorOperation,
    BlockIoErrorAction,
    VncConnectedServerFamily,
    VncConnectedClientFamily,
    VncDisconnectedServerFamily,
    VncDisconnectedClientFamily,
    VncInitializedServerFamily,
    VncInitializedClientFamily,
    SpiceConnectedServerFamily,
    SpiceConnectedClientFamily,
    SpiceInitializedServerFamily,
    SpiceInitializedClientFamily,
    BlockJobCompletedType,
    BlockJobCancelledType,
    WatchdogAction,
);

/// Payload structs: their documented fields by wire name, then whatever
/// else QEMU sent.
macro_rules! describe_fields {
    ($($type:ty { $($wire:literal => $field:ident),* $(,)? })*) => {$(
        impl Describe for $type {
            fn describe(&self, path: &str, words: &mut FieldWords) {
                $( self.$field.describe(&join(path, $wire), words); )*
                words.undocumented(path, &self.unknown_fields);
            }
        }
    )*};
}

describe_fields! {
    BlockIoError { "device" => device, "operation" => operation, "action" => action }
    DeviceTrayMoved { "device" => device, "tray-open" => tray_open }
    RtcChange { "offset" => offset }
    VncConnected { "server" => server, "client" => client }
    VncConnectedServer {
        "host" => host, "service" => service, "family" => family, "auth" => auth,
    }
    VncConnectedClient { "host" => host, "service" => service, "family" => family }
    VncDisconnected { "server" => server, "client" => client }
    VncDisconnectedServer {
        "host" => host, "service" => service, "family" => family, "auth" => auth,
    }
    VncDisconnectedClient {
        "host" => host, "service" => service, "family" => family,
        "x509_dname" => x509_dname, "sasl_username" => sasl_username,
    }
    VncInitialized { "server" => server, "client" => client }
    VncInitializedServer {
        "host" => host, "service" => service, "family" => family, "auth" => auth,
    }
    VncInitializedClient {
        "host" => host, "service" => service, "family" => family,
        "x509_dname" => x509_dname, "sasl_username" => sasl_username,
    }
    // Also SPICE_DISCONNECTED's payload: the document gives both one section.
    SpiceConnected { "server" => server, "client" => client }
    SpiceConnectedServer { "host" => host, "port" => port, "family" => family }
    SpiceConnectedClient { "host" => host, "port" => port, "family" => family }
    SpiceInitialized { "server" => server, "client" => client }
    SpiceInitializedServer {
        "host" => host, "port" => port, "family" => family, "auth" => auth,
    }
    SpiceInitializedClient {
        "host" => host, "port" => port, "family" => family,
        "connection-id" => connection_id, "channel-type" => channel_type,
        "channel-id" => channel_id, "tls" => tls,
    }
    Watchdog { "action" => action }
    BlockJobCompleted {
        "type" => r#type, "device" => device, "len" => len, "offset" => offset,
        "speed" => speed, "error" => error,
    }
    BlockJobCancelled {
        "type" => r#type, "device" => device, "len" => len, "offset" => offset,
        "speed" => speed,
    }
}

/// Events the document says carry no data; any data QEMU sends is undocumented.
macro_rules! describe_dataless {
    ($($type:ty),* $(,)?) => {$(
        impl Describe for $type {
            fn describe(&self, path: &str, words: &mut FieldWords) {
                if let Some(data) = &self.unknown_fields {
                    words.undocumented(path, data);
                }
            }
        }
    )*};
}

describe_dataless!(Reset, Resume, Shutdown, Stop);

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// Plain words stay bare; strings that are empty or hold spaces, `=` or `"`
/// are quoted, so the line still splits into fields.
fn text_word(text: &str) -> String {
    let plain =
        !text.is_empty() && !text.contains(|c: char| c.is_whitespace() || c == '=' || c == '"');
    if plain {
        text.to_owned()
    } else {
        Value::from(text).to_string()
    }
}

fn json_word(value: &Value) -> String {
    match value {
        Value::String(text) => text_word(text),
        other => other.to_string(),
    }
}
