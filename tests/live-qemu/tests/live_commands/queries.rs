//! Every query command the schema lists whose arguments are all optional, run typed.

use std::collections::BTreeMap;

use qmp_client::{Client, Error, ErrorClass};
use qmp_runtime::{Command, CommandVisitor};
use serde_json::Value;

use crate::{check_return, machine, recorded_returns};

/// The returns the benchmarks decode (`qmp-bench/data/returns/`).
const RECORDED: &[&str] = &[
    "query-qmp-schema",
    "query-block",
    "query-named-block-nodes",
    "qom-list-types",
    "query-cpus-fast",
];

/// Runs each query of the bindings that takes no required argument.
struct RunQueries<'a> {
    qmp: &'a mut Client,
    /// The returns, by command, as QEMU sent them.
    returned: BTreeMap<&'static str, Value>,
    /// The commands this machine refused, with the class and the description.
    refused: BTreeMap<&'static str, (ErrorClass, String)>,
}

impl CommandVisitor for RunQueries<'_> {
    fn visit<C: Command>(&mut self) {
        let query = C::NAME.starts_with("query-")
            || C::NAME.starts_with("x-query-")
            || RECORDED.contains(&C::NAME);
        if !query {
            return;
        }
        // A command whose arguments are all optional decodes from `{}`.
        let Ok(command) = qmp_runtime::from_json::<C>("{}") else {
            return;
        };
        match self.qmp.execute(&command) {
            Ok(typed) => {
                // The same command again, as JSON, for the exact value QEMU sends: the
                // typed return must be what that value decodes to, and encode back to it.
                let value = self
                    .qmp
                    .execute_raw(C::NAME, None)
                    .unwrap_or_else(|err| panic!("{}: {err}", C::NAME));
                let again = check_return::<C>(&value);
                // Queries whose answers change from call to call (clocks, counters) are
                // compared by shape; the rest must agree to the value.
                if stable(C::NAME) {
                    assert_eq!(typed, again, "{}: typed and JSON calls differ", C::NAME);
                }
                self.returned.insert(C::NAME, value);
            }
            Err(Error::Command(error)) => {
                self.refused.insert(C::NAME, (error.class, error.desc));
            }
            Err(other) => panic!("{}: {other}", C::NAME),
        }
    }
}

/// Whether two calls of a query give the same answer on an idle machine.
fn stable(command: &str) -> bool {
    !matches!(
        command,
        "query-cpus-fast"
            | "query-stats"
            | "query-balloon"
            | "query-blockstats"
            | "query-migrate"
            | "x-query-jit"
            | "x-query-profile"
            | "x-query-numa"
            | "x-query-ramblock"
            | "x-query-irq"
            | "x-query-opcount"
            | "x-query-roms"
            | "x-query-usb"
            | "query-replay"
    )
}

#[test]
fn every_query_without_required_arguments_returns_typed_exact_and_valid() {
    let Some((_qemu, mut qmp)) = machine("queries") else {
        return;
    };
    let mut run = RunQueries {
        qmp: &mut qmp,
        returned: BTreeMap::new(),
        refused: BTreeMap::new(),
    };
    qmp_api::for_each_command(&mut run);
    let RunQueries {
        returned, refused, ..
    } = run;
    eprintln!(
        "{} queries returned: {:?}",
        returned.len(),
        returned.keys().collect::<Vec<_>>()
    );
    eprintln!("{} refused: {refused:?}", refused.len());
    // QEMU 10.0.2 on this TCG machine answers 65 of them.
    assert!(
        returned.len() >= 50,
        "only {} queries returned",
        returned.len()
    );
    // A refusal is one of QMP's classes, typed: no class this runtime does not know.
    for (command, (class, desc)) in &refused {
        assert!(
            !matches!(class, ErrorClass::Other(_)),
            "{command}: class {class} ({desc})"
        );
    }
    // What is not on this machine (AMD SEV, Intel SGX) is refused, not mis-decoded.
    for command in ["query-sev-capabilities", "query-sgx"] {
        assert!(refused.contains_key(command), "{command} was not refused");
    }
    let status = returned["query-status"].clone();
    assert_eq!(status["status"], "running");
    let folder = recorded_returns();
    std::fs::create_dir_all(&folder).expect("the returns folder");
    for command in RECORDED {
        let value = returned
            .get(command)
            .unwrap_or_else(|| panic!("{command} did not return"));
        std::fs::write(folder.join(format!("{command}.json")), value.to_string())
            .expect("a recorded return");
    }
}
