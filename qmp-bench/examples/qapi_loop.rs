//! Reads (parses, resolves and checks) a QAPI schema over and over: a target for
//! profilers.
//!
//! `cargo build --release -p qmp-bench --example qapi_loop` then, for instance,
//! `valgrind --tool=callgrind target/release/examples/qapi_loop events-spec/qapi/qemu-10.0.2/qapi-schema.json 5`
//! (the root file, then passes).

use qmp_schema::Document;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = args.first().map_or(
        "events-spec/qapi/qemu-10.0.2/qapi-schema.json",
        String::as_str,
    );
    let passes: usize = args.get(1).and_then(|p| p.parse().ok()).unwrap_or(10);
    for _ in 0..passes {
        std::hint::black_box(Document::read(root));
    }
}
