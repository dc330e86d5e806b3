//! Live scenarios: each starts its own QEMU and makes it emit QMP events, then
//! checks them: 51 of the 56 events of QEMU 10.0.2's QAPI schema, typed by
//! `qmp-api` (the bindings of that schema). From a QEMU 10.0 every line must
//! decode to its own typed variant, encode back exactly and pass `validate`
//! without a violation (see `decoding`).
//!
//! Every scenario records the events it saw in an [`EventLog`], which decodes
//! each into `qmp_api::EventMessage` as it arrives; [`finish`] then checks
//! every line against the bindings (see `decoding`) and saves the lines to
//! `target/tmp/qmp-live-events/<scenario>.jsonl`.
//!
//! Without `qemu-system-x86_64` the scenarios skip, unless `QMP_REQUIRE_QEMU=1`.
//! No scenario needs a guest OS: where a guest would act, port I/O through
//! HMP (`GuestIo`; for virtio requests also writes to the guest's RAM, a
//! file QEMU shares), HMP's `qemu-io` or `mce`, or an outside peer (RFB,
//! SPICE, NBD, a unix socket, `qemu-pr-helper`, a vhost-user backend) does it.
//!
//! What provokes each event (module in brackets):
//!
//! | Event | Provoked by |
//! |---|---|
//! | STOP, RESUME | `stop`, `cont` (`lifecycle`) |
//! | RESET | `system_reset`; ib700 expiry (`watchdog`); an uncorrected machine check (`memory_failure`) |
//! | SHUTDOWN | `quit`; ACPI S5 (`lifecycle`), S4 (`acpi_sleep`); a pvpanic shutdown request (`pvpanic`) |
//! | POWERDOWN | `system_powerdown` (`lifecycle`) |
//! | DEVICE_TRAY_MOVED | `eject`, tray commands on an IDE CD-ROM (`tray`) |
//! | BLOCK_IO_ERROR | an IDE read from a blkdebug drive that fails reads (`block_io_error`) |
//! | RTC_CHANGE | a CMOS year write (`rtc`) |
//! | WATCHDOG | an ib700 armed to expire at once (`watchdog`) |
//! | VNC_CONNECTED, VNC_INITIALIZED, VNC_DISCONNECTED | an RFB 3.8 handshake (`vnc`) |
//! | SPICE_CONNECTED, SPICE_INITIALIZED, SPICE_DISCONNECTED | a SPICE main-channel link (`spice`) |
//! | SPICE_MIGRATE_COMPLETED | `client_migrate_info`, then `migrate` with no SPICE client (`spice`) |
//! | BLOCK_JOB_COMPLETED, BLOCK_JOB_CANCELLED | `block-stream`, `block-job-cancel` (`block_jobs`); mirror jobs (`mirror`) |
//! | JOB_STATUS_CHANGE | every block job |
//! | BLOCK_JOB_READY, BLOCK_JOB_PENDING | `blockdev-mirror` with `auto-finalize: false` (`mirror`) |
//! | BLOCK_JOB_ERROR | a stream whose backing file fails reads, `on-error: report` (`block_jobs`); a mirror whose target fails writes, `on-target-error: stop` (`mirror`) |
//! | BLOCK_WRITE_THRESHOLD, BLOCK_EXPORT_DELETED | an NBD client's write past `block-set-write-threshold`, then `block-export-del` (`nbd_export`) |
//! | QUORUM_REPORT_BAD, QUORUM_FAILURE | HMP `qemu-io` reads of quorum nodes whose children fail or disagree (`quorum`) |
//! | BLOCK_IMAGE_CORRUPTED | an HMP `qemu-io` read of a qcow2 with an unaligned L2 offset (`image_corrupted`) |
//! | GUEST_CRASHLOADED, GUEST_PANICKED, GUEST_PVSHUTDOWN | writes to the pvpanic port (`pvpanic`) |
//! | MEMORY_FAILURE | HMP `mce`, uncorrected and corrected (`memory_failure`) |
//! | SUSPEND, WAKEUP, SUSPEND_DISK | ACPI S3 and S4 through PM1_CNT, `system_wakeup` (`acpi_sleep`) |
//! | ACPI_DEVICE_OST, DEVICE_DELETED | a DIMM's _OST and eject through the ACPI memory hotplug registers (`memory_hotplug`) |
//! | BALLOON_CHANGE | `balloon`, then the guest's `actual` written into a legacy virtio balloon (`balloon`) |
//! | VSERPORT_CHANGE | a PORT_OPEN message on a legacy virtio-serial control queue (`virtio_serial`) |
//! | NIC_RX_FILTER_CHANGED | a promiscuous-mode command on a legacy virtio-net control queue (`virtio_net`) |
//! | FAILOVER_NEGOTIATED, UNPLUG_PRIMARY | a virtio 1.0 driver accepting STANDBY on a failover pair, then `migrate` (`virtio_failover`) |
//! | MEMORY_DEVICE_SIZE_CHANGE | a plug request on a virtio-mem device's queue (`virtio_mem`) |
//! | PR_MANAGER_STATUS_CHANGED | a `pr-manager-helper` object connecting to `qemu-pr-helper` (`pr_manager`) |
//! | MIGRATION, MIGRATION_PASS | `migrate` to a file with the `events` capability (`migration`; also `virtio_failover`, `colo`, `spice`) |
//! | COLO_EXIT | the secondary of a COLO pair (`x-colo` migration between two QEMUs) losing its primary (`colo`) |
//! | DUMP_COMPLETED | `dump-guest-memory` with `detach` (`dump`) |
//! | NETDEV_VHOST_USER_CONNECTED, NETDEV_VHOST_USER_DISCONNECTED | a `vhost-user` netdev added over QMP, whose backend (the test) then hangs up (`vhost_user`) |
//! | NETDEV_STREAM_CONNECTED, NETDEV_STREAM_DISCONNECTED | `stream` netdevs, server and client, whose peer is a unix socket of the test that then hangs up (`netdev_stream`) |
//!
//! Not provoked, of QEMU 10.0.2's 56 events: CPU_POLARIZATION_CHANGE (s390x
//! only), DEVICE_UNPLUG_GUEST_ERROR (on x86 only when unplugging an ejected
//! DIMM fails, which it does not), HV_BALLOON_STATUS_REPORT (needs a Hyper-V
//! VMBus guest driver), VFIO_MIGRATION (needs a VFIO device) and
//! VFU_CLIENT_HANGUP (needs a QEMU built with vfio-user server support).

/// The payload of a [`LiveEvent`](qmp_live_qemu::LiveEvent) as the given
/// variant of `qmp_api::Event`; panics with the line if it is another.
macro_rules! payload {
    ($event:expr, $variant:ident) => {
        match $event.event() {
            qmp_api::Event::$variant(data) => data,
            other => panic!(
                "expected {}, decoded {}: {}",
                stringify!($variant),
                other.name(),
                $event.line()
            ),
        }
    };
}

mod acpi_sleep;
mod async_client;
mod balloon;
mod block_io_error;
mod block_jobs;
mod colo;
mod decoding;
mod dump;
mod image_corrupted;
mod lifecycle;
mod memory_failure;
mod memory_hotplug;
mod migration;
mod mirror;
mod nbd_export;
mod netdev_stream;
mod pr_manager;
mod pvpanic;
mod quorum;
mod rtc;
mod spice;
mod tray;
mod vhost_user;
mod virtio_failover;
mod virtio_mem;
mod virtio_net;
mod virtio_serial;
mod vnc;
mod watchdog;

use std::fs;
use std::path::{Path, PathBuf};

use qmp_client::Client;
use qmp_live_qemu::{EventLog, LiveEvent, QemuCommand, QemuProcess, qemu_or_skip};
use serde_json::Value;

/// The QEMU binary for `scenario` and a command in a fresh directory, or
/// `None` when the scenario is skipped.
fn qemu_command(scenario: &str) -> Option<QemuCommand> {
    let binary = qemu_or_skip(scenario)?;
    Some(command_for(&binary))
}

fn command_for(binary: &Path) -> QemuCommand {
    QemuCommand::new(binary).unwrap_or_else(|err| panic!("temporary directory: {err}"))
}

/// Starts `command`, panicking with QEMU's own words if it does not come up.
fn start(command: &QemuCommand) -> (QemuProcess, Client) {
    command.spawn().unwrap_or_else(|err| panic!("{err}"))
}

/// Runs a QMP command that must succeed.
fn execute(client: &mut Client, command: &str, arguments: Option<Value>) -> Value {
    client
        .execute_raw(command, arguments)
        .unwrap_or_else(|err| panic!("{command}: {err}"))
}

/// Checks the member of an event's data at `pointer` (a JSON pointer into
/// `data`, such as `/node-name` or `/info/slot`) as QEMU sent it. This is how
/// scenarios check events that the typed bindings do not describe.
fn expect_data(event: &LiveEvent, pointer: &str, expected: impl Into<Value>) {
    assert_eq!(
        event.data().pointer(pointer),
        Some(&expected.into()),
        "{pointer} in the data of {}",
        event.line()
    );
}

/// Checks every recorded event and saves the scenario's lines.
///
/// This is the one place every event of every scenario passes through: its
/// shape as JSON, then the typed bindings (`decoding::check_decoding`).
fn finish(scenario: &str, log: &EventLog) {
    let qemu = log
        .qemu_version()
        .unwrap_or_else(|| panic!("{scenario}: QEMU's greeting has no version"));
    save_lines(scenario, log);
    for event in log.events() {
        check_event_shape(&event.raw);
        decoding::check_decoding(event, qemu);
    }
    eprintln!("{scenario}: QEMU {qemu} emitted {:?}", log.names());
}

fn check_event_shape(event: &qmp_client::RawEvent) {
    let message = &event.message;
    assert!(
        event
            .name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_'),
        "odd event name: {}",
        event.line
    );
    let micros = message
        .pointer("/timestamp/microseconds")
        .and_then(Value::as_u64);
    assert!(
        message
            .pointer("/timestamp/seconds")
            .is_some_and(Value::is_u64)
            && micros.is_some_and(|m| m < 1_000_000),
        "bad timestamp: {}",
        event.line
    );
    assert!(
        message.get("data").is_none_or(Value::is_object),
        "data is not an object: {}",
        event.line
    );
    assert!(
        event.timestamp().is_some(),
        "timestamp not convertible: {}",
        event.line
    );
}

fn save_lines(scenario: &str, log: &EventLog) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("qmp-live-events");
    let mut lines: String = log
        .events()
        .iter()
        .map(|event| format!("{}\n", event.line()))
        .collect();
    if lines.is_empty() {
        lines.push('\n');
    }
    let saved = fs::create_dir_all(&dir)
        .and_then(|()| fs::write(dir.join(format!("{scenario}.jsonl")), lines));
    if let Err(err) = saved {
        // The lines are a by-product for inspection; the test result stands.
        eprintln!(
            "{scenario}: could not save event lines in {}: {err}",
            dir.display()
        );
    }
}
