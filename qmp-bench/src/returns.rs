//! Command returns as QEMU 10.0.2 sent them (recorded by the live tests,
//! `tests/live-qemu/tests/live_commands`, on a TCG machine with a virtio disk on a
//! backing chain, an IDE CD-ROM and one vCPU) and the decoders the benchmarks time on
//! them: (a) the command's `Returns` in `qmp-api`, decoded by `qmp_runtime::from_json`
//! as `qmp-client` does, (b) `serde_json::Value`, and with `--features peer` (c) qapi-qmp
//! 0.15's `Ok` type of the same command ([`crate::peer::returns`]).
//!
//! The fixtures are copies of `target/tmp/qmp-live-returns/*.json` as the live test
//! writes them: refresh them by running it and copying the files over.

use qmp_api::commands::{
    QomListTypes, QueryBlock, QueryCpusFast, QueryNamedBlockNodes, QueryQmpSchema,
};
use qmp_runtime::Command;
use std::hint::black_box;

/// One recorded return, with the decoders for its command.
pub struct Recorded {
    /// The command's wire name.
    pub command: &'static str,
    /// The `return` value's JSON text, as QEMU sent it.
    pub text: &'static str,
    /// (a) decodes the text as the command's `Returns` in `qmp-api`.
    pub ours: fn(&str),
}

macro_rules! recorded {
    ($($command:ty => $file:literal),* $(,)?) => {
        vec![$(Recorded {
            command: <$command as Command>::NAME,
            text: include_str!(concat!("../fixtures/qemu-10.0.2/returns/", $file)),
            ours: ours::<$command>,
        }),*]
    };
}

/// The five recorded returns: `query-qmp-schema` (212 KB, a list of a union on
/// `meta-type`), `qom-list-types`, `query-named-block-nodes` (a backing chain, with
/// `ImageInfo` nested in itself), `query-block` and `query-cpus-fast`.
pub fn recorded() -> Vec<Recorded> {
    recorded![
        QueryQmpSchema => "query-qmp-schema.json",
        QomListTypes => "qom-list-types.json",
        QueryNamedBlockNodes => "query-named-block-nodes.json",
        QueryBlock => "query-block.json",
        QueryCpusFast => "query-cpus-fast.json",
    ]
}

/// (a) The command's typed return, as the client decodes it.
pub fn ours<C: Command>(text: &str) {
    let returns: C::Returns = qmp_runtime::from_json(text).expect("qmp-api decodes the return");
    black_box(&returns);
}

/// (b) `serde_json::Value`.
pub fn value(text: &str) {
    let value: serde_json::Value = serde_json::from_str(text).expect("a JSON return");
    black_box(&value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn every_recorded_return_decodes_typed_and_encodes_back_exactly() {
        fn round_trip<C: Command>(text: &str) -> Value {
            let typed: C::Returns = qmp_runtime::from_json(text).unwrap();
            qmp_runtime::to_value(&typed)
        }
        type RoundTrip = fn(&str) -> Value;
        let by_command: [(&str, RoundTrip); 5] = [
            (QueryQmpSchema::NAME, round_trip::<QueryQmpSchema>),
            (QomListTypes::NAME, round_trip::<QomListTypes>),
            (
                QueryNamedBlockNodes::NAME,
                round_trip::<QueryNamedBlockNodes>,
            ),
            (QueryBlock::NAME, round_trip::<QueryBlock>),
            (QueryCpusFast::NAME, round_trip::<QueryCpusFast>),
        ];
        let recorded = recorded();
        assert_eq!(recorded.len(), by_command.len());
        for (entry, (command, round_trip)) in recorded.iter().zip(by_command) {
            assert_eq!(entry.command, command);
            let original: Value = serde_json::from_str(entry.text).unwrap();
            assert_eq!(round_trip(entry.text), original, "{command}");
            qmp_api::validate_return(command, &original)
                .unwrap_or_else(|v| panic!("{command}: {v:?}"));
            (entry.ours)(entry.text);
            value(entry.text);
        }
    }

    #[test]
    fn the_block_returns_hold_a_backing_chain() {
        let nodes: Value = serde_json::from_str(
            recorded()
                .iter()
                .find(|r| r.command == "query-named-block-nodes")
                .unwrap()
                .text,
        )
        .unwrap();
        assert!(nodes.as_array().unwrap().len() >= 3, "{nodes}");
        assert!(
            nodes
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["image"].get("backing-image").is_some()),
            "{nodes}"
        );
    }
}
