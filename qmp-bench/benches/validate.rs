//! `validate` per message, against decoding the same lines: QEMU 10.0.2's bindings on
//! the QEMU 10.0.2 stream, the 2012 document's on its streams.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qmp_bench::decoders;
use qmp_bench::streams;
use std::time::Duration;

/// The QEMU 10.0.2 stream with QEMU 10.0.2's bindings.
fn validate_qemu(c: &mut Criterion) {
    let stream = streams::qemu_10_0();
    let values: Vec<serde_json::Value> = stream
        .lines
        .iter()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    let mut group = c.benchmark_group(format!("validate/{}", stream.name));
    group.throughput(Throughput::BytesDecimal(stream.bytes() as u64));
    group.bench_function("validate_only", |b| {
        b.iter(|| decoders::validate_qmp_api(&values))
    });
    group.bench_function("value_then_validate", |b| {
        b.iter(|| decoders::value_then_validate_qmp_api(&stream.lines))
    });
    group.bench_function("decode_qmp_api", |b| {
        b.iter(|| decoders::qmp_api(&stream.lines))
    });
    group.finish();
}

/// The 2012 document's streams with its bindings.
fn validate(c: &mut Criterion) {
    for stream in [streams::documented(), streams::mix()] {
        let values: Vec<serde_json::Value> = stream
            .lines
            .iter()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect();
        let mut group = c.benchmark_group(format!("validate/{}", stream.name));
        group.throughput(Throughput::BytesDecimal(stream.bytes() as u64));
        group.bench_function("validate_only", |b| b.iter(|| decoders::validate(&values)));
        group.bench_function("value_then_validate", |b| {
            b.iter(|| decoders::value_then_validate(&stream.lines))
        });
        group.bench_function("decode_generated", |b| {
            b.iter(|| decoders::generated(&stream.lines))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = validate_qemu, validate
}
criterion_main!(benches);
