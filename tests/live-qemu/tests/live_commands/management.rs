//! A management round typed end to end, as kata's runtime drives QEMU: every command is a
//! struct of `qmp_api::commands`, every return its typed `Returns`.

use qmp_api::commands::{
    BlockdevAdd, BlockdevDel, ChardevAdd, ChardevRemove, DeviceAdd, DeviceDel, HumanMonitorCommand,
    MigrateSetCapabilities, NetdevAdd, NetdevDel, ObjectAdd, QomGet, QomList, QueryChardev,
    QueryCpusFast, QueryGicCapabilities, QueryHotpluggableCpus, QueryMemoryDevices,
    QueryMigrateCapabilities, QueryNamedBlockNodes,
};
use qmp_api::{
    ChardevBackend, ChardevCommon, ChardevCommonWrapper, MemoryDeviceInfo, MigrationCapability,
    MigrationCapabilityStatus,
};
use qmp_client::{Client, Error, ErrorClass};
use qmp_runtime::Command;
use serde_json::{Map, Value, json};

use crate::{check_return, machine, run};

/// A typed value from its JSON form: for arguments of many optional members, where a
/// struct literal would list each.
fn typed<T: qmp_runtime::Reflect>(value: Value) -> T {
    qmp_runtime::from_value(value).unwrap_or_else(|err| panic!("{err}"))
}

/// The class QEMU refuses `command` with.
fn refusal<C: Command>(qmp: &mut Client, command: &C) -> ErrorClass {
    match qmp.execute(command) {
        Err(Error::Command(error)) => {
            assert_eq!(error.command, C::NAME);
            error.class
        }
        other => panic!("{}: expected a refusal, got {other:?}", C::NAME),
    }
}

/// `device_add` of `driver` with the properties the schema does not describe (QEMU does
/// not check `device_add`'s arguments: every device has its own).
fn device_add(id: &str, driver: &str, properties: Value) -> DeviceAdd {
    let Value::Object(properties) = properties else {
        panic!("properties are an object");
    };
    DeviceAdd {
        driver: driver.to_owned(),
        bus: None,
        id: Some(id.to_owned()),
        unknown_fields: properties,
    }
}

#[test]
fn a_management_round_typed_end_to_end() {
    let Some((_qemu, mut qmp)) = machine("management") else {
        return;
    };
    vcpu_hotplug(&mut qmp);
    memory_hotplug(&mut qmp);
    block_nodes(&mut qmp);
    netdevs_and_chardevs(&mut qmp);
    migration_capabilities(&mut qmp);
    qom_and_hmp(&mut qmp);
    wrong_calls(&mut qmp);
}

fn vcpu_hotplug(qmp: &mut Client) {
    let slots = run(qmp, &QueryHotpluggableCpus::default());
    assert_eq!(slots.len(), 2, "{slots:?}");
    let free = slots
        .iter()
        .find(|slot| slot.qom_path.is_none())
        .expect("a free vCPU slot");
    // The slot's properties are what `device_add` takes to fill it.
    let Value::Object(properties) = qmp_runtime::to_value(&free.props) else {
        panic!("CpuInstanceProperties is an object");
    };
    let cpu = DeviceAdd {
        driver: free.r#type.clone(),
        bus: None,
        id: Some("cpu1".to_owned()),
        unknown_fields: properties,
    };
    run(qmp, &cpu);
    let cpus = run(qmp, &QueryCpusFast::default());
    assert_eq!(cpus.len(), 2, "{cpus:?}");
    assert!(
        cpus.iter().any(|cpu| cpu.qom_path.ends_with("cpu1")),
        "{cpus:?}"
    );
    let slots = run(qmp, &QueryHotpluggableCpus::default());
    assert!(
        slots.iter().all(|slot| slot.qom_path.is_some()),
        "{slots:?}"
    );
}

fn memory_hotplug(qmp: &mut Client) {
    let backend = ObjectAdd(typed(json!({
        "qom-type": "memory-backend-ram",
        "id": "mem1",
        "size": 128 << 20,
    })));
    run(qmp, &backend);
    run(
        qmp,
        &device_add("dimm1", "pc-dimm", json!({ "memdev": "mem1" })),
    );
    let devices = run(qmp, &QueryMemoryDevices::default());
    let dimm = devices
        .iter()
        .find_map(|device| match device {
            MemoryDeviceInfo::Dimm(dimm) => Some(&dimm.data),
            _ => None,
        })
        .expect("the DIMM");
    assert_eq!(dimm.id.as_deref(), Some("dimm1"));
    assert_eq!(dimm.memdev, "/objects/mem1");
    assert_eq!(dimm.size, 128 << 20);
    assert!(dimm.hotplugged);
}

fn block_nodes(qmp: &mut Client) {
    let node = BlockdevAdd(typed(json!({
        "driver": "null-co",
        "node-name": "null0",
        "size": 1 << 20,
    })));
    run(qmp, &node);
    let nodes = run(qmp, &QueryNamedBlockNodes::default());
    let null = nodes
        .iter()
        .find(|node| node.node_name.as_deref() == Some("null0"))
        .expect("the new node");
    assert_eq!(null.drv, "null-co");
    assert_eq!(null.image.virtual_size, 1 << 20);
    run(
        qmp,
        &BlockdevDel {
            node_name: "null0".to_owned(),
            unknown_fields: Map::new(),
        },
    );
    let nodes = run(qmp, &QueryNamedBlockNodes::default());
    assert!(
        nodes
            .iter()
            .all(|node| node.node_name.as_deref() != Some("null0"))
    );
}

fn netdevs_and_chardevs(qmp: &mut Client) {
    let hubport = NetdevAdd(typed(
        json!({ "type": "hubport", "id": "hub0", "hubid": 0 }),
    ));
    run(qmp, &hubport);
    run(
        qmp,
        &NetdevDel {
            id: "hub0".to_owned(),
            unknown_fields: Map::new(),
        },
    );
    let chardev = ChardevAdd {
        id: "null1".to_owned(),
        backend: ChardevBackend::Null(ChardevCommonWrapper {
            data: ChardevCommon {
                logfile: None,
                logappend: None,
                unknown_fields: Map::new(),
            },
            unknown_fields: Map::new(),
        }),
        unknown_fields: Map::new(),
    };
    let added = run(qmp, &chardev);
    assert_eq!(added.pty, None, "a null chardev has no pty");
    let chardevs = run(qmp, &QueryChardev::default());
    assert!(
        chardevs.iter().any(|info| info.label == "null1"),
        "{chardevs:?}"
    );
    run(
        qmp,
        &ChardevRemove {
            id: "null1".to_owned(),
            unknown_fields: Map::new(),
        },
    );
}

fn migration_capabilities(qmp: &mut Client) {
    let events_on = MigrateSetCapabilities {
        capabilities: vec![MigrationCapabilityStatus {
            capability: MigrationCapability::Events,
            state: true,
            unknown_fields: Map::new(),
        }],
        unknown_fields: Map::new(),
    };
    run(qmp, &events_on);
    let capabilities = run(qmp, &QueryMigrateCapabilities::default());
    let events = capabilities
        .iter()
        .find(|status| status.capability == MigrationCapability::Events)
        .expect("the events capability");
    assert!(events.state);
}

fn qom_and_hmp(qmp: &mut Client) {
    let properties = run(
        qmp,
        &QomList {
            path: "/machine".to_owned(),
            unknown_fields: Map::new(),
        },
    );
    assert!(properties.iter().any(|property| property.name == "type"));
    let machine_type = run(
        qmp,
        &QomGet {
            path: "/machine".to_owned(),
            property: "type".to_owned(),
            unknown_fields: Map::new(),
        },
    );
    assert!(
        machine_type
            .as_str()
            .is_some_and(|name| name.starts_with("pc-i440fx-")),
        "{machine_type}"
    );
    let version = run(
        qmp,
        &HumanMonitorCommand {
            command_line: "info version".to_owned(),
            cpu_index: None,
            unknown_fields: Map::new(),
        },
    );
    assert!(version.starts_with("10.0"), "{version}");
}

fn wrong_calls(qmp: &mut Client) {
    let missing = DeviceDel {
        id: "no-such-device".to_owned(),
        unknown_fields: Map::new(),
    };
    assert_eq!(refusal(qmp, &missing), ErrorClass::DeviceNotFound);
    // A command of the bindings that this QEMU was built without (ARM only).
    assert_eq!(
        refusal(qmp, &QueryGicCapabilities::default()),
        ErrorClass::CommandNotFound
    );
    // A command no schema has, by name.
    match qmp.execute_raw("x-no-such-command", None) {
        Err(Error::Command(error)) => assert_eq!(error.class, ErrorClass::CommandNotFound),
        other => panic!("expected CommandNotFound, got {other:?}"),
    }
    // Arguments QEMU refuses: a required member of a `device_add` missing.
    let dimm = device_add("dimm2", "pc-dimm", json!({}));
    assert_eq!(refusal(qmp, &dimm), ErrorClass::GenericError);
    // The connection is still good, and a return still checks.
    let value = qmp.execute_raw("query-status", None).expect("query-status");
    let status = check_return::<qmp_api::commands::QueryStatus>(&value);
    assert!(status.running);
}
