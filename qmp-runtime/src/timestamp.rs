//! When QEMU sent an event.

use crate::reflect::{Kind, Member, Reflect, StructInfo, TypeInfo};
use std::mem::offset_of;

/// When QEMU sent an event: seconds and microseconds since the Unix epoch, both `-1` when
/// QEMU could not read its clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Timestamp {
    /// Whole seconds since the Unix epoch (`-1`: unknown).
    pub seconds: i64,
    /// Microseconds within the second (`-1`: unknown).
    pub microseconds: i64,
}

impl Timestamp {
    /// The timestamp QEMU sends when it has no clock.
    pub const UNKNOWN: Timestamp = Timestamp {
        seconds: -1,
        microseconds: -1,
    };

    /// Whether QEMU knew the time (it sends `-1` for both members when it does not).
    pub fn is_known(&self) -> bool {
        *self != Timestamp::UNKNOWN
    }

    /// The time as a `SystemTime`; `None` when QEMU had no clock, or when the members
    /// are out of range (negative, or microseconds past a second).
    pub fn to_system_time(self) -> Option<std::time::SystemTime> {
        let seconds = u64::try_from(self.seconds).ok()?;
        let microseconds = u64::try_from(self.microseconds)
            .ok()
            .filter(|us| *us < 1_000_000)?;
        std::time::SystemTime::UNIX_EPOCH
            .checked_add(std::time::Duration::from_secs(seconds))?
            .checked_add(std::time::Duration::from_micros(microseconds))
    }
}

/// A timestamp belongs to the QMP protocol, not to the schema: it has no room for more
/// members, and dropping one would lose it, so it has no map of unknown members.
static TIMESTAMP: TypeInfo = TypeInfo {
    name: "a timestamp, which has seconds and microseconds",
    size: size_of::<Timestamp>(),
    align: align_of::<Timestamp>(),
    kind: Kind::Struct(&StructInfo {
        members: &[
            Member::new("seconds", offset_of!(Timestamp, seconds), i64::INFO, false),
            Member::new(
                "microseconds",
                offset_of!(Timestamp, microseconds),
                i64::INFO,
                false,
            ),
        ],
        unknown: None,
    }),
};

// SAFETY: the description is of `Timestamp`'s fields.
unsafe impl Reflect for Timestamp {
    const INFO: &'static TypeInfo = &TIMESTAMP;
}

crate::__serde_impls!(Timestamp);
