//! Parsing (and checking) documents: the seed, and synthetic documents of 10 KB to
//! 10 MB made of its sections with renamed events. `Document::from_text` is the public
//! way in: it parses and then checks every example against its field list.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use qmp_bench::documents::{self, SEED};
use qmp_schema::Document;
use std::hint::black_box;
use std::time::Duration;

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

criterion_group!(benches, parse);
criterion_main!(benches);
