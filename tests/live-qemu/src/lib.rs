//! Helpers for tests that start a real `qemu-system-x86_64` and make it emit QMP
//! events: those of QEMU's event document (`events-spec/qmp-events.txt`) and
//! more of QEMU's current schema, all without a guest OS.
//!
//! Each scenario starts its own QEMU through [`QemuCommand`], whose
//! [`QemuProcess`] guard kills and reaps it even when the test panics. Events are
//! collected by [`EventLog`] as [`LiveEvent`]s: the line QEMU sent and its
//! decoding by `qmp-api`, the typed bindings of the document. [`GuestIo`]
//! plays the guest's part with port I/O through HMP; with [`GuestRam`] (the
//! guest's RAM as a shared file) and a [`VirtqueueRequest`] it sends one
//! request to a virtio device, legacy ([`LegacyVirtioPci`]) or 1.0
//! ([`ModernVirtioPci`]);
//! [`QemuImg`] makes the disk images; [`RfbSession`] and [`SpiceMainChannel`]
//! are display clients; [`PrHelper`] runs `qemu-pr-helper`, reaped like QEMU;
//! [`VhostUserBackend`] is the least of a vhost-user network backend.
//!
//! Environment:
//! - `QMP_REQUIRE_QEMU=1`: a missing QEMU fails the tests instead of skipping them.
//! - `QMP_QEMU_BINARY=/path/to/qemu-system-x86_64`: use that binary, not `PATH`'s.
//! - `QMP_SKIP_SPICE=1`: skip the SPICE scenario (a required QEMU without SPICE
//!   otherwise fails it).

#![warn(missing_docs)]

mod event_log;
mod guest_io;
mod guest_ram;
mod live_event;
mod ports;
mod pr_helper;
mod qemu_binary;
mod qemu_img;
mod qemu_process;
mod rfb;
mod spice_link;
mod vhost_user;
mod virtio_legacy;
mod virtio_modern;
mod virtqueue;

pub use event_log::EventLog;
pub use guest_io::{GuestIo, PvpanicEvent, SleepState};
pub use guest_ram::GuestRam;
pub use live_event::LiveEvent;
pub use ports::free_loopback_port;
pub use pr_helper::PrHelper;
pub use qemu_binary::{
    BINARY_ENV, REQUIRE_ENV, SKIP_SPICE_ENV, find_tool, qemu_or_skip, spice_or_skip,
};
pub use qemu_img::QemuImg;
pub use qemu_process::{QemuCommand, QemuProcess, StartError};
pub use rfb::RfbSession;
pub use spice_link::SpiceMainChannel;
pub use vhost_user::VhostUserBackend;
pub use virtio_legacy::LegacyVirtioPci;
pub use virtio_modern::{ModernVirtioPci, VIRTIO_F_VERSION_1};
pub use virtqueue::VirtqueueRequest;
