//! Generation: the checked model to formatted code (seed, QEMU 10.0.2's QAPI schema and
//! the 1 MB document), the token stream alone, and the derive's expansion for the seed
//! and for QEMU 10.0.2's schema as rustc would run it.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qmp_bench::documents::{self, SEED};
use qmp_schema::{Document, codegen};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn generate(c: &mut Criterion) {
    let seed = Document::from_text("qmp-events.txt", SEED);
    // The 1 MB document; 100 KB for the quick check under `cargo test --benches`.
    let large_size = if qmp_bench::benchmarking() {
        1_000_000
    } else {
        100_000
    };
    let large_text = documents::synthetic(large_size);
    let large = Document::from_text("synthetic.txt", &large_text);
    let mut group = c.benchmark_group("generate");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::BytesDecimal(SEED.len() as u64));
    group.bench_function("seed/tokens", |b| {
        b.iter(|| black_box(codegen::generate(&seed.schema)))
    });
    group.bench_function("seed/formatted", |b| {
        b.iter(|| black_box(codegen::generate_file(&seed.schema, "qmp-events.txt")))
    });
    // QEMU 10.0.2's QAPI schema (43 files, 737 KB): the whole API, 240 commands, 56
    // events and every named type they reach (84k lines once formatted), as `generate`
    // and the derive emit by default. Throughput in events, for continuity with the
    // figures measured when only events were generated.
    let qemu = Document::read(qemu_10_0_root());
    assert!(
        !qemu.report.has_errors(),
        "QEMU 10.0.2's schema reads cleanly"
    );
    group.throughput(Throughput::Elements(qemu.schema.events().count() as u64));
    group.bench_function("qemu-10.0.2/tokens", |b| {
        b.iter(|| black_box(codegen::generate(&qemu.schema)))
    });
    group.bench_function("qemu-10.0.2/formatted", |b| {
        b.iter(|| black_box(codegen::generate_file(&qemu.schema, "qapi-schema.json")))
    });
    group.throughput(Throughput::BytesDecimal(large_text.len() as u64));
    group.bench_function("1MB/tokens", |b| {
        b.iter(|| black_box(codegen::generate(&large.schema)))
    });
    group.bench_function("1MB/formatted", |b| {
        b.iter(|| black_box(codegen::generate_file(&large.schema, "synthetic.txt")))
    });
    group.finish();
}

/// The root file of QEMU 10.0.2's bundled QAPI schema.
fn qemu_10_0_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../events-spec/qapi/qemu-10.0.2/qapi-schema.json")
}

/// What `#[derive(QmpEvents)]` costs rustc: read from the disk, parse, check, generate
/// (the tokens; the proc-macro bridge's conversion is not included), for the seed and
/// for QEMU 10.0.2's QAPI schema (43 files).
fn derive(c: &mut Criterion) {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut group = c.benchmark_group("derive");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, spec) in [
        ("seed", "events-spec/qmp-events.txt"),
        (
            "qemu-10.0.2",
            "events-spec/qapi/qemu-10.0.2/qapi-schema.json",
        ),
    ] {
        let input: proc_macro2::TokenStream = format!("#[qmp(spec = {spec:?})] pub struct Qmp;")
            .parse()
            .expect("the derive input parses");
        let expanded = qmp_schema::derive::expand(input.clone(), &manifest_dir).to_string();
        assert!(
            !expanded.contains("compile_error"),
            "{name}: {expanded:.300}"
        );
        group.bench_function(format!("{name}/expand"), |b| {
            b.iter(|| black_box(qmp_schema::derive::expand(input.clone(), &manifest_dir)))
        });
    }
    group.finish();
}

criterion_group!(benches, generate, derive);
criterion_main!(benches);
