//! Decoding event lines. On the QEMU 10.0.2 stream: `qmp_api::EventMessage` (a)
//! against `serde_json::Value` (b) and, with `--features peer`, the real
//! `qapi_qmp::Event` (c) on the lines it decodes. On the 2012 document's streams: the
//! seed's generated `EventMessage` (a) against `Value` (b), the qapi-rs-style model (c)
//! and plain per-event structs (d). Each iteration decodes a whole stream (10,080
//! lines); throughput is in bytes, and `cargo bench --bench ratios` prints ns per event
//! and the ratios.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qmp_bench::decoders;
use qmp_bench::streams::{self, Stream};
use std::time::Duration;

/// The QEMU 10.0.2 stream; the peer and (a) again on the lines the peer decodes.
fn decode_qemu(c: &mut Criterion) {
    let stream = streams::qemu_10_0();
    let mut group = c.benchmark_group(format!("decode/{}", stream.name));
    group.throughput(Throughput::BytesDecimal(stream.bytes() as u64));
    group.bench_function("a_qmp_api", |b| b.iter(|| decoders::qmp_api(&stream.lines)));
    group.bench_function("b_value", |b| b.iter(|| decoders::value(&stream.lines)));
    #[cfg(feature = "peer")]
    {
        let decoded = qmp_bench::peer::audit(&stream.lines).decoded;
        let bytes: usize = decoded.iter().map(String::len).sum();
        group.throughput(Throughput::BytesDecimal(bytes as u64));
        group.bench_function("c_qapi_qmp_its_lines", |b| {
            b.iter(|| qmp_bench::peer::decode(&decoded))
        });
        group.bench_function("a_qmp_api_same_lines", |b| {
            b.iter(|| decoders::qmp_api(&decoded))
        });
    }
    group.finish();
}

fn decode_stream(c: &mut Criterion, stream: &Stream) {
    let mut group = c.benchmark_group(format!("decode/{}", stream.name));
    group.throughput(Throughput::BytesDecimal(stream.bytes() as u64));
    group.bench_function("a_generated", |b| {
        b.iter(|| decoders::generated(&stream.lines))
    });
    group.bench_function("b_value", |b| b.iter(|| decoders::value(&stream.lines)));
    group.bench_function("c_qapi_style", |b| {
        b.iter(|| decoders::qapi_style(&stream.lines))
    });
    let batches = decoders::batches(stream);
    let batch_bytes: usize = batches.iter().flat_map(|b| &b.lines).map(String::len).sum();
    group.throughput(Throughput::BytesDecimal(batch_bytes as u64));
    group.bench_function("d_floor_by_event", |b| b.iter(|| decoders::floor(&batches)));
    group.bench_function("a_generated_by_event", |b| {
        b.iter(|| decoders::generated_batches(&batches))
    });
    group.finish();
}

fn decode(c: &mut Criterion) {
    decode_stream(c, &streams::documented());
    decode_stream(c, &streams::mix());
}

/// One event at a time: the floor against the generated decoder on the lines of a
/// single event (the QEMU 10 lines of these events carry members the document lacks).
fn decode_one_event(c: &mut Criterion) {
    let stream = streams::documented();
    let batches = decoders::batches(&stream);
    for event in ["BLOCK_IO_ERROR", "VNC_CONNECTED", "SHUTDOWN", "STOP"] {
        let Some(batch) = batches.iter().find(|b| b.event == event) else {
            continue;
        };
        let one = std::slice::from_ref(batch);
        let mut group = c.benchmark_group(format!("decode_event/{event}"));
        group.throughput(Throughput::BytesDecimal(
            batch.lines.iter().map(String::len).sum::<usize>() as u64,
        ));
        group.bench_function("a_generated", |b| {
            b.iter(|| decoders::generated_batches(one))
        });
        group.bench_function("d_floor", |b| b.iter(|| decoders::floor(one)));
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = decode_qemu, decode, decode_one_event
}
criterion_main!(benches);
