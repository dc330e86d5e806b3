//! BLOCK_IO_ERROR from a guest-style IDE read of a drive whose blkdebug layer
//! fails every read.

use qmp_api::{BlockErrorAction, IoOperationType};
use qmp_live_qemu::{EventLog, GuestIo, QemuImg};

use crate::{execute, finish, qemu_command, start};

/// Scenario arguments: a paused PC whose primary IDE disk fails reads with
/// EIO, handled by `rerror` (`report` or `stop`).
fn failing_disk_args(image: &std::path::Path, rerror: &str) -> Vec<String> {
    let drive = format!(
        "if=ide,index=0,format=raw,rerror={rerror},werror={rerror},\
         file.driver=blkdebug,file.inject-error.0.event=read_aio,file.inject-error.0.errno=5,\
         file.image.driver=file,file.image.filename={}",
        image.display()
    );
    // -S keeps the firmware from touching the disk before our read does.
    ["-S", "-machine", "pc", "-drive"]
        .into_iter()
        .map(str::to_owned)
        .chain([drive])
        .collect()
}

/// Runs the scenario with `rerror` set to `action`, which QEMU then reports.
fn run(scenario: &str, action: BlockErrorAction) {
    let Some(command) = qemu_command(scenario) else {
        return;
    };
    let image = command.dir().join("disk.img");
    QemuImg::find().create(&image, "raw", 1 << 20);
    let command = command.args(failing_disk_args(&image, action.as_str()));
    let (_qemu, mut qmp) = start(&command);
    let mut log = EventLog::new(&qmp);

    GuestIo::new(&mut qmp)
        .ide_read_sector(0)
        .unwrap_or_else(|err| panic!("IDE read: {err}"));
    // The device's request is only served once the VM runs.
    execute(&mut qmp, "cont", None);
    let failed = log.wait_for(&mut qmp, "BLOCK_IO_ERROR");
    let error = payload!(failed, BlockIoError);
    // The first IDE disk, named as in the document's `ide0-hd1` example.
    assert_eq!(error.device, "ide0-hd0", "{}", failed.line());
    assert_eq!(error.operation, IoOperationType::Read, "{}", failed.line());
    assert_eq!(error.action, action, "{}", failed.line());
    if action == BlockErrorAction::Stop {
        // The document: a STOP follows a BLOCK_IO_ERROR whose action is stop.
        log.wait_for(&mut qmp, "STOP");
    }
    finish(scenario, &log);
}

#[test]
fn failed_ide_read_with_rerror_report_emits_block_io_error() {
    run("block_io_error_report", BlockErrorAction::Report);
}

#[test]
fn failed_ide_read_with_rerror_stop_emits_block_io_error_then_stop() {
    run("block_io_error_stop", BlockErrorAction::Stop);
}
