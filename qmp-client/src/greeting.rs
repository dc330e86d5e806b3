//! The `{"QMP": {...}}` message QEMU sends when a client connects.

use std::fmt;

use serde_json::Value;

/// QEMU's greeting, kept whole with accessors for the parts clients use.
#[derive(Debug, Clone, PartialEq)]
pub struct Greeting {
    /// The greeting as received: `{"QMP": {"version": ..., "capabilities": [...]}}`.
    pub raw: Value,
}

/// QEMU's version triple from the greeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QemuVersion {
    /// Major version, such as 10 in 10.0.2.
    pub major: u64,
    /// Minor version.
    pub minor: u64,
    /// Micro (patch) version.
    pub micro: u64,
}

impl fmt::Display for QemuVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.micro)
    }
}

impl Greeting {
    /// QEMU's version, or `None` if the greeting does not carry one in the
    /// usual `QMP.version.qemu` place.
    pub fn version(&self) -> Option<QemuVersion> {
        let qemu = self.raw.pointer("/QMP/version/qemu")?;
        let number = |name: &str| qemu.get(name).and_then(Value::as_u64);
        Some(QemuVersion {
            major: number("major")?,
            minor: number("minor")?,
            micro: number("micro")?,
        })
    }

    /// The distribution's package string, such as `Debian 1:10.0.2+ds-2`;
    /// empty for a QEMU built from source.
    pub fn package(&self) -> &str {
        self.raw
            .pointer("/QMP/version/package")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// Capabilities the server offers, such as `oob`.
    pub fn capabilities(&self) -> Vec<&str> {
        self.raw
            .pointer("/QMP/capabilities")
            .and_then(Value::as_array)
            .map(|caps| caps.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }
}

/// A comparison of bindings with a QEMU's answer to `query-qmp-schema`, naming the
/// QEMU's version from its greeting (the blocking and the tokio client's `compat`).
pub(crate) fn compat_report(
    bindings: &qmp_runtime::compat::Bindings,
    answer: &Value,
    greeting: &Greeting,
) -> qmp_runtime::compat::Report {
    let mut report = bindings.compare(answer);
    if let Some(version) = greeting.version() {
        report.qemu = Some(version.to_string());
    }
    report
}
