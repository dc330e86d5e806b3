//! Parses (and checks) a synthetic document over and over: a target for profilers.
//!
//! `cargo build --release -p qmp-bench --example parse_loop` then, for instance,
//! `valgrind --tool=callgrind target/release/examples/parse_loop 1000000 1` (document
//! size in bytes, then passes).

use qmp_bench::documents;
use qmp_schema::Document;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let size: usize = args
        .first()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let passes: usize = args.get(1).and_then(|p| p.parse().ok()).unwrap_or(10);
    let text = documents::synthetic(size);
    for _ in 0..passes {
        std::hint::black_box(Document::from_text("synthetic.txt", &text));
    }
}
