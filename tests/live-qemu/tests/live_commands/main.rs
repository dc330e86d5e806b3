//! Live commands: a real QEMU 10.0.2 (TCG, no guest OS) driven through the typed client
//! with the commands of `qmp-api`, the bindings of its schema.
//!
//! - `queries`: every query command whose arguments are all optional, run typed (found
//!   through `qmp_api::for_each_command`, so a command a newer schema adds is run too):
//!   each return decodes, encodes back to its exact JSON value and passes
//!   `validate_return`; those this machine refuses give a typed error class.
//! - `management`: a round typed end to end, the way kata's runtime drives QEMU: vCPU and
//!   memory hotplug, block nodes, netdevs, chardevs, migration capabilities, QOM, HMP,
//!   and wrong calls with their error classes.
//! - `compat`: `Client::compat` with `qmp-api`'s bindings: nothing breaks, and the report
//!   is the one of the saved answer of the same package.
//!
//! Without `qemu-system-x86_64` they skip, unless `QMP_REQUIRE_QEMU=1`.

mod compat;
mod management;
mod queries;

use std::path::PathBuf;

use qmp_client::Client;
use qmp_live_qemu::{QemuCommand, QemuImg, QemuProcess, qemu_or_skip};
use qmp_runtime::Command;
use serde_json::Value;

/// A QEMU with room to hot-plug a vCPU and a DIMM, an IDE CD-ROM, a virtio disk (a
/// qcow2 overlay on a raw base, so that block queries answer with a backing chain), a
/// balloon and a virtio-serial bus, or `None` when the scenario is skipped.
fn machine(scenario: &str) -> Option<(QemuProcess, Client)> {
    let binary = qemu_or_skip(scenario)?;
    let command =
        QemuCommand::new(&binary).unwrap_or_else(|err| panic!("temporary directory: {err}"));
    let images = QemuImg::find();
    let base = command.dir().join("base.raw");
    let overlay = command.dir().join("overlay.qcow2");
    images.create(&base, "raw", 1 << 20);
    images.create_overlay(&overlay, &base, "raw");
    let disk = format!(
        "file={},if=virtio,format=qcow2,id=disk0,node-name=disk0-format",
        overlay.display()
    );
    let command = command.args(["-drive", &disk]).args([
        "-machine",
        "pc",
        "-smp",
        "1,maxcpus=2",
        "-m",
        "128M,slots=2,maxmem=512M",
        "-drive",
        "if=ide,index=2,media=cdrom",
        "-device",
        "virtio-balloon-pci",
        "-device",
        "virtio-serial-pci",
    ]);
    let started = command.spawn().unwrap_or_else(|err| panic!("{err}"));
    // The directory lives as long as the process.
    Some(started)
}

/// Runs a typed command that must succeed.
fn run<C: Command>(qmp: &mut Client, command: &C) -> C::Returns {
    qmp.execute(command)
        .unwrap_or_else(|err| panic!("{}: {err}", C::NAME))
}

/// Checks that `value`, a return of `C` as QEMU sent it, decodes into `C::Returns`,
/// encodes back to the same value and passes `validate_return`; gives the typed return.
fn check_return<C: Command>(value: &Value) -> C::Returns {
    let typed: C::Returns = qmp_runtime::from_value(value.clone())
        .unwrap_or_else(|err| panic!("{}: the return does not decode: {err}\n{value}", C::NAME));
    assert_eq!(
        &qmp_runtime::to_value(&typed),
        value,
        "{}: the typed return does not encode back exactly",
        C::NAME
    );
    if let Err(violations) = qmp_api::validate_return(C::NAME, value) {
        panic!("{}: validate_return: {violations:?}\n{value}", C::NAME);
    }
    typed
}

/// Where the returns recorded for the benchmarks go.
fn recorded_returns() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("qmp-live-returns")
}
