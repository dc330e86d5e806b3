//! Parsing (and checking) documents: the seed, synthetic documents of 10 KB to 10 MB
//! made of its sections with renamed events, and QEMU's QAPI schemas (10.0.2: 43 files,
//! 737 KB; 7.2.22: 38 files, 654 KB). `Document::from_text` and `Document::from_loader`
//! are the public ways in: they parse, resolve and check every example against its event.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use qmp_bench::documents::{self, SEED};
use qmp_schema::{Document, MemoryFiles};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

/// A bundled QAPI schema's folder: every file in memory, and their total size.
fn qapi_schema(version: &str) -> (MemoryFiles, u64) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../events-spec/qapi")
        .join(format!("qemu-{version}"));
    let mut files = MemoryFiles::new();
    let mut bytes = 0;
    for entry in std::fs::read_dir(&dir).expect("the bundled schema") {
        let path = entry.expect("a file").path();
        let text = std::fs::read(&path).expect("readable");
        bytes += text.len() as u64;
        let name = path.file_name().expect("a name").to_owned();
        files.insert(Path::new("qapi").join(name), text);
    }
    (files, bytes)
}

/// Reading a QAPI schema, from memory (the front end and the checks) and from the disk
/// (what the derive and build.rs do on every build).
fn qapi(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse-qapi");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for version in ["10.0.2", "7.2.22"] {
        let (files, bytes) = qapi_schema(version);
        group.throughput(Throughput::BytesDecimal(bytes));
        group.bench_function(BenchmarkId::new("memory", version), |b| {
            b.iter(|| black_box(Document::from_loader("qapi/qapi-schema.json", None, &files)))
        });
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../events-spec/qapi")
            .join(format!("qemu-{version}/qapi-schema.json"));
        group.bench_function(BenchmarkId::new("disk", version), |b| {
            b.iter(|| black_box(Document::read(&root)))
        });
    }
    group.finish();
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    group.throughput(Throughput::BytesDecimal(SEED.len() as u64));
    group.bench_function("seed", |b| {
        b.iter(|| black_box(Document::from_text("qmp-events.txt", SEED)))
    });
    let sizes = if qmp_bench::benchmarking() {
        documents::SIZES
    } else {
        &documents::SIZES[..2]
    };
    for &(label, size) in sizes {
        let text = documents::synthetic(size);
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("synthetic", label), &text, |b, text| {
            b.iter(|| black_box(Document::from_text("synthetic.txt", text)))
        });
    }
    group.finish();
}

criterion_group!(benches, parse, qapi);
criterion_main!(benches);
