//! Peak heap through parse and generate for the 10 MB (and 1 MB) document, and heap
//! allocations per decoded event for each decoder (the peer with `--features peer`),
//! counted by a global allocator.
//!
//! `cargo bench -p qmp-bench --bench memory`. Under `cargo test` (no `--bench`) it runs
//! on the seed only.

use qmp_bench::alloc::{self, Counting};
use qmp_bench::decoders;
use qmp_bench::documents;
use qmp_bench::streams;
use qmp_schema::{Document, codegen};
use std::hint::black_box;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let benchmarking = qmp_bench::benchmarking();
    let sizes: &[(&str, usize)] = if benchmarking {
        &[("1MB", 1_000_000), ("10MB", 10_000_000)]
    } else {
        &[]
    };
    println!("qmp-bench memory: heap bytes counted by a global allocator");
    println!();
    println!(
        "  {:<10} {:>10} {:>14} {:>16} {:>16} {:>12}",
        "document", "size MB", "parse peak MB", "generate peak MB", "format peak MB", "output MB"
    );
    measure_document("seed", documents::SEED.to_owned());
    for &(label, size) in sizes {
        measure_document(label, documents::synthetic(size));
    }
    println!();
    allocations_per_event_qemu(benchmarking);
    allocations_per_event(benchmarking);
}

/// Peaks above what was live before each stage (the document text itself excluded).
fn measure_document(label: &str, text: String) {
    alloc::reset_peak();
    let base = alloc::live();
    let document = Document::from_text("document.txt", &text);
    let parse_peak = alloc::peak() - base;
    alloc::reset_peak();
    let base = alloc::live();
    let tokens = codegen::generate(&document.schema);
    let generate_peak = alloc::peak() - base;
    drop(black_box(tokens));
    alloc::reset_peak();
    let base = alloc::live();
    let formatted = codegen::generate_file(&document.schema, "document.txt");
    let format_peak = alloc::peak() - base;
    println!(
        "  {:<10} {:>10.2} {:>14.1} {:>16.1} {:>16.1} {:>12.1}",
        label,
        text.len() as f64 / 1e6,
        parse_peak as f64 / 1e6,
        generate_peak as f64 / 1e6,
        format_peak as f64 / 1e6,
        formatted.len() as f64 / 1e6
    );
}

/// A decoder over a batch of lines.
type Decoder<'a> = &'a dyn Fn(&[String]);

/// Heap allocations per line of a pass.
fn allocations_per_line(run: Decoder<'_>, lines: &[String]) -> f64 {
    let before = alloc::allocations();
    run(lines);
    (alloc::allocations() - before) as f64 / lines.len().max(1) as f64
}

/// The QEMU 10.0.2 stream: QEMU 10.0.2's bindings, `Value` and (with `--features peer`)
/// `qapi_qmp::Event` on the lines it decodes.
fn allocations_per_event_qemu(benchmarking: bool) {
    let mut stream = streams::qemu_10_0();
    if !benchmarking {
        stream.lines.truncate(200);
    }
    println!("  heap allocations per event, stream `{}`:", stream.name);
    println!("  {:<36} {:>12}", "decoder", "per event");
    let rows: [(&str, Decoder<'_>); 2] = [
        ("(a) qmp_api::EventMessage", &decoders::qmp_api),
        ("(b) serde_json::Value", &decoders::value),
    ];
    for (name, run) in rows {
        println!(
            "  {:<36} {:>12.2}",
            name,
            allocations_per_line(run, &stream.lines)
        );
    }
    #[cfg(feature = "peer")]
    {
        let decoded = qmp_bench::peer::audit(&stream.lines).decoded;
        println!(
            "  {:<36} {:>12.2}",
            "(c) qapi_qmp::Event, its lines",
            allocations_per_line(&qmp_bench::peer::decode, &decoded)
        );
        println!(
            "  {:<36} {:>12.2}",
            "(a) qmp_api, the same lines",
            allocations_per_line(&decoders::qmp_api, &decoded)
        );
    }
    println!();
}

fn allocations_per_event(benchmarking: bool) {
    let mut stream = streams::documented();
    if !benchmarking {
        stream.lines.truncate(200);
    }
    let mix = {
        let mut mix = streams::mix();
        mix.lines.truncate(stream.lines.len());
        mix
    };
    println!("  heap allocations per event, the 2012 document's streams:");
    println!("  {:<36} {:>12} {:>12}", "decoder", "documented", "mix");
    let count = allocations_per_line;
    let rows: [(&str, Decoder<'_>); 3] = [
        ("(a) generated EventMessage", &decoders::generated),
        ("(b) serde_json::Value", &decoders::value),
        ("(c) qapi-style, lossless", &decoders::qapi_style),
    ];
    for (name, run) in rows {
        println!(
            "  {:<36} {:>12.2} {:>12.2}",
            name,
            count(run, &stream.lines),
            count(run, &mix.lines)
        );
    }
    let batches = decoders::batches(&stream);
    let lines: usize = batches.iter().map(|b| b.lines.len()).sum();
    let before = alloc::allocations();
    decoders::floor(&batches);
    let floor = (alloc::allocations() - before) as f64 / lines as f64;
    println!("  {:<36} {:>12.2} {:>12}", "(d) floor, by event", floor, "");
}
