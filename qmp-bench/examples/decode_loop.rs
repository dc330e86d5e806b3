//! Decodes a stream with one decoder, over and over: a target for profilers.
//!
//! `cargo build --release -p qmp-bench --example decode_loop` then, for instance,
//! `valgrind --tool=callgrind target/release/examples/decode_loop generated documented 1`
//! (decoders: generated, generated-by-event, value, qapi, floor; streams: documented,
//! mix; then passes, and optionally one event name to keep only its lines).

use qmp_bench::{decoders, streams};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let decoder = args.first().map_or("generated", String::as_str);
    let mut stream = match args.get(1).map_or("documented", String::as_str) {
        "mix" => streams::mix(),
        _ => streams::documented(),
    };
    if let Some(event) = args.get(3) {
        stream.lines = stream.lines_of(event);
    }
    let passes: usize = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(10);
    let batches = decoders::batches(&stream);
    for _ in 0..passes {
        match decoder {
            "value" => decoders::value(&stream.lines),
            "qapi" => decoders::qapi_style(&stream.lines),
            "floor" => decoders::floor(&batches),
            "generated-by-event" => decoders::generated_batches(&batches),
            _ => decoders::generated(&stream.lines),
        }
    }
}
