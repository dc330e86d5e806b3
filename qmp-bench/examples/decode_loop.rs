//! Decodes a stream with one decoder, over and over: a target for profilers.
//!
//! `cargo build --release -p qmp-bench --example decode_loop` then, for instance,
//! `valgrind --tool=callgrind target/release/examples/decode_loop generated documented 1`
//! (decoders: qmp-api, value, and with `--features peer` peer (`qapi_qmp::Event`)
//! for the qemu stream; generated, generated-by-event, value, qapi, floor for the
//! documented and mix streams; then passes, and optionally one event name to keep only
//! its lines). On the qemu stream, `--peer-lines` after the decoder keeps only the lines
//! the peer decodes, so that qmp-api and the peer can be compared on the same lines.

use qmp_bench::{decoders, streams};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let peer_lines = args.iter().any(|arg| arg == "--peer-lines");
    args.retain(|arg| arg != "--peer-lines");
    let decoder = args.first().map_or("generated", String::as_str);
    let mut stream = match args.get(1).map_or("documented", String::as_str) {
        "mix" => streams::mix(),
        "qemu" => streams::qemu_10_0(),
        _ => streams::documented(),
    };
    if let Some(event) = args.get(3) {
        stream.lines = stream.lines_of(event);
    }
    if peer_lines {
        #[cfg(feature = "peer")]
        {
            stream.lines = qmp_bench::peer::audit(&stream.lines).decoded;
        }
        #[cfg(not(feature = "peer"))]
        panic!("--peer-lines needs `--features peer`");
    }
    let passes: usize = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(10);
    let batches = decoders::batches(&stream);
    for _ in 0..passes {
        match decoder {
            "qmp-api" => decoders::qmp_api(&stream.lines),
            "qmp-api-from-json" => decoders::qmp_api_from_json(&stream.lines),
            #[cfg(feature = "peer")]
            "peer" => qmp_bench::peer::decode(&stream.lines),
            "value" => decoders::value(&stream.lines),
            "qapi" => decoders::qapi_style(&stream.lines),
            "floor" => decoders::floor(&batches),
            "generated-by-event" => decoders::generated_batches(&batches),
            _ => decoders::generated(&stream.lines),
        }
    }
}
